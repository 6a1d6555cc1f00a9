"""The field reference in docs/bijdragen.md: a table per object (key, type, required,
meaning), made from the JSON Schemas, so from the models and the project's data.

It sits between two markers in the hand-written page; ``hhz schema`` rewrites only that
part and ``hhz schema --check`` reports it when it differs (as it does for the schemas).
"""

from __future__ import annotations

from typing import Any

from .data import SchemaDataError

Node = dict[str, Any]

DOCS_PAGE = "docs/bijdragen.md"
BEGIN = "<!-- veldenoverzicht: begin (gemaakt door `hhz schema`; niet met de hand bewerken) -->"
END = "<!-- veldenoverzicht: einde -->"
FILES = (
    ("regio", "regions/<id>.yaml"),
    ("bouwsteen", "bouwstenen/<id>.yaml"),
    ("schaal", "bouwstenen/schaal.yaml"),
)
MAX_LISTED = 20  # longer lists of values (the gemeente codes) are described by their pattern


class FieldRefError(SchemaDataError):
    """The page has no (or broken) markers for the field reference."""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _def_name(node: Node) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


class _Tables:
    """The tables of one schema, in the order an editor meets the objects."""

    def __init__(self, schema: Node) -> None:
        self.schema = schema
        self.pending: list[str] = []

    def kind(self, node: Node) -> str:
        """The type of NODE in Dutch words."""
        options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
        if options:
            return self.kind(options[0])
        name = _def_name(node)
        if name:
            if name not in self.pending:
                self.pending.append(name)
            return f"blok *{self.schema['$defs'][name].get('title', name)}*"
        return self._plain_kind(node)

    def _plain_kind(self, node: Node) -> str:
        kind = node.get("type")
        if kind == "array":
            return f"lijst van {self.kind(node.get('items', {}))}"
        if kind == "object":
            return self._map_kind(node)
        if kind == "integer":
            low, high = node.get("minimum"), node.get("maximum")
            return f"geheel getal, {low} t/m {high}" if low is not None and high is not None else "geheel getal"
        if "enum" in node and len(node["enum"]) <= MAX_LISTED:
            return "een van: " + ", ".join(f"`{v}`" for v in node["enum"])
        if kind == "boolean":
            return "`true` of `false`"
        if node.get("format") == "date":
            return "datum (JJJJ-MM-DD)"
        if node.get("pattern", "").startswith("^GM"):
            return "CBS-gemeentecode (GM en vier cijfers)"
        if "pattern" in node:
            return "id (kleine letters, cijfers, koppeltekens)"
        return f"tekst (hoogstens {node['maxLength']} tekens)" if "maxLength" in node else "tekst"

    def _map_kind(self, node: Node) -> str:
        """A map such as `bouwstenen:` (the six ids) or `scores:` (the groups)."""
        named = node.get("properties") or {}
        keys = list(named) or node.get("propertyNames", {}).get("enum", [])
        value = next(iter(named.values())) if named else node.get("additionalProperties", {})
        shown = f" ({', '.join(f'`{k}`' for k in keys)})" if keys else ""
        return f"per sleutel{shown}: {self.kind(value)}"

    def table(self, node: Node) -> list[str]:
        required = set(node.get("required", []))
        lines = ["| sleutel | soort | verplicht | betekenis |", "|---|---|---|---|"]
        for key, prop in node.get("properties", {}).items():
            lines.append(
                f"| `{key}` | {_cell(self.kind(prop))} | {'ja' if key in required else 'nee'} "
                f"| {_cell(prop.get('description', ''))} |"
            )
        return lines

    def all(self, file_label: str) -> list[str]:
        lines = [f"### {self.schema.get('title')}: `{file_label}`", "", *self.table(self.schema)]
        done: list[str] = []
        while len(done) < len(self.pending):
            name = next(n for n in self.pending if n not in done)
            done.append(name)
            node = self.schema["$defs"][name]
            lines += ["", f"#### {node.get('title', name)}", "", *self.table(node)]
        return lines


def field_reference(schemas: dict[str, Node]) -> str:
    """The Markdown between the markers, from the schemas by model name."""
    lines: list[str] = []
    for name, label in FILES:
        lines += ["", *_Tables(schemas[name]).all(label)]
    return "\n".join(lines).strip("\n") + "\n"


def with_field_reference(page: str, reference: str) -> str:
    """PAGE with the part between the markers replaced by REFERENCE."""
    if page.count(BEGIN) != 1 or page.count(END) != 1 or page.index(BEGIN) > page.index(END):
        raise FieldRefError(f"{DOCS_PAGE}: de markeringen van het veldenoverzicht ontbreken of staan verkeerd")
    head, rest = page.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{reference}\n{END}{tail}"
