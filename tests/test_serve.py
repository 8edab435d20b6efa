"""``npdw serve``: a real Oxigraph behind the front — read-only by default, limits, content negotiation, the static site.

The servers are started by the fixtures on free loopback ports and stopped afterwards.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from stubs import ROOT, npdw, one_clear_line, pid_alive

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import ID
from npdw_graph.remote import RemoteEngine
from npdw_graph.serve import MSG_READ_ONLY, negotiate, resolve_static, serve_app, start_server

pytestmark = pytest.mark.server

TOKEN = "serve-test-token-42"
SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"
EFFORT = "inspanning/energiehulp"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # 21k x 21k: far beyond a second


def request(base: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None):
    """One raw HTTP exchange (the path is sent exactly as given: no normalisation of '..')."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def sparql(base: str, query: str, accept: str = "application/sparql-results+json", path: str = "/sparql"):
    body = urllib.parse.urlencode({"query": query}).encode()
    return request(base, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def count(base: str, graph_iri: str | None = None) -> int:
    where = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
    status, _, body = sparql(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("siteroot")
    site = base / "site"
    (site / "doc" / "inspanning").mkdir(parents=True)
    (site / "index.html").write_text("<h1>NPDW-index</h1>", encoding="utf-8")
    (site / "doc" / "inspanning" / "energiehulp.html").write_text("<h1>Energiehulp</h1>", encoding="utf-8")
    (site / "style.css").write_text("body { margin: 0 }", encoding="utf-8")
    (site / ".hidden").write_text(SECRET, encoding="utf-8")
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    (site / "doc" / "leak.html").symlink_to(base / "secret.txt")  # a symlink pointing outside
    (site / "doc" / "outside").symlink_to(base)  # a folder symlink pointing outside
    (site / "doc" / "alias.html").symlink_to(site / "index.html")  # a symlink inside: fine
    return site


@pytest.fixture(scope="module")
def ro(graph, site):
    running = start_server(graph, site_dir=site)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def rw(graph):
    running = start_server(graph, write_token=TOKEN)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def limited(graph):
    running = start_server(graph, timeout=1, max_rows=50)
    yield running
    running.stop()


# --- binding and the SPARQL protocol -----------------------------------------------------------------

def test_binds_to_localhost_by_default(ro):
    assert ro.host == "127.0.0.1"
    assert ro.url.startswith("http://127.0.0.1:")
    cmdline = Path(f"/proc/{ro.oxigraph.pid}/cmdline").read_bytes().split(b"\0")
    assert f"127.0.0.1:{ro.oxigraph.port}".encode() in cmdline  # Oxigraph itself is loopback-only too
    assert b"--location" not in cmdline  # the store is in memory (faster reads); writes are refused by the front
    from npdw_graph.cli_server import serve

    assert next(p for p in serve.params if p.name == "host").default == "127.0.0.1"


def test_every_form_of_the_protocol_gives_the_same_count(ro, graph):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        request(ro.url, "GET", "/sparql?" + urllib.parse.urlencode({"query": q}), headers=accept),
        request(ro.url, "GET", "/query?" + urllib.parse.urlencode({"query": q}), headers=accept),
        sparql(ro.url, q),
        request(ro.url, "POST", "/sparql", q.encode(), {"Content-Type": "application/sparql-query", **accept}),
    ]
    for status, headers, body in answers:
        assert status == 200, body
        assert headers["content-type"].startswith("application/sparql-results+json")
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(graph)


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values", "application/sparql-results+xml"])
def test_other_result_formats_pass_through(ro, accept):
    status, headers, body = sparql(ro.url, "SELECT ?s WHERE { ?s a <https://w3id.org/npdw/def/Pillar> }", accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    assert b"leefbaar-en-veilig" in body


def test_sparqlwrapper_and_remote_engine_can_query(ro):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(ro.sparql_url)
    sw.setReturnFormat(JSON)
    sw.setQuery("SELECT ?l WHERE { <https://w3id.org/npdw/id/inspanning/energiehulp> <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    rows = sw.queryAndConvert()["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["Energiehulp"]
    assert RemoteEngine(ro.sparql_url).ask("ASK { ?e a npdw:Effort }")


def test_malformed_query_is_a_400_with_the_parser_message(ro):
    status, _, body = sparql(ro.url, "SELECT ?x WHERE { ?x ")
    assert status == 400 and body.strip()


def test_nonsense_content_length_is_a_400(ro):
    status, _, _ = request(ro.url, "POST", "/sparql", None, {"Content-Type": "application/sparql-query", "Content-Length": "lots"})
    assert status == 400
    assert count(ro.url) > 10_000  # and the server still answers


def test_missing_query_is_a_400(ro):
    status, _, body = request(ro.url, "GET", "/sparql")
    assert status == 400 and b"query" in body


# --- writes -------------------------------------------------------------------------------------------

WRITES = [
    ("POST", "/update", b"DROP ALL", {"Content-Type": "application/sparql-update"}),
    ("POST", "/update", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"}),
    ("POST", "/sparql", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"}),
    ("POST", "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"}),
    ("GET", "/sparql?update=DROP+ALL", None, {}),
    ("PUT", "/store?default", b"<urn:a> <urn:b> <urn:c> .\n", {"Content-Type": "application/n-triples"}),
    ("POST", "/store?default", b"<urn:a> <urn:b> <urn:c> .\n", {"Content-Type": "application/n-triples"}),
    ("DELETE", "/store?default", None, {}),
    ("POST", "/ui/update", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"}),
]


@pytest.mark.parametrize("with_token", [False, True])
@pytest.mark.parametrize(("method", "path", "body", "headers"), WRITES)
def test_read_only_server_refuses_every_write(ro, graph, method, path, body, headers, with_token):
    if with_token:
        headers = {**headers, "Authorization": f"Bearer {TOKEN}"}
    status, _, answer = request(ro.url, method, path, body, headers)
    assert status == 403
    assert answer.decode().strip() == MSG_READ_ONLY
    assert count(ro.url) == len(graph)


@pytest.mark.parametrize("auth", [None, "Bearer wrong-token-000", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "])
def test_writable_server_needs_the_right_token(rw, auth):
    before = count(rw.url)
    headers = {"Content-Type": "application/sparql-update", **({"Authorization": auth} if auth else {})}
    status, answer_headers, body = request(rw.url, "POST", "/update", b"DROP ALL", headers)
    assert status == 401 and "bearer" in answer_headers.get("www-authenticate", "").lower()
    assert b"token" in body
    put = request(rw.url, "PUT", "/store?default", b"<urn:a> <urn:b> <urn:c> .\n",
                  {"Content-Type": "application/n-triples", **({"Authorization": auth} if auth else {})})
    assert put[0] == 401
    assert count(rw.url) == before


def test_writable_server_accepts_update_and_graph_store_with_the_token(rw):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    graph_iri = "https://example.org/test-graph"
    status, _, body = request(rw.url, "POST", "/update", f"INSERT DATA {{ GRAPH <{graph_iri}> {{ <urn:a> <urn:b> <urn:c> }} }}".encode(),
                              {"Content-Type": "application/sparql-update", **auth})
    assert status in (200, 204), body
    assert count(rw.url, graph_iri) == 1
    nt = b"".join(f"<urn:s{i}> <urn:p> <urn:o> .\n".encode() for i in range(5))
    status, _, body = request(rw.url, "PUT", "/store?" + urllib.parse.urlencode({"graph": graph_iri}), nt,
                              {"Content-Type": "application/n-triples", **auth})
    assert status in (200, 201, 204), body
    assert count(rw.url, graph_iri) == 5  # replaced, not added
    status, _, _ = request(rw.url, "DELETE", "/store?" + urllib.parse.urlencode({"graph": graph_iri}), None, auth)
    assert status in (200, 204)
    assert count(rw.url, graph_iri) == 0


def test_token_must_be_long_enough(graph):
    with pytest.raises(NpdwError, match="at least 8"):
        start_server(graph, write_token="short")


# --- limits --------------------------------------------------------------------------------------------

def test_time_limit_gives_a_clear_503(limited):
    status, _, body = sparql(limited.url, HEAVY)
    text = body.decode()
    assert status == 503
    assert text.startswith("Tijdslimiet overschreden") and "time limit" in text and text.count("\n") == 1
    with pytest.raises(NpdwError, match="Tijdslimiet overschreden"):
        RemoteEngine(limited.sparql_url).select(HEAVY)


def test_time_limit_through_the_cli_is_one_line(limited, tmp_path):
    heavy = tmp_path / "zwaar.rq"
    heavy.write_text(f"#+ title: Zware query\n#+ question: Hoe lang duurt dit?\n{HEAVY}\n", encoding="utf-8")
    line = one_clear_line(npdw("query", str(heavy), "--endpoint", limited.sparql_url))
    assert "503" in line and "Tijdslimiet" in line


@pytest.mark.parametrize(("query", "accept"), [
    ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    ("SELECT * WHERE { ?s ?p ?o }", "text/csv"),
    ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+xml"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "text/turtle"),
    ("DESCRIBE ?e WHERE { ?e a <https://w3id.org/npdw/def/Effort> }", "application/n-triples"),
])
def test_row_limit_gives_a_clear_413(limited, query, accept):
    status, _, body = sparql(limited.url, query, accept)
    assert status == 413
    assert body.decode().startswith("Resultaat te groot: meer dan 50 rijen") and "result-size limit" in body.decode()


def test_row_limit_lets_small_results_through(limited):
    status, _, body = sparql(limited.url, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50


def test_graph_store_read_is_limited_too(limited):
    status, _, body = request(limited.url, "GET", "/store?default", headers={"Accept": "application/n-triples"})
    assert status == 413 and body.startswith(b"Resultaat te groot")


def test_limits_do_not_leave_the_server_broken(limited):
    sparql(limited.url, HEAVY)
    status, _, body = sparql(limited.url, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


# --- content negotiation on /id/ ------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "expected"), [
    (None, "303"),
    ("*/*", "303"),
    ("text/html", "303"),
    (BROWSER, "303"),
    ("application/xhtml+xml", "303"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("text/html;q=0.1, text/turtle", "text/turtle"),
    ("text/*", "303"),
    ("image/png", "406"),
    ("application/json", "406"),
    ("text/html;q=0, text/turtle;q=0", "406"),
])
def test_content_negotiation(ro, accept, expected):
    status, headers, body = request(ro.url, "GET", f"/id/{EFFORT}", headers={"Accept": accept} if accept else {})
    assert headers.get("vary") == "Accept"
    if expected == "303":
        assert status == 303 and headers["location"] == f"/doc/{EFFORT}"
    elif expected == "406":
        assert status == 406 and b"text/turtle" in body
    else:
        assert status == 200 and headers["content-type"].split(";")[0] == expected


def _description(ro, media: str) -> Graph:
    status, headers, body = request(ro.url, "GET", f"/id/{EFFORT}", headers={"Accept": media})
    assert status == 200
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt", "application/rdf+xml": "xml"}[media]
    return Graph().parse(data=body, format=fmt)


def test_every_rdf_format_describes_the_same_resource(ro, graph):
    iri = URIRef(str(ID) + EFFORT)
    turtle = _description(ro, "text/turtle")
    for media in ("application/ld+json", "application/n-triples", "application/rdf+xml"):
        assert isomorphic(turtle, _description(ro, media)), media
    own = {(p, o) for _, p, o in graph.triples((iri, None, None)) if not isinstance(o, BNode)}
    assert own and own <= {(p, o) for _, p, o in turtle.triples((iri, None, None))}
    assert (iri, RDFS.label, None) in turtle
    holds_bnodes = [o for o in graph.objects(iri, None) if isinstance(o, BNode)]
    assert holds_bnodes, "the effort should hold blank nodes (partnerships)"
    assert len([o for o in turtle.objects(iri, None) if isinstance(o, BNode)]) == len(holds_bnodes)
    assert all(any(True for _ in turtle.triples((b, None, None))) for b in turtle.objects(iri, None) if isinstance(b, BNode))


def test_json_ld_needs_no_remote_context(ro):
    from pyld import jsonld

    _, _, body = request(ro.url, "GET", f"/id/{EFFORT}", headers={"Accept": "application/ld+json"})
    doc = json.loads(body)
    assert isinstance(doc["@context"], dict)  # inline, not a URL

    def no_fetching(url, options=None):
        raise AssertionError(f"the JSON-LD asked to fetch {url}")

    expanded = jsonld.expand(doc, {"documentLoader": no_fetching})
    assert any(node.get("@id") == str(ID) + EFFORT for node in expanded)


@pytest.mark.parametrize("path", ["/id/inspanning/bestaat-niet", "/id/", "/id/inspanning/", "/id/inspanning/energiehulp/extra",
                                  "/id/../doc/inspanning/energiehulp", "/id/inspanning/%2e%2e%2fenergiehulp", "/id/inspanning/energie hulp"])
def test_unknown_iri_is_404(ro, path):
    status, headers, _ = request(ro.url, "GET", path.replace(" ", "%20"), headers={"Accept": "text/turtle"})
    assert status == 404
    assert headers.get("vary") == "Accept"


def test_head_and_the_303_target(ro):
    status, headers, body = request(ro.url, "HEAD", f"/id/{EFFORT}", headers={"Accept": "text/turtle"})
    assert status == 200 and body == b"" and int(headers["content-length"]) > 100
    _, headers, _ = request(ro.url, "GET", f"/id/{EFFORT}", headers={"Accept": "text/html"})
    status, page_headers, page = request(ro.url, "GET", headers["location"])
    assert status == 200 and page_headers["content-type"].startswith("text/html") and b"Energiehulp" in page


def test_negotiate_unit_cases():
    assert negotiate("text/turtle;q=0.9, application/n-triples") == "application/n-triples"
    assert negotiate("application/*") == "application/xhtml+xml"
    assert negotiate("") == "text/html"
    assert negotiate("text/turtle;q=abc") is None


# --- the static site ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "needle", "ctype"), [
    ("/", b"NPDW-index", "text/html"),
    ("/index.html", b"NPDW-index", "text/html"),
    (f"/doc/{EFFORT}", b"Energiehulp", "text/html"),
    (f"/doc/{EFFORT}.html", b"Energiehulp", "text/html"),
    ("/style.css", b"margin", "text/css"),
    ("/doc/alias.html", b"NPDW-index", "text/html"),
])
def test_static_site_is_served(ro, path, needle, ctype):
    status, headers, body = request(ro.url, "GET", path)
    assert status == 200 and needle in body and headers["content-type"].startswith(ctype)
    assert headers.get("x-content-type-options") == "nosniff"


TRAVERSALS = [
    "/../secret.txt",
    "/doc/../../secret.txt",
    "/doc/inspanning/../../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/doc/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/doc%2f..%2f..%2fsecret.txt",
    "/..%5csecret.txt",
    "/%252e%252e/secret.txt",
    "/.%2e/secret.txt",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/etc/passwd",
    "/doc/leak.html",
    "/doc/leak",
    "/doc/outside/secret.txt",
    "/.hidden",
    "/doc/%00/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/doc/inspanning/energiehulp.html/../../../../secret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_site_is_served(ro, path):
    status, _, body = request(ro.url, "GET", path)
    assert status == 404, (path, body[:200])
    assert SECRET.encode() not in body and b"root:" not in body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_resolve_static_stays_inside(site, path):
    resolved = resolve_static(site, urllib.parse.urlsplit(path).path)
    assert resolved is None or resolved.is_relative_to(site.resolve())
    assert resolved is None or SECRET not in resolved.read_text(errors="replace")


def test_missing_site_gives_a_landing_page_and_404s(graph):
    url, stop = serve_app(graph, site_dir=None)
    try:
        status, _, body = request(url, "GET", "/")
        assert status == 200 and b"/ui/" in body
        assert request(url, "GET", "/doc/inspanning/energiehulp")[0] == 404
    finally:
        stop()


# --- Oxigraph's UI, and stopping -------------------------------------------------------------------------

def test_oxigraph_ui_is_passed_through(ro):
    assert request(ro.url, "GET", "/ui")[0] == 301
    status, _, page = request(ro.url, "GET", "/ui/")
    assert status == 200 and b"yasgui" in page.lower()
    status, _, script = request(ro.url, "GET", "/ui/yasgui.min.js")
    assert status == 200 and len(script) > 10_000
    # the UI queries /ui/sparql, which goes through the same front (and its limits)
    status, _, body = sparql(ro.url, "ASK { ?s ?p ?o }", path="/ui/sparql")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_serve_app_returns_url_and_stop(graph):
    url, stop = serve_app(graph)
    status, _, _ = sparql(url, "ASK { ?s ?p ?o }")
    assert status == 200
    stop()
    stop()  # twice is harmless
    with pytest.raises(OSError):
        request(url, "GET", "/")


def _start_cli_server(root: Path) -> tuple[subprocess.Popen, str, int, list[str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("NPDW_ROOT", None)
    # SIGINT as in a terminal: a test run started in the background of a non-interactive shell (`cmd &`) inherits it
    # ignored, and a process that starts with SIGINT ignored rightly keeps ignoring Ctrl-C
    proc = subprocess.Popen([sys.executable, "-m", "npdw_graph", "--root", str(root), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if line.startswith("Oxigraph (pid"):
            break
    text = "\n".join(lines)
    url = re.search(r"Serving the NPDW graph at (\S+)", text)
    pid = re.search(r"Oxigraph \(pid (\d+)\)", text)
    assert url and pid, text + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
    return proc, url.group(1), int(pid.group(1)), lines


@pytest.fixture
def project_with_dist(tmp_project, graph):
    tmp_project.dist_dir.mkdir()
    graph.serialize(tmp_project.dist_dir / "graph.nt", format="nt", encoding="utf-8")
    return tmp_project


@pytest.mark.parametrize("how", ["ctrl-c", "sigint", "sigterm"])
def test_cli_serve_prints_its_urls_and_stops_both_processes(project_with_dist, how):
    proc, url, oxigraph_pid, lines = _start_cli_server(project_with_dist.root)
    try:
        text = "\n".join(lines)
        assert url.startswith("http://127.0.0.1:")
        assert f"SPARQL endpoint: {url}sparql (read-only" in text
        assert f"Query UI (Oxigraph): {url}ui/" in text
        assert RemoteEngine(url + "sparql").ask("ASK { ?e a npdw:Effort }")
        assert pid_alive(oxigraph_pid)
        if how == "ctrl-c":  # a terminal sends SIGINT to the whole foreground process group
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT if how == "sigint" else signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert proc.stderr is not None and "Traceback" not in proc.stderr.read()
        for _ in range(100):
            if not pid_alive(oxigraph_pid):
                break
            time.sleep(0.05)
        assert not pid_alive(oxigraph_pid), "oxigraph outlived npdw serve"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_oxigraph_dies_with_a_killed_npdw_serve(project_with_dist):
    proc, url, oxigraph_pid, _ = _start_cli_server(project_with_dist.root)
    log_folder = Path(os.readlink(f"/proc/{oxigraph_pid}/fd/1")).parent  # its stdout is the log in npdw's temporary folder
    try:
        proc.kill()  # no chance to clean up: the kernel tells oxigraph (PR_SET_PDEATHSIG)
        proc.wait(timeout=10)
        for _ in range(100):
            if not pid_alive(oxigraph_pid):
                break
            time.sleep(0.05)
        assert not pid_alive(oxigraph_pid), "orphaned oxigraph after kill -9 of npdw serve"
    finally:
        shutil.rmtree(log_folder, ignore_errors=True)


def test_cli_serve_without_a_build_is_one_clear_line(tmp_project):
    line = one_clear_line(npdw("serve", "--port", "0", root=tmp_project.root))
    assert "npdw build" in line


# --- load ---------------------------------------------------------------------------------------------------

def test_tiny_load_has_no_errors_and_reports_percentiles(ro, tmp_path):
    from npdw_graph.loadtest import prepare_requests, run_load, write_report
    from npdw_graph.querylib import load_library

    queries = prepare_requests(load_library(ROOT / "queries"))
    report = run_load(ro.sparql_url, queries, requests=len(queries) + 5, duration=1.0, concurrency=3)
    assert len(report.samples) == len(queries) + 5
    assert report.errors == [], report.errors[:3]
    assert {s.query for s in report.samples} == {name for name, _ in queries}
    out = tmp_path / "belasting.md"
    write_report(report, out)
    text = out.read_text(encoding="utf-8")
    for label in ("p50", "p95", "p99"):
        assert re.search(rf"^\| {label} \| \d+\.\d \|$", text, re.MULTILINE), label
    assert "Fouten: 0" in text


def test_load_against_a_dead_endpoint_counts_errors(tmp_path):
    from stubs import closed_port

    from npdw_graph.loadtest import report_markdown, run_load

    report = run_load(f"http://127.0.0.1:{closed_port()}/sparql", [("q", "ASK {}")], requests=3, duration=0, concurrency=1)
    assert len(report.errors) == 3
    assert "Fouten: 3" in report_markdown(report)


def test_disk_store_is_oxigraphs_own_read_only_mode_with_the_same_answers(ro, graph):
    """`--disk-store`: Oxigraph itself (serve-read-only on a RocksDB folder) refuses writes; the answers are the in-memory ones."""
    disk = start_server(graph, disk_store=True)
    try:
        cmdline = Path(f"/proc/{disk.oxigraph.pid}/cmdline").read_bytes().split(b"\0")
        assert b"serve-read-only" in cmdline and b"--location" in cmdline
        status, _headers, _body = request(disk.oxigraph.url + "/", "POST", "/update", b"INSERT DATA { <urn:x> <urn:y> <urn:z> }",
                                          {"Content-Type": "application/sparql-update"})
        assert status >= 400  # refused by Oxigraph itself, not only by the front
        for q in ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                  "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(isIRI(?s)) } ORDER BY ?s STR(?l) LANG(?l)"):
            assert sparql(disk.url, q)[::2] == sparql(ro.url, q)[::2]  # status and body
    finally:
        disk.stop()
    with pytest.raises(NpdwError, match="--disk-store"):
        start_server(graph, disk_store=True, write_token="a-long-token")
