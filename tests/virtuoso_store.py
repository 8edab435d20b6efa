"""A throw-away Virtuoso Open Source server for the tests (Debian package ``virtuoso-opensource``, ``make system-deps``).

The database lives in a temporary folder with its own ``virtuoso.ini``; both ports (SQL and HTTP)
are free loopback ports; the DBA password is set before the server first listens (``+pwdold dba
+pwddba``, a run that creates the database, changes the password and exits); then the server runs
in the foreground as a child process until :meth:`VirtuosoServer.stop`. If anything of this fails
the caller gets :class:`VirtuosoError` with the reason and the end of Virtuoso's log: the tests
that need the store fail rather than skip.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BINARY = "virtuoso-t"
DEFAULT_PASSWORD = "dba"  # what a new Virtuoso database gives the DBA account, changed before the server listens

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 8
MaxClientConnections = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


class VirtuosoError(Exception):
    """Virtuoso could not be started (the message says why)."""


def free_ports(n: int) -> list[int]:
    """``n`` different loopback ports that are free now."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@dataclass
class VirtuosoServer:
    folder: Path
    password: str
    sql_port: int
    http_port: int
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        return self.base + "/sparql"

    @property
    def graph_store_url(self) -> str:
        """The Graph Store endpoint that takes writes, with HTTP Digest authentication."""
        return self.base + "/sparql-graph-crud-auth"

    @property
    def ini(self) -> Path:
        return self.folder / "virtuoso.ini"

    def log_tail(self, lines: int = 15) -> str:
        out = []
        for name in ("virtuoso.log", "stdout.log"):
            path = self.folder / name
            if path.is_file():
                out += path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        return "\n".join(out)

    def _ready(self) -> bool:
        url = self.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self, timeout: float = 240.0) -> VirtuosoServer:
        binary = shutil.which(BINARY)
        if binary is None:
            raise VirtuosoError(f"{BINARY} not found: install the Debian package virtuoso-opensource (make system-deps)")
        (self.folder / "www").mkdir(parents=True, exist_ok=True)
        self.ini.write_text(INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8")
        with (self.folder / "stdout.log").open("ab") as log:
            try:  # creates the database, sets the DBA password, exits: the server never listens with the default one
                done = subprocess.run([binary, "+configfile", str(self.ini), "+foreground", "+pwdold", DEFAULT_PASSWORD,
                                       "+pwddba", self.password], cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                                      timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                raise VirtuosoError(f"setting the DBA password took more than {timeout:g} s\n{self.log_tail()}") from None
            if not (self.folder / "virtuoso.db").is_file():
                raise VirtuosoError(f"{BINARY} created no database (exit {done.returncode})\n{self.log_tail()}")
            self.process = subprocess.Popen([binary, "+configfile", str(self.ini), "+foreground"], cwd=self.folder,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self._ready():
            if self.process.poll() is not None:
                raise VirtuosoError(f"{BINARY} exited with {self.process.returncode} before it answered\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise VirtuosoError(f"{BINARY} did not answer on {self.sparql_url} within {timeout:g} s\n{self.log_tail()}")
            time.sleep(0.5)
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: Virtuoso shuts down
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def start_virtuoso(folder: Path) -> VirtuosoServer:
    """A running Virtuoso with its database in ``folder`` and a random DBA password."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # the ini and the database are the test's own
    sql_port, http_port = free_ports(2)
    password = "npdw" + secrets.token_hex(8)  # letters and digits only: a '-' in +pwddba gave a password nobody could log in with
    return VirtuosoServer(folder, password, sql_port, http_port).start()
