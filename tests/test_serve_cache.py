"""The front's answer cache: ETag and Cache-Control on query answers, 304 for a repeated request, and a
new generation (new ETags, no old answers) after every write through the front (what `npdw publish` does)."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from test_serve import TOKEN, request, sparql

from npdw_graph.answer_cache import AnswerCache, Cached
from npdw_graph.serve import start_server

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}


def ask(base: str, query: str, **headers: str):
    body = urllib.parse.urlencode({"query": query}).encode()
    return request(base, "POST", "/sparql", body, {**FORM, **headers})


def n_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def ro(graph):
    running = start_server(graph)
    yield running
    running.stop()


@pytest.fixture()
def rw(graph):
    running = start_server(graph, write_token=TOKEN)
    yield running
    running.stop()


def test_answers_carry_an_etag_and_cache_control(ro, graph):
    status, headers, body = sparql(ro.url, COUNT)
    assert status == 200 and n_of(body) == len(graph)
    assert headers["etag"].startswith('"') and headers["etag"].endswith('"')
    assert headers["cache-control"] == "no-cache"
    again = sparql(ro.url, COUNT)
    assert again[0] == 200 and again[1]["etag"] == headers["etag"] and again[2] == body


def test_if_none_match_gets_304_without_a_body(ro):
    _, headers, _ = sparql(ro.url, COUNT)
    status, h304, body = ask(ro.url, COUNT, **{"If-None-Match": headers["etag"]})
    assert status == 304 and body == b"" and h304["etag"] == headers["etag"]
    status, _, body = ask(ro.url, COUNT, **{"If-None-Match": '"someone-else"'})
    assert status == 200 and body


def test_the_etag_names_the_request(ro):
    one = sparql(ro.url, COUNT)[1]["etag"]
    other = sparql(ro.url, "SELECT (COUNT(*) AS ?m) WHERE { ?s ?p ?o }")[1]["etag"]
    as_csv = sparql(ro.url, COUNT, accept="text/csv")
    assert len({one, other, as_csv[1]["etag"]}) == 3
    assert as_csv[0] == 200 and as_csv[2].startswith(b"n")  # the CSV answer, not the cached JSON one
    status, _, _ = ask(ro.url, COUNT, **{"If-None-Match": one, "Accept": "text/csv"})
    assert status == 200


def test_a_get_request_is_cached_the_same_way(ro):
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    status, headers, body = request(ro.url, "GET", path, None, {"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["etag"]
    status, _, _ = request(ro.url, "GET", path, None, {"Accept": "application/sparql-results+json", "If-None-Match": headers["etag"]})
    assert status == 304


def test_errors_are_not_cached_and_carry_no_etag(ro):
    status, headers, _ = sparql(ro.url, "SELECT WHERE {")
    assert status == 400 and "etag" not in headers


def test_a_write_starts_a_new_generation(rw, graph):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    status, headers, body = sparql(rw.url, COUNT)
    assert status == 200 and n_of(body) == len(graph)
    old = headers["etag"]
    assert ask(rw.url, COUNT, **{"If-None-Match": old})[0] == 304
    nt = b"".join(f"<urn:s{i}> <urn:p> <urn:o> .\n".encode() for i in range(3))
    status, _, _ = request(rw.url, "POST", "/store?default", nt, {"Content-Type": "application/n-triples", **auth})
    assert status in (200, 201, 204)
    status, headers, body = ask(rw.url, COUNT, **{"If-None-Match": old})
    assert status == 200, "an ETag from before the write must not be answered with 304"
    assert n_of(body) == len(graph) + 3 and headers["etag"] != old
    put = request(rw.url, "PUT", "/store?default", nt, {"Content-Type": "application/n-triples", **auth})
    assert put[0] in (200, 201, 204)
    assert n_of(sparql(rw.url, COUNT)[2]) == 3  # the replaced graph, not the cached answer


def test_a_refused_write_changes_nothing(rw):
    etag = sparql(rw.url, COUNT)[1]["etag"]
    refused = {"Content-Type": "application/sparql-update", "Authorization": "Bearer wrong-token"}
    status, _, _ = request(rw.url, "POST", "/update", b"DROP ALL", refused)
    assert status == 401
    assert ask(rw.url, COUNT, **{"If-None-Match": etag})[0] == 304


def test_cache_keeps_nothing_from_an_old_generation_and_stays_within_its_size():
    cache = AnswerCache(max_bytes=400)
    started = cache.generation
    cache.new_generation()
    cache.put("a", Cached(200, "text/plain", b"x" * 10), started)
    assert cache.get("a") is None
    for i in range(10):
        cache.put(f"k{i}", Cached(200, "text/plain", bytes(90)), cache.generation)
    assert len(cache) == 4 and cache.get("k9") is not None and cache.get("k0") is None
    cache.put("big", Cached(200, "text/plain", bytes(101)), cache.generation)  # over a quarter of the cache: not kept
    assert cache.get("big") is None
    tag = cache.etag("k9")
    cache.new_generation()
    assert cache.get("k9") is None and cache.etag("k9") != tag and not cache.not_modified(tag, "k9")


@pytest.fixture()
def portal(graph, tmp_path):
    import shutil

    from stubs import ROOT

    queries = tmp_path / "queries"
    shutil.copytree(ROOT / "queries", queries)
    running = start_server(graph, queries_dir=queries)
    yield running, queries
    running.stop()


def test_live_pages_carry_an_etag_and_answer_304(portal):
    running, _queries = portal
    for path in ("/vragen/keten-voor-wijk", "/zoeken?q=energie", "/vragen/keten-voor-wijk.csv"):
        status, headers, body = request(running.url, "GET", path, None, {"Accept": "text/html"})
        assert status == 200 and body and headers["etag"] and headers["cache-control"] == "no-cache", path
        again = request(running.url, "GET", path, None, {"Accept": "text/html"})
        assert again[2] == body and again[1]["etag"] == headers["etag"] and again[1].get("content-disposition") == headers.get("content-disposition")
        status, _, empty = request(running.url, "GET", path, None, {"Accept": "text/html", "If-None-Match": headers["etag"]})
        assert status == 304 and empty == b"", path
    other = request(running.url, "GET", "/zoeken?q=wijk", None, {"Accept": "text/html"})[1]["etag"]
    assert other != request(running.url, "GET", "/zoeken?q=energie", None, {"Accept": "text/html"})[1]["etag"]


def test_an_edited_query_shows_at_once(portal):
    import os

    running, queries = portal
    _, headers, body = request(running.url, "GET", "/vragen/keten-voor-wijk", None, {"Accept": "text/html"})
    rq = queries / "keten-voor-wijk.rq"
    text = rq.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("#") and "title" in line.lower())
    rq.write_text(text.replace(title, title + " (bewerkt door de redactie)"), encoding="utf-8")
    os.utime(rq, ns=(rq.stat().st_atime_ns, rq.stat().st_mtime_ns + 10**9))
    status, new_headers, new_body = request(running.url, "GET", "/vragen/keten-voor-wijk", None, {"Accept": "text/html",
                                                                                              "If-None-Match": headers["etag"]})
    assert status == 200 and new_headers["etag"] != headers["etag"]
    assert b"bewerkt door de redactie" in new_body and b"bewerkt door de redactie" not in body


def test_an_invalid_choice_is_not_kept(portal):
    running, _queries = portal
    status, headers, _ = request(running.url, "GET", "/vragen/keten-voor-wijk?wijk=nergens", None, {"Accept": "text/html"})
    assert status == 400 and "etag" not in headers
