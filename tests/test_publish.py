"""``npdw publish`` against a real writable Oxigraph on loopback, and against stubs that fail in the ways servers fail.

Also the other half of keeping ``dist/`` intact for publishing: two ``npdw build`` at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from stubs import answer_500, closed_port, forward, npdw, one_clear_line, reply, start_stub

from npdw_graph.errors import LockedError
from npdw_graph.publish import DEFAULT_GRAPH, PublishError, count_triples, digest_authorization, publish, query_endpoint_for, store_count
from npdw_graph.serve import OxigraphServer, start_server

pytestmark = pytest.mark.server

GRAPH = "https://example.org/npdw-test"
TOKEN = "publish-test-token-7"


@pytest.fixture(scope="module")
def store():
    """A real, writable, in-memory Oxigraph server."""
    server = OxigraphServer(writable=True).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def nt_file(graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("publish") / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_nt(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("publish-small") / "old.nt"
    path.write_text("".join(f"<urn:old:{i}> <urn:p> \"oude graaf {i}\" .\n" for i in range(7)), encoding="utf-8")
    return path


def _count(store: OxigraphServer, graph: str = GRAPH) -> int:
    return store_count(store.url + "/query", graph, retries=0, timeout=10)


class Sleeps(list):
    """Records the back-off delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_publish_twice_replaces_rather_than_duplicates(store, nt_file, graph):
    first = publish(nt_file, store.url + "/store", GRAPH, retries=0)
    assert first.triples == len(graph) and first.verified == len(graph) and first.attempts == 1
    second = publish(nt_file, store.url + "/store", GRAPH, retries=0)
    assert second.verified == len(graph)
    assert _count(store) == len(graph)
    assert "Published" in second.to_text() and "verified" in second.to_text()


def test_publish_replaces_a_different_old_graph(store, nt_file, small_nt, graph):
    publish(small_nt, store.url + "/store", GRAPH + "/b", retries=0)
    assert _count(store, GRAPH + "/b") == 7
    publish(nt_file, store.url + "/store", GRAPH + "/b", retries=0)
    assert _count(store, GRAPH + "/b") == len(graph)
    assert store_count(store.url + "/query", GRAPH + "/b", retries=0) == count_triples(nt_file)


def test_other_graphs_are_left_alone(store, small_nt, nt_file):
    publish(small_nt, store.url + "/store", GRAPH + "/keep", retries=0)
    publish(nt_file, store.url + "/store", GRAPH + "/other", retries=0)
    assert _count(store, GRAPH + "/keep") == 7


def test_server_that_dies_mid_upload_keeps_the_old_graph(store, nt_file, small_nt):
    publish(small_nt, store.url + "/store", GRAPH + "/cut", retries=0)
    sleeps = Sleeps()
    with start_stub(lambda h, body, n: forward(h, body, store.url, cut=0.5)) as stub:
        with pytest.raises(PublishError, match="failed after 3 attempts") as err:
            publish(nt_file, stub.url + "/store", GRAPH + "/cut", retries=2, backoff=0.01, sleep=sleeps,
                    query_endpoint=store.url + "/query")
    assert len(stub.requests) == 3 and all(method == "PUT" for method, _ in stub.requests)
    assert sleeps == [0.01, 0.02]
    assert "still holds its previous content" in str(err.value)
    assert _count(store, GRAPH + "/cut") == 7  # half a graph went to Oxigraph three times; none of it stayed


def test_server_answering_500_is_retried_then_reported(store, nt_file, small_nt):
    publish(small_nt, store.url + "/store", GRAPH + "/500", retries=0)
    sleeps = Sleeps()
    with start_stub(answer_500) as stub:
        with pytest.raises(PublishError) as err:
            publish(nt_file, stub.url + "/store", GRAPH + "/500", retries=3, backoff=0.5, sleep=sleeps, query_endpoint=store.url + "/query")
    assert len(stub.requests) == 4
    assert sleeps == [0.5, 1.0, 2.0]  # exponential back-off
    message = str(err.value)
    assert "HTTP 500" in message and "internal error in the stub" in message and "\n" not in message
    assert _count(store, GRAPH + "/500") == 7


