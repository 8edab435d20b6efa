"""docs/coverage.md cannot go stale: its count tables are recomputed here from the real graph.

The page has two tables. "Per hoofdstuk" counts, per chapter or appendix of the source, the
resources that cite a section of that chapter (``dcterms:source``); "Totalen" gives key totals by
a key in backticks. Every number in both tables is compared with the count from SPARQL. Only
what comes from the source is counted: later measurements (data/metingen/) are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from npdw_graph.queryengine import OxigraphEngine

COVERAGE = Path(__file__).resolve().parent.parent / "docs" / "coverage.md"

# The chapter of a section: the section number of its top-level section ("4.2" -> "4").
CHAPTER_OF = """
    ?s npdw:subSectionOf* ?top . ?top npdw:sectionNumber ?chapter .
    FILTER NOT EXISTS { ?top npdw:subSectionOf ?higher }
"""

# Column of the "Per hoofdstuk" table -> a SELECT of (?chapter ?n).
PER_CHAPTER: dict[str, str] = {
    "Inspanningen": "SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:Effort ; npdw:inSection ?s . %s } GROUP BY ?chapter",
    "Partners onder de kop": "SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?s a npdw:Section ; npdw:hasPartner ?x . %s } GROUP BY ?chapter",
    "Financieringen": "SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:FundingAllocation ; dcterms:source ?s . %s } GROUP BY ?chapter",
    "met bedrag": ("SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:FundingAllocation ; npdw:amount ?a ; dcterms:source ?s . %s } "
                   "GROUP BY ?chapter"),
    "Resultaten 2026": "SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:IntendedResult ; dcterms:source ?s . %s } GROUP BY ?chapter",
    "Randvoorwaarden": "SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:Condition ; dcterms:source ?s . %s } GROUP BY ?chapter",
    "Projectdocumenten": "SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:ProjectDocument ; dcterms:source ?s . %s } GROUP BY ?chapter",
    "Participatie": "SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:Participation ; dcterms:source ?s . %s } GROUP BY ?chapter",
    "Doelen": ("SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?c { npdw:StrategicGoal npdw:OperationalGoal npdw:NationalGoal } "
               "?x a ?c ; dcterms:source ?s . %s } GROUP BY ?chapter"),
    "Metingen": ("SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?d { dataset:nulmeting-bijlage-3 dataset:feiten-uit-de-tekst } "
                 "?x a qb:Observation ; qb:dataSet ?d ; dcterms:source ?s . %s } GROUP BY ?chapter"),
    "Tegenstrijdigheden en gaten": ("SELECT ?chapter (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:SourceDiscrepancy ; dcterms:source ?s . %s } "
                                    "GROUP BY ?chapter"),
}

# Key of the "Totalen" table -> a SELECT of one value ?n.
TOTALS: dict[str, str] = {
    "strategische-doelen": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:StrategicGoal }",
    "operationele-doelen": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:OperationalGoal }",
    "inspanningen": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Effort }",
    "inspanningen-in-bijlage-2": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Effort ; npdw:inBijlage2 true }",
    "inspanningen-niet-in-bijlage-2": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Effort ; npdw:inBijlage2 false }",
    "inspanningen-niet-in-statuslijst": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Effort ; npdw:status npdw:NotListed }",
    "organisaties": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a org:Organization }",
    "partnerschappen-genoemd": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Partnership ; npdw:basis npdw:Stated }",
    "partnerschappen-afgeleid": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Partnership ; npdw:basis npdw:Inferred }",
    "bijdragen-genoemd": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Contribution ; npdw:basis npdw:Stated }",
    "bijdragen-afgeleid": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:Contribution ; npdw:basis npdw:Inferred }",
    "pijlerverbanden-afgeleid": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:PillarLink ; npdw:basis npdw:Inferred }",
    "financieringen": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:FundingAllocation }",
    "financieringen-zonder-bedrag": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:FundingAllocation FILTER NOT EXISTS { ?x npdw:amount ?a } }",
    "regelingen": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:FundingScheme }",
    "rijen-financiering-door-het-rijk": "SELECT (COUNT(?x) AS ?n) WHERE { ?x npdw:inTable tabel:financiering-door-het-rijk }",
    "som-financiering-door-het-rijk": "SELECT (SUM(?a) AS ?n) WHERE { ?x npdw:inTable tabel:financiering-door-het-rijk ; npdw:amount ?a }",
    "woningbouwprojecten": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:HousingProject }",
    "indicatoren": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a npdw:Indicator ; dcterms:source ?s . ?s a npdw:Section }",
    "metingen-bijlage-3": "SELECT (COUNT(?x) AS ?n) WHERE { ?x qb:dataSet dataset:nulmeting-bijlage-3 }",
    "metingen-uit-de-tekst": "SELECT (COUNT(?x) AS ?n) WHERE { ?x qb:dataSet dataset:feiten-uit-de-tekst }",
    "gaten-bijlage-3": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:SourceDiscrepancy ; dcterms:source sectie:bijlage-3 }",
    "ocr-herstellingen": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a npdw:OcrRepair }",
    "stuurgroepen": "SELECT (COUNT(?x) AS ?n) WHERE { ?x a org:OrganizationalUnit ; rdfs:label ?l FILTER(STRSTARTS(?l, \"Stuurgroep\")) }",
    "functies-programmaorganisatie": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a org:Post }",
    "leden-alliantie": "SELECT (COUNT(?x) AS ?n) WHERE { organisatie:alliantie-dordt-west org:hasMember ?x }",
}


def per_chapter_counts(engine: OxigraphEngine) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for column, query in PER_CHAPTER.items():
        for row in engine.select(query % CHAPTER_OF).dicts():
            counts.setdefault(row["chapter"], {})[column] = int(row["n"])
    return counts


def totals(engine: OxigraphEngine) -> dict[str, str]:
    out = {}
    for key, query in TOTALS.items():
        value = engine.select(query).dicts()[0]["n"]
        out[key] = str(int(float(value)))
    return out


def markdown_table(text: str, first_header: str) -> list[list[str]]:
    """The rows (header first) of the markdown table whose first header cell is ``first_header``."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("|") and ln.strip("| ").startswith(first_header))
    rows = []
    for ln in lines[start:]:
        if not ln.startswith("|"):
            break
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if not all(re.fullmatch(r":?-+:?", c) for c in cells):
            rows.append(cells)
    return rows


