"""The ASGI front of ``npdw serve``: Starlette, run by uvicorn, reaching Oxigraph with httpx.

Routes (one port for the whole portal):

- ``/sparql``, ``/query`` (and ``/ui/sparql``, ``/ui/query`` for Oxigraph's screen): the SPARQL 1.1
  Protocol, GET and POST, proxied to Oxigraph under a time limit, a row limit and a byte limit.
  A browser (``Accept: text/html``) gets the results as a page in the portal layout, and
  ``/sparql`` without a query shows the query editor.
- ``/update``, ``/store``: writes, refused (403) unless started with a write token; then only with
  ``Authorization: Bearer <token>`` (401 otherwise). ``GET /store`` is a read under the limits.
- ``/id/...``: content negotiation (303 to ``/doc/...`` for HTML; Turtle, JSON-LD, N-Triples, RDF/XML).
- ``/vragen/``, ``/vragen/<name>``: the named queries with their forms (:mod:`npdw_graph.web.questions`).
- ``/zoeken``: search (:mod:`npdw_graph.web.search`).
- ``/static/...``: the web layer's files; everything else: the static site (``dist/site/``),
  never anything outside it (the raw, undecoded path is checked by ``resolve_static``).

Errors are one Dutch line for machines and a page in the layout for browsers.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
from rdflib import Graph, URIRef
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from npdw_graph.answer_cache import CACHE_CONTROL, AnswerCache, Cached, folder_stamp
from npdw_graph.serve import (
    CANCELLED,
    HTML_TYPES,
    MAX_DRAIN_BYTES,
    MAX_QUERY_BYTES,
    MAX_RESULT_BYTES,
    MSG_BACKEND,
    MSG_NO_QUERY,
    MSG_NOT_ACCEPTABLE,
    MSG_NOT_FOUND,
    MSG_READ_ONLY,
    MSG_UNAUTHORISED,
    UI_ASSETS,
    WRITE_TIMEOUT,
    ServeConfig,
    content_type_for,
    count_results,
    describe_resource,
    msg_byte_limit,
    msg_row_limit,
    msg_time_limit,
    negotiate,
    parse_accept,
    resolve_static,
    serialise,
)

log = logging.getLogger("npdw.serve")

MSG_METHOD = "Methode niet toegestaan (method not allowed)."
MSG_BAD_REQUEST = "Ongeldig verzoek (bad request)."
MSG_INTERNAL = "Interne fout in npdw serve (internal error); de melding staat in het logboek van de server."
MSG_INCOMPLETE = "De SPARQL-server gaf een onvolledig antwoord (incomplete response from Oxigraph)."
MSG_MEDIA = "Onbekend Content-Type voor een query (use application/sparql-query or a form)."
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"server", b"npdw-serve"), (b"referrer-policy", b"same-origin")]
# The ``format`` parameter of /sparql (the download links of the results page): the media type asked of Oxigraph.
DOWNLOAD_TYPES = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/sparql-results+json",
                  "xml": "application/sparql-results+xml", "ttl": "text/turtle", "nt": "application/n-triples"}
ANY = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")  # each route answers 405 itself, in Dutch
HTML_RESULT_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
TITLES = {400: "Ongeldig verzoek", 401: "Niet gemachtigd", 403: "Alleen lezen", 404: "Niet gevonden", 405: "Methode niet toegestaan",
          406: "Niet beschikbaar in dit formaat", 411: "Lengte vereist", 413: "Te groot", 415: "Onbekend formaat", 500: "Interne fout",
          502: "SPARQL-server niet bereikbaar", 503: "Tijdslimiet overschreden"}


class Refused(Exception):
    """An answer other than success: status, one Dutch line, extra headers; ``close`` drains and ends the connection."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, *, close: bool = False):
        super().__init__(message)
        self.status, self.message, self.headers, self.close = status, message, headers or {}, close


# --- who is asking ---------------------------------------------------------------------------------------

