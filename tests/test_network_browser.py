"""The network pages in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

Checks what a person relies on: the page loads offline without console errors and fetches
nothing, the network is drawn, search finds and selects an effort, the filters change what is
shown, a click highlights a neighbourhood, and labels are shown as text, never run as markup.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from npdw_graph.namespaces import ID, NPDW
from npdw_graph.network import build_network, generate, node_scopes, resolve_node
from npdw_graph.network_view import portal_pages, render_html
from npdw_graph.queryengine import OxigraphEngine
from npdw_graph.web import copy_static

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-extensions", "--window-size=1400,900"]
LOAD_TIMEOUT = 240  # seconds to wait for the physics to settle (a ceiling for a busy machine, not a measurement)
WONEN = str(ID["pijler/wonen-en-fysieke-leefomgeving"])
CRABBEHOF = str(ID["gebied/crabbehof"])
NASTY = '<script>alert(1)</script> "dubbel" </textarea> {{ 7*7 }} <img src=x onerror="window.__xss=1"> & </script>'
NASTY_PARTNER = 'Partner "met" </textarea> {{ partner }}'


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "install Debian's chromium and chromium-driver (make browser-deps)"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profiel')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    d = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield d
    d.quit()


@pytest.fixture(scope="module")
def real(graph, project, tmp_path_factory):
    """The real network's pages (full network and per pillar) and the graph they were made from."""
    dist = tmp_path_factory.mktemp("browser") / "dist"
    out = generate(OxigraphEngine.from_graph(graph), project.queries_dir, dist, view_groups=["full", "pijlers"])
    return out


class Page:
    """An opened page, with what the browser logged while loading it."""

    def __init__(self, driver, path: Path):
        self.d = driver
        self.url = path.resolve().as_uri()
        driver.get_log("performance")  # drop whatever the browser did before (its own start page)
        driver.get_log("browser")
        driver.get(self.url)
        WebDriverWait(driver, LOAD_TIMEOUT).until(lambda d: d.execute_script("return !!(window.npdwNetwerk && npdwNetwerk.isStable())"))
        self.console = driver.get_log("browser")
        self.events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]

    def js(self, script: str, *args):
        return self.d.execute_script(script, *args)

    def settle(self) -> None:
        """Wait until the view has finished moving (the fit after a focus or a filter is animated)."""
        WebDriverWait(self.d, 30).until(lambda d: d.execute_script("return npdwNetwerk.settled()"))

    def requests(self) -> list[dict]:
        """Requests made on behalf of web content (the browser's internal chrome:// pages excluded)."""
        sent = [e["params"] for e in self.events if e["method"] == "Network.requestWillBeSent"]
        return [p for p in sent if not str(p.get("documentURL", "")).startswith(("chrome://", "chrome-untrusted://", "devtools://"))]

    def index(self, label: str) -> int:
        i = self.js("return npdwNetwerk.indexOf(arguments[0])", label)
        assert i >= 0, label
        return i

    def visible_nodes(self) -> int:
        return self.js("return npdwNetwerk.visibleNodeCount()")

    def node_on_screen(self, i: int) -> tuple[float, float]:
        """Centre the view on node i and return its position relative to the canvas centre."""
        return self.js("""
            var n = npdwNetwerk.network, i = arguments[0];
            n.moveTo({ position: n.getPositions([i])[i], scale: 1.6 });
            var p = n.canvasToDOM(n.getPositions([i])[i]), c = document.querySelector('#netwerk canvas');
            return [p.x - c.clientWidth / 2, p.y - c.clientHeight / 2];""", i)


# ------------------------------------------------------------------ the real network


@pytest.fixture(scope="module")
def full(driver, real):
    return Page(driver, real.out_dir / "netwerk.html")


def test_page_loads_without_console_errors(full):
    assert [e for e in full.console if e["level"] in ("SEVERE", "WARNING")] == []


def test_page_fetches_nothing_outside_itself(full):
    urls = [r["request"]["url"] for r in full.requests()]
    assert full.url in urls  # the log saw the page itself, so an empty remainder means something
    assert [u for u in urls if u != full.url] == []
    assert full.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; })") == []


def test_network_is_drawn(full, real):
    assert full.js("return document.querySelectorAll('#netwerk canvas').length") == 1
    assert full.js("return npdwNetwerk.nodes.length") == real.nodes > 300
    assert full.js("return npdwNetwerk.edges.length") == real.edges
    assert full.js("return Object.keys(npdwNetwerk.network.getPositions()).length") == real.nodes
    painted = full.js("""
        var c = document.querySelector('#netwerk canvas'), img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, k = 0;
        for (var i = 3; i < img.length; i += 4 * 7) { if (img[i] > 0) { k++; } }
        return k;""")
    assert painted > 1000
    assert full.d.find_element(By.ID, "status").text.startswith(f"{real.nodes} van {real.nodes} knopen")
    assert len(full.d.find_elements(By.CSS_SELECTOR, "#legenda-pijlers li")) == 5


