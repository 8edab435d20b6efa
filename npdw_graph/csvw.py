"""CSV tables for spreadsheet users, with a CSVW description that maps every column back to the vocabulary.

``csv/csv-metadata.json`` is a CSVW table group (found by any CSVW processor through the
default ``csv-metadata.json`` location). Each row's subject is the resource's IRI (column
``id``); for the qualified links (contributions, partnerships), which are blank nodes in the
graph, ``id`` is their skolem IRI ``BASE/.well-known/genid/<key>`` (see ``describe.skolemise``),
so CSV-to-RDF yields exactly the triples of the skolemised graph.

The description is valid CSVW (checked in the tests with ``csvwvalidate`` from the ``csvw``
package, an independent processor): the header row holds the column names, which are also
the columns' ``titles``; the Dutch column descriptions are ``dc:title``.

``tables_to_graph`` is a small CSVW-to-RDF converter for the features these tables use
(``aboutUrl``/``valueUrl`` templates of the form ``{+column}``, ``separator``, ``datatype``, ``lang``,
virtual and suppressed columns); the tests use it to check that the description is right.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from npdw_graph import csvsafe
from npdw_graph.describe import GraphIndex, blank_node_keys, skolem_iri
from npdw_graph.namespaces import DEFAULT_BASE, NPDW

METADATA_FILE = "csv-metadata.json"
TYPE_COLUMN = "rdf_type"  # the virtual rdf:type column (CSVW forbids column names that start with "_")
ORG = "http://www.w3.org/ns/org#"
_SEP = " "
FORMULA_NOTE = ("Tekstcellen die met =, +, -, @, een tab of een regeleinde beginnen, staan in deze CSV-bestanden met een ' "
                "ervoor (advies van OWASP tegen CSV-injectie), zodat een spreadsheet ze als tekst toont en niet als formule "
                "uitvoert; in de kennisgraaf staat de waarde zonder '. Getallen (zoals -5) blijven getallen.")


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    prop: URIRef | None = None  # None: the row's IRI (column ``id``)
    kind: str = "iri"  # iri | literal
    datatype: str | None = None  # CSVW built-in datatype name for literals
    lang: str | None = None
    multi: bool = False
    inverse: bool = False  # the cell holds the subject, the row the object
    note: str | None = None
    output: bool = True


@dataclass(frozen=True)
class Table:
    file: str
    title: str
    classes: tuple[URIRef, ...]
    columns: tuple[Column, ...]
    blank: bool = False  # rows are qualified links (blank nodes, skolemised)
    typed: bool = True  # add a virtual rdf:type column with the first class


_SOURCE = (Column("bron", "Bron (sectie)", DCTERMS.source), Column("bronregel", "Bronregel", NPDW.sourceLine, "literal", "integer"))
_BASIS = (Column("grondslag", "Grondslag (genoemd of afgeleid)", NPDW.basis),
          Column("vindplaats", "Vindplaats in de bron (genoemde verbanden)", NPDW.evidence, "literal", "string", "nl"),
          Column("reden", "Reden (afgeleide verbanden)", NPDW.reason, "literal", "string", "nl"))

TABLES: tuple[Table, ...] = (
    Table("inspanningen.csv", "Inspanningen", (NPDW.Effort,), (
        Column("id", "IRI"),
        Column("naam", "Naam", RDFS.label, "literal", "string", "nl"),
        Column("beschrijving", "Beschrijving", DCTERMS.description, "literal", "string", "nl"),
        Column("hoofdpijler", "Hoofdpijler", NPDW.primaryPillar),
        Column("status", "Status", NPDW.status),
        Column("paragraaf", "Paragraaf", NPDW.inSection),
        Column("in_bijlage_2", "Staat in Bijlage 2", NPDW.inBijlage2, "literal", "boolean"),
        Column("volgorde_bijlage_2", "Volgorde in Bijlage 2", NPDW.bijlage2Order, "literal", "integer"),
        Column("gebieden", "Gebieden", NPDW.inArea, multi=True),
        Column("doelen", "Draagt bij aan (operationele doelen)", NPDW.contributesTo, multi=True),
        Column("raakt_pijlers", "Raakt pijlers", NPDW.touchesPillar, multi=True),
        Column("partners", "Partners", NPDW.hasPartner, multi=True),
        Column("financiering", "Financiering", NPDW.hasFunding, multi=True),
        Column("beoogde_resultaten", "Beoogde resultaten 2026", NPDW.intendedResult, multi=True),
        *_SOURCE)),
    Table("doelen.csv", "Doelen (Bijlage 1)", (NPDW.StrategicGoal, NPDW.OperationalGoal), (
        Column("id", "IRI"),
        Column("soort", "Soort doel", RDF.type),
        Column("naam", "Naam", RDFS.label, "literal", "string", "nl"),
        Column("pijler", "Pijler", NPDW.inPillar),
        Column("werkt_uit", "Werkt strategisch doel uit", NPDW.specialises),
        *_SOURCE), typed=False),
    Table("partners.csv", "Partners (organisaties)", (URIRef(ORG + "Organization"),), (
        Column("id", "IRI"),
        Column("naam", "Naam", RDFS.label, "literal", "string", "nl"),
        Column("organisatietype", "Organisatietype", NPDW.orgType),
        *_SOURCE)),
    Table("financiering.csv", "Financiering", (NPDW.FundingAllocation,), (
        Column("id", "IRI"),
        Column("naam", "Naam", RDFS.label, "literal", "string", "nl"),
        Column("voor", "Voor (inspanning, paragraaf of programma)", NPDW.hasFunding, multi=True, inverse=True, output=False,
               note="Inverse van npdw:hasFunding; staat als kolom 'financiering' in inspanningen.csv."),
        Column("regeling", "Regeling", NPDW.scheme),
        Column("bedrag", "Bedrag", NPDW.amount, "literal", "decimal"),
        Column("munteenheid", "Munteenheid", NPDW.currency, "literal", "string"),
        Column("bedrag_zoals_geschreven", "Bedrag zoals geschreven", NPDW.amountAsWritten, "literal", "string"),
        Column("bedragsgrondslag", "Totaal of per jaar", NPDW.amountBasis),
        Column("beginjaar", "Beginjaar", NPDW.startYear, "literal", "gYear"),
        Column("eindjaar", "Eindjaar", NPDW.endYear, "literal", "gYear"),
        Column("periode_zoals_geschreven", "Periode zoals geschreven", NPDW.periodAsWritten, "literal", "string"),
        Column("reikwijdte", "Reikwijdte", NPDW.scope),
        Column("status", "Status", NPDW.allocationStatus),
        Column("zelfde_geld_als", "Zelfde geld als", NPDW.sameMoneyAs,
               note="Een vermelding van geld dat de genoemde financiering al telt: tel het bedrag van deze rij niet nog eens mee."),
        Column("toegekend_als", "Toegekend als", NPDW.awardedAs,
               note="Deze aanvraag is toegekend als de genoemde financiering: aangevraagd en toegekend niet optellen."),
        Column("deel_van", "Deel van", DCTERMS.isPartOf, multi=True,
               note="Een deel van de genoemde financiering: niet naast het geheel optellen."),
        *_SOURCE)),
    Table("bijdragen.csv", "Bijdragen van inspanningen aan doelen", (NPDW.Contribution,), (
        Column("id", "IRI (skolem-IRI van het verband)"),
        Column("inspanning", "Inspanning", NPDW.contribution, inverse=True),
        Column("doel", "Doel", NPDW.goal),
        *_BASIS), blank=True),
    Table("partnerschappen.csv", "Partnerschappen van organisaties in inspanningen", (NPDW.Partnership,), (
        Column("id", "IRI (skolem-IRI van het verband)"),
        Column("inspanning", "Inspanning", NPDW.partnership, inverse=True),
        Column("organisatie", "Organisatie", NPDW.organisation),
        Column("rol", "Rol", NPDW.role),
        *_BASIS, *_SOURCE), blank=True),
)

_XSD_NAMES = {"integer": XSD.integer, "decimal": XSD.decimal, "boolean": XSD.boolean, "gYear": XSD.gYear, "string": XSD.string}


def _cell(values: list[Node], col: Column) -> str:
    if not values:
        return ""
    if col.multi:
        return _SEP.join(sorted(str(v) for v in values))
    if col.lang:
        preferred = [v for v in values if isinstance(v, Literal) and v.language == col.lang]
        values = preferred or []
    elif col.kind == "literal":
        dt = _XSD_NAMES[col.datatype or "string"]
        values = [v for v in values if isinstance(v, Literal) and not v.language and (v.datatype or XSD.string) == dt]
    else:
        values = [v for v in values if isinstance(v, URIRef)]
    return str(sorted(values, key=str)[0]) if values else ""


def _at(term: URIRef, base: str) -> URIRef:
    """A vocabulary term moved under ``base``."""
    text = str(term)
    return URIRef(base + text[len(DEFAULT_BASE):]) if text.startswith(DEFAULT_BASE) else term


def table_rows(table: Table, index: GraphIndex, base: str, keys: dict[Node, str] | None = None) -> list[list[str]]:
    """The rows of one table (header not included), sorted by the first column."""
    members: set[Node] = set()
    for cls in table.classes:
        members.update(index.referrers(_at(cls, base), RDF.type))
    rows = []
    for node in members:
        if table.blank != isinstance(node, BNode):
            continue
        row_iri = skolem_iri(base, keys[node]) if isinstance(node, BNode) and keys is not None else node
        row = []
        for col in table.columns:
            if col.prop is None:
                row.append(str(row_iri))
            elif col.inverse:
                row.append(_cell([s for s in index.referrers(node, _at(col.prop, base)) if isinstance(s, URIRef)], col))
            else:
                row.append(_cell(index.values(node, _at(col.prop, base)), col))
        rows.append(row)
    return sorted(rows)


def metadata(base: str, tables: tuple[Table, ...] = TABLES) -> dict[str, object]:
    """The CSVW table group describing the tables."""
    out_tables = []
    for table in tables:
        columns: list[dict[str, object]] = []
        for col in table.columns:
            # The header row holds the names, so they are the titles a processor matches header cells
            # against; the Dutch description of the column is its dc:title.
            c: dict[str, object] = {"name": col.name, "titles": col.name, "dc:title": {"@value": col.title, "@language": "nl"}}
            if col.prop is None:
                c["suppressOutput"] = True
                c["required"] = True
            else:
                c["propertyUrl"] = str(_at(col.prop, base))
                if col.inverse:
                    c["aboutUrl"] = "{+" + col.name + "}"
                    c["valueUrl"] = "{+id}"
                elif col.kind == "iri":
                    c["valueUrl"] = "{+" + col.name + "}"
                else:
                    c["datatype"] = col.datatype or "string"
                    if col.lang:
                        c["lang"] = col.lang
                if col.multi:
                    c["separator"] = _SEP
                if not col.output:
                    c["suppressOutput"] = True
            if col.note:
                c["dc:description"] = col.note
            columns.append(c)
        if table.typed:
            columns.append({"name": TYPE_COLUMN, "virtual": True, "propertyUrl": str(RDF.type), "valueUrl": str(_at(table.classes[0], base))})
        out_tables.append({
            "url": table.file,
            "dc:title": {"@value": table.title, "@language": "nl"},
            "tableSchema": {"columns": columns, "primaryKey": "id", "aboutUrl": "{+id}"},
        })
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "nl"}],
        "dc:title": {"@value": "Tabellen van de kennisgraaf Nationaal Programma Dordt West", "@language": "nl"},
        "dc:source": {"@id": f"{base}id/dataset/kennisgraaf-npdw"},
        "dc:description": {"@value": FORMULA_NOTE, "@language": "nl"},
        "tables": out_tables,
    }


def write_tables(index: GraphIndex, folder: Path, base: str) -> list[Path]:
    """Write every table and ``csv-metadata.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = blank_node_keys(index, base)
    written = []
    for table in TABLES:
        buf = io.StringIO()
        w = csvsafe.writer(buf, lineterminator="\r\n")
        w.writerow([c.name for c in table.columns])
        w.writerows(table_rows(table, index, base, keys))
        path = folder / table.file
        path.write_text(buf.getvalue(), encoding="utf-8")
        written.append(path)
    meta = folder / METADATA_FILE
    meta.write_text(json.dumps(metadata(base), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    written.append(meta)
    return written


# --------------------------------------------------------------------------- CSVW to RDF (for checks)

_TEMPLATE = re.compile(r"\{\+([A-Za-z0-9_]+)\}")


def _expand(template: str, row: dict[str, str]) -> str:
    return _TEMPLATE.sub(lambda m: row.get(m.group(1), ""), template)


def tables_to_graph(metadata_path: Path) -> Graph:
    """Turn the tables back into RDF by following ``csv-metadata.json`` (minimal CSVW csv2rdf)."""
    meta = json.loads(metadata_path.read_text(encoding="utf-8"))
    g = Graph()
    for table in meta["tables"]:
        schema = table["tableSchema"]
        path = Path(urljoin(metadata_path.resolve().as_uri(), table["url"])[len("file://"):])
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                _row_triples(g.add, schema, row)
    return g


def _row_triples(add: Callable[[tuple[Node, Node, Node]], object], schema: dict, row: dict[str, str]) -> None:
    for col in schema["columns"]:
        if col.get("suppressOutput"):
            continue
        about = _expand(col.get("aboutUrl", schema["aboutUrl"]), row)
        if not about:
            continue
        prop = URIRef(col["propertyUrl"])
        if col.get("virtual"):
            add((URIRef(about), prop, URIRef(_expand(col["valueUrl"], row))))
            continue
        cell = row.get(col["name"], "")
        if cell == "":
            continue
        items = cell.split(col["separator"]) if "separator" in col else [cell]
        for item in items:
            if "valueUrl" in col:
                value: Node = URIRef(_expand(col["valueUrl"], {**row, col["name"]: item}))
            elif col.get("lang"):
                value = Literal(item, lang=col["lang"])
            elif col.get("datatype", "string") == "string":
                value = Literal(item)
            else:
                value = Literal(item, datatype=_XSD_NAMES[col["datatype"]])
            add((URIRef(about), prop, value))
