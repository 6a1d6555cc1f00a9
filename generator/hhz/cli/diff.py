"""`hhz diff`: what a change does to the data (registered on the app in ``hhz.cli.main``)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import FolderArg, GeoDirOpt, RootOpt, fail_usage, project_folder
from ..geo.reference import GeoDataError, resolve_geo
from ..project import reference_date


def diff_command(
    base: str = typer.Argument(..., metavar="BASE", help="Git-revisie (branch, tag, commit) of map om mee te vergelijken."),
    head: Optional[str] = typer.Argument(
        None, metavar="HEAD", help="Git-revisie of map met de nieuwe stand (standaard de werkmap)."
    ),
    folder: Optional[Path] = FolderArg,
    root: Optional[Path] = RootOpt,
    geo_dir: Optional[Path] = GeoDirOpt,
    preview_url: Optional[str] = typer.Option(
        None, "--preview-url", help="Adres van de preview van het pull request; de samenvatting linkt elke gewijzigde pagina."
    ),
) -> None:
    """Markdown-samenvatting van wat een wijziging met de gegevens doet (voor pull requests)."""
    from ..review.diff import DiffUsageError, diff

    try:
        geo, _warning = resolve_geo(geo_dir)
    except GeoDataError as exc:
        fail_usage(str(exc))
    try:
        summary = diff(base, head, repo=project_folder(folder, root), geo=geo, today=reference_date(), preview_url=preview_url)
    except DiffUsageError as exc:
        fail_usage(str(exc))
    typer.echo(summary, nl=False)
