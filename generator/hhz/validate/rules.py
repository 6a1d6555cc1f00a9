"""The rule book: every rule beyond one field, one line each (name, what it checks).

A run applies, in this order:

1. ``files.FILE_RULES`` to each ``*.yaml``/``*.yml`` in `regions/` and `bouwstenen/`
   (which files are read at all; see files.py);
2. the YAML reader (yamlsource.py: syntax, duplicate keys, YAML 1.1 surprises, encodings)
   and the models (models.py: the fields, their types and formats; messages.py words
   their errors in Dutch) to each file on its own;
3. the lists below. A rule is a function in checks.py (one file) or site_checks.py
   (across files) that yields its diagnostics. Each has a failing case in
   tests/test_rules.py, which fails when a rule is added here without one.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from ..diagnostics import Diagnostic
from . import checks as one
from . import evaluation_checks as trust
from . import site_checks as across
from .context import Context, Rule, Site
from .files import FILE_RULES


# bouwstenen/schaal.yaml, when its fields are valid
SCHAAL_RULES: tuple[Rule, ...] = (
    Rule("schaal-numbered", "the niveaus are numbered 1, 2, 3, … in order", one.schaal_numbered),
)

# each bouwstenen/<id>.yaml whose fields are valid
BOUWSTEEN_RULES: tuple[Rule, ...] = (
    Rule("bouwsteen-id-is-file-name", "`id` is the file name without .yaml", one.id_is_file_name),
    Rule("bouwsteen-niveau-on-scale", "each niveau it describes is on the scale", one.bouwsteen_niveau_on_scale),
    Rule("bouwsteen-niveau-once", "each niveau is described once", one.bouwsteen_niveau_once),
    Rule("bouwsteen-covers-scale", "every niveau of the scale is described", one.bouwsteen_covers_scale),
    Rule("criterium-id-unique", "no two criteria with the same id", one.criterium_id_unique),
)

# each regions/<id>.yaml that could be read, also when fields have errors (one run reports all problems)
REGION_RAW_RULES: tuple[Rule, ...] = (
    Rule("gemeente-once", "a gemeente is listed once in the region", one.gemeente_once),
    Rule("gemeente-known", "each gemeente code is in the CBS list of 2025 (with geodata)", one.gemeente_known),
    Rule("date-not-in-future", "no datum or peildatum after today", one.date_not_in_future),
    Rule("scores-need-niveau", "a bouwsteen with scores per groep has its agreed niveau", trust.scores_need_niveau),
)

# each regions/<id>.yaml whose fields are valid
REGION_RULES: tuple[Rule, ...] = (
    Rule("region-id-is-file-name", "`id` is the file name without .yaml", one.id_is_file_name),
    Rule("region-id-not-reserved", "`id` is not `index` (the page regios/index)", one.region_id_not_reserved),
    Rule("region-has-gemeenten", "warning: without gemeenten the region is not on the map", one.has_gemeenten),
    Rule("provincies-match-gemeenten", "`provincies` = its gemeenten's (with geodata)", one.provincies_match_gemeenten),
    Rule("region-filled-in", "warning: rechtsvorm, mandaat and bron are not the placeholder", one.filled_in),
    Rule("evaluation-date-unique", "each zelfevaluatie has its own datum", one.evaluation_date_unique),
    Rule("evaluation-complete", "a vastgestelde zelfevaluatie scores all six bouwstenen", one.evaluation_complete),
    Rule("score-bouwsteen-known", "each scored bouwsteen is one of the six", one.score_bouwsteen_known),
    Rule("score-on-scale", "each score's niveau is on the scale", one.score_on_scale),
    Rule("ambitie-on-scale", "each ambitie's niveau is on the scale", one.ambitie_on_scale),
    Rule("ambitie-not-below-niveau", "an ambitie is at least the current niveau", one.ambitie_not_below_niveau),
    Rule("ambitie-not-before-evaluation", "an ambitie is not older than its zelfevaluatie", one.ambitie_not_before),
    Rule("score-group-known", "each group with scores is one of the fixed list of groups", trust.score_group_known),
    Rule("group-score-on-scale", "each score per groep is on the scale", trust.group_score_on_scale),
    Rule("niveau-within-scores", "warning: the agreed niveau lies between the lowest and highest score per groep", trust.niveau_within_scores),
    Rule("high-level-has-bewijs", "warning: a niveau of 4 or 5 comes with bewijs (current zelfevaluatie, newer concepts)", trust.high_level_has_bewijs),
    Rule("getoetst-not-before-evaluation", "a toetsing is not dated before its zelfevaluatie", trust.getoetst_not_before_evaluation),
    Rule("practice-id-not-reserved", "no goed voorbeeld with id `index`", one.practice_id_not_reserved),
    Rule("practice-bouwsteen-known", "each bouwsteen of a goed voorbeeld is one of the six", one.practice_bouwsteen),
)

# across the files
SITE_RULES: tuple[Rule, ...] = (
    Rule("folders-exist", "regions/ and bouwstenen/ exist", across.folders_exist),
    Rule("schaal-exists", "bouwstenen/schaal.yaml exists", across.schaal_exists),
    Rule("bouwsteen-files-exist", "each of the six bouwstenen has its file", across.bouwsteen_files_exist),
    Rule("bouwsteen-known", "each bouwsteen file is one of the six", across.bouwsteen_known),
    Rule("volgorde-unique", "no two bouwstenen with the same volgorde", across.volgorde_unique),
    Rule("gemeente-in-one-region", "a gemeente belongs to one region", across.gemeente_in_one_region),
    Rule("naam-unique", "no two regions with the same naam (case and spaces aside)", across.naam_unique),
    Rule("korte-naam-unique", "no two regions with the same korte_naam (idem)", across.korte_naam_unique),
    Rule("practice-id-unique", "goed-voorbeeld ids are unique on the whole site", across.practice_id_unique),
    Rule("text-xml-safe", "every text and key of every file is XML 1.0 text without noncharacters", across.text_xml_safe),
)

RULE_BOOK: dict[str, tuple[Rule, ...]] = {
    "FILE_RULES": FILE_RULES,
    "SCHAAL_RULES": SCHAAL_RULES,
    "BOUWSTEEN_RULES": BOUWSTEEN_RULES,
    "REGION_RAW_RULES": REGION_RAW_RULES,
    "REGION_RULES": REGION_RULES,
    "SITE_RULES": SITE_RULES,
}


def apply(rules: tuple[Rule, ...], subjects: list[Any], ctx: Context) -> list[Diagnostic]:
    """Every rule on every subject (a file, or the site)."""
    return list(chain.from_iterable(rule.check(subject, ctx) for subject in subjects for rule in rules))


def check_site(site: Site, ctx: Context) -> list[Diagnostic]:
    """The lists above on the loaded files: each file's rules, then the site's."""
    return [
        *apply(SCHAAL_RULES, [site.schaal] if site.schaal else [], ctx),
        *apply(BOUWSTEEN_RULES, site.bouwstenen.items, ctx),
        *apply(REGION_RAW_RULES, site.regions.docs, ctx),
        *apply(REGION_RULES, site.regions.items, ctx),
        *apply(SITE_RULES, [site], ctx),
    ]
