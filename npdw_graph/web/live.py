"""The live portal behind ``npdw serve``: the pages the front renders per request."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from npdw_graph.serve import ServeConfig
from npdw_graph.web import render


class LivePortal:
    def __init__(self, config: ServeConfig, graph: Graph):
        self.config = config
        self.graph = graph

    def landing_page(self) -> str:
        return render("landing.html", page_path="index.html", active="start", title="Kennisgraaf")

    def editor_page(self, query: str) -> str:
        return render("message.html", page_path="sparql", title="Query-editor",
                      message="Het SPARQL-endpoint is /sparql; het queryscherm van Oxigraph staat op /ui/.")

    def sparql_page(self, query: str, answer: tuple[str, bytes] | None, error: str | None) -> str:
        return render("message.html", page_path="sparql", title="SPARQL", message=error or "Gebruik het queryscherm op /ui/.")

    def questions_index(self, path: str, path_params: dict[str, str], params: dict[str, str]) -> Any:
        return None

    def question_page(self, path: str, path_params: dict[str, str], params: dict[str, str]) -> Any:
        return None

    def search_page(self, path: str, path_params: dict[str, str], params: dict[str, str]) -> Any:
        return None
