"""The "illustratief" banner is decided per evaluation (issue 13, part 3): the region page
shows its current (newest vastgestelde) zelfevaluatie, and that one's `voorbeeld` decides;
an older illustrative evaluation is only marked in the history table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers.sites import copy_site_sources
from projectfactory import make_project, region_yaml

BANNER = '<p class="hhz-voorbeeld">'  # the status line of a region page says it in words (issue 26)


def without_voorbeeld(text: str, occurrence: int) -> str:
    """Drop the n-th `voorbeeld: true` line (1 = the 2024 zelfevaluatie, 2 = 2025)."""
    start = -1
    for _ in range(occurrence):
        start = text.index("    voorbeeld: true\n", start + 1)
    return text[:start] + text[start + len("    voorbeeld: true\n") :]


def generated(tmp_path: Path, regions: dict[str, str]) -> Path:
    root = make_project(tmp_path / "p", regions)
    copy_site_sources(root)
    env = dict(os.environ) | {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01
    env.pop("HHZ_GEO_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "hhz", "generate", ".", "-q"], cwd=root, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "build" / "docs" / "regios"


def test_the_banner_follows_the_evaluation_the_page_shows(tmp_path: Path) -> None:
    real_now = without_voorbeeld(region_yaml("alfa", ["GM0828"]), 2)  # 2024 illustrative, 2025 real
    real_before = without_voorbeeld(region_yaml("beta", ["GM0268"]), 1)  # 2024 real, 2025 illustrative
    only_concepts = region_yaml("gamma", ["GM1982"]).replace("status: vastgesteld", "status: concept")
    pages = generated(tmp_path, {"alfa": real_now, "beta": real_before, "gamma": only_concepts})
    alfa = (pages / "alfa.md").read_text("utf-8")
    assert BANNER not in alfa
    assert "vastgesteld (voorbeeld)</td>" in alfa  # the 2024 row of the history table is still marked
    assert "Stand volgens de zelfevaluatie van" in alfa
    # compared with the illustrative one: said so, since the trend then means little
    assert "De vorige zelfevaluatie bevat illustratieve niveaus (voorbeeldgegevens)" in alfa
    assert "<code>" not in alfa  # words for visitors, no code text (issue 26)
    beta = (pages / "beta.md").read_text("utf-8")
    assert BANNER in beta and "bevat illustratieve niveaus" not in beta
    gamma = (pages / "gamma.md").read_text("utf-8")  # no current evaluation: the history decides
    assert "Nog geen vastgestelde zelfevaluatie" in gamma and BANNER in gamma
