"""Dates, numbers and levels as the site writes them (babel, Dutch): one place for the pages,
the embeddable SVGs, the comparison data and the map."""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date
from babel.numbers import format_decimal

from ..dataset import Dataset

LOCALE = "nl"


@functools.lru_cache(maxsize=4096)
def dutch_date(value: dt.date) -> str:
    """"14 oktober 2025"."""
    return format_date(value, "d MMMM y", locale=LOCALE)


def short_date(value: dt.date) -> str:
    """"14 okt 2025" (abbreviated month), for the badge."""
    return format_date(value, "d MMM y", locale=LOCALE)


@functools.lru_cache(maxsize=4096)
def dutch_number(value: float | int | None, digits: int = 0) -> str:
    """"1.234" or "12,5"; "onbekend" for no value."""
    if value is None:
        return "onbekend"
    return format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else ""), locale=LOCALE)


def niveau_label(dataset: Dataset, level: int | None) -> str:
    """A level with its name ("3 Naam"), or "geen gegevens"."""
    if level is None:
        return "geen gegevens"
    return f"{level} {dataset.niveau(level).naam}"
