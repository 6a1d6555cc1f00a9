"""The validated dataset: typed, immutable, and the only input of derive and render."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .models import Bouwsteen, GoedVoorbeeld, Regio, Schaal, SchaalNiveau


@dataclass(frozen=True)
class Dataset:
    schaal: Schaal
    bouwstenen: tuple[Bouwsteen, ...]  # in `volgorde`
    regions: tuple[Regio, ...]  # sorted by id
    region_paths: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    bouwsteen_paths: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    gemeente_namen: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def region(self, region_id: str) -> Regio:
        for region in self.regions:
            if region.id == region_id:
                return region
        raise KeyError(region_id)

    def bouwsteen(self, bouwsteen_id: str) -> Bouwsteen:
        for bouwsteen in self.bouwstenen:
            if bouwsteen.id == bouwsteen_id:
                return bouwsteen
        raise KeyError(bouwsteen_id)

    @property
    def bouwsteen_ids(self) -> tuple[str, ...]:
        return tuple(b.id for b in self.bouwstenen)

    def niveau(self, number: int) -> SchaalNiveau:
        for niveau in self.schaal.niveaus:
            if niveau.niveau == number:
                return niveau
        raise KeyError(number)

    def goede_voorbeelden(self) -> list[tuple[Regio, GoedVoorbeeld]]:
        """Every good practice with its region, newest first, then by id (stable)."""
        items = [(r, gv) for r in self.regions for gv in r.goede_voorbeelden]
        return sorted(items, key=lambda item: (-item[1].datum.toordinal(), item[1].id))