def test_search_finds_and_selects_an_effort(full):
    full.js("npdwNetwerk.deselect(); npdwNetwerk.resetFilters();")
    box = full.d.find_element(By.ID, "zoek")
    box.clear()
    box.send_keys("Energiehulp")
    hits = [b.text for b in full.d.find_elements(By.CSS_SELECTOR, "#zoekresultaten button")]
    assert hits and hits[0].startswith("Energiehulp")
    box.send_keys(Keys.ENTER)
    target = full.index("Energiehulp")
    assert full.js("return npdwNetwerk.network.getSelectedNodes()") == [target]
    details = full.d.find_element(By.ID, "details").text
    for expected in ("Energiehulp", "Stichting Dordrecht Sociaal", "Aanpak energiearmoede", "Dordt West", "Partners", "Draagt bij aan"):
        assert expected in details
    far = full.index("Leefbaar en veilig")  # a pillar that Energiehulp does not touch
    faded = full.js("return npdwNetwerk.fadedColour")
    assert full.js("return npdwNetwerk.nodes.get(arguments[0]).color.background", far) == faded
    assert full.js("return npdwNetwerk.nodes.get(arguments[0]).label", far) == ""  # a faded node draws no label
    assert full.js("return npdwNetwerk.nodes.get(arguments[0]).color.background", target) != faded


def test_pillar_wijk_and_basis_filters_change_what_is_shown(full, real):
    full.js("npdwNetwerk.deselect(); npdwNetwerk.resetFilters();")
    total = full.visible_nodes()
    scopes = node_scopes(real.graph)
    Select(full.d.find_element(By.ID, "filter-pijler")).select_by_visible_text("Wonen en fysieke leefomgeving")
    in_wonen = full.visible_nodes()
    assert 0 < in_wonen < total
    assert in_wonen == sum(1 for pillars, _ in scopes.values() if WONEN in pillars)
    Select(full.d.find_element(By.ID, "filter-wijk")).select_by_visible_text("Crabbehof")
    both = full.visible_nodes()
    assert 0 < both < in_wonen
    assert both == sum(1 for pillars, areas in scopes.values() if WONEN in pillars and CRABBEHOF in areas)
    full.d.find_element(By.ID, "herstel").click()
    assert full.visible_nodes() == total
    full.d.find_element(By.ID, "soort-partner").click()
    assert full.visible_nodes() == total - sum(1 for _, d in real.graph.nodes(data=True) if d["soort"] == "partner")
    full.d.find_element(By.ID, "herstel").click()
    full.d.find_element(By.ID, "grondslag-afgeleid").click()
    stated = sum(1 for _, _, b in real.graph.edges(data="grondslag") if b == "genoemd")
    assert full.js("return npdwNetwerk.edgesView.length") == stated < real.edges
    full.d.find_element(By.ID, "herstel").click()


def test_click_highlights_the_neighbourhood(full, real):
    full.js("npdwNetwerk.deselect(); npdwNetwerk.resetFilters();")
    target = full.index("Wonen en fysieke leefomgeving")
    x, y = full.node_on_screen(target)
    canvas = full.d.find_element(By.CSS_SELECTOR, "#netwerk canvas")
    ActionChains(full.d).move_to_element_with_offset(canvas, int(x), int(y)).click().perform()
    assert full.js("return npdwNetwerk.selected()") == target
    faded = full.js("return npdwNetwerk.nodes.get().filter(function (n) { return n.color.background === npdwNetwerk.fadedColour; }).length")
    neighbours = set(real.graph.successors(str(ID["pijler/wonen-en-fysieke-leefomgeving"]))) | set(
        real.graph.predecessors(str(ID["pijler/wonen-en-fysieke-leefomgeving"])))
    assert faded == real.nodes - 1 - len(neighbours)
    corner = (-int(canvas.size["width"] / 2) + 3, -int(canvas.size["height"] / 2) + 3)
    ActionChains(full.d).move_to_element_with_offset(canvas, *corner).click().perform()
    assert full.js("return npdwNetwerk.selected()") is None


def test_pillar_page_shows_that_pillar(driver, real):
    page = Page(driver, real.out_dir / "pijler-wonen-en-fysieke-leefomgeving.html")
    assert [e for e in page.console if e["level"] == "SEVERE"] == []
    assert 0 < page.js("return npdwNetwerk.nodes.length") < real.nodes
    assert page.index("Energiehulp") >= 0


# ------------------------------------------------------------------ labels are data, never markup


