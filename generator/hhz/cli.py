"""The `hhz` command: a thin layer over the modules."""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from . import __version__
from .diagnostics import Diagnostic, format_github, format_json, format_text
from .geo import GeoDataError, resolve_geo
from .project import Project, open_project, reference_date
from .sitefolder import UnsafeFolderError
from .validate import ProjectError, ValidationResult, require_project, validate_root

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


def _open(root: Path, geo_dir: Optional[Path]) -> Project:
    """The project, its settings, geodata and reference date, read once; exit 2 when ROOT
    is no project or the settings or geodata cannot be used."""
    from .config import ConfigError

    try:
        project = open_project(root, geo_dir)
    except (GeoDataError, ConfigError) as exc:
        _fail_usage(str(exc))
    _require_project(project.root)
    return project


def run_validation(project: Project) -> tuple[ValidationResult, list[Diagnostic]]:
    """Validate the project against its geodata and reference date."""
    extra: list[Diagnostic] = []
    if project.geo_warning:
        extra.append(Diagnostic("regions", 0, 0, project.geo_warning, "waarschuwing"))
    try:
        result = validate_root(project.root, project.geo, today=project.today)
    except ProjectError as exc:
        _fail_usage(str(exc))
    return result, extra


def _require_project(root: Path) -> None:
    """Exit 2 before any lock or folder is made when ROOT is not a project."""
    try:
        require_project(root)
    except ProjectError as exc:
        _fail_usage(str(exc))


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
    result, extra = run_validation(_open(root, geo_dir))
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
    try:
        written = write_schemas(root)
    except UnsafeFolderError as exc:
        _fail_usage(str(exc))
    for path in written:
        typer.echo(f"geschreven: {path.relative_to(root).as_posix()}")


@app.command("new-region")
def new_region(
    region_id: str = typer.Argument(..., metavar="ID", help="Id van de regio: kleine letters, cijfers, koppeltekens."),
    naam: str = typer.Option(..., "--naam", help="Volledige naam van de regio-organisatie."),
    root: Path = typer.Option(Path("."), "--root", help="Projectmap."),
) -> None:
    """Maak een nieuw, geldig regio-bestand met uitleg per veld."""
    from pydantic import TypeAdapter, ValidationError

    from .models import Id
    from .scaffold import write_region

    try:  # the model's own type: re.match would accept a trailing newline, and ids are at most 80 long
        TypeAdapter(Id).validate_python(region_id)
    except ValidationError:
        _fail_usage(
            f"ongeldige id `{region_id}`; gebruik kleine letters a-z, cijfers en koppeltekens (maximaal 80 tekens)"
        )
    if not naam.strip():
        _fail_usage("--naam mag niet leeg zijn")
    if len(naam.strip()) > 300:
        _fail_usage("--naam is te lang (maximaal 300 tekens)")
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

    def note(self, message: str) -> None:
        """Shown also with -q: it explains why nothing seems to happen."""
        self.console.print(f"[dim]•[/dim] {message}")

    def warn(self, message: str) -> None:
        self.console.print(f"[yellow]waarschuwing:[/yellow] {message}", markup=True)


def _generate(project: Project, reporter: _Reporter, fmt: OutputFormat = OutputFormat.text) -> Path:
    """Validate, render and stage; exit 1 with the validator's errors when the data is bad."""
    from .generate import GenerateError, Stager, render_site

    reporter.step("gegevens valideren")
    # Loading builds a large, acyclic tree of small objects: the cyclic garbage collector
    # only costs time there (about a quarter of it). Afterwards the data is frozen, so later
    # collections (while rendering) skip it.
    gc.disable()
    try:
        result, _extra = run_validation(project)
    finally:
        gc.enable()
    gc.freeze()
    # Without geodata the map's own warning below says it all (one warning, not two).
    warnings = [d for d in result.diagnostics if not d.is_error]
    if not result.ok:
        print_diagnostics(result.diagnostics, fmt)
        _err(_summary(result) + "; er is niets geschreven")
        raise typer.Exit(1)
    print_diagnostics(warnings, fmt)
    root = project.root
    stager = Stager(root)  # files are written by the processes that render them
    try:
        site = render_site(
            root,
            result.dataset,
            project.geo,
            config=project.config,
            today=project.today,
            progress=lambda m: reporter.step(f"genereren: {m}"),
            stager=stager,
        )
        for warning in site.warnings:
            reporter.warn(warning)
        target = stager.finish()
    except (GenerateError, UnsafeFolderError) as exc:
        _fail_usage(str(exc))
    reporter.step(f"{len(stager.written)} bestanden gegenereerd in {target.relative_to(root).as_posix()}/")
    return target


@contextmanager
def _locked(root: Path, reporter: _Reporter) -> Iterator[None]:
    """The project's lock (one build at a time); exit 2 when another run keeps it too long."""
    from .projectlock import LockTimeout, project_lock

    try:
        with project_lock(root, reporter.note):
            yield
    except LockTimeout as exc:
        _fail_usage(str(exc))


