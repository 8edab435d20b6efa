"""``npdw export``: the graph as standard linked data for WijkWijzer and other platforms.

Writes one folder (default ``dist/export/``)::

    npdw.ttl  npdw.nt  npdw.rdf  npdw.jsonld (context inline; also in context.jsonld)  npdw.trig
    schema-org.jsonld                    schema.org view (Project, MonetaryGrant, Organization)
    csv/*.csv + csv/csv-metadata.json    tables with a CSVW description (csvw.py)
    dcat.ttl  void.ttl                   catalogue record and VoID description (dcat.py)

Every IRI under the default base ``https://w3id.org/npdw/`` can be moved to another base
(``--base``); nothing else changes. Turtle, N-Triples, RDF/XML and TriG are written by
pyoxigraph (fast at any size); JSON-LD by ``to_jsonld`` below, with its context inline, so the
file stands alone (a processor without a base IRI cannot resolve a relative context reference);
``context.jsonld`` holds the same context for reuse by other documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import QB, RDF, XSD
from rdflib.term import Node

from npdw_graph import jsontext
from npdw_graph.atomic import exclusive_lock, staged_directory
from npdw_graph.describe import GraphIndex, Triple
from npdw_graph.errors import NpdwError
from npdw_graph.load import new_graph
from npdw_graph.namespaces import DEFAULT_BASE, PREFIXES
from npdw_graph.project import Project
from npdw_graph.rdfterms import to_ox

FORMATS = ("ttl", "jsonld", "nt", "trig", "rdfxml", "csv")
RDF_FILES = {"ttl": "npdw.ttl", "nt": "npdw.nt", "rdfxml": "npdw.rdf", "jsonld": "npdw.jsonld", "trig": "npdw.trig"}
CONTEXT_FILE = "context.jsonld"
SCHEMA_FILE = "schema-org.jsonld"
MARKER = ".npdw-export"
_OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG}
_RDF_LANGSTRING = str(RDF.langString)
_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')

# The named graphs of the TriG file (local names under BASE/id/graaf/).
GRAPH_NAMES = ("ontologie", "programma", "monitor", "validatie")
_MONITOR_CLASSES = (QB.Observation, QB.DataSet, QB.DataStructureDefinition)


# --------------------------------------------------------------------------- base IRIs


def normalise_base(base: str | None) -> str:
    """Check a ``--base`` value: an absolute http(s) IRI; a missing final ``/`` is added."""
    if base is None or base == "":
        return DEFAULT_BASE
    if not re.match(r"^https?://[^/\s]+", base) or _BAD_IRI_CHARS.search(base) or "#" in base or "?" in base:
        raise NpdwError(f"--base {base!r} is not an absolute http(s) IRI without spaces, '#' or '?'")
    return base if base.endswith("/") else base + "/"


def rebase_term(term: Node, base: str, old: str = DEFAULT_BASE) -> Node:
    if isinstance(term, URIRef) and base != old and str(term).startswith(old):
        return URIRef(base + str(term)[len(old):])
    return term


def rebase_triples(triples: Iterable[Triple], base: str, old: str = DEFAULT_BASE) -> list[Triple]:
    """Every IRI under ``old`` moved under ``base``; other IRIs, blank nodes and literals untouched."""
    if base == old:
        return list(triples)
    return [(rebase_term(s, base, old), rebase_term(p, base, old), rebase_term(o, base, old)) for s, p, o in triples]


def rebase_graph(graph: Graph | Iterable[Triple], base: str, old: str = DEFAULT_BASE) -> Graph:
    g = new_graph_for(base)
    for t in rebase_triples(graph, base, old):
        g.add(t)  # type: ignore[arg-type]
    return g


def prefixes_for(base: str) -> dict[str, str]:
    """The project's prefixes with the project namespaces moved under ``base``."""
    return {k: (base + v[len(DEFAULT_BASE):] if v.startswith(DEFAULT_BASE) else v) for k, v in PREFIXES.items()}


