"""``npdw serve``: a real Oxigraph SPARQL server behind a small, safe front.

The front is a stdlib HTTP server (bound to 127.0.0.1 unless told otherwise) that

- proxies SPARQL queries (``/sparql``, ``/query``; SPARQL 1.1 Protocol, GET and POST) to an
  Oxigraph server loaded with the built graph, with a time limit and a result-size limit;
- refuses SPARQL Update and Graph Store writes (``/update``, ``/store``) unless it was started
  with a write token and the request carries ``Authorization: Bearer <token>``;
- answers content negotiation on ``/id/...``: 303 to ``/doc/...`` for HTML, the resource's
  description as Turtle, JSON-LD, N-Triples or RDF/XML otherwise;
- serves the static site (``dist/site/``) and nothing outside it;
- passes Oxigraph's own query UI through at ``/ui/`` (its queries go through the same limits).

``start_server(graph)`` starts both in-process and returns a :class:`RunningServer` (tests use
port 0); ``serve_forever`` is what the CLI runs until Ctrl-C.
"""

from __future__ import annotations

import atexit
import csv
import ctypes
import hmac
import http.client
import io
import math
import mimetypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from npdw_graph.errors import NpdwError
from npdw_graph.load import new_graph
from npdw_graph.namespaces import DEFAULT_BASE, PREFIXES
from npdw_graph.rdfterms import add_ox_triples

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_RESULT_BYTES = 64 * 1024 * 1024
MAX_QUERY_BYTES = 1024 * 1024
MAX_DRAIN_BYTES = 64 * 1024 * 1024  # a refused upload up to this size is read, so the client sees the refusal
CLIENT_TIMEOUT = 120.0  # seconds a client may stay silent mid-request
WRITE_TIMEOUT = 600.0
UI_ASSETS = ("yasgui.min.js", "yasgui.min.css", "logo.svg")
CANCELLED = b"The SPARQL operation has been cancelled"

# What /id/... can answer, in the server's order of preference (HTML first, for browsers and */*).
HTML_TYPES = ("text/html", "application/xhtml+xml")
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
OFFERED = (*HTML_TYPES, *RDF_TYPES)


# --- messages (one line, Dutch first, English in brackets) -------------------------------------

def msg_time_limit(seconds: float) -> str:
    return (f"Tijdslimiet overschreden: de query liep langer dan {seconds:g} s (query time limit exceeded). "
            "Maak de vraag specifieker of gebruik LIMIT.")


def msg_row_limit(rows: int) -> str:
    return f"Resultaat te groot: meer dan {rows} rijen (result-size limit of {rows} rows exceeded). Gebruik LIMIT of een filter."


def msg_byte_limit(max_bytes: int) -> str:
    return (f"Resultaat te groot: meer dan {max_bytes // (1024 * 1024)} MB (result-size limit exceeded). "
            "Gebruik LIMIT of een filter.")


MSG_READ_ONLY = ("Alleen lezen: dit SPARQL-endpoint accepteert geen wijzigingen "
                 "(read-only endpoint; start npdw serve with --write-token to allow writes).")
MSG_UNAUTHORISED = "Niet gemachtigd: wijzigen vraagt een geldig token (send Authorization: Bearer <token>)."
MSG_NOT_FOUND = "Niet gevonden (not found)."
MSG_NOT_ACCEPTABLE = "Niet beschikbaar in dit formaat (not acceptable); beschikbaar: " + ", ".join(("text/html", *RDF_TYPES)) + "."
MSG_BACKEND = "De SPARQL-server (Oxigraph) is niet bereikbaar (SPARQL backend unavailable)."
MSG_NO_QUERY = "Geen query meegegeven (missing 'query' parameter; see the SPARQL 1.1 Protocol)."


# --- the Oxigraph process ------------------------------------------------------------------------

