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


def derived_triples(data: Graph, ontology: Graph) -> list[tuple[Node, Node, Node]]:
    """``s shortcut o`` for every two-step chain ``s p1 x . x p2 o``, and the inverse of every
    symmetric property (``npdw:correspondsTo``), that the data does not state yet."""
    new: set[tuple[Node, Node, Node]] = set()
    for prop, (p1, p2) in property_chains(ontology):
        new.update((s, prop, o) for s, x in data.subject_objects(p1) for o in data.objects(x, p2))
    for prop in ontology.subjects(RDF.type, OWL.SymmetricProperty):
        new.update((o, prop, s) for s, o in data.subject_objects(prop))
    return sorted(t for t in new if t not in data)


def materialise_shortcuts(data: Graph, ontology: Graph) -> list[tuple[Node, Node, Node]]:
    """Add the derived triples to ``data``; returns them (so other stores can add them too)."""
    new = derived_triples(data, ontology)
    data.addN((s, p, o, data) for s, p, o in new)
    return new
