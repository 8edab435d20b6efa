"""Write outputs so that a reader never sees half a file and a failed or killed run loses nothing.

- ``atomic_write_bytes``/``atomic_write_text``: a temporary file beside the target, fsync, rename.
- ``staged_directory``: a whole output folder is written into a staging folder beside it and then
  swapped in. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)``, so at every instant the
  folder's name holds either the complete old or the complete new folder, even under SIGKILL.
  Where the exchange is unavailable it is two renames (old out of the way, new in); a process killed
  between them leaves ``.NAME.old.PID``, which the next run puts back. Staging and old folders left
  by dead processes are removed at the start of the next run on the same folder.
- Outputs get the permissions the user's umask gives a normal file or folder (0644/0755 with umask
  022): nothing is created through ``mkstemp``/``mkdtemp``, which would make them private.
- An OS error while writing (disk full, file too large, read-only) becomes an ``OutputError``: one
  line naming the path and the cause; the staging folder or temporary file is removed, and the
  previous output is left as it was.

Fault injection for the tests: ``NPDW_FAULT=kill-before-swap``, ``kill-after-swap`` (the process
SIGKILLs itself at that point of ``staged_directory``) or ``kill-between-renames`` (forces the
two-rename swap and SIGKILLs itself between the renames).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from npdw_graph.errors import LockedError, OutputError

FAULT_SETTING = "NPDW_FAULT"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def describe_os_error(e: OSError) -> str:
    """The cause of an OS error in a few words: ``File too large``, ``No space left on device``."""
    return e.strerror or (os.strerror(e.errno) if e.errno else "") or str(e) or type(e).__name__


def _fault(point: str) -> None:
    if os.environ.get(FAULT_SETTING) == point:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def _temp_name(target: Path, kind: str) -> Path:
    """``.NAME.KIND.PID.RANDOM`` beside ``target``; the pid tells a later run whether its owner is alive."""
    return target.parent / f".{target.name}.{kind}.{os.getpid()}.{secrets.token_hex(4)}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it (mode from the umask)."""
    made = not path.parent.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        recover(path)  # temporary files of killed writers
        tmp = _temp_name(path, "tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as e:
        raise OutputError(f"could not write {path}: {describe_os_error(e)}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        tmp.unlink(missing_ok=True)
        if made:
            with suppress(OSError):
                path.parent.rmdir()  # the folder made for this file, if nothing else is in it
        if isinstance(e, OSError):
            kept = "the previous file is left as it was" if path.exists() else "it was not created"
            raise OutputError(f"could not write {path}: {describe_os_error(e)}; {kept}") from e
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# ------------------------------------------------------------------ the folder swap


def _owner_alive(name: str) -> bool:
    """Whether the process whose pid is in a ``.NAME.KIND.PID.RANDOM`` name still runs (unknown: assume it does)."""
    parts = name.rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return True
    pid = int(parts[1])
    if pid == os.getpid():
        return False  # an earlier, finished (or failed) run of this very process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(target: Path, kind: str) -> list[Path]:
    prefix = f".{target.name}.{kind}."
    try:
        entries = list(target.parent.iterdir())
    except FileNotFoundError:
        return []
    return sorted((p for p in entries if p.name.startswith(prefix) and not _owner_alive(p.name)),
                  key=lambda p: p.lstat().st_mtime)


def recover(target: Path) -> None:
    """Repair what a killed run left beside ``target``: put a displaced old folder back, remove stale staging.

    Only folders whose owning process is gone are touched, so a run still in progress is never disturbed.
    """
    olds = _leftovers(target, "old")
    if olds and not target.exists() and not target.is_symlink():
        os.rename(olds.pop(), target)  # the newest complete output that was moved out of the way
    for stale in (*olds, *_leftovers(target, "staging")):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in _leftovers(target, "tmp"):
        stale.unlink(missing_ok=True)


_renameat2 = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange the folders ``a`` and ``b`` (Linux renameat2); False where that is not available."""
    global _renameat2
    if os.environ.get(FAULT_SETTING) == "kill-between-renames" or not sys.platform.startswith("linux"):
        return False
    if _renameat2 is None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fn = getattr(libc, "renameat2", None)
        if fn is None:
            _renameat2 = False
            return False
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        fn.restype = ctypes.c_int
        _renameat2 = fn
    if _renameat2 is False:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):  # e.g. a file system without exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(stage: Path, target: Path) -> None:
    """Put ``stage`` where ``target`` is, crash-safely; the old folder is removed afterwards."""
    if not target.exists() and not target.is_symlink():
        os.rename(stage, target)
        return
    _fault("kill-before-swap")
    if _exchange(stage, target):
        _fault("kill-after-swap")
        shutil.rmtree(stage, ignore_errors=True)  # now holds the old folder
        return
    old = _temp_name(target, "old")
    os.rename(target, old)
    _fault("kill-between-renames")
    try:
        os.rename(stage, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``target`` as a whole, crash-safely.

    On any exception the staging folder is removed and ``target`` is left exactly as it was; an OS
    error (disk full, ...) is turned into an ``OutputError`` naming ``target`` and the cause.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target)
        stage = _temp_name(target, "staging")
        os.mkdir(stage, 0o777)  # the umask applies, as for any folder
    except OSError as e:
        raise OutputError(f"could not write {target}: {describe_os_error(e)}") from e
    existed = target.exists()
    try:
        yield stage
        _swap_in(stage, target)
    except BaseException as e:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(e, OSError):
            kept = f"the previous {target} is left as it was" if existed else f"{target} was not created"
            raise OutputError(f"could not write {_final_path(e, stage, target)}: {describe_os_error(e)}; {kept}") from e
        raise


def _final_path(e: OSError, stage: Path, target: Path) -> Path:
    """The file an OS error names, as it would have been called in ``target`` (else ``target`` itself)."""
    if e.filename:
        try:
            return target / Path(os.fsdecode(e.filename)).relative_to(stage)
        except ValueError:
            return Path(os.fsdecode(e.filename))
    return target


@contextmanager
def exclusive_lock(folder: Path, what: str) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock on ``folder``; a second process gets a clear error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock_path = folder / ".npdw.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as e:
        raise OutputError(f"could not write {folder}: {describe_os_error(e)}") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise LockedError(
                    f"another npdw {what} is running on {folder} (lock {lock_path}); wait for it to finish and try again"
                ) from None
            raise
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as e:
            raise OutputError(f"could not write {lock_path}: {describe_os_error(e)}") from e
        yield
    finally:
        os.close(fd)
