"""An ill-typed literal (``"abc"^^xsd:decimal``) reaches the user only as npdw's one located message.

rdflib logs "Failed to convert Literal lexical form to value" with a traceback whenever it meets such a
literal; in real ``npdw`` processes nothing of that may reach stderr, whichever command reads the value.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILE = "data/pijler-veilig.ttl"
GOOD = '"8000.00"^^xsd:decimal'
LOCATED = 'value "abc" is not a valid xsd:decimal'
RDFLIB_NOISE = ("Failed to convert Literal", "Traceback", "decimal.InvalidOperation", "ConversionSyntax")


def npdw(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NPDW_ROOT"}
    return subprocess.run([sys.executable, "-m", "npdw_graph", "--root", str(root), *args], capture_output=True, text=True,
                          env=env, timeout=600, check=False)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, int]:
    """A copy of the project with one amount written as "abc"^^xsd:decimal; returns it and the line."""
    root = tmp_path_factory.mktemp("ill-typed")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    path = root / FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if GOOD in text)
    lines[line - 1] = lines[line - 1].replace(GOOD, '"abc"^^xsd:decimal')
    path.write_text("\n".join(lines), encoding="utf-8")
    return root, line


def assert_quiet(run: subprocess.CompletedProcess[str]) -> None:
    for noise in RDFLIB_NOISE:
        assert noise not in run.stderr and noise not in run.stdout, run.stderr[:3000]


def test_build_names_the_value_once_and_says_nothing_else(broken):
    root, line = broken
    run = npdw(root, "build", "-q")
    assert_quiet(run)
    assert run.returncode == 1
    assert run.stdout.count(f"{FILE}:{line}: {LOCATED}") == 1, run.stdout
    assert run.stderr.splitlines() == [f"Build failed: {run.stderr.split()[2]} violation(s); {root / 'dist'} left unchanged."]


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_validate_prints_the_located_message_and_stderr_stays_empty(broken, engine):
    root, line = broken
    run = npdw(root, "validate", "--engine", engine)
    assert_quiet(run)
    assert run.returncode == 1
    assert run.stderr == ""
    assert f"{FILE}:{line}: {LOCATED}" in run.stdout


@pytest.mark.parametrize("args", [
    ("query", "financiering-door-het-rijk", "--engine", "rdflib", "--format", "csv"),
    ("query", "financiering-door-het-rijk", "--format", "json"),
    ("stats",),
    ("check-cube",),
    ("site",),
    ("network",),
    ("export", "--format", "csv"),
    ("report",),
], ids=lambda a: " ".join(a[:4]))
def test_commands_that_read_the_value_print_no_rdflib_traceback(broken, args, tmp_path):
    root, _ = broken
    run = npdw(root, *args)
    assert_quiet(run)
    lines = [text for text in run.stderr.splitlines() if text.strip()]
    if run.returncode == 0:
        assert lines == []
    else:  # export and report refuse the data: one line, naming what to do
        assert run.returncode == 2 and len(lines) == 1 and lines[0].startswith("Error: ") and "npdw validate" in lines[0]


def test_the_filter_drops_only_rdflibs_conversion_warning(caplog):
    """In-process too (library use): the conversion warning is dropped, other rdflib warnings are not."""
    import logging

    from rdflib import Literal
    from rdflib.namespace import XSD

    import npdw_graph  # noqa: F401  (installs the filter)

    with caplog.at_level(logging.WARNING, logger="rdflib.term"):
        assert Literal("abc", datatype=XSD.decimal).value is None
        logging.getLogger("rdflib.term").warning("another warning")
    messages = [r.getMessage() for r in caplog.records if r.name == "rdflib.term"]
    assert messages == ["another warning"]
