"""``npdw loadtest --pages``: the portal's pages fetched beside the queries, each checked to be a whole page."""

from __future__ import annotations

import pytest
from stubs import ROOT

from npdw_graph.loadtest import PAGE_PREFIX, PORTAL_PAGES, page_requests, portal_root, prepare_requests, report_markdown, run_load
from npdw_graph.querylib import load_library
from npdw_graph.serve import start_server

pytestmark = pytest.mark.server

PAGE = "<!doctype html><html><head><title>t</title></head><body><h1>{}</h1></body></html>"


@pytest.fixture(scope="module")
def portal(graph, tmp_path_factory):
    site = tmp_path_factory.mktemp("portal") / "site"
    (site / "doc" / "inspanning").mkdir(parents=True)
    (site / "inspanningen").mkdir()
    (site / "doc" / "inspanning" / "energiehulp.html").write_text(PAGE.format("Energiehulp"), encoding="utf-8")
    (site / "inspanningen" / "index.html").write_text(PAGE.format("Inspanningen"), encoding="utf-8")
    running = start_server(graph, site_dir=site, queries_dir=ROOT / "queries")
    yield running, site
    running.stop()


def test_portal_root_of_an_endpoint():
    assert portal_root("http://127.0.0.1:8000/sparql") == "http://127.0.0.1:8000"
    assert portal_root("https://example.org:8443/query?x=1") == "https://example.org:8443"


def test_every_portal_page_is_fetched_and_whole(portal):
    running, _site = portal
    pages = page_requests(portal_root(running.sparql_url))
    assert [name for name, _ in pages] == [name for name, _ in PORTAL_PAGES]
    report = run_load(running.sparql_url, [], pages=pages, requests=2 * len(pages), duration=0, concurrency=4)
    assert report.errors == [], report.errors[:3]
    assert sorted(s.query for s in report.samples) == sorted(2 * [name for name, _ in PORTAL_PAGES])


def test_queries_and_pages_in_one_cycle_are_reported_apart(portal):
    running, _site = portal
    queries = prepare_requests(load_library(ROOT / "queries"))[:3]
    pages = page_requests(portal_root(running.sparql_url))
    report = run_load(running.sparql_url, queries, pages=pages, requests=len(queries) + len(pages), duration=0, concurrency=2)
    assert report.errors == []
    assert sum(s.query.startswith(PAGE_PREFIX) for s in report.samples) == len(pages)
    text = report_markdown(report)
    assert "| queries | 3 |" in text and f"| pagina's | {len(pages)} |" in text


def test_a_missing_or_partial_page_is_an_error(portal):
    running, site = portal
    (site / "half.html").write_text("<html><body><h1>Half", encoding="utf-8")
    root = portal_root(running.sparql_url)
    report = run_load(running.sparql_url, [], pages=[("pagina: weg", root + "/nergens.html"), ("pagina: half", root + "/half.html")],
                      requests=2, duration=0, concurrency=1)
    assert sorted(s.error for s in report.errors) == ["HTTP 404", "not a whole HTML page"]
