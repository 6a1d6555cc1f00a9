"""Every field of the data contract has a Dutch label and hint: the one source of the texts
in the JSON Schemas, the form editor, the new-region template and the field reference."""

from __future__ import annotations

import pydantic
import pytest

from hhz import models


def _all_models() -> list[type[pydantic.BaseModel]]:
    found = []
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, models.Strict) and value is not models.Strict:
            found.append(value)
    return sorted(found, key=lambda model: model.__name__)


def test_the_contract_has_models():
    names = {model.__name__ for model in _all_models()}
    assert {"Regio", "Zelfevaluatie", "BouwsteenScore", "Bouwsteen", "Schaal"} <= names


@pytest.mark.parametrize("model", _all_models(), ids=lambda model: model.__name__)
def test_every_field_has_a_dutch_title_and_description(model):
    missing = [
        name for name, field in model.model_fields.items() if not (field.title and field.description)
    ]
    assert not missing, f"{model.__name__}: velden zonder title/description: {missing}"


@pytest.mark.parametrize("model", _all_models(), ids=lambda model: model.__name__)
def test_titles_are_not_generated_from_the_key(model):
    # pydantic's generated title would be "Korte Naam"; ours are sentence case, Dutch.
    for name, field in model.model_fields.items():
        assert field.title != name.replace("_", " ").title() or " " not in field.title, (model.__name__, name)
