"""Integrity of the Monitor Dordt West as an RDF Data Cube (``npdw check-cube``).

The W3C RDF Data Cube specification defines its well-formedness as integrity constraints,
each a SPARQL ASK query that answers *true* when the constraint is violated, run on the
graph after the specification's normalisation algorithm. They live as files in
``queries/datacube/`` (``normalise.ru`` and one ``*.rq`` per constraint, each with ``#+``
headers), outside the glob of the named query library.

Applied here: IC-1 (unique data set), IC-2 (unique structure), IC-3 (structure has a
measure), IC-4 (dimensions have a range), IC-5 (concept dimensions have code lists), IC-6
(only attributes optional), IC-11 (all dimensions present), IC-12 (no duplicate
observations), IC-13 (required attributes present), IC-14 (all measures present), and a
project check in the place of IC-19: every component value lies in the component's
``rdfs:range`` (the monitor uses ranges, not code lists). Not applicable to this cube, so
not run: IC-7 to IC-10 and IC-18 (no slices), IC-15 to IC-17 (no measure dimension),
IC-19 to IC-21 (no code lists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import PREFIXES
from npdw_graph.rdfterms import graph_to_ox_store, to_rdflib

CUBE_QUERY_DIR = "datacube"
NORMALISE_FILE = "normalise.ru"
_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_ASK = re.compile(r"^\s*ASK\b", re.MULTILINE)
_ID = re.compile(r"^((?:IC|NPDW)-\d+)\s*")


@dataclass(frozen=True)
class Constraint:
    """One integrity constraint: an ASK query that is true when the constraint is violated."""

    id: str  # "IC-12" (the specification's) or "NPDW-1" (this project's), from the title
    name: str  # file stem
    title: str
    question: str
    spec: str
    text: str

    def offenders_query(self, limit: int) -> str:
        """The same pattern as a SELECT, to show what violates the constraint."""
        return _ASK.sub("SELECT DISTINCT *", self.text, count=1) + f"\nLIMIT {limit}\n"


@dataclass
class CheckResult:
    constraint: Constraint
    violated: bool
    offenders: list[dict[str, str]] = field(default_factory=list)


@dataclass
class CubeReport:
    results: list[CheckResult]
    observations: int = 0  # how many observations the checks ran over

    @property
    def passed(self) -> bool:
        return not any(r.violated for r in self.results)

    def failed(self) -> list[str]:
        return [r.constraint.id for r in self.results if r.violated]

    def to_text(self) -> str:
        lines = []
        for r in self.results:
            lines.append(f"{'FAIL' if r.violated else 'ok  '}  {r.constraint.id:<8} {r.constraint.title}")
            for row in r.offenders:
                lines.append("          " + ", ".join(f"{k}={v}" for k, v in row.items()))
        n = len(self.failed())
        lines.append(f"Data Cube ({self.observations} observations): {len(self.results) - n} of {len(self.results)} integrity constraints hold"
                     + (f"; violated: {', '.join(self.failed())}." if n else "."))
        return "\n".join(lines) + "\n"


def cube_query_dir(queries_dir: Path) -> Path:
    return queries_dir / CUBE_QUERY_DIR


def parse_constraint(path: Path) -> Constraint:
    text = path.read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            headers.setdefault(m.group(1).lower(), m.group(2).strip())
    title = headers.get("title", "")
    if not title or not _ASK.search(text):
        raise NpdwError(f"{path}: an integrity constraint needs a '#+ title:' header and an ASK query")
    m = _ID.match(title)
    return Constraint(id=m.group(1) if m else path.stem, name=path.stem, title=title[m.end():] if m else title, question=headers.get("question", ""),
                      spec=headers.get("spec", ""), text=text)


def load_constraints(queries_dir: Path) -> list[Constraint]:
    folder = cube_query_dir(queries_dir)
    constraints = [parse_constraint(p) for p in sorted(folder.glob("*.rq"))]
    if not constraints:
        raise NpdwError(f"no integrity constraints (*.rq) in {folder}")
    return constraints


def normalised_store(graph: Graph | ox.Store, queries_dir: Path) -> ox.Store:
    """A copy of the graph in pyoxigraph, normalised as the specification requires."""
    if isinstance(graph, ox.Store):
        store = ox.Store()
        store.bulk_extend(graph.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    else:
        store = graph_to_ox_store(graph)
    store.update((cube_query_dir(queries_dir) / NORMALISE_FILE).read_text(encoding="utf-8"))
    return store


def _short(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """A readable form: a prefixed name for IRIs, the lexical value for literals."""
    if isinstance(term, ox.Literal):
        return term.value
    text = str(to_rdflib(term))
    best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default="")
    if best and isinstance(term, ox.NamedNode):
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{text[len(best):]}"
    return text


def run_constraints(store: ox.Store, constraints: list[Constraint], examples: int = 5) -> CubeReport:
    """Run every constraint on an already normalised store."""
    results = []
    for c in constraints:
        answer = store.query(c.text, prefixes=PREFIXES)
        if not isinstance(answer, ox.QueryBoolean):
            raise NpdwError(f"{c.name}.rq is not an ASK query")
        violated = bool(answer)
        offenders: list[dict[str, str]] = []
        if violated and examples > 0:
            solutions = store.query(c.offenders_query(examples), prefixes=PREFIXES)
            assert isinstance(solutions, ox.QuerySolutions)
            names = [v.value for v in solutions.variables]
            for sol in solutions:  # blank nodes and empty key slots say nothing to a reader
                offenders.append({n: _short(sol[n]) for n in names
                                  if sol[n] is not None and not isinstance(sol[n], ox.BlankNode) and str(sol[n].value) != ""})
        results.append(CheckResult(c, violated, offenders))
    count = store.query("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a qb:Observation }", prefixes=PREFIXES)
    assert isinstance(count, ox.QuerySolutions)
    return CubeReport(results, observations=int(next(iter(count))[0].value))


def check_cube(graph: Graph | ox.Store, queries_dir: Path, examples: int = 5) -> CubeReport:
    """Normalise a copy of ``graph`` (which must include the ontology) and run all constraints."""
    return run_constraints(normalised_store(graph, queries_dir), load_constraints(queries_dir), examples)
