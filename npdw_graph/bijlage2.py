"""Bijlage 2 regenerated from the graph: the effort × pillar matrix in the source's order.

The rows come from the named query ``queries/bijlage-2-matrix.rq``: every effort with
``npdw:inBijlage2 true``, in pillar order and then ``npdw:bijlage2Order``; ``H`` marks the
primary pillar (under which Bijlage 2 lists the effort), ``x`` a pillar that the effort also
touches (an inferred pillar link: the source's own marks are unreadable in the OCR).
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

from npdw_graph.query import canonical_text
from npdw_graph.queryengine import Engine
from npdw_graph.querylib import resolve

QUERY = "bijlage-2-matrix"
_FIXED = ("hoofdpijler", "volgorde", "inspanning")


@dataclass
class Bijlage2:
    pillar_columns: list[str]  # the query's variables for the five pillars, in pillar order
    rows: list[dict[str, str]]

    @property
    def headers(self) -> list[str]:
        return ["pijler", "nr", "inspanning", *(c.capitalize() for c in self.pillar_columns)]

    def table(self) -> list[list[str]]:
        return [[r["hoofdpijler"], r["volgorde"], r["inspanning"], *(r[c] for c in self.pillar_columns)] for r in self.rows]

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(self.table())
        return buf.getvalue()

    def to_html(self) -> str:
        e = html.escape
        head = "".join(f"<th>{e(h)}</th>" for h in self.headers[1:])
        body: list[str] = []
        current = None
        for row in self.table():
            if row[0] != current:
                current = row[0]
                body.append(f'<tr class="groep"><th colspan="{len(self.headers) - 1}">{e(current)}</th></tr>')
            cells = [f"<td>{e(row[1])}</td>", f"<td>{e(row[2])}</td>"]
            cells += [f'<td class="{"h" if m == "H" else "x" if m else ""}">{e(m)}</td>' for m in row[3:]]
            body.append("<tr>" + "".join(cells) + "</tr>")
        return _PAGE.format(head=head, body="\n".join(body), n=len(self.rows))


_PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bijlage 2: inspanningen per pijler</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: .25em .6em; }}
td.h, td.x {{ text-align: center; font-weight: bold; }}
td.h {{ background: #1f4e79; color: #fff; }}
td.x {{ background: #dbe8f5; }}
tr.groep th {{ text-align: left; background: #f2f2f2; }}
</style>
</head>
<body>
<h1>Bijlage 2: inspanningen per pijler</h1>
<p>{n} inspanningen uit Bijlage 2, in de volgorde van de bron. <strong>H</strong> = hoofdpijler (waaronder Bijlage 2 de inspanning noemt);
<strong>x</strong> = raakt ook deze pijler (afgeleid uit de tekst; de kruisjes van de bron zijn in de OCR onleesbaar).</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def bijlage2(engine: Engine, queries_dir: Path) -> Bijlage2:
    result = engine.select(resolve(QUERY, queries_dir).text)
    columns = [v for v in result.variables if v not in _FIXED]
    rows = [{v: ("" if t is None else canonical_text(t)) for v, t in zip(result.variables, row, strict=True)} for row in result.rows]
    return Bijlage2(pillar_columns=columns, rows=rows)
