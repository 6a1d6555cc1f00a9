"""Every page and asset path of the site, in one place (like Datasette's ``Urls``).

Paths are relative to the docs folder (``build/docs``) and name the Markdown source of a
page (``regios/humo.md``); ``html`` gives the built page (``regios/humo.html``). Python
code and templates (the global ``urls``) both build their links here, so changing where a
kind of page lives is one edit.
"""

from __future__ import annotations

import posixpath

REGIONS = "regios"
BOUWSTENEN = "bouwstenen"
PRACTICES = "goede-voorbeelden"
DATA = "data"


class Urls:
    """The site's paths. Stateless: one shared instance, ``URLS``."""

    # pages
    home = "index.md"
    regions_index = f"{REGIONS}/index.md"
    bouwstenen_index = f"{BOUWSTENEN}/index.md"
    practices_index = f"{PRACTICES}/index.md"
    open_data = "open-data.md"
    map = "kaart.md"
    ontwikkeling = "ontwikkeling.md"  # the national picture over time
    compare = "vergelijk.md"  # compare 2-4 regions: vergelijk.html?regio=a,b
    accessibility = "toegankelijkheid.md"  # the toegankelijkheidsverklaring (render/accessibility.py)
    feed = "feed.xml"

    # open data
    regions_json = f"{DATA}/regios.json"
    bouwstenen_json = f"{DATA}/bouwstenen.json"
    practices_json = f"{DATA}/goede-voorbeelden.json"
    zelfevaluaties_csv = f"{DATA}/zelfevaluaties.csv"
    ontwikkeling_json = f"{DATA}/ontwikkeling.json"  # the national picture over time
    ontwikkeling_csv = f"{DATA}/ontwikkeling.csv"  # regions per year, bouwsteen and niveau
    zelfevaluaties_per_jaar_csv = f"{DATA}/zelfevaluaties-per-jaar.csv"  # regions with one, stale, none
    compare_json = f"{DATA}/vergelijk.json"  # what the comparison page's script builds from

    # assets
    colours_css = "assets/hhz-kleuren.css"  # in extra_css of mkdocs.yml
    look_colours_css = "assets/hhz-huisstijl.css"  # [tool.hhz] colours (render/theme.py); extra_css
    logo_svg = "assets/hhz-logo.svg"  # [tool.hhz] logo or our own mark; theme.logo and favicon
    leaflet_dir = "assets/leaflet"  # Leaflet's JS/CSS, copied from xstatic-leaflet
    map_data_js = "assets/hhz-kaart-data.js"  # the map's geometry and layers
    map_init_js = "assets/hhz-kaart.js"  # folium's script for the map
    map_script_js = "assets/hhz-map.js"  # our map script (site_templates/assets)
    map_style_css = "assets/hhz-map.css"
    compare_script_js = "assets/hhz-vergelijk.js"  # site_templates/assets
    compare_data_js = "assets/hhz-vergelijk-data.js"  # data/vergelijk.json as a script: works from file://
    print_css = "assets/hhz-print.css"  # in extra_css of mkdocs.yml: printing, A4
    print_script_js = "assets/hhz-print.js"  # the "Afdrukken of bewaren als PDF" button
    embed_script_js = "assets/hhz-insluiten.js"  # absolute URLs in the embed code of a region page

    # the form editor (Decap CMS, generator/hhz/cms/); not in the navigation
    beheer_dir = "beheer"
    beheer_config = "beheer/config.yml"
    beheer_yaml_dir = "beheer/yaml"  # the yaml package's ES modules, for our format script
    beheer_yaml_rules = "beheer/yaml-rules.json"  # our loader's plain-scalar rules, for the format
    beheer_form_rules = "beheer/form-rules.json"  # what the form checks before saving
    beheer_preview_styles = "beheer/stijl"  # the site's own stylesheets, for the form's preview
    beheer_preview_data = "beheer/voorbeeld.json"  # levels, colours and rubric texts of the preview

    # per region: the embeddable scorecard and badge, and the region's Atom feed
    @staticmethod
    def scorecard_svg(region_id: str) -> str:
        return f"{REGIONS}/{region_id}-scorekaart.svg"

    @staticmethod
    def badge_svg(region_id: str) -> str:
        return f"{REGIONS}/{region_id}-badge.svg"

    @staticmethod
    def region_feed(region_id: str) -> str:
        return f"{REGIONS}/{region_id}-feed.xml"

    @staticmethod
    def region(region_id: str) -> str:
        return f"{REGIONS}/{region_id}.md"

    @staticmethod
    def bouwsteen(bouwsteen_id: str) -> str:
        return f"{BOUWSTENEN}/{bouwsteen_id}.md"

    @staticmethod
    def practice(practice_id: str) -> str:
        return f"{PRACTICES}/{practice_id}.md"

    @staticmethod
    def schema(filename: str) -> str:
        return f"{DATA}/schemas/{filename}"

    @staticmethod
    def html(page: str) -> str:
        """The built page for a Markdown source path (other paths stay as they are)."""
        return page[:-3] + ".html" if page.endswith(".md") else page


URLS = Urls()


def relative(from_page: str, to_page: str) -> str:
    """The link from one site path to another (both relative to the site root)."""
    # Rooted at "/" so that relpath does not look at the working directory (it is hot).
    return posixpath.relpath("/" + to_page, "/" + posixpath.dirname(from_page))
