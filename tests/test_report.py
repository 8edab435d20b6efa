"""``npdw report``: the figures it reads (baseline, gap to the 2043 target, trend), its summary counts,
its filters, its escaping, its charts and its files.

Expected values come from the data files themselves (parsed here with rdflib) or from the CSV of
invented 2025 figures, never from the code under test.
"""

from __future__ import annotations

import csv
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, URIRef

from npdw_graph.build import compile_project
from npdw_graph.charts import Line, Series, bar_chart
from npdw_graph.cli import main
from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import ID, NPDW
from npdw_graph.observations_import import import_observations
from npdw_graph.project import Project
from npdw_graph.report import (
    IMPROVED,
    NO_BASELINE,
    NO_FOLLOW_UP,
    UNCHANGED,
    WORSENED,
    Obs,
    Target,
    build_report,
    distance_to_target,
    portal_pages,
    trend,
    write_report,
)
from npdw_graph.report_render import readable, render_html, render_markdown
from npdw_graph.web import environment

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "data" / "metingen-2025-testdata.csv"
TODAY = date(2026, 11, 27)
WIJKEN = ("oud-krispijn", "nieuw-krispijn", "wielwijk", "crabbehof")


@pytest.fixture(scope="module")
def report(graph):
    return build_report(graph, today=TODAY)


@pytest.fixture(scope="module")
def data_files() -> Graph:
    """Every data file of the project, parsed on its own: the source the expected values are read from."""
    g = Graph()
    for f in sorted((ROOT / "data").rglob("*.ttl")):
        g.parse(f, format="turtle")
    return g


@pytest.fixture(scope="module")
def bijlage_3() -> Graph:
    g = Graph()
    g.parse(ROOT / "data" / "nulmeting-bijlage-3.ttl", format="turtle")
    return g


def _file_value(g: Graph, slug: str) -> Decimal:
    value = g.value(ID[f"observatie/{slug}"], NPDW.value)
    assert value is not None, f"observatie:{slug} is not in data/nulmeting-bijlage-3.ttl"
    return Decimal(str(value))


