"""Inline SVG charts, made at build time: no JavaScript, each a few KB.

Every chart has <title> and <desc> and the page shows a table with the same numbers.
Colours come from colour-blind-safe palettes, and series also differ in line style and
markers, so colour never carries the meaning alone.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Sequence

# Sequential blues (ColorBrewer), readable text colour per level.
LEVEL_FILL = {1: "#eff3ff", 2: "#c6dbef", 3: "#6baed6", 4: "#2171b5", 5: "#08306b"}
LEVEL_TEXT = {1: "#000000", 2: "#000000", 3: "#000000", 4: "#ffffff", 5: "#ffffff"}
NO_DATA_FILL = "#d9d9d9"
# Okabe-Ito for series
SERIES = {
    "huidig": ("#0072B2", "", "circle"),
    "vorige": ("#D55E00", "6 4", "square"),
    "ambitie": ("#009E73", "2 3", "diamond"),
}


def level_fill(level: int | None) -> str:
    return LEVEL_FILL.get(level, NO_DATA_FILL) if level is not None else NO_DATA_FILL


def level_text(level: int | None) -> str:
    return LEVEL_TEXT.get(level, "#000000") if level is not None else "#000000"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Series:
    key: str  # huidig | vorige | ambitie
    label: str
    values: Sequence[int | None]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{_n(x - 3)}" y="{_n(y - 3)}" width="6" height="6" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{_n(x)} {_n(y - 4)}L{_n(x + 4)} {_n(y)}L{_n(x)} {_n(y + 4)}L{_n(x - 4)} {_n(y)}Z" fill="{colour}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{colour}"/>'


def radar_svg(chart_id: str, title: str, desc: str, axes: Sequence[str], series: Sequence[Series], max_level: int) -> str:
    """A radar chart of levels per bouwsteen; missing values are skipped."""
    size, cx, cy, radius = 420, 210, 200, 130
    n = len(axes)

    def point(index: int, level: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = radius * level / max_level
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hhz-chart hhz-radar" viewBox="0 0 {size} {size + 40}" '
        f'width="{size}" height="{size + 40}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>',
        '<g fill="none" stroke="#8c8c8c" stroke-width="1">',
    ]
    for level in range(1, max_level + 1):
        ring = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, level) for i in range(n)))
        parts.append(f'<polygon points="{ring}"/>')
    for i in range(n):
        x, y = point(i, max_level)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{_n(x)}" y2="{_n(y)}"/>')
    parts.append("</g>")
    parts.append('<g font-size="11" fill="#333" text-anchor="middle">')
    for level in range(1, max_level + 1):
        parts.append(f'<text x="{cx + 4}" y="{_n(cy - radius * level / max_level + 4)}" text-anchor="start">{level}</text>')
    parts.append("</g>")
    for s in series:
        colour, dash, shape = SERIES[s.key]
        points = [point(i, v) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polygon points="{coords}" fill="{colour}" fill-opacity="{0.15 if s.key == "huidig" else 0}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.extend(_marker(shape, x, y, colour) for x, y in points)
    parts.append('<g font-size="12" fill="#111">')
    for i, label in enumerate(axes):
        x, y = point(i, max_level + 0.55)
        anchor = "middle" if abs(x - cx) < 20 else ("start" if x > cx else "end")
        parts.append(f'<text x="{_n(x)}" y="{_n(y + 4)}" text-anchor="{anchor}">{_e(label)}</text>')
    parts.append("</g>")
    # legend: colour + line style + marker + text
    lx = 20
    for s in series:
        colour, dash, shape = SERIES[s.key]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{lx}" y1="{size + 20}" x2="{lx + 28}" y2="{size + 20}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(shape, lx + 14, size + 20, colour))
        parts.append(f'<text x="{lx + 34}" y="{size + 24}" font-size="12" fill="#111">{_e(s.label)}</text>')
        lx += 34 + 8 * len(s.label) + 20
    parts.append("</svg>")
    return "".join(parts)


def distribution_svg(chart_id: str, title: str, desc: str, counts: Sequence[tuple[int, str, int]], unknown: int) -> str:
    """Horizontal bars: number of regions per level (level, name, count)."""
    rows = list(counts) + ([(0, "geen gegevens", unknown)] if unknown else [])
    bar_h, gap, label_w, width = 22, 6, 150, 420
    height = len(rows) * (bar_h + gap) + 10
    top = max([c for _, _, c in rows] + [1])
    scale = (width - label_w - 40) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hhz-chart hhz-dist" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>',
        '<g font-size="12">',
    ]
    for index, (level, name, count) in enumerate(rows):
        y = 5 + index * (bar_h + gap)
        label = f"{level} {name}" if level else name
        fill = level_fill(level) if level else NO_DATA_FILL
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" fill="#111">{_e(label)}</text>')
        w = max(count * scale, 0)
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{_n(w)}" height="{bar_h}" fill="{fill}" stroke="#444" stroke-width="0.5"/>'
        )
        parts.append(f'<text x="{_n(label_w + w + 6)}" y="{y + 15}" fill="#111">{count}</text>')
    parts.append("</g></svg>")
    return "".join(parts)
