"""``npdw build``: load, check terms, materialise shortcuts, validate, write ``dist/``."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from npdw_graph.atomic import atomic_write_text, exclusive_lock, staged_directory
from npdw_graph.load import Sources, load_sources, store_to_graph
from npdw_graph.materialise import materialise_in_store
from npdw_graph.namespaces import PREFIXES
from npdw_graph.project import Project
from npdw_graph.queryengine import OxigraphEngine
from npdw_graph.stats import Stats, compute_stats
from npdw_graph.terms import find_unknown_terms
from npdw_graph.validate import Report, validate_store

BUILD_FILES = ("graph.ttl", "graph.nt", "validation.txt", "validation.ttl", "validation.json", "stats.txt", "stats.json")
FAILED_REPORT = "last-failed-validation.txt"


@dataclass
class Compiled:
    """The merged graph and everything derived while making it."""

    sources: Sources  # sources.store: ontology + data + materialised shortcuts (what the shapes validate)
    report: Report | None

    @property
    def store(self) -> ox.Store:
        return self.sources.store

    @property
    def graph(self) -> Graph:
        """The merged graph as rdflib, made on first use (the build itself never needs it)."""
        return self.sources.graph


@dataclass
class BuildResult:
    compiled: Compiled
    stats: Stats
    out_dir: Path
    written: bool
    seconds: float

    @property
    def report(self) -> Report | None:
        return self.compiled.report


def compile_project(project: Project, validate: bool = True, engine: str = "fast") -> Compiled:
    """Load and check everything; no files are written. ``engine``: see ``validate.validate_store``."""
    sources = load_sources(project)
    unknown = find_unknown_terms(sources.file_terms, sources.ontology, display=project.relative)
    materialise_in_store(sources.store, sources.ontology)
    report = validate_store(sources.store, sources.shapes, sources.origin, unknown,
                            fallback_graph=lambda: sources.graph, engine=engine) if validate else None
    return Compiled(sources=sources, report=report)


def load_graph(project: Project) -> Graph:
    """The merged graph as rdflib (exports, site, monitor): from the built ``dist/graph.nt`` if fresh
    (parsed by pyoxigraph, several times faster than rdflib's N-Triples parser), else compiled now."""
    return store_to_graph(load_store(project))


def load_store(project: Project) -> ox.Store:
    """The merged graph in a pyoxigraph store: from the built ``dist/graph.nt`` if fresh, else compiled now."""
    built = project.dist_dir / "graph.nt"
    if built.exists() and built.stat().st_mtime >= max((p.stat().st_mtime for p in _source_files(project)), default=0):
        store = ox.Store()
        store.bulk_load(path=str(built), format=ox.RdfFormat.N_TRIPLES)
        return store
    return compile_project(project, validate=False).sources.store


def _source_files(project: Project) -> list[Path]:
    return project.ontology_files() + project.shape_files() + project.data_files()


def _carry_over(old: Path, stage: Path) -> None:
    """Keep other commands' outputs (network/, export/, site/, ...) by hard-linking them into the new dist."""
    if not old.is_dir():
        return
    for entry in old.iterdir():
        if entry.name in BUILD_FILES or entry.name.startswith(".") or entry.name == FAILED_REPORT:
            continue
        dest = stage / entry.name
        if entry.is_dir():
            shutil.copytree(entry, dest, copy_function=os.link, symlinks=True)
        else:
            os.link(entry, dest)


def build(project: Project, out_dir: Path | None = None, validate: bool = True) -> BuildResult:
    """Build ``dist/``. With Violations nothing in ``dist/`` changes except the failed report."""
    start = time.perf_counter()
    out = out_dir or project.dist_dir
    with exclusive_lock(out.parent, "build"):
        compiled = compile_project(project, validate=validate)
        stats = compute_stats(OxigraphEngine(compiled.store), len(compiled.store))
        report = compiled.report
        if report is not None and report.violations:
            atomic_write_text(out.parent / f".{out.name}-{FAILED_REPORT}", report.to_text())
            return BuildResult(compiled, stats, out, written=False, seconds=time.perf_counter() - start)
        with staged_directory(out) as stage:
            _carry_over(out, stage)
            store = compiled.sources.store
            store.dump(output=str(stage / "graph.nt"), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            store.dump(output=str(stage / "graph.ttl"), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
                       prefixes=PREFIXES)
            if report is not None:
                (stage / "validation.txt").write_text(report.to_text(), encoding="utf-8")
                (stage / "validation.ttl").write_text(report.to_turtle(), encoding="utf-8")
                (stage / "validation.json").write_text(report.to_json(), encoding="utf-8")
            (stage / "stats.txt").write_text(stats.to_text(), encoding="utf-8")
            (stage / "stats.json").write_text(stats.to_json(), encoding="utf-8")
        return BuildResult(compiled, stats, out, written=True, seconds=time.perf_counter() - start)
