"""Names shared by the network library and its command, in a module light enough for ``npdw --help``
(importing ``npdw_graph.network`` loads networkx, which every other command would then pay for)."""

VIEW_GROUPS = ("full", "doelen-inspanningen", "wijken", "pijlers")
