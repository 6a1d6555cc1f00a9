"""What the templates use to show a zelfevaluatie worth trusting: the region's radar chart with
the spread per bouwsteen, the counts per bouwsteen, and the charts of the national picture
over time (every figure from derive; this module only draws and words them).

``template_helpers`` is handed to every page (``PageRenderer.render``); the figures come
from ``derive_evaluation``, the chart drawing from ``charts_timeline``.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..dataset import Dataset
from ..derive.status import RegionStatus
from ..derive.evaluation import EvaluationFigures, Spread
from ..vocabulary import COVERAGE_PARTS, NO_DATA_FILL, NO_EVALUATION_LABEL
from . import charts
from .charts_timeline import Bar, Part, stacked_bars_svg
from .formats import niveau_label


def _regions(count: int) -> str:
    return f"{count} regio" if count == 1 else f"{count} regio's"


class TimelineCharts:
    """The charts of the page ``ontwikkeling``, each with a <desc> giving every number."""

    def __init__(self, dataset: Dataset, figures: EvaluationFigures):
        self.dataset = dataset
        self.timeline = figures.timeline

    def level_parts(self) -> list[Part]:
        parts = [Part(f"{n.niveau} {n.naam}", charts.level_fill(n.niveau)) for n in self.dataset.schaal.niveaus]
        return parts + [Part(NO_EVALUATION_LABEL, NO_DATA_FILL)]

    def bouwsteen(self, bouwsteen_id: str) -> Markup:
        naam = self.dataset.bouwsteen(bouwsteen_id).naam
        bars, sentences = [], []
        for row in self.timeline.per_bouwsteen[bouwsteen_id]:
            counts = [row.counts.get(level, 0) for level in self.timeline.levels] + [row.none]
            bars.append(Bar(str(row.year), counts))
            words = [f"niveau {level}: {row.counts.get(level, 0)}" for level in self.timeline.levels]
            sentences.append(f"{row.year}: " + ", ".join(words) + f", nog geen zelfevaluatie: {row.none}")
        svg = stacked_bars_svg(
            f"ontwikkeling-{bouwsteen_id}",
            f"{naam}: regio's per niveau, per jaar",
            "; ".join(sentences) + ". De tabel onder de grafiek geeft dezelfde cijfers.",
            self.level_parts(),
            bars,
            legend=False,  # the page shows one legend above the six charts
        )
        return Markup(svg)

    def coverage(self) -> Markup:
        parts = [Part(label, fill) for label, fill in COVERAGE_PARTS.values()]
        bars = [Bar(str(c.year), [c.recent, c.stale, c.without]) for c in self.timeline.coverage]
        desc = "; ".join(
            f"{c.year}: {_regions(c.with_evaluation)} met een vastgestelde zelfevaluatie, "
            f"waarvan {c.stale} verouderd; nog geen: {c.without}"
            for c in self.timeline.coverage
        )
        svg = stacked_bars_svg(
            "ontwikkeling-zelfevaluaties",
            "Regio's met een vastgestelde zelfevaluatie, per jaar",
            desc + ". De tabel onder de grafiek geeft dezelfde cijfers.",
            parts,
            bars,
        )
        return Markup(svg)


def radar_band(spreads: tuple[Spread | None, ...], names: list[str]) -> tuple[charts.Band | None, str]:
    """The spread per bouwsteen (derive's, of the current zelfevaluatie) for the radar chart,
    and its words for the chart's description; (None, "") without any scores per groep."""
    if all(sp is None for sp in spreads):
        return None, ""
    band = ([sp.low if sp else None for sp in spreads], [sp.high if sp else None for sp in spreads])
    words = [
        f"{name}: {sp.low} tot {sp.high}{' (verdeeld)' if sp.verdeeld else ''}" for name, sp in zip(names, spreads) if sp
    ]
    return band, " Spreiding van de scores per groep: " + "; ".join(words) + "."


def region_radar(dataset: Dataset, status: RegionStatus, figures: EvaluationFigures) -> Markup:
    """The region's scorecard as a radar chart (the region page and the embeddable scorecard):
    current, previous and ambition, with the spread of the scores per groep."""
    ids = dataset.bouwsteen_ids
    series = [charts.Series("huidig", "Huidig", [status.levels[b] for b in ids])]
    if status.previous is not None:
        series.append(charts.Series("vorige", "Vorige", [status.previous_levels[b] for b in ids]))
    if any(status.ambitions[b] is not None for b in ids):
        series.append(charts.Series("ambitie", "Ambitie", [status.ambitions[b] for b in ids]))
    parts = []
    for b in ids:
        bouwsteen = dataset.bouwsteen(b)
        text = f"{bouwsteen.naam}: {niveau_label(dataset, status.levels[b])}"
        if status.previous is not None:
            text += f", vorige {status.previous_levels[b] or 'geen'}"
        if status.ambitions[b] is not None:
            text += f", ambitie {status.ambitions[b]}"
        parts.append(text)
    names = [dataset.bouwsteen(b).naam for b in ids]
    current = figures.current_spreads[status.region.id]
    band, band_text = radar_band(tuple(current[b] for b in ids), names)  # lowest to highest
    svg = charts.radar_svg(
        f"radar-{status.region.id}",
        f"Scorekaart {status.region.korte_naam}",
        "; ".join(parts) + "." + band_text + " De tabel onder de grafiek geeft dezelfde cijfers.",
        names,
        series,
        max(n.niveau for n in dataset.schaal.niveaus),
        band,
    )
    return Markup(svg)


def template_helpers(dataset: Dataset, figures: EvaluationFigures) -> dict[str, Any]:
    """The names the templates use: ``evaluation`` (derive's figures: consensus, spreads) and
    ``timeline_charts`` (the charts of the page ``ontwikkeling``)."""
    return {"evaluation": figures, "timeline_charts": TimelineCharts(dataset, figures)}
