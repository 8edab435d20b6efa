"""Every SHACL node shape has a small broken fixture that it must catch.

In the style of the W3C SHACL test suite and LinkML's invalid examples: for each node shape
``shape:X`` in ``shapes/npdw-shapes.ttl`` there is ``tests/fixtures/shapes/X.ttl``. It is validated
together with ``tests/fixtures/shapes/context.ttl`` (a small, valid graph the fixtures refer to),
with the project's ontology and shapes. The fixture opens with comment lines that say why it must
fail, and machine-readable expectations:

``# expect: <severity> | <shape local name> | <focus> | <substring of the Dutch sh:message>``
    a result with this severity, from this shape, on this focus node, whose message contains the
    substring, must be reported. ``<focus>`` is a prefixed name (``inspanning:kapot``) or
    ``blank:<owner>`` for a blank node held by ``<owner>`` (a qualified link, a target, a repair).

``# expect-none: <shape local name> | <focus> | <substring, may be empty>``
    no result of any severity from this shape on this focus may have a message containing the
    substring: the data next to a broken case that the shape must accept.

Apart from the expected results, the fixture must be valid: any Violation that no ``expect`` line
describes fails the test. Warnings are allowed (the completeness shapes warn about what the source
does not say).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from npdw_graph.load import new_graph, parse_turtle_file
from npdw_graph.namespaces import SH
from npdw_graph.validate import Result, report_from_graph, run_pyshacl

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "npdw.ttl"
SHAPES_FILE = ROOT / "shapes" / "npdw-shapes.ttl"
CURATION_GUIDE = ROOT / "docs" / "curation.md"
FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "shapes"
CONTEXT_FILE = FIXTURE_DIR / "context.ttl"
FIXTURE_FILES = sorted(p for p in FIXTURE_DIR.glob("*.ttl") if p.name != CONTEXT_FILE.name)

SHAPE_NS = "https://w3id.org/npdw/def/shapes/"
SEVERITIES = ("Violation", "Warning", "Info")
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_PREFIX_LINE = re.compile(r"^@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>\s*\.\s*$")


# ------------------------------------------------------------------ graphs


@functools.cache
def ontology() -> Graph:
    g = new_graph()
    parse_turtle_file(ONTOLOGY_FILE, g)
    return g


@functools.cache
def shapes() -> Graph:
    g = new_graph()
    parse_turtle_file(SHAPES_FILE, g)
    g.bind("shape", SHAPE_NS, override=True)  # so Result.shape reads "shape:Inspanning"
    return g


@functools.cache
def node_shapes() -> dict[str, URIRef]:
    """The node shapes worth a fixture: named ``sh:NodeShape``s with a target (untargeted ones never fire alone)."""
    g = shapes()
    found = {}
    for s in g.subjects(RDF.type, SH.NodeShape):
        if isinstance(s, URIRef) and any(g.value(s, t) is not None for t in _TARGETS):
            assert str(s).startswith(SHAPE_NS), f"node shape {s} is outside the shape: namespace"
            found[str(s)[len(SHAPE_NS):]] = s
    return found


@functools.cache
def results_for(fixture: Path | None) -> tuple[Result, ...]:
    """Validate context.ttl (+ the fixture) with the project's ontology and shapes."""
    data = new_graph()
    parse_turtle_file(CONTEXT_FILE, data)
    if fixture is not None:
        parse_turtle_file(fixture, data)
    _, report = run_pyshacl(data, shapes(), ontology())
    return tuple(report_from_graph(report, data, shapes(), {}))


def _show(results: list[Result] | tuple[Result, ...]) -> str:
    if not results:
        return "    (none)"
    return "\n".join(f"    {r.severity} | {r.shape} | {r.focus} | {r.path} = {r.value} | {r.message}" for r in results)


# ------------------------------------------------------------ expectations


def _focus(text: str) -> str:
    """``blank:<owner>`` -> the way report_from_graph names a blank node held by <owner>."""
    return text[len("blank:"):] + " > []" if text.startswith("blank:") else text


