"""What the `hhz` commands share: the common arguments and options, the exits with a Dutch
message, opening and validating the project, and printing diagnostics and progress."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

import typer

from ..diagnostics import Diagnostic, format_github, format_json, format_text
from ..geo.reference import GeoDataError
from ..project import Project, open_project
from ..validate import ProjectError, ValidationResult, require_project, validate_root


class OutputFormat(str, Enum):
    text = "text"
    github = "github"
    json = "json"


RootArg = typer.Argument(Path("."), help="Projectmap met regions/ en bouwstenen/.", show_default=True)
GeoDirOpt = typer.Option(
    None, "--geo-dir", help="Map met gemeente_2025.topojson en provincie_2025.topojson (of zet HHZ_GEO_DIR)."
)
QuietOpt = typer.Option(False, "-q", "--quiet", help="Geen voortgangsmeldingen.")


def err(message: str) -> None:
    typer.echo(message, err=True)


def fail_usage(message: str) -> NoReturn:
    """Exit 2 with ``fout: message`` on stderr."""
    err(f"fout: {message}")
    raise typer.Exit(2)


# the commands that take more arguments accept the project folder both ways: last, as plain
# argument like validate/generate/build, and as --root (as before)
FolderArg = typer.Argument(
    None, metavar="[MAP]", help="Projectmap met regions/ en bouwstenen/ (standaard de huidige map).", show_default=False
)
RootOpt = typer.Option(None, "--root", help="Projectmap, zoals het argument MAP.")


def project_folder(folder: Path | None, root: Path | None) -> Path:
    """The project folder from MAP or --root; both may be given only when they are the same."""
    if folder is not None and root is not None and folder.resolve() != root.resolve():
        fail_usage(f"twee verschillende projectmappen: {folder} en --root {root}; geef er één")
    return folder or root or Path(".")


def open_or_exit(root: Path, geo_dir: Optional[Path]) -> Project:
    """The project, its settings, geodata and reference date, read once; exit 2 when ROOT
    is no project or the settings or geodata cannot be used."""
    from ..config import ConfigError

    try:
        project = open_project(root, geo_dir)
    except (GeoDataError, ConfigError) as exc:
        fail_usage(str(exc))
    require_project_or_exit(project.root)
    return project


def run_validation(project: Project) -> tuple[ValidationResult, list[Diagnostic]]:
    """Validate the project against its geodata and reference date."""
    extra: list[Diagnostic] = []
    if project.geo_warning:
        extra.append(Diagnostic("regions", 0, 0, project.geo_warning, "waarschuwing"))
    try:
        result = validate_root(project.root, project.geo, today=project.today)
    except ProjectError as exc:
        fail_usage(str(exc))
    return result, extra


def require_project_or_exit(root: Path) -> None:
    """Exit 2 before any lock or folder is made when ROOT is not a project."""
    try:
        require_project(root)
    except ProjectError as exc:
        fail_usage(str(exc))


def print_diagnostics(diagnostics: list[Diagnostic], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        typer.echo(format_json(diagnostics))
        return
    formatter = format_github if fmt is OutputFormat.github else format_text
    for diagnostic in diagnostics:
        typer.echo(formatter(diagnostic))


BUILD_WARNING_LINES = 3  # at most this many warning lines from a build (`hhz validate` lists each)
_NUMBER_RE = re.compile(r"\d+")


def _headline(message: str) -> str:
    """What a warning is about: its text before the first ": " (the hint follows it)."""
    return message.split(": ", 1)[0]


def grouped_warnings(warnings: list[Diagnostic], limit: int = BUILD_WARNING_LINES) -> list[str]:
    """At most ``limit`` lines for the build's warnings: each warning in full when there are
    that few, else one line per kind ("28 waarschuwingen in 9 regio's: niveau 4 of 5 zonder
    `bewijs`"), numbers in the headline merged ("4 of 5"), largest groups first."""
    if len(warnings) <= limit:
        return [format_text(d) for d in warnings]
    groups: dict[str, list[Diagnostic]] = {}
    for diagnostic in warnings:
        groups.setdefault(_NUMBER_RE.sub("#", _headline(diagnostic.message)), []).append(diagnostic)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    shown = ordered if len(ordered) <= limit else ordered[: limit - 1]
    lines = [_group_line(key, members) for key, members in shown]
    rest = [d for _, members in ordered[len(shown) :] for d in members]
    if rest:
        lines.append(f"waarschuwing: nog {len(rest)} waarschuwing{'en' if len(rest) != 1 else ''} van {len(ordered) - len(shown)} andere soorten")
    lines[-1] += " — `hhz validate` toont ze per regel"
    return lines


def _group_line(key: str, members: list[Diagnostic]) -> str:
    numbers = [_NUMBER_RE.findall(_headline(d.message)) for d in members]
    pieces = key.split("#")
    headline = pieces[0]
    for i, piece in enumerate(pieces[1:]):
        headline += " of ".join(sorted({row[i] for row in numbers}, key=int)) + piece
    paths = {d.path for d in members}
    regions = all(p.startswith("regions/") for p in paths)
    where = ("regio's" if regions else "bestanden") if len(paths) != 1 else ("regio" if regions else "bestand")
    count = len(members)
    return f"waarschuwing: {count} waarschuwing{'en' if count != 1 else ''} in {len(paths)} {where}: {headline}"


def summary(result: ValidationResult) -> str:
    """One line: the number of errors and files, or what was found when there are none."""
    errors = result.errors
    if errors:
        files = len({d.path for d in errors})
        return f"{len(errors)} fout{'en' if len(errors) != 1 else ''} in {files} bestand{'en' if files != 1 else ''}"
    dataset = result.dataset
    assert dataset is not None
    return f"geen fouten: {len(dataset.regions)} regio's, {len(dataset.bouwstenen)} bouwstenen"


class Reporter:
    """Progress on stderr (rich), silent with -q."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False)

    # The messages are text, not rich markup: "[tool.hhz]" in a message must stay as it is.
    def step(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"[dim]•[/dim] {_plain(message)}")

    def note(self, message: str) -> None:
        """Shown also with -q: it explains why nothing seems to happen."""
        self.console.print(f"[dim]•[/dim] {_plain(message)}")

    def warn(self, message: str, always: bool = False) -> None:
        """A warning of the build; silent with -q (errors only) unless it reports one."""
        if self.quiet and not always:
            return
        self.console.print(f"[yellow]waarschuwing:[/yellow] {_plain(message)}", markup=True)


def _plain(message: str) -> str:
    from rich.markup import escape

    return escape(message)
