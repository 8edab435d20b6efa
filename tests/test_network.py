"""npdw network: the graph equals its SPARQL queries, the analyses agree with the graph, the outputs are sound."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner

from npdw_graph.bijlage2 import bijlage2
from npdw_graph.cli import main
from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import ID
from npdw_graph.network import (
    EDGE_KINDS,
    NODE_TYPES,
    build_network,
    generate,
    gexf_text,
    graphml_text,
    network_queries,
    node_link_text,
    node_scopes,
    resolve_node,
    resolve_selection,
    select,
    select_table,
)
from npdw_graph.network_analysis import analyse, brandes_betweenness, working_network
from npdw_graph.network_view import page_data, page_key, portal_pages, render_html
from npdw_graph.project import Project
from npdw_graph.queryengine import OxigraphEngine, RdflibEngine
from npdw_graph.querylib import resolve

ENERGIEHULP = str(ID["inspanning/energiehulp"])
DORDRECHT_SOCIAAL = str(ID["organisatie/stichting-dordrecht-sociaal"])
TRIVIRE = str(ID["organisatie/trivire"])
WOONBRON = str(ID["organisatie/woonbron"])
WONEN = str(ID["pijler/wonen-en-fysieke-leefomgeving"])
CRABBEHOF = str(ID["gebied/crabbehof"])
NASTY = '<script>alert(1)</script> "dubbel" </textarea> {{ 7*7 }} <img src=x onerror="window.__xss=1"> & </script>'


@pytest.fixture(scope="module")
def engine(graph):
    return OxigraphEngine.from_graph(graph)


@pytest.fixture(scope="module")
def net(engine, project):
    return build_network(engine, project.queries_dir)


@pytest.fixture(scope="module")
def analysis(net):
    return analyse(net)


def count(engine, query: str) -> int:
    return int(engine.select(query).rows[0][0])


def rows(engine, query: str) -> list[dict[str, str]]:
    return engine.select(query).dicts()


# ------------------------------------------------------------------ the graph equals the queries


def test_node_and_edge_counts_equal_the_network_queries(net, engine, project):
    node_query, edge_query = network_queries(project.queries_dir)
    node_rows = select_table(engine, node_query).rows
    edge_rows = select_table(engine, edge_query).rows
    assert net.number_of_nodes() == len(node_rows) > 300
    assert net.number_of_edges() == len(edge_rows) > 1000
    assert net.graph["samengevoegd"] == 0
    assert set(net) == {r[0] for r in node_rows}
    assert set(net.edges) == {(r[0], r[2]) for r in edge_rows}


INDEPENDENT_NODE_COUNTS = {
    "pijler": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:Pillar }",
    "strategisch-doel": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:StrategicGoal }",
    "operationeel-doel": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:OperationalGoal }",
    "inspanning": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:Effort }",
    "partner": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?e a npdw:Effort ; npdw:hasPartner ?x }",
    "regeling": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?e a npdw:Effort ; npdw:hasFunding/npdw:scheme ?x }",
    "gebied": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?e a npdw:Effort ; npdw:inArea ?x }",
}

# Pairs, counted through the materialised shortcuts where there are any (not through the network queries).
INDEPENDENT_EDGE_COUNTS = {
    "draagt-bij-aan": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a a npdw:Effort ; npdw:contributesTo ?b } }",
    "in-pijler": """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE {
                      { ?a a npdw:Effort ; npdw:primaryPillar ?b } UNION { ?a a npdw:StrategicGoal ; npdw:inPillar ?b } } }""",
    "werkt-uit": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a a npdw:OperationalGoal ; npdw:specialises ?b } }",
    "partner-van": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?b a npdw:Effort ; npdw:hasPartner ?a } }",
    "gefinancierd-door": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a a npdw:Effort ; npdw:hasFunding/npdw:scheme ?b } }",
    "in-gebied": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a a npdw:Effort ; npdw:inArea ?b } }",
    "raakt-pijler": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a a npdw:Effort ; npdw:touchesPillar ?b } }",
}


def test_node_counts_per_type_equal_independent_counts(net, engine):
    per_type = Counter(d["soort"] for _, d in net.nodes(data=True))
    assert set(INDEPENDENT_NODE_COUNTS) == set(NODE_TYPES)
    for soort, query in INDEPENDENT_NODE_COUNTS.items():
        assert per_type[soort] == count(engine, query), soort
    assert per_type["pijler"] == 5 and per_type["operationeel-doel"] == 43


def test_edge_counts_per_kind_equal_independent_counts(net, engine):
    per_kind = Counter(d["soort"] for _, _, d in net.edges(data=True))
    assert set(INDEPENDENT_EDGE_COUNTS) == set(EDGE_KINDS)
    for kind, query in INDEPENDENT_EDGE_COUNTS.items():
        assert per_kind[kind] == count(engine, query), kind


def test_stated_and_inferred_follow_the_basis_of_the_qualified_links(net, engine):
    stated_contributions = count(engine, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?e ?g WHERE {
        ?e a npdw:Effort ; npdw:contribution ?c . ?c npdw:goal ?g ; npdw:basis npdw:Stated } }""")
    inferred_partners = count(engine, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?e ?o WHERE {
        ?e a npdw:Effort ; npdw:partnership ?p . ?p npdw:organisation ?o ; npdw:basis npdw:Inferred .
        FILTER NOT EXISTS { ?e npdw:partnership ?q . ?q npdw:organisation ?o ; npdw:basis npdw:Stated } } }""")
    basis = Counter((d["soort"], d["grondslag"]) for _, _, d in net.edges(data=True))
    assert basis[("draagt-bij-aan", "genoemd")] == stated_contributions > 0
    assert basis[("partner-van", "afgeleid")] == inferred_partners > 0
    assert basis[("raakt-pijler", "afgeleid")] == count(engine, "SELECT (COUNT(*) AS ?n) WHERE { ?e a npdw:Effort ; npdw:touchesPillar ?p }")
    for kind in ("in-pijler", "werkt-uit", "gefinancierd-door", "in-gebied"):  # direct facts
        assert basis[(kind, "afgeleid")] == 0 and basis[(kind, "genoemd")] > 0, kind


def test_edges_run_between_the_right_types(net):
    expected = {
        "draagt-bij-aan": {("inspanning", "operationeel-doel")},
        "in-pijler": {("inspanning", "pijler"), ("strategisch-doel", "pijler")},
        "werkt-uit": {("operationeel-doel", "strategisch-doel")},
        "partner-van": {("partner", "inspanning")},
        "gefinancierd-door": {("inspanning", "regeling")},
        "in-gebied": {("inspanning", "gebied")},
        "raakt-pijler": {("inspanning", "pijler")},
    }
    seen: dict[str, set[tuple[str, str]]] = {}
    for u, v, kind in net.edges(data="soort"):
        seen.setdefault(kind, set()).add((net.nodes[u]["soort"], net.nodes[v]["soort"]))
    assert seen == expected


def test_a_known_effort_has_its_partners_goals_funding_and_area(net, engine):
    assert net.nodes[ENERGIEHULP]["label"] == "Energiehulp"
    partners = {u for u in net.predecessors(ENERGIEHULP) if net.nodes[u]["soort"] == "partner"}
    assert DORDRECHT_SOCIAAL in partners
    assert net.edges[DORDRECHT_SOCIAAL, ENERGIEHULP]["grondslag"] == "genoemd"
    goals = {v for v in net.successors(ENERGIEHULP) if net.nodes[v]["soort"] == "operationeel-doel"}
    expected_goals = {r["g"] for r in rows(engine, "SELECT ?g WHERE { inspanning:energiehulp npdw:contributesTo ?g }")}
    assert goals == expected_goals and goals
    kinds = {net.edges[ENERGIEHULP, v]["soort"] for v in net.successors(ENERGIEHULP)}
    assert {"gefinancierd-door", "in-gebied", "in-pijler"} <= kinds
    assert net.edges[ENERGIEHULP, WONEN]["soort"] == "in-pijler"


def test_rdflib_engine_gives_the_same_network(graph, net, project):
    """The queries are plain SPARQL 1.1: the reference engine yields the same nodes, edges and bases."""
    other = build_network(RdflibEngine(graph), project.queries_dir)
    assert set(other) == set(net)
    assert {(u, v, d["soort"], d["grondslag"]) for u, v, d in other.edges(data=True)} == \
           {(u, v, d["soort"], d["grondslag"]) for u, v, d in net.edges(data=True)}


# ------------------------------------------------------------------ analyses on the real data


def test_goals_without_effort_match_the_named_query(analysis, engine, project):
    expected = [r["doelTekst"] for r in rows(engine, resolve("doelen-zonder-inspanning", project.queries_dir).text)]
    assert analysis.goals_without_effort == expected
    assert [r["doel"] for r in analysis.coverage if r["inspanningen"] == 0] == expected


def test_goal_coverage_matches_the_coverage_query(analysis, engine, project):
    by_goal = {r["doelId"]: r for r in rows(engine, resolve("doelen-dekking", project.queries_dir).text)}
    stated = {r["d"]: int(r["n"]) for r in rows(engine, """SELECT ?d (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a npdw:Effort ; npdw:contribution ?c . ?c npdw:goal ?d ; npdw:basis npdw:Stated } GROUP BY ?d""")}
    assert len(analysis.coverage) == len(by_goal) == 43
    for r in analysis.coverage:
        q = by_goal[str(r["doel_iri"]).rsplit("/", 1)[-1]]
        assert int(q["inspanningen"]) == r["inspanningen"], r["doel"]
        assert stated.get(str(r["doel_iri"]), 0) == r["genoemd"], r["doel"]
        assert r["inspanningen"] == r["genoemd"] + r["afgeleid"]
    assert sum(int(r["genoemd"]) for r in analysis.coverage) > 0


def test_pillar_matrix_is_symmetric_and_its_totals_match_sparql(analysis, engine):
    order = analysis.pillar_order
    co = analysis.cooccurrence
    assert len(order) == 5
    for p in order:
        for q in order:
            assert co.get((p, q), 0) == co.get((q, p), 0)
    diagonal = {r["p"]: int(r["n"]) for r in rows(engine, """SELECT ?p (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a npdw:Effort ; npdw:primaryPillar|npdw:touchesPillar ?p } GROUP BY ?p""")}
    assert {p: co.get((p, p), 0) for p in order} == diagonal
    pairs = count(engine, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?e ?p ?q WHERE {
        ?e a npdw:Effort ; npdw:primaryPillar|npdw:touchesPillar ?p , ?q . FILTER(STR(?p) < STR(?q)) } }""")
    upper = sum(co.get((p, q), 0) for i, p in enumerate(order) for q in order[i + 1:])
    assert upper == pairs > 0
    directed = analysis.primary_to_touched
    assert all(directed.get((p, p), 0) == 0 for p in order)
    assert sum(directed.values()) == count(engine, """SELECT (COUNT(*) AS ?n) WHERE {
        ?e a npdw:Effort ; npdw:primaryPillar ?p ; npdw:touchesPillar ?q . FILTER(?p != ?q) }""")
    multi = count(engine, """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a npdw:Effort ; npdw:primaryPillar ?p ; npdw:touchesPillar ?q . FILTER(?p != ?q) }""")
    assert len(analysis.multi_pillar) == multi


