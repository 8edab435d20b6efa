"""``npdw report``: the figures it computes (baseline, gap to the 2043 target, trend), its filters,
its escaping, its charts and its files."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from npdw_graph.build import compile_project
from npdw_graph.charts import Series, bar_chart, nl_number
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
    render_html,
    render_markdown,
    trend,
    write_report,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "data" / "metingen-2025-testdata.csv"
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def report(graph):
    return build_report(graph, today=TODAY)


@pytest.fixture(scope="module")
def bijlage_3() -> Graph:
    """The baseline data file on its own, to check the report against the source of its figures."""
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
    return project, graph, build_report(graph, today=TODAY)


# ------------------------------------------------------------ the figures on the real data


def test_baseline_is_the_bijlage_3_value(report, bijlage_3):
    view = report.find_indicator("od-veilig-08", "veel-sociale-overlast")
    for area in ("oud-krispijn", "nieuw-krispijn", "wielwijk", "crabbehof", "dordrecht"):
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
    assert row.gap.text.startswith("+6 procentpunt t.o.v. Dordrecht (14 in 2023): nog niet gehaald")
    assert row.reference.value == Decimal(14)
    nieuw = _row(report.find_indicator("od-veilig-08", "veel-sociale-overlast"), "nieuw-krispijn")
    assert nieuw.gap.difference == 0 and nieuw.gap.reached is True  # 14% as Dordrecht: reached


def test_reduction_target_without_base_year_value_says_so(report):
    """od-werk-04: -70% against 2015; Bijlage 3 has 2018 values only."""
    row = _row(report.find_indicator("od-werk-04", "personen-in-schuldsanering"), "wielwijk")
    assert row.gap.text.startswith("basiswaarde ontbreekt")
    assert row.gap.difference is None


def test_without_a_later_measurement_there_is_no_trend(report):
    row = _row(report.find_indicator("od-veilig-08", "veel-sociale-overlast"), "wielwijk")
    assert row.latest == row.baseline
    assert row.trend.verdict == NO_FOLLOW_UP


def test_every_goal_of_bijlage_1_is_in_the_report_once(report, graph):
    goals = {str(g) for g in graph.subjects(URIRef(str(NPDW.inPillar)), None) if "/doel/od-" in str(g)}
    codes = [g.code for g in report.goals()]
    assert len(codes) == len(set(codes)) == len(goals) == 43
    assert [p.label for p in report.pillars][0] == "Wonen en fysieke leefomgeving"


def test_efforts_carry_status_partners_and_funding(report):
    goal = next(g for g in report.goals() if g.code == "od-wonen-08")
    energiehulp = next(e for e in goal.efforts if str(e.iri).endswith("/energiehulp"))
    assert energiehulp.status == "nieuw of uitgebreid"
    assert energiehulp.partners and energiehulp.funding
    assert any(f.amount == Decimal("624321") for f in energiehulp.funding)


# ---------------------------------------------------------------- after importing 2025


def test_trend_after_importing_the_sample(imported):
    _, _, rep = imported
    view = rep.find_indicator("od-veilig-08", "veel-sociale-overlast")
    wielwijk, crabbehof = _row(view, "wielwijk"), _row(view, "crabbehof")
    assert (wielwijk.latest.value, wielwijk.latest.year, wielwijk.latest.status) == (Decimal(17), 2025, "Measurement")
    assert wielwijk.trend.verdict == IMPROVED and wielwijk.trend.change == Decimal(-3)  # 20 -> 17, lower is better
    assert crabbehof.trend.verdict == WORSENED and crabbehof.trend.change == Decimal(1)  # 20 -> 21
    assert wielwijk.gap.difference == Decimal(4)  # 17 against Dordrecht 13 in 2025, not the 14 of 2023
    assert "13 in 2025" in wielwijk.gap.text


def test_threshold_and_missing_baseline_after_import(imported):
    _, _, rep = imported
    stress = _row(rep.find_indicator("od-gezond-06", "veel-stress-afgelopen-4-weken"), "wielwijk")
    assert stress.gap.difference == Decimal("3.4") and stress.gap.reached is False  # 18,4% against "onder 15%"
    assert stress.gap.text == "nog 3,4 procentpunt te gaan: moet onder 15"
    beweeg = _row(rep.find_indicator("od-gezond-04", "beweegrichtlijn-volwassenen-en-ouderen"), "wielwijk")
    assert beweeg.gap.difference == Decimal(34)  # at least 75%, now 41%
    health = _row(rep.find_indicator("od-gezond-01", "goed-ervaren-gezondheid"), "wielwijk")
    assert health.trend.verdict == NO_BASELINE
    assert health.gap.difference == Decimal("-9.0") and health.gap.reached is False  # 61,5 against Dordrecht 70,5; higher is better


def test_report_of_a_wijk(graph, imported):
    wielwijk = build_report(graph, wijk="wielwijk", today=TODAY)
    whole = build_report(graph, today=TODAY)
    view = wielwijk.find_indicator("od-veilig-08", "veel-sociale-overlast")
    assert [r.label for r in view.rows] == ["Wielwijk", "Dordrecht"]
    efforts = {str(e.iri).rsplit("/", 1)[-1] for g in wielwijk.goals() for e in g.efforts}
    all_efforts = {str(e.iri).rsplit("/", 1)[-1] for g in whole.goals() for e in g.efforts}
    assert "aardgasvrij-crabbehof" in all_efforts and "aardgasvrij-crabbehof" not in efforts  # Crabbehof only
    assert "life-critical-project" in efforts and "energiehulp" in efforts  # in Wielwijk; for all of Dordt West
    assert wielwijk.title.endswith(": Wielwijk") and wielwijk.slug == "verantwoording-wielwijk"
    assert build_report(graph, wijk="gebied:wielwijk").area == wielwijk.area == build_report(graph, wijk="Wielwijk").area


def test_report_of_a_pillar_and_bad_choices(graph):
    rep = build_report(graph, pillar="gezond")
    assert [p.label for p in rep.pillars] == ["Gezond en samen leven"] and len(rep.goals()) == 10
    assert rep.slug == "verantwoording-dordt-west-gezond-en-samen-leven"
    assert [p.label for p in build_report(graph, pillar="Werk").pillars] == ["Arbeidsmarkt en bestaanszekerheid"]  # its short name
    with pytest.raises(NpdwError, match="unknown wijk 'zuid'"):
        build_report(graph, wijk="zuid")
    with pytest.raises(NpdwError, match="unknown pillar"):
        build_report(graph, pillar="sport")


# ----------------------------------------------------------------- the computations alone


def _obs(value: str, year: int, status: str = "Measurement") -> Obs:
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


# ------------------------------------------------------------------ rendering and files


def test_all_text_is_escaped(graph):
    rep = build_report(graph, pillar="wonen")
    goal = rep.goals()[0]
    goal.label = '<script>alert("x")</script> & co'
    goal.efforts[0].label = "a | b *c* <b>"
    page = render_html(rep)
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    text, _ = render_markdown(rep, "grafieken")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert r"a \| b \*c\* &lt;b&gt;" in text


def test_chart_is_wellformed_svg_with_one_bar_per_value():
    svg = bar_chart("Test <&>", ["Oud-Krispijn", "Wielwijk", "Dordrecht"],
                    [Series("2023 (nulmeting)", (Decimal(22), None, Decimal(14))), Series("2025", (Decimal(19), Decimal(17), Decimal(13)))],
                    "%", threshold=Decimal(15), threshold_label="streefwaarde 2043: onder 15", highlight="Wielwijk", ident="t1")
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    bars = [r for r in root.findall("s:rect", ns) if r.find("s:title", ns) is not None]
    assert len(bars) == 5
    assert root.find("s:title", ns).text == "Test <&>"
    assert "stroke-dasharray" in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert nl_number(Decimal("1234.50")) == "1234,5" and nl_number(Decimal("25300")) == "25.300" and nl_number(Decimal(3), signed=True) == "+3"


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
    assert "| Wielwijk | 20 (2023) | 17 (2025) | 13 (2025) |" in text
    page = write_report(project, graph, fmt="html", out_dir=tmp_path, today=TODAY).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert page.count("<svg") >= 8 and "verbeterd (-3 sinds 2023)" in page
    external = [w for w in ("src=", "<link", "<script", "https://", "http://") if w in page.replace('xmlns="http://www.w3.org/2000/svg"', "")]
    assert not external, f"the page must work offline, but has {external}"
    ids = [part.split('"', 1)[0] for part in page.split(' id="')[1:]]
    assert len(ids) == len(set(ids)), "element ids must be unique on the page"


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
