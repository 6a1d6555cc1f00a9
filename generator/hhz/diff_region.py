"""How one region changed between two validated versions, for `hhz diff`: the levels of its
current zelfevaluatie, its zelfevaluaties, goede voorbeelden, kerngegevens and other fields.
Also the small helpers the rest of the comparison shares (labels, changed fields, order)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from pydantic import BaseModel

from .diff_load import Levels
from .diff_markdown import S_EVALUATIONS, S_KERNGEGEVENS, S_LEVELS, S_OTHER, S_PRACTICES, Summary, inline
from .models import Regio, Zelfevaluatie

T = TypeVar("T")
SPECIFIC_REGION_KEYS = {"zelfevaluaties", "goede_voorbeelden", "gemeenten", "kerngegevens"}


def region_label(rel: str, *regions: Regio | None) -> str:
    """The short name of the first region given, else the file name; bold."""
    for region in regions:
        if region is not None and region.korte_naam.strip():
            return f"**{inline(region.korte_naam, 40)}**"
    return f"**{inline(Path(rel).stem, 40)}**"


def changed_fields(old: BaseModel, new: BaseModel) -> list[str]:
    """The fields that differ, in the model's order."""
    return [k for k in type(old).model_fields if getattr(old, k) != getattr(new, k)]


def sort_ids(ids: Iterable[str], order: list[str]) -> list[str]:
    position = {b: i for i, b in enumerate(order)}
    return sorted(ids, key=lambda b: (position.get(b, len(order)), b))


def _first_by(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    out: dict[str, T] = {}
    for item in items:
        out.setdefault(key(item), item)
    return out


def _change(name: str, old: Any, new: Any) -> str:
    if all(v is None or isinstance(v, (str, int, float, bool, dt.date)) for v in (old, new)):
        return f"{name}: {inline(old, 60)} → {inline(new, 60)}"
    return f"{name} gewijzigd"


def _compare_levels(summary: Summary, label: str, old: Levels, new: Levels, order: list[str]) -> None:
    for bouwsteen_id in sort_ids(set(old) | set(new), order):
        a, b = old.get(bouwsteen_id), new.get(bouwsteen_id)
        if a == b:
            continue
        arrow = "↑" if a is not None and b is not None and b > a else "↓" if a is not None and b is not None else ""
        line = f"{label} · {inline(bouwsteen_id, 40)} {inline(a)} → {inline(b)}"
        summary.add(S_LEVELS, f"{line} {arrow}".rstrip())


def _evaluation_details(a: Zelfevaluatie, b: Zelfevaluatie, order: list[str]) -> str:
    details = []
    if a.status != b.status:
        details.append(f"status {inline(a.status, 20)} → {inline(b.status, 20)}")
    scores = sort_ids(set(a.bouwstenen) | set(b.bouwstenen), order)
    changed = [k for k in scores if a.bouwstenen.get(k) != b.bouwstenen.get(k)]
    if changed:
        details.append("bouwstenen: " + ", ".join(inline(k, 40) for k in changed))
    details += [inline(k, 40) for k in changed_fields(a, b) if k not in ("status", "bouwstenen")]
    return "; ".join(details) or "inhoud"


def _compare_evaluations(summary: Summary, label: str, old: Regio, new: Regio, order: list[str]) -> None:
    old_evals, new_evals = (_first_by(r.zelfevaluaties, lambda z: z.datum.isoformat()) for r in (old, new))
    for date in sorted(set(old_evals) | set(new_evals)):
        a, b = old_evals.get(date), new_evals.get(date)
        if a == b:
            continue
        if a is None:
            summary.add(S_EVALUATIONS, f"{label}: nieuwe zelfevaluatie {date} ({inline(new_evals[date].status, 20)})")
        elif b is None:
            summary.add(S_EVALUATIONS, f"{label}: zelfevaluatie {date} verwijderd")
        else:
            summary.add(S_EVALUATIONS, f"{label}: zelfevaluatie {date} gewijzigd ({_evaluation_details(a, b, order)})")


def _compare_practices(summary: Summary, label: str, old: Regio, new: Regio) -> None:
    old_practices, new_practices = (_first_by(r.goede_voorbeelden, lambda gv: gv.id) for r in (old, new))
    for practice_id in sorted(set(old_practices) | set(new_practices)):
        a, b = old_practices.get(practice_id), new_practices.get(practice_id)
        if a == b:
            continue
        pid = f"`{inline(practice_id, 60)}`"
        if a is None:
            title = inline(new_practices[practice_id].titel, 80)
            summary.add(S_PRACTICES, f"{label}: nieuw goed voorbeeld {pid}: {title}")
        elif b is None:
            summary.add(S_PRACTICES, f"{label}: goed voorbeeld {pid} verwijderd")
        else:
            fields = ", ".join(inline(k, 40) for k in changed_fields(a, b))
            summary.add(S_PRACTICES, f"{label}: goed voorbeeld {pid} gewijzigd ({fields})")


def compare_region(
    summary: Summary, rel: str, old: tuple[Regio, Levels], new: tuple[Regio, Levels], order: list[str]
) -> None:
    """Each (region, current levels) of the two versions of one region file."""
    (old_region, old_levels), (new_region, new_levels) = old, new
    label = region_label(rel, new_region, old_region)
    _compare_levels(summary, label, old_levels, new_levels, order)
    _compare_evaluations(summary, label, old_region, new_region, order)
    _compare_practices(summary, label, old_region, new_region)
    old_k, new_k = old_region.kerngegevens, new_region.kerngegevens
    for key in changed_fields(old_k, new_k):
        summary.add(S_KERNGEGEVENS, f"{label} · {_change(inline(key, 40), getattr(old_k, key), getattr(new_k, key))}")
    other = [k for k in changed_fields(old_region, new_region) if k not in SPECIFIC_REGION_KEYS]
    if other:
        changes = (_change(inline(k, 40), getattr(old_region, k), getattr(new_region, k)) for k in other)
        summary.add(S_OTHER, f"{label}: " + "; ".join(changes))