def test_centrality_degree_and_exact_betweenness(net, analysis):
    work = working_network(net)
    expected = nx.betweenness_centrality(work, normalized=True)
    assert analysis.betweenness_sample is None  # the real programme is small enough for the exact value
    by_iri = {r["iri"]: r for r in analysis.centrality}
    assert set(by_iri) == {n for n, d in net.nodes(data=True) if d["soort"] in ("inspanning", "partner")}
    for iri, r in by_iri.items():
        assert r["graad"] == net.degree(iri)
        assert r["betweenness"] == pytest.approx(expected[iri], abs=1e-6)
    top_partner = max((r for r in analysis.centrality if r["soort"] == "partner"), key=lambda r: r["graad"])
    assert top_partner["naam"] == "Gemeente Dordrecht"


def test_own_betweenness_equals_networkx_and_sampling_is_reproducible():
    for g in (nx.karate_club_graph(), nx.gnm_random_graph(120, 300, seed=4), nx.Graph([(1, 2), (3, 4), (4, 5)])):
        ours, theirs = brandes_betweenness(g), nx.betweenness_centrality(g)
        assert max(abs(ours[n] - theirs[n]) for n in g) < 1e-12
    g = nx.gnm_random_graph(200, 600, seed=5)
    assert brandes_betweenness(g, k=40, seed=3) == brandes_betweenness(g, k=40, seed=3)
    assert brandes_betweenness(g, k=200) == pytest.approx(brandes_betweenness(g))