def vocab(base: str) -> Namespace:
    """The project vocabulary under ``base`` (``npdw:`` terms after a rebase)."""
    return Namespace(base + "def/")


def new_graph_for(base: str) -> Graph:
    g = Graph()
    for prefix, ns in prefixes_for(base).items():
        g.bind(prefix, ns, override=True)
    return g


# --------------------------------------------------------------------------- inputs


def _newest_source(project: Project) -> float:
    files = project.ontology_files() + project.shape_files() + project.data_files()
    return max((p.stat().st_mtime for p in files), default=0.0)


def load_inputs(project: Project) -> tuple[Graph, Graph]:
    """The built graph and its validation report graph.

    Uses ``dist/graph.nt`` and ``dist/validation.ttl`` when both are newer than every source;
    otherwise compiles and validates now. Refuses to publish data that has Violations.
    """
    built, report = project.dist_dir / "graph.nt", project.dist_dir / "validation.ttl"
    newest = _newest_source(project)
    if built.exists() and report.exists() and min(built.stat().st_mtime, report.stat().st_mtime) >= newest:
        from npdw_graph.build import load_graph

        validation = new_graph()
        validation.parse(report, format="turtle")
        return load_graph(project), validation
    from npdw_graph.build import compile_project

    compiled = compile_project(project, validate=True)
    assert compiled.report is not None
    if compiled.report.violations:
        raise NpdwError(f"the data has {compiled.report.violations} violation(s); run `npdw validate` and fix them before exporting")
    validation = new_graph()
    validation.parse(data=compiled.report.to_turtle(), format="turtle")
    return compiled.graph, validation


# --------------------------------------------------------------------------- named graphs


def graph_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}id/graaf/{name}")


def partition(graph: Graph | Iterable[Triple], base: str = DEFAULT_BASE, index: GraphIndex | None = None) -> dict[str, list[Triple]]:
    """Split the graph into ontology, programme data and monitor (indicators, observations).

    A triple goes where its subject's owner goes (a blank node follows the named resource
    that holds it): the vocabulary is everything whose owner lies under ``BASE/def/``; the
    monitor is indicators, observations, data sets and their structure; the rest is programme data.
    """
    index = index or GraphIndex(graph)
    monitor = {*_MONITOR_CLASSES, vocab(base).Indicator}
    parts: dict[str, list[Triple]] = {"ontologie": [], "programma": [], "monitor": []}
    def_ns = base + "def/"
    for s in index.subjects():
        owner = s if isinstance(s, URIRef) else index.owner(s)
        if owner is not None and str(owner).startswith(def_ns):
            part = "ontologie"
        elif owner is not None and any(t in monitor for t in index.values(owner, RDF.type)):
            part = "monitor"
        else:
            part = "programma"
        parts[part].extend((s, p, o) for p, o in index.out(s))
    return parts


# --------------------------------------------------------------------------- RDF files