def prefers_html(accept: str | None) -> bool:
    """A browser: it names text/html (or XHTML) with a q at least as high as any other type it names."""
    ranges = parse_accept(accept)
    html_q = max((q for media, q in ranges if media in HTML_TYPES), default=0.0)
    if html_q <= 0:
        return False
    other = max((q for media, q in ranges if media not in HTML_TYPES and not media.endswith("/*")), default=0.0)
    return html_q >= other


def page_path_for(url_path: str) -> str:
    """Where a page answering ``url_path`` sits under the portal root (for its relative links)."""
    path = url_path.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return path


def text_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response((message + "\n").encode("utf-8"), status, headers=headers, media_type="text/plain; charset=utf-8")


def html_response(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body.encode("utf-8"), status, headers={"Cache-Control": "no-store", **(headers or {})}, media_type="text/html; charset=utf-8")


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """One Dutch line for machines; for a browser the same message as a page in the portal layout."""
    if request.method in ("GET", "HEAD") and prefers_html(request.headers.get("accept")):
        from npdw_graph.web import render

        page = render("message.html", page_path=page_path_for(raw_path(request)), title=TITLES.get(status, "Fout"), message=message,
                      status=status)
        return html_response(page, status, headers)
    return text_response(status, message, headers)


def raw_path(request: Request) -> str:
    """The path exactly as the client sent it (percent-encoded), never decoded twice."""
    raw = request.scope.get("raw_path")
    text = raw.decode("latin-1") if raw else urllib.parse.quote(request.url.path)
    return text.split("?", 1)[0]


# --- the app state ---------------------------------------------------------------------------------------

@dataclass
class Front:
    config: ServeConfig
    oxigraph_url: str
    graph: Graph
    _client: httpx.AsyncClient | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _portal: Any = None
    answers: AnswerCache = field(default_factory=AnswerCache)  # read answers until the next write (answer_cache.py)

    def client(self) -> httpx.AsyncClient:
        """The connection pool to Oxigraph (one per event loop; ``trust_env`` off: never through a proxy)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = httpx.AsyncClient(base_url=self.oxigraph_url, trust_env=False, timeout=httpx.Timeout(self.config.timeout),
                                             headers={"Accept-Encoding": "identity"},
                                             limits=httpx.Limits(max_connections=64, max_keepalive_connections=16))
            self._loop = loop
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def portal(self):
        """The live portal (questions, search, pages), made on first use: it holds its own store."""
        if self._portal is None:
            from npdw_graph.web.live import LivePortal

            self._portal = LivePortal(self.config, self.graph)
        return self._portal

    # -- talking to Oxigraph --

    async def fetch(self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
                    timeout: float | None = None, max_bytes: int | None = None) -> tuple[int, str, bytes]:
        """Ask Oxigraph, reading the answer under a total deadline and a byte cap (``Refused`` when over)."""
        timeout = self.config.timeout if timeout is None else timeout
        max_bytes = self.config.max_result_bytes if max_bytes is None else max_bytes
        chunks: list[bytes] = []
        try:
            async with asyncio.timeout(timeout):
                async with self.client().stream(method, path, content=body, headers=headers or {}, timeout=timeout) as response:
                    size = 0
                    try:
                        async for chunk in response.aiter_raw():
                            chunks.append(chunk)
                            size += len(chunk)
                            if size > max_bytes:
                                raise Refused(413, msg_byte_limit(max_bytes))
                    except (httpx.RemoteProtocolError, httpx.ReadError):
                        pass  # a broken stream: whatever came is judged by the caller
                    return response.status_code, response.headers.get("content-type", "application/octet-stream"), b"".join(chunks)
        except (TimeoutError, httpx.TimeoutException):
            raise Refused(503, msg_time_limit(timeout)) from None
        except httpx.TransportError:
            raise Refused(502, MSG_BACKEND) from None

    async def limited_answer(self, method: str, path: str, *, body: bytes | None, headers: dict[str, str]) -> tuple[int, str, bytes]:
        """A query's answer from Oxigraph, refused when it hit the time limit, is cut off or has too many rows."""
        status, ctype, data = await self.fetch(method, path, body=body, headers=headers)
        if status != 200:
            return status, ctype, data
        if CANCELLED in data[-200:]:  # Oxigraph hit its own time limit after it had sent the header
            raise Refused(503, msg_time_limit(self.config.timeout))
        rows = await run_in_threadpool(count_results, data, ctype)
        if rows is None:
            raise Refused(502, MSG_INCOMPLETE)
        if rows > self.config.max_rows:
            raise Refused(413, msg_row_limit(self.config.max_rows))
        return status, ctype, data


