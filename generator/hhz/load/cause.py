"""The real cause of a YAML syntax error, found by trying the small fixes an editor needs.

PyYAML reports where parsing *stopped*, which is often a line after the mistake and in
words that do not help ("mapping values are not allowed" for a line indented one space
too far). On a syntax error ``syntax_cause`` tries, on the lines before the error, the
fixes that editors' mistakes call for: a space after a key's colon, a missing colon, a
closing quote, quotes around a value with ``: `` in it, or the indentation of one line
(or one block) moved to that of a line near it. The first fix (by kind, then by distance
to the error) after which the file parses names the line that is really wrong and what to
do there. ``dedented_block`` explains the duplicate key that a dedented block produces.

Only used on the error path; capped in text size and number of tries.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

import yaml

MAX_TEXT = 100_000  # characters; larger broken files keep PyYAML's own position
WINDOW = 6  # structural lines before the error that may hold the mistake
MAX_TRIES = 120
MAX_PARSED = 2_000_000  # characters parsed over all tries (a large file gets fewer tries)
SEGMENT_AFTER = 20  # structural lines after the error that a fixed part must parse too

_KEY = re.compile(r"^( *)((?:- +)*)([A-Za-z_][\w-]*)\s*:(?=\s|$)")
_NO_SPACE = re.compile(r"^( *(?:- +)*)([A-Za-z_][\w-]*):([^\s/:].*)$")
_NO_COLON = re.compile(r"^( *(?:- +)*)([a-z_][a-z0-9_]*) +([^\s:#].*)$")
_VALUE = re.compile(r"^( *(?:- +)*(?:[A-Za-z_][\w-]*\s*:\s+|- +))(.*)$")
_BLOCK_SCALAR = re.compile(r"(?::|^ *-)\s+[|>][-+0-9]*\s*(#.*)?$")


@dataclass(frozen=True)
class Cause:
    """The line (1-based) that is really wrong, the column, and what to do (Dutch)."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class _Try:
    rank: int  # the kind of fix: lower is tried first among those that work
    line: int  # 0-based
    changes: dict[int, str]  # line index -> the line after the fix
    cause: Cause
    whole: bool = False  # the fix may be far from the error: parse the whole text
    fit: int = 1  # 0: the line gets the indentation its key has elsewhere; 2: it loses it
    odd: bool = False  # an odd indentation made even, in a file indented by two spaces


def _parses(text: str) -> bool:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for _event in yaml.parse(text, Loader=loader):
            pass
    except yaml.YAMLError:
        return False
    return True


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _structural(lines: list[str]) -> list[int]:
    """The indices of the lines that carry structure: not blank, not comment-only, not
    inside a block scalar (the ``|`` or ``>`` text, as far as its first line's indentation)."""
    out: list[int] = []
    header: int | None = None  # the indentation of the line that opened a block scalar
    content: int | None = None  # the indentation of that scalar's text
    for index, line in enumerate(lines):
        stripped = line.strip()
        if header is not None and stripped:
            content = content if content is not None else (_indent(line) if _indent(line) > header else None)
            if content is not None and _indent(line) >= content:
                continue
            header = content = None
        if not stripped or stripped.startswith("#"):
            continue
        out.append(index)
        if _BLOCK_SCALAR.search(line):
            header = _indent(line)
    return out


def _name(line: str) -> str:
    """How a line is named in a message: its key (with ``- `` for a list item), else its text."""
    match = _KEY.match(line)
    if match:
        return f"{'- ' if match.group(2) else ''}{match.group(3)}"
    text = line.strip()
    return text if len(text) <= 30 else text[:29] + "…"


def _levels(line: str) -> list[tuple[int, str]]:
    """The indentations a line offers to its neighbours, each with its name: its own, and
    for a list item ``- key:`` also that of the key (where the item's other keys go)."""
    levels = [(_indent(line), _name(line))]
    match = _KEY.match(line)
    if match and match.group(2):
        levels.append((len(match.group(1)) + len(match.group(2)), match.group(3)))
    return levels


