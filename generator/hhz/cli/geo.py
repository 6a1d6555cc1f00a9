"""`hhz geo`: the reference geodata (the CBS boundaries), fetched from PDOK."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

import typer

from .common import QuietOpt, err, fail_usage
from ..sitefolder import UnsafeFolderError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from ..geo.fetch import FetchResult

geo_app = typer.Typer(
    help="Referentiegeodata: de gemeente- en provinciegrenzen van het CBS.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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

    from ..geo.reference import GEO_YEAR, user_cache_geo_dir
    from ..geo.fetch import DEFAULT_BASE_URL

    target = dest if dest is not None else user_cache_geo_dir(year)
    console = Console(stderr=True, highlight=False)
    if year != GEO_YEAR:
        console.print(
            f"[yellow]waarschuwing:[/yellow] de site gebruikt de indeling van {GEO_YEAR}; de bestanden van {year} "
            "worden opgehaald en bewaard, maar niet gebruikt bij het bouwen"
        )
    result = _fetch_with_progress(
        console,
        quiet,
        target,
        year=year,
        base_url=base_url or DEFAULT_BASE_URL,
        expect_gemeenten=expect_gemeenten,
        expect_provincies=expect_provincies,
    )
    if not quiet:
        console.print(
            f"[dim]•[/dim] {result.counts['gemeente']} gemeenten en {result.counts['provincie']} provincies "
            f"geschreven naar {result.directory}"
        )


def _fetch_with_progress(console: Console, quiet: bool, target: Path, **options: Any) -> FetchResult:
    """``fetch_geo`` with a progress bar per collection (none with -q); exit 2 when the
    destination is not ours, 1 on any other failure (never a traceback)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..geo.fetch import GeoFetchError, fetch_geo

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, disable=quiet, transient=True) as progress:
        try:
            return fetch_geo(target, progress=_progress_bars(progress), **options)
        except UnsafeFolderError as exc:
            progress.stop()
            fail_usage(str(exc))
        except GeoFetchError as exc:
            progress.stop()
            err(f"fout: {exc}")
            raise typer.Exit(1)
        except Exception as exc:  # noqa: BLE001 - never a traceback for the user
            progress.stop()
            err(f"fout: onverwachte fout bij het ophalen van de grenzen: {type(exc).__name__}: {exc}")
            raise typer.Exit(1)


def _progress_bars(progress: Progress) -> Callable[[str, int, Optional[int]], None]:
    """The progress callback for ``fetch_geo``: one bar per collection, added when it starts."""
    tasks: dict[str, Any] = {}

    def report(collection: str, done: int, total: Optional[int]) -> None:
        if collection not in tasks:
            tasks[collection] = progress.add_task(f"{collection} ophalen", total=total)
        progress.update(tasks[collection], completed=done, total=total)

    return report
