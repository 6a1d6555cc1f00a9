"""The strict YAML loader: hostile and broken files end in one Dutch diagnostic with file and line.

Every test that validates a project runs twice: with libyaml (the C parser PyYAML uses when it
is installed) and with PyYAML's pure-Python parser, because their error messages differ.
"""

from __future__ import annotations

import datetime as dt
import math
import time

import pytest

from hhz.load.source import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    InvalidDate,
    Yaml11Bool,
    load_yaml_text,
    resolve_plain_scalar,
)

A = "regions/alfa.yaml"


# --- duplicate keys, anchors, aliases, tags ------------------------------------------------


def test_duplicate_top_level_key(loader, edit) -> None:
    line = edit.replace(A, "korte_naam: ALFA\n", "korte_naam: ALFA\nnaam: Nog een naam\n") + 1
    assert line == 5
    error = edit.only_error()
    assert (error.line, error.col) == (5, 1)
    assert "dubbele sleutel `naam` (staat ook op regel 3)" in error.message


def test_duplicate_nested_key_the_same_bouwsteen_twice(loader, edit, expect) -> None:
    first = edit.line_of(A, "      regiovisie:")
    block = "      regiovisie:\n        niveau: 2\n        toelichting: Nog eens.\n"
    line = edit.replace(A, "      ontzorging:\n        niveau: 2\n", block + "      ontzorging:\n        niveau: 2\n")
    error = expect(edit.errors(), A, line, "dubbele sleutel `regiovisie`")
    assert f"(staat ook op regel {first})" in error.message
    assert error.col == 7


def test_quoted_and_plain_spelling_of_a_key_are_the_same_key(loader, edit, expect) -> None:
    line = edit.replace(A, "korte_naam: ALFA\n", "korte_naam: ALFA\n\"naam\": Nog een naam\n") + 1
    expect(edit.errors(), A, line, "dubbele sleutel `naam`")


def test_anchor_is_refused(loader, edit) -> None:
    line = edit.replace(A, "contact:\n", "contact: &c\n")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 10)
    assert "anker `&c` is niet toegestaan" in error.message


def test_alias_is_refused(loader, edit, expect) -> None:
    line = edit.replace(A, "korte_naam: ALFA\n", "korte_naam: &k ALFA\nwebsite_kopie: *k\n")
    errors = edit.errors()
    expect(errors, A, line, "anker `&k` is niet toegestaan")
    alias = expect(errors, A, line + 1, "alias `*k` is niet toegestaan")
    assert alias.col == 16
    # the file could not be read reliably: no model errors (like the unknown key) pile up
    assert len(errors) == 2


def test_alias_bomb_finishes_fast_without_expansion(loader, edit) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        name, prev = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    edit.write(A, "\n".join(lines) + "\n")  # fully expanded: 9**10 ≈ 3.5 billion strings
    start = time.perf_counter()
    errors = edit.errors()
    assert time.perf_counter() - start < 2
    assert all(e.path == A for e in errors)
    assert errors[0].line == 1 and "anker `&a`" in errors[0].message
    # the first five anchors and aliases one by one, then the rest as one count: 10 anchors
    # and 81 aliases in the text (not per expanded value), so 86 more, on lines 2 to 10
    assert len(errors) == 6
    assert [e.line for e in errors[:5]] == [1, 2, 2, 2, 2]
    assert (errors[5].line, errors[5].col) == (2, 20)
    assert errors[5].message.startswith("en nog 86 ankers of aliassen (regel 2 t/m 10), niet allemaal getoond")


@pytest.mark.parametrize(
    "value, tag",
    [
        ("!!str Regio alfa", "tag:yaml.org,2002:str"),
        ("!eigen Regio alfa", "!eigen"),
    ],
)
def test_explicit_tags_are_refused(loader, edit, value: str, tag: str) -> None:
    line = edit.replace(A, "naam: Regio alfa", f"naam: {value}")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 7)
    assert f"YAML-tag `{tag}` is niet toegestaan" in error.message


