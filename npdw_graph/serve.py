"""``npdw serve``: a real Oxigraph SPARQL server behind a safe ASGI front, and the live portal.

This module starts and stops the two parts; the front itself is :mod:`npdw_graph.front`
(Starlette, run by uvicorn in a thread; it reaches Oxigraph with httpx). The front

- proxies SPARQL queries (``/sparql``, ``/query``; SPARQL 1.1 Protocol, GET and POST) to an
  Oxigraph server loaded with the built graph, with a time limit, a row limit and a byte limit;
  a browser (``Accept: text/html``) gets the results as a page, or the query editor;
- refuses SPARQL Update and Graph Store writes (``/update``, ``/store``) unless it was started
  with a write token and the request carries ``Authorization: Bearer <token>``;
- answers content negotiation on ``/id/...``: 303 to ``/doc/...`` for HTML, the resource's
  description as Turtle, JSON-LD, N-Triples or RDF/XML otherwise;
- serves the portal: the static site (``dist/site/``, nothing outside it) and the live pages
  ``/vragen/`` (the named queries with their forms) and ``/zoeken`` (search);
- passes Oxigraph's own query UI through at ``/ui/`` (its queries go through the same limits).

``start_server(graph)`` starts both in-process and returns a :class:`RunningServer` (tests use
port 0; ``running.app`` is the ASGI app, for httpx's ASGI transport); ``serve_forever`` is what
the CLI runs until Ctrl-C.
"""

from __future__ import annotations

import asyncio
import atexit
import csv
import ctypes
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from npdw_graph.errors import NpdwError
from npdw_graph.load import new_graph
from npdw_graph.namespaces import DEFAULT_BASE, PREFIXES
from npdw_graph.rdfterms import add_ox_triples

if TYPE_CHECKING:
    import uvicorn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_RESULT_BYTES = 64 * 1024 * 1024
MAX_QUERY_BYTES = 1024 * 1024
MAX_DRAIN_BYTES = 64 * 1024 * 1024  # a refused upload up to this size is read, so the client sees the refusal
KEEP_ALIVE_TIMEOUT = 5.0  # seconds an idle keep-alive connection stays open
GRACEFUL_SHUTDOWN = 3.0  # seconds open requests get when the server stops
MAX_CONNECTIONS = 200  # concurrent connections; above it uvicorn answers 503
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


# Loopback requests to our own Oxigraph never go through a proxy from the environment.
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class OxigraphServer:
    """One ``oxigraph serve`` process on a loopback port, its store in memory.

    With ``data`` the store is loaded with that N-Triples file right after the start (one Graph
    Store ``PUT`` on loopback). The store is in memory rather than in a RocksDB folder
    (``serve-read-only --location``) because the named queries run 4-5 times faster there
    (BENCHMARKS.md, issue 19); the served graph was a temporary copy of ``dist/graph.nt``
    either way. Read-only is the front's job: it refuses every write without the write token
    (tests/test_serve.py), and this port is bound to 127.0.0.1 only, but another process on the
    same machine could write to it. ``disk=True`` (``npdw serve --disk-store``, read-only only)
    keeps the old way for hosts with local users you do not trust: ``oxigraph load`` into a
    temporary folder and ``serve-read-only``, so Oxigraph itself refuses writes, 4-5 times slower.
    ``stop()`` ends the process and removes its folder; it is safe to call twice.
    """

    def __init__(self, data: Path | None = None, *, writable: bool = False, timeout: float | None = None, disk: bool = False):
        if data is None and not writable:
            raise ValueError("a read-only Oxigraph server needs data to load")
        if disk and (writable or data is None):
            raise ValueError("the on-disk store is read-only and needs data to load")
        self.data = data
        self.writable = writable
        self.disk = disk
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
            if self.disk:
                assert self.data is not None
                location = self._tmp / "store"
                self._bulk_load(self.data, location)
            for _attempt in range(3):
                self.port = free_port()
                if self._spawn(location):
                    atexit.register(self.stop)
                    if self.data is not None and location is None:
                        self._load(self.data)
                    return self
            raise NpdwError(f"Oxigraph did not start: {self.log_tail()}")
        except BaseException:
            self.stop()
            raise

    def _load(self, data: Path) -> None:
        """Put the N-Triples file into the default graph (streamed from disk, one request)."""
        try:
            with data.open("rb") as body:
                req = urllib.request.Request(f"{self.url}/store?default", data=body, method="PUT",
                                             headers={"Content-Type": "application/n-triples", "Content-Length": str(data.stat().st_size)})
                with _LOOPBACK.open(req, timeout=3600) as r:
                    r.read()
        except urllib.error.HTTPError as e:
            raise NpdwError(f"Oxigraph could not load {data}: {_last_line(e.read().decode('utf-8', 'replace'))}") from None
        except OSError as e:
            raise NpdwError(f"Oxigraph could not load {data}: {e}") from None

    def _bulk_load(self, data: Path, location: Path) -> None:
        """``oxigraph load`` into a RocksDB folder (for ``serve-read-only``)."""
        cmd = [self.binary, "load", "--location", str(location), "--file", str(data)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
        except subprocess.TimeoutExpired:
            raise NpdwError(f"loading {data} into Oxigraph took longer than an hour") from None
        if done.returncode != 0:
            raise NpdwError(f"Oxigraph could not load {data}: {_last_line(done.stderr or done.stdout)}")

    def _spawn(self, location: Path | None) -> bool:
        assert self._tmp is not None
        cmd = [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if location is not None:
            cmd = [self.binary, "serve-read-only", "--bind", f"127.0.0.1:{self.port}", "--location", str(location)]
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
                with _LOOPBACK.open(probe, timeout=2) as r:
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


def count_results(data: bytes, content_type: str) -> int | None:
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


# --- configuration ----------------------------------------------------------------------------------

@dataclass
class ServeConfig:
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    write_token: str | None = None
    site_dir: Path | None = None
    base: str = DEFAULT_BASE
    max_result_bytes: int = MAX_RESULT_BYTES
    queries_dir: Path | None = None  # the named queries behind /vragen/ (None: no /vragen/)
    graph_file: Path | None = None  # the N-Triples file the /vragen/ engine loads, as `npdw query` does


# --- starting and stopping -------------------------------------------------------------------------

class _Uvicorn(threading.Thread):
    """uvicorn serving the ASGI app on an already bound socket, in its own thread and event loop."""

    def __init__(self, app: Any, sock: socket.socket):
        import uvicorn

        super().__init__(name="npdw-serve", daemon=True)
        self.sock = sock
        config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False, server_header=False, lifespan="on",
                                http="h11", ws="none", loop="asyncio", timeout_keep_alive=int(KEEP_ALIVE_TIMEOUT),
                                timeout_graceful_shutdown=int(GRACEFUL_SHUTDOWN), limit_concurrency=MAX_CONNECTIONS)
        self.server: uvicorn.Server = uvicorn.Server(config)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self.server.serve(sockets=[self.sock]))
        except BaseException as e:  # noqa: BLE001 - reported by start() to the caller
            self.error = e

    def start_and_wait(self) -> None:
        self.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise NpdwError(f"the web front did not start: {self.error or 'no answer within 30 s'}")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        if self.is_alive():
            self.join(timeout=GRACEFUL_SHUTDOWN + 10)
        try:
            self.sock.close()
        except OSError:
            pass


