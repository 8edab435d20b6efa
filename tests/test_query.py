"""The named query library: self-description, identical results on every engine, content, hostile input, errors.

Every query runs on pyoxigraph, on rdflib and on a real Oxigraph server (through ``npdw serve``'s
front, started by this module) with its default parameters and with one other value per
parameterised query; results are compared as multisets of canonical values.
"""

from __future__ import annotations

import shlex

import pytest
from stubs import ROOT, answer_500, canonical, closed_port, difference, npdw, one_clear_line, reply, start_stub

from npdw_graph.errors import NpdwError
from npdw_graph.query import canonical_text, run_query
from npdw_graph.queryengine import OxigraphEngine, RdflibEngine
from npdw_graph.querylib import load_library, parse_query_file, resolve
from npdw_graph.remote import RemoteEngine

LIBRARY = load_library(ROOT / "queries")
NAMES = sorted(LIBRARY)
WITH_PARAMS = sorted(n for n, q in LIBRARY.items() if q.params)
TOKEN = "test-write-token-0123"

# One value other than the default for every parameterised query (a new query must add a line here).
OTHER_VALUE: dict[str, dict[str, str]] = {
    "aantallen-inspanningen-in-wijk": {"wijk": "gebied:crabbehof"},
    "afgeleide-verbanden": {"grondslag": "npdw:Stated"},
    "doelen-dekking": {"pijler": "pijler:leefbaar-en-veilig"},
    "doelen-zonder-inspanning": {"grondslag": "npdw:Stated"},
    "financiering-per-financier": {"reikwijdte": "npdw:ScopeDordrecht"},
    "financiering-van-inspanning": {"inspanning": "inspanning:energiehulp"},
    "financiering-van-inspanning-posten": {"inspanning": "inspanning:aanpak-slechte-energielabels"},
    "financiering-vermeldingen": {"inspanning": "inspanning:energiehulp"},
    "financiering-per-pijler": {"reikwijdte": "npdw:ScopeDordrecht"},
    "financiering-per-regeling": {"reikwijdte": "npdw:ScopeDordrecht"},
    "financiering-per-wijk": {"reikwijdte": "npdw:ScopeDordrecht", "wijk": "gebied:wielwijk"},
    "indicatoren-per-doel": {"pijler": "pijler:gezond-en-samen-leven"},
    "inspanning-profiel": {"inspanning": "inspanning:aanpak-overlast"},
    "inspanningen-in-wijk": {"wijk": "gebied:crabbehof"},
    "inspanningen-per-pijler": {"pijler": "pijler:gezond-en-samen-leven"},
    "keten-voor-doel": {"doel": "doel:od-leren-01"},
    "keten-voor-wijk": {"wijk": "gebied:crabbehof"},
    "nulmeting-van-gebied": {"gebied": "gebied:dordrecht"},
    "monitor-metingen": {"indicator": "indicator:veel-sociale-overlast"},
    "nulmeting-wijk-naast-dordrecht": {"wijk": "gebied:wielwijk"},
    "partners-naar-aantal-inspanningen": {"grondslag": "npdw:Stated"},
    "partners-van-wijk": {"wijk": "gebied:oud-krispijn"},
    "randvoorwaarden-met-woord": {"woord": "woning"},
    "resultaten-2026-per-pijler": {"pijler": "pijler:leren-en-ontwikkelen"},
    "woningbouwprojecten-per-wijk": {"wijk": "gebied:wielwijk"},
    "zoek-op-naam": {"woord": "GGD"},
}

# Gap and quality queries: an empty answer is good news (the curators fixed those gaps).
EMPTY_BY_DESIGN = {"inspanningen-zonder-doel", "doelen-zonder-inspanning"} | {n for n in NAMES if n.startswith("kwaliteit-")}

HOSTILE = [
    "'",
    '"',
    "} ; DROP ALL {",
    '" } ; DROP ALL { "',
    "') } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER('",
    '"""} ; DROP ALL {"""',
    "line one\nline two } ; DROP ALL {",
    "back\\slash\\",
    "{{ }} <script>",
]


@pytest.fixture(scope="module")
def ox_engine(graph):
    return OxigraphEngine.from_graph(graph)


@pytest.fixture(scope="module")
def rd_engine(graph):
    return RdflibEngine(graph)


@pytest.fixture(scope="module")
def served(graph):
    """A real Oxigraph server with the compiled graph, writable with a token (so the hostile tests mean something)."""
    from npdw_graph.serve import start_server

    running = start_server(graph, write_token=TOKEN, timeout=60, max_rows=100_000)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def remote(served):
    return RemoteEngine(served.sparql_url, timeout=60)


