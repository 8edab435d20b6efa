"""What the graph says about one resource: its page, its ``.ttl``/``.jsonld`` alternates, content negotiation.

``describe(graph, iri)`` is the one function both the static site (``site.py``) and the HTTP server
(``serve.py``) use. A description holds:

1. every triple with the resource as subject, and the blank nodes it holds (recursively: a
   qualified link such as an ``npdw:Contribution`` with its basis and reason);
2. every triple with the resource as object; when the subject is a blank node (a partnership
   naming this organisation), that blank node's own triples and the chain of triples up to the
   named resource that holds it;
3. the labels (``rdfs:label``, ``skos:prefLabel``) of every other resource that appears.

For the site, ``GraphIndex`` files every triple once by subject and by object (one pass over the
graph), so generating all pages is linear in the size of the graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from npdw_graph.namespaces import DEFAULT_BASE, PREFIXES

Triple = tuple[Node, Node, Node]
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel)
_LABEL_IRIS = frozenset(str(p) for p in LABEL_PREDICATES)
GENID_PATH = ".well-known/genid/"


class _Access(Protocol):
    def out(self, node: Node) -> Iterable[tuple[Node, Node]]: ...

    def inn(self, node: Node) -> Iterable[tuple[Node, Node]]: ...


class _GraphAccess:
    """Triple look-ups through the graph's own indexes (what the server uses for one resource)."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def out(self, node: Node) -> Iterable[tuple[Node, Node]]:
        return self.graph.predicate_objects(node)

    def inn(self, node: Node) -> Iterable[tuple[Node, Node]]:
        return self.graph.subject_predicates(node)


class GraphIndex:
    """Every triple of a graph filed once by subject and once by object.

    Built in one pass; all later look-ups are dictionary hits, so work over all resources stays
    linear in the number of triples.
    """

    def __init__(self, graph: Graph | Iterable[Triple]):
        out: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        inn: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        n = 0
        for s, p, o in graph:
            out[s].append((p, o))
            inn[o].append((s, p))
            n += 1
        self._out = dict(out)
        self._inn = dict(inn)
        self.triples = n
        self._labels: dict[Node, str] = {}

    def out(self, node: Node) -> list[tuple[Node, Node]]:
        return self._out.get(node, [])

    def inn(self, node: Node) -> list[tuple[Node, Node]]:
        return self._inn.get(node, [])

    def subjects(self) -> Iterator[Node]:
        return iter(self._out)

    def nodes(self) -> Iterator[Node]:
        """Every subject and object (not predicates)."""
        yield from self._out
        for o in self._inn:
            if o not in self._out:
                yield o

    # Predicates are always IRIs, so plain string comparison is exact (and much faster than rdflib's __eq__).
    def values(self, node: Node, predicate: Node) -> list[Node]:
        key = str(predicate)
        return [o for p, o in self._out.get(node, ()) if str.__eq__(p, key)]

    def value(self, node: Node, predicate: Node) -> Node | None:
        key = str(predicate)
        for p, o in self._out.get(node, ()):
            if str.__eq__(p, key):
                return o
        return None

    def referrers(self, node: Node, predicate: Node) -> list[Node]:
        key = str(predicate)
        return [s for s, p in self._inn.get(node, ()) if str.__eq__(p, key)]

    def holder(self, node: Node) -> tuple[Node, Node] | None:
        """The (subject, predicate) that holds a blank node, if exactly one triple points at it."""
        refs = self.inn(node)
        return refs[0] if len(refs) == 1 else None

    def owner(self, node: Node) -> URIRef | None:
        """The named resource whose description holds this blank node (None for a free-standing one)."""
        seen: set[Node] = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            h = self.holder(node)
            if h is None:
                return None
            node = h[0]
        return node if isinstance(node, URIRef) else None

    def label(self, node: Node, lang: str = "nl") -> str:
        """The best human label: rdfs:label / skos:prefLabel in ``lang``, any label, foaf:name, else the IRI's last part."""
        cached = self._labels.get(node)
        if cached is not None:
            return cached
        text = best_label(self.out(node), lang) or local_name(node)
        self._labels[node] = text
        return text


def best_label(pairs: Iterable[tuple[Node, Node]], lang: str = "nl") -> str | None:
    ranked: list[tuple[int, str]] = []
    for p, o in pairs:
        if not isinstance(o, Literal):
            continue
        if p == RDFS.label:
            rank = 0 if o.language == lang else (2 if o.language is None else 3)
        elif p == SKOS.prefLabel:
            rank = 1 if o.language == lang else 4
        elif str(p) == "http://xmlns.com/foaf/0.1/name":
            rank = 5
        else:
            continue
        ranked.append((rank, str(o)))
    return min(ranked)[1] if ranked else None