def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: beside this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise NpdwError("the Oxigraph server binary 'oxigraph' was not found; install it with: pip install oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM when the process that started it dies (no orphan servers)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


class OxigraphServer:
    """One ``oxigraph serve`` (writable) or ``serve-read-only`` process on a loopback port.

    With ``data`` the store is loaded with that N-Triples file first (``oxigraph load``, the
    fast bulk loader) into a temporary folder; without it, a writable server starts in memory.
    ``stop()`` ends the process and removes the folder; it is safe to call twice.
    """

    def __init__(self, data: Path | None = None, *, writable: bool = False, timeout: float | None = None):
        if data is None and not writable:
            raise ValueError("a read-only Oxigraph server needs data to load")
        self.data = data
        self.writable = writable
        self.timeout = timeout
        self.binary = find_oxigraph()
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._tmp: Path | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> OxigraphServer:
        self._tmp = Path(tempfile.mkdtemp(prefix="npdw-oxigraph-"))
        try:
            location = None
            if self.data is not None:
                location = self._tmp / "store"
                self._load(location)
            for _attempt in range(3):
                self.port = free_port()
                if self._spawn(location):
                    atexit.register(self.stop)
                    return self
            raise NpdwError(f"Oxigraph did not start: {self.log_tail()}")
        except BaseException:
            self.stop()
            raise

    def _load(self, location: Path) -> None:
        cmd = [self.binary, "load", "--location", str(location), "--file", str(self.data)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
        except subprocess.TimeoutExpired:
            raise NpdwError(f"loading {self.data} into Oxigraph took longer than an hour") from None
        if done.returncode != 0:
            raise NpdwError(f"Oxigraph could not load {self.data}: {_last_line(done.stderr or done.stdout)}")

    def _spawn(self, location: Path | None) -> bool:
        assert self._tmp is not None
        cmd = [self.binary, "serve" if self.writable else "serve-read-only", "--bind", f"127.0.0.1:{self.port}"]
        if location is not None:
            cmd += ["--location", str(location)]
        if self.timeout:
            cmd += ["--timeout-s", str(max(1, math.ceil(self.timeout)))]
        if self._log:
            self._log.close()
        self._log = open(self._tmp / "oxigraph.log", "w+b")  # noqa: SIM115 - closed in stop()
        # Its own session: a Ctrl-C in the terminal reaches only npdw, which then stops Oxigraph in order.
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        deadline = time.monotonic() + 60
        probe = f"{self.url}/query?query=" + urllib.parse.quote("ASK {}")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(probe, timeout=2) as r:
                    if r.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        self._terminate()
        return False

    def log_tail(self) -> str:
        if self._tmp and (self._tmp / "oxigraph.log").exists():
            return _last_line((self._tmp / "oxigraph.log").read_text(errors="replace"))
        return "no output"

    def _terminate(self) -> None:
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        self._terminate()
        if self._log:
            self._log.close()
            self._log = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        atexit.unregister(self.stop)

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- content negotiation and resource descriptions -----------------------------------------------

def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values; an absent or empty header means ``*/*``."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media == "*":
            media = "*/*"
        if "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = min(max(float(f[2:]), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges or [("*/*", 1.0)]


def negotiate(header: str | None, offered: Sequence[str] = OFFERED) -> str | None:
    """The offered type with the highest q (most specific matching range wins); ties go to the server's order."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for offer in offered:
        main_type = offer.split("/", 1)[0]
        q_for, specificity = 0.0, -1
        for media, q in ranges:
            if media == offer:
                level = 2
            elif media == f"{main_type}/*":
                level = 1
            elif media == "*/*":
                level = 0
            else:
                continue
            if level > specificity:
                specificity, q_for = level, q
        if q_for > best_q:
            best, best_q = offer, q_for
    return best


def _fallback_describe(graph: Graph, iri: URIRef) -> Graph:
    """The resource's own triples plus the blank nodes it holds (recursively)."""
    out = new_graph()
    todo: list = [iri]
    seen: set = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for s, p, o in graph.triples((subject, None, None)):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def describe_resource(graph: Graph, iri: URIRef) -> Graph:
    try:
        from npdw_graph.describe import describe  # written by the export work (issue 6)
    except ImportError:
        return _fallback_describe(graph, iri)
    return describe(graph, iri)


def serialise(description: Graph, media_type: str) -> bytes:
    fmt = RDF_TYPES[media_type]
    for prefix, ns in PREFIXES.items():
        description.bind(prefix, ns, override=True)
    if fmt == "json-ld":
        used = {str(t) for triple in description for t in triple if isinstance(t, URIRef)}
        context = {p: ns for p, ns in PREFIXES.items() if any(u.startswith(ns) for u in used)}
        return description.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    return description.serialize(format=fmt, encoding="utf-8")


def read_graph(nt_file: Path) -> Graph:
    """Parse an N-Triples file into rdflib quickly (pyoxigraph parser)."""
    g = new_graph()
    add_ox_triples(g, ox.parse(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES))
    return g


# --- the static site ------------------------------------------------------------------------------

_SAFE_SEGMENT = re.compile(r"^[^\x00-\x1f\\]+$")


def resolve_static(site_dir: Path | None, raw_path: str) -> Path | None:
    """The file under ``site_dir`` for a URL path, or None (never anything outside the folder).

    The path is percent-decoded once; ``.`` and ``..`` segments, hidden files, backslashes and
    control characters are refused, and the resolved file (symlinks followed) must lie inside.
    """
    if site_dir is None or not site_dir.is_dir():
        return None
    try:
        path = urllib.parse.unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") or not _SAFE_SEGMENT.match(p) for p in parts):
        return None
    root = site_dir.resolve()
    target = root.joinpath(*parts)
    candidates = [target / "index.html", target] if not parts or path.endswith("/") else [target, target.with_name(target.name + ".html"),
                                                                                           target / "index.html"]
    for candidate in candidates:
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if real.is_file() and real.is_relative_to(root):
            return real
    return None


_EXTRA_TYPES = {".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                ".rdf": "application/rdf+xml", ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
                ".txt": "text/plain; charset=utf-8", ".md": "text/markdown; charset=utf-8", ".csv": "text/csv; charset=utf-8"}


def content_type_for(path: Path) -> str:
    return _EXTRA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


# --- the front server -----------------------------------------------------------------------------

@dataclass
class ServeConfig:
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    write_token: str | None = None
    site_dir: Path | None = None
    base: str = DEFAULT_BASE
    max_result_bytes: int = MAX_RESULT_BYTES


class _Limited:
    """A file-like view of exactly ``length`` bytes of a request body; a short body is an error."""

    def __init__(self, raw, length: int):
        self.raw, self.left = raw, length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        n = self.left if size is None or size < 0 else min(size, self.left)
        data = self.raw.read(n)
        if not data:
            raise ConnectionError("the client closed the connection before sending the whole body")
        self.left -= len(data)
        return data


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class FrontServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], config: ServeConfig, oxigraph: OxigraphServer, graph: Graph):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.config = config
        self.oxigraph = oxigraph
        self.graph = graph
        super().__init__(address, FrontHandler)