def test_bridges_reach_several_pillars(analysis, net):
    assert analysis.bridges
    for r in analysis.bridges:
        assert r["aantal pijlers"] >= 2 and len(str(r["pijlers"]).split("; ")) == r["aantal pijlers"]
    assert any(r["iri"] == str(ID["organisatie/gemeente-dordrecht"]) and r["aantal pijlers"] == 5 for r in analysis.bridges)


def test_coworking_weights_are_shared_efforts(analysis, engine):
    cw = analysis.coworking
    shared = count(engine, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a npdw:Effort ; npdw:hasPartner <{TRIVIRE}> , <{WOONBRON}> }}")
    assert cw.edges[TRIVIRE, WOONBRON]["weight"] == shared > 0
    assert cw.number_of_nodes() == count(engine, INDEPENDENT_NODE_COUNTS["partner"])
    assert analysis.coworking_pairs[0]["gedeelde inspanningen"] == max(w for _, _, w in cw.edges(data="weight"))


def test_subnetwork_sizes_count_the_efforts_of_each_wijk_and_pillar(analysis, engine):
    by_iri = {r["iri"]: r for r in analysis.subnetworks}
    crabbehof = count(engine, f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
        ?e a npdw:Effort ; npdw:inArea ?a . ?a npdw:partOfArea* <{CRABBEHOF}> }}""")
    assert by_iri[CRABBEHOF]["inspanningen"] == crabbehof > 0
    wonen = count(engine, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a npdw:Effort ; npdw:primaryPillar|npdw:touchesPillar <{WONEN}> }}")
    assert by_iri[WONEN]["inspanningen"] == wonen > 0
    for r in analysis.subnetworks:
        if r["soort"] == "pijler":
            continue
        efforts = count(engine, f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
            ?e a npdw:Effort ; npdw:inArea ?a . ?a npdw:partOfArea* <{r['iri']}> }}""")
        assert r["inspanningen"] == efforts, r["naam"]


