"""The export's metadata: a DCAT catalogue record (DCAT-AP-NL / DCAT-AP-DONL where it fits) and a VoID description.

Both describe the same dataset IRI, ``BASE/id/dataset/kennisgraaf-npdw``. Counts and byte sizes
are computed from the graph and from the files just written, never typed in; the shapes in
``shapes/metadata/dcat-void.ttl`` check both records.

IRIs used (all under the chosen base)::

    BASE/id/catalogus/npdw                  dcat:Catalog
    BASE/id/dataset/kennisgraaf-npdw        dcat:Dataset + void:Dataset
    BASE/id/distributie/<file>              dcat:Distribution per exported file
    BASE/id/dienst/sparql                   dcat:DataService (endpoint BASE/sparql)
    BASE/export/<file>                      download URL of each file
    BASE/id/graaf/<name>                    the named graphs of the TriG file (void:subset)
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SKOS, XSD
from rdflib.term import Node

from npdw_graph import __version__
from npdw_graph.atomic import atomic_write_text
from npdw_graph.describe import GraphIndex
from npdw_graph.namespaces import DCAT, VOID

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANGUAGE = URIRef("http://publications.europa.eu/resource/authority/language/NLD")
EU_PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
IANA = "https://www.iana.org/assignments/media-types/"
OWMS_DORDRECHT = URIRef("http://standaarden.overheid.nl/owms/terms/Dordrecht_(gemeente)")
DONL_LANGUAGE = URIRef("http://id.loc.gov/vocabulary/iso639-1/nl")
DEFAULT_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")

DCAT_FILE = "dcat.ttl"
VOID_FILE = "void.ttl"
METADATA_FILES = (DCAT_FILE, VOID_FILE)

# media type, EU file type, Dutch title of each kind of file
_FILE_KINDS: dict[str, tuple[str, str, str]] = {
    ".ttl": ("text/turtle", "RDF_TURTLE", "Turtle"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
    ".rdf": ("application/rdf+xml", "RDF_XML", "RDF/XML"),
    ".jsonld": ("application/ld+json", "JSON_LD", "JSON-LD"),
    ".trig": ("application/trig", "RDF_TRIG", "TriG met benoemde grafen"),
    ".csv": ("text/csv", "CSV", "CSV-tabel"),
    ".json": ("application/csvm+json", "JSON", "CSVW-metadata"),
}
_RDF_DUMPS = {"npdw.ttl", "npdw.nt", "npdw.rdf", "npdw.jsonld", "npdw.trig"}
_FORMAT_FEATURES = {".ttl": "Turtle", ".nt": "N-Triples", ".rdf": "RDF_XML", ".jsonld": "JSON-LD", ".trig": "TriG"}
_FILE_TITLES = {
    "npdw.ttl": "De kennisgraaf in Turtle",
    "npdw.nt": "De kennisgraaf in N-Triples",
    "npdw.rdf": "De kennisgraaf in RDF/XML",
    "npdw.jsonld": "De kennisgraaf in JSON-LD (met de context erin)",
    "context.jsonld": "De JSON-LD-context van npdw.jsonld, voor hergebruik",
    "npdw.trig": "De kennisgraaf in TriG: vocabulaire, programmagegevens, monitor en validatierapport als benoemde grafen",
    "schema-org.jsonld": "Weergave in schema.org-termen (Project, MonetaryGrant, Organization, Place)",
}


def dataset_iri(base: str) -> URIRef:
    return URIRef(f"{base}id/dataset/kennisgraaf-npdw")


def distribution_iri(base: str, rel: str) -> URIRef:
    return URIRef(f"{base}id/distributie/{re.sub(r'[^a-z0-9]+', '-', rel.lower()).strip('-')}")


def download_url(base: str, rel: str) -> URIRef:
    return URIRef(f"{base}export/{rel}")


def sparql_endpoint(base: str) -> URIRef:
    return URIRef(f"{base}sparql")


def _today() -> Literal:
    """Today's date, or the date of ``$SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return Literal(time.strftime("%Y-%m-%d", t), datatype=XSD.date)


def _new_graph() -> Graph:
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("spdx", SPDX), ("void", VOID),
                       ("xsd", XSD), ("owl", OWL), ("skos", SKOS), ("adms", ADMS)):
        g.bind(prefix, ns, override=True)
    return g


def _label(index: GraphIndex, node: URIRef, fallback: str) -> Literal:
    return Literal(index.label(node) if index.out(node) else fallback, lang="nl")


def _years(index: GraphIndex, base: str) -> tuple[str, str] | None:
    """The earliest and latest year the data speaks of (periods, observations, targets)."""
    npdw = Namespace(base + "def/")
    wanted = {npdw.refPeriod, npdw.startYear, npdw.endYear, npdw.targetYear}
    years = []
    for s in index.subjects():
        for p, o in index.out(s):
            if p in wanted and isinstance(o, Literal):
                m = re.match(r"^(\d{4})", str(o))
                if m:
                    years.append(m.group(1))
    return (min(years), max(years)) if years else None