class FrontHandler(BaseHTTPRequestHandler):
    server: FrontServer
    protocol_version = "HTTP/1.1"
    timeout = CLIENT_TIMEOUT
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle holds the body back until the
    # client acknowledges the headers, which a keep-alive client delays by up to 40 ms.
    disable_nagle_algorithm = True
    _body_read = False

    def version_string(self) -> str:
        return "npdw-serve"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass  # quiet: the CLI prints its own lines

    # -- plumbing --

    @property
    def config(self) -> ServeConfig:
        return self.server.config

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _refuse(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        """Answer and close the connection; a body of moderate size is read first, so the client gets to see the answer."""
        self.close_connection = True
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if self._body_read:
            length = 0
        if 0 < length <= MAX_DRAIN_BYTES and self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            try:
                while length > 0:
                    chunk = self.rfile.read(min(length, 65536))
                    if not chunk:
                        break
                    length -= len(chunk)
            except OSError:
                return
        self._text(status, message, {**(headers or {}), "Connection": "close"})

    def _body(self, limit: int) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise _Refused(411, "Content-Length vereist (chunked request bodies are not supported).")
        length = int(self.headers.get("Content-Length") or 0)
        if length > limit:
            raise _Refused(413, f"Verzoek te groot: meer dan {limit // 1024} KB (request too large).")
        self._body_read = True
        return self.rfile.read(length) if length else b""

    def _route(self) -> None:
        self._body_read = False
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        try:
            if path in ("/sparql", "/query", "/ui/sparql", "/ui/query"):
                self._sparql(parts.query)
            elif path in ("/update", "/ui/update"):
                self._write("/update", parts.query)
            elif path == "/store":
                if self.command in ("GET", "HEAD"):
                    self._read_store(parts.query)
                else:
                    self._write("/store", parts.query)
            elif path == "/ui":
                self._send(301, b"", "text/plain", {"Location": "/ui/"})
            elif path == "/ui/" or path.removeprefix("/ui/") in UI_ASSETS or path == "/logo.svg":
                self._ui(path)
            elif path.startswith("/id/"):
                self._conneg(path)
            else:
                self._static(path)
        except _Refused as e:
            self._refuse(e.status, e.message, e.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except ValueError:  # e.g. a Content-Length that is not a number
            self._body_read = True
            self._refuse(400, "Ongeldig verzoek (bad request).")

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._route()

    def do_HEAD(self) -> None:  # noqa: N802
        self._route()

    def do_POST(self) -> None:  # noqa: N802
        self._route()

    def do_PUT(self) -> None:  # noqa: N802
        self._route()

    def do_DELETE(self) -> None:  # noqa: N802
        self._route()

    def do_PATCH(self) -> None:  # noqa: N802
        self._route()

    # -- SPARQL --

    def _sparql(self, query_string: str) -> None:
        if self.command in ("GET", "HEAD"):
            params = urllib.parse.parse_qs(query_string)
            if "update" in params:
                self._write("/update", query_string)
                return
            if "query" not in params:
                self._text(400, MSG_NO_QUERY)
                return
            self._query("GET", f"/query?{query_string}", None, None)
            return
        if self.command != "POST":
            self._refuse(405, "Methode niet toegestaan (method not allowed).", {"Allow": "GET, POST"})
            return
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            self._write("/update", query_string)
            return
        if ctype == "application/x-www-form-urlencoded":
            # Peek at the form without consuming it for a write we may refuse: writes are small forms too.
            body = self._body(MAX_QUERY_BYTES)
            form = urllib.parse.parse_qs(body.decode("utf-8", errors="replace"))
            if "update" in form:
                self._write("/update", query_string, body=body)
                return
            if "query" not in form:
                self._text(400, MSG_NO_QUERY)
                return
        elif ctype == "application/sparql-query":
            body = self._body(MAX_QUERY_BYTES)
        else:
            self._refuse(415, "Onbekend Content-Type voor een query (use application/sparql-query or a form).")
            return
        path = "/query" + (f"?{query_string}" if query_string else "")
        self._query("POST", path, body, self.headers.get("Content-Type"))

    def _query(self, method: str, path: str, body: bytes | None, content_type: str | None) -> None:
        cfg = self.config
        headers = {"Accept": self.headers.get("Accept") or "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.5"}
        if content_type:
            headers["Content-Type"] = content_type
        status, ctype, data, error = self._fetch(method, path, body, headers, cfg.timeout, cfg.max_result_bytes)
        if error is not None:
            self._text(*error)
            return
        if status != 200:
            self._send(status, data, ctype)
            return
        if CANCELLED in data[-200:]:  # Oxigraph hit its own time limit after it had sent the header
            self._text(503, msg_time_limit(cfg.timeout))
            return
        count = _count_results(data, ctype)
        if count is None:
            self._text(502, "De SPARQL-server gaf een onvolledig antwoord (incomplete response from Oxigraph).")
            return
        if count > cfg.max_rows:
            self._text(413, msg_row_limit(cfg.max_rows))
            return
        self._send(200, data, ctype, {"Vary": "Accept", "Cache-Control": "no-store"})

    def _fetch(self, method: str, path: str, body: bytes | None, headers: dict[str, str], timeout: float,
               max_bytes: int) -> tuple[int, str, bytes, tuple[int, str] | None]:
        """Ask Oxigraph, reading the answer under a total deadline and a byte cap."""
        deadline = time.monotonic() + timeout
        conn = http.client.HTTPConnection("127.0.0.1", self.server.oxigraph.port, timeout=timeout)
        try:
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
            except TimeoutError:
                return 0, "", b"", (503, msg_time_limit(timeout))
            except OSError:
                return 0, "", b"", (502, MSG_BACKEND)
            ctype = response.getheader("Content-Type", "application/octet-stream")
            chunks: list[bytes] = []
            size = 0
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return 0, "", b"", (503, msg_time_limit(timeout))
                if conn.sock is not None:
                    conn.sock.settimeout(left)
                try:
                    chunk = response.read1(65536)
                except TimeoutError:
                    return 0, "", b"", (503, msg_time_limit(timeout))
                except http.client.IncompleteRead as e:
                    chunks.append(e.partial)
                    break
                except (OSError, http.client.HTTPException):
                    break  # a broken stream: whatever came is judged below
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    return 0, "", b"", (413, msg_byte_limit(max_bytes))
            return response.status, ctype, b"".join(chunks), None
        finally:
            conn.close()

    def _read_store(self, query_string: str) -> None:
        """GET on the Graph Store: a read, under the same limits (triples count as rows)."""
        headers = {"Accept": self.headers.get("Accept") or "application/n-triples"}
        cfg = self.config
        status, ctype, data, error = self._fetch("GET", "/store" + (f"?{query_string}" if query_string else ""), None, headers,
                                                 cfg.timeout, cfg.max_result_bytes)
        if error is not None:
            self._text(*error)
        elif status != 200:
            self._send(status, data, ctype)
        elif (_count_results(data, ctype) or 0) > cfg.max_rows:
            self._text(413, msg_row_limit(cfg.max_rows))
        else:
            self._send(200, data, ctype)

    # -- writes --

    def _authorised(self) -> None:
        token = self.config.write_token
        if not token:
            raise _Refused(403, MSG_READ_ONLY)
        given = self.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise _Refused(401, MSG_UNAUTHORISED, {"WWW-Authenticate": 'Bearer realm="npdw"'})

    def _write(self, target: str, query_string: str, body: bytes | None = None) -> None:
        self._authorised()
        if self.command not in ("POST", "PUT", "DELETE", "GET"):
            raise _Refused(405, "Methode niet toegestaan (method not allowed).")
        path = target + (f"?{query_string}" if query_string else "")
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        if body is None:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                raise _Refused(411, "Content-Length vereist (chunked request bodies are not supported).")
            length = int(self.headers.get("Content-Length") or 0)
            payload = _Limited(self.rfile, length) if length else None
        else:
            length, payload = len(body), body  # type: ignore[assignment]
        headers["Content-Length"] = str(length)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.oxigraph.port, timeout=WRITE_TIMEOUT)
        try:
            conn.request(self.command, path, body=payload, headers=headers)  # type: ignore[arg-type]
            response = conn.getresponse()
            data = response.read()
            self._send(response.status, data, response.getheader("Content-Type", "text/plain; charset=utf-8"))
        except ConnectionError:
            self.close_connection = True  # the client went away mid-upload: Oxigraph sees a broken request and keeps its graph
        except OSError:
            self._refuse(502, MSG_BACKEND)
        finally:
            conn.close()

    # -- Oxigraph's query UI, passed through --

    def _ui(self, path: str) -> None:
        if self.command not in ("GET", "HEAD"):
            raise _Refused(405, "Methode niet toegestaan (method not allowed).")
        target = "/" if path == "/ui/" else "/" + path.rsplit("/", 1)[-1]
        status, ctype, data, error = self._fetch("GET", target, None, {}, 30.0, MAX_RESULT_BYTES)
        if error is not None:
            self._text(*error)
        else:
            self._send(status, data, ctype)

    # -- linked data --

    def _conneg(self, path: str) -> None:
        if self.command not in ("GET", "HEAD"):
            raise _Refused(405, "Methode niet toegestaan (method not allowed).", {"Allow": "GET, HEAD"})
        vary = {"Vary": "Accept"}
        rest = urllib.parse.unquote(path[len("/id/"):])
        segments = rest.split("/")
        if not rest or any(not re.fullmatch(r"[A-Za-z0-9._~-]+", s) or s in (".", "..") for s in segments):
            self._text(404, MSG_NOT_FOUND, vary)
            return
        iri = URIRef(self.config.base + "id/" + rest)
        if (iri, None, None) not in self.server.graph and (None, None, iri) not in self.server.graph:
            self._text(404, MSG_NOT_FOUND, vary)
            return
        chosen = negotiate(self.headers.get("Accept"))
        if chosen is None:
            self._text(406, MSG_NOT_ACCEPTABLE, vary)
            return
        doc = f"/doc/{rest}"
        if chosen in HTML_TYPES:
            self._send(303, f"Zie {doc}\n".encode(), "text/plain; charset=utf-8", {**vary, "Location": doc})
            return
        body = serialise(describe_resource(self.server.graph, iri), chosen)
        ctype = chosen + ("; charset=utf-8" if chosen == "text/turtle" else "")
        self._send(200, body, ctype, {**vary, "Link": f'<{doc}>; rel="alternate"; type="text/html"'})

    def _static(self, path: str) -> None:
        if self.command not in ("GET", "HEAD"):
            raise _Refused(405, "Methode niet toegestaan (method not allowed).", {"Allow": "GET, HEAD"})
        file = resolve_static(self.config.site_dir, path)
        if file is None:
            if path == "/":
                self._send(200, _landing_page(), "text/html; charset=utf-8")
            else:
                self._text(404, MSG_NOT_FOUND)
            return
        self._send(200, file.read_bytes(), content_type_for(file))


def _count_results(data: bytes, content_type: str) -> int | None:
    """Rows of a SPARQL result (or triples of an RDF answer); None if it does not parse (cut off)."""
    media = content_type.split(";")[0].strip().lower()
    if media == "text/csv":  # pyoxigraph writes CSV results but does not parse them
        try:
            return max(sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1, 0)
        except (UnicodeDecodeError, csv.Error):
            return None
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media)
    except ValueError:
        results_format = None
    try:
        if results_format is not None:
            parsed = ox.parse_query_results(data, format=results_format)
            return 1 if isinstance(parsed, ox.QueryBoolean) else sum(1 for _ in parsed)
        rdf_format = ox.RdfFormat.from_media_type(media)
        return sum(1 for _ in ox.parse(data, format=rdf_format))
    except (ValueError, SyntaxError, OSError):
        return None


