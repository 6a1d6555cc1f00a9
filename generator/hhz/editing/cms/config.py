"""``beheer/config.yml``: the Decap CMS configuration, generated from the models and the data.

One collection, the regions (``regions/<id>.yaml``, our own YAML format ``hhz-yaml`` that
keeps the schema line). A zelfevaluatie has one block per bouwsteen in ``volgorde`` order;
its ``niveau`` is a select whose options show the scale's name *and* this bouwsteen's
rubric text. Gemeenten are picked by name from the CBS list and stored as codes.

The bouwstenen and the scale are not editable here: Decap has no roles, so every editor
could change the rubric; they stay pull requests reviewed by the koepel (see maintainers/hosting.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

import yaml
from pydantic import BaseModel

from ...dataset import Dataset
from ...models import Ambitie, Bewijs, Bouwsteen, BouwsteenScore, GoedVoorbeeld, Regio, Schaal, Zelfevaluatie
from .fields import PATTERN_MESSAGES, URL_PATTERN, FieldMapper, Widget, optional_fields
from ...models import GEMEENTE_PATTERN
from ...vocabulary import BEWIJS_EXPECTED_FROM, SCORE_GROEPEN
from ..newevaluation import copy_rules

FORMAT_NAME = "hhz-yaml"  # registered by site_templates/beheer/hhz-beheer.js
RUBRIC_WIDGET = "hhz-bouwstenen"  # the guided zelfevaluatie, site_templates/beheer/hhz-rubric.js
REGIONS_FOLDER = "regions"
MEDIA_FOLDER = "docs/assets/uploads"  # required by Decap; no field of ours uploads files
DEFAULT_BRANCH = "main"
HEADER = "# Gegenereerd door `hhz build` uit generator/hhz/models.py en bouwstenen/; niet met de hand bewerken.\n"


@dataclass(frozen=True)
class Backend:
    """Where the CMS saves: the GitHub repository, or (tests, local work) decap-server."""

    repo: str | None = None  # owner/name
    branch: str = DEFAULT_BRANCH
    base_url: str | None = None  # an OAuth proxy for GitHub Pages (see maintainers/hosting.md)
    local_backend_url: str | None = None  # decap-server, e.g. http://127.0.0.1:8081/api/v1


def repo_from_url(repo_url: str | None) -> str | None:
    """``owner/name`` from https://github.com/owner/name (None for other hosts)."""
    prefix = "https://github.com/"
    if not repo_url or not repo_url.startswith(prefix):
        return None
    parts = repo_url[len(prefix) :].strip("/").removesuffix(".git").split("/")
    return "/".join(parts[:2]) if len(parts) >= 2 else None


def niveau_options(schaal: Schaal, bouwsteen: Bouwsteen | None) -> list[dict[str, Any]]:
    """One option per level: number, the scale's name and (per bouwsteen) the rubric text."""
    rubric = {n.niveau: n.tekst for n in bouwsteen.niveaus} if bouwsteen else {}
    options = []
    for level in schaal.niveaus:
        text = " ".join((rubric.get(level.niveau) or level.betekenis).split())
        options.append({"label": f"{level.niveau} · {level.naam}: {text}", "value": level.niveau})
    return options


def _select(base: Widget, options: list[Any], multiple: bool = False) -> Widget:
    widget: Widget = {**base, "widget": "select", "options": options}
    if multiple:
        widget["multiple"] = True
    return widget


def _group_scores(base: Widget, options: list[dict[str, Any]]) -> Widget:
    """Scores per groep: one optional niveau per group of the fixed list."""
    fields = [
        {"name": key, "label": label, "hint": f"Het niveau dat deze groep gaf: {who}.", "required": False}
        | {"widget": "select", "options": options}
        for key, (label, who) in SCORE_GROEPEN.items()
    ]
    return {**base, "widget": "object", "collapsed": True, "fields": fields}


