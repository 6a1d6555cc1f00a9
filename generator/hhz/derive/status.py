"""Derived figures: current level, trends, national distributions and peers.

Mirror information, not a league table: nothing here sums regions into a ranked total.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Collection, Mapping

from dateutil.relativedelta import relativedelta

from ..dataset import Dataset
from ..models import GoedVoorbeeld, Regio, Zelfevaluatie
from ..vocabulary import (
    LEARN_FROM_MAX,
    LEARN_FROM_PEERS_MIN,
    LEARN_FROM_PEERS_SHOWN,
    STALE_AFTER_MONTHS,
)



@dataclass(frozen=True)
class Trend:
    symbol: str  # ↑ ↓ = or "" when there is no earlier level
    label: str  # Dutch words for screen readers and tables

    @staticmethod
    def between(previous: int | None, current: int | None) -> "Trend":
        if previous is None or current is None:
            return Trend("", "geen eerdere meting")
        if current > previous:
            return Trend("↑", f"gestegen van {previous} naar {current}")
        if current < previous:
            return Trend("↓", f"gedaald van {previous} naar {current}")
        return Trend("=", f"gelijk gebleven op {current}")


@dataclass(frozen=True)
class RegionStatus:
    """Where one region stands now, derived from its zelfevaluaties."""

    region: Regio
    current: Zelfevaluatie | None
    previous: Zelfevaluatie | None
    history: tuple[Zelfevaluatie, ...]  # all, newest first (concepts included, marked)
    levels: Mapping[str, int | None]
    previous_levels: Mapping[str, int | None]
    ambitions: Mapping[str, int | None]
    trends: Mapping[str, Trend]
    stale: bool
    voorbeeld: bool
    newer_concept: Zelfevaluatie | None

    @property
    def huisartsen_per_10k(self) -> float | None:
        k = self.region.kerngegevens
        if k.huisartsen is None or not k.inwoners:
            return None
        return round(k.huisartsen / k.inwoners * 10_000, 1)


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it has fewer days)."""
    return day + relativedelta(months=months)


def shows_voorbeeld(current: Zelfevaluatie | None, history: tuple[Zelfevaluatie, ...]) -> bool:
    """Whether the region page carries the "illustratief" banner: decided by the evaluation
    the page shows, the current (newest vastgestelde) one, so a real evaluation after an
    illustrative one has no banner (the older rows are marked in the history table).
    Without a vastgestelde evaluation the page shows only the history: banner when any
    of it is illustrative."""
    if current is not None:
        return current.voorbeeld
    return any(z.voorbeeld for z in history)


def region_status(region: Regio, bouwsteen_ids: tuple[str, ...], today: dt.date) -> RegionStatus:
    history = tuple(sorted(region.zelfevaluaties, key=lambda z: z.datum, reverse=True))
    established = [z for z in history if z.status == "vastgesteld"]
    current = established[0] if established else None
    previous = established[1] if len(established) > 1 else None
    newer_concept = next((z for z in history if z.status == "concept" and (current is None or z.datum > current.datum)), None)

    def levels_of(evaluation: Zelfevaluatie | None) -> dict[str, int | None]:
        return {
            b: (evaluation.bouwstenen[b].niveau if evaluation and b in evaluation.bouwstenen else None)
            for b in bouwsteen_ids
        }

    levels = levels_of(current)
    previous_levels = levels_of(previous)
    ambitions = {
        b: (
            current.bouwstenen[b].ambitie.niveau  # type: ignore[union-attr]
            if current and b in current.bouwstenen and current.bouwstenen[b].ambitie
            else None
        )
        for b in bouwsteen_ids
    }
    trends = {b: Trend.between(previous_levels[b], levels[b]) for b in bouwsteen_ids}
    stale = current is not None and today > months_later(current.datum, STALE_AFTER_MONTHS)
    return RegionStatus(
        region=region,
        current=current,
        previous=previous,
        history=history,
        levels=levels,
        previous_levels=previous_levels,
        ambitions=ambitions,
        trends=trends,
        stale=stale,
        voorbeeld=shows_voorbeeld(current, history),
        newer_concept=newer_concept,
    )


@dataclass(frozen=True)
class Distribution:
    """How many regions are at each level of one bouwsteen (and how many have none)."""

    bouwsteen_id: str
    counts: Mapping[int, int]
    unknown: int

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.unknown


@dataclass(frozen=True)
class Peer:
    status: RegionStatus
    level: int
    practices: tuple[GoedVoorbeeld, ...]


@dataclass(frozen=True)
class LearnFrom:
    """Peers for one bouwsteen, most useful first: those with a good practice on it, then
    those in a shared provincie, then by name (never by level: this is not a ranking)."""

    bouwsteen_id: str
    own_level: int
    peers: tuple[Peer, ...]

    @property
    def shown(self) -> tuple[Peer, ...]:
        """The peers a region page lists; a page stays the same size however many regions there are."""
        return self.peers[:LEARN_FROM_PEERS_SHOWN]

    @property
    def not_shown(self) -> int:
        return max(0, len(self.peers) - LEARN_FROM_PEERS_SHOWN)


