"""Derived figures of a zelfevaluatie worth trusting: the spread of the groups' scores, how
many regions reported them, and the national picture year by year.

Mirror information, not a league table: the figures count regions per level and never
order regions by level.

The year-by-year picture: a region counts in a year with its latest vastgestelde
zelfevaluatie up to that year's *peildatum*, the end of the year (today for the current
year); a region without one by then counts as "nog geen zelfevaluatie", it is not dropped.
A zelfevaluatie is "verouderd" in a year when it is more than ``STALE_AFTER_MONTHS``
months older than the peildatum, the same rule as the region pages use for today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from ..dataset import Dataset
from .status import Derived, months_later
from ..models import BouwsteenScore, Zelfevaluatie
from ..vocabulary import SCORE_GROEPEN, STALE_AFTER_MONTHS, VERDEELD_MIN_SPREAD

GROUP_ORDER = {key: index for index, key in enumerate(SCORE_GROEPEN)}


@dataclass(frozen=True)
class Spread:
    """The scores the groups gave on one bouwsteen before agreeing on its niveau."""

    groups: tuple[tuple[str, int], ...]  # (group, level), in the order of the vocabulary

    @property
    def low(self) -> int:
        return min(level for _group, level in self.groups)

    @property
    def high(self) -> int:
        return max(level for _group, level in self.groups)

    @property
    def width(self) -> int:
        return self.high - self.low

    @property
    def verdeeld(self) -> bool:
        """The groups differ by ``VERDEELD_MIN_SPREAD`` levels or more."""
        return self.width >= VERDEELD_MIN_SPREAD


def spread(score: BouwsteenScore | None) -> Spread | None:
    """The spread of one bouwsteen's scores per groep; None when it has none."""
    if score is None or not score.scores:
        return None
    return Spread(tuple(sorted(score.scores.items(), key=lambda item: GROUP_ORDER[item[0]])))


@dataclass(frozen=True)
class Consensus:
    """On one bouwsteen, among the regions' current (vastgestelde) zelfevaluaties."""

    bouwsteen_id: str
    with_scores: int  # regions that reported scores per groep on it
    verdeeld: int  # ... of which "verdeeld"


def consensus(derived: Derived, bouwsteen_id: str) -> Consensus:
    spreads = [spread(s.current.bouwstenen.get(bouwsteen_id)) for s in derived.statuses.values() if s.current]
    found = [sp for sp in spreads if sp is not None]
    return Consensus(bouwsteen_id, len(found), sum(1 for sp in found if sp.verdeeld))


@dataclass(frozen=True)
class YearLevels:
    """One bouwsteen in one year: regions per level, and those without a zelfevaluatie yet."""

    year: int
    counts: Mapping[int, int]
    none: int

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.none


@dataclass(frozen=True)
class YearCoverage:
    """How many regions had a vastgestelde zelfevaluatie in one year."""

    year: int
    peildatum: dt.date
    regions: int
    with_evaluation: int
    stale: int  # of those with one: older than STALE_AFTER_MONTHS at the peildatum

    @property
    def without(self) -> int:
        return self.regions - self.with_evaluation

    @property
    def recent(self) -> int:
        return self.with_evaluation - self.stale


@dataclass(frozen=True)
class Timeline:
    years: tuple[int, ...]  # from the first vastgestelde zelfevaluatie to this year; empty without one
    levels: tuple[int, ...]  # the scale
    per_bouwsteen: Mapping[str, tuple[YearLevels, ...]]  # bouwsteen id -> one per year
    coverage: tuple[YearCoverage, ...]  # one per year


def peildatum(year: int, today: dt.date) -> dt.date:
    """The day a year's figures are taken at: 31 December, or today in the current year."""
    return min(dt.date(year, 12, 31), today)


def latest_by(evaluations: tuple[Zelfevaluatie, ...], day: dt.date) -> Zelfevaluatie | None:
    """The newest of ``evaluations`` (vastgesteld, oldest first) dated on or before ``day``."""
    found = None
    for evaluation in evaluations:
        if evaluation.datum > day:
            break
        found = evaluation
    return found


def _established(dataset: Dataset) -> list[tuple[Zelfevaluatie, ...]]:
    """Per region: its vastgestelde zelfevaluaties, oldest first."""
    return [
        tuple(sorted((z for z in r.zelfevaluaties if z.status == "vastgesteld"), key=lambda z: z.datum))
        for r in dataset.regions
    ]


def timeline(dataset: Dataset, today: dt.date) -> Timeline:
    established = _established(dataset)
    levels = tuple(n.niveau for n in dataset.schaal.niveaus)
    dates = [z.datum for evaluations in established for z in evaluations]
    years = tuple(range(min(dates).year, today.year + 1)) if dates else ()
    per_bouwsteen: dict[str, list[YearLevels]] = {b: [] for b in dataset.bouwsteen_ids}
    coverage = []
    for year in years:
        day = peildatum(year, today)
        current = [latest_by(evaluations, day) for evaluations in established]
        known = [z for z in current if z is not None]
        stale = sum(1 for z in known if day > months_later(z.datum, STALE_AFTER_MONTHS))
        coverage.append(YearCoverage(year, day, len(current), len(known), stale))
        for bouwsteen_id, rows in per_bouwsteen.items():
            counts = {level: 0 for level in levels}
            none = len(current) - len(known)
            for z in known:
                score = z.bouwstenen.get(bouwsteen_id)
                if score is None:
                    none += 1
                else:
                    counts[score.niveau] = counts.get(score.niveau, 0) + 1
            rows.append(YearLevels(year, counts, none))
    return Timeline(years, levels, {b: tuple(rows) for b, rows in per_bouwsteen.items()}, tuple(coverage))


SpreadKey = tuple[str, dt.date, str]  # (region id, datum of the zelfevaluatie, bouwsteen id)


@dataclass(frozen=True)
class EvaluationFigures:
    """What the pages and the open data show beyond ``Derived``."""

    consensus: Mapping[str, Consensus]
    timeline: Timeline
    # the spread of every zelfevaluatie's scores per groep (a region's dates are unique)
    spreads: Mapping[SpreadKey, Spread]
    # region id -> bouwsteen id -> the spread of its current zelfevaluatie (None: no scores per groep)
    current_spreads: Mapping[str, Mapping[str, Spread | None]]

    def spread(self, region_id: str, datum: dt.date, bouwsteen_id: str) -> Spread | None:
        return self.spreads.get((region_id, datum, bouwsteen_id))


def _spreads(dataset: Dataset) -> dict[SpreadKey, Spread]:
    found = {}
    for region in dataset.regions:
        for evaluation in region.zelfevaluaties:
            for bouwsteen_id, score in evaluation.bouwstenen.items():
                sp = spread(score)
                if sp is not None:
                    found[(region.id, evaluation.datum, bouwsteen_id)] = sp
    return found


def evaluation_figures(derived: Derived) -> EvaluationFigures:
    ids = derived.dataset.bouwsteen_ids
    spreads = _spreads(derived.dataset)
    return EvaluationFigures(
        consensus={b: consensus(derived, b) for b in ids},
        timeline=timeline(derived.dataset, derived.today),
        spreads=spreads,
        current_spreads={
            region_id: {b: spreads.get((region_id, s.current.datum, b)) if s.current else None for b in ids}
            for region_id, s in derived.statuses.items()
        },
    )