def test_flaky_server_succeeds_after_a_retry(store, nt_file, graph):
    def flaky(handler, body, n):
        if n == 1:
            reply(handler, 503, b"busy")
        else:
            forward(handler, body, store.url)

    lines: list[str] = []
    with start_stub(flaky) as stub:
        result = publish(nt_file, stub.url + "/store", GRAPH + "/flaky", retries=2, backoff=0.01, sleep=lambda s: None,
                         log=lines.append, query_endpoint=store.url + "/query")
    assert result.attempts == 2 and result.verified == len(graph)
    assert len(lines) == 1 and "attempt 1/3 failed (HTTP 503" in lines[0]


def test_slow_server_times_out_and_is_retried(store, nt_file, small_nt):
    publish(small_nt, store.url + "/store", GRAPH + "/slow", retries=0)

    def slow(handler, body, n):
        time.sleep(1.5)
        reply(handler, 204)

    with start_stub(slow) as stub:
        with pytest.raises(PublishError, match="no answer within 0.3 s"):
            publish(nt_file, stub.url + "/store", GRAPH + "/slow", retries=1, timeout=0.3, backoff=0.01, sleep=lambda s: None,
                    query_endpoint=store.url + "/query")
    assert len(stub.requests) == 2
    assert _count(store, GRAPH + "/slow") == 7


def test_endpoint_down_is_retried_then_reported(nt_file):
    sleeps = Sleeps()
    with pytest.raises(PublishError, match="cannot connect"):
        publish(nt_file, f"http://127.0.0.1:{closed_port()}/store", GRAPH, retries=2, backoff=0.1, sleep=sleeps)
    assert sleeps == [0.1, 0.2]


@pytest.mark.parametrize(("status", "hint"), [(401, "check --token"), (403, "check --token"), (404, "check --endpoint"), (400, "")])
def test_client_errors_are_not_retried(nt_file, status, hint):
    with start_stub(lambda h, body, n: reply(h, status, b"nope")) as stub:
        with pytest.raises(PublishError, match=f"HTTP {status}") as err:
            publish(nt_file, stub.url + "/store", GRAPH, retries=3, sleep=lambda s: None)
    assert len(stub.requests) == 1
    assert hint in str(err.value)


def test_wrong_count_after_upload_is_reported(store, nt_file):
    def accept_but_drop(handler, body, n):
        reply(handler, 204)  # says yes, stores nothing

    with start_stub(accept_but_drop) as stub:
        with pytest.raises(PublishError, match="but the store reports 0"):
            publish(nt_file, stub.url + "/store", GRAPH + "/dropped", retries=0, query_endpoint=store.url + "/query")


def test_publish_through_npdw_serve_with_a_token(graph, nt_file):
    running = start_server(graph, write_token=TOKEN)
    try:
        with pytest.raises(PublishError, match="HTTP 401"):
            publish(nt_file, running.url + "store", GRAPH, retries=0)
        result = publish(nt_file, running.url + "store", GRAPH, token=TOKEN, retries=0)
        assert result.verified == len(graph)
    finally:
        running.stop()


def test_basic_credentials_go_with_upload_and_count(store, nt_file, graph):
    seen: list[str | None] = []

    def check(handler, body, n):
        seen.append(handler.headers.get("Authorization"))
        forward(handler, body, store.url)

    with start_stub(check) as stub:
        result = publish(nt_file, stub.url + "/store", GRAPH + "/basic", user="curator:geheim", retries=0)
    assert result.verified == len(graph)
    assert [m for m, _ in stub.requests] == ["PUT", "POST"]  # the upload, then the COUNT query on the derived /query
    assert seen == ["Basic Y3VyYXRvcjpnZWhlaW0="] * 2
    with pytest.raises(PublishError, match="either --token or --user"):
        publish(nt_file, stub.url + "/store", GRAPH, user="a:b", token="t")


def test_bad_input_is_refused_before_uploading(nt_file, tmp_path):
    with pytest.raises(PublishError, match="http"):
        publish(nt_file, "ftp://example.org/store", GRAPH)
    with pytest.raises(PublishError, match="not an IRI"):
        publish(nt_file, "http://127.0.0.1:9/store", "https://x.org/a> } ; DROP ALL { <b")
    with pytest.raises(PublishError, match="npdw build"):
        publish(tmp_path / "missing.nt", "http://127.0.0.1:9/store", GRAPH)
    broken = tmp_path / "broken.nt"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(PublishError, match="not valid N-Triples"):
        publish(broken, "http://127.0.0.1:9/store", GRAPH)


