"""Reference geodata: CBS municipality and province boundaries (TopoJSON, WGS84).

The files are never part of the repository. They are found, in this order, in
``--geo-dir``, the ``HHZ_GEO_DIR`` environment variable, or the user cache directory
that ``hhz geo fetch`` writes to.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

GEO_YEAR = 2025
GEMEENTE_FILE = f"gemeente_{GEO_YEAR}.topojson"
PROVINCIE_FILE = f"provincie_{GEO_YEAR}.topojson"
ENV_VAR = "HHZ_GEO_DIR"


class GeoDataError(Exception):
    """The geodata folder exists but its files cannot be used."""


@dataclass(frozen=True)
class GeoReference:
    """The reference geodata: the TopoJSON documents and the code lists they give."""

    directory: Path
    gemeente_topology: dict[str, Any]
    provincie_topology: dict[str, Any]
    gemeenten: dict[str, str]  # statcode -> statnaam
    provincies: dict[str, str]  # statcode -> statnaam


def user_cache_geo_dir(year: int = GEO_YEAR) -> Path:
    return Path(platformdirs.user_cache_dir("hhz")) / "geo" / str(year)


def find_geo_dir(option: Path | None = None) -> Path | None:
    """The first folder that holds both boundary files, or None."""
    candidates: list[Path] = []
    if option is not None:
        return option
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    candidates.append(user_cache_geo_dir())
    for candidate in candidates:
        if (candidate / GEMEENTE_FILE).is_file() and (candidate / PROVINCIE_FILE).is_file():
            return candidate
    return None


def _object_geometries(topology: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    objects = topology.get("objects")
    if not isinstance(objects, dict) or len(objects) != 1:
        raise GeoDataError(f"{path}: verwacht precies één object in de TopoJSON")
    (obj,) = objects.values()
    geometries = obj.get("geometries")
    if not isinstance(geometries, list):
        raise GeoDataError(f"{path}: het TopoJSON-object heeft geen geometries")
    return geometries


def codes_and_names(topology: dict[str, Any], path: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for geometry in _object_geometries(topology, path):
        props = geometry.get("properties") or {}
        code, name = props.get("statcode"), props.get("statnaam")
        if not isinstance(code, str) or not isinstance(name, str):
            raise GeoDataError(f"{path}: een geometrie mist `statcode` of `statnaam`")
        result[code] = name
    return result


def _read_topology(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as exc:
        raise GeoDataError(f"{path} ontbreekt") from exc
    except (OSError, ValueError) as exc:
        raise GeoDataError(f"{path} is geen leesbare TopoJSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "Topology":
        raise GeoDataError(f"{path} is geen TopoJSON (type Topology)")
    return data


def load_geo_reference(directory: Path) -> GeoReference:
    gemeente_path = directory / GEMEENTE_FILE
    provincie_path = directory / PROVINCIE_FILE
    gemeente_topology = _read_topology(gemeente_path)
    provincie_topology = _read_topology(provincie_path)
    return GeoReference(
        directory=directory,
        gemeente_topology=gemeente_topology,
        provincie_topology=provincie_topology,
        gemeenten=codes_and_names(gemeente_topology, gemeente_path),
        provincies=codes_and_names(provincie_topology, provincie_path),
    )


def resolve_geo(option: Path | None = None) -> tuple[GeoReference | None, str | None]:
    """The geodata to use and, when there is none, a Dutch warning saying why."""
    directory = find_geo_dir(option)
    if directory is None:
        return None, (
            "geen geodata gevonden: het bestaan van gemeentecodes is niet gecontroleerd en de kaart "
            f"toont geen grenzen. Gebruik --geo-dir, de omgevingsvariabele {ENV_VAR}, of haal de "
            "grenzen op met `hhz geo fetch`."
        )
    if not directory.is_dir():
        raise GeoDataError(f"geodata-map {directory} bestaat niet")
    return load_geo_reference(directory), None