def test_node_scopes_feed_the_page_filters(net):
    scopes = node_scopes(net)
    pillars, areas = scopes[ENERGIEHULP]
    assert WONEN in pillars and str(ID["pijler/arbeidsmarkt-en-bestaanszekerheid"]) in pillars
    assert str(ID["gebied/dordt-west"]) in areas and str(ID["gebied/dordrecht"]) in areas  # Dordt West lies within Dordrecht
    assert WONEN in scopes[DORDRECHT_SOCIAAL][0]
    goal_without_effort = next(r["doel_iri"] for r in analyse(net).coverage if r["inspanningen"] == 0)
    assert scopes[goal_without_effort][0] == {net.nodes[goal_without_effort]["pijler"]}  # visible under its own pillar


# ------------------------------------------------------------------ Bijlage 2


def test_bijlage2_csv_lists_every_effort_of_bijlage2_in_source_order(engine, project):
    expected = rows(engine, """SELECT ?naam ?po ?o ?p WHERE { ?e a npdw:Effort ; npdw:inBijlage2 true ; rdfs:label ?naam ;
        npdw:primaryPillar ?p . ?p npdw:sortOrder ?po . OPTIONAL { ?e npdw:bijlage2Order ?o } }""")
    assert expected and all(r["o"] for r in expected), "every effort of Bijlage 2 needs its npdw:bijlage2Order"
    expected.sort(key=lambda r: (int(r["po"]), int(r["o"])))
    table = list(csv.DictReader(io.StringIO(bijlage2(engine, project.queries_dir).to_csv())))
    assert [r["inspanning"] for r in table] == [r["naam"] for r in expected]
    pillar_columns = ["Wonen", "Gezond", "Leren", "Werk", "Veilig"]
    assert list(table[0])[:3] == ["pijler", "nr", "inspanning"] and list(table[0])[3:] == pillar_columns
    touches = Counter(r["naam"] for r in rows(engine, """SELECT ?naam WHERE { ?e a npdw:Effort ; npdw:inBijlage2 true ;
        rdfs:label ?naam ; npdw:touchesPillar ?q ; npdw:primaryPillar ?p . FILTER(?p != ?q) }"""))
    for row in table:
        marks = [row[c] for c in pillar_columns]
        assert marks.count("H") == 1 and set(marks) <= {"H", "x", ""}
        assert marks.count("x") == touches[row["inspanning"]], row["inspanning"]
        assert pillar_columns[marks.index("H")] == row["pijler"]


