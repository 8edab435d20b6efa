"""Run the shapes' SPARQL-based constraints on the fast store instead of inside pySHACL.

pySHACL evaluates an ``sh:sparql`` constraint once per focus node through rdflib's SPARQL
engine: on the real programme that is 95% of the validation time. Here each constraint runs
once over the whole graph on pyoxigraph, with ``$this`` left free, and the rows are kept for
the focus nodes the shape targets. Core constraints are compiled by ``shacl_compiled``;
``tests/test_validate.py`` checks that the combined report equals plain pySHACL's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from npdw_graph.namespaces import SH
from npdw_graph.rdfterms import to_rdflib
from npdw_graph.report_builder import ReportBuilder

_MSG_VAR = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class SparqlCheck:
    shape: Node
    constraint: Node
    severity: URIRef
    messages: tuple[Literal, ...]
    query: str
    target_classes: tuple[URIRef, ...]
    target_subjects_of: tuple[URIRef, ...]
    target_nodes: tuple[Node, ...]


def _prefix_block(shapes: Graph, constraint: Node) -> str:
    lines = []
    for decl_owner in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(decl_owner, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            ns = shapes.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines))) + "\n"


def sparql_checks(shapes: Graph) -> list[SparqlCheck]:
    checks = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if shapes.value(constraint, SH.deactivated) == Literal(True) or shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        select = shapes.value(constraint, SH.select)
        if select is None:
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        messages = tuple(m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal))
        if not messages:
            messages = tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
        query = _prefix_block(shapes, constraint) + str(select).replace("$this", "?this")
        checks.append(SparqlCheck(
            shape=shape, constraint=constraint, severity=severity, messages=messages, query=query,  # type: ignore[arg-type]
            target_classes=tuple(o for o in shapes.objects(shape, SH.targetClass) if isinstance(o, URIRef)),
            target_subjects_of=tuple(o for o in shapes.objects(shape, SH.targetSubjectsOf) if isinstance(o, URIRef)),
            target_nodes=tuple(shapes.objects(shape, SH.targetNode)),
        ))
    return checks


def core_shapes(shapes: Graph) -> Graph:
    """A copy of the shapes graph without its SPARQL-based constraints."""
    core = Graph()
    for prefix, ns in shapes.namespaces():
        core.bind(prefix, ns, override=True)
    for t in shapes:
        if t[1] != SH.sparql:
            core.add(t)
    return core


def _targets(store: ox.Store, check: SparqlCheck) -> set[Node]:
    nodes: set[Node] = set(check.target_nodes)
    for cls in check.target_classes:
        q = f"SELECT DISTINCT ?s WHERE {{ ?s a/<{RDFS.subClassOf}>* <{cls}> }}"
        nodes.update(to_rdflib(sol["s"]) for sol in store.query(q))
    for prop in check.target_subjects_of:
        q = f"SELECT DISTINCT ?s WHERE {{ ?s <{prop}> ?o }}"
        nodes.update(to_rdflib(sol["s"]) for sol in store.query(q))
    return nodes


def _fill(message: Literal, row: dict[str, Node]) -> Literal:
    text = _MSG_VAR.sub(lambda m: str(row.get(m.group(1), m.group(0))), str(message))
    return Literal(text, lang=message.language) if message.language else Literal(text)


def run_sparql_checks(store: ox.Store, shapes: Graph, report: ReportBuilder) -> int:
    """Evaluate every SPARQL constraint on ``store`` and add its results to ``report``."""
    added = 0
    for check in sparql_checks(shapes):
        targets = _targets(store, check)
        if not targets:
            continue
        solutions = store.query(check.query)
        variables = [v.value for v in solutions.variables]
        seen: set[tuple] = set()
        for sol in solutions:
            row = {v: to_rdflib(sol[v]) for v in variables if sol[v] is not None}
            focus = row.get("this")
            if focus is None or focus not in targets:
                continue
            key = (focus, row.get("path"), row.get("value"))
            if key in seen:
                continue
            seen.add(key)
            report.add(focus=focus, severity=check.severity, component=SH.SPARQLConstraintComponent, shape=check.shape,
                       constraint=check.constraint, path=row.get("path"), value=row.get("value", focus),
                       messages=[_fill(m, row) for m in check.messages])
            added += 1
    return added
