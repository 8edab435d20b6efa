"""The geometry of the report's charts; the SVG itself is written by a template (``report_chart.html``).

``bar_chart`` lays out one indicator across areas (the wijken, Dordt West where it is measured):
a group of bars per area, one bar per year, a solid line for the reference area (Dordrecht) and a
dashed line for a numeric target. Every bar has a black outline and a fill that differs in
lightness and pattern (hatched, solid dark, dotted), so the chart reads the same in black and
white print; the lines are told apart by stroke (solid, dashed) and named in the legend. Nothing
here writes markup: the template escapes every text, as on every page of the portal.

Why not a plotting library: matplotlib would give axes and lines too, but it writes a complete
SVG document that a template could only paste in unescaped, it pulls in numpy and a font stack
for about sixty small bar charts, and its text becomes paths unless configured otherwise. The
charts here are simple enough that a layout of rectangles and lines is short, tested, and
rendered the same by the browser and by WeasyPrint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from npdw_graph.web.format import number

WIDTH, HEIGHT = 640, 330
LEFT, RIGHT, TOP = 64, 16, 34
PLOT_BOTTOM = 238  # y of the plot's lower edge; area names and the legend below it
# Fills that stay apart in greyscale: (fill, pattern id or "") per series, oldest year first.
FILLS = (("#ffffff", "arcering"), ("#1d3f66", ""), ("#9aa9b8", "stippen"), ("#4d4d4d", ""))


@dataclass(frozen=True)
class Series:
    name: str  # legend text, e.g. "2025" or "2023 (nulmeting)"
    values: tuple[Decimal | None, ...]  # one per group


@dataclass(frozen=True)
class Line:
    """A horizontal line across the plot: the reference area's value or a target."""

    kind: str  # "referentie" | "streefwaarde"
    value: Decimal
    label: str  # legend text, e.g. "Dordrecht 2025: 13%"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    pattern: str
    label: str  # the value as written on the bar
    title: str  # the tooltip: series, area, value and unit


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class GroupLabel:
    x: float
    text: str
    bold: bool


@dataclass(frozen=True)
class PlacedLine:
    kind: str
    y: float
    label: str
    dash: str  # stroke-dasharray ("" for solid)


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    kind: str  # "balk" | "referentie" | "streefwaarde"
    fill: str
    pattern: str
    text: str


@dataclass
class Chart:
    ident: str
    title: str
    description: str
    axis_label: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = PLOT_BOTTOM
    zero: float = PLOT_BOTTOM
    ticks: list[Tick] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    empty: list[tuple[float, float]] = field(default_factory=list)  # (x, y) of "geen meting" marks
    groups: list[GroupLabel] = field(default_factory=list)
    lines: list[PlacedLine] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)

    def has_line(self, kind: str) -> bool:
        return any(line.kind == kind for line in self.lines)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _scale(values: list[float]) -> tuple[float, float, float]:
    low = min([0.0, *values])
    high = max([0.0, *values])
    if high == low:
        high = low + 1
    high += (high - low) * 0.08  # room for the value written above the highest bar
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _tick_text(value: float) -> str:
    return number(Decimal(str(round(value, 6))).normalize())


def bar_chart(title: str, groups: list[str], series: list[Series], unit: str = "", lines: list[Line] | None = None,
              highlight: str | None = None, description: str = "", ident: str = "grafiek", axis_label: str = "") -> Chart:
    """Lay out an accessible bar chart; ``groups`` are the areas, ``series`` the years, ``lines`` reference and target.

    ``ident`` makes the ids of the title, the description and the patterns unique on a page with many charts.
    """
    lines = lines or []
    values = [float(v) for s in series for v in s.values if v is not None] + [float(line.value) for line in lines]
    low, high, step = _scale(values)
    chart = Chart(ident=ident, title=title, description=description or title, axis_label=axis_label or unit)
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top

    def y(v: float) -> float:
        return chart.top + plot_h * (high - v) / (high - low)

    tick = low
    while tick <= high + step / 1000:
        chart.ticks.append(Tick(round(y(tick), 1), _tick_text(tick)))
        tick += step
    chart.zero = round(y(0.0), 1)
    n_groups, n_series = max(len(groups), 1), max(len(series), 1)
    group_w = plot_w / n_groups
    bar_w = min(group_w * 0.8 / n_series, 56)
    suffix = "%" if unit == "%" else (f" {unit}" if unit else "")
    for gi, group in enumerate(groups):
        start = chart.left + gi * group_w + (group_w - bar_w * n_series) / 2
        for si, s in enumerate(series):
            v = s.values[gi] if gi < len(s.values) else None
            bx = start + si * bar_w
            if v is None:
                chart.empty.append((round(bx + bar_w / 2, 1), round(chart.zero - 4, 1)))
                continue
            top, bottom = sorted((y(float(v)), chart.zero))
            fill, pattern = FILLS[si % len(FILLS)]
            chart.bars.append(Bar(round(bx + 1, 1), round(top, 1), round(max(bar_w - 2, 1), 1), round(max(bottom - top, 0.5), 1),
                                  fill, f"{pattern}-{ident}" if pattern else "", number(v),
                                  f"{s.name}, {group}: {number(v)}{suffix}"))
        chart.groups.append(GroupLabel(round(chart.left + (gi + 0.5) * group_w, 1), group, highlight is not None and group == highlight))
    for line in lines:
        chart.lines.append(PlacedLine(line.kind, round(y(float(line.value)), 1), line.label, "" if line.kind == "referentie" else "7 4"))
    # The legend: one row for the years (a generous 7.5 px per character at 12 px, so names never run into each other),
    # then one row per line: a line's label can be long and is never placed beside another.
    lx, ly = float(chart.left), chart.bottom + 44.0
    for si, s in enumerate(series):
        fill, pattern = FILLS[si % len(FILLS)]
        if lx > chart.left and lx + 34 + 7.5 * len(s.name) > chart.width:
            lx, ly = float(chart.left), ly + 20
        chart.legend.append(LegendItem(lx, ly, "balk", fill, f"{pattern}-{ident}" if pattern else "", s.name))
        lx += 44 + 7.5 * len(s.name)
    for line in chart.lines:
        ly += 20
        chart.legend.append(LegendItem(float(chart.left), ly, line.kind, "", "", line.label))
    chart.height = int(ly + 18)
    return chart
