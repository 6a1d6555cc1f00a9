"""``defaultSnippets`` for the region schema: a complete zelfevaluatie (all six
bouwstenen), a goed voorbeeld and an organisatie, offered by the editor's completion.

The bodies are made from the schema itself: every required key, with the field's own
description (from the models) as the placeholder text, the first allowed value as the
choice, and ``JJJJ-MM-DD`` for a date. A string starting with ``^`` is inserted without
quotes by yaml-language-server (used for numbers).
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Iterator

from ..models import GoedVoorbeeld, Organisatie, Zelfevaluatie
from .data import SchemaData
from .extras import Node, model_node

DATE_PLACEHOLDER = "JJJJ-MM-DD"
EXAMPLE_WORD = "bijvoorbeeld "
SNIPPET_MODELS = (Zelfevaluatie, GoedVoorbeeld, Organisatie)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def _example(node: Node) -> str:
    """For a field with a pattern (an id): the example its description gives ("bijvoorbeeld
    humo-wijkteams"), which fits the pattern, else its title in small letters."""
    description = node.get("description", "")
    if EXAMPLE_WORD in description:
        word = description.split(EXAMPLE_WORD, 1)[1].split()[0].rstrip(".,;:)")
        if re.fullmatch(node["pattern"], word):
            return word
    return re.sub(r"[^a-z0-9]+", "-", node.get("title", "id").lower()).strip("-") or "id"


class _Body:
    """Builds one snippet body; numbers the tab stops in order."""

    def __init__(self, schema: Node) -> None:
        self.schema = schema
        self.stops: Iterator[int] = itertools.count(1)

    def resolve(self, node: Node) -> Node:
        ref = node.get("$ref")
        if ref:
            return self.schema["$defs"][ref.rsplit("/", 1)[-1]] | {k: v for k, v in node.items() if k != "$ref"}
        return node

    def value(self, node: Node) -> Any:
        node = self.resolve(node)
        kind = node.get("type")
        if kind == "object":
            return self.block(node)
        if kind == "array":
            return [self.value(node["items"] | {"description": node.get("description", "")})]
        if "enum" in node and kind == "integer":
            return f"^${{{next(self.stops)}:{node['enum'][0]}}}"
        if "enum" in node and len(node["enum"]) <= 12:
            return f"${{{next(self.stops)}|{','.join(_escaped(str(v)) for v in node['enum'])}|}}"
        if node.get("format") == "date":
            return f"${{{next(self.stops)}:{DATE_PLACEHOLDER}}}"
        if "pattern" in node:
            return f"${{{next(self.stops)}:{_example(node)}}}"
        return f"${{{next(self.stops)}:{_escaped(node.get('description') or node.get('title', ''))}}}"

    def block(self, node: Node) -> dict[str, Any]:
        properties = node.get("properties", {})
        keys = node.get("required") or list(properties)  # bouwstenen: every one of the six
        return {key: self.value(properties[key]) for key in keys}


def snippet(schema: Node, model: type, label: str, description: str) -> Node:
    return {"label": label, "description": description, "body": _Body(schema).block(model_node(schema, model))}


def add_snippets(schema: Node, data: SchemaData) -> None:
    """One snippet on each of the three kinds of list item of a region file."""
    count = len(data.bouwstenen)
    texts = {
        Zelfevaluatie: f"met alle {count} bouwstenen",
        GoedVoorbeeld: "met de verplichte velden",
        Organisatie: "met naam en soort",
    }
    for model in SNIPPET_MODELS:
        node = model_node(schema, model)
        title = node.get("title", model.__name__)
        label = f"{title} {texts[model]}"
        node["defaultSnippets"] = [snippet(schema, model, label, label)]
