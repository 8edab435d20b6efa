"""An HTML page documenting the vocabulary (``BASE/def/``), generated from the graph's own ontology triples.

Classes, object and datatype properties and the controlled values (concept schemes and their
concepts), each with its Dutch and English label and definition, super-class or super-property,
domain and range, property chain, and where it is used. Every term has an anchor named after
its local name, so ``BASE/def/Effort`` is documented at ``def/index.html#Effort``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from npdw_graph.describe import GraphIndex

ANCHOR = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_KINDS = (
    ("klassen", "Klassen", (OWL.Class, RDFS.Class)),
    ("objecteigenschappen", "Objecteigenschappen (verbanden)", (OWL.ObjectProperty,)),
    ("gegevenseigenschappen", "Gegevenseigenschappen (waarden)", (OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty)),
    ("begrippenschemas", "Begrippenschema's", (SKOS.ConceptScheme,)),
)
VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")

Link = Callable[[Node, str], str]  # (node, text) -> HTML of a link or plain text


def esc(text: object) -> str:
    return escape(str(text), quote=True)


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


def render_ontology(index: GraphIndex, base: str, link: Link) -> tuple[str, str]:
    """The ontology page's (title, body HTML). ``link(node, text)`` makes a (relative) link or plain text."""
    ns = base + "def/"
    onto = URIRef(ns)
    terms = documented_terms(index, base)
    title_texts = _texts(index, onto, DCTERMS.title) or _texts(index, onto, RDFS.label) or {"": "Vocabulaire"}
    title = title_texts.get("nl") or next(iter(title_texts.values()))
    parts: list[str] = [f"<h1>{esc(title)}</h1>"]
    desc = _texts(index, onto, DCTERMS.description)
    for lang in ("nl", "en"):
        if lang in desc:
            parts.append(f'<p lang="{lang}">{esc(desc[lang])}</p>')
    meta = [("Naamruimte", esc(ns)), ("Voorkeursprefix", esc(index.value(onto, VANN_PREFIX) or "npdw"))]
    for label, pred in (("Versie", OWL.versionInfo), ("Gewijzigd", DCTERMS.modified)):
        v = index.value(onto, pred)
        if v is not None:
            meta.append((label, esc(v)))
    lic = index.value(onto, DCTERMS.license)
    if lic is not None:
        meta.append(("Licentie", link(lic, str(lic))))
    parts.append('<table class="eigenschappen">' + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in meta) + "</table>")

    grouped: dict[str, list[tuple[str, URIRef]]] = {}
    for iri in terms.values():
        grouped.setdefault(_kind(index, iri), []).append((index.label(iri).casefold(), iri))
    sections = [*_KINDS, ("waarden", "Vaste waarden (begrippen)", ())]
    toc = ["<nav class=\"inhoud\"><h2>Inhoud</h2><ul>"]
    for key, heading, _ in sections:
        if grouped.get(key):
            toc.append(f'<li><a href="#{key}">{esc(heading)}</a> ({len(grouped[key])})</li>')
    toc.append("</ul></nav>")
    parts.extend(toc)

    # where each class is used as domain or range
    used_as: dict[Node, list[tuple[str, Node]]] = {}
    for iri in terms.values():
        for pred, role in ((RDFS.domain, "domein van"), (RDFS.range, "bereik van")):
            for cls in index.values(iri, pred):
                used_as.setdefault(cls, []).append((role, iri))

    for key, heading, _ in sections:
        items = sorted(grouped.get(key, []), key=lambda kv: (kv[0], str(kv[1])))
        if not items:
            continue
        parts.append(f'<section><h2 id="{key}">{esc(heading)}</h2>')
        for _label, iri in items:
            local = str(iri)[len(ns):]
            labels = _texts(index, iri, RDFS.label)
            defs = _texts(index, iri, SKOS.definition)
            head = esc(labels.get("nl") or index.label(iri))
            if labels.get("en"):
                head += f' <span class="en" lang="en">({esc(labels["en"])})</span>'
            rows = [("IRI", f"<code>{esc(iri)}</code>")]
            types = [o for o in index.values(iri, RDF.type)]
            if types:
                rows.append(("Soort", ", ".join(link(t, _short(t, ns, index)) for t in sorted(types, key=str))))
            for lang, name in (("nl", "Definitie"), ("en", "Definition")):
                if lang in defs:
                    rows.append((name, f'<span lang="{lang}">{esc(defs[lang])}</span>'))
            for pred, name in ((RDFS.subClassOf, "Subklasse van"), (RDFS.subPropertyOf, "Subeigenschap van"),
                               (RDFS.domain, "Domein"), (RDFS.range, "Bereik"), (SKOS.inScheme, "In schema"),
                               (RDFS.seeAlso, "Zie ook")):
                vals = [o for o in index.values(iri, pred) if not isinstance(o, BNode)]
                if vals:
                    rows.append((name, ", ".join(link(o, _short(o, ns, index)) for o in sorted(vals, key=str))))
            for head_node in index.values(iri, OWL.propertyChainAxiom):
                steps = _chain(index, head_node)
                rows.append(("Ketting", " / ".join(link(s, _short(s, ns, index)) for s in steps)))
            subs = [s for s in index.referrers(iri, RDFS.subClassOf) + index.referrers(iri, RDFS.subPropertyOf) if isinstance(s, URIRef)]
            if subs:
                rows.append(("Specialisaties", ", ".join(link(s, _short(s, ns, index)) for s in sorted(subs, key=str))))
            uses = sorted(used_as.get(iri, []), key=lambda u: (u[0], str(u[1])))
            if uses:
                rows.append(("Gebruikt als", ", ".join(f"{role} {link(p, _short(p, ns, index))}" for role, p in uses)))
            members = [s for s in index.referrers(iri, SKOS.inScheme) if isinstance(s, URIRef)]
            if members:
                rows.append(("Begrippen", ", ".join(link(m, index.label(m)) for m in sorted(members, key=str))))
            instances = len(index.referrers(iri, RDF.type))
            if instances and key == "klassen":
                rows.append(("Aantal in de graaf", str(instances)))
            table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
            parts.append(f'<article class="term" id="{esc(local)}"><h3>{head} <code class="prefix">npdw:{esc(local)}</code></h3>'
                         f'<table class="eigenschappen">{table}</table></article>')
        parts.append("</section>")
    return title, "\n".join(parts)


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
