"""npdw build / validate / stats on the real data and on broken copies of it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from npdw_graph.build import build, compile_project
from npdw_graph.cli import main
from npdw_graph.errors import SourceError
from npdw_graph.load import load_sources
from npdw_graph.terms import find_unknown_terms


def test_real_data_has_no_violations(compiled):
    report = compiled.report
    assert report is not None
    assert report.violations == 0, report.to_text()[:5000]


def test_every_term_is_declared(project):
    sources = load_sources(project)
    unknown = find_unknown_terms(sources.file_terms, sources.ontology, display=project.relative)
    assert unknown == [], "\n".join(map(str, unknown))


def test_glob_finds_the_sources(project):
    assert len(project.ontology_files()) >= 1
    assert len(project.shape_files()) >= 1
    assert len(project.data_files()) >= 10


def test_shortcuts_are_materialised(graph):
    q = """SELECT (COUNT(*) AS ?n) WHERE { ?e npdw:contribution/npdw:goal ?g .
           FILTER NOT EXISTS { ?e npdw:contributesTo ?g } }"""
    from npdw_graph.queryengine import select_rows

    assert select_rows(graph, q)[0]["n"] == "0"
    assert select_rows(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?e npdw:contributesTo ?g }")[0]["n"] != "0"


def test_loaded_store_is_exactly_what_rdflib_parses(project):
    """The store is filled by pyoxigraph's bulk loader on a second thread; it must hold the same graph
    as rdflib's own parse of the ontology and data files (before the shortcuts). pyoxigraph writes
    decimals in canonical form (791.0 as 791), so decimals are compared by value."""
    from decimal import Decimal

    from rdflib import Graph, Literal
    from rdflib.compare import isomorphic
    from rdflib.namespace import XSD

    from npdw_graph.load import store_to_graph

    def canonical(g: Graph) -> Graph:
        out = Graph()
        for s, p, o in g:
            if isinstance(o, Literal) and o.datatype == XSD.decimal:
                o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
            out.add((s, p, o))
        return out

    expected = Graph()
    for path in project.ontology_files() + project.data_files():
        expected.parse(path, format="turtle")
    loaded = store_to_graph(load_sources(project).store)
    assert len(loaded) == len(expected)
    assert isomorphic(canonical(loaded), canonical(expected))


def test_blank_node_labels_are_scoped_to_their_file(tmp_project):
    """``_:x`` in two files is two nodes (Turtle scopes labels to the document)."""
    for name in ("a", "b"):
        (tmp_project.data_dir / f"extra-{name}.ttl").write_text(
            f'@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n_:x rdfs:comment "uit {name}"@nl .\n', encoding="utf-8")
    store = load_sources(tmp_project).store
    rows = list(store.query('SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#comment> ?c . '
                            'FILTER(STRSTARTS(STR(?c), "uit ")) }'))
    assert len(rows) == 2 and rows[0]["x"] != rows[1]["x"]


def test_build_writes_dist_and_exit_code_zero(tmp_project):
    result = CliRunner().invoke(main, ["--root", str(tmp_project.root), "build", "-q"])
    assert result.exit_code == 0, result.output
    dist = tmp_project.dist_dir
    for name in ("graph.ttl", "graph.nt", "validation.txt", "validation.ttl", "stats.txt", "stats.json"):
        assert (dist / name).stat().st_size > 0, name
    stats = json.loads((dist / "stats.json").read_text())
    assert stats["triples"] > 1000


def test_syntax_error_names_file_and_line_and_keeps_dist(tmp_project):
    assert build(tmp_project).written
    before = (tmp_project.dist_dir / "graph.nt").read_bytes()
    victim = tmp_project.data_dir / "doelen.ttl"
    lines = victim.read_text(encoding="utf-8").splitlines()
    lines[29] = lines[29] + ' "unterminated'
    victim.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(tmp_project.root), "build"])
    assert result.exit_code == 2
    assert "data/doelen.ttl:30:" in result.output
    assert "Traceback" not in result.output
    assert (tmp_project.dist_dir / "graph.nt").read_bytes() == before


def test_bad_encoding_names_line(tmp_project):
    victim = tmp_project.data_dir / "secties.ttl"
    raw = victim.read_bytes().split(b"\n")
    raw[4] = raw[4] + b" # caf\xe9"
    victim.write_bytes(b"\n".join(raw))
    with pytest.raises(SourceError) as err:
        load_sources(tmp_project)
    assert err.value.line == 5
    assert "UTF-8" in err.value.problem


def test_violation_fails_build_and_keeps_dist(tmp_project):
    assert build(tmp_project).written
    before = (tmp_project.dist_dir / "graph.nt").read_bytes()
    with open(tmp_project.data_dir / "doelen.ttl", "a", encoding="utf-8") as f:
        f.write('\ndoel:od-wonen-01 npdw:inPillar pijler:leefbaar-en-veilig .\n')
    result = build(tmp_project)
    assert not result.written
    assert result.report is not None and result.report.violations >= 1
    assert (tmp_project.dist_dir / "graph.nt").read_bytes() == before
    cli = CliRunner().invoke(main, ["--root", str(tmp_project.root), "build", "-q"])
    assert cli.exit_code == 1
    assert "doel:od-wonen-01" in cli.output or "In 2043 waarderen bewoners" in cli.output


def test_unknown_term_is_reported_with_file_and_line(tmp_project):
    with open(tmp_project.data_dir / "doelen.ttl", "a", encoding="utf-8") as f:
        f.write("\ndoel:od-wonen-01 npdw:hasParnter doel:od-wonen-02 .\n")
    compiled = compile_project(tmp_project)
    assert compiled.report is not None
    terms = [str(t) for t in compiled.report.unknown_terms]
    assert any("npdw/def/hasParnter" in t and "data/doelen.ttl:" in t for t in terms), terms
    assert compiled.report.violations >= 1


def test_validate_json_names_label_and_file(tmp_project):
    with open(tmp_project.data_dir / "doelen.ttl", "a", encoding="utf-8") as f:
        f.write("\ndoel:od-wonen-01 npdw:specialises doel:sd-gezond-1 .\n")
    result = CliRunner().invoke(main, ["--root", str(tmp_project.root), "validate", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    hits = [r for r in report["results"] if r["focus"] == "doel:od-wonen-01" and r["severity"] == "Violation"]
    assert hits, report["results"][:5]
    assert hits[0]["file"] == "data/doelen.ttl"
    assert hits[0]["label"].startswith("In 2043 waarderen bewoners")


def test_validate_with_plain_pyshacl_gives_the_same_report(tmp_project):
    """`npdw validate --engine pyshacl` is the cross-check: the same results, including a Violation from a
    SPARQL constraint and one from a core constraint."""
    with open(tmp_project.data_dir / "doelen.ttl", "a", encoding="utf-8") as f:
        f.write("\ndoel:od-wonen-01 npdw:specialises doel:sd-gezond-1 ; npdw:inPillar pijler:nergens .\n")
    reports = {}
    for engine in ("fast", "pyshacl"):
        result = CliRunner().invoke(main, ["--root", str(tmp_project.root), "validate", "--format", "json", "--engine", engine])
        assert result.exit_code == 1, result.output[-500:]
        reports[engine] = json.loads(result.output)
    def keys(report):
        return {tuple(sorted(r.items())) for r in report["results"]}
    fast = keys(reports["fast"])
    assert {dict(k)["component"] for k in fast if dict(k)["severity"] == "Violation"} >= {"SPARQL", "Class"}
    assert fast == keys(reports["pyshacl"])
    bad = CliRunner().invoke(main, ["--root", str(tmp_project.root), "validate", "--engine", "jena"])
    assert bad.exit_code == 2 and "jena" in bad.output


def test_stats_counts_match_bijlage_1(project):
    result = CliRunner().invoke(main, ["--root", str(project.root), "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    per_class = {r["cls"]: int(r["n"]) for r in stats["per_class"]}
    assert per_class["npdw:StrategicGoal"] == 10
    assert per_class["npdw:OperationalGoal"] == 43
    assert per_class["npdw:Pillar"] == 5
    goals_per_pillar = {r["pillar"]: int(r["goals"]) for r in stats["per_pillar"]}
    assert goals_per_pillar == {
        "Wonen en fysieke leefomgeving": 8, "Gezond en samen leven": 10, "Leren en ontwikkelen": 8,
        "Arbeidsmarkt en bestaanszekerheid": 9, "Leefbaar en veilig": 8,
    }


@pytest.mark.parametrize("command", ["build", "validate", "stats"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