def test_python_tag_is_refused_and_never_executed(loader, edit, expect, tmp_path) -> None:
    marker = tmp_path / "uitgevoerd"
    line = edit.replace(A, "naam: Regio alfa", f"naam: !!python/object/apply:os.system ['touch {marker}']")
    expect(edit.errors(), A, line, "YAML-tag `tag:yaml.org,2002:python/object/apply:os.system` is niet toegestaan")
    assert not marker.exists()


def test_tag_on_a_mapping_is_refused(loader, edit) -> None:
    line = edit.replace(A, "contact:\n", "contact: !!map\n")
    error = edit.only_error()
    assert error.line == line
    assert "YAML-tag `tag:yaml.org,2002:map`" in error.message


# --- whitespace, encoding, size --------------------------------------------------------


def test_tab_used_for_indentation(loader, edit) -> None:
    line = edit.replace(A, "  email: info@example.org", "\temail: info@example.org")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 1)
    assert "tab gebruikt voor inspringen" in error.message


def test_tab_inside_a_value_is_fine(loader, edit) -> None:
    line = edit.replace(A, "naam: Regio alfa", "naam: Regio\talfa")
    if loader == "python":
        # PyYAML's pure-Python scanner ends a plain scalar at a tab (libyaml does not):
        # still a clear Dutch message at the right place, never a crash.
        error = edit.only_error()
        assert (error.line, error.message) == (line, "YAML-syntaxfout: tab gevonden; gebruik spaties")
    else:
        assert edit.errors() == []


def test_non_utf8_bytes(loader, edit) -> None:
    text = edit.text(A)
    edit.write(A, text.encode("utf-8").replace("coöperatie".encode(), "coöperatie".encode("latin-1")))
    line = text[: text.index("coöperatie")].count("\n") + 1
    error = edit.only_error()
    assert (error.line, error.col) == (line, len("  rechtsvorm: co") + 1)
    assert "geen geldige UTF-8" in error.message and "0xf6" in error.message


