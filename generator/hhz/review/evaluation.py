"""The zelfevaluaties of one region in `hhz diff`: what changed in each (status, deelnemers,
and per bouwsteen niveau, ambitie, toelichting as a short text diff, bewijs), a new one per
bouwsteen against the previous vastgestelde one (level change, new ambitie, new bewijs), the warnings
a reviewer must see (an older vastgestelde zelfevaluatie rewritten or removed, and
`voorbeeld: true` on new data), and the evaluations of a new region."""

from __future__ import annotations

import difflib
from typing import Callable, Iterable, Sequence, TypeVar

from pydantic import BaseModel

from .markdown import S_EVALUATIONS, S_WARNINGS, Summary, inline
from ..models import Bewijs, BouwsteenScore, Regio, Toetsing, Zelfevaluatie
from ..vocabulary import SCORE_GROEPEN

T = TypeVar("T")
TEXT_CONTEXT_WORDS = 4  # words of unchanged text shown around a change in a toelichting
TEXT_LIMIT = 140
HANDLED_EVALUATION_FIELDS = ("datum", "status", "voorbeeld", "deelnemers", "bouwstenen", "getoetst")
HANDLED_SCORE_FIELDS = ("niveau", "ambitie", "toelichting", "bewijs", "scores")
NONE = "—"  # a value that is not there, on either side of →


