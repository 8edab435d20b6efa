"""A full disk is one line naming the path and the cause, exit 2, and the previous output intact.

The disk is "full" through RLIMIT_FSIZE (as ``ulimit -f``) in a real ``npdw`` process, with SIGXFSZ
ignored so that the write fails with ``OSError: File too large`` instead of killing the process.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "tests" / "data" / "metingen-2025-testdata.csv"


def npdw(root: Path, *args: str, max_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    env = {k: v for k, v in os.environ.items() if k not in ("NPDW_ROOT", "NPDW_FAULT")}
    return subprocess.run([sys.executable, "-m", "npdw_graph", "--root", str(root), *args], capture_output=True, text=True,
                          env=env, preexec_fn=limit if max_file_bytes is not None else None, timeout=600, check=False)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``, with the SHA-256 of each file (the lock file left out)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*")) if p.name != ".npdw.lock"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("built")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    for args in (("build", "-q"), ("network",), ("export", "--format", "all"), ("report",)):
        run = npdw(root, *args)
        assert run.returncode == 0, (args, run.stderr)
    return root


COMMANDS = [
    ("build", "-q"),
    ("network",),
    ("export", "--format", "all"),
    ("export", "--format", "csv"),
    ("site",),
    ("report",),
    ("report", "--format", "md"),
    ("import-observations", str(TESTDATA)),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:3]).replace(str(TESTDATA), "testdata.csv") for a in COMMANDS])
def test_a_full_disk_is_one_line_exit_2_and_nothing_changes(built, tmp_path, args):
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)
    before = snapshot(root)
    run = npdw(root, *args, max_file_bytes=600)
    assert run.returncode == 2, (run.returncode, run.stderr[-3000:])
    assert "Traceback" not in run.stderr + run.stdout
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert line.startswith("Error: could not write ") and "File too large" in line, line
    assert str(root) in line  # names the path
    assert snapshot(root) == before  # the previous output intact, nothing left behind


def test_the_cli_turns_a_stray_os_error_into_one_line(monkeypatch):
    """An OS error that no library function wrapped still reaches the user as one line (path: cause), exit 2."""
    import errno

    from click.testing import CliRunner

    import npdw_graph.build
    from npdw_graph.cli import main

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/npdw/dist/graph.nt")

    monkeypatch.setattr(npdw_graph.build, "load_store", full)
    result = CliRunner().invoke(main, ["--root", str(ROOT), "stats"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["Error: /srv/npdw/dist/graph.nt: No space left on device"]
