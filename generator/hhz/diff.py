"""`hhz diff BASE [HEAD]`: what a change does to the data, as a Dutch Markdown summary.

BASE and HEAD are git revisions or directories; HEAD defaults to the working tree. A
revision is never checked out: its ``regions/`` and ``bouwstenen/`` are extracted with
``git archive`` into a temporary folder. The files are compared as *data* (parsed YAML),
so a change in formatting or comments only is reported as "geen inhoudelijke
wijzigingen". The summary is meant for pull-request comments: every value that comes
from the YAML is shown on one line, shortened and neutralised (no HTML, no @-mentions).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import tarfile
import tempfile
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .geo import GeoReference
from .models import BOUWSTEEN_IDS
from .validate import BOUWSTENEN_DIR, REGIONS_DIR, SCHAAL_FILE, ProjectError, validate_root
from .yamlsource import InvalidDate, Yaml11Bool, load_yaml_file

DATA_DIRS = (REGIONS_DIR, BOUWSTENEN_DIR)
WORKTREE_LABEL = "werkmap"
MAX_ERRORS_SHOWN = 50


class DiffUsageError(Exception):
    """A bad argument (unknown revision, not a git repository): exit code 2."""


# --- getting the two sides ------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    label: str
    root: Path


def _git(repo: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=not binary, check=False)
    except FileNotFoundError as exc:
        raise DiffUsageError("git is niet geïnstalleerd; geef twee mappen op in plaats van revisies") from exc


def _extract_revision(repo: Path, revision: str, target: Path) -> Side:
    if not revision.strip() or revision.startswith("-"):
        raise DiffUsageError(f"`{revision}` is geen geldige git-revisie")
    inside = _git(repo, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise DiffUsageError(
            f"`{revision}` is geen map, en {repo} is geen git-repository; geef een revisie in een repository of twee mappen op"
        )
    verified = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if verified.returncode != 0 or not verified.stdout.strip():
        raise DiffUsageError(f"onbekende revisie `{revision}`; controleer de naam van de branch, tag of commit")
    sha = verified.stdout.strip()
    prefix = _git(repo, "rev-parse", "--show-prefix").stdout.strip()
    toplevel = Path(_git(repo, "rev-parse", "--show-toplevel").stdout.strip() or repo)
    target.mkdir(parents=True, exist_ok=True)
    for folder in DATA_DIRS:
        path = f"{prefix}{folder}"
        if _git(toplevel, "cat-file", "-e", f"{sha}:{path}").returncode != 0:
            continue  # the folder does not exist in that revision: an empty side
        # from the top level: in a subfolder, git archive would look for that subfolder inside the tree
        archive = _git(toplevel, "archive", "--format=tar", f"{sha}:{path}", binary=True)
        if archive.returncode != 0:
            message = archive.stderr.decode("utf-8", "replace").strip()
            raise DiffUsageError(f"kan {folder}/ niet lezen uit `{revision}`: {message}")
        _extract_tar(archive.stdout, target / folder)
    return Side(f"`{_inline(revision, 40)}` ({sha[:7]})", target)


def _extract_tar(data: bytes, destination: Path) -> None:
    """Files and folders of a `git archive`, and its symbolic links recreated as links
    (never followed): the validator then refuses a link that points out of the folder,
    exactly as it does in a working tree, instead of the extraction failing."""
    destination.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
        for member in members:
            parts = Path(member.name).parts
            if Path(member.name).is_absolute() or ".." in parts:
                raise DiffUsageError(f"onverwachte bestandsnaam `{_inline(member.name, 60)}` in de git-revisie")
        plain = [m for m in members if m.isfile() or m.isdir()]
        if hasattr(tarfile, "data_filter"):
            tar.extractall(destination, members=plain, filter="data")
        else:  # Python < 3.11.4: the names are checked above, and only files and folders remain
            tar.extractall(destination, members=plain)  # noqa: S202
        for member in members:
            if member.issym():
                link = destination / member.name
                link.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(member.linkname, link)


def resolve_side(spec: str | None, repo: Path, stack: ExitStack) -> Side:
    """A directory as it is, the working tree (None), or a revision extracted into a temp dir."""
    if spec is None:
        return Side(WORKTREE_LABEL, repo)
    candidate = Path(spec)
    if candidate.is_dir():
        return Side(f"map `{_inline(spec, 60)}`", candidate)
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hhz-diff-")))
    return _extract_revision(repo, spec, tmp)


# --- reading a side as data -----------------------------------------------------------


class _Unreadable:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<onleesbaar>"


UNREADABLE = _Unreadable()


def _canon(value: Any) -> Any:
    """Plain, comparable values (the loader's sentinels compare by their raw text)."""
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, Yaml11Bool):
        return value.raw
    if isinstance(value, InvalidDate):
        return value.raw
    return value


