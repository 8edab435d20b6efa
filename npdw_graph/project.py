"""Where a project's hand-edited sources and derived outputs live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from npdw_graph.errors import NpdwError


@dataclass(frozen=True)
class Project:
    """The folders of one npdw-graph project (sources in git, outputs in ``dist/``)."""

    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    def shape_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))

    def data_files(self) -> list[Path]:
        return sorted(p for p in self.data_dir.rglob("*.ttl") if not p.name.startswith("."))

    def relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def find_project(start: Path | None = None) -> Project:
    """Find the project root: ``$NPDW_ROOT``, else the nearest folder upward with ``ontology/`` and ``data/``."""
    env = os.environ.get("NPDW_ROOT")
    if env:
        root = Path(env)
        if not (root / "ontology").is_dir():
            raise NpdwError(f"NPDW_ROOT={env} has no ontology/ folder")
        return Project(root.resolve())
    here = (start or Path.cwd()).resolve()
    for candidate in [here, *here.parents]:
        if (candidate / "ontology").is_dir() and (candidate / "data").is_dir():
            return Project(candidate)
    packaged = Path(__file__).resolve().parent.parent
    if (packaged / "ontology").is_dir() and (packaged / "data").is_dir():
        return Project(packaged)
    raise NpdwError(f"no npdw project (a folder with ontology/ and data/) at or above {here}")