def local_name(node: Node) -> str:
    text = str(node)
    if isinstance(node, BNode):
        return "(naamloos)"
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            tail = text.rstrip(sep).rsplit(sep, 1)[1]
            if tail:
                return tail
    return text


def _closure(access: _Access, start: Node, into: list[Triple], seen: set[Node]) -> None:
    """Add the triples of ``start`` and of every blank node it holds (recursively)."""
    stack = [start]
    while stack:
        node = stack.pop()
        for p, o in access.out(node):
            into.append((node, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                stack.append(o)


def describe_triples(graph: Graph | None, iri: URIRef | str, index: GraphIndex | None = None) -> list[Triple]:
    """The triples of ``describe`` as a list (duplicates possible; the caller's graph or set removes them)."""
    node = URIRef(str(iri))
    access: _Access = index if index is not None else _GraphAccess(graph)  # type: ignore[arg-type]
    triples: list[Triple] = []
    seen: set[Node] = {node}
    _closure(access, node, triples, seen)
    for s, p in access.inn(node):
        triples.append((s, p, node))
        if isinstance(s, BNode):
            if s not in seen:
                seen.add(s)
                _closure(access, s, triples, seen)
            _chain_to_owner(access, s, triples)
    linked: set[Node] = set()
    for s, _p, o in triples:
        for n in (s, o):
            if isinstance(n, URIRef):
                linked.add(n)
    linked.discard(node)
    for n in sorted(linked):
        for p, o in access.out(n):
            if str(p) in _LABEL_IRIS:  # predicates are IRIs: a string test is exact (and much faster than rdflib's ==)
                triples.append((n, p, o))
    return triples


def _chain_to_owner(access: _Access, bnode: Node, triples: list[Triple]) -> None:
    """Add ``holder p bnode`` up to the named resource, when the chain is unambiguous."""
    seen: set[Node] = set()
    node = bnode
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        refs = list(access.inn(node))
        if len(refs) != 1:
            return
        s, p = refs[0]
        triples.append((s, p, node))
        node = s


def describe(graph: Graph, iri: URIRef | str, index: GraphIndex | None = None) -> Graph:
    """The description of one resource as a new graph (empty when the graph says nothing about it)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for t in describe_triples(graph, iri, index):
        g.add(t)  # type: ignore[arg-type]
    return g


# --------------------------------------------------------------------------- skolemisation


def _term_key(term: Node, base: str) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        return "<" + (text[len(base):] if text.startswith(base) else "!" + text) + ">"
    assert isinstance(term, Literal)
    return repr((str(term), term.language, str(term.datatype) if term.datatype else None))


def blank_node_keys(index: GraphIndex, base: str = DEFAULT_BASE) -> dict[Node, str]:
    """A stable key for every blank node: a hash of what it says and of who holds it.

    What it says is hashed bottom-up (a node's hash covers the nodes it holds); who holds it
    top-down (the holder's key, up to the named resource). IRIs under ``base`` are taken relative
    to it, so a key survives a rebuild and a change of base as long as the content stays the same.
    """
    content: dict[Node, str] = {}
    final: dict[Node, str] = {}

    def sha(parts: list[str]) -> str:
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]

    def content_key(b: Node, visiting: set[Node]) -> str:
        if b in content:
            return content[b]
        if b in visiting:
            return "cycle"
        visiting.add(b)
        parts = sorted(f"{_term_key(p, base)} {content_key(o, visiting) if isinstance(o, BNode) else _term_key(o, base)}"
                       for p, o in index.out(b))
        visiting.discard(b)
        content[b] = sha(parts)
        return content[b]

    def final_key(b: Node, visiting: set[Node]) -> str:
        if b in final:
            return final[b]
        if b in visiting:
            return content_key(b, set())
        visiting.add(b)
        holders = sorted(f"{final_key(s, visiting) if isinstance(s, BNode) else _term_key(s, base)} {_term_key(p, base)}"
                         for s, p in index.inn(b))
        visiting.discard(b)
        final[b] = sha([content_key(b, set()), "--", *holders])
        return final[b]

    for n in list(index.nodes()):
        if isinstance(n, BNode):
            final_key(n, set())
    return final


def skolem_iri(base: str, key: str) -> URIRef:
    return URIRef(f"{base}{GENID_PATH}{key}")


def skolemise(graph: Graph | Iterable[Triple], base: str = DEFAULT_BASE, index: GraphIndex | None = None) -> Graph:
    """A copy of the graph with every blank node replaced by ``BASE/.well-known/genid/<key>``."""
    index = index or GraphIndex(graph)
    keys = blank_node_keys(index, base)

    def sk(n: Node) -> Node:
        return skolem_iri(base, keys[n]) if isinstance(n, BNode) else n

    out = Graph()
    for s in index.subjects():
        for p, o in index.out(s):
            out.add((sk(s), p, sk(o)))  # type: ignore[arg-type]
    return out