@dataclass(frozen=True)
class Coverage:
    """How many gemeenten fall under a region on this site, of all gemeenten in the geodata
    (``total`` is None without geodata: then only the gemeenten the regions name are known)."""

    covered: int
    total: int | None

    @property
    def outside(self) -> int | None:
        return None if self.total is None else self.total - self.covered


def coverage(dataset: Dataset, gemeenten: Collection[str] | None) -> Coverage:
    """The gemeenten of all regions (validation lets a gemeente belong to one region only);
    with ``gemeenten`` (every code of the geodata), only the codes that exist there."""
    named = {code for region in dataset.regions for code in region.gemeenten}
    if gemeenten is None:
        return Coverage(len(named), None)
    return Coverage(len(named & set(gemeenten)), len(set(gemeenten)))


@dataclass(frozen=True)
class Derived:
    """Everything the pages need beyond the dataset itself."""

    dataset: Dataset
    today: dt.date
    statuses: Mapping[str, RegionStatus]
    distributions: Mapping[str, Distribution]
    national_huisartsen_per_10k: float | None
    national_basis: int = 0  # how many regions that figure is made of
    coverage: Coverage = Coverage(0, None)  # the gemeenten under a region on this site

    def status(self, region_id: str) -> RegionStatus:
        return self.statuses[region_id]

    @functools.cached_property
    def regions_by_name(self) -> tuple[Regio, ...]:
        """Every region in the order the site lists them: by short name, then id (the map's
        table and Tab order, the comparison page's choices)."""
        return tuple(sorted(self.dataset.regions, key=lambda r: (r.korte_naam.casefold(), r.id)))

    @functools.cached_property
    def _strong_peers(self) -> dict[str, tuple[Peer, ...]]:
        """Per bouwsteen: the regions at level >= 4 on it, with their practices on it."""
        out: dict[str, tuple[Peer, ...]] = {}
        for bouwsteen_id in self.dataset.bouwsteen_ids:
            out[bouwsteen_id] = tuple(
                Peer(
                    status=other,
                    level=other.levels[bouwsteen_id],  # type: ignore[arg-type]
                    practices=tuple(
                        gv for gv in other.region.goede_voorbeelden if bouwsteen_id in gv.bouwstenen
                    ),
                )
                for other in self.statuses.values()
                if other.levels[bouwsteen_id] is not None
                and other.levels[bouwsteen_id] >= LEARN_FROM_PEERS_MIN  # type: ignore[operator]
            )
        return out

    def learn_from(self, region_id: str) -> tuple[LearnFrom, ...]:
        """For each bouwsteen where the region is at level <= 2: peers at >= 4 and their practices."""
        own = self.statuses[region_id]
        result = []
        for bouwsteen_id in self.dataset.bouwsteen_ids:
            level = own.levels[bouwsteen_id]
            if level is None or level > LEARN_FROM_MAX:
                continue
            peers = tuple(peer for peer in self._strong_peers[bouwsteen_id] if peer.status.region.id != region_id)
            provinces = set(own.region.provincies)
            peers = tuple(
                sorted(
                    peers,
                    key=lambda p: (
                        not p.practices,
                        not provinces.intersection(p.status.region.provincies),
                        p.status.region.korte_naam.casefold(),
                        p.status.region.id,
                    ),
                )
            )
            result.append(LearnFrom(bouwsteen_id, level, peers))
        return tuple(result)

    def practices_for(self, bouwsteen_id: str) -> list[tuple[Regio, GoedVoorbeeld]]:
        return [(r, gv) for r, gv in self.dataset.goede_voorbeelden() if bouwsteen_id in gv.bouwstenen]


def derive(dataset: Dataset, today: dt.date, gemeenten: Collection[str] | None = None) -> Derived:
    """The derived figures; ``gemeenten``: every gemeente code of the geodata, when there is
    geodata (for the coverage: how many of them fall under a region)."""
    ids = dataset.bouwsteen_ids
    statuses = {r.id: region_status(r, ids, today) for r in dataset.regions}
    levels = [n.niveau for n in dataset.schaal.niveaus]
    distributions = {}
    for bouwsteen_id in ids:
        counts = {level: 0 for level in levels}
        unknown = 0
        for status in statuses.values():
            level = status.levels[bouwsteen_id]
            if level is None:
                unknown += 1
            else:
                counts[level] = counts.get(level, 0) + 1
        distributions[bouwsteen_id] = Distribution(bouwsteen_id, counts, unknown)
    with_both = [
        r.kerngegevens for r in dataset.regions if r.kerngegevens.huisartsen is not None and r.kerngegevens.inwoners
    ]
    national = (
        round(sum(k.huisartsen for k in with_both) / sum(k.inwoners for k in with_both) * 10_000, 1)  # type: ignore[misc]
        if with_both
        else None
    )
    return Derived(dataset, today, statuses, distributions, national, len(with_both), coverage(dataset, gemeenten))
