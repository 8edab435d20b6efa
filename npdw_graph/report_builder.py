"""Write sh:ValidationResult nodes the way pySHACL writes them, for results found on the store.

pySHACL copies blank nodes into its report with their ids and their outgoing triples (the
property shape a result comes from, a complex path, a blank focus node such as a qualified
link). The fast path does the same, so ``validation.ttl`` reads the same whichever engine
found a result.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from npdw_graph.load import new_graph
from npdw_graph.namespaces import SH
from npdw_graph.rdfterms import to_ox, to_rdflib

_MAX_DEPTH = 10  # as pySHACL's clone


class ReportBuilder:
    def __init__(self, shapes: Graph, store: ox.Store, report: Graph | None = None) -> None:
        self.shapes = shapes
        self.store = store
        self.graph = report if report is not None else new_graph()
        node = next(iter(self.graph.subjects(RDF.type, SH.ValidationReport)), None)
        if node is None:
            node = BNode()
            self.graph.add((node, RDF.type, SH.ValidationReport))
            self.graph.add((node, SH.conforms, Literal(True)))
        self.node = node
        self._cloned: set[Node] = set()

    def _from_shapes(self, node: Node, depth: int = 0) -> Node:
        if isinstance(node, BNode) and node not in self._cloned and depth < _MAX_DEPTH:
            self._cloned.add(node)
            for p, o in self.shapes.predicate_objects(node):
                self.graph.add((node, p, o))
                self._from_shapes(o, depth + 1)
        return node

    def _from_data(self, node: Node, depth: int = 0) -> Node:
        if isinstance(node, BNode) and node not in self._cloned and depth < _MAX_DEPTH:
            self._cloned.add(node)
            for q in self.store.quads_for_pattern(to_ox(node), None, None, ox.DefaultGraph()):
                o = to_rdflib(q.object)
                self.graph.add((node, to_rdflib(q.predicate), o))
                self._from_data(o, depth + 1)
        return node

    def add(self, *, focus: Node, severity: URIRef, component: URIRef, shape: Node, messages: Iterable[Literal],
            path: Node | None = None, value: Node | None = None, constraint: Node | None = None) -> BNode:
        g = self.graph
        r = BNode()
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.sourceConstraintComponent, component))
        g.add((r, SH.sourceShape, self._from_shapes(shape)))
        g.add((r, SH.resultSeverity, severity))
        g.add((r, SH.focusNode, self._from_data(focus)))
        if value is not None:
            g.add((r, SH.value, self._from_data(value)))
        if path is not None:
            g.add((r, SH.resultPath, self._from_shapes(path) if isinstance(path, BNode) else path))
        if constraint is not None:
            g.add((r, SH.sourceConstraint, self._from_shapes(constraint)))
        for m in messages:
            g.add((r, SH.resultMessage, m))
        g.add((self.node, SH.result, r))
        if severity == SH.Violation:
            g.set((self.node, SH.conforms, Literal(False)))
        return r
