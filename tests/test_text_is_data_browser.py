"""Text is data, never markup: a resource whose label and description are hostile is shown as
text on its site page and in the accountability report, in a real browser, and no script runs.
(The network page has the same test in tests/test_network_browser.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_checks import assert_no_script_ran, assert_shown_literally
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from npdw_graph.load import new_graph, parse_turtle_file
from npdw_graph.namespaces import ID, NPDW
from npdw_graph.report import build_report, render_html
from npdw_graph.site import build_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NASTY = '<script>window.__xss=1;alert(1)</script> "dubbel" </textarea> {{ 7*7 }} <img src=x onerror="window.__xss=2">'
EFFORT = URIRef(str(ID) + "inspanning/vijandig")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-extensions"]


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('profiel')}"]:
        options.add_argument(flag)
    d = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield d
    d.quit()


def _assert_inert(driver, url: str) -> None:
    driver.get(url)
    assert_no_script_ran(driver)
    assert_shown_literally(driver.find_element(By.TAG_NAME, "body").text)


def test_site_page_shows_hostile_label_as_text(driver, tmp_path, graph, project):
    g = new_graph()
    parse_turtle_file(ROOT / "ontology" / "npdw.ttl", g)
    section = URIRef(str(ID) + "sectie/4-2")
    for t in graph.triples((section, None, None)):
        g.add(t)
    g.add((EFFORT, RDF.type, NPDW.Effort))
    g.add((EFFORT, RDFS.label, Literal(NASTY, lang="nl")))
    g.add((EFFORT, DCTERMS.description, Literal(NASTY, lang="nl")))
    g.add((EFFORT, DCTERMS.source, section))
    g.add((EFFORT, NPDW.sourceLine, Literal(1100)))
    g.add((EFFORT, RDFS.seeAlso, URIRef("javascript:window.__xss=3")))
    build_site(project, out_dir=tmp_path / "site", graph=g)
    page = tmp_path / "site" / "doc" / "inspanning" / "vijandig.html"
    _assert_inert(driver, page.as_uri())
    assert not driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript:']"), "a javascript: IRI became a link"


def test_report_shows_hostile_label_as_text(driver, tmp_path, graph):
    rep = build_report(graph, pillar="wonen")
    goal = rep.goals()[0]
    goal.label = NASTY
    goal.efforts[0].label = NASTY
    page = tmp_path / "verantwoording.html"
    page.write_text(render_html(rep), encoding="utf-8")
    _assert_inert(driver, page.as_uri())