@pytest.fixture(scope="module")
def nasty_graph(project) -> Graph:
    """A tiny programme whose names try every way out of a text node."""
    g = Graph()
    for path in project.ontology_files():
        g.parse(path)
    pillar, sd, od = ID["pijler/test"], ID["doel/sd-test-1"], ID["doel/od-test-01"]
    effort, partner, scheme = ID["inspanning/test"], ID["organisatie/test"], ID["regeling/test"]
    wijk, funding = ID["gebied/test"], ID["financiering/test-1"]
    facts = [
        (pillar, RDF.type, NPDW.Pillar), (pillar, RDFS.label, Literal("Testpijler", lang="nl")), (pillar, NPDW.sortOrder, Literal(1)),
        (sd, RDF.type, NPDW.StrategicGoal), (sd, RDFS.label, Literal("Strategisch {{ doel }}", lang="nl")), (sd, NPDW.inPillar, pillar),
        (od, RDF.type, NPDW.OperationalGoal), (od, RDFS.label, Literal("Doel </script><script>alert(2)</script>", lang="nl")),
        (od, NPDW.inPillar, pillar), (od, NPDW.specialises, sd), (od, NPDW.sortOrder, Literal(1)),
        (effort, RDF.type, NPDW.Effort), (effort, RDFS.label, Literal(NASTY, lang="nl")), (effort, NPDW.primaryPillar, pillar),
        (effort, DCTERMS.description, Literal(NASTY, lang="nl")), (effort, NPDW.status, NPDW.Continued), (effort, NPDW.inArea, wijk),
        (effort, NPDW.hasFunding, funding), (funding, NPDW.scheme, scheme), (funding, RDFS.label, Literal("<b>geld</b>", lang="nl")),
        (partner, RDF.type, ORG.Organization), (partner, RDFS.label, Literal(NASTY_PARTNER, lang="nl")),
        (scheme, RDF.type, NPDW.FundingScheme), (scheme, RDFS.label, Literal("{{ regeling }}", lang="nl")),
        (wijk, RDF.type, NPDW.Wijk), (wijk, RDFS.label, Literal("Testwijk", lang="nl")),
    ]
    for t in facts:
        g.add(t)
    c, p = BNode(), BNode()
    for t in [(effort, NPDW.contribution, c), (c, NPDW.goal, od), (c, NPDW.basis, NPDW.Stated),
              (effort, NPDW.partnership, p), (p, NPDW.organisation, partner), (p, NPDW.basis, NPDW.Inferred),
              (p, NPDW.reason, Literal("<i>reden</i> " + NASTY, lang="nl")), (effort, NPDW.contributesTo, od), (effort, NPDW.hasPartner, partner)]:
        g.add(t)
    return g


