"""The `hhz` command: a thin layer over the modules."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .diagnostics import Diagnostic, format_github, format_json, format_text
from .geo import GeoDataError, resolve_geo
from .validate import ProjectError, ValidationResult, validate_root

app = typer.Typer(
    help="Sitegenerator voor Hechte Huisartsenzorg: valideert de gegevens en bouwt de site.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    text = "text"
    github = "github"
    json = "json"


RootArg = typer.Argument(Path("."), help="Projectmap met regions/ en bouwstenen/.", show_default=True)
GeoDirOpt = typer.Option(
    None, "--geo-dir", help="Map met gemeente_2025.topojson en provincie_2025.topojson (of zet HHZ_GEO_DIR)."
)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _fail_usage(message: str) -> None:
    _err(f"fout: {message}")
    raise typer.Exit(2)


def run_validation(root: Path, geo_dir: Optional[Path]) -> tuple[ValidationResult, list[Diagnostic]]:
    """Validate ROOT; exits with 2 for usage problems (no project, broken geodata)."""
    extra: list[Diagnostic] = []
    try:
        geo, warning = resolve_geo(geo_dir)
    except GeoDataError as exc:
        _fail_usage(str(exc))
    if warning:
        extra.append(Diagnostic("regions", 0, 0, warning, "waarschuwing"))
    try:
        result = validate_root(root, geo)
    except ProjectError as exc:
        _fail_usage(str(exc))
    return result, extra


def print_diagnostics(diagnostics: list[Diagnostic], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        typer.echo(format_json(diagnostics))
        return
    formatter = format_github if fmt is OutputFormat.github else format_text
    for diagnostic in diagnostics:
        typer.echo(formatter(diagnostic))


def _summary(result: ValidationResult) -> str:
    errors = result.errors
    if errors:
        files = len({d.path for d in errors})
        return f"{len(errors)} fout{'en' if len(errors) != 1 else ''} in {files} bestand{'en' if files != 1 else ''}"
    dataset = result.dataset
    assert dataset is not None
    return f"geen fouten: {len(dataset.regions)} regio's, {len(dataset.bouwstenen)} bouwstenen"


@app.command()
def validate(
    root: Path = RootArg,
    output_format: Optional[OutputFormat] = typer.Option(
        None, "--format", help="text, github (annotaties; standaard als GITHUB_ACTIONS=true) of json."
    ),
    geo_dir: Optional[Path] = GeoDirOpt,
) -> None:
    """Controleer alle YAML-bestanden en meld alle fouten met bestand, regel en kolom."""
    fmt = output_format or (OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else OutputFormat.text)
    result, extra = run_validation(root, geo_dir)
    diagnostics = extra + result.diagnostics
    print_diagnostics(diagnostics, fmt)
    if fmt is OutputFormat.text:
        _err(_summary(result))
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def schema(
    root: Path = RootArg,
    check: bool = typer.Option(False, "--check", help="Schrijf niets; meld alleen of de schema's verouderd zijn."),
) -> None:
    """Schrijf de JSON Schemas (uit de datamodellen) naar schemas/."""
    from .schema import stale_schema_files, write_schemas

    if check:
        stale = stale_schema_files(root)
        for name in stale:
            _err(f"{name}: fout: verouderd; voer `hhz schema` uit en commit het resultaat")
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(root):
        typer.echo(f"geschreven: {path.relative_to(root).as_posix()}")


@app.command("new-region")
def new_region(
    region_id: str = typer.Argument(..., metavar="ID", help="Id van de regio: kleine letters, cijfers, koppeltekens."),
    naam: str = typer.Option(..., "--naam", help="Volledige naam van de regio-organisatie."),
    root: Path = typer.Option(Path("."), "--root", help="Projectmap."),
) -> None:
    """Maak een nieuw, geldig regio-bestand met uitleg per veld."""
    import re

    from .models import ID_PATTERN
    from .scaffold import write_region

    if not re.match(ID_PATTERN, region_id):
        _fail_usage(f"ongeldige id `{region_id}`; gebruik kleine letters a-z, cijfers en koppeltekens")
    if not naam.strip():
        _fail_usage("--naam mag niet leeg zijn")
    try:
        path = write_region(root, region_id, naam.strip())
    except FileExistsError:
        _fail_usage(f"regions/{region_id}.yaml bestaat al; kies een andere id")
    typer.echo(f"gemaakt: {path.relative_to(root).as_posix()} — vul de velden in en voer `hhz validate` uit")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"hhz {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version_callback, is_eager=True, help="Toon de versie."),
) -> None:
    """Sitegenerator voor Hechte Huisartsenzorg."""


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("afgebroken")
        sys.exit(130)
