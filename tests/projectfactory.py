"""Build small, valid hhz projects in a temporary folder; tests then break one thing."""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path
from typing import Mapping

BOUWSTEEN_IDS = (
    "regiovisie",
    "samenwerkingsafspraken",
    "informatiebeleid",
    "arbeidsmarkt",
    "ontzorging",
    "innovatie-kwaliteit",
)

SCHAAL = """\
# yaml-language-server: $schema=../schemas/schaal.schema.json
niveaus:
  - niveau: 1
    naam: Verkennen
    betekenis: De regio verkent het thema.
  - niveau: 2
    naam: Opbouwen
    betekenis: Eerste afspraken en plannen.
  - niveau: 3
    naam: Uitvoeren
    betekenis: Het plan wordt uitgevoerd.
  - niveau: 4
    naam: Verankeren
    betekenis: Het is vast onderdeel van het werk.
  - niveau: 5
    naam: Voorlopen
    betekenis: De regio is een voorbeeld voor anderen.
"""


def bouwsteen_yaml(bouwsteen_id: str, volgorde: int) -> str:
    levels = "".join(f"  - niveau: {n}\n    tekst: Niveau {n} van {bouwsteen_id}.\n" for n in range(1, 6))
    return (
        "# yaml-language-server: $schema=../schemas/bouwsteen.schema.json\n"
        f"id: {bouwsteen_id}\n"
        f"naam: Naam van {bouwsteen_id}\n"
        f"volgorde: {volgorde}\n"
        "samenvatting: Korte samenvatting.\n"
        "beschrijving: |\n  Een *sterke* regio doet dit.\n"
        "criteria:\n"
        "  - id: eerste\n    tekst: Eerste criterium.\n"
        "  - id: tweede\n    tekst: Tweede criterium.\n"
        "  - id: derde\n    tekst: Derde criterium.\n"
        f"niveaus:\n{levels}"
    )


def scores_yaml(levels: dict[str, int], indent: int = 6) -> str:
    pad = " " * indent
    out = []
    for bouwsteen_id, level in levels.items():
        out.append(
            f"{pad}{bouwsteen_id}:\n"
            f"{pad}  niveau: {level}\n"
            f"{pad}  toelichting: Toelichting bij {bouwsteen_id}.\n"
            f"{pad}  bewijs:\n"
            f"{pad}    - titel: Regioplan\n"
            f"{pad}      url: https://example.org/{bouwsteen_id}\n"
        )
    return "".join(out)


# The provincie of gemeenten the tests use (CBS 2025), for runs without the geodata.
PROVINCIE_OF = {"GM0268": "Gelderland", "GM0344": "Utrecht", "GM0014": "Groningen", "GM0034": "Flevoland"}


@functools.lru_cache(maxsize=1)
def _provincie_of() -> Mapping[str, str]:
    """gemeente -> provincie from the geodata when it is there (any gemeente a test picks)."""
    from helpers.geodata import find_geo_dir

    found = find_geo_dir()
    if found is None:
        return PROVINCIE_OF
    from hhz.geo.reference import load_geo_reference
    from hhz.validate.provinces import provincie_names

    return provincie_names(load_geo_reference(found))


def provincies_of(gemeenten: list[str]) -> str:
    """`provincies` for these gemeenten, as the validator wants it with geodata (codes it
    does not know: Noord-Brabant)."""
    where = _provincie_of()
    names = list(dict.fromkeys(where.get(code, "Noord-Brabant") for code in gemeenten))
    return ", ".join(names or ["Noord-Brabant"])


def region_yaml(
    region_id: str,
    gemeenten: list[str],
    levels_old: dict[str, int] | None = None,
    levels_new: dict[str, int] | None = None,
    practice_id: str | None = None,
) -> str:
    levels_old = levels_old or {b: 2 for b in BOUWSTEEN_IDS}
    levels_new = levels_new or {b: 3 for b in BOUWSTEEN_IDS}
    practice_id = practice_id or f"{region_id}-voorbeeld"
    return textwrap.dedent(
        f"""\
        # yaml-language-server: $schema=../schemas/regio.schema.json
        id: {region_id}
        naam: Regio {region_id}
        korte_naam: {region_id.upper()}
        provincies: [{provincies_of(gemeenten)}]
        website: https://example.org/{region_id}
        contact:
          email: info@example.org
        gemeenten: [{", ".join(gemeenten)}]
        organisaties:
          - naam: Zorggroep {region_id}
            type: zorggroep
        governance:
          rechtsvorm: coöperatie
          mandaat: De huisartsen geven mandaat via de ledenraad.
        kerngegevens:
          peildatum: 2025-01-01
          huisartsen: 100
          praktijken: 40
          inwoners: 200000
          bron: Jaarverslag
        regioplan:
          status: openbaar
          jaar: 2024
        zelfevaluaties:
          - datum: 2024-03-01
            status: vastgesteld
            deelnemers: [Bestuur]
            voorbeeld: true
            bouwstenen:
        """
    ) + scores_yaml(levels_old) + (
        "  - datum: 2025-03-01\n"
        "    status: vastgesteld\n"
        "    deelnemers: [Bestuur, Regioraad]\n"
        "    voorbeeld: true\n"
        "    bouwstenen:\n"
    ) + scores_yaml(levels_new) + textwrap.dedent(
        f"""\
        goede_voorbeelden:
          - id: {practice_id}
            titel: Een goed voorbeeld
            bouwstenen: [regiovisie]
            samenvatting: Wat de regio deed.
            tekst: |
              De regio *deed* iets goeds.
            datum: 2024-06-01
        """
    )


def make_project(root: Path, regions: dict[str, str] | None = None) -> Path:
    """A valid project: the scale, six bouwstenen and (by default) two regions."""
    (root / "bouwstenen").mkdir(parents=True, exist_ok=True)
    (root / "regions").mkdir(parents=True, exist_ok=True)
    (root / "bouwstenen" / "schaal.yaml").write_text(SCHAAL, encoding="utf-8")
    for index, bouwsteen_id in enumerate(BOUWSTEEN_IDS, start=1):
        (root / "bouwstenen" / f"{bouwsteen_id}.yaml").write_text(bouwsteen_yaml(bouwsteen_id, index), encoding="utf-8")
    if regions is None:
        regions = {
            "alfa": region_yaml("alfa", ["GM0828", "GM1948"]),
            "beta": region_yaml(
                "beta",
                ["GM0268"],
                levels_old={b: 4 for b in BOUWSTEEN_IDS},
                levels_new={b: 4 for b in BOUWSTEEN_IDS} | {"arbeidsmarkt": 5},
            ),
        }
    for region_id, text in regions.items():
        (root / "regions" / f"{region_id}.yaml").write_text(text, encoding="utf-8")
    return root

