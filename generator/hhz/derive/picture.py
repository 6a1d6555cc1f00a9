"""Derived figures for the answer a visitor comes for (issue 26): per region the gap to the
ambition and how many bouwstenen were verdeeld; nationally per bouwsteen the regions per
level, what changed since the end of last year, and how many gemeenten the regions with a
level cover.

Mirror information, not a league table: levels are counted per bouwsteen, never added up
across bouwstenen, and no region is ordered by level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from .status import Derived, RegionStatus
from .evaluation import latest_by, spread


@dataclass(frozen=True)
class RegionAnswer:
    """What the top of a region page says beyond ``RegionStatus``."""

    gaps: Mapping[str, int | None]  # bouwsteen id -> ambition minus current level (None: no ambition or level)
    with_scores: int  # bouwstenen of the current zelfevaluatie with scores per groep
    verdeeld: int  # ... of which verdeeld


def region_answer(status: RegionStatus, bouwsteen_ids: tuple[str, ...]) -> RegionAnswer:
    gaps = {
        b: (status.ambitions[b] - status.levels[b])  # type: ignore[operator]
        if status.ambitions[b] is not None and status.levels[b] is not None
        else None
        for b in bouwsteen_ids
    }
    current = status.current
    spreads = [spread(current.bouwstenen.get(b)) for b in bouwsteen_ids] if current else []
    found = [sp for sp in spreads if sp is not None]
    return RegionAnswer(gaps, len(found), sum(1 for sp in found if sp.verdeeld))


@dataclass(frozen=True)
class Change:
    """Regions whose level on a bouwsteen differs from the one they had at ``since``."""

    since: dt.date  # the end of last year
    up: int
    down: int
    same: int
    new: int  # a level now, none then

    @property
    def compared(self) -> int:
        return self.up + self.down + self.same


@dataclass(frozen=True)
class BouwsteenPicture:
    """The national picture of one bouwsteen: regions per level now, the change since last
    year, the gemeenten covered by the regions with a level on it."""

    bouwsteen_id: str
    counts: Mapping[int, int]
    unknown: int
    change: Change
    gemeenten: int


@dataclass(frozen=True)
class NationalPicture:
    per_bouwsteen: Mapping[str, BouwsteenPicture]
    since: dt.date
    regions: int  # (how many gemeenten they cover: Derived.coverage)


def _level_at(status: RegionStatus, bouwsteen_id: str, day: dt.date) -> int | None:
    established = tuple(
        sorted((z for z in status.region.zelfevaluaties if z.status == "vastgesteld"), key=lambda z: z.datum)
    )
    evaluation = latest_by(established, day)
    score = evaluation.bouwstenen.get(bouwsteen_id) if evaluation else None
    return score.niveau if score else None


def _change(derived: Derived, bouwsteen_id: str, since: dt.date) -> Change:
    up = down = same = new = 0
    for status in derived.statuses.values():
        now = status.levels[bouwsteen_id]
        if now is None:
            continue
        then = _level_at(status, bouwsteen_id, since)
        if then is None:
            new += 1
        elif now > then:
            up += 1
        elif now < then:
            down += 1
        else:
            same += 1
    return Change(since, up, down, same, new)


def national_picture(derived: Derived) -> NationalPicture:
    since = dt.date(derived.today.year - 1, 12, 31)
    statuses = list(derived.statuses.values())
    per_bouwsteen = {}
    for bouwsteen_id in derived.dataset.bouwsteen_ids:
        distribution = derived.distributions[bouwsteen_id]
        covered = {code for s in statuses if s.levels[bouwsteen_id] is not None for code in s.region.gemeenten}
        per_bouwsteen[bouwsteen_id] = BouwsteenPicture(
            bouwsteen_id, distribution.counts, distribution.unknown, _change(derived, bouwsteen_id, since), len(covered)
        )
    return NationalPicture(per_bouwsteen, since, len(statuses))