# --- request bodies --------------------------------------------------------------------------------------

def _content_length(request: Request) -> int | None:
    value = request.headers.get("content-length")
    if value is None:
        return None
    try:
        length = int(value)
    except ValueError:
        raise Refused(400, MSG_BAD_REQUEST, close=True) from None
    if length < 0:
        raise Refused(400, MSG_BAD_REQUEST, close=True)
    return length


async def read_body(request: Request, limit: int = MAX_QUERY_BYTES) -> bytes:
    """The request body, at most ``limit`` bytes (413 above it)."""
    too_big = Refused(413, f"Verzoek te groot: meer dan {limit // 1024} KB (request too large).", close=True)
    length = _content_length(request)
    if length is not None and length > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # noqa: SLF001 - Starlette's cache, so a later .form()/.body() sees it
    return body


async def drain(request: Request) -> None:
    """Read (and drop) a refused request's body up to a moderate size, so the client gets to see the answer."""
    try:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_DRAIN_BYTES:
                return
    except (ClientDisconnect, RuntimeError):  # gone, or the body was read already
        return


# --- SPARQL ----------------------------------------------------------------------------------------------

def _form(body: bytes) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


def _without(query_string: str, *names: str) -> str:
    pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
    return urllib.parse.urlencode([(k, v) for k, v in pairs if k not in names])


async def sparql(request: Request) -> Response:
    front: Front = request.app.state.front
    qs = request.scope.get("query_string", b"").decode("latin-1")
    params = urllib.parse.parse_qs(qs, keep_blank_values=True)
    accept = request.headers.get("accept")
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            return await write(request, "/update", qs)
        fmt = (params.get("format") or [""])[0]
        if prefers_html(accept) and ("editor" in params or "query" not in params):
            query, title = (params.get("query") or [""])[0], (params.get("titel") or [""])[0]
            return html_response(await run_in_threadpool(front.portal().editor_page, query, title))
        if "query" not in params:
            return text_response(400, MSG_NO_QUERY)
        if prefers_html(accept) and fmt not in DOWNLOAD_TYPES:
            return await results_page(request, params["query"][0], qs)
        return await proxy_query(request, "GET", f"/query?{_without(qs, 'format')}", None, None, fmt)
    if request.method != "POST":
        raise Refused(405, MSG_METHOD, {"Allow": "GET, POST"}, close=True)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        return await write(request, "/update", qs)
    if ctype == "application/x-www-form-urlencoded":
        body = await read_body(request)
        form = _form(body)
        if "update" in form:
            return await write(request, "/update", qs, body=body)
        if "query" not in form:
            return text_response(400, MSG_NO_QUERY)
        if prefers_html(accept):
            return await results_page(request, form["query"][0], qs)
    elif ctype == "application/sparql-query":
        body = await read_body(request)
    else:
        raise Refused(415, MSG_MEDIA, close=True)
    path = "/query" + (f"?{qs}" if qs else "")
    return await proxy_query(request, "POST", path, body, request.headers.get("content-type"), None)


async def proxy_query(request: Request, method: str, path: str, body: bytes | None, content_type: str | None, fmt: str | None) -> Response:
    front: Front = request.app.state.front
    accept = DOWNLOAD_TYPES.get(fmt or "") or request.headers.get("accept") or \
        "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.5"
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type
    cache = front.answers
    key = cache.key(method, path, body or b"", accept, content_type or "")
    extra = {"Vary": "Accept", "Cache-Control": CACHE_CONTROL, "ETag": cache.etag(key)}
    if fmt in DOWNLOAD_TYPES:
        extra["Content-Disposition"] = f'attachment; filename="resultaat.{fmt}"'
    if cache.not_modified(request.headers.get("if-none-match"), key):
        return Response(b"", 304, headers=extra)
    kept = cache.get(key)
    if kept is None:
        generation = cache.generation
        status, ctype, data = await front.limited_answer(method, path, body=body, headers=headers)
        if status != 200:
            return Response(data, status, media_type=ctype)
        kept = Cached(status, ctype, data)
        cache.put(key, kept, generation)
        extra["ETag"] = cache.etag(key)  # the generation may have moved on while the query ran
    return Response(kept.body, 200, headers=extra, media_type=kept.media_type)