def _spaces(count: int) -> str:
    if count == 0:
        return "geen spaties"
    return "1 spatie" if count == 1 else f"{count} spaties"


def _fixed(lines: list[str], changes: dict[int, str], start: int, end: int) -> str:
    """Lines ``start`` to ``end`` (excluded) of the text after a fix."""
    return "\n".join(changes.get(i, lines[i]) for i in range(start, end))


# --- the fixes ------------------------------------------------------------------------------


def _colon_in_value(lines: list[str], index: int) -> Iterator[_Try]:
    match = _VALUE.match(lines[index])
    if match and ": " in match.group(2) and match.group(2)[:1] not in "\"'[{|>":
        head, value = match.groups()
        key = _name(lines[index])
        fixed = f'{head}"{value.rstrip()}"'
        message = (
            f"een dubbele punt op een onverwachte plek in de tekst van `{key}`; zet de tekst tussen "
            f"aanhalingstekens: `{fixed.strip()}`"
        )
        col = len(head) + value.index(": ") + 1
        yield _Try(0, index, {index: fixed}, Cause(index + 1, col, message))


def _no_space(lines: list[str], index: int) -> Iterator[_Try]:
    match = _NO_SPACE.match(lines[index])
    if match:
        head, key, rest = match.groups()
        message = f"na `{key}:` ontbreekt een spatie; schrijf `{key}: {rest.strip()}`"
        fixed = f"{head}{key}: {rest}"
        yield _Try(1, index, {index: fixed}, Cause(index + 1, len(head) + len(key) + 1, message))


def _no_colon(lines: list[str], index: int) -> Iterator[_Try]:
    match = _NO_COLON.match(lines[index])
    if match and ":" not in lines[index]:
        head, key, rest = match.groups()
        message = f"na `{key}` ontbreekt de dubbele punt; schrijf `{key}: {rest.strip()}`"
        fixed = f"{head}{key}: {rest}"
        yield _Try(2, index, {index: fixed}, Cause(index + 1, len(head) + len(key) + 1, message))


def _open_quote(value: str) -> bool:
    """Whether ``value`` starts with a quote that this line does not close."""
    quote = value[:1]
    if quote == '"':
        position = 1
        while position < len(value):
            if value[position] == "\\":
                position += 2
                continue
            if value[position] == '"':
                return False
            position += 1
        return True
    if quote == "'":
        return re.search(r"(?<!')'(?:'')*(?!')", value[1:].replace("''", "")) is None
    return False


def _unclosed_quote(lines: list[str], index: int) -> Iterator[_Try]:
    match = _VALUE.match(lines[index])
    if match and _open_quote(match.group(2).rstrip()):
        head, value = match.groups()
        quote = value[0]
        key = _name(lines[index])
        message = (
            f"het aanhalingsteken `{quote}` bij `{key}` wordt niet afgesloten; "
            f"zet ook een `{quote}` aan het eind van de tekst"
        )
        fixed = lines[index].rstrip() + quote
        yield _Try(3, index, {index: fixed}, Cause(index + 1, len(head) + 1, message), whole=True)


def _children(lines: list[str], structural: list[int], index: int) -> list[int]:
    """The structural lines below ``index`` that are indented further (its block)."""
    own = _indent(lines[index])
    out = []
    for other in structural:
        if other <= index:
            continue
        if _indent(lines[other]) <= own:
            break
        out.append(other)
    return out


def _reference(lines: list[str], structural: list[int], index: int, target: int) -> str | None:
    """The nearest line with indentation ``target`` in the same block: above, else below."""
    position = bisect.bisect_left(structural, index)
    above = reversed(structural[:position])
    below = structural[bisect.bisect_right(structural, index) :]
    for order in (above, below):
        for other in order:
            levels = _levels(lines[other])
            names = [name for indent, name in levels if indent == target]
            if names:
                return names[-1]
            if levels[-1][0] < target:
                break
    return None


