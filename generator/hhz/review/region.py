"""How one region changed between two validated versions, for `hhz diff`: the levels of its
current zelfevaluatie, its zelfevaluaties, goede voorbeelden, kerngegevens and other fields.
Also the small helpers the rest of the comparison shares (labels, changed fields, order)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .evaluation import compare_evaluations, first_by, in_order
from .load import Levels
from .markdown import S_KERNGEGEVENS, S_LEVELS, S_OTHER, S_PRACTICES, Summary, inline
from ..models import GoedVoorbeeld, Regio
from ..urls import URLS

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


sort_ids = in_order


def page_label(rel: str, region: Regio | None) -> str:
    """The plain label of a region's page link: its short name, else the file name."""
    if region is not None and region.korte_naam.strip():
        return f"Regio: {region.korte_naam}"
    return f"Regio: {Path(rel).stem}"


def practice_link(summary: Summary, practice: GoedVoorbeeld) -> None:
    summary.link(f"Goed voorbeeld: {practice.titel}", URLS.html(URLS.practice(practice.id)))


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


def _compare_practices(summary: Summary, label: str, old: Regio, new: Regio) -> None:
    old_practices, new_practices = (first_by(r.goede_voorbeelden, lambda gv: gv.id) for r in (old, new))
    for practice_id in sorted(set(old_practices) | set(new_practices)):
        a, b = old_practices.get(practice_id), new_practices.get(practice_id)
        if a == b:
            continue
        pid = f"`{inline(practice_id, 60)}`"
        if a is None and b is not None:
            summary.add(S_PRACTICES, f"{label}: nieuw goed voorbeeld {pid}: {inline(b.titel, 80)}")
            practice_link(summary, b)
        elif b is None:
            summary.add(S_PRACTICES, f"{label}: goed voorbeeld {pid} verwijderd")
        elif a is not None:
            fields = ", ".join(inline(k, 40) for k in changed_fields(a, b))
            summary.add(S_PRACTICES, f"{label}: goed voorbeeld {pid} gewijzigd ({fields})")
            practice_link(summary, b)


def new_region_practices(summary: Summary, label: str, region: Regio) -> None:
    """Every goed voorbeeld of a region that is new."""
    for practice in region.goede_voorbeelden:
        summary.add(S_PRACTICES, f"{label} (nieuw): goed voorbeeld `{inline(practice.id, 60)}`: {inline(practice.titel, 80)}")
        practice_link(summary, practice)


def compare_region(
    summary: Summary, rel: str, old: tuple[Regio, Levels], new: tuple[Regio, Levels], order: list[str]
) -> None:
    """Each (region, current levels) of the two versions of one region file."""
    (old_region, old_levels), (new_region, new_levels) = old, new
    label = region_label(rel, new_region, old_region)
    _compare_levels(summary, label, old_levels, new_levels, order)
    summary.link(page_label(rel, new_region), URLS.html(URLS.region(new_region.id)))
    compare_evaluations(summary, label, old_region, new_region, order)
    _compare_practices(summary, label, old_region, new_region)
    old_k, new_k = old_region.kerngegevens, new_region.kerngegevens
    for key in changed_fields(old_k, new_k):
        summary.add(S_KERNGEGEVENS, f"{label} · {_change(inline(key, 40), getattr(old_k, key), getattr(new_k, key))}")
    other = [k for k in changed_fields(old_region, new_region) if k not in SPECIFIC_REGION_KEYS]
    if other:
        changes = (_change(inline(k, 40), getattr(old_region, k), getattr(new_region, k)) for k in other)
        summary.add(S_OTHER, f"{label}: " + "; ".join(changes))
