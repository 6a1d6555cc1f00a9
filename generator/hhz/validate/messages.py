"""The wording: a pydantic error on one field, said in Dutch to the editor of the file.

``MESSAGES`` maps each pydantic error type to a small function; the values that the YAML
reader marks as surprises (``SENTINELS``) get their own message whatever the field expects.
``did_you_mean`` is the one "bedoelde je …?" suggestion, for keys and for bouwstenen.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic
from ..models import ID_PATTERN, Regio, Strict
from ..load.source import InvalidDate, ScalarInfo, SourceDocument, Yaml11Bool
from .misplaced import misplaced
from .valuehints import (
    DEFAULT_HINTS, ValueHints, date_hint, gemeente_hint, level_hint, off_scale_text, provincie_hint, thousands_hint
)


def did_you_mean(word: str, choices: Iterable[str], otherwise: str) -> str:
    """"; bedoelde je `x`?" for the nearest choice, else "; <otherwise>: a, b, c" (nothing
    when there are no choices). Appended to "onbekende sleutel …" and "onbekende bouwsteen …"."""
    options = sorted(choices)
    folded = {option.casefold(): option for option in reversed(options)}
    hint = [folded[word.casefold()]] if word.casefold() in folded else []  # case first: `Regiovisie`
    hint = hint or [folded[h] for h in difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)]
    if hint:
        return f"; bedoelde je `{hint[0]}`?"
    if options:
        return f"; {otherwise}: {', '.join(options)}"
    return ""


# --- what the editor wrote ------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One pydantic error with what it is about: the value, its field and how it was written."""

    err: dict[str, Any]
    doc: SourceDocument
    loc: tuple[Any, ...]
    model: type[BaseModel]
    hints: ValueHints = DEFAULT_HINTS

    @property
    def kind(self) -> str:
        return self.err["type"]

    @property
    def value(self) -> Any:
        return self.err.get("input")

    @property
    def ctx(self) -> dict[str, Any]:
        return self.err.get("ctx") or {}

    @property
    def name(self) -> str:
        """The field: the last key in the location (``waarde`` for an item of a top-level list)."""
        return next((str(p) for p in reversed(self.loc) if isinstance(p, str)), "waarde")

    @property
    def is_level(self) -> bool:
        """A niveau on the scale: `niveau` (score, ambitie, scale) or a group's score."""
        return self.name == "niveau" or (len(self.loc) >= 2 and self.loc[-2] == "scores")

    @property
    def required(self) -> bool:
        parent = model_at(self.model, self.loc[:-1])
        field = parent.model_fields.get(self.name) if parent else None
        return field is None or field.is_required()

    @property
    def info(self) -> ScalarInfo | None:
        return self.doc.scalars.get(self.loc)

    @property
    def shown(self) -> str:
        """The value as written in the file, quoted and shortened."""
        info = self.info
        if info is not None:
            text = info.raw
        elif isinstance(self.value, dict):
            return "een mapping"
        elif isinstance(self.value, list):
            return "een lijst"
        else:
            text = str(self.value)
        text = text.replace("\n", " ")
        return f"`{text[:60]}{'…' if len(text) > 60 else ''}`"


