"""The open-data CSV carries every score per groep, bewijs type and date, and toetsing of
the YAML (the JSON carries them as the YAML has them; see every_yaml_value_in_open_data)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hhz.vocabulary import SCORE_GROEPEN
from hhz.load.source import load_yaml_file


def _rows(site: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    text = (site / "data" / "zelfevaluaties.csv").read_text(encoding="utf-8")
    return {(r["regio"], r["datum"], r["bouwsteen"]): r for r in csv.DictReader(io.StringIO(text))}


def _score_values(row: dict[str, str], score: dict) -> int:
    """Assert the row has the score's groups, bewijs type and date; return how many compared."""
    checked = 0
    scores = score.get("scores") or {}
    for group in SCORE_GROEPEN:
        assert row[f"score_{group}"] == (str(scores[group]) if group in scores else ""), (row["regio"], group)
        checked += group in scores
    if scores:
        levels = list(scores.values())
        assert (row["scores_laagste"], row["scores_hoogste"]) == (str(min(levels)), str(max(levels)))
    for item in score.get("bewijs") or []:
        for key in ("type", "datum"):
            if key in item:
                value = item[key].isoformat() if hasattr(item[key], "isoformat") else item[key]
                assert value in row["bewijs"], (row["regio"], key)
                checked += 1
    return checked


def every_trust_value_in_csv(root: Path, site: Path) -> int:
    """Assert that data/zelfevaluaties.csv has every value of scores, bewijs type/datum and
    getoetst that regions/*.yaml has; return how many values were compared."""
    rows = _rows(site)
    checked = 0
    for path in sorted((root / "regions").glob("*.yaml")):
        data = load_yaml_file(path, root).data
        for evaluation in data.get("zelfevaluaties") or []:
            day = evaluation["datum"].isoformat()
            review = evaluation.get("getoetst") or {}
            for bouwsteen_id, score in evaluation["bouwstenen"].items():
                row = rows[(data["id"], day, bouwsteen_id)]
                checked += _score_values(row, score)
                assert row["getoetst_door"] == review.get("door", "")
                assert row["getoetst_datum"] == (review["datum"].isoformat() if review else "")
                assert row["getoetst_opmerking"] == review.get("opmerking", "")
                checked += len(review)
    return checked
