"""Facts of the curated graph checked against the source TEXT, chapter by chapter.

Every test here reads the line(s) of the OCR file (setting ``NPDW_SOURCE_TEXT``, see conftest) that a resource cites
with ``npdw:sourceLine`` and checks the graph's value there, so the graph is compared with the
source, never with itself. Where the OCR damaged a value, the resource records an
``npdw:OcrRepair`` with the raw reading, and the test checks the raw reading instead.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from difflib import SequenceMatcher

import pytest
from conftest import SOURCE_TEXT_MISSING, source_text
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS
from rdflib.term import Node

from npdw_graph.namespaces import ID, NPDW, QB

SOURCE_TEXT = source_text()
if SOURCE_TEXT is None:
    pytest.skip(SOURCE_TEXT_MISSING, allow_module_level=True)
LINES: list[str] = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
DOELEN = ID["doel/"]


# ------------------------------------------------------------------ helpers


def line(n: int) -> str:
    """Line ``n`` of the source (1-based, as ``grep -n`` counts)."""
    return LINES[n - 1]


def window(n: int, after: int = 1) -> str:
    """Line ``n`` and the ``after`` lines that follow, joined with single spaces."""
    return " ".join(" ".join(LINES[n - 1 : n + after]).split())


def norm(text: str) -> str:
    """Lower case, diacritics and OCR accents folded (é, ë -> e), only letters and digits."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in folded if not unicodedata.combining(c)))


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def fuzzy_in(needle: str, haystack: str, threshold: float = 0.9) -> bool:
    """True if ``needle`` occurs in ``haystack`` with at most a few OCR-damaged characters."""
    if needle in haystack:
        return True
    matcher = SequenceMatcher(None)
    matcher.set_seq2(needle)  # the matcher caches what it learns about the second sequence
    for i in range(max(1, len(haystack) - len(needle) + 1)):
        matcher.set_seq1(haystack[i : i + len(needle)])
        if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold:
            return True
    return False


def iri(kind: str, slug: str) -> URIRef:
    return ID[f"{kind}/{slug}"]


def label(graph: Graph, node: Node) -> str:
    return str(graph.value(node, RDFS.label))


def names(graph: Graph, node: Node) -> list[str]:
    return [str(x) for x in (*graph.objects(node, RDFS.label), *graph.objects(node, SKOS.altLabel))]


def source_line(graph: Graph, node: Node) -> int:
    value = graph.value(node, NPDW.sourceLine)
    assert value is not None, f"{node} has no npdw:sourceLine"
    return int(value)


def partners_of(graph: Graph, effort: URIRef) -> set[Node]:
    return {graph.value(p, NPDW.organisation) for p in graph.objects(effort, NPDW.partnership)}


def raw_reading(graph: Graph, node: Node, prop: URIRef) -> str | None:
    for repair in graph.objects(node, NPDW.ocrRepair):
        if graph.value(repair, NPDW.repairedProperty) == prop:
            return str(graph.value(repair, NPDW.rawReading))
    return None


def amount_text(value: Decimal) -> str:
    """624321.00 -> '624.321' (how the source writes whole euros)."""
    return f"{int(value):,}".replace(",", ".")


# ----------------------------------------------------- section line ranges


@pytest.fixture(scope="module")
def section_ranges(graph: Graph) -> dict[Node, tuple[int, int]]:
    """[first, last] source line of every section, from the npdw:startLine ordering in data/secties.ttl:
    a section runs until the next section that is not one of its own subsections."""
    starts = {s: int(v) for s, v in graph.subject_objects(NPDW.startLine)}
    parent = dict(graph.subject_objects(NPDW.subSectionOf))

    def ancestors(s: Node) -> set[Node]:
        out = set()
        while s in parent:
            s = parent[s]
            out.add(s)
        return out

    ranges = {}
    for s, start in starts.items():
        later = [v for t, v in starts.items() if v > start and s not in ancestors(t)]
        ranges[s] = (start, min(later) - 1 if later else len(LINES))
    return ranges


def section_of_line(ranges: dict[Node, tuple[int, int]], n: int) -> Node:
    """The innermost section whose range holds line ``n``."""
    holding = [(b - a, s) for s, (a, b) in ranges.items() if a <= n <= b]
    assert holding, f"no section holds line {n}"
    return min(holding, key=lambda t: t[0])[1]


# Resources whose npdw:sourceLine may lie outside the range of their dcterms:source section, with the reason.
SOURCE_LINE_EXCEPTIONS: dict[str, str] = {}


def test_section_ranges_cover_the_document(section_ranges):
    assert len(section_ranges) == 40
    assert section_ranges[iri("sectie", "4-2")] == (1004, 1283)
    assert section_ranges[iri("sectie", "4")] == (630, 1399)  # a chapter holds its paragraphs
    assert section_ranges[iri("sectie", "bijlage-3")][1] == len(LINES)
    assert "Duurzame en toekomstklare" in line(1004)