def _landing_page() -> bytes:
    return (b"<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Nationaal Programma Dordt West</title></head>"
            b"<body><h1>Nationaal Programma Dordt West: kennisgraaf</h1>"
            b"<p>De statische site is nog niet gebouwd (<code>npdw export</code>).</p><ul>"
            b"<li><a href=\"/ui/\">SPARQL-queryscherm (Oxigraph)</a></li>"
            b"<li>SPARQL-endpoint: <code>/sparql</code></li></ul></body></html>\n")


# --- starting and stopping -------------------------------------------------------------------------

@dataclass
class RunningServer:
    """A started front + Oxigraph pair. ``stop()`` ends both; it is safe to call twice."""

    url: str
    oxigraph: OxigraphServer
    front: FrontServer
    thread: threading.Thread
    _stopped: bool = field(default=False, repr=False)

    @property
    def sparql_url(self) -> str:
        return self.url + "sparql"

    @property
    def ui_url(self) -> str:
        return self.url + "ui/"

    @property
    def host(self) -> str:
        return self.front.server_address[0]  # type: ignore[return-value]

    @property
    def port(self) -> int:
        return self.front.server_address[1]  # type: ignore[return-value]

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.front.shutdown()
        self.front.server_close()
        self.thread.join(timeout=10)
        self.oxigraph.stop()
        atexit.unregister(self.stop)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _add_catalogue(graph: Graph, export_dir: Path) -> None:
    """Make the DCAT and VoID records of ``npdw export`` dereferenceable too (dataset, distributions)."""
    for name in ("dcat.ttl", "void.ttl"):
        path = export_dir / name
        if path.is_file():
            try:
                graph.parse(path, format="turtle")
            except Exception:  # noqa: BLE001 - a broken export must not stop the server; the graph still serves
                continue


