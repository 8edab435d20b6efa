"""Run one share of a job in a forked child process while the parent does the rest (two cores, one job).

``alongside(work)`` starts ``work()`` in a child made by ``fork`` (it sees every object the parent has
built, nothing is pickled) and yields; when the body is done it waits for the child and raises its
error in the parent: an ``OSError`` as the same ``OSError`` (errno, message, file name), so
:func:`npdw_graph.atomic.staged_directory` turns it into the usual one-line ``OutputError``; an
``NpdwError`` as itself; anything else as an ``NpdwError`` naming it. If the body fails, the child is
stopped first. ``work`` must only write files and return nothing.

:class:`Shares` splits a list of jobs between the child and the parent as they go: both take the
next chunk from one shared counter, so the parent, once its own part is done, helps with what the
child has not yet taken, and neither waits for a share fixed in advance.

Where a fork is not safe or not useful, ``work()`` simply runs in this process before the body: on a
single core, without ``fork`` (not Linux), when other threads are running (a fork copies locks they
may hold, e.g. a web server's in the tests) and when ``NPDW_PROCESSES=1``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection

from npdw_graph.errors import NpdwError

PROCESSES_SETTING = "NPDW_PROCESSES"


def can_fork() -> bool:
    """Whether :func:`alongside` will really use a second process here and now."""
    if os.environ.get(PROCESSES_SETTING, "").strip() == "1":
        return False
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Shares:
    """``total`` jobs handed out in chunks of ``size`` through a counter shared by forked processes."""

    def __init__(self, total: int, size: int = 20):
        self.total, self.size = total, size
        try:
            self._next = multiprocessing.get_context("fork").Value("q", 0)
        except ValueError:  # no fork here: alongside() runs everything in this process anyway
            self._next = None
            self._local = 0

    def take(self) -> Iterator[range]:
        """The chunks this process gets, until none are left."""
        while True:
            if self._next is None:
                start, self._local = self._local, min(self.total, self._local + self.size)
            else:
                with self._next.get_lock():
                    start = self._next.value
                    self._next.value = min(self.total, start + self.size)
            if start >= self.total:
                return
            yield range(start, min(self.total, start + self.size))


def _die_with_parent() -> None:
    """Linux: SIGKILL this child when the parent dies (a killed build leaves no writer behind)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _child(work: Callable[[], None], conn: Connection) -> None:
    _die_with_parent()
    try:
        work()
    except OSError as e:
        conn.send(("os", e.errno, e.strerror, os.fsdecode(e.filename) if e.filename is not None else None))
        conn.close()
        os._exit(1)
    except NpdwError as e:
        conn.send(("npdw", type(e).__name__, str(e), None))
        conn.close()
        os._exit(1)
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises it as one line
        conn.send(("other", type(e).__name__, str(e), None))
        conn.close()
        os._exit(1)
    conn.send(None)
    conn.close()
    os._exit(0)


@contextmanager
def alongside(work: Callable[[], None]) -> Iterator[bool]:
    """Run ``work`` in a forked child during the body (yields True), or before it in this process (yields False)."""
    if not can_fork():
        work()
        yield False
        return
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(work, send), daemon=True)
    child.start()
    send.close()
    try:
        yield True
    except BaseException:
        child.kill()
        child.join()
        receive.close()
        raise
    died = False
    try:
        message = receive.recv()
    except EOFError:  # it ended without a word (killed)
        message, died = None, True
    finally:
        child.join()
        receive.close()
    if message is None and (died or child.exitcode != 0):
        message = ("other", "exit", f"the child process ended with status {child.exitcode}", None)
    if message is None:
        return
    kind, a, b, c = message
    if kind == "os":
        raise OSError(a, b, c) if c is not None else OSError(a, b)
    if kind == "npdw":
        from npdw_graph import errors

        cls = getattr(errors, a, NpdwError)
        if not (isinstance(cls, type) and issubclass(cls, NpdwError)):
            cls = NpdwError
        try:
            error = cls(b)
        except TypeError:  # an error class built from parts (SourceError): the same message as an NpdwError
            error = NpdwError(b)
        raise error
    raise NpdwError(f"writing in a second process failed: {a}: {b}")
