"""``npdw site``: a static, offline site with one page per resource, for people and linked-data clients.

Layout of ``dist/site/`` (all links relative, so the folder works from disk or behind any server)::

    index.html                        start page: pillars, types, vocabulary
    doc/<type>/<slug>.html            one page per IRI BASE/id/<type>/<slug>
    doc/<type>/<slug>.ttl / .jsonld   its description (describe.py) as Turtle / JSON-LD (inline context)
    doc/<type>/index.html             index per type (the slug ``index`` is therefore reserved)
    pijlers/<slug>.html               overview per pillar: goals, efforts, links to other pillars
    def/index.html                    the vocabulary (ontology_doc.py); BASE/def/X is def/index.html#X

The server (``serve.py``) answers ``/id/<type>/<slug>`` with a 303 to ``/doc/<type>/<slug>`` and
serves these files for ``/doc/...``. Pages hold no scripts and load nothing from elsewhere; every
label and value is HTML-escaped, and only http(s) IRIs and site paths become links.
Generation is linear: the graph is indexed once (``GraphIndex``) and each page reads only its own
entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from npdw_graph.atomic import exclusive_lock, staged_directory
from npdw_graph.describe import GraphIndex, Triple, describe_triples
from npdw_graph.errors import NpdwError
from npdw_graph.export import (
    build_context,
    check_output_folder,
    dump_json,
    normalise_base,
    prefixes_for,
    rebase_triples,
    serialize_rdf,
    to_jsonld,
)
from npdw_graph.ontology_doc import documented_terms, render_ontology
from npdw_graph.project import Project

MARKER = ".npdw-site"
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
QB = Namespace("http://purl.org/linked-data/cube#")
PROV = Namespace("http://www.w3.org/ns/prov#")

# Dutch names for the standard properties (the project's own come from the ontology's @nl labels).
PREDICATE_NL: dict[str, str] = {
    str(RDF.type): "soort", str(RDFS.label): "naam", str(RDFS.comment): "toelichting", str(RDFS.seeAlso): "zie ook",
    str(DCTERMS.description): "beschrijving", str(DCTERMS.source): "bron", str(DCTERMS.title): "titel",
    str(DCTERMS.identifier): "kenmerk", str(DCTERMS.isPartOf): "deel van", str(DCTERMS.publisher): "uitgever",
    str(DCTERMS.created): "gemaakt", str(DCTERMS.modified): "gewijzigd", str(DCTERMS.license): "licentie",
    str(SKOS.altLabel): "ook genoemd", str(SKOS.prefLabel): "voorkeursnaam", str(SKOS.definition): "definitie",
    str(SKOS.note): "notitie", str(SKOS.inScheme): "in begrippenschema", str(SKOS.broader): "breder begrip",
    str(ORG.hasUnit): "heeft onderdeel", str(ORG.unitOf): "onderdeel van", str(ORG.member): "lid",
    str(ORG.organization): "organisatie", str(ORG.role): "rol", str(ORG.postIn): "functie in", str(ORG.heldBy): "bekleed door",
    str(ORG.hasMember): "heeft lid", str(ORG.subOrganizationOf): "onderdeel van", str(FOAF.name): "naam",
    str(QB.dataSet): "dataset", str(QB.structure): "structuur", str(QB.component): "component",
    str(QB.dimension): "dimensie", str(QB.measure): "meetwaarde", str(QB.attribute): "kenmerk",
    str(PROV.wasAttributedTo): "vastgesteld door", str(PROV.wasDerivedFrom): "afgeleid van",
    str(DCTERMS.creator): "maker", str(DCTERMS.date): "datum", str(DCTERMS.issued): "uitgegeven", str(FOAF.homepage): "website",
}
CLASS_NL: dict[str, str] = {
    str(ORG.Organization): "organisatie", str(ORG.OrganizationalUnit): "organisatieonderdeel", str(ORG.Post): "functie",
    str(ORG.Role): "rol", str(ORG.Membership): "lidmaatschap", str(FOAF.Document): "document", str(FOAF.Person): "persoon",
    str(QB.Observation): "meting", str(QB.DataSet): "dataset", str(QB.DataStructureDefinition): "datastructuur",
    str(SKOS.ConceptScheme): "begrippenschema", str(SKOS.Concept): "begrip", str(PROV.Activity): "activiteit",
    str(PROV.Plan): "plan",
}
TYPE_TITLES: dict[str, str] = {
    "inspanning": "Inspanningen", "doel": "Doelen", "organisatie": "Organisaties", "financiering": "Financiering",
    "regeling": "Regelingen", "resultaat": "Beoogde resultaten", "randvoorwaarde": "Randvoorwaarden",
    "document": "Projectdocumenten", "participatie": "Participatie", "gebied": "Gebieden", "pijler": "Pijlers",
    "sectie": "Secties van de bron", "programma": "Programma's", "indicator": "Indicatoren", "observatie": "Metingen",
    "dataset": "Datasets", "tegenstrijdigheid": "Tegenstrijdigheden in de bron", "opgave": "Urgente opgaven",
    "functie": "Functies", "rol": "Partnerrollen", "organisatietype": "Organisatietypen", "tabel": "Gepubliceerde tabellen",
    "woningbouwproject": "Woningbouwprojecten",
}
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafaf7;line-height:1.5}
header,main,footer{max-width:62rem;margin:0 auto;padding:0 1rem}
header{padding-top:.8rem;font-size:.9rem}header a{color:#154273}
h1{font-size:1.7rem;margin:.6rem 0 .2rem}h2{font-size:1.25rem;margin-top:1.8rem;border-bottom:2px solid #d8e3ef}
h3{font-size:1.05rem;margin-bottom:.3rem}a{color:#154273}a:visited{color:#4b2a73}
.soort{color:#555;margin:0 0 .6rem}.bron{font-size:.9rem;color:#444;background:#eef3f8;padding:.4rem .6rem;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e3e3e3}
th{width:14rem;font-weight:600;color:#333}table.knoop{background:#f4f4ef;margin:.2rem 0;font-size:.92rem}table.knoop th{width:9rem}
.kaart{background:#fff;border:1px solid #d8e3ef;border-radius:6px;padding:.2rem 1rem 1rem;margin:1rem 0}
.kaart h3{color:#154273}.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:3px;margin-left:.3rem;vertical-align:middle}
.genoemd{background:#dcefdc;color:#1d5e1d}.afgeleid{background:#fbeed5;color:#7a4b00}
.taal{font-size:.75rem;color:#666;margin-left:.2rem}.iri{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}
.en{color:#666;font-weight:normal}footer{font-size:.85rem;color:#555;margin-top:2rem;padding-bottom:2rem;border-top:1px solid #ddd}
ul.lijst{columns:2;padding-left:1.2rem}ul.kort{padding-left:1.2rem;margin:.2rem 0}code.prefix{font-size:.8rem;color:#666}
"""


