"""Standalone SVG files for other websites: a scorecard and a badge per region.

``regios/<id>-scorekaart.svg``: the region's radar (``evaluation_view.region_radar``, the
chart of the region page, from derive's figures), its levels as
text, its name and the date of its evaluation. ``regios/<id>-badge.svg``: "Hechte
Huisartsenzorg | zelfevaluatie 14 okt 2025". Both work as ``<img>`` on any site: no
scripts, no style sheets, no fonts and no links to other files; text is XML-escaped, and
the same data gives the same bytes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable

from ..config import SiteConfig
from ..dataset import Dataset
from ..derive.evaluation import EvaluationFigures
from ..derive.status import Derived, RegionStatus
from ..urls import URLS
from . import charts
from .evaluation_view import region_radar
from .formats import dutch_date, niveau_label, short_date


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
FONT = "Verdana, 'DejaVu Sans', Arial, sans-serif"
WIDTH = charts.RADAR_WIDTH
HEADER_HEIGHT = 70
RADAR_BLOCK = charts.RADAR_HEIGHT + charts.LEGEND_SPACE  # the radar with its legend
ROW_HEIGHT = 24
FOOTER_HEIGHT = 34
LICENCE = "CC BY 4.0"

Radar = Callable[[RegionStatus], str]  # evaluation_view.region_radar for one region


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class EmbedSize:
    width: int
    height: int


def scorecard_size(dataset: Dataset, status: RegionStatus) -> EmbedSize:
    rows = len(dataset.bouwstenen) if status.current is not None else 1
    radar = RADAR_BLOCK if status.current is not None else 0
    return EmbedSize(WIDTH, HEADER_HEIGHT + radar + rows * ROW_HEIGHT + FOOTER_HEIGHT)


def _subtitle(status: RegionStatus) -> str:
    if status.current is None:
        return "Nog geen vastgestelde zelfevaluatie"
    text = f"Zelfevaluatie van {dutch_date(status.current.datum)}"
    return text + (" (voorbeeldgegevens)" if status.current.voorbeeld else "")


def _level_rows(dataset: Dataset, status: RegionStatus, top: int) -> list[str]:
    """One line per bouwsteen: a swatch with the level, the name, the level's name and ambitie."""
    parts = ['<g font-size="13" fill="#111">']
    for index, bouwsteen in enumerate(dataset.bouwstenen):
        y = top + index * ROW_HEIGHT
        level = status.levels[bouwsteen.id]
        ambition = status.ambitions[bouwsteen.id]
        text = f"{bouwsteen.naam}: {niveau_label(dataset, level)}"
        text += f" (ambitie {ambition})" if ambition is not None else ""
        parts.append(
            f'<rect x="20" y="{y}" width="20" height="18" fill="{charts.level_fill(level)}" stroke="#444" stroke-width="0.5"/>'
            f'<text x="30" y="{y + 13}" text-anchor="middle" fill="{charts.level_text(level)}">{"–" if level is None else level}</text>'
            f'<text x="50" y="{y + 13}">{_e(text)}</text>'
        )
    parts.append("</g>")
    return parts


def _footer(site: SiteConfig, y: int) -> str:
    source = f"Bron: {site.site_name}" + (f", {site.site_url}" if site.site_url else "") + f" ({LICENCE})"
    return f'<text x="20" y="{y}" font-size="11" fill="#333">{_e(source)}</text>'


def scorecard_svg(dataset: Dataset, status: RegionStatus, radar: Radar, site: SiteConfig) -> bytes:
    """The standalone scorecard of one region."""
    region = status.region
    size = scorecard_size(dataset, status)
    title = f"{site.site_name}: scorekaart {region.korte_naam}"
    levels = "; ".join(
        f"{b.naam}: {niveau_label(dataset, status.levels[b.id])}" for b in dataset.bouwstenen
    ) if status.current is not None else "nog geen niveaus"
    desc = f"{region.naam}. {_subtitle(status)}. Niveaus: {levels}."
    parts = [
        XML_DECLARATION,
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size.width} {size.height}" width="{size.width}" '
        f'height="{size.height}" role="img" aria-labelledby="scorekaart-t scorekaart-d" font-family="{_e(FONT)}">',
        f'<title id="scorekaart-t">{_e(title)}</title><desc id="scorekaart-d">{_e(desc)}</desc>',
        f'<rect width="{size.width}" height="{size.height}" fill="#ffffff" stroke="#8c8c8c"/>',
        f'<text x="20" y="32" font-size="20" font-weight="bold" fill="#111">{_e(region.korte_naam)}</text>',
        f'<text x="20" y="56" font-size="13" fill="#333">{_e(_subtitle(status))}</text>',
    ]
    top = HEADER_HEIGHT
    if status.current is not None:
        parts.append(f'<g transform="translate(0 {top})">{radar(status)}</g>')
        top += RADAR_BLOCK
        parts.extend(_level_rows(dataset, status, top))
        top += len(dataset.bouwstenen) * ROW_HEIGHT
    else:
        top += ROW_HEIGHT
    parts.append(_footer(site, top + 20))
    parts.append("</svg>\n")
    return "".join(parts).encode("utf-8")


