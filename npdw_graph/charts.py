"""Small, self-contained SVG charts for the accountability report (no plotting library, offline).

``bar_chart`` draws one indicator across areas (the four wijken and Dordrecht): a group of
bars per area, one bar per year, an optional dashed line for a threshold target. All text is
XML-escaped; numbers are written the Dutch way (decimal comma).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")  # Okabe-Ito, colour-blind safe
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 58


def nl_number(value: Decimal | float | int, signed: bool = False) -> str:
    """``1234.5`` -> ``1.234,5``; trailing zeros dropped; ``signed`` adds a ``+`` to positive numbers."""
    d = Decimal(str(value)).normalize()
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    if len(whole) > 4:  # Dutch style: 25.300, but 2025 and 4000 stay as they are
        whole = f"{int(whole):,}".replace(",", ".")
    out = whole + ("," + frac if frac else "")
    sign = "-" if d < 0 else ("+" if signed and d > 0 else "")
    return sign + out


@dataclass(frozen=True)
class Series:
    name: str  # legend text, e.g. "2025" or "2023 (nulmeting)"
    values: tuple[Decimal | None, ...]  # one per group


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
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def bar_chart(title: str, groups: list[str], series: list[Series], unit: str = "", threshold: Decimal | None = None,
              threshold_label: str = "", highlight: str | None = None, description: str = "", ident: str = "chart") -> str:
    """An accessible SVG bar chart; ``groups`` are the areas, ``series`` the years.

    ``ident`` makes the ids of the title and description unique when several charts share a page.
    """
    values = [float(v) for s in series for v in s.values if v is not None]
    if threshold is not None:
        values.append(float(threshold))
    low, high, step = _scale(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
             f'role="img" aria-labelledby="{escape(ident)}-t {escape(ident)}-d" font-family="sans-serif" font-size="11">',
             f'<title id="{escape(ident)}-t">{escape(title)}</title>',
             f'<desc id="{escape(ident)}-d">{escape(description or title)}</desc>',
             f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    if unit:
        parts.append(f'<text x="{LEFT - 44}" y="{TOP - 12}" fill="#333">{escape(unit)}</text>')
    tick = low
    while tick <= high + step / 1000:
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#333">{escape(nl_number(round(tick, 6)))}</text>')
        tick += step
    n_groups, n_series = max(len(groups), 1), max(len(series), 1)
    group_w = plot_w / n_groups
    bar_w = group_w * 0.8 / n_series
    zero = y(0.0)
    for gi, group in enumerate(groups):
        gx = LEFT + gi * group_w + group_w * 0.1
        for si, s in enumerate(series):
            v = s.values[gi] if gi < len(s.values) else None
            bx = gx + si * bar_w
            colour = PALETTE[si % len(PALETTE)]
            if v is None:
                parts.append(f'<text x="{bx + bar_w / 2:.1f}" y="{zero - 3:.1f}" text-anchor="middle" fill="#999">–</text>')
                continue
            top, bottom = sorted((y(float(v)), zero))
            label = f"{s.name}, {group}: {nl_number(v)}{' ' + unit if unit else ''}"
            parts.append(f'<rect x="{bx:.1f}" y="{top:.1f}" width="{max(bar_w - 2, 1):.1f}" height="{max(bottom - top, 0.5):.1f}" '
                         f'fill="{colour}"><title>{escape(label)}</title></rect>')
            if bar_w >= 18:
                parts.append(f'<text x="{bx + bar_w / 2 - 1:.1f}" y="{top - 3:.1f}" text-anchor="middle" font-size="10" fill="#222">'
                             f"{escape(nl_number(v))}</text>")
        weight = ' font-weight="bold"' if highlight is not None and group == highlight else ""
        parts.append(f'<text x="{LEFT + (gi + 0.5) * group_w:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="#222"{weight}>'
                     f"{escape(group)}</text>")
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#666"/>')
    if threshold is not None:
        ty = y(float(threshold))
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#D55E00" stroke-width="1.5" '
                     f'stroke-dasharray="6 4"/>')
    lx = LEFT
    ly = HEIGHT - 14
    for si, s in enumerate(series):
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{PALETTE[si % len(PALETTE)]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{ly}" fill="#222">{escape(s.name)}</text>')
        lx += 24 + 7 * len(s.name)
    if threshold is not None:  # in the legend, so it never covers a bar's label
        parts.append(f'<line x1="{lx}" x2="{lx + 18}" y1="{ly - 4}" y2="{ly - 4}" stroke="#D55E00" stroke-width="1.5" stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{lx + 22}" y="{ly}" fill="#D55E00">{escape(threshold_label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