def test_every_source_line_lies_in_its_section(graph, section_ranges):
    outside = []
    checked = 0
    for node, section in graph.subject_objects(DCTERMS.source):
        if section not in section_ranges or (n := graph.value(node, NPDW.sourceLine)) is None:
            continue
        checked += 1
        first, last = section_ranges[section]
        if not first <= int(n) <= last and str(node).removeprefix(str(ID)) not in SOURCE_LINE_EXCEPTIONS:
            outside.append(f"{node} cites {section} (lines {first}-{last}) but line {n}")
    assert checked > 1500
    assert outside == []


# ----------------------------------------------------------- chapters 1-3


def test_national_goals_and_action_lines_stand_where_cited(graph):
    national = sorted(graph.subjects(RDF.type, NPDW.NationalGoal))
    assert len(national) == 3
    for goal in national:
        assert norm(label(graph, goal)) in norm(line(source_line(graph, goal)))
    action_lines = sorted(graph.subjects(RDF.type, NPDW.ActionLine))
    assert len(action_lines) == 4
    for al in action_lines:
        assert norm(label(graph, al))[:25] in norm(window(source_line(graph, al), 1))


def test_five_pillars_in_chapter_2(graph):
    pillars = list(graph.subjects(RDF.type, NPDW.Pillar))
    assert len(pillars) == 5
    for p in pillars:
        assert norm(label(graph, p)) in norm(line(source_line(graph, p)))


def test_focus_area_excludes_zuidhoven(graph):
    dordt_west, zuidhoven = iri("gebied", "dordt-west"), iri("gebied", "zuidhoven")
    assert (dordt_west, NPDW.excludesArea, zuidhoven) in graph
    assert "Zuidhoven" in window(source_line(graph, zuidhoven), 1)
    wijken = set(graph.subjects(NPDW.partOfArea, dordt_west)) & set(graph.subjects(RDF.type, NPDW.Wijk))
    assert {label(graph, w) for w in wijken} == {"Oud-Krispijn", "Nieuw-Krispijn", "Wielwijk", "Crabbehof"}


def test_wielwijk_average_income_from_chapter_3(graph):
    obs = iri("observatie", "tekst-gemiddeld-inkomen-wielwijk-2023")
    assert graph.value(obs, NPDW.value) == Decimal("25300") or int(graph.value(obs, NPDW.value).toPython()) == 25300
    assert "€25.300" in line(source_line(graph, obs))
    assert "2023" in line(source_line(graph, obs))


# -------------------------------------------------- every observation (ch 1-3 and Bijlage 3)


def observations(graph: Graph) -> list[Node]:
    return sorted(graph.subjects(RDF.type, QB.Observation))


def test_every_observation_value_stands_in_its_cited_line(graph):
    obs = [o for o in observations(graph) if graph.value(o, NPDW.valueAsWritten) is not None]
    assert len(obs) >= 60
    wrong = []
    for o in obs:
        written = " ".join(str(graph.value(o, NPDW.valueAsWritten)).split())
        if written not in window(source_line(graph, o), 1):
            wrong.append(f"{o}: {written!r} not in line {source_line(graph, o)}")
    assert wrong == []


def test_bijlage_3_baselines_sample(graph):
    """A few baseline values of Bijlage 3, read from the cited line and compared with npdw:value."""
    nulmeting = iri("dataset", "nulmeting-bijlage-3")
    baseline = [o for o in observations(graph) if graph.value(o, QB.dataSet) == nulmeting]
    assert len(baseline) >= 40
    for o in baseline:
        written = str(graph.value(o, NPDW.valueAsWritten))
        number = re.match(r"\d[\d.]*(,\d+)?", written)
        assert number, f"{o}: {written!r}"
        assert Decimal(number.group(0).replace(".", "").replace(",", ".")) == graph.value(o, NPDW.value).toPython(), o
        assert written in line(source_line(graph, o)), o
        assert source_line(graph, o) >= 6089, o  # Bijlage 3 starts at line 6089


# --------------------------------------------------------------- chapter 4


@pytest.mark.parametrize(
    "table, published",
    [("overzicht-woningbouwprojecten-oud-krispijn", 84), ("overzicht-woningbouwprojecten-nieuw-krispijn", 707),
     ("overzicht-woningbouwprojecten-wielwijk", 422), ("overzicht-woningbouwprojecten-crabbehof", 791)],
)
def test_housing_table_published_total(graph, table, published):
    t = iri("tabel", table)
    assert graph.value(t, NPDW.publishedTotal).toPython() == published
    start = source_line(graph, t)
    total_lines = [n for n in range(start, start + 40) if re.fullmatch(r"\s*Totaal\s+(\d+)\s*", line(n))]
    assert total_lines, f"no 'Totaal' line after {start}"
    assert line(total_lines[0]).split()[-1] == str(published)
    rows = list(graph.subjects(NPDW.inTable, t))
    row_sum = sum(int(v) for r in rows for v in graph.objects(r, NPDW.totalDwellings))
    computed = graph.value(t, NPDW.computedTotal)
    assert row_sum == published or (computed is not None and computed.toPython() == row_sum)


