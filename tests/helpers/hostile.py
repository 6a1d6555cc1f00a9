"""The hostile project: every plain and Markdown text field holds script and HTML injection,
``javascript:`` and ``data:`` links, HTML entities and Unicode tricks; URLs try to break out
of their attribute. Built once per engine by the site factory (helpers/builds.py) and browsed
by tests/test_hostile_browser.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from projectfactory import BOUWSTEEN_IDS, SCHAAL, bouwsteen_yaml, make_project, region_yaml

SHORT = "<svg onload=alert(1)>&amp;\u200b"  # korte_naam: at most 40 characters
TEXT = (
    "<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)> "
    "[a](javascript:alert(4)) [b](data:text/html,<script>alert(5)</script>) "
    '<a href="javascript:alert(6)">c</a> &lt;i&gt; &#60;b&#62; &#x6A;avascript: '
    '"\'><b onmouseover=alert(7)>x</b> z\u200bw\u200d שלום {{ 7*7 }} '
)
MARKDOWN = TEXT + "\n\n" + "\n\n".join(
    [
        "# <img src=x onerror=alert(8)>",
        '<iframe src="javascript:alert(9)"></iframe>',
        "<style>body{display:none}</style>",
        "![x](x) ![y](data:image/svg+xml,<svg onload=alert(10)>)",
        "<javascript:alert(11)>",
        "[ref]\n\n[ref]: javascript:alert(12)",
        "<details open ontoggle=alert(13)>d</details>",
        '<math><mi xlink:href="javascript:alert(14)">m</mi></math>',
        '<a href="&#106;avascript:alert(15)">e</a> <a href="jav&#x09;ascript:alert(16)">f</a>',
        '<form action="javascript:alert(17)"><button formaction="javascript:alert(18)">g</button></form>',
        "`<script>alert(19)</script>`\n\n    <script>alert(20)</script>",
        "| a | <img src=x onerror=alert(21)> |\n|---|---|\n| <script>alert(22)</script> | x |",
        "<!-- <script>alert(23)</script> -->",
    ]
)
URL = "https://example.org/\"onmouseover=\"alert(24)\"'><script>alert(25)</script>"

LONG_TEXT_KEYS = {"mandaat", "toelichting", "samenvatting", "tekst", "resultaten", "beschrijving"}
TEXT_KEYS = {"naam", "rechtsvorm", "bron", "telefoon", "adres", "preferente_zorgverzekeraar", "titel", "betekenis"}


def _poison(node: Any, key: str | None = None) -> Any:
    """Every text field of a region (and every deelnemer) replaced by a payload; ids, dates, enums stay."""
    if isinstance(node, dict):
        return {k: _poison(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, "deelnemer" if key == "deelnemers" else key) for v in node]
    if key == "korte_naam":
        return SHORT
    if key in ("url", "website"):
        return URL
    if key in TEXT_KEYS or key == "deelnemer":
        return TEXT
    if key in LONG_TEXT_KEYS:
        return MARKDOWN
    return node


def hostile_region(region_id: str, gemeenten: list[str]) -> str:
    data = yaml.safe_load(region_yaml(region_id, gemeenten))
    data["contact"].update(telefoon="x", adres="x")
    data["governance"]["toelichting"] = "x"
    data["kerngegevens"]["preferente_zorgverzekeraar"] = "x"
    data["regioplan"].update(titel="x", url="https://example.org")
    practice = data["goede_voorbeelden"][0]
    practice.update(resultaten="x", links=[{"titel": "x", "url": "https://example.org"}])
    data["organisaties"][0]["website"] = "https://example.org"
    poisoned = _poison(data)
    for key in ("id", "gemeenten", "provincies"):
        poisoned[key] = data[key]
    poisoned["contact"]["email"] = data["contact"]["email"]
    # two regions may not share a name: the payloads stay whole, each after its own id
    poisoned["naam"] = f"{region_id} {TEXT}"
    poisoned["korte_naam"] = f"{region_id} {SHORT}"
    return yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False, width=10_000)


def hostile_bouwsteen(bouwsteen_id: str, volgorde: int) -> str:
    data = yaml.safe_load(bouwsteen_yaml(bouwsteen_id, volgorde))
    data["naam"] = TEXT
    data["samenvatting"] = MARKDOWN
    data["beschrijving"] = MARKDOWN
    for criterium in data["criteria"]:
        criterium["tekst"] = TEXT
    for niveau in data["niveaus"]:
        niveau["tekst"] = MARKDOWN
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def hostile_schaal() -> str:
    data = yaml.safe_load(SCHAAL)
    for niveau in data["niveaus"]:
        niveau["naam"] = f"{niveau['niveau']} {TEXT}"[:300]
        niveau["betekenis"] = TEXT
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def write_hostile_project(root: Path) -> None:
    """Two hostile regions, six hostile bouwstenen and a hostile scale in ``root``."""
    make_project(root, {"alfa": hostile_region("alfa", ["GM0828"]), "beta": hostile_region("beta", ["GM0268"])})
    (root / "bouwstenen" / "schaal.yaml").write_text(hostile_schaal(), encoding="utf-8")
    for volgorde, bouwsteen_id in enumerate(BOUWSTEEN_IDS, start=1):
        (root / "bouwstenen" / f"{bouwsteen_id}.yaml").write_text(
            hostile_bouwsteen(bouwsteen_id, volgorde), encoding="utf-8"
        )