@dataclass
class RunningServer:
    """A started front + Oxigraph pair. ``stop()`` ends both; it is safe to call twice."""

    url: str
    oxigraph: OxigraphServer
    app: Any  # the ASGI app (Starlette)
    front: _Uvicorn
    _stopped: bool = field(default=False, repr=False)

    @property
    def sparql_url(self) -> str:
        return self.url + "sparql"

    @property
    def ui_url(self) -> str:
        return self.url + "ui/"

    @property
    def host(self) -> str:
        return self.front.sock.getsockname()[0]

    @property
    def port(self) -> int:
        return self.front.sock.getsockname()[1]

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.front.stop()
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


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.set_inheritable(False)
    except OSError as e:
        sock.close()
        raise NpdwError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    return sock


def default_queries_dir() -> Path | None:
    """The project's ``queries/`` (found as the CLI finds the project), or None."""
    from npdw_graph.project import find_project

    try:
        folder = find_project().queries_dir
    except NpdwError:
        return None
    return folder if folder.is_dir() else None


def start_server(data: Graph | Path, *, host: str = DEFAULT_HOST, port: int = 0, write_token: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, site_dir: Path | None = None,
                 base: str = DEFAULT_BASE, max_result_bytes: int = MAX_RESULT_BYTES, queries_dir: Path | None = None,
                 disk_store: bool = False) -> RunningServer:
    """Start Oxigraph loaded with ``data`` (a graph or an N-Triples file) and the front in a thread.

    ``queries_dir`` holds the named queries for ``/vragen/`` (default: the project's ``queries/``);
    ``disk_store``: see :class:`OxigraphServer` (``disk``).
    """
    from npdw_graph.front import create_app

    if timeout <= 0 or max_rows < 0:
        raise NpdwError("--timeout must be positive and --max-rows not negative")
    if write_token is not None and len(write_token) < 8:
        raise NpdwError("--write-token must be at least 8 characters")
    if write_token is not None and disk_store:
        raise NpdwError("--disk-store is read-only: it cannot be combined with --write-token")
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
    oxigraph = OxigraphServer(nt_file, writable=write_token is not None, timeout=timeout, disk=disk_store)
    sock: socket.socket | None = None
    try:
        oxigraph.start()
        config = ServeConfig(timeout=timeout, max_rows=max_rows, write_token=write_token, site_dir=site_dir, base=base,
                             max_result_bytes=max_result_bytes, queries_dir=queries_dir if queries_dir is not None else default_queries_dir(),
                             graph_file=None if tmp is not None else nt_file)
        app = create_app(config, oxigraph.url, graph)
        sock = _listen(host, port)
        front = _Uvicorn(app, sock)
        front.start_and_wait()
    except BaseException:
        if sock is not None:
            sock.close()
        oxigraph.stop()
        raise
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    shown = f"[{host}]" if ":" in host else host
    running = RunningServer(url=f"http://{shown}:{sock.getsockname()[1]}/", oxigraph=oxigraph, app=app, front=front)
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
