"""Where the CBS reference geodata is: HHZ_GEO_DIR, else ../shared/geo beside the repository.

It is read in place, never copied. ``find_geo_dir`` is for tests that also run without it;
``require_geo_dir`` skips the test locally and fails it on CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import REPO

MARKER = "gemeente_2025.topojson"


def geo_candidate() -> Path:
    """Where the geodata should be, whether or not it is there."""
    return Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")


def find_geo_dir() -> Path | None:
    """The geodata folder, or None when it is missing."""
    candidate = geo_candidate()
    return candidate if (candidate / MARKER).is_file() else None


def require_geo_dir() -> Path:
    """The geodata folder; without it the test is skipped, or fails on CI."""
    found = find_geo_dir()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"geen CBS-geodata op CI (HHZ_GEO_DIR={geo_candidate()})")
        pytest.skip("geen CBS-geodata (HHZ_GEO_DIR of ../shared/geo)")
    return found
