"""The data contract: pydantic models of the YAML files (keys in Dutch, the editors' words).

The JSON Schemas in ``schemas/`` are generated from these models (``hhz schema``), so the
editor's autocompletion and the validator cannot drift apart. Field descriptions are
Dutch because editors read them in their editor's tooltips.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .vocabulary import (
    BOUWSTEEN_IDS,
    EVALUATIE_STATUS,
    ORGANISATIE_TYPES,
    PROVINCIES,
    REGIOPLAN_STATUS,
    SCALE_MAX_LEVELS,
    SCALE_MIN_LEVELS,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
GEMEENTE_PATTERN = r"^GM[0-9]{4}$"

OrganisatieType = Literal[tuple(ORGANISATIE_TYPES)]  # type: ignore[valid-type]
RegioplanStatus = Literal[tuple(REGIOPLAN_STATUS)]  # type: ignore[valid-type]
EvaluatieStatus = Literal[EVALUATIE_STATUS]  # type: ignore[valid-type]
Provincie = Literal[PROVINCIES]  # type: ignore[valid-type]

_EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$", re.IGNORECASE)


def check_url(value: str) -> str:
    """Only http(s) and mailto URLs, without spaces or control characters."""
    if any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise ValueError("een URL mag geen spaties of stuurtekens bevatten")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.netloc and parts.hostname:
        return value
    if scheme == "mailto" and _is_email(value[len("mailto:") :]):
        return value
    raise ValueError(
        f"ongeldige URL `{value[:80]}`; alleen https://…, http://… of mailto:… is toegestaan"
    )


def _is_email(value: str) -> bool:
    """A syntactically valid address (email-validator; no DNS lookups, no quoted local part)."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return bool(_EMAIL_RE.match(value))


def check_email(value: str) -> str:
    if value.strip().lower().startswith("mailto:"):
        raise ValueError(
            f"schrijf alleen het e-mailadres, zonder `mailto:` ervoor: {value.strip()[len('mailto:'):][:80]}"
        )
    if value != value.strip():
        raise ValueError(
            "het e-mailadres begint of eindigt met een spatie of regeleinde (staat het in een `|`-blok?); "
            "schrijf het op één regel achter `email:`, bijvoorbeeld email: naam@organisatie.nl"
        )
    if not _is_email(value):
        raise ValueError(f"ongeldig e-mailadres `{value[:80]}`; schrijf het als naam@organisatie.nl")
    return value