@dataclass
class SiteResult:
    out_dir: Path
    resources: int
    pages: int


def format_euro(lexical: str) -> str:
    """``624321.00`` -> ``€ 624.321``; ``1500.5`` -> ``€ 1.500,50`` (Dutch notation)."""
    try:
        amount = Decimal(lexical)
    except InvalidOperation:
        return lexical
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def is_web_iri(text: str) -> bool:
    """True for an absolute http(s) IRI that is safe to use as a link."""
    if any(c.isspace() or ord(c) < 32 for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class Site:
    """Everything needed to render pages: the index, the page of each IRI, the vocabulary terms."""

    def __init__(self, triples: list[Triple], base: str):
        self.base = base
        self.id_ns = base + "id/"
        self.def_ns = base + "def/"
        self.V = Namespace(self.def_ns)
        self.index = GraphIndex(triples)
        self.triples = triples
        self.prefixes = prefixes_for(base)
        self.context = build_context(triples, base)
        self.terms = documented_terms(self.index, base)
        self.pages: dict[Node, tuple[str, str]] = {}
        for node in self.index.nodes():
            if isinstance(node, URIRef) and str(node).startswith(self.id_ns):
                self.pages[node] = self._place(node)
        self.pillars = sorted((p for p in self.index.referrers(self.V.Pillar, RDF.type) if p in self.pages), key=self._order)

    def _place(self, iri: URIRef) -> tuple[str, str]:
        rest = str(iri)[len(self.id_ns):]
        parts = rest.split("/")
        if len(parts) != 2 or not all(_SEGMENT.match(p) for p in parts) or parts[1] == "index":
            raise NpdwError(f"cannot make a page for {iri}: expected {self.id_ns}<type>/<slug> with letters, digits, '.', '_', '~', '-' "
                            "(and a slug other than 'index')")
        return parts[0], parts[1]

    def _order(self, node: Node) -> tuple[int, str]:
        order = self.index.value(node, self.V.sortOrder)
        try:
            n = int(order) if order is not None else 10**6
        except ValueError:
            n = 10**6
        return (n, self.index.label(node).casefold())

    # ------------------------------------------------------------------ links and values

    def href(self, node: Node, up: str) -> str | None:
        if node in self.pages:
            t, s = self.pages[node]
            return f"{up}doc/{t}/{s}.html"
        text = str(node)
        if not isinstance(node, URIRef):
            return None
        if text.startswith(self.def_ns):
            local = text[len(self.def_ns):]
            if local == "":
                return f"{up}def/index.html"
            return f"{up}def/index.html#{local}" if local in self.terms else None
        if text.startswith(self.base):
            return None  # under the base but without a page (e.g. a skolem IRI)
        return text if is_web_iri(text) else None

    def link(self, node: Node, up: str, text: str | None = None) -> str:
        label = text if text is not None else self.name(node)
        target = self.href(node, up)
        if target is None:
            return _esc(label)
        return f'<a href="{_esc(target)}">{_esc(label)}</a>'

    def name(self, node: Node) -> str:
        if str(node) in CLASS_NL:
            return CLASS_NL[str(node)]
        if isinstance(node, URIRef) and not self.index.out(node):
            text = str(node)
            for prefix, ns in self.prefixes.items():
                if text.startswith(ns) and len(text) > len(ns):
                    return f"{prefix}:{text[len(ns):]}" if prefix != "npdw" else text[len(ns):]
        return self.index.label(node)

    def predicate_name(self, p: Node) -> str:
        text = str(p)
        if text in PREDICATE_NL:
            return PREDICATE_NL[text]
        labels = [o for o in self.index.values(p, RDFS.label) if isinstance(o, Literal) and o.language == "nl"]
        return str(labels[0]) if labels else self.name(p)

    def badge(self, node: Node) -> str:
        basis = self.index.value(node, self.V.basis)
        if basis == self.V.Stated:
            return '<span class="badge genoemd" title="De bron noemt dit verband zelf.">genoemd</span>'
        if basis == self.V.Inferred:
            return '<span class="badge afgeleid" title="Afgeleid door de samenstellers; de reden staat erbij.">afgeleid</span>'
        return ""

    def literal(self, o: Literal) -> str:
        out = _esc(o)
        if o.language and o.language != "nl":
            out += f'<span class="taal">{_esc(o.language)}</span>'
        return out

    def value(self, o: Node, up: str, depth: int = 0) -> str:
        if isinstance(o, Literal):
            return self.literal(o)
        if isinstance(o, BNode):
            return self.bnode(o, up, depth + 1)
        return self.link(o, up)

    def bnode(self, b: Node, up: str, depth: int) -> str:
        """A blank node (qualified link, OCR repair, target, ...) rendered in place."""
        if depth > 4:
            return "(…)"
        rows = []
        types = [t for t in self.index.values(b, RDF.type)]
        head = ", ".join(self.link(t, up) for t in sorted(types, key=str))
        head += self.badge(b)
        for p, vals in self._grouped(self.index.out(b)):
            if p in (RDF.type, self.V.basis):
                continue
            rows.append(f"<tr><th>{self.link(p, up, self.predicate_name(p))}</th><td>{self._values(vals, up, depth)}</td></tr>")
        return f'<table class="knoop"><caption>{head}</caption>{"".join(rows)}</table>' if head else f'<table class="knoop">{"".join(rows)}</table>'

    def _values(self, vals: list[Node], up: str, depth: int = 0) -> str:
        rendered = [self.value(v, up, depth) for v in sorted(vals, key=self._value_key)]
        if len(rendered) == 1:
            return rendered[0]
        return '<ul class="kort">' + "".join(f"<li>{r}</li>" for r in rendered) + "</ul>"

    def _value_key(self, o: Node) -> tuple[int, str]:
        if isinstance(o, URIRef):
            return (0, self.index.label(o).casefold())
        if isinstance(o, Literal):
            return (1, str(o))
        return (2, self.index.label(self.index.value(o, self.V.goal) or self.index.value(o, self.V.organisation) or o).casefold())

    def _grouped(self, pairs: Iterable[tuple[Node, Node]]) -> list[tuple[Node, list[Node]]]:
        groups: dict[Node, list[Node]] = {}
        for p, o in pairs:
            groups.setdefault(p, []).append(o)
        first = {RDF.type: 0, RDFS.label: 1, DCTERMS.description: 2}
        return sorted(groups.items(), key=lambda kv: (first.get(kv[0], 9), self.predicate_name(kv[0]).casefold(), str(kv[0])))

    # ------------------------------------------------------------------ pages

    def shell(self, title: str, body: str, up: str, crumbs: list[tuple[str, str]] | None = None, head: str = "") -> str:
        trail = [f'<a href="{_esc(up)}index.html">Dordt West kennisgraaf</a>']
        trail += [f'<a href="{_esc(href)}">{_esc(text)}</a>' for href, text in (crumbs or [])]
        return (
            "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(title)} · Nationaal Programma Dordt West</title>\n<style>{CSS}</style>\n{head}</head>\n<body>\n"
            f"<header><nav>{' › '.join(trail)}</nav></header>\n<main>\n{body}\n</main>\n"
            f'<footer><p>Nationaal Programma Dordt West als kennisgraaf · <a href="{_esc(up)}def/index.html">vocabulaire</a>'
            " · gegevens uit het Uitvoeringsprogramma Dordt West 2024-2026.</p></footer>\n</body>\n</html>\n"
        )

    def citation(self, node: Node, up: str) -> str:
        sources = self.index.values(node, DCTERMS.source)
        lines = [o for o in self.index.values(node, self.V.sourceLine) if isinstance(o, Literal)]
        if not sources and not lines:
            return ""
        parts = [", ".join(self.link(s, up) for s in sorted(sources, key=str))] if sources else []
        if lines:
            parts.append("regel " + ", ".join(_esc(o) for o in sorted(lines, key=str)))
        return f'<p class="bron">Bron: {", ".join(parts)} van het Uitvoeringsprogramma Dordt West 2024-2026.</p>'

    def resource_page(self, iri: URIRef) -> str:
        t, slug = self.pages[iri]
        up = "../../"
        label = self.index.label(iri)
        types = self.index.values(iri, RDF.type)
        body = [f"<h1>{_esc(label)}</h1>"]
        if types:
            body.append('<p class="soort">' + ", ".join(self.link(c, up) for c in sorted(types, key=str)) + "</p>")
        body.append(self.citation(iri, up))
        for pred in ((SKOS.definition,) if self.V.Effort in types else (DCTERMS.description, SKOS.definition)):
            for o in self.index.values(iri, pred):
                if isinstance(o, Literal) and o.language in (None, "nl"):
                    body.append(f"<p>{_esc(o)}</p>")
        if self.V.Effort in types:
            body.append(self.effort_card(iri, up))
        if iri in self.pillars:
            body.append(f'<p><a href="{up}pijlers/{_esc(slug)}.html">Overzicht van deze pijler: doelen en inspanningen</a></p>')
        rows = [f"<tr><th>{self.link(p, up, self.predicate_name(p))}</th><td>{self._values(vals, up)}</td></tr>"
                for p, vals in self._grouped(self.index.out(iri))]
        if rows:
            body.append('<h2>Alle gegevens</h2><table class="eigenschappen">' + "".join(rows) + "</table>")
        body.append(self.inverse_section(iri, up))
        body.append(f'<h2>Gegevens en identificatie</h2><p>IRI: <span class="iri">{_esc(iri)}</span></p>'
                    f'<p>Deze beschrijving als gekoppelde data: <a href="{_esc(slug)}.ttl" type="text/turtle">Turtle</a> · '
                    f'<a href="{_esc(slug)}.jsonld" type="application/ld+json">JSON-LD</a></p>')
        head = (f'<link rel="alternate" type="text/turtle" href="{_esc(slug)}.ttl">\n'
                f'<link rel="alternate" type="application/ld+json" href="{_esc(slug)}.jsonld">\n')
        return self.shell(label, "\n".join(b for b in body if b), up, [(f"{up}doc/{t}/index.html", TYPE_TITLES.get(t, t))], head)

    def inverse_section(self, iri: URIRef, up: str) -> str:
        groups: dict[Node, list[str]] = {}
        for s, p in self.index.inn(iri):
            if isinstance(s, BNode):
                owner = self.index.owner(s)
                holder = self.index.holder(s)
                if owner is not None and holder is not None:
                    via = self.predicate_name(holder[1])
                    extra = self._link_note(s)
                    html = f"{self.link(owner, up)}{self.badge(s)} <small>via {_esc(via)}{extra}</small>"
                    groups.setdefault(p, []).append(html)
                else:
                    groups.setdefault(p, []).append(self.bnode(s, up, 1))
            else:
                groups.setdefault(p, []).append(self.link(s, up))
        if not groups:
            return ""
        rows = []
        for p in sorted(groups, key=lambda p: (self.predicate_name(p).casefold(), str(p))):
            items = sorted(set(groups[p]), key=lambda h: re.sub(r"<[^>]+>", "", h).casefold())
            cell = items[0] if len(items) == 1 else '<ul class="kort">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
            rows.append(f"<tr><th>{_esc(self.predicate_name(p))} (van)</th><td>{cell}</td></tr>")
        return '<h2>Verwijzingen naar deze pagina</h2><table class="eigenschappen">' + "".join(rows) + "</table>"

    def _link_note(self, b: Node) -> str:
        role = self.index.value(b, self.V.role)
        return f", rol: {_esc(self.index.label(role))}" if role is not None else ""

    # ------------------------------------------------------------------ the practice-example card

    def effort_card(self, e: URIRef, up: str) -> str:
        V, ix = self.V, self.index
        wat = []
        for label, pred in (("Pijler", V.primaryPillar), ("Status", V.status), ("Paragraaf", V.inSection)):
            vals = ix.values(e, pred)
            if vals:
                wat.append(f"<tr><th>{label}</th><td>{', '.join(self.link(v, up) for v in sorted(vals, key=str))}</td></tr>")
        waarom = []
        for c in sorted(ix.values(e, V.contribution), key=self._value_key):
            goal = ix.value(c, V.goal)
            why = ix.value(c, V.reason) or ix.value(c, V.evidence)
            waarom.append(f"<li>{self.link(goal, up) if goal is not None else '?'}{self.badge(c)}"
                          + (f" <small>{_esc(why)}</small>" if why is not None else "") + "</li>")
        wie = []
        for ps in sorted(ix.values(e, V.partnership), key=self._value_key):
            org = ix.value(ps, V.organisation)
            role = ix.value(ps, V.role)
            why = ix.value(ps, V.evidence) or ix.value(ps, V.reason)
            wie.append(f"<li>{self.link(org, up) if org is not None else '?'}"
                       + (f" ({_esc(self.index.label(role))})" if role is not None else "") + self.badge(ps)
                       + (f" <small>{_esc(why)}</small>" if why is not None else "") + "</li>")
        geld = [self._funding_item(f, up) for f in sorted(ix.values(e, V.hasFunding), key=self._value_key)]
        waar = [self.link(a, up) for a in sorted(ix.values(e, V.inArea), key=self._value_key)]
        results = []
        for r in sorted(ix.values(e, V.intendedResult), key=self._value_key):
            desc = ix.value(r, DCTERMS.description)
            results.append(f"<li>{self.link(r, up)}" + (f" <small>{_esc(desc)}</small>" if desc is not None else "") + "</li>")

        def block(title: str, items: list[str], empty: str) -> str:
            content = "<ul>" + "".join(items) + "</ul>" if items else f"<p><em>{_esc(empty)}</em></p>"
            return f"<h3>{_esc(title)}</h3>{content}"

        desc = ix.value(e, DCTERMS.description)
        return (
            '<section class="kaart"><h2>Praktijkvoorbeeld</h2>'
            f"<h3>Wat</h3><p>{_esc(desc) if desc is not None else '<em>Geen beschrijving.</em>'}</p>"
            + (f'<table class="eigenschappen">{"".join(wat)}</table>' if wat else "")
            + block("Waarom: draagt bij aan", waarom, "De bron koppelt deze inspanning niet aan een doel.")
            + block("Wie: partners", wie, "De bron noemt geen partners.")
            + block("Met welk geld", geld, "De bron noemt geen financiering voor deze inspanning.")
            + (f"<h3>Waar</h3><p>{', '.join(waar)}</p>" if waar else "<h3>Waar</h3><p><em>Geen gebied genoemd.</em></p>")
            + block("Beoogde resultaten 2026", results, "De bron noemt geen beoogde resultaten.")
            + "</section>"
        )

    def _funding_item(self, f: Node, up: str) -> str:
        V, ix = self.V, self.index
        bits = [self.link(f, up)]
        amount = ix.value(f, V.amount)
        if isinstance(amount, Literal):
            bits.append(f"<strong>{_esc(format_euro(str(amount)))}</strong>")
        elif ix.value(f, V.amountAsWritten) is None:
            bits.append("<em>bedrag niet genoemd</em>")
        basis = ix.value(f, V.amountBasis)
        if basis is not None:
            bits.append(_esc(ix.label(basis)))
        start, end = ix.value(f, V.startYear), ix.value(f, V.endYear)
        if start is not None or end is not None:
            bits.append(_esc(f"{start or '?'}–{end or '?'}" if start != end else str(start)))
        elif ix.value(f, V.periodAsWritten) is not None:
            bits.append(_esc(ix.value(f, V.periodAsWritten)))
        for scheme in ix.values(f, V.scheme):
            funders = ix.values(scheme, V.funder)
            text = "regeling " + self.link(scheme, up)
            if funders:
                text += " van " + ", ".join(self.link(x, up) for x in sorted(funders, key=str))
            bits.append(text)
        status = ix.value(f, V.allocationStatus)
        if status is not None:
            bits.append(_esc(ix.label(status)))
        return "<li>" + " · ".join(bits) + "</li>"

    # ------------------------------------------------------------------ index pages

    def type_index(self, t: str, members: list[URIRef]) -> str:
        up = "../../"
        title = TYPE_TITLES.get(t, t)
        body = [f"<h1>{_esc(title)}</h1><p>{len(members)} in de graaf.</p>"]
        if t == "inspanning":
            by_pillar: dict[Node | None, list[URIRef]] = {}
            for m in members:
                by_pillar.setdefault(self.index.value(m, self.V.primaryPillar), []).append(m)
            for pillar in [*self.pillars, *(p for p in by_pillar if p not in self.pillars)]:
                group = by_pillar.get(pillar)
                if not group:
                    continue
                heading = self.link(pillar, up) if pillar is not None else "Zonder pijler"
                body.append(f"<h2>{heading}</h2>{self._list(group, up)}")
        else:
            body.append(self._list(members, up))
        return self.shell(title, "\n".join(body), up)

    def _list(self, members: list[URIRef], up: str) -> str:
        items = sorted(members, key=lambda m: (self.index.label(m).casefold(), str(m)))
        return '<ul class="lijst">' + "".join(f"<li>{self.link(m, up)}</li>" for m in items) + "</ul>"

    def pillar_overview(self, pillar: URIRef) -> str:
        up = "../"
        V, ix = self.V, self.index
        label = ix.label(pillar)
        body = [f"<h1>Pijler: {_esc(label)}</h1>", f"<p>{self.link(pillar, up, 'Alle gegevens over deze pijler')}</p>"]
        strategic = sorted((g for g in ix.referrers(pillar, V.inPillar) if V.StrategicGoal in ix.values(g, RDF.type)), key=self._order)
        body.append("<h2>Doelen (Bijlage 1) en de inspanningen die eraan bijdragen</h2>")
        if not strategic:
            body.append("<p><em>Geen strategische doelen in deze pijler.</em></p>")
        for sg in strategic:
            items = []
            for og in sorted(ix.referrers(sg, V.specialises), key=self._order):
                efforts = []
                for c in ix.referrers(og, V.goal):
                    owner = ix.owner(c)
                    if owner is not None:
                        efforts.append((ix.label(owner).casefold(), f"{self.link(owner, up)}{self.badge(c)}"))
                eff = "".join(f"<li>{h}</li>" for _k, h in sorted(efforts)) or "<li><em>geen inspanning</em></li>"
                items.append(f'<li>{self.link(og, up)}<ul class="kort">{eff}</ul></li>')
            body.append(f"<h3>{self.link(sg, up)}</h3><ul>{''.join(items)}</ul>")
        efforts = [e for e in ix.referrers(pillar, V.primaryPillar) if V.Effort in ix.values(e, RDF.type)]
        body.append(f"<h2>Inspanningen van deze pijler ({len(efforts)})</h2>")
        by_status: dict[Node | None, list[URIRef]] = {}
        for e in efforts:
            by_status.setdefault(ix.value(e, V.status), []).append(e)  # type: ignore[arg-type]
        for status in sorted(by_status, key=lambda s: self.index.label(s) if s is not None else "~"):
            heading = _esc(ix.label(status)) if status is not None else "zonder status"
            body.append(f"<h3>{heading}</h3>{self._list(by_status[status], up)}")
        touching = []
        for link in ix.referrers(pillar, V.pillar):
            owner = ix.owner(link)
            if owner is not None:
                why = ix.value(link, V.reason)
                touching.append((ix.label(owner).casefold(), f"<li>{self.link(owner, up)}{self.badge(link)}"
                                 + (f" <small>{_esc(why)}</small>" if why is not None else "") + "</li>"))
        if touching:
            body.append(f"<h2>Inspanningen van andere pijlers die deze pijler raken ({len(touching)})</h2>"
                        "<ul>" + "".join(h for _k, h in sorted(touching)) + "</ul>")
        others = sorted({s for s, p in ix.inn(pillar) if isinstance(s, URIRef) and p in (V.inPillar, V.forPillar)
                         and V.StrategicGoal not in ix.values(s, RDF.type) and V.OperationalGoal not in ix.values(s, RDF.type)},
                        key=lambda n: ix.label(n).casefold())
        if others:
            body.append("<h2>Secties en organisatie</h2>" + self._list(others, up))
        return self.shell(f"Pijler {label}", "\n".join(body), up, [("../doc/pijler/index.html", "Pijlers")])

    def home(self, types: dict[str, list[URIRef]]) -> str:
        up = ""
        body = ["<h1>Nationaal Programma Dordt West: de kennisgraaf</h1>",
                "<p>Doelen, inspanningen, partners, financiering en wijken van het Uitvoeringsprogramma Dordt West 2024-2026, "
                "met bij elk gegeven de plek in de bron. Verbanden die de bron zelf noemt zijn gemarkeerd als "
                '<span class="badge genoemd">genoemd</span>; verbanden die de samenstellers hebben afgeleid als '
                '<span class="badge afgeleid">afgeleid</span>, met de reden erbij.</p>']
        if self.pillars:
            body.append("<h2>De vijf pijlers</h2><ul>" + "".join(
                f'<li><a href="pijlers/{_esc(self.pages[p][1])}.html">{_esc(self.index.label(p))}</a></li>' for p in self.pillars) + "</ul>")
        body.append('<h2>Alles per soort</h2><ul class="lijst">' + "".join(
            f'<li><a href="doc/{_esc(t)}/index.html">{_esc(TYPE_TITLES.get(t, t))}</a> ({len(m)})</li>'
            for t, m in sorted(types.items(), key=lambda kv: TYPE_TITLES.get(kv[0], kv[0]).casefold())) + "</ul>")
        body.append('<h2>Vocabulaire</h2><p>De begrippen en eigenschappen van de graaf, met definities in het Nederlands en Engels: '
                    '<a href="def/index.html">documentatie van de ontologie</a>.</p>')
        body.append("<h2>Voor computers</h2><p>Elke pagina heeft haar gegevens ernaast als Turtle en JSON-LD. "
                    f'Identificatoren beginnen met <span class="iri">{_esc(self.id_ns)}</span>; de hele graaf is te downloaden '
                    "als Turtle, N-Triples, RDF/XML, JSON-LD, TriG en CSV (<code>npdw export</code>).</p>")
        return self.shell("Start", "\n".join(body), up)

    def ontology_page(self) -> str:
        up = "../"
        title, body = render_ontology(self.index, self.base, lambda node, text: self.link(node, up, text))
        return self.shell(title, body, up)

    # ------------------------------------------------------------------ alternates

    def alternates(self, iri: URIRef) -> tuple[bytes, bytes]:
        triples = list(dict.fromkeys(describe_triples(None, iri, self.index)))
        ttl = serialize_rdf(triples, "ttl", self.prefixes)
        jsonld = dump_json(to_jsonld(triples, self.context))
        return ttl, jsonld


def write_site(triples: list[Triple], out_dir: Path, base: str) -> SiteResult:
    """Render every page into ``out_dir`` (replaced as a whole, atomically)."""
    check_output_folder(out_dir, MARKER)
    site = Site(triples, base)
    types: dict[str, list[URIRef]] = {}
    for iri, (t, _slug) in site.pages.items():
        types.setdefault(t, []).append(iri)  # type: ignore[arg-type]
    pages = 0
    with exclusive_lock(out_dir.parent, "site"), staged_directory(out_dir) as stage:
        (stage / MARKER).write_text("Written by `npdw site`; the whole folder is replaced on the next run.\n", encoding="utf-8")
        for t, members in types.items():
            folder = stage / "doc" / t
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_text(site.type_index(t, members), encoding="utf-8")
            pages += 1
            for iri in members:
                slug = site.pages[iri][1]
                (folder / f"{slug}.html").write_text(site.resource_page(iri), encoding="utf-8")
                ttl, jsonld = site.alternates(iri)
                (folder / f"{slug}.ttl").write_bytes(ttl)
                (folder / f"{slug}.jsonld").write_bytes(jsonld)
                pages += 1
        (stage / "pijlers").mkdir()
        for p in site.pillars:
            (stage / "pijlers" / f"{site.pages[p][1]}.html").write_text(site.pillar_overview(p), encoding="utf-8")  # type: ignore[arg-type]
            pages += 1
        (stage / "def").mkdir()
        (stage / "def" / "index.html").write_text(site.ontology_page(), encoding="utf-8")
        (stage / "index.html").write_text(site.home(types), encoding="utf-8")
        (stage / "doc" / "context.jsonld").write_bytes(dump_json({"@context": site.context.to_json()}))
        pages += 2
    return SiteResult(out_dir=out_dir, resources=len(site.pages), pages=pages)


def build_site(project: Project, out_dir: Path | None = None, base: str | None = None, graph: Graph | None = None) -> SiteResult:
    """``npdw site``: the built graph (rebased to ``base``) as a static site in ``dist/site/``."""
    from npdw_graph.build import load_graph

    base = normalise_base(base)
    g = graph if graph is not None else load_graph(project)
    triples = list(dict.fromkeys(rebase_triples(g, base)))
    return write_site(triples, out_dir or (project.dist_dir / "site"), base)


def page_path(site_root: Path, iri: str, base: str) -> Path | None:
    """Where the page of ``iri`` lives in a written site (None if it is not under ``BASE/id/``)."""
    prefix = base + "id/"
    if not iri.startswith(prefix):
        return None
    return site_root / "doc" / (iri[len(prefix):] + ".html")


__all__ = ["Site", "SiteResult", "build_site", "write_site", "page_path", "is_web_iri", "format_euro"]
