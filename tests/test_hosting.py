"""The web server configurations (hosting/ and the built site's _hosting/) on the real servers.

The shipped site is built once per engine (MkDocs, Zensical); a server root holds it twice, at the root (the live site)
and under ``pr-7/`` (a preview on a sub-path). nginx, Caddy and Apache (Debian's packages)
are each started on 127.0.0.1 with the committed file from hosting/, changed only in its site
folder, port and server name. HTTP requests check every header; Chromium opens the home page,
a region page and beheer/ under those headers: no CSP violation, and Decap shows its login.
Without a server the test is skipped locally and fails on CI (CI=true).
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hhz.publish.hosting import (
    APACHE_FILE,
    CADDY_FILE,
    CONTENT_TYPES,
    HOSTING_DIR,
    NGINX_FILE,
    header_sets,
)
from hhz.publish.headers import HEADERS_FILE
from helpers import REPO
from helpers.shipped import ENGINES
from helpers.hosts import HOSTS, PLACEHOLDER_NAME, PLACEHOLDER_ROOT, start_host, world_readable_copy

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Permissions-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)
PREFIXES = ("", "/pr-7")
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture(scope="module", params=ENGINES)
def site(request, built_sites) -> Path:
    """The shipped data built with each engine, with the form (its rules are half of what is
    checked, so without the Decap bundle the module skips, and fails on CI): the site
    factory's build, shared with the form's tests."""
    from helpers.cms import need_cms_tools

    need_cms_tools()
    return built_sites("shipped-with-form", request.param) / "site"


@pytest.fixture(scope="module")
def host_root(site: Path):
    """A readable server root: the site at / and again under /pr-7/."""
    root = world_readable_copy(site)
    shutil.copytree(root, root / "pr-7", ignore=shutil.ignore_patterns("pr-7"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module", params=HOSTS)
def host(request, host_root: Path):
    with start_host(request.param, host_root) as base:
        yield request.param, base


def fetch(url: str, encoding: str | None = None) -> tuple[int, dict[str, list[str]], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    grouped: dict[str, list[str]] = {}
    for name, value in headers.items():
        grouped.setdefault(name.lower(), []).append(value)
    return status, grouped, body


# --- the files themselves ------------------------------------------------------------------


def test_the_committed_files_name_only_the_three_things_to_change() -> None:
    """Each hosting/ file has the placeholder site folder, port and server name, and pulls
    everything else from the fragment the build writes into that folder."""
    fragments = {"nginx.conf": NGINX_FILE, "Caddyfile": CADDY_FILE, "apache.conf": APACHE_FILE}
    for name, fragment in fragments.items():
        text = (REPO / "hosting" / name).read_text(encoding="utf-8")
        assert f"{PLACEHOLDER_ROOT}/{HOSTING_DIR}/{fragment}" in text, name
        assert PLACEHOLDER_NAME in text, name
        assert "Content-Security-Policy" not in text and "sha256-" not in text, name  # never a copy
    assert (REPO / "hosting" / "README.md").is_file()


def test_the_built_fragments_carry_exactly_the_headers_of_headers_file(site: Path) -> None:
    """The three fragments are written from the build's _headers: every CSP they send is the
    public or beheer/ policy of that file, and beheer/'s appears only under a beheer/ pattern."""
    public, beheer = header_sets((site / HEADERS_FILE).read_text(encoding="utf-8"))
    assert public["Content-Security-Policy"] != beheer["Content-Security-Policy"]
    assert "'unsafe-eval'" in beheer["Content-Security-Policy"]
    for name in (NGINX_FILE, CADDY_FILE, APACHE_FILE):
        text = (site / HOSTING_DIR / name).read_text(encoding="utf-8")
        policies = set(re.findall(r'Content-Security-Policy "([^"]*)"', text))
        assert policies == {public["Content-Security-Policy"], beheer["Content-Security-Policy"]}, name
        for header in SECURITY_HEADERS[1:]:
            assert public[header] in text, (name, header)