def _count(engine) -> int:
    if isinstance(engine, OxigraphEngine):
        return len(engine.store)
    if isinstance(engine, RdflibEngine):
        return len(engine.graph)
    return int(engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])


def _one(engine, query: str) -> str:
    return canonical_text(engine.select(query).rows[0][0])


# --- the library describes itself --------------------------------------------------------------------

def test_glob_finds_the_library():
    assert len(list((ROOT / "queries").glob("*.rq"))) >= 25
    assert len(LIBRARY) == len(list((ROOT / "queries").glob("*.rq")))


@pytest.mark.parametrize("name", NAMES)
def test_query_header_has_title_question_and_example(name):
    q = LIBRARY[name]
    assert len(q.title) >= 10 and len(q.question) >= 15, name
    assert "?" in q.question, f"{name}: the question should be a question: {q.question!r}"
    assert q.examples, f"{name} has no '#+ example:' line"
    assert any(e.startswith(f"npdw query {name}") for e in q.examples), q.examples
    for p in q.params:
        assert p.description, f"{name}: parameter {p.name} has no description"
        assert f"?{p.name}" in q.text, f"{name}: parameter {p.name} is not used in the query"


@pytest.mark.parametrize("name", NAMES)
def test_every_example_call_runs_and_finds_something(name, ox_engine):
    for example in LIBRARY[name].examples:
        words = shlex.split(example)
        params = dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w in ("--param", "-p"))
        rows = run_query(LIBRARY[name], ox_engine, params).rows
        assert rows or name in EMPTY_BY_DESIGN, f"{example!r} gives no rows"


def test_every_parameterised_query_has_an_other_value_to_test():
    assert sorted(OTHER_VALUE) == WITH_PARAMS
    for name, values in OTHER_VALUE.items():
        assert set(values) <= {p.name for p in LIBRARY[name].params}, name


def test_list_shows_every_query_with_its_title():
    run = npdw("query", "--list")
    assert run.code == 0, run.stderr
    for name, q in LIBRARY.items():
        assert f"\n{name}" in "\n" + run.stdout, name
        assert q.title in run.stdout, name


# --- identical results on every engine ---------------------------------------------------------------

def _compare(name: str, params: dict[str, str], ox_engine, rd_engine, remote) -> object:
    q = LIBRARY[name]
    results = {e.name: run_query(q, e, params) for e in (ox_engine, rd_engine, remote)}
    variables = {k: r.variables for k, r in results.items()}
    assert variables["oxigraph"] == variables["rdflib"] == variables["remote"], variables
    rows = {k: canonical(r, q.text) for k, r in results.items()}
    assert rows["oxigraph"] == rows["rdflib"], f"{name} {params}: oxigraph vs rdflib: {difference(rows['oxigraph'], rows['rdflib'])}"
    assert rows["oxigraph"] == rows["remote"], f"{name} {params}: embedded vs server: {difference(rows['oxigraph'], rows['remote'])}"
    return rows["oxigraph"]


@pytest.mark.server
@pytest.mark.parametrize("name", NAMES)
def test_same_result_embedded_and_on_the_server(name, ox_engine, rd_engine, remote):
    _compare(name, {}, ox_engine, rd_engine, remote)


@pytest.mark.server
@pytest.mark.parametrize("name", WITH_PARAMS)
def test_same_result_with_another_parameter_value(name, ox_engine, rd_engine, remote):
    default = canonical(run_query(LIBRARY[name], ox_engine), LIBRARY[name].text)
    other = _compare(name, OTHER_VALUE[name], ox_engine, rd_engine, remote)
    assert other != default, f"{name}: {OTHER_VALUE[name]} gives the same rows as the default; is the parameter bound?"
    assert sum(other.values()) > 0, f"{name}: {OTHER_VALUE[name]} gives no rows; pick a value with a result"


# --- content on the real data -------------------------------------------------------------------------

def test_chapter_12_table_total(ox_engine):
    result = run_query(LIBRARY["financiering-door-het-rijk"], ox_engine)
    total = [dict(zip(result.variables, row, strict=True)) for row in result.rows if str(row[result.variables.index("regeling")]) == "Totaal"]
    assert len(total) == 1
    assert canonical_text(total[0]["berekendTotaal"]) == "30107578"
    assert canonical_text(total[0]["gepubliceerdTotaal"]) == "30107578"
    amounts = [row[result.variables.index("bedrag")] for row in result.rows if row[result.variables.index("bedrag")] is not None]
    assert sum(int(a.toPython()) for a in amounts) == 30107578


