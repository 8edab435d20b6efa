"""Run SPARQL on the embedded graph (pyoxigraph or rdflib) or on a remote endpoint.

All engines return the same shape of result, so callers and tests can compare engines
directly: for SELECT a list of variable names and rows of rdflib terms (``None`` for
unbound), for ASK a boolean, for CONSTRUCT and DESCRIBE an rdflib graph. ``run_any`` picks
the form from the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Identifier, Variable

from npdw_graph.namespaces import PREFIXES
from npdw_graph.rdfterms import caching_converter, graph_to_ox_store

Row = tuple[Identifier | None, ...]
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
# The prologue before the query form: white space, comments, BASE and PREFIX declarations
# (an IRI may hold a '#', so declarations are matched whole before comments).
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?P<args>(?:[^()]|\([^()]*\))*)\)\s*AS\s*\?(?P<var>\w+)", re.IGNORECASE)
_SEPARATOR = re.compile(r"separator\s*=\s*(['\"])(?P<sep>.*?)\1", re.IGNORECASE)


def query_form(query: str) -> str:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``) of a SPARQL query."""
    m = _FORM.match(query, _PROLOGUE.match(query).end())  # type: ignore[union-attr]
    if not m:
        raise SyntaxError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prefixes")
    return m.group(1).upper()


def bind_values(query: str, bindings: dict[str, Identifier]) -> str:
    """Bind parameters with a VALUES block that opens the outermost WHERE group.

    The values are RDF terms serialised by rdflib (quotes, backslashes and newlines escaped;
    IRIs were checked for forbidden characters when they were made), so a value can never
    change the structure of the query. Used for pyoxigraph and remote endpoints; rdflib gets
    ``initBindings``. Both are checked against each other by the tests.
    """
    if not bindings:
        return query
    masked = re.sub(r"(?m)#[^\n]*$", lambda m: " " * len(m.group(0)), query)  # ignore comments
    m = _WHERE.search(masked)
    if not m:
        raise ValueError("cannot bind parameters: the query has no WHERE clause")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    return query[: m.end()] + f" VALUES ({names}) {{ ({values}) }} " + query[m.end():]


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[Row]

    def dicts(self) -> list[dict[str, str]]:
        return [{v: ("" if t is None else str(t)) for v, t in zip(self.variables, row, strict=True)} for row in self.rows]


def group_concat_columns(query: str) -> dict[str, str]:
    """Variables bound by GROUP_CONCAT in the query, with their separators (the SPARQL default is one space)."""
    out = {}
    for m in _GROUP_CONCAT.finditer(query):
        sep = _SEPARATOR.search(m.group("args"))
        out[m.group("var")] = sep.group("sep") if sep else " "
    return out


def ordered_parts(result: SelectResult, query: str) -> SelectResult:
    """The result with every GROUP_CONCAT cell's parts sorted (by code point).

    SPARQL leaves the order of GROUP_CONCAT's parts to the engine, and pyoxigraph, rdflib and the
    Oxigraph server each concatenate differently (an ordered subquery does not bind them either), so
    every engine's ``select`` passes its answer through here: the same parts give the same text on
    every engine. A part that itself contains the separator is sorted as its pieces, which is still
    the same on every engine. The cell keeps its language tag or datatype.
    """
    columns = group_concat_columns(query)
    seps = [columns.get(v) for v in result.variables]
    if not any(seps):
        return result
    rows = []
    for row in result.rows:
        cells = list(row)
        for i, sep in enumerate(seps):
            term = cells[i]
            if sep and isinstance(term, Literal) and sep in term:
                text = sep.join(sorted(str(term).split(sep)))
                cells[i] = Literal(text, lang=term.language) if term.language else Literal(text, datatype=term.datatype)
        rows.append(tuple(cells))
    return SelectResult(result.variables, rows)


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    """The answer to a CONSTRUCT or DESCRIBE query."""

    graph: Graph


QueryResult = SelectResult | AskResult | GraphResult


class Engine(Protocol):
    name: str

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> SelectResult: ...

    def ask(self, query: str, bindings: dict[str, Identifier] | None = None) -> bool: ...

    def construct(self, query: str, bindings: dict[str, Identifier] | None = None) -> Graph:
        """A CONSTRUCT or DESCRIBE query's graph."""
        ...


