"""A linked-data client can dereference the dataset and distribution IRIs of the DCAT record
too, and IRIs that only ever appear as objects."""

from __future__ import annotations

import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from npdw_graph.serve import start_server

pytestmark = pytest.mark.server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, accept: str):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def served(graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dist")
    graph.serialize(folder / "graph.nt", format="nt", encoding="utf-8")
    dataset = URIRef("https://w3id.org/npdw/id/dataset/npdw")
    distribution = URIRef("https://w3id.org/npdw/id/distributie/npdw-ttl")
    catalogue = Graph()
    catalogue.add((dataset, RDF.type, DCAT.Dataset))
    catalogue.add((dataset, DCAT.distribution, distribution))
    catalogue.add((distribution, RDF.type, DCAT.Distribution))
    (folder / "export").mkdir()
    catalogue.serialize(folder / "export" / "dcat.ttl", format="turtle")
    running = start_server(folder / "graph.nt")
    yield running.url.rstrip("/"), dataset, distribution
    running.stop()


def test_dataset_and_distribution_iris_dereference(served):
    url, dataset, distribution = served
    for iri in (dataset, distribution):
        status, headers, body = _get(url + "/id/" + str(iri).split("/id/", 1)[1], "text/turtle")
        assert status == 200, (iri, status)
        assert headers["Content-Type"].startswith("text/turtle") and "Accept" in headers["Vary"]
        g = Graph().parse(data=body, format="turtle")
        assert (iri, None, None) in g or (None, None, iri) in g


def test_unknown_iri_is_still_404(served):
    url, _, _ = served
    status, _, _ = _get(url + "/id/distributie/bestaat-niet", "text/turtle")
    assert status == 404
