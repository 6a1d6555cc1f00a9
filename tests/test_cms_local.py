"""`hhz serve --beheer`: the form on this machine without GitHub (issue 24, item 1).

One command builds the site, starts decap-server (tests/npm's pinned copy) on 127.0.0.1 and
serves the site with beheer/ pointed at it: the policy admits decap-server's origin in this
mode only. Checked here: the published files never name a local origin; the served form
logs in and saves under its real policy (no CSP bypass) without a single violation or a
request off 127.0.0.1; Ctrl+C stops both servers.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from hhz.publish.headers import beheer_policy, parse_headers_file
from hhz.publish.localform import headers_for, local_site
from helpers import ARTIFACTS, REPO
from helpers.browser import need_browser
from helpers.cms import copy_project, free_port, need_cms_tools

LOCAL = re.compile(r"127\.0\.0\.1|localhost")


def test_headers_for_a_path_later_rules_win() -> None:
    rules = {"/*": {"A": "1", "B": "1"}, "/beheer/*": {"B": "2"}}
    assert headers_for(rules, "/index.html") == {"A": "1", "B": "1"}
    assert headers_for(rules, "/beheer/index.html") == {"A": "1", "B": "2"}


def test_the_local_site_widens_beheer_only_in_memory(tmp_path: Path) -> None:
    from hhz.publish.headers import write_beheer_security

    site = tmp_path / "site"
    (site / "beheer").mkdir(parents=True)
    (site / "beheer" / "index.html").write_text("<!doctype html><html><head><meta charset=utf-8></head></html>", "utf-8")
    (site / "beheer" / "config.yml").write_text("backend: {name: github}\npublish_mode: editorial_workflow\n", "utf-8")
    rule = write_beheer_security(site, {"Referrer-Policy": "no-referrer"})
    (site / "_headers").write_text("/*\n  X-Frame-Options: DENY\n" + rule, "utf-8")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    local = local_site(site, "http://127.0.0.1:9999/api/v1")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before  # nothing written
    assert local.headers["/beheer/*"]["Content-Security-Policy"] == beheer_policy(local_backend="http://127.0.0.1:9999")
    assert "connect-src 'self' https://api.github.com http://127.0.0.1:9999;" in local.headers["/beheer/*"]["Content-Security-Policy"]
    assert "127.0.0.1:9999" in local.overrides["beheer/index.html"].decode()
    assert b"local_backend:\n  url: http://127.0.0.1:9999/api/v1" in local.overrides["beheer/config.yml"]
    assert b"publish_mode" not in local.overrides["beheer/config.yml"]
    assert not any(LOCAL.search(b.decode("utf-8")) for b in before.values())


# --- the command itself ------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_form(tmp_path_factory, geo_dir_optional):
    """`hhz serve --beheer` running on a copy of the project; yields (root, base URL, process)."""
    need_cms_tools(server=True)
    root = copy_project(tmp_path_factory.mktemp("local-form") / "project")
    (root / "tests" / "npm").mkdir(parents=True)
    (root / "tests" / "npm" / "node_modules").symlink_to(REPO / "tests" / "npm" / "node_modules")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "HHZ_GEO_DIR"}
    if geo_dir_optional:
        env["HHZ_GEO_DIR"] = str(geo_dir_optional)
    env["COLUMNS"] = "200"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hhz", "serve", ".", "--beheer", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "formulier:" in line:
            break
    base = f"http://127.0.0.1:{port}"
    assert any(f"{base}/beheer/" in line for line in lines), "".join(lines)
    yield root, base, proc, lines
    if proc.poll() is None:  # a test failed before Ctrl+C: stop it the same way (decap-server too)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_the_published_build_names_no_local_origin(local_form) -> None:
    root, _base, _proc, _lines = local_form
    site = root / "site"
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    assert rules["/beheer/*"]["Content-Security-Policy"] == beheer_policy()
    for path in (site / "_headers", site / "beheer" / "index.html", site / "beheer" / "config.yml"):
        assert not LOCAL.search(path.read_text(encoding="utf-8")), path
    assert "local_backend" not in (site / "beheer" / "config.yml").read_text(encoding="utf-8")


def test_the_served_form_admits_decap_server(local_form) -> None:
    _root, base, _proc, _lines = local_form
    with urlopen(f"{base}/beheer/config.yml") as response:
        config = response.read().decode("utf-8")
    api = re.search(r"url: (http://127\.0\.0\.1:\d+)/api/v1", config)
    assert api, config
    with urlopen(f"{base}/beheer/") as response:
        policy = response.headers["Content-Security-Policy"]
        page = response.read().decode("utf-8")
    assert policy == beheer_policy(local_backend=api[1])
    assert f"connect-src &#x27;self&#x27; https://api.github.com {api[1]}" in page or f"https://api.github.com {api[1]};" in page
    with urlopen(f"{base}/index.html") as response:  # the public pages keep their own policy
        assert api[1] not in response.headers["Content-Security-Policy"]


def test_the_form_logs_in_and_saves_under_its_real_policy(local_form, browser) -> None:
    need_browser()
    root, base, _proc, _lines = local_form
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # no bypass_csp
    page = context.new_page()
    violations: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith("http://127.0.0.1:") and not r.url.startswith(("data:", "blob:")) else None)
    page.goto(f"{base}/beheer/")
    page.get_by_role("button", name="Inloggen", exact=True).click(timeout=30_000)
    page.get_by_role("link", name=re.compile("^HUMO huisartsenzorg")).click(timeout=30_000)
    label = page.locator("label").filter(has_text=re.compile("^Korte naam"))
    label.first.wait_for()
    _screens(page)
    page.locator(f"[id='{label.first.get_attribute('for')}']").fill("HUMO-lokaal")
    page.get_by_role("button", name="Publiceer", exact=True).click()
    page.get_by_role("menuitem", name="Publiceer nu").click()
    path = root / "regions" / "humo.yaml"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "HUMO-lokaal" not in path.read_text(encoding="utf-8"):
        page.wait_for_timeout(200)
    context.close()
    assert "korte_naam: HUMO-lokaal" in path.read_text(encoding="utf-8")
    assert violations == [] and foreign == []


def _screens(page) -> None:
    """The region form at 1366 and 390 px wide into test-artifacts/ (for a reviewer to look
    at), with how wide the page is at 390 and whether Publiceer can be reached there."""
    import json

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "beheer-regio-1366.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "beheer-regio-390.png"))
    button = page.get_by_role("button", name="Publiceer", exact=True)
    box = button.bounding_box(timeout=2000) if button.count() else None  # None: not in the page at 390
    measured = {
        "scroll_width_390": page.evaluate("document.documentElement.scrollWidth"),
        "publiceer_right_edge_390": box and round(box["x"] + box["width"]),
    }
    (ARTIFACTS / "beheer-390.json").write_text(json.dumps(measured, indent=2), encoding="utf-8")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_ctrl_c_stops_both_servers(local_form) -> None:
    _root, base, proc, lines = local_form
    with urlopen(f"{base}/beheer/config.yml") as response:
        port = int(re.search(r"url: http://127\.0\.0\.1:(\d+)/", response.read().decode())[1])
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 0
    rest = proc.stdout.read()
    assert "gestopt" in rest, "".join(lines) + rest
    for served in (port, int(base.rsplit(":", 1)[1])):
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", served), timeout=1).close()
