"""The live portal of ``npdw serve``: the Vragen pages (forms, downloads equal to ``npdw query``),
``/sparql`` for browsers, error pages, and the static Vragen pages of ``questions.portal_pages``."""

from __future__ import annotations

import html
import re
import shutil
import urllib.parse
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from stubs import ROOT

from npdw_graph.cli import main
from npdw_graph.querylib import load_library
from npdw_graph.serve import start_server
from npdw_graph.web import questions

pytestmark = pytest.mark.server

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}
LIBRARY = load_library(ROOT / "queries")
NAMES = sorted(LIBRARY)


@pytest.fixture(scope="module")
def project_root(graph, tmp_path_factory) -> Path:
    """A copy of the project with a built dist/graph.nt (written after the sources, so `npdw query` uses it)."""
    root = tmp_path_factory.mktemp("portal-project")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    (root / "dist").mkdir()
    graph.serialize(root / "dist" / "graph.nt", format="nt", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def live(project_root):
    running = start_server(project_root / "dist" / "graph.nt", queries_dir=project_root / "queries")
    client = httpx.Client(base_url=running.url, trust_env=False, timeout=120)
    yield client
    client.close()
    running.stop()


@pytest.fixture(scope="module")
def engine(project_root):
    from npdw_graph.build import load_store
    from npdw_graph.project import Project
    from npdw_graph.queryengine import OxigraphEngine

    return OxigraphEngine(load_store(Project(project_root)))


def cli_output(root: Path, name: str, params: dict[str, str], fmt: str) -> bytes:
    args = ["--root", str(root), "query", name, "--format", fmt]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _cases() -> list[tuple[str, str]]:
    return [(n, "default") for n in NAMES] + [(n, "second") for n in NAMES if LIBRARY[n].params]


@pytest.mark.parametrize(("name", "which"), _cases())
def test_download_is_byte_for_byte_npdw_query(live, project_root, engine, name, which):
    params = {} if which == "default" else questions.second_values(LIBRARY[name], engine)
    if which == "second":
        assert params, f"{name}: no second value to try"
    for fmt in ("csv", "json"):
        response = live.get(f"/vragen/{name}", params={**params, "format": fmt})
        assert response.status_code == 200, response.text[:300]
        assert response.content == cli_output(project_root, name, params, fmt), (name, params, fmt)
    page = live.get(f"/vragen/{name}.html", params=params, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    rows = cli_output(project_root, name, params, "csv").decode().count("\n") - 1
    body = page.text
    if rows:
        assert f"<strong>{rows:,}</strong>".replace(",", ".") in body  # the row count the page states is the command's
    for key, value in params.items():  # the chosen value is the one selected in the form
        escaped = re.escape(html.escape(value))
        assert re.search(rf'<option value="{escaped}" selected>|name="{key}" type="text" value="{escaped}"', body), (key, value)


def test_every_query_is_listed_by_theme(live):
    page = live.get("/vragen/", headers=BROWSER).text
    for name, q in LIBRARY.items():
        assert f'href="../vragen/{name}.html"' in page, name
        assert f">{q.title}</a>" in html.unescape(page), name
    themes = [t for t, _ in questions.themes(LIBRARY)]
    assert "Financiering" in themes and "De keten" in themes
    assert [html.unescape(m) for m in re.findall(r'<h2 id="thema-\d+">([^<]+)</h2>', page)] == themes


def test_pickers_show_labels_and_send_prefixed_names(live):
    page = live.get("/vragen/keten-voor-wijk.html", headers=BROWSER).text
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', page))
    assert options["gebied:wielwijk"] == "Wielwijk"
    assert options["gebied:crabbehof"] == "Crabbehof"
    assert "gebied:dordt-west" in options  # the description names it too
    assert not any(label.startswith("http") for label in options.values())
    pillar = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', live.get("/vragen/inspanningen-per-pijler.html",
                                                                                         headers=BROWSER).text))
    assert pillar[""] == "(alle)" and len([v for v in pillar if v.startswith("pijler:")]) == 5


def test_table_links_iris_to_their_pages(live):
    page = live.get("/vragen/partners-naar-aantal-inspanningen.html", headers=BROWSER).text
    links = re.findall(r'<td><a href="\.\./doc/organisatie/([a-z0-9-]+)\.html"', page)
    assert len(links) > 20
    assert "organisatie</th>" not in page  # the IRI column is folded into the name column it labels


def test_aggregate_has_a_bar_chart(live):
    page = live.get("/vragen/financiering-per-pijler.html", headers=BROWSER).text
    assert page.count('class="staaf"') == 5
    widths = [float(w) for w in re.findall(r'<rect width="([0-9.]+)"', page)]
    assert max(widths) == 100.0 and min(widths) > 0


