"""The domain's words: every enumerated value with its Dutch label and colour, the limits
of the scale, and the windows and thresholds the site derives with.

The one place the rest imports these from (models for the allowed values, pages and the
map for labels and colours, derive for the thresholds); templates get them as globals, so
a text such as "meer dan 18 maanden geleden" follows ``STALE_AFTER_MONTHS``.
"""

from __future__ import annotations

# --- the programme ------------------------------------------------------------------

BOUWSTEEN_IDS = (
    "regiovisie",
    "samenwerkingsafspraken",
    "informatiebeleid",
    "arbeidsmarkt",
    "ontzorging",
    "innovatie-kwaliteit",
)

PROVINCIES = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)
# other spellings editors write -> the official name (compared without case, accents, spaces
# and hyphens, so "Noord Brabant" and "fryslan" need no entry); validate/valuehints.py uses it
PROVINCIE_SPELLINGS = {
    "Friesland": "Fryslân",
    "Brabant": "Noord-Brabant",
    "Holland": "Noord-Holland of Zuid-Holland",
}

# value in the YAML -> heading on a region page
ORGANISATIE_TYPES = {
    "regio-organisatie": "Regio-organisatie",
    "zorggroep": "Zorggroepen",
    "huisartsenpost": "Huisartsenposten",
    "lhv-kring": "LHV-kringen",
    "multidisciplinair": "Multidisciplinaire samenwerking",
    "ros": "Regionale ondersteuningsstructuur (ROS)",
    "wdh": "Deskundigheidsbevordering en nascholing (WDH)",
    "waarnemers": "Waarnemers",
    "overig": "Overige organisaties",
}

# value -> label; and the colour of each on the map's regioplan layer (Okabe-Ito; "onbekend"
# is hatched like every "geen gegevens" on the map, not a loud colour)
REGIOPLAN_STATUS = {
    "openbaar": "Openbaar regioplan",
    "niet-openbaar": "Regioplan, niet openbaar",
    "in-ontwikkeling": "Regioplan in ontwikkeling",
    "onbekend": "Onbekend",
    "geen": "Geen regioplan",
}
REGIOPLAN_FILL = {
    "openbaar": "#009E73",
    "niet-openbaar": "#56B4E9",
    "in-ontwikkeling": "#F0E442",
    "onbekend": "hatch:geen-waarde",  # not known: quiet, like "geen gegevens" (see HATCHES)
    "geen": "#D55E00",
}

EVALUATIE_STATUS = ("concept", "vastgesteld")

# --- the scale ------------------------------------------------------------------------

# The programme's scale is 1-5; the charts and the map have a colour for each level.
SCALE_MIN_LEVELS = 3
SCALE_MAX_LEVELS = 5

# Sequential blues (ColorBrewer), with a readable text colour per level.
LEVEL_FILL = {1: "#eff3ff", 2: "#c6dbef", 3: "#6baed6", 4: "#2171b5", 5: "#08306b"}
LEVEL_TEXT = {1: "#000000", 2: "#000000", 3: "#000000", 4: "#ffffff", 5: "#ffffff"}
NO_DATA_FILL = "#d9d9d9"

# "Geen gegevens" on the map is a hatch, not a flat colour, so that no level (level 1 is
# nearly white) can be taken for it, whatever one's colour vision; every shape also has a
# dark outline (at least 3:1 against the white map, WCAG 1.4.11). A map fill is "#rrggbb"
# or "hatch:<name>". name -> (background, line colour).
HATCH_PREFIX = "hatch:"
HATCHES = {
    "geen-waarde": ("#ffffff", "#767676"),  # a region without a value in the chosen layer
    "geen-regio": ("#e3e3e3", "#c2c2c2"),  # a gemeente in no region on this site: grey, quieter
}
MAP_NO_VALUE_FILL = HATCH_PREFIX + "geen-waarde"
MAP_NO_REGION_FILL = HATCH_PREFIX + "geen-regio"
MAP_OUTLINE = "#333333"  # the outline of every region on the map and of every legend swatch
MAP_NO_REGION_BORDER = "#a3a3a3"  # the thin border between gemeenten in no region

assert sorted(LEVEL_FILL) == sorted(LEVEL_TEXT) == list(range(1, SCALE_MAX_LEVELS + 1))

# --- what the site derives ------------------------------------------------------------

STALE_AFTER_MONTHS = 18  # a region page says "verouderd" after this many months
LEARN_FROM_MAX = 2  # a region at this level or lower ...
LEARN_FROM_PEERS_MIN = 4  # ... learns from regions at this level or higher
LEARN_FROM_PEERS_SHOWN = 6  # peers listed per bouwsteen on a region page; the rest via the bouwsteen page
LEARN_FROM_PRACTICES_SHOWN = 3  # practices listed per peer
COMPARE_MIN, COMPARE_MAX = 2, 4  # regions side by side on the comparison page