@dataclass(frozen=True)
class _Usual:
    """How far each key is indented elsewhere in the file, by its place (the key and the
    line it hangs under: `niveau` under `ambitie` is not `niveau` under a bouwsteen)."""

    signature: dict[int, tuple[str, ...]]  # line index -> its place
    indents: dict[tuple[str, ...], Counter[int]]
    even: bool  # the file is indented by steps of two spaces

    def fit(self, index: int, own: int, target: int) -> int:
        """0 when ``target`` is the indentation this place has elsewhere, 2 when the line
        already has it (moving it is then unlikely to be the fix), 1 when the file does not tell."""
        place = self.signature.get(index, ("",))
        for key in (place, ("*", place[-1])):  # by place, else by the key's name alone
            counts = Counter(self.indents.get(key, Counter()))
            counts[own] -= 1
            counts = +counts
            if counts:
                break
        else:
            return 1
        common = max(sorted(counts), key=lambda indent: counts[indent])
        return 0 if common == target else 2 if common == own else 1


def _usual_indents(lines: list[str], structural: list[int]) -> _Usual:
    signature: dict[int, tuple[str, ...]] = {}
    indents: dict[tuple[str, ...], Counter[int]] = {}
    stack: list[tuple[int, str]] = []
    for index in structural:
        own, name = _indent(lines[index]), _name(lines[index])
        while stack and stack[-1][0] >= own:
            stack.pop()
        place = tuple(n for _i, n in stack[-1:]) + (name,)
        signature[index] = place
        indents.setdefault(place, Counter())[own] += 1
        indents.setdefault(("*", name), Counter())[own] += 1
        stack.append((own, name))
    odd = sum(1 for i in structural if _indent(lines[i]) % 2)
    return _Usual(signature, indents, even=odd * 10 <= len(structural))  # (nearly) all even


def _reindent(
    lines: list[str], structural: list[int], index: int, usual: _Usual, error_line: int
) -> Iterator[_Try]:
    """The line (or it and its block) moved to the indentation of a line near it, of the
    line where YAML stopped, that its key has elsewhere in the file, or one space off."""
    own = _indent(lines[index])
    position = structural.index(index)
    nearby = structural[max(0, position - 2 * WINDOW) : position + 3] + [error_line]
    targets = {indent for i in nearby if i != index for indent, _name in _levels(lines[i])}
    targets |= set(usual.indents.get(usual.signature.get(index, ()), ())) | {own - 1, own + 1}  # a slip of one
    targets = {t for t in targets if t >= 0} - {own}
    previous = _levels(lines[structural[position - 1]])[-1][0] if position else 0
    block = _children(lines, structural, index)
    match = _KEY.match(lines[index])
    parent = bool(block) and match is not None and not lines[index][match.end() :].split("#")[0].strip()
    for target in sorted(targets, key=lambda t: (t != previous, abs(t - own), t)):
        delta = target - own
        for moved in ([index], [index] + block) if block else ([index],):
            if len(moved) == 1 and parent and target >= _indent(lines[block[0]]):
                continue  # `key:` with its lines below: they would no longer belong to it
            changes = {i: " " * (_indent(lines[i]) + delta) + lines[i].lstrip(" ") for i in moved}
            reference = _reference(lines, structural, index, target)
            what = f"`{_name(lines[index])}`" + (" (en wat eronder staat)" if len(moved) > 1 else "")
            if reference is not None:
                todo = f"zet {what} even ver in als `{reference}` ({_spaces(target)})"
            else:
                more = "meer" if delta > 0 else "minder"
                todo = f"zet {what} {_spaces(target)} in, {_spaces(abs(delta))} {more} dan nu"
            message = f"de inspringing van regel {index + 1} klopt niet: {todo}"
            cause = Cause(index + 1, own + 1, message)
            odd = usual.even and own % 2 == 1 and target % 2 == 0
            yield _Try(4 + (len(moved) > 1), index, changes, cause, fit=usual.fit(index, own, target), odd=odd)


def _candidates(lines: list[str], structural: list[int], error_line: int) -> list[int]:
    """The lines that may hold the mistake, nearest first: the last structural lines up to
    the error, and the head of the block before the error's line (a key moved one space
    shows only where its next sibling comes, after all its children)."""
    before = [i for i in structural if i <= error_line]
    window = before[-WINDOW - 1 :][::-1]
    if before:
        own = _indent(lines[before[-1]])
        head = next((i for i in reversed(before[:-1]) if _indent(lines[i]) <= own + 1), None)
        if head is not None and head not in window and _indent(lines[head]) != own:
            window.append(head)
    return window