@pytest.fixture(scope="module")
def engine(graph: Graph) -> OxigraphEngine:
    return OxigraphEngine.from_graph(graph)


@pytest.fixture(scope="module")
def page() -> str:
    return COVERAGE.read_text(encoding="utf-8")


def test_per_chapter_table_matches_the_graph(engine, page):
    header, *rows = markdown_table(page, "Hoofdstuk")
    assert header[2:] == list(PER_CHAPTER)
    counts = per_chapter_counts(engine)
    assert len(rows) == 17
    in_table = set()
    for cells in rows:
        chapter = cells[0].strip("`")
        in_table.add(chapter)
        expected = {column: counts.get(chapter, {}).get(column, 0) for column in PER_CHAPTER}
        assert dict(zip(PER_CHAPTER, (int(c) for c in cells[2:]), strict=True)) == expected, chapter
    # every chapter with content has its row
    assert set(counts) <= in_table


def test_totals_table_matches_the_graph(engine, page):
    header, *rows = markdown_table(page, "Sleutel")
    written = {cells[0].strip("`"): cells[2].replace(".", "") for cells in rows}
    assert written == totals(engine)


def test_page_lists_what_is_left_out_for_every_chapter(page):
    section = page.split("## Bewust weggelaten", 1)[1]
    for heading in ("Hoofdstuk 1-3", "Hoofdstuk 4", "Hoofdstuk 5", "Hoofdstuk 6", "Hoofdstuk 7", "Hoofdstuk 8",
                    "Hoofdstuk 9-11", "Hoofdstuk 12", "Bijlage 1", "Bijlage 2", "Bijlage 3"):
        assert f"### {heading}" in section, heading
