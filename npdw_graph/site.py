"""``npdw site``: the programme portal as a static, offline folder (``dist/site/``).

Layout (all links relative, so the folder works from disk or behind ``npdw serve``)::

    index.html                        Start: every product of the portal, the pillars, everything per type
    inspanningen/index.html           every effort with facets (pijler, wijk, status, financier, ...)
    netwerk/ · vragen/ · monitor/     the network, the coordinator's questions, the report (their modules' pages)
    bijlage-2/index.html              Bijlage 2 regenerated (bijlage2.py)
    def/index.html                    Begrippen: the vocabulary (ontology_doc.py); BASE/def/X is def/index.html#X
    over/index.html, data/            Over de data: the downloads with size and licence
    zoeken/index.html                 search over names, other names and codes (web/search.py)
    doc/<type>/<slug>.html            one page per IRI BASE/id/<type>/<slug>: a readable profile, all data folded away
    doc/<type>/<slug>.ttl / .jsonld   its description (describe.py) as Turtle / JSON-LD (inline context)
    doc/<type>/index.html             index per type (the slug ``index`` is therefore reserved)
    pijlers/<slug>.html               overview per pillar: goals, efforts, links to other pillars
    static/                           the one stylesheet and the scripts (package data)

Every page comes from a template of the one web layer (``npdw_graph.web``, Jinja2 with
autoescaping); this module only decides what a page says and where its links go. Only http(s)
IRIs and site paths become links. Generation is linear: the graph is indexed once
(``GraphIndex``) and each page reads only its own entries; figures come from named queries.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import RDFS as _RDFS
from rdflib.namespace import SKOS as _SKOS
from rdflib.term import Node

from npdw_graph import csvsafe
from npdw_graph import figures as fig
from npdw_graph.atomic import exclusive_lock, staged_directory
from npdw_graph.describe import GraphIndex, Triple, best_label, describe_triples
from npdw_graph.errors import NpdwError
from npdw_graph.export import (
    TermCache,
    build_context,
    check_output_folder,
    dump_json,
    normalise_base,
    prefixes_for,
    rebase_term,
    rebase_triples,
    serialize_rdf,
    to_jsonld,
)
from npdw_graph.forked import Shares, alongside
from npdw_graph.namespaces import DEFAULT_BASE, Terms
from npdw_graph.ontology_doc import documented_terms, ontology_context
from npdw_graph.project import Project
from npdw_graph.query import run_query
from npdw_graph.queryengine import Engine, OxigraphEngine
from npdw_graph.querylib import load_library, resolve
from npdw_graph.rdfterms import graph_to_ox_store
from npdw_graph.web import copy_static, render, search
from npdw_graph.web.facets import CSV_COLUMNS, FACETS, effort_rows, facet_counts
from npdw_graph.web.format import euro, number
from npdw_graph.web.model import Box, Cut, Link, LinkValue, Prop, Text, Value, is_web_iri

MARKER = ".npdw-site"
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
# Looked up once per name (Terms): these are touched for every resource of the site.
DCTERMS, RDF, RDFS, SKOS = Terms(_DCTERMS), Terms(_RDF), Terms(_RDFS), Terms(_SKOS)
ORG = Terms(Namespace("http://www.w3.org/ns/org#"))
FOAF = Terms(Namespace("http://xmlns.com/foaf/0.1/"))
QB = Terms(Namespace("http://purl.org/linked-data/cube#"))
PROV = Terms(Namespace("http://www.w3.org/ns/prov#"))

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
SOURCE_TITLE = "Uitvoeringsprogramma Dordt West 2024-2026"


@dataclass
class SiteResult:
    out_dir: Path
    resources: int
    pages: int


@dataclass(frozen=True)
class Ref:
    """One item of a profile list: a link with its stated/inferred mark and a short note."""

    link: Link
    basis: str = ""
    note: str = ""
    extra: tuple[Link, ...] = ()


def money_totals(row: fig.Row) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """A funding row of the named queries (an effort's, a scheme's) as (label, amount, definition) lines: the total for
    Dordt West with its two parts, and apart the amounts never in it (only those that are not zero)."""
    totals = [("Totaal voor Dordt West", euro(row["totaal"] or 0), fig.DEFINITIONS["totaal"]),
              ("waarvan toegekend", euro(row["toegekend"] or 0), fig.DEFINITIONS["toegekend"]),
              ("waarvan begroot", euro(row["begroot"] or 0), fig.DEFINITIONS["begroot"])]
    apart = [(label, euro(row[k]), fig.DEFINITIONS[k]) for k, label in
             (("aangevraagd", "Aangevraagd"), ("statusNietVermeld", "Status niet vermeld"), ("perJaar", "Per jaar")) if row[k]]
    return totals, apart


def network_href(type_: str, slug: str) -> str:
    """The network opened on a node (the portal contract's "Toon in het netwerk" link), relative to the root."""
    return f"netwerk/index.html?focus={type_}/{slug}&radius=1"


class Site:
    """Everything needed to describe pages: the index, the page of each IRI, the vocabulary terms."""

    def __init__(self, triples: list[Triple], base: str):
        self.base = base
        self.id_ns = base + "id/"
        self.def_ns = base + "def/"
        self.V = Terms(Namespace(self.def_ns))
        self.index = GraphIndex(triples)
        self.triples = triples
        self.prefixes = prefixes_for(base)
        self.term_cache = TermCache(self.prefixes)  # the alternates share their terms: convert each once
        self.context = build_context(triples, base)
        self.terms = documented_terms(self.index, base)
        self.pages: dict[Node, tuple[str, str]] = {}
        for node in self.index.nodes():
            if isinstance(node, URIRef) and str(node).startswith(self.id_ns):
                self.pages[node] = self._place(node)
        self.pillars = sorted((p for p in self.index.referrers(self.V.Pillar, RDF.type) if p in self.pages), key=self._order)
        # "type/slug" of every node the portal's network draws (None: no network known, every page gets the button)
        self.network_keys: set[str] | None = None

    def network_link(self, t: str, slug: str) -> str | None:
        """"Toon in het netwerk" for a resource the network draws; None for one it does not (no button that leads nowhere)."""
        return network_href(t, slug) if self.network_keys is None or f"{t}/{slug}" in self.network_keys else None

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

    def _by_label(self, node: Node) -> tuple[str, str]:
        return (self.index.label(node).casefold(), str(node))

    def is_a(self, node: Node, cls: Node) -> bool:
        return cls in self.index.values(node, RDF.type)

    # ------------------------------------------------------------------ links and values

    def href(self, node: Node) -> tuple[str | None, bool]:
        """(target, external): a path under the portal root, an absolute web IRI, or None."""
        if node in self.pages:
            t, s = self.pages[node]
            return f"doc/{t}/{s}.html", False
        text = str(node)
        if not isinstance(node, URIRef):
            return None, False
        if text.startswith(self.def_ns):
            local = text[len(self.def_ns):]
            if local == "":
                return "def/index.html", False
            return (f"def/index.html#{local}", False) if local in self.terms else (None, False)
        if text.startswith(self.base):
            return None, False  # under the base but without a page (e.g. a skolem IRI)
        return (text, True) if is_web_iri(text) else (None, False)

    def link(self, node: Node, text: str | None = None) -> Link:
        href, external = self.href(node)
        return Link(text if text is not None else self.name(node), href, external)

    def links(self, nodes: Iterable[Node]) -> list[Link]:
        return [self.link(n) for n in sorted(set(nodes), key=self._by_label)]

    def name(self, node: Node) -> str:
        if str(node) in CLASS_NL:
            return CLASS_NL[str(node)]
        if isinstance(node, URIRef) and not self.index.out(node):
            text = str(node)
            for prefix, ns in self.prefixes.items():
                if text.startswith(ns) and len(text) > len(ns):
                    return f"{prefix}:{text[len(ns):]}" if prefix != "npdw" else text[len(ns):]
        return self.observation_name(node) or self.index.label(node)

    def observation_name(self, node: Node) -> str | None:
        """A measurement without a label of its own named by what it is: "Aantal woningen, Wielwijk, 2023" (not its slug)."""
        V, ix = self.V, self.index
        if not self.is_a(node, QB.Observation) or best_label(ix.out(node)) is not None:
            return None
        ind, area, period = ix.value(node, V.indicator), ix.value(node, V.refArea), ix.value(node, V.refPeriod)
        if ind is None:
            return None
        return ", ".join([ix.label(ind), *([ix.label(area)] if area is not None else []), *([str(period)] if period is not None else [])])

    def predicate_name(self, p: Node) -> str:
        text = str(p)
        if text in PREDICATE_NL:
            return PREDICATE_NL[text]
        labels = [o for o in self.index.values(p, RDFS.label) if isinstance(o, Literal) and o.language == "nl"]
        return str(labels[0]) if labels else self.name(p)

    def basis(self, node: Node) -> str:
        b = self.index.value(node, self.V.basis)
        if b == self.V.Stated:
            return "genoemd"
        if b == self.V.Inferred:
            return "afgeleid"
        return ""

    def text(self, node: Node, predicate: Node) -> str:
        """The Dutch (or untagged) text of a property, '' if there is none."""
        fallback = ""
        for o in self.index.values(node, predicate):
            if isinstance(o, Literal):
                if o.language == "nl":
                    return str(o)
                if not fallback and o.language in (None, ""):
                    fallback = str(o)
        return fallback

    def value(self, o: Node, depth: int = 0) -> Value:
        if isinstance(o, Literal):
            return Text(str(o), o.language if o.language and o.language != "nl" else "")
        if isinstance(o, BNode):
            return self.box(o, depth + 1)
        return LinkValue(self.link(o))

    def box(self, b: Node, depth: int) -> Value:
        """A blank node (qualified link, OCR repair, target, ...) described in place."""
        if depth > 4:
            return Cut()
        caption = [self.link(t) for t in sorted(self.index.values(b, RDF.type), key=str)]
        rows = [Prop(self.link(p, self.predicate_name(p)), self._values(vals, depth))
                for p, vals in self._grouped(self.index.out(b)) if p not in (RDF.type, self.V.basis)]
        return Box(caption=caption, basis=self.basis(b), rows=rows)

    def _values(self, vals: list[Node], depth: int = 0) -> list[Value]:
        return [self.value(v, depth) for v in sorted(vals, key=self._value_key)]

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

    # ------------------------------------------------------------------ one resource

    def citation(self, node: Node) -> dict[str, object] | None:
        sources = self.index.values(node, DCTERMS.source)
        lines = sorted(str(o) for o in self.index.values(node, self.V.sourceLine) if isinstance(o, Literal))
        if not sources and not lines:
            return None
        return {"sources": self.links(sources), "lines": lines}

    def properties(self, iri: Node) -> list[Prop]:
        return [Prop(self.link(p, self.predicate_name(p)), self._values(vals)) for p, vals in self._grouped(self.index.out(iri))]

    def referrers_table(self, iri: Node) -> list[tuple[str, list[Ref | Value]]]:
        """Everything that points at this resource, per property ("… (van)"), each item once."""
        groups: dict[Node, dict[object, Ref | Value]] = {}
        for s, p in self.index.inn(iri):
            if isinstance(s, BNode):
                owner = self.index.owner(s)
                holder = self.index.holder(s)
                if owner is not None and holder is not None:
                    role = self.index.value(s, self.V.role)
                    note = "via " + self.predicate_name(holder[1]) + (f", rol: {self.index.label(role)}" if role is not None else "")
                    item: Ref | Value = Ref(self.link(owner), self.basis(s), note)
                    groups.setdefault(p, {})[(owner, note, self.basis(s))] = item
                else:
                    groups.setdefault(p, {})[s] = self.box(s, 1)
            else:
                groups.setdefault(p, {})[s] = Ref(self.link(s))
        out = []
        for p in sorted(groups, key=lambda p: (self.predicate_name(p).casefold(), str(p))):
            items = sorted(groups[p].values(), key=lambda i: i.link.text.casefold() if isinstance(i, Ref) else "~")
            out.append((self.predicate_name(p) + " (van)", items))
        return out

    def resource_page(self, iri: URIRef, figures: Figures | None = None) -> str:
        t, slug = self.pages[iri]
        path = f"doc/{t}/{slug}.html"
        types = self.index.values(iri, RDF.type)
        texts = []
        for pred in ((SKOS.definition,) if self.V.Effort in types else (DCTERMS.description, SKOS.definition)):
            texts += [str(o) for o in self.index.values(iri, pred) if isinstance(o, Literal) and o.language in (None, "nl")]
        profile = self.profile(iri, t, figures or Figures())
        return render(
            "resource.html", page_path=path, active="inspanningen" if t == "inspanning" else None,
            title=self.name(iri), iri=str(iri), slug=slug, types=[self.link(c) for c in sorted(types, key=str)],
            citation=self.citation(iri), texts=texts, profile=profile,
            pillar_overview=f"pijlers/{slug}.html" if iri in self.pillars else None,
            network=self.network_link(t, slug), properties=self.properties(iri), referrers=self.referrers_table(iri),
            crumbs=[("../../doc/" + t + "/index.html", TYPE_TITLES.get(t, t))],
        )

    # ------------------------------------------------------------------ readable profiles

    def profile(self, iri: URIRef, t: str, figures: Figures) -> dict[str, object] | None:
        V = self.V
        if self.is_a(iri, V.Effort):
            return self.effort_profile(iri, figures)
        if self.is_a(iri, ORG.Organization) or self.is_a(iri, ORG.OrganizationalUnit) or t == "organisatie":
            return self.organisation_profile(iri)
        if self.is_a(iri, V.OperationalGoal) or self.is_a(iri, V.StrategicGoal):
            return self.goal_profile(iri)
        if any(self.is_a(iri, V[c]) for c in ("Wijk", "FocusArea", "Municipality", "Buurt", "Area")):
            return self.area_profile(iri, figures)
        if self.is_a(iri, V.FundingScheme):
            return self.scheme_profile(iri, figures)
        if self.is_a(iri, V.Section):
            return self.section_profile(iri)
        return None

    def _facts(self, iri: Node, rows: Iterable[tuple[str, Node]]) -> list[tuple[str, list[Link]]]:
        out = []
        for label, pred in rows:
            vals = self.index.values(iri, pred)
            if vals:
                out.append((label, [self.link(v) if not isinstance(v, Literal) else Link(str(v)) for v in sorted(vals, key=self._by_label)]))
        return out

    def effort_profile(self, e: URIRef, figures: Figures | None = None) -> dict[str, object]:
        V, ix = self.V, self.index
        goals = []
        for c in sorted(ix.values(e, V.contribution), key=self._value_key):
            goal = ix.value(c, V.goal)
            if goal is not None:
                goals.append(Ref(self.link(goal), self.basis(c), self.text(c, V.reason) or self.text(c, V.evidence)))
        partners = []
        for ps in sorted(ix.values(e, V.partnership), key=self._value_key):
            org = ix.value(ps, V.organisation)
            if org is not None:
                role = ix.value(ps, V.role)
                partners.append(Ref(self.link(org), self.basis(ps), self.text(ps, V.evidence) or self.text(ps, V.reason),
                                    (Link(ix.label(role)),) if role is not None else ()))
        results = [Ref(self.link(r), note=self.text(r, DCTERMS.description)) for r in sorted(ix.values(e, V.intendedResult), key=self._value_key)]
        return {
            "kind": "inspanning",
            "facts": self._facts(e, (("Pijler", V.primaryPillar), ("Raakt ook", V.touchesPillar), ("Status", V.status), ("Paragraaf", V.inSection))),
            "description": self.text(e, DCTERMS.description),
            "goals": goals,
            "partners": partners,
            "funding": [self._funding_item(f) for f in sorted(ix.values(e, V.hasFunding), key=self._value_key)],
            "money": self.money_profile(e, figures or Figures()),
            "areas": self.links(ix.values(e, V.inArea)),
            "results": results,
            "conditions": self.links(ix.values(e, V.condition)),
            "documents": self.links(ix.values(e, V.projectDocument)),
        }

    def money_profile(self, e: URIRef, figures: Figures) -> dict[str, object] | None:
        """An effort's money as the named queries count it (figures.effort_flows / funding_by_effort): the totals for
        Dordt West with what each counts, each money flow once with the places the source names it, and the shared
        pots (landelijk, regio, Dordrecht breed) apart, never summed. None without those figures (a partial graph)."""
        key = figures.key(e)
        summary = figures.funding.get(key)
        if summary is None:
            return None
        totals, apart = money_totals(summary)
        if summary["nietGenoemd"]:
            apart.append(("Zonder bedrag", f"{summary['nietGenoemd']} {'geldstroom' if summary['nietGenoemd'] == 1 else 'geldstromen'}",
                          fig.DEFINITIONS["nietGenoemd"]))
        own, shared = [], []
        for f in figures.flows.get(key, []):
            item = {
                "link": self.link(rebase_term(URIRef(f["financiering"]), self.base)),
                "scheme": f["regeling"] or "",
                "amount": euro(f["bedrag"]) + (" per jaar" if str(f["grondslag"]).endswith("PerYear") else "") if f["bedrag"] is not None else "",
                "status": f["statusNaam"] or "", "period": f["periode"] or "", "kind": f["soort"], "counted": bool(f["meetellen"]),
                "scope": f["reikwijdteNaam"] or "",
                "awarded_as": self.link(rebase_term(URIRef(f["toegekendAls"]), self.base)) if f["toegekendAls"] else None,
                "request": self.link(rebase_term(URIRef(f["aanvraagVan"]), self.base)) if f["aanvraagVan"] else None,
                "cites": [{"section": c["paragraaf"] or "", "line": c["regel"], "as_written": c["bedragZoalsGeschreven"] or ""}
                          for c in f["bronnen"]],
            }
            (own if f["reikwijdte"] == fig.SCOPE_DORDT_WEST else shared).append(item)
        return {"totals": totals, "apart": apart, "flows": own, "shared": shared, "posten": summary["posten"],
                "posten_definition": fig.DEFINITIONS["posten"], "shared_definition": fig.DEFINITIONS["landelijk"]}

    def _funding_item(self, f: Node) -> dict[str, object]:
        V, ix = self.V, self.index
        amount = ix.value(f, V.amount)
        start, end = ix.value(f, V.startYear), ix.value(f, V.endYear)
        if start is not None or end is not None:
            period = f"{start or '?'}–{end or '?'}" if start != end else str(start)
        else:
            period = self.text(f, V.periodAsWritten)
        schemes = []
        for scheme in sorted(ix.values(f, V.scheme), key=self._by_label):
            schemes.append((self.link(scheme), self.links(ix.values(scheme, V.funder))))
        basis = ix.value(f, V.amountBasis)
        status = ix.value(f, V.allocationStatus)
        return {
            "link": self.link(f),
            "amount": euro(str(amount)) if isinstance(amount, Literal) else "",
            "as_written": self.text(f, V.amountAsWritten),
            "basis": ix.label(basis) if basis is not None else "",
            "period": period,
            "schemes": schemes,
            "status": ix.label(status) if status is not None else "",
        }

    def organisation_profile(self, org: URIRef) -> dict[str, object]:
        V, ix = self.V, self.index
        efforts: dict[Node, dict[str, object]] = {}
        for ps in ix.referrers(org, V.organisation):
            effort = ix.owner(ps)
            if effort is None or not self.is_a(effort, V.Effort):
                continue
            entry = efforts.setdefault(effort, {"link": self.link(effort), "roles": {}, "basis": set(), "notes": []})
            role = ix.value(ps, V.role)
            if role is not None:
                entry["roles"][ix.label(role)] = None  # type: ignore[index]
            entry["basis"].add(self.basis(ps))  # type: ignore[attr-defined]
            note = self.text(ps, V.evidence) or self.text(ps, V.reason)
            if note and note not in entry["notes"]:  # type: ignore[operator]
                entry["notes"].append(note)  # type: ignore[attr-defined]
        for effort in ix.referrers(org, V.hasPartner):
            if self.is_a(effort, V.Effort) and effort not in efforts:
                efforts[effort] = {"link": self.link(effort), "roles": {}, "basis": set(), "notes": []}
        rows = []
        for effort in sorted(efforts, key=self._by_label):
            entry = efforts[effort]
            bases = sorted(b for b in entry["basis"] if b)  # type: ignore[attr-defined]
            rows.append({"link": entry["link"], "roles": list(entry["roles"]), "bases": bases, "notes": entry["notes"]})  # type: ignore[call-overload]
        schemes = []
        for scheme in sorted(ix.referrers(org, V.funder), key=self._by_label):
            funded = {s for f in ix.referrers(scheme, V.scheme) for s in ix.referrers(f, V.hasFunding) if self.is_a(s, V.Effort)}
            schemes.append((self.link(scheme), self.links(funded)))
        sections = {s for s in ix.referrers(org, V.hasPartner) if self.is_a(s, V.Section)}
        sections |= {src for ps in ix.referrers(org, V.organisation) for src in ix.values(ps, DCTERMS.source)}
        sections |= set(ix.values(org, DCTERMS.source))
        return {
            "kind": "organisatie",
            "facts": self._facts(org, (("Ook genoemd", SKOS.altLabel), ("Soort organisatie", V.orgType), ("Onderdeel van", ORG.unitOf),
                                       ("Onderdeel van", ORG.subOrganizationOf), ("Heeft onderdelen", ORG.hasUnit))),
            "efforts": rows,
            "schemes": schemes,
            "sections": [self.link(s) for s in sorted(sections, key=self._order)],
            "projects": self.links(ix.referrers(org, V.developer)),
        }

    def goal_profile(self, goal: URIRef) -> dict[str, object]:
        V, ix = self.V, self.index
        targets = []
        for target in ix.values(goal, V.target):
            ttype = ix.value(target, V.targetType)
            value = ix.value(target, V.targetValue)
            ref = ix.value(target, V.referenceArea)
            targets.append({"type": ix.label(ttype) if ttype is not None else "", "value": number(str(value)) if value is not None else "",
                            "reference": self.link(ref) if ref is not None else None,
                            "year": str(ix.value(target, V.targetYear) or ""), "comment": self.text(target, RDFS.comment)})
        indicators = []
        for ind in sorted(ix.referrers(goal, V.measuresGoal), key=self._by_label):
            unit = self.text(ind, V.unit)
            per_area: dict[Node, list[tuple[str, Node]]] = {}
            for obs in ix.referrers(ind, V.indicator):
                area, period = ix.value(obs, V.refArea), ix.value(obs, V.refPeriod)
                if area is not None and period is not None and ix.value(obs, V.value) is not None:
                    per_area.setdefault(area, []).append((str(period), obs))
            areas = []
            for area in sorted(per_area, key=self._area_rank):
                series = sorted(per_area[area], key=lambda po: po[0])
                first, last = series[0], series[-1]
                latest = (number(str(ix.value(last[1], V.value))), self.period_text(last[1], last[0])) if last is not first else None
                areas.append({"area": self.link(area), "baseline": (number(str(ix.value(first[1], V.value))), self.period_text(first[1], first[0])),
                              "latest": latest})
            indicators.append({"link": self.link(ind), "unit": unit, "areas": areas})
        stated, inferred = [], []
        for c in ix.referrers(goal, V.goal):
            effort = ix.owner(c)
            if effort is None:
                continue
            ref = Ref(self.link(effort), self.basis(c), self.text(c, V.reason) or self.text(c, V.evidence))
            (stated if ref.basis == "genoemd" else inferred).append(ref)
        return {
            "kind": "doel",
            "facts": self._facts(goal, (("Pijler", V.inPillar), ("Hoort bij strategisch doel", V.specialises), ("Jaar", V.targetYear))),
            "targets": targets,
            "indicators": indicators,
            "stated": sorted(stated, key=lambda r: r.link.text.casefold()),
            "inferred": sorted(inferred, key=lambda r: r.link.text.casefold()),
            "subgoals": [self.link(g) for g in sorted(ix.referrers(goal, V.specialises), key=self._order)],
        }

    def period_text(self, obs: Node, period: Node | None) -> str:
        """An observation's year, or "jaar niet vermeld" (the label of its npdw:periodStatus) where the source prints
        no year: a baseline all the same, but not as if the year were known."""
        status = self.index.value(obs, self.V.periodStatus)
        if status is not None:
            return self.text(status, RDFS.label) or "jaar niet vermeld"
        return str(period or "")

    def _area_rank(self, area: Node) -> tuple[int, str]:
        V = self.V
        rank = 0 if self.is_a(area, V.FocusArea) else 1 if self.is_a(area, V.Wijk) else 2 if self.is_a(area, V.Buurt) else 3
        return (rank, self.index.label(area).casefold())

    def area_profile(self, area: URIRef, figures: Figures) -> dict[str, object]:
        V, ix = self.V, self.index
        measurements = []
        for obs in ix.referrers(area, V.refArea):
            ind, period, value = ix.value(obs, V.indicator), ix.value(obs, V.refPeriod), ix.value(obs, V.value)
            if ind is None or value is None:
                continue
            measurements.append({"indicator": self.link(ind), "value": number(str(value)), "unit": self.text(obs, V.unit) or self.text(ind, V.unit),
                                 "year": self.period_text(obs, period), "link": self.link(obs, "meting")})
        measurements.sort(key=lambda m: (m["indicator"].text.casefold(), m["year"]))  # type: ignore[attr-defined]
        own = [e for e in ix.referrers(area, V.inArea) if self.is_a(e, V.Effort)]
        wider: list[Node] = []
        for parent in ix.values(area, V.partOfArea):
            if self.is_a(parent, V.FocusArea):
                wider += [e for e in ix.referrers(parent, V.inArea) if self.is_a(e, V.Effort) and e not in own]
        projects = []
        for h in sorted((h for h in ix.referrers(area, V.inArea) if self.is_a(h, V.HousingProject)), key=self._order):
            projects.append({"link": self.link(h), "total": number(str(ix.value(h, V.totalDwellings) or "")),
                             "start": str(ix.value(h, V.constructionStart) or ""), "end": str(ix.value(h, V.expectedCompletion) or "")})
        return {
            "kind": "gebied",
            "facts": self._facts(area, (("Deel van", V.partOfArea),)) + ([("Bestaat uit", self.links(ix.referrers(area, V.partOfArea)))]
                                                                           if ix.referrers(area, V.partOfArea) else []),
            "measurements": measurements,
            "efforts": self.links(own),
            "wider": self.links(wider),
            "projects": projects,
            "project_total": figures.housing_total(str(area)),
            "groups": self.area_groups(area, figures),
            "definition": fig.wijk_definition(ix.label(area)) if self.is_a(area, V.Wijk) else "",
        }

    def area_groups(self, area: URIRef, figures: Figures) -> list[dict[str, object]] | None:
        """A wijk's efforts in the one definition of "in de wijk" (figures.efforts_in_area, query inspanningen-in-wijk):
        the efforts the source ties to the wijk, then those for all of Dordt West and for all of Dordrecht, apart, each
        group with its count and its definition. None for an area that is not a wijk (or without the figures)."""
        found = figures.area_efforts.get(figures.key(area))
        if found is None:
            return None
        name = self.index.label(area)
        groups: dict[str, list[Link]] = {"in de wijk": [], "heel Dordt West": [], "Dordrecht breed": []}
        for r in found:
            groups[r["groep"]].append(self.link(rebase_term(URIRef(r["inspanning"]), self.base)))
        titles = {"in de wijk": f"Inspanningen in {name}", "heel Dordt West": "Inspanningen voor heel Dordt West",
                  "Dordrecht breed": "Inspanningen voor heel Dordrecht"}
        totals = figures.area_totals.get(figures.key(area), {})
        columns = {"in de wijk": "inDeWijk", "heel Dordt West": "heelDordtWest", "Dordrecht breed": "dordrechtBreed"}
        return [{"group": g, "title": titles[g], "count": totals.get(columns[g], 0), "definition": fig.DEFINITIONS[g], "efforts": links}
                for g, links in groups.items()]

    def scheme_profile(self, scheme: URIRef, figures: Figures | None = None) -> dict[str, object]:
        """A scheme's money flows, each marked where it is a mention of money counted elsewhere (npdw:sameMoneyAs), a
        part of another flow, or money not only for Dordt West; the total for Dordt West from financiering-per-regeling."""
        V, ix = self.V, self.index
        allocations = []
        for f in sorted(ix.referrers(scheme, V.scheme), key=self._by_label):
            item = self._funding_item(f)
            item["efforts"] = self.links(s for s in ix.referrers(f, V.hasFunding) if self.is_a(s, V.Effort))
            same, whole, scope = ix.value(f, V.sameMoneyAs), ix.value(f, DCTERMS.isPartOf), ix.value(f, V.scope)
            if same is not None:
                item["note"], item["note_link"] = "vermelding van hetzelfde geld, één keer geteld bij", self.link(same)
            elif whole is not None and self.is_a(whole, V.FundingAllocation):
                item["note"], item["note_link"] = "deel van", self.link(whole)
            elif scope is not None and scope != V.ScopeDordtWest:
                item["note"], item["note_link"] = (self.text(scope, SKOS.prefLabel) or ix.label(scope)) + "; nooit opgeteld", None
            allocations.append(item)
        money = (figures or Figures()).scheme_funding.get((figures or Figures()).key(scheme))
        totals = None
        if money is not None:
            shown, apart = money_totals(money)
            totals = shown + apart
        return {"kind": "regeling", "facts": self._facts(scheme, (("Financier", V.funder), ("Ook genoemd", SKOS.altLabel))),
                "allocations": allocations, "totals": totals}

    def section_profile(self, section: URIRef) -> dict[str, object]:
        V, ix = self.V, self.index
        return {
            "kind": "sectie",
            "facts": self._facts(section, (("Nummer", V.sectionNumber), ("Pijler", V.inPillar), ("Deel van", V.subSectionOf),
                                           ("Deel van", DCTERMS.isPartOf), ("Begint op regel", V.startLine))),
            "efforts": self.links(e for e in ix.referrers(section, V.inSection) if self.is_a(e, V.Effort)),
            "subsections": [self.link(s) for s in sorted(ix.referrers(section, V.subSectionOf), key=self._order)],
            "partners": self.links(ix.values(section, V.hasPartner)),
            "goals": self.links(ix.values(section, V.ambitionGoal)),
            "conditions": self.links(ix.values(section, V.condition)),
            "documents": self.links(ix.values(section, V.projectDocument)),
            "participation": self.links(ix.values(section, V.participation)),
        }

    # ------------------------------------------------------------------ index pages

    def type_index(self, t: str, members: list[URIRef], figures: Figures | None = None) -> str:
        groups: list[tuple[Link | None, list[Link]]] = []
        if t == "inspanning":
            by_pillar: dict[Node | None, list[URIRef]] = {}
            for m in members:
                by_pillar.setdefault(self.index.value(m, self.V.primaryPillar), []).append(m)
            for pillar in [*self.pillars, *(p for p in by_pillar if p not in self.pillars)]:
                if by_pillar.get(pillar):
                    groups.append((self.link(pillar) if pillar is not None else Link("Zonder pijler"), self.links(by_pillar[pillar])))
        else:
            groups.append((None, self.links(members)))
        counts = figures.effort_counts if figures is not None and t == "inspanning" else None
        note = (f"Het programma telt {counts['totaal']} inspanningen: {counts['inBijlage2']} in het schema van Bijlage 2 en "
                f"{counts['alleenInHoofdstukken']} die alleen de hoofdstukken noemen. Per pijler staan ze bij hun hoofdpijler: "
                f"{fig.DEFINITIONS['hoofdpijler'].lower()}") if counts else ""
        return render("type_index.html", page_path=f"doc/{t}/index.html", title=TYPE_TITLES.get(t, t), count=len(members), groups=groups,
                      active="inspanningen" if t == "inspanning" else None, note=note)

    def pillar_overview(self, pillar: URIRef, figures: Figures | None = None) -> str:
        V, ix = self.V, self.index
        strategic = []
        for sg in sorted((g for g in ix.referrers(pillar, V.inPillar) if self.is_a(g, V.StrategicGoal)), key=self._order):
            ops = []
            for og in sorted(ix.referrers(sg, V.specialises), key=self._order):
                efforts = [Ref(self.link(owner), self.basis(c)) for c in ix.referrers(og, V.goal) if (owner := ix.owner(c)) is not None]
                ops.append((self.link(og), sorted(efforts, key=lambda r: r.link.text.casefold())))
            strategic.append((self.link(sg), ops))
        efforts = [e for e in ix.referrers(pillar, V.primaryPillar) if self.is_a(e, V.Effort)]
        by_status: dict[Node | None, list[Node]] = {}
        for e in efforts:
            by_status.setdefault(ix.value(e, V.status), []).append(e)
        statuses = [(ix.label(s) if s is not None else "zonder status", self.links(by_status[s]))
                    for s in sorted(by_status, key=lambda s: self.index.label(s) if s is not None else "~")]
        touching = []
        for link in ix.referrers(pillar, V.pillar):
            owner = ix.owner(link)
            if owner is not None:
                touching.append(Ref(self.link(owner), self.basis(link), self.text(link, V.reason)))
        others = {s for s, p in ix.inn(pillar) if isinstance(s, URIRef) and p in (V.inPillar, V.forPillar)
                  and not self.is_a(s, V.StrategicGoal) and not self.is_a(s, V.OperationalGoal)}
        slug = self.pages[pillar][1]
        key = figures.key(pillar) if figures else ""
        counts = figures.pillar_counts.get(key) if figures else None
        money = figures.pillar_funding.get(key) if figures else None
        return render("pillar.html", page_path=f"pijlers/{slug}.html", title=f"Pijler {ix.label(pillar)}", label=ix.label(pillar),
                      pillar=self.link(pillar, "Alle gegevens over deze pijler"), strategic=strategic, efforts_count=len(efforts), statuses=statuses,
                      counts=counts, money=money, definitions=fig.DEFINITIONS, euro=euro,
                      touching=sorted(touching, key=lambda r: r.link.text.casefold()), others=self.links(others),
                      network=self.network_link(*self.pages[pillar]), crumbs=[("../doc/pijler/index.html", "Pijlers")])

    def home(self, types: dict[str, list[URIRef]]) -> str:
        pillars = [(Link(self.index.label(p), f"pijlers/{self.pages[p][1]}.html"), self.text(p, DCTERMS.description)) for p in self.pillars]
        kinds = [(Link(TYPE_TITLES.get(t, t), f"doc/{t}/index.html"), len(m))
                 for t, m in sorted(types.items(), key=lambda kv: TYPE_TITLES.get(kv[0], kv[0]).casefold())]
        return render("start.html", page_path="index.html", active="start", title="Start", pillars=pillars, kinds=kinds, id_ns=self.id_ns)

    def ontology_page(self) -> str:
        return render("begrippen.html", page_path="def/index.html", active="begrippen", **ontology_context(self.index, self.base, self.link))

    # ------------------------------------------------------------------ alternates

    def alternates(self, iri: URIRef) -> tuple[bytes, bytes]:
        triples = list(dict.fromkeys(describe_triples(None, iri, self.index)))
        ttl = serialize_rdf(triples, "ttl", self.prefixes, self.term_cache)
        jsonld = dump_json(to_jsonld(triples, self.context))
        return ttl, jsonld


class Figures:
    """Figures for the pages, each the answer of a named query through :mod:`npdw_graph.figures` (none without an engine).

    Keys are IRIs under the default base (where the named queries' prefixes point); :meth:`key` maps a page's IRI there.
    """

    def __init__(self, housing: dict[str, str] | None = None, funding: dict[str, fig.Row] | None = None,
                 flows: dict[str, list[fig.Row]] | None = None, pillar_counts: dict[str, fig.Row] | None = None,
                 pillar_funding: dict[str, fig.Row] | None = None, area_efforts: dict[str, list[fig.Row]] | None = None,
                 effort_counts: fig.Row | None = None, area_totals: dict[str, fig.Row] | None = None, base: str = DEFAULT_BASE):
        self._housing = housing or {}
        self.funding = funding or {}
        self.flows = flows or {}
        self.pillar_counts = pillar_counts or {}
        self.pillar_funding = pillar_funding or {}
        self.area_efforts = area_efforts or {}
        self.effort_counts = effort_counts
        self.area_totals = area_totals or {}
        self.scheme_funding: dict[str, fig.Row] = {}
        self.base = base

    def key(self, iri: Node) -> str:
        return str(rebase_term(iri, DEFAULT_BASE, self.base))

    def housing_total(self, area: str) -> str:
        return self._housing.get(area, "")

    @classmethod
    def from_queries(cls, engine: Engine, queries_dir: Path, site: Site) -> Figures:
        """The housing total per wijk from ``woningbouwprojecten-per-wijk`` (its "Totaal" row); money, counts and the
        efforts of each wijk from the queries behind :mod:`npdw_graph.figures`."""
        query = resolve("woningbouwprojecten-per-wijk", queries_dir)
        housing = {}
        for area in {a for h in site.index.referrers(site.V.HousingProject, RDF.type) for a in site.index.values(h, site.V.inArea)}:
            result = run_query(query, engine, {"wijk": f"<{rebase_term(area, DEFAULT_BASE, site.base)}>"})
            for row in result.dicts():
                if row.get("rij") == "999" and row.get("totaal"):
                    housing[str(area)] = number(row["totaal"])
        try:
            flows: dict[str, list[fig.Row]] = {}
            for f in fig.effort_flows(engine, None, queries_dir):
                flows.setdefault(f["inspanning"], []).append(f)
            pillars = [r for r in fig.pillar_counts(engine, queries_dir) if r["groep"] == "pijler"]
            money = [r for r in fig.pillar_funding(engine, queries_dir=queries_dir) if r["groep"] == "pijler"]
            wijken = {str(rebase_term(w, DEFAULT_BASE, site.base)) for w in site.index.referrers(site.V.Wijk, RDF.type)}
            totals = {w: next(r for r in fig.area_counts(engine, w, queries_dir) if r["groep"] == "totaal") for w in sorted(wijken)}
            out = cls(housing, fig.funding_by_effort(engine, queries_dir), flows, {r["pijler"]: r for r in pillars},
                      {r["pijler"]: r for r in money}, {w: fig.efforts_in_area(engine, w, queries_dir) for w in sorted(wijken)},
                      fig.effort_counts(engine, queries_dir), totals, site.base)
            out.scheme_funding = {r["regelingIri"]: r for r in fig.scheme_funding(engine, queries_dir=queries_dir) if r.get("regelingIri")}
            return out
        except NpdwError:  # a graph that is not a whole programme (a part of it, a test graph): no programme figures
            return cls(housing, base=site.base)


# --------------------------------------------------------------------------- the portal around the resource pages

PLACES_WITHOUT_MODULE = ("netwerk/index.html", "monitor/index.html")
LICENCE_NAMES = {"https://creativecommons.org/licenses/by/4.0/": "Creative Commons Naamsvermelding 4.0 (CC BY 4.0)"}
# (file under the export folder or "network:<name>", format, what it holds) -- the downloads of "Over de data", in this order.
DOWNLOADS: tuple[tuple[str, str, str], ...] = (
    ("npdw.ttl", "Turtle", "de hele graaf"),
    ("npdw.jsonld", "JSON-LD", "de hele graaf, met de context in context.jsonld"),
    ("context.jsonld", "JSON-LD-context", "de namen van de eigenschappen voor JSON-LD"),
    ("npdw.nt", "N-Triples", "de hele graaf, één feit per regel"),
    ("npdw.rdf", "RDF/XML", "de hele graaf"),
    ("npdw.trig", "TriG", "de graaf in benoemde delen (ontologie, programma, monitor, validatie)"),
    ("csv/inspanningen.csv", "CSV", "inspanningen (met CSVW-beschrijving)"),
    ("csv/doelen.csv", "CSV", "doelen"),
    ("csv/partners.csv", "CSV", "partners"),
    ("csv/partnerschappen.csv", "CSV", "wie doet mee aan welke inspanning, met welke rol"),
    ("csv/bijdragen.csv", "CSV", "welke inspanning draagt bij aan welk doel"),
    ("csv/financiering.csv", "CSV", "financiering"),
    ("csv/csv-metadata.json", "CSVW", "beschrijving van de CSV-tabellen"),
    ("network:netwerk.graphml", "GraphML", "het doelen-inspanningennetwerk (Gephi, yEd, Cytoscape)"),
    ("network:netwerk.gexf", "GEXF", "het doelen-inspanningennetwerk (Gephi)"),
    ("network:netwerk.json", "JSON", "het netwerk als knopen en verbanden (node-link)"),
    ("dcat.ttl", "DCAT", "catalogusbeschrijving van de dataset en de distributies"),
    ("void.ttl", "VoID", "beschrijving van de dataset voor linked-data-catalogi"),
    ("schema-org.jsonld", "JSON-LD (schema.org)", "inspanningen, financiering, organisaties en gebieden als schema.org"),
    ("site:bijlage-2.csv", "CSV", "Bijlage 2: inspanningen × pijlers"),
    ("site:inspanningen-overzicht.csv", "CSV", "alle inspanningen met pijler, status, wijken, financiers (de lijst van Inspanningen)"),
)


def file_size(n: int) -> str:
    """``2048`` -> ``2,0 kB`` (Dutch notation; kB = 1000 bytes)."""
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return number(f"{n / 1000:.1f}", 1) + " kB"
    return number(f"{n / 1_000_000:.1f}", 1) + " MB"


def _engine_for(triples: list[Triple], base: str) -> OxigraphEngine:
    """An in-process store with the triples under the default base, where the named queries' prefixes point."""
    return OxigraphEngine(graph_to_ox_store(rebase_triples(triples, DEFAULT_BASE, old=base)))  # type: ignore[arg-type]


def _csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    buf = io.StringIO()
    writer = csvsafe.writer(buf, lineterminator="\n")
    writer.writerow(list(header))
    for row in rows:
        writer.writerow(["|".join(v) if isinstance(v, list) else v for v in row])
    return buf.getvalue().encode("utf-8")


def effort_list_parts(engine: Engine, queries_dir: Path, counts: dict[str, object] | None = None) -> list[tuple[str, bytes]]:
    """The effort list with facets (``inspanningen/index.html``) and its CSV (``data/inspanningen-overzicht.csv``);
    the page embeds each row's CSV cells, so its "download deze selectie" has the same (neutralised) cells."""
    rows = effort_rows(engine, queries_dir)
    page = render("inspanningen.html", page_path="inspanningen/index.html", active="inspanningen", title="Inspanningen",
                  rows=rows, facets=facet_counts(rows), facet_keys=[(k, label) for k, label, _v, _m in FACETS], csv_columns=CSV_COLUMNS,
                  counts=counts)
    return [("inspanningen/index.html", page.encode("utf-8")), ("data/inspanningen-overzicht.csv", _csv(CSV_COLUMNS, (r["csv"] for r in rows)))]


def portal_parts(site: Site, engine: Engine, queries_dir: Path, export_dir: Path | None, network_data: dict[str, str],
                 graph: Graph | None) -> list[tuple[str, bytes]]:
    """Every page and file of the portal besides the resource pages: (path under the portal root, content)."""
    from npdw_graph.bijlage2 import bijlage2

    parts: list[tuple[str, bytes]] = []
    b2 = bijlage2(engine, queries_dir)
    parts.append(("bijlage-2/index.html", b2.to_html().encode("utf-8")))
    parts.append(("data/bijlage-2.csv", b2.to_csv().encode("utf-8")))

    parts += effort_list_parts(engine, queries_dir, b2.counts)

    entries = search.build_index(site.index, site.base)
    parts.append((search.PAGE, search.search_page(entries, embed_index=True).encode("utf-8")))

    files: dict[str, bytes] = {}
    for name, text in network_data.items():
        files["network:" + name] = text.encode("utf-8")
    for path, content in parts:
        if path.startswith("data/"):
            files["site:" + path[5:]] = content
    if export_dir is not None and export_dir.is_dir():
        for rel_name, _fmt, _what in DOWNLOADS:
            if ":" not in rel_name and (export_dir / rel_name).is_file():
                files[rel_name] = (export_dir / rel_name).read_bytes()
    downloads, missing = [], []
    for rel_name, fmt, what in DOWNLOADS:
        target = "data/" + rel_name.split(":", 1)[-1]
        if rel_name not in files:
            missing.append(rel_name.split(":", 1)[-1])
            continue
        if not rel_name.startswith("site:"):
            parts.append((target, files[rel_name]))
        downloads.append({"path": target, "name": target[5:], "format": fmt, "what": what, "size": file_size(len(files[rel_name]))})
    lic = site.index.value(URIRef(site.def_ns), DCTERMS.license)
    lic_iri = str(lic) if isinstance(lic, URIRef) else "https://creativecommons.org/licenses/by/4.0/"
    parts.append(("over/index.html", render(
        "over.html", page_path="over/index.html", active="over", title="Over de data", downloads=downloads, missing=missing,
        licence=Link(LICENCE_NAMES.get(lic_iri, lic_iri), lic_iri, True), publisher="",
    ).encode("utf-8")))

    if graph is not None:
        from npdw_graph.report import build_report, render_html

        # Under the default base the site's store holds exactly the graph's triples: the report reads the same
        # answers from it instead of copying the graph into a second store.
        shared = engine if site.base == DEFAULT_BASE else None
        parts.append(("monitor/index.html", render_html(build_report(graph, engine=shared)).encode("utf-8")))
    from npdw_graph.web import questions  # the Vragen pages: every named query answered with its defaults

    parts += questions.portal_pages(engine, load_library(queries_dir), site.base)
    return parts


def _placeholder(path: str, title: str, message: str, active: str) -> bytes:
    return render("placeholder.html", page_path=path, active=active, title=title, message=message, items=[]).encode("utf-8")


def write_site(triples: list[Triple], out_dir: Path, base: str, *, queries_dir: Path | None = None, export_dir: Path | None = None,
               network_dir: Path | None = None, graph: Graph | None = None) -> SiteResult:
    """Write the whole portal into ``out_dir`` (replaced as a whole, atomically).

    ``triples`` are the graph under ``base``; the named queries come from ``queries_dir`` (default:
    the project's), the downloads from ``export_dir`` (``npdw export``), the network pages from
    ``network_dir`` (``npdw network``) and the report from ``graph``; what is missing gets a page saying so.
    """
    from npdw_graph.network import build_network, gexf_text, graphml_text, node_link_text

    check_output_folder(out_dir, MARKER)
    queries_dir = queries_dir or Path(__file__).resolve().parent.parent / "queries"
    site = Site(triples, base)
    engine = _engine_for(triples, base)
    figures = Figures.from_queries(engine, queries_dir, site)
    try:
        net = build_network(engine, queries_dir)
    except NpdwError:  # a graph that is not a whole programme (a part of it, a test graph): no network downloads
        net = None
    id_ns = DEFAULT_BASE + "id/"  # the engine's (and so the network's) IRIs are under the default base
    site.network_keys = {str(n)[len(id_ns):] for n in net if str(n).startswith(id_ns)} if net is not None else set()
    network_data = ({"netwerk.graphml": graphml_text(net), "netwerk.gexf": gexf_text(net), "netwerk.json": node_link_text(net)}
                    if net is not None and len(net) else {})
    types: dict[str, list[URIRef]] = {}
    for iri, (t, _slug) in site.pages.items():
        types.setdefault(t, []).append(iri)  # type: ignore[arg-type]
    with exclusive_lock(out_dir.parent, "site"), staged_directory(out_dir) as stage:
        (stage / MARKER).write_text("Written by `npdw site`; the whole folder is replaced on the next run.\n", encoding="utf-8")
        for t in types:
            (stage / "doc" / t).mkdir(parents=True, exist_ok=True)

        jobs = [(t, iri) for t, members in types.items() for iri in members]
        shares = Shares(len(jobs))

        def resource_files() -> None:  # a page per resource with its .ttl and .jsonld: over half the work
            for chunk in shares.take():
                for i in chunk:
                    t, iri = jobs[i]
                    folder, slug = stage / "doc" / t, site.pages[iri][1]
                    (folder / f"{slug}.html").write_text(site.resource_page(iri, figures), encoding="utf-8")
                    ttl, jsonld = site.alternates(iri)
                    (folder / f"{slug}.ttl").write_bytes(ttl)
                    (folder / f"{slug}.jsonld").write_bytes(jsonld)

        # A forked second process writes the resource pages while this one makes the rest and then helps (forked.py).
        with alongside(resource_files):
            parts = portal_parts(site, engine, queries_dir, export_dir, network_data, graph)
            if net is not None and len(net):
                from npdw_graph.network_view import portal_pages as network_pages

                parts += network_pages(engine, queries_dir, net)  # netwerk/index.html (focus, walk, share) and its views
            for t, members in types.items():
                (stage / "doc" / t / "index.html").write_text(site.type_index(t, members, figures), encoding="utf-8")
            _write_rest(site, figures, types, parts, stage, network_dir)
            resource_files()  # what the other process has not taken yet
        placeholders = _placeholders(parts, stage)
    # HTML pages: one per resource and per type, the pillar overviews, the vocabulary and the start page, the portal's parts
    pages = len(site.pages) + len(types) + len(site.pillars) + 2 + sum(p.endswith(".html") for p, _ in parts) + placeholders
    return SiteResult(out_dir=out_dir, resources=len(site.pages), pages=pages)


def _write_rest(site: Site, figures: Figures, types: dict[str, list[URIRef]], parts: list[tuple[str, bytes]], stage: Path,
                network_dir: Path | None) -> None:
    """The pillar overviews, the vocabulary, the start page, the JSON-LD context, the network's files and the portal's parts."""
    (stage / "pijlers").mkdir()
    for p in site.pillars:
        (stage / "pijlers" / f"{site.pages[p][1]}.html").write_text(site.pillar_overview(p, figures), encoding="utf-8")  # type: ignore[arg-type]
    (stage / "def").mkdir()
    (stage / "def" / "index.html").write_text(site.ontology_page(), encoding="utf-8")
    (stage / "index.html").write_text(site.home(types), encoding="utf-8")
    (stage / "doc" / "context.jsonld").write_bytes(dump_json({"@context": site.context.to_json()}))
    if network_dir is not None and (network_dir / "index.html").is_file():
        # the analysis tables and graph files of `npdw network`; its self-contained pages are not the portal's
        shutil.copytree(network_dir, stage / "netwerk", ignore=shutil.ignore_patterns("*.html"))
    for path, content in parts:
        target = stage / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    copy_static(stage)


def _placeholders(parts: list[tuple[str, bytes]], stage: Path) -> int:
    """A page saying what is missing where the network or the report was not made; returns how many."""
    written, made = {path for path, _ in parts}, 0
    for path, title, text, active in (
        ("netwerk/index.html", "Netwerk", "Het netwerk is nog niet gemaakt: draai npdw network en bouw de site opnieuw.", "netwerk"),
        ("monitor/index.html", "Monitor", "De verantwoording is in deze bouw niet gemaakt.", "monitor"),
    ):
        if path not in written and not (stage / path).exists():
            (stage / path).parent.mkdir(parents=True, exist_ok=True)
            (stage / path).write_bytes(_placeholder(path, title, text, active))
            made += 1
    return made


def build_site(project: Project, out_dir: Path | None = None, base: str | None = None, graph: Graph | None = None,
               export_dir: Path | None = None, network_dir: Path | None = None) -> SiteResult:
    """``npdw site``: the built graph (rebased to ``base``) as the portal in ``dist/site/``, with the downloads of
    ``export_dir`` (default ``dist/export/``) and the network pages of ``dist/network/``."""
    from npdw_graph.build import load_graph

    base = normalise_base(base)
    g = graph if graph is not None else load_graph(project)
    triples = list(dict.fromkeys(rebase_triples(g, base)))
    return write_site(triples, out_dir or (project.dist_dir / "site"), base, queries_dir=project.queries_dir,
                      export_dir=export_dir or project.dist_dir / "export", network_dir=network_dir or project.dist_dir / "network", graph=g)


def page_path(site_root: Path, iri: str, base: str) -> Path | None:
    """Where the page of ``iri`` lives in a written site (None if it is not under ``BASE/id/``)."""
    prefix = base + "id/"
    if not iri.startswith(prefix):
        return None
    return site_root / "doc" / (iri[len(prefix):] + ".html")


__all__ = ["Site", "SiteResult", "Figures", "build_site", "write_site", "page_path", "is_web_iri", "network_href"]
