"""Strict YAML loading with source positions.

Editors write YAML by hand, often in a browser. PyYAML (YAML 1.1) silently keeps the
last of two duplicate keys, turns an unquoted ``no`` into ``False`` and expands
aliases. This package builds plain Python values from PyYAML's *event stream* itself
(``yamlcompose``), so that it can:

* remember the line and column of every key and value (``SourceDocument.positions``);
* refuse duplicate keys, anchors, aliases, explicit tags and multiple documents;
* resolve plain scalars by YAML 1.2 core rules, and mark the YAML 1.1 surprises
  (``yes/no/on/off``) and impossible dates with sentinels that no model field accepts
  (``yamlvalues``);
* refuse tabs in indentation, non-UTF-8 bytes, binary content, empty files,
  oversized files and absurd nesting, each with a Dutch message (this module).

It never raises for bad input: problems come back as ``Diagnostic`` objects.
"""

from __future__ import annotations

import re
from pathlib import Path

from .compose import compose
from .values import (  # noqa: F401  (the loader's public names, in one place for callers)
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_REFERENCE_ERRORS,
    InvalidDate,
    Loc,
    ScalarInfo,
    SourceDocument,
    Yaml11Bool,
    resolve_plain_scalar,
)

_OTHER_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _other_unicode_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 when the file starts with that byte-order mark (editors on Windows
    save "Unicode" so); None otherwise."""
    return next((name for bom, name in _OTHER_BOMS if data.startswith(bom)), None)


def _decode(doc: SourceDocument, data: bytes) -> str | None:
    if not data.strip():
        doc.error(1, 1, "het bestand is leeg; vul het in of verwijder het")
        return None
    encoding = _other_unicode_encoding(data)
    if encoding:
        doc.error(1, 1, f"het bestand is opgeslagen als {encoding}; sla het bestand op als UTF-8")
        return None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data[:offset].count(b"\n") + 1
        doc.error(line, 1, "dit lijkt een binair bestand (bevat NUL-bytes); alleen YAML-tekst is toegestaan")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.error(
            line,
            col,
            "het bestand is geen geldige UTF-8; sla het op als UTF-8 "
            f"(ongeldige byte 0x{data[exc.start]:02x})",
        )
        return None
    return text if _no_odd_line_breaks(doc, text) else None


_ODD_LINE_BREAKS = re.compile("[\u0085\u2028\u2029]")


def _no_odd_line_breaks(doc: SourceDocument, text: str) -> bool:
    """YAML counts NEL, LS and PS as line ends and GitHub does not: every line number after
    one would be off. Refused, at the line and column an editor sees."""
    match = _ODD_LINE_BREAKS.search(text)
    if match is None:
        return True
    start = match.start()
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    doc.error(
        line,
        col,
        f"onzichtbaar regeleinde-teken U+{ord(match.group(0)):04X}; YAML leest het als een nieuwe regel, "
        "GitHub niet. Vervang het door een spatie of een gewone nieuwe regel",
    )
    return False


def _check_tabs(doc: SourceDocument, text: str) -> bool:
    ok = True
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            doc.error(
                number,
                indent.index("\t") + 1,
                "tab gebruikt voor inspringen; YAML staat alleen spaties toe (gebruik 2 spaties)",
            )
            ok = False
    return ok


def load_yaml_file(path: Path, root: Path) -> SourceDocument:
    """Read and compose one YAML file; never raises for bad content."""
    try:
        relpath = path.relative_to(root).as_posix()
    except ValueError:
        relpath = path.as_posix()
    doc = SourceDocument(path=path, relpath=relpath)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            doc.error(  # about the whole file: reported at its start, so it shows in pull requests
                1,
                1,
                f"bestand is te groot ({size:,} bytes; maximaal {MAX_FILE_BYTES:,}); "
                "splits het op of verwijder overbodige inhoud".replace(",", "."),
            )
            return doc
        data = path.read_bytes()
    except OSError as exc:
        doc.error(1, 1, f"kan het bestand niet lezen: {exc.strerror or exc}")
        return doc
    text = _decode(doc, data)
    if text is None:
        return doc
    if not _check_tabs(doc, text):
        return doc
    compose(doc, text)
    return doc


def load_yaml_text(text: str, relpath: str = "test.yaml") -> SourceDocument:
    """Compose YAML from a string (used by tests and tools)."""
    doc = SourceDocument(path=Path(relpath), relpath=relpath)
    decoded = _decode(doc, text.encode("utf-8", "surrogatepass"))
    if decoded is not None and _check_tabs(doc, decoded):
        compose(doc, decoded)
    return doc