@pytest.mark.parametrize("pillar", ["pijler:gezond-en-samen-leven", "pijler:leefbaar-en-veilig", "pijler:wonen-en-fysieke-leefomgeving"])
def test_efforts_in_a_pillar_equal_an_independent_count(pillar, ox_engine):
    rows = run_query(LIBRARY["inspanningen-per-pijler"], ox_engine, {"pijler": pillar}).rows
    expected = _one(ox_engine, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a npdw:Effort ; npdw:primaryPillar {pillar} }}")
    assert len(rows) == int(expected) > 5
    assert len({r[2] for r in rows}) == len(rows)  # one row per effort


def test_known_partners_of_a_known_effort(ox_engine):
    result = run_query(LIBRARY["inspanning-profiel"], ox_engine, {"inspanning": "inspanning:energiehulp"})
    partners = {(str(r[1]), str(r[2])) for r in result.rows if str(r[0]) == "partner"}
    assert ("Stichting Dordrecht Sociaal", "genoemd") in partners  # data/pijler-wonen.ttl: stated partner
    assert ("Trivire", "afgeleid") in partners  # inferred partner
    names = {str(r[1]) for r in result.rows if str(r[0]) == "naam"}
    assert names == {"Energiehulp"}


def test_goals_without_effort_agree_with_an_independent_count(ox_engine, rd_engine):
    rows = run_query(LIBRARY["doelen-zonder-inspanning"], ox_engine).rows
    expected = _one(rd_engine, "SELECT (COUNT(?g) AS ?n) WHERE { ?g a npdw:OperationalGoal . "
                               "FILTER NOT EXISTS { ?e npdw:contribution/npdw:goal ?g } }")
    assert len(rows) == int(expected)
    stated_only = run_query(LIBRARY["doelen-zonder-inspanning"], ox_engine, {"grondslag": "npdw:Stated"}).rows
    expected_stated = _one(rd_engine, "SELECT (COUNT(?g) AS ?n) WHERE { ?g a npdw:OperationalGoal . "
                                      "FILTER NOT EXISTS { ?e npdw:contribution [ npdw:goal ?g ; npdw:basis npdw:Stated ] } }")
    assert len(stated_only) == int(expected_stated) >= len(rows)


def test_efforts_without_goal_agree_with_an_independent_count(ox_engine):
    rows = run_query(LIBRARY["inspanningen-zonder-doel"], ox_engine).rows
    expected = _one(ox_engine, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a npdw:Effort . FILTER NOT EXISTS { ?e npdw:contribution ?c } }")
    assert len(rows) == int(expected)


def test_partner_ranking_is_ordered_and_counts_efforts(ox_engine):
    result = run_query(LIBRARY["partners-naar-aantal-inspanningen"], ox_engine)
    counts = [int(canonical_text(r[result.variables.index("inspanningen")])) for r in result.rows]
    assert counts == sorted(counts, reverse=True) and counts[0] > 5


def test_funding_per_scheme_covers_the_chapter_12_table(ox_engine):
    table = run_query(LIBRARY["financiering-door-het-rijk"], ox_engine)
    per_table: dict[str, int] = {}
    for row in table.rows:
        if row[2] is not None:
            per_table[str(row[1])] = per_table.get(str(row[1]), 0) + int(row[2].toPython())
    result = run_query(LIBRARY["financiering-per-regeling"], ox_engine)
    col = result.variables.index("totaal")
    per_scheme = {str(r[0]): int(r[col].toPython()) for r in result.rows}
    assert len(per_table) >= 10
    for scheme, amount in per_table.items():
        assert per_scheme.get(scheme, 0) >= amount, f"{scheme}: {per_scheme.get(scheme)} < {amount} in the chapter 12 table"
    assert per_scheme["Volkshuisvestingsfonds"] == 17061638
    assert per_scheme["Rijksbijdrage impactanalyse leefbaarheid en veiligheid"] == 30000  # two table rows of 15000


# --- hostile parameter values --------------------------------------------------------------------------

@pytest.mark.server
@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["zoek-op-naam", "randvoorwaarden-met-woord"])
def test_hostile_literal_changes_nothing(name, value, ox_engine, rd_engine, remote):
    before = {e.name: _count(e) for e in (ox_engine, rd_engine, remote)}
    rows = _compare(name, {"woord": value}, ox_engine, rd_engine, remote)
    if value != "'":  # a lone apostrophe is a fair search word: "VVE's" contains it
        assert sum(rows.values()) == 0, f"{value!r} matched something"
    assert {e.name: _count(e) for e in (ox_engine, rd_engine, remote)} == before


@pytest.mark.parametrize("value", ["} ; DROP ALL {", "inspanning:x> } ; DROP ALL { <y", 'https://x.org/a"b', "https://x.org/a b",
                                   "https://x.org/{a}", "https://x.org/a\\b", "onbekend:x"])
def test_hostile_iri_is_refused_before_any_query(value):
    with pytest.raises(NpdwError, match="not an IRI|unknown prefix"):
        LIBRARY["inspanning-profiel"].bindings({"inspanning": value})


