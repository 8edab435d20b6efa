"""The whole portal after `make run`, in headless Chromium (issue 15).

Every template loads without console errors and fetches nothing outside the portal, served and as static files;
at 390 px nothing is wider than the phone on the start page, an effort page, the network, a question page and the
report; search puts the right page first; the facets narrow the list and keep the selection in the URL; hostile
labels are text in every template; and the tour of "Done when" works from `/` to a downloaded CSV.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse
from pathlib import Path

import pytest
from browser_checks import assert_no_script_ran, assert_shown_literally
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_network_browser import CHROMEDRIVER, CHROMIUM, FLAGS

from npdw_graph.cli import main
from npdw_graph.namespaces import DEFAULT_BASE

pytestmark = [pytest.mark.browser, pytest.mark.server]

ID = DEFAULT_BASE + "id/"
# One page per template of the portal (and per profile), as a path under the portal root.
STATIC_PAGES = [
    "index.html",
    "inspanningen/index.html",
    "inspanningen/index.html?pijler=Wonen&wijk=Wielwijk",
    "netwerk/index.html?focus=inspanning/energiehulp&radius=1",
    "netwerk/wijk-wielwijk.html",
    "vragen/index.html",
    "vragen/financiering-per-pijler.html",
    "monitor/index.html",
    "bijlage-2/index.html",
    "def/index.html",
    "over/index.html",
    "zoeken/index.html?q=wijkconcierge",
    "pijlers/wonen-en-fysieke-leefomgeving.html",
    "doc/inspanning/index.html",
    "doc/inspanning/energiehulp.html",
    "doc/organisatie/gemeente-dordrecht.html",
    "doc/doel/od-wonen-03.html",
    "doc/gebied/wielwijk.html",
    "doc/regeling/aanpak-energiearmoede.html",
    "doc/sectie/4-2.html",
    "doc/woningbouwproject/index.html",
]
LIVE_PAGES = [
    "vragen/",
    "vragen/keten-voor-wijk.html?wijk=gebied:wielwijk",
    "vragen/financiering-per-wijk.html?wijk=gebied:crabbehof",
    "zoeken?q=energiehulpen",
    "sparql?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s a <https://w3id.org/npdw/def/Effort> } LIMIT 5"),
]
PHONE_PAGES = ["index.html", "doc/inspanning/energiehulp.html", "netwerk/index.html?focus=inspanning/energiehulp&radius=1",
               "vragen/keten-voor-wijk.html?wijk=gebied:wielwijk", "monitor/index.html"]


@pytest.fixture(scope="module")
def site(portal_project) -> Path:
    return portal_project / "dist" / "site"


@pytest.fixture(scope="module")
def served(portal_project, site):
    from npdw_graph.serve import start_server

    running = start_server(portal_project / "dist" / "graph.nt", site_dir=site, queries_dir=portal_project / "queries")
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(tmp_path_factory, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-portal')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    d = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield d
    d.quit()


def open_page(driver, url: str, width: int = 1400) -> tuple[list[dict], list[str]]:
    """Open a page at a width; the console messages (warnings and errors) and every URL the page requested."""
    driver.set_window_size(width, 900)
    driver.get_log("performance")
    driver.get_log("browser")
    driver.get(url)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.readyState === 'complete'"))
    time.sleep(0.3)  # let the page's scripts run after load (the network starts its drawing then)
    console = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    requested = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    return console, requested


def outside(requested: list[str], base: str) -> list[str]:
    return [u for u in requested if not u.startswith(base) and not u.startswith(("data:", "blob:", "about:"))]


def file_url(site: Path, path: str) -> str:
    page, _, query = path.partition("?")
    return (site / page).as_uri() + (f"?{query}" if query else "")


# --- every template: no console error, nothing from elsewhere ------------------------------------------------------------

def test_every_template_served_loads_cleanly(driver, served):
    problems = {}
    for path in STATIC_PAGES + LIVE_PAGES:
        console, requested = open_page(driver, served + path)
        if console or outside(requested, served):
            problems[path] = (console, outside(requested, served))
    assert problems == {}


def test_every_template_as_static_files_loads_cleanly(driver, site):
    """The copy without a server: opened from disk, every page works and asks for nothing outside the folder."""
    root = site.resolve().as_uri() + "/"
    problems = {}
    for path in STATIC_PAGES:
        console, requested = open_page(driver, file_url(site, path))
        if console or outside(requested, root):
            problems[path] = (console, outside(requested, root))
    assert problems == {}


def test_not_found_is_a_page_in_the_layout(driver, served):
    console, requested = open_page(driver, served + "doc/inspanning/bestaat-niet.html")
    assert [e for e in console if "404" not in e["message"]] == []  # the one message is the 404 itself
    assert outside(requested, served) == []
    assert driver.find_elements(By.CSS_SELECTOR, "nav a[href$='vragen/index.html']"), "the 404 page has the navigation"


# --- phone width ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PHONE_PAGES)
def test_nothing_wider_than_a_phone(driver, served, path):
    open_page(driver, served + path, 390)
    width = driver.execute_script("return document.documentElement.clientWidth")
    assert 370 <= width <= 390
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390, path


# --- search: the right page first, served and static -------------------------------------------------------------------

@pytest.mark.parametrize(("q", "slug"), [("wijkconcierge", "wijkconcierge"), ("energiehulpen", "energiehulp")])
def test_search_puts_the_right_page_first(driver, served, site, q, slug):
    for url in (served + f"zoeken?q={q}", file_url(site, f"zoeken/index.html?q={q}")):
        open_page(driver, url)
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#resultaten li a"))
        first = driver.find_element(By.CSS_SELECTOR, "#resultaten li a").get_attribute("href")
        assert first.endswith(f"/doc/inspanning/{slug}.html"), (url, first)


# --- facets ------------------------------------------------------------------------------------------------------------

def test_facets_narrow_the_list_keep_the_url_and_download_the_selection(driver, site, portal_project, downloads):
    result = CliRunner().invoke(main, ["--root", str(portal_project), "query", "inspanningen-facetten", "--format", "csv"],
                                catch_exceptions=False)
    efforts = list(csv.DictReader(io.StringIO(result.stdout)))
    open_page(driver, file_url(site, "inspanningen/index.html"))
    assert len(driver.find_elements(By.CSS_SELECTOR, "#inspanningen tbody tr")) == len(efforts) == 101
    driver.find_element(By.CSS_SELECTOR, "section[data-facet='pijler'] a[href='?pijler=Wonen']").click()
    WebDriverWait(driver, 30).until(lambda d: "pijler=Wonen" in d.current_url)
    wonen = [e for e in efforts if "Wonen" in e["pijler"].split("|")]
    assert len(driver.find_elements(By.CSS_SELECTOR, "#inspanningen tbody tr")) == len(wonen)
    link = driver.find_element(By.XPATH, "//section[@data-facet='wijk']//a[text()='Wielwijk']")
    shown = int(link.find_element(By.XPATH, "following-sibling::span[@class='aantal']").text)
    link.click()
    WebDriverWait(driver, 30).until(lambda d: "wijk=Wielwijk" in d.current_url)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    assert query == {"pijler": ["Wonen"], "wijk": ["Wielwijk"]}  # the URL keeps the whole selection
    both = [e for e in wonen if "Wielwijk" in e["wijken"].split("|")]
    names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#inspanningen tbody tr td:first-child a")]
    assert sorted(names) == sorted(e["naam"] for e in both) and len(names) == shown
    for old in downloads.glob("inspanningen*.csv"):
        old.unlink()
    driver.find_element(By.ID, "download-csv").click()
    target = downloads / "inspanningen-selectie.csv"
    WebDriverWait(driver, 30).until(lambda d: target.is_file() and target.stat().st_size > 0)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert sorted(r["naam"] for r in rows) == sorted(e["naam"] for e in both)


# --- hostile labels in every template ----------------------------------------------------------------------------------

NASTY = '<script>window.__xss=1;alert(1)</script> "dubbel" </textarea> {{ 7*7 }} <img src=x onerror="window.__xss=2">'


@pytest.fixture(scope="module")
def hostile_site(graph, portal_project, tmp_path_factory) -> Path:
    """The whole portal (network, report, questions) of the real graph in which an effort, an organisation and a pillar
    carry a hostile label."""
    from npdw_graph.site import write_site

    g = Graph()
    for triple in graph:
        g.add(triple)
    for slug in ("inspanning/energiehulp", "organisatie/trivire", "regeling/aanpak-energiearmoede"):
        iri = URIRef(ID + slug)
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
            g.remove((iri, p, None))
        g.add((iri, RDFS.label, Literal(NASTY + " " + slug.split("/")[0], lang="nl")))
    out = tmp_path_factory.mktemp("hostile") / "site"
    write_site(list(g), out, DEFAULT_BASE, queries_dir=portal_project / "queries", graph=g)
    return out


HOSTILE_PAGES = [
    "inspanningen/index.html", "bijlage-2/index.html", "doc/inspanning/index.html", "pijlers/wonen-en-fysieke-leefomgeving.html",
    "doc/inspanning/energiehulp.html", "doc/organisatie/trivire.html", "doc/organisatie/index.html", "doc/sectie/4-2.html",
    "doc/regeling/aanpak-energiearmoede.html", "doc/gebied/dordt-west.html", "doc/doel/od-wonen-06.html", "monitor/index.html",
    "vragen/inspanningen-facetten.html", "vragen/financiering-per-regeling.html", "zoeken/index.html?q=dubbel",
    "netwerk/index.html?focus=inspanning/energiehulp&radius=1",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_labels_are_text_in_every_template(driver, hostile_site, path):
    open_page(driver, file_url(hostile_site, path))
    assert_no_script_ran(driver)
    if path.startswith("netwerk/"):  # the drawing is a canvas: the label is text in the focus and details panel
        WebDriverWait(driver, 240).until(lambda d: d.execute_script("return !!(window.npdwNetwerk && npdwNetwerk.settled())"))
        body = driver.find_element(By.ID, "zijbalk").get_attribute("textContent")
    else:
        body = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    assert_shown_literally(body)


# --- the tour of "Done when" --------------------------------------------------------------------------------------------

def test_the_tour_from_the_start_page_to_a_downloaded_csv(driver, served, portal_project, downloads):
    """Start at /, find an effort by typing part of its name, see its chain, jump to it in the network, walk to a
    partner, run "who funds what in this wijk" for Wielwijk from a form, and download the answer as CSV."""
    open_page(driver, served)
    box = driver.find_element(By.ID, "zoekveld")
    box.send_keys("wijkcon")
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#resultaten li a"))
    driver.find_element(By.CSS_SELECTOR, "#resultaten li a").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/doc/inspanning/wijkconcierge.html"))
    chain = [h.text.strip().lower() for h in driver.find_elements(By.CSS_SELECTOR, ".keten .schakel h2")]
    assert chain == ["doel", "inspanning", "partner", "financiering", "wijk"], chain
    assert driver.find_elements(By.CSS_SELECTOR, ".keten .schakel a[href*='doc/doel/']"), "the chain names a goal"
    driver.find_element(By.LINK_TEXT, "Toon in het netwerk").click()
    WebDriverWait(driver, 60).until(lambda d: "focus=inspanning/wijkconcierge" in d.current_url)
    settled = "return !!(window.npdwNetwerk && npdwNetwerk.settled())"
    WebDriverWait(driver, 240).until(lambda d: d.execute_script(settled))
    assert driver.find_element(By.CSS_SELECTOR, "#details .info-titel").text == "Wijkconciërge"
    partner = next(a for a in driver.find_elements(By.CSS_SELECTOR, "#details a.buur") if "focus=organisatie/" in a.get_attribute("href"))
    name = partner.text
    partner.click()
    WebDriverWait(driver, 60).until(lambda d: "focus=organisatie/" in d.current_url)
    WebDriverWait(driver, 240).until(lambda d: d.execute_script(settled))
    assert driver.find_element(By.CSS_SELECTOR, "#details .info-titel").text == name  # walked to the partner
    page_link = driver.find_element(By.CSS_SELECTOR, "#details a.info-pagina").get_attribute("href")
    assert page_link.startswith(served + "doc/organisatie/")
    driver.find_element(By.CSS_SELECTOR, "nav a[href$='vragen/index.html']").click()
    WebDriverWait(driver, 30).until(lambda d: "/vragen/" in d.current_url)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Financiering per wijk").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "p-wijk"))
    Select(driver.find_element(By.ID, "p-wijk")).select_by_visible_text("Wielwijk")
    driver.find_element(By.CSS_SELECTOR, "form.keuzes button").click()
    WebDriverWait(driver, 60).until(lambda d: "wijk=gebied" in d.current_url)
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    assert params["wijk"] == ["gebied:wielwijk"]
    for old in downloads.glob("financiering-per-wijk*.csv"):
        old.unlink()
    driver.find_element(By.CSS_SELECTOR, "a[href*='format=csv']").click()
    target = downloads / "financiering-per-wijk.csv"
    WebDriverWait(driver, 60).until(lambda d: target.is_file() and target.stat().st_size > 0)
    args = ["--root", str(portal_project), "query", "financiering-per-wijk", "--format", "csv"]
    for key, values in params.items():
        args += ["--param", f"{key}={values[0]}"]
    expected = CliRunner().invoke(main, args, catch_exceptions=False).stdout_bytes
    assert target.read_bytes() == expected
