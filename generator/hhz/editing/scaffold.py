"""`hhz new-region`: a valid, commented region file to start from.

The file validates as it is (with warnings for the placeholders). The optional parts, a
zelfevaluatie with all six bouwstenen, a goed voorbeeld, the contact details and the
kerngegevens figures, are skeletons in comments: remove the `# ` in front of a block (in
VS Code: select it and press Ctrl+/) and fill it in. Lines that stay optional inside a
skeleton are commented twice, so that uncommenting the block leaves them commented.

The explanation after each key is the field's own Dutch description from the models
(``Model.model_fields[name].description``), the same text the JSON Schema and the form
editor show; the keys are written exactly as the validator reads them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel

from ..models import Ambitie, Bewijs, BouwsteenScore, Contact, GoedVoorbeeld, Governance, Kerngegevens, Link
from ..models import Organisatie, Regio, Regioplan, Toetsing, Zelfevaluatie
from ..vocabulary import BEWIJS_TYPES, BOUWSTEEN_IDS, PLACEHOLDER, SCORE_GROEPEN

MAX_ID = 80
MAX_KORTE_NAAM = 40
PRACTICE_SUFFIX = "-onderwerp"


def _quoted(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    return json.dumps(text, ensure_ascii=False)


def hint(model: type[BaseModel], name: str) -> str:
    """The field's Dutch description, on one line (the text after `#`)."""
    field = model.model_fields[name]
    return " ".join((field.description or field.title or "").split())


def _line(indent: int, model: type[BaseModel], name: str, value: str | None = None, comment: str = "") -> str:
    """``key: value  # description``; ``comment`` is put in front of the line ("# ")."""
    pad = " " * indent
    key = f"{name}:" if value is None else f"{name}: {value}"
    return f"{comment}{pad}{key}  # {hint(model, name)}"


def _header(region_id: str, naam: str, korte_naam: str) -> list[str]:
    return [
        "# yaml-language-server: $schema=../schemas/regio.schema.json",
        f"# Regio-bestand voor {naam}. Regels met # zijn uitleg; je mag ze laten staan.",
        "# Blokken die met # beginnen zijn voorbeelden om in te vullen: haal de # weg (in VS Code:",
        "# selecteer het blok en druk Ctrl+/) en vul in. Controleer daarna met `hhz validate`.",
        _line(0, Regio, "id", region_id),
        _line(0, Regio, "naam", _quoted(naam)),
        _line(0, Regio, "korte_naam", _quoted(korte_naam)),
        _line(0, Regio, "provincies", "[]"),
        _line(0, Regio, "website", "https://www.organisatie.nl", comment="# "),
        _line(0, Regio, "gemeenten", "[]"),
    ]


def _contact() -> list[str]:
    c = "# "
    return [
        _line(0, Regio, "contact", comment=c),
        _line(2, Contact, "email", "info@organisatie.nl", comment=c),
        _line(2, Contact, "telefoon", _quoted("0123 456 789"), comment=c),
        _line(2, Contact, "adres", _quoted("Straat 1, 1234 AB Plaats"), comment=c),
    ]


def _organisaties(naam: str) -> list[str]:
    return [
        _line(0, Regio, "organisaties"),
        "  - " + _line(0, Organisatie, "naam", _quoted(naam)),
        _line(4, Organisatie, "type", "regio-organisatie"),
        _line(4, Organisatie, "website", "https://www.organisatie.nl", comment="# "),
    ]


def _governance_and_figures() -> list[str]:
    c = "# "
    return [
        _line(0, Regio, "governance"),
        _line(2, Governance, "rechtsvorm", _quoted(PLACEHOLDER)),
        _line(2, Governance, "mandaat", _quoted(PLACEHOLDER)),
        _line(2, Governance, "toelichting", _quoted(PLACEHOLDER), comment=c),
        _line(0, Regio, "kerngegevens"),
        _line(2, Kerngegevens, "bron", _quoted(PLACEHOLDER)),
        _line(2, Kerngegevens, "peildatum", "2025-01-01", comment=c),
        _line(2, Kerngegevens, "huisartsen", "100", comment=c),
        _line(2, Kerngegevens, "praktijken", "40", comment=c),
        _line(2, Kerngegevens, "inwoners", "200000", comment=c),
        _line(2, Kerngegevens, "preferente_zorgverzekeraar", _quoted("Naam zorgverzekeraar"), comment=c),
        _line(0, Regio, "regioplan"),
        _line(2, Regioplan, "status", "onbekend"),
        _line(2, Regioplan, "titel", _quoted("Regioplan 2025-2028"), comment=c),
        _line(2, Regioplan, "url", "https://www.organisatie.nl/regioplan", comment=c),
        _line(2, Regioplan, "jaar", "2025", comment=c),
    ]


def _evidence_and_scores(bouwsteen_id: str, today: dt.date) -> list[str]:
    """The optional bewijs item (with type and datum) and scores per groep, on the first bouwsteen."""
    cc = "# # "
    groups = ", ".join(f"{group}: 1" for group in list(SCORE_GROEPEN)[:2])
    return [
        _line(8, BouwsteenScore, "bewijs", comment=cc),
        f"{cc}          - " + _line(0, Link, "titel", _quoted(PLACEHOLDER)),
        _line(12, Link, "url", f"https://www.organisatie.nl/{bouwsteen_id}", comment=cc),
        _line(12, Bewijs, "type", next(iter(BEWIJS_TYPES)), comment=cc),
        _line(12, Bewijs, "datum", today.isoformat(), comment=cc),
        _line(8, BouwsteenScore, "scores", f"{{{groups}}}", comment=cc),
    ]


