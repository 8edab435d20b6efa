"""describe(graph, iri): the description that the site's alternates and the server's content negotiation share."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from npdw_graph.describe import GraphIndex, blank_node_keys, describe, describe_triples
from npdw_graph.namespaces import DEFAULT_BASE, NPDW

ID = DEFAULT_BASE + "id/"
ENERGIEHULP = URIRef(ID + "inspanning/energiehulp")
TRIVIRE = URIRef(ID + "organisatie/trivire")


def test_effort_description_holds_its_triples_and_qualified_links(graph):
    d = describe(graph, ENERGIEHULP)
    for p, o in graph.predicate_objects(ENERGIEHULP):
        if not isinstance(o, BNode):
            assert (ENERGIEHULP, p, o) in d, p
    contributions = list(d.objects(ENERGIEHULP, NPDW.contribution))
    assert len(contributions) == len(list(graph.objects(ENERGIEHULP, NPDW.contribution))) > 0
    for c in contributions:
        assert d.value(c, NPDW.basis) in (NPDW.Stated, NPDW.Inferred)
        assert d.value(c, NPDW.goal) is not None
        assert d.value(c, NPDW.reason) is not None or d.value(c, NPDW.evidence) is not None
    for ps in d.objects(ENERGIEHULP, NPDW.partnership):
        org = d.value(ps, NPDW.organisation)
        assert d.value(org, RDFS.label) == graph.value(org, RDFS.label), "label of a linked resource"


def test_description_includes_inverse_links_and_labels(graph):
    d = describe(graph, TRIVIRE)
    assert d.value(TRIVIRE, RDFS.label) == Literal("Trivire", lang="nl")
    partners_of = set(graph.subjects(NPDW.hasPartner, TRIVIRE))
    assert partners_of and partners_of <= set(d.subjects(NPDW.hasPartner, TRIVIRE))
    for s in partners_of:
        assert d.value(s, RDFS.label) is not None
    # the partnerships naming Trivire come with their basis and the effort that holds them
    links = list(d.subjects(NPDW.organisation, TRIVIRE))
    assert len(links) == len(list(graph.subjects(NPDW.organisation, TRIVIRE)))
    for b in links:
        assert d.value(b, NPDW.basis) in (NPDW.Stated, NPDW.Inferred)
        holder = next(d.subjects(NPDW.partnership, b))
        assert holder is not None and (holder, RDF.type, NPDW.Effort) in graph


def test_index_and_graph_give_the_same_description(graph):
    index = GraphIndex(graph)
    for iri in (ENERGIEHULP, TRIVIRE, URIRef(ID + "pijler/wonen-en-fysieke-leefomgeving")):
        assert isomorphic(describe(graph, iri), describe(graph, iri, index)), iri


def test_unknown_iri_has_an_empty_description(graph):
    assert len(describe(graph, URIRef(ID + "inspanning/bestaat-niet"))) == 0


def test_description_does_not_wander(graph):
    d = describe_triples(graph, ENERGIEHULP)
    subjects = {s for s, _p, _o in d if isinstance(s, URIRef)}
    # itself, the resources that point at it, and the linked resources whose labels it carries
    linked = {o for o in graph.objects(ENERGIEHULP) if isinstance(o, URIRef)} | set(graph.subjects(None, ENERGIEHULP))
    assert subjects <= linked | {ENERGIEHULP} | {o for _s, _p, o in d if isinstance(o, URIRef)}
    for s, p, _o in d:
        if s not in (ENERGIEHULP,) and isinstance(s, URIRef) and (s, None, ENERGIEHULP) not in graph:
            assert p in (RDFS.label, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")), (s, p)


def test_free_standing_blank_nodes_show_up_on_the_resources_they_name():
    g = Graph()
    a, b, m = URIRef(ID + "organisatie/a"), URIRef(ID + "organisatie/b"), BNode()
    g.add((m, URIRef("http://www.w3.org/ns/org#organization"), a))
    g.add((m, URIRef("http://www.w3.org/ns/org#member"), b))
    g.add((a, RDFS.label, Literal("A", lang="nl")))
    d = describe(g, b)
    assert len(d) == 3 and (a, RDFS.label, Literal("A", lang="nl")) in d


def test_blank_node_keys_distinguish_holders_and_content():
    g = Graph()
    e1, e2 = URIRef(ID + "inspanning/a"), URIRef(ID + "inspanning/b")
    for e in (e1, e2):
        c = BNode()
        g.add((e, NPDW.contribution, c))
        g.add((c, NPDW.goal, URIRef(ID + "doel/x")))
    keys = blank_node_keys(GraphIndex(g))
    assert len(set(keys.values())) == 2
    again = Graph()
    for t in g:
        again.add(t)
    assert set(blank_node_keys(GraphIndex(again)).values()) == set(keys.values())
