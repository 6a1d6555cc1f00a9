"""A key that is unknown where it stands, but belongs to the block just above it: the line
was indented too little (`bron` under `kerngegevens`, written at the start of the line).
YAML reads that without complaint; the model only sees an unknown key, and a required
field missing in the block above. ``misplaced`` finds the block the key belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel

from ..load.source import SourceDocument

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class Misplaced:
    block: str  # the key above whose block the key belongs to
    inner: Loc  # where the key belongs (the block's mapping)
    indent: int  # how far the block's keys are indented


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _block_indent(doc: SourceDocument, inner: Loc) -> int | None:
    columns = [pos[1] for key, pos in doc.key_positions.items() if key[:-1] == inner]
    return min(columns) - 1 if columns else None


def misplaced(doc: SourceDocument, loc: Loc, model_of: Callable[[Loc], type[BaseModel] | None]) -> Misplaced | None:
    """Where the unknown key at ``loc`` belongs: the mapping of the key just above it (or
    that mapping's last list item), when that mapping's model has a field of this name."""
    name, parent = loc[-1], loc[:-1]
    line = doc.key_positions.get(loc, (0, 0))[0]
    above = [(pos[0], key[-1]) for key, pos in doc.key_positions.items() if key[:-1] == parent and pos[0] < line]
    if not above:
        return None
    block = max(above)[1]
    value = _value_at(doc.data, parent + (block,))
    inner = parent + (block,) if isinstance(value, dict) else None
    if isinstance(value, list) and value and isinstance(value[-1], dict):
        inner = parent + (block, len(value) - 1)
    model = model_of(inner) if inner is not None else None
    if inner is None or model is None or name not in model.model_fields:
        return None
    target = _value_at(doc.data, inner)
    if isinstance(target, dict) and name in target:  # it has one already: not this mistake
        return None
    indent = _block_indent(doc, inner)
    return Misplaced(str(block), inner, indent) if indent is not None else None
