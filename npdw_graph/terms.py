"""Check that every class and property used in data/ and shapes/ is declared somewhere known.

Terms in the project namespace must be declared in ontology/; terms of the standard
vocabularies must be on the list below (the terms this project has chosen to reuse), so a
typo such as ``skos:prefLable`` or ``npdw:hasParnter`` is reported instead of silently
creating a new property.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from npdw_graph.load import FileTerms
from npdw_graph.namespaces import NPDW, PREFIXES

_STANDARD_TERMS = {
    "rdf": "type first rest nil Property langString value",
    "rdfs": "label comment seeAlso isDefinedBy subClassOf subPropertyOf domain range Class Resource Literal",
    "owl": "Class ObjectProperty DatatypeProperty Ontology sameAs versionIRI versionInfo SymmetricProperty "
           "propertyChainAxiom equivalentClass equivalentProperty NamedIndividual inverseOf",
    "skos": "Concept ConceptScheme prefLabel altLabel hiddenLabel definition notation inScheme topConceptOf "
            "hasTopConcept broader narrower related scopeNote note example exactMatch closeMatch",
    "dcterms": "source description title identifier isPartOf hasPart created modified issued license creator "
               "publisher subject spatial temporal references relation requires isReferencedBy conformsTo date type rights language "
               "Location PeriodOfTime bibliographicCitation alternative",
    "org": "Organization OrganizationalUnit FormalOrganization Membership Post Role hasMember memberOf "
           "hasUnit unitOf hasSubOrganization subOrganizationOf postIn hasPost heldBy holds role member "
           "organization classification purpose identifier linkedTo",
    "foaf": "Document Organization Person Agent name homepage page",
    "qb": "DataSet DataStructureDefinition Observation ComponentSpecification DimensionProperty MeasureProperty "
          "AttributeProperty dataSet structure component dimension measure attribute order componentRequired "
          "componentProperty componentAttachment concept Slice SliceKey",
    "prov": "Entity Activity Agent Plan wasDerivedFrom wasGeneratedBy wasAttributedTo hadPrimarySource "
            "generatedAtTime qualifiedInfluence Influence",
    "schema": "Project MonetaryGrant Organization funder value currency MonetaryAmount",
    "xsd": "string decimal integer gYear date boolean dateTime double",
}

KNOWN_EXTERNAL: set[str] = {
    PREFIXES[prefix] + local for prefix, names in _STANDARD_TERMS.items() for local in names.split()
}
_CHECKED_NAMESPACES = [PREFIXES[p] for p in _STANDARD_TERMS] + [str(NPDW)]


@dataclass(frozen=True)
class UnknownTerm:
    term: str
    kind: str  # "class", "property" or "value" (an ill-typed literal)
    file: str
    line: int | None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.kind == "value":
            lexical, datatype = self.term.split("\x00", 1)
            short = datatype.rsplit("#", 1)[-1]
            return f"{where}: value \"{lexical[:60]}\" is not a valid xsd:{short}"
        hint = "not declared in ontology/" if self.term.startswith(str(NPDW)) else "not a known term of its vocabulary"
        return f"{where}: unknown {self.kind} <{self.term}> ({hint})"


def declared_terms(ontology: Graph) -> set[str]:
    declared = set()
    for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.NamedIndividual,
                OWL.SymmetricProperty, RDFS.Class):
        declared.update(str(s) for s in ontology.subjects(RDF.type, cls))
    # individuals of our own classes (statuses, bases, ...) are declared terms too
    for s, o in ontology.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(o).startswith(str(NPDW)):
            declared.add(str(s))
    declared.add(str(NPDW))
    return declared


def _is_checked(term: str) -> bool:
    return any(term.startswith(ns) for ns in _CHECKED_NAMESPACES)


def _line_of(path: Path, term: str) -> int | None:
    """Best effort: the first line that mentions the term (as prefixed name or full IRI)."""
    local = term.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    prefixed = [f"{p}:{local}" for p, ns in PREFIXES.items() if term == ns + local]
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if f"<{term}>" in line or any(pn in line for pn in prefixed):
                return i
    except (OSError, UnicodeDecodeError):
        return None
    return None


def find_unknown_terms(
    files: list[FileTerms], ontology: Graph, display: Callable[[Path], str] = str
) -> list[UnknownTerm]:
    declared = declared_terms(ontology) | KNOWN_EXTERNAL
    found: list[UnknownTerm] = []
    for ft in files:
        seen = {(t, "property") for t in ft.properties if _is_checked(t) and t not in declared}
        seen |= {(t, "class") for t in ft.classes if _is_checked(t) and t not in declared}
        for t, kind in sorted(seen):
            found.append(UnknownTerm(t, kind, display(ft.path), _line_of(ft.path, t)))
        for lexical, datatype in ft.ill_typed:
            found.append(UnknownTerm(f"{lexical}\x00{datatype}", "value", display(ft.path), _line_of_text(ft.path, f'"{lexical}"')))
    return found


def _line_of_text(path: Path, needle: str) -> int | None:
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return i
    except (OSError, UnicodeDecodeError):
        return None
    return None
