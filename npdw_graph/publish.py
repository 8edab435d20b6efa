"""``npdw publish``: put the built graph into any triple store (SPARQL 1.1 Graph Store HTTP Protocol).

The whole named graph goes up in **one** ``PUT`` request, so a store that implements the
protocol replaces the graph atomically: a failed or interrupted upload leaves the previous
graph in place. Connection errors, time-outs and 5xx answers are retried with exponential
back-off; 4xx answers (bad token, wrong URL) are not. After success the triple count in the
store is checked with a ``COUNT`` query.

Where the Graph Store and the query endpoint live on common stores (``--endpoint`` is the
Graph Store URL; the query endpoint for the check is derived as shown, or given with
``--query-endpoint``). Credentials: ``--token`` sends ``Authorization: Bearer``; ``--user
NAME:PASSWORD`` sends HTTP Basic, or HTTP Digest (RFC 7616: MD5 or SHA-256, ``qop=auth``) where
the store asks for it, as Virtuoso's ``/sparql-graph-crud-auth`` does. Which one is found out
before each request with a ``HEAD`` without credentials, so the password never goes in the clear
to a store that wants Digest; a ``HEAD`` with the Digest answer then checks the credentials, so a
wrong password is one clear error and the upload is not sent to be refused (Virtuoso closes the
connection on a refused upload). Both apply to the upload and to the count query.

==========  ======================================================  ========================================  ==================
store       Graph Store endpoint (--endpoint)                       query endpoint (derived)                  credentials
==========  ======================================================  ========================================  ==================
Oxigraph    http://host:7878/store                                  http://host:7878/query                    none (loopback)
npdw serve  http://127.0.0.1:8000/store                             http://127.0.0.1:8000/query               --token
Fuseki      http://host:3030/DATASET/data                           http://host:3030/DATASET/sparql           --user (if set up)
GraphDB     http://host:7200/repositories/REPO/rdf-graphs/service   http://host:7200/repositories/REPO        --user (if secured)
Virtuoso    http://host:8890/sparql-graph-crud-auth                 http://host:8890/sparql                   --user (Digest)
QLever      http://host:7001/                                       http://host:7001/                         --token ACCESS_TOKEN
==========  ======================================================  ========================================  ==================
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
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
        hint = "; check --token or --user" if e.code in (401, 403) else ("; check --endpoint" if e.code in (404, 405) else "")
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


_DIGEST_HASHES = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256}


def digest_challenge(url: str, timeout: float) -> str | None:
    """The HTTP Digest challenge (``WWW-Authenticate`` value) a ``HEAD`` on ``url`` without credentials is answered
    with, or None (no challenge, or another scheme; an unreachable store is reported by the real request)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return None
    except urllib.error.HTTPError as e:
        challenge = (e.headers.get("WWW-Authenticate", "") if e.headers else "").strip()
        return challenge if e.code == 401 and challenge.lower().startswith("digest") else None
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return None


def digest_authorization(user: str, method: str, uri: str, challenge: str, cnonce: str | None = None) -> str:
    """The ``Authorization`` value answering an HTTP Digest ``challenge`` (RFC 7616) for ``method`` on ``uri``
    (the request target: path and query)."""
    if ":" not in user:
        raise PublishError("--user must be NAME:PASSWORD")
    name, _, password = user.partition(":")
    params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge.strip()[len("digest"):].strip()))
    algorithm = params.get("algorithm", "MD5").upper()
    if algorithm not in _DIGEST_HASHES or "nonce" not in params:
        raise PublishError(f"the store asks for HTTP Digest authentication in a form that is not supported (algorithm {algorithm})")
    qops = [q.strip() for q in params.get("qop", "").split(",") if q.strip()]
    if qops and "auth" not in qops:
        raise PublishError(f"the store asks for HTTP Digest with qop={params['qop']}; only qop=auth is supported")

    def h(text: str) -> str:
        return _DIGEST_HASHES[algorithm](text.encode("utf-8")).hexdigest()

    realm, nonce = params.get("realm", ""), params["nonce"]
    cnonce = cnonce or os.urandom(8).hex()
    ha1 = h(f"{name}:{realm}:{password}")
    if algorithm.endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    response = h(f"{ha1}:{nonce}:00000001:{cnonce}:auth:{ha2}") if qops else h(f"{ha1}:{nonce}:{ha2}")
    fields = {"username": name, "realm": realm, "nonce": nonce, "uri": uri, "response": response}
    if "opaque" in params:
        fields["opaque"] = params["opaque"]
    text = "Digest " + ", ".join(f'{k}="{v}"' for k, v in fields.items()) + f", algorithm={params.get('algorithm', 'MD5')}"
    return text + (f', qop=auth, nc=00000001, cnonce="{cnonce}"' if qops else "")


def request_auth(method: str, url: str, *, token: str | None = None, user: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> dict[str, str]:
    """The ``Authorization`` header for one request: Bearer for a token; for ``user`` Digest if a ``HEAD`` on the
    URL is challenged for it (a fresh nonce for every request), else HTTP Basic."""
    if user and not token:
        challenge = digest_challenge(url, timeout)
        if challenge:
            parts = urllib.parse.urlsplit(url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            if _digest_refused(url, user, target, challenge, timeout):  # before the body is sent: Virtuoso would cut it off
                raise PublishError(f"the store refused the credentials (HTTP 401, Digest) at {url}; check --user")
            challenge = digest_challenge(url, timeout) or challenge  # a fresh nonce for the request itself
            return {"Authorization": digest_authorization(user, method, target, challenge)}
    return auth_header(token, user)


def _digest_refused(url: str, user: str, target: str, challenge: str, timeout: float) -> bool:
    """Whether a ``HEAD`` with the Digest answer for ``user`` is refused with 401 (wrong name or password)."""
    headers = {"Authorization": digest_authorization(user, "HEAD", target, challenge)}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD", headers=headers), timeout=timeout):
            return False
    except urllib.error.HTTPError as e:
        return e.code == 401
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return False


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

    auth_header(token, user)  # refuse bad credentials before anything is read or sent
    expected = count_triples(nt_file)
    size = nt_file.stat().st_size
    target = _graph_url(endpoint, graph)

    def put_request() -> urllib.request.Request:
        auth = request_auth("PUT", target, token=token, user=user, timeout=timeout)
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
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    auth_header(token, user)

    def request() -> urllib.request.Request:
        auth = request_auth("POST", query_endpoint, token=token, user=user, timeout=timeout)
        return urllib.request.Request(query_endpoint, data=body, method="POST", headers={**headers, **auth})

    try:
        data, _ = _with_retries("count", request, retries=retries, timeout=timeout, backoff=backoff, log=log or (lambda _: None), sleep=sleep)
    except _Transient as e:
        raise PublishError(f"could not verify the upload at {query_endpoint}: {e}") from None
    try:
        return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise PublishError(f"{query_endpoint} did not answer the COUNT query with SPARQL JSON results") from None