def test_housing_rows_stand_in_their_cited_line(graph):
    rows = [r for r in graph.subjects(RDF.type, NPDW.HousingProject)]
    assert len(rows) == 20
    for r in rows:
        text = window(source_line(graph, r), 0)
        for prop in (NPDW.apartments, NPDW.groundLevelDwellings, NPDW.totalDwellings):
            value = graph.value(r, prop)
            if value is None:
                continue
            expected = raw_reading(graph, r, prop) or str(int(value))
            assert re.search(rf"(?<![\d.]){re.escape(expected)}(?![\d])", text), f"{r} {prop}: {expected!r} not in {text!r}"


def test_chapter_4_facts(graph):
    # status and the name in the list "Wat is nieuw of wordt uitgebreid?" of chapter 4
    energiehulp = iri("inspanning", "energiehulp")
    assert graph.value(energiehulp, NPDW.status) == NPDW.NewOrExtended
    assert "Energiehulp" in line(689)
    # the one-off amount, with its OCR-damaged reading in the cited line
    f = iri("financiering", "energiehulp-1")
    assert graph.value(f, NPDW.amount).toPython() == Decimal("624321")
    assert str(graph.value(f, NPDW.amountAsWritten)) in window(source_line(graph, f), 3)
    assert (energiehulp, NPDW.hasFunding, iri("financiering", "rijk-03")) in graph  # the same money in chapter 12
    # a partner named under the Partners heading of 4.2 (line 1202)
    stedin = iri("organisatie", "stedin")
    assert stedin in partners_of(graph, iri("inspanning", "aardgasvrij-crabbehof"))
    assert "Stedin" in window(1202, 4)


# --------------------------------------------------------------- chapter 5


def test_chapter_5_facts(graph):
    thuisplus = iri("inspanning", "thuisplus-flat")
    assert iri("organisatie", "aafje") in partners_of(graph, thuisplus)
    assert "Aafje" in window(2215, 3)  # Partners heading of 5.3
    assert graph.value(thuisplus, NPDW.status) == NPDW.NewOrExtended
    assert "ThuisPLUS flat" in line(1480)  # "Wat is er nieuw of wordt uitgebreid?" list of chapter 5
    advies = iri("financiering", "gezonde-leefomgeving-9")
    assert graph.value(advies, NPDW.amount).toPython() == Decimal("35000")
    assert graph.value(advies, NPDW.amountBasis) == NPDW.PerYear
    assert "€35.000,- per jaar" in window(source_line(graph, advies), 2)


# --------------------------------------------------------------- chapter 6


def test_chapter_6_facts(graph):
    ojk = iri("inspanning", "ontwikkeling-jonge-kind")
    assert iri("organisatie", "jongjgz") in partners_of(graph, ojk)
    assert "JongJGZ" in window(2669, 4)
    f = iri("financiering", "ontwikkeling-jonge-kind-2")
    assert amount_text(graph.value(f, NPDW.amount).toPython()) == "1.217.659"
    assert "€1.217.659,-" in line(source_line(graph, f)) and "2024" in line(source_line(graph, f))
    assert (f, DCTERMS.isPartOf, iri("financiering", "rijk-08")) in graph  # a yearly part of the chapter 12 row
    dlp = iri("inspanning", "dordts-leerprogramma")
    assert graph.value(dlp, NPDW.status) == NPDW.Continued
    assert "Dordts Leerprogramma" in line(2550)


# --------------------------------------------------------------- chapter 7


def test_chapter_7_facts(graph):
    f = iri("financiering", "uitvoeringsbrigade-1")
    assert graph.value(f, NPDW.amount).toPython() == Decimal("484500")
    assert "€484.500,-" in line(source_line(graph, f)) and "2023" in line(source_line(graph, f))
    brigade = iri("inspanning", "uitvoeringsbrigade")
    assert (brigade, NPDW.hasFunding, f) in graph
    assert graph.value(brigade, NPDW.status) == NPDW.Continued
    assert "Uitvoeringsbrigade" in line(3549)
    assert iri("organisatie", "trivire") in partners_of(graph, brigade)  # 'in opdracht van ... woningcorporaties'
    woonbron = [p for p in graph.objects(brigade, NPDW.partnership) if graph.value(p, NPDW.organisation) == iri("organisatie", "woonbron")]
    assert woonbron and graph.value(woonbron[0], NPDW.basis) == NPDW.Inferred


# --------------------------------------------------------------- chapter 8


