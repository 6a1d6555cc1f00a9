"""The map's content as data: the layers, their legends, and per region a fill and a tooltip.

Pure functions of the dataset and the derived figures; the HTML is made in ``webmap``.
Colours are Okabe-Ito (colour-blind safe) for the regioplan and the scale's colours for the
levels; "geen gegevens" is a hatch (``vocabulary.HATCHES``); the legend and the tooltip
always give the text as well. There is one layer per bouwsteen and none that combines them:
the site never adds levels across bouwstenen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...dataset import Dataset
from ...derive.status import Derived
from ...vocabulary import HATCH_PREFIX, MAP_NO_REGION_FILL, MAP_NO_VALUE_FILL, REGIOPLAN_FILL, REGIOPLAN_STATUS
from .. import charts

ATTRIBUTION = "Grenzen: CBS/Kadaster (CC BY 4.0)"

NO_DATA = "geen gegevens"
NO_REGION_FILL = MAP_NO_REGION_FILL
NO_REGION = (NO_REGION_FILL, "Gemeente zonder regio op deze site")

Values = dict[str, tuple[str, str]]  # region id -> (fill, tooltip text)
NiveauLabel = Callable[[int], str]  # level -> "3 Naam van het niveau"


@dataclass(frozen=True)
class Layer:
    key: str
    title: str
    legend: tuple[tuple[str, str], ...]  # (fill, text)


def layers(dataset: Dataset, derived: Derived, niveau_label: NiveauLabel) -> tuple[list[Layer], dict[str, Values]]:
    """The layers, their legends and, per layer and region, (fill, tooltip text)."""
    result = [_regioplan_layer(dataset)]
    values: dict[str, Values] = {}
    for layer, layer_values in result:
        values[layer.key] = layer_values
    level_legend = tuple((charts.level_fill(n.niveau), f"{n.niveau} {n.naam}") for n in dataset.schaal.niveaus)
    for bouwsteen in dataset.bouwstenen:
        key = bouwsteen.id if bouwsteen.id not in values else f"bouwsteen-{bouwsteen.id}"
        layer = Layer(key, bouwsteen.naam, level_legend + ((MAP_NO_VALUE_FILL, "Niet beoordeeld: geen gegevens"), NO_REGION))
        values[key] = {}
        for region in dataset.regions:
            level = derived.status(region.id).levels[bouwsteen.id]
            text = f"niveau {niveau_label(level)}" if level is not None else NO_DATA
            fill = charts.level_fill(level) if level is not None else MAP_NO_VALUE_FILL
            values[key][region.id] = (fill, f"{bouwsteen.naam}: {text}")
        result.append((layer, values[key]))
    return [layer for layer, _values in result], values


def _regioplan_layer(dataset: Dataset) -> tuple[Layer, Values]:
    # the colours first, then the hatched "onbekend" beside the hatched gemeenten without region
    statuses = sorted(REGIOPLAN_STATUS, key=lambda k: REGIOPLAN_FILL[k].startswith(HATCH_PREFIX))
    legend = tuple((REGIOPLAN_FILL[k], REGIOPLAN_STATUS[k]) for k in statuses) + (NO_REGION,)
    values = {
        r.id: (REGIOPLAN_FILL[r.regioplan.status], f"Regioplan: {REGIOPLAN_STATUS[r.regioplan.status]}")
        for r in dataset.regions
    }
    return Layer("regioplan", "Regioplan", legend), values
