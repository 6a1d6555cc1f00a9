"""Precompressed files: every text file of the built site has a ``.gz`` and a ``.br`` beside
it that decompress to exactly its bytes, on both engines' builds, and writing them again
gives the same bytes (the whole site's determinism is tests/test_site.py)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli
import pytest

from helpers.shipped import ENGINES
from hhz.publish.precompress import COMPRESSED_SUFFIXES, compressible, precompress_site


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds) -> Path:
    return shipped_builds(request.param)


def text_files(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in COMPRESSED_SUFFIXES]


def test_every_text_file_has_gz_and_br_with_the_same_content(site: Path) -> None:
    files = text_files(site)
    kinds = {p.suffix for p in files}
    assert {".html", ".css", ".js", ".json", ".xml"} <= kinds, kinds
    assert len(files) > 40
    for path in files:
        data = path.read_bytes()
        gz = path.with_name(path.name + ".gz")
        br = path.with_name(path.name + ".br")
        assert gz.is_file() and br.is_file(), path
        assert gzip.decompress(gz.read_bytes()) == data, gz
        assert brotli.decompress(br.read_bytes()) == data, br


def test_compressed_copies_are_smaller_where_it_counts(site: Path) -> None:
    """The pages and the big assets shrink to under a third (what the browser fetches)."""
    search = "search.json" if (site / "search.json").is_file() else "search/search_index.json"  # Zensical, MkDocs
    for rel in ("index.html", "kaart.html", "regios/humo.html", "assets/hhz-kaart-data.js", "data/regios.json", search):
        size = (site / rel).stat().st_size
        for suffix in (".gz", ".br"):
            packed = (site / (rel + suffix)).stat().st_size
            assert packed < size / 3, f"{rel}{suffix}: {packed} of {size} bytes"


def test_no_compressed_copy_of_a_compressed_copy_or_of_the_headers(site: Path) -> None:
    names = [p.name for p in site.rglob("*")]
    assert not [n for n in names if n.endswith((".gz.gz", ".br.br", ".gz.br", ".br.gz"))]
    assert not (site / "_headers.gz").exists() and not (site / ".hhz-site.gz").exists()
    assert not [p for p in site.rglob("*.png.gz")]


def test_gzip_header_has_no_time_and_no_file_name(site: Path) -> None:
    header = (site / "index.html.gz").read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08"
    assert header[3] & 0x08 == 0, "FNAME flag set: the file name is in the header"
    assert header[4:8] == b"\0\0\0\0", "MTIME is not zero"


def test_precompressing_again_gives_the_same_bytes(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    for path in [*copy.rglob("*.gz"), *copy.rglob("*.br")]:
        path.unlink()
    assert precompress_site(copy) == len(compressible(copy)) == len(text_files(site))
    for path in [*site.rglob("*.gz"), *site.rglob("*.br")]:
        assert (copy / path.relative_to(site)).read_bytes() == path.read_bytes(), path