class TermCache:
    """Work done once per term object across many serialisations (the site writes one file per resource,
    and the descriptions share their terms): the pyoxigraph term, and the prefix an IRI falls under.

    Keyed by ``id()`` with the term kept alive beside its entry, so an id is never reused while cached;
    an entry is only used when it belongs to that very object.
    """

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes
        self._namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self._ox: dict[int, tuple[Node, object]] = {}
        self._prefix: dict[int, tuple[Node, str | None]] = {}

    def ox(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        entry = self._ox.get(id(term))
        if entry is None or entry[0] is not term:
            entry = self._ox[id(term)] = (term, to_ox(term))  # type: ignore[arg-type]
        return entry[1]  # type: ignore[return-value]

    def prefix_of(self, term: Node) -> str | None:
        """The prefix name an IRI starts with ("xsd" for a literal with an XSD datatype), else None."""
        entry = self._prefix.get(id(term))
        if entry is None or entry[0] is not term:
            entry = self._prefix[id(term)] = (term, self._find_prefix(term))
        return entry[1]

    def _find_prefix(self, term: Node) -> str | None:
        if isinstance(term, URIRef):
            text = str(term)
            for name, ns in self._namespaces:
                if text.startswith(ns):
                    return name
        elif isinstance(term, Literal) and term.datatype is not None and str(term.datatype).startswith(str(XSD)):
            return "xsd"
        return None


def ox_triples(triples: Iterable[Triple], cache: TermCache | None = None) -> Iterable[ox.Triple]:
    if cache is not None:
        conv = cache.ox
        return (ox.Triple(conv(s), conv(p), conv(o)) for s, p, o in triples)  # type: ignore[arg-type]
    return (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples)  # type: ignore[arg-type]


def used_prefixes(triples: Sequence[Triple], prefixes: dict[str, str], cache: TermCache | None = None) -> dict[str, str]:
    """Only the prefixes whose namespace some IRI of ``triples`` starts with (keeps small files small)."""
    if cache is not None and cache.prefixes is prefixes:
        prefix_of = cache.prefix_of
        names = {prefix_of(term) for t in triples for term in t}
        names.discard(None)
        return {name: (str(XSD) if name == "xsd" and name not in prefixes else prefixes[name])
                for name in sorted(names)}  # type: ignore[type-var, index]
    namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    used: dict[str, str] = {}
    seen: set[str] = set()
    for t in triples:
        for term in t:
            if isinstance(term, URIRef):
                text = str(term)
                if text in seen:
                    continue
                seen.add(text)
                for name, ns in namespaces:
                    if text.startswith(ns):
                        used[name] = ns
                        break
            elif isinstance(term, Literal) and term.datatype is not None:
                if str(term.datatype).startswith(str(XSD)):
                    used["xsd"] = str(XSD)
    return dict(sorted(used.items()))


def serialize_rdf(triples: Sequence[Triple], fmt: str, prefixes: dict[str, str], cache: TermCache | None = None) -> bytes:
    """Turtle, N-Triples or RDF/XML bytes (pyoxigraph); ``cache`` shares term work between many calls."""
    kwargs = {} if fmt == "nt" else {"prefixes": used_prefixes(triples, prefixes, cache)}
    return ox.serialize(ox_triples(triples, cache), format=_OX_FORMATS[fmt], **kwargs)


def serialize_trig(graphs: dict[URIRef, Sequence[Triple]], prefixes: dict[str, str]) -> bytes:
    everything = [t for ts in graphs.values() for t in ts]
    quads = (ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))  # type: ignore[arg-type]
             for g, ts in graphs.items() for s, p, o in ts)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=used_prefixes(everything, prefixes))


# --------------------------------------------------------------------------- JSON-LD

_TERM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
DEFAULT_LANGUAGE = "nl"
_KEYWORD_ALIASES = {"id": "@id", "type": "@type"}


@dataclass
class TermDef:
    key: str
    iri: str
    coerce: str | None = None  # "@id" or a datatype IRI
    language: str | None = None  # None: the context's default language; "": no language ("@language": null)