def test_chapter_8_facts(graph):
    pmg = iri("inspanning", "preventie-met-gezag")
    assert iri("organisatie", "halt") in partners_of(graph, pmg)
    assert "Halt" in window(5117, 3)
    f = iri("financiering", "preventie-met-gezag-1")
    assert amount_text(graph.value(f, NPDW.amount).toPython()) == "4.604.368"
    assert "€4.604.368,-" in line(source_line(graph, f))
    assert graph.value(pmg, NPDW.status) == NPDW.NewOrExtended
    assert "Preventie met Gezag" in line(4366)
    assert (pmg, NPDW.hasFunding, iri("financiering", "rijk-11")) in graph


# ------------------------------------------------------------ chapters 9-11


def test_pillar_coordinators_come_from_the_partners_chapter_12_names(graph):
    """Chapter 12 (lines 5708-5714): who supplies each pillar coordinator."""
    posts = [p for p in graph.subjects(NPDW.forPillar, None) if (p, NPDW.suppliedBy, None) in graph and "coordinator" in norm(label(graph, p))]
    assert len(posts) == 4
    text = norm(" ".join(LINES[5706:5716]))
    for post in posts:
        pillar = norm(label(graph, graph.value(post, NPDW.forPillar)))
        for supplier in graph.objects(post, NPDW.suppliedBy):
            said = [n for n in names(graph, supplier) if norm(n) in text]
            assert said, f"{supplier} not named in chapter 12"
            assert pillar in text[text.index(norm(said[0])) : text.index(norm(said[0])) + 200]


def test_chapter_10_organisation(graph):
    stuurgroepen = [s for s in graph.subjects(RDF.type, ORG.OrganizationalUnit) if label(graph, s).startswith("Stuurgroep")]
    assert len(stuurgroepen) == 5
    alliantie = iri("organisatie", "alliantie-dordt-west")
    members = set(graph.objects(alliantie, ORG.hasMember))
    assert {iri("organisatie", "politie"), iri("organisatie", "ministerie-van-jenv"), iri("organisatie", "gemeente-dordrecht")} <= members
    assert "Justitie en Veiligheid" in line(5341) and "politie" in window(5337, 3)


def test_chapter_9_and_11_resources_cite_their_chapter(graph):
    wijkraad = iri("participatie", "wijkraad")
    assert norm("wijkraad") in norm(window(source_line(graph, wijkraad), 2))
    assert graph.value(wijkraad, DCTERMS.source) == iri("sectie", "9")
    wijkwijzer = iri("organisatie", "wijkwijzer")
    assert "WijkWijzer" in window(source_line(graph, wijkwijzer), 1)


# -------------------------------------------------------------- chapter 12


def chapter_12_rows(graph: Graph) -> list[Node]:
    return sorted(graph.subjects(NPDW.inTable, iri("tabel", "financiering-door-het-rijk")), key=lambda r: int(graph.value(r, NPDW.rowNumber)))


def test_chapter_12_sum_equals_published_total(graph):
    rows = chapter_12_rows(graph)
    assert len(rows) == 14
    total = sum(graph.value(r, NPDW.amount).toPython() for r in rows)
    assert total == Decimal("30107578")
    table = iri("tabel", "financiering-door-het-rijk")
    assert graph.value(table, NPDW.publishedTotal).toPython() == total
    assert "Totaal €30.107.578,-" in line(5691)


def test_chapter_12_rows_stand_in_their_cited_line(graph):
    for r in chapter_12_rows(graph):
        text = line(source_line(graph, r))
        assert f"€{amount_text(graph.value(r, NPDW.amount).toPython())},-" in text, r
        assert str(graph.value(r, NPDW.startYear)) in text or "medio 2023" in text, r


def test_chapter_12_rows_are_reachable_from_efforts(graph):
    """Each row is paid to an effort directly, or through a pillar allocation that is a part of it,
    except the rows the source ties to no effort (programme organisation, impact analysis)."""
    untied = {iri("financiering", s) for s in ("rijk-04", "rijk-10", "rijk-13", "rijk-14")}
    efforts = set(graph.subjects(RDF.type, NPDW.Effort))
    for r in chapter_12_rows(graph):
        direct = {e for e in graph.subjects(NPDW.hasFunding, r) if e in efforts}
        via_parts = {e for part in graph.subjects(DCTERMS.isPartOf, r) for e in graph.subjects(NPDW.hasFunding, part) if e in efforts}
        assert (direct or via_parts) != (r in untied), r


