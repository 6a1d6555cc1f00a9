"""Inline SVG for the national picture over time: one stacked bar per year.

Each bar is every region, split into parts (a level, or "nog geen zelfevaluatie"); a part
carries its count as text when it is wide enough, the legend names every part by text and
colour, and the page shows a table with the same numbers. No JavaScript.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Sequence

from .charts import readable_text

WIDTH = 360  # drawn for a phone's width (never scaled up): every text >= 12 px there
LABEL_W = 48  # the year, left of the bar
BAR_H, GAP = 26, 8
LEGEND_ROW = 22
MIN_TEXT_W = 22  # a part narrower than this carries no count (the table has it)


@dataclass(frozen=True)
class Part:
    label: str  # in the legend, e.g. "3 Uitvoeren"
    fill: str


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "2024"
    counts: Sequence[int]  # one per part, in the order of the parts


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _bar(y: float, bar: Bar, parts: Sequence[Part], scale: float) -> list[str]:
    out = [f'<text x="{LABEL_W - 8}" y="{_n(y + 18)}" text-anchor="end" fill="#111">{_e(bar.label)}</text>']
    x = float(LABEL_W)
    for part, count in zip(parts, bar.counts):
        if not count:
            continue
        w = count * scale
        out.append(  # the <title> names the part on hover, so its colour need not be decoded
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{BAR_H}" fill="{part.fill}" '
            f'stroke="#444" stroke-width="0.5"><title>{_e(bar.label)}, {_e(part.label)}: {count}</title></rect>'
        )
        if w >= MIN_TEXT_W:
            out.append(
                f'<text x="{_n(x + w / 2)}" y="{_n(y + 18)}" text-anchor="middle" '
                f'fill="{readable_text(part.fill)}">{count}</text>'
            )
        x += w
    return out


def _legend(top: float, parts: Sequence[Part]) -> list[str]:
    """A swatch and its name per part; two parts per row when every name is short enough."""
    out = []
    columns = _columns(parts)
    for index, part in enumerate(parts):
        x = 8 + (index % columns) * 176
        y = top + (index // columns) * LEGEND_ROW
        out.append(f'<rect x="{x}" y="{_n(y)}" width="14" height="14" fill="{part.fill}" stroke="#444" stroke-width="0.5"/>')
        out.append(f'<text x="{x + 20}" y="{_n(y + 12)}" fill="#111">{_e(part.label)}</text>')
    return out


def _columns(parts: Sequence[Part]) -> int:
    return 2 if all(len(part.label) <= 18 for part in parts) else 1


def stacked_bars_svg(
    chart_id: str, title: str, desc: str, parts: Sequence[Part], bars: Sequence[Bar], legend: bool = True
) -> str:
    """Horizontal stacked bars of equal total (all regions), one per year, and a legend
    (``legend=False``: the page shows one legend for several charts)."""
    longest = max([sum(b.counts) for b in bars] + [1])
    scale = (WIDTH - LABEL_W - 10) / longest
    legend_top = len(bars) * (BAR_H + GAP) + 12
    columns = _columns(parts)
    rows = (len(parts) + columns - 1) // columns if legend else 0
    height = legend_top + rows * LEGEND_ROW + (4 if legend else -8)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hhz-chart hhz-timeline" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>',
        '<g font-size="14">',
    ]
    for index, bar in enumerate(bars):
        out.extend(_bar(6 + index * (BAR_H + GAP), bar, parts, scale))
    if legend:
        out.extend(_legend(legend_top, parts))
    out.append("</g></svg>")
    return "".join(out)