BADGE_HEIGHT = 20
BADGE_CHAR = 7  # width per character at font-size 11; textLength makes every font fit it
BADGE_PAD = 6
BADGE_LEFT_FILL = "#444444"
BADGE_RIGHT_FILL = "#0072B2"  # Okabe-Ito blue; white text on it: 5.0:1
BADGE_NONE_FILL = "#6b6b6b"  # no evaluation yet; white text on it: 5.3:1


def badge_text(status: RegionStatus) -> str:
    if status.current is None:
        return "nog geen zelfevaluatie"
    suffix = " (voorbeeld)" if status.current.voorbeeld else ""
    return f"zelfevaluatie {short_date(status.current.datum)}{suffix}"


def badge_svg(status: RegionStatus, site: SiteConfig) -> bytes:
    """A small badge: the site's name, then the date of the region's evaluation."""
    left, right = site.site_name, badge_text(status)
    left_w = len(left) * BADGE_CHAR + 2 * BADGE_PAD
    right_w = len(right) * BADGE_CHAR + 2 * BADGE_PAD
    width = left_w + right_w
    fill = BADGE_RIGHT_FILL if status.current is not None else BADGE_NONE_FILL
    label = f"{left}: {right} ({status.region.korte_naam})"
    parts = [
        XML_DECLARATION,
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {BADGE_HEIGHT}" width="{width}" '
        f'height="{BADGE_HEIGHT}" role="img" aria-labelledby="badge-t" font-family="{_e(FONT)}" font-size="11">',
        f'<title id="badge-t">{_e(label)}</title>',
        f'<rect width="{left_w}" height="{BADGE_HEIGHT}" fill="{BADGE_LEFT_FILL}"/>',
        f'<rect x="{left_w}" width="{right_w}" height="{BADGE_HEIGHT}" fill="{fill}"/>',
        '<g fill="#ffffff">',
        _badge_text(BADGE_PAD, left),
        _badge_text(left_w + BADGE_PAD, right),
        "</g></svg>\n",
    ]
    return "".join(parts).encode("utf-8")


def _badge_text(x: int, text: str) -> str:
    length = len(text) * BADGE_CHAR
    return f'<text x="{x}" y="14" textLength="{length}" lengthAdjust="spacingAndGlyphs">{_e(text)}</text>'


def embed_files(dataset: Dataset, derived: Derived, figures: EvaluationFigures, site: SiteConfig) -> dict[str, bytes]:
    """Site path -> SVG, a scorecard and a badge for every region (the scorecard's radar is
    the region page's, drawn from derive's figures)."""

    def radar(status: RegionStatus) -> str:
        return region_radar(dataset, status, figures)

    files = {}
    for region in dataset.regions:
        status = derived.status(region.id)
        files[URLS.scorecard_svg(region.id)] = scorecard_svg(dataset, status, radar, site)
        files[URLS.badge_svg(region.id)] = badge_svg(status, site)
    return files


@dataclass(frozen=True)
class EmbedCode:
    """Copy-paste code for another website, shown on the region page (as text: the page
    escapes it). ``relative``: the URLs as seen from the region page, when the site has no
    ``site_url``; the page's script then makes them absolute from the page's own address."""

    scorecard_html: str
    scorecard_md: str
    badge_html: str
    badge_md: str
    badge_alt: str
    relative: tuple[str, ...]


def _md_alt(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def embed_code(dataset: Dataset, status: RegionStatus, site: SiteConfig, link: Callable[[str], str]) -> EmbedCode:
    """The code for one region; ``link(site path)`` is the link from the region page, used
    when the site has no ``site_url`` (with one, the code has absolute URLs)."""
    region = status.region
    base = site.site_url.rstrip("/") + "/" if site.site_url else None

    def url(path: str) -> str:
        return base + path if base else link(path)

    page, card, badge = url(URLS.html(URLS.region(region.id))), url(URLS.scorecard_svg(region.id)), url(URLS.badge_svg(region.id))
    size = scorecard_size(dataset, status)
    card_alt = f"Scorekaart van {region.korte_naam} op {site.site_name}: {_subtitle(status).lower()}"
    badge_alt = f"{site.site_name}: {badge_text(status)}"
    return EmbedCode(
        scorecard_html=f'<a href="{_e(page)}"><img src="{_e(card)}" alt="{_e(card_alt)}" width="{size.width}" height="{size.height}"></a>',
        scorecard_md=f"[![{_md_alt(card_alt)}]({card})]({page})",
        badge_html=f'<a href="{_e(page)}"><img src="{_e(badge)}" alt="{_e(badge_alt)}" height="{BADGE_HEIGHT}"></a>',
        badge_md=f"[![{_md_alt(badge_alt)}]({badge})]({page})",
        badge_alt=badge_alt,
        relative=() if site.site_url else (page, card, badge),
    )