def type_word(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "een ja/nee-waarde"
    if isinstance(value, (int, float)):
        return "een getal"
    if isinstance(value, dt.date):
        return "een datum"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een mapping"
    return "iets anders"


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = [a for a in typing.get_args(annotation) if a is not type(None)][0]
        else:
            return annotation


def model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc`` (for key suggestions)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            if part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
        elif origin is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict and isinstance(part, str):
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


# --- the values the YAML reader marks -----------------------------------------------------


def yaml11_bool(f: Failure) -> str:
    raw = f.value.raw
    if f.kind == "bool_type":
        return f"`{raw}` is dubbelzinnig in YAML; schrijf true of false"
    return (
        f"`{raw}` zonder aanhalingstekens leest YAML 1.1 als ja/nee (boolean), niet als tekst; "
        f'zet het tussen aanhalingstekens: "{raw}"'
    )


def invalid_date(f: Failure) -> str:
    return f"`{f.value.raw}` is geen bestaande datum; schrijf een echte datum als JJJJ-MM-DD"


SENTINELS: dict[type, Callable[[Failure], str]] = {Yaml11Bool: yaml11_bool, InvalidDate: invalid_date}


# --- one function per kind of pydantic error ------------------------------------------


def missing(f: Failure) -> str:
    return f"verplicht veld `{f.name}` ontbreekt"


def unknown_key(f: Failure) -> str:
    moved = misplaced(f.doc, f.loc, lambda loc: model_at(f.model, loc))
    if moved is not None:
        line = f.doc.key_position_of(f.loc)[0]
        return (
            f"de inspringing van regel {line} klopt niet: `{f.name}` hoort bij `{moved.block}` erboven; "
            f"zet `{f.name}` even ver in als de regels van `{moved.block}` ({moved.indent} spaties)"
        )
    parent = model_at(f.model, f.loc[:-1])
    allowed = parent.model_fields if parent else ()
    return f"onbekende sleutel `{f.name}`" + did_you_mean(f.name, allowed, "toegestaan zijn")


def empty(f: Failure) -> str:
    """An empty text: the field named, and "laat het weg" only where that is allowed."""
    what = "is leeg" if not f.value else "bevat alleen spaties of onzichtbare tekens"
    if f.required:
        return f"`{f.name}` {what}; vul tekst in (`{f.name}` is verplicht)"
    return f"`{f.name}` {what}; vul tekst in of laat `{f.name}` weg"


def not_text(f: Failure) -> str:
    value, info = f.value, f.info
    if isinstance(value, dt.date) and info is not None and info.plain:
        return f'hier hoort tekst, maar YAML leest {f.shown} als datum; zet het tussen aanhalingstekens: "{info.raw}"'
    if value is None:
        return empty(f)
    if isinstance(value, (bool, int, float)) and info is not None:
        return (
            f"hier hoort tekst, maar {f.shown} is {type_word(value)}; "
            f'zet het tussen aanhalingstekens: "{info.raw}"'
        )
    return f"hier hoort tekst, niet {type_word(value)}"


def not_an_integer(f: Failure) -> str:
    value, info = f.value, f.info
    thousands = thousands_hint(info.raw if info is not None else str(value))
    if thousands and isinstance(value, (float, str)):
        return f"{f.shown} is geen geheel getal: {thousands}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{f.shown} is geen geldig getal; schrijf een geheel getal"
    if isinstance(value, float):
        return f"{f.shown} heeft decimalen; " + (level_hint(f.hints) if f.is_level else "schrijf een geheel getal")
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return f"hier hoort een geheel getal zonder aanhalingstekens, niet tekst {f.shown}"
    if isinstance(value, str) and f.is_level:
        return f"{f.shown} is geen getal; {level_hint(f.hints)}"
    if isinstance(value, str):
        return f"hier hoort een geheel getal, niet tekst {f.shown}"
    if value is None and f.is_level:
        return f"`{f.name}` is leeg; {level_hint(f.hints)}"
    if value is None:  # an optional number may be empty: this one is required
        return f"`{f.name}` is leeg; vul een geheel getal in (`{f.name}` is verplicht)"
    return f"hier hoort een geheel getal, niet {type_word(value)}"


def not_a_bool(f: Failure) -> str:
    return f"hier hoort true of false, niet {f.shown}"


def not_a_date(f: Failure) -> str:
    hint = date_hint(f.value) if isinstance(f.value, str) else None
    if hint:
        return f"{f.shown} is geen datum in de vorm JJJJ-MM-DD (jaar-maand-dag); {hint}"
    if isinstance(f.value, str):
        return f"hier hoort een datum zonder aanhalingstekens (JJJJ-MM-DD), niet tekst {f.shown}"
    return f"hier hoort een datum (JJJJ-MM-DD), niet {type_word(f.value)}"


def not_a_list(f: Failure) -> str:
    return f"`{f.name}` moet een lijst zijn (regels die beginnen met `- `), niet {type_word(f.value)}"


def not_a_mapping(f: Failure) -> str:
    return f"`{f.name}` moet een mapping zijn (sleutel: waarde), niet {type_word(f.value)}"


def not_a_choice(f: Failure) -> str:
    expected = str(f.ctx.get("expected", "")).replace("'", "").replace(" or ", " of ")
    spelled = provincie_hint(f.name, f.value)
    return f"ongeldige waarde {f.shown} voor `{f.name}`; " + (spelled or f"kies uit: {expected}")


def pattern_mismatch(f: Failure) -> str:
    if str(f.ctx.get("pattern", "")) == ID_PATTERN:
        lower = str(f.value).lower()
        if lower != f.value and re.fullmatch(ID_PATTERN, lower):
            return f"ongeldige id {f.shown}: schrijf ids in kleine letters; bedoelde je `{lower}`?"
        return (
            f"ongeldige id {f.shown}; gebruik alleen kleine letters a-z, cijfers en "
            "koppeltekens (bijvoorbeeld `mijn-regio`)"
        )
    guess = gemeente_hint(str(f.value), f.hints)
    if guess:
        return f"ongeldige gemeentecode {f.shown}; schrijf GM gevolgd door vier cijfers: {guess}"
    return f"ongeldige gemeentecode {f.shown}; schrijf GM gevolgd door vier cijfers (bijv. GM0828)"


def too_few(f: Failure) -> str:
    return f"`{f.name}` heeft te weinig items: minimaal {f.ctx.get('min_length')}"


def too_many(f: Failure) -> str:
    if isinstance(f.value, str):
        return text_too_long(f)
    return f"`{f.name}` heeft te veel items: maximaal {f.ctx.get('max_length')}"


def text_too_long(f: Failure) -> str:
    return f"`{f.name}` is te lang (maximaal {f.ctx.get('max_length')} tekens)"


def out_of_bounds(f: Failure) -> str:
    if f.is_level and f.model is Regio:  # the same words as the rules score-on-scale and co.
        return off_scale_text(f.loc, f.value, f.hints)
    if f.kind.startswith("greater"):
        return f"{f.shown} is te klein voor `{f.name}`; minimaal {f.ctx.get('ge', f.ctx.get('gt'))}"
    return f"{f.shown} is te groot voor `{f.name}`; maximaal {f.ctx.get('le', f.ctx.get('lt'))}"


def model_check(f: Failure) -> str:
    """A check written in models.py (URL, e-mail, empty text): its own Dutch message."""
    if isinstance(f.value, str) and all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in f.value):
        return empty(f)
    return str(f.ctx.get("error", f.err.get("msg")))


