"""`hhz generate`, the render stage: validated data and derived figures -> every file of the site.

Every output family is one entry in ``OUTPUTS``: a function that takes the ``SiteInputs``
(the dataset, the derived figures, the configuration, the map and the page renderer) and
returns its files. ``render_site`` runs them in order, then renders the pages. Adding a
family is one entry. The files go to the staging folder (``hhz.publish.stage``), from which
MkDocs or Zensical builds the site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Protocol

from ..config import SiteConfig, load_site_config
from ..dataset import Dataset
from ..derive.evaluation import EvaluationFigures, evaluation_figures
from ..derive.picture import NationalPicture, national_picture
from ..derive.status import Derived, derive
from ..editing.cms import beheer_files
from ..geo.reference import GeoReference
from ..parallel import imap_indexed
from ..project import reference_date
from ..schema.data import SchemaDataError, site_schema_data
from ..schema.files import schema_documents
from ..urls import URLS
from ..vocabulary import NO_DATA_FILL
from . import opendata
from .guard import unsafe_markup
from .map import MapOutput
from .opendata_package import package_files
from .opendata_timeline import timeline_files
from .accessibility import AuditError, load_audit
from .beheer_preview import preview_files
from .pages import PageRenderer
from .theme import engine_config_warnings, look_assets, theme_files

TEMPLATES_DIR = "site_templates"
COLOURS_FILE = URLS.colours_css

Progress = Callable[[str], None]


class GenerateError(Exception):
    """Generation cannot proceed (a usage or configuration problem, not bad data)."""


class PageSink(Protocol):
    """Where rendered files go when they are written as they are made (``hhz.publish.stage.Stager``)."""

    def begin(self, generated: set[str]) -> None: ...
    def write(self, rel: str, content: bytes) -> None: ...
    def record(self, rel: str) -> None: ...


@dataclass
class GeneratedSite:
    files: dict[str, bytes] = field(default_factory=dict)  # path in docs_dir -> content
    warnings: list[str] = field(default_factory=list)
    theme: dict[str, bytes] = field(default_factory=dict)  # the theme overrides: path in build/theme -> content


@dataclass(frozen=True)
class SiteInputs:
    """What every output family reads: the data, the figures derived from it once, the map."""

    root: Path
    dataset: Dataset
    derived: Derived
    evaluation: EvaluationFigures
    picture: NationalPicture
    geo: GeoReference | None
    config: SiteConfig
    maps: MapOutput
    renderer: PageRenderer


@dataclass(frozen=True)
class Produced:
    """The files of one output family (path in docs_dir -> content) and its warnings (Dutch)."""

    files: Mapping[str, bytes]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    progress: str  # what the progress line says while it runs
    produce: Callable[[SiteInputs], Produced]


def map_files(s: SiteInputs) -> Produced:
    """The web map's data and the mini-maps' files (made before the pages, which show them)."""
    return Produced(s.maps.files, s.maps.warnings)


def open_data(s: SiteInputs) -> Produced:
    return Produced({
        URLS.regions_json: opendata.regios_json(s.dataset),
        URLS.bouwstenen_json: opendata.bouwstenen_json(s.dataset),
        URLS.practices_json: opendata.goede_voorbeelden_json(s.dataset),
        URLS.zelfevaluaties_csv: opendata.zelfevaluaties_csv(s.dataset, s.evaluation),
    })


def timeline(s: SiteInputs) -> Produced:
    """The figures of the page ontwikkeling, as open data."""
    return Produced(timeline_files(s.evaluation))


def data_package(s: SiteInputs) -> Produced:
    """The open data described: datapackage.json, the DCAT record, the Excel workbook and
    the JSON files' schemas (the workbook from the same CSV bytes as the CSV files)."""
    csv_files = {URLS.zelfevaluaties_csv: opendata.zelfevaluaties_csv(s.dataset, s.evaluation), **timeline_files(s.evaluation)}
    return Produced(package_files(s.dataset, s.config, s.evaluation, csv_files))


def schema_files(s: SiteInputs) -> Produced:
    """The JSON Schemas for the open-data page, made from the built dataset."""
    try:
        documents = schema_documents(site_schema_data(s.root, s.dataset, s.geo))
    except SchemaDataError as exc:
        raise GenerateError(str(exc)) from exc
    return Produced({URLS.schema(name): text.encode("utf-8") for name, text in documents.items()})


def shareables(s: SiteInputs) -> Produced:
    """The site-wide feed; per region a feed, an embeddable scorecard and a badge; the
    comparison page's data."""
    from . import compare, embed, feeds

    files = {URLS.feed: feeds.site_feed(s.dataset, s.config.site_name, s.config.site_url)}
    files.update(feeds.region_feeds(s.dataset, s.config.site_name, s.config.site_url))
    files.update(embed.embed_files(s.dataset, s.derived, s.evaluation, s.config))
    files[URLS.compare_json] = compare.compare_json(s.dataset, s.derived)
    files[URLS.compare_data_js] = compare.compare_script(s.dataset, s.derived)
    return Produced(files)


