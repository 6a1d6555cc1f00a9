"""The site's pages: Jinja templates from ``site_templates/`` -> Markdown with safe HTML.

Every ``{{ expression }}`` in a template is escaped by ``finalize`` unless the code
marked it as already-safe ``Markup`` (sanitised Markdown, SVG charts). Templates
therefore cannot forget to escape an editor's text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol

import jinja2
from markupsafe import Markup

from ..config import SiteConfig
from ..dataset import Dataset
from ..derive.status import Derived, RegionStatus
from ..derive.evaluation import EvaluationFigures
from ..derive.picture import NationalPicture, region_answer
from ..urls import URLS, relative
from ..vocabulary import TEMPLATE_GLOBALS
from . import charts, embed
from .evaluation_view import region_radar, template_helpers
from .glossary import Glossary
from .formats import dutch_date, dutch_number, niveau_label
from .markup import attr, markdown_html, md_text, safe_url

html_path = URLS.html


@functools.lru_cache(maxsize=65536)
def front_matter_title(value: object) -> Markup:
    """A page title for YAML front matter.

    Material writes ``page.title | striptags`` into <title> without escaping, and striptags
    decodes entities once; so the title is HTML-escaped here, then quoted for YAML (JSON
    strings are valid YAML).
    """
    import html
    import json

    text = " ".join(str(value).split())
    return Markup(json.dumps(html.escape(text, quote=True), ensure_ascii=False))


def identifier(value: object) -> Markup:
    """An id (validated as [a-z0-9-]) for anchors and attr_list; refuses anything else."""
    text = str(value)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text):
        raise ValueError(f"not an identifier: {text!r}")
    return Markup(text)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_text(value)


@dataclass
class PageContext:
    """Per-page helpers for templates: links relative to the page being rendered."""

    page: str

    def href(self, target: str, anchor: str | None = None) -> Markup:
        url = relative(self.page, html_path(target))
        return Markup(attr(url + (f"#{anchor}" if anchor else "")))

    def mdlink(self, target: str) -> Markup:
        return Markup(relative(self.page, target))


def make_environment(template_dir: Path) -> jinja2.Environment:
    """The Jinja environment for a template folder, shared between runs (`hhz serve`
    regenerates often): it holds no data, and Jinja recompiles a template whose file changed."""
    return _environment(str(template_dir.resolve()))


@functools.lru_cache(maxsize=8)
def _environment(template_dir: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=False,  # output is Markdown; escaping is done by finalize, see module doc
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=markdown_html,
        fm_title=front_matter_title,
        ident=identifier,
        attr=attr,
        safe_url=lambda url: attr(safe_url(url) or "#"),
        datum=dutch_date,
        getal=dutch_number,
        fill=charts.level_fill,
        tekstkleur=charts.level_text,
        kleur=charts.level_class,
        kleurklasse=charts.colour_class,  # a colour (a chart part) -> its class in hhz-kleuren.css
    )
    env.tests["contains"] = lambda seq, item: item in seq
    env.globals.update(TEMPLATE_GLOBALS, urls=URLS)
    return env


class MapPages(Protocol):
    """What the pages embed from the map renderer (``hhz.render.map.MapOutput``)."""

    @property
    def map_html(self) -> Markup | None: ...  # kaart.html's map block; None without geodata

    @property
    def minimaps(self) -> Mapping[str, Markup]: ...  # region id -> mini-map figure


class PageRenderer:
    def __init__(
        self,
        template_dir: Path,
        dataset: Dataset,
        derived: Derived,
        evaluation: EvaluationFigures,
        config: SiteConfig,
        picture: NationalPicture,
        maps: MapPages | None = None,
    ):
        """``evaluation``: derive's figures beyond ``derived`` (consensus, spreads, the picture
        over time); ``picture``: derive's national answer per bouwsteen (the home page);
        ``maps``: the map renderer's output, made before the pages (None: pages without maps)."""
        self.env = make_environment(template_dir)
        self.dataset = dataset
        self.derived = derived
        self.config = config
        self.max_level = max(n.niveau for n in dataset.schaal.niveaus)
        self.map_html: Markup | None = maps.map_html if maps is not None else None
        self.minimaps: Mapping[str, Markup] = maps.minimaps if maps is not None else {}
        self.evaluation_figures = evaluation
        self.evaluation_helpers = template_helpers(dataset, self.evaluation_figures)
        self.picture = picture  # the home page's answer per bouwsteen
        self.audit: dict[str, Any] | None = None  # the toegankelijkheidsverklaring's facts (site_inputs sets them)

    # -- helpers shared by several pages ------------------------------------------

    def niveau_label(self, level: int | None) -> str:
        return niveau_label(self.dataset, level)

    def region_radar(self, status: RegionStatus) -> Markup:
        return region_radar(self.dataset, status, self.evaluation_figures)

    def embed_code(self, region_id: str) -> embed.EmbedCode:
        """Copy-paste code for the region's scorecard and badge (``render/embed.py``)."""
        link = functools.partial(relative, URLS.region(region_id))
        return embed.embed_code(self.dataset, self.derived.status(region_id), self.config, link)

    def distribution_chart(self, bouwsteen_id: str) -> Markup:
        distribution = self.derived.distributions[bouwsteen_id]
        bouwsteen = self.dataset.bouwsteen(bouwsteen_id)
        counts = [(n.niveau, n.naam, distribution.counts.get(n.niveau, 0)) for n in self.dataset.schaal.niveaus]
        desc = "; ".join(f"niveau {lvl} {name}: {count} regio's" for lvl, name, count in counts)
        if distribution.unknown:
            desc += f"; geen gegevens: {distribution.unknown}"
        svg = charts.distribution_svg(
            f"verdeling-{bouwsteen_id}",
            f"Verdeling van regio's over de niveaus van {bouwsteen.naam}",
            desc + ".",
            counts,
            distribution.unknown,
        )
        return Markup(svg)

    # -- rendering -----------------------------------------------------------------

    def render(self, template: str, page: str, **context: Any) -> bytes:
        ctx = PageContext(page)
        glossary = Glossary()  # abbreviations explained on their first use on this page
        text = self.env.get_template(template).render(
            page=page,
            href=ctx.href,
            mdlink=ctx.mdlink,
            afk=glossary.explain,
            afk_md=lambda text: glossary.explain_html(markdown_html(text)),  # rich text, sanitised first
            dataset=self.dataset,
            derived=self.derived,
            config=self.config,
            niveau_label=self.niveau_label,
            distribution_chart=self.distribution_chart,
            region_radar=self.region_radar,
            max_level=self.max_level,
            picture=self.picture,
            **self.evaluation_helpers,
            **context,
        )
        return text.encode("utf-8")

    def page_jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every generated page as (page path, template, context), in a fixed order."""
        ds = self.dataset
        jobs: list[tuple[str, str, dict[str, Any]]] = [
            (URLS.home, "index.md.j2", {}),
            (URLS.regions_index, "regios.md.j2", {}),
        ]
        for region in ds.regions:
            jobs.append((
                URLS.region(region.id),
                "regio.md.j2",
                {
                    "region": region,
                    "status": self.derived.status(region.id),
                    "answer": region_answer(self.derived.status(region.id), ds.bouwsteen_ids),
                    "learn_from": self.derived.learn_from(region.id),
                    "minimap": self.minimaps.get(region.id),
                    "edit_url": self.config.edit_url(ds.region_paths.get(region.id, f"regions/{region.id}.yaml")),
                    "embed": self.embed_code(region.id),
                },
            ))
        jobs.append((URLS.bouwstenen_index, "bouwstenen.md.j2", {}))
        for bouwsteen in ds.bouwstenen:
            jobs.append((
                URLS.bouwsteen(bouwsteen.id),
                "bouwsteen.md.j2",
                {
                    "bouwsteen": bouwsteen,
                    "practices": self.derived.practices_for(bouwsteen.id),
                    "edit_url": self.config.edit_url(
                        ds.bouwsteen_paths.get(bouwsteen.id, f"bouwstenen/{bouwsteen.id}.yaml")
                    ),
                },
            ))
        jobs.append((URLS.practices_index, "goede-voorbeelden.md.j2", {}))
        for region, gv in ds.goede_voorbeelden():
            jobs.append((
                URLS.practice(gv.id),
                "goed-voorbeeld.md.j2",
                {
                    "region": region,
                    "gv": gv,
                    "edit_url": self.config.edit_url(ds.region_paths.get(region.id, f"regions/{region.id}.yaml")),
                },
            ))
        jobs.append((URLS.open_data, "open-data.md.j2", {}))
        jobs.append((URLS.map, "kaart.md.j2", {"map_html": self.map_html}))
        jobs.append((URLS.ontwikkeling, "ontwikkeling.md.j2", {}))
        jobs.append((URLS.compare, "vergelijk.md.j2", {}))
        jobs.append((URLS.accessibility, "toegankelijkheid.md.j2", {"audit": self.audit}))
        return jobs