@dataclass
class Snapshot:
    """The data of one side: parsed files, raw bytes, and the validator's diagnostics."""

    files: dict[str, Any] = field(default_factory=dict)  # relpath -> data or UNREADABLE
    raw: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def regions(self) -> dict[str, Any]:
        return {
            Path(rel).stem: data for rel, data in self.files.items() if rel.startswith(f"{REGIONS_DIR}/")
        }

    def bouwstenen(self) -> dict[str, Any]:
        return {
            Path(rel).stem: data
            for rel, data in self.files.items()
            if rel.startswith(f"{BOUWSTENEN_DIR}/") and Path(rel).name != SCHAAL_FILE
        }


def load_snapshot(root: Path, geo: GeoReference | None, today: dt.date | None = None) -> Snapshot:
    snapshot = Snapshot()
    for folder in DATA_DIRS:
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            doc = load_yaml_file(path, root)
            snapshot.files[rel] = _canon(doc.data) if doc.usable else UNREADABLE
            try:
                snapshot.raw[rel] = path.read_bytes()
            except OSError:
                snapshot.raw[rel] = b""
    try:
        snapshot.diagnostics = validate_root(root, geo, today=today).diagnostics
    except ProjectError:
        snapshot.diagnostics = []
    return snapshot


# --- helpers on raw (possibly invalid) data -------------------------------------------


