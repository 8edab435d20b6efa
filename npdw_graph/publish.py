"""``npdw publish``: put the built graph into any triple store (SPARQL 1.1 Graph Store HTTP Protocol).

The whole named graph goes up in **one** ``PUT`` request, so a store that implements the
protocol replaces the graph atomically: a failed or interrupted upload leaves the previous
graph in place. Connection errors, time-outs and 5xx answers are retried with exponential
back-off; 4xx answers (bad token, wrong URL) are not. After success the triple count in the
store is checked with a ``COUNT`` query.

Where the Graph Store and the query endpoint live on common stores (``--endpoint`` is the
Graph Store URL; the query endpoint for the check is derived as shown, or given with
``--query-endpoint``). Credentials: ``--token`` sends ``Authorization: Bearer``, ``--user
NAME:PASSWORD`` sends HTTP Basic (both on the upload and on the count query).

==========  ======================================================  ========================================  ==================
store       Graph Store endpoint (--endpoint)                       query endpoint (derived)                  credentials
==========  ======================================================  ========================================  ==================
Oxigraph    http://host:7878/store                                  http://host:7878/query                    none (loopback)
npdw serve  http://127.0.0.1:8000/store                             http://127.0.0.1:8000/query               --token
Fuseki      http://host:3030/DATASET/data                           http://host:3030/DATASET/sparql           --user (if set up)
GraphDB     http://host:7200/repositories/REPO/rdf-graphs/service   http://host:7200/repositories/REPO        --user (if secured)
Virtuoso    http://host:8890/sparql-graph-crud                      http://host:8890/sparql                   see the README
QLever      http://host:7001/                                       http://host:7001/                         --token ACCESS_TOKEN
==========  ======================================================  ========================================  ==================
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import ID

DEFAULT_GRAPH = str(ID) + "dataset/npdw"
DEFAULT_RETRIES = 3
DEFAULT_TIMEOUT = 120.0
DEFAULT_BACKOFF = 1.0
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')

# (suffix of the Graph Store URL, what replaces it for the query endpoint)
_QUERY_ENDPOINTS = (
    ("/store", "/query"),  # Oxigraph
    ("/data", "/sparql"),  # Fuseki
    ("/rdf-graphs/service", ""),  # GraphDB (RDF4J)
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso
)


class PublishError(NpdwError):
    """The upload or its verification failed; the message says what the store now holds."""


class _Transient(Exception):
    """A failure worth retrying (connection error, time-out, 5xx)."""


@dataclass
class PublishResult:
    endpoint: str
    graph: str
    triples: int
    attempts: int
    seconds: float
    verified: int | None
    log: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        check = f"verified: the store holds {self.verified} triples in it" if self.verified is not None else "not verified"
        tries = "1 attempt" if self.attempts == 1 else f"{self.attempts} attempts"
        return f"Published {self.triples} triples to <{self.graph}> at {self.endpoint} ({tries}, {self.seconds:.1f} s; {check}).\n"


def query_endpoint_for(store_url: str) -> str:
    """The SPARQL query endpoint that belongs to a Graph Store endpoint (see the module's table)."""
    parts = urllib.parse.urlsplit(store_url)
    path = parts.path.rstrip("/")
    for suffix, replacement in _QUERY_ENDPOINTS:
        if path.endswith(suffix):
            path = path[: -len(suffix)] + replacement
            break
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path or "/", "", ""))


def count_triples(nt_file: Path) -> int:
    """Distinct triples in the file (what a store holds after loading it)."""
    try:
        return len({(t.subject, t.predicate, t.object) for t in ox.parse(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)})
    except SyntaxError as e:
        raise PublishError(f"{nt_file} is not valid N-Triples: {str(e).splitlines()[0]}") from None


def _check_url(url: str, what: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PublishError(f"{what} must be an http(s) URL, got {url!r}")


def _graph_url(endpoint: str, graph: str) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return endpoint + sep + urllib.parse.urlencode({"graph": graph})


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0][:200] if text else ""


def _attempt(make_request: Callable[[], urllib.request.Request], timeout: float) -> bytes:
    """One HTTP exchange; transient failures become :class:`_Transient`, others :class:`PublishError`."""
    request = make_request()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as e:
        detail = _first_line(e.read() or b"")
        message = f"HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")
        if e.code >= 500 or e.code in (408, 429):
            raise _Transient(message) from None
        hint = "; check --token" if e.code in (401, 403) else ("; check --endpoint" if e.code in (404, 405) else "")
        raise PublishError(f"the store refused the request ({message}){hint}") from None
    except TimeoutError:
        raise _Transient(f"no answer within {timeout:g} s") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise _Transient(f"no answer within {timeout:g} s") from None
        raise _Transient(f"cannot connect: {reason}") from None
    except (ConnectionError, http.client.HTTPException, OSError) as e:
        raise _Transient(f"connection failed: {e or type(e).__name__}") from None
    finally:
        if hasattr(request.data, "close"):
            request.data.close()  # type: ignore[union-attr]


