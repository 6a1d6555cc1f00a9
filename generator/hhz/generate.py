"""`hhz generate`: validated data -> the site's Markdown pages and assets, before any build.

The output goes to a git-ignored staging folder (``build/docs``) that holds a copy of the
hand-written pages in ``docs/`` plus everything generated. The hand-written pages are
never modified; a generated page with the same path as a hand-written one is an error.
Both MkDocs and Zensical build from that folder (``docs_dir: build/docs``).
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .config import SiteConfig, load_site_config
from .cms import beheer_files
from .dataset import Dataset
from .derive import Derived, derive
from .geo import GeoReference
from .render import opendata
from .render.opendata_timeline import timeline_files
from .render.pages import PageRenderer
from .schema_data import SchemaDataError, site_schema_data
from .parallel import imap_indexed
from .security import unsafe_markup
from .project import reference_date
from .sitefolder import check_replaceable, staging_marker, write_marker
from .urls import URLS
from .vocabulary import NO_DATA_FILL, REGIOPLAN_FILL

STAGING_DIR = Path("build") / "docs"
HANDWRITTEN_DIR = "docs"
TEMPLATES_DIR = "site_templates"
COLOURS_FILE = URLS.colours_css

Progress = Callable[[str], None]


class GenerateError(Exception):
    """Generation cannot proceed (a usage or configuration problem, not bad data)."""


@dataclass
class GeneratedSite:
    files: dict[str, bytes] = field(default_factory=dict)  # path in docs_dir -> content
    warnings: list[str] = field(default_factory=list)


def _schema_files(root: Path, dataset: Dataset, geo: GeoReference | None) -> dict[str, bytes]:
    """The JSON Schemas for the open-data page, made from the built dataset."""
    try:
        schemas = opendata.schema_files(site_schema_data(root, dataset, geo))
    except SchemaDataError as exc:
        raise GenerateError(str(exc)) from exc
    return {URLS.schema(name): content for name, content in schemas.items()}


def _assets(root: Path) -> dict[str, bytes]:
    out = {}
    assets = root / TEMPLATES_DIR / "assets"
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file():
                out[f"assets/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    return out


def render_site(
    root: Path,
    dataset: Dataset,
    geo: GeoReference | None,
    config: SiteConfig | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    stager: Stager | None = None,
) -> GeneratedSite:
    """All generated files, in memory. With a ``Stager``, every file is written into the
    staging folder instead, by the worker that made it; ``files`` then holds no pages."""
    say = progress or (lambda _msg: None)
    config = config or load_site_config(root)
    derived: Derived = derive(dataset, today or reference_date())
    template_dir = root / TEMPLATES_DIR
    if not template_dir.is_dir():
        raise GenerateError(f"de map {TEMPLATES_DIR}/ met sjablonen ontbreekt in {root}")
    site = GeneratedSite()

    say("kaart")
    from .render.map import render_maps

    maps = render_maps(dataset, derived, geo, config, template_dir)
    site.files.update(maps.files)
    site.warnings.extend(maps.warnings)
    renderer = PageRenderer(template_dir, dataset, derived, config, maps)

    say("open data")
    site.files[URLS.regions_json] = opendata.regios_json(dataset)
    site.files[URLS.bouwstenen_json] = opendata.bouwstenen_json(dataset)
    site.files[URLS.practices_json] = opendata.goede_voorbeelden_json(dataset)
    site.files[URLS.zelfevaluaties_csv] = opendata.zelfevaluaties_csv(dataset)
    site.files.update(timeline_files(renderer.evaluation_figures))  # the page ontwikkeling's figures
    site.files.update(_schema_files(root, dataset, geo))
    site.files.update(_shareables(dataset, derived, renderer, config))
    site.files.update(_assets(root))
    _add_beheer(site, root, dataset, config)  # the form editor, when the Decap bundle is there
    site.files[COLOURS_FILE] = _colour_css(dataset)
    for rel in sorted(site.files):
        if rel.endswith(".md"):  # pages are checked as they are rendered
            _refuse_unsafe(rel, unsafe_markup(site.files[rel].decode("utf-8")))

    say(f"pagina's ({len(dataset.regions)} regio's)")
    jobs = renderer.page_jobs()
    pages = [page for page, _template, _context in jobs]
    clashing = set(site.files) & set(pages)
    if clashing:
        raise GenerateError(f"interne fout: {', '.join(sorted(clashing))} wordt twee keer gegenereerd")
    if stager is None:
        site.files.update(_rendered_pages(renderer, jobs))
        return site
    # The workers write what they render (and the other files too), so no page content
    # travels back between processes and writing overlaps with rendering.
    stager.begin(set(site.files) | set(pages))
    for rel, _content in _rendered_pages(renderer, jobs, stager, site.files):
        stager.record(rel)
    site.files.clear()
    return site


def _rendered_pages(
    renderer: PageRenderer,
    jobs: list[tuple[str, str, dict[str, Any]]],
    stager: Stager | None = None,
    extra: dict[str, bytes] | None = None,
) -> Iterator[tuple[str, bytes | None]]:
    """Every page, each checked for markup no page may contain, in order; over several
    processes when there are many (rendering and checking are pure computation). With a
    stager, each page (and each file of ``extra``) is written where it was made, and its
    content is not returned."""
    extra_names = sorted(extra or {})

    def render_one(i: int) -> tuple[bytes | None, str | None]:
        if i >= len(jobs):
            name = extra_names[i - len(jobs)]
            assert stager is not None and extra is not None
            stager.write(name, extra[name])
            return None, None
        page, template, context = jobs[i]
        content = renderer.render(template, page, **context)
        found = unsafe_markup(content.decode("utf-8"))
        if stager is None:
            return content, found
        if not found:
            stager.write(page, content)
        return None, found

    names = [page for page, _template, _context in jobs] + extra_names
    results = imap_indexed(render_one, len(names))
    try:
        for name, (content, found) in zip(names, results):
            _refuse_unsafe(name, found)
            yield name, content
    finally:
        results.close()  # stops the workers when an unsafe page ended the loop early


def _shareables(dataset: Dataset, derived: Derived, renderer: PageRenderer, config: SiteConfig) -> dict[str, bytes]:
    """The site-wide feed; per region a feed, an embeddable scorecard and a badge; the
    comparison page's data."""
    from .render import compare, embed, feeds

    files = {URLS.feed: opendata.atom_feed(dataset, config.site_name, config.site_url)}
    files.update(feeds.region_feeds(dataset, config.site_name, config.site_url))
    files.update(embed.embed_files(dataset, derived, renderer.region_radar, config))
    files[URLS.compare_json] = compare.compare_json(dataset, derived)
    files[URLS.compare_data_js] = compare.compare_script(dataset, derived)
    return files


