"""Bijlage 2 regenerated from the graph: the effort × pillar matrix in the source's order.

The rows come from the named query ``queries/bijlage-2-matrix.rq``: every effort with
``npdw:inBijlage2 true``, in pillar order and then ``npdw:bijlage2Order``; ``H`` marks the
primary pillar (under which Bijlage 2 lists the effort), ``x`` a pillar that the effort also
touches (an inferred pillar link: the source's own marks are unreadable in the OCR).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from npdw_graph import csvsafe, figures
from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import DEFAULT_BASE
from npdw_graph.query import canonical_text
from npdw_graph.queryengine import Engine
from npdw_graph.querylib import resolve
from npdw_graph.web import render
from npdw_graph.web.model import Link

QUERY = "bijlage-2-matrix"
_FIXED = ("hoofdpijler", "volgorde", "inspanning", "iri")
PAGE = "bijlage-2/index.html"


@dataclass
class Bijlage2:
    pillar_columns: list[str]  # the query's variables for the five pillars, in pillar order
    rows: list[dict[str, str]]
    counts: dict[str, object] | None = None  # aantallen-inspanningen (figures.effort_counts): totaal, inBijlage2, alleenInHoofdstukken

    @property
    def headers(self) -> list[str]:
        return ["pijler", "nr", "inspanning", *(c.capitalize() for c in self.pillar_columns)]

    def table(self) -> list[list[str]]:
        return [[r["hoofdpijler"], r["volgorde"], r["inspanning"], *(r[c] for c in self.pillar_columns)] for r in self.rows]

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csvsafe.writer(buf, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(self.table())
        return buf.getvalue()

    def to_html(self, page_path: str = PAGE) -> str:
        """The portal's Bijlage 2 page (template ``bijlage2.html``): rows grouped by pillar, each effort linked to its page."""
        groups: list[tuple[str, list[dict[str, object]]]] = []
        for r in self.rows:
            if not groups or groups[-1][0] != r["hoofdpijler"]:
                groups.append((r["hoofdpijler"], []))
            groups[-1][1].append({"nr": r["volgorde"], "link": Link(r["inspanning"], effort_page(r.get("iri", ""))),
                                  "marks": [r[c] for c in self.pillar_columns]})
        return render("bijlage2.html", page_path=page_path, active="bijlage-2", title="Bijlage 2: inspanningen per pijler",
                      columns=[c.capitalize() for c in self.pillar_columns], groups=groups, counts=self.counts,
                      definitions=figures.DEFINITIONS)


def effort_page(iri: str) -> str | None:
    """The portal path of an effort's page (``doc/inspanning/<slug>.html``), None for anything else."""
    prefix = DEFAULT_BASE + "id/"
    return "doc/" + iri[len(prefix):] + ".html" if iri.startswith(prefix) and iri.count("/") == prefix.count("/") + 1 else None


def bijlage2(engine: Engine, queries_dir: Path) -> Bijlage2:
    result = engine.select(resolve(QUERY, queries_dir).text)
    columns = [v for v in result.variables if v not in _FIXED]
    rows = [{v: ("" if t is None else canonical_text(t)) for v, t in zip(result.variables, row, strict=True)} for row in result.rows]
    try:
        counts: dict[str, object] | None = figures.effort_counts(engine, queries_dir)
    except NpdwError:  # a library without aantallen-inspanningen
        counts = None
    return Bijlage2(pillar_columns=columns, rows=rows, counts=counts)
