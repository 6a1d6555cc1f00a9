"""Precompressed copies of the built site's text files: ``x.html.gz`` and ``x.html.br``.

A web server that supports it (nginx ``gzip_static on;`` and ``brotli_static on;``, Apache
with a rewrite rule, see maintainers/hosting.md) then sends the compressed file as it is, without
compressing on every request, and hosts that do not compress at all still can. Written by
``hhz build`` after the last change to the site's files and before the swap, so a published
site always has them, and they always match the file beside them.

Deterministic: gzip with ``mtime=0`` and no file name in the header, Brotli with fixed
settings; the same file gives the same bytes on every build.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from ..parallel import map_indexed

# The kinds of file a browser fetches as text. Images (PNG) and fonts are compressed already.
COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")
# zlib's default level and Brotli's quality 6: within about 1% of the smallest files
# (gzip 9, Brotli 7) at about half the time. Brotli's top quality 11 saves about 9% more
# but takes some 25 times as long (seconds for the shipped site: Decap CMS's 5 MB bundle
# alone), which a 300-region build should not pay on every run.
GZIP_LEVEL = 6
BROTLI_QUALITY = 6
PARALLEL_FROM = 100  # files; fewer are compressed in this process


def compressible(site: Path) -> list[Path]:
    """The files to precompress, sorted: text files by suffix, not the compressed copies."""
    return sorted(p for p in site.rglob("*") if p.suffix in COMPRESSED_SUFFIXES and p.is_file() and not p.is_symlink())


def gzip_bytes(data: bytes) -> bytes:
    """gzip without a time stamp or file name in the header (``gzip.compress`` writes none)."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)


def _write_siblings(path: Path) -> None:
    data = path.read_bytes()
    path.with_name(path.name + ".gz").write_bytes(gzip_bytes(data))
    path.with_name(path.name + ".br").write_bytes(brotli_bytes(data))


def precompress_site(site: Path) -> int:
    """Write ``.gz`` and ``.br`` beside every text file of SITE (replacing older ones, such as
    the engine's ``sitemap.xml.gz``); returns how many files were compressed."""
    files = compressible(site)
    map_indexed(lambda i: _write_siblings(files[i]), len(files), min_items=PARALLEL_FROM)
    return len(files)