def _row(view, area: str):
    return next(r for r in view.rows if str(r.area).endswith("/" + area))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A copy of the project with the sample CSV of 2025 imported, and its report."""
    root = tmp_path_factory.mktemp("imported")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    project = Project(root)
    import_observations(project, SAMPLE, today=TODAY)
    graph = compile_project(project, validate=False).graph
    return project, graph, build_report(graph, today=TODAY, queries_dir=project.queries_dir)


# ------------------------------------------------------------ the figures on the real data


def test_baseline_is_the_bijlage_3_value(report, bijlage_3):
    view = report.find_indicator("od-veilig-08", "veel-sociale-overlast")
    for area in (*WIJKEN, "dordrecht"):
        row = _row(view, area)
        assert row.baseline is not None and row.baseline.status == "Baseline"
        assert row.baseline.value == _file_value(bijlage_3, f"veel-sociale-overlast-{area}-2023")
        assert row.baseline.year == 2023
    assert _row(view, "wielwijk").baseline.value == Decimal(20)


def test_gap_to_an_equal_to_dordrecht_target(report, bijlage_3):
    """od-veilig-08: gelijk aan Dordrecht; lager is beter. Wielwijk 20% against Dordrecht 14% (2023)."""
    row = _row(report.find_indicator("od-veilig-08", "veel-sociale-overlast"), "wielwijk")
    expected = _file_value(bijlage_3, "veel-sociale-overlast-wielwijk-2023") - _file_value(bijlage_3, "veel-sociale-overlast-dordrecht-2023")
    assert row.gap.difference == expected == Decimal(6)
    assert row.gap.reached is False
    assert row.gap.text == "6 procentpunt boven Dordrecht (14% in 2023): nog niet gehaald"
    assert row.reference.value == Decimal(14)
    nieuw = _row(report.find_indicator("od-veilig-08", "veel-sociale-overlast"), "nieuw-krispijn")
    assert nieuw.gap.difference == 0 and nieuw.gap.reached is True  # 14% as Dordrecht: reached
    # od-wonen-04: the WOZ value in thousands of euros reads as euros
    woz = _row(report.find_indicator("od-wonen-04", "gemiddelde-woz-waarde"), "oud-krispijn")
    ok, dordrecht = (_file_value(bijlage_3, f"gemiddelde-woz-waarde-{a}-2022") for a in ("oud-krispijn", "dordrecht"))
    thousands = lambda v: f"€ {v * 1000:,.0f}".replace(",", ".")  # noqa: E731
    assert woz.gap.text.startswith(f"{thousands(dordrecht - ok)} onder Dordrecht ({thousands(dordrecht)} in 2022)")
    assert woz.baseline.text("x 1.000 euro") == f"{thousands(ok)} (2022)"


def test_reduction_target_without_base_year_value_says_so(report):
    """od-werk-04: -70% against 2015; Bijlage 3 has 2018 values only."""
    row = _row(report.find_indicator("od-werk-04", "personen-in-schuldsanering"), "wielwijk")
    assert row.gap.text.startswith("basiswaarde ontbreekt")
    assert row.gap.difference is None


def test_without_a_later_measurement_there_is_no_trend(report):
    row = _row(report.find_indicator("od-veilig-08", "veel-sociale-overlast"), "wielwijk")
    assert row.latest == row.baseline
    assert row.trend.verdict == NO_FOLLOW_UP
    block = render_html(report).split('id="indicator-od-veilig-08-veel-sociale-overlast"', 1)[1].split("</table>", 1)[0]
    wielwijk = block.split('<td data-label="Gebied">Wielwijk</td>', 1)[1].split("</tr>", 1)[0]
    assert '<td data-label="Nulmeting">20% (2023)</td>' in wielwijk  # the 20% of Bijlage 3 once, not again as a "latest" value
    assert '<td data-label="Laatste meting"><span class="leeg">= nulmeting</span></td>' in wielwijk


def test_every_goal_of_bijlage_1_is_in_the_report_once(report, graph):
    goals = {str(g) for g in graph.subjects(URIRef(str(NPDW.inPillar)), None) if "/doel/od-" in str(g)}
    codes = [g.code for g in report.goals()]
    assert len(codes) == len(set(codes)) == len(goals) == 43
    assert [p.label for p in report.pillars][0] == "Wonen en fysieke leefomgeving"


def test_efforts_carry_status_partners_and_their_money_once(report, data_files):
    goal = next(g for g in report.goals() if g.code == "od-wonen-08")
    energiehulp = next(e for e in goal.efforts if str(e.iri).endswith("/energiehulp"))
    assert energiehulp.status == "nieuw of uitgebreid"
    section = data_files.value(data_files.value(energiehulp.iri, NPDW.inSection), NPDW.sectionNumber)
    assert energiehulp.source == f"§ {section}, regel {data_files.value(energiehulp.iri, NPDW.sourceLine)}"  # where to look it up
    assert re.search(re.escape(energiehulp.label) + r"(</a>)?\s*<span class=\"bronregel\">" + re.escape(energiehulp.source), render_html(report))
    assert energiehulp.partners
    assert energiehulp.money.awarded == Decimal("624321")  # the 4.2 amount and the chapter 12 row are the same money
    pots = {label: amount for label, amount, _ in energiehulp.money.national}
    assert Decimal("35000000") in pots.values()  # the national pot, shown apart, never in awarded


def test_money_that_efforts_share_says_so_where_it_is_listed(report, data_files):
    """The Volkshuisvestingsfonds row of chapter 12 is had by several efforts: each says with which, so no reader adds the rows."""
    row_1 = ID["financiering/rijk-01"]
    mentions = {row_1, *data_files.subjects(NPDW.sameMoneyAs, row_1)}
    efforts = {e for f in mentions for e in data_files.subjects(NPDW.hasFunding, f) if (e, RDF.type, NPDW.Effort) in data_files}
    labels = {e: str(data_files.value(e, RDFS.label)) for e in efforts}
    assert len(labels) >= 2
    lines = {str(e.iri): e for p in report.pillars for e in p.efforts}
    page = render_html(report)
    for e, label in labels.items():
        others = sorted((v for k, v in labels.items() if k != e), key=str.lower)
        assert set(others) <= set(lines[str(e)].money.shared_with), label
        assert re.search(re.escape(label) + r'\s*<br><span class="uitleg gedeeld">\* geld samen met [^<]*' + re.escape(others[0]), page), label
    assert "Tel de rijen daarom niet op" in page
    energiehulp = lines[str(ID["inspanning/energiehulp"])]
    assert energiehulp.money.shared_with == []  # its 4.2 amount and the chapter 12 row are one flow of one effort, not shared


def test_effort_counts_per_pillar_add_up_and_match_the_lists(report):
    """Each effort has one hoofdpijler: the pillars' counts add up to all efforts, and each count is the chapter's list."""
    assert sum(p.counts["hoofdpijler"] for p in report.pillars) == report.totals["hoofdpijler"] == 101
    for p in report.pillars:
        assert p.counts["hoofdpijler"] == len(p.primary_efforts), p.label
        assert p.counts["raaktOok"] == len(p.touching_efforts), p.label
        assert p.counts["voortgezet"] + p.counts["nieuwOfUitgebreid"] + p.counts["nietInStatuslijst"] == p.counts["hoofdpijler"]


# ---------------------------------------------------------------- after importing 2025


def test_trend_after_importing_the_sample(imported):
    _, _, rep = imported
    view = rep.find_indicator("od-veilig-08", "veel-sociale-overlast")
    wielwijk, crabbehof = _row(view, "wielwijk"), _row(view, "crabbehof")
    assert (wielwijk.latest.value, wielwijk.latest.year, wielwijk.latest.status) == (Decimal(17), 2025, "Measurement")
    assert wielwijk.trend.verdict == IMPROVED and wielwijk.trend.change == Decimal(-3)  # 20 -> 17, lower is better
    assert wielwijk.trend.text == "3 procentpunt beter dan in 2023 (van 20% naar 17%)"
    assert '<td data-label="Laatste meting">17% (2025)</td>' in render_html(rep)
    assert crabbehof.trend.verdict == WORSENED and crabbehof.trend.change == Decimal(1)  # 20 -> 21
    assert crabbehof.trend.text.startswith("1 procentpunt slechter dan in 2023")
    assert wielwijk.gap.difference == Decimal(4)  # 17 against Dordrecht 13 in 2025, not the 14 of 2023
    assert "13% in 2025" in wielwijk.gap.text


def test_threshold_and_missing_baseline_after_import(imported):
    _, _, rep = imported
    stress = _row(rep.find_indicator("od-gezond-06", "veel-stress-afgelopen-4-weken"), "wielwijk")
    assert stress.gap.difference == Decimal("3.4") and stress.gap.reached is False  # 18,4% against "onder 15%"
    assert stress.gap.text == "nog 3,4 procentpunt te gaan: moet onder 15%"
    beweeg = _row(rep.find_indicator("od-gezond-04", "beweegrichtlijn-volwassenen-en-ouderen"), "wielwijk")
    assert beweeg.gap.difference == Decimal(34)  # at least 75%, now 41%
    health = _row(rep.find_indicator("od-gezond-01", "goed-ervaren-gezondheid"), "wielwijk")
    assert health.trend.verdict == NO_BASELINE
    assert health.gap.difference == Decimal("-9.0") and health.gap.reached is False  # 61,5 against Dordrecht 70,5; higher is better


def _slug(text: str) -> str:
    return text.strip().rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def _expected_trend_counts(data: Graph) -> dict[str, Counter]:
    """Per pillar, from the CSV and the data files alone: indicator-wijk pairs that got better or worse since the baseline."""
    baseline: dict[tuple[str, str], Decimal] = {}
    for o in data.subjects(NPDW.observationStatus, NPDW.Baseline):
        baseline[(_slug(str(data.value(o, NPDW.indicator))), _slug(str(data.value(o, NPDW.refArea))))] = Decimal(str(data.value(o, NPDW.value)))
    counts: dict[str, Counter] = defaultdict(Counter)
    with SAMPLE.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    for r in rows:
        ind, area = _slug(r["indicator"]), _slug(r["area"])
        if area not in WIJKEN or (ind, area) not in baseline:
            continue
        change = Decimal(r["value"].replace(",", ".")) - baseline[(ind, area)]
        iri = ID[f"indicator/{ind}"]
        direction = _slug(str(data.value(iri, NPDW.direction)))
        for goal in data.objects(iri, NPDW.measuresGoal):
            pillar = _slug(str(data.value(goal, NPDW.inPillar)))
            if change != 0 and direction in ("HigherIsBetter", "LowerIsBetter"):
                better = (change > 0) == (direction == "HigherIsBetter")
                counts[pillar]["beter" if better else "slechter"] += 1
    return counts


def test_summary_counts_improving_and_worsening_per_pillar(imported, data_files):
    project, graph, rep = imported
    expected = _expected_trend_counts(data_files)
    # Read by hand from the CSV against Bijlage 3 (the check of the derivation above): sociale overlast (lower is better) 22->19 in
    # Oud-Krispijn and 20->17 in Wielwijk better, 14->15 in Nieuw-Krispijn and 20->21 in Crabbehof worse (Leefbaar en veilig);
    # tevreden over de politie (higher is better) 24->27 in Oud-Krispijn (Gezond en samen leven); schuldsanering 6->5 per 1.000
    # in Wielwijk (Arbeidsmarkt); the other rows have no baseline for their wijk.
    by_hand = {"leefbaar-en-veilig": (2, 2), "gezond-en-samen-leven": (1, 0), "arbeidsmarkt-en-bestaanszekerheid": (1, 0)}
    assert {p: (c["beter"], c["slechter"]) for p, c in expected.items() if c} == by_hand
    page = render_html(rep)
    cards = dict(re.findall(r'<h3><a href="#pijler-([a-z-]+)">.*?</h3>(.*?)</dl>', page, re.S))
    assert len(cards) == 5
    for p in rep.pillars:
        want = expected.get(p.slug, Counter())
        assert (p.trends.improved, p.trends.worsened) == (want["beter"], want["slechter"]), p.label
        assert f'{want["beter"]} beter</span> / <span class="slechter">{want["slechter"]} slechter' in cards[p.slug], p.label


def test_report_of_a_wijk_uses_the_one_definition_of_in_de_wijk(graph):
    wielwijk = build_report(graph, wijk="wielwijk", today=TODAY)
    view = wielwijk.find_indicator("od-veilig-08", "veel-sociale-overlast")
    assert [r.label for r in view.rows] == ["Wielwijk", "Dordrecht"]
    groups = {e.slug: e.group for p in wielwijk.pillars for e in p.efforts}
    assert "aardgasvrij-crabbehof" not in groups  # Crabbehof only
    assert groups["life-critical-project"] == "in de wijk"
    assert groups["energiehulp"] in ("heel Dordt West", "Dordrecht breed")  # listed apart, not as Wielwijk's own
    for p in wielwijk.pillars:
        assert p.counts["inDeWijk"] == sum(1 for e in p.primary_efforts if e.group == "in de wijk"), p.label
    page = render_html(wielwijk, page_path="monitor/wielwijk.html")
    assert page.count("Een inspanning hoort bij Wielwijk als de bron haar aan Wielwijk") >= 2  # stated on the page
    assert wielwijk.title.endswith(": Wielwijk") and wielwijk.slug == "verantwoording-wielwijk"
    assert build_report(graph, wijk="gebied:wielwijk").area == wielwijk.area == build_report(graph, wijk="Wielwijk").area


def test_the_wijk_report_lists_what_figures_efforts_in_area_lists(graph):
    """The report and the portal read "in de wijk" from the one function (figures.efforts_in_area): same efforts, same groups."""
    from npdw_graph import figures
    from npdw_graph.queryengine import OxigraphEngine

    engine = OxigraphEngine.from_graph(graph)
    for wijk in WIJKEN:
        rep = build_report(graph, wijk=wijk, today=TODAY, engine=engine)
        listed = {(str(e.iri), e.group) for p in rep.pillars for e in p.efforts if e.primary}
        assert listed == {(r["inspanning"], r["groep"]) for r in figures.efforts_in_area(engine, str(ID[f"gebied/{wijk}"]))}, wijk
        assert {g for _, g in listed} <= {"in de wijk", "heel Dordt West", "Dordrecht breed"}


def test_report_of_a_pillar_and_bad_choices(graph):
    rep = build_report(graph, pillar="gezond")
    assert [p.label for p in rep.pillars] == ["Gezond en samen leven"] and len(rep.goals()) == 10
    assert rep.slug == "verantwoording-dordt-west-gezond-en-samen-leven"
    assert [p.label for p in build_report(graph, pillar="Werk").pillars] == ["Arbeidsmarkt en bestaanszekerheid"]  # its short name
    with pytest.raises(NpdwError, match="unknown wijk 'zuid'"):
        build_report(graph, wijk="zuid")
    with pytest.raises(NpdwError, match="unknown pillar"):
        build_report(graph, pillar="sport")


# ------------------------------------------------------------ what the reader sees


def _articles(page: str) -> dict[str, str]:
    """The HTML of each goal's article, by goal code."""
    return dict(re.findall(r'<article class="doel" id="doel-([a-z0-9-]+)">(.*?)</article>', page, re.S))