def _add_beheer(site: GeneratedSite, root: Path, dataset: Dataset, config: SiteConfig) -> None:
    """The files of beheer/ (Decap CMS and its generated config), or a warning without them."""
    beheer = beheer_files(root, dataset, config)
    site.files.update(beheer.files)
    site.warnings.extend(beheer.warnings)


def _refuse_unsafe(rel: str, found: str | None) -> None:
    if found:
        raise GenerateError(
            f"interne fout: de gegenereerde pagina {rel} bevat niet-toegestane HTML ({found!r}); "
            "de site wordt niet gebouwd. Meld dit als beveiligingsprobleem (zie SECURITY.md)"
        )


def _colour_css(dataset: Dataset) -> bytes:
    """Colour classes for every level of the scale and every legend colour of the map."""
    from .render import charts

    fills = [charts.level_fill(n.niveau) for n in dataset.schaal.niveaus]
    fills += [NO_DATA_FILL, *REGIOPLAN_FILL.values()]
    return charts.colour_css(fills).encode("utf-8")


def _handwritten_files(root: Path) -> dict[str, Path]:
    docs = root / HANDWRITTEN_DIR
    if not docs.is_dir():
        return {}
    return {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*")) if p.is_file()}


class Stager:
    """The staging folder: ``begin`` checks the names and makes the folders, ``write``
    writes one file (changing only what changed; safe to call from a forked worker),
    ``record`` notes a file as wanted, and ``finish`` adds the hand-written pages and
    removes what is no longer wanted."""

    def __init__(self, root: Path, staging: Path | None = None):
        self.root = root
        self.target = staging or root / STAGING_DIR
        self.handwritten = _handwritten_files(root)
        self.written: set[str] = set()

    def begin(self, generated: set[str]) -> None:
        """Refuse, before anything is written, a staging folder that is not ours (see
        ``sitefolder``) and hand-written pages that generated ones would shadow."""
        marker = staging_marker(self.target)
        check_replaceable(self.target, self.root, "map met gegenereerde pagina's", marker)
        write_marker(marker)
        clashes = sorted(set(self.handwritten) & generated)
        if clashes:
            raise GenerateError(
                "deze pagina's in docs/ botsen met gegenereerde pagina's; hernoem ze: " + ", ".join(clashes)
            )
        for folder in sorted({(self.target / rel).parent for rel in generated | set(self.handwritten)}):
            folder.mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, content: bytes) -> None:
        _write_if_changed(self.target / rel, content)

    def record(self, rel: str) -> None:
        self.written.add(rel)

    def finish(self) -> Path:
        for rel, path in sorted(self.handwritten.items()):
            self.write(rel, path.read_bytes())
            self.record(rel)
        for path in sorted(self.target.rglob("*"), reverse=True):
            rel = path.relative_to(self.target).as_posix()
            if path.is_file() and rel not in self.written:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return self.target


def stage(root: Path, site: GeneratedSite, staging: Path | None = None) -> Path:
    """Write hand-written + generated files into the staging folder, changing only what changed."""
    stager = Stager(root, staging)
    stager.begin(set(site.files))
    # Thousands of small files: writing them from a few threads hides the file system's latency.
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda item: stager.write(*item), sorted(site.files.items())))
    for rel in site.files:
        stager.record(rel)
    return stager.finish()


def _write_if_changed(path: Path, content: bytes) -> None:
    exists = path.is_file()
    if exists and path.read_bytes() == content:
        return
    if not exists:
        path.write_bytes(content)  # a new file: nothing to replace
        return
    # An existing file is replaced whole, so `hhz serve` never reads half a page.
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)

