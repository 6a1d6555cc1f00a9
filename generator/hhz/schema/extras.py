"""What the JSON Schemas add to pydantic's output so the editor says what `hhz validate`
says: the six bouwsteen ids as properties, the levels of the scale, the CBS gemeente codes
with their names, Dutch ``errorMessage`` texts and ``defaultSnippets``.

Pure functions on the schema dictionary; the data comes in as a ``SchemaData``. Field
titles and descriptions are never written here: they come from the models.

yaml-language-server shows ``errorMessage`` (one text per schema node) for a wrong type, a
pattern, a format, an enum and an unknown key; for a missing key and a number out of range
it keeps its own English text, so the levels are an ``enum`` as well as a range.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from ..models import ID_PATTERN, LEVEL_SCHEMA_MARK, GoedVoorbeeld, Regio, Zelfevaluatie
from .data import SchemaData
from ..vocabulary import SCALE_MAX_LEVELS

Node = dict[str, Any]

EXAMPLE_GEMEENTE = "GM0034"

PATTERN_MESSAGES = {
    ID_PATTERN: "Schrijf een id met alleen kleine letters, cijfers en koppeltekens, bijvoorbeeld humo-wijkteams.",
}
DATE_MESSAGE = "Schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2025-05-01."
TEXT_MESSAGE = "Hier hoort tekst."
BOOLEAN_MESSAGE = "Schrijf true of false."
ARRAY_MESSAGE = "Hier hoort een lijst: elke waarde op een eigen regel met `- ` ervoor, of tussen [ ]."


def _code_list(values: list[Any]) -> str:
    return ", ".join(str(v) for v in values)


def has_model(schema: Node, model: type) -> bool:
    """Whether MODEL is part of SCHEMA: its root or one of its ``$defs``."""
    return model.__name__ in schema.get("$defs", {}) or schema.get("title") == _title(model)


def model_node(schema: Node, model: type) -> Node:
    defs = schema.get("$defs", {})
    return defs[model.__name__] if model.__name__ in defs else schema


def field_node(schema: Node, model: type, name: str) -> Node:
    """The schema of field NAME of MODEL: in the root's properties or in its ``$defs``."""
    return model_node(schema, model)["properties"][name]


def _title(model: type) -> str:
    return model.model_config.get("title", model.__name__)


def models_below(model: type[BaseModel]) -> list[type[BaseModel]]:
    """MODEL and every model its fields use, at any depth."""
    found: list[type[BaseModel]] = []
    todo = [model]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        for field in current.model_fields.values():
            stack = [field.annotation]
            while stack:
                kind = stack.pop()
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    todo.append(kind)
                stack.extend(get_args(kind))
    return found


def restore_field_titles(schema: Node, root: type[BaseModel]) -> None:
    """pydantic leaves out the title of a field that refers to a model (and its description
    when it equals the model's); the hover shows the field's own texts, so they go back in."""
    for model in models_below(root):
        if not has_model(schema, model):
            continue
        properties = model_node(schema, model)["properties"]
        for name, field in model.model_fields.items():
            if name not in properties:
                continue
            for key, value in (("title", field.title), ("description", field.description)):
                if value and key not in properties[name]:
                    properties[name][key] = value


# --- the scale --------------------------------------------------------------------------


def level_choices(data: SchemaData) -> Node:
    """The levels of the scale as a range and as named choices."""
    names = [f"{lvl.niveau}: {lvl.naam}" for lvl in data.levels]
    return {
        "minimum": data.lowest,
        "maximum": data.highest,
        "enum": [lvl.niveau for lvl in data.levels],
        "enumDescriptions": names,
        "markdownEnumDescriptions": [f"**{lvl.niveau}: {lvl.naam}**: {lvl.betekenis}" for lvl in data.levels],
        "errorMessage": (
            f"Schrijf een niveau van de groeischaal: een getal van {data.lowest} tot en met {data.highest} "
            f"zonder aanhalingstekens, bijvoorbeeld 3 ({_code_list(names)})."
        ),
    }


def _marked_nodes(node: Any) -> list[Node]:
    """Every schema node below NODE that models.py marks as a level of the scale."""
    found: list[Node] = []
    if isinstance(node, dict):
        if node.get(LEVEL_SCHEMA_MARK):
            found.append(node)
        for value in node.values():
            found += _marked_nodes(value)
    elif isinstance(node, list):
        for item in node:
            found += _marked_nodes(item)
    return found