def start_server(data: Graph | Path, *, host: str = DEFAULT_HOST, port: int = 0, write_token: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, site_dir: Path | None = None,
                 base: str = DEFAULT_BASE, max_result_bytes: int = MAX_RESULT_BYTES) -> RunningServer:
    """Start Oxigraph loaded with ``data`` (a graph or an N-Triples file) and the front in a thread."""
    if timeout <= 0 or max_rows < 0:
        raise NpdwError("--timeout must be positive and --max-rows not negative")
    if write_token is not None and len(write_token) < 8:
        raise NpdwError("--write-token must be at least 8 characters")
    tmp: Path | None = None
    if isinstance(data, Graph):
        graph = data
        tmp = Path(tempfile.mkdtemp(prefix="npdw-serve-"))
        nt_file = tmp / "graph.nt"
        graph.serialize(nt_file, format="nt", encoding="utf-8")
    else:
        nt_file = Path(data)
        if not nt_file.is_file():
            raise NpdwError(f"{nt_file} not found; run 'npdw build' first")
        graph = read_graph(nt_file)
        _add_catalogue(graph, nt_file.parent / "export")
    config = ServeConfig(timeout=timeout, max_rows=max_rows, write_token=write_token, site_dir=site_dir, base=base,
                         max_result_bytes=max_result_bytes)
    oxigraph = OxigraphServer(nt_file, writable=write_token is not None, timeout=timeout)
    try:
        oxigraph.start()
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    try:
        front = FrontServer((host, port), config, oxigraph, graph)
    except OSError as e:
        oxigraph.stop()
        raise NpdwError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    thread = threading.Thread(target=front.serve_forever, kwargs={"poll_interval": 0.2}, name="npdw-serve", daemon=True)
    thread.start()
    shown = f"[{host}]" if ":" in host else host
    running = RunningServer(url=f"http://{shown}:{front.server_address[1]}/", oxigraph=oxigraph, front=front, thread=thread)
    atexit.register(running.stop)
    return running


def serve_app(data: Graph | Path, **options) -> tuple[str, Callable[[], None]]:
    """For tests and embedding: start on a free port; returns ``(url, stop)``."""
    options.setdefault("port", 0)
    running = start_server(data, **options)
    return running.url, running.stop


def serve_forever(running: RunningServer, echo: Callable[[str], None] = print) -> int:
    """Block until Ctrl-C or SIGTERM (or Oxigraph dies), then stop both processes. Returns an exit status."""
    stop = threading.Event()

    def on_signal(signum, frame) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    status = 0
    try:
        while not stop.wait(0.5):
            if not running.oxigraph.running():
                echo(f"Oxigraph stopped unexpectedly: {running.oxigraph.log_tail()}")
                status = 2
                break
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        running.stop()
    return status
