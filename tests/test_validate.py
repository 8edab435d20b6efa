"""The fast validation path (core constraints in pySHACL, SPARQL constraints on pyoxigraph)
must give exactly the report that plain pySHACL gives over all constraints."""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from npdw_graph.validate import report_from_graph, run_fast, run_pyshacl

_TRAILING_ZEROS = re.compile(r"\b(\d+)\.0+\b")


def _canonical(text: str) -> str:
    """pyoxigraph writes xsd:decimal 791.0 as 791; the value is the same, only its lexical form differs."""
    return _TRAILING_ZEROS.sub(r"\1", text)


def _key_set(report_graph: Graph, compiled) -> set[tuple[str, ...]]:
    results = report_from_graph(report_graph, compiled.graph, compiled.sources.shapes, compiled.sources.origin)
    return {(r.severity, r.shape, r.focus, r.path, _canonical(r.value), _canonical(r.message)) for r in results}


def _broken_copy(compiled) -> tuple[Graph, object]:
    """The real graph with a few errors that the SPARQL constraints catch."""
    import pyoxigraph as ox

    from npdw_graph.namespaces import NPDW
    from npdw_graph.rdfterms import to_ox

    g = Graph()
    g += compiled.graph
    links = list(g.subjects(NPDW.basis, NPDW.Inferred))[:3]
    for link in links:  # inferred without a reason -> Violation from a SPARQL constraint
        g.remove((link, NPDW.reason, None))
    table = next(iter(g.subjects(NPDW.publishedTotal, None)))
    g.set((table, NPDW.publishedTotal, Literal("1.00", datatype=XSD.decimal)))
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g)
    return g, store


def test_fast_report_equals_plain_pyshacl_on_real_data(compiled):
    shapes = compiled.sources.shapes
    _, plain = run_pyshacl(compiled.graph, shapes, None)
    fast = run_fast(compiled.graph, compiled.sources.store, shapes)
    assert _key_set(fast, compiled) == _key_set(plain, compiled)


def test_fast_report_equals_plain_pyshacl_with_sparql_violations(compiled):
    g, store = _broken_copy(compiled)
    shapes = compiled.sources.shapes
    _, plain = run_pyshacl(g, shapes, None)
    fast = run_fast(g, store, shapes)
    plain_keys, fast_keys = _key_set(plain, compiled), _key_set(fast, compiled)
    assert any(k[0] == "Violation" for k in plain_keys), "the broken copy should have violations"
    assert fast_keys == plain_keys
