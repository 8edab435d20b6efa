"""Test helpers: tiny misbehaving HTTP servers, result comparison, and running the CLI as a process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from npdw_graph.query import canonical_text
from npdw_graph.queryengine import SelectResult, group_concat_columns

ROOT = Path(__file__).resolve().parent.parent

# --- comparing results of different engines -------------------------------------------------------

def _cell(term, separator: str | None):
    if separator is not None:  # an empty group: "" (the spec) or unbound (some engines) is the same empty set
        text = "" if term is None else str(term)
        return tuple(sorted(p for p in text.split(separator) if p))
    return None if term is None else canonical_text(term)  # numbers as Decimals in one canonical form


def canonical(result: SelectResult, query: str = "") -> Counter:
    """The rows as a multiset of canonical values: numbers as Decimals, GROUP_CONCAT cells as sorted parts."""
    concat = group_concat_columns(query)
    seps = [concat.get(v) for v in result.variables]
    return Counter(tuple(_cell(t, s) for t, s in zip(row, seps, strict=True)) for row in result.rows)


def difference(a: Counter, b: Counter, limit: int = 3) -> str:
    return f"only in first: {list((a - b).items())[:limit]}; only in second: {list((b - a).items())[:limit]}"


# --- stub servers -----------------------------------------------------------------------------------

def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stub:
    """A running stub server: ``url``, the requests it saw, ``stop()``."""

    url: str
    server: ThreadingHTTPServer
    thread: threading.Thread
    requests: list[tuple[str, str]]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> Stub:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


Behaviour = Callable[[BaseHTTPRequestHandler, bytes, int], None]


def start_stub(behaviour: Behaviour) -> Stub:
    """Serve every request with ``behaviour(handler, body, n)``; ``n`` counts requests from 1."""
    seen: list[tuple[str, str]] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                seen.append((self.command, self.path))
                n = len(seen)
            try:
                behaviour(self, body, n)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    return Stub(f"http://127.0.0.1:{server.server_address[1]}", server, thread, seen)


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "text/plain") -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def answer_500(handler, body, n) -> None:
    reply(handler, 500, b"internal error in the stub\nsecond line")


def hang_up(handler: BaseHTTPRequestHandler) -> None:
    """Close the client's connection without an answer (a server that died)."""
    handler.close_connection = True
    try:
        handler.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def forward(handler: BaseHTTPRequestHandler, body: bytes, backend: str, cut: float | None = None) -> None:
    """Send the request on to ``backend``; with ``cut`` only that fraction of the body, then hang up on both."""
    host, port = backend.removeprefix("http://").split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        head = [f"{handler.command} {handler.path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
                f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in handler.headers.items() if k.lower() in ("content-type", "accept", "authorization")]
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        if cut is not None:
            s.sendall(body[: int(len(body) * cut)])
            time.sleep(0.3)
            s.shutdown(socket.SHUT_RDWR)
            hang_up(handler)
            return
        s.sendall(body)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    raw = b"".join(chunks)
    handler.close_connection = True
    handler.wfile.write(raw)


# --- the CLI as a real process ----------------------------------------------------------------------

@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def npdw(*args: str, root: Path = ROOT, timeout: float = 120) -> Run:
    """Run ``npdw --root ROOT ARGS`` as a separate process (real exit code, real stderr)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("NPDW_ROOT", None)
    done = subprocess.run([sys.executable, "-m", "npdw_graph", "--root", str(root), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def one_clear_line(run: Run) -> str:
    """Assert the run failed with exactly one ``Error: ...`` line and no traceback; return the line."""
    assert run.code != 0, run
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: "), run.stderr
    return lines[0]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped) counts as gone
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
