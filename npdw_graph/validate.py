"""Validate the data against the SHACL shapes and turn the SHACL report into readable results."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from npdw_graph.load import new_graph
from npdw_graph.namespaces import SH
from npdw_graph.rdfterms import to_ox, to_rdflib
from npdw_graph.report_builder import ReportBuilder
from npdw_graph.shacl_compiled import TARGET_PARAMETERS, compile_shapes, run_queries
from npdw_graph.sparql_constraints import core_shapes, run_sparql_checks
from npdw_graph.terms import UnknownTerm

SEVERITY_NL = {"Violation": "Overtreding", "Warning": "Waarschuwing", "Info": "Informatie"}
_SEVERITY_ORDER = ["Violation", "Warning", "Info"]


@dataclass(frozen=True)
class Result:
    severity: str  # Violation | Warning | Info
    shape: str
    focus: str
    label: str
    file: str
    path: str
    value: str
    message: str
    component: str = ""  # the SHACL constraint component, e.g. "MinCount" (sh:MinCountConstraintComponent)


@dataclass
class Report:
    conforms: bool
    results: list[Result] = field(default_factory=list)
    unknown_terms: list[UnknownTerm] = field(default_factory=list)
    graph: Graph | None = None

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation") + len(self.unknown_terms)

    @property
    def warnings(self) -> int:
        return self.count("Warning")

    def grouped(self) -> dict[str, dict[str, list[Result]]]:
        groups: dict[str, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
        for r in sorted(self.results, key=lambda r: (_SEVERITY_ORDER.index(r.severity), r.shape, r.file, r.label)):
            groups[r.severity][r.shape].append(r)
        return groups

    def to_text(self) -> str:
        lines = [
            f"Validatie: {self.violations} overtreding(en), {self.warnings} waarschuwing(en), "
            f"{self.count('Info')} melding(en)."
        ]
        if self.unknown_terms:
            lines.append("")
            lines.append(f"== Onbekende termen en ongeldige waarden ({len(self.unknown_terms)}) ==")
            lines.extend(f"  {t}" for t in self.unknown_terms)
        for severity, shapes in self.grouped().items():
            lines.append("")
            total = sum(len(v) for v in shapes.values())
            lines.append(f"== {SEVERITY_NL.get(severity, severity)} ({total}) ==")
            for shape, results in shapes.items():
                lines.append(f"-- {shape} ({len(results)})")
                for r in results:
                    detail = f" [{r.path}" + (f" = {r.value}" if r.value else "") + "]" if r.path else ""
                    lines.append(f"  {r.file}: {r.label}: {r.message}{detail}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "violations": self.violations,
                "warnings": self.warnings,
                "unknown_terms": [asdict(t) for t in self.unknown_terms],
                "results": [asdict(r) for r in self.results],
            },
            ensure_ascii=False,
            indent=2,
        )

    def to_turtle(self) -> str:
        g = self.graph if self.graph is not None else new_graph()
        return g.serialize(format="turtle")


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - rdflib raises several types for unprefixable IRIs
            return str(node)
    if isinstance(node, Literal):
        return str(node)
    return "[]"


def _path_text(shapes: Graph, path: Node | None) -> str:
    """A SHACL path in SPARQL property-path notation with prefixes (``^npdw:hasFunding``, ``dcterms:source|prov:wasDerivedFrom``)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(shapes, path)
    if shapes.value(path, RDF.first) is not None:
        return "/".join(_path_text(shapes, p) for p in Collection(shapes, path))
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = shapes.value(path, prop)
        if inner is not None:
            return fmt.format(_path_text(shapes, inner))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(shapes, p) for p in Collection(shapes, alternatives))
    return "(pad)"


class _Lookup:
    """What the readable report needs from the data: who holds a blank node, and labels.
    Works on an rdflib graph or on the pyoxigraph store (the build no longer makes an rdflib copy)."""

    def __init__(self, data: Graph | ox.Store) -> None:
        self.data = data

    def holder(self, node: Node) -> Node | None:
        if isinstance(self.data, Graph):
            return next(iter(self.data.subjects(None, node)), None)
        quad = next(iter(self.data.quads_for_pattern(None, None, to_ox(node), ox.DefaultGraph())), None)
        return to_rdflib(quad.subject) if quad is not None else None

    def label(self, node: Node) -> Node | None:
        """The resource's rdfs:label; with several, the first Dutch one in sort order (so every engine names it alike)."""
        if isinstance(self.data, Graph):
            labels = list(self.data.objects(node, RDFS.label))
        else:
            labels = [to_rdflib(q.object) for q in
                      self.data.quads_for_pattern(to_ox(node), ox.NamedNode(str(RDFS.label)), None, ox.DefaultGraph())]
        if not labels:
            return None
        return min(labels, key=lambda x: (getattr(x, "language", None) != "nl", str(x)))