def add_levels(schema: Node, data: SchemaData, scale_itself: bool) -> None:
    """Every level: on the scale of schaal.yaml; in schaal.yaml itself, 1 up to the most
    levels a scale may have."""
    for node in _marked_nodes(schema):
        del node[LEVEL_SCHEMA_MARK]
        node.update({"minimum": 1, "maximum": SCALE_MAX_LEVELS} if scale_itself else level_choices(data))


# --- the bouwstenen -----------------------------------------------------------------------


def bouwsteen_properties(data: SchemaData, score_ref: Node) -> Node:
    """`bouwstenen:` of a zelfevaluatie: the six ids as properties, nothing else."""
    ids = [b.id for b in data.bouwstenen]
    return {
        "properties": {
            b.id: {**score_ref, "title": b.naam, "description": b.samenvatting} for b in data.bouwstenen
        },
        "additionalProperties": False,
        "errorMessage": f"Kies een bouwsteen uit: {_code_list(ids)} (precies zo gespeld).",
    }


def add_bouwstenen(schema: Node, data: SchemaData) -> None:
    node = field_node(schema, Zelfevaluatie, "bouwstenen")
    score_ref = node["patternProperties"][ID_PATTERN]
    for key in ("patternProperties", "propertyNames"):
        node.pop(key, None)
    node.update(bouwsteen_properties(data, score_ref))
    items = field_node(schema, GoedVoorbeeld, "bouwstenen")["items"]
    items.update(
        {
            "enum": [b.id for b in data.bouwstenen],
            "enumDescriptions": [b.naam for b in data.bouwstenen],
            "errorMessage": f"Kies een bouwsteen uit: {_code_list([b.id for b in data.bouwstenen])}.",
        }
    )
    items.pop("pattern", None)


# --- the gemeenten -------------------------------------------------------------------------


def gemeente_message(data: SchemaData) -> str:
    example = EXAMPLE_GEMEENTE
    named = dict(data.gemeenten)
    shown = f"{example} ({named[example]})" if example in named else example
    known = " uit de CBS-lijst van 2025" if named else ""
    return f"Schrijf een CBS-gemeentecode{known}: GM en vier cijfers, bijvoorbeeld {shown}."


def add_gemeenten(schema: Node, data: SchemaData) -> None:
    field = field_node(schema, Regio, "gemeenten")
    field["uniqueItems"] = True  # the validator: a gemeente is listed once in the region
    items = field["items"]
    items["errorMessage"] = gemeente_message(data)
    if data.gemeenten:
        items["enum"] = [code for code, _name in data.gemeenten]
        items["enumDescriptions"] = [f"{code} ({name})" for code, name in data.gemeenten]
        items["markdownEnumDescriptions"] = [f"{code} ({name})" for code, name in data.gemeenten]
        # completion filters on the label: with the name in it, typing "Alm" finds GM0034
        items["defaultSnippets"] = [{"label": f"{code} ({name})", "body": code} for code, name in data.gemeenten]


# --- Dutch error texts for every other node -------------------------------------------------


def _object_message(node: Node) -> str:
    keys = list(node.get("properties", {}))
    required = node.get("required", [])
    text = f"Hier hoort een blok met de sleutels {_code_list(keys)}"
    if required:
        text += f" (verplicht: {_code_list(required)})"
    return text + ". Een andere sleutel is niet toegestaan: controleer de spelling (kleine letters, _ tussen woorden)."


def _integer_message(node: Node) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f"Schrijf een geheel getal van {low} tot en met {high}, zonder punt en zonder aanhalingstekens."
    return "Schrijf een geheel getal, zonder punt en zonder aanhalingstekens."


def error_message_for(node: Node) -> str | None:
    """The Dutch text for NODE's own keywords, or None when it has none to explain."""
    kind = node.get("type")
    if "enum" in node:
        return f"Kies een van: {_code_list(node['enum'])}."
    if "pattern" in node:
        return PATTERN_MESSAGES.get(node["pattern"], TEXT_MESSAGE)
    if kind == "string":
        return DATE_MESSAGE if node.get("format") == "date" else TEXT_MESSAGE
    if kind == "integer":
        return _integer_message(node)
    if kind == "boolean":
        return BOOLEAN_MESSAGE
    if kind == "array":
        return ARRAY_MESSAGE
    if kind == "object" and "properties" in node:
        return _object_message(node)
    return None


def add_error_messages(node: Any) -> None:
    """Give every schema node below NODE that has none a Dutch ``errorMessage``."""
    if isinstance(node, list):
        for item in node:
            add_error_messages(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for child in value.values():
                add_error_messages(child)
        elif key in ("items", "anyOf", "additionalProperties"):
            add_error_messages(value)
    if "errorMessage" not in node:
        message = error_message_for(node)
        if message:
            node["errorMessage"] = message