def test_printed_values_without_a_year_are_baselines_with_their_caveat(report, data_files):
    baselines: dict[tuple[str, str], list] = defaultdict(list)
    for o in data_files.subjects(NPDW.observationStatus, NPDW.Baseline):
        baselines[(_slug(str(data_files.value(o, NPDW.indicator))), _slug(str(data_files.value(o, NPDW.refArea))))].append(o)
    yearless = [o for o in data_files.subjects(NPDW.periodStatus, None) if (o, NPDW.observationStatus, NPDW.Baseline) in data_files]
    assert len(yearless) >= 30
    checked = 0
    for o in yearless:
        ind, area = _slug(str(data_files.value(o, NPDW.indicator))), _slug(str(data_files.value(o, NPDW.refArea)))
        if len(baselines[(ind, area)]) != 1:
            continue  # another baseline of the same indicator and area (with its year) comes first
        for goal in data_files.objects(ID[f"indicator/{ind}"], NPDW.measuresGoal):
            row = next((r for r in report.find_indicator(_slug(str(goal)), ind).rows if _slug(str(r.area)) == area), None)
            if row is None:
                continue  # an area the report of Dordt West does not show for this indicator
            assert row.baseline is not None and row.baseline.value == Decimal(str(data_files.value(o, NPDW.value))), (ind, area)
            assert row.baseline.when == "jaar niet vermeld" and row.baseline.note, (ind, area)
            checked += 1
    assert checked >= 20
    page = render_html(report)
    assert page.count("Voorbehoud:") >= 5 and "(jaar niet vermeld)" in page