def _score_block(mapper: FieldMapper, schaal: Schaal, bouwsteen: Bouwsteen) -> Widget:
    """The block of one bouwsteen in a zelfevaluatie."""
    options = niveau_options(schaal, bouwsteen)
    scale = "; ".join(f"{n.niveau} {n.naam}" for n in schaal.niveaus)
    local = FieldMapper(
        skipped=mapper.skipped,
        special={
            **mapper.special,
            (BouwsteenScore, "niveau"): lambda base: _select(
                {**base, "hint": f"{base['hint']} Kies het niveau waarvan de beschrijving het best past ({scale})."}, options
            ),
            (Ambitie, "niveau"): lambda base: _select(base, options),
            (BouwsteenScore, "scores"): lambda base: _group_scores(base, options),
        }
    )
    rubric = {n.niveau: " ".join(n.tekst.split()) for n in bouwsteen.niveaus}
    return {
        "name": bouwsteen.id,
        "label": f"{bouwsteen.volgorde}. {bouwsteen.naam}",
        "hint": " ".join(bouwsteen.samenvatting.split()),
        # the rubric cards of the guided form (hhz-rubric.js): the scale's name and this
        # bouwsteen's text per level, from bouwstenen/*.yaml
        "rubric": [
            {"niveau": n.niveau, "naam": n.naam, "tekst": rubric.get(n.niveau) or " ".join(n.betekenis.split())}
            for n in schaal.niveaus
        ],
        "widget": "object",
        "required": False,
        "collapsed": False,
        # a concept may leave a bouwsteen out: nothing in the block is required by the form;
        # a niveau without toelichting is caught by hhz validate (with file and line)
        "fields": optional_fields(local.fields(BouwsteenScore)),
    }


def _gemeenten(base: Widget, names: Mapping[str, str]) -> Widget:
    if not names:  # no CBS list: codes typed by hand, checked for their form
        item = {"name": "code", "label": "Gemeentecode", "widget": "string"}
        item["pattern"] = [GEMEENTE_PATTERN, PATTERN_MESSAGES[GEMEENTE_PATTERN]]
        return {**base, "widget": "list", "field": item}
    ordered = sorted(names.items(), key=lambda item: (item[1].casefold(), item[0]))
    options = [{"label": f"{name} ({code})", "value": code} for code, name in ordered]
    return _select({**base, "hint": base["hint"] + " Typ een deel van de naam om te zoeken."}, options, multiple=True)


def region_fields(dataset: Dataset, gemeente_names: Mapping[str, str], skipped: list[str] | None = None) -> list[Widget]:
    """The form of a region file; fields without a widget are added to ``skipped``."""
    mapper = FieldMapper(skipped=skipped if skipped is not None else [])
    blocks = [_score_block(mapper, dataset.schaal, b) for b in dataset.bouwstenen]
    ids = [{"label": b.naam, "value": b.id} for b in dataset.bouwstenen]
    mapper.special.update(
        {
            (Regio, "gemeenten"): lambda base: _gemeenten(base, gemeente_names),
            # one guided widget for the six blocks (hhz-rubric.js); `fields` stay for the key
            # order of saved files and the widget's labels
            (Zelfevaluatie, "bouwstenen"): lambda base: {**base, "widget": RUBRIC_WIDGET, "fields": blocks},
            (GoedVoorbeeld, "bouwstenen"): lambda base: _select(base, ids, multiple=True),
        }
    )
    fields = mapper.fields(Regio)
    for item in fields:
        if item["name"] == "zelfevaluaties":  # the list shows each one's date and status
            item["summary"] = "{{fields.datum}} · {{fields.status}}"
        if item.get("widget") == "object":  # region details folded: the zelfevaluaties come sooner
            item["collapsed"] = True
    return fields


def _backend(backend: Backend) -> dict[str, Any]:
    out: dict[str, Any] = {"name": "github", "repo": backend.repo or "OWNER/REPO", "branch": backend.branch}
    out["open_authoring"] = True  # editors without write access work in a fork
    if backend.base_url:
        out["base_url"] = backend.base_url
    return out