def _with_retries(what: str, make_request: Callable[[], urllib.request.Request], *, retries: int, timeout: float,
                  backoff: float, log: Callable[[str], None], sleep: Callable[[float], None]) -> tuple[bytes, int]:
    attempts = retries + 1
    last = ""
    for n in range(1, attempts + 1):
        try:
            return _attempt(make_request, timeout), n
        except _Transient as e:
            last = str(e)
            if n < attempts:
                delay = backoff * 2 ** (n - 1)
                log(f"{what}: attempt {n}/{attempts} failed ({last}); retrying in {delay:g} s")
                sleep(delay)
            else:
                log(f"{what}: attempt {n}/{attempts} failed ({last})")
    raise _Transient(f"{what} failed after {attempts} attempt{'s' if attempts != 1 else ''}; last error: {last}")


def auth_header(token: str | None = None, user: str | None = None) -> dict[str, str]:
    """``Authorization`` for a bearer token (Oxigraph behind ``npdw serve``, QLever) or for ``name:password`` (HTTP Basic)."""
    if token and user:
        raise PublishError("give either --token or --user, not both")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if user:
        if ":" not in user:
            raise PublishError("--user must be NAME:PASSWORD")
        return {"Authorization": "Basic " + base64.b64encode(user.encode("utf-8")).decode("ascii")}
    return {}


def publish(nt_file: Path, endpoint: str, graph: str = DEFAULT_GRAPH, *, token: str | None = None, user: str | None = None,
            query_endpoint: str | None = None, retries: int = DEFAULT_RETRIES, timeout: float = DEFAULT_TIMEOUT,
            backoff: float = DEFAULT_BACKOFF, verify: bool = True, log: Callable[[str], None] | None = None,
            sleep: Callable[[float], None] = time.sleep) -> PublishResult:
    """Replace the named graph ``graph`` in the store at ``endpoint`` with the triples of ``nt_file``."""
    _check_url(endpoint, "--endpoint")
    if _IRI_FORBIDDEN.search(graph) or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", graph):
        raise PublishError(f"--graph {graph!r} is not an IRI")
    if retries < 0 or timeout <= 0:
        raise PublishError("--retries must be 0 or more and --timeout positive")
    if not nt_file.is_file():
        raise PublishError(f"{nt_file} not found; run 'npdw build' first")
    qurl = query_endpoint or query_endpoint_for(endpoint)
    _check_url(qurl, "--query-endpoint")
    messages: list[str] = []

    def note(line: str) -> None:
        messages.append(line)
        if log:
            log(line)

    auth = auth_header(token, user)
    expected = count_triples(nt_file)
    size = nt_file.stat().st_size
    target = _graph_url(endpoint, graph)

    def put_request() -> urllib.request.Request:
        body = nt_file.open("rb")  # reopened for every attempt and closed after it; urllib streams it
        return urllib.request.Request(target, data=body, method="PUT",
                                      headers={"Content-Type": "application/n-triples", "Content-Length": str(size), **auth})

    start = time.monotonic()
    try:
        _, attempts = _with_retries("upload", put_request, retries=retries, timeout=timeout, backoff=backoff, log=note, sleep=sleep)
    except _Transient as e:
        raise PublishError(f"{e}. Nothing was replaced: a Graph Store PUT is all-or-nothing, "
                           f"so <{graph}> at {endpoint} still holds its previous content") from None
    verified = None
    if verify:
        verified = store_count(qurl, graph, token=token, user=user, retries=retries, timeout=timeout, backoff=backoff, log=note, sleep=sleep)
        if verified != expected:
            raise PublishError(f"uploaded {expected} triples to <{graph}> at {endpoint}, but the store reports {verified}")
    return PublishResult(endpoint, graph, expected, attempts, time.monotonic() - start, verified, messages)


def store_count(query_endpoint: str, graph: str, *, token: str | None = None, user: str | None = None, retries: int = DEFAULT_RETRIES,
                timeout: float = DEFAULT_TIMEOUT, backoff: float = DEFAULT_BACKOFF, log: Callable[[str], None] | None = None,
                sleep: Callable[[float], None] = time.sleep) -> int:
    """Triples in the named graph, by a ``COUNT`` query on the store's SPARQL endpoint."""
    if _IRI_FORBIDDEN.search(graph):
        raise PublishError(f"{graph!r} is not an IRI")
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json", **auth_header(token, user)}

    def request() -> urllib.request.Request:
        return urllib.request.Request(query_endpoint, data=body, method="POST", headers=headers)

    try:
        data, _ = _with_retries("count", request, retries=retries, timeout=timeout, backoff=backoff, log=log or (lambda _: None), sleep=sleep)
    except _Transient as e:
        raise PublishError(f"could not verify the upload at {query_endpoint}: {e}") from None
    try:
        return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise PublishError(f"{query_endpoint} did not answer the COUNT query with SPARQL JSON results") from None
