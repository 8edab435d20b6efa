"""Validate the data against the SHACL shapes and turn pySHACL's report into readable results."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from npdw_graph.load import new_graph
from npdw_graph.namespaces import SH
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
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(shapes, path)
    inverse = shapes.value(path, SH.inversePath)
    return "^" + _short(shapes, inverse) if inverse is not None else "(pad)"


def _owner(data: Graph, node: Node, depth: int = 0) -> Node:
    """For a blank node (a qualified link, a repair), the named resource that holds it."""
    if not isinstance(node, BNode) or depth > 3:
        return node
    for s in data.subjects(None, node):
        return _owner(data, s, depth + 1)
    return node


def _label(data: Graph, node: Node) -> str:
    owner = _owner(data, node)
    label = data.value(owner, RDFS.label)
    name = str(label) if label is not None else _short(data, owner)
    if owner != node:
        name += " (verband)"
    return name


def run_pyshacl(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph]:
    """Plain pySHACL, all constraints (the reference the fast path is tested against)."""
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


def run_fast(merged: Graph, store: ox.Store, shapes: Graph) -> Graph:
    """Core constraints with pySHACL on the merged graph (ontology + data, so sh:class sees
    subclasses) and SPARQL-based constraints once per constraint on the pyoxigraph store."""
    _, report_graph = run_pyshacl(merged, core_shapes(shapes), None)
    run_sparql_checks(store, shapes, report_graph)
    return report_graph


def report_from_graph(report_graph: Graph, data: Graph, shapes: Graph, origin: dict[Node, str]) -> list[Result]:
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
        owner = _owner(data, focus) if focus is not None else None
        results.append(
            Result(
                severity=severity,
                shape=_short(shapes, shape_node),
                focus=_short(data, focus) if not isinstance(focus, BNode) else _short(data, owner) + " > []",
                label=_label(data, focus) if focus is not None else "",
                file=origin.get(owner, "?") if owner is not None else "?",
                path=_path_text(shapes, path),
                value=_short(data, value) if value is not None else "",
                message=message,
            )
        )
    return results


def validate_graph(merged: Graph, store: ox.Store, shapes: Graph, origin: dict[Node, str],
                   unknown_terms: list[UnknownTerm] | None = None) -> Report:
    """Validate the merged graph (also loaded in ``store``) with the project's shapes."""
    report_graph = run_fast(merged, store, shapes)
    results = report_from_graph(report_graph, merged, shapes, origin)
    unknown = unknown_terms or []
    has_violation = any(r.severity == "Violation" for r in results) or bool(unknown)
    return Report(conforms=not has_violation, results=results, unknown_terms=unknown, graph=report_graph)
