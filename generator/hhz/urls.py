"""Every page and asset path of the site, in one place (like Datasette's ``Urls``).

Paths are relative to the docs folder (``build/docs``) and name the Markdown source of a
page (``regios/humo.md``); ``html`` gives the built page (``regios/humo.html``). Python
code and templates (the global ``urls``) both build their links here, so changing where a
kind of page lives is one edit.
"""

from __future__ import annotations

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
    feed = "feed.xml"

    # open data
    regions_json = f"{DATA}/regios.json"
    bouwstenen_json = f"{DATA}/bouwstenen.json"
    practices_json = f"{DATA}/goede-voorbeelden.json"
    zelfevaluaties_csv = f"{DATA}/zelfevaluaties.csv"

    # assets
    colours_css = "assets/hhz-kleuren.css"  # in extra_css of mkdocs.yml
    leaflet_dir = "assets/leaflet"  # Leaflet's JS/CSS, copied from xstatic-leaflet
    map_data_js = "assets/hhz-kaart-data.js"  # the map's geometry and layers
    map_init_js = "assets/hhz-kaart.js"  # folium's script for the map
    map_script_js = "assets/hhz-map.js"  # our map script (site_templates/assets)
    map_style_css = "assets/hhz-map.css"

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