def test_utf8_with_bom_and_crlf_line_ends_is_fine(loader, edit, expect) -> None:
    text = edit.text(A)
    edit.write(A, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert edit.errors() == []
    # line numbers still count CRLF lines correctly
    line = edit.replace(A, "GM0828", "GM12")
    expect(edit.errors(), A, line, "ongeldige gemeentecode `GM12`")


@pytest.mark.parametrize("content", [b"", b"\n\n   \n"], ids=["leeg", "witruimte"])
def test_empty_file(loader, edit, content: bytes) -> None:
    edit.write(A, content)
    error = edit.only_error()
    assert (error.line, error.col) == (1, 1)
    assert "het bestand is leeg" in error.message


def test_comment_only_file(loader, edit) -> None:
    edit.write(A, "# yaml-language-server: $schema=../schemas/regio.schema.json\n# later invullen\n")
    error = edit.only_error()
    assert error.line == 1
    assert "alleen commentaar" in error.message


@pytest.mark.parametrize(
    "content, line",
    [("# regio\n- id: alfa\n- naam: Regio alfa\n", 2), ("gewoon een zin\n", 1)],
    ids=["lijst", "losse-waarde"],
)
def test_top_level_must_be_a_mapping(loader, edit, content: str, line: int) -> None:
    edit.write(A, content)
    error = edit.only_error()
    assert error.line == line
    assert "moet beginnen met sleutels" in error.message


def test_file_over_one_megabyte(loader, edit) -> None:
    text = edit.text(A)
    padding = MAX_FILE_BYTES + 1 - len(text.encode("utf-8")) - 2
    edit.write(A, text + "#" + "x" * padding + "\n")
    assert (edit.root / A).stat().st_size == MAX_FILE_BYTES + 1
    error = edit.only_error()
    assert (error.line, error.col) == (1, 1)  # about the whole file: at its start
    assert "bestand is te groot" in error.message and "maximaal 1.000.000" in error.message


def test_file_of_exactly_one_megabyte_is_fine(loader, edit) -> None:
    text = edit.text(A)
    padding = MAX_FILE_BYTES - len(text.encode("utf-8")) - 2
    edit.write(A, text + "#" + "x" * padding + "\n")
    assert (edit.root / A).stat().st_size == MAX_FILE_BYTES
    assert edit.errors() == []


def test_binary_file(loader, edit) -> None:
    edit.write(A, b"id: alfa\nnaam: Regio\x00alfa\n" + bytes(range(256)))
    error = edit.only_error()
    assert error.line == 2
    assert "binair bestand" in error.message


def test_control_character_is_refused(loader, edit) -> None:
    line = edit.replace(A, "naam: Regio alfa", "naam: Regio\x07alfa")
    error = edit.only_error()
    assert error.line == line
    assert "niet-toegestaan teken U+0007" in error.message


@pytest.mark.parametrize("mark", ["\u202e", "\u2067", "\u200f", "\u061c"], ids=["RLO", "RLI", "RLM", "ALM"])
def test_bidi_control_character_is_refused(loader, edit, mark: str) -> None:
    line = edit.replace(A, "naam: Regio alfa", f"naam: Regio {mark}afla")
    error = edit.only_error()
    assert error.line == line
    assert "tekstrichting-teken (bidi)" in error.message


@pytest.mark.parametrize("mark", ["\u0085", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_line_breaks_that_github_does_not_count_are_refused(loader, edit, mark: str) -> None:
    """YAML counts NEL, LS and PS as line ends: every later line number would be off."""
    line = edit.replace(A, "naam: Regio alfa", f'naam: "Regio{mark}alfa"')
    error = edit.only_error()
    assert (error.line, error.col) == (line, len('naam: "Regio') + 1)
    assert error.message.startswith(f"onzichtbaar regeleinde-teken U+{ord(mark):04X}; YAML leest het als")


@pytest.mark.parametrize(
    "encoding,name", [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32")]
)
def test_utf16_and_utf32_files_are_told_to_save_as_utf8(loader, edit, encoding: str, name: str) -> None:
    """Windows editors save "Unicode" as UTF-16 with a byte-order mark: not a binary file."""
    text = edit.text(A)
    # plain utf-16/utf-32 write the byte-order mark themselves; -be needs it spelled out
    data = text.encode(encoding) if encoding in ("utf-16", "utf-32") else ("\ufeff" + text).encode(encoding)
    edit.write(A, data)
    error = edit.only_error()
    assert (error.line, error.col) == (1, 1)
    assert error.message == f"het bestand is opgeslagen als {name}; sla het bestand op als UTF-8"


# --- documents, syntax, nesting ------------------------------------------------------


def test_multiple_documents(loader, edit) -> None:
    text = edit.text(A)
    edit.write(A, text + "---\nid: gamma\n")
    error = edit.only_error()
    assert error.line == text.count("\n") + 1
    assert "meer dan één YAML-document" in error.message


def test_one_explicit_document_is_fine(loader, edit) -> None:
    edit.write(A, "---\n" + edit.text(A) + "...\n")
    assert edit.errors() == []


def test_syntax_error_colon_in_plain_text(loader, edit) -> None:
    line = edit.replace(A, "naam: Regio alfa", "naam: Regio: alfa")
    error = edit.only_error()
    assert (error.line, error.col) == (line, len("naam: Regio") + 1)
    assert error.message.startswith("YAML-syntaxfout: een dubbele punt op een onverwachte plek")


def test_syntax_error_unclosed_quote_points_at_the_quote(loader, edit) -> None:
    line = edit.replace(A, "naam: Regio alfa", 'naam: "Regio alfa')
    error = edit.only_error()
    assert (error.line, error.col) == (line, 7)  # not at the end of the file
    assert error.message == (
        "YAML-syntaxfout: het aanhalingsteken `\"` bij `naam` wordt niet afgesloten; "
        "zet ook een `\"` aan het eind van de tekst"
    )


def test_syntax_error_bad_indentation(loader, edit) -> None:
    line = edit.replace(A, "  email: info@example.org\n", "  email: info@example.org\n x: 1\n") + 1
    error = edit.only_error()
    assert error.line == line
    assert "YAML-syntaxfout" in error.message


@pytest.mark.parametrize(
    "content",
    [
        "[" * 10000,
        "a: " + "{b: " * 10000,
        "- " * 10000 + "x\n",
        "".join(" " * depth + f"k{depth}:\n" for depth in range(200)),
    ],
    ids=["flow-lijst", "flow-mapping", "blok-lijst", "blok-mapping"],
)
def test_absurd_nesting_is_an_error_not_a_recursion_error(loader, edit, content: str) -> None:
    edit.write(A, content)
    start = time.perf_counter()
    error = edit.only_error()
    assert time.perf_counter() - start < 5
    assert error.line >= 1
    assert f"te diep genest (meer dan {MAX_DEPTH} niveaus)" in error.message


def test_key_that_is_a_list_is_refused(loader) -> None:
    doc = load_yaml_text("[a, b]: 1\nc: 2\n")
    assert [(d.line, d.col) for d in doc.diagnostics] == [(1, 1)]
    assert "een sleutel moet gewone tekst zijn" in doc.diagnostics[0].message
    assert doc.data == {"c": 2}


# --- values and positions (unit level) ---------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("", None),
        ("~", None),
        ("null", None),
        ("true", True),
        ("False", False),
        ("12", 12),
        ("-3", -3),
        ("012", "012"),  # not octal, not an int: text (YAML 1.1 would give 10)
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("1.5", 1.5),
        ("12:30", "12:30"),  # YAML 1.1 sexagesimal 750
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("GM0828", "GM0828"),
        ("Noord-Brabant", "Noord-Brabant"),
    ],
)
def test_plain_scalars_resolve_by_yaml_12_core_rules(raw: str, expected) -> None:
    value = resolve_plain_scalar(raw)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("raw", ["yes", "No", "ON", "off", "y", "n"])
def test_yaml11_booleans_become_a_sentinel(raw: str) -> None:
    value = resolve_plain_scalar(raw)
    assert isinstance(value, Yaml11Bool) and value.raw == raw


def test_impossible_date_becomes_a_sentinel() -> None:
    value = resolve_plain_scalar("2024-02-30")
    assert isinstance(value, InvalidDate) and value.raw == "2024-02-30"


def test_special_floats() -> None:
    assert math.isnan(resolve_plain_scalar(".nan"))
    assert resolve_plain_scalar("-.inf") == -math.inf


def test_integer_with_more_digits_than_python_converts_does_not_raise() -> None:
    assert resolve_plain_scalar("9" * 5000) == math.inf
    doc = load_yaml_text("a: " + "1" * 5000 + "\n")
    assert doc.usable and doc.data["a"] == math.inf


def test_quoted_scalars_stay_text() -> None:
    doc = load_yaml_text("a: 'yes'\nb: \"2024-01-01\"\nc: '12'\n")
    assert doc.data == {"a": "yes", "b": "2024-01-01", "c": "12"}
    assert not doc.scalars[("b",)].plain and doc.scalars[("b",)].raw == "2024-01-01"


def test_positions_of_keys_and_values() -> None:
    doc = load_yaml_text("a:\n  b: 1\nlijst:\n  - x: 1\n    y: [2, 3]\n")
    assert doc.usable and doc.diagnostics == []
    assert doc.key_positions[("a",)] == (1, 1)
    assert doc.positions[("a", "b")] == (2, 6)
    assert doc.key_positions[("lijst", 0, "y")] == (5, 5)
    assert doc.positions[("lijst", 0, "y", 1)] == (5, 12)
    # an unknown location falls back to its nearest known parent
    assert doc.position_of(("lijst", 0, "z")) == doc.positions[("lijst", 0)] == (4, 5)


def test_loading_never_raises_for_garbage() -> None:
    for text in ["{", "]", "a: b: c", "? ? ?", "- - - :", "%YAML 9.9\n---\na: 1", "&a [*a]", "a: !<tag:x> 1", "\ufffe"]:
        doc = load_yaml_text(text)
        assert doc.diagnostics, text
        assert all(isinstance(d.line, int) and d.message for d in doc.diagnostics)


def test_max_depth_allows_real_data() -> None:
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH - 1)) + "  " * (MAX_DEPTH - 1) + "v: 1\n"
    doc = load_yaml_text(text)
    assert doc.diagnostics == [] and doc.usable
    assert doc.data