def test_a_chart_over_two_columns_names_each_bar_by_both(engine):
    """financiering-per-wijk charts `wijkNaam groep | totaal`: one wijk's groups are bars of their own, told apart."""
    page = questions.render_question(LIBRARY["financiering-per-wijk"], engine, {"wijk": "gebied:wielwijk"}, live=True)
    names = [html.unescape(re.sub(r"<[^>]+>", "", n)) for n in re.findall(r'<span class="staaf-naam">(.*?)</span>', page)]
    assert names and len(names) == len(set(names)), names
    assert all(n.startswith("Wielwijk · ") for n in names) and "Wielwijk · in de wijk" in names
    assert "<figcaption>totaal per wijk en groep</figcaption>" in page
    assert '<th class="getal" title="statusNietVermeld">status niet vermeld</th>' in page  # headers in words, the variable as title


def test_form_fields_are_named_and_explained_for_people(engine):
    """A picker shows its choices by name: its field has a Dutch name with a capital and no help text that lists
    prefixed names meant for the command line (npdw:ScopeDordtWest, bijvoorbeeld gebied:wielwijk)."""
    fields = 0
    for name in NAMES:
        page = questions.render_question(LIBRARY[name], engine, {}, live=True)
        form = page.split('<form class="keuzes"', 1)[1].split("</form>", 1)[0] if '<form class="keuzes"' in page else ""
        for field in re.findall(r'<div class="veld">(.*?)</div>', form, re.S):
            label = re.search(r"<label[^>]*>([^<]+)</label>", field).group(1)
            assert label[0].isupper(), (name, label)
            if "<select" in field:
                fields += 1
                help_text = " ".join(re.findall(r'<span class="uitleg">([^<]*)</span>', field))
                assert not re.search(r"\b[a-z]+:[A-Za-z]", help_text), (name, help_text)
    assert fields > 20
    reikwijdte = questions.render_question(LIBRARY["financiering-per-wijk"], engine, {}, live=True)
    assert '<span class="uitleg">De reikwijdte van de bedragen</span>' in reikwijdte


def test_bad_parameter_is_a_dutch_page_not_a_traceback(live):
    response = live.get("/vragen/keten-voor-wijk.html", params={"wijk": "geen iri met spaties"}, headers=BROWSER)
    assert response.status_code == 400
    assert "niet geldig" in response.text and "Traceback" not in response.text
    assert live.get("/vragen/keten-voor-wijk", params={"wijk": "x y", "format": "csv"}).status_code == 400


def test_unknown_question_is_404(live):
    assert live.get("/vragen/bestaat-niet.html", headers=BROWSER).status_code == 404


def test_editor_link_preloads_the_bound_query(live):
    page = live.get("/vragen/keten-voor-wijk.html", params={"wijk": "gebied:crabbehof"}, headers=BROWSER).text
    href = html.unescape(re.search(r'<a href="([^"]+)">open in de query-editor</a>', page).group(1))
    editor = live.get(urllib.parse.urljoin("/vragen/", href), headers=BROWSER)
    assert editor.status_code == 200 and 'id="yasgui"' in editor.text
    assert "https://w3id.org/npdw/id/gebied/crabbehof" in html.unescape(editor.text)


# --- /sparql for browsers -------------------------------------------------------------------------------

def test_sparql_in_a_browser_is_a_results_page(live):
    q = "SELECT ?e ?l WHERE { ?e a <https://w3id.org/npdw/def/Effort> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 7"
    page = live.get("/sparql", params={"query": q}, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<strong>7</strong> rijen" in page.text
    assert len(re.findall(r'<a href="doc/inspanning/[a-z0-9-]+\.html"', page.text)) == 7
    machine = live.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    assert machine.headers["content-type"].startswith("application/sparql-results+json")
    assert len(machine.json()["results"]["bindings"]) == 7
    csv = live.get("/sparql", params={"query": q, "format": "csv"}, headers=BROWSER)
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.count("\n") == 8


def test_sparql_errors_in_a_browser_are_pages(live):
    page = live.get("/sparql", params={"query": "SELECT ?x WHERE { ?x "}, headers=BROWSER)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html") and 'class="fout"' in page.text
    ask = live.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=BROWSER)
    assert ask.status_code == 200 and "waar (true)" in ask.text


def test_sparql_without_a_query_shows_the_editor_to_browsers_only(live):
    page = live.get("/sparql", headers=BROWSER)
    assert page.status_code == 200 and 'id="yasgui"' in page.text and "ui/yasgui.min.js" in page.text
    assert live.get("/sparql").status_code == 400
    assert live.get("/sparql", headers={"Accept": "application/sparql-results+json"}).status_code == 400