@pytest.fixture(scope="module")
def nasty_page(project, nasty_graph, tmp_path_factory) -> Path:
    net = build_network(OxigraphEngine.from_graph(nasty_graph), project.queries_dir)
    assert net.number_of_nodes() == 7
    path = tmp_path_factory.mktemp("xss") / "netwerk.html"
    path.write_text(render_html(net, NASTY), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nasty_portal(project, nasty_graph, tmp_path_factory) -> Path:
    """The same hostile programme as the portal's netwerk/index.html (base layout, scripts as files)."""
    return write_portal(OxigraphEngine.from_graph(nasty_graph), project, tmp_path_factory.mktemp("xss-portal")) / "netwerk" / "index.html"


@pytest.mark.parametrize("which", ["nasty_page", "nasty_portal"])
def test_labels_are_shown_as_text_and_never_run(driver, which, request):
    page = Page(driver, request.getfixturevalue(which))
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    assert page.js("return window.__xss === undefined")
    assert page.js("return document.images.length") == 0
    assert page.js("return document.scripts.length") == 3
    assert [e for e in page.console if e["level"] == "SEVERE"] == []
    title = NASTY if which == "nasty_page" else "Volledig netwerk"  # the portal's views have their own titles
    assert page.js("return document.title").startswith(title)
    assert page.d.find_element(By.TAG_NAME, "h1").text == title
    svg = page.js("return npdwNetwerk.svgText()")  # the SVG export carries labels as text, escaped by the serialiser
    assert "<script" not in svg and "<img" not in svg
    assert ElementTree.fromstring(svg).find("{http://www.w3.org/2000/svg}title").text == title

    box = page.d.find_element(By.ID, "zoek")
    box.send_keys("script")
    hits = [b.get_attribute("textContent") for b in page.d.find_elements(By.CSS_SELECTOR, "#zoekresultaten button")]
    assert any(h.startswith(NASTY) for h in hits)
    assert any(h.startswith("Doel </script><script>alert(2)</script>") for h in hits)

    effort = page.index(NASTY)
    x, y = page.node_on_screen(effort)
    canvas = page.d.find_element(By.CSS_SELECTOR, "#netwerk canvas")
    ActionChains(page.d).move_to_element_with_offset(canvas, int(x), int(y)).perform()
    WebDriverWait(page.d, 30).until(lambda d: not d.execute_script("return document.getElementById('tooltip').hidden"))
    tooltip = page.js("return document.getElementById('tooltip').textContent")
    assert NASTY in tooltip and NASTY_PARTNER in tooltip and "{{ regeling }}" in tooltip
    ActionChains(page.d).click().perform()
    details = page.js("return document.getElementById('details').textContent")
    assert NASTY in details and "<i>reden</i>" in details and "<b>geld</b>" in details
    assert page.js("return document.querySelectorAll('#details b, #details i, #tooltip b, #details script, #tooltip script').length") == 0
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    assert page.js("return window.__xss === undefined")
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


# ------------------------------------------------------------------ the portal's network (issue 17)

ENERGIEHULP = "inspanning/energiehulp"
NEIGHBOURS_QUERY = """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?e npdw:contributesTo|npdw:primaryPillar|npdw:inArea|npdw:touchesPillar|npdw:hasPartner ?x }
  UNION { ?e npdw:hasFunding/npdw:scheme ?x }
  UNION { ?x npdw:hasPartner ?e } }"""


def write_portal(engine, project, folder: Path) -> Path:
    """What site.py does with the network: the pages under netwerk/ and the package's static files."""
    for path, content in portal_pages(engine, project.queries_dir):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    copy_static(folder)
    return folder


@pytest.fixture(scope="module")
def portal(graph, project, tmp_path_factory) -> Path:
    return write_portal(OxigraphEngine.from_graph(graph), project, tmp_path_factory.mktemp("portal"))


class PortalPage(Page):
    def __init__(self, driver, path: Path, query: str = "", width: int = 1400, height: int = 900):
        driver.set_window_size(width, height)
        self.base = path.resolve().as_uri()
        self.d = driver
        self.url = self.base + query
        driver.get_log("performance")
        driver.get_log("browser")
        driver.get(self.url)
        WebDriverWait(driver, LOAD_TIMEOUT).until(lambda d: d.execute_script("return !!(window.npdwNetwerk && npdwNetwerk.settled())"))
        self.console = driver.get_log("browser")
        self.events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]

    def counter(self) -> int:
        return int(self.d.find_element(By.ID, "status").get_attribute("data-knopen"))

    def outside_viewport(self) -> list[int]:
        """Shown nodes whose centre lies outside the drawing (in CSS pixels of the canvas)."""
        return self.js("""
            var n = npdwNetwerk.network, c = document.querySelector('#netwerk canvas'), ids = npdwNetwerk.shownNodeIds(), pos = n.getPositions(ids);
            return ids.filter(function (i) { var p = n.canvasToDOM(pos[i]);
              return !(p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight); });""")

    def search(self, text: str) -> list[str]:
        box = self.d.find_element(By.ID, "zoek")
        box.clear()
        box.send_keys(text)
        return [b.get_attribute("textContent") for b in self.d.find_elements(By.CSS_SELECTOR, "#zoekresultaten button")]

    def query(self) -> dict[str, str]:
        from urllib.parse import parse_qsl, urlsplit
        return dict(parse_qsl(urlsplit(self.js("return location.href")).query))


@pytest.fixture(scope="module")
def focused(driver, portal):
    return PortalPage(driver, portal / "netwerk" / "index.html", f"?focus={ENERGIEHULP}&radius=1")


def test_portal_network_loads_offline_without_console_errors(focused, portal):
    assert [e for e in focused.console if e["level"] in ("SEVERE", "WARNING")] == []
    urls = [r["request"]["url"] for r in focused.requests()]
    assert focused.url in urls and len(urls) >= 4  # the page, the stylesheets, vis-network, netwerk.js
    site = portal.resolve().as_uri() + "/"
    assert [u for u in urls if not u.startswith(site)] == []
    assert focused.js("return document.querySelectorAll('nav.hoofdmenu a').length") == 8  # the portal's navigation


def test_focus_url_shows_the_one_step_neighbourhood_inside_the_view(focused, engine_for_counts):
    neighbours = int(engine_for_counts.select(NEIGHBOURS_QUERY.replace("?e", "<" + str(ID[ENERGIEHULP]) + ">")).rows[0][0])
    assert neighbours > 5
    assert focused.counter() == neighbours + 1 == focused.js("return npdwNetwerk.visibleNodeCount()")
    assert focused.js("return npdwNetwerk.selected()") == focused.js("return npdwNetwerk.indexOfKey(arguments[0])", ENERGIEHULP)
    assert focused.outside_viewport() == []
    assert "Energiehulp" in focused.d.find_element(By.ID, "focus-naam").text
    # the labels around the focus are legible: drawn at >= 11 px on screen
    sizes = focused.js("""var s = npdwNetwerk.network.getScale();
        return npdwNetwerk.shownNodeIds().map(function (i) { return npdwNetwerk.nodes.get(i).font.size * s; });""")
    assert len(sizes) == neighbours + 1 and min(sizes) >= focused.js("return npdwNetwerk.labelMinPx")


@pytest.fixture(scope="module")
def engine_for_counts(graph):
    return OxigraphEngine.from_graph(graph)


