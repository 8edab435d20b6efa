"""Property-based tests: whatever bytes end up in a data file, `npdw build` either succeeds or
reports one clear error naming the file (and the line, where there is one) — never a
traceback — and a failed build leaves the last good dist/ byte for byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npdw_graph.build import build
from npdw_graph.cli import main
from npdw_graph.errors import NpdwError, SourceError
from npdw_graph.project import Project

ROOT = Path(__file__).resolve().parent.parent
SMALL_DATA = ["begrippen.ttl", "secties.ttl", "doelen.ttl"]
VICTIM = "doelen.ttl"


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Project:
    """ontology + shapes + three real data files: fast enough to build for every example."""
    root = tmp_path_factory.mktemp("small")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "shapes", root / "shapes")
    (root / "data").mkdir()
    for name in SMALL_DATA:
        shutil.copy(ROOT / "data" / name, root / "data" / name)
    project = Project(root)
    assert build(project).written, "the small project must build cleanly to start with"
    return project


def _snapshot(dist: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(dist.iterdir()) if p.is_file()}


def _check(project: Project, content: bytes) -> None:
    victim = project.data_dir / VICTIM
    original = victim.read_bytes()
    before = _snapshot(project.dist_dir)
    victim.write_bytes(content)
    try:
        result = CliRunner().invoke(main, ["--root", str(project.root), "build", "-q"])
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"unexpected exception {result.exception!r}")
        if result.exit_code == 2:
            assert f"data/{VICTIM}" in result.output, result.output
            assert result.output.count("\n") <= 2, result.output
        if result.exit_code != 0:
            assert _snapshot(project.dist_dir) == before, "a failed build changed dist/"
    finally:
        victim.write_bytes(original)
        if _snapshot(project.dist_dir) != before:  # a successful mutated build: restore the good dist
            build(project)


ORIGINAL = (ROOT / "data" / VICTIM).read_bytes()
_settings = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(cut=st.integers(min_value=0, max_value=len(ORIGINAL)))
def test_truncated_file(small_project, cut):
    _check(small_project, ORIGINAL[:cut])


@_settings
@given(pos=st.integers(min_value=0, max_value=len(ORIGINAL)), noise=st.binary(min_size=1, max_size=40))
def test_random_bytes(small_project, pos, noise):
    _check(small_project, ORIGINAL[:pos] + noise + ORIGINAL[pos:])


@_settings
@given(encoding=st.sampled_from(["latin-1", "utf-16", "utf-16-le", "cp1252", "utf-32"]))
def test_wrong_encoding(small_project, encoding):
    text = ORIGINAL.decode("utf-8")
    _check(small_project, text.encode(encoding, errors="replace"))


@_settings
@given(times=st.integers(min_value=1, max_value=5))
def test_duplicated_prefixes(small_project, times):
    header = b"".join(line + b"\n" for line in ORIGINAL.splitlines() if line.startswith(b"@prefix"))
    _check(small_project, header * times + ORIGINAL)


@_settings
@given(value=st.text(min_size=0, max_size=20).filter(lambda s: '"' not in s and "\\" not in s and "\n" not in s and "\r" not in s),
       datatype=st.sampled_from(["xsd:integer", "xsd:gYear", "xsd:decimal", "xsd:boolean"]))
def test_wrong_datatypes(small_project, value, datatype):
    text = ORIGINAL.decode("utf-8").replace("npdw:sortOrder 1 ;", f'npdw:sortOrder "{value}"^^{datatype} ;', 1)
    _check(small_project, text.encode("utf-8"))


@_settings
@given(size=st.integers(min_value=10_000, max_value=2_000_000), char=st.sampled_from(["a", "é", "€", "<", "}"]))
def test_huge_literal(small_project, size, char):
    text = ORIGINAL.decode("utf-8") + f'\ndoel:od-wonen-01 <http://www.w3.org/2000/01/rdf-schema#comment> "{char * size}"@nl .\n'
    _check(small_project, text.encode("utf-8"))


def test_wrong_datatype_is_a_violation_not_a_crash(small_project):
    """A concrete case of the property above, asserting the kind of error as well."""
    text = ORIGINAL.decode("utf-8").replace("npdw:sortOrder 1 ;", 'npdw:sortOrder "een"^^xsd:integer ;', 1)
    victim = small_project.data_dir / VICTIM
    victim.write_text(text, encoding="utf-8")
    try:
        try:
            result = build(small_project)
        except SourceError as e:  # the parser may reject an ill-typed literal itself
            assert e.path.name == VICTIM and e.line is not None
        else:
            assert not result.written and result.report is not None
            problems = [str(t) for t in result.report.unknown_terms]
            assert any(f"data/{VICTIM}:" in p and '"een" is not a valid xsd:integer' in p for p in problems), problems
    finally:
        victim.write_bytes(ORIGINAL)


# ---------------------------------------------------------------- imported CSV files

SAMPLE_CSV = (ROOT / "tests" / "data" / "metingen-2025-testdata.csv").read_bytes()


@pytest.fixture(scope="module")
def import_project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("import")
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / name, root / name)
    return Project(root)


def _data_snapshot(project: Project) -> dict[str, bytes]:
    return {str(p.relative_to(project.root)): p.read_bytes() for p in sorted(project.data_dir.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def _check_csv(project: Project, tmp_path: Path, content: bytes) -> None:
    from npdw_graph.observations_import import import_observations

    csv = tmp_path / "metingen-fuzz.csv"
    csv.write_bytes(content)
    before = _data_snapshot(project)
    try:
        import_observations(project, csv)
    except NpdwError as e:
        assert str(e).strip(), "an import error must say what is wrong"
        assert _data_snapshot(project) == before, "a rejected import changed data/"
        return
    # accepted: exactly one new file under data/metingen/, nothing else changed
    after = _data_snapshot(project)
    new = set(after) - set(before)
    assert len(new) == 1 and next(iter(new)).startswith("data/metingen/"), new
    assert {k: v for k, v in after.items() if k in before} == before
    for path in new:
        (project.root / path).unlink()


_csv_settings = settings(max_examples=20, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture])


@_csv_settings
@given(cut=st.integers(min_value=0, max_value=len(SAMPLE_CSV)))
def test_truncated_csv(import_project, tmp_path, cut):
    _check_csv(import_project, tmp_path, SAMPLE_CSV[:cut])


@_csv_settings
@given(pos=st.integers(min_value=0, max_value=len(SAMPLE_CSV)), noise=st.binary(min_size=1, max_size=30))
def test_random_bytes_in_csv(import_project, tmp_path, pos, noise):
    _check_csv(import_project, tmp_path, SAMPLE_CSV[:pos] + noise + SAMPLE_CSV[pos:])


@_csv_settings
@given(encoding=st.sampled_from(["latin-1", "utf-16", "cp1252", "utf-32"]))
def test_csv_in_wrong_encoding(import_project, tmp_path, encoding):
    _check_csv(import_project, tmp_path, SAMPLE_CSV.decode("utf-8").encode(encoding, errors="replace"))
