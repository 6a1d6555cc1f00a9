"""The `hhz` command: a thin layer over the modules.

Here the app and validate, schema, new-region, generate, build and serve; `hhz geo` is in
``cli_geo``, `hhz diff` in ``cli_diff``, and what the commands share in ``cli_common``.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from .. import __version__
from .common import (
    FolderArg,
    GeoDirOpt,
    OutputFormat,
    QuietOpt,
    Reporter,
    RootArg,
    RootOpt,
    err,
    fail_usage,
    grouped_warnings,
    open_or_exit,
    print_diagnostics,
    project_folder,
    run_validation,
    summary,
)
from .diff import diff_command
from .evaluation import new_evaluation_command
from .geo import geo_app
from ..project import Project
from ..sitefolder import UnsafeFolderError

__all__ = ["app", "main", "run_validation"]

app = typer.Typer(
    help="Sitegenerator voor Hechte Huisartsenzorg: valideert de gegevens en bouwt de site.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def validate(
    root: Path = RootArg,
    output_format: Optional[OutputFormat] = typer.Option(
        None, "--format", help="text, github (annotaties; standaard als GITHUB_ACTIONS=true) of json."
    ),
    geo_dir: Optional[Path] = GeoDirOpt,
    changed: Optional[list[str]] = typer.Option(
        None, "--changed", metavar="BESTAND", help="Gewijzigd bestand (herhaalbaar): zijn meldingen komen eerst."
    ),
) -> None:
    """Controleer alle YAML-bestanden en meld alle fouten met bestand, regel en kolom."""
    from ..diagnostics import annotation_overflow, changed_first, in_changed_files

    fmt = output_format or (OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else OutputFormat.text)
    project = open_or_exit(root, geo_dir)
    result, extra = run_validation(project)
    changed_paths = project_paths(project.root, changed or [])
    diagnostics = changed_first(extra + result.diagnostics, changed_paths)
    print_diagnostics(diagnostics, fmt)
    if fmt is not OutputFormat.json:
        err(summary(result) + (in_changed_files(result.diagnostics, changed_paths) if result.errors else ""))
    overflow = annotation_overflow(diagnostics) if fmt is OutputFormat.github else None
    if overflow:
        typer.echo(f"::notice::{overflow}")
        err(overflow)
    raise typer.Exit(0 if result.ok else 1)


def project_paths(root: Path, paths: list[str]) -> set[str]:
    """``--changed`` paths (relative to the working folder, as git gives them) as the
    diagnostics name them: relative to the project folder."""
    out = set()
    for given in paths:
        absolute = (Path.cwd() / given).resolve()
        try:
            out.add(absolute.relative_to(root.resolve()).as_posix())
        except ValueError:
            out.add(Path(given).as_posix())
    return out


@app.command()
def schema(
    root: Path = RootArg,
    check: bool = typer.Option(False, "--check", help="Schrijf niets; meld alleen of de schema's verouderd zijn."),
    geo_dir: Optional[Path] = GeoDirOpt,
) -> None:
    """Schrijf de JSON Schemas (uit de datamodellen, de bouwstenen, de schaal en de
    CBS-gemeentelijst) naar schemas/; met geodata ook schemas/gemeenten.json."""
    from ..schema.files import stale_schema_files, write_schemas
    from ..schema.data import SchemaDataError

    project = open_or_exit(root, geo_dir)
    if project.geo_warning:
        err(f"waarschuwing: {project.geo_warning} De schema's gebruiken schemas/gemeenten.json.")
    try:
        if check:
            stale = stale_schema_files(project.root, project.geo)
            for name in stale:
                err(f"{name}: fout: verouderd; voer `hhz schema` uit en commit het resultaat")
            raise typer.Exit(1 if stale else 0)
        written = write_schemas(project.root, project.geo)
    except SchemaDataError as exc:
        err(f"fout: {exc}")
        raise typer.Exit(1)
    except UnsafeFolderError as exc:
        fail_usage(str(exc))
    for path in written:
        typer.echo(f"geschreven: {path.relative_to(project.root).as_posix()}")


@app.command("new-region")
def new_region(
    region_id: str = typer.Argument(..., metavar="ID", help="Id van de regio: kleine letters, cijfers, koppeltekens."),
    naam: str = typer.Option(..., "--naam", help="Volledige naam van de regio-organisatie."),
    korte_naam: Optional[str] = typer.Option(
        None, "--korte-naam", help="Korte naam voor tabellen en de kaart (max. 40 tekens; standaard de id)."
    ),
    folder: Optional[Path] = FolderArg,
    root: Optional[Path] = RootOpt,
) -> None:
    """Maak een nieuw, geldig regio-bestand met uitleg per veld en voorbeelden om in te vullen."""
    from pydantic import TypeAdapter, ValidationError

    from ..models import Id
    from ..project import reference_date
    from ..editing.scaffold import write_region

    try:  # the model's own type: re.match would accept a trailing newline, and ids are at most 80 long
        TypeAdapter(Id).validate_python(region_id)
    except ValidationError:
        fail_usage(
            f"ongeldige id `{region_id}`; gebruik kleine letters a-z, cijfers en koppeltekens (maximaal 80 tekens)"
        )
    if not naam.strip():
        fail_usage("--naam mag niet leeg zijn")
    if len(naam.strip()) > 300:
        fail_usage("--naam is te lang (maximaal 300 tekens)")
    if korte_naam is not None and not 0 < len(korte_naam.strip()) <= 40:
        fail_usage("--korte-naam moet 1 tot 40 tekens lang zijn")
    folder = project_folder(folder, root)
    try:
        path = write_region(folder, region_id, naam.strip(), korte_naam and korte_naam.strip(), reference_date())
    except FileExistsError:
        fail_usage(f"regions/{region_id}.yaml bestaat al; kies een andere id")
    typer.echo(f"gemaakt: {path.relative_to(folder).as_posix()} — vul de velden in en voer `hhz validate` uit")


def _generate(project: Project, reporter: Reporter, fmt: OutputFormat = OutputFormat.text) -> Path:
    """Validate, render and stage; exit 1 with the validator's errors when the data is bad."""
    from ..publish.stage import Stager
    from ..render.outputs import GenerateError, render_site

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
        err(summary(result) + "; er is niets geschreven")
        raise typer.Exit(1)
    if reporter.quiet:
        pass  # -q: errors only; `hhz validate` lists every warning
    elif fmt is OutputFormat.text:
        for line in grouped_warnings(warnings):
            typer.echo(line)
    else:
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
        target = stager.finish(site.theme)
    except (GenerateError, UnsafeFolderError) as exc:
        fail_usage(str(exc))
    reporter.step(f"{len(stager.written)} bestanden gegenereerd in {target.relative_to(root).as_posix()}/")
    return target


