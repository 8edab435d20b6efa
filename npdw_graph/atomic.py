"""Write outputs so that a reader never sees half a file and a failed run loses nothing."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from npdw_graph.errors import LockedError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``target`` in one rename.

    On any exception the staging folder is removed and ``target`` is left exactly as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging.", dir=target.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old.{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(stage, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def exclusive_lock(folder: Path, what: str) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock on ``folder``; a second process gets a clear error."""
    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / ".npdw.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise LockedError(
                    f"another npdw {what} is running on {folder} (lock {lock_path}); wait for it to finish and try again"
                ) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)
