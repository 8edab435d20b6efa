"""Materialise the shortcut properties that the ontology defines as property chains.

``npdw:contributesTo = npdw:contribution / npdw:goal`` and its siblings: the qualified link
(with its stated/inferred basis) is what curators write; the shortcut is what most queries
and the network need. The build adds the shortcuts, so the two can never disagree.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS
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


def materialise_in_store(store: ox.Store, ontology: Graph) -> int:
    """Add to ``store`` ``s shortcut o`` for every two-step chain ``s p1 x . x p2 o``; ``s q o`` for every
    ``s p o`` where the ontology makes ``p`` a sub-property of a symmetric ``q`` (``npdw:sameMoneyAs`` and
    ``npdw:awardedAs`` give ``npdw:correspondsTo``); and the inverse of every symmetric property; all computed
    from the data as loaded. Returns the number of triples added."""
    before = len(store)
    new: set[ox.Quad] = set()
    for prop, (p1, p2) in property_chains(ontology):
        target = ox.NamedNode(str(prop))
        for sol in store.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{p1}> ?x . ?x <{p2}> ?o }}"):
            new.add(ox.Quad(sol["s"], target, sol["o"]))
    symmetric = sorted(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    for prop in symmetric:
        p = ox.NamedNode(str(prop))
        links = [(q.subject, q.object) for q in store.quads_for_pattern(None, p, None, ox.DefaultGraph())]
        for sub in sorted(ontology.subjects(RDFS.subPropertyOf, prop)):
            links += [(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(str(sub)), None, ox.DefaultGraph())]
        for s, o in links:
            if not isinstance(o, ox.Literal):
                new.add(ox.Quad(s, p, o))
                new.add(ox.Quad(o, p, s))  # type: ignore[arg-type]
    store.bulk_extend(new)
    return len(store) - before
