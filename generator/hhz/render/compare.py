"""``data/vergelijk.json`` (open data) and ``assets/hhz-vergelijk-data.js`` (the same data as
a script, which the page loads so that it also works opened from disk): what the comparison
page (``vergelijk.html``) builds from.

Per region the current levels, trends and ambitions, with Dutch texts ready to show (the
script formats nothing itself), and the paths of its page and scorecard relative to the
site root. Regions are listed by name; the page shows them in the order the visitor
chose. Nothing here ranks regions or adds levels up.
"""

from __future__ import annotations

import json
from typing import Any

from ..dataset import Dataset
from ..derive.status import Derived, RegionStatus
from ..urls import URLS
from ..vocabulary import COMPARE_MAX, COMPARE_MIN
from . import charts
from .embed import scorecard_size
from .formats import dutch_date, niveau_label


def _score(dataset: Dataset, status: RegionStatus, bouwsteen_id: str) -> dict[str, Any]:
    level = status.levels[bouwsteen_id]
    trend = status.trends[bouwsteen_id]
    score = status.current.bouwstenen.get(bouwsteen_id) if status.current else None
    ambition = score.ambitie if score else None
    return {
        "niveau": level,
        "niveau_tekst": niveau_label(dataset, level),
        "kleur": charts.level_class(level),  # a class of assets/hhz-kleuren.css
        "ontwikkeling": trend.symbol,
        "ontwikkeling_tekst": trend.label,
        "ambitie": ambition.niveau if ambition else None,  # the open mark in the page's charts
        "ambitie_tekst": f"niveau {ambition.niveau} in {ambition.jaar}" if ambition else None,
    }


def _region(dataset: Dataset, status: RegionStatus) -> dict[str, Any]:
    region = status.region
    current, previous = status.current, status.previous
    size = scorecard_size(dataset, status)
    return {
        "id": region.id,
        "naam": region.naam,
        "korte_naam": region.korte_naam,
        "pagina": URLS.html(URLS.region(region.id)),
        "scorekaart": URLS.scorecard_svg(region.id),
        "scorekaart_maat": [size.width, size.height],
        "datum": current.datum.isoformat() if current else None,
        "datum_tekst": dutch_date(current.datum) if current else None,
        "vorige_datum_tekst": dutch_date(previous.datum) if previous else None,
        "verouderd": status.stale,
        "voorbeeld": status.voorbeeld,
        "bouwstenen": {b: _score(dataset, status, b) for b in dataset.bouwsteen_ids},
    }


def _compare_data(dataset: Dataset, derived: Derived) -> dict[str, Any]:
    return {
        "min": COMPARE_MIN,
        "max": COMPARE_MAX,
        "bouwstenen": [{"id": b.id, "naam": b.naam} for b in dataset.bouwstenen],
        "niveaus": [{"niveau": n.niveau, "naam": n.naam} for n in dataset.schaal.niveaus],
        "regios": [
            _region(dataset, derived.status(r.id))
            for r in derived.regions_by_name
        ],
    }


def compare_json(dataset: Dataset, derived: Derived) -> bytes:
    text = json.dumps(_compare_data(dataset, derived), ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


COMPARE_GLOBAL = "HHZ_VERGELIJK"  # read by assets/hhz-vergelijk.js


def compare_script(dataset: Dataset, derived: Derived) -> bytes:
    """The same data as a script defining one global: a browser blocks fetch() of a file
    on a site opened from disk (file://), but loads a script (like the map's data)."""
    text = json.dumps(_compare_data(dataset, derived), ensure_ascii=False, separators=(",", ":"))
    return f"window.{COMPARE_GLOBAL} = {text};\n".encode("utf-8")
