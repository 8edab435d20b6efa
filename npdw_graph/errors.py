"""Errors that reach the user as one clear line, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class NpdwError(Exception):
    """A user-facing error: the CLI prints it and exits with status 2."""


class SourceError(NpdwError):
    """A problem in a hand-edited source file, located by file, line and column."""

    def __init__(self, path: Path | str, line: int | None, column: int | None, problem: str):
        self.path = Path(path)
        self.line = line
        self.column = column
        self.problem = problem
        where = str(self.path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {problem}")


class LockedError(NpdwError):
    """Another npdw process holds the lock on the output or data folder."""


class OutputError(NpdwError):
    """An OS error while writing an output (disk full, file too large, read-only): the path and the cause."""