def first_by(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    out: dict[str, T] = {}
    for item in items:
        out.setdefault(key(item), item)
    return out


def in_order(ids: Iterable[str], order: list[str]) -> list[str]:
    position = {b: i for i, b in enumerate(order)}
    return sorted(ids, key=lambda b: (position.get(b, len(order)), b))


def _other_fields(a: BaseModel, b: BaseModel, handled: tuple[str, ...]) -> list[str]:
    return [f"{inline(k, 40)} gewijzigd" for k in type(a).model_fields if k not in handled and getattr(a, k) != getattr(b, k)]


def text_change(old: str, new: str) -> str:
    """The changed part of a text with a few words around it: „…old…" → „…new…"."""
    a, b = old.split(), new.split()
    opcodes = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not opcodes:
        return "alleen witruimte gewijzigd"
    i1, j1 = max(opcodes[0][1] - TEXT_CONTEXT_WORDS, 0), max(opcodes[0][3] - TEXT_CONTEXT_WORDS, 0)
    i2, j2 = opcodes[-1][2] + TEXT_CONTEXT_WORDS, opcodes[-1][4] + TEXT_CONTEXT_WORDS

    def part(words: list[str], start: int, end: int) -> str:
        shown = " ".join(words[start:end])
        text = ("…" if start > 0 else "") + shown + ("…" if end < len(words) else "")
        return f"„{inline(text, TEXT_LIMIT)}”" if shown else "(leeg)"

    return f"{part(a, i1, i2)} → {part(b, j1, j2)}"


def _ambitie(score: BouwsteenScore) -> str:
    return f"{score.ambitie.niveau} in {score.ambitie.jaar}" if score.ambitie else "geen"


def _shown(value: object, limit: int = 60) -> str:
    return NONE if value is None else inline(value, limit)


def _bewijs_fields(old: Bewijs, new: Bewijs) -> str:
    """One changed bewijs item (same URL): „titel” aangepast (type — → besluit, datum …)."""
    parts = [f"titel „{inline(old.titel, 60)}” → „{inline(new.titel, 60)}”"] if old.titel != new.titel else []
    parts += [
        f"{key} {_shown(getattr(old, key))} → {_shown(getattr(new, key))}"
        for key in ("type", "datum")
        if getattr(old, key) != getattr(new, key)
    ]
    return f"„{inline(new.titel, 60)}” aangepast ({', '.join(parts)})"


def _bewijs(a: BouwsteenScore, b: BouwsteenScore) -> list[str]:
    old, new = first_by(a.bewijs, lambda x: x.url), first_by(b.bewijs, lambda x: x.url)
    changes = [f"+ „{inline(new[u].titel, 60)}”" for u in new if u not in old]
    changes += [f"− „{inline(old[u].titel, 60)}”" for u in old if u not in new]
    changes += [_bewijs_fields(old[u], new[u]) for u in new if u in old and new[u] != old[u]]
    if not changes and a.bewijs != b.bewijs:
        changes.append("volgorde gewijzigd")
    return [f"bewijs {', '.join(changes)}"] if changes else []


def _scores(a: BouwsteenScore, b: BouwsteenScore) -> list[str]:
    """scores: huisartsen 3 → 2, bestuur — → 4 (the groups in the vocabulary's order)."""
    old, new = a.scores or {}, b.scores or {}
    groups = in_order(set(old) | set(new), list(SCORE_GROEPEN))
    changed = [f"{inline(g, 40)} {_shown(old.get(g))} → {_shown(new.get(g))}" for g in groups if old.get(g) != new.get(g)]
    return [f"scores: {', '.join(changed)}"] if changed else []


def score_changes(a: BouwsteenScore, b: BouwsteenScore) -> list[str]:
    """What changed in one bouwsteen's score, old → new."""
    out = []
    if a.niveau != b.niveau:
        out.append(f"niveau {a.niveau} → {b.niveau}")
    if a.ambitie != b.ambitie:
        out.append(f"ambitie {_ambitie(a)} → {_ambitie(b)}")
    if a.toelichting != b.toelichting:
        out.append(f"toelichting {text_change(a.toelichting, b.toelichting)}")
    return out + _scores(a, b) + _bewijs(a, b) + _other_fields(a, b, HANDLED_SCORE_FIELDS)


def _deelnemers(a: Zelfevaluatie, b: Zelfevaluatie) -> list[str]:
    if a.deelnemers == b.deelnemers:
        return []
    added = [f"+ {inline(d, 60)}" for d in b.deelnemers if d not in a.deelnemers]
    removed = [f"− {inline(d, 60)}" for d in a.deelnemers if d not in b.deelnemers]
    return [f"deelnemers {', '.join(added + removed) or 'in een andere volgorde'}"]


def _toetsing(a: Toetsing | None, b: Toetsing | None) -> list[str]:
    """getoetst door „A” → „B”, datum old → new; or the whole toetsing — → new / old → —."""
    if a == b:
        return []
    if a is None or b is None:
        whole = [f"door „{inline(t.door, 60)}” op {t.datum.isoformat()}" if t else NONE for t in (a, b)]
        return [f"getoetst {whole[0]} → {whole[1]}"]
    parts = [f"door „{inline(a.door, 60)}” → „{inline(b.door, 60)}”"] if a.door != b.door else []
    parts += [f"datum {a.datum.isoformat()} → {b.datum.isoformat()}"] if a.datum != b.datum else []
    if a.opmerking != b.opmerking:
        parts.append(f"opmerking {text_change(a.opmerking or '', b.opmerking or '')}")
    return [f"getoetst {', '.join(parts)}"]


def evaluation_changes(a: Zelfevaluatie, b: Zelfevaluatie, order: list[str]) -> list[str]:
    """Each change from ``a`` to ``b``, one line each, old → new."""
    out = []
    for key in ("status", "voorbeeld"):
        if getattr(a, key) != getattr(b, key):
            out.append(f"{key} {inline(getattr(a, key), 20)} → {inline(getattr(b, key), 20)}")
    out += _deelnemers(a, b) + _toetsing(a.getoetst, b.getoetst)
    for bouwsteen_id in in_order(set(a.bouwstenen) | set(b.bouwstenen), order):
        old, new = a.bouwstenen.get(bouwsteen_id), b.bouwstenen.get(bouwsteen_id)
        name = inline(bouwsteen_id, 40)
        if old is None and new is not None:
            out.append(f"{name} toegevoegd (niveau {new.niveau})")
        elif new is None and old is not None:
            out.append(f"{name} weggehaald (was niveau {old.niveau})")
        elif old != new and old is not None and new is not None:
            out.append(f"{name}: " + "; ".join(score_changes(old, new)))
    return out + _other_fields(a, b, HANDLED_EVALUATION_FIELDS)


def previous_established(region: Regio, evaluation: Zelfevaluatie) -> Zelfevaluatie | None:
    """The newest vastgestelde zelfevaluatie of ``region`` before ``evaluation``."""
    earlier = [z for z in region.zelfevaluaties if z.status == "vastgesteld" and z.datum < evaluation.datum]
    return max(earlier, key=lambda z: z.datum, default=None)


def _against(old: BouwsteenScore | None, new: BouwsteenScore) -> str:
    """One bouwsteen of a new zelfevaluatie against the previous vastgestelde one: the level
    and its change, a new or changed ambitie, and bewijs that was not there before."""
    if old is None:
        parts = [f"niveau {new.niveau} (nieuw)"]
    elif old.niveau == new.niveau:
        parts = [f"niveau {new.niveau} (gelijk)"]
    else:
        parts = [f"niveau {old.niveau} → {new.niveau} {'↑' if new.niveau > old.niveau else '↓'}"]
    before = old.ambitie if old else None
    if new.ambitie and new.ambitie != before:
        parts.append(f"nieuwe ambitie {_ambitie(new)}" + (f" (was {_ambitie(old)})" if old and before else ""))
    elif old and before and not new.ambitie:
        parts.append(f"geen ambitie meer (was {_ambitie(old)})")
    known = {b.url for b in old.bewijs} if old else set()
    fresh = [f"„{inline(b.titel, 60)}”" for b in new.bewijs if b.url not in known]
    if fresh:
        parts.append(f"nieuw bewijs {', '.join(fresh)}")
    return "; ".join(parts)


def against_previous(region: Regio, evaluation: Zelfevaluatie, order: list[str]) -> list[str]:
    """A new zelfevaluatie per bouwsteen, against the previous vastgestelde one (issue 24)."""
    previous = previous_established(region, evaluation)
    if previous is None:
        lines = ["geen eerdere vastgestelde zelfevaluatie om mee te vergelijken"]
    else:
        lines = [f"vergeleken met de vastgestelde zelfevaluatie van {previous.datum.isoformat()}"]
    before = previous.bouwstenen if previous else {}
    for bouwsteen_id in in_order(set(evaluation.bouwstenen) | set(before), order):
        new = evaluation.bouwstenen.get(bouwsteen_id)
        shown = _against(before.get(bouwsteen_id), new) if new else f"niet ingevuld (was niveau {before[bouwsteen_id].niveau})"
        lines.append(f"{inline(bouwsteen_id, 40)}: {shown}")
    return lines + [f"deelnemers: {', '.join(inline(d, 60) for d in evaluation.deelnemers)}"]


def _flag_voorbeeld(summary: Summary, label: str, evaluation: Zelfevaluatie) -> None:
    summary.add(
        S_WARNINGS,
        f"⚠️ {label}: zelfevaluatie {evaluation.datum.isoformat()} heeft `voorbeeld: true` (illustratieve gegevens, "
        "de site toont een banner); klopt dat, of zijn dit echte niveaus?",
    )


def new_region_evaluations(summary: Summary, label: str, region: Regio, order: list[str]) -> None:
    """Every zelfevaluatie of a region that is new, with its levels; `voorbeeld` flagged."""
    for evaluation in sorted(region.zelfevaluaties, key=lambda z: z.datum):
        status = inline(evaluation.status, 20)
        summary.add(
            S_EVALUATIONS,
            f"{label} (nieuw): zelfevaluatie {evaluation.datum.isoformat()} ({status})",
            against_previous(region, evaluation, order),
        )
        if evaluation.voorbeeld:
            _flag_voorbeeld(summary, label, evaluation)


def _latest_established(region: Regio) -> str | None:
    dates = [z.datum.isoformat() for z in region.zelfevaluaties if z.status == "vastgesteld"]
    return max(dates) if dates else None


def _moved(old: dict[str, Zelfevaluatie], new: dict[str, Zelfevaluatie]) -> dict[str, str]:
    """Old date -> new date for an evaluation that only got another datum."""
    added = [d for d in new if d not in old]
    moved: dict[str, str] = {}
    for date in (d for d in old if d not in new):
        match = next((d for d in added if d not in moved.values() and new[d] == old[date].model_copy(update={"datum": new[d].datum})), None)
        if match is not None:
            moved[date] = match
    return moved


def _history(summary: Summary, label: str, date: str, what: str, changes: Sequence[str] = ()) -> None:
    summary.add(S_WARNINGS, f"⚠️ {label}: de oudere vastgestelde zelfevaluatie {date} {what} (de geschiedenis herschreven)", changes)


def _changed(summary: Summary, label: str, a: Zelfevaluatie, b: Zelfevaluatie, older: bool, order: list[str]) -> None:
    date = a.datum.isoformat()
    changes = evaluation_changes(a, b, order)
    summary.add(S_EVALUATIONS, f"{label}: zelfevaluatie {date} gewijzigd", changes)
    if older:
        _history(summary, label, date, "is aangepast", changes)
    if b.voorbeeld and not a.voorbeeld:
        _flag_voorbeeld(summary, label, b)


def compare_evaluations(summary: Summary, label: str, old: Regio, new: Regio, order: list[str]) -> None:
    """New, removed, moved and changed zelfevaluaties (matched by datum); a rewritten or
    removed older vastgestelde one and new `voorbeeld: true` are warnings."""
    old_evals, new_evals = (first_by(r.zelfevaluaties, lambda z: z.datum.isoformat()) for r in (old, new))
    latest = _latest_established(old)
    moved = _moved(old_evals, new_evals)
    for date in sorted(set(old_evals) | set(new_evals)):
        a, b = old_evals.get(date), new_evals.get(date)
        older = a is not None and a.status == "vastgesteld" and latest is not None and date < latest
        if a == b or (a is None and date in moved.values()):
            continue
        if date in moved:
            summary.add(S_EVALUATIONS, f"{label}: zelfevaluatie {date} heeft nu datum {moved[date]}")
            if older:
                _history(summary, label, date, f"heeft nu datum {moved[date]}")
        elif a is None and b is not None:
            summary.add(S_EVALUATIONS, f"{label}: nieuwe zelfevaluatie {date} ({inline(b.status, 20)})", against_previous(new, b, order))
            if b.voorbeeld:
                _flag_voorbeeld(summary, label, b)
        elif b is None:
            summary.add(S_EVALUATIONS, f"{label}: zelfevaluatie {date} verwijderd")
            if older:
                _history(summary, label, date, "is verwijderd")
        elif a is not None:
            _changed(summary, label, a, b, older, order)
