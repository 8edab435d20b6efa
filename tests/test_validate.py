"""The fast validation path (core constraints compiled to SPARQL, SPARQL constraints once each,
all on pyoxigraph) must give exactly the report that plain pySHACL gives over all constraints."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from npdw_graph.namespaces import NPDW, SH
from npdw_graph.rdfterms import to_ox
from npdw_graph.shacl_compiled import compile_shapes
from npdw_graph.validate import report_from_graph, run_fast, run_pyshacl

_TRAILING_ZEROS = re.compile(r"\b(\d+)\.0+\b")
ORG = "http://www.w3.org/ns/org#"


def _canonical(text: str) -> str:
    """pyoxigraph writes xsd:decimal 791.0 as 791; the value is the same, only its lexical form differs."""
    return _TRAILING_ZEROS.sub(r"\1", text)


def _key_set(report_graph: Graph, data, compiled) -> set[tuple[str, ...]]:
    results = report_from_graph(report_graph, data, compiled.sources.shapes, compiled.sources.origin)
    return {(r.severity, r.shape, r.component, r.focus, r.label, r.path, _canonical(r.value), _canonical(r.message)) for r in results}


def _store(g: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g)  # type: ignore[arg-type]
    return store


def _one(g: Graph, cls: URIRef, n: int = 0) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))[n]


def _broken_copy(compiled) -> Graph:
    """The real graph with at least one error for every kind of constraint the shapes use."""
    g = Graph()
    g += compiled.graph
    efforts = [_one(g, NPDW.Effort, i) for i in range(6)]
    g.remove((efforts[0], RDFS.label, None))  # minCount
    g.add((efforts[1], RDFS.label, Literal("Tweede naam", lang="nl")))  # maxCount
    g.add((efforts[2], RDFS.label, Literal("Zweiter Name", lang="de")))  # languageIn (and maxCount)
    g.add((efforts[3], DCTERMS.description, Literal("Nog een beschrijving", lang="nl")))  # uniqueLang
    g.add((efforts[3], DCTERMS.description, Literal("A description", lang="EN")))  # a language accepted case-insensitively
    g.set((efforts[4], NPDW.status, NPDW.Awarded))  # sh:in
    g.set((efforts[5], NPDW.inSection, NPDW.Nergens))  # sh:class
    g.set((efforts[5], DCTERMS.source, efforts[4]))  # sh:or: neither a Section nor an ImportRecord
    g.set((efforts[4], NPDW.sourceLine, Literal("regel 12")))  # datatype on an alternative path
    amounts = sorted(s for s in g.subjects(NPDW.amount, None) if isinstance(s, URIRef))
    g.set((amounts[0], NPDW.amount, Literal("-5.00", datatype=XSD.decimal)))  # minInclusive
    g.set((amounts[1], NPDW.amount, Literal("1.000,00", datatype=XSD.decimal)))  # ill-typed literal
    g.set((amounts[2], NPDW.amount, Literal("12", datatype=XSD.integer)))  # wrong datatype
    g.set((amounts[3], NPDW.currency, Literal("USD")))  # sh:in with a literal
    g.remove((None, NPDW.hasFunding, amounts[4]))  # inverse path minCount
    table = next(iter(g.subjects(NPDW.totalOf, None)))
    g.set((table, NPDW.totalOf, Literal("npdw:amount")))  # nodeKind
    g.set((table, NPDW.publishedTotal, Literal("1.00", datatype=XSD.decimal)))  # SPARQL constraint: totals
    links = sorted(g.subjects(NPDW.basis, NPDW.Inferred))[:3]
    for link in links:  # inferred without a reason: SPARQL constraint on a blank node
        g.remove((link, NPDW.reason, None))
    contribution = sorted(g.subjects(RDF.type, NPDW.Contribution))[5]
    g.remove((contribution, NPDW.basis, None))  # minCount on a blank focus node
    org = _one(g, URIRef(ORG + "Organization"))
    g.add((org, RDFS.label, Literal("Geen taal")))  # datatype rdf:langString
    return g


def test_fast_path_compiles_every_shape_of_the_project(compiled):
    shapes = compile_shapes(compiled.sources.shapes)
    assert shapes.unsupported == {}
    assert len(shapes.compiled) >= 25


def test_fast_report_equals_plain_pyshacl_on_real_data(compiled):
    shapes = compiled.sources.shapes
    _, plain = run_pyshacl(compiled.graph, shapes, None)
    fast = run_fast(compiled.store, shapes)
    plain_keys = _key_set(plain, compiled.graph, compiled)
    assert plain_keys, "the real data has warnings"
    assert _key_set(fast, compiled.store, compiled) == plain_keys


@pytest.fixture(scope="module")
def broken(compiled):
    g = _broken_copy(compiled)
    store = _store(g)
    _, plain = run_pyshacl(g, compiled.sources.shapes, None)
    return g, store, plain


def test_the_broken_copy_breaks_every_kind_of_constraint(broken, compiled):
    g, _, plain = broken
    components = {str(c).rsplit("#", 1)[-1] for c in plain.objects(None, SH.sourceConstraintComponent)}
    assert components >= {f"{c}ConstraintComponent" for c in ("MinCount", "MaxCount", "Class", "Datatype", "In", "LanguageIn",
                                                               "UniqueLang", "NodeKind", "MinInclusive", "Or", "SPARQL")}
    focus_blank = [f for f in plain.objects(None, SH.focusNode) if isinstance(f, BNode)]
    assert focus_blank, "a result on a blank focus node (a qualified link)"


def test_fast_report_equals_plain_pyshacl_on_a_broken_copy(broken, compiled):
    g, store, plain = broken
    fast = run_fast(store, compiled.sources.shapes)
    plain_keys = _key_set(plain, g, compiled)
    assert sum(1 for k in plain_keys if k[0] == "Violation") >= 15
    assert _key_set(fast, store, compiled) == plain_keys


def test_fast_report_clones_blank_nodes_like_pyshacl(broken, compiled):
    """validation.ttl: the property shape, a complex path and a blank focus node are copied with their triples."""
    g, store, plain = broken
    fast = run_fast(store, compiled.sources.shapes)
    for report in (plain, fast):
        shape = next(s for s in report.objects(None, SH.sourceShape) if isinstance(s, BNode))
        assert (shape, SH.path, None) in report
        focus = next(f for f in report.objects(None, SH.focusNode) if isinstance(f, BNode))
        assert (focus, RDF.type, None) in report
    assert (None, SH.alternativePath, None) in fast and (None, SH.alternativePath, None) in plain


def test_unsupported_shapes_go_to_pyshacl(compiled):
    """A constraint the compiler does not know (sh:pattern) is still checked, by pySHACL, with the same result."""
    shapes = Graph()
    shapes += compiled.sources.shapes
    prop = BNode()
    shape = URIRef("https://w3id.org/npdw/def/shapes/Patroon")
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, NPDW.Effort))
    shapes.add((shape, SH.property, prop))
    shapes.add((prop, SH.path, RDFS.label))
    shapes.add((prop, SH.pattern, Literal("^[A-Z]")))
    shapes.add((prop, SH.message, Literal("Een naam begint met een hoofdletter.", lang="nl")))
    # ... and refers with sh:node to a shape that is compiled (and has a target of its own, which
    # pySHACL must not check twice, while still using the shape for sh:node)
    needed = URIRef("https://w3id.org/npdw/def/shapes/PijlerMetCode")
    pillar = _one(compiled.graph, NPDW.Pillar)
    code, via = BNode(), BNode()
    shapes.add((needed, RDF.type, SH.NodeShape))
    shapes.add((needed, SH.targetNode, pillar))
    shapes.add((needed, SH.property, code))
    shapes.add((code, SH.path, NPDW.pillarCode))
    shapes.add((code, SH.minCount, Literal(1)))
    shapes.add((code, SH.message, Literal("Een pijler heeft een code.", lang="nl")))
    shapes.add((shape, SH.property, via))
    shapes.add((via, SH.path, NPDW.primaryPillar))
    shapes.add((via, SH.node, needed))
    shapes.add((via, SH.message, Literal("De hoofdpijler moet een code hebben.", lang="nl")))
    compiledshapes = compile_shapes(shapes)
    assert shape in compiledshapes.unsupported and "pattern" in compiledshapes.unsupported[shape]
    assert needed in compiledshapes.compiled
    with pytest.raises(ValueError, match="need pySHACL"):
        run_fast(compiled.store, shapes)
    fast = run_fast(compiled.store, shapes, lambda: compiled.graph)
    _, plain = run_pyshacl(compiled.graph, shapes, None)
    assert _key_set(fast, compiled.store, compiled) == _key_set(plain, compiled.graph, compiled)
    results = report_from_graph(fast, compiled.store, shapes, {})
    lower = [r for r in results if r.component == "Pattern"]
    assert lower and all(not r.label[:1].isupper() for r in lower)
    assert any(r.component == "MinCount" and "PijlerMetCode" in r.shape for r in results)
    assert any(r.component == "Node" for r in results), "sh:node must still see the compiled shape"


def test_a_recursive_shape_is_left_to_pyshacl():
    """sh:node back to itself cannot be one SPARQL expression; the compiler must say so, not recurse forever."""
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:Keten a sh:NodeShape ; sh:targetClass ex:Schakel ;
            sh:property [ sh:path ex:volgende ; sh:node ex:Keten ; sh:message "De volgende schakel klopt niet."@nl ] .
        ex:Los a sh:NodeShape ; sh:targetClass ex:Schakel ;
            sh:property [ sh:path ex:naam ; sh:minCount 1 ; sh:message "Naam ontbreekt."@nl ] .
    """, format="turtle")
    result = compile_shapes(shapes)
    assert "recursive" in result.unsupported[URIRef("http://example.org/Keten")]
    assert result.compiled == [URIRef("http://example.org/Los")]