def cms_config(
    dataset: Dataset, gemeente_names: Mapping[str, str], backend: Backend, skipped: list[str] | None = None
) -> dict[str, Any]:
    collection = {
        "name": "regios",
        "label": "Regio's",
        "label_singular": "Regio",
        "description": "Eén bestand per regio-organisatie in regions/. hhz validate controleert elke wijziging in de pull request.",
        "folder": REGIONS_FOLDER,
        "extension": "yaml",
        "format": FORMAT_NAME,
        "create": True,
        "delete": False,
        "identifier_field": "id",
        "slug": "{{id}}",
        "summary": "{{naam}}",
        "fields": region_fields(dataset, gemeente_names, skipped),
    }
    config: dict[str, Any] = {"backend": _backend(backend)}
    if backend.local_backend_url:
        config["local_backend"] = {"url": backend.local_backend_url}
    else:
        config["publish_mode"] = "editorial_workflow"  # one branch and pull request per entry
    config |= {"locale": "nl", "media_folder": MEDIA_FOLDER, "collections": [collection]}
    return config


# The validator's rules (ids of hhz.validate.rules.REGION_RULES) that the form checks before
# saving (site_templates/beheer/hhz-checks.js), with the form's message: plain Dutch, no line
# numbers; {name} is filled in by the form. tests/test_cms_config.py keeps the ids real.
FORM_CHECKS = {
    "evaluation-date-unique": "Er zijn twee zelfevaluaties van {datum}: geef elke zelfevaluatie een eigen datum.",
    "ambitie-not-below-niveau": "{waar}: de ambitie (niveau {ambitie}) ligt onder het gekozen niveau {niveau}. "
    "Kies een ambitie op of boven het huidige niveau.",
    "score-on-scale": "{waar}: niveau {waarde} staat niet op de groeischaal ({schaal}).",
    "ambitie-on-scale": "{waar}: ambitieniveau {waarde} staat niet op de groeischaal ({schaal}).",
    "group-score-on-scale": "{waar}: het niveau {waarde} van een groep staat niet op de groeischaal ({schaal}).",
}
# What the models require, as the form says it is missing
FORM_MISSING = {
    "evaluation": "{waar}: vul {veld} in.",
    "block": "{waar}: vul {veld} in; een bouwsteen die je invult, heeft een niveau en een toelichting.",
    "ambitie": "{waar}: vul bij de ambitie {veld} in, of laat de ambitie helemaal leeg.",
    "bewijs": "{waar}, bewijs {nummer}: vul {veld} in, of verwijder dit bewijs.",
    "bewijs_url": "{waar}, bewijs {nummer}: het adres klopt niet; " + URL_PATTERN[1] + ".",
}


def _required(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The fields the model requires, with their label and whether an empty list counts as
    missing (``min_length``); object-valued fields (bouwstenen) are left to their own checks."""
    out = []
    for name, info in model.model_fields.items():
        if not info.is_required() or name == "bouwstenen":
            continue
        at_least = next((m.min_length for m in info.metadata if getattr(m, "min_length", None)), 0)
        out.append({"name": name, "label": (info.title or name).lower(), "min_items": at_least})
    return out


def form_rules(dataset: Dataset) -> dict[str, Any]:
    """``beheer/form-rules.json``: what the form checks before saving, from the models (what
    is required), the scale and the validator's rules (the messages above)."""
    levels = [n.niveau for n in dataset.schaal.niveaus]
    return {
        "scale": levels,
        "scale_text": f"{min(levels)} t/m {max(levels)}",
        "required": {
            "evaluation": _required(Zelfevaluatie),
            "block": _required(BouwsteenScore),
            "ambitie": _required(Ambitie),
            "bewijs": _required(Bewijs),
        },
        "url_pattern": URL_PATTERN[0],
        "bewijs_from": BEWIJS_EXPECTED_FROM,  # the validator's warning: from this niveau on, bewijs is expected
        "missing": FORM_MISSING,
        "bouwstenen": {b.id: f"{b.volgorde}. {b.naam}" for b in dataset.bouwstenen},
        "checks": FORM_CHECKS,
        "new_evaluation": copy_rules(),  # the rules of `hhz new-evaluation`, for hhz-lastyear.js
    }


def form_rules_json(dataset: Dataset) -> bytes:
    return (json.dumps(form_rules(dataset), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def config_yaml(config: dict[str, Any]) -> bytes:
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
    return (HEADER + text).encode("utf-8")
