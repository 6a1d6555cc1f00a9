"""`hhz generate`: validated data -> the site's Markdown pages and assets, before any build.

The output goes to a git-ignored staging folder (``build/docs``) that holds a copy of the
hand-written pages in ``docs/`` plus everything generated. The hand-written pages are
never modified; a generated page with the same path as a hand-written one is an error.
Both MkDocs and Zensical build from that folder (``docs_dir: build/docs``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import SiteConfig, load_site_config
from .dataset import Dataset
from .derive import Derived, derive
from .geo import GeoReference
from .render import opendata
from .render.pages import PageRenderer
from .parallel import map_indexed
from .security import unsafe_markup

STAGING_DIR = Path("build") / "docs"
HANDWRITTEN_DIR = "docs"
TEMPLATES_DIR = "site_templates"
COLOURS_FILE = "assets/hhz-kleuren.css"  # in extra_css of mkdocs.yml

Progress = Callable[[str], None]


class GenerateError(Exception):
    """Generation cannot proceed (a usage or configuration problem, not bad data)."""


@dataclass
class GeneratedSite:
    files: dict[str, bytes] = field(default_factory=dict)  # path in docs_dir -> content
    warnings: list[str] = field(default_factory=list)


def reference_date() -> dt.date:
    """'Today' for staleness warnings; SOURCE_DATE_EPOCH pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


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
) -> GeneratedSite:
    """All generated files, in memory."""
    say = progress or (lambda _msg: None)
    config = config or load_site_config(root)
    derived: Derived = derive(dataset, today or reference_date())
    template_dir = root / TEMPLATES_DIR
    if not template_dir.is_dir():
        raise GenerateError(f"de map {TEMPLATES_DIR}/ met sjablonen ontbreekt in {root}")
    renderer = PageRenderer(template_dir, dataset, derived, config)
    site = GeneratedSite()

    say("kaart")
    try:
        from .render import map as map_render
    except ImportError:  # pragma: no cover - the map module is part of the package
        map_render = None  # type: ignore[assignment]
    if map_render is not None:
        map_files, map_warnings = map_render.render_maps(renderer, geo, config)
        site.files.update(map_files)
        site.warnings.extend(map_warnings)

    say(f"pagina's ({len(dataset.regions)} regio's)")
    pages = _render_and_check_pages(renderer)
    site.files.update(pages)
    say("open data")
    site.files["data/regios.json"] = opendata.regios_json(dataset)
    site.files["data/bouwstenen.json"] = opendata.bouwstenen_json(dataset)
    site.files["data/goede-voorbeelden.json"] = opendata.goede_voorbeelden_json(dataset)
    site.files["data/zelfevaluaties.csv"] = opendata.zelfevaluaties_csv(dataset)
    for name, content in opendata.schema_files().items():
        site.files[f"data/schemas/{name}"] = content
    site.files["feed.xml"] = opendata.atom_feed(dataset, config.site_name, config.site_url)
    site.files.update(_assets(root))
    site.files[COLOURS_FILE] = _colour_css(dataset)
    for rel in sorted(site.files):
        if rel.endswith(".md") and rel not in pages:  # pages are checked as they are rendered
            _refuse_unsafe(rel, unsafe_markup(site.files[rel].decode("utf-8")))
    return site


def _render_and_check_pages(renderer: PageRenderer) -> dict[str, bytes]:
    """Every page, each checked for markup no page may contain; over several processes
    when there are many (rendering and checking are pure computation)."""
    jobs = renderer.page_jobs()

    def render_one(i: int) -> tuple[bytes, str | None]:
        page, template, context = jobs[i]
        content = renderer.render(template, page, **context)
        return content, unsafe_markup(content.decode("utf-8"))

    pages: dict[str, bytes] = {}
    for (page, _template, _context), (content, found) in zip(jobs, map_indexed(render_one, len(jobs))):
        _refuse_unsafe(page, found)
        pages[page] = content
    return pages


def _refuse_unsafe(rel: str, found: str | None) -> None:
    if found:
        raise GenerateError(
            f"interne fout: de gegenereerde pagina {rel} bevat niet-toegestane HTML ({found!r}); "
            "de site wordt niet gebouwd. Meld dit als beveiligingsprobleem (zie SECURITY.md)"
        )


def _colour_css(dataset: Dataset) -> bytes:
    """Colour classes for every level of the scale and every legend colour of the map."""
    from .render import charts
    from .render.map import REGIOPLAN_FILL

    fills = [charts.level_fill(n.niveau) for n in dataset.schaal.niveaus]
    fills += [charts.NO_DATA_FILL, *REGIOPLAN_FILL.values()]
    return charts.colour_css(fills).encode("utf-8")


def _handwritten_files(root: Path) -> dict[str, Path]:
    docs = root / HANDWRITTEN_DIR
    if not docs.is_dir():
        return {}
    return {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*")) if p.is_file()}


def stage(root: Path, site: GeneratedSite, staging: Path | None = None) -> Path:
    """Write hand-written + generated files into the staging folder, changing only what changed."""
    target = staging or root / STAGING_DIR
    handwritten = _handwritten_files(root)
    clashes = sorted(set(handwritten) & set(site.files))
    if clashes:
        raise GenerateError(
            "deze pagina's in docs/ botsen met gegenereerde pagina's; hernoem ze: " + ", ".join(clashes)
        )
    wanted: dict[str, bytes] = {rel: path.read_bytes() for rel, path in handwritten.items()}
    wanted.update(site.files)
    target.mkdir(parents=True, exist_ok=True)
    for folder in sorted({(target / rel).parent for rel in wanted}):
        folder.mkdir(parents=True, exist_ok=True)
    # Thousands of small files: writing them from a few threads hides the file system's latency.
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda item: _write_if_changed(target / item[0], item[1]), sorted(wanted.items())))
    for path in sorted(target.rglob("*"), reverse=True):
        rel = path.relative_to(target).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return target


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


def clean_staging(root: Path) -> None:
    shutil.rmtree(root / STAGING_DIR, ignore_errors=True)
