from npdw_graph.cli import main

main()
