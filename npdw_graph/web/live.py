"""The live portal behind ``npdw serve``: the pages the front renders per request.

The Vragen pages run the named queries on an in-process pyoxigraph store loaded from the same
``dist/graph.nt`` as ``npdw query`` (so a download is byte for byte the command's output);
``/sparql`` pages show what the real Oxigraph server answered; ``/zoeken`` ranks with the
portal's search (:mod:`npdw_graph.web.search`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from starlette.responses import Response

from npdw_graph.query import fetch_labels
from npdw_graph.queryengine import OxigraphEngine, SelectResult
from npdw_graph.querylib import NamedQuery, load_library
from npdw_graph.rdfterms import caching_converter
from npdw_graph.remote import prepare_query
from npdw_graph.serve import ServeConfig
from npdw_graph.web import questions as vragen
from npdw_graph.web import render

STARTER = "SELECT ?inspanning ?naam WHERE {\n  ?inspanning a npdw:Effort ; rdfs:label ?naam .\n}\nORDER BY ?naam\nLIMIT 25\n"


def _html(body: str, status: int = 200) -> Response:
    return Response(body.encode("utf-8"), status, headers={"Cache-Control": "no-store"}, media_type="text/html; charset=utf-8")


class LivePortal:
    def __init__(self, config: ServeConfig, graph: Graph):
        self.config = config
        self.graph = graph
        self._engine: OxigraphEngine | None = None
        self._index: list[Any] | None = None
        self._lock = threading.Lock()

    # -- the parts, made on first use --

    @property
    def engine(self) -> OxigraphEngine:
        with self._lock:
            if self._engine is None:
                if self.config.graph_file is not None and Path(self.config.graph_file).is_file():
                    store = ox.Store()
                    store.bulk_load(path=str(self.config.graph_file), format=ox.RdfFormat.N_TRIPLES)
                    self._engine = OxigraphEngine(store)
                else:
                    self._engine = OxigraphEngine.from_graph(self.graph)
            return self._engine

    def library(self) -> dict[str, NamedQuery]:
        """The named queries, read again on every request (a curator's edit shows at once)."""
        folder = self.config.queries_dir
        return load_library(folder) if folder is not None and folder.is_dir() else {}

    def search_index(self) -> list[Any]:
        from npdw_graph.web import search

        with self._lock:
            if self._index is None:
                self._index = search.build_index(self.graph, self.config.base)
            return self._index

    # -- pages --

    def landing_page(self) -> str:
        return render("landing.html", page_path="index.html", active="start", title="Kennisgraaf")

    def questions_index(self, path: str, path_params: dict[str, str], params: dict[str, str]) -> Response | None:
        library = self.library()
        if not library:
            return None
        return _html(vragen.render_index(library, live=True))

    def question_page(self, path: str, path_params: dict[str, str], params: dict[str, str]) -> Response | None:
        name, _, suffix = path_params.get("name", "").partition(".")
        query = self.library().get(name)
        if query is None or suffix not in ("", "html", *vragen.DOWNLOADS):
            return None
        ran = vragen.answer(query, self.engine, params)
        fmt = suffix if suffix in vragen.DOWNLOADS else params.get("format", "")
        if fmt in vragen.MEDIA:
            if ran.result is None:
                return Response(((ran.error or "") + "\n").encode("utf-8"), 400, media_type="text/plain; charset=utf-8")
            return Response(vragen.download(query, ran.result, fmt), 200, media_type=vragen.MEDIA[fmt],
                            headers={"Content-Disposition": f'attachment; filename="{query.name}.{fmt}"', "Cache-Control": "no-store"})
        page = vragen.render_question(query, self.engine, params, live=True, base=self.config.base, ran=ran)
        return _html(page, 200 if ran.error is None else 400)

    def search_page(self, path: str, path_params: dict[str, str], params: dict[str, str]) -> Response:
        """``/zoeken?q=``: the hits ranked on the server, by the same rules as the static page's script."""
        from npdw_graph.web import search

        return _html(search.search_page(self.search_index(), params.get("q", "").strip(), page_path=search.PAGE))

    # -- /sparql for browsers --

    def examples(self) -> list[dict[str, str]]:
        out = []
        for theme, queries in vragen.themes(self.library()):
            for q in queries:
                try:
                    text = prepare_query(q.text, q.bindings({}))
                except Exception:  # noqa: BLE001 - a broken file is left out of the examples, not the editor
                    continue
                out.append({"name": q.name, "title": q.title, "theme": theme, "query": text})
        return out

    def editor_page(self, query: str, title: str = "") -> str:
        return render("sparql_editor.html", page_path="sparql", active="vragen", title="Query-editor", initial=query, initial_title=title,
                      examples=self.examples(), id_prefix=self.config.base + "id/", crumbs=[("vragen/index.html", "Vragen")],
                      default_query=prepare_query(STARTER))

    def sparql_page(self, query: str, answer: tuple[str, bytes] | None, error: str | None) -> str:
        table = None
        boolean = None
        if answer is not None:
            ctype, data = answer
            parsed = parse_answer(ctype, data)
            if isinstance(parsed, bool):
                boolean = parsed
            else:
                labels = fetch_labels(self.engine, parsed)
                table = vragen.table_view(None, parsed, labels, "", self.config.base)
        from urllib.parse import urlencode

        downloads = [(fmt.upper(), "sparql?" + urlencode({"query": query, "format": fmt})) for fmt in (("csv", "json") if
                                                                                                      boolean is None else ("json",))]
        editor = "sparql?" + urlencode({"editor": "1", "query": query})
        return render("sparql_resultaten.html", page_path="sparql", active="vragen", title="SPARQL-resultaat", sparql=query, table=table,
                      boolean=boolean, error=error, downloads=downloads, editor=editor, crumbs=[("sparql", "Query-editor")])


def parse_answer(content_type: str, data: bytes) -> SelectResult | bool:
    """Oxigraph's answer (SPARQL JSON results, or N-Triples for CONSTRUCT/DESCRIBE) as rows of rdflib terms."""
    media = content_type.split(";")[0].strip().lower()
    convert = caching_converter()
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media)
    except ValueError:
        results_format = None
    if results_format is not None:
        parsed = ox.parse_query_results(data, format=results_format)
        if isinstance(parsed, ox.QueryBoolean):
            return bool(parsed)
        variables = [v.value for v in parsed.variables]
        rows = [tuple(None if s[v] is None else convert(s[v]) for v in variables) for s in parsed]
        return SelectResult(variables, rows)
    triples = ox.parse(data, format=ox.RdfFormat.from_media_type(media))
    rows = [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in triples]
    return SelectResult(["subject", "predicate", "object"], rows)  # type: ignore[arg-type]


__all__ = ["LivePortal", "parse_answer"]