def test_radius_two_reaches_further_and_escape_leaves_focus(focused):
    one = focused.counter()
    focused.d.find_element(By.ID, "straal-2").click()
    focused.settle()
    assert focused.counter() > one and focused.query()["radius"] == "2"
    assert focused.outside_viewport() == []
    focused.d.find_element(By.ID, "straal-1").click()
    focused.settle()
    assert focused.counter() == one
    focused.d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    focused.settle()
    assert focused.js("return npdwNetwerk.selected()") is None
    assert focused.counter() == focused.js("return npdwNetwerk.data.knopen.length")
    assert "focus" not in focused.query()
    assert focused.outside_viewport() == []  # zoomed to fit after leaving focus
    focused.d.back()
    focused.settle()
    assert focused.query().get("focus") == ENERGIEHULP and focused.counter() == one


@pytest.mark.parametrize(("text", "expected"), [
    ("wijkconcierge", "Wijkconciërge"), ("energiehulpen", "Energiehulp"), ("energie hulp", "Energiehulp"),
    ("Taskforce", "Energiehulp"), ("od-wonen-03", "In 2043 is de woonomgeving in Dordt West zoveel mogelijk toekomstklaar"),
])
def test_search_finds_by_name_other_name_and_code(focused, text, expected):
    hits = focused.search(text)
    assert hits and hits[0].startswith(expected[:40]), hits[:3]


def test_search_result_focuses_and_a_neighbour_link_walks_on(focused, graph):
    focused.search("wijkconcierge")
    focused.d.find_element(By.CSS_SELECTOR, "#zoekresultaten button").click()
    focused.settle()
    start = focused.js("return npdwNetwerk.selected()")
    assert focused.js("return npdwNetwerk.data.knopen[arguments[0]].l", start) == "Wijkconciërge"
    assert focused.query()["focus"] == "inspanning/wijkconcierge"
    page_link = focused.d.find_element(By.CSS_SELECTOR, "#details a.info-pagina").get_attribute("href")
    assert page_link.endswith("/doc/inspanning/wijkconcierge.html")
    links = focused.d.find_elements(By.CSS_SELECTOR, "#details a.buur")
    partner = next(a for a in links if "focus=organisatie/" in a.get_attribute("href"))
    name, target = partner.text, int(partner.get_attribute("data-knoop"))
    partner.click()
    focused.settle()
    assert focused.js("return npdwNetwerk.selected()") == target != start
    assert focused.d.find_element(By.CSS_SELECTOR, "#details .info-titel").text == name
    assert focused.js("return npdwNetwerk.trail()") == [start, target]
    assert focused.outside_viewport() == []
    # the trail steps back; so does the browser's back button
    focused.d.find_element(By.CSS_SELECTOR, "#spoor button.spoor-stap").click()
    focused.settle()
    assert focused.js("return npdwNetwerk.selected()") == start
    focused.d.back()
    focused.settle()
    assert focused.js("return npdwNetwerk.selected()") == target


def test_a_filter_zooms_to_what_is_left(driver, portal, real):
    page = PortalPage(driver, portal / "netwerk" / "index.html")
    total, overview = page.counter(), page.js("return npdwNetwerk.network.getScale()")
    Select(page.d.find_element(By.ID, "filter-pijler")).select_by_visible_text("Leren en ontwikkelen")
    page.settle()
    Select(page.d.find_element(By.ID, "filter-wijk")).select_by_visible_text("Wielwijk")
    page.settle()
    scopes = node_scopes(real.graph)
    leren, wielwijk = resolve_node(real.graph, "Leren", ["pijler"]), resolve_node(real.graph, "Wielwijk", ["gebied"])
    expected = sum(1 for pillars, areas in scopes.values() if leren in pillars and wielwijk in areas)
    assert 0 < page.counter() == expected < total
    assert page.outside_viewport() == []
    assert page.js("return npdwNetwerk.network.getScale()") > 1.1 * overview  # zoomed in on what is left
    assert page.query()["pijler"] == "leren-en-ontwikkelen" and page.query()["wijk"] == "wielwijk"
    # the same URL opened afresh gives the same view
    again = PortalPage(driver, portal / "netwerk" / "index.html", "?" + page.js("return location.search.slice(1)"))
    assert again.counter() == expected