async def results_page(request: Request, query: str, qs: str) -> Response:
    """A browser asked /sparql for a query: run it under the same limits and show the answer as a page."""
    front: Front = request.app.state.front
    try:
        status, ctype, data = await front.limited_answer("POST", "/query", body=query.encode("utf-8"),
                                                         headers={"Accept": HTML_RESULT_ACCEPT, "Content-Type": "application/sparql-query"})
    except Refused as e:
        page = await run_in_threadpool(front.portal().sparql_page, query, None, e.message)
        return html_response(page, e.status)
    if status != 200:
        message = "De SPARQL-server heeft de query niet uitgevoerd: " + (data.decode("utf-8", errors="replace").strip() or f"HTTP {status}")
        page = await run_in_threadpool(front.portal().sparql_page, query, None, message)
        return html_response(page, status)
    page = await run_in_threadpool(front.portal().sparql_page, query, (ctype, data), None)
    return html_response(page)


# --- writes ------------------------------------------------------------------------------------------------

def authorise(request: Request, config: ServeConfig) -> None:
    token = config.write_token
    if not token:
        raise Refused(403, MSG_READ_ONLY, close=True)
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise Refused(401, MSG_UNAUTHORISED, {"WWW-Authenticate": 'Bearer realm="npdw"'}, close=True)


async def _body_chunks(request: Request) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        if chunk:
            yield chunk


async def write(request: Request, target: str, qs: str, body: bytes | None = None) -> Response:
    front: Front = request.app.state.front
    authorise(request, front.config)
    if request.method not in ("POST", "PUT", "DELETE", "GET"):
        raise Refused(405, MSG_METHOD, close=True)
    path = target + (f"?{qs}" if qs else "")
    headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "accept")}
    content: bytes | AsyncIterator[bytes] | None
    if body is not None:
        content = body
    else:
        length = _content_length(request)
        if length is not None:
            headers["Content-Length"] = str(length)
        content = _body_chunks(request) if length or request.headers.get("transfer-encoding") else None
    if request.method != "GET":
        front.answers.new_generation()  # the data may change from now on: no answer from before is kept or given
    try:
        response = await front.client().request(request.method, path, content=content, headers=headers, timeout=WRITE_TIMEOUT)
    except ClientDisconnect:  # the client went away mid-upload: Oxigraph sees a broken request and keeps its graph
        return Response(b"", 400, headers={"Connection": "close"})
    except httpx.TransportError:
        return text_response(502, MSG_BACKEND)
    finally:
        if request.method != "GET":
            front.answers.new_generation()  # and answers computed during the write are not kept either
    return Response(response.content, response.status_code, media_type=response.headers.get("content-type", "text/plain; charset=utf-8"))


async def update(request: Request) -> Response:
    qs = request.scope.get("query_string", b"").decode("latin-1")
    return await write(request, "/update", qs)


async def store(request: Request) -> Response:
    front: Front = request.app.state.front
    qs = request.scope.get("query_string", b"").decode("latin-1")
    if request.method not in ("GET", "HEAD"):
        return await write(request, "/store", qs)
    headers = {"Accept": request.headers.get("accept") or "application/n-triples"}
    status, ctype, data = await front.fetch("GET", "/store" + (f"?{qs}" if qs else ""), headers=headers)
    if status == 200 and (await run_in_threadpool(count_results, data, ctype) or 0) > front.config.max_rows:
        raise Refused(413, msg_row_limit(front.config.max_rows))
    return Response(data, status, media_type=ctype)