def _tries(lines: list[str], error_line: int) -> Iterator[_Try]:
    structural = _structural(lines)
    window = _candidates(lines, structural, error_line)
    usual = _usual_indents(lines, structural)
    if error_line in structural:
        yield from _colon_in_value(lines, error_line)
    for index in window:
        yield from _no_space(lines, index)
        yield from _no_colon(lines, index)
    for index in [i for i in structural if i <= error_line][::-1]:
        yield from _unclosed_quote(lines, index)
    for index in window:
        yield from _reindent(lines, structural, index, usual, error_line)


def _starts_node(line: str) -> bool:
    return bool(_KEY.match(line)) or line.lstrip(" ").startswith("- ")


def _segment(lines: list[str], structural: list[int], error_line: int) -> tuple[int, int]:
    """The part of the file that a fix near the error must make parse (line indices, end
    excluded): from a key or list item indented no further than any line the fixes look at,
    to the first line indented less than it, or SEGMENT_AFTER lines past the error. Parsing
    only this part keeps the tries cheap, and ignores other mistakes further on."""
    upto = len([i for i in structural if i <= error_line])
    first = max(0, upto - 1 - 3 * WINDOW)
    first = min([first] + [structural.index(i) for i in _candidates(lines, structural, error_line)])
    floor = min((_indent(lines[i]) for i in structural[first:upto]), default=0)
    while first > 0 and (_indent(lines[structural[first]]) > floor or not _starts_node(lines[structural[first]])):
        first -= 1
    start = structural[first] if structural else 0
    own, end, past = _indent(lines[start]), len(lines), 0
    for index in structural[first + 1 :]:
        past += index > error_line
        if _indent(lines[index]) < own or past > SEGMENT_AFTER:
            end = index
            break
    return start, end


def syntax_cause(text: str, error_line: int) -> Cause | None:
    """The line that is really wrong and what to do, when one small fix makes the file
    parse; None otherwise (or when the file is too large to try). ``error_line`` is 1-based."""
    if len(text) > MAX_TEXT:
        return None
    lines = text.split("\n")
    index = min(error_line, len(lines)) - 1
    start, end = _segment(lines, _structural(lines), index)
    if _parses("\n".join(lines[start:end])):  # the mistake is not in this part alone
        start, end = 0, len(lines)
    found: list[_Try] = []
    parsed = 0
    for count, attempt in enumerate(_tries(lines, index)):
        candidate = _fixed(lines, attempt.changes, *((0, len(lines)) if attempt.whole else (start, end)))
        parsed += len(candidate)
        if count >= MAX_TRIES or parsed > MAX_PARSED:
            break
        if _parses(candidate):
            found.append(attempt)
    if not found:
        return None
    best = min(found, key=lambda t: (t.rank, not t.odd, t.fit, index - t.line))
    return best.cause


def dedented_block(text: str, line: int) -> Cause | None:
    """A duplicate key at ``line`` (1-based) that is really a block indented too little:
    ``ambitie:`` with nothing after it, then its lines at the same indentation as
    ``ambitie`` itself, one of them repeating a key of the mapping around it."""
    lines = text.split("\n")
    structural = _structural(lines)
    index = line - 1
    if index not in structural:
        return None
    own = _indent(lines[index])
    for other in reversed([i for i in structural if i < index]):
        match = _KEY.match(lines[other])
        if _indent(lines[other]) != own or match is None or match.group(2):
            return None
        if not lines[other][match.end() :].split("#")[0].strip():  # `ambitie:` with no value
            first = structural[structural.index(other) + 1]
            key = match.group(3)
            message = (
                f"de inspringing van regel {first + 1} klopt niet: wat bij `{key}` hoort, zet je verder in "
                f"dan `{key}` ({_spaces(own + 2)})"
            )
            return Cause(first + 1, own + 1, message)
    return None
