"""A build killed at any point of the swap never loses ``dist/``; outputs are readable as the umask says.

Real ``npdw`` processes kill themselves with SIGKILL at a point of the swap (``NPDW_FAULT``, see
``npdw_graph/atomic.py``); afterwards ``dist/`` must be whole (the old or the new build, byte for byte),
and the next run must clean up what the killed one left beside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from npdw_graph import atomic

ROOT = Path(__file__).resolve().parent.parent


def npdw(root: Path, *args: str, fault: str | None = None, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NPDW_ROOT", "NPDW_FAULT")}
    if fault:
        env["NPDW_FAULT"] = fault
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "npdw_graph", "--root", str(root), *args], capture_output=True, text=True,
                          env=env, preexec_fn=preexec, timeout=600, check=False)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> SHA-256), dot files (the lock) left out."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".staging." in p.name or ".old." in p.name or ".tmp." in p.name)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("built")
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    for args in (("build", "-q"), ("network",)):
        run = npdw(root, *args)
        assert run.returncode == 0, run.stderr
    return root


@pytest.fixture
def project_copy(built, tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)
    return root


def change_the_data(root: Path) -> None:
    """One more label, so a new build differs from the old one."""
    (root / "data" / "zz-crash-test.ttl").write_text(
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        '<https://w3id.org/npdw/id/programma/npdw> rdfs:comment "crash test"@nl .\n', encoding="utf-8")


@pytest.mark.parametrize("fault, survivor", [("kill-before-swap", "old"), ("kill-after-swap", "new")])
def test_a_build_killed_at_the_swap_leaves_a_whole_dist(project_copy, fault, survivor):
    dist = project_copy / "dist"
    old = snapshot(dist)
    change_the_data(project_copy)
    killed = npdw(project_copy, "build", "-q", fault=fault)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert dist.is_dir()
    after = snapshot(dist)
    assert any(name.startswith("network/") for name in after)  # other commands' outputs carried over
    if survivor == "old":
        assert after == old
    else:
        assert after != old and after.keys() == old.keys()
        assert b"crash test" in (dist / "graph.nt").read_bytes()
    assert leftovers(project_copy)  # the killed build could not clean up ...

    again = npdw(project_copy, "build", "-q")
    assert again.returncode == 0, again.stderr
    assert leftovers(project_copy) == []  # ... the next one does
    assert b"crash test" in (dist / "graph.nt").read_bytes()


def test_a_build_killed_between_two_renames_is_recovered(project_copy):
    """Where the atomic exchange is unavailable the swap is two renames; a kill between them leaves only
    ``.dist.old.PID``, and the next run puts it back before anything else."""
    dist = project_copy / "dist"
    old = snapshot(dist)
    change_the_data(project_copy)
    killed = npdw(project_copy, "build", "-q", fault="kill-between-renames")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not dist.exists() and any(".dist.old." in name for name in leftovers(project_copy))

    atomic.recover(dist)
    assert snapshot(dist) == old
    assert leftovers(project_copy) == []

    again = npdw(project_copy, "build", "-q")
    assert again.returncode == 0 and b"crash test" in (dist / "graph.nt").read_bytes()


def test_a_killed_network_run_is_cleaned_up_by_the_next(project_copy):
    out = project_copy / "dist" / "network"
    old = snapshot(out)
    killed = npdw(project_copy, "network", fault="kill-before-swap")
    assert killed.returncode == -signal.SIGKILL
    assert snapshot(out) == old and leftovers(out.parent)
    assert npdw(project_copy, "network").returncode == 0
    assert leftovers(out.parent) == []


def test_a_live_writers_staging_folder_is_not_touched(tmp_path):
    """Recovery removes only what dead processes left: a staging folder of a running process stays."""
    target = tmp_path / "out"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = tmp_path / f".out.staging.{live.pid}.abcd1234"
        theirs.mkdir()
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        stale = tmp_path / f".out.staging.{int(dead.stdout)}.abcd1234"
        stale.mkdir()
        with atomic.staged_directory(target) as stage:
            (stage / "x").write_text("x", encoding="utf-8")
        assert theirs.is_dir() and not stale.exists()
        assert (target / "x").read_text(encoding="utf-8") == "x"
    finally:
        live.kill()
        live.wait()


def test_a_failed_staging_leaves_the_old_folder_and_no_leftovers(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic.staged_directory(target) as stage:
        (stage / "keep").write_text("new", encoding="utf-8")
        raise RuntimeError("halfway")
    assert (target / "keep").read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ permissions (issue 14, point 2)


@pytest.mark.parametrize("umask", [0o022, 0o027], ids=["umask-022", "umask-027"])
def test_outputs_get_the_permissions_the_umask_gives(built, tmp_path, umask):
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)
    shutil.rmtree(root / "dist")
    for args in (("build", "-q"), ("network",), ("export", "--format", "all"), ("report",)):
        run = npdw(root, *args, umask=umask)
        assert run.returncode == 0, (args, run.stderr)
    want_dir, want_file = 0o777 & ~umask, 0o666 & ~umask
    wrong = []
    for p in [root / "dist", *(root / "dist").rglob("*")]:
        mode = stat.S_IMODE(p.lstat().st_mode)
        if p.is_dir() and mode != want_dir or p.is_file() and mode != want_file:
            wrong.append(f"{p.relative_to(root)} {mode:o}")
    assert wrong == []
    for must in ("dist", "dist/export", "dist/network", "dist/site", "dist/report", "dist/export/dcat.ttl", "dist/export/void.ttl"):
        assert (root / must).exists(), must
