"""The map's content as data: the layers, their legends, and per region a fill and a tooltip.

Pure functions of the dataset and the derived figures; the HTML is made in ``webmap``.
Colours are Okabe-Ito (colour-blind safe) for the regioplan and the scale's colours for the
levels; the legend and the tooltip always give the text as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from ...dataset import Dataset
from ...derive.status import Derived
from ...vocabulary import NO_DATA_FILL, REGIOPLAN_FILL, REGIOPLAN_STATUS
from .. import charts
from ..formats import dutch_number

ATTRIBUTION = "Grenzen: CBS/Kadaster (CC BY 4.0)"

NO_DATA = "geen gegevens"
NO_REGION_FILL = NO_DATA_FILL
REGION_STROKE = "#333333"
NO_REGION = (NO_REGION_FILL, "Gemeente zonder regio op deze site: geen gegevens")

Values = dict[str, tuple[str, str]]  # region id -> (fill, tooltip text)
NiveauLabel = Callable[[int], str]  # level -> "3 Naam van het niveau"


@dataclass(frozen=True)
class Layer:
    key: str
    title: str
    legend: tuple[tuple[str, str], ...]  # (fill, text)


def average_class(value: float | None) -> int | None:
    if value is None:
        return None
    return min(5, max(1, math.floor(value + 0.5)))


def layers(dataset: Dataset, derived: Derived, niveau_label: NiveauLabel) -> tuple[list[Layer], dict[str, Values]]:
    """The layers, their legends and, per layer and region, (fill, tooltip text)."""
    result = [_regioplan_layer(dataset), _average_layer(dataset, derived)]
    values: dict[str, Values] = {}
    for layer, layer_values in result:
        values[layer.key] = layer_values
    level_legend = tuple((charts.level_fill(n.niveau), f"{n.niveau} {n.naam}") for n in dataset.schaal.niveaus)
    for bouwsteen in dataset.bouwstenen:
        key = bouwsteen.id if bouwsteen.id not in values else f"bouwsteen-{bouwsteen.id}"
        layer = Layer(key, bouwsteen.naam, level_legend + ((NO_DATA_FILL, "Niet beoordeeld: geen gegevens"), NO_REGION))
        values[key] = {}
        for region in dataset.regions:
            level = derived.status(region.id).levels[bouwsteen.id]
            text = f"niveau {niveau_label(level)}" if level is not None else NO_DATA
            values[key][region.id] = (charts.level_fill(level), f"{bouwsteen.naam}: {text}")
        result.append((layer, values[key]))
    return [layer for layer, _values in result], values


def _regioplan_layer(dataset: Dataset) -> tuple[Layer, Values]:
    legend = tuple((REGIOPLAN_FILL[k], label) for k, label in REGIOPLAN_STATUS.items()) + (NO_REGION,)
    values = {
        r.id: (REGIOPLAN_FILL[r.regioplan.status], f"Regioplan: {REGIOPLAN_STATUS[r.regioplan.status]}")
        for r in dataset.regions
    }
    return Layer("regioplan", "Regioplan", legend), values


def _average_layer(dataset: Dataset, derived: Derived) -> tuple[Layer, Values]:
    levels = [n.niveau for n in dataset.schaal.niveaus]
    top = max(levels)
    bins = []
    for level in levels:
        low = max(1.0, level - 0.5)
        high = min(float(top), level + 0.4)
        bins.append((charts.level_fill(level), f"{dutch_number(low, 1)} tot en met {dutch_number(high, 1)}"))
    legend = tuple(bins) + ((NO_DATA_FILL, "Geen vastgestelde zelfevaluatie: geen gegevens"), NO_REGION)
    values = {}
    for region in dataset.regions:
        average = derived.status(region.id).average_level
        text = f"Gemiddeld niveau: {dutch_number(average, 1)}" if average is not None else f"Gemiddeld niveau: {NO_DATA}"
        values[region.id] = (charts.level_fill(average_class(average)), text)
    return Layer("gemiddeld", "Gemiddeld niveau", legend), values
