"""Shared fixtures: the real project, and throw-away copies of it for tests that break things."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from npdw_graph.project import Project

ROOT = Path(__file__).resolve().parent.parent

# The OCR text of the programme is an input, not part of the repository. Its location is the setting
# NPDW_SOURCE_TEXT (a path); unset, the conventional copy beside the checkout is used if it is there.
# Tests that read it are skipped, with this one reason, when it is absent; a setting that names a
# missing file is an error, not a skip. `.ci/run` always sets it, so CI always runs those tests.
SOURCE_TEXT_SETTING = "NPDW_SOURCE_TEXT"
DEFAULT_SOURCE_TEXT = ROOT.parent / "shared" / "seed" / "000_5cd812b1ad46f997.txt"
SOURCE_TEXT_MISSING = (f"the programme's OCR text is not available: set {SOURCE_TEXT_SETTING} to its path "
                       f"(default {DEFAULT_SOURCE_TEXT} is absent)")


def source_text() -> Path | None:
    """The OCR source text named by NPDW_SOURCE_TEXT (or the default beside the checkout); None if absent."""
    setting = os.environ.get(SOURCE_TEXT_SETTING, "").strip()
    if setting:
        path = Path(setting).expanduser()
        if not path.is_file():
            raise pytest.UsageError(f"{SOURCE_TEXT_SETTING}={setting}: no such file")
        return path
    return DEFAULT_SOURCE_TEXT if DEFAULT_SOURCE_TEXT.is_file() else None


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def compiled(project):
    """The real project compiled once (validated) for all read-only tests."""
    from npdw_graph.build import compile_project

    return compile_project(project)


@pytest.fixture(scope="session")
def graph(compiled):
    return compiled.graph


@pytest.fixture
def tmp_project(tmp_path: Path) -> Project:
    """A writable copy of the project's sources (not its dist/)."""
    for name in ("ontology", "shapes", "data", "queries"):
        src = ROOT / name
        if src.exists():
            shutil.copytree(src, tmp_path / name)
    return Project(tmp_path)


@pytest.fixture(scope="session")
def portal_project(tmp_path_factory) -> Path:
    """A copy of the project after what `make run` does (build, network, export --format all): its dist/site/ is the
    whole portal, with the network, the report and the downloads, as a user gets it."""
    from click.testing import CliRunner

    from npdw_graph.cli import main

    root = tmp_path_factory.mktemp("portal-project")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    for args in (["build", "-q"], ["network", "-q"], ["export", "--format", "all"]):
        result = CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    return root
