"""CSV injection: a label or source name that starts like a formula comes out of every CSV writer with a ``'`` in front.

The project is copied and three strings are poisoned: an effort's label, a partner's label and a
measurement's source name. Every CSV writer of the tool is then run on that graph (export's CSVW
tables, ``npdw query --format csv|tsv`` as the portal's /vragen downloads serve it, the portal's
data/*.csv and the cells the effort list embeds for its "download deze selectie" CSV, ``npdw
network``'s analyse-*.csv and bijlage-2.csv); each poisoned string must appear with the ``'`` and no
cell may start with a formula character unless it is a plain number.
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from npdw_graph.build import compile_project
from npdw_graph.csvsafe import FORMULA_START, safe_cell
from npdw_graph.csvw import TABLES, write_tables
from npdw_graph.describe import GraphIndex
from npdw_graph.namespaces import DEFAULT_BASE
from npdw_graph.network import build_network, write_outputs
from npdw_graph.project import Project
from npdw_graph.query import format_result, run_query
from npdw_graph.queryengine import OxigraphEngine, SelectResult
from npdw_graph.querylib import load_library
from npdw_graph.site import _csv, effort_list_parts
from npdw_graph.web import copy_static
from npdw_graph.web.facets import CSV_COLUMNS, effort_rows
from npdw_graph.web.questions import download

ROOT = Path(__file__).resolve().parent.parent
EFFORT = '=HYPERLINK("http://x","y")'
PARTNER = "@SUM(1+1)*cmd|' /C calc'!A0"
SOURCE = "-2+3+cmd|' /C calc'!A0"
POISON = {
    "data/pijler-wonen.ttl": ('rdfs:label "Energiehulp"@nl ;', 'rdfs:label "=HYPERLINK(\\"http://x\\",\\"y\\")"@nl ;'),
    "data/organisaties/kern.ttl": ('rdfs:label "Trivire"@nl ;', f'rdfs:label "{PARTNER}"@nl ;'),
    "data/wijkfeiten.ttl": ('npdw:observationSource "Uitvoeringsprogramma Dordt West 2024-2026, hoofdstuk 2" ;',
                            f'npdw:observationSource "{SOURCE}" ;'),
}


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    root = tmp_path_factory.mktemp("poisoned")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    for rel, (old, new) in POISON.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel}: the line to poison is gone: {old}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    graph = compile_project(Project(root)).graph
    labels = {str(o) for o in graph.objects()}
    assert {EFFORT, PARTNER, SOURCE} <= labels
    return root, graph, OxigraphEngine.from_graph(graph)


def cells(text: str, delimiter: str = ",") -> list[str]:
    return [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]


def assert_neutralised(text: str, what: str, expect: tuple[str, ...], delimiter: str = ",") -> None:
    found = cells(text, delimiter)
    live = [c for c in found if c.startswith(FORMULA_START) and safe_cell(c) != c]
    assert not live, f"{what}: cells a spreadsheet runs as a formula: {live[:3]}"
    for s in expect:
        assert "'" + s in found, f"{what}: {s!r} is not there with the ' in front"


def test_export_csvw_tables(poisoned, tmp_path):
    _root, graph, _engine = poisoned
    write_tables(GraphIndex(graph), tmp_path, DEFAULT_BASE)
    text = {t.file: (tmp_path / t.file).read_text(encoding="utf-8") for t in TABLES}
    assert_neutralised(text["inspanningen.csv"], "inspanningen.csv", (EFFORT,))
    assert_neutralised(text["partners.csv"], "partners.csv", (PARTNER,))
    for name, t in text.items():
        assert_neutralised(t, name, ())
    notes = (tmp_path / "csv-metadata.json").read_text(encoding="utf-8")
    assert "OWASP" in notes and "'" in notes


@pytest.mark.parametrize(("name", "expect"), [("inspanningen-facetten", (EFFORT,)), ("monitor-metingen", (SOURCE,)),
                                              ("partners-naar-aantal-inspanningen", (PARTNER,))])
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_csv_and_the_portal_downloads(poisoned, name, expect, fmt):
    root, _graph, engine = poisoned
    query = load_library(root / "queries")[name]
    result = run_query(query, engine)
    text = format_result(result, fmt)
    assert_neutralised(text, f"npdw query {name} --format {fmt}", expect, "," if fmt == "csv" else "\t")
    if fmt == "csv":
        assert download(query, result, fmt).decode("utf-8") == text


def test_portal_effort_list_csv_and_its_selection_download(poisoned):
    root, _graph, engine = poisoned
    rows = effort_rows(engine, root / "queries")
    overview = _csv(CSV_COLUMNS, (r["csv"] for r in rows)).decode("utf-8")
    assert_neutralised(overview, "data/inspanningen-overzicht.csv", (EFFORT,))
    embedded = [c for r in rows for c in r["csv"]]  # what inspanningen.js joins into the selection's CSV
    assert "'" + EFFORT in embedded
    assert not [c for c in embedded if isinstance(c, str) and c.startswith(FORMULA_START)]


def test_network_csvs(poisoned, tmp_path):
    root, _graph, engine = poisoned
    g = build_network(engine, root / "queries")
    files = write_outputs(g, tmp_path, engine, root / "queries", view_groups=())
    written = [f for f in files if f.endswith(".csv")]
    assert "bijlage-2.csv" in written and "analyse-centraliteit.csv" in written
    for name in written:
        assert_neutralised((tmp_path / name).read_text(encoding="utf-8"), name, ())
    assert_neutralised((tmp_path / "bijlage-2.csv").read_text(encoding="utf-8"), "bijlage-2.csv", (EFFORT,))
    every = "".join((tmp_path / name).read_text(encoding="utf-8") for name in written if name.startswith("analyse-"))
    assert "'" + EFFORT in every or "'" + PARTNER in every, "no analysis CSV names the poisoned effort or partner"


@pytest.mark.parametrize("value", ["-5", "+3", "-1.5", "-1,5", "-2e3", "-0.25", 7, -5, 1.5, Decimal("-2.5"), "", "Wonen", "'=x"])
def test_plain_numbers_and_plain_text_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-A1", "@cmd", "\t=1", "\r=1", "-", "+", "-5+1", "--5", "-5 euro"])
def test_formula_like_text_gets_the_quote(value):
    assert safe_cell(value) == "'" + value


def test_numeric_columns_stay_numeric_in_query_csv():
    result = SelectResult(["waarde", "tekst", "iri"], [(Literal(-5, datatype=XSD.integer), Literal("=1+1"),
                                                         URIRef("http://example.org/=x"))])
    assert format_result(result, "csv").splitlines()[1] == "-5,'=1+1,http://example.org/=x"


@pytest.mark.browser
def test_the_selection_download_in_the_browser(poisoned, tmp_path):
    """The effort list's "download deze selectie als CSV", run by its script in headless Chromium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait
    from test_network_browser import CHROMEDRIVER, CHROMIUM, FLAGS

    root, _graph, engine = poisoned
    for rel, data in effort_list_parts(engine, root / "queries"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    copy_static(tmp_path)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'chromium'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        driver.get((tmp_path / "inspanningen" / "index.html").as_uri() + "?pijler=Wonen")
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState === 'complete'"))
        driver.execute_script("""window.__csv = null;
            URL.createObjectURL = function (blob) { blob.text().then(function (t) { window.__csv = t; }); return "data:,"; };
            HTMLAnchorElement.prototype.click = function () {};
            document.getElementById("download-csv").click();""")
        text = WebDriverWait(driver, 30).until(lambda d: d.execute_script("return window.__csv"))
    finally:
        driver.quit()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert all(r[CSV_COLUMNS.index("pijler")] == "Wonen" for r in rows[1:]) and len(rows) > 5  # the selection, not the whole list
    assert_neutralised(text, "the selection download", (EFFORT,))
