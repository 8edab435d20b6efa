"""Every named query prints the same bytes on every engine: pyoxigraph, rdflib and a real Oxigraph server.

``tests/test_query.py`` compares results as multisets (GROUP_CONCAT parts sorted, numbers in one
canonical form); this is the stricter promise a user sees: ``npdw query NAME --format csv`` (and
``tsv``) is byte for byte the same whichever engine answered, with the default parameters and with
one other value, rows in the same order and every GROUP_CONCAT cell the same text. The Data Cube
checks (ASK, ic-12 with GROUP_CONCAT inside) print the same answer on every engine.

``--format json`` is the SPARQL results format and carries each engine's own lexical forms and
datatypes (``-22053.3`` or ``-22053.30``; a GROUP_CONCAT with or without a language tag), so it is
compared by value in ``test_query.py``, not by bytes.
"""

from __future__ import annotations

import pytest
from rdflib import Literal
from stubs import ROOT
from test_query import LIBRARY, NAMES, OTHER_VALUE

from npdw_graph.query import format_any, format_result, run_named, run_query
from npdw_graph.queryengine import OxigraphEngine, RdflibEngine, SelectResult, group_concat_columns, ordered_parts
from npdw_graph.querylib import parse_query_file
from npdw_graph.remote import RemoteEngine

DATACUBE = sorted((ROOT / "queries" / "datacube").glob("*.rq"))
CASES = [(n, {}) for n in NAMES] + [(n, OTHER_VALUE[n]) for n in NAMES if n in OTHER_VALUE]


@pytest.fixture(scope="module")
def engines(graph):
    from npdw_graph.serve import start_server

    running = start_server(graph, timeout=60, max_rows=100_000)
    yield (OxigraphEngine.from_graph(graph), RdflibEngine(graph), RemoteEngine(running.sparql_url, timeout=60))
    running.stop()


def _first_difference(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False)):
        if x != y:
            return f"line {i + 1}: {x[:160]!r} vs {y[:160]!r}"
    return f"{len(a.splitlines())} vs {len(b.splitlines())} lines"


@pytest.mark.server
@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}{'-' + '-'.join(p.values()) if p else ''}" for n, p in CASES])
def test_same_csv_and_tsv_bytes_on_every_engine(name, params, engines):
    results = {e.name: run_query(LIBRARY[name], e, params) for e in engines}
    for fmt in ("csv", "tsv"):
        out = {k: format_result(r, fmt) for k, r in results.items()}
        for other in ("rdflib", "remote"):
            assert out[other] == out["oxigraph"], f"{name} {params} --format {fmt}: oxigraph vs {other}: " \
                                                  f"{_first_difference(out['oxigraph'], out[other])}"


@pytest.mark.server
@pytest.mark.parametrize("path", DATACUBE, ids=[p.stem for p in DATACUBE])
def test_datacube_checks_answer_the_same_on_every_engine(path, engines):
    query = parse_query_file(path)
    out = {e.name: format_any(run_named(query, e), "table") for e in engines}  # true or false
    assert len(set(out.values())) == 1, out


def test_group_concat_parts_come_out_sorted():
    query = 'SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="; ") AS ?namen) (GROUP_CONCAT(STR(?i)) AS ?iris) WHERE { } GROUP BY ?x'
    assert group_concat_columns(query) == {"namen": "; ", "iris": " "}
    result = SelectResult(["x", "namen", "iris"], [(Literal("b; a"), Literal("Werk; Gezond; Leren", lang="nl"), Literal("z y x")),
                                                   (None, None, Literal(""))])
    rows = ordered_parts(result, query).rows
    assert rows[0] == (Literal("b; a"), Literal("Gezond; Leren; Werk", lang="nl"), Literal("x y z"))
    assert rows[1] == (None, None, Literal(""))
