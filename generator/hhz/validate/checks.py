"""The rules that look at one file: the scale, a bouwsteen, a region.

Each function is one rule of ``rules.py``: it gets the file (``Loaded``, or for the raw
region rules the ``SourceDocument``) and the ``Context``, and yields its diagnostics.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from ..diagnostics import Diagnostic
from ..vocabulary import BOUWSTEEN_IDS, PLACEHOLDER
from ..load.source import SourceDocument
from .context import Context, Loaded, Loc, raw_gemeente_codes, raw_leaves
from .messages import did_you_mean
from .provinces import provincie_names

Found = Iterator[Diagnostic]

DATE_KEYS = frozenset({"datum", "peildatum"})  # the dates of a region file
RESERVED_IDS = frozenset({"index"})  # page names that the site itself uses in regios/ and goede-voorbeelden/
KNOWN_BOUWSTEENEN = tuple(sorted(BOUWSTEEN_IDS))  # the six of the programme, for "kies uit"


# --- the scale and the bouwstenen -----------------------------------------------------


def schaal_numbered(item: Loaded, ctx: Context) -> Found:
    numbers = [n.niveau for n in item.model.niveaus]
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        yield ctx.error(
            item.doc,
            ("niveaus",),
            f"de niveaus moeten oplopend genummerd zijn vanaf 1 ({', '.join(map(str, expected))}); "
            f"gevonden: {', '.join(map(str, numbers))}",
        )


def id_is_file_name(item: Loaded, ctx: Context) -> Found:
    stem = item.doc.path.stem
    if item.model.id != stem:
        message = f"`id` is `{item.model.id}` maar het bestand heet `{stem}.yaml`; maak ze gelijk"
        yield ctx.error(item.doc, ("id",), message)


def bouwsteen_niveau_on_scale(item: Loaded, ctx: Context) -> Found:
    for index, beschrijving in enumerate(item.model.niveaus):
        if ctx.off_scale(beschrijving.niveau):
            loc = ("niveaus", index, "niveau")
            yield ctx.error(item.doc, loc, f"niveau {beschrijving.niveau} staat niet op de schaal ({ctx.scale_text})")


def bouwsteen_niveau_once(item: Loaded, ctx: Context) -> Found:
    numbers = [n.niveau for n in item.model.niveaus]
    for index, number in enumerate(numbers):
        if numbers.index(number) != index:
            yield ctx.error(item.doc, ("niveaus", index, "niveau"), f"niveau {number} staat er twee keer in")


def bouwsteen_covers_scale(item: Loaded, ctx: Context) -> Found:
    missing = sorted(ctx.levels - {n.niveau for n in item.model.niveaus})
    if missing:
        yield ctx.error(item.doc, ("niveaus",), f"beschrijving ontbreekt voor niveau {', '.join(map(str, missing))}")


def criterium_id_unique(item: Loaded, ctx: Context) -> Found:
    seen: set[str] = set()
    for index, criterium in enumerate(item.model.criteria):
        if criterium.id in seen:
            yield ctx.error(item.doc, ("criteria", index, "id"), f"criterium-id `{criterium.id}` komt twee keer voor")
        seen.add(criterium.id)


# --- a region, also when its fields have errors ------------------------------------------


def gemeente_once(doc: SourceDocument, ctx: Context) -> Found:
    seen: set[str] = set()
    for index, code in raw_gemeente_codes(doc):
        if code in seen:
            yield ctx.error(doc, ("gemeenten", index), f"gemeente {code} staat twee keer in de lijst")
        seen.add(code)


def gemeente_known(doc: SourceDocument, ctx: Context) -> Found:
    if ctx.geo is None:
        return
    for index, code in raw_gemeente_codes(doc):
        if code not in ctx.geo.gemeenten:
            yield ctx.error(
                doc,
                ("gemeenten", index),
                f"gemeentecode {code} bestaat niet in de CBS-indeling 2025; controleer de code (zie de lijst van CBS)",
            )


def date_not_in_future(doc: SourceDocument, ctx: Context) -> Found:
    """Every `datum` and `peildatum` (kerngegevens, zelfevaluaties, goede voorbeelden)."""
    for loc, value in raw_leaves(doc.data):
        if loc and loc[-1] in DATE_KEYS and type(value) is dt.date and value > ctx.today:
            message = f"datum {value.isoformat()} ligt in de toekomst (vandaag is {ctx.today.isoformat()})"
            yield ctx.error(doc, loc, message)


# --- a region whose fields are valid ------------------------------------------------


def _reserved(item: Loaded, ctx: Context, loc: Loc, value: str, folder: str) -> Found:
    """`index` is the overview page of its folder: a region or practice with that id would
    silently replace it."""
    if value in RESERVED_IDS:
        message = f"de id `{value}` is gereserveerd (de overzichtspagina {folder}/{value}); kies een andere id"
        yield ctx.error(item.doc, loc, message)


def region_id_not_reserved(item: Loaded, ctx: Context) -> Found:
    yield from _reserved(item, ctx, ("id",), item.model.id, "regios")


def practice_id_not_reserved(item: Loaded, ctx: Context) -> Found:
    for index, voorbeeld in enumerate(item.model.goede_voorbeelden):
        yield from _reserved(item, ctx, ("goede_voorbeelden", index, "id"), voorbeeld.id, "goede-voorbeelden")


def has_gemeenten(item: Loaded, ctx: Context) -> Found:
    if not item.model.gemeenten:
        yield ctx.warning(item.doc, ("gemeenten",), "nog geen gemeenten: de regio staat niet op de kaart")


def filled_in(item: Loaded, ctx: Context) -> Found:
    regio = item.model
    for loc, value in (
        (("governance", "rechtsvorm"), regio.governance.rechtsvorm),
        (("governance", "mandaat"), regio.governance.mandaat),
        (("kerngegevens", "bron"), regio.kerngegevens.bron),
    ):
        if value.strip() == PLACEHOLDER:
            yield ctx.warning(item.doc, loc, f"`{loc[-1]}` is nog niet ingevuld")


def evaluation_date_unique(item: Loaded, ctx: Context) -> Found:
    dates: set[dt.date] = set()
    for index, evaluatie in enumerate(item.model.zelfevaluaties):
        if evaluatie.datum in dates:
            yield ctx.error(
                item.doc,
                ("zelfevaluaties", index, "datum"),
                f"er is al een zelfevaluatie op {evaluatie.datum.isoformat()}; elke zelfevaluatie heeft een eigen datum",
            )
        dates.add(evaluatie.datum)


def evaluation_complete(item: Loaded, ctx: Context) -> Found:
    for index, evaluatie in enumerate(item.model.zelfevaluaties):
        missing = [b for b in KNOWN_BOUWSTEENEN if b not in evaluatie.bouwstenen]
        if evaluatie.status == "vastgesteld" and missing:
            yield ctx.error(
                item.doc,
                ("zelfevaluaties", index, "bouwstenen"),
                "een vastgestelde zelfevaluatie beschrijft alle zes bouwstenen; ontbreekt: "
                + ", ".join(missing)
                + " (of zet status op concept)",
            )


def _scores(item: Loaded) -> Iterator[tuple[Loc, Any, str, Any]]:
    """(location, zelfevaluatie, bouwsteen id, score) of every score in the region."""
    for index, evaluatie in enumerate(item.model.zelfevaluaties):
        for bouwsteen_id, score in evaluatie.bouwstenen.items():
            yield ("zelfevaluaties", index, "bouwstenen", bouwsteen_id), evaluatie, bouwsteen_id, score


def _unknown_bouwsteen(bouwsteen_id: str) -> str:
    return f"onbekende bouwsteen `{bouwsteen_id}`" + did_you_mean(bouwsteen_id, KNOWN_BOUWSTEENEN, "kies uit")


def score_bouwsteen_known(item: Loaded, ctx: Context) -> Found:
    for loc, _evaluatie, bouwsteen_id, _score in _scores(item):
        if bouwsteen_id not in KNOWN_BOUWSTEENEN:
            yield ctx.error(item.doc, loc, _unknown_bouwsteen(bouwsteen_id), key=True)


def practice_bouwsteen(item: Loaded, ctx: Context) -> Found:
    for index, voorbeeld in enumerate(item.model.goede_voorbeelden):
        for b_index, bouwsteen_id in enumerate(voorbeeld.bouwstenen):
            if bouwsteen_id not in KNOWN_BOUWSTEENEN:
                loc = ("goede_voorbeelden", index, "bouwstenen", b_index)
                yield ctx.error(item.doc, loc, _unknown_bouwsteen(bouwsteen_id))


def score_on_scale(item: Loaded, ctx: Context) -> Found:
    for loc, _evaluatie, _id, score in _scores(item):
        if ctx.off_scale(score.niveau):
            message = f"niveau {score.niveau} staat niet op de schaal ({ctx.scale_text})"
            yield ctx.error(item.doc, loc + ("niveau",), message)


def ambitie_on_scale(item: Loaded, ctx: Context) -> Found:
    for loc, _evaluatie, _id, score in _scores(item):
        if score.ambitie is not None and ctx.off_scale(score.ambitie.niveau):
            yield ctx.error(
                item.doc,
                loc + ("ambitie", "niveau"),
                f"ambitieniveau {score.ambitie.niveau} staat niet op de schaal ({ctx.scale_text})",
            )


def ambitie_not_before(item: Loaded, ctx: Context) -> Found:
    for loc, evaluatie, _id, score in _scores(item):
        year = evaluatie.datum.year
        if score.ambitie is not None and score.ambitie.jaar < year:
            yield ctx.error(
                item.doc,
                loc + ("ambitie", "jaar"),
                f"ambitiejaar {score.ambitie.jaar} ligt vóór het jaar van deze zelfevaluatie "
                f"({year}); een ambitie ligt in de toekomst: kies {year} of later",
            )


def ambitie_not_below_niveau(item: Loaded, ctx: Context) -> Found:
    for loc, _evaluatie, _id, score in _scores(item):
        if score.ambitie is not None and score.ambitie.niveau < score.niveau:
            yield ctx.error(
                item.doc,
                loc + ("ambitie", "niveau"),
                f"ambitieniveau {score.ambitie.niveau} is lager dan het huidige niveau {score.niveau}; "
                "een ambitie is minstens het huidige niveau",
            )


def _gemeenten_shown(codes: list[str], names: dict[str, str]) -> str:
    shown = [f"{code} ({names.get(code, '?')})" for code in codes[:3]]
    shown += [f"nog {len(codes) - 3}"] if len(codes) > 3 else []
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " en " + shown[-1]
    return ("gemeente " if len(codes) == 1 else "de gemeenten ") + listed


def provincies_match_gemeenten(item: Loaded, ctx: Context) -> Found:
    """With geodata: `provincies` names the provinces of the region's gemeenten, no other."""
    if ctx.geo is None or not item.model.gemeenten:
        return
    where = provincie_names(ctx.geo)
    found: dict[str, list[str]] = {}
    for code in item.model.gemeenten:
        if code in where:
            found.setdefault(where[code], []).append(code)
    listed = item.model.provincies
    for provincie, codes in found.items():
        if provincie not in listed:
            verb = "ligt" if len(codes) == 1 else "liggen"
            message = (
                f"`provincies` mist {provincie}: daar {verb} {_gemeenten_shown(codes, ctx.geo.gemeenten)}; "
                f"zet {provincie} bij `provincies`"
            )
            yield ctx.error(item.doc, ("provincies",), message)
    for index, provincie in enumerate(listed):
        if found and provincie not in found:
            message = f"geen gemeente van de regio ligt in {provincie}; haal {provincie} weg bij `provincies`"
            yield ctx.error(item.doc, ("provincies", index), message)