def _score(bouwsteen_id: str, today: dt.date, first: bool) -> list[str]:
    c, cc = "# ", "# # "
    evidence = _evidence_and_scores(bouwsteen_id, today) if first else []
    return [
        f"{c}      {bouwsteen_id}:",
        _line(8, BouwsteenScore, "niveau", "1", comment=c),
        _line(8, BouwsteenScore, "toelichting", _quoted(PLACEHOLDER), comment=c),
        *(evidence or [_line(8, BouwsteenScore, "bewijs", "[]", comment=c)]),
        _line(8, BouwsteenScore, "ambitie", comment=cc),
        _line(10, Ambitie, "niveau", "2", comment=cc),
        _line(10, Ambitie, "jaar", str(today.year + 2), comment=cc),
    ]


def _evaluation(today: dt.date) -> list[str]:
    c = "# "
    out = [
        "",
        "# Een zelfevaluatie: elke keer dat de regio haar niveaus vaststelt een nieuwe, met de datum.",
        "# Daarna maakt `hhz new-evaluation ID` (of `hhz nieuwe-zelfevaluatie ID`) de volgende als kopie.",
        "# Een toetsing, bewijs met soort en datum en scores per groep staan als voorbeeld bij de eerste",
        "# bouwsteen (regels met # # ); ze kunnen bij elke bouwsteen.",
        _line(0, Regio, "zelfevaluaties", comment=c),
        f"{c}  - " + _line(0, Zelfevaluatie, "datum", today.isoformat()),
        _line(4, Zelfevaluatie, "status", "concept", comment=c),
        _line(4, Zelfevaluatie, "deelnemers", "[Bestuur]", comment=c),
        _line(4, Zelfevaluatie, "voorbeeld", "true", comment="# # "),
        _line(4, Zelfevaluatie, "getoetst", comment="# # "),
        _line(6, Toetsing, "door", _quoted(PLACEHOLDER), comment="# # "),
        _line(6, Toetsing, "datum", today.isoformat(), comment="# # "),
        _line(6, Toetsing, "opmerking", _quoted(PLACEHOLDER), comment="# # "),
        _line(4, Zelfevaluatie, "bouwstenen", comment=c),
    ]
    for bouwsteen_id in BOUWSTEEN_IDS:
        out += _score(bouwsteen_id, today, first=bouwsteen_id == BOUWSTEEN_IDS[0])
    return out


def _practice_id(region_id: str) -> str:
    return region_id + PRACTICE_SUFFIX if len(region_id) + len(PRACTICE_SUFFIX) <= MAX_ID else region_id


def _practice(region_id: str, today: dt.date) -> list[str]:
    c, cc = "# ", "# # "
    return [
        "",
        "# Een goed voorbeeld: iets wat de regio goed doet en wat andere regio's kunnen overnemen.",
        _line(0, Regio, "goede_voorbeelden", comment=c),
        f"{c}  - " + _line(0, GoedVoorbeeld, "id", _practice_id(region_id)),
        _line(4, GoedVoorbeeld, "titel", _quoted(PLACEHOLDER), comment=c),
        _line(4, GoedVoorbeeld, "bouwstenen", f"[{BOUWSTEEN_IDS[0]}]", comment=c),
        _line(4, GoedVoorbeeld, "samenvatting", _quoted(PLACEHOLDER), comment=c),
        _line(4, GoedVoorbeeld, "tekst", "|", comment=c),
        f"{c}      {PLACEHOLDER}",
        _line(4, GoedVoorbeeld, "resultaten", _quoted(PLACEHOLDER), comment=cc),
        _line(4, GoedVoorbeeld, "links", comment=cc),
        f"{cc}      - " + _line(0, Link, "titel", _quoted("Verslag van het project")),
        _line(8, Link, "url", "https://www.organisatie.nl/project", comment=cc),
        _line(4, GoedVoorbeeld, "datum", today.isoformat(), comment=c),
    ]


def region_yaml(region_id: str, naam: str, korte_naam: str | None = None, today: dt.date | None = None) -> str:
    """The new region's file. ``korte_naam`` defaults to the id (never the cut-off full name);
    ``today`` is the date the skeletons propose (the reference date)."""
    day = today or dt.date(2025, 1, 1)
    lines = [
        *_header(region_id, naam, korte_naam or region_id[:MAX_KORTE_NAAM].rstrip("-")),
        *_contact(),
        *_organisaties(naam),
        *_governance_and_figures(),
        *_evaluation(day),
        *_practice(region_id, day),
    ]
    return "\n".join(lines) + "\n"


def write_region(
    root: Path, region_id: str, naam: str, korte_naam: str | None = None, today: dt.date | None = None
) -> Path:
    path = root / "regions" / f"{region_id}.yaml"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(region_yaml(region_id, naam, korte_naam, today), encoding="utf-8")
    return path