def test_overview_labels_pillars_and_strategic_goals_first(driver, portal):
    page = PortalPage(driver, portal / "netwerk" / "index.html")
    drawn = page.js("""var s = npdwNetwerk.network.getScale(), min = npdwNetwerk.labelMinPx, out = {};
        npdwNetwerk.nodes.get().forEach(function (n) { var t = npdwNetwerk.data.knopen[n.id].t;
          out[t] = out[t] || [0, 0]; out[t][1]++; if (n.label && n.font.size * s >= min) { out[t][0]++; } });
        return out;""")
    assert drawn["pijler"] == [5, 5] and drawn["strategisch-doel"][0] == drawn["strategisch-doel"][1] > 0
    assert drawn["inspanning"][0] == 0 and drawn["partner"][0] == 0  # named once you zoom in
    for _ in range(3):
        page.d.find_element(By.ID, "zoom-in").click()
        page.settle()
    s = page.js("return npdwNetwerk.network.getScale()")
    assert page.js("return npdwNetwerk.fontSizes.inspanning") * s >= page.js("return npdwNetwerk.labelMinPx")
    page.d.find_element(By.ID, "zoom-passend").click()
    page.settle()
    assert page.outside_viewport() == []


def test_grouping_per_pillar_collapses_and_expands(driver, portal):
    page = PortalPage(driver, portal / "netwerk" / "index.html")
    page.d.find_element(By.ID, "groepeer").click()
    page.settle()
    assert page.js("return [0,1,2,3,4].filter(function (k) { return npdwNetwerk.network.isCluster('groep-' + k); }).length") == 5
    assert page.query()["groep"] == "pijler"
    page.d.find_element(By.ID, "groepeer").click()
    assert page.js("return [0,1,2,3,4].filter(function (k) { return npdwNetwerk.network.isCluster('groep-' + k); }).length") == 0


def test_export_png_and_svg_of_the_current_view(focused):
    focused.js("npdwNetwerk.focus(npdwNetwerk.indexOfKey(arguments[0]), 1)", ENERGIEHULP)
    focused.settle()
    assert focused.js("return npdwNetwerk.pngDataUrl()").startswith("data:image/png;base64,")
    svg = focused.js("return npdwNetwerk.svgText()")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(ns + "text")]
    assert "Energiehulp" in texts and "Stichting Dordrecht Sociaal" in texts
    assert len(list(root.iter(ns + "line"))) == focused.js("return npdwNetwerk.edgesView.length")


def test_phone_width_gives_the_network_the_screen(driver, portal):
    page = PortalPage(driver, portal / "netwerk" / "index.html", f"?focus={ENERGIEHULP}&radius=1", width=390, height=844)
    try:
        assert page.js("return window.innerWidth") <= 400
        assert page.js("return document.querySelector('#netwerk canvas').clientWidth") >= 300
        assert page.js("return document.documentElement.scrollWidth") <= page.js("return window.innerWidth")
        assert page.js("return document.getElementById('paneel-inhoud').offsetParent") is None  # folded away
        # the drawing and its zoom buttons fit in the window, without scrolling
        assert page.js("return document.getElementById('netwerk-vak').getBoundingClientRect().bottom") <= page.js("return window.innerHeight") + 1
        assert page.js("return document.getElementById('zoom-passend').getBoundingClientRect().bottom") <= page.js("return window.innerHeight")
        assert page.js("return document.getElementById('netwerk-vak').clientHeight") >= 300
        assert page.outside_viewport() == []
        page.d.find_element(By.ID, "paneel-knop").click()
        assert page.js("return document.getElementById('paneel-inhoud').offsetParent") is not None
    finally:
        driver.set_window_size(1400, 900)


def test_phone_overview_names_the_pillars_short_and_apart(driver, portal):
    """At 390 px the overview names the five pillars by their short names, and no two names (with their stars) overlap;
    at 1400 px they have their full names."""
    labels = """var d = npdwNetwerk.data, n = npdwNetwerk.network, out = [];
        d.knopen.forEach(function (x, i) { if (x.t === 'pijler') { var b = n.getBoundingBox(i);
          out.push({full: x.l, short: x.k || null, label: npdwNetwerk.nodes.get(i).label, box: [b.left, b.top, b.right, b.bottom]}); } });
        return out;"""
    page = PortalPage(driver, portal / "netwerk" / "index.html", width=390, height=844)
    try:
        pillars = page.js(labels)
        assert len(pillars) == 5
        assert all(p["short"] and p["label"] == p["short"] and len(p["short"]) < len(p["full"]) for p in pillars), pillars
        for i, a in enumerate(pillars):
            for b in pillars[i + 1:]:
                apart = a["box"][2] <= b["box"][0] or b["box"][2] <= a["box"][0] or a["box"][3] <= b["box"][1] or b["box"][3] <= a["box"][1]
                assert apart, (a["label"], b["label"], a["box"], b["box"])
    finally:
        driver.set_window_size(1400, 900)
    wide = PortalPage(driver, portal / "netwerk" / "index.html")
    assert all(p["label"] == p["full"] for p in wide.js(labels))


SEARCH_SAMPLES = ["Wijkconciërge", "energie hulp", "Energiehulpen", "Taskforce Energiehulp Dordrecht", "od-wonen-03", "OD WONEN 3",
                  "Crabbehof's buurten", "Stichting Dordrecht Sociaal", "Zoë & Chloë: één café", "bus", "huis", "ss", "kansen",
                  "  ‘t Gilde  ", "ﬁets", "Oud-Krispijn", "GGD Zuid-Holland Zuid"]


