"""The rules that look across files: the folders and the scale exist, the six bouwstenen
are there once, and what must be unique on the whole site is.

Each function is one rule of ``rules.py``: it gets the ``Site`` and the ``Context`` and
yields its diagnostics. Where a rule compares two files, the later file (by path) is the
one reported, or both when each should know of the other.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..diagnostics import Diagnostic
from ..vocabulary import BOUWSTEEN_IDS
from ..load.source import SourceDocument
from ..load.values import _control_character
from .context import Context, Loaded, Loc, Site, raw_gemeente_codes

Found = Iterator[Diagnostic]

SCHAAL_STEM = "schaal"  # bouwstenen/schaal.yaml


def folders_exist(site: Site, ctx: Context) -> Found:
    for folder in (site.bouwstenen, site.regions):
        if not folder.exists:
            yield Diagnostic(folder.name, 0, 0, f"de map `{folder.name}/` ontbreekt")


def schaal_exists(site: Site, ctx: Context) -> Found:
    folder = site.bouwstenen
    if folder.exists and SCHAAL_STEM not in folder.stems:
        path = f"{folder.name}/{SCHAAL_STEM}.yaml"
        yield Diagnostic(path, 0, 0, f"de schaal ontbreekt: maak {path}")


def bouwsteen_files_exist(site: Site, ctx: Context) -> Found:
    folder = site.bouwstenen
    if not folder.exists:
        return
    for missing in BOUWSTEEN_IDS:
        if missing not in folder.stems:
            yield Diagnostic(folder.name, 0, 0, f"bouwsteen `{missing}` ontbreekt: maak {folder.name}/{missing}.yaml")


def bouwsteen_known(site: Site, ctx: Context) -> Found:
    for item in site.bouwstenen.items:
        if item.model.id not in BOUWSTEEN_IDS and item.doc.path.stem == item.model.id:
            yield ctx.error(
                item.doc,
                ("id",),
                f"onbekende bouwsteen `{item.model.id}`; het programma kent er zes: {', '.join(BOUWSTEEN_IDS)}",
            )


def volgorde_unique(site: Site, ctx: Context) -> Found:
    first: dict[int, Loaded] = {}
    for item in sorted(site.bouwstenen.items, key=lambda i: i.doc.relpath):
        other = first.setdefault(item.model.volgorde, item)
        if other is not item:
            yield ctx.error(
                item.doc,
                ("volgorde",),
                f"volgorde {item.model.volgorde} wordt ook gebruikt in {other.doc.relpath}; kies een ander nummer",
            )


def gemeente_in_one_region(site: Site, ctx: Context) -> Found:
    """Also counting the files with field errors; reported in both files."""
    owners: dict[str, tuple[SourceDocument, int]] = {}
    for doc in sorted(site.regions.docs, key=lambda d: d.relpath):
        for index, code in raw_gemeente_codes(doc):
            owner = owners.setdefault(code, (doc, index))
            if owner[0] is doc:
                continue
            name = f" ({ctx.geo.gemeenten[code]})" if ctx.geo and code in ctx.geo.gemeenten else ""
            for (here, at), (there, there_at) in (((doc, index), owner), (owner, (doc, index))):
                line = there.position_of(("gemeenten", there_at))[0]
                yield ctx.error(
                    here,
                    ("gemeenten", at),
                    f"gemeente {code}{name} hoort ook bij {there.relpath}:{line}; een gemeente hoort bij één regio",
                )


def _unique_name(site: Site, ctx: Context, key: str, label: str) -> Found:
    """No two regions with the same name (ignoring case and spacing), also counting the files
    with field errors: visitors could not tell them apart on the map, in the heat-map or in
    a comparison. Reported in both files."""
    first: dict[str, SourceDocument] = {}
    for doc in sorted(site.regions.docs, key=lambda d: d.relpath):
        raw = doc.data.get(key) if isinstance(doc.data, dict) else None
        if not isinstance(raw, str) or not raw.strip():
            continue
        other = first.setdefault(" ".join(raw.split()).casefold(), doc)
        if other is doc:
            continue
        for here, there in ((doc, other), (other, doc)):
            line = there.position_of((key,))[0]
            yield ctx.error(
                here,
                (key,),
                f"de {label} `{' '.join(raw.split())[:60]}` heeft ook {there.relpath}:{line}; bezoekers kunnen "
                f"de regio's dan niet uit elkaar houden. Geef elke regio een eigen {label}",
            )


def naam_unique(site: Site, ctx: Context) -> Found:
    yield from _unique_name(site, ctx, "naam", "naam")


def korte_naam_unique(site: Site, ctx: Context) -> Found:
    yield from _unique_name(site, ctx, "korte_naam", "korte naam")


def practice_id_unique(site: Site, ctx: Context) -> Found:
    first: dict[str, tuple[Loaded, int]] = {}
    for item in sorted(site.regions.items, key=lambda i: i.doc.relpath):
        for index, voorbeeld in enumerate(item.model.goede_voorbeelden):
            entry = (item, index)
            earlier, earlier_index = first.setdefault(voorbeeld.id, entry)
            if earlier is item and earlier_index == index:
                continue
            line = earlier.doc.position_of(("goede_voorbeelden", earlier_index, "id"))[0]
            yield ctx.error(
                item.doc,
                ("goede_voorbeelden", index, "id"),
                f"goed-voorbeeld-id `{voorbeeld.id}` bestaat al in {earlier.doc.relpath}:{line}; "
                "ids zijn uniek op de hele site",
            )


# Text the site's XML files (feeds, SVG) can carry: XML 1.0 `Char`, without Unicode's
# noncharacters (U+FDD0-U+FDEF and the last two code points of every plane).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(p << 16 | 0xFFFE) + chr(p << 16 | 0xFFFF) for p in range(17))
_NOT_XML_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff{_NONCHARACTERS}]")


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that XML cannot carry (or should not: a
    noncharacter), leaving out those the YAML reader reports already (control characters,
    lone surrogates)."""
    for match in _NOT_XML_TEXT.finditer(text):
        if _control_character(match.group(0)) is None:
            return match.group(0)
    return None


def _strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str, bool]]:
    """(loc, text, is_key) of every string in a file's raw data, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield loc + (key,), key, True
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,))
    elif isinstance(value, str):
        yield loc, value, False


def text_xml_safe(site: Site, ctx: Context) -> Found:
    docs = site.regions.docs + site.bouwstenen.docs + ([site.schaal.doc] if site.schaal else [])
    for doc in docs:
        for loc, text, is_key in _strings(doc.data):
            found = unsafe_character(text)
            if found is None:
                continue
            where = "de sleutel" if is_key else "de tekst"
            yield ctx.error(
                doc,
                loc,
                f"{where} bevat het teken U+{ord(found):04X}, een niet-teken (noncharacter) dat niet in de "
                "feeds en SVG-bestanden van de site kan staan; verwijder het (meestal komt het uit een "
                "escape als \\uFFFF tussen dubbele aanhalingstekens)",
                key=is_key,
            )