@app.command()
def generate(root: Path = RootArg, geo_dir: Optional[Path] = GeoDirOpt, quiet: bool = QuietOpt) -> None:
    """Valideer en schrijf de gegenereerde pagina's naar build/docs (docs/ blijft ongemoeid)."""
    reporter = _Reporter(quiet)
    project = _open(root, geo_dir)
    with _locked(project.root, reporter):
        _generate(project, reporter)


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
    from .build import BuildError, build_site, check_site_dir, site_path

    reporter = _Reporter(quiet)
    project = _open(root, geo_dir)
    target = site_path(project.root, site_dir)
    try:  # before anything is generated: a site folder that is not ours is never touched
        check_site_dir(project.root, target)
    except UnsafeFolderError as exc:
        _fail_usage(str(exc))
    with _locked(project.root, reporter):
        _generate(project, reporter)
        reporter.step(f"site bouwen met {engine.value}")
        try:
            result = build_site(project.root, target, engine.value, quiet=quiet, config=project.config)
        except UnsafeFolderError as exc:
            _fail_usage(str(exc))
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
    project = _open(root, geo_dir)
    with _locked(project.root, reporter):
        _generate(project, reporter)
    serve_site(project.root, address, regenerate=lambda: _regenerate_quietly(project, reporter), reporter=reporter)


def _regenerate_quietly(project: Project, reporter: _Reporter) -> None:
    try:
        with _locked(project.root, reporter):
            _generate(project, reporter)
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


# -- hhz geo: reference geodata -------------------------------------------------------------

geo_app = typer.Typer(
    help="Referentiegeodata: de gemeente- en provinciegrenzen van het CBS.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(geo_app, name="geo")


@geo_app.command("fetch")
def geo_fetch(
    year: int = typer.Option(2025, "--year", help="Jaar van de gebiedsindeling."),
    base_url: Optional[str] = typer.Option(
        None, "--base-url", help="OGC API Features van PDOK (standaard de CBS Gebiedsindelingen)."
    ),
    dest: Optional[Path] = typer.Option(
        None, "--dest", help="Map voor de TopoJSON-bestanden (standaard de gebruikerscache, waar hhz ze vindt)."
    ),
    expect_gemeenten: Optional[int] = typer.Option(
        None, "--expect-gemeenten", help="Verwacht aantal gemeenten (standaard 342 voor 2025)."
    ),
    expect_provincies: Optional[int] = typer.Option(None, "--expect-provincies", help="Verwacht aantal provincies (standaard 12)."),
    quiet: bool = QuietOpt,
) -> None:
    """Haal de gegeneraliseerde CBS-grenzen op bij PDOK en bewaar ze als TopoJSON."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .geo import GEO_YEAR, user_cache_geo_dir
    from .geofetch import DEFAULT_BASE_URL, GeoFetchError, fetch_geo

    target = dest if dest is not None else user_cache_geo_dir(year)
    console = Console(stderr=True, highlight=False)
    if year != GEO_YEAR:
        console.print(
            f"[yellow]waarschuwing:[/yellow] de site gebruikt de indeling van {GEO_YEAR}; de bestanden van {year} "
            "worden opgehaald en bewaard, maar niet gebruikt bij het bouwen"
        )
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, disable=quiet, transient=True) as progress:
        tasks: dict[str, int] = {}

        def report(collection: str, done: int, total: Optional[int]) -> None:
            if collection not in tasks:
                tasks[collection] = progress.add_task(f"{collection} ophalen", total=total)
            progress.update(tasks[collection], completed=done, total=total)

        try:
            result = fetch_geo(
                target,
                year=year,
                base_url=base_url or DEFAULT_BASE_URL,
                expect_gemeenten=expect_gemeenten,
                expect_provincies=expect_provincies,
                progress=report,
            )
        except UnsafeFolderError as exc:
            progress.stop()
            _fail_usage(str(exc))
        except GeoFetchError as exc:
            progress.stop()
            _err(f"fout: {exc}")
            raise typer.Exit(1)
        except Exception as exc:  # noqa: BLE001 - never a traceback for the user
            progress.stop()
            _err(f"fout: onverwachte fout bij het ophalen van de grenzen: {type(exc).__name__}: {exc}")
            raise typer.Exit(1)
    if not quiet:
        console.print(
            f"[dim]•[/dim] {result.counts['gemeente']} gemeenten en {result.counts['provincie']} provincies "
            f"geschreven naar {result.directory}"
        )


# -- hhz diff: what a change does to the data -----------------------------------------------


@app.command("diff")
def diff_command(
    base: str = typer.Argument(..., metavar="BASE", help="Git-revisie (branch, tag, commit) of map om mee te vergelijken."),
    head: Optional[str] = typer.Argument(
        None, metavar="HEAD", help="Git-revisie of map met de nieuwe stand (standaard de werkmap)."
    ),
    root: Path = typer.Option(Path("."), "--root", help="Projectmap (in de git-repository)."),
    geo_dir: Optional[Path] = GeoDirOpt,
) -> None:
    """Markdown-samenvatting van wat een wijziging met de gegevens doet (voor pull requests)."""
    from .diff import DiffUsageError, diff

    try:
        geo, _warning = resolve_geo(geo_dir)
    except GeoDataError as exc:
        _fail_usage(str(exc))
    try:
        summary = diff(base, head, repo=root, geo=geo, today=reference_date())
    except DiffUsageError as exc:
        _fail_usage(str(exc))
    typer.echo(summary, nl=False)
