"""Open data of the national picture over time: the figures of the page ``ontwikkeling``
as JSON and CSV (counts of regions, never a region's name or a ranking)."""

from __future__ import annotations

import csv
import io

from ..derive.evaluation import EvaluationFigures
from ..urls import URLS
from ..vocabulary import NO_EVALUATION_LABEL, STALE_AFTER_MONTHS, VERDEELD_MIN_SPREAD
from .opendata import LICENCE, _json

COUNTING = (
    "Per jaar telt elke regio mee met haar nieuwste vastgestelde zelfevaluatie tot en met de peildatum "
    "(31 december, of vandaag in het lopende jaar); zonder een vastgestelde zelfevaluatie telt zij als "
    f"'{NO_EVALUATION_LABEL.lower()}'. Verouderd: op de peildatum meer dan {STALE_AFTER_MONTHS} maanden oud. "
    f"Verdeeld: de scores per groep liggen {VERDEELD_MIN_SPREAD} niveaus of meer uit elkaar "
    "(nieuwste vastgestelde zelfevaluaties)."
)


def ontwikkeling_json(figures: EvaluationFigures) -> bytes:
    tl = figures.timeline
    years = []
    for index, c in enumerate(tl.coverage):
        years.append({
            "jaar": c.year,
            "peildatum": c.peildatum.isoformat(),
            "regios": c.regions,
            "met_vastgestelde_zelfevaluatie": c.with_evaluation,
            "waarvan_verouderd": c.stale,
            "nog_geen_zelfevaluatie": c.without,
            "bouwstenen": {
                b: {
                    "niveaus": {str(level): rows[index].counts.get(level, 0) for level in tl.levels},
                    "nog_geen_zelfevaluatie": rows[index].none,
                }
                for b, rows in tl.per_bouwsteen.items()
            },
        })
    consensus = [
        {"bouwsteen": c.bouwsteen_id, "regios_met_scores_per_groep": c.with_scores, "waarvan_verdeeld": c.verdeeld}
        for c in figures.consensus.values()
    ]
    return _json({
        "licentie": LICENCE,
        "telling": COUNTING,
        "niveaus": list(tl.levels),
        "jaren": years,
        "scores_per_groep_nu": consensus,
    })


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def ontwikkeling_csv(figures: EvaluationFigures) -> bytes:
    """One row per year x bouwsteen x niveau (and "geen" for regions without a zelfevaluatie)."""
    tl = figures.timeline
    rows: list[list[object]] = []
    for bouwsteen_id, per_year in tl.per_bouwsteen.items():
        for c, row in zip(tl.coverage, per_year):
            for level in tl.levels:
                rows.append([c.year, c.peildatum.isoformat(), bouwsteen_id, level, row.counts.get(level, 0)])
            rows.append([c.year, c.peildatum.isoformat(), bouwsteen_id, "geen", row.none])
    return _csv(["jaar", "peildatum", "bouwsteen", "niveau", "regios"], rows)


def per_jaar_csv(figures: EvaluationFigures) -> bytes:
    rows: list[list[object]] = [
        [c.year, c.peildatum.isoformat(), c.regions, c.with_evaluation, c.stale, c.without]
        for c in figures.timeline.coverage
    ]
    header = ["jaar", "peildatum", "regios", "met_vastgestelde_zelfevaluatie", "waarvan_verouderd", "nog_geen_zelfevaluatie"]
    return _csv(header, rows)


def timeline_files(figures: EvaluationFigures) -> dict[str, bytes]:
    return {
        URLS.ontwikkeling_json: ontwikkeling_json(figures),
        URLS.ontwikkeling_csv: ontwikkeling_csv(figures),
        URLS.zelfevaluaties_per_jaar_csv: per_jaar_csv(figures),
    }