def run_any(engine: Engine, query: str, bindings: dict[str, Identifier] | None = None) -> QueryResult:
    """Run a query of any form on any engine."""
    form = query_form(query)
    if form == "SELECT":
        return engine.select(query, bindings)
    if form == "ASK":
        return AskResult(engine.ask(query, bindings))
    return GraphResult(engine.construct(query, bindings))


def result_graph() -> Graph:
    """An empty graph for a CONSTRUCT/DESCRIBE answer, with the project's prefixes bound."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


class OxigraphEngine:
    """In-process pyoxigraph store: the fast default."""

    name = "oxigraph"

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphEngine:
        return cls(graph_to_ox_store(graph))

    def _run(self, query: str, bindings: dict[str, Identifier] | None):
        return self.store.query(bind_values(query, bindings or {}), prefixes=PREFIXES)

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> SelectResult:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise ValueError("not a SELECT query")
        variables = [v.value for v in res.variables]
        term = caching_converter()  # a large answer repeats its terms (27k rows: 1 s -> 0.1 s)
        rows = [tuple(map(term, sol)) for sol in res]  # a solution iterates its values in variable order
        return ordered_parts(SelectResult(variables, rows), query)

    def ask(self, query: str, bindings: dict[str, Identifier] | None = None) -> bool:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise ValueError("not an ASK query")
        return bool(res)

    def construct(self, query: str, bindings: dict[str, Identifier] | None = None) -> Graph:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise ValueError("not a CONSTRUCT or DESCRIBE query")
        graph = result_graph()
        term = caching_converter()
        for t in res:
            graph.add((term(t.subject), term(t.predicate), term(t.object)))  # type: ignore[arg-type]
        return graph


# What rdflib's SPARQL evaluator raises on the queries it cannot evaluate (e.g. MAX over IF(...) in
# queries/datacube/ic-12: "'>' not supported between instances of 'NoneType'"): one clear error, no traceback.
_RDFLIB_FAILURES = (TypeError, AttributeError, KeyError, IndexError, ZeroDivisionError, RecursionError)


def _evaluation_error(e: Exception) -> ValueError:
    return ValueError(f"rdflib could not evaluate the query ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})")


class RdflibEngine:
    """Plain rdflib: the reference implementation that results are compared against."""

    name = "rdflib"

    def __init__(self, graph: Graph):
        self.graph = graph

    def _query(self, query: str, bindings: dict[str, Identifier] | None):
        from pyparsing import ParseException  # rdflib's SPARQL parser: imported only by the commands that use rdflib's engine

        try:
            return self.graph.query(query, initNs=PREFIXES, initBindings={Variable(k): v for k, v in (bindings or {}).items()})
        except ParseException as e:  # rdflib's parser error is not a SyntaxError; make it one like pyoxigraph's
            raise SyntaxError(str(e).splitlines()[0]) from None
        except _RDFLIB_FAILURES as e:
            raise _evaluation_error(e) from None

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> SelectResult:
        res = self._query(query, bindings)
        if res.type != "SELECT":
            raise ValueError("not a SELECT query")
        variables = [str(v) for v in res.vars or []]
        try:
            rows = [tuple(row) for row in res]  # rdflib evaluates a SELECT while its rows are read
        except _RDFLIB_FAILURES as e:
            raise _evaluation_error(e) from None
        return ordered_parts(SelectResult(variables, rows), query)  # type: ignore[arg-type]

    def ask(self, query: str, bindings: dict[str, Identifier] | None = None) -> bool:
        res = self._query(query, bindings)
        if res.type != "ASK":
            raise ValueError("not an ASK query")
        return bool(res.askAnswer)

    def construct(self, query: str, bindings: dict[str, Identifier] | None = None) -> Graph:
        res = self._query(query, bindings)
        if res.type not in ("CONSTRUCT", "DESCRIBE") or res.graph is None:
            raise ValueError("not a CONSTRUCT or DESCRIBE query")
        graph = result_graph()
        for triple in res.graph:
            graph.add(triple)
        return graph


def select_rows(graph: Graph, query: str) -> list[dict[str, str]]:
    """Convenience for small internal queries on an rdflib graph."""
    return RdflibEngine(graph).select(query).dicts()
