"""What an editor probably meant by a value that does not fit: the level as a word, a date
written the Dutch way, a number with a thousands separator, a gemeente by its name.

``ValueHints`` is what a run knows that a single file does not (the scale, the CBS names);
each function takes the value as written and returns a Dutch hint, or None when it has
none. ``messages`` appends them to its messages.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from ..vocabulary import PROVINCIE_SPELLINGS, PROVINCIES, SCALE_MAX_LEVELS

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")  # fmt: skip

_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:([.,])[0-9]{3})+$")
_DAY_FIRST = re.compile(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$")
_YEAR_FIRST = re.compile(r"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$")
_WORDS = re.compile(r"^([0-9]{1,2})\s+([a-z]+)\.?\s+([0-9]{4})$", re.IGNORECASE)  # 1 mei 2025, 3 jan. 2025
_CODE = re.compile(r"^(?:gm)?\s*(?=[0-9]{1,4}$)0*([0-9]{1,4})$", re.IGNORECASE)


@dataclass(frozen=True)
class ValueHints:
    """The scale's niveaus and the CBS gemeenten (code -> name; empty without geodata)."""

    levels: tuple[int, ...] = tuple(range(1, SCALE_MAX_LEVELS + 1))
    gemeenten: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


DEFAULT_HINTS = ValueHints()


def level_hint(hints: ValueHints) -> str:
    """"schrijf een getal van 1 tot 5, bijvoorbeeld 3": the scale's range and its middle."""
    levels = sorted(hints.levels) or list(DEFAULT_HINTS.levels)
    middle = levels[(len(levels) - 1) // 2] if len(levels) > 2 else levels[-1]
    return f"schrijf een getal van {levels[0]} tot {levels[-1]}, bijvoorbeeld {middle}"


def off_scale_text(loc: tuple[Any, ...], number: Any, hints: ValueHints) -> str:
    """The one wording of a level that is not on the scale: "niveau 6 staat niet op de schaal
    (1 t/m 5)", also for "ambitieniveau 100" and "de score 0 van groep `bestuur`"."""
    levels = sorted(hints.levels) or list(DEFAULT_HINTS.levels)
    if len(loc) >= 2 and loc[-2] == "scores":
        what = f"de score {number} van groep `{loc[-1]}`"
    else:
        what = f"ambitieniveau {number}" if len(loc) >= 2 and loc[-2] == "ambitie" else f"niveau {number}"
    return f"{what} staat niet op de schaal ({levels[0]} t/m {levels[-1]})"


def thousands_hint(raw: str) -> str | None:
    """`1.600` or `1,600`: a Dutch thousands separator, which YAML reads otherwise."""
    match = _THOUSANDS.match(raw.strip())
    if match is None:
        return None
    digits = raw.strip().replace(match.group(1), "")
    if match.group(1) == ".":
        return f"in YAML is de punt een decimaalteken, geen scheiding tussen duizendtallen; schrijf {digits}"
    return f"een getal heeft geen komma tussen de duizendtallen; schrijf {digits}"


def _real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(word: str) -> int | None:
    """The month of a Dutch month name or its usual abbreviation (``mrt``, ``okt``)."""
    word = word.lower()
    if word == "mrt":
        return 3
    found = [number for number, name in enumerate(MONTHS, start=1) if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


def date_hint(raw: str) -> str | None:
    """`1-5-2025` (day first, the Dutch order), `2025/5/1` or `1 mei 2025` -> "schrijf 2025-05-01 (1 mei 2025)"."""
    text = raw.strip()
    day_first, year_first, words = _DAY_FIRST.match(text), _YEAR_FIRST.match(text), _WORDS.match(text)
    month = _month(words[2]) if words else None
    if words and month:
        date = _real_date(int(words[3]), month, int(words[1]))
    elif day_first:
        date = _real_date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
    elif year_first:
        date = _real_date(int(year_first[1]), int(year_first[2]), int(year_first[3]))
    else:
        return None
    if date is None or date.isoformat() == text:  # a real ISO date (in quotes): not this hint
        return None
    return f"schrijf {date.isoformat()} ({date.day} {MONTHS[date.month - 1]} {date.year})"


def _plain(name: str) -> str:
    """A name compared loosely: case, accents, 'gemeente' and punctuation aside."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"^gemeente\s+", "", text.strip())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def provincie_hint(field: str, value: Any) -> str | None:
    """"bedoelde je Fryslân?" for `Friesland`, `Noord Brabant` or `fryslan` in `provincies`."""
    if field != "provincies" or not isinstance(value, str):
        return None
    known = {_plain(name).replace(" ", ""): name for name in PROVINCIES}
    known |= {_plain(other).replace(" ", ""): name for other, name in PROVINCIE_SPELLINGS.items()}
    meant = known.get(_plain(value).replace(" ", ""))
    return f"bedoelde je {meant}?" if meant else None


def gemeente_hint(raw: str, hints: ValueHints) -> str | None:
    """"bedoelde je GM0034 (Almere)?" for a name, or for a code without GM or its zeros."""
    names, text = hints.gemeenten, raw.strip()
    if re.fullmatch(r"GM[0-9]{4}", text.upper()):  # only the case is wrong
        return f"bedoelde je {text.upper()}" + (f" ({names[text.upper()]})?" if text.upper() in names else "?")
    code = _CODE.match(text)
    if code is not None:  # without GM or without its zeros: a guess only the CBS list can confirm
        guess = f"GM{int(code[1]):04d}"
        return f"bedoelde je {guess} ({names[guess]})?" if guess in names else None
    if not names:
        return None
    by_name = {_plain(name): code for code, name in sorted(names.items())}
    wanted = _plain(raw)
    match = by_name.get(wanted)
    if match is None:
        close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.8)
        match = by_name[close[0]] if close else None
    return f"bedoelde je {match} ({names[match]})?" if match else None
