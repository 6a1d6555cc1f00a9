"""`hhz new-region`: a valid, commented region file to start from."""

from __future__ import annotations

import json
from pathlib import Path

PLACEHOLDER = "Nog in te vullen."


def _quoted(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    return json.dumps(text, ensure_ascii=False)


def region_yaml(region_id: str, naam: str) -> str:
    return f"""# yaml-language-server: $schema=../schemas/regio.schema.json
# Regio-bestand voor {naam}. Regels met # zijn uitleg; je mag ze laten staan.
id: {region_id}  # gelijk aan de bestandsnaam, alleen kleine letters, cijfers en koppeltekens
naam: {_quoted(naam)}  # volledige naam van de regio-organisatie
korte_naam: {_quoted(naam[:40])}  # korte naam voor tabellen en de kaart (max. 40 tekens)
provincies: []  # bijvoorbeeld [Noord-Brabant] of [Gelderland, Limburg]
# website: https://www.voorbeeld.nl  # website van de organisatie
contact: {{}}  # e-mail, telefoon en adres van de organisatie; geen gegevens van personen
gemeenten: []  # CBS-gemeentecodes, bijvoorbeeld [GM0828, GM1948]; een gemeente hoort bij één regio
organisaties:  # de organisaties in de regio; type: regio-organisatie, zorggroep, huisartsenpost, lhv-kring, multidisciplinair, ros, wdh, waarnemers of overig
  - naam: {_quoted(naam)}
    type: regio-organisatie
governance:
  rechtsvorm: {_quoted(PLACEHOLDER)}  # bijvoorbeeld coöperatie of stichting
  mandaat: {_quoted(PLACEHOLDER)}  # hoe geven de huisartsen de organisatie hun mandaat?
kerngegevens:  # aantallen zijn gehele getallen zonder punt; peildatum als JJJJ-MM-DD
  bron: {_quoted(PLACEHOLDER)}  # waar komen de cijfers vandaan?
regioplan:
  status: onbekend  # openbaar, niet-openbaar, in-ontwikkeling, onbekend of geen
zelfevaluaties: []  # zie docs/bijdragen.md: een zelfevaluatie per datum, per bouwsteen een niveau
goede_voorbeelden: []  # zie docs/bijdragen.md
"""


def write_region(root: Path, region_id: str, naam: str) -> Path:
    path = root / "regions" / f"{region_id}.yaml"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(region_yaml(region_id, naam), encoding="utf-8")
    return path
