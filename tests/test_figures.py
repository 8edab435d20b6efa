"""The figures layer (npdw_graph/figures.py and the queries behind it): money counted once, counts with
their definition, one definition of "in de wijk".

Expected figures come from the source text (read here with a regular expression) or are recomputed
here from the graph's triples with rdflib, never taken from the code under test.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import SOURCE_TEXT_MISSING, source_text
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from npdw_graph import figures
from npdw_graph.namespaces import NPDW
from npdw_graph.queryengine import OxigraphEngine

ID = "https://w3id.org/npdw/id/"


def euros(text: str) -> list[int]:
    """Every '€1.234.567,-' amount in a piece of source text, as an integer."""
    return [int(m.replace(".", "")) for m in re.findall(r"€\s?(\d{1,3}(?:\.\d{3})+),-", text)]


@pytest.fixture(scope="module")
def lines() -> list[str]:
    path = source_text()
    if path is None:
        pytest.skip(SOURCE_TEXT_MISSING)
    return path.read_text(encoding="utf-8").split("\n")


def window(lines: list[str], first: int, last: int) -> str:
    return "\n".join(lines[first - 1:last])


@pytest.fixture(scope="module")
def engine(graph):
    return OxigraphEngine.from_graph(graph)


# ------------------------------------------------------------------ one effort's money


def test_energiehulp_total_is_the_chapter_12_amount_once(engine, lines):
    table_row = next(line for line in lines if line.startswith("Aanpak energiearmoede €"))
    expected = euros(table_row)[0]
    assert expected == 624321
    f = figures.effort_funding(engine, "inspanning:energiehulp")
    assert f["totaal"] == f["toegekend"] == expected  # not 1.248.642 (twice), not 35.624.321 (with the national pot)
    counted = [p for p in f["posten_lijst"] if p["meetellen"]]
    assert [p["bedrag"] for p in counted] == [expected]
    # one money flow, two citations: 4.2's Financiën block and the chapter 12 table
    assert sorted(c["paragraaf"] for c in counted[0]["bronnen"]) == ["12", "4.2"]
    for c in counted[0]["bronnen"]:
        assert c["bedragZoalsGeschreven"].replace(" ", "") in window(lines, c["regel"], c["regel"] + 1).replace(" ", "")


def test_nplv_pot_is_labelled_national_and_never_summed(engine, graph, lines):
    n = next(i for i, line in enumerate(lines, 1) if "NPLV-gebieden ontvangen samen" in line)
    pot = euros(window(lines, n, n + 1))[0]
    assert pot == 35_000_000
    f = figures.effort_funding(engine, "inspanning:energiehulp")
    national = [p for p in f["posten_lijst"] if p["bedrag"] == pot]
    assert len(national) == 1 and not national[0]["meetellen"]
    assert national[0]["soort"] == "landelijk budget"
    assert "niet alleen voor Dordt West" in national[0]["reikwijdteNaam"]
    assert f["landelijk"] == 1
    assert pot not in {f["totaal"], f["toegekend"], f["begroot"]}
    # no Dordt West total anywhere contains a national pot: the programme total is below any pot added to the rest
    national_pots = [v.toPython() for a in graph.subjects(NPDW.scope, NPDW.ScopeNational) for v in graph.objects(a, NPDW.amount)]
    assert sorted(national_pots) == [35_000_000, 45_000_000]
    assert figures.programme_funding(engine)["totaal"] < min(national_pots)


def test_aanpak_slechte_energielabels_lists_the_national_and_dordrecht_amounts_apart(engine, lines):
    text = window(lines, 1228, 1236)
    assert 45_000_000 in euros(text) and 2_994_268 in euros(text)
    f = figures.effort_funding(engine, "inspanning:aanpak-slechte-energielabels")
    by_amount = {p["bedrag"]: p for p in f["posten_lijst"]}
    assert by_amount[45_000_000]["soort"] == "landelijk budget"
    assert by_amount[2_994_268]["soort"] == "Dordrecht breed"
    assert [p["bedrag"] for p in f["posten_lijst"]].count(2_994_268) == 1  # 4.2 and chapter 12: one flow
    assert len(by_amount[2_994_268]["bronnen"]) == 2
    assert not by_amount[45_000_000]["meetellen"] and not by_amount[2_994_268]["meetellen"]


def test_ontwikkelkader_crabbehof_requested_and_awarded_are_separate(engine, lines):
    requested = euros(window(lines, 1239, 1240))[0]
    awarded = euros(lines[5660 - 1])[0]
    assert (requested, awarded) == (17_465_584, 17_061_638)
    f = figures.effort_funding(engine, "inspanning:ontwikkelkader-crabbehof")
    assert f["aangevraagd"] == requested and f["toegekend"] == awarded and f["totaal"] == awarded
    request = next(p for p in f["posten_lijst"] if p["bedrag"] == requested)
    assert request["soort"] == "aangevraagd" and request["toegekendAls"] == ID + "financiering/rijk-01"


def test_bulk_summary_equals_the_single_effort_summary(engine):
    every = figures.funding_by_effort(engine)
    assert len(every) == 101
    one = figures.effort_funding(engine, "inspanning:energiehulp")
    one.pop("posten_lijst")
    assert every[ID + "inspanning/energiehulp"] == one


# ------------------------------------------------------------------ partitions add up


def counted_flows(graph: Graph, scope: URIRef) -> list[URIRef]:
    """Recomputed with rdflib: allocations of the scope that are no mention and no part of an amount."""
    out = []
    for f in graph.subjects(RDF.type, NPDW.FundingAllocation):
        if graph.value(f, NPDW.scope) != scope or graph.value(f, NPDW.sameMoneyAs) is not None:
            continue
        if any(graph.value(w, NPDW.amount) is not None for w in graph.objects(f, DCTERMS.isPartOf)
               if (w, RDF.type, NPDW.FundingAllocation) in graph):
            continue
        out.append(f)
    return out


def awarded_or_budgeted(graph: Graph, flows: list[URIRef]) -> Decimal:
    total = Decimal(0)
    for f in flows:
        amount = graph.value(f, NPDW.amount)
        if (amount is not None and graph.value(f, NPDW.amountBasis) == NPDW.Total
                and graph.value(f, NPDW.allocationStatus) in (NPDW.Awarded, NPDW.Budgeted)):
            total += amount.toPython()
    return total


@pytest.mark.parametrize("scope", ["ScopeDordtWest", "ScopeDordrecht"])
def test_pillar_funding_rows_add_up_to_the_total(engine, graph, scope):
    rows = figures.pillar_funding(engine, str(NPDW[scope]))
    *groups, total = rows
    assert total["groep"] == "totaal" and [r["groep"] for r in groups].count("pijler") == 5
    for column in ("posten", "toegekend", "begroot", "totaal", "aangevraagd", "perJaar", "nietGenoemd"):
        assert sum(r[column] for r in groups) == total[column], column
    flows = counted_flows(graph, NPDW[scope])
    assert total["posten"] == len(flows)
    assert total["totaal"] == awarded_or_budgeted(graph, flows)
    for other in (figures.funder_funding(engine, str(NPDW[scope])), figures.scheme_funding(engine, str(NPDW[scope]))):
        assert other[-1]["totaal"] == total["totaal"] and other[-1]["posten"] == total["posten"]
        assert sum(r["totaal"] for r in other[:-1]) == total["totaal"]


def test_chapter_12_table_is_counted_whole_in_the_dordt_west_total(engine, graph, lines):
    printed = euros(next(line for line in lines if line.startswith("Totaal €")))[0]
    assert printed == 30_107_578
    rows = [r for r in graph.subjects(NPDW.inTable, URIRef(ID + "tabel/financiering-door-het-rijk"))]
    flows = set(counted_flows(graph, NPDW.ScopeDordtWest))
    assert len(rows) == 14 and set(rows) <= flows  # no table row is dropped as a duplicate
    assert sum(graph.value(r, NPDW.amount).toPython() for r in rows) == printed
    assert figures.programme_funding(engine)["toegekend"] >= printed


def test_wijk_groups_of_one_wijk_do_not_count_money_twice(engine):
    rows = figures.area_funding(engine, "gebied:wielwijk")
    assert [r["groep"] for r in rows] == ["in de wijk", "heel Dordt West", "Dordrecht breed"]
    everything = figures.programme_funding(engine)
    assert sum(r["totaal"] for r in rows) <= everything["totaal"]
    assert sum(r["posten"] for r in rows) <= everything["posten"] + sum(r["posten"] for r in rows if r["groep"] != "in de wijk")


# ------------------------------------------------------------------ counts


def test_effort_counts_101_is_64_in_bijlage_2_plus_37(engine, graph):
    efforts = set(graph.subjects(RDF.type, NPDW.Effort))
    in_b2 = {e for e in efforts if graph.value(e, NPDW.inBijlage2) == Literal(True)}
    assert (len(efforts), len(in_b2)) == (101, 64)
    counts = figures.effort_counts(engine)
    assert counts == {"totaal": 101, "inBijlage2": 64, "alleenInHoofdstukken": 37}


def test_pillar_counts_hoofdpijler_and_raakt_ook_are_two_numbers(engine, graph):
    rows = figures.pillar_counts(engine)
    *pillars, total = rows
    assert sum(r["hoofdpijler"] for r in pillars) == total["hoofdpijler"] == 101
    assert sum(r["inBijlage2"] for r in pillars) == total["inBijlage2"] == 64
    for r in pillars:
        p = URIRef(r["pijler"])
        own = {e for e in graph.subjects(NPDW.primaryPillar, p)}
        touching = {e for e in graph.subjects(NPDW.touchesPillar, p) if graph.value(e, NPDW.primaryPillar) != p}
        assert r["hoofdpijler"] == len(own) and r["raaktOok"] == len(touching), r["pijlerNaam"]
        assert r["inBijlage2"] == len({e for e in own if graph.value(e, NPDW.inBijlage2) == Literal(True)})


def wijk_group(graph: Graph, effort: URIRef, wijk: URIRef) -> str | None:
    areas = set(graph.objects(effort, NPDW.inArea))
    if wijk in areas or any(graph.value(a, NPDW.partOfArea) == wijk for a in areas):
        return "in de wijk"
    if URIRef(ID + "gebied/dordrecht") in areas:
        return "Dordrecht breed"
    if URIRef(ID + "gebied/dordt-west") in areas:
        return "heel Dordt West"
    return None


@pytest.mark.parametrize("slug", ["wielwijk", "crabbehof", "oud-krispijn", "nieuw-krispijn"])
def test_efforts_in_area_follow_the_one_definition(engine, graph, slug):
    wijk = URIRef(ID + "gebied/" + slug)
    expected = {str(e): g for e in graph.subjects(RDF.type, NPDW.Effort) if (g := wijk_group(graph, e, wijk))}
    listed = {r["inspanning"]: r["groep"] for r in figures.efforts_in_area(engine, str(wijk))}
    assert listed == expected
    total = figures.area_counts(engine, str(wijk))[-1]
    for column, group in (("inDeWijk", "in de wijk"), ("heelDordtWest", "heel Dordt West"), ("dordrechtBreed", "Dordrecht breed")):
        assert total[column] == list(expected.values()).count(group)


def test_wielwijk_is_not_the_whole_programme(engine):
    per_pillar = figures.area_counts(engine, "gebied:wielwijk")[:-1]
    whole = {r["pijler"]: r["hoofdpijler"] for r in figures.pillar_counts(engine)[:-1]}
    assert all(r["inDeWijk"] < whole[r["pijler"]] for r in per_pillar)
    assert sum(r["inDeWijk"] for r in per_pillar) == 10


def test_every_definition_is_dutch_text():
    assert {"inspanningen", "hoofdpijler", "raaktOok", "in de wijk", "totaal", "landelijk"} <= set(figures.DEFINITIONS)
    assert all(len(v) > 20 for v in figures.DEFINITIONS.values())


# ------------------------------------------------------------------ the printed baseline


# Bijlage 3 rows whose values are legible and whose areas the column heads name, but that print no year:
# (first line, last line, expected number of values). Counted from the lines, not from the data.
YEARLESS_ROWS = {
    "energielabels E t/m G": (6095, 6095),
    "KPI m² groen": (6177, 6177),
    "samenstelling woningvoorraad": (6197, 6200),
    "mantelzorg": (6272, 6272),
    "spreiding SES-WOA (Oud-Krispijn 'm' onleesbaar)": (6339, 6339),
    "jongeren met een afstand tot de arbeidsmarkt": (6356, 6356),
}
NUMBER = re.compile(r"(?<![\d,])\d+(?:,\d+)?(?![\d,])")


def test_yearless_values_are_baseline_observations_with_their_reason(graph, lines):
    printed = sum(len(NUMBER.findall(window(lines, a, b))) for a, b in YEARLESS_ROWS.values())
    printed += 3  # schooladvies PO for Dordrecht: mavo, havo, vwo (line 6112-6114, first column)
    yearless = set(graph.subjects(NPDW.periodStatus, NPDW.PeriodNotStated))
    assert len(yearless) == printed == 39
    for o in yearless:
        assert graph.value(o, NPDW.observationStatus) == NPDW.Baseline
        assert graph.value(o, NPDW.periodNote).language == "nl"
        written = str(graph.value(o, NPDW.valueAsWritten)).split(" (")[0]
        n = graph.value(o, NPDW.sourceLine).toPython()
        assert written in lines[n - 1], (o, written, n)
        assert Decimal(written.rstrip("%").replace(",", ".")) == graph.value(o, NPDW.value).toPython()
    baseline = set(graph.subjects(NPDW.observationStatus, NPDW.Baseline))
    assert len(baseline - yearless) == 49  # the Bijlage 3 values printed with a year, unchanged


def test_illegible_cells_stay_gaps(graph):
    ses = URIRef(ID + "indicator/spreiding-ses-woa-scores")
    areas = {str(graph.value(o, NPDW.refArea)).rsplit("/", 1)[-1] for o in graph.subjects(NPDW.indicator, ses)}
    assert areas == {"dordrecht", "nieuw-krispijn", "wielwijk", "crabbehof"}  # Oud-Krispijn printed as 'm'
    assert (URIRef(ID + "observatie/gat-spreiding-ses-woa-scores"), NPDW.concerns, ses) in graph


def test_wielwijk_baseline_has_woningvoorraad_and_mantelzorg(engine):
    rows = figures.baseline(engine, "gebied:wielwijk")
    by_name = {r["indicatorNaam"]: r for r in rows}
    assert by_name["Percentage mantelzorg"]["waarde"] == Decimal("13.5")
    assert not by_name["Percentage mantelzorg"]["jaarVermeld"]
    assert "geen jaar" in by_name["Percentage mantelzorg"]["toelichting"]
    assert {n for n in by_name if n.startswith("Samenstelling woningvoorraad")} == {
        "Samenstelling woningvoorraad: koop", "Samenstelling woningvoorraad: sociale huur", "Samenstelling woningvoorraad: huur"}
    assert any(r["jaarVermeld"] for r in rows)  # and the values with a year are there too


def test_data_cube_checks_pass_with_the_yearless_values(graph):
    from conftest import ROOT

    from npdw_graph.datacube import check_cube

    report = check_cube(graph, ROOT / "queries")
    assert len(report.results) >= 11 and report.passed, report.to_text()
    assert report.observations == 49 + 39 + 16  # Bijlage 3 with a year, without one, facts of chapters 1 and 3