def _owner(data: _Lookup, node: Node, depth: int = 0) -> Node:
    """For a blank node (a qualified link, a repair), the named resource that holds it."""
    if not isinstance(node, BNode) or depth > 3:
        return node
    holder = data.holder(node)
    return _owner(data, holder, depth + 1) if holder is not None else node


def _label(data: _Lookup, node: Node, names: Graph) -> str:
    owner = _owner(data, node)
    label = data.label(owner)
    name = str(label) if label is not None else _short(names, owner)
    if owner != node:
        name += " (verband)"
    return name


def run_pyshacl(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph]:
    """Plain pySHACL, all constraints (the reference the fast path is tested against)."""
    import pyshacl  # 0.15 s to import; the fast path does not need it

    conforms, report_graph, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
    )
    return bool(conforms), report_graph


def run_fast(store: ox.Store, shapes: Graph, fallback_graph: Callable[[], Graph] | None = None) -> Graph:
    """The whole report on the pyoxigraph store: core constraints compiled to SPARQL (``shacl_compiled``),
    SPARQL-based constraints once each (``sparql_constraints``). Shapes the compiler does not handle go
    to pySHACL over ``fallback_graph()`` (the merged rdflib graph, made only then)."""
    compiled = compile_shapes(shapes)
    plain = None
    if compiled.unsupported:
        if fallback_graph is None:
            reasons = "; ".join(f"{k}: {v}" for k, v in compiled.unsupported.items())
            raise ValueError(f"these shapes need pySHACL, but no rdflib graph was given: {reasons}")
        rest = core_shapes(shapes)
        for shape in compiled.compiled:  # already checked: no targets of their own in pySHACL's copy, but still
            for p in TARGET_PARAMETERS:  # whole for a shape that refers to them (sh:node, sh:or, ...)
                rest.remove((shape, p, None))
            for cls in (RDFS.Class, OWL.Class):
                rest.remove((shape, RDF.type, cls))
        _, plain = run_pyshacl(fallback_graph(), rest, None)
    builder = ReportBuilder(shapes, store, plain)
    for v in run_queries(store, compiled.queries):
        q = v.query
        builder.add(focus=v.focus, value=v.value, severity=q.severity, component=q.component, shape=q.shape,
                    path=q.path, messages=q.messages)
    run_sparql_checks(store, shapes, builder)
    return builder.graph


def report_from_graph(report_graph: Graph, data: Graph | ox.Store, shapes: Graph, origin: dict[Node, str]) -> list[Result]:
    """Readable results; ``data`` (the merged graph or its store) gives labels and the holders of blank nodes."""
    lookup = _Lookup(data)
    names = shapes
    results = []
    for res in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(res, SH.focusNode)
        severity = str(report_graph.value(res, SH.resultSeverity)).rsplit("#", 1)[-1]
        source_shape = report_graph.value(res, SH.sourceShape)
        shape_node = source_shape
        if isinstance(source_shape, BNode):  # property shape: name it after its node shape
            parent = shapes.value(None, SH.property, source_shape)
            shape_node = parent if parent is not None else source_shape
        messages = [m for m in report_graph.objects(res, SH.resultMessage)]
        nl = [m for m in messages if isinstance(m, Literal) and m.language == "nl"]
        message = str((nl or messages or [""])[0])
        path = report_graph.value(res, SH.resultPath)
        value = report_graph.value(res, SH.value)
        owner = _owner(lookup, focus) if focus is not None else None
        results.append(
            Result(
                severity=severity,
                shape=_short(shapes, shape_node),
                focus=_short(names, focus) if not isinstance(focus, BNode) else _short(names, owner) + " > []",
                label=_label(lookup, focus, names) if focus is not None else "",
                file=origin.get(owner, "?") if owner is not None else "?",
                path=_path_text(shapes, path),
                value=_short(names, value) if value is not None else "",
                message=message,
                component=str(report_graph.value(res, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
                .removesuffix("ConstraintComponent"),
            )
        )
    return results


ENGINES = ("fast", "pyshacl")


def validate_store(store: ox.Store, shapes: Graph, origin: dict[Node, str], unknown_terms: list[UnknownTerm] | None = None,
                   fallback_graph: Callable[[], Graph] | None = None, engine: str = "fast") -> Report:
    """Validate the merged graph in ``store`` with the project's shapes. ``engine="pyshacl"`` runs plain
    pySHACL over ``fallback_graph()`` instead (the reference; minutes instead of seconds at a million triples)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "pyshacl":
        if fallback_graph is None:
            raise ValueError("plain pySHACL needs the merged graph as rdflib")
        _, report_graph = run_pyshacl(fallback_graph(), shapes, None)
    else:
        report_graph = run_fast(store, shapes, fallback_graph)
    results = report_from_graph(report_graph, store, shapes, origin)
    unknown = unknown_terms or []
    has_violation = any(r.severity == "Violation" for r in results) or bool(unknown)
    return Report(conforms=not has_violation, results=results, unknown_terms=unknown, graph=report_graph)