def test_bijlage2_html_escapes_and_keeps_the_order(engine, project):
    b2 = bijlage2(engine, project.queries_dir)
    page = b2.to_html()
    positions = [page.find(">" + r["inspanning"].replace("&", "&amp;") + "<") for r in b2.rows[:12]]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    b2.rows[0]["inspanning"] = NASTY
    page = b2.to_html()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ------------------------------------------------------------------ selections


def test_resolve_nodes_by_iri_prefixed_name_and_name(net):
    assert resolve_node(net, "Wonen", ["pijler"]) == WONEN
    assert resolve_node(net, "pijler:wonen-en-fysieke-leefomgeving", ["pijler"]) == WONEN
    assert resolve_node(net, f"<{WONEN}>", ["pijler"]) == WONEN
    assert resolve_node(net, "crabbehof", ["gebied"]) == CRABBEHOF
    assert resolve_node(net, "energiehulp") == ENERGIEHULP
    with pytest.raises(NpdwError, match="no pillar"):
        resolve_node(net, "Nergenshuizen", ["pijler"], "pillar")
    with pytest.raises(NpdwError, match="ambiguous"):
        resolve_node(net, "Programma", ["inspanning"])


def test_selection_by_pillar_wijk_and_focus(net):
    by_pillar = select(net, resolve_selection(net, "Wonen", None, None))
    assert WONEN in by_pillar and ENERGIEHULP in by_pillar and by_pillar.number_of_nodes() < net.number_of_nodes()
    wonen_goals = {n for n, d in net.nodes(data=True) if d["soort"] == "operationeel-doel" and d["pijler"] == WONEN}
    assert wonen_goals <= set(by_pillar)  # also the goals without effort
    focus = select(net, resolve_selection(net, None, None, "Energiehulp"))
    assert set(focus) >= {ENERGIEHULP, DORDRECHT_SOCIAAL, WONEN}
    assert {n for n in focus if net.nodes[n]["soort"] == "inspanning"} == {ENERGIEHULP}
    both = select(net, resolve_selection(net, "Wonen", "Crabbehof", None))
    assert set(both) <= set(by_pillar) and CRABBEHOF in both


# ------------------------------------------------------------------ files