def test_corresponds_to_is_the_same_money_and_parts_never_exceed_the_whole(graph):
    """npdw:correspondsTo = the same money (equal amounts, or a rate over the same period, or a recorded discrepancy);
    dcterms:isPartOf = a part (parts of one whole, all totals, never add up to more than the whole)."""
    discrepancy_subjects = set(graph.objects(None, NPDW.concerns))
    allocations = set(graph.subjects(RDF.type, NPDW.FundingAllocation))
    for a, b in graph.subject_objects(NPDW.correspondsTo):
        va, vb = graph.value(a, NPDW.amount), graph.value(b, NPDW.amount)
        if va is None or vb is None or va.toPython() == vb.toPython():
            continue
        if {a, b} & discrepancy_subjects:
            continue
        per_year = [x for x in (a, b) if graph.value(x, NPDW.amountBasis) == NPDW.PerYear]
        assert per_year, f"{a} corresponds to {b} with another amount and no discrepancy"
    wholes: dict[Node, list[Node]] = {}
    for part, whole in graph.subject_objects(DCTERMS.isPartOf):
        if part in allocations and whole in allocations:
            wholes.setdefault(whole, []).append(part)
    assert len(wholes) >= 8
    for whole, parts in wholes.items():
        totals = [graph.value(p, NPDW.amount).toPython() for p in parts
                  if graph.value(p, NPDW.amountBasis) == NPDW.Total and graph.value(p, NPDW.amount) is not None]
        if totals and graph.value(whole, NPDW.amountBasis) == NPDW.Total:
            assert sum(totals) <= graph.value(whole, NPDW.amount).toPython() or whole in discrepancy_subjects, whole


# ------------------------------------------------------- every € amount


def test_every_allocation_amount_stands_in_its_cited_lines(graph):
    allocations = [f for f in graph.subjects(NPDW.amountAsWritten, None)]
    assert len(allocations) >= 90
    wrong = []
    for f in allocations:
        written = " ".join(str(graph.value(f, NPDW.amountAsWritten)).split())
        n = source_line(graph, f)
        if written not in window(n, 6):
            wrong.append(f"{f}: {written!r} not in lines {n}-{n + 6}")
            continue
        amount = graph.value(f, NPDW.amount)
        if amount is None or "miljoen" in written:
            continue
        raw = raw_reading(graph, f, NPDW.amount)
        if raw is None and digits(written) != str(int(amount.toPython())):
            wrong.append(f"{f}: amount {amount} but written {written!r}")
    assert wrong == []


# € amounts of the source that are deliberately not an npdw:amountAsWritten near their line, with the reason.
# Each is still in the graph: the test checks that the figure appears in some literal (value, comment, description).
AMOUNTS_NOT_AS_ALLOCATION: dict[int, str] = {
    542: "gemiddeld inkomen in Wielwijk: een meting (npdw:valueAsWritten), geen financiering",
    1112: "gemiddelde WOZ-waarde: voorwaarde van de aanpak slechte energielabels, in de beschrijving",
    1232: "bedrag per woning van het NIP: rekenbedrag, in een beschrijving en een tegenstrijdigheid (45 mln / 30.000 woningen)",
    3030: "herhaling van de €27.400.000 van regel 3026 (financiering:dordts-leerprogramma-1)",
    3033: "herhaling van de €27.400.000 van regel 3026 (financiering:dordts-leerprogramma-1)",
    4731: "herhaling van het LSI-budget van regel 4744 (financiering:sociaal-handhaven-1), in randvoorwaarde 8-2-3",
    5691: "gepubliceerd totaal van de tabel (npdw:publishedTotal van tabel:financiering-door-het-rijk)",
}

EURO = re.compile(r"€\s?~?\s?(\d[\d.,\]]*)")


def test_every_euro_amount_of_the_source_is_in_the_graph(graph):
    written_near: dict[str, list[int]] = {}
    for f, written in graph.subject_objects(NPDW.amountAsWritten):
        for m in EURO.finditer(str(written)):
            written_near.setdefault(digits(m.group(1)), []).append(source_line(graph, f))
    literal_digits = " ".join(digits(str(o)) for o in graph.objects() if not isinstance(o, URIRef))
    missing, found = [], 0
    for n, text in enumerate(LINES, 1):
        for m in EURO.finditer(text):
            found += 1
            d = digits(m.group(1))
            if any(n - 8 <= cited <= n for cited in written_near.get(d, [])):
                continue
            if n in AMOUNTS_NOT_AS_ALLOCATION and d in literal_digits:
                continue
            missing.append(f"line {n}: {m.group(0)!r}")
    assert found >= 100
    assert missing == []


# --------------------------------------------------------------- Bijlage 1


def goals(graph: Graph, cls: URIRef) -> list[Node]:
    return sorted(graph.subjects(RDF.type, cls))