# --- a zelfevaluatie worth trusting: groups, evidence, review ------------------------

# The groups that may score a bouwsteen before the participants agree on its niveau: a
# fixed list, so that the spread can be compared across regions. key -> (label, who).
SCORE_GROEPEN = {
    "huisartsen": ("Huisartsen", "huisartsen uit de regio: leden, hagro's, waarnemers"),
    "bestuur": ("Bestuur", "het bestuur van de regio-organisatie of de besturen van de deelnemende organisaties"),
    "werkorganisatie": ("Werkorganisatie", "de medewerkers en de staf van de regio-organisatie"),
    "huisartsenorganisaties": (
        "Huisartsenorganisaties",
        "de andere huisartsenorganisaties in de regio: zorggroep, huisartsenpost, LHV-kring, ROS",
    ),
    "partners": ("Partners", "partners buiten de huisartsenzorg: gemeenten, zorgverzekeraar, ziekenhuis, VVT"),
}
SCORE_GROEP_LABELS = {key: label for key, (label, _who) in SCORE_GROEPEN.items()}
SCORES_MIN_GROUPS = 2  # scores per groep only mean something with two groups or more
VERDEELD_MIN_SPREAD = 2  # "verdeeld": the highest and lowest group score differ by this many levels or more

# the kinds of bewijs: value -> label
BEWIJS_TYPES = {
    "besluit": "Besluit",
    "document": "Document",
    "jaarverslag": "Jaarverslag",
    "webpagina": "Webpagina",
}
BEWIJS_EXPECTED_FROM = 4  # a niveau this high or higher without any bewijs gets a warning

# the national picture over time: a region's state in a year -> (label, colour of its bar part)
NO_EVALUATION_LABEL = "Nog geen zelfevaluatie"
COVERAGE_PARTS = {
    "recent": ("Vastgesteld, niet verouderd", "#0072B2"),
    "verouderd": (f"Vastgesteld, ouder dan {STALE_AFTER_MONTHS} maanden", "#E69F00"),
    "geen": (NO_EVALUATION_LABEL, NO_DATA_FILL),
}

# The text `hhz new-region` writes where the editor still has to fill something in; the
# validator refuses it in a published file.
PLACEHOLDER = "Nog in te vullen."

# Abbreviations in the regions' and bouwstenen's texts, explained on their first use on a page
# (an <abbr> with the full name, render/glossary.py). Matched as whole words, case-sensitive.
ABBREVIATIONS = {
    "hagro": "huisartsengroep: de huisartsen van één wijk of dorp die samenwerken",
    "Wagro": "waarneemgroep: huisartsen die elkaars diensten waarnemen",
    "ROS": "regionale ondersteuningsstructuur",
    "WDH": "werkgroep deskundigheidsbevordering huisartsen (nascholing)",
    "VVT": "verpleging, verzorging en thuiszorg",
    "GGZ": "geestelijke gezondheidszorg",
    "GGD": "gemeentelijke gezondheidsdienst",
    "VWS": "het ministerie van Volksgezondheid, Welzijn en Sport",
    "POH": "praktijkondersteuner huisartsenzorg",
    "ICT": "informatie- en communicatietechnologie",
    "LHV": "Landelijke Huisartsen Vereniging",
    "NHG": "Nederlands Huisartsen Genootschap",
    "AVG": "Algemene verordening gegevensbescherming",
}

TEMPLATE_GLOBALS = {
    "ORGANISATIE_TYPES": ORGANISATIE_TYPES,
    "REGIOPLAN_STATUS": REGIOPLAN_STATUS,
    "PROVINCIES": PROVINCIES,
    "STALE_AFTER_MONTHS": STALE_AFTER_MONTHS,
    "LEARN_FROM_MAX": LEARN_FROM_MAX,
    "LEARN_FROM_PEERS_MIN": LEARN_FROM_PEERS_MIN,
    "LEARN_FROM_PRACTICES_SHOWN": LEARN_FROM_PRACTICES_SHOWN,
    "COMPARE_MIN": COMPARE_MIN,
    "COMPARE_MAX": COMPARE_MAX,
    "SCORE_GROEP_LABELS": SCORE_GROEP_LABELS,
    "VERDEELD_MIN_SPREAD": VERDEELD_MIN_SPREAD,
    "BEWIJS_TYPES": BEWIJS_TYPES,
    "BEWIJS_EXPECTED_FROM": BEWIJS_EXPECTED_FROM,
    "NO_EVALUATION_LABEL": NO_EVALUATION_LABEL,
    "COVERAGE_PARTS": COVERAGE_PARTS,
}
