"""The benchmark's synthetic generator (bench/generate.py): valid against the project's shapes, and reproducible."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from npdw_graph.build import compile_project
from npdw_graph.namespaces import NPDW, QB, RDF
from npdw_graph.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small(generate, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "graph-10k"
    return generate.generate(out, 10_000, seed=7)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*.ttl"))}


def test_10k_graph_passes_the_shapes_with_zero_violations(small):
    compiled = compile_project(Project(small.out_dir))
    report = compiled.report
    assert report is not None
    assert report.unknown_terms == []
    assert report.violations == 0, report.to_text()[:3000]

    def count(cls) -> int:
        return len(set(compiled.graph.subjects(RDF.type, cls)))

    # programme-shaped, not trivially empty: every kind of resource of the model is there
    assert count(NPDW.Effort) == small.efforts >= 10
    assert count(NPDW.OperationalGoal) == 43 and count(NPDW.StrategicGoal) == 10
    assert count(QB.Observation) == small.observations > 0
    for cls in (NPDW.FocusArea, NPDW.Wijk, NPDW.Buurt, NPDW.Contribution, NPDW.Partnership, NPDW.PillarLink,
                NPDW.FundingAllocation, NPDW.FundingScheme, NPDW.PublishedTable, NPDW.HousingProject, NPDW.Indicator):
        assert count(cls) > 0, cls
    # both stated and inferred links, and the materialised shortcuts
    assert (None, NPDW.basis, NPDW.Stated) in compiled.graph and (None, NPDW.basis, NPDW.Inferred) in compiled.graph
    assert (None, NPDW.contributesTo, None) in compiled.graph


def test_size_is_close_to_the_target(small):
    assert 10_000 <= small.triples < 10_100
    parsed = sum(len(_parse(p)) for p in (small.out_dir / "data").rglob("*.ttl"))
    assert parsed == small.triples  # the generator counts exactly what it writes


def _parse(path: Path) -> list:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def test_same_seed_gives_identical_files_and_another_seed_does_not(generate, small, tmp_path):
    again = generate.generate(tmp_path / "again", 10_000, seed=7)
    other = generate.generate(tmp_path / "other", 10_000, seed=8)
    assert _files(again.out_dir) == _files(small.out_dir)
    assert _files(other.out_dir) != _files(small.out_dir)


def test_sizes_and_plan(generate):
    assert generate.parse_size("10k") == 10_000 and generate.parse_size("1m") == 1_000_000 and generate.parse_size("250k") == 250_000
    plans = {n: generate.Plan.for_target(n) for n in (10_000, 100_000, 1_000_000, 5_000_000)}
    assert plans[10_000].areas == 1 and plans[1_000_000].areas == 20 and plans[5_000_000].areas == 20
    assert all(p.efforts_per_area <= 100 for p in plans.values())


def test_refuses_to_replace_a_folder_it_did_not_write(generate, tmp_path):
    (tmp_path / "keep.txt").write_text("not a generated graph", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate.generate(tmp_path, 10_000, seed=1)
    assert (tmp_path / "keep.txt").exists()


@pytest.mark.parametrize("broken", [False, True], ids=["as-generated", "broken"])
def test_fast_validation_equals_plain_pyshacl_on_the_generated_graph(small, broken):
    """Issue 8: identical reports on a medium graph that is not the real programme (as generated, and
    broken in every way tests/test_validate.py breaks the real data)."""
    from test_validate import _broken_copy, _key_set, _store

    from npdw_graph.validate import run_fast, run_pyshacl

    compiled = compile_project(Project(small.out_dir), validate=False)
    g = _broken_copy(compiled) if broken else compiled.graph
    store = _store(g) if broken else compiled.store
    _, plain = run_pyshacl(g, compiled.sources.shapes, None)
    plain_keys = _key_set(plain, g, compiled)
    if broken:
        assert sum(1 for k in plain_keys if k[0] == "Violation") >= 10
    else:
        assert plain_keys and all(k[0] == "Warning" for k in plain_keys)
    assert _key_set(run_fast(store, compiled.sources.shapes), store, compiled) == plain_keys


def test_mentions_of_the_rijk_table_use_the_money_once_model(small):
    """The generator writes the current model: a mention of a Rijk-table row says npdw:sameMoneyAs (same scheme,
    amount, scope and status class as the row) or, for a request the row awards, npdw:awardedAs; never the old
    symmetric npdw:correspondsTo."""
    from rdflib import Graph

    g = Graph()
    for p in sorted((small.out_dir / "data").rglob("*.ttl")):
        g.parse(p, format="turtle")
    assert not list(g.triples((None, NPDW.correspondsTo, None)))
    same, awarded = list(g.subject_objects(NPDW.sameMoneyAs)), list(g.subject_objects(NPDW.awardedAs))
    assert same and awarded
    requested = NPDW.Requested
    for mention, row in same + awarded:
        assert (row, NPDW.inTable, None) in g, row  # points at the row that counts the money
        assert g.value(row, NPDW.sameMoneyAs) is None and g.value(row, NPDW.awardedAs) is None
        assert g.value(mention, NPDW.amount) == g.value(row, NPDW.amount)
        assert g.value(mention, NPDW.scheme) == g.value(row, NPDW.scheme)
        assert g.value(mention, NPDW.scope) == g.value(row, NPDW.scope)
    for mention, row in same:
        assert (g.value(mention, NPDW.allocationStatus) == requested) == (g.value(row, NPDW.allocationStatus) == requested)
    for mention, row in awarded:
        assert g.value(mention, NPDW.allocationStatus) == requested != g.value(row, NPDW.allocationStatus)
