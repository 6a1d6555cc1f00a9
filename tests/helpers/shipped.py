"""The shipped data (this repository's regions/ and bouwstenen/): what a copy of it holds, the
engines it is built with, and which engine built a site. The builds themselves are made by
the site factory (helpers/builds.py, the ``built_sites`` fixture), always in a copy, so a test
never writes build/ or site/ in the working tree (another build may be running there).
"""

from __future__ import annotations

from pathlib import Path

# The engines that build the site; the audits of the shipped site run once per engine
# (a module-scoped ``site`` fixture with ``params=ENGINES`` calling ``shipped_builds``).
ENGINES = ("mkdocs", "zensical")
SOURCES = ("regions", "bouwstenen", "schemas", "site_templates", "docs", "audit")
FILES = ("mkdocs.yml", "pyproject.toml")


def engine_of(site: Path) -> str:
    """Which engine built ``site``, from the generator tag of its home page."""
    home = (site / "index.html").read_text(encoding="utf-8")
    return "zensical" if '<meta name="generator" content="zensical-' in home else "mkdocs"