def catalogue(index: GraphIndex, base: str, files: dict[str, Path]) -> Graph:
    """The DCAT catalogue record for the exported ``files`` (relative name -> path)."""
    g = _new_graph()
    ds, cat = dataset_iri(base), URIRef(f"{base}id/catalogus/npdw")
    record, service = URIRef(f"{base}id/catalogusrecord/kennisgraaf-npdw"), URIRef(f"{base}id/dienst/sparql")
    publisher = URIRef(f"{base}id/organisatie/gemeente-dordrecht")
    contact_org = URIRef(f"{base}id/organisatie/programmabureau-samen-dordt-west")
    area = URIRef(f"{base}id/gebied/dordt-west")
    ontology = URIRef(f"{base}def/")
    licence = index.value(ontology, DCTERMS.license)
    licence = licence if isinstance(licence, URIRef) else DEFAULT_LICENCE
    today = _today()

    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal("Catalogus Nationaal Programma Dordt West", lang="nl")))
    g.add((cat, DCTERMS.title, Literal("Catalogue of the Nationaal Programma Dordt West", lang="en")))
    g.add((cat, DCTERMS.description, Literal("Open gegevens van het Nationaal Programma Dordt West als gekoppelde data.", lang="nl")))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, DCTERMS.language, EU_LANGUAGE))
    g.add((cat, DCTERMS.license, licence))
    g.add((cat, DCTERMS.modified, today))
    g.add((cat, FOAF.homepage, URIRef(base)))
    g.add((cat, DCAT.dataset, ds))
    g.add((cat, DCAT.service, service))
    g.add((cat, DCAT.record, record))
    g.add((record, RDF.type, DCAT.CatalogRecord))
    g.add((record, FOAF.primaryTopic, ds))
    g.add((record, DCTERMS.modified, today))

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, _label(index, publisher, "Gemeente Dordrecht")))
    g.add((publisher, SKOS.exactMatch, OWMS_DORDRECHT))

    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(str(ds))))
    g.add((ds, DCTERMS.title, Literal("Kennisgraaf Nationaal Programma Dordt West", lang="nl")))
    g.add((ds, DCTERMS.title, Literal("Knowledge graph of the Nationaal Programma Dordt West", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Het Uitvoeringsprogramma Dordt West 2024-2026 als kennisgraaf: doelen, inspanningen, partners, financiering, "
        "wijken, beoogde resultaten en de nulmeting, met bronvermelding (paragraaf en regel) en het onderscheid tussen "
        "verbanden die de bron noemt en verbanden die de samenstellers hebben afgeleid.", lang="nl")))
    g.add((ds, DCTERMS.description, Literal(
        "The Dordt West implementation programme 2024-2026 as a knowledge graph: goals, efforts, partners, funding, "
        "neighbourhoods, intended results and the baseline, with source citations and stated versus inferred links.", lang="en")))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCTERMS.creator, publisher))
    g.add((ds, DCTERMS.license, licence))
    g.add((ds, DCTERMS.accessRights, EU_PUBLIC))
    g.add((ds, DCTERMS.language, EU_LANGUAGE))
    g.add((ds, DCTERMS.language, DONL_LANGUAGE))
    g.add((ds, DCTERMS.spatial, area))
    g.add((ds, DCTERMS.spatial, OWMS_DORDRECHT))
    g.add((area, SKOS.prefLabel, _label(index, area, "Dordt West")))
    g.add((ds, DCTERMS.conformsTo, ontology))
    g.add((ds, DCTERMS.issued, today))
    g.add((ds, DCTERMS.modified, today))
    g.add((ds, OWL.versionInfo, Literal(__version__)))
    g.add((ds, DCAT.landingPage, URIRef(f"{base}doc/")))
    g.add((ds, ADMS.identifier, Literal(str(ds))))
    years = _years(index, base)
    if years:
        period = BNode()
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(years[0], datatype=XSD.gYear)))
        g.add((period, DCAT.endDate, Literal(years[1], datatype=XSD.gYear)))
    for theme in ("SOCI", "REGI", "GOVE"):
        g.add((ds, DCAT.theme, EU_THEME[theme]))
    for pillar in sorted(index.referrers(URIRef(base + "def/Pillar"), RDF.type), key=str):
        g.add((ds, DCAT.theme, pillar))
        g.add((pillar, SKOS.prefLabel, _label(index, pillar, str(pillar))))  # type: ignore[arg-type]
        g.add((ds, DCAT.keyword, Literal(index.label(pillar), lang="nl")))
    for kw in ("Dordt West", "Dordrecht", "NPLV", "wijkaanpak", "leefbaarheid", "brede welvaart"):
        g.add((ds, DCAT.keyword, Literal(kw, lang="nl")))
    contact = BNode()
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, _label(index, contact_org, "Programmabureau Samen Dordt West")))
    g.add((contact, VCARD.hasURL, URIRef(f"{base}doc/organisatie/programmabureau-samen-dordt-west")))

    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("SPARQL-endpoint van de kennisgraaf", lang="nl")))
    g.add((service, DCAT.endpointURL, sparql_endpoint(base)))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCTERMS.license, licence))
    g.add((service, DCTERMS.accessRights, EU_PUBLIC))

    csvw_meta = next((rel for rel in files if rel.endswith("csv-metadata.json")), None)
    for rel, path in sorted(files.items()):
        kind = _FILE_KINDS.get(path.suffix)
        if kind is None:
            continue
        media, eu_type, title = kind
        dist = distribution_iri(base, rel)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(_FILE_TITLES.get(rel, f"{title}: {rel}"), lang="nl")))
        g.add((dist, DCAT.accessURL, download_url(base, rel)))
        g.add((dist, DCAT.downloadURL, download_url(base, rel)))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        g.add((dist, DCTERMS.format, EU_FILE_TYPE[eu_type]))
        data = path.read_bytes()
        g.add((dist, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        checksum = BNode()
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, DCTERMS.modified, today))
        if rel in _RDF_DUMPS:
            g.add((dist, DCTERMS.conformsTo, ontology))
        elif path.suffix == ".csv" and csvw_meta:
            g.add((dist, DCTERMS.conformsTo, download_url(base, csvw_meta)))
    return g


