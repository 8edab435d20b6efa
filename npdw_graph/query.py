"""``npdw query``: run a named query on the embedded graph or an endpoint and format the result.

Every query form is supported: SELECT prints a table (or SPARQL CSV/TSV/JSON results), ASK
prints ``true`` or ``false`` (or the SPARQL JSON boolean), CONSTRUCT and DESCRIBE print RDF
(Turtle, N-Triples or self-contained JSON-LD).
"""

from __future__ import annotations

import io
import json
import shutil
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from npdw_graph import csvsafe, jsontext
from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import PREFIXES
from npdw_graph.queryengine import AskResult, Engine, GraphResult, QueryResult, SelectResult, run_any
from npdw_graph.querylib import NamedQuery

TABLE_FORMATS = ("table", "csv", "tsv", "json")  # SELECT; ASK takes them too (true/false, or the JSON boolean)
RDF_FORMATS = ("ttl", "nt", "jsonld")  # CONSTRUCT and DESCRIBE
FORMATS = TABLE_FORMATS + RDF_FORMATS


def run_query(query: NamedQuery, engine: Engine, params: dict[str, str] | None = None) -> SelectResult:
    """Run a SELECT query (the named query library)."""
    return engine.select(query.text, query.bindings(params or {}))


def run_named(query: NamedQuery, engine: Engine, params: dict[str, str] | None = None) -> QueryResult:
    """Run a query of any form: SELECT, ASK, CONSTRUCT or DESCRIBE."""
    return run_any(engine, query.text, query.bindings(params or {}))


def output_format(result: QueryResult, fmt: str | None) -> str:
    """The format to print ``result`` in: the given one if it fits the query form, else the form's default."""
    if isinstance(result, GraphResult):
        if fmt is None:
            return "ttl"
        if fmt not in RDF_FORMATS:
            raise NpdwError(f"a CONSTRUCT or DESCRIBE query gives RDF: use --format {', '.join(RDF_FORMATS)} (not {fmt})")
        return fmt
    if fmt in RDF_FORMATS:
        what = "an ASK query gives true or false" if isinstance(result, AskResult) else "a SELECT query gives a table"
        raise NpdwError(f"{what}: use --format {', '.join(TABLE_FORMATS)} (not {fmt})")
    return fmt or "table"


def format_any(result: QueryResult, fmt: str, labels: dict[str, str] | None = None, width: int | None = None) -> str:
    if isinstance(result, AskResult):
        return format_boolean(result.value, fmt)
    if isinstance(result, GraphResult):
        return format_graph(result.graph, fmt)
    return format_result(result, fmt, labels, width)


def format_boolean(value: bool, fmt: str = "table") -> str:
    """An ASK answer: ``true``/``false``, or with ``json`` the SPARQL 1.1 Query Results JSON boolean."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    return ("true" if value else "false") + "\n"


def format_graph(graph: Graph, fmt: str = "ttl") -> str:
    """A CONSTRUCT/DESCRIBE answer as Turtle, N-Triples (lines sorted) or JSON-LD with its context inline."""
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())
    if fmt == "jsonld":
        from npdw_graph.export import build_context, dump_json, to_jsonld

        triples = sorted(graph, key=lambda t: tuple(map(str, t)))
        return dump_json(to_jsonld(triples, build_context(triples))).decode("utf-8")
    return graph.serialize(format="turtle")


def compact(iri: str) -> str:
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if best and all(c.isalnum() or c in "-_." for c in iri[len(best):]):
        return f"{name}:{iri[len(best):]}"
    return iri


def fetch_labels(engine: Engine, result: SelectResult) -> dict[str, str]:
    iris = sorted({str(t) for row in result.rows for t in row if isinstance(t, URIRef)})
    labels: dict[str, str] = {}
    for i in range(0, len(iris), 200):
        values = " ".join(f"<{iri}>" for iri in iris[i:i + 200])
        q = f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s <{RDFS.label}> ?l . FILTER(lang(?l) = 'nl' || lang(?l) = '') }}"
        for s, label in engine.select(q).rows:
            labels.setdefault(str(s), str(label))
    return labels


_NUMERIC = {str(XSD.decimal), str(XSD.integer), str(XSD.double), str(XSD.float), str(XSD.int), str(XSD.long)}


def canonical_text(term) -> str:
    """The text of a term, with numbers in one canonical form (engines differ: 5.00 vs 5)."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _NUMERIC:
        try:
            value = Decimal(str(term))
        except InvalidOperation:
            return str(term)
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return format(value.normalize(), "f")
    return str(term)


def _cell(term, labels: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        if labels is not None and str(term) in labels:
            return labels[str(term)]
        return compact(str(term))
    if isinstance(term, BNode):
        return "[]"
    return canonical_text(term)


def _json_term(term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
    return out


def format_result(result: SelectResult, fmt: str = "table", labels: dict[str, str] | None = None, width: int | None = None) -> str:
    if fmt == "json":  # SPARQL 1.1 Query Results JSON
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows]
        return jsontext.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, 2) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csvsafe.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_cell(t, None) if not isinstance(t, URIRef) else str(t) for t in row])
        return buf.getvalue()
    return _table(result, labels, width or shutil.get_terminal_size((160, 40)).columns)


def _row_cells(row, labels: dict[str, str] | None) -> list[str]:
    """Cells of one table row: an IRI shows its label, unless the row already shows that label
    in another column (then the compact IRI is the more useful cell)."""
    literals = {str(t) for t in row if isinstance(t, Literal)}
    out = []
    for t in row:
        label = labels.get(str(t)) if labels is not None and isinstance(t, URIRef) else None
        out.append((compact(str(t)) if label in literals else _cell(t, labels)).replace("\n", " "))
    return out


def _table(result: SelectResult, labels: dict[str, str] | None, width: int) -> str:
    header = result.variables
    cells = [_row_cells(row, labels) for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    budget = max(width - 3 * (len(header) - 1), 20)
    while sum(widths) > budget and max(widths) > 12:
        i = widths.index(max(widths))
        widths[i] -= 1

    def fit(s: str, w: int) -> str:
        return s if len(s) <= w else s[: max(w - 1, 0)] + "…"

    lines = [" | ".join(fit(h, w).ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    for r in cells:
        lines.append(" | ".join(fit(c, w).ljust(w) for c, w in zip(r, widths, strict=True)))
    lines.append(f"({len(cells)} rij{'en' if len(cells) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"