def test_the_wielwijk_report_shows_the_printed_woningvoorraad_baseline(graph):
    wielwijk = build_report(graph, wijk="wielwijk", today=TODAY)
    koop = _row(wielwijk.find_indicator("od-wonen-07", "woningvoorraad-koop"), "wielwijk")
    assert koop.baseline is not None and koop.baseline.when == "jaar niet vermeld"


def test_each_goal_without_a_measurement_says_so_once(report, data_files):
    measured_indicators = {_slug(str(i)) for i in data_files.objects(None, NPDW.indicator)}
    goals_measured: dict[str, bool] = {}
    for goal in {o for o in data_files.objects(None, NPDW.measuresGoal)}:
        indicators = {_slug(str(i)) for i in data_files.subjects(NPDW.measuresGoal, goal)}
        goals_measured[_slug(str(goal))] = bool(indicators & measured_indicators)
    page = render_html(report)
    articles = _articles(page)
    assert len(articles) == 43
    assert "Nog geen metingen in de graaf" not in page
    unmeasured = [code for code in articles if not goals_measured.get(code, False)]
    assert 5 <= len(unmeasured) < 43
    for code, html in articles.items():
        says = html.count("nog niets gemeten") + html.count("ook niets gemeten")
        assert says == (0 if goals_measured.get(code, False) else 1), code


