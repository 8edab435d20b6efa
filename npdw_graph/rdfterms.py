"""Conversion between pyoxigraph terms (the fast parser and store) and rdflib terms."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(dt))


OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

# Lexical forms rdflib certainly reads as values of these datatypes (regular expressions without anchors).
# A literal in another form may still be fine; only then is rdflib asked (building the Literal is the slow part).
WELL_FORMED_LEXICAL = {
    "http://www.w3.org/2001/XMLSchema#integer": r"[+-]?[0-9]+",
    "http://www.w3.org/2001/XMLSchema#decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    "http://www.w3.org/2001/XMLSchema#boolean": r"true|false|1|0",
}


def caching_converter() -> Callable[[OxTerm | None], Identifier | None]:
    """``to_rdflib`` that converts each distinct term once (None stays None): graphs and query answers
    repeat the same IRIs and labels, and making rdflib terms is most of the cost of a large copy."""
    cache: dict[OxTerm | None, Identifier | None] = {None: None}

    def convert(term: OxTerm | None) -> Identifier | None:
        found = cache.get(term, cache)
        if found is cache:
            found = cache[term] = to_rdflib(term)  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    return convert


def to_ox(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def add_ox_triples(graph: Graph, quads: Iterable[ox.Quad | ox.Triple]) -> int:
    """Add pyoxigraph triples or quads (graph name ignored) to an rdflib graph; returns the count."""
    n = 0
    add = graph.add
    for q in quads:
        add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        n += 1
    return n


def graph_to_ox_store(graph: Graph, store: ox.Store | None = None, graph_name: ox.NamedNode | None = None) -> ox.Store:
    """Copy an rdflib graph into a pyoxigraph store (bulk)."""
    store = store if store is not None else ox.Store()
    gn = graph_name or ox.DefaultGraph()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), gn) for s, p, o in graph)  # type: ignore[arg-type]
    return store