def test_every_goal_text_starts_at_its_cited_line(graph):
    all_goals = goals(graph, NPDW.StrategicGoal) + goals(graph, NPDW.OperationalGoal)
    assert len(all_goals) == 53
    wrong = []
    for g in all_goals:
        n = source_line(graph, g)
        first, following = norm(line(n)), norm(window(n, 6))
        if (g, RDF.type, NPDW.StrategicGoal) in graph:
            # short headings in the left column, often interleaved with the operational goals on the right
            words = re.findall(r"\w+", label(graph, g))
            ok = first.startswith(norm(" ".join(words[:3]))) and all(norm(w) in norm(window(n, 4)) for w in words)
        else:
            start = following.find(norm(label(graph, g))[:40])
            ok = 0 <= start < len(first)
        if not 5720 <= n <= 5879 or not ok:
            wrong.append(f"{g}: line {n} {line(n)!r}")
    assert wrong == []


def test_operational_goal_pillar_follows_its_strategic_goal(graph):
    for od in goals(graph, NPDW.OperationalGoal):
        sd = graph.value(od, NPDW.specialises)
        assert graph.value(od, NPDW.inPillar) == graph.value(sd, NPDW.inPillar), od


# The strategic-goal headings of Bijlage 3 (which, unlike the flattened OCR of Bijlage 1, keep the grouping).
BIJLAGE_3_HEADINGS = {
    6153: "sd-wonen-1", 6180: "sd-wonen-2", 6215: "sd-gezond-1", 6249: "sd-gezond-2", 6298: "sd-leren-1",
    6325: "sd-leren-2", 6334: "sd-werk-1", 6359: "sd-werk-2", 6419: "sd-veilig-1", 6466: "sd-veilig-2",
}


def test_operational_goals_sit_under_the_strategic_goal_bijlage_3_names(graph):
    ods = goals(graph, NPDW.OperationalGoal)
    keyed = {norm(label(graph, od))[:45]: od for od in ods}
    headings = sorted(BIJLAGE_3_HEADINGS)
    placed = 0
    for i, h in enumerate(headings):
        sd = iri("doel", BIJLAGE_3_HEADINGS[h])
        assert norm(label(graph, sd))[-12:] in norm(line(h)), f"line {h} is not the heading of {sd}"
        end = headings[i + 1] if i + 1 < len(headings) else len(LINES)
        for n in range(h + 1, end):
            text = norm(line(n))
            for key, od in keyed.items():
                if key in text:
                    assert graph.value(od, NPDW.specialises) == sd, f"{od} (line {n}) should specialise {sd}"
                    placed += 1
    assert placed >= 38


def test_ses_woa_goal_is_arbeidsmarkt(graph):
    """The decision documented in data/doelen.ttl: Bijlage 3 (line 6332-6335) and 7.1 put SES-WOA under Arbeidsmarkt."""
    goal = iri("doel", "od-leren-09")
    assert graph.value(goal, NPDW.inPillar) == iri("pijler", "arbeidsmarkt-en-bestaanszekerheid")
    assert graph.value(goal, NPDW.specialises) == iri("doel", "sd-werk-1")
    assert "SES-WOA" in line(6335) and "Arbeidsmarkt" in line(6332)
    assert "SES-WOA" in line(source_line(graph, goal))


def test_goals_per_pillar(graph):
    counts: dict[str, int] = {}
    for od in goals(graph, NPDW.OperationalGoal):
        counts[label(graph, graph.value(od, NPDW.inPillar))] = counts.get(label(graph, graph.value(od, NPDW.inPillar)), 0) + 1
    assert counts == {"Wonen en fysieke leefomgeving": 8, "Gezond en samen leven": 10, "Leren en ontwikkelen": 8,
                      "Arbeidsmarkt en bestaanszekerheid": 9, "Leefbaar en veilig": 8}


# ---------------------------------------------------------------- Bijlage 2

# Lines of Bijlage 2 (5880-6088) that are no effort name: headings, the intro, the column heads of the
# unreadable matrix, its X marks, and OCR garbage where a name was lost (5913/5914: the last two
# Wonen efforts, 5917/5918: the first two Gezond efforts; matched by the curators via the status lists).
BIJLAGE_2_NOT_A_NAME = {5898, 5900, 5902, 5905, 5907, 5909, 5913, 5914, 5917, 5918, 6082}
BIJLAGE_2_GARBLED = {"wonen-en-fysieke-leefomgeving": 2, "gezond-en-samen-leven": 2}
BIJLAGE_2_HEADER_STARTS = ("Schematisch", "De inspanningen", "Er zal nog", "Wonen en", "WAE", "leefomgeving")