@pytest.mark.parametrize(("store_url", "query_url"), [
    ("http://localhost:7878/store", "http://localhost:7878/query"),
    ("http://localhost:3030/npdw/data", "http://localhost:3030/npdw/sparql"),
    ("http://localhost:7200/repositories/npdw/rdf-graphs/service", "http://localhost:7200/repositories/npdw"),
    ("http://localhost:8890/sparql-graph-crud-auth", "http://localhost:8890/sparql"),
    ("http://localhost:7001/", "http://localhost:7001/"),
])
def test_query_endpoint_is_derived_for_common_stores(store_url, query_url):
    assert query_endpoint_for(store_url) == query_url


# --- the command --------------------------------------------------------------------------------------

@pytest.fixture
def project_with_dist(tmp_project, nt_file):
    tmp_project.dist_dir.mkdir()
    (tmp_project.dist_dir / "graph.nt").write_bytes(nt_file.read_bytes())
    return tmp_project


def test_cli_publish_reports_and_verifies(store, project_with_dist, graph):
    run = npdw("publish", "--endpoint", store.url + "/store", root=project_with_dist.root)
    assert run.code == 0, run.stderr
    assert f"Published {len(graph)} triples to <{DEFAULT_GRAPH}>" in run.stdout
    assert f"the store holds {len(graph)} triples" in run.stdout
    assert _count(store, DEFAULT_GRAPH) == len(graph)


def test_cli_publish_to_a_dead_store_is_one_clear_line(project_with_dist):
    run = npdw("publish", "--endpoint", f"http://127.0.0.1:{closed_port()}/store", "--retries", "1", root=project_with_dist.root)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: upload failed after 2 attempts") and "cannot connect" in lines[-1]
    assert "attempt 1/2 failed" in lines[0]  # the retry is reported as it happens


def test_cli_publish_without_a_build_is_one_clear_line(tmp_project):
    assert "npdw build" in one_clear_line(npdw("publish", "--endpoint", "http://127.0.0.1:9/store", root=tmp_project.root))


# --- two builds at once -------------------------------------------------------------------------------

def test_second_concurrent_build_gets_the_lock_message(tmp_project):
    env = {**os.environ}
    env.pop("NPDW_ROOT", None)
    lock = tmp_project.root / ".npdw.lock"
    first = subprocess.Popen([sys.executable, "-m", "npdw_graph", "--root", str(tmp_project.root), "build", "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the first build writes its pid into the lock once it holds it
            if lock.exists() and lock.read_text().strip() == str(first.pid):
                break
            assert first.poll() is None, first.communicate()
            time.sleep(0.01)
        else:
            pytest.fail("the first build never took the lock")
        first.send_signal(signal.SIGSTOP)  # hold it there while the second one tries
        try:
            second = npdw("build", "-q", root=tmp_project.root)
        finally:
            first.send_signal(signal.SIGCONT)
        line = one_clear_line(second)
        assert second.code == 2
        assert "another npdw build is running" in line and str(tmp_project.root) in line
        out, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    nt = tmp_project.dist_dir / "graph.nt"
    assert count_triples(nt) > 10_000  # the first build's output is whole
    assert not any(p.name.startswith(".dist.staging") for p in tmp_project.root.iterdir())


def test_lock_is_released_after_a_build(tmp_project):
    from npdw_graph.atomic import exclusive_lock

    with exclusive_lock(tmp_project.root, "build"):
        with pytest.raises(LockedError):
            with exclusive_lock(tmp_project.root, "build"):
                pass
    with exclusive_lock(tmp_project.root, "build"):
        pass


@pytest.mark.parametrize(("algorithm", "response"), [
    ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
    ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
])
def test_digest_answer_is_the_one_of_rfc_7616(algorithm, response):
    """The worked examples of RFC 7616 section 3.9.1 (the answer Virtuoso's /sparql-graph-crud-auth checks)."""
    challenge = ('Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=' + algorithm
                 + ', nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')
    header = digest_authorization("Mufasa:Circle of Life", "GET", "/dir/index.html", challenge,
                                  cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    assert header.startswith("Digest ")
    assert f'response="{response}"' in header
    assert 'username="Mufasa"' in header and 'uri="/dir/index.html"' in header and "nc=00000001" in header
    assert 'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"' in header
