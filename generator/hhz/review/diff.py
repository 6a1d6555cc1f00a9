"""`hhz diff BASE [HEAD]`: what a change does to the data, as a Dutch Markdown summary.

BASE and HEAD are git revisions or directories; HEAD defaults to the working tree
(``diff_extract``). Each side is loaded as the site loads it (``diff_load``: validated into
the Dataset and derived), and this module compares the two: the validated values, so a
change in formatting or comments only is reported as "geen inhoudelijke wijzigingen", and
the levels and gemeenten are the site's. A file that does not validate is named, not
compared; its errors come from the validator. The summary is meant for pull-request
comments: every value from the YAML goes through ``inline`` (``diff_markdown``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from ..diagnostics import Diagnostic
from .extract import DiffUsageError, resolve_side
from .load import SCHAAL_PATH, Revision, load_revision
from .markdown import S_BOUWSTENEN, S_GEMEENTEN, S_LEVELS, S_OTHER, S_REGIONS, Summary, inline
from .evaluation import new_region_evaluations
from .region import changed_fields, compare_region, new_region_practices, page_label, region_label, sort_ids
from ..geo.reference import GeoReference
from ..models import Bouwsteen
from ..urls import URLS
from ..vocabulary import BOUWSTEEN_IDS
from ..validate import BOUWSTENEN_DIR, REGIONS_DIR

__all__ = ["DiffUsageError", "check_preview_url", "diff", "summarize"]
PREVIEW_URL_RE = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$")


def check_preview_url(url: str) -> str:
    """An https address without anything that could break out of a Markdown link; ends in /."""
    if not PREVIEW_URL_RE.match(url):
        raise DiffUsageError(
            f"--preview-url `{inline(url, 80)}` is geen bruikbaar adres; geef een https://-adres, "
            "bijvoorbeeld https://organisatie.github.io/regios/pr-12/"
        )
    return url if url.endswith("/") else url + "/"


def _by_name(rel: str) -> tuple[str, str]:
    return Path(rel).stem, rel


def _bouwsteen_order(base: Revision, head: Revision) -> list[str]:
    order = {b: 100 + i for i, b in enumerate(BOUWSTEEN_IDS)}
    for side in (base, head):
        order.update({Path(rel).stem: m.volgorde for rel, m in side.records.items() if isinstance(m, Bouwsteen)})
    return sorted(order, key=lambda b: (order[b], b))


def _gemeente(code: str, geo: GeoReference | None) -> str:
    name = geo.gemeenten.get(code) if geo else None
    return f"{inline(code, 12)} ({inline(name, 40)})" if name else inline(code, 12)


def _not_compared(summary: Summary, rel: str, base: Revision, head: Revision) -> None:
    """A file that is on both sides but did not validate on one (or both) of them."""
    where = f"`{inline(rel)}`"
    if head.unreadable(rel) and not base.unreadable(rel):
        summary.add(S_OTHER, f"{where} is niet meer te lezen (zie Ongeldig)")
    elif not head.unreadable(rel):
        summary.add(S_OTHER, f"{where} is weer te lezen; niet vergeleken met de versie met fouten")
    elif base.files[rel] != head.files[rel]:
        summary.add(S_OTHER, f"{where} gewijzigd, maar nog steeds niet te lezen (zie de controle)")


def _new_region(summary: Summary, rel: str, head: Revision, order: list[str]) -> None:
    new = head.regions.get(rel)
    if new is None:
        summary.add(S_REGIONS, f"nieuwe regio {region_label(rel)} (`{inline(rel)}`), niet te lezen (zie Ongeldig)")
        return
    label = region_label(rel, new)
    summary.add(S_REGIONS, f"nieuwe regio {label}: {inline(new.naam)} (`{inline(rel)}`)")
    levels = head.levels[rel]
    shown = [f"{inline(b, 40)} {levels[b]}" for b in sort_ids(levels, order) if levels[b] is not None]
    if shown:
        summary.add(S_LEVELS, f"{label} (nieuw): {', '.join(shown)}")
    summary.link(page_label(rel, new), URLS.html(URLS.region(new.id)))
    new_region_evaluations(summary, label, new, order)
    new_region_practices(summary, label, new)


def _compare_regions(summary: Summary, base: Revision, head: Revision, order: list[str]) -> None:
    rels = {rel for rel in (*base.files, *head.files) if rel.startswith(f"{REGIONS_DIR}/")}
    for rel in sorted(rels, key=_by_name):
        if rel not in base.files:
            _new_region(summary, rel, head, order)
        elif rel not in head.files:
            summary.add(S_REGIONS, f"regio {region_label(rel, base.regions.get(rel))} verwijderd (`{inline(rel)}`)")
        elif base.unreadable(rel) or head.unreadable(rel):
            _not_compared(summary, rel, base, head)
        elif base.records[rel] != head.records[rel]:
            old, new = (base.regions[rel], base.levels[rel]), (head.regions[rel], head.levels[rel])
            compare_region(summary, rel, old, new, order)


def _owners(side: Revision) -> dict[str, str]:
    """Gemeente code -> the region file that claims it (the first, by name)."""
    owners: dict[str, str] = {}
    for rel, region in sorted(side.regions.items(), key=lambda item: _by_name(item[0])):
        for code in region.gemeenten:
            owners.setdefault(code, rel)
    return owners


def _compare_gemeenten(summary: Summary, base: Revision, head: Revision, geo: GeoReference | None) -> None:
    """Moves, additions and removals; a region that did not validate on one side is not
    taken to have gained or lost its gemeenten there."""
    old_owner, new_owner = _owners(base), _owners(head)
    regions = {**base.regions, **head.regions}
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for code in sorted(set(old_owner) | set(new_owner)):
        a, b = old_owner.get(code), new_owner.get(code)
        if a == b:
            continue
        if a is not None and b is not None:
            move = f"van {region_label(a, regions[a])} naar {region_label(b, regions[b])}"
            summary.add(S_GEMEENTEN, f"{_gemeente(code, geo)}: {move}")
        elif b is not None and not base.unreadable(b):
            added.setdefault(b, []).append(code)
        elif a is not None and not head.unreadable(a):
            removed.setdefault(a, []).append(code)
    for rel in sorted(set(added) | set(removed), key=_by_name):
        parts = []
        if rel in added:
            parts.append("toegevoegd " + ", ".join(_gemeente(c, geo) for c in added[rel]))
        if rel in removed:
            parts.append("niet meer bij een regio: " + ", ".join(_gemeente(c, geo) for c in removed[rel]))
        summary.add(S_GEMEENTEN, f"{region_label(rel, regions[rel])}: " + "; ".join(parts))


def _compare_bouwstenen(summary: Summary, base: Revision, head: Revision) -> None:
    for rel in sorted({rel for rel in (*base.files, *head.files) if rel.startswith(f"{BOUWSTENEN_DIR}/")}):
        name = "de schaal" if rel == SCHAAL_PATH else f"bouwsteen `{inline(Path(rel).stem, 40)}`"
        if rel not in base.files:
            unread = ", niet te lezen (zie Ongeldig)" if head.unreadable(rel) else ""
            summary.add(S_BOUWSTENEN, f"nieuw: {name} (`{inline(rel)}`){unread}")
        elif rel not in head.files:
            summary.add(S_BOUWSTENEN, f"verwijderd: {name} (`{inline(rel)}`)")
        elif base.unreadable(rel) or head.unreadable(rel):
            _not_compared(summary, rel, base, head)
        elif base.records[rel] != head.records[rel]:
            fields = ", ".join(inline(k, 40) for k in changed_fields(base.records[rel], head.records[rel]))
            summary.add(S_BOUWSTENEN, f"{name} gewijzigd: {fields}")
            record = head.records[rel]
            if isinstance(record, Bouwsteen):
                summary.link(f"Bouwsteen: {record.naam}", URLS.html(URLS.bouwsteen(record.id)))


def _compare_errors(summary: Summary, base: Revision, head: Revision) -> None:
    """Errors are matched by file and message, counted: a second, identical error in a file
    that had one already is new (lines move with every edit, so they cannot be matched)."""

    def key(d: Diagnostic) -> tuple[str, str]:
        return (d.path, d.message)

    still = Counter(key(d) for d in base.diagnostics if d.is_error)
    head_errors = [d for d in head.diagnostics if d.is_error]
    for d in head_errors:
        if still[key(d)] > 0:
            still[key(d)] -= 1
        else:
            summary.new_errors.append(d)
    summary.old_errors = len(head_errors) - len(summary.new_errors)
    summary.fixed_errors = sum(still.values())


def summarize(
    base: Revision,
    head: Revision,
    base_label: str,
    head_label: str,
    geo: GeoReference | None = None,
    preview_url: str | None = None,
) -> Summary:
    summary = Summary(base_label, head_label, preview_url=preview_url)
    _compare_regions(summary, base, head, _bouwsteen_order(base, head))
    _compare_gemeenten(summary, base, head, geo)
    _compare_bouwstenen(summary, base, head)
    for rel in sorted(set(base.files) & set(head.files)):
        unchanged = rel in base.records and base.records[rel] == head.records.get(rel)
        if unchanged and base.files[rel] != head.files[rel]:
            summary.formatting_only.append(rel)
    _compare_errors(summary, base, head)
    return summary


def diff(
    base: str,
    head: str | None = None,
    repo: Path = Path("."),
    geo: GeoReference | None = None,
    today: dt.date | None = None,
    preview_url: str | None = None,
) -> str:
    """The Markdown summary of BASE → HEAD; raises DiffUsageError for bad arguments.
    ``preview_url``: the pull request's preview site; the summary links each changed page."""
    if not repo.is_dir():
        raise DiffUsageError(f"{repo} is geen map")
    preview = check_preview_url(preview_url) if preview_url is not None else None
    with ExitStack() as stack:
        base_side = resolve_side(base, repo, stack)
        head_side = resolve_side(head, repo, stack)
        base_data = load_revision(base_side.root, geo, today)
        head_data = load_revision(head_side.root, geo, today)
        return summarize(base_data, head_data, base_side.label, head_side.label, geo, preview).markdown()
