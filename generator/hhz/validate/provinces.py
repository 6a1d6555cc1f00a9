"""The provincie of each CBS gemeente, from the reference geodata (for the rule that a
region's `provincies` are those of its gemeenten).

The map module owns the geometry (``province_of_gemeenten``: the province around a point
inside the gemeente); it is imported only when a run has geodata, and computed once per
geodata in a process.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from ..geo.reference import GeoReference

_CACHE: dict[int, tuple[Any, Mapping[str, str]]] = {}


def provincie_names(geo: GeoReference) -> Mapping[str, str]:
    """gemeente code -> provincie name (as in the YAML, e.g. ``Fryslân``)."""
    cached = _CACHE.get(id(geo.gemeente_topology))
    if cached is not None and cached[0] is geo.gemeente_topology:
        return cached[1]
    from ..geo.topology import Topology, province_of_gemeenten

    gemeenten = Topology(geo.gemeente_topology)
    codes = province_of_gemeenten(gemeenten, Topology(geo.provincie_topology), gemeenten.rings_by_code())
    names = MappingProxyType({code: geo.provincies[pv] for code, pv in codes.items() if pv in geo.provincies})
    _CACHE.clear()  # one geodata per process in practice; keeps no old topologies alive
    _CACHE[id(geo.gemeente_topology)] = (geo.gemeente_topology, names)
    return names
