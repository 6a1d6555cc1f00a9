"""`hhz geo fetch`: download the CBS boundaries from PDOK and store them as TopoJSON.

Source: the OGC API Features of PDOK, CBS Gebiedsindelingen
(https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1), collections ``gemeente_gegeneraliseerd``
and ``provincie_gegeneraliseerd``, items as GeoJSON (WGS84 lon/lat). The collections hold
several years; the request filters on ``jaarcode`` and the features are filtered again here,
so a server that ignores the parameter gives the same result.

The result is checked (number of features, GM/PV codes, bounding box within the
Netherlands) before anything is written; both files are then written atomically
(temporary file + ``os.replace``) as ``gemeente_<jaar>.topojson`` and
``provincie_<jaar>.topojson``, with ``statcode`` and ``statnaam`` on every geometry.
The TopoJSON encoder is ``hhz.geo.encoder`` (shared boundaries stored once as shared arcs).
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from .. import __version__
from .reference import GEO_YEAR
from ..sitefolder import UnsafeFolderError, check_own_file
from .encoder import encode_topology, polygons_of

DEFAULT_BASE_URL = "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1"
GEMEENTE_COLLECTION = "gemeente_gegeneraliseerd"
PROVINCIE_COLLECTION = "provincie_gegeneraliseerd"
PAGE_LIMIT = 1000
FALLBACK_PAGE_LIMIT = 100
MAX_PAGES = 200
TIMEOUT = 60.0
EXPECTED = {GEO_YEAR: {"gemeente": 342, "provincie": 12}}
PROVINCIE_COUNT = 12  # the same every year
CODE_PATTERNS = {"gemeente": re.compile(r"GM\d{4}"), "provincie": re.compile(r"PV\d{2}")}
# Generous bounds around the Netherlands (lon, lat), including the Wadden islands and the sea border.
NL_BOUNDS = (3.0, 50.6, 7.4, 53.8)

Progress = Callable[[str, int, int | None], None]  # (collection, features so far, total or None)


class GeoFetchError(Exception):
    """Fetching or checking the boundaries failed; the message is for the user (Dutch)."""


@dataclass(frozen=True)
class FetchResult:
    directory: Path
    files: tuple[Path, ...]
    counts: dict[str, int]


# -- downloading ---------------------------------------------------------------------------


def _get_json(url: str) -> dict[str, Any]:
    request = urllib.request.Request(
        url, headers={"Accept": "application/geo+json, application/json", "User-Agent": f"hhz/{__version__}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise _HttpStatus(exc.code, url) from exc
    except urllib.error.URLError as exc:
        raise GeoFetchError(f"kan {_host(url)} niet bereiken ({exc.reason}); controleer de internetverbinding en --base-url") from exc
    except (TimeoutError, OSError) as exc:
        raise GeoFetchError(f"geen antwoord van {_host(url)} ({exc}); probeer het later opnieuw") from exc
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise GeoFetchError(f"het antwoord van {url} is geen JSON") from exc
    if not isinstance(data, dict):
        raise GeoFetchError(f"het antwoord van {url} is geen GeoJSON FeatureCollection")
    return data


class _HttpStatus(GeoFetchError):
    def __init__(self, status: int, url: str):
        super().__init__(f"de service gaf HTTP-status {status} voor {url}")
        self.status = status


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _next_link(page: dict[str, Any], current: str) -> str | None:
    for link in page.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return urllib.parse.urljoin(current, link["href"])
    return None


def _items_url(base_url: str, collection: str, year: int | None, limit: int) -> str:
    query = {"f": "json", "limit": str(limit)}
    if year is not None:
        query["jaarcode"] = str(year)
    return f"{base_url.rstrip('/')}/collections/{collection}/items?{urllib.parse.urlencode(query)}"


def fetch_features(base_url: str, collection: str, year: int, progress: Progress | None = None) -> list[dict[str, Any]]:
    """All features of one collection for one year, following the "next" links."""
    try:
        return _fetch_pages(_items_url(base_url, collection, year, PAGE_LIMIT), collection, year, progress)
    except _HttpStatus as exc:
        if exc.status != 400:
            raise
    # Some servers refuse the year parameter or a large page: all years, small pages, filter here.
    return _fetch_pages(_items_url(base_url, collection, None, FALLBACK_PAGE_LIMIT), collection, year, progress)


def _fetch_pages(url: str, collection: str, year: int, progress: Progress | None) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    seen_urls: set[str] = set()
    total: int | None = None
    for _ in range(MAX_PAGES):
        if url in seen_urls:
            raise GeoFetchError(f"de service verwijst in een kring naar dezelfde pagina ({url})")
        seen_urls.add(url)
        page = _get_json(url)
        if page.get("type") != "FeatureCollection" or not isinstance(page.get("features"), list):
            raise GeoFetchError(f"het antwoord van {url} is geen GeoJSON FeatureCollection")
        if isinstance(page.get("numberMatched"), int):
            total = page["numberMatched"]
        features.extend(f for f in page["features"] if isinstance(f, dict))
        if progress:
            progress(collection, len(features), total)
        following = _next_link(page, url)
        if not following or not page["features"]:
            break
        url = following
    else:
        raise GeoFetchError(f"meer dan {MAX_PAGES} pagina's voor {collection}; is --base-url juist?")
    return [f for f in features if _year_matches(f, year)]


def _year_matches(feature: dict[str, Any], year: int) -> bool:
    props = feature.get("properties") or {}
    value = props.get("jaarcode")
    if value is None:
        value = props.get("jaar")
    if value is None:
        jr = str(props.get("jrstatcode") or "")
        return not jr[:4].isdigit() or int(jr[:4]) == year
    try:
        return int(value) == year
    except (TypeError, ValueError):
        return False


# -- checking ------------------------------------------------------------------------------


def check_features(kind: str, features: Sequence[dict[str, Any]], year: int, expected: int | None) -> None:
    """Raise GeoFetchError (Dutch) when the features are not what the site needs."""
    label = "gemeenten" if kind == "gemeente" else "provincies"
    if not features:
        raise GeoFetchError(f"geen {label} voor {year} ontvangen; bestaat de indeling voor dat jaar?")
    codes: set[str] = set()
    west, south, east, north = math.inf, math.inf, -math.inf, -math.inf
    for feature in features:
        props = feature.get("properties") or {}
        code, name = props.get("statcode"), props.get("statnaam")
        if not isinstance(code, str) or not CODE_PATTERNS[kind].fullmatch(code.strip()):
            raise GeoFetchError(f"onverwachte code {code!r} bij de {label}; verwacht {'GM0000' if kind == 'gemeente' else 'PV00'}")
        if not isinstance(name, str) or not name.strip():
            raise GeoFetchError(f"{code}: de naam (statnaam) ontbreekt")
        if code.strip() in codes:
            raise GeoFetchError(f"{code} komt twee keer voor bij de {label} van {year}")
        codes.add(code.strip())
        polygons = polygons_of(feature.get("geometry"))
        if not polygons:
            raise GeoFetchError(f"{code} ({name}) heeft geen vlakgeometrie (Polygon of MultiPolygon)")
        for polygon in polygons:
            for ring in polygon:
                for point in ring:
                    x, y = float(point[0]), float(point[1])
                    west, east = min(west, x), max(east, x)
                    south, north = min(south, y), max(north, y)
    if expected is not None and len(codes) != expected:
        raise GeoFetchError(f"{len(codes)} {label} ontvangen voor {year}, verwacht {expected}; er is niets geschreven")
    lo_x, lo_y, hi_x, hi_y = NL_BOUNDS
    if not (lo_x <= west and east <= hi_x and lo_y <= south and north <= hi_y):
        raise GeoFetchError(
            f"de {label} liggen niet binnen Nederland in WGS84 (lengte {west:.3f}..{east:.3f}, breedte {south:.3f}..{north:.3f}); "
            "levert de service een ander coördinatenstelsel?"
        )


# -- writing -------------------------------------------------------------------------------


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; these are public data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_topology(content: bytes) -> bool:
    try:
        document = json.loads(content)
    except ValueError:
        return False
    return isinstance(document, dict) and document.get("type") == "Topology"


def check_destination(dest: Path, year: int) -> None:
    """Before anything is downloaded: refuse (``UnsafeFolderError``) a destination that is a
    file, or where a boundary file of that name exists that is a link or no TopoJSON."""
    if dest.exists() and not dest.is_dir():
        raise UnsafeFolderError(f"`{dest}` is een bestand, geen map; kies met --dest een map")
    for kind in ("gemeente", "provincie"):
        check_own_file(dest / f"{kind}_{year}.topojson", dest, "TopoJSON-bestand", _is_topology)


def fetch_geo(
    dest: Path,
    year: int = GEO_YEAR,
    base_url: str = DEFAULT_BASE_URL,
    expect_gemeenten: int | None = None,
    expect_provincies: int | None = None,
    progress: Progress | None = None,
) -> FetchResult:
    """Download, check and write both boundary files; nothing is written when a check fails."""
    if not base_url.startswith(("https://", "http://")):
        raise GeoFetchError(f"--base-url moet met https:// (of http://) beginnen, niet {base_url!r}")
    check_destination(dest, year)
    expected = {
        "gemeente": expect_gemeenten if expect_gemeenten is not None else EXPECTED.get(year, {}).get("gemeente"),
        "provincie": expect_provincies if expect_provincies is not None else PROVINCIE_COUNT,
    }
    documents: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for kind, collection in (("gemeente", GEMEENTE_COLLECTION), ("provincie", PROVINCIE_COLLECTION)):
        features = fetch_features(base_url, collection, year, progress)
        check_features(kind, features, year, expected[kind])
        topology = encode_topology(f"{kind}_{year}", features)
        documents[f"{kind}_{year}.topojson"] = json.dumps(
            topology, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode("utf-8")
        counts[kind] = len(features)
    written = []
    for name, content in documents.items():
        path = dest / name
        try:
            _write_atomically(path, content)
        except OSError as exc:
            raise GeoFetchError(f"kan {path} niet schrijven: {exc.strerror or exc}") from exc
        written.append(path)
    return FetchResult(dest, tuple(written), counts)