@dataclass
class JsonLdContext:
    """A readable JSON-LD context: prefixes, short keys for properties and classes, typed values."""

    prefixes: dict[str, str]
    language: str = DEFAULT_LANGUAGE  # bare strings are Dutch unless a term says otherwise
    terms: dict[str, TermDef] = field(default_factory=dict)  # by predicate IRI
    classes: dict[str, str] = field(default_factory=dict)  # class IRI -> key
    _compacted: dict[str, str] = field(default_factory=dict, repr=False)

    def compact(self, iri: str) -> str:
        """A compact IRI (prefix:suffix) where a prefix fits, else the absolute IRI. Never a term."""
        done = self._compacted.get(iri)
        if done is None:
            done = self._compacted[iri] = self._compact(iri)
        return done

    def _compact(self, iri: str) -> str:
        best = None
        for name, ns in self.prefixes.items():
            if iri.startswith(ns) and (best is None or len(ns) > len(self.prefixes[best])):
                suffix = iri[len(ns):]
                if not suffix.startswith("//"):
                    best = name
        return f"{best}:{iri[len(self.prefixes[best]):]}" if best else iri

    def type_key(self, iri: str) -> str:
        return self.classes.get(iri) or self.compact(iri)

    def key(self, predicate: str) -> str:
        term = self.terms.get(predicate)
        return term.key if term else self.compact(predicate)

    def to_json(self, used: set[str] | None = None) -> dict[str, object]:
        """The ``@context`` object; with ``used``, only the keys and prefixes that a document needs."""
        ctx: dict[str, object] = {}
        wanted = None if used is None else set(used)
        prefixes = self.prefixes
        if wanted is not None:
            prefixes = {k: v for k, v in prefixes.items() if k in wanted}
        ctx["@language"] = self.language
        ctx.update(prefixes)
        ctx.update(_KEYWORD_ALIASES)
        for iri, key in sorted(self.classes.items(), key=lambda kv: kv[1]):
            if wanted is None or key in wanted:
                ctx[key] = self.compact(iri)
        for term in sorted(self.terms.values(), key=lambda t: t.key):
            if wanted is not None and term.key not in wanted:
                continue
            definition: dict[str, str] = {"@id": self.compact(term.iri)}
            if term.coerce:
                definition["@type"] = term.coerce if term.coerce == "@id" else self.compact(term.coerce)
            if term.language is not None:
                definition["@language"] = term.language or None  # type: ignore[assignment]
            ctx[term.key] = definition
        return ctx


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def build_context(triples: Iterable[Triple], base: str = DEFAULT_BASE) -> JsonLdContext:
    """A context for these triples: every predicate and class gets a short key where its local name is free."""
    prefixes = prefixes_for(base)
    ctx = JsonLdContext(prefixes=dict(prefixes))
    kinds: dict[str, set[tuple[str, str | None]]] = {}
    classes: set[str] = set()
    for _s, p, o in triples:
        if p == RDF.type and isinstance(o, URIRef):
            classes.add(str(o))
            continue
        sig: tuple[str, str | None]
        if isinstance(o, (URIRef, BNode)):
            sig = ("@id", None)
        elif isinstance(o, Literal) and o.language:
            sig = ("@language", o.language)
        else:
            assert isinstance(o, Literal)
            sig = ("@type", str(o.datatype) if o.datatype else _XSD_STRING)
        kinds.setdefault(str(p), set()).add(sig)
    taken = set(prefixes) | set(_KEYWORD_ALIASES)
    npdw_ns = prefixes["npdw"]

    def priority(iri: str) -> tuple[int, str]:
        return (0 if iri.startswith(npdw_ns) else 1, iri)

    for iri in sorted(classes, key=priority):
        name = _local(iri)
        if _TERM_NAME.match(name) and name not in taken:
            ctx.classes[iri] = name
            taken.add(name)
    for iri in sorted(kinds, key=priority):
        if iri == str(RDF.type):
            continue
        sigs = kinds[iri]
        coerce = language = None
        if len(sigs) == 1:
            kind, value = next(iter(sigs))
            if kind == "@id":
                coerce = "@id"
            elif kind == "@language":
                language = None if value == ctx.language else value
            elif value == _XSD_STRING:
                language = ""
            else:
                coerce = value
        name = _local(iri)
        if not _TERM_NAME.match(name) or name in taken:
            name = ctx.compact(iri)  # a compact-IRI key that expands to itself, still with its coercion
            if name == iri:
                continue
        taken.add(name)
        ctx.terms[iri] = TermDef(key=name, iri=iri, coerce=coerce, language=language)
    return ctx