def assets(s: SiteInputs) -> Produced:
    out = {}
    folder = s.root / TEMPLATES_DIR / "assets"
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out[f"assets/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return Produced(out)


def beheer(s: SiteInputs) -> Produced:
    """The files of beheer/ (Decap CMS and its generated config), or a warning without them."""
    made = beheer_files(s.root, s.dataset, s.config)
    files = dict(made.files)
    if URLS.beheer_config in files:  # the form is there: its preview in the site's own look
        site = {**assets(s).files, **colours(s).files, **look_assets(s.root, s.root / TEMPLATES_DIR, s.config)}
        files.update(preview_files(s.dataset, site))
    return Produced(files, tuple(made.warnings))


def look(s: SiteInputs) -> Produced:
    """The programme's own look: its colours' CSS and the logo (the theme overrides are
    ``GeneratedSite.theme``); warnings when mkdocs.yml keeps them from showing."""
    template_dir = s.root / TEMPLATES_DIR
    return Produced(look_assets(s.root, template_dir, s.config), tuple(engine_config_warnings(s.root, s.config)))


def colours(s: SiteInputs) -> Produced:
    """Colour classes for every level of the scale and "geen gegevens" (the map's legend draws
    its swatches as SVG, in the map's own fills and hatches)."""
    from . import charts

    fills = [charts.level_fill(n.niveau) for n in s.dataset.schaal.niveaus]
    fills += [NO_DATA_FILL]
    return Produced({COLOURS_FILE: charts.colour_css(fills).encode("utf-8")})


# Every output family besides the pages, in the order they run. Add a family here.
OUTPUTS: tuple[Output, ...] = (
    Output("kaart", map_files),
    Output("open data", open_data),
    Output("ontwikkeling", timeline),
    Output("open data beschreven", data_package),
    Output("schema's", schema_files),
    Output("delen", shareables),
    Output("assets", assets),
    Output("huisstijl", look),
    Output("beheer", beheer),
    Output("kleuren", colours),
)


def site_inputs(
    root: Path, dataset: Dataset, geo: GeoReference | None, config: SiteConfig, today: dt.date
) -> SiteInputs:
    """The derive stage, once: every figure the outputs show, then the map and the renderer."""
    from .map import render_maps

    derived = derive(dataset, today, geo.gemeenten if geo is not None else None)
    evaluation = evaluation_figures(derived)
    picture = national_picture(derived)
    template_dir = root / TEMPLATES_DIR
    if not template_dir.is_dir():
        raise GenerateError(f"de map {TEMPLATES_DIR}/ met sjablonen ontbreekt in {root}")
    maps = render_maps(dataset, derived, geo, config, template_dir)
    renderer = PageRenderer(template_dir, dataset, derived, evaluation, config, picture, maps)
    try:
        renderer.audit = load_audit(root)  # the toegankelijkheidsverklaring's facts
    except AuditError as exc:
        raise GenerateError(str(exc)) from exc
    return SiteInputs(root, dataset, derived, evaluation, picture, geo, config, maps, renderer)


def render_site(
    root: Path,
    dataset: Dataset,
    geo: GeoReference | None,
    config: SiteConfig | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    stager: PageSink | None = None,
) -> GeneratedSite:
    """All generated files, in memory. With a ``stager``, every file is written into the
    staging folder instead, by the worker that made it; ``files`` then holds no pages."""
    say = progress or (lambda _msg: None)
    inputs = site_inputs(root, dataset, geo, config or load_site_config(root), today or reference_date())
    site = GeneratedSite(theme=theme_files(root / TEMPLATES_DIR, inputs.config))
    for output in OUTPUTS:
        say(output.progress)
        produced = output.produce(inputs)
        site.files.update(produced.files)
        site.warnings.extend(produced.warnings)
    for rel in sorted(site.files):
        if rel.endswith(".md"):  # pages are checked as they are rendered
            _refuse_unsafe(rel, unsafe_markup(site.files[rel].decode("utf-8")))

    say(f"pagina's ({len(dataset.regions)} regio's)")
    jobs = inputs.renderer.page_jobs()
    pages = [page for page, _template, _context in jobs]
    clashing = set(site.files) & set(pages)
    if clashing:
        raise GenerateError(f"interne fout: {', '.join(sorted(clashing))} wordt twee keer gegenereerd")
    if stager is None:
        site.files.update(_rendered_pages(inputs.renderer, jobs))
        return site
    # The workers write what they render (and the other files too), so no page content
    # travels back between processes and writing overlaps with rendering.
    stager.begin(set(site.files) | set(pages))
    for rel, _content in _rendered_pages(inputs.renderer, jobs, stager, site.files):
        stager.record(rel)
    site.files.clear()
    return site


def _rendered_pages(
    renderer: PageRenderer,
    jobs: list[tuple[str, str, dict[str, Any]]],
    stager: PageSink | None = None,
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


def _refuse_unsafe(rel: str, found: str | None) -> None:
    if found:
        raise GenerateError(
            f"interne fout: de gegenereerde pagina {rel} bevat niet-toegestane HTML ({found!r}); "
            "de site wordt niet gebouwd. Meld dit als beveiligingsprobleem (zie SECURITY.md)"
        )
