"""Materialise the shortcut properties that the ontology defines as property chains.

``npdw:contributesTo = npdw:contribution / npdw:goal`` and its siblings: the qualified link
(with its stated/inferred basis) is what curators write; the shortcut is what most queries
and the network need. The build adds the shortcuts, so the two can never disagree.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF
from rdflib.term import Node, URIRef


def property_chains(ontology: Graph) -> list[tuple[URIRef, list[URIRef]]]:
    chains = []
    for prop, head in ontology.subject_objects(OWL.propertyChainAxiom):
        steps: list[URIRef] = []
        node: Node | None = head
        while node is not None and node != RDF.nil:
            first = ontology.value(node, RDF.first)
            if isinstance(first, URIRef):
                steps.append(first)
            node = ontology.value(node, RDF.rest)
        if isinstance(prop, URIRef) and len(steps) == 2:
            chains.append((prop, steps))
    return sorted(chains)


def materialise_shortcuts(data: Graph, ontology: Graph) -> int:
    """Add ``s shortcut o`` for every two-step chain ``s p1 x . x p2 o``; returns triples added."""
    before = len(data)
    for prop, (p1, p2) in property_chains(ontology):
        new = [(s, prop, o) for s, x in data.subject_objects(p1) for o in data.objects(x, p2)]
        for t in new:
            data.add(t)
    return len(data) - before
