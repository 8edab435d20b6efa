"""Shared fixtures: the real project, and throw-away copies of it for tests that break things."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from npdw_graph.project import Project

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TEXT = ROOT.parent / "shared" / "seed" / "000_5cd812b1ad46f997.txt"


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