def test_page_search_normalises_exactly_as_the_portal_search(focused):
    from npdw_graph.web.search import key, normalise, words

    got = focused.js("return arguments[0].map(function (s) { return [npdwNetwerk.normalise(s), npdwNetwerk.words(s), npdwNetwerk.key(s)]; })",
                     SEARCH_SAMPLES)
    assert got == [[normalise(s), words(s), key(s)] for s in SEARCH_SAMPLES]


# Money counted once (docs/curation.md): a mention that is the same money as an allocation (npdw:sameMoneyAs) counts as that
# allocation, once; only Dordt West's awarded or budgeted totals are added; a national pot never is.
DORDT_WEST_MONEY = """SELECT (SUM(?b) AS ?som) (COUNT(?f) AS ?n) WHERE {
  { SELECT DISTINCT ?f WHERE { <%s> npdw:hasFunding/npdw:sameMoneyAs? ?f . FILTER NOT EXISTS { ?f npdw:sameMoneyAs ?other } } }
  ?f npdw:scope npdw:ScopeDordtWest ; npdw:amount ?b ; npdw:allocationStatus ?s .
  FILTER(?s IN (npdw:Awarded, npdw:Budgeted)) FILTER NOT EXISTS { ?f npdw:amountBasis npdw:PerYear } }"""
NATIONAL_MONEY = """SELECT ?b WHERE { <%s> npdw:hasFunding ?f . ?f npdw:scope npdw:ScopeNational ; npdw:amount ?b }"""


def dutch_euro(text: str) -> int:
    """'€ 624.321' -> 624321 (the test's own reading of the Dutch notation: a dot groups thousands)."""
    import re

    m = re.fullmatch(r"€ (\d{1,3}(?:\.\d{3})*)", text)
    assert m, text
    return int(m.group(1).replace(".", ""))


def test_panel_money_is_dutch_and_counted_once(focused, engine_for_counts):
    import re

    focused.js("npdwNetwerk.focus(npdwNetwerk.indexOfKey(arguments[0]), 1)", ENERGIEHULP)
    focused.settle()
    iri = str(ID[ENERGIEHULP])
    own = engine_for_counts.select(DORDT_WEST_MONEY % iri).rows[0]
    national = [int(float(r[0])) for r in engine_for_counts.select(NATIONAL_MONEY % iri).rows]
    assert int(own[1]) >= 1 and national  # Energiehulp has both: its own money and a share of a national pot
    text = focused.d.find_element(By.ID, "details").text
    assert "EUR" not in text and not re.search(r"\d{5,}", text)  # no "EUR 35000000": every amount grouped the Dutch way
    headline = focused.d.find_element(By.CSS_SELECTOR, "#details .info-geld").text
    amount = re.match(r"(€ [\d.]+) voor Dordt West", headline)
    assert amount and dutch_euro(amount.group(1)) == int(float(own[0]))  # the national pot is not added in
    flows = [li.text for li in focused.d.find_elements(By.CSS_SELECTOR, "#details .info-geld ~ ul.info-lijst li")]
    for pot in national:
        shown = [f for f in flows if re.search(r"€ [\d.]+", f) and dutch_euro(re.search(r"€ [\d.]+", f).group(0)) == pot]
        assert shown and all("landelijk" in f for f in shown), flows  # listed, and said to be a shared national pot
    assert dutch_euro(amount.group(1)) != sum(national) + int(float(own[0]))


def test_wijk_filter_shows_clean_names(focused, engine_for_counts):
    options = focused.js("return Array.from(document.querySelectorAll('#filter-wijk option')).slice(1).map(function (o) { return o.textContent; })")
    labels = {str(r[0]) for r in engine_for_counts.select(
        "SELECT ?l WHERE { ?g a/rdfs:subClassOf* npdw:Area ; rdfs:label ?l . FILTER(lang(?l) = 'nl' || lang(?l) = '') }").rows}
    assert len(options) >= 5 and "Crabbehof" in options and "Dordrecht" in options
    assert [o for o in options if o not in labels or "(" in o] == []
    assert len(set(options)) == len(options)