def bijlage_2_names() -> list[tuple[int, str, str]]:
    """(line, pillar slug, name) of every readable effort name in Bijlage 2, in source order."""
    pillars = {"Wonen en fysieke leefomgeving": "wonen-en-fysieke-leefomgeving", "Gezond en samen leven": "gezond-en-samen-leven",
               "Leren en ontwikkelen": "leren-en-ontwikkelen", "Arbeidsmarkt en bestaanszekerheid": "arbeidsmarkt-en-bestaanszekerheid",
               "Leefbaar en veilig": "leefbaar-en-veilig"}
    out: list[tuple[int, str, str]] = []
    pillar = None
    n = 5881
    while n <= 6088:
        text = line(n).strip()
        n += 1
        if not text or n - 1 in BIJLAGE_2_NOT_A_NAME or text.startswith(BIJLAGE_2_HEADER_STARTS):
            continue
        if text.startswith("Programmapijler"):
            pillar = pillars[text.removeprefix("Programmapijler").strip()]
            continue
        if re.fullmatch(r"[Xx\s|\[\]o«]+", text):
            continue
        name = re.sub(r"(\s+X)+$", "", text)
        if name.endswith(" of"):  # a name that wraps to the next line
            name = f"{name} {line(n).strip()}"
            n += 1
        assert pillar is not None
        out.append((n - 1, pillar, name))
    return out


def test_every_bijlage_2_name_is_an_effort(graph):
    listed = bijlage_2_names()
    assert len(listed) == 60
    by_name = {norm(str(v)): e for e, v in graph.subject_objects(NPDW.nameInBijlage2)}
    for n, pillar, name in listed:
        effort = by_name.get(norm(name))
        assert effort is not None, f"line {n}: {name!r} has no effort with that npdw:nameInBijlage2"
        assert graph.value(effort, NPDW.inBijlage2).toPython() is True
        assert graph.value(effort, NPDW.primaryPillar) == iri("pijler", pillar), f"{effort} is listed under {pillar}"


def test_bijlage_2_order_follows_the_source(graph):
    listed = bijlage_2_names()
    by_name = {norm(str(v)): e for e, v in graph.subject_objects(NPDW.nameInBijlage2)}
    for pillar in {p for _, p, _ in listed}:
        orders = [int(graph.value(by_name[norm(name)], NPDW.bijlage2Order)) for _, p, name in listed if p == pillar]
        assert orders == sorted(orders), pillar
        in_graph = [e for e in graph.subjects(NPDW.primaryPillar, iri("pijler", pillar)) if graph.value(e, NPDW.inBijlage2).toPython() is True]
        assert len(in_graph) == len(orders) + BIJLAGE_2_GARBLED.get(pillar, 0), pillar


# ------------------------------------------------------------ status lists


def status_blocks() -> list[tuple[int, int, int]]:
    """(continue heading, new heading, end) of the status lists that open chapters 4-8."""
    blocks = []
    for n, text in enumerate(LINES, 1):
        if "Wat continueren we?" in text:
            new = next(m for m in range(n, n + 40) if "nieuw of wordt uitgebreid" in line(m))
            end = next(m for m in range(new, new + 40) if re.match(r"\s*\d\.\d", line(m)))
            blocks.append((n, new, end))
    return blocks


def test_status_lists_match_the_efforts(graph):
    blocks = status_blocks()
    assert len(blocks) == 5
    named = list(graph.subject_objects(NPDW.nameInStatusList))
    assert len(named) >= 60
    lists = [(NPDW.Continued, norm(window(c, new - c))) for c, new, _ in blocks]
    lists += [(NPDW.NewOrExtended, norm(window(new, end - new))) for _, new, end in blocks]
    for effort, name in named:
        statuses = {status for status, text in lists if fuzzy_in(norm(str(name)), text)}
        assert statuses, f"{effort}: {name!r} is in no status list"
        assert graph.value(effort, NPDW.status) in statuses, f"{effort}: status does not match the list"
    # and the other way round: every item of every list is some effort's name in the list
    items = []
    for c, new, end in blocks:
        for n in range(c + 1, end):
            text = re.sub(r"^[\s*e»«¢•°]+", "", line(n)).strip()
            if text and n != new and not text.startswith(("Wat", "Waar")):
                items.append((n, text))
    names_norm = norm(" ".join(str(v) for _, v in named))
    unmatched = [f"{n}: {t}" for n, t in items if not fuzzy_in(norm(t), names_norm)]
    assert unmatched == []


# --------------------------------------------------------------- partners


