"""Regions for the map tests: gemeenten that border each other, and a name that is HTML."""

from __future__ import annotations

from collections import defaultdict

from hhz.render.map import geometry

EVIL = "Regio <img src=x onerror=alert(1)> & \"Co\""


def neighbours(geo) -> tuple[str, str, str]:
    """Three gemeenten: a, a neighbour b of a, and a neighbour c of b (not a)."""
    topology = geometry.Topology(geo.gemeente_topology)
    users = defaultdict(set)
    for code, rings in topology.rings_by_code().items():
        for ring in rings:
            for ref in ring:
                users[geometry.Topology.index(ref)].add(code)
    touching = defaultdict(set)
    for codes in users.values():
        for code in codes:
            touching[code] |= codes - {code}
    a = "GM0828"  # Oss
    b = sorted(touching[a])[0]
    c = sorted(touching[b] - {a} - touching[a])[0]
    return a, b, c
