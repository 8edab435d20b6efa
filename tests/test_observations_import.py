"""``npdw import-observations``: the sample CSV adds exactly its observations; every kind of bad row is
rejected with its row and column and then nothing at all is written; the result still validates."""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from npdw_graph.atomic import exclusive_lock
from npdw_graph.build import build, compile_project
from npdw_graph.cli import main
from npdw_graph.errors import LockedError
from npdw_graph.namespaces import ID, NPDW
from npdw_graph.observations_import import ObservationImportError, import_observations
from npdw_graph.project import Project
from npdw_graph.queryengine import OxigraphEngine

SAMPLE = Path(__file__).resolve().parent / "data" / "metingen-2025-testdata.csv"
TODAY = date(2026, 11, 27)
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")  # not rdflib's XSD: pytest probes module globals, which it warns about
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
HEADER = "indicator,area,period,value,unit,source\n"
GOOD = "goed-ervaren-gezondheid,wielwijk,2025,\"61,5\",%,Testdata\n"  # row 2 in every bad file below: valid on its own


def sample_rows() -> list[tuple[int, dict[str, str]]]:
    """The sample's data rows with their line numbers, read independently of the importer."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    header = next(csv.reader([numbered[0][1]]))
    return [(n, dict(zip(header, next(csv.reader([line])), strict=True))) for n, line in numbered[1:]]


def iri(text: str, kind: str) -> URIRef:
    if text.startswith("https://"):
        return URIRef(text)
    return ID[f"{kind}/{text.split(':', 1)[-1]}"]


def observations(project: Project) -> dict[tuple[str, str, str], dict[str, object]]:
    engine = OxigraphEngine.from_graph(compile_project(project, validate=False).graph)
    result = engine.select("""
        SELECT ?o ?ind ?area ?period ?value ?status ?dataset ?row ?file ?sha WHERE {
          ?o a qb:Observation ; npdw:indicator ?ind ; npdw:refArea ?area ; npdw:refPeriod ?period ; npdw:value ?value ;
             npdw:observationStatus ?status ; qb:dataSet ?dataset .
          OPTIONAL { ?o npdw:sourceRow ?row ; prov:wasDerivedFrom ?rec . ?rec a npdw:ImportRecord ; npdw:fileName ?file ; npdw:sha256 ?sha }
        }""")
    out = {}
    for row in result.dicts():
        out[(row["ind"], row["area"], row["period"])] = row
    assert len(out) == len(result.rows), "two observations share indicator, area and period"
    return out


def data_snapshot(project: Project) -> dict[str, bytes]:
    """Every file under data/, byte for byte (the lock file is not data and is git-ignored)."""
    return {str(p.relative_to(project.data_dir)): p.read_bytes() for p in sorted(project.data_dir.rglob("*"))
            if p.is_file() and p.name != ".npdw.lock"}


# ------------------------------------------------------------------ the sample


def test_the_sample_is_clearly_marked_as_invented_test_data():
    assert "testdata" in SAMPLE.name
    first = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "TESTDATA" in first and "VERZONNEN" in first
    rows = sample_rows()
    assert len(rows) == 14
    assert {r["source"] for _, r in rows} == {"Testdata (verzonnen)"}
    readme = (SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    assert SAMPLE.name in readme and "made up" in readme


def test_import_adds_exactly_the_rows_of_the_csv(tmp_project):
    before = observations(tmp_project)
    result = import_observations(tmp_project, SAMPLE, today=TODAY)
    after = observations(tmp_project)
    rows = sample_rows()
    assert result.written and result.plan.count == len(rows)
    assert len(after) - len(before) == len(rows)
    assert set(before) <= set(after)
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    for n, r in rows:
        key = (str(iri(r["indicator"], "indicator")), str(iri(r["area"], "gebied")), r["period"])
        assert key not in before
        obs = after[key]
        assert Decimal(str(obs["value"])) == Decimal(r["value"].replace(",", ".")), key
        assert obs["status"] == str(NPDW.Measurement)
        assert obs["dataset"] == str(ID["dataset/metingen"])
        assert obs["row"] == str(n) and obs["file"] == SAMPLE.name and obs["sha"] == digest
    target = tmp_project.data_dir / "metingen" / "2025-metingen-2025-testdata.ttl"
    assert result.plan.target == target and target.read_text(encoding="utf-8").count("a qb:Observation") == len(rows)


def test_after_import_the_build_has_no_violations(tmp_project):
    import_observations(tmp_project, SAMPLE, today=TODAY)
    result = build(tmp_project)
    assert result.report is not None
    violations = [r for r in result.report.results if r.severity == "Violation"]
    assert result.written and result.report.violations == 0, "\n".join(f"{r.focus}: {r.message}" for r in violations)
    assert (ID["observatie/veel-stress-afgelopen-4-weken-wielwijk-2025"], None, None) in result.compiled.graph


def test_dry_run_writes_nothing(tmp_project):
    before = data_snapshot(tmp_project)
    result = import_observations(tmp_project, SAMPLE, dry_run=True, today=TODAY)
    assert not result.written and result.plan.count == 14
    assert data_snapshot(tmp_project) == before
    assert not (tmp_project.data_dir / ".npdw.lock").exists()


# ------------------------------------------------------------ bad rows, one class each

BAD = {
    "unknown-indicator": (HEADER + GOOD + "goed-ervaren-gezondhied,wielwijk,2025,60,%,Testdata\n", 3, "indicator", "unknown indicator"),
    "unknown-area": (HEADER + GOOD + "goed-ervaren-gezondheid,wielwyk,2026,60,%,Testdata\n", 3, "area", "unknown area"),
    "non-numeric-value": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,zestig,%,Testdata\n", 3, "value", "not a number"),
    "thousands-separator": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,\"1.060,5\",%,Testdata\n", 3, "value", "not a number"),
    "unit-differs": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,60,procent,Testdata\n", 3, "unit", "differs from the unit"),
    "not-a-year": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,25,60,%,Testdata\n", 3, "period", "not a year"),
    "empty-source": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,60,%,\n", 3, "source", "empty"),
    "duplicate-of-existing": (HEADER + GOOD + "veel-sociale-overlast,wielwijk,2023,19,%,Testdata\n", 3, "indicator, area, period",
                              "already exists"),
    "duplicate-within-file": (HEADER + GOOD + "indicator:goed-ervaren-gezondheid,Wielwijk,2025,62,%,Testdata\n", 3,
                              "indicator, area, period", "same indicator, area and period as row 2"),
    "wrong-number-of-fields": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,60,%\n", 3, None, "has 5 fields"),
    "missing-column": ("indicator,area,period,value,source\ngoed-ervaren-gezondheid,wielwijk,2025,60,Testdata\n", 1, "unit",
                       "missing column"),
    "unknown-column": ("indicator,area,period,value,unit,source,opmerking\n", 1, "opmerking", "unknown column"),
    "arabic-indic-digits": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,\u0661\u0662,%,Testdata\n", 3, "value", "another script"),
    "fullwidth-digits": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,\uff11\uff12,%,Testdata\n", 3, "value", "another script"),
    "fullwidth-year": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,\uff12\uff10\uff12\uff15,12,%,Testdata\n", 3, "period",
                       "another script"),
    "plus-sign": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,+5,%,Testdata\n", 3, "value", "plus sign"),
    "negative-zero": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,-0,%,Testdata\n", 3, "value", "negative zero"),
    "negative-zero-decimal": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,\"-0,00\",%,Testdata\n", 3, "value", "negative zero"),
    "sixty-digits": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025," + "7" * 60 + ",%,Testdata\n", 3, "value",
                     "more than 12 digits"),
    "ten-to-the-59": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,1" + "0" * 59 + ",%,Testdata\n", 3, "value",
                      "more than 12 digits"),
    "tiny-written-out": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,0.0000000000000000000000001,%,Testdata\n", 3, "value",
                         "more than 6 decimals"),
    "too-many-significant-digits": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,123456789012.123456,%,Testdata\n", 3,
                                    "value", "significant digits"),
    "space-in-number": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,6 1,%,Testdata\n", 3, "value", "not a number"),
    "year-1900": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,1900,60,%,Testdata\n", 3, "period", "outside the years"),
    "year-2100": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2100,60,%,Testdata\n", 3, "period", "outside the years"),
    "year-before-the-programme": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2022,60,%,Testdata\n", 3, "period", "outside the years"),
    "year-in-the-future": (HEADER + GOOD + f"goed-ervaren-gezondheid,crabbehof,{TODAY.year + 1},60,%,Testdata\n", 3, "period",
                           "outside the years"),
    "control-character": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,60,%,Test\x1b[31mdata\n", 3, "source",
                          "control character U+001B"),
    "bidi-override": (HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,60,%,Test\u202edata\n", 3, "source",
                      "control character U+202E"),
    "empty-file": ("", None, None, "empty"),
    "only-comments-and-header": ("# niets\n" + HEADER, None, None, "no data rows"),
}
BAD_BYTES = {
    "bad-encoding": ((HEADER + GOOD).encode() + b"goed-ervaren-gezondheid,crabbehof,2025,60,%,Gezondheidsmonitor Zuid-Holland Zuid "
                     + b"\xe9\xe9n\n", 3, "source", "not valid UTF-8"),
}


def _cases() -> list:
    cases = [pytest.param(text.encode("utf-8"), row, column, message, id=name) for name, (text, row, column, message) in BAD.items()]
    cases += [pytest.param(raw, row, column, message, id=name) for name, (raw, row, column, message) in BAD_BYTES.items()]
    return cases


@pytest.mark.parametrize(("content", "row", "column", "message"), _cases())
def test_a_bad_row_is_rejected_with_row_and_column_and_nothing_is_imported(tmp_project, tmp_path, content, row, column, message):
    path = tmp_path / "metingen-fout.csv"
    path.write_bytes(content)
    before = data_snapshot(tmp_project)
    with pytest.raises(ObservationImportError) as caught:
        import_observations(tmp_project, path, today=TODAY)
    problems = caught.value.problems
    assert any(p.row == row and p.column == column and message in p.message for p in problems), [str(p) for p in problems]
    assert data_snapshot(tmp_project) == before
    assert not (tmp_project.data_dir / "metingen").exists()


def test_all_problems_are_reported_at_once(tmp_project, tmp_path):
    path = tmp_path / "veel-fouten.csv"
    path.write_text(HEADER + GOOD + "onbekend,wielwijk,2025,1,%,x\ngoed-ervaren-gezondheid,nergens,2025,1,%,x\n"
                    "goed-ervaren-gezondheid,crabbehof,2025,veel,%,x\n", encoding="utf-8")
    with pytest.raises(ObservationImportError) as caught:
        import_observations(tmp_project, path, today=TODAY)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "indicator"), (4, "area"), (5, "value")]
    assert "row 3, column 'indicator'" in str(caught.value) and "nothing imported" in str(caught.value)


def test_an_observation_from_the_source_document_is_never_replaced(tmp_project, tmp_path):
    path = tmp_path / "correctie.csv"
    path.write_text(HEADER + "veel-sociale-overlast,wielwijk,2023,19,%,Testdata\n", encoding="utf-8")
    before = data_snapshot(tmp_project)
    with pytest.raises(ObservationImportError) as caught:
        import_observations(tmp_project, path, replace=True, today=TODAY)
    assert "comes from the source document" in caught.value.problems[0].message
    assert data_snapshot(tmp_project) == before


# ----------------------------------------------------------------- --replace


def test_replace_moves_an_earlier_imported_observation(tmp_project, tmp_path):
    import_observations(tmp_project, SAMPLE, today=TODAY)
    first = tmp_project.data_dir / "metingen" / "2025-metingen-2025-testdata.ttl"
    correction = tmp_path / "correctie-2025.csv"
    correction.write_text("indicator;area;period;value;unit;source\nveel-sociale-overlast;wielwijk;2025;16,5;%;Testdata\n", encoding="utf-8")
    with pytest.raises(ObservationImportError, match="use --replace"):
        import_observations(tmp_project, correction, today=TODAY)
    count = len(observations(tmp_project))
    result = import_observations(tmp_project, correction, replace=True, today=TODAY)
    key = (str(ID["indicator/veel-sociale-overlast"]), str(ID["gebied/wielwijk"]), "2025")
    after = observations(tmp_project)
    assert len(after) == count
    assert Decimal(str(after[key]["value"])) == Decimal("16.5") and after[key]["file"] == "correctie-2025.csv"
    assert list(result.plan.replaced.values()) == ["data/metingen/2025-metingen-2025-testdata.ttl"]
    assert "veel-sociale-overlast-wielwijk-2025" not in first.read_text(encoding="utf-8")
    assert first.read_text(encoding="utf-8").count("a qb:Observation") == 13
    # importing the same file again replaces its own earlier file, and a file emptied by a replacement is removed
    import_observations(tmp_project, correction, replace=True, today=TODAY)
    other = tmp_path / "correctie-2025-b.csv"
    other.write_bytes(correction.read_bytes())
    import_observations(tmp_project, other, replace=True, today=TODAY)
    assert not (tmp_project.data_dir / "metingen" / "2025-correctie-2025.ttl").exists()
    assert len(observations(tmp_project)) == count


def test_two_imports_cannot_run_at_once(tmp_project):
    with exclusive_lock(tmp_project.data_dir, "import-observations"), pytest.raises(LockedError, match="another npdw"):
        import_observations(tmp_project, SAMPLE, today=TODAY)
    assert not (tmp_project.data_dir / "metingen").exists()


# ----------------------------------------------------------------------- CLI


def test_command_reports_every_problem_and_exits_2(tmp_project, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text(HEADER + GOOD + "goed-ervaren-gezondheid,crabbehof,2025,60,procent,Testdata\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(tmp_project.root), "import-observations", str(path)])
    assert result.exit_code == 2
    assert "fout.csv: row 3, column 'unit': 'procent' differs from the unit of goed-ervaren-gezondheid, '%'" in result.output
    assert "nothing imported" in result.output


def test_command_dry_run_then_import(tmp_project):
    runner = CliRunner()
    dry = runner.invoke(main, ["--root", str(tmp_project.root), "import-observations", str(SAMPLE), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would import 14 observation(s)" in dry.output and not (tmp_project.data_dir / "metingen").exists()
    real = runner.invoke(main, ["--root", str(tmp_project.root), "import-observations", str(SAMPLE)])
    assert real.exit_code == 0, real.output
    assert "Imported 14 observation(s) from metingen-2025-testdata.csv into data/metingen/2025-metingen-2025-testdata.ttl" in real.output


def test_values_keep_their_written_form(tmp_project):
    import_observations(tmp_project, SAMPLE, today=TODAY)
    g = compile_project(tmp_project, validate=False).graph
    obs = ID["observatie/goed-ervaren-gezondheid-wielwijk-2025"]
    assert g.value(obs, NPDW.valueAsWritten) == Literal("61,5")
    assert g.value(obs, NPDW.value) == Literal(Decimal("61.5"), datatype=XSD_DECIMAL)
    assert g.value(obs, NPDW.refPeriod) == Literal("2025", datatype=XSD_GYEAR)


# ------------------------------------------------------------ what is accepted, and injection


@pytest.mark.parametrize(("written", "value"), [("61,5", "61.5"), ("61.5", "61.5"), ("-3,25", "-3.25"), ("0", "0"), ("0,000001", "0.000001"),
                                                ("999999999999", "999999999999"), ("007", "7")])
def test_valid_values_are_imported_with_their_value(tmp_project, tmp_path, written, value):
    path = tmp_path / "metingen-goed.csv"
    path.write_text(HEADER + f'goed-ervaren-gezondheid,crabbehof,2025,"{written}",%,Testdata\n', encoding="utf-8")
    import_observations(tmp_project, path, today=TODAY)
    key = (str(ID["indicator/goed-ervaren-gezondheid"]), str(ID["gebied/crabbehof"]), "2025")
    assert Decimal(str(observations(tmp_project)[key]["value"])) == Decimal(value)


@pytest.mark.parametrize("year", [2023, TODAY.year])
def test_the_first_and_the_last_importable_year_are_accepted(tmp_project, tmp_path, year):
    path = tmp_path / "metingen-jaar.csv"
    path.write_text(HEADER + f"goed-ervaren-gezondheid,crabbehof,{year},60,%,Testdata\n", encoding="utf-8")
    assert import_observations(tmp_project, path, today=TODAY).plan.count == 1


def test_a_file_name_with_turtle_in_it_adds_no_triple(tmp_project, tmp_path):
    """The name is written into the data file (comment, label, npdw:fileName); a newline and Turtle in it
    must stay text: the graph gets exactly the triples a plainly named file gives."""
    from rdflib import Graph

    content = SAMPLE.read_bytes()
    plain = tmp_path / "plain" / "metingen.csv"
    plain.parent.mkdir()
    plain.write_bytes(content)
    evil_name = 'metingen.\n<urn:npdw:injected> <urn:npdw:p> "x" .\n#\r<urn:npdw:injected2> <urn:npdw:p> "y" .\u2028.csv'
    evil = tmp_path / "evil" / evil_name
    evil.parent.mkdir()
    evil.write_bytes(content)
    result = import_observations(tmp_project, evil, today=TODAY)
    written = result.plan.target.read_text(encoding="utf-8")
    g = Graph().parse(data=written, format="turtle")
    assert not any(isinstance(term, URIRef) and "urn:npdw" in term for triple in g for term in triple)
    assert g.value(result.plan.record, NPDW.fileName) == Literal(evil_name)
    assert all(line.startswith("#") for line in written.split("\n\n", 1)[0].split("\n"))  # the header is comments only

    reference = tmp_project.root.parent / "reference"
    reference.mkdir()
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(tmp_project.root / name, reference / name)
    shutil.rmtree(reference / "data" / "metingen")
    ref = import_observations(Project(reference), plain, today=TODAY)
    assert len(g) == len(Graph().parse(data=ref.plan.target.read_text(encoding="utf-8"), format="turtle"))


def test_the_cli_shows_a_file_name_on_one_line(tmp_project, tmp_path):
    evil = tmp_path / "metingen.\nGevaar\x1b[2J.csv"
    evil.write_bytes(SAMPLE.read_bytes())
    run = CliRunner().invoke(main, ["--root", str(tmp_project.root), "import-observations", str(evil)])
    assert run.exit_code == 0, run.output
    assert "\x1b" not in run.output and "Imported 14 observation(s) from metingen." in run.output.splitlines()[0]