# --- Oxigraph's query UI, passed through -------------------------------------------------------------------

async def ui_redirect(request: Request) -> Response:
    return Response(b"", 301, headers={"Location": "/ui/"}, media_type="text/plain")


async def ui(request: Request) -> Response:
    if request.method not in ("GET", "HEAD"):
        raise Refused(405, MSG_METHOD, close=True)
    path = request.url.path
    target = "/" if path == "/ui/" else "/" + path.rsplit("/", 1)[-1]
    front: Front = request.app.state.front
    status, ctype, data = await front.fetch("GET", target, timeout=30.0, max_bytes=MAX_RESULT_BYTES)
    headers = {"Cache-Control": "max-age=3600"} if target != "/" and status == 200 else None
    return Response(data, status, headers=headers, media_type=ctype)


# --- linked data ---------------------------------------------------------------------------------------------

async def conneg(request: Request) -> Response:
    if request.method not in ("GET", "HEAD"):
        raise Refused(405, MSG_METHOD, {"Allow": "GET, HEAD"}, close=True)
    front: Front = request.app.state.front
    vary = {"Vary": "Accept"}
    rest = urllib.parse.unquote(raw_path(request)[len("/id/"):])
    segments = rest.split("/")
    if not rest or any(not _SLUG_SEGMENT(s) or s in (".", "..") for s in segments):
        return text_response(404, MSG_NOT_FOUND, vary)
    iri = URIRef(front.config.base + "id/" + rest)
    if (iri, None, None) not in front.graph and (None, None, iri) not in front.graph:
        return text_response(404, MSG_NOT_FOUND, vary)
    chosen = negotiate(request.headers.get("accept"))
    if chosen is None:
        return text_response(406, MSG_NOT_ACCEPTABLE, vary)
    doc = f"/doc/{rest}"
    if chosen in HTML_TYPES:
        return Response(f"Zie {doc}\n".encode(), 303, headers={**vary, "Location": doc}, media_type="text/plain; charset=utf-8")
    body = await run_in_threadpool(lambda: serialise(describe_resource(front.graph, iri), chosen))
    ctype = chosen + ("; charset=utf-8" if chosen == "text/turtle" else "")
    return Response(body, 200, headers={**vary, "Link": f'<{doc}>; rel="alternate"; type="text/html"'}, media_type=ctype)


def _SLUG_SEGMENT(segment: str) -> bool:  # noqa: N802 - reads as a rule
    return bool(segment) and all(c.isascii() and (c.isalnum() or c in "._~-") for c in segment)


# --- the portal: live pages, the web layer's files, the static site -------------------------------------------

def _package_static(name: str) -> bytes | None:
    if not name or "/" in name or name.startswith(".") or "\\" in name:
        return None
    entry = files("npdw_graph.web") / "static" / name
    return entry.read_bytes() if entry.is_file() else None


async def static(request: Request) -> Response:
    """``/static/<file>``: the web layer's own files (the running code's CSS and scripts), else the site's."""
    if request.method not in ("GET", "HEAD"):
        raise Refused(405, MSG_METHOD, {"Allow": "GET, HEAD"}, close=True)
    name = urllib.parse.unquote(raw_path(request)[len("/static/"):])
    data = _package_static(name)
    if data is None:
        return await site(request)
    return Response(data, 200, headers={"Cache-Control": "no-cache"}, media_type=content_type_for(Path(name)))


async def site(request: Request) -> Response:
    if request.method not in ("GET", "HEAD"):
        raise Refused(405, MSG_METHOD, {"Allow": "GET, HEAD"}, close=True)
    front: Front = request.app.state.front
    path = raw_path(request)
    file = resolve_static(front.config.site_dir, path)
    if file is None:
        if path == "/":
            return html_response(await run_in_threadpool(front.portal().landing_page))
        if path == "/favicon.ico":  # browsers ask for it by themselves: no icon, and no error in their console
            return Response(b"", 204)
        return error_response(request, 404, MSG_NOT_FOUND)
    return Response(await run_in_threadpool(file.read_bytes), 200, media_type=content_type_for(file))


