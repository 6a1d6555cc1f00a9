"""`hhz new-evaluation` (Dutch alias `hhz nieuwe-zelfevaluatie`): a new concept zelfevaluatie
copied from the latest vastgestelde one (registered on the app in ``hhz.cli.main``)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import FolderArg, GeoDirOpt, RootOpt, fail_usage, open_or_exit, project_folder


def new_evaluation_command(
    region_id: str = typer.Argument(..., metavar="REGIO", help="Id van de regio (de bestandsnaam zonder .yaml)."),
    datum: Optional[str] = typer.Option(
        None, "--datum", help="Datum van de nieuwe zelfevaluatie, JJJJ-MM-DD (standaard vandaag; niet in de toekomst)."
    ),
    folder: Optional[Path] = FolderArg,
    root: Optional[Path] = RootOpt,
    geo_dir: Optional[Path] = GeoDirOpt,
) -> None:
    """Voeg een concept-zelfevaluatie toe, gekopieerd van de nieuwste vastgestelde (ook: hhz nieuwe-zelfevaluatie).

    De kopie krijgt de nieuwe datum, status concept en geen voorbeeld; de rest van het bestand blijft zoals het was.
    """
    from ..editing.newevaluation import NewEvaluationError, parse_datum, plan_new_evaluation, write_new_evaluation

    project = open_or_exit(project_folder(folder, root), geo_dir)
    try:
        day = parse_datum(datum, project.today)
        plan = plan_new_evaluation(project.root, region_id, day, project.today, project.geo)
        write_new_evaluation(plan)
    except NewEvaluationError as exc:
        fail_usage(str(exc))
    except OSError as exc:
        fail_usage(f"kan regions/{region_id}.yaml niet schrijven: {exc.strerror or exc}")
    typer.echo(
        f"toegevoegd: {plan.relpath}:{plan.line}: concept-zelfevaluatie van {plan.datum.isoformat()}, "
        f"gekopieerd van de vastgestelde van {plan.source_datum.isoformat()}"
    )
    for note in plan.notes:
        typer.echo(f"let op: {note}")
    typer.echo("werk per bouwsteen niveau, toelichting en bewijs bij, en zet status op vastgesteld als het klaar is")