def _get(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


def _list(data: Any, key: str) -> list[Any]:
    value = _get(data, key)
    return value if isinstance(value, list) else []


def _inline(value: Any, limit: int = 80) -> str:
    """One line of neutral text: no HTML, no mentions, no Markdown structure, shortened."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("@", "@\u200b")
    )


def _region_label(region_id: str, *datas: Any) -> str:
    for data in datas:
        short = _get(data, "korte_naam")
        if isinstance(short, str) and short.strip():
            return f"**{_inline(short, 40)}**"
    return f"**{_inline(region_id, 40)}**"


def _date_key(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else _inline(value, 30)


def current_levels(region: Any) -> tuple[str | None, dict[str, int]]:
    """The date and levels of the newest *vastgestelde* zelfevaluatie (as derive does)."""
    established = [
        z
        for z in _list(region, "zelfevaluaties")
        if isinstance(z, dict) and z.get("status") == "vastgesteld" and isinstance(z.get("datum"), dt.date)
    ]
    if not established:
        return None, {}
    newest = max(established, key=lambda z: z["datum"])
    scores = newest.get("bouwstenen")
    levels = {}
    if isinstance(scores, dict):
        for bouwsteen_id, score in scores.items():
            niveau = _get(score, "niveau")
            if isinstance(niveau, int) and not isinstance(niveau, bool):
                levels[bouwsteen_id] = niveau
    return newest["datum"].isoformat(), levels


def _by_key(items: list[Any], key: str, keyfunc=None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for index, item in enumerate(items):
        value = _get(item, key)
        name = keyfunc(value) if keyfunc else (value if isinstance(value, str) else f"#{index + 1}")
        out.setdefault(name, item)
    return out


def _changed_keys(old: Any, new: Any) -> list[str]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else ["inhoud"]
    return [k for k in list(old) + [k for k in new if k not in old] if old.get(k) != new.get(k)]


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, dt.date))


def _change(name: str, old: Any, new: Any) -> str:
    if _is_scalar(old) and _is_scalar(new):
        return f"{name}: {_inline(old, 60)} → {_inline(new, 60)}"
    return f"{name} gewijzigd"


# --- the summary ----------------------------------------------------------------------


@dataclass
class Summary:
    base_label: str
    head_label: str
    sections: dict[str, list[str]] = field(default_factory=dict)
    formatting_only: list[str] = field(default_factory=list)
    new_errors: list[Diagnostic] = field(default_factory=list)
    old_errors: int = 0
    fixed_errors: int = 0

    def add(self, section: str, line: str) -> None:
        self.sections.setdefault(section, []).append(line)

    @property
    def has_content_changes(self) -> bool:
        return any(self.sections.values())

    def markdown(self) -> str:
        out = ["## Wijzigingen in de gegevens", "", f"Vergeleken: {self.base_label} → {self.head_label}", ""]
        if not self.has_content_changes and not self.new_errors:
            if self.formatting_only:
                files = ", ".join(f"`{_inline(f)}`" for f in self.formatting_only)
                out.append(f"Geen inhoudelijke wijzigingen: alleen opmaak of commentaar gewijzigd in {files}.")
            else:
                out.append("Geen inhoudelijke wijzigingen in de gegevens.")
            out.append("")
        for title in SECTION_ORDER:
            lines = self.sections.get(title)
            if lines:
                out += [f"### {title}", "", *[f"- {line}" for line in lines], ""]
        if self.formatting_only and (self.has_content_changes or self.new_errors):
            files = ", ".join(f"`{_inline(f)}`" for f in self.formatting_only)
            out += [f"Alleen opmaak of commentaar gewijzigd in {files}.", ""]
        if self.new_errors:
            count = len(self.new_errors)
            out += [f"### Ongeldig ({count} nieuwe fout{'en' if count != 1 else ''})", ""]
            for d in self.new_errors[:MAX_ERRORS_SHOWN]:
                where = f"`{_inline(d.path)}`" + (f", regel {d.line}" if d.line else "")
                out.append(f"- ❌ {where}: {_inline(d.message, 300)}")
            if count > MAX_ERRORS_SHOWN:
                out.append(f"- … en nog {count - MAX_ERRORS_SHOWN} fouten (zie de controle)")
            out.append("")
        notes = []
        if self.old_errors:
            notes.append(f"{self.old_errors} fout{'en' if self.old_errors != 1 else ''} stond{'en' if self.old_errors != 1 else ''} er al")
        if self.fixed_errors:
            notes.append(f"{self.fixed_errors} fout{'en' if self.fixed_errors != 1 else ''} opgelost")
        if notes:
            out += ["_" + "; ".join(notes).capitalize() + "._", ""]
        return "\n".join(out).rstrip() + "\n"


S_REGIONS = "Regio's"
S_LEVELS = "Niveaus (huidige vastgestelde zelfevaluatie)"
S_EVALUATIONS = "Zelfevaluaties"
S_PRACTICES = "Goede voorbeelden"
S_GEMEENTEN = "Gemeenten"
S_KERNGEGEVENS = "Kerngegevens"
S_BOUWSTENEN = "Bouwstenen en schaal"
S_OTHER = "Overige wijzigingen"
SECTION_ORDER = (S_REGIONS, S_LEVELS, S_EVALUATIONS, S_PRACTICES, S_GEMEENTEN, S_KERNGEGEVENS, S_BOUWSTENEN, S_OTHER)
SPECIFIC_REGION_KEYS = {"zelfevaluaties", "goede_voorbeelden", "gemeenten", "kerngegevens"}


def _bouwsteen_order(base: Snapshot, head: Snapshot) -> list[str]:
    order: dict[str, tuple[int, int]] = {b: (100 + i, 0) for i, b in enumerate(BOUWSTEEN_IDS)}
    for snapshot in (base, head):
        for bouwsteen_id, data in snapshot.bouwstenen().items():
            volgorde = _get(data, "volgorde")
            if isinstance(volgorde, int) and not isinstance(volgorde, bool):
                order[bouwsteen_id] = (volgorde, 0)
    return sorted(order, key=lambda b: (order[b], b))


def _sort_ids(ids: list[str], order: list[str]) -> list[str]:
    position = {b: i for i, b in enumerate(order)}
    return sorted(ids, key=lambda b: (position.get(b, len(order)), b))


def _gemeente(code: str, geo: GeoReference | None) -> str:
    name = geo.gemeenten.get(code) if geo else None
    return f"{_inline(code, 12)} ({_inline(name, 40)})" if name else _inline(code, 12)


def _compare_region(summary: Summary, region_id: str, old: Any, new: Any, order: list[str]) -> None:
    label = _region_label(region_id, new, old)
    # levels of the current (newest vastgestelde) zelfevaluatie
    _old_date, old_levels = current_levels(old)
    _new_date, new_levels = current_levels(new)
    for bouwsteen_id in _sort_ids(list(set(old_levels) | set(new_levels)), order):
        a, b = old_levels.get(bouwsteen_id), new_levels.get(bouwsteen_id)
        if a == b:
            continue
        arrow = "↑" if a is not None and b is not None and b > a else "↓" if a is not None and b is not None else ""
        line = f"{label} · {_inline(bouwsteen_id, 40)} {_inline(a)} → {_inline(b)}"
        summary.add(S_LEVELS, f"{line} {arrow}".rstrip())

    # zelfevaluaties, by date
    old_evals = _by_key(_list(old, "zelfevaluaties"), "datum", _date_key)
    new_evals = _by_key(_list(new, "zelfevaluaties"), "datum", _date_key)
    for date in sorted(set(old_evals) | set(new_evals)):
        a, b = old_evals.get(date), new_evals.get(date)
        if a == b:
            continue
        status = _inline(_get(b if b is not None else a, "status"), 20)
        if a is None:
            summary.add(S_EVALUATIONS, f"{label}: nieuwe zelfevaluatie {date} ({status})")
        elif b is None:
            summary.add(S_EVALUATIONS, f"{label}: zelfevaluatie {date} verwijderd")
        else:
            details = []
            if _get(a, "status") != _get(b, "status"):
                details.append(f"status {_inline(_get(a, 'status'), 20)} → {status}")
            old_scores, new_scores = _get(a, "bouwstenen"), _get(b, "bouwstenen")
            if isinstance(old_scores, dict) and isinstance(new_scores, dict):
                changed = [k for k in _sort_ids(list(set(old_scores) | set(new_scores)), order) if old_scores.get(k) != new_scores.get(k)]
                if changed:
                    details.append("bouwstenen: " + ", ".join(_inline(k, 40) for k in changed))
            other = [k for k in _changed_keys(a, b) if k not in ("status", "bouwstenen")]
            details += [_inline(k, 40) for k in other]
            summary.add(S_EVALUATIONS, f"{label}: zelfevaluatie {date} gewijzigd ({'; '.join(details) or 'inhoud'})")

    # goede voorbeelden, by id
    old_practices = _by_key(_list(old, "goede_voorbeelden"), "id")
    new_practices = _by_key(_list(new, "goede_voorbeelden"), "id")
    for practice_id in sorted(set(old_practices) | set(new_practices)):
        a, b = old_practices.get(practice_id), new_practices.get(practice_id)
        if a == b:
            continue
        title = _inline(_get(b if b is not None else a, "titel"), 80)
        pid = f"`{_inline(practice_id, 60)}`"
        if a is None:
            summary.add(S_PRACTICES, f"{label}: nieuw goed voorbeeld {pid}: {title}")
        elif b is None:
            summary.add(S_PRACTICES, f"{label}: goed voorbeeld {pid} verwijderd")
        else:
            fields = ", ".join(_inline(k, 40) for k in _changed_keys(a, b))
            summary.add(S_PRACTICES, f"{label}: goed voorbeeld {pid} gewijzigd ({fields})")

    # kerngegevens, field by field
    old_k, new_k = _get(old, "kerngegevens"), _get(new, "kerngegevens")
    if old_k != new_k:
        if isinstance(old_k, dict) and isinstance(new_k, dict):
            for key in _changed_keys(old_k, new_k):
                summary.add(S_KERNGEGEVENS, f"{label} · {_change(_inline(key, 40), old_k.get(key), new_k.get(key))}")
        else:
            summary.add(S_KERNGEGEVENS, f"{label}: kerngegevens gewijzigd")

    # everything else, top-level key by key
    if isinstance(old, dict) and isinstance(new, dict):
        other = [k for k in _changed_keys(old, new) if k not in SPECIFIC_REGION_KEYS]
        if other:
            summary.add(S_OTHER, f"{label}: " + "; ".join(_change(_inline(k, 40), old.get(k), new.get(k)) for k in other))


def _compare_gemeenten(summary: Summary, base: Snapshot, head: Snapshot, geo: GeoReference | None) -> None:
    def owners(snapshot: Snapshot) -> tuple[dict[str, str], dict[str, Any]]:
        result: dict[str, str] = {}
        regions = snapshot.regions()
        for region_id, data in sorted(regions.items()):
            for code in _list(data, "gemeenten"):
                if isinstance(code, str):
                    result.setdefault(code, region_id)
        return result, regions

    old_owner, old_regions = owners(base)
    new_owner, new_regions = owners(head)

    def label(region_id: str) -> str:
        return _region_label(region_id, new_regions.get(region_id), old_regions.get(region_id))

    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for code in sorted(set(old_owner) | set(new_owner)):
        a, b = old_owner.get(code), new_owner.get(code)
        if a == b:
            continue
        if a is not None and b is not None:
            summary.add(S_GEMEENTEN, f"{_gemeente(code, geo)}: van {label(a)} naar {label(b)}")
        elif b is not None:
            added.setdefault(b, []).append(code)
        else:
            assert a is not None
            removed.setdefault(a, []).append(code)
    for region_id in sorted(set(added) | set(removed)):
        parts = []
        if added.get(region_id):
            parts.append("toegevoegd " + ", ".join(_gemeente(c, geo) for c in added[region_id]))
        if removed.get(region_id):
            parts.append("niet meer bij een regio: " + ", ".join(_gemeente(c, geo) for c in removed[region_id]))
        summary.add(S_GEMEENTEN, f"{label(region_id)}: " + "; ".join(parts))


def _compare_bouwstenen(summary: Summary, base: Snapshot, head: Snapshot) -> None:
    for rel in sorted(set(base.files) | set(head.files)):
        if not rel.startswith(f"{BOUWSTENEN_DIR}/"):
            continue
        a, b = base.files.get(rel), head.files.get(rel)
        if a == b or a is UNREADABLE or b is UNREADABLE:
            continue
        name = "de schaal" if Path(rel).name == SCHAAL_FILE else f"bouwsteen `{_inline(Path(rel).stem, 40)}`"
        if a is None:
            summary.add(S_BOUWSTENEN, f"nieuw: {name} (`{_inline(rel)}`)")
        elif b is None:
            summary.add(S_BOUWSTENEN, f"verwijderd: {name} (`{_inline(rel)}`)")
        else:
            fields = ", ".join(_inline(k, 40) for k in _changed_keys(a, b))
            summary.add(S_BOUWSTENEN, f"{name} gewijzigd: {fields}")


def _error_key(d: Diagnostic) -> tuple[str, str]:
    return (d.path, d.message)


def summarize(base: Snapshot, head: Snapshot, base_label: str, head_label: str, geo: GeoReference | None = None) -> Summary:
    summary = Summary(base_label, head_label)
    order = _bouwsteen_order(base, head)

    old_regions, new_regions = base.regions(), head.regions()
    for region_id in sorted(set(old_regions) | set(new_regions)):
        old, new = old_regions.get(region_id), new_regions.get(region_id)
        rel = f"{REGIONS_DIR}/{region_id}.yaml"
        if old is None and region_id not in old_regions:
            label = _region_label(region_id, new)
            naam = _get(new, "naam")
            extra = f": {_inline(naam)}" if isinstance(naam, str) else ""
            summary.add(S_REGIONS, f"nieuwe regio {label}{extra} (`{_inline(rel)}`)")
            _date, levels = current_levels(new)
            if levels:
                shown = ", ".join(f"{_inline(b, 40)} {levels[b]}" for b in _sort_ids(list(levels), order))
                summary.add(S_LEVELS, f"{label} (nieuw): {shown}")
            continue
        if new is None and region_id not in new_regions:
            summary.add(S_REGIONS, f"regio {_region_label(region_id, old)} verwijderd (`{_inline(rel)}`)")
            continue
        if old == new:
            continue
        if new is UNREADABLE:
            summary.add(S_OTHER, f"`{_inline(rel)}` is niet meer te lezen (zie Ongeldig)")
            continue
        _compare_region(summary, region_id, old if old is not UNREADABLE else {}, new, order)

    _compare_gemeenten(summary, base, head, geo)
    _compare_bouwstenen(summary, base, head)

    for rel in sorted(set(base.files) & set(head.files)):
        if base.files[rel] == head.files[rel] and base.raw.get(rel) != head.raw.get(rel):
            summary.formatting_only.append(rel)

    # Errors are matched by file and message, counted: a second, identical error in a file
    # that had one already is new (lines move with every edit, so they cannot be matched).
    still = Counter(_error_key(d) for d in base.diagnostics if d.is_error)
    head_errors = [d for d in head.diagnostics if d.is_error]
    summary.new_errors = []
    for d in head_errors:
        if still[_error_key(d)] > 0:
            still[_error_key(d)] -= 1
        else:
            summary.new_errors.append(d)
    summary.old_errors = len(head_errors) - len(summary.new_errors)
    summary.fixed_errors = sum(still.values())
    return summary


def diff(
    base: str,
    head: str | None = None,
    repo: Path = Path("."),
    geo: GeoReference | None = None,
    today: dt.date | None = None,
) -> str:
    """The Markdown summary of BASE → HEAD; raises DiffUsageError for bad arguments."""
    if not repo.is_dir():
        raise DiffUsageError(f"{repo} is geen map")
    with ExitStack() as stack:
        base_side = resolve_side(base, repo, stack)
        head_side = resolve_side(head, repo, stack)
        base_snapshot = load_snapshot(base_side.root, geo, today)
        head_snapshot = load_snapshot(head_side.root, geo, today)
        return summarize(base_snapshot, head_snapshot, base_side.label, head_side.label, geo).markdown()