# A sample of Partners headings: the names as the source writes them, and the organisations they became.
PARTNERS_SAMPLE = {
    ("4-2", 1202): {"particuliere verhuurders": "particuliere-verhuurders", "woningeigenaren": "woningeigenaren", "Stedin": "stedin",
                    "HVC": "hvc", "Stichting Dordrecht Sociaal": "stichting-dordrecht-sociaal", "woningcorporaties": "trivire"},
    ("5-3", 2215): {"Aafje": "aafje", "PZC": "protestantse-zorggroep-crabbehof", "Hogeschool Utrecht": "hogeschool-utrecht",
                    "VVT-alliantie": "vvt-alliantie", "SDD": "sociale-dienst-drechtsteden"},
    ("6-6", 3427): {"Drechtwerk": "drechtwerk", "Werkshop": "werkshop", "Kickstart": "kickstart", "Leerwerkloket": "leerwerkloket",
                    "Waterwiel": "waterwiel", "UWV": "uwv", "Da Vinci": "da-vinci-college"},
    ("7-2", 3868): {"vrijwilligersorganisaties": "vrijwilligersorganisaties", "het Spectrum": "het-spectrum", "woningcorporaties": "woonbron"},
    ("7-3", 4114): {"Dordt Huis": "dordt-huis", "Financieel hulphuis": "financieel-hulphuis", "Quiet Drechtsteden": "quiet-drechtsteden",
                    "Number Five": "number-five-foundation", "Kerken": "kerken"},
    ("8-3", 4870): {"huisartsen": "huisartsen", "Yulius": "yulius", "Antes": "antes", "ZonMW": "zonmw", "Leger des Heils": "leger-des-heils"},
    ("8-4", 5117): {"Halt": "halt", "Zorg- en Veiligheidshuis": "zorg-en-veiligheidshuis",
                    "Raad voor de Kinderbescherming": "raad-voor-de-kinderbescherming",
                    "Reclassering Nederland": "reclassering-nederland", "Rechtbank": "rechtbank"},
}


@pytest.mark.parametrize("key", sorted(PARTNERS_SAMPLE))
def test_partners_heading_sample(graph, section_ranges, key):
    section_slug, heading = key
    section = iri("sectie", section_slug)
    assert line(heading).strip() == "Partners"
    assert section_of_line(section_ranges, heading) == section
    text = window(heading + 1, 7)
    efforts = set(graph.subjects(NPDW.inSection, section))
    for written, slug in PARTNERS_SAMPLE[key].items():
        org = iri("organisatie", slug)
        assert written in text, f"{written!r} not under the Partners heading at line {heading}"
        assert (section, NPDW.hasPartner, org) in graph, f"{org} is not a partner of {section}"
        assert any(org in partners_of(graph, e) for e in efforts), f"{org} is a partner of no effort of {section}"


def test_every_partners_heading_has_its_section_partners(graph, section_ranges):
    headings = [n for n, text in enumerate(LINES, 1) if text.strip() == "Partners"]
    assert len(headings) == 21  # the heading of 6.3.1 (line 2885) is merged into a two-column line
    for n in headings:
        section = section_of_line(section_ranges, n)
        partners = set(graph.objects(section, NPDW.hasPartner))
        assert len(partners) >= 3, f"Partners heading at line {n}: {section} has {len(partners)} partners"
        efforts = set(graph.subjects(NPDW.inSection, section))
        for org in partners:
            assert not efforts or any(org in partners_of(graph, e) for e in efforts), f"{org} is a partner of no effort of {section}"


def test_merged_organisations_keep_their_names(graph):
    """Integration: 'JGZ' / 'de jeugdgezondheidszorg' (5.2, 6.5) and 'JongJGZ' (6.1) are one organisation."""
    jgz = iri("organisatie", "jongjgz")
    assert {"JongJGZ", "JGZ", "de jeugdgezondheidszorg"} <= set(names(graph, jgz))
    assert (iri("organisatie", "jeugdgezondheidszorg"), None, None) not in graph
    assert (None, None, iri("organisatie", "jeugdgezondheidszorg")) not in graph
    assert len(list(graph.objects(jgz, RDFS.label))) == 1
    labels: dict[str, Node] = {}
    for org in graph.subjects(RDF.type, ORG.Organization):
        for n in names(graph, org):
            other = labels.setdefault(norm(n), org)
            assert other == org, f"{n!r} names both {other} and {org}"


def test_stated_links_cite_their_own_line(graph, section_ranges):
    """A stated partnership or contribution cites the line where the text states it (the Partners heading
    or the organisation's line under it, the Ambitie heading, or the description's line naming the
    organisation), inside the section the evidence names, not only the effort's first line."""
    link_props = (NPDW.partnership, NPDW.contribution)
    stated = [(e, link) for p in link_props for e, link in graph.subject_objects(p)
              if graph.value(link, NPDW.basis) == NPDW.Stated and str(graph.value(link, NPDW.evidence) or "").startswith(
                  ("Partners-kop", "Ambitie-blok", "genoemd in de beschrijving"))]
    assert len(stated) >= 500
    missing = [link for _, link in stated if graph.value(link, NPDW.sourceLine) is None]
    assert len(missing) <= len(stated) // 50, f"{len(missing)} stated links without their own line"
    for effort, link in stated:
        n = graph.value(link, NPDW.sourceLine)
        if n is None:
            continue
        n = n.toPython()
        assert section_of_line(section_ranges, n) == graph.value(link, DCTERMS.source), (effort, n)
        evidence = str(graph.value(link, NPDW.evidence))
        if evidence.startswith("Ambitie-blok"):
            assert any(line(k).strip().startswith("Ambitie") for k in range(n - 8, n + 1)), (effort, n)
