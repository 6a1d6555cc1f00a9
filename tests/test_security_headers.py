"""The security files written after the build (hhz.publish.headers) and the guard in generation.

The browser side (the built site satisfies its CSP) is tests/test_csp.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path

import pytest

from hhz.render.outputs import GenerateError, render_site
from hhz.publish.headers import (
    content_security_policy,
    inline_hashes,
    parse_headers_file,
    runtime_styles,
    tile_source,
    write_security_files,
)
from hhz.render.guard import unsafe_markup
from hhz.validate import validate_root
from helpers.sites import EXAMPLE_REPO_URL, copy_site_sources
from projectfactory import make_project, region_yaml


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = (
    '<!doctype html>\r\n<html lang="nl">\r\n<head>\r\n<meta charset="utf-8">\r\n<title>t</title>\r\n'
    "<script>var a = 1;\r\nvar b = 2;</script>\r\n"
    '<script id="__config" type="application/json">{"x": 1}</script>\r\n'
    '<script src="assets/x.js"></script>\r\n</head>\r\n<body><p>é</p></body>\r\n</html>\r\n'
)


def test_inline_script_hashes_skip_external_scripts_and_data_blocks() -> None:
    scripts, styles, attributes = inline_hashes([PAGE, "<script type=module>m()</script>"])
    assert scripts == sorted([sha("var a = 1;\r\nvar b = 2;"), sha("m()")])
    assert styles == [] and attributes == []


def test_style_blocks_and_attributes_are_hashed_when_a_theme_brings_them() -> None:
    page = '<style>p{color:red}</style><p style="color:&#35;00f">x</p>'
    csp = content_security_policy([page])
    style_src = next(d for d in csp.split("; ") if d.startswith("style-src"))
    assert style_src == f"style-src 'self' {sha('p{color:red}')} 'unsafe-hashes' {sha('color:#00f')}"


def test_styles_that_theme_scripts_insert_at_run_time_are_read_from_the_bundle() -> None:
    """Zensical's search: ``C("style",{},Tc.toString())`` with ``var Tc='...'`` (escapes decoded,
    as the browser would); a template literal with a substitution cannot be hashed."""
    bundle = (
        'var x=1,Tc=\'.a{content:"\\\\2014"}.b{color:red}\\\n.c{}\';function S(e){'
        'let o=e.attachShadow({mode:"open"});o.appendChild(C("style",{},Tc.toString()))}'
        'var Dyn=`.d{width:${w}px}`;o.appendChild(C("style",{},Dyn));var Lit=\'p{}\';C("style",{},Lit)'
    )
    assert runtime_styles([bundle]) == ['.a{content:"\\2014"}.b{color:red}.c{}', "p{}"]
    assert runtime_styles(['document.createElement("style")', 'C("div",{},Tc)']) == []
    policy = content_security_policy([], script_styles=(".a{}",))
    assert f"style-src 'self' {sha('.a{}')};" in policy


def test_the_policy_hashes_the_style_of_the_theme_bundle_only(tmp_path: Path) -> None:
    """Only the theme's scripts (assets/javascripts/) count: a look-alike in the site's own
    data or map scripts allows nothing."""
    (tmp_path / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.js").write_text('var Tc=".s{}";C("style",{},Tc)', encoding="utf-8")
    (tmp_path / "assets" / "hhz-kaart-data.js").write_text('var Ev=".evil{}";C("style",{},Ev)', encoding="utf-8")
    headers = write_security_files(tmp_path)
    assert f"style-src 'self' {sha('.s{}')};" in headers["Content-Security-Policy"]
    assert sha(".evil{}") not in headers["Content-Security-Policy"]


def test_meta_policy_leaves_out_frame_ancestors() -> None:
    assert "frame-ancestors 'none'" in content_security_policy([PAGE])
    assert "frame-ancestors" not in content_security_policy([PAGE], for_meta=True)


def test_images_come_only_from_the_site_unless_tiles_are_configured(tmp_path: Path) -> None:
    assert tile_source(None) is None
    assert tile_source("https://service.pdok.nl/brt/{z}/{x}/{y}.png") == "https://service.pdok.nl"
    assert tile_source("https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png") == "https://*.tiles.example.org:8443"
    img_src = lambda csp: next(d for d in csp.split("; ") if d.startswith("img-src"))  # noqa: E731
    assert img_src(content_security_policy([PAGE])) == "img-src 'self' data:"
    (tmp_path / "index.html").write_bytes(PAGE.encode())
    headers = write_security_files(tmp_path, tiles_url="https://tiles.example.org/{z}/{x}/{y}.png")
    assert img_src(headers["Content-Security-Policy"]) == "img-src 'self' data: https://tiles.example.org"
    assert "img-src 'self' data: https://tiles.example.org;" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_write_security_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_bytes(PAGE.encode())
    (tmp_path / "sub" / "page.html").write_bytes(PAGE.replace("var a", "var c").encode())
    headers = write_security_files(tmp_path)
    written = (tmp_path / "index.html").read_bytes().decode()
    # only the meta tag is added, right after the charset and before any script; CRLF kept
    meta = written[written.index("<meta http-equiv") : written.index(">", written.index("<meta http-equiv")) + 1]
    referrer = '<meta name="referrer" content="no-referrer">'
    assert written.replace("\n" + meta, "").replace("\n" + referrer, "") == PAGE
    assert written.index("<meta charset") < written.index(meta) < written.index("<script")
    assert sha("var a = 1;\r\nvar b = 2;") in meta and sha("var c = 1;\r\nvar b = 2;") in meta
    rules = parse_headers_file((tmp_path / "_headers").read_text(encoding="utf-8"))
    assert rules == {"/*": headers}
    assert set(headers) >= {
        "Content-Security-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Permissions-Policy",
    }


def test_write_security_files_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for index in range(5):
            (tmp_path / name / f"p{index}.html").write_text(PAGE.replace("var a", f"var a{index}"), encoding="utf-8")
        write_security_files(tmp_path / name)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="  JaVa&#x09;Script:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<iframe src="https://example.org"></iframe>',
        "<style>p{}</style>",
        '<p style="color:red">x</p>',
        '<form action="https://example.org"></form>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    ],
)
def test_markup_guard_finds_injected_markup(markup: str) -> None:
    assert unsafe_markup(f"# Titel\n\nTekst {markup} meer.\n") is not None


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="assets/hhz-map.js"></script>',
        '<link rel="stylesheet" href="assets/leaflet/leaflet.css">',
        '<li data-filter="&lt;img src=x onerror=alert(1)&gt;">x</li>',
        "&lt;script&gt;alert(1)&lt;/script&gt; onerror=x javascript:alert(1)",
        '<a href="https://example.org/?q=javascript:x">x</a>',
        "<noscript><p>De kaart heeft JavaScript nodig.</p></noscript>",
    ],
)
def test_markup_guard_allows_escaped_text_and_our_own_tags(markup: str) -> None:
    assert unsafe_markup(markup) is None


def test_generation_refuses_a_page_when_sanitising_failed(tmp_path: Path, monkeypatch) -> None:
    """Defence in depth: were the Markdown sanitiser broken, the build stops instead of publishing."""
    text = region_yaml("alfa", ["GM0828"]).replace(
        "  De regio *deed* iets goeds.", "  De regio <img src=x onerror=alert(1)> deed iets."
    )
    make_project(tmp_path, {"alfa": text})
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    result = validate_root(tmp_path, None, today=dt.date(2026, 1, 1))
    assert result.dataset is not None, result.errors
    render_site(tmp_path, result.dataset, None)  # sanitised: fine

    import hhz.render.markup as markup

    monkeypatch.setattr(markup.nh3, "clean", lambda html, **options: html)  # the sanitiser "breaks"
    with pytest.raises(GenerateError, match=r"goede-voorbeelden/alfa-voorbeeld\.md bevat niet-toegestane HTML"):
        render_site(tmp_path, result.dataset, None)


def test_no_style_attributes_in_templates() -> None:
    """Colours come from classes (assets/hhz-kleuren.css), so the CSP needs no 'unsafe-inline'."""
    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "site_templates").glob("*.j2")) + sorted((root / "generator/hhz/render/map").glob("*.py")):
        assert 'style="' not in path.read_text(encoding="utf-8"), path