def to_jsonld(triples: Sequence[Triple], ctx: JsonLdContext, context_ref: str | None = None) -> dict[str, object]:
    """A JSON-LD document: one node object per named resource, blank nodes held once embedded in place.

    ``context_ref`` is a (relative) reference to a context file; without it the document carries the
    part of the context it uses inline, so it stands on its own.
    """
    index = GraphIndex(triples)
    used: set[str] = set()
    labels: dict[Node, str] = {}
    emitted: set[Node] = set()

    def bnode_id(b: Node) -> str:
        if b not in labels:
            labels[b] = f"_:b{len(labels)}"
        return labels[b]

    def ref(iri: str) -> str:
        c = ctx.compact(iri)
        if c != iri:
            used.add(c.split(":", 1)[0])
        return c

    def value(term: TermDef | None, o: Node) -> object:
        if isinstance(o, URIRef):
            return ref(str(o)) if term and term.coerce == "@id" else {"@id": ref(str(o))}
        if isinstance(o, BNode):
            if o not in emitted and len(index.inn(o)) == 1:
                return node(o, embedded=True)
            return {"@id": bnode_id(o)}
        assert isinstance(o, Literal)
        text = str(o)
        dt = str(o.datatype) if o.datatype else _XSD_STRING
        meaning = ("lang", o.language) if o.language else ("lang", None) if dt == _XSD_STRING else ("type", dt)
        if meaning == bare_meaning(term):
            return text
        if o.language:
            return {"@value": text, "@language": o.language}
        if dt == _XSD_STRING:
            return {"@value": text}
        return {"@value": text, "@type": ref(dt)}

    def bare_meaning(term: TermDef | None) -> tuple[str, str | None]:
        """What a bare JSON string means under this key."""
        if term is not None and term.coerce and term.coerce != "@id":
            return ("type", term.coerce)
        if term is not None and term.coerce == "@id":
            return ("iri", None)
        language = term.language if term is not None and term.language is not None else ctx.language
        return ("lang", language or None)

    def node(n: Node, embedded: bool = False) -> dict[str, object]:
        emitted.add(n)
        obj: dict[str, object] = {}
        if isinstance(n, URIRef):
            obj["id"] = ref(str(n))
        elif not embedded:
            obj["id"] = bnode_id(n)
        types = [o for p, o in index.out(n) if str.__eq__(p, _RDF_TYPE)]  # predicates are IRIs: a string test is exact
        if types:
            keys = []
            for t in sorted(types, key=str):
                k = ctx.type_key(str(t)) if isinstance(t, URIRef) else bnode_id(t)
                if k == ctx.classes.get(str(t)):
                    used.add(k)
                    used.add(ctx.compact(str(t)).split(":", 1)[0])
                elif ":" in k and not k.startswith("_:"):
                    used.add(k.split(":", 1)[0])
                keys.append(k)
            obj["type"] = keys[0] if len(keys) == 1 else keys
        grouped: dict[str, list[object]] = {}
        for p, o in sorted(index.out(n), key=lambda po: (str(po[0]), _sort_key(po[1]))):
            if str.__eq__(p, _RDF_TYPE):
                continue
            term = ctx.terms.get(str(p))
            if term:
                used.add(term.key)
                used.update(_prefix_names(ctx, term))
                key = term.key
            else:
                key = ref(str(p))
            grouped.setdefault(key, []).append(value(term, o))
        for key in sorted(grouped):
            vals = grouped[key]
            obj[key] = vals[0] if len(vals) == 1 else vals
        return obj

    top: list[dict[str, object]] = []
    subjects = sorted((s for s in index.subjects() if isinstance(s, URIRef)), key=str)
    for s in subjects:
        top.append(node(s))
    for s in sorted((s for s in index.subjects() if isinstance(s, BNode)), key=lambda b: (len(index.inn(b)) == 1, str(b))):
        if s not in emitted:
            top.append(node(s))
    used.update(("id", "type"))
    context: object = context_ref if context_ref is not None else ctx.to_json(used)
    return {"@context": context, "@graph": top}


def _prefix_names(ctx: JsonLdContext, term: TermDef) -> set[str]:
    names = {ctx.compact(term.iri).split(":", 1)[0]}
    if term.coerce and term.coerce != "@id":
        names.add(ctx.compact(term.coerce).split(":", 1)[0])
    return names


def _sort_key(o: Node) -> tuple[int, str]:
    return (0 if isinstance(o, URIRef) else 1 if isinstance(o, Literal) else 2, str(o))


