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


QuietOpt = typer.Option(False, "-q", "--quiet", help="Geen voortgangsmeldingen.")


class _Reporter:
    """Progress on stderr (rich), silent with -q."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False)

    def step(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"[dim]•[/dim] {message}")

    def warn(self, message: str) -> None:
        self.console.print(f"[yellow]waarschuwing:[/yellow] {message}", markup=True)


def _generate(root: Path, geo_dir: Optional[Path], reporter: _Reporter, fmt: OutputFormat = OutputFormat.text) -> Path:
    """Validate, render and stage; exit 1 with the validator's errors when the data is bad."""
    from .config import ConfigError
    from .generate import GenerateError, render_site, stage

    reporter.step("gegevens valideren")
    result, extra = run_validation(root, geo_dir)
    for diagnostic in extra:
        reporter.warn(diagnostic.message)
    warnings = [d for d in result.diagnostics if not d.is_error]
    if not result.ok:
        print_diagnostics(result.diagnostics, fmt)
        _err(_summary(result) + "; er is niets geschreven")
        raise typer.Exit(1)
    print_diagnostics(warnings, fmt)
    from .geo import resolve_geo

    geo, _warning = resolve_geo(geo_dir)
    try:
        site = render_site(root, result.dataset, geo, progress=lambda m: reporter.step(f"genereren: {m}"))
        for warning in site.warnings:
            reporter.warn(warning)
        target = stage(root, site)
    except (GenerateError, ConfigError) as exc:
        _fail_usage(str(exc))
    reporter.step(f"{len(site.files)} bestanden gegenereerd in {target.relative_to(root).as_posix()}/")
    return target


@app.command()
def generate(root: Path = RootArg, geo_dir: Optional[Path] = GeoDirOpt, quiet: bool = QuietOpt) -> None:
    """Valideer en schrijf de gegenereerde pagina's naar build/docs (docs/ blijft ongemoeid)."""
    _generate(root, geo_dir, _Reporter(quiet))


class Engine(str, Enum):
    mkdocs = "mkdocs"
    zensical = "zensical"


@app.command()
def build(
    root: Path = RootArg,
    engine: Engine = typer.Option(Engine.mkdocs, "--engine", help="mkdocs (met Material) of zensical."),
    site_dir: Path = typer.Option(Path("site"), "--site-dir", help="Waar de site komt (relatief aan ROOT)."),
    geo_dir: Optional[Path] = GeoDirOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Genereer en bouw de statische site; een mislukte bouw laat de vorige site staan."""
    from .build import BuildError, build_site

    reporter = _Reporter(quiet)
    _generate(root, geo_dir, reporter)
    reporter.step(f"site bouwen met {engine.value}")
    try:
        result = build_site(root, site_dir, engine.value, quiet=quiet)
    except BuildError as exc:
        _err(f"fout: {exc}")
        raise typer.Exit(1)
    reporter.step(f"klaar: {result.site_dir}")


@app.command()
def serve(
    root: Path = RootArg,
    geo_dir: Optional[Path] = GeoDirOpt,
    address: str = typer.Option("127.0.0.1:8000", "--dev-addr", help="Adres en poort."),
    quiet: bool = QuietOpt,
) -> None:
    """Live voorbeeld: wijzig een YAML-bestand en de pagina ververst zichzelf."""
    from .serve import serve_site

    reporter = _Reporter(quiet)
    _generate(root, geo_dir, reporter)
    serve_site(root, address, regenerate=lambda: _regenerate_quietly(root, geo_dir, reporter), reporter=reporter)


def _regenerate_quietly(root: Path, geo_dir: Optional[Path], reporter: _Reporter) -> None:
    try:
        _generate(root, geo_dir, reporter)
    except typer.Exit as exc:
        if exc.exit_code:
            reporter.warn("gegevens ongeldig; de vorige versie blijft zichtbaar tot de fouten zijn opgelost")


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