@dataclass(frozen=True)
class Expect:
    line: int
    severity: str
    shape: str
    focus: str
    message: str

    def matches(self, r: Result) -> bool:
        return (r.severity == self.severity and r.shape == f"shape:{self.shape}" and r.focus == _focus(self.focus)
                and self.message in r.message)

    def __str__(self) -> str:
        return f"line {self.line}: expect: {self.severity} | {self.shape} | {self.focus} | {self.message}"


@dataclass(frozen=True)
class ExpectNone:
    line: int
    shape: str
    focus: str
    message: str

    def matches(self, r: Result) -> bool:
        return r.shape == f"shape:{self.shape}" and r.focus == _focus(self.focus) and self.message in r.message

    def __str__(self) -> str:
        return f"line {self.line}: expect-none: {self.shape} | {self.focus} | {self.message}"


@dataclass(frozen=True)
class Fixture:
    path: Path
    why: list[str]  # the explanatory comment lines before the first expectation
    expects: list[Expect]
    expect_nones: list[ExpectNone]
    errors: list[str]  # malformed expectation lines


@functools.cache
def parse_fixture(path: Path) -> Fixture:
    why: list[str] = []
    expects: list[Expect] = []
    nones: list[ExpectNone] = []
    errors: list[str] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line.startswith("#"):
            continue
        body = line[1:].strip()
        if body.startswith("expect:"):
            parts = [p.strip() for p in body[len("expect:"):].split("|", 3)]
            if len(parts) != 4 or not all(parts):
                errors.append(f"line {n}: want 'expect: severity | shape | focus | message': {raw!r}")
            elif parts[0] not in SEVERITIES:
                errors.append(f"line {n}: severity {parts[0]!r} is not one of {SEVERITIES}")
            else:
                expects.append(Expect(n, *parts))
        elif body.startswith("expect-none:"):
            parts = [p.strip() for p in body[len("expect-none:"):].split("|", 2)]
            if len(parts) != 3 or not parts[0] or not parts[1]:
                errors.append(f"line {n}: want 'expect-none: shape | focus | message (may be empty)': {raw!r}")
            else:
                nones.append(ExpectNone(n, *parts))
        elif re.match(r"expect\w*\s*:", body):
            errors.append(f"line {n}: unknown expectation kind: {raw!r}")
        elif not expects and not nones and body:
            why.append(body)
    return Fixture(path, why, expects, nones, errors)


@functools.cache
def curation_prefixes() -> dict[str, str]:
    """The prefix block of docs/curation.md, which data files (and these fixtures) copy."""
    return {m.group(1) or "": m.group(2) for line in CURATION_GUIDE.read_text(encoding="utf-8").splitlines()
            if (m := _PREFIX_LINE.match(line.strip()))}


def _fixture_params() -> list:
    return [pytest.param(p, id=p.stem) for p in FIXTURE_FILES]


# ------------------------------------------------------------------- tests


def test_every_node_shape_has_exactly_one_fixture():
    shape_names = set(node_shapes())
    fixture_names = {p.stem for p in FIXTURE_FILES}
    missing = sorted(shape_names - fixture_names)
    unknown = sorted(fixture_names - shape_names)
    assert not missing, f"node shapes in {SHAPES_FILE.name} without a fixture in {FIXTURE_DIR}: {', '.join(missing)}"
    assert not unknown, f"fixtures named after no node shape in {SHAPES_FILE.name}: {', '.join(unknown)}"
    assert shape_names, f"no targeted sh:NodeShape found in {SHAPES_FILE}"
    assert len(FIXTURE_FILES) == len(shape_names), f"{len(FIXTURE_FILES)} fixture files for {len(shape_names)} node shapes"


def test_context_alone_has_no_violations():
    violations = [r for r in results_for(None) if r.severity == "Violation"]
    assert not violations, f"{CONTEXT_FILE.name} must be valid on its own, but has:\n{_show(violations)}"