@pytest.fixture(scope="module")
def written(engine, project, tmp_path_factory):
    dist = tmp_path_factory.mktemp("netwerk") / "dist"
    return generate(engine, project.queries_dir, dist)


def test_generate_writes_every_output(written, net):
    out = written.out_dir
    names = {p.name for p in out.iterdir()}
    required = {"netwerk.html", "doelen-inspanningen.html", "index.html", "netwerk.graphml", "netwerk.gexf", "netwerk.json",
                "analyse.md", "analyse-doelen.csv", "analyse-pijlermatrix.csv", "analyse-centraliteit.csv", "analyse-bruggen.csv",
                "analyse-samenwerking.csv", "analyse-deelnetwerken.csv", "bijlage-2.csv", "bijlage-2.html", "samenwerking.graphml"}
    assert required <= names
    assert {"wijk-crabbehof.html", "wijk-oud-krispijn.html", "wijk-nieuw-krispijn.html", "wijk-wielwijk.html"} <= names
    assert len([n for n in names if n.startswith("pijler-")]) == 5
    assert written.nodes == net.number_of_nodes()
    report = (out / "analyse.md").read_text(encoding="utf-8")
    for heading in ("## Dekking van de operationele doelen", "## Integraliteit", "## Centraliteit", "## Bruggen tussen pijlers",
                    "## Samenwerkingsnetwerk van partners", "## Deelnetwerken per wijk en per pijler"):
        assert heading in report


def test_graph_files_read_back_with_the_same_graph(written, net):
    out = written.out_dir
    for reread in (nx.read_graphml(out / "netwerk.graphml"), nx.read_gexf(out / "netwerk.gexf"),
                   nx.node_link_graph(json.loads((out / "netwerk.json").read_text(encoding="utf-8")), edges="edges")):
        assert reread.is_directed()
        assert set(reread) == set(net) and set(reread.edges) == set(net.edges)
        assert reread.nodes[ENERGIEHULP]["label"] == "Energiehulp" and reread.nodes[ENERGIEHULP]["soort"] == "inspanning"
        assert reread.edges[DORDRECHT_SOCIAAL, ENERGIEHULP]["grondslag"] == "genoemd"


def test_pages_are_self_contained(written):
    # bijlage-2.html is the portal's Bijlage 2 page (bijlage-2/index.html of dist/site, in the one web layer; see test_portal.py)
    pages = sorted(p for p in written.out_dir.glob("*.html") if p.name != "bijlage-2.html")
    assert len(pages) >= 12
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE), page.name
        assert not re.search(r"<link\b|<iframe\b|@import|url\(\s*[\"']?\s*(https?:)?//", text, re.IGNORECASE), page.name


def test_page_json_survives_any_label():
    g = nx.DiGraph()
    g.add_node("urn:x:1", soort="inspanning", label=NASTY, pijler="", volgorde=0, beschrijving=NASTY, binnen="")
    data = page_data(g, NASTY)
    page = render_html(g, NASTY)
    block = re.search(r'<script type="application/json" id="netwerk-data">(.*?)</script>', page, re.S)
    assert block is not None
    text = block.group(1)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == json.loads(json.dumps(data))
    assert NASTY not in page and "<script>alert(1)" not in page
    assert page.lower().count("</script") == 3  # only the three script elements close (data, vis-network, netwerk.js)


def test_page_key_names_the_portal_page():
    assert page_key(ENERGIEHULP) == "inspanning/energiehulp"
    assert page_key("https://example.org/other/id/doel/od-wonen-03") == "doel/od-wonen-03"
    assert page_key("urn:x:1") is None and page_key("https://w3id.org/npdw/id/inspanning/index") is None


