"""Open data files: everything in the YAML, in JSON and CSV, plus an Atom feed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..dataset import Dataset
from ..derive.evaluation import EvaluationFigures, Spread
from ..models import Bewijs, BouwsteenScore, Zelfevaluatie
from ..vocabulary import SCORE_GROEPEN

LICENCE = "CC BY 4.0"


def _json(data: dict[str, Any]) -> bytes:
    """One top-level key per line, and one line per item of a top-level list: readable and
    diffable, and written by the json module's C encoder (``indent`` would use its slow
    pure-Python one, a noticeable part of generation at 300 regions)."""
    lines = []
    for key, value in data.items():
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"  {name}: [\n{items}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def regios_json(dataset: Dataset) -> bytes:
    """Every region exactly as in its YAML (defaults filled in), nothing left out."""
    return _json(
        {
            "licentie": LICENCE,
            "schaal": dataset.schaal.model_dump(mode="json"),
            "regios": [r.model_dump(mode="json") for r in dataset.regions],
        }
    )


def bouwstenen_json(dataset: Dataset) -> bytes:
    return _json(
        {
            "licentie": LICENCE,
            "schaal": dataset.schaal.model_dump(mode="json"),
            "bouwstenen": [b.model_dump(mode="json") for b in dataset.bouwstenen],
        }
    )


def goede_voorbeelden_json(dataset: Dataset) -> bytes:
    items = []
    for region, gv in dataset.goede_voorbeelden():
        items.append({"regio": region.id, "regio_naam": region.naam, **gv.model_dump(mode="json")})
    return _json({"licentie": LICENCE, "goede_voorbeelden": items})


CSV_COLUMNS = [
    "regio",
    "regio_naam",
    "datum",
    "status",
    "voorbeeld",
    "bouwsteen",
    "niveau",
    "ambitie_niveau",
    "ambitie_jaar",
    "toelichting",
    "bewijs",
    "deelnemers",
    *(f"score_{group}" for group in SCORE_GROEPEN),  # scores per groep, before agreeing on niveau
    "scores_laagste",
    "scores_hoogste",
    "verdeeld",
    "getoetst_door",
    "getoetst_datum",
    "getoetst_opmerking",
]


def _bewijs_text(link: Bewijs) -> str:
    """"titel <url>", with "(soort, datum)" when given."""
    extra = ", ".join(part for part in (link.type or "", link.datum.isoformat() if link.datum else "") if part)
    return f"{link.titel} <{link.url}>" + (f" ({extra})" if extra else "")


def _trust_cells(evaluation: Zelfevaluatie, score: BouwsteenScore, found: Spread | None) -> list[object]:
    """The scores per groep with their spread (derived), and the toetsing."""
    review = evaluation.getoetst
    return [
        *((score.scores or {}).get(group, "") for group in SCORE_GROEPEN),
        found.low if found else "",
        found.high if found else "",
        ("true" if found.verdeeld else "false") if found else "",
        review.door if review else "",
        review.datum.isoformat() if review else "",
        (review.opmerking or "") if review else "",
    ]


def zelfevaluaties_csv(dataset: Dataset, figures: EvaluationFigures) -> bytes:
    """One row per region x datum x bouwsteen; the spreads are derive's (``figures``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    order = {b: i for i, b in enumerate(dataset.bouwsteen_ids)}
    for region in dataset.regions:
        for evaluation in sorted(region.zelfevaluaties, key=lambda z: z.datum):
            for bouwsteen_id, score in sorted(evaluation.bouwstenen.items(), key=lambda kv: order.get(kv[0], 99)):
                writer.writerow(
                    [
                        region.id,
                        region.naam,
                        evaluation.datum.isoformat(),
                        evaluation.status,
                        "true" if evaluation.voorbeeld else "false",
                        bouwsteen_id,
                        score.niveau,
                        score.ambitie.niveau if score.ambitie else "",
                        score.ambitie.jaar if score.ambitie else "",
                        score.toelichting,
                        " | ".join(_bewijs_text(link) for link in score.bewijs),
                        "; ".join(evaluation.deelnemers),
                        *_trust_cells(evaluation, score, figures.spread(region.id, evaluation.datum, bouwsteen_id)),
                    ]
                )
    return out.getvalue().encode("utf-8")
