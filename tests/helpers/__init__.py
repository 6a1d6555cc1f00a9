"""What the tests share: the repository's site sources, the geodata, the browser, the shipped
site and link checks. Imported as ``from helpers.<module> import ...`` (pytest puts tests/
on sys.path, as it does for ``projectfactory``); test modules never import each other."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
