"""The programme's own look: the theme overrides for both engines and the look's assets.

Why overrides, and why generated: the header (name, partner line, logo) and the footer
(owner, contact, colofon, privacy, toegankelijkheid) are markup the themes write, so a
post-build fix (``themefix.py``) would have to rewrite it in two engines' dialects. Both
engines read ``theme.custom_dir`` and render the same Jinja blocks and partials (Zensical's
theme is Material's, ported), so one override folder serves both, as long as it only uses
what both have (``base.html`` blocks, ``| url``, ``page``, ``nav``, ``config``). The
settings come from ``[tool.hhz]``, not from mkdocs.yml: ``hhz generate`` renders
``site_templates/theme/`` into ``build/theme/`` (the ``custom_dir``), with its own
delimiters (``[[ … ]]``, ``[% … %]``) so that the engine's ``{{ … }}`` passes through.
Everything is written before the build, the same for both engines.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..config import SiteConfig
from ..urls import URLS

THEME_TEMPLATES = "theme"  # in site_templates/: rendered into build/theme
LOOK_TEMPLATES = "huisstijl"  # in site_templates/: the default logo and the colours' CSS

_OPEN, _CLOSE = Markup("&#123;"), Markup("&#125;")


def _engine_safe(value: object) -> object:
    """Escape a value for HTML and for the engine's template language: a ``{`` from
    [tool.hhz] must not start an engine expression."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return escape(value).replace("{", _OPEN).replace("}", _CLOSE)


def _environment(folder: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(folder)),
        block_start_string="[%",
        block_end_string="%]",
        variable_start_string="[[",
        variable_end_string="]]",
        comment_start_string="[#",
        comment_end_string="#]",
        autoescape=True,
        finalize=_engine_safe,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _pages() -> dict[str, str]:
    return {
        "colofon": "colofon.html",
        "privacy": "colofon.html#privacy",
        "accessibility": URLS.html(URLS.accessibility),
        "open_data": URLS.html(URLS.open_data),
        "logo": URLS.logo_svg,
    }


def theme_files(template_dir: Path, config: SiteConfig) -> dict[str, bytes]:
    """Every file of the override folder (path inside it -> content)."""
    folder = template_dir / THEME_TEMPLATES
    if not folder.is_dir():
        return {}
    env = _environment(folder)
    context = {"site": config, "pages": _pages(), "contact_url": config.footer_contact()}
    files = {}
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        files[name] = env.get_template(name).render(context).encode("utf-8")
    return files


def look_assets(root: Path, template_dir: Path, config: SiteConfig) -> dict[str, bytes]:
    """The colours' CSS and the logo (the configured SVG, or our own mark in the site's colours)."""
    env = _environment(template_dir / LOOK_TEMPLATES)
    files = {URLS.look_colours_css: env.get_template("huisstijl.css").render(site=config).encode("utf-8")}
    if config.logo:
        files[URLS.logo_svg] = (root / config.logo).read_bytes()
    else:
        files[URLS.logo_svg] = env.get_template("logo.svg").render(site=config).encode("utf-8")
    return files


def engine_config_warnings(root: Path, config: SiteConfig) -> list[str]:
    """What in mkdocs.yml keeps the look from showing: no ``custom_dir: build/theme``, or a
    ``site_name`` other than [tool.hhz]'s (the engines still write it into the search and the
    phone menu)."""
    import yaml

    path = root / "mkdocs.yml"
    try:
        engine = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []  # the build reports an unreadable mkdocs.yml itself
    warnings = []
    theme = engine.get("theme") if isinstance(engine.get("theme"), dict) else {}
    if theme.get("custom_dir") != "build/theme":
        warnings.append(
            "mkdocs.yml: theme.custom_dir is niet build/theme; de kop, de voettekst en de naam uit "
            "[tool.hhz] komen dan niet op de site"
        )
    if engine.get("site_name") != config.site_name:
        warnings.append(
            f"mkdocs.yml: site_name ({engine.get('site_name')!r}) verschilt van [tool.hhz] site_name "
            f"({config.site_name!r}); het menu op de telefoon en de zoekfunctie tonen de naam uit mkdocs.yml"
        )
    return warnings