@contextmanager
def _locked(root: Path, reporter: Reporter) -> Iterator[None]:
    """The project's lock (one build at a time); exit 2 when another run keeps it too long."""
    from ..publish.lock import LockTimeout, project_lock

    try:
        with project_lock(root, reporter.note):
            yield
    except LockTimeout as exc:
        fail_usage(str(exc))


@app.command()
def generate(root: Path = RootArg, geo_dir: Optional[Path] = GeoDirOpt, quiet: bool = QuietOpt) -> None:
    """Valideer en schrijf de gegenereerde pagina's naar build/docs (docs/ blijft ongemoeid)."""
    reporter = Reporter(quiet)
    project = open_or_exit(root, geo_dir)
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
    site_url: Optional[str] = typer.Option(
        None,
        "--site-url",
        help="Het adres van de gepubliceerde site (https://…/); anders [tool.hhz] site_url. "
        "Geeft een sitemap, canonieke links en absolute links in feeds en insluitcodes.",
    ),
) -> None:
    """Genereer en bouw de statische site; een mislukte bouw laat de vorige site staan."""
    import dataclasses

    from ..config import ConfigError, checked_site_url
    from ..publish.build import BuildError, build_site, check_site_dir, site_path

    reporter = Reporter(quiet)
    project = open_or_exit(root, geo_dir)
    if site_url is not None:
        try:
            url = checked_site_url(site_url, "--site-url")
        except ConfigError as exc:
            fail_usage(str(exc))
        project = dataclasses.replace(project, config=dataclasses.replace(project.config, site_url=url))
    target = site_path(project.root, site_dir)
    try:  # before anything is generated: a site folder that is not ours is never touched
        check_site_dir(project.root, target)
    except UnsafeFolderError as exc:
        fail_usage(str(exc))
    with _locked(project.root, reporter):
        _generate(project, reporter)
        reporter.step(f"site bouwen met {engine.value}")
        try:
            result = build_site(project.root, target, engine.value, quiet=quiet, config=project.config)
        except UnsafeFolderError as exc:
            fail_usage(str(exc))
        except BuildError as exc:
            err(f"fout: {exc}")
            raise typer.Exit(1)
    reporter.step(f"klaar: {result.site_dir}")


@app.command()
def serve(
    root: Path = RootArg,
    geo_dir: Optional[Path] = GeoDirOpt,
    address: str = typer.Option("127.0.0.1:8000", "--dev-addr", help="Adres en poort."),
    beheer: bool = typer.Option(
        False, "--beheer", help="Het invulformulier (beheer/) lokaal proberen, zonder GitHub: opslaan schrijft in regions/."
    ),
    quiet: bool = QuietOpt,
) -> None:
    """Live voorbeeld: wijzig een YAML-bestand en de pagina ververst zichzelf."""
    from ..publish.serve import serve_site

    reporter = Reporter(quiet)
    project = open_or_exit(root, geo_dir)
    if beheer:
        _serve_form(project, address, reporter)
        return
    with _locked(project.root, reporter):
        _generate(project, reporter)
    serve_site(project.root, address, regenerate=lambda: _regenerate_quietly(project, reporter), reporter=reporter)


def _serve_form(project: Project, address: str, reporter: Reporter) -> None:
    """The site as `hhz build` makes it, served with the form on decap-server (publish/localform.py)."""
    from ..publish.build import BuildError, build_site, site_path
    from ..publish.localform import LocalFormError, decap_server_script, serve_local_form

    try:
        decap_server_script(project.root)  # before a build of a minute: the tools are there
    except LocalFormError as exc:
        fail_usage(str(exc))
    target = site_path(project.root, Path("site"))
    with _locked(project.root, reporter):
        _generate(project, reporter)
        reporter.step("site bouwen met mkdocs")
        try:
            build_site(project.root, target, "mkdocs", quiet=reporter.quiet, config=project.config)
        except (UnsafeFolderError, BuildError) as exc:
            fail_usage(str(exc))
    try:
        serve_local_form(project.root, target, address, reporter.note)
    except LocalFormError as exc:
        fail_usage(str(exc))


def _regenerate_quietly(project: Project, reporter: Reporter) -> None:
    try:
        with _locked(project.root, reporter):
            _generate(project, reporter)
    except typer.Exit as exc:
        if exc.exit_code:
            reporter.warn("gegevens ongeldig; de vorige versie blijft zichtbaar tot de fouten zijn opgelost", always=True)


app.command("diff")(diff_command)
app.command("new-evaluation")(new_evaluation_command)
app.command("nieuwe-zelfevaluatie", hidden=True)(new_evaluation_command)  # the Dutch alias
app.add_typer(geo_app, name="geo")


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
        err("afgebroken")
        sys.exit(130)