@pytest.mark.server
@pytest.mark.parametrize("value", ["https://x.org/a'b", "https://x.org/a')b", "urn:x:%7D;DROP%20ALL", "inspanning:energiehulp'"])
def test_odd_but_valid_iri_gives_an_empty_result(value, ox_engine, rd_engine, remote):
    before = _count(remote)
    rows = _compare("inspanning-profiel", {"inspanning": value}, ox_engine, rd_engine, remote)
    assert sum(rows.values()) == 0
    assert _count(remote) == before


@pytest.mark.server
def test_hostile_value_through_the_cli_gives_an_empty_table(served):
    run = npdw("query", "zoek-op-naam", "--param", "woord=} ; DROP ALL { \"'", "--endpoint", served.sparql_url)
    assert run.code == 0, run.stderr
    assert "(0 rijen)" in run.stdout
    assert _count(RemoteEngine(served.sparql_url)) > 10_000


# --- clear errors ----------------------------------------------------------------------------------------

def test_endpoint_down_is_one_clear_line():
    run = npdw("query", "doelen-zonder-inspanning", "--endpoint", f"http://127.0.0.1:{closed_port()}/sparql", "--timeout", "5")
    line = one_clear_line(run)
    assert run.code == 2
    assert "cannot reach endpoint" in line


def test_http_500_is_one_clear_line():
    with start_stub(answer_500) as stub:
        run = npdw("query", "doelen-zonder-inspanning", "--endpoint", stub.url + "/sparql", "--timeout", "5")
    line = one_clear_line(run)
    assert run.code == 2 and "500" in line
    assert stub.requests, "the stub was not asked"


@pytest.mark.parametrize("status", [403, 404, 503])
def test_other_http_errors_are_one_clear_line(status):
    with start_stub(lambda h, body, n: reply(h, status, b"stub says no")) as stub:
        run = npdw("query", "doelen-zonder-inspanning", "--endpoint", stub.url + "/sparql", "--timeout", "5")
    assert str(status) in one_clear_line(run)


@pytest.mark.parametrize("answer", [b"not json at all", b'{"head": {"vars": ["x"]}, "results": {"bindings": [', b""])
def test_garbage_answer_is_one_clear_line(answer):
    with start_stub(lambda h, body, n: reply(h, 200, answer, "application/sparql-results+json")) as stub:
        run = npdw("query", "doelen-zonder-inspanning", "--endpoint", stub.url + "/sparql", "--timeout", "5")
    one_clear_line(run)


def test_endpoint_that_hangs_up_is_one_clear_line():
    from stubs import hang_up

    with start_stub(lambda h, body, n: hang_up(h)) as stub:
        run = npdw("query", "doelen-zonder-inspanning", "--endpoint", stub.url + "/sparql", "--timeout", "5")
    one_clear_line(run)


@pytest.mark.server
def test_malformed_query_on_the_server_is_one_clear_line(tmp_path, served):
    bad = tmp_path / "kapot.rq"
    bad.write_text("#+ title: Kapotte query\n#+ question: Wat gebeurt er?\nSELECT ?x WHERE { ?x ?y \n", encoding="utf-8")
    run = npdw("query", str(bad), "--endpoint", served.sparql_url)
    line = one_clear_line(run)
    assert run.code == 2 and "malformed (HTTP 400)" in line


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_malformed_query_embedded_is_one_clear_line(tmp_project, graph, engine):
    dist = tmp_project.dist_dir
    dist.mkdir()
    graph.serialize(dist / "graph.nt", format="nt", encoding="utf-8")  # newer than the sources: used as is
    bad = tmp_project.queries_dir / "kapot.rq"
    bad.write_text("#+ title: Kapotte query\n#+ question: Wat gebeurt er?\nSELECT ?x WHERE { ?x ?y \n", encoding="utf-8")
    run = npdw("query", "kapot", "--engine", engine, root=tmp_project.root)
    line = one_clear_line(run)
    assert run.code == 2 and "kapot" in line


def test_unknown_parameter_and_unknown_query_are_clear():
    run = npdw("query", "keten-voor-wijk", "--param", "buurt=gebied:wielwijk", "--endpoint", "http://127.0.0.1:9/sparql")
    assert "has no parameter 'buurt'" in one_clear_line(run)
    run = npdw("query", "keten-voor-wyk")
    assert "no query named" in one_clear_line(run)


def test_query_header_errors_are_clear(tmp_path):
    bad = tmp_path / "zonder-kop.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(NpdwError, match="title"):
        parse_query_file(bad)
    with pytest.raises(NpdwError, match="no query named"):
        resolve("bestaat-niet", ROOT / "queries")