def _portal_route(method: str) -> Callable[[Request], Awaitable[Response]]:
    """A live page of the portal (``LivePortal.<method>(request_path, params)``), rendered off the event loop."""

    async def endpoint(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise Refused(405, MSG_METHOD, {"Allow": "GET, HEAD"}, close=True)
        front: Front = request.app.state.front
        qs = request.scope.get("query_string", b"").decode("latin-1")
        params = dict(urllib.parse.parse_qsl(qs, keep_blank_values=True))
        # The same page for the same request until the data or a named query changes (answer_cache.py).
        cache = front.answers
        key = cache.key("page", method, request.url.path, qs, folder_stamp(front.config.queries_dir))
        if cache.not_modified(request.headers.get("if-none-match"), key):
            return Response(b"", 304, headers={"ETag": cache.etag(key), "Cache-Control": CACHE_CONTROL})
        kept = cache.get(key)
        if kept is None:
            generation = cache.generation
            answer = await run_in_threadpool(getattr(front.portal(), method), request.url.path, request.path_params, params)
            if answer is None:
                return error_response(request, 404, MSG_NOT_FOUND)
            if answer.status_code != 200:
                return answer
            disposition = answer.headers.get("content-disposition")
            kept = Cached(200, answer.headers.get("content-type", "text/html; charset=utf-8"), bytes(answer.body),
                          (("Content-Disposition", disposition),) if disposition else ())
            cache.put(key, kept, generation)
        return Response(kept.body, 200, headers={"ETag": cache.etag(key), "Cache-Control": CACHE_CONTROL, **dict(kept.headers)},
                        media_type=kept.media_type)

    return endpoint


# --- the app -----------------------------------------------------------------------------------------------------

def guarded(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """Every refusal as a Dutch answer; a refusal that closes the connection first reads the body."""

    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Refused as e:
            if e.close:
                await drain(request)
                return error_response(request, e.status, e.message, {**e.headers, "Connection": "close"})
            return error_response(request, e.status, e.message, e.headers)
        except ClientDisconnect:
            return Response(b"", 400, headers={"Connection": "close"})
        except Exception:
            log.exception("npdw serve: %s %s failed", request.method, request.url.path)
            return error_response(request, 500, MSG_INTERNAL)

    return run


class SecurityHeaders:
    """``X-Content-Type-Options: nosniff`` (and the server's name) on every answer."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in SECURITY_HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(config: ServeConfig, oxigraph_url: str, graph: Graph) -> Starlette:
    """The ASGI app of the front (``app.state.front`` holds its state)."""
    front = Front(config=config, oxigraph_url=oxigraph_url, graph=graph)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await front.close()

    questions = _portal_route("question_page")
    index = _portal_route("questions_index")
    search = _portal_route("search_page")
    routes = [
        *(Route(p, guarded(sparql), methods=ANY) for p in ("/sparql", "/query", "/ui/sparql", "/ui/query")),
        *(Route(p, guarded(update), methods=ANY) for p in ("/update", "/ui/update")),
        Route("/store", guarded(store), methods=ANY),
        Route("/ui", guarded(ui_redirect), methods=ANY),
        Route("/ui/", guarded(ui), methods=ANY),
        *(Route(f"/ui/{name}", guarded(ui), methods=ANY) for name in UI_ASSETS),
        Route("/logo.svg", guarded(ui), methods=ANY),
        Route("/id/{rest:path}", guarded(conneg), methods=ANY),
        *(Route(p, guarded(index), methods=ANY) for p in ("/vragen", "/vragen/", "/vragen/index.html")),
        Route("/vragen/{name}", guarded(questions), methods=ANY),
        *(Route(p, guarded(search), methods=ANY) for p in ("/zoeken", "/zoeken/", "/zoeken/index.html")),
        Route("/static/{name:path}", guarded(static), methods=ANY),
        Route("/{path:path}", guarded(site), methods=ANY),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.router.redirect_slashes = False
    app.state.front = front
    app.add_middleware(SecurityHeaders)
    return app
