"""The documents per audience: a short README with the two set-up commands, the maintainers'
documents in English, and no link between them that leads nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README_LIMIT = 200
ENGLISH_DOCS = sorted([REPO / "README.md", REPO / "ARCHITECTURE.md", *(REPO / "maintainers").glob("*.md")])
LINK = re.compile(r"\]\(([^)\s]+)\)")
DUTCH_WORDS = {"de", "het", "een", "en", "van", "voor", "zonder", "met", "bij", "gegevens"}


def test_readme_is_short_and_gives_the_two_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_LIMIT
    assert "make site" in text and "make test" in text
    assert "make test-fast" in text  # the fast loop is named


@pytest.mark.parametrize("doc", ENGLISH_DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if not (doc.parent / path).exists():
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("doc", ENGLISH_DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_english_documents_have_english_headings(doc: Path) -> None:
    """One language per document: a Dutch heading in an English document is a section left behind."""
    dutch = [
        line
        for line in doc.read_text(encoding="utf-8").splitlines()
        if line.startswith("#") and not line.startswith("#!") and DUTCH_WORDS & set(re.findall(r"[a-z]+", line.lower()))
    ]
    assert dutch == []