def dump_json(doc: object) -> bytes:
    """``json.dumps(doc, ensure_ascii=False, indent=1)`` plus a newline, as UTF-8 (``jsontext``: the same bytes, faster)."""
    return (jsontext.dumps(doc, 1) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- schema.org view

SCHEMA = "https://schema.org/"
ORG_ORGANIZATION = URIRef("http://www.w3.org/ns/org#Organization")
ORG_UNIT = URIRef("http://www.w3.org/ns/org#OrganizationalUnit")
_AREA_CLASSES = ("Area", "Wijk", "Buurt", "FocusArea", "Municipality")


def page_url(base: str, iri: Node) -> str | None:
    """The HTML page of a resource under ``BASE/id/``: ``BASE/doc/<type>/<slug>``."""
    text = str(iri)
    prefix = base + "id/"
    return base + "doc/" + text[len(prefix):] if isinstance(iri, URIRef) and text.startswith(prefix) else None


def schema_org_view(index: GraphIndex, base: str = DEFAULT_BASE) -> dict[str, object]:
    """The programme in schema.org terms for general-purpose platforms and search engines.

    Efforts are ``Project``s, funding allocations ``MonetaryGrant``s (amount as ``MonetaryAmount``),
    organisations ``Organization``s and areas ``Place``s; every node keeps its IRI as ``@id`` and
    its page as ``url``. The context is inline (``@vocab`` schema.org), never fetched.
    """
    from rdflib.namespace import DCTERMS, SKOS

    NPDW = vocab(base)  # noqa: N806 - the vocabulary under this base

    def text(node: Node, predicate: URIRef) -> str | None:
        values = [o for o in index.values(node, predicate) if isinstance(o, Literal)]
        nl = [str(o) for o in values if o.language == DEFAULT_LANGUAGE] or [str(o) for o in values]
        return sorted(nl)[0] if nl else None

    def refs(nodes: Iterable[Node]) -> list[dict[str, str]]:
        return [{"id": str(n)} for n in sorted(set(nodes), key=str) if isinstance(n, URIRef)]

    def base_node(node: Node, kind: str) -> dict[str, object]:
        obj: dict[str, object] = {"id": str(node), "type": kind, "name": index.label(node)}
        url = page_url(base, node)
        if url:
            obj["url"] = url
        alt = sorted(str(o) for o in index.values(node, SKOS.altLabel))
        if alt:
            obj["alternateName"] = alt
        desc = text(node, DCTERMS.description)
        if desc:
            obj["description"] = desc
        return obj

    def instances(*classes: URIRef) -> list[Node]:
        found = {s for c in classes for s in index.referrers(c, RDF.type) if isinstance(s, URIRef)}
        return sorted(found, key=str)

    graph: list[dict[str, object]] = []
    for effort in instances(NPDW.Effort):
        obj = base_node(effort, "Project")
        pillars = index.values(effort, NPDW.primaryPillar) + index.values(effort, NPDW.touchesPillar)
        obj["keywords"] = sorted({index.label(p) for p in pillars})
        for key, values in (("areaServed", index.values(effort, NPDW.inArea)), ("member", index.values(effort, NPDW.hasPartner)),
                            ("funding", index.values(effort, NPDW.hasFunding))):
            if values:
                obj[key] = refs(values)
        graph.append(obj)
    for grant in instances(NPDW.FundingAllocation):
        obj = base_node(grant, "MonetaryGrant")
        amount = index.value(grant, NPDW.amount)
        if isinstance(amount, Literal):
            money: dict[str, object] = {"type": "MonetaryAmount", "value": float(amount.toPython())}
            currency = index.value(grant, NPDW.currency)
            if currency is not None:
                money["currency"] = str(currency)
            obj["amount"] = money
        funders = [f for scheme in index.values(grant, NPDW.scheme) for f in index.values(scheme, NPDW.funder)]
        if funders:
            obj["funder"] = refs(funders)
        funded = [s for s in index.referrers(grant, NPDW.hasFunding) if NPDW.Effort in index.values(s, RDF.type)]
        if funded:
            obj["fundedItem"] = refs(funded)
        same = index.value(grant, NPDW.sameMoneyAs)
        scope = index.value(grant, NPDW.scope)
        if same is not None:  # a mention of money counted at another grant: the same grant, not more money
            obj["sameAs"] = refs([same])
            obj["disambiguatingDescription"] = "Vermelding van hetzelfde geld als de genoemde financiering: niet optellen."
        elif scope is not None and scope != NPDW.ScopeDordtWest:
            obj["disambiguatingDescription"] = f"{index.label(scope)}: niet opgeteld bij het geld voor Dordt West."
        graph.append(obj)
    for org in instances(ORG_ORGANIZATION, ORG_UNIT):
        graph.append(base_node(org, "Organization"))
    for area in instances(*(NPDW[c] for c in _AREA_CLASSES)):
        obj = base_node(area, "Place")
        parents = index.values(area, NPDW.partOfArea)
        if parents:
            obj["containedInPlace"] = refs(parents)
        graph.append(obj)
    return {"@context": {"@vocab": SCHEMA, "id": "@id", "type": "@type"}, "@graph": graph}


# --------------------------------------------------------------------------- the export


@dataclass
class ExportResult:
    out_dir: Path
    files: list[str]
    triples: int
    base: str


def check_output_folder(out: Path, marker: str) -> None:
    """Refuse to replace a folder that is not ours (the whole folder is swapped in at the end)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / marker).exists())):
        raise NpdwError(f"{out} exists and was not written by npdw; choose an empty or new folder with --out")


def export(project: Project, out_dir: Path | None = None, formats: Iterable[str] = ("all",), base: str | None = None,
           graph: Graph | None = None, validation: Graph | None = None) -> ExportResult:
    """Write the export package. ``graph``/``validation`` default to the project's built graph and report."""
    from npdw_graph import csvw, dcat

    base = normalise_base(base)
    wanted = set(FORMATS) if "all" in formats else set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise NpdwError(f"unknown export format(s): {', '.join(sorted(unknown))}; choose from {', '.join(FORMATS)} or all")
    out = out_dir or (project.dist_dir / "export")
    check_output_folder(out, MARKER)
    if graph is None:
        graph, loaded_validation = load_inputs(project)
        validation = validation if validation is not None else loaded_validation
    triples = list(dict.fromkeys(rebase_triples(graph, base)))
    validation_triples = rebase_triples(validation, base) if validation is not None else []
    prefixes = prefixes_for(base)
    index = GraphIndex(triples)
    with exclusive_lock(out.parent, "export"), staged_directory(out) as stage:
        (stage / MARKER).write_text("Written by `npdw export`; the whole folder is replaced on the next export.\n", encoding="utf-8")
        cache = TermCache(prefixes)  # each term converted to pyoxigraph once for the three serialisations
        for fmt in ("ttl", "nt", "rdfxml"):
            if fmt in wanted:
                (stage / RDF_FILES[fmt]).write_bytes(serialize_rdf(triples, fmt, prefixes, cache))
        parts = partition(triples, base, index)
        subsets = {graph_iri(base, name): len(parts[name]) for name in ("ontologie", "programma", "monitor")}
        if "trig" in wanted:
            graphs = {graph_iri(base, name): parts[name] for name in ("ontologie", "programma", "monitor")}
            graphs[graph_iri(base, "validatie")] = validation_triples
            (stage / RDF_FILES["trig"]).write_bytes(serialize_trig(graphs, prefixes))
        if "jsonld" in wanted:
            ctx = build_context(triples, base)
            (stage / CONTEXT_FILE).write_bytes(dump_json({"@context": ctx.to_json()}))
            (stage / RDF_FILES["jsonld"]).write_bytes(dump_json(to_jsonld(triples, ctx)))
            (stage / SCHEMA_FILE).write_bytes(dump_json(schema_org_view(index, base)))
        if "csv" in wanted:
            csvw.write_tables(index, stage / "csv", base)
        dcat.write_metadata(index, stage, base, graph_triples=index.triples, subsets=subsets)
        files = sorted(str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file() and p.name != MARKER)
    return ExportResult(out_dir=out, files=files, triples=len(triples), base=base)
