"""Decap CMS widgets from the pydantic models: one field definition per model field.

Labels are the fields' ``title``, hints their ``description`` (the same texts as the JSON
Schemas), and what Decap can check itself (required, pattern, min/max, list length) comes
from the model's constraints. Fields that need data (the gemeenten, the niveau per
bouwsteen) are built by the caller through ``special``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Union

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ...models import GEMEENTE_PATTERN, ID_PATTERN, check_email, check_url
from ...vocabulary import ORGANISATIE_TYPES, REGIOPLAN_STATUS

Widget = dict[str, Any]
# (model, field name) -> the widget for that field, given the label/hint/required part
Special = Callable[[Widget], Widget]

# marks a field the validator requires once its optional object is filled in (Decap issue #7748)
REQUIRED_ONCE_FILLED = "required_once_filled"
LONG_TEXT_FROM = 1000  # a max_length at least this: a multi-line text area
PATTERN_MESSAGES = {
    ID_PATTERN: "alleen kleine letters, cijfers en koppeltekens, bijvoorbeeld regio-noord",
    GEMEENTE_PATTERN: "een CBS-gemeentecode: GM en vier cijfers, bijvoorbeeld GM0828",
}
# Decap shows "<Label> komt niet overeen met het patroon: <message>."
# What the form can check of a URL or an e-mail address; hhz validate checks the rest.
URL_PATTERN = (r"^(https?://[^\s/]+\S*|mailto:\S+@\S+)$", "begin met https://, http:// of mailto: en gebruik geen spaties")
EMAIL_PATTERN = (r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$", "schrijf het e-mailadres als naam@organisatie.nl, zonder mailto:")
OPTION_LABELS = (ORGANISATIE_TYPES, REGIOPLAN_STATUS)
# The form's hint where the model's description (also the JSON Schema's, read in VS Code)
# speaks of files, YAML or a date notation the form does not show: same meaning, in the
# form's words. tests/test_cms_config.py keeps hints free of such words.
FORM_HINTS = {
    ("Regio", "id"): "De korte code van de regio in het webadres, gelijk aan de bestandsnaam: kleine letters, cijfers en koppeltekens.",
    ("Kerngegevens", "peildatum"): "De datum waarop de cijfers gelden.",
    ("Zelfevaluatie", "datum"): "De dag waarop de zelfevaluatie is gedaan; niet in de toekomst.",
    ("Zelfevaluatie", "voorbeeld"): "Aanzetten bij illustratieve gegevens, geen echte zelfevaluatie; de site toont dan een banner.",
    ("Zelfevaluatie", "bouwstenen"): "",  # the guided widget (hhz-rubric.js) explains itself above, not below
    ("BouwsteenScore", "niveau"): "Het niveau waarover de deelnemers het eens zijn, op de groeischaal.",
    ("BouwsteenScore", "scores"): "Optioneel: het niveau dat elke groep gaf voordat de deelnemers het eens werden; minstens twee groepen.",
    ("Bewijs", "datum"): "Optioneel: de datum van het document of besluit.",
    ("Toetsing", "datum"): "Niet vóór de zelfevaluatie en niet in de toekomst.",
    ("GoedVoorbeeld", "datum"): "Wanneer het voorbeeld is beschreven.",
}


class UnsupportedType(TypeError):
    """A model field of a type that has no Decap widget here yet."""


@dataclass
class FieldMapper:
    special: dict[tuple[type[BaseModel], str], Special] = field(default_factory=dict)
    # fields left out of the form (their values stay in the file: Decap keeps unknown keys)
    skipped: list[str] = field(default_factory=list)

    def fields(self, model: type[BaseModel]) -> list[Widget]:
        out = []
        for name, info in model.model_fields.items():
            try:
                out.append(self.widget(model, name, info))
            except UnsupportedType:
                self.skipped.append(f"{model.__name__}.{name}")
        return out

    def widget(self, model: type[BaseModel], name: str, info: FieldInfo) -> Widget:
        hint = FORM_HINTS.get((model.__name__, name), info.description or "")
        base: Widget = {"name": name, "label": info.title or name, "hint": hint}
        if not info.is_required():
            base["required"] = False
        maker = self.special.get((model, name))
        if maker is not None:
            return maker(base)
        annotation, _optional = _without_none(info.annotation)
        return {**base, **self.for_type(annotation, info.metadata, info)}

    def for_type(self, annotation: Any, metadata: list[Any], info: FieldInfo | None = None) -> Widget:
        annotation, metadata = _unannotated(annotation, metadata)
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            optional = info is not None and not info.is_required()
            fields = self.fields(annotation)
            return {"widget": "object", "collapsed": optional, "fields": optional_fields(fields) if optional else fields}
        if origin is list:
            return self._list(typing.get_args(annotation)[0], metadata)
        if origin is Literal:
            return {"widget": "select", "options": _options(typing.get_args(annotation))}
        if annotation is bool:
            # no `default`: Decap would then put an item holding only that default into every
            # empty list of a new entry; unticked stores nothing, which is the model's False
            return {"widget": "boolean"}
        if annotation is int:
            return {"widget": "number", "value_type": "int", **_bounds(metadata)}
        if annotation is dt.date:
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD-MM-YYYY", "time_format": False}
        if annotation is str:
            return _string(metadata)
        raise UnsupportedType(f"no Decap widget for {annotation!r}")

    def _list(self, item: Any, metadata: list[Any]) -> Widget:
        item, item_metadata = _unannotated(item, [])
        sizes = {"min": m.min_length for m in metadata if isinstance(m, MinLen)}
        sizes |= {"max": m.max_length for m in metadata if isinstance(m, MaxLen)}
        if typing.get_origin(item) is Literal:
            return {"widget": "select", "multiple": True, "options": _options(typing.get_args(item)), **sizes}
        widget: Widget = {"widget": "list", "collapsed": True, **sizes}
        if isinstance(item, type) and issubclass(item, BaseModel):
            first = next(iter(item.model_fields))
            # minimize_collapsed: the existing items are not rendered until the list is opened
            widget |= {"minimize_collapsed": True, "summary": f"{{{{fields.{first}}}}}"}
            return {**widget, "fields": self.fields(item)}
        inner = {"name": "waarde", "label": "Waarde", **self.for_type(item, item_metadata)}
        return {**widget, "field": inner}


def optional_fields(fields: list[Widget]) -> list[Widget]:
    """The fields of an optional object, none required: Decap checks required fields inside
    an object even when the object itself is left empty (and then refuses to save), so what
    an optional part needs once it is filled in is left to hhz validate."""
    out = []
    for item in fields:
        if "required" not in item:  # the model requires it once the object is filled in: no "(optioneel)" (hhz-required.js)
            item = {**item, REQUIRED_ONCE_FILLED: True}
        item = {**item, "required": False}
        if "fields" in item and item.get("widget") == "object":
            item["fields"] = optional_fields(item["fields"])
        out.append(item)
    return out


def _without_none(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _unannotated(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """The bare type and all constraints of an ``Annotated[...]`` (nested ones too)."""
    metadata = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        for item in extra:
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return annotation, metadata


def _options(values: tuple[Any, ...]) -> list[Any]:
    for labels in OPTION_LABELS:
        if set(values) == set(labels):
            return [{"label": labels[v], "value": v} for v in values]
    return list(values)


def _bounds(metadata: list[Any]) -> Widget:
    out: Widget = {}
    for item in metadata:
        if isinstance(item, Ge):
            out["min"] = item.ge
        if isinstance(item, Le):
            out["max"] = item.le
    return out


def _string(metadata: list[Any]) -> Widget:
    validators = {getattr(m, "func", None) for m in metadata}
    max_length = next((m.max_length for m in metadata if getattr(m, "max_length", None)), None)
    pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    long = bool(max_length and max_length >= LONG_TEXT_FROM) and not validators & {check_url, check_email}
    widget: Widget = {"widget": "text" if long else "string"}
    if pattern:
        widget["pattern"] = [pattern, PATTERN_MESSAGES.get(pattern, f"moet passen bij {pattern}")]
    elif check_url in validators:
        widget["pattern"] = list(URL_PATTERN)
    elif check_email in validators:
        widget["pattern"] = list(EMAIL_PATTERN)
    elif max_length:
        # Decap checks a pattern, not a length: at most max_length characters
        widget["pattern"] = [f"^[\\s\\S]{{0,{max_length}}}$", f"hoogstens {max_length} tekens"]
    return widget
