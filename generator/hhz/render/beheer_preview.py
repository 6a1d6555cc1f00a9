"""The preview of beheer/ in the site's own look: the stylesheets the region page's scorecard
uses, copied into ``beheer/stijl/`` (the form loads nothing from elsewhere), and
``beheer/voorbeeld.json`` with what the preview script (site_templates/beheer/hhz-preview.js)
cannot read from the form: each level's name and colour class, each bouwsteen's name and
rubric texts, and from which level the site asks for bewijs.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..dataset import Dataset
from ..urls import URLS
from ..vocabulary import BEWIJS_EXPECTED_FROM
from . import charts

# The site's stylesheets the scorecard and "Per bouwsteen" use, in the order of mkdocs.yml's
# extra_css; the two generated ones are taken from what the build makes for the site.
SITE_STYLES = ("assets/hhz.css", URLS.colours_css, URLS.look_colours_css, "assets/hhz-look.css")


def preview_data(dataset: Dataset) -> dict[str, object]:
    return {
        "stylesheets": [f"{URLS.beheer_preview_styles.split('/', 1)[1]}/{Path(name).name}" for name in SITE_STYLES],
        "niveaus": {
            str(n.niveau): {"naam": n.naam, "kleur": charts.level_class(n.niveau)} for n in dataset.schaal.niveaus
        },
        "bouwstenen": [
            {"id": b.id, "naam": b.naam, "volgorde": b.volgorde, "rubric": {str(n.niveau): " ".join(n.tekst.split()) for n in b.niveaus}}
            for b in sorted(dataset.bouwstenen, key=lambda b: b.volgorde)
        ],
        "bewijs_vanaf": BEWIJS_EXPECTED_FROM,
    }


def preview_files(dataset: Dataset, site_files: dict[str, bytes]) -> dict[str, bytes]:
    """``beheer/stijl/*.css`` from the site's files (``site_files``: path -> bytes, the
    generated ones included) and ``beheer/voorbeeld.json``."""
    out = {
        f"{URLS.beheer_preview_styles}/{Path(name).name}": site_files[name] for name in SITE_STYLES if name in site_files
    }
    data = json.dumps(preview_data(dataset), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    out[URLS.beheer_preview_data] = data.encode("utf-8")
    return out
