"""SPARQL against a remote SPARQL 1.1 endpoint through SPARQLWrapper, with clear errors."""

from __future__ import annotations

import ast
import http.client
import json
import re
import urllib.error

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import PREFIXES
from npdw_graph.queryengine import SelectResult, bind_values, ordered_parts, query_form, result_graph

POST_ABOVE = 1500  # characters; longer queries go as POST (URLs have length limits)
# The RDF media types a CONSTRUCT/DESCRIBE answer may come in, and rdflib's parser for each.
_RDF_PARSERS = {"text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
                "application/n-triples": "nt", "text/plain": "nt", "text/rdf+n3": "n3", "text/n3": "n3", "application/n3": "n3",
                "application/rdf+xml": "xml", "application/ld+json": "json-ld", "application/x-json+ld": "json-ld"}


def _prologue(query: str) -> str:
    declared = set(re.findall(r"PREFIX\s+([\w-]*):", query, re.IGNORECASE))
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)


def prepare_query(query: str, bindings: dict[str, Identifier] | None = None) -> str:
    """The text sent to an endpoint: the project's prefixes the query lacks, and its parameters bound."""
    return _prologue(query) + bind_values(query, bindings or {})


def _term(cell: dict) -> Identifier:
    kind = cell["type"]
    if kind == "uri":
        return URIRef(cell["value"])
    if kind == "bnode":
        return BNode(cell["value"])
    if "xml:lang" in cell:
        return Literal(cell["value"], lang=cell["xml:lang"])
    if "datatype" in cell and cell["datatype"] != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(cell["value"], datatype=URIRef(cell["datatype"]))
    return Literal(cell["value"])


def _first_line(error: urllib.error.HTTPError) -> str:
    """The first line of an error answer's body (e.g. the server's time or size limit message)."""
    try:
        text = (error.read() or b"").decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text.splitlines()[0][:300] if text else ""


_WRAPPER_ERRORS = {
    "QueryBadFormed": "rejected the query as malformed",
    "EndPointNotFound": "was not found (check the URL)",
    "Unauthorized": "refused access (unauthorised)",
    "URITooLong": "found the request too long",
    "EndPointInternalError": "had an internal error",
}


def _wrapper_error(endpoint: str, error: SPARQLWrapperException) -> str:
    """One line from a SPARQLWrapper exception: HTTP status, what it means, the first line of the server's answer."""
    status = getattr(error.__context__, "code", None)
    what = _WRAPPER_ERRORS.get(type(error).__name__, "rejected the query")
    detail = ""
    text = str(error)
    if "Response:\n" in text:
        try:
            raw = ast.literal_eval(text.split("Response:\n", 1)[1].strip())
            body = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
            detail = next((line.strip() for line in body.splitlines() if line.strip()), "")
        except (ValueError, SyntaxError):
            detail = ""
    head = f"endpoint {endpoint} {what}" + (f" (HTTP {status})" if status else "")
    return head + (f": {detail[:300]}" if detail else "")


class RemoteEngine:
    """A SPARQL 1.1 endpoint over HTTP."""

    name = "remote"

    def __init__(self, endpoint: str, timeout: float = 30.0):
        if not endpoint.startswith(("http://", "https://")):
            raise NpdwError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout

    def _send(self, query: str, bindings: dict[str, Identifier] | None) -> tuple[bytes, str]:
        """The answer's body and media type; JSON results for SELECT/ASK, an RDF syntax for CONSTRUCT/DESCRIBE."""
        form = query_form(query)
        text = prepare_query(query, bindings)
        sw = SPARQLWrapper(self.endpoint)
        sw.setTimeout(int(self.timeout))
        sw.setReturnFormat(JSON if form in ("SELECT", "ASK") else N3)  # N3: Turtle or N-Triples in the Accept header
        if len(text) > POST_ABOVE:
            sw.setMethod(POST)
        sw.setQuery(text)
        sw.queryType = form  # SPARQLWrapper's own guess picks the Accept header; ours reads past comments reliably
        try:
            response = sw.query().response
            return response.read(), (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        except SPARQLWrapperException as e:
            raise NpdwError(_wrapper_error(self.endpoint, e)) from None
        except urllib.error.HTTPError as e:
            detail = _first_line(e)
            raise NpdwError(f"endpoint {self.endpoint} answered HTTP {e.code} {e.reason}{': ' + detail if detail else ''}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            reason = getattr(e, "reason", e)
            raise NpdwError(f"cannot reach endpoint {self.endpoint}: {reason}") from None
        except (http.client.HTTPException, OSError) as e:
            raise NpdwError(f"endpoint {self.endpoint} broke off the answer: {type(e).__name__} {e}".rstrip()) from None

    def _run(self, query: str, bindings: dict[str, Identifier] | None) -> dict:
        body, _ = self._send(query, bindings)
        try:
            return json.loads(body.decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise NpdwError(f"endpoint {self.endpoint} did not answer with SPARQL JSON results") from None

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> SelectResult:
        data = self._run(query, bindings)
        if not isinstance(data, dict) or "results" not in data:
            raise NpdwError(f"endpoint {self.endpoint} did not answer with SELECT results")
        try:
            variables = data["head"].get("vars", [])
            rows = [tuple(_term(b[v]) if v in b else None for v in variables) for b in data["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError):
            raise NpdwError(f"endpoint {self.endpoint} did not answer with SPARQL JSON results") from None
        return ordered_parts(SelectResult(variables, rows), query)

    def ask(self, query: str, bindings: dict[str, Identifier] | None = None) -> bool:
        data = self._run(query, bindings)
        if not isinstance(data, dict) or not isinstance(data.get("boolean"), bool):
            raise NpdwError(f"endpoint {self.endpoint} did not answer with an ASK result")
        return data["boolean"]

    def construct(self, query: str, bindings: dict[str, Identifier] | None = None) -> Graph:
        body, media_type = self._send(query, bindings)
        parser = _RDF_PARSERS.get(media_type)
        if parser is None:
            raise NpdwError(f"endpoint {self.endpoint} answered a CONSTRUCT/DESCRIBE query with {media_type or 'no media type'}, not RDF")
        graph = result_graph()
        try:
            graph.parse(data=body, format=parser)
        except Exception as e:  # rdflib's parsers raise many kinds of error on a broken answer
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise NpdwError(f"endpoint {self.endpoint} sent RDF that does not parse ({media_type}): {first[:300]}") from None
        return graph