@pytest.mark.parametrize("fixture", _fixture_params())
def test_fixture_is_well_formed(fixture: Path):
    fx = parse_fixture(fixture)
    assert not fx.errors, "\n".join(fx.errors)
    first = fixture.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#"), f"{fixture.name} must open with comment lines saying why it fails"
    assert fx.why, f"{fixture.name}: no explanation before the first expectation line"
    assert fx.expects, f"{fixture.name}: no '# expect:' line"
    assert any(e.shape == fixture.stem for e in fx.expects), f"{fixture.name}: no expectation for shape:{fixture.stem} itself"
    known = set(node_shapes())
    for e in [*fx.expects, *fx.expect_nones]:
        assert e.shape in known, f"{fixture.name} {e}: shape:{e.shape} is not a node shape in {SHAPES_FILE.name}"
        assert re.fullmatch(r"(blank:)?[a-z][\w-]*:[\w.-]+", e.focus), f"{fixture.name} {e}: focus must be a prefixed name or blank:<owner>"
    declared = {m.group(1) or "": m.group(2) for line in fixture.read_text(encoding="utf-8").splitlines() if (m := _PREFIX_LINE.match(line.strip()))}
    guide = curation_prefixes()
    differing = {p: iri for p, iri in declared.items() if guide.get(p) != iri}
    assert not differing, f"{fixture.name}: prefixes not as in {CURATION_GUIDE.name}: {differing}"


@pytest.mark.parametrize("fixture", _fixture_params())
def test_expected_results_are_reported(fixture: Path):
    results = results_for(fixture)
    missing = [e for e in parse_fixture(fixture).expects if not any(e.matches(r) for r in results)]
    if missing:
        lines = []
        for e in missing:
            near = [r for r in results if r.shape == f"shape:{e.shape}" or r.focus == _focus(e.focus)]
            lines.append(f"  not reported: {e}\n  results of that shape or focus:\n{_show(near)}")
        pytest.fail(f"{fixture.name}:\n" + "\n".join(lines))


@pytest.mark.parametrize("fixture", _fixture_params())
def test_no_unexpected_violations(fixture: Path):
    expects = parse_fixture(fixture).expects
    unexpected = [r for r in results_for(fixture) if r.severity == "Violation" and not any(e.matches(r) for e in expects)]
    assert not unexpected, (
        f"{fixture.name} must be valid apart from its expect lines, but also has:\n{_show(unexpected)}"
    )


@pytest.mark.parametrize("fixture", _fixture_params())
def test_accepted_data_is_not_reported(fixture: Path):
    results = results_for(fixture)
    wrong = [(n, r) for n in parse_fixture(fixture).expect_nones for r in results if n.matches(r)]
    assert not wrong, f"{fixture.name}:\n" + "\n".join(f"  {n}\n{_show([r])}" for n, r in wrong)


def _nl_messages(g: Graph, node: Node) -> list[Literal]:
    return [m for m in g.objects(node, SH.message) if isinstance(m, Literal) and m.language == "nl"]


@pytest.mark.parametrize("name", sorted(node_shapes()))
def test_messages_are_dutch(name: str):
    g = shapes()
    shape = node_shapes()[name]
    constraints = [("property", p) for p in g.objects(shape, SH.property)] + [("sparql", c) for c in g.objects(shape, SH.sparql)]
    assert constraints, f"shape:{name} has no property shapes or SPARQL constraints"
    bad = []
    for kind, node in constraints:
        if not _nl_messages(g, node):
            path = g.value(node, SH.path)
            label = g.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else ("[path]" if isinstance(path, BNode) else "")
            bad.append(f"{kind} {label}: messages {[m.n3() for m in g.objects(node, SH.message)]}")
    other = [m for _, node in constraints for m in g.objects(node, SH.message) if not (isinstance(m, Literal) and m.language)]
    assert not bad, f"shape:{name}: constraints without a sh:message in Dutch (@nl):\n  " + "\n  ".join(bad)
    assert not other, f"shape:{name}: sh:message without a language tag: {other}"
