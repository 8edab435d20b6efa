"""The Monitor Dordt West as an RDF Data Cube: the specification's integrity constraints hold on the
real data, and each broken fixture in tests/data/cube-*.ttl fails exactly the constraint it names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.namespace import QB, RDF

from npdw_graph.cli import main
from npdw_graph.datacube import check_cube, load_constraints, normalised_store
from npdw_graph.querylib import load_library
from npdw_graph.rdfterms import graph_to_ox_store

DATA = Path(__file__).resolve().parent / "data"
BROKEN = sorted(DATA.glob("cube-*.ttl"))
EXPECTED_IDS = {"IC-1", "IC-2", "IC-3", "IC-4", "IC-5", "IC-6", "IC-11", "IC-12", "IC-13", "IC-14", "NPDW-1"}
_EXPECT = re.compile(r"^#\s*expect:\s*(\S+)\s*\|\s*(\S+)\s*$")


def _expectation(path: Path) -> tuple[str, str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _EXPECT.match(line)
        if m:
            return m.group(1), m.group(2).split(":", 1)[1]
    raise AssertionError(f"{path.name} has no '# expect: <constraint> | <observation>' line")


def test_the_constraint_files_are_all_found(project):
    constraints = load_constraints(project.queries_dir)
    assert {c.id for c in constraints} == EXPECTED_IDS
    assert len(constraints) == len(EXPECTED_IDS), "two files claim the same constraint"
    assert all(c.question and c.spec.startswith("https://www.w3.org/TR/vocab-data-cube/#ic-") for c in constraints)


def test_the_named_query_library_does_not_pick_up_the_constraints(project):
    library = load_library(project.queries_dir)
    assert library, "the named query library is empty"
    assert not [name for name in library if name.startswith(("ic-", "range-"))]


def test_the_real_cube_passes_every_constraint(project, graph):
    observations = set(graph.subjects(RDF.type, QB.Observation))
    written = sum(p.read_text(encoding="utf-8").count("a qb:Observation") for p in project.data_files())
    assert len(observations) == written >= 60, "the checks must run over all observations of data/"
    report = check_cube(graph, project.queries_dir)
    assert report.observations == written, "the constraints did not see the observations"
    assert report.passed, report.to_text()
    assert {r.constraint.id for r in report.results} == EXPECTED_IDS


def test_there_is_a_broken_fixture_for_each_required_case():
    assert {_expectation(p)[0] for p in BROKEN} == {"IC-1", "IC-11", "IC-12"}
    assert len(BROKEN) == 3


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_a_broken_fixture_fails_exactly_its_constraint(project, graph, fixture: Path):
    expected, focus = _expectation(fixture)
    store = graph_to_ox_store(graph)
    store.load(fixture.read_bytes(), ox.RdfFormat.TURTLE)
    report = check_cube(store, project.queries_dir)
    assert report.failed() == [expected], f"{fixture.name}:\n{report.to_text()}"
    offenders = next(r.offenders for r in report.results if r.violated)
    assert any(focus in value for row in offenders for value in row.values()), f"{focus} not among {offenders}"


def test_normalisation_types_observations_from_their_data_set(project):
    """The specification's phase 1: ``qb:dataSet`` makes a node an observation, so IC-11 still sees it."""
    store = ox.Store()
    store.load(b"""
        @prefix qb: <http://purl.org/linked-data/cube#> .
        <urn:ds> a qb:DataSet ; qb:structure <urn:dsd> .
        <urn:dsd> a qb:DataStructureDefinition ; qb:component [ qb:dimension <urn:dim> ] , [ qb:measure <urn:m> ] .
        <urn:obs> qb:dataSet <urn:ds> ; <urn:m> 1 .
    """, ox.RdfFormat.TURTLE)
    normalised = normalised_store(store, project.queries_dir)
    assert ox.Quad(ox.NamedNode("urn:obs"), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(QB.Observation))) in normalised
    report = check_cube(store, project.queries_dir)
    assert "IC-11" in report.failed() and "IC-4" in report.failed()  # no area value; and <urn:dim> has no range


def test_check_cube_command(tmp_project):
    runner = CliRunner()
    ok = runner.invoke(main, ["--root", str(tmp_project.root), "check-cube"])
    assert ok.exit_code == 0, ok.output
    assert f"{len(EXPECTED_IDS)} of {len(EXPECTED_IDS)} integrity constraints hold" in ok.output
    shutil.copy(DATA / "cube-duplicate-observation.ttl", tmp_project.data_dir / "kapot.ttl")
    broken = runner.invoke(main, ["--root", str(tmp_project.root), "check-cube"])
    assert broken.exit_code == 1, broken.output
    assert "FAIL  IC-12" in broken.output and "test-dubbele-meting" in broken.output
