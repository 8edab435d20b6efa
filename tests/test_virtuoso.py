"""A second real store: Virtuoso Open Source 7 (Debian ``virtuoso-opensource``), started for this module.

``npdw publish`` puts the built graph into Virtuoso's Graph Store endpoint with HTTP Digest
authentication (``/sparql-graph-crud-auth``, the DBA account with the password set at start), and
every named query of ``queries/`` runs against its ``/sparql`` through the project's RemoteEngine
(what ``npdw query NAME --endpoint`` uses), with rows identical to the embedded engine's. If
Virtuoso is not installed or does not start, these tests fail: CI installs it (``make system-deps``).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from stubs import ROOT, canonical, difference
from test_query import OTHER_VALUE
from virtuoso_store import VirtuosoError, VirtuosoServer, start_virtuoso

from npdw_graph.publish import DEFAULT_GRAPH, PublishError, publish, store_count
from npdw_graph.query import run_query
from npdw_graph.queryengine import OxigraphEngine
from npdw_graph.querylib import load_library
from npdw_graph.remote import RemoteEngine

pytestmark = pytest.mark.server

LIBRARY = load_library(ROOT / "queries")
# Not compared with another value: financiering-per-wijk bound to one wijk. Virtuoso 7.2.5 gives wrong sums (one row of
# zeros instead of three) or does not answer within two minutes when ?wijk is bound; with its defaults (all wijken) it
# is compared like every other query. Documented in the README (the store table).
VIRTUOSO_WRONG_WITH = {"financiering-per-wijk"}
CASES = [(name, {}) for name in sorted(LIBRARY)] + [(name, OTHER_VALUE[name]) for name in sorted(OTHER_VALUE) if name not in VIRTUOSO_WRONG_WITH]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    try:
        server = start_virtuoso(tmp_path_factory.mktemp("virtuoso") / "db")
    except VirtuosoError as e:
        pytest.fail(f"Virtuoso did not start: {e}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def built(graph, tmp_path_factory):
    """A project folder whose dist/graph.nt is the compiled graph (what `npdw build` writes)."""
    root = tmp_path_factory.mktemp("virtuoso-project")
    (root / "dist").mkdir()
    graph.serialize(root / "dist" / "graph.nt", format="nt", encoding="utf-8")
    return root


def _npdw(root, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NPDW_PUBLISH_") and k != "NPDW_ROOT"} | (env or {})
    return subprocess.run([sys.executable, "-m", "npdw_graph", "--root", str(root), *args], capture_output=True, text=True,
                          timeout=300, env=environment, check=False)


@pytest.fixture(scope="module")
def published(virtuoso: VirtuosoServer, built, graph):
    """The graph published with `npdw publish` (password from the environment, not the command line)."""
    run = _npdw(built, "publish", "--endpoint", virtuoso.graph_store_url, env={"NPDW_PUBLISH_USER": f"dba:{virtuoso.password}"})
    assert run.returncode == 0, run.stderr
    assert f"verified: the store holds {len(graph)} triples" in run.stdout, run.stdout
    return virtuoso


@pytest.fixture(scope="module")
def remote(published):
    return RemoteEngine(published.sparql_url, timeout=120)


@pytest.fixture(scope="module")
def ox_engine(graph):
    return OxigraphEngine.from_graph(graph)


def test_publish_put_the_whole_graph_into_the_named_graph(published, graph):
    assert store_count(published.sparql_url, DEFAULT_GRAPH, retries=0) == len(graph)


def test_publish_again_replaces_rather_than_adds(published, built, graph):
    result = publish(built / "dist" / "graph.nt", published.graph_store_url, user=f"dba:{published.password}", retries=0)
    assert result.verified == len(graph) and result.attempts == 1


def test_the_graph_store_refuses_writes_without_the_password(published, built, graph):
    with pytest.raises(PublishError):
        publish(built / "dist" / "graph.nt", published.graph_store_url, retries=0)
    with pytest.raises(PublishError, match="refused the credentials.*check --user"):
        publish(built / "dist" / "graph.nt", published.graph_store_url, user="dba:wrong-password", retries=0)
    run = _npdw(built, "publish", "--endpoint", published.graph_store_url, env={"NPDW_PUBLISH_USER": "dba:wrong-password"})
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode != 0 and len(lines) == 1 and lines[0].startswith("Error: ") and "check --user" in lines[0], run.stderr
    assert store_count(published.sparql_url, DEFAULT_GRAPH, retries=0) == len(graph)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'defaults'}" for n, p in CASES])
def test_every_named_query_gives_the_embedded_rows(name, params, remote, ox_engine):
    """Every row of every named query (defaults, and one other value per parameter) equal to the embedded engine's."""
    query = LIBRARY[name]
    embedded, served = run_query(query, ox_engine, params), run_query(query, remote, params)
    assert served.variables == embedded.variables
    expected, got = canonical(embedded, query.text), canonical(served, query.text)
    assert got == expected, f"{name} {params}: embedded vs Virtuoso: {difference(expected, got)}"
    assert sum(got.values()) == len(embedded.rows)


def test_npdw_query_endpoint_prints_the_embedded_csv(published):
    """The command itself against Virtuoso: booleans (Virtuoso answers 1 unless cast), a decimal ratio, a table total."""
    for name in ("kwaliteit-tabeltotalen", "verbanden-genoemd-en-afgeleid"):
        embedded = _npdw(ROOT, "query", name, "--format", "csv")
        served = _npdw(ROOT, "query", name, "--endpoint", published.sparql_url, "--format", "csv")
        assert embedded.returncode == served.returncode == 0, served.stderr
        assert served.stdout == embedded.stdout, name
        assert served.stdout.count("\n") >= 3, served.stdout
