"""The programme portal as a user gets it after `make run` (issue 15): one linked product.

A link checker over the static portal (dist/site/) and over the served portal (crawled from `/`), every product
within two clicks of the start page, the links between the products (network, resource pages, report, Bijlage 2,
Over de data with sizes and licence) and the readable profiles of organisations, goals, wijken, schemes and sections.
"""

from __future__ import annotations

import collections
import csv
import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import httpx
import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import RDF

from npdw_graph.cli import main
from npdw_graph.namespaces import DEFAULT_BASE, NPDW

ID = DEFAULT_BASE + "id/"
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
# What a user looks for on the start page, and where it lives in the portal (the navigation's places, search, the report).
PRODUCTS = {
    "Inspanningen": "inspanningen/index.html",
    "Netwerk": "netwerk/index.html",
    "Vragen": "vragen/index.html",
    "Monitor (het rapport)": "monitor/index.html",
    "Bijlage 2": "bijlage-2/index.html",
    "Begrippen": "def/index.html",
    "Over de data": "over/index.html",
    "Zoeken": "zoeken/index.html",
}


class Links(HTMLParser):
    """The links (href, src) and anchors (id) of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) and not a[key].startswith(("data:", "mailto:")):
                self.links.append(a[key])


def parse(text: str) -> Links:
    p = Links()
    p.feed(text)
    return p


@pytest.fixture(scope="module")
def site(portal_project) -> Path:
    return portal_project / "dist" / "site"


@pytest.fixture(scope="module")
def pages(site) -> dict[Path, Links]:
    return {p.resolve(): parse(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


def cli_csv(root: Path, name: str, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    args = ["--root", str(root), "query", name, "--format", "csv"]
    for k, v in (params or {}).items():
        args += ["--param", f"{k}={v}"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def section(page: str, heading: str) -> str:
    """The HTML from the <h2> (or <h3>) with this text up to the next heading of the same or a higher level."""
    m = re.search(r"<h([23])[^>]*>\s*" + re.escape(html.escape(heading, quote=False)) + r"\s*</h\1>", page)
    assert m, f"no heading {heading!r}"
    level = int(m.group(1))
    rest = page[m.end():]
    stop = re.search(rf'<h[2-{level}][ >]|<details class="alles"', rest)
    return rest[: stop.start() if stop else len(rest)]


def headings(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]


def linked_pages(fragment: str, kind: str) -> list[str]:
    """The slugs of the pages of one kind (inspanning, organisatie, ...) linked in an HTML fragment, in order, with repeats."""
    return re.findall(rf'href="(?:\.\./)*doc/{kind}/([^"#?]+)\.html"', fragment)


# --- the static portal: a link checker and two clicks to every product ------------------------------------------------

def test_static_portal_has_no_broken_link(site, pages):
    root = site.resolve()
    checked, broken = 0, []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme in ("http", "https"), f"{path}: {link}"
                assert not link.startswith((ID, DEFAULT_BASE + "def/")), f"{path}: a site IRI not linked to its page: {link}"
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(root) or not target.is_file():
                broken.append(f"{path.relative_to(root)}: {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(root)}: no anchor #{parts.fragment} in {link}")
            checked += 1
    assert broken == []
    assert checked > 20000 and len(pages) > 1300  # the whole portal was checked, network and report included


def _clicks_from_start(pages: dict[Path, Links], site: Path, depth: int) -> dict[str, int]:
    start = (site / "index.html").resolve()
    seen = {start: 0}
    queue = collections.deque([start])
    while queue:
        page = queue.popleft()
        if seen[page] == depth or page not in pages:
            continue
        for link in pages[page].links:
            parts = urlsplit(link)
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target not in seen:
                seen[target] = seen[page] + 1
                queue.append(target)
    return {p.relative_to(site.resolve()).as_posix(): n for p, n in seen.items() if p.is_relative_to(site.resolve())}


def test_every_product_is_within_two_clicks_of_the_start_page(site, pages):
    clicks = _clicks_from_start(pages, site, 2)
    for product, path in PRODUCTS.items():
        assert clicks.get(path, 99) <= 1, f"{product} ({path}) is not linked from the start page"
    for product, path in PRODUCTS.items():  # and each is the product, not a placeholder saying it was not made
        text = (site / path).read_text(encoding="utf-8")
        assert "nog niet gemaakt" not in text and "niet gemaakt" not in text, product
    # two clicks reach every named question, every pillar, the network's views and the effort pages
    assert all(clicks.get(f"vragen/{p.stem}.html", 99) <= 2 for p in (site.parent.parent / "queries").glob("*.rq"))
    assert clicks.get("doc/inspanning/energiehulp.html", 99) <= 2
    assert clicks.get("netwerk/wijk-wielwijk.html", 99) <= 2


# --- the served portal: crawled from / ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(portal_project, site):
    from npdw_graph.serve import start_server

    running = start_server(portal_project / "dist" / "graph.nt", site_dir=site, queries_dir=portal_project / "queries")
    client = httpx.Client(base_url=running.url, trust_env=False, timeout=120, headers=BROWSER)
    yield running.url, client
    client.close()
    running.stop()


def test_served_portal_crawled_from_the_start_has_no_broken_link(served):
    """Every page up to three clicks from `/` is fetched; the pages that are not resource pages (products, indexes,
    the live Vragen and search pages) are read for their links, and every link they hold must answer 200."""
    base, client = served
    depth = {base: 0}
    queue = collections.deque([base])
    broken, ids, fragments, read = [], {}, [], 0
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if "text/html" not in response.headers.get("content-type", "") or ("/doc/" in url and not url.endswith("/index.html")):
            continue  # resource pages: their links are checked in the static portal (the same files)
        page = parse(response.text)
        ids[url] = page.ids
        read += 1
        for link in page.links:
            target, fragment = urldefrag(urljoin(url, link))
            if not target.startswith(base):
                assert not target.startswith(("http://127.", "http://localhost")), f"{url}: {link} points at another server"
                continue
            if fragment:
                fragments.append((url, target, fragment))
            if target not in depth and depth[url] < 3:
                depth[target] = depth[url] + 1
                queue.append(target)
    assert broken == []
    assert [(u, f"#{f}") for u, t, f in fragments if t in ids and f not in ids[t]] == []
    for product, path in PRODUCTS.items():
        assert depth.get(base + path, 99) <= 1, f"{product} is not linked from / on the server"
    assert base + "vragen/financiering-per-wijk.html" in depth and read > 100


def test_served_start_page_is_the_static_one(served, site):
    _base, client = served
    assert client.get("/").text == (site / "index.html").read_text(encoding="utf-8")


# --- everything linked (15.2) ------------------------------------------------------------------------------------------

def test_resource_pages_of_network_nodes_show_them_in_the_network(site):
    import json

    keys = {n["id"][len(ID):] for n in json.loads((site / "data" / "netwerk.json").read_text(encoding="utf-8"))["nodes"]}
    with_button = 0
    for page in (site / "doc").glob("*/*.html"):
        if page.name == "index.html":
            continue
        key = f"{page.parent.name}/{page.stem}"
        hrefs = re.findall(r'<a class="knop" href="([^"]+)">Toon in het netwerk</a>', page.read_text(encoding="utf-8"))
        if key in keys:
            assert hrefs == [f"../../netwerk/index.html?focus={key}&amp;radius=1"], key
            with_button += 1
        else:  # no button that opens the network on something it does not draw
            assert hrefs == [], key
    assert with_button == len(keys)


def test_bijlage2_rows_link_to_the_effort_pages(site, portal_project):
    text = (site / "bijlage-2" / "index.html").read_text(encoding="utf-8")
    body = text.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr.*?</tr>", body, re.S)
    in_bijlage2 = [r for r in cli_csv(portal_project, "inspanningen-facetten") if r["bijlage2"] == "ja"]
    assert len(in_bijlage2) == 64
    linked = [linked_pages(r, "inspanning") for r in rows]
    effort_rows = [slugs for slugs in linked if slugs]
    assert len(effort_rows) == len(in_bijlage2), "every row of Bijlage 2 links its effort"
    assert all(len(set(slugs)) == 1 for slugs in effort_rows)
    assert {s[0] for s in effort_rows} == {r["inspanning"].rsplit("/", 1)[1] for r in in_bijlage2}


def test_report_rows_link_to_the_effort_pages(site):
    text = (site / "monitor" / "index.html").read_text(encoding="utf-8")
    slugs = set(linked_pages(text, "inspanning"))
    assert len(slugs) == 101  # every effort the report lists is a link to its page
    assert all((site / "doc" / "inspanning" / f"{s}.html").is_file() for s in slugs)
    # a row of an effort table is a link, never bare text
    for row in re.findall(r"<tr>.*?</tr>", text, re.S):
        first = re.search(r"<td[^>]*>(.*?)</td>", row, re.S)
        if first and 'class="inspanning"' in row:
            assert "doc/inspanning/" in first.group(1), row[:200]


def _size(text: str) -> float:
    number, unit = text.replace(".", "").replace(",", ".").split()
    return float(number) * {"bytes": 1, "kB": 1000, "MB": 1_000_000}[unit]


def test_over_de_data_lists_every_download_with_its_size_and_the_licence(site):
    text = (site / "over" / "index.html").read_text(encoding="utf-8")
    table = text.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    cells = r'<tr><td><a href="([^"]+)"(?: download)?>[^<]*</a></td><td>([^<]+)</td><td>[^<]*</td><td class="getal">([^<]+)</td></tr>'
    rows = re.findall(cells, table)
    assert len(rows) == table.count("<tr>"), "a row not understood"
    formats = {html.unescape(f) for _href, f, _size_text in rows}
    for wanted in ("Turtle", "JSON-LD", "CSV", "GraphML", "GEXF", "DCAT"):
        assert wanted in formats, wanted
    for href, _fmt, size_text in rows:
        target = (site / "over" / href).resolve()
        assert target.is_file(), href
        actual = target.stat().st_size
        stated = _size(html.unescape(size_text))
        assert abs(stated - actual) <= max(0.051 * actual, 50), (href, size_text, actual)  # one decimal of kB or MB
    assert re.search(r'<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons[^<]*</a>', text)


# --- readable profiles (15.6) -------------------------------------------------------------------------------------------

def _page(site: Path, kind: str, slug: str) -> str:
    return (site / "doc" / kind / f"{slug}.html").read_text(encoding="utf-8")


def _no_property_dump_above_the_fold(page: str) -> None:
    readable = page.split('<details class="alles"', 1)[0]
    assert "(van)" not in readable  # "organisatie (van)", "dcterms:references (van)": the old property dump
    assert not re.search(r">\s*(?:npdw|dcterms|rdfs|skos|org|prov):[A-Za-z]+", readable)
    after = page.split('<details class="alles"', 1)[1]
    assert "<h2>Gegevens en identificatie</h2>" in after and "<details" not in after.split("</details>", 1)[1]


def test_organisation_profile_groups_by_meaning_and_names_each_effort_once(site, graph):
    page = _page(site, "organisatie", "gemeente-dordrecht")
    assert headings(page)[:3] == ["In welke inspanningen, met welke rol", "Welke regelingen het financiert", "In welke secties genoemd"]
    efforts = linked_pages(section(page, "In welke inspanningen, met welke rol"), "inspanning")
    assert len(efforts) == len(set(efforts))
    org = URIRef(ID + "organisatie/gemeente-dordrecht")
    expected = {str(e).rsplit("/", 1)[1] for e, _p, _o in graph.triples((None, NPDW.hasPartner, org)) if (e, RDF.type, NPDW.Effort) in graph}
    assert set(efforts) == expected
    _no_property_dump_above_the_fold(page)


def test_goal_profile_has_target_indicators_and_contributions_stated_apart_from_inferred(site, graph):
    for slug in ("od-wonen-03", "od-wonen-01"):
        page = _page(site, "doel", slug)
        assert "<h2>Streefwaarde 2043</h2>" in page
        indicators = section(page, "Indicatoren: nulmeting en laatste waarde")
        assert "Nulmeting" in indicators and "Laatste waarde" in indicators
        goal = URIRef(ID + f"doel/{slug}")
        for ind, _p, _o in graph.triples((None, NPDW.measuresGoal, goal)):
            assert f'doc/indicator/{str(ind).rsplit("/", 1)[1]}.html' in indicators, ind
        contributions = section(page, "Inspanningen die bijdragen")
        stated, inferred = contributions.split("<h3>Afgeleid door de samenstellers</h3>", 1)
        by_basis: dict[str, set[str]] = {"Stated": set(), "Inferred": set()}
        for c, _p, _o in graph.triples((None, NPDW.goal, goal)):
            effort = next(graph.subjects(NPDW.contribution, c), None)
            basis = graph.value(c, NPDW.basis)
            if effort is not None and basis is not None:
                by_basis[str(basis).rsplit("/", 1)[1]].add(str(effort).rsplit("/", 1)[1])
        assert set(linked_pages(stated, "inspanning")) == by_basis["Stated"]
        assert set(linked_pages(inferred, "inspanning")) == by_basis["Inferred"]
        _no_property_dump_above_the_fold(page)


def test_wijk_profile_names_measurements_and_keeps_efforts_and_housing_apart(site, graph):
    page = _page(site, "gebied", "wielwijk")
    measurements = section(page, "Metingen in dit gebied")
    rows = re.findall(r"<tr>(.*?)</tr>", measurements.split("<tbody", 1)[1], re.S)
    assert len(rows) > 20
    for row in rows:
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        name, value, _unit, year = cells
        assert name and not re.fullmatch(r"[a-z0-9-]+", name), cells  # by name, not by internal code
        assert re.search(r"\d", value) and re.fullmatch(r"(19|20)\d\d|jaar niet vermeld", year), cells  # a printed value without a year says so
    groups = dict(re.findall(r'<section class="wijkgroep" data-groep="([^"]+)">(.*?)</section>', page, re.S))
    assert list(groups) == ["in de wijk", "heel Dordt West", "Dordrecht breed"]  # the wijk's own efforts first, the wider ones apart
    efforts = {g: linked_pages(text, "inspanning") for g, text in groups.items()}
    in_wijk = efforts["in de wijk"]
    assert in_wijk and efforts["heel Dordt West"]
    every = [e for slugs in efforts.values() for e in slugs]
    assert len(every) == len(set(every)), "an effort in two groups, or twice in one"
    for g, text in groups.items():  # each group says how many it lists
        assert f'<span class="aantal">{len(efforts[g])}</span>' in text, g
    housing = linked_pages(section(page, "Woningbouwprojecten"), "woningbouwproject")
    wielwijk = URIRef(ID + "gebied/wielwijk")
    expected = {str(h).rsplit("/", 1)[1] for h in graph.subjects(NPDW.inArea, wielwijk) if (h, RDF.type, NPDW.HousingProject) in graph}
    assert expected and set(housing) == expected
    assert not set(housing) & set(in_wijk)
    _no_property_dump_above_the_fold(page)


def test_scheme_and_section_profiles_are_readable(site):
    scheme = _page(site, "regeling", "aanpak-energiearmoede")
    assert "Geldstromen uit deze regeling" in headings(scheme)
    assert linked_pages(section(scheme, "Geldstromen uit deze regeling"), "inspanning")
    _no_property_dump_above_the_fold(scheme)
    sec = _page(site, "sectie", "4-2")
    assert headings(sec)[:2] == ["Inspanningen in deze sectie", "Partners die de sectie noemt"]
    efforts = linked_pages(section(sec, "Inspanningen in deze sectie"), "inspanning")
    assert "energiehulp" in efforts and len(efforts) == len(set(efforts))
    _no_property_dump_above_the_fold(sec)