def test_faded_nodes_draw_no_labels(focused):
    focused.js("npdwNetwerk.focus(npdwNetwerk.indexOfKey(arguments[0]), 1)", ENERGIEHULP)
    focused.settle()
    shown = set(focused.js("return npdwNetwerk.shownNodeIds()"))
    labelled = set(focused.js("return npdwNetwerk.nodes.get().filter(function (n) { return n.label; }).map(function (n) { return n.id; })"))
    assert labelled == shown and len(shown) == focused.counter() < focused.js("return npdwNetwerk.nodes.length")
    # and none is drawn: vis-network draws a label through the canvas' fillText; count the calls in one redraw
    drawn = focused.js("""
        var ctx = document.querySelector('#netwerk canvas').getContext('2d'), out = [], orig = ctx.fillText;
        ctx.fillText = function (t) { out.push(String(t)); return orig.apply(this, arguments); };
        npdwNetwerk.network.redraw();
        return new Promise(function (ok) { requestAnimationFrame(function () { requestAnimationFrame(function () {
          ctx.fillText = orig; ok(out); }); }); });""")
    lines = focused.js("return npdwNetwerk.shownNodeIds().map(function (i) { return npdwNetwerk.nodes.get(i).label.split('\\n'); })")
    assert drawn and set(drawn) <= {line for label in lines for line in label} | {""}


def test_back_and_forward_restore_filter_and_focus(driver, portal):
    page = PortalPage(driver, portal / "netwerk" / "index.html")
    total = page.counter()
    Select(page.d.find_element(By.ID, "filter-pijler")).select_by_visible_text("Wonen en fysieke leefomgeving")
    page.settle()
    in_wonen = page.counter()
    page.js("npdwNetwerk.focus(npdwNetwerk.indexOfKey(arguments[0]), 1)", ENERGIEHULP)
    page.settle()
    focus_count, focus_url = page.counter(), page.query()
    assert focus_url["focus"] == ENERGIEHULP and focus_url["pijler"] == "wonen-en-fysieke-leefomgeving"
    page.d.back()
    page.settle()
    assert page.js("return npdwNetwerk.selected()") is None and page.counter() == in_wonen < total
    assert page.js("return document.getElementById('filter-pijler').selectedOptions[0].textContent") == "Wonen en fysieke leefomgeving"
    assert page.outside_viewport() == []
    page.d.back()
    page.settle()
    assert page.counter() == total and page.query() == {}
    page.d.forward()
    page.settle()
    assert page.counter() == in_wonen
    page.d.forward()
    page.settle()
    assert page.query() == focus_url and page.counter() == focus_count
    assert page.js("return npdwNetwerk.selected()") == page.js("return npdwNetwerk.indexOfKey(arguments[0])", ENERGIEHULP)
    assert page.outside_viewport() == []


# ------------------------------------------------------------------ a big network (the page's mode for more than 800 nodes)


@pytest.fixture(scope="module")
def big_page(tmp_path_factory) -> Path:
    """A made-up programme of 1,205 nodes: five pillars, 1,000 efforts, 200 partners with five efforts each."""
    import networkx as nx

    g = nx.DiGraph()
    pillars = [f"urn:test:pijler/{k}" for k in range(5)]
    for k, p in enumerate(pillars):
        g.add_node(p, soort="pijler", label=f"Pijler {k + 1}", volgorde=k + 1)
    for i in range(1000):
        e = f"urn:test:inspanning/{i}"
        g.add_node(e, soort="inspanning", label=f"Inspanning {i}", pijler=pillars[i % 5])
        g.add_edge(e, pillars[i % 5], soort="in-pijler", grondslag="genoemd")
    for j in range(200):
        o = f"urn:test:organisatie/{j}"
        g.add_node(o, soort="partner", label=f"Partner {j}")
        for k in range(5):
            g.add_edge(o, f"urn:test:inspanning/{(j * 7 + k * 131) % 1000}", soort="partner-van", grondslag="genoemd")
    path = tmp_path_factory.mktemp("groot") / "netwerk.html"
    path.write_text(render_html(g, "Groot netwerk"), encoding="utf-8")
    return path


def test_a_big_network_settles_with_the_physics_off_and_hides_the_rest_in_focus(driver, big_page):
    import time

    page = Page(driver, big_page)
    assert page.js("return npdwNetwerk.nodes.length") == 1205
    assert page.js("return npdwNetwerk.network.physics.options.enabled") is False
    before = page.js("return npdwNetwerk.network.getPositions()")
    time.sleep(1.0)  # nothing may move once the layout has settled
    assert page.js("return npdwNetwerk.network.getPositions()") == before
    arrows = "var e = npdwNetwerk.network.body.edges; return Object.keys(e).filter(function (k) { return e[k].options.arrows.to.enabled; })"
    assert page.js(arrows + ".length") == 0 < page.js("return npdwNetwerk.edges.length")  # a big network draws no arrow heads
    effort = page.index("Inspanning 7")
    neighbours = page.js("return npdwNetwerk.network.getConnectedNodes(arguments[0]).length", effort)
    page.js("npdwNetwerk.focus(arguments[0], 1)", effort)
    page.settle()
    assert page.visible_nodes() == neighbours + 1 == page.js("return npdwNetwerk.nodesView.length")  # the rest is out of the drawing
    assert "rest" not in page.js("return location.search")  # hiding is this page's default, so the URL need not say it
    page.js("npdwNetwerk.leaveFocus()")
    page.settle()
    assert page.js("return npdwNetwerk.nodesView.length") == 1205