def test_a_changed_policy_reaches_every_fragment(tmp_path: Path) -> None:
    """Not a copy: a different _headers gives different fragments (the drift guard)."""
    from hhz.publish.hosting import write_host_configs

    for csp in ("default-src 'none'; script-src 'self' 'sha256-AAA='", "default-src 'none'; script-src 'self' 'sha256-BBB='"):
        (tmp_path / HEADERS_FILE).write_text(f"/*\n  Content-Security-Policy: {csp}\n  X-Frame-Options: DENY\n", encoding="utf-8")
        for path in write_host_configs(tmp_path):
            assert csp in path.read_text(encoding="utf-8"), path.name


# --- the real servers ----------------------------------------------------------------------

EXPECTED_TYPES = {
    "data/ontwikkeling.csv": "text/csv; charset=utf-8",
    "beheer/config.yml": CONTENT_TYPES["yml"],
    "feed.xml": "application/atom+xml; charset=utf-8",
    "regios/humo-feed.xml": "application/atom+xml; charset=utf-8",
    "data/regios.json": "application/json",
    "regios/humo.html": "text/html; charset=utf-8",
    "assets/hhz.css": "text/css; charset=utf-8",
}


def hashed_asset(site: Path) -> str:
    return next(p.relative_to(site).as_posix() for p in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")))


def region_svg(site: Path) -> str:
    return next(p.relative_to(site).as_posix() for p in sorted(site.rglob("*.svg")) if p.parts[-2] != "beheer")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_headers_once_with_the_right_policy_types_and_cache(host, site: Path, prefix: str) -> None:
    kind, base = host
    public, beheer = header_sets((site / HEADERS_FILE).read_text(encoding="utf-8"))
    paths = [*EXPECTED_TYPES, "", "regios/", "beheer/", hashed_asset(site), region_svg(site)]
    for path in paths:
        status, headers, _ = fetch(f"{base}{prefix}/{path}")
        assert status == 200, (kind, path, status)
        expected = beheer if path.startswith("beheer/") else public
        for name in SECURITY_HEADERS:
            assert headers.get(name.lower()) == [expected[name]], (kind, path, name, headers.get(name.lower()))
        cache = headers.get("cache-control")
        if re.search(r"\.[0-9a-f]{8}\.min\.js$", path):
            assert cache == ["public, max-age=31536000, immutable"], (kind, path, cache)
        else:
            assert cache == ["no-cache"], (kind, path, cache)
        if path in EXPECTED_TYPES:
            assert headers["content-type"] == [EXPECTED_TYPES[path]], (kind, path, headers["content-type"])
        if path.endswith(".svg"):
            assert headers["content-type"] == ["image/svg+xml"], (kind, path)


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_precompressed_copies_are_served_with_vary(host, site: Path, prefix: str, encoding: str) -> None:
    kind, base = host
    suffix = {"br": ".br", "gzip": ".gz"}[encoding]
    for path, file in (("regios/humo.html", "regios/humo.html"), ("", "index.html"), ("data/regios.json", "data/regios.json")):
        status, headers, body = fetch(f"{base}{prefix}/{path}", f"{encoding}, identity")
        assert status == 200, (kind, path)
        assert headers.get("content-encoding") == [encoding], (kind, path, headers.get("content-encoding"))
        assert body == (site / (file + suffix)).read_bytes(), (kind, path)  # the build's copy, not recompressed
        assert len(headers.get("vary", [])) == 1 and "accept-encoding" in headers["vary"][0].lower(), (kind, path)
        assert headers["content-type"][0].startswith("application/json" if path.endswith(".json") else "text/html")
    status, headers, body = fetch(f"{base}{prefix}/regios/humo.html")
    assert "content-encoding" not in headers and body == (site / "regios" / "humo.html").read_bytes()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_missing_pages_get_the_sites_404_page_with_status_404(host, site: Path, prefix: str) -> None:
    kind, base = host
    own = (site / "404.html").read_bytes()
    public, _ = header_sets((site / HEADERS_FILE).read_text(encoding="utf-8"))
    for path in ("bestaat-niet.html", "regios/bestaat-niet/", f"{HEADERS_FILE}", f"{HOSTING_DIR}/{NGINX_FILE}"):
        status, headers, body = fetch(f"{base}{prefix}/{path}")
        assert status == 404, (kind, path, status)
        assert body == own, (kind, path, body[:200])
        assert headers.get("content-security-policy") == [public["Content-Security-Policy"]], (kind, path)
        assert headers.get("content-type") == ["text/html; charset=utf-8"], (kind, path)


@pytest.mark.browser
@pytest.mark.parametrize("prefix", PREFIXES)
def test_pages_and_the_form_run_under_the_servers_headers(host, site: Path, browser, prefix: str) -> None:
    """Home, a region page and beheer/ in Chromium under the real server's headers (no
    bypass): 0 CSP violations, no page errors, and Decap offers its GitHub login."""
    assert (site / "beheer" / "config.yml").is_file()
    kind, base = host
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    errors: list[str] = []
    statuses: list[str] = []
    page.on("console", lambda m: console.append(m.text) if re.search(r"Content.Security.Policy|Refused to", m.text, re.I) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: statuses.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: statuses.append(f"extern {r.url}") if not r.url.startswith(base) and not r.url.startswith("data:") else None)
    try:
        for path in ("", "regios/humo.html"):
            page.goto(f"{base}{prefix}/{path}")
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__csp") == [], (kind, path)
        page.goto(f"{base}{prefix}/beheer/")
        page.get_by_role("button", name="Inloggen met GitHub").wait_for(timeout=30_000)
        assert page.evaluate("window.__csp") == [], (kind, "beheer/")
    finally:
        context.close()
    assert console == [] and errors == [], (kind, console, errors)
    assert statuses == [], (kind, statuses)  # no 404 either (Material once asked for regios/sitemap.xml)


# --- _headers (Netlify, Cloudflare Pages) ----------------------------------------------------

NETLIFY_ENGINE = REPO / "tests" / "npm" / "node_modules" / "@netlify" / "headers"
NETLIFY_SCRIPT = """
const { HeadersHandler } = await import(process.argv[1]);
const handler = new HeadersHandler({ projectDir: process.argv[2], publishDir: ".", logger: console });
const out = {};
for (const path of JSON.parse(process.argv[3])) out[path] = await handler.apply(new Request("http://localhost" + path));
console.log(JSON.stringify(out));
"""


def test_netlifys_own_headers_engine_gives_each_path_one_policy(site: Path) -> None:
    """`_headers` through @netlify/headers (the engine of `netlify dev`, offline): the public
    pages get the public headers, beheer/ its own CSP and opener policy, each value once.
    Cloudflare Pages has no offline engine on npm (Wrangler brings a whole Workers runtime);
    its `! Header` lines are checked by the next test."""
    import json
    import os
    import shutil as sh
    import subprocess

    node = sh.which("node")
    if node is None or not NETLIFY_ENGINE.is_dir():
        problem = "node of tests/npm/node_modules/@netlify/headers ontbreekt (npm ci --prefix tests/npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    public, beheer = header_sets((site / HEADERS_FILE).read_text(encoding="utf-8"))
    paths = ["/", "/regios/humo.html", "/data/ontwikkeling.csv", "/beheer/", "/beheer/config.yml"]
    entry = (NETLIFY_ENGINE / "dist" / "main.js").as_uri()
    proc = subprocess.run(
        [node, "--input-type=module", "-e", NETLIFY_SCRIPT, entry, str(site), json.dumps(paths)],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    answered = json.loads(proc.stdout.strip().splitlines()[-1])
    for path in paths:
        expected = beheer if path.startswith("/beheer/") else public
        assert answered[path] == expected, (path, answered[path])


def test_cloudflare_detach_lines_cover_every_header_beheer_replaces(site: Path) -> None:
    """Cloudflare Pages joins the values of all matching rules; the `/beheer/*` rule first
    detaches (`! Name`) each header it sets, so beheer/ gets one value per header there too."""
    text = (site / HEADERS_FILE).read_text(encoding="utf-8")
    block = text[text.index("\n/beheer/*\n") :].splitlines()[2:]
    detached = [line.strip()[2:] for line in block if line.strip().startswith("! ")]
    _, beheer = header_sets(text)
    public, _ = header_sets(text)
    replaced = sorted(name for name in beheer if beheer[name] != public[name])
    assert sorted(detached) == replaced == ["Content-Security-Policy", "Cross-Origin-Opener-Policy"]
