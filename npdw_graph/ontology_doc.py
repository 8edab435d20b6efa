"""The vocabulary page (Begrippen) documenting (``BASE/def/``), generated from the graph's own ontology triples.

Classes, object and datatype properties and the controlled values (concept schemes and their
concepts), each with its Dutch and English label and definition, super-class or super-property,
domain and range, property chain, and where it is used. Every term has an anchor named after
its local name, so ``BASE/def/Effort`` is documented at ``def/index.html#Effort``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from npdw_graph.describe import GraphIndex
from npdw_graph.web.model import Link

ANCHOR = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_KINDS = (
    ("klassen", "Klassen", (OWL.Class, RDFS.Class)),
    ("objecteigenschappen", "Objecteigenschappen (verbanden)", (OWL.ObjectProperty,)),
    ("gegevenseigenschappen", "Gegevenseigenschappen (waarden)", (OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty)),
    ("begrippenschemas", "Begrippenschema's", (SKOS.ConceptScheme,)),
)
VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")

LinkFor = Callable[[Node, str], Link]  # (node, text) -> a link to its page, or plain text


def documented_terms(index: GraphIndex, base: str) -> dict[str, URIRef]:
    """Local name -> IRI of every term under ``BASE/def/`` that the page documents (has an anchor)."""
    ns = base + "def/"
    terms = {}
    for s in index.subjects():
        if isinstance(s, URIRef) and str(s).startswith(ns):
            local = str(s)[len(ns):]
            if ANCHOR.match(local):
                terms[local] = s
    return terms


def _texts(index: GraphIndex, node: Node, predicate: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in index.values(node, predicate):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", str(o))
    return out


def _kind(index: GraphIndex, node: Node) -> str:
    types = set(index.values(node, RDF.type))
    for key, _title, classes in _KINDS:
        if types & set(classes):
            return key
    return "waarden"


def _chain(index: GraphIndex, head: Node) -> list[Node]:
    steps, seen = [], set()
    while isinstance(head, BNode) and head not in seen and head != RDF.nil:
        seen.add(head)
        first = index.value(head, RDF.first)
        if first is not None:
            steps.append(first)
        head = index.value(head, RDF.rest)  # type: ignore[assignment]
    return steps


def ontology_context(index: GraphIndex, base: str, link: LinkFor) -> dict[str, object]:
    """What the vocabulary page (template ``begrippen.html``) shows. ``link(node, text)`` gives a Link (or plain text)."""
    ns = base + "def/"
    onto = URIRef(ns)
    terms = documented_terms(index, base)
    title_texts = _texts(index, onto, DCTERMS.title) or _texts(index, onto, RDFS.label) or {"": "Vocabulaire"}
    title = title_texts.get("nl") or next(iter(title_texts.values()))
    desc = _texts(index, onto, DCTERMS.description)
    descriptions = [(lang, desc[lang]) for lang in ("nl", "en") if lang in desc]
    meta: list[tuple[str, list[Link]]] = [("Naamruimte", [Link(ns)]), ("Voorkeursprefix", [Link(str(index.value(onto, VANN_PREFIX) or "npdw"))])]
    for label, pred in (("Versie", OWL.versionInfo), ("Gewijzigd", DCTERMS.modified)):
        v = index.value(onto, pred)
        if v is not None:
            meta.append((label, [Link(str(v))]))
    lic = index.value(onto, DCTERMS.license)
    if lic is not None:
        meta.append(("Licentie", [link(lic, str(lic))]))

    grouped: dict[str, list[tuple[str, URIRef]]] = {}
    for iri in terms.values():
        grouped.setdefault(_kind(index, iri), []).append((index.label(iri).casefold(), iri))
    kinds = [*_KINDS, ("waarden", "Vaste waarden (begrippen)", ())]

    # where each class is used as domain or range
    used_as: dict[Node, list[tuple[str, Node]]] = {}
    for iri in terms.values():
        for pred, role in ((RDFS.domain, "domein van"), (RDFS.range, "bereik van")):
            for cls in index.values(iri, pred):
                used_as.setdefault(cls, []).append((role, iri))

    def short(node: Node) -> Link:
        return link(node, _short(node, ns, index))

    sections = []
    for key, heading, _ in kinds:
        items = sorted(grouped.get(key, []), key=lambda kv: (kv[0], str(kv[1])))
        if not items:
            continue
        entries = []
        for _label, iri in items:
            local = str(iri)[len(ns):]
            labels = _texts(index, iri, RDFS.label)
            defs = _texts(index, iri, SKOS.definition)
            rows: list[tuple[str, list[Link], str]] = [("IRI", [Link(str(iri))], "code")]
            types = [o for o in index.values(iri, RDF.type)]
            if types:
                rows.append(("Soort", [short(t) for t in sorted(types, key=str)], ""))
            for lang, name in (("nl", "Definitie"), ("en", "Definition")):
                if lang in defs:
                    rows.append((name, [Link(defs[lang])], lang))
            for pred, name in ((RDFS.subClassOf, "Subklasse van"), (RDFS.subPropertyOf, "Subeigenschap van"),
                               (RDFS.domain, "Domein"), (RDFS.range, "Bereik"), (SKOS.inScheme, "In schema"),
                               (RDFS.seeAlso, "Zie ook")):
                vals = [o for o in index.values(iri, pred) if not isinstance(o, BNode)]
                if vals:
                    rows.append((name, [short(o) for o in sorted(vals, key=str)], ""))
            for head_node in index.values(iri, OWL.propertyChainAxiom):
                rows.append(("Ketting", [short(s) for s in _chain(index, head_node)], "chain"))
            subs = [s for s in index.referrers(iri, RDFS.subClassOf) + index.referrers(iri, RDFS.subPropertyOf) if isinstance(s, URIRef)]
            if subs:
                rows.append(("Specialisaties", [short(s) for s in sorted(subs, key=str)], ""))
            uses = sorted(used_as.get(iri, []), key=lambda u: (u[0], str(u[1])))
            if uses:
                rows.append(("Gebruikt als", [Link(f"{role} {t.text}", t.href, t.external) for role, t in ((r, short(p)) for r, p in uses)], ""))
            members = [s for s in index.referrers(iri, SKOS.inScheme) if isinstance(s, URIRef)]
            if members:
                rows.append(("Begrippen", [link(m, index.label(m)) for m in sorted(members, key=str)], ""))
            instances = len(index.referrers(iri, RDF.type))
            if instances and key == "klassen":
                rows.append(("Aantal in de graaf", [Link(str(instances))], ""))
            entries.append({"local": local, "label": labels.get("nl") or index.label(iri), "en": labels.get("en", ""), "rows": rows})
        sections.append({"key": key, "heading": heading, "entries": entries})
    return {"title": title, "descriptions": descriptions, "meta": meta, "sections": sections}


def _short(node: Node, ns: str, index: GraphIndex) -> str:
    text = str(node)
    if text.startswith(ns):
        return "npdw:" + text[len(ns):]
    for prefix, full in (("owl", str(OWL)), ("rdfs", str(RDFS)), ("rdf", str(RDF)), ("skos", str(SKOS)), ("dcterms", str(DCTERMS)),
                         ("prov", "http://www.w3.org/ns/prov#"), ("org", "http://www.w3.org/ns/org#"), ("foaf", "http://xmlns.com/foaf/0.1/"),
                         ("qb", "http://purl.org/linked-data/cube#"), ("schema", "https://schema.org/"),
                         ("xsd", "http://www.w3.org/2001/XMLSchema#")):
        if text.startswith(full):
            return f"{prefix}:{text[len(full):]}"
    return index.label(node)
