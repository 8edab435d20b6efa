"""The effort list with facets (``inspanningen/index.html``), like Datasette's facets.

The rows are the answer of the named query ``queries/inspanningen-facetten.rq`` (run at build
time and embedded in the page as JSON); a facet's count is the number of efforts in the current
selection that have that value. The page's script (``static/inspanningen.js``) narrows the list,
keeps the selection in the URL (``?pijler=Wonen&wijk=Wielwijk``) and downloads the selection as
CSV (cells from :func:`csv_cells`, embedded per row); without a script the page shows the whole list with the counts below.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from npdw_graph.csvsafe import safe_row
from npdw_graph.namespaces import DEFAULT_BASE
from npdw_graph.query import canonical_text
from npdw_graph.queryengine import Engine
from npdw_graph.querylib import resolve

QUERY = "inspanningen-facetten"
# (URL parameter, Dutch heading, query variable, text for an effort without a value); in this order on the page.
FACETS: tuple[tuple[str, str, str, str], ...] = (
    ("pijler", "Hoofdpijler", "pijler", "zonder pijler"),
    ("wijk", "Wijk of gebied", "wijken", "geen gebied genoemd"),
    ("status", "Status", "status", "geen status"),
    ("financier", "Financier", "financiers", "geen financier genoemd"),
    ("bijlage2", "In Bijlage 2", "bijlage2", "onbekend"),
    ("doelkoppeling", "Koppeling aan een doel", "doelkoppeling", "geen doel"),
)
CSV_COLUMNS = ("naam", "pijler", "status", "wijk", "financier", "bijlage2", "doelkoppeling", "iri")


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class Facet:
    key: str
    label: str
    values: list[FacetValue]


def effort_rows(engine: Engine, queries_dir: Path) -> list[dict[str, object]]:
    """One row per effort: name, page path, IRI and a list of values per facet."""
    result = engine.select(resolve(QUERY, queries_dir).text)
    rows = []
    id_ns = DEFAULT_BASE + "id/"
    for raw in result.rows:
        cells = {v: ("" if t is None else canonical_text(t)) for v, t in zip(result.variables, raw, strict=True)}
        iri = cells["inspanning"]
        row: dict[str, object] = {"naam": cells["naam"], "iri": iri,
                                  "u": "doc/" + iri[len(id_ns):] + ".html" if iri.startswith(id_ns) else ""}
        for key, _label, var, missing in FACETS:
            values = sorted({v for v in cells.get(var, "").split("|") if v}, key=str.casefold)
            row[key] = values or [missing]
        row["csv"] = csv_cells(row)
        rows.append(row)
    return rows


def csv_cells(row: dict[str, object]) -> list[object]:
    """The row's cells for a CSV (``CSV_COLUMNS``; several values joined with ``|``), formula cells neutralised.

    The page embeds them, so the "download deze selectie" CSV built by the script has the same cells as
    ``data/inspanningen-overzicht.csv`` and goes through the one rule of :mod:`npdw_graph.csvsafe`."""
    return safe_row("|".join(v) if isinstance(v, list) else v for v in (row[c] for c in CSV_COLUMNS))


def facet_counts(rows: list[dict[str, object]]) -> list[Facet]:
    """Per facet, how many of ``rows`` have each value (most first; pillars in the order of the rows)."""
    facets = []
    for key, label, _var, _missing in FACETS:
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for i, row in enumerate(rows):
            for v in row[key]:  # type: ignore[attr-defined]
                counts[v] += 1
                first_seen.setdefault(v, i)
        if key == "pijler":
            order = sorted(counts, key=lambda v: first_seen[v])
        else:
            order = sorted(counts, key=lambda v: (-counts[v], v.casefold()))
        facets.append(Facet(key, label, [FacetValue(v, counts[v]) for v in order]))
    return facets


__all__ = ["FACETS", "CSV_COLUMNS", "csv_cells", "Facet", "FacetValue", "effort_rows", "facet_counts"]