def _has_visible(value: str) -> bool:
    """Whether the text shows anything beyond white space and invisible format characters
    (zero-width space, joiners); stops at the first visible character."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in value)


def check_text(value: str) -> str:
    if not _has_visible(value):
        raise ValueError("mag niet leeg zijn; vul tekst in of laat het veld weg als het optioneel is")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
GemeenteCode = Annotated[str, StringConstraints(pattern=GEMEENTE_PATTERN)]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(check_url)]
Email = Annotated[str, AfterValidator(check_email)]
Text = Annotated[str, StringConstraints(max_length=300), AfterValidator(check_text)]
LongText = Annotated[str, StringConstraints(max_length=20000), AfterValidator(check_text)]
Niveau = Annotated[int, Field(ge=1, le=99, description="Niveau op de schaal (zie bouwstenen/schaal.yaml).")]
Count = Annotated[int, Field(ge=0, le=100_000_000)]
Jaar = Annotated[int, Field(ge=1990, le=2100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- bouwstenen/ ------------------------------------------------------------------


class SchaalNiveau(Strict):
    niveau: Niveau
    naam: Text = Field(description="Korte naam van het niveau, bijvoorbeeld 'Verkennen'.")
    betekenis: Text = Field(description="Wat dit niveau betekent, in één regel.")


class Schaal(Strict):
    """bouwstenen/schaal.yaml: de groeischaal die alle bouwstenen delen."""

    # the programme's scale is 1-5, and the charts and the map have a colour for each level
    niveaus: list[SchaalNiveau] = Field(min_length=SCALE_MIN_LEVELS, max_length=SCALE_MAX_LEVELS)


class Criterium(Strict):
    id: Id
    tekst: Text


class NiveauBeschrijving(Strict):
    niveau: Niveau
    tekst: LongText = Field(description="Hoe dit niveau eruitziet op deze bouwsteen.")


class Bouwsteen(Strict):
    """bouwstenen/<id>.yaml: één van de zes bouwstenen."""

    id: Id = Field(description="Gelijk aan de bestandsnaam.")
    naam: Text
    volgorde: Annotated[int, Field(ge=1, le=99)]
    samenvatting: LongText = Field(description="Een of twee zinnen.")
    beschrijving: LongText = Field(description="Markdown: wat een sterke regio-organisatie op dit thema doet.")
    criteria: list[Criterium] = Field(min_length=3, max_length=6)
    niveaus: list[NiveauBeschrijving] = Field(description="Per niveau van de schaal: hoe het eruitziet.")


# --- regions/ ---------------------------------------------------------------------


class Contact(Strict):
    email: Email | None = None
    telefoon: Text | None = None
    adres: Text | None = None


class Organisatie(Strict):
    naam: Text
    type: OrganisatieType
    website: Url | None = None


class Governance(Strict):
    rechtsvorm: Text = Field(description="Bijvoorbeeld coöperatie, stichting, B.V.")
    mandaat: LongText = Field(description="Hoe de huisartsen de regio-organisatie hun mandaat geven.")
    toelichting: LongText | None = None


class Kerngegevens(Strict):
    peildatum: dt.date | None = None
    huisartsen: Count | None = None
    praktijken: Count | None = None
    inwoners: Count | None = None
    preferente_zorgverzekeraar: Text | None = None
    bron: Text = Field(description="Waar de cijfers vandaan komen.")


class Regioplan(Strict):
    status: RegioplanStatus
    titel: Text | None = None
    url: Url | None = None
    jaar: Jaar | None = None


class Link(Strict):
    titel: Text
    url: Url


class Ambitie(Strict):
    niveau: Niveau
    jaar: Jaar


class BouwsteenScore(Strict):
    niveau: Niveau
    toelichting: LongText
    bewijs: list[Link] = Field(default_factory=list)
    ambitie: Ambitie | None = None


class Zelfevaluatie(Strict):
    datum: dt.date
    status: EvaluatieStatus = Field(description="concept (mag onvolledig zijn) of vastgesteld (alle zes bouwstenen).")
    deelnemers: list[Text] = Field(min_length=1, description="Rollen of gremia, geen namen van personen.")
    voorbeeld: bool = Field(default=False, description="true: illustratieve gegevens; de site toont een banner.")
    bouwstenen: dict[Id, BouwsteenScore] = Field(min_length=1)


class GoedVoorbeeld(Strict):
    id: Id = Field(description="Uniek op de hele site; begin met de id van de regio.")
    titel: Text
    bouwstenen: list[Id] = Field(min_length=1)
    samenvatting: LongText
    tekst: LongText = Field(description="Markdown.")
    resultaten: LongText | None = None
    links: list[Link] = Field(default_factory=list)
    datum: dt.date


class Regio(Strict):
    """regions/<id>.yaml: één regio-organisatie."""

    id: Id = Field(description="Gelijk aan de bestandsnaam.")
    naam: Text
    korte_naam: Annotated[str, StringConstraints(max_length=40), AfterValidator(check_text)]
    provincies: list[Provincie] = Field(default_factory=list)
    website: Url | None = None
    contact: Contact = Field(default_factory=Contact)
    gemeenten: list[GemeenteCode] = Field(
        default_factory=list, description="CBS-gemeentecodes, bijvoorbeeld GM0828."
    )
    organisaties: list[Organisatie] = Field(min_length=1)
    governance: Governance
    kerngegevens: Kerngegevens
    regioplan: Regioplan
    zelfevaluaties: list[Zelfevaluatie] = Field(default_factory=list)
    goede_voorbeelden: list[GoedVoorbeeld] = Field(default_factory=list)


SCHEMA_MODELS: dict[str, type[Strict]] = {
    "regio": Regio,
    "bouwsteen": Bouwsteen,
    "schaal": Schaal,
}