def test_portal_pages_are_the_network_views_under_netwerk(engine, project, net):
    pages = dict(portal_pages(engine, project.queries_dir, net))
    assert {"netwerk/index.html", "netwerk/doelen-inspanningen.html", "netwerk/wijk-crabbehof.html",
            "netwerk/pijler-wonen-en-fysieke-leefomgeving.html", "netwerk/vis-network.min.js", "netwerk/vis-network.css"} <= set(pages)
    main = pages["netwerk/index.html"].decode("utf-8")
    assert 'href="../static/npdw.css"' in main and 'src="../static/netwerk.js"' in main and 'src="vis-network.min.js"' in main
    assert 'aria-current="page">Netwerk</a>' in main  # the portal's navigation, with Netwerk as the current place
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", main, re.IGNORECASE)
    data = json.loads(re.search(r'id="netwerk-data">(.*?)</script>', main, re.S).group(1))
    assert len(data["knopen"]) == net.number_of_nodes() and len(data["lijnen"]) == net.number_of_edges()
    energiehulp = next(n for n in data["knopen"] if n["iri"] == ENERGIEHULP)
    assert energiehulp["u"] == "inspanning/energiehulp"
    assert "Taskforce Energiehulp Dordrecht" in energiehulp["a"]  # its skos:altLabel, for the search


def test_graphml_and_gexf_escape_labels():
    g = nx.DiGraph()
    g.add_node("urn:x:1", label=NASTY + "\x01", soort="partner", n=1)
    g.add_node("urn:x:2", label="b", soort="partner", n=2)
    g.add_edge("urn:x:1", "urn:x:2", soort="partner-van", toekenningen=0)
    for text, reader in ((graphml_text(g), nx.read_graphml), (gexf_text(g), nx.read_gexf)):
        back = reader(io.BytesIO(text.encode("utf-8")))
        assert back.nodes["urn:x:1"]["label"] == NASTY
        assert back.nodes["urn:x:2"]["n"] == 2
    assert json.loads(node_link_text(g))["nodes"][0]["label"] == NASTY + "\x01"


# ------------------------------------------------------------------ the command


@pytest.fixture(scope="module")
def built_project(project, graph, tmp_path_factory):
    """A writable copy of the sources whose dist/graph.nt is fresh, so the command does not recompile."""
    root = tmp_path_factory.mktemp("project")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(project.root / name, root / name)
    (root / "dist").mkdir()
    graph.serialize(root / "dist" / "graph.nt", format="nt", encoding="utf-8")
    return Project(root)


def test_cli_network_writes_dist_network(built_project):
    result = CliRunner().invoke(main, ["--root", str(built_project.root), "network", "--view", "full", "-q"])
    assert result.exit_code == 0, result.output
    out = built_project.dist_dir / "network"
    assert (out / "netwerk.html").is_file() and not (out / "wijk-crabbehof.html").exists()
    assert "nodes" in result.output and str(out) in result.output
    result = CliRunner().invoke(main, ["--root", str(built_project.root), "network", "--wijk", "Crabbehof", "--view", "wijken", "-q"])
    assert result.exit_code == 0, result.output
    assert (built_project.dist_dir / "network-wijk-crabbehof" / "wijk-crabbehof.html").is_file()
    assert (out / "netwerk.html").is_file()  # the full network is left alone


def test_cli_network_bad_selection_is_a_one_line_error(built_project):
    before = sorted(p.name for p in built_project.dist_dir.iterdir())
    result = CliRunner().invoke(main, ["--root", str(built_project.root), "network", "--pillar", "Nergenshuizen"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no pillar 'Nergenshuizen'" in result.output
    assert sorted(p.name for p in built_project.dist_dir.iterdir()) == before


def test_cli_network_help():
    result = CliRunner().invoke(main, ["network", "--help"])
    assert result.exit_code == 0
    for option in ("--pillar", "--wijk", "--focus", "--view", "--out", "--endpoint"):
        assert option in result.output


def test_network_queries_have_full_headers(project):
    for name in ("netwerk-knopen", "netwerk-verbanden"):
        q = resolve(name, project.queries_dir)
        assert q.title.startswith("Netwerk:") and q.question.endswith("?") and q.examples
