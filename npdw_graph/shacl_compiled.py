"""SHACL Core constraints compiled to SPARQL and run over the whole graph on pyoxigraph.

pySHACL walks every focus node in Python over an rdflib graph; at a million triples that takes
minutes. Here each constraint of a shape becomes one SPARQL query over the whole graph: the
shape's targets, its path as a property path and the constraint as a filter (or a GROUP BY for
the counts). Oxigraph answers it with joins instead of a Python loop per node.

The results are built the way pySHACL builds them (same focus node, path, value, source shape,
constraint component, severity and messages, blank nodes cloned with their ids), and
``tests/test_validate.py`` holds the combined report against plain pySHACL's. A shape that uses
anything this module does not compile (``Unsupported``) is left to pySHACL as a whole, so the
report stays complete whatever the shapes contain.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib.term
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from npdw_graph.namespaces import SH
from npdw_graph.rdfterms import WELL_FORMED_LEXICAL, to_rdflib

_TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
# Lexical forms that rdflib certainly accepts, as SPARQL string literals; other literals of these
# datatypes are checked in Python.
_SAFE_LEXICAL = {URIRef(dt): "^(" + p.replace("\\", "\\\\") + ")$" for dt, p in WELL_FORMED_LEXICAL.items()}
_ALWAYS_MATCH = {XSD.string, RDF.langString, RDFS.Literal}
# The datatypes rdflib reads into Python values; only their literals can be ill-typed for pySHACL.
_TO_PYTHON = getattr(rdflib.term, "_toPythonMapping", {})
_VALUE_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent, SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent, SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent, SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent, SH["not"]: SH.NotConstraintComponent, SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}
_FOCUS_COMPONENTS = {SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
                     SH.uniqueLang: SH.UniqueLangConstraintComponent}
# SHACL parameters that never produce results themselves (predicates outside the SHACL namespace,
# such as rdfs:label or skos:definition on a shape, are annotations and never do either).
_PASSIVE = {SH.path, SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.property,
            SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.sparql, SH.defaultValue,
            SH.prefixes, SH.declare}
TARGET_PARAMETERS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _passive(param: Node) -> bool:
    return param in _PASSIVE or not str(param).startswith(str(SH))
_RANGE_OPERATORS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


class Unsupported(Exception):
    """A shape feature this module does not compile; the shape goes to pySHACL."""


@dataclass(frozen=True)
class Query:
    """One compiled constraint: a SELECT whose rows are results (``?this`` and, if any, ``?v``)."""

    shape: Node  # the shape that owns the constraint (sh:sourceShape)
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...]
    path: Node | None
    sparql: str
    with_value: bool
    ill_typed_datatype: URIRef | None = None  # rows are candidates: keep those rdflib calls ill-typed


@dataclass
class CompiledShapes:
    queries: list[Query] = field(default_factory=list)
    compiled: list[Node] = field(default_factory=list)  # top-level shapes fully compiled
    unsupported: dict[Node, str] = field(default_factory=dict)  # shape -> why it goes to pySHACL


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return shapes.value(shape, SH.deactivated) == Literal(True)


def _const(node: Node) -> str:
    if isinstance(node, URIRef):
        if re.search(r'[<>"{}|^`\\\s]', str(node)):
            raise Unsupported(f"IRI {node} cannot be written in SPARQL")
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported("a blank node as a constraint value")


def _items(shapes: Graph, head: Node) -> list[Node]:
    items: list[Node] = []
    node: Node | None = head
    while node is not None and node != RDF.nil:
        first = shapes.value(node, RDF.first)
        if first is None:
            raise Unsupported("not a well-formed RDF list")
        items.append(first)
        node = shapes.value(node, RDF.rest)
        if len(items) > 10_000:
            raise Unsupported("RDF list too long or cyclic")
    return items


def path_sparql(shapes: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return _const(path)
    if not isinstance(path, BNode):
        raise Unsupported(f"path {path!r}")
    if shapes.value(path, RDF.first) is not None:
        return "(" + "/".join(path_sparql(shapes, p) for p in _items(shapes, path)) + ")"
    for prop, fmt in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                      (SH.zeroOrOnePath, "({})?")):
        inner = shapes.value(path, prop)
        if inner is not None:
            return fmt.format(path_sparql(shapes, inner))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_sparql(shapes, p) for p in _items(shapes, alternatives)) + ")"
    raise Unsupported("unknown path form")


def target_pattern(shapes: Graph, shape: Node) -> str | None:
    """The focus nodes of a shape as a group pattern binding ``?this``; None without targets."""
    branches = [f"?this {_TYPE_PATH} {_const(c)} ." for c in shapes.objects(shape, SH.targetClass)]
    if isinstance(shape, URIRef) and ((shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes):
        branches.append(f"?this {_TYPE_PATH} {_const(shape)} .")  # implicit class target
    branches += [f"?this {_const(p)} [] ." for p in shapes.objects(shape, SH.targetSubjectsOf)]
    branches += [f"[] {_const(p)} ?this ." for p in shapes.objects(shape, SH.targetObjectsOf)]
    nodes = list(shapes.objects(shape, SH.targetNode))
    if nodes:
        branches.append("VALUES ?this { " + " ".join(_const(n) for n in nodes) + " }")
    if not branches:
        return None
    return "{ " + " } UNION { ".join(branches) + " }"


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._fresh = itertools.count()
        self._nesting: list[Node] = []  # the shapes being expanded by conforms(), to stop on recursive shapes

    def var(self) -> str:
        return f"?_v{next(self._fresh)}"

    # --- value-level tests: a SPARQL expression true when value ``v`` violates the constraint ---

    def violates(self, param: URIRef, arg: Node, v: str, nested: bool) -> str:
        s = self.shapes
        if param == SH["class"]:
            return f"NOT EXISTS {{ {v} {_TYPE_PATH} {_const(arg)} }}"
        if param == SH.datatype:
            if arg == RDF.langString:
                return f'!(isLiteral({v}) && lang({v}) != "")'
            if arg == RDFS.Literal:
                return f"!isLiteral({v})"
            if nested and arg not in _ALWAYS_MATCH:
                raise Unsupported("sh:datatype other than a string type inside sh:or/sh:and/sh:not/sh:node")
            return f"!(isLiteral({v}) && datatype({v}) = {_const(arg)})"
        if param == SH.nodeKind:
            if arg not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {arg}")
            return "!" + _NODE_KINDS[arg].format(v=v)
        if param == SH["in"]:
            options = _items(s, arg)
            return "!(" + (" || ".join(f"sameTerm({v}, {_const(o)})" for o in options) or "false") + ")"
        if param == SH.languageIn:
            langs = [str(x).lower() for x in _items(s, arg)]
            if any(not isinstance(x, Literal) for x in _items(s, arg)):
                raise Unsupported("sh:languageIn with a non-literal")
            if "*" in langs:
                return f'!(isLiteral({v}) && lang({v}) != "")'
            options = ", ".join(Literal(x).n3() for x in langs)
            return (f'!(isLiteral({v}) && lang({v}) != "" && (LCASE(lang({v})) IN ({options}) || '
                    f'LCASE(STRBEFORE(CONCAT(lang({v}), "-"), "-")) IN ({options})))')
        if param in _RANGE_OPERATORS:
            if not isinstance(arg, Literal) or isinstance(arg.value, str):
                raise Unsupported("a range constraint with a string or non-literal bound")
            # pySHACL: only literals compare; a string never compares with a number.
            return (f"!(isLiteral({v}) && datatype({v}) != <{XSD.string}> && lang({v}) = \"\" && "
                    f"COALESCE({v} {_RANGE_OPERATORS[param]} {_const(arg)}, false))")
        if param == SH.node:
            return "!" + self.conforms(arg, v)
        if param == SH["not"]:
            return self.conforms(arg, v)
        if param == SH["and"]:
            return "!(" + " && ".join(self.conforms(x, v) for x in _items(s, arg)) + ")"
        if param == SH["or"]:
            return "!(" + " || ".join(self.conforms(x, v) for x in _items(s, arg)) + ")"
        if param == SH.xone:
            return "((" + " + ".join(f"IF({self.conforms(x, v)}, 1, 0)" for x in _items(s, arg)) + ") != 1)"
        raise Unsupported(f"constraint {param}")

    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression true when node ``v`` conforms to ``shape`` (for sh:or, sh:node, ...)."""
        s = self.shapes
        if _deactivated(s, shape):
            return "true"
        if shape in self._nesting or len(self._nesting) > 8:
            raise Unsupported("a recursive or deeply nested shape")
        self._nesting.append(shape)
        try:
            return self._conforms(shape, v)
        finally:
            self._nesting.pop()

    def _conforms(self, shape: Node, v: str) -> str:
        s = self.shapes
        if s.value(shape, SH.sparql) is not None:
            raise Unsupported("sh:sparql inside a logical constraint")
        parts: list[str] = []
        path = s.value(shape, SH.path)
        if path is not None:
            raise Unsupported("a property shape used as a node test")
        for param, arg in s.predicate_objects(shape):
            if _passive(param):
                continue
            if param in _FOCUS_COMPONENTS:
                raise Unsupported(f"{param} on a node shape")
            parts.append("!(" + self.violates(param, arg, v, nested=True) + ")")  # type: ignore[arg-type]
        for prop in s.objects(shape, SH.property):
            if _deactivated(s, prop):
                continue
            ppath = s.value(prop, SH.path)
            if ppath is None:
                raise Unsupported("sh:property without sh:path")
            p = path_sparql(s, ppath)
            for param, arg in s.predicate_objects(prop):
                if _passive(param):
                    continue
                y = self.var()
                if param == SH.minCount:
                    n = int(arg)  # type: ignore[arg-type]
                    if n > 1:
                        raise Unsupported("nested sh:minCount above 1")
                    if n == 1:
                        parts.append(f"EXISTS {{ {v} {p} {y} }}")
                elif param == SH.maxCount:
                    n = int(arg)  # type: ignore[arg-type]
                    if n == 0:
                        parts.append(f"NOT EXISTS {{ {v} {p} {y} }}")
                    elif n == 1:
                        y2 = self.var()
                        parts.append(f"NOT EXISTS {{ {v} {p} {y} . {v} {p} {y2} . FILTER(!sameTerm({y}, {y2})) }}")
                    else:
                        raise Unsupported("nested sh:maxCount above 1")
                elif param in _FOCUS_COMPONENTS:
                    raise Unsupported(f"nested {param}")
                else:
                    parts.append(f"NOT EXISTS {{ {v} {p} {y} . FILTER({self.violates(param, arg, y, nested=True)}) }}")  # type: ignore[arg-type]
        return "(" + (" && ".join(parts) or "true") + ")"

    # --- top-level shapes ---

    def shape_queries(self, shape: Node, target: str) -> list[Query]:
        """Queries for a targeted shape: its own node-level constraints and those of its property shapes."""
        queries = self.constraint_queries(shape, target, path=None)
        for prop in self.shapes.objects(shape, SH.property):
            if not _deactivated(self.shapes, prop):
                path = self.shapes.value(prop, SH.path)
                if path is None:
                    raise Unsupported("sh:property without sh:path")
                if self.shapes.value(prop, SH.property) is not None:
                    raise Unsupported("a property shape with its own sh:property")
                queries += self.constraint_queries(prop, target, path)
        return queries

    def value_query(self, target: str, path: Node | None, bad: str) -> str:
        """Focus and value for each value that fails ``bad`` (an expression on ``?v`` alone). With a path the
        test runs once per distinct value of the path in the whole graph, before the join with the targets
        (an sh:or over the source of 100,000 resources is a few hundred distinct sections)."""
        if path is None:
            return f"SELECT DISTINCT ?this ?v WHERE {{ {target} BIND(?this AS ?v) FILTER({bad}) }}"
        p = path_sparql(self.shapes, path)
        s = self.var()
        return (f"SELECT DISTINCT ?this ?v WHERE {{ {{ SELECT ?v WHERE {{ {{ SELECT DISTINCT ?v WHERE {{ {s} {p} ?v }} }} "
                f"FILTER({bad}) }} }} ?this {p} ?v . {target} }}")

    def constraint_queries(self, shape: Node, target: str, path: Node | None) -> list[Query]:
        s = self.shapes
        severity = s.value(shape, SH.severity) or SH.Violation
        messages = tuple(m for m in s.objects(shape, SH.message) if isinstance(m, Literal))
        values = f"?this {path_sparql(s, path)} ?v ." if path is not None else "BIND(?this AS ?v)"
        out: list[Query] = []

        def query(component: URIRef, sparql: str, with_value: bool, ill: URIRef | None = None) -> None:
            if not messages:
                raise Unsupported("no sh:message (pySHACL would write its own generic message)")
            out.append(Query(shape, component, severity, messages, path, sparql, with_value, ill))  # type: ignore[arg-type]

        for param, arg in s.predicate_objects(shape):
            if _passive(param):
                continue
            if param == SH.minCount:
                n = int(arg)  # type: ignore[arg-type]
                if path is None:
                    raise Unsupported("sh:minCount on a node shape")
                if n == 1:
                    query(SH.MinCountConstraintComponent,
                          f"SELECT DISTINCT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {target} }} }} MINUS {{ {values} }} }}", False)
                elif n > 1:
                    query(SH.MinCountConstraintComponent,
                          f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {target} }} }} OPTIONAL {{ {values} }} }} "
                          f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})", False)
            elif param == SH.maxCount:
                if path is None:
                    raise Unsupported("sh:maxCount on a node shape")
                n = int(arg)  # type: ignore[arg-type]
                query(SH.MaxCountConstraintComponent,
                      f"SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this WHERE {{ {values} }} GROUP BY ?this "
                      f"HAVING (COUNT(DISTINCT ?v) > {n}) }} {target} }}", False)
            elif param == SH.uniqueLang:
                if path is None:
                    raise Unsupported("sh:uniqueLang on a node shape")
                if arg == Literal(True):
                    query(SH.UniqueLangConstraintComponent,
                          f'SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this WHERE {{ {values} FILTER(isLiteral(?v) && lang(?v) != "") }} '
                          f"GROUP BY ?this (LCASE(lang(?v)) AS ?l) HAVING (COUNT(DISTINCT ?v) > 1) }} {target} }}", False)
            elif param in _VALUE_COMPONENTS:
                bad = self.violates(param, arg, "?v", nested=False)  # type: ignore[arg-type]
                query(_VALUE_COMPONENTS[param], self.value_query(target, path, bad), True)
                if param == SH.datatype and isinstance(arg, URIRef) and _TO_PYTHON.get(arg) is not None:
                    safe = _SAFE_LEXICAL.get(arg)
                    lexical = f' && !REGEX(STR(?v), "{safe}")' if safe else ""
                    query(SH.DatatypeConstraintComponent,
                          self.value_query(target, path, f"isLiteral(?v) && datatype(?v) = {_const(arg)}{lexical}"), True, arg)
            else:
                raise Unsupported(f"constraint parameter {param}")
        return out


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Every targeted, active shape: compiled to queries, or listed as unsupported (with the reason)."""
    result = CompiledShapes()
    compiler = _Compiler(shapes)
    candidates = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    for p in TARGET_PARAMETERS:
        candidates |= set(shapes.subjects(p, None))
    for shape in sorted(candidates, key=str):
        if _deactivated(shapes, shape):
            continue
        try:
            target = target_pattern(shapes, shape)
            if target is None:
                continue
            if shapes.value(shape, SH.path) is not None:
                raise Unsupported("a property shape with its own targets")
            result.queries += compiler.shape_queries(shape, target)
            result.compiled.append(shape)
        except Unsupported as e:
            result.unsupported[shape] = str(e)
    return result


def _readable(value: Node | None) -> bool:
    """pySHACL's datatype test for a literal that carries the expected datatype: rdflib must be able to read it."""
    return isinstance(value, Literal) and getattr(value, "ill_typed", None) is not True


@dataclass(frozen=True)
class Finding:
    """One row of a compiled query: a focus node (and value) that fails the query's constraint."""

    query: Query
    focus: Node
    value: Node | None


def run_queries(store: ox.Store, queries: list[Query]) -> Iterator[Finding]:
    """The findings of every query, each distinct focus and value once."""
    rdflib_log = logging.getLogger("rdflib.term")
    for q in queries:
        seen: set[tuple[Node, Node | None]] = set()
        level = rdflib_log.level
        if q.ill_typed_datatype is not None:
            rdflib_log.setLevel(logging.CRITICAL)  # rdflib logs every unreadable literal; here it is a finding
        try:
            for sol in store.query(q.sparql):
                focus = to_rdflib(sol["this"])
                value = to_rdflib(sol["v"]) if q.with_value else None
                if q.ill_typed_datatype is not None and _readable(value):
                    continue
                if (focus, value) not in seen:
                    seen.add((focus, value))
                    yield Finding(q, focus, value)
        finally:
            rdflib_log.setLevel(level)
