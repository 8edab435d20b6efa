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
from virtuoso_store import VirtuosoError, VirtuosoServer, start_virtuoso

from npdw_graph.publish import DEFAULT_GRAPH, PublishError, publish, store_count

pytestmark = pytest.mark.server


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


def test_publish_put_the_whole_graph_into_the_named_graph(published, graph):
    assert store_count(published.sparql_url, DEFAULT_GRAPH, retries=0) == len(graph)


def test_publish_again_replaces_rather_than_adds(published, built, graph):
    result = publish(built / "dist" / "graph.nt", published.graph_store_url, user=f"dba:{published.password}", retries=0)
    assert result.verified == len(graph) and result.attempts == 1


def test_the_graph_store_refuses_writes_without_the_password(published, built, graph):
    with pytest.raises(PublishError):
        publish(built / "dist" / "graph.nt", published.graph_store_url, retries=0)
    with pytest.raises(PublishError):
        publish(built / "dist" / "graph.nt", published.graph_store_url, user="dba:wrong-password", retries=0)
    assert store_count(published.sparql_url, DEFAULT_GRAPH, retries=0) == len(graph)
