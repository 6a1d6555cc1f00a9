"""The Markdown of `hhz diff`: neutral one-line text, and the summary's sections and layout.

Every value that comes from the YAML (names, ids, titles, paths, messages) goes through
``inline`` before it reaches the Markdown: one line, shortened, no HTML, no @-mentions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..diagnostics import Diagnostic

MAX_ERRORS_SHOWN = 50

S_WARNINGS = "Let op"
S_REGIONS = "Regio's"
S_LEVELS = "Niveaus (huidige vastgestelde zelfevaluatie)"
S_EVALUATIONS = "Zelfevaluaties"
S_PRACTICES = "Goede voorbeelden"
S_GEMEENTEN = "Gemeenten"
S_KERNGEGEVENS = "Kerngegevens"
S_BOUWSTENEN = "Bouwstenen en schaal"
S_OTHER = "Overige wijzigingen"
S_PREVIEW = "Bekijk in de preview"
SECTION_ORDER = (S_WARNINGS, S_REGIONS, S_LEVELS, S_EVALUATIONS, S_PRACTICES, S_GEMEENTEN, S_KERNGEGEVENS, S_BOUWSTENEN, S_OTHER)


def inline(value: Any, limit: int = 80) -> str:
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


def link_text(value: str) -> str:
    """Neutral text that cannot end a Markdown link's text early."""
    return inline(value, 80).replace("[", "(").replace("]", ")").replace("*", "").replace("`", "")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


@dataclass
class Summary:
    base_label: str
    head_label: str
    sections: dict[str, list[str]] = field(default_factory=dict)
    formatting_only: list[str] = field(default_factory=list)
    new_errors: list[Diagnostic] = field(default_factory=list)
    old_errors: int = 0
    fixed_errors: int = 0
    pages: list[tuple[str, str]] = field(default_factory=list)  # (label, built page path) to link
    preview_url: str | None = None  # the pull request's preview, ending in /

    def add(self, section: str, line: str, details: Iterable[str] = ()) -> None:
        """One bullet, with its details as sub-bullets."""
        self.sections.setdefault(section, []).append("".join([line, *(f"\n  - {d}" for d in details)]))

    def link(self, label: str, page: str) -> None:
        """A page of the site that the change touches (``page``: a path from ``urls``)."""
        if (label, page) not in self.pages:
            self.pages.append((label, page))

    @property
    def has_content_changes(self) -> bool:
        return any(self.sections.values())

    def markdown(self) -> str:
        out = ["## Wijzigingen in de gegevens", "", f"Vergeleken: {self.base_label} → {self.head_label}", ""]
        files = ", ".join(f"`{inline(f)}`" for f in self.formatting_only)
        if not self.has_content_changes and not self.new_errors:
            if self.formatting_only:
                out.append(f"Geen inhoudelijke wijzigingen: alleen opmaak of commentaar gewijzigd in {files}.")
            else:
                out.append("Geen inhoudelijke wijzigingen in de gegevens.")
            out.append("")
        for title in SECTION_ORDER:
            lines = self.sections.get(title)
            if lines:
                out += [f"### {title}", "", *[f"- {line}" for line in lines], ""]
        if self.formatting_only and (self.has_content_changes or self.new_errors):
            out += [f"Alleen opmaak of commentaar gewijzigd in {files}.", ""]
        out += self._preview()
        out += self._errors()
        return "\n".join(out).rstrip() + "\n"

    def _preview(self) -> list[str]:
        if not self.preview_url or not self.pages:
            return []
        links = [f"- [{link_text(label)}]({self.preview_url}{page})" for label, page in self.pages]
        return [f"### {S_PREVIEW}", "", *links, ""]

    def _errors(self) -> list[str]:
        out = []
        if self.new_errors:
            count = len(self.new_errors)
            out += [f"### Ongeldig ({count} nieuwe {_plural(count, 'fout', 'fouten')})", ""]
            for d in self.new_errors[:MAX_ERRORS_SHOWN]:
                where = f"`{inline(d.path)}`" + (f", regel {d.line}" if d.line else "")
                out.append(f"- ❌ {where}: {inline(d.message, 300)}")
            if count > MAX_ERRORS_SHOWN:
                out.append(f"- … en nog {count - MAX_ERRORS_SHOWN} fouten (zie de controle)")
            out.append("")
        notes = []
        if self.old_errors:
            old = self.old_errors
            notes.append(f"{old} {_plural(old, 'fout', 'fouten')} {_plural(old, 'stond', 'stonden')} er al")
        if self.fixed_errors:
            notes.append(f"{self.fixed_errors} {_plural(self.fixed_errors, 'fout', 'fouten')} opgelost")
        if notes:
            out += ["_" + "; ".join(notes).capitalize() + "._", ""]
        return out
