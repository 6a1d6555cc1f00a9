"""The data contract: pydantic models of the YAML files (keys in Dutch, the editors' words).

The JSON Schemas in ``schemas/`` are generated from these models (``hhz schema``), so the
editor's autocompletion and the validator cannot drift apart. Field descriptions are
Dutch because editors read them in their editor's tooltips.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .vocabulary import (
    BEWIJS_TYPES,
    BOUWSTEEN_IDS,
    EVALUATIE_STATUS,
    ORGANISATIE_TYPES,
    PROVINCIES,
    REGIOPLAN_STATUS,
    SCALE_MAX_LEVELS,
    SCALE_MIN_LEVELS,
    SCORE_GROEPEN,
    SCORES_MIN_GROUPS,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
GEMEENTE_PATTERN = r"^GM[0-9]{4}$"

OrganisatieType = Literal[tuple(ORGANISATIE_TYPES)]  # type: ignore[valid-type]
BewijsType = Literal[tuple(BEWIJS_TYPES)]  # type: ignore[valid-type]
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
# the real limits come from bouwstenen/schaal.yaml; the mark tells schema.py to put the scale there
LEVEL_SCHEMA_MARK = "x-hhz-niveau"
Niveau = Annotated[int, Field(ge=1, le=99, json_schema_extra={LEVEL_SCHEMA_MARK: True})]
Count = Annotated[int, Field(ge=0, le=100_000_000)]
Jaar = Annotated[int, Field(ge=1990, le=2100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def about(title: str, description: str) -> ConfigDict:
    """An object's Dutch label and hint in the JSON Schema (the editor's hover), never a docstring."""
    return ConfigDict(title=title, json_schema_extra={"description": description})


def text(title: str, description: str, **kwargs) -> Any:
    """A field with its Dutch label (``title``) and hint (``description``): the one source
    of the texts shown by the JSON Schemas, the form editor, the new-region template and the
    field reference in docs/bijdragen.md."""
    return Field(title=title, description=description, **kwargs)


# --- bouwstenen/ ------------------------------------------------------------------


class SchaalNiveau(Strict):
    model_config = about("Niveau van de groeischaal", "Eén niveau van de groeischaal: nummer, naam en betekenis.")

    niveau: Niveau = text("Niveau", "Het nummer van het niveau op de groeischaal: 1 is het laagste.")
    naam: Text = text("Naam", "Korte naam van het niveau, bijvoorbeeld 'Verkennen'.")
    betekenis: Text = text("Betekenis", "Wat dit niveau betekent, in één regel.")


class Schaal(Strict):
    model_config = about("Groeischaal", "bouwstenen/schaal.yaml: de groeischaal die alle bouwstenen delen.")

    # the programme's scale is 1-5, and the charts and the map have a colour for each level
    niveaus: list[SchaalNiveau] = text(
        "Niveaus",
        "De niveaus van de groeischaal, van laag naar hoog, elk met naam en betekenis.",
        min_length=SCALE_MIN_LEVELS,
        max_length=SCALE_MAX_LEVELS,
    )


class Criterium(Strict):
    model_config = about("Criterium", "Een criterium waaraan je de bouwsteen herkent: een korte code en één zin.")

    id: Id = text("Id", "Korte code van het criterium: kleine letters, cijfers en koppeltekens.")
    tekst: Text = text("Tekst", "Het criterium in één zin.")


class NiveauBeschrijving(Strict):
    model_config = about("Beschrijving van een niveau", "Hoe één niveau van de groeischaal eruitziet op de bouwsteen.")

    niveau: Niveau = text("Niveau", "Het niveau op de groeischaal (zie bouwstenen/schaal.yaml).")
    tekst: LongText = text("Tekst", "Hoe dit niveau eruitziet op deze bouwsteen.")


class Bouwsteen(Strict):
    model_config = about("Bouwsteen", "bouwstenen/<id>.yaml: één van de zes bouwstenen, met criteria en niveaus.")

    id: Id = text("Id", "Gelijk aan de bestandsnaam (zonder .yaml), bijvoorbeeld regiovisie.")
    naam: Text = text("Naam", "De naam van de bouwsteen zoals het programma hem noemt.")
    volgorde: Annotated[int, Field(ge=1, le=99)] = text(
        "Volgorde", "De plaats van de bouwsteen in lijsten en formulieren: 1 komt eerst."
    )
    samenvatting: LongText = text("Samenvatting", "Een of twee zinnen over waar de bouwsteen over gaat.")
    beschrijving: LongText = text("Beschrijving", "Markdown: wat een sterke regio-organisatie op dit thema doet.")
    criteria: list[Criterium] = text(
        "Criteria", "Drie tot zes criteria waaraan je de bouwsteen herkent.", min_length=3, max_length=6
    )
    niveaus: list[NiveauBeschrijving] = text(
        "Niveaus", "Per niveau van de groeischaal: hoe het er op deze bouwsteen uitziet (de rubric)."
    )


# --- regions/ ---------------------------------------------------------------------


class Contact(Strict):
    model_config = about("Contact", "Algemene contactgegevens van de organisatie; geen gegevens van personen.")

    email: Email | None = text(
        "E-mail", "Algemeen e-mailadres van de organisatie, bijvoorbeeld info@regio.nl; geen persoonlijk adres.",
        default=None,
    )
    telefoon: Text | None = text("Telefoon", "Algemeen telefoonnummer van de organisatie.", default=None)
    adres: Text | None = text("Adres", "Bezoek- of postadres van de organisatie, op één regel.", default=None)


class Organisatie(Strict):
    model_config = about("Organisatie", "Een organisatie in de regio, met naam en soort.")

    naam: Text = text("Naam", "De naam van de organisatie.")
    type: OrganisatieType = text(
        "Soort organisatie", "Een van: " + ", ".join(ORGANISATIE_TYPES) + "."
    )
    website: Url | None = text("Website", "Adres van de website, beginnend met https://.", default=None)


class Governance(Strict):
    model_config = about("Governance", "Rechtsvorm en mandaat van de regio-organisatie.")

    rechtsvorm: Text = text("Rechtsvorm", "Bijvoorbeeld coöperatie, stichting of B.V.")
    mandaat: LongText = text("Mandaat", "Hoe de huisartsen de regio-organisatie hun mandaat geven.")
    toelichting: LongText | None = text(
        "Toelichting", "Optioneel: meer over bestuur, ledenraad of adviesorganen.", default=None
    )


class Kerngegevens(Strict):
    model_config = about("Kerngegevens", "Aantallen huisartsen, praktijken en inwoners, met peildatum en bron.")

    peildatum: dt.date | None = text(
        "Peildatum", "De datum waarop de cijfers gelden, als JJJJ-MM-DD, bijvoorbeeld 2025-01-01.", default=None
    )
    huisartsen: Count | None = text(
        "Huisartsen", "Aantal huisartsen in de regio: een geheel getal zonder punt, bijvoorbeeld 1600.", default=None
    )
    praktijken: Count | None = text(
        "Praktijken", "Aantal huisartsenpraktijken: een geheel getal zonder punt.", default=None
    )
    inwoners: Count | None = text(
        "Inwoners", "Aantal inwoners van het werkgebied: een geheel getal zonder punt.", default=None
    )
    preferente_zorgverzekeraar: Text | None = text(
        "Preferente zorgverzekeraar", "De zorgverzekeraar met het grootste marktaandeel in de regio.", default=None
    )
    bron: Text = text("Bron", "Waar de cijfers vandaan komen, bijvoorbeeld 'Nivel, 2024'.")


class Regioplan(Strict):
    model_config = about("Regioplan", "Of er een regioplan is, en waar het te lezen is.")

    status: RegioplanStatus = text(
        "Status", "Een van: " + ", ".join(REGIOPLAN_STATUS) + "."
    )
    titel: Text | None = text("Titel", "De titel van het regioplan.", default=None)
    url: Url | None = text("Adres (URL)", "Waar het regioplan te lezen is, beginnend met https://.", default=None)
    jaar: Jaar | None = text("Jaar", "Het jaar waarin het regioplan is vastgesteld, bijvoorbeeld 2025.", default=None)


class Link(Strict):
    model_config = about("Link", "Een link: titel en adres (URL).")

    titel: Text = text("Titel", "Waar de link naartoe gaat, in een paar woorden.")
    url: Url = text("Adres (URL)", "Het adres, beginnend met https://.")


class Ambitie(Strict):
    model_config = about("Ambitie", "Welk niveau de regio in welk jaar wil bereiken.")

    niveau: Niveau = text("Ambitieniveau", "Het niveau dat de regio wil bereiken: gelijk aan of hoger dan het huidige.")
    jaar: Jaar = text("Jaar", "Het jaar waarin de regio dat niveau wil bereiken, niet eerder dan de zelfevaluatie.")


class Bewijs(Link):
    model_config = about("Bewijs", "Een document of webpagina die het niveau onderbouwt; optioneel soort en datum.")

    type: BewijsType | None = text(
        "Soort bewijs", "Optioneel, een van: " + ", ".join(BEWIJS_TYPES) + ".", default=None
    )
    datum: dt.date | None = text(
        "Datum van het bewijs", "Optioneel: de datum van het document of besluit, als JJJJ-MM-DD.", default=None
    )


# The group names are a fixed list (vocabulary.SCORE_GROEPEN): the schema offers them, and the
# rule score-group-known (validate/evaluation_checks.py) names the nearest when one is misspelt.
def _group_properties(schema: dict[str, Any]) -> None:
    """In the JSON Schema, one property per group (with its label), so editors complete them."""
    item = next(iter(schema.pop("patternProperties", {}).values()), {"type": "integer"})
    schema["properties"] = {
        key: {**item, "title": label, "description": f"Het niveau dat deze groep gaf: {who}."}
        for key, (label, who) in SCORE_GROEPEN.items()
    }
    schema["additionalProperties"] = False


GroepScores = Annotated[
    dict[Id, Niveau], Field(min_length=SCORES_MIN_GROUPS, json_schema_extra=_group_properties)
]


class Toetsing(Strict):
    model_config = about("Toetsing", "Wie de zelfevaluatie toetste (een organisatie of rol), wanneer en met welke opmerking.")

    door: Text = text(
        "Getoetst door",
        "De organisatie of rol die toetste, bijvoorbeeld 'InEen, programmateam'; namen van personen zijn niet nodig.",
    )
    datum: dt.date = text("Datum van de toetsing", "Als JJJJ-MM-DD; niet vóór de zelfevaluatie en niet in de toekomst.")
    opmerking: LongText | None = text("Opmerking", "Optioneel: wat de toetser opmerkte.", default=None)


class BouwsteenScore(Strict):
    model_config = about("Score op een bouwsteen", "Het niveau op één bouwsteen, met toelichting, bewijs en scores.")

    niveau: Niveau = text(
        "Niveau", "Het niveau waarover de deelnemers het eens zijn, op de groeischaal (zie bouwstenen/schaal.yaml)."
    )
    toelichting: LongText = text("Toelichting", "Waarom dit niveau: wat er al is en wat nog ontbreekt.")
    bewijs: list[Bewijs] = text(
        "Bewijs",
        "Documenten of webpagina's die het niveau onderbouwen, elk met titel en URL, "
        "optioneel met soort (" + ", ".join(BEWIJS_TYPES) + ") en datum.",
        default_factory=list,
    )
    scores: GroepScores | None = text(
        "Scores per groep",
        "Optioneel: het niveau dat elke groep gaf voordat de deelnemers het eens werden, bijvoorbeeld "
        "{huisartsen: 3, bestuur: 4}; minstens twee groepen, uit: " + ", ".join(SCORE_GROEPEN) + ".",
        default=None,
    )
    ambitie: Ambitie | None = text("Ambitie", "Optioneel: welk niveau de regio wanneer wil bereiken.", default=None)


class Zelfevaluatie(Strict):
    model_config = about("Zelfevaluatie", "Per bouwsteen het niveau waarover de deelnemers het eens zijn, op één datum.")

    datum: dt.date = text(
        "Datum", "De dag waarop de zelfevaluatie is gedaan, als JJJJ-MM-DD; niet in de toekomst."
    )
    status: EvaluatieStatus = text(
        "Status", "concept (mag onvolledig zijn) of vastgesteld (alle zes bouwstenen)."
    )
    deelnemers: list[Text] = text(
        "Deelnemers", "Rollen of gremia die meededen, bijvoorbeeld 'bestuur'; geen namen van personen.", min_length=1
    )
    voorbeeld: bool = text(
        "Voorbeeldgegevens", "Aan (true): illustratieve gegevens, geen echte zelfevaluatie; de site toont een banner.",
        default=False,
    )
    bouwstenen: dict[Id, BouwsteenScore] = text(
        "Bouwstenen", "Per bouwsteen (de id, bijvoorbeeld regiovisie) het niveau met toelichting.", min_length=1
    )
    getoetst: Toetsing | None = text(
        "Getoetst",
        "Optioneel: wie de zelfevaluatie toetste (een organisatie of rol) en wanneer; zonder dit veld "
        "toont de site 'niet getoetst'.",
        default=None,
    )


class GoedVoorbeeld(Strict):
    model_config = about("Goed voorbeeld", "Een voorbeeld uit de regio waar andere regio's van kunnen leren.")

    id: Id = text("Id", "Uniek op de hele site; begin met de id van de regio, bijvoorbeeld humo-wijkteams.")
    titel: Text = text("Titel", "De titel van het goede voorbeeld.")
    bouwstenen: list[Id] = text(
        "Bouwstenen", "De ids van de bouwstenen waar het voorbeeld bij hoort, bijvoorbeeld [ontzorging].", min_length=1
    )
    samenvatting: LongText = text("Samenvatting", "Een of twee zinnen voor de overzichten.")
    tekst: LongText = text("Tekst", "Markdown: wat de regio deed, met wie en hoe.")
    resultaten: LongText | None = text("Resultaten", "Optioneel, Markdown: wat het opleverde.", default=None)
    links: list[Link] = text("Links", "Meer lezen: titel en URL per link.", default_factory=list)
    datum: dt.date = text("Datum", "Wanneer het voorbeeld is beschreven, als JJJJ-MM-DD.")


class Regio(Strict):
    model_config = about("Regio-organisatie", "regions/<id>.yaml: één regio-organisatie met werkgebied en zelfevaluaties.")

    id: Id = text("Id", "Gelijk aan de bestandsnaam (zonder .yaml): kleine letters, cijfers en koppeltekens.")
    naam: Text = text("Naam", "De volledige naam van de regio-organisatie.")
    korte_naam: Annotated[str, StringConstraints(max_length=40), AfterValidator(check_text)] = text(
        "Korte naam", "Korte naam voor tabellen en de kaart, hoogstens 40 tekens, bijvoorbeeld HuMo."
    )
    provincies: list[Provincie] = text(
        "Provincies", "De provincies van het werkgebied, bijvoorbeeld [Noord-Brabant].", default_factory=list
    )
    website: Url | None = text("Website", "Adres van de website, beginnend met https://.", default=None)
    contact: Contact = text(
        "Contact", "E-mail, telefoon en adres van de organisatie; geen gegevens van personen.", default_factory=Contact
    )
    gemeenten: list[GemeenteCode] = text(
        "Gemeenten", "CBS-gemeentecodes van het werkgebied, bijvoorbeeld GM0828; een gemeente hoort bij één regio.",
        default_factory=list,
    )
    organisaties: list[Organisatie] = text(
        "Organisaties", "De organisaties in de regio, elk met naam en soort.", min_length=1
    )
    governance: Governance = text("Governance", "Rechtsvorm en mandaat van de regio-organisatie.")
    kerngegevens: Kerngegevens = text("Kerngegevens", "Aantallen huisartsen, praktijken en inwoners, met bron.")
    regioplan: Regioplan = text("Regioplan", "Of er een regioplan is, en waar het te lezen is.")
    zelfevaluaties: list[Zelfevaluatie] = text(
        "Zelfevaluaties", "Een zelfevaluatie per datum: per bouwsteen een niveau met toelichting.", default_factory=list
    )
    goede_voorbeelden: list[GoedVoorbeeld] = text(
        "Goede voorbeelden", "Voorbeelden waar andere regio's van kunnen leren.", default_factory=list
    )


SCHEMA_MODELS: dict[str, type[Strict]] = {
    "regio": Regio,
    "bouwsteen": Bouwsteen,
    "schaal": Schaal,
}
