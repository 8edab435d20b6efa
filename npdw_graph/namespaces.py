"""Namespaces of the project and the standard vocabularies it reuses."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

DEFAULT_BASE = "https://w3id.org/npdw/"
NPDW = Namespace(DEFAULT_BASE + "def/")
ID = Namespace(DEFAULT_BASE + "id/")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
SDMX_CONCEPT = Namespace("http://purl.org/linked-data/sdmx/2009/concept#")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")

PREFIXES: dict[str, str] = {
    "npdw": str(NPDW),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "qb": str(QB),
    "schema": str(SCHEMA),
    "sh": str(SH),
    "shape": str(NPDW) + "shapes/",
    "dcat": str(DCAT),
    "void": str(VOID),
    "pijler": str(ID) + "pijler/",
    "doel": str(ID) + "doel/",
    "sectie": str(ID) + "sectie/",
    "programma": str(ID) + "programma/",
    "inspanning": str(ID) + "inspanning/",
    "organisatie": str(ID) + "organisatie/",
    "orgtype": str(ID) + "organisatietype/",
    "rol": str(ID) + "rol/",
    "regeling": str(ID) + "regeling/",
    "financiering": str(ID) + "financiering/",
    "tabel": str(ID) + "tabel/",
    "gebied": str(ID) + "gebied/",
    "resultaat": str(ID) + "resultaat/",
    "randvoorwaarde": str(ID) + "randvoorwaarde/",
    "document": str(ID) + "document/",
    "participatie": str(ID) + "participatie/",
    "woningbouw": str(ID) + "woningbouwproject/",
    "indicator": str(ID) + "indicator/",
    "observatie": str(ID) + "observatie/",
    "dataset": str(ID) + "dataset/",
    "tegenstrijdigheid": str(ID) + "tegenstrijdigheid/",
    "opgave": str(ID) + "opgave/",
    "functie": str(ID) + "functie/",
}

__all__ = ["DCTERMS", "FOAF", "ORG", "OWL", "PROV", "QB", "RDF", "RDFS", "SKOS", "XSD", "NPDW", "ID",
           "SCHEMA", "SH", "DCAT", "VOID", "PREFIXES", "DEFAULT_BASE"]


class Terms:
    """A namespace's IRIs by attribute (``T.label``) or item (``T["label"]``), each looked up once.

    rdflib's ``Namespace`` makes a new ``URIRef`` on every access and its ``DefinedNamespace`` checks
    the term list every time; code that touches the same few terms for every resource of the site
    spends a noticeable share of its time there. The values are exactly what ``ns.name`` gives.
    """

    def __init__(self, ns: object):
        object.__setattr__(self, "_ns", ns)

    def __getattr__(self, name: str):  # only on the first access of a name
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self._ns, name)
        object.__setattr__(self, name, value)
        return value

    def __getitem__(self, name: str):
        return getattr(self, name)

    def __str__(self) -> str:
        return str(self._ns)
