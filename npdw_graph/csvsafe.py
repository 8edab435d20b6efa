"""CSV cells that a spreadsheet cannot run: the one rule for every CSV the tool writes.

A spreadsheet (Excel, LibreOffice, Google Sheets) reads a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, in some, a tab or carriage return) as a formula, so a label such as
``=HYPERLINK("http://x","y")`` would come back out of a CSV as a live link or command (CSV
injection). Following OWASP's advice, such a text cell is written with a ``'`` in front; the
spreadsheet shows the text, and the value in the graph is unchanged.

A cell that is a plain number (``-5``, ``+3``, ``-1.5``, ``-1,5``, ``-2e3``) is not a formula and is
written as it is, so numeric columns stay numeric; only text that is not a plain number is
prefixed. Numbers (int, float, Decimal) and empty cells are never touched.

Used by: ``npdw export`` (csv/*.csv, CSVW), ``npdw query --format csv|tsv`` (and so the portal's
/vragen downloads and the monitor's), ``npdw network`` (analyse-*.csv, bijlage-2.csv), the portal's
data/*.csv and the "download deze selectie" CSV of the effort list (cells computed here, embedded
in the page). Not used for the SPARQL endpoint's own results (``/sparql?format=csv``): that is the
standard SPARQL 1.1 CSV results format, which clients parse, so its values stay exact.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell a spreadsheet shows as text: a ``'`` before text that starts like a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START) or _PLAIN_NUMBER.fullmatch(value):
        return value
    return PREFIX + value


def safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in row]


class SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, f: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(f, **kwargs)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(f: Any, **kwargs: Any) -> SafeWriter:
    """Like ``csv.writer(f, **kwargs)``, with formula cells neutralised."""
    return SafeWriter(f, **kwargs)


def write_dicts(f: Any, rows: list[dict[str, object]], **kwargs: Any) -> None:
    """Like ``csv.DictWriter`` with the first row's keys as header (header cells neutralised too)."""
    if not rows:
        return
    fields = list(rows[0])
    w = writer(f, **kwargs)
    w.writerow(fields)
    w.writerows([r.get(k, "") for k in fields] for r in rows)


__all__ = ["safe_cell", "safe_row", "writer", "write_dicts", "SafeWriter", "FORMULA_START"]