def test_404_is_a_page_for_browsers_and_a_line_for_machines(live):
    page = live.get("/doc/inspanning/bestaat-niet.html", headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Niet gevonden</h1>" in page.text and 'href="../../vragen/index.html"' in page.text  # in the layout, links relative
    machine = live.get("/doc/inspanning/bestaat-niet.html")
    assert machine.status_code == 404 and machine.headers["content-type"].startswith("text/plain")
    assert machine.text == "Niet gevonden (not found).\n"


def test_dynamic_pages_use_the_package_stylesheet(live):
    response = live.get("/static/npdw.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css") and ".staaf" in response.text
    assert live.get("/static/..%2f..%2fserve.py").status_code == 404


# --- the static Vragen pages ---------------------------------------------------------------------------------

def test_portal_pages_prerender_every_query_with_its_defaults(engine, project_root):
    pages = dict(questions.portal_pages(engine, LIBRARY))
    assert "vragen/index.html" in pages
    for name in NAMES:
        page = pages[f"vragen/{name}.html"].decode()
        assert '<form class="keuzes"' not in page  # no server behind a static copy: the defaults are stated, not asked
        assert f'href="{name}.csv"' in page
        assert pages[f"vragen/{name}.csv"] == cli_output(project_root, name, {}, "csv")
        for href in re.findall(r'href="([^"#?]+)"', page):  # every link inside the portal is relative
            assert not href.startswith(("/", "http:", "https:")), (name, href)


def test_labels_are_text_not_markup(engine):
    from rdflib import Literal, URIRef

    from npdw_graph.queryengine import SelectResult
    from npdw_graph.web import render

    nasty = '<script>alert(1)</script> "x" & </td>'
    iri = URIRef("https://w3id.org/npdw/id/inspanning/x")
    result = SelectResult(["e", "naam"], [(iri, Literal(nasty))])
    table = questions.table_view(None, result, {str(iri): nasty}, "../")
    page = render("sparql_resultaten.html", page_path="sparql", title="t", sparql=nasty, table=table, boolean=None, error=nasty,
                  downloads=[], editor="sparql")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- /zoeken ---------------------------------------------------------------------------------------------------

def _hits(live, q: str, path: str = "/zoeken") -> list[tuple[str, str]]:
    page = live.get(path, params={"q": q}, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    block = page.text.split('id="resultaten"', 1)[1].split("</ol>", 1)[0]
    return [(href, html.unescape(title)) for href, title in re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', block)]


@pytest.mark.parametrize(("q", "path", "title"), [
    ("wijkconcierge", "../doc/inspanning/wijkconcierge.html", "Wijkconciërge"),
    ("energiehulpen", "../doc/inspanning/energiehulp.html", "Energiehulp"),
    ("od-wonen-03", "../doc/doel/od-wonen-03.html", None),
])
def test_search_on_the_server_puts_the_right_page_first(live, q, path, title):
    hits = _hits(live, q)
    assert hits, q
    assert hits[0][0] == path, hits[:3]
    if title:
        assert hits[0][1] == title


def test_search_answers_every_path_and_nothing_for_nonsense(live):
    assert _hits(live, "qqqzzzxxx") == []
    first = _hits(live, "energiehulp")
    assert len(first) >= 1
    for path in ("/zoeken/", "/zoeken/index.html"):  # the search box's form goes to zoeken/index.html
        assert _hits(live, "energiehulp", path) == first


def test_hostile_labels_render_as_text_in_the_question_pages(graph):
    from rdflib import Graph, Literal
    from rdflib.namespace import RDFS

    from npdw_graph.namespaces import ID
    from npdw_graph.queryengine import OxigraphEngine

    nasty = '<script>alert(1)</script> "wonen" </option></td> {{ 7*7 }}'
    hostile = Graph()
    for triple in graph:
        hostile.add(triple)
    pillar = ID["pijler/wonen-en-fysieke-leefomgeving"]
    hostile.remove((pillar, RDFS.label, None))
    hostile.add((pillar, RDFS.label, Literal(nasty, lang="nl")))
    engine = OxigraphEngine.from_graph(hostile)
    for name in ("financiering-per-pijler", "inspanningen-per-pijler"):  # a chart and a table; a picker of pillars by label
        page = questions.render_question(LIBRARY[name], engine, {}, live=True)
        assert "<script>alert(1)</script>" not in page and "</option></td>" not in page, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, name  # shown, as text
