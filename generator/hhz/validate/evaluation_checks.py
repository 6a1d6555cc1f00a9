"""The rules of a zelfevaluatie worth trusting: scores per groep, bewijs and toetsing.

Each function is one rule of ``rules.py``, like those in checks.py. The groups themselves
are a fixed list (``vocabulary.SCORE_GROEPEN``, rule score-group-known): `deelnemers` stays
free text (roles and gremia), so the rule "a group that scored took part" is that list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from ..diagnostics import Diagnostic
from ..vocabulary import BEWIJS_EXPECTED_FROM, SCORE_GROEPEN
from ..load.source import SourceDocument
from .context import Context, Loaded, Loc
from .messages import did_you_mean

Found = Iterator[Diagnostic]


def _raw_scores(doc: SourceDocument) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """(location, mapping) of every bouwsteen of every zelfevaluatie in the raw file."""
    data = doc.data if isinstance(doc.data, dict) else {}
    evaluations = data.get("zelfevaluaties")
    for index, evaluation in enumerate(evaluations if isinstance(evaluations, list) else []):
        bouwstenen = evaluation.get("bouwstenen") if isinstance(evaluation, dict) else None
        for bouwsteen_id, score in (bouwstenen.items() if isinstance(bouwstenen, dict) else ()):
            if isinstance(score, dict):
                yield ("zelfevaluaties", index, "bouwstenen", bouwsteen_id), score


def scores_need_niveau(doc: SourceDocument, ctx: Context) -> Found:
    """Scores per groep are what the groups gave before agreeing: the agreed niveau belongs with them."""
    for loc, score in _raw_scores(doc):
        if "scores" in score and "niveau" not in score:
            yield ctx.error(
                doc,
                loc + ("scores",),
                "`scores` per groep zonder afgesproken `niveau`: vul bij deze bouwsteen ook `niveau` in, "
                "het niveau waarover de deelnemers het samen eens werden",
                key=True,
            )


def _scored(item: Loaded) -> Iterator[tuple[Loc, Any, Any]]:
    """(location, zelfevaluatie, score) of every bouwsteen score in a valid region."""
    for index, evaluation in enumerate(item.model.zelfevaluaties):
        for bouwsteen_id, score in evaluation.bouwstenen.items():
            yield ("zelfevaluaties", index, "bouwstenen", bouwsteen_id), evaluation, score


def score_group_known(item: Loaded, ctx: Context) -> Found:
    for loc, _evaluation, score in _scored(item):
        for group in score.scores or {}:
            if group not in SCORE_GROEPEN:
                message = f"onbekende groep `{group}`" + did_you_mean(group, SCORE_GROEPEN, "kies uit")
                yield ctx.error(item.doc, loc + ("scores", group), message, key=True)


def group_score_on_scale(item: Loaded, ctx: Context) -> Found:
    for loc, _evaluation, score in _scored(item):
        for group, level in (score.scores or {}).items():
            if ctx.off_scale(level):
                message = f"de score {level} van groep `{group}` staat niet op de schaal ({ctx.scale_text})"
                yield ctx.error(item.doc, loc + ("scores", group), message)


def niveau_within_scores(item: Loaded, ctx: Context) -> Found:
    """A warning: the agreed niveau normally lies between the groups' lowest and highest score."""
    for loc, _evaluation, score in _scored(item):
        levels = list((score.scores or {}).values())
        if any(ctx.off_scale(level) for level in levels):
            continue  # group-score-on-scale names the score; the range would only repeat it
        if levels and not min(levels) <= score.niveau <= max(levels):
            yield ctx.warning(
                item.doc,
                loc + ("niveau",),
                f"het afgesproken niveau {score.niveau} ligt buiten de scores van de groepen "
                f"({min(levels)} t/m {max(levels)}); controleer `niveau` en `scores`",
            )


def _open_for_edit(item: Loaded) -> dt.date | None:
    """The datum from which zelfevaluaties are the region's current work: its newest
    vastgestelde one and any later concept (older ones are history: left as they are)."""
    established = [z.datum for z in item.model.zelfevaluaties if z.status == "vastgesteld"]
    return max(established) if established else None


def high_level_has_bewijs(item: Loaded, ctx: Context) -> Found:
    """A warning, not an error: a high niveau is easier to trust with something to check.
    Only on the current zelfevaluatie and newer concepts, which an editor can still improve."""
    since = _open_for_edit(item)
    for loc, evaluation, score in _scored(item):
        if since is not None and evaluation.datum < since:
            continue
        if score.niveau >= BEWIJS_EXPECTED_FROM and not score.bewijs:
            yield ctx.warning(
                item.doc,
                loc + ("niveau",),
                f"niveau {score.niveau} zonder `bewijs`: voeg bij niveau {BEWIJS_EXPECTED_FROM} of hoger een "
                "document, besluit, jaarverslag of webpagina toe (de pagina toont anders 'geen bewijs opgegeven')",
            )


def getoetst_not_before_evaluation(item: Loaded, ctx: Context) -> Found:
    for index, evaluation in enumerate(item.model.zelfevaluaties):
        review = evaluation.getoetst
        if review is not None and review.datum < evaluation.datum:
            yield ctx.error(
                item.doc,
                ("zelfevaluaties", index, "getoetst", "datum"),
                f"de toetsing ({review.datum.isoformat()}) ligt vóór de zelfevaluatie zelf "
                f"({evaluation.datum.isoformat()}); een toetsing komt op of na de datum van de zelfevaluatie",
            )