def other(f: Failure) -> str:
    return f"ongeldige waarde {f.shown} voor `{f.name}` ({f.err.get('msg')})"


MESSAGES: dict[str, Callable[[Failure], str]] = {
    "missing": missing,
    "extra_forbidden": unknown_key,
    "string_type": not_text,
    "int_type": not_an_integer,
    "int_parsing": not_an_integer,
    "int_from_float": not_an_integer,
    "bool_type": not_a_bool,
    "date_type": not_a_date,
    "date_parsing": not_a_date,
    "date_from_datetime_parsing": not_a_date,
    "list_type": not_a_list,
    "dict_type": not_a_mapping,
    "model_type": not_a_mapping,
    "model_attributes_type": not_a_mapping,
    "literal_error": not_a_choice,
    "string_pattern_mismatch": pattern_mismatch,
    "too_short": too_few,
    "too_long": too_many,
    "string_too_long": text_too_long,
    "greater_than_equal": out_of_bounds,
    "greater_than": out_of_bounds,
    "less_than_equal": out_of_bounds,
    "less_than": out_of_bounds,
    "value_error": model_check,
}


def message(f: Failure) -> str:
    sentinel = SENTINELS.get(type(f.value))
    if sentinel is not None:
        return sentinel(f)
    return MESSAGES.get(f.kind, other)(f)


def _explained_missing(errors: list[dict[str, Any]], doc: SourceDocument, model: type[Strict]) -> set[tuple[Any, ...]]:
    """The "missing" errors that an unknown key explains: `Naam:` for `naam` in the same
    mapping, or `bron:` indented too little for `bron` in the block above. The unknown
    key's message says what to do, so these are left out."""
    unknown = {(tuple(e["loc"][:-1]), str(e["loc"][-1]).casefold()) for e in errors if e["type"] == "extra_forbidden"}
    for e in errors:
        moved = misplaced(doc, tuple(e["loc"]), lambda loc: model_at(model, loc)) if e["type"] == "extra_forbidden" else None
        if moved is not None:
            unknown.add((moved.inner, str(e["loc"][-1]).casefold()))
    return {
        tuple(e["loc"])
        for e in errors
        if e["type"] == "missing" and (tuple(e["loc"][:-1]), str(e["loc"][-1]).casefold()) in unknown
    }


def _niveau_beside_scores(err: dict[str, Any], doc: SourceDocument) -> bool:
    """`niveau` missing beside `scores`: the rule scores-need-niveau says what to do."""
    loc, data = tuple(err["loc"]), doc.data
    if err["type"] != "missing" or not loc or loc[-1] != "niveau":
        return False
    for part in loc[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(data, dict) and "scores" in data


def model_diagnostics(
    doc: SourceDocument, model: type[Strict], hints: ValueHints = DEFAULT_HINTS
) -> tuple[Any, list[Diagnostic]]:
    """The file's value as ``model``, or None and a diagnostic per field error."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        out: list[Diagnostic] = []
        errors = exc.errors(include_url=False)
        explained = _explained_missing(errors, doc, model)
        for err in errors:
            loc = tuple(err["loc"])
            if (loc in explained and err["type"] == "missing") or _niveau_beside_scores(err, doc):
                continue
            key_error = bool(loc) and loc[-1] == "[key]"
            if key_error:
                loc = loc[:-2] + (loc[-2],)
            if err["type"] == "extra_forbidden" or key_error:
                line, col = doc.key_position_of(loc)
            else:
                line, col = doc.position_of(loc)
            out.append(Diagnostic(doc.relpath, line, col, message(Failure(err, doc, loc, model, hints))))
        return None, out