def test_headings_and_text_carry_no_internal_codes(report):
    page = render_html(report)
    for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.S):
        assert not re.search(r"\b(od|sd)-[a-z]+-\d", text), f"h{level}: {text}"
    visible = re.sub(r'<span class="ref">ref\. (od|sd)-[a-z]+-\d+</span>', "", page)
    visible = re.sub(r"<[^>]+>", " ", re.sub(r'(id|href)="[^"]*"', "", visible))
    assert not re.search(r"\b(od|sd)-[a-z]+-\d", visible), "a code outside the small references"
    joined = re.findall(r"\w*[a-z]{2}\.[A-Z][a-z]+", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", visible, flags=re.S))
    assert joined == [], f"sentences run together (a space lost in the template): {joined[:5]}"
    assert readable("Onder od-leren-04 staat") == "Onder doel Leren 4 staat"


def test_each_chart_has_its_reference_and_target_lines(imported, data_files):
    """With the 2025 sample imported (the real data alone has no measured indicator with a numeric target)."""
    _, _, report = imported
    dordrecht = ID["gebied/dordrecht"]
    with_dordrecht = {_slug(str(data_files.value(o, NPDW.indicator))) for o in data_files.subjects(NPDW.refArea, dordrecht)}
    with SAMPLE.open(encoding="utf-8") as f:
        with_dordrecht |= {_slug(r["indicator"]) for r in csv.DictReader(line for line in f if not line.startswith("#"))
                           if _slug(r["area"]) == "dordrecht"}
    numeric_target = set()
    for goal, t in data_files.subject_objects(NPDW.target):
        if data_files.value(t, NPDW.targetValue) is not None and _slug(str(data_files.value(t, NPDW.targetType))) in ("Below", "AtLeast"):
            numeric_target.add(_slug(str(goal)))
    page = render_html(report)
    start = r'<div class="indicator" id="indicator-((?:od|sd)-[a-z]+-\d+)-([a-z0-9-]+)">'
    blocks = re.findall(start + r'(.*?)</div>\n(?=<div class="indicator"|{|<p|</article)', page, re.S)
    charts = [(goal, ind, html) for goal, ind, html in blocks if "<svg" in html]
    assert len(charts) >= 8
    seen_reference = seen_target = 0
    for goal, ind, html in charts:
        has_reference = html.count('class="referentielijn"')
        has_target = html.count('class="streeflijn"')
        counted = str(data_files.value(ID[f"indicator/{ind}"], NPDW.unit)) == "aantal"  # a city's count is no reference for a wijk's
        assert has_reference == (1 if ind in with_dordrecht and not counted else 0), f"{goal} {ind}: reference line"
        assert has_target == (1 if goal in numeric_target else 0), f"{goal} {ind}: target line"
        seen_reference += has_reference
        seen_target += has_target
    assert seen_reference >= 5 and seen_target >= 1


def test_all_text_is_escaped(graph):
    rep = build_report(graph, pillar="wonen")
    goal = rep.goals()[0]
    goal.label = '<script>alert("x")</script> & co'
    goal.efforts[0].label = "a | b *c* <b>"
    page = render_html(rep)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
    text, _ = render_markdown(rep, "grafieken")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert r"a \| b \*c\* &lt;b&gt;" in text


def test_chart_is_wellformed_svg_with_one_bar_per_value():
    chart = bar_chart("Test <&>", ["Oud-Krispijn", "Wielwijk", "Crabbehof"],
                      [Series("2023 (nulmeting)", (Decimal(22), None, Decimal(14))), Series("2025", (Decimal(19), Decimal(17), Decimal(13)))],
                      "%", [Line("referentie", Decimal(14), "Dordrecht 2023: 14%"),
                            Line("streefwaarde", Decimal(15), "streefwaarde 2043: onder 15%")],
                      highlight="Wielwijk", ident="t1", axis_label="procent (%)")
    svg = environment().get_template("report_chart.html").render(c=chart, standalone=True)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert len(root.findall("s:rect[@class='balk']", ns)) == 5
    assert root.find("s:title", ns).text == "Test <&>"
    lines = {el.get("class"): el for el in root.findall("s:line", ns) if el.get("class")}
    assert set(lines) == {"referentielijn", "streeflijn"} and lines["streeflijn"].get("stroke-dasharray")
    assert "procent (%)" in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


# ------------------------------------------------------------------ files and pages


def test_write_markdown_and_html(imported, tmp_path):
    project, graph, _ = imported
    md = write_report(project, graph, wijk="wielwijk", fmt="md", out_dir=tmp_path, today=TODAY)
    assert md == tmp_path / "verantwoording-wielwijk.md"
    text = md.read_text(encoding="utf-8")
    charts = sorted((tmp_path / "verantwoording-wielwijk-grafieken").glob("*.svg"))
    assert charts and all(f"](verantwoording-wielwijk-grafieken/{c.name})" in text for c in charts)
    assert "od-veilig-08-veel-sociale-overlast.svg" in {c.name for c in charts}
    for chart in charts:
        ET.fromstring(chart.read_text(encoding="utf-8"))
    assert "| Wielwijk | 20% (2023) | 17% (2025) | 13% (2025) |" in text
    assert "#### Doel Veilig 8: " in text and "(ref. od-veilig-08)" in text  # numbered as in the HTML and the PDF
    page = write_report(project, graph, fmt="html", out_dir=tmp_path, today=TODAY).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page and 'name="viewport"' in page
    assert page.count("<svg") >= 8 and "3 procentpunt beter dan in 2023" in page
    external = [w for w in ("src=", "<script", "https://", "http://")
                if w in page.replace('xmlns="http://www.w3.org/2000/svg"', "")]
    assert not external, f"the page must work offline, but has {external}"
    assert re.findall(r'<link rel="stylesheet" href="([^"]*)"', page)[0].startswith("data:text/css;base64,")
    ids = [part.split('"', 1)[0] for part in page.split(' id="')[1:]]
    assert len(ids) == len(set(ids)), "element ids must be unique on the page"


def test_portal_pages(graph):
    pages = dict(portal_pages(graph, today=TODAY))
    assert set(pages) == {"monitor/index.html", *(f"monitor/{w}.html" for w in WIJKEN)}
    index = pages["monitor/index.html"].decode("utf-8")
    assert '<link rel="stylesheet" href="../static/npdw.css">' in index and 'aria-current="page">Monitor' in index
    assert 'href="../monitor/wielwijk.html"' in index and 'href="../doc/inspanning/energiehulp.html"' in index
    assert "€ 30.107.578" in index and ".pdf" not in index


def test_portal_pages_with_the_pdf(graph):
    pages = dict(portal_pages(graph, today=TODAY, pdf=True))
    assert pages["monitor/verantwoording-dordt-west.pdf"][:5] == b"%PDF-"
    assert 'href="../monitor/verantwoording-dordt-west.pdf"' in pages["monitor/index.html"].decode("utf-8")


def test_report_command(tmp_project, tmp_path):
    runner = CliRunner()
    out = tmp_path / "verslag"
    ok = runner.invoke(main, ["--root", str(tmp_project.root), "report", "--wijk", "crabbehof", "--pillar", "wonen", "--format", "md",
                              "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    written = out / "verantwoording-crabbehof-wonen-en-fysieke-leefomgeving.md"
    assert written.exists() and "Aardgasvrij Crabbehof" in written.read_text(encoding="utf-8")
    bad = runner.invoke(main, ["--root", str(tmp_project.root), "report", "--wijk", "zuidhoven"])
    assert bad.exit_code == 2 and "unknown wijk 'zuidhoven'" in bad.output


# ----------------------------------------------------------------- the computations alone


def _obs(value: str, year: int | None, status: str = "Measurement") -> Obs:
    return Obs(Decimal(value), year, status, "test")


@pytest.mark.parametrize(("target", "direction", "latest", "reference", "base", "difference", "reached"), [
    (Target("EqualToReference"), "HigherIsBetter", "70", "72", None, Decimal(-2), False),
    (Target("EqualToReference"), "HigherIsBetter", "73", "72", None, Decimal(1), True),
    (Target("EqualToReference"), "LowerIsBetter", "12", "14", None, Decimal(-2), True),
    (Target("Below", Decimal(15)), "LowerIsBetter", "15", None, None, Decimal(0), False),  # "onder" is strict
    (Target("Below", Decimal(15)), "LowerIsBetter", "14.5", None, None, Decimal("-0.5"), True),
    (Target("AtLeast", Decimal(75)), "HigherIsBetter", "75", None, None, Decimal(0), True),
    (Target("ReductionAgainstBase", Decimal(70), base_year=2015), "LowerIsBetter", "40", None, "100", Decimal(10), False),
    (Target("ReductionAgainstBase", Decimal(50), base_year=2015), "LowerIsBetter", "4", None, "10", Decimal(-1), True),
])
def test_distance_to_target(target, direction, latest, reference, base, difference, reached):
    gap = distance_to_target(target, direction, "%", _obs(latest, 2025), _obs(reference, 2025) if reference else None,
                             _obs(base, 2015) if base else None)
    assert (gap.difference, gap.reached) == (difference, reached), gap.text


def test_distance_without_data():
    assert distance_to_target(None, "LowerIsBetter", "%", _obs("1", 2025), None, None).text == "geen streefwaarde als getal"
    assert distance_to_target(Target("Below", Decimal(1)), "LowerIsBetter", "%", None, None, None).text == "geen meting"
    assert "ontbreekt" in distance_to_target(Target("EqualToReference"), "LowerIsBetter", "%", _obs("1", 2025), None, None).text


@pytest.mark.parametrize(("direction", "baseline", "latest", "verdict"), [
    ("HigherIsBetter", "10", "12", IMPROVED), ("HigherIsBetter", "10", "8", WORSENED),
    ("LowerIsBetter", "10", "8", IMPROVED), ("LowerIsBetter", "10", "12", WORSENED),
    ("LowerIsBetter", "10", "10", UNCHANGED), ("NoDirection", "10", "12", "gestegen"),
])
def test_trend_reads_the_direction(direction, baseline, latest, verdict):
    assert trend(direction, _obs(baseline, 2023, "Baseline"), _obs(latest, 2025)).verdict == verdict


@pytest.mark.parametrize(("unit", "baseline", "latest", "text"), [
    ("%", "21.2", "20", "1,2 procentpunt beter dan in 2023 (van 21,2% naar 20%)"),
    ("per 1.000 inwoners", "7", "9", "2 per 1.000 inwoners slechter dan in 2023 (van 7 per 1.000 inwoners naar 9 per 1.000 inwoners)"),
    ("rapportcijfer 1-10", "6.5", "6", "0,5 punt beter dan in 2023 (van 6,5 rapportcijfer 1-10 naar 6 rapportcijfer 1-10)"),
    ("x 1.000 euro", "245", "250", "€ 5.000 slechter dan in 2023 (van € 245.000 naar € 250.000)"),  # thousands of euros written out
])
def test_trend_says_unit_and_direction_in_plain_dutch(unit, baseline, latest, text):
    assert trend("LowerIsBetter", _obs(baseline, 2023, "Baseline"), _obs(latest, 2025), unit).text == text


def test_a_baseline_without_a_year_is_the_baseline_with_its_caveat():
    yearless = Obs(Decimal(20), 2024, "Baseline", "Bijlage 3", "jaar niet vermeld", "De bron geeft geen jaar.", year_stated=False)
    assert yearless.text("%") == "20% (jaar niet vermeld)"
    t = trend("HigherIsBetter", yearless, _obs("22", 2025), "%")
    assert t.verdict == IMPROVED and "bij de nulmeting (jaar niet vermeld)" in t.text
    assert trend("HigherIsBetter", yearless, yearless, "%").verdict == NO_FOLLOW_UP