def void_description(index: GraphIndex, base: str, files: dict[str, Path], triples: int,
                     subsets: dict[URIRef, int] | None = None) -> Graph:
    """The VoID description: counts, classes and properties used, vocabularies, examples, endpoint, URI space."""
    g = _new_graph()
    ds = dataset_iri(base)
    id_space = f"{base}id/"
    subjects: set[Node] = set()
    objects: set[Node] = set()
    per_class: Counter[Node] = Counter()
    per_property: Counter[Node] = Counter()
    entities = 0
    for s in index.subjects():
        subjects.add(s)
        if isinstance(s, URIRef) and str(s).startswith(id_space):
            entities += 1
        for p, o in index.out(s):
            objects.add(o)
            per_property[p] += 1
            if p == RDF.type:
                per_class[o] += 1
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("Kennisgraaf Nationaal Programma Dordt West", lang="nl")))
    g.add((ds, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(entities, datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(per_class), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(per_property), datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(len(objects), datatype=XSD.integer)))
    g.add((ds, VOID.sparqlEndpoint, sparql_endpoint(base)))
    g.add((ds, VOID.uriSpace, Literal(id_space)))
    g.add((ds, VOID.uriRegexPattern, Literal("^" + re.escape(id_space))))
    for vocab in sorted(_vocabularies(list(per_class) + list(per_property))):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    for example in _examples(index, base):
        g.add((ds, VOID.exampleResource, example))
    for root in sorted(index.referrers(URIRef(base + "def/Programme"), RDF.type), key=str)[:1]:
        g.add((ds, VOID.rootResource, root))
    for rel, path in sorted(files.items()):
        if rel in _RDF_DUMPS:
            g.add((ds, VOID.dataDump, download_url(base, rel)))
            g.add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/" + _FORMAT_FEATURES[path.suffix])))
    for cls in sorted(per_class, key=str):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(len(set(index.referrers(cls, RDF.type))), datatype=XSD.integer)))
    for prop, n in sorted(per_property.items(), key=lambda kv: str(kv[0])):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    for graph_name, n in sorted((subsets or {}).items()):
        g.add((ds, VOID.subset, graph_name))
        g.add((graph_name, RDF.type, VOID.Dataset))
        g.add((graph_name, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g


def _vocabularies(terms: list[Node]) -> set[str]:
    out = set()
    for t in terms:
        text = str(t)
        if "#" in text:
            out.add(text.rsplit("#", 1)[0] + "#")
        elif "/" in text:
            out.add(text.rsplit("/", 1)[0] + "/")
    return out


def _examples(index: GraphIndex, base: str) -> list[URIRef]:
    found = []
    npdw = Namespace(base + "def/")
    for cls in (npdw.Programme, npdw.Effort, npdw.OperationalGoal, npdw.FundingAllocation, URIRef("http://www.w3.org/ns/org#Organization")):
        members = sorted((s for s in index.referrers(cls, RDF.type) if isinstance(s, URIRef) and str(s).startswith(base)), key=str)
        if members:
            found.append(members[0])
    return found


def write_metadata(index: GraphIndex, out_dir: Path, base: str, graph_triples: int,
                   subsets: dict[URIRef, int] | None = None) -> tuple[Graph, Graph]:
    """Describe every file already in ``out_dir`` (except the two records) and write ``dcat.ttl`` and ``void.ttl``."""
    files = {str(p.relative_to(out_dir)): p for p in sorted(out_dir.rglob("*"))
             if p.is_file() and not p.name.startswith(".") and p.name not in METADATA_FILES}
    cat = catalogue(index, base, files)
    void = void_description(index, base, files, graph_triples, subsets)
    atomic_write_text(out_dir / DCAT_FILE, cat.serialize(format="turtle"))
    atomic_write_text(out_dir / VOID_FILE, void.serialize(format="turtle"))
    return cat, void
