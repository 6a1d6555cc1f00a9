"""The form editor's test tools: node and decap-server (tests/npm), the Decap bundle (cms/),
a project copy in a temporary git repository built with ``beheer/``, and the CMS's own
YAML format run with node.

Missing tools skip the tests locally and fail them on CI (CI=true), like the browser tests.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO
from helpers.shipped import FILES, SOURCES

NODE = shutil.which("node")
DECAP_SERVER = REPO / "tests" / "npm" / "node_modules" / "decap-server" / "dist" / "index.js"
DECAP_BUNDLE = REPO / "cms" / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
YAML_PACKAGE = REPO / "cms" / "node_modules" / "yaml"
FORMAT_SCRIPT = REPO / "site_templates" / "beheer" / "hhz-yaml-format.js"


def need_cms_tools(*, server: bool = False) -> None:
    """Skip without node or the Decap bundle (and decap-server when asked); fail on CI."""
    missing = [name for name, ok in (("node", NODE), ("cms/node_modules (npm ci --prefix cms)", DECAP_BUNDLE.is_file())) if not ok]
    if server and not DECAP_SERVER.is_file():
        missing.append("tests/npm/node_modules/decap-server (npm ci --prefix tests/npm)")
    if missing:
        problem = "ontbreekt: " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CMS-tests kunnen niet draaien op CI: {problem}")
        pytest.skip(problem)


def copy_project(root: Path) -> Path:
    """The project's sources in ``root`` as a fresh git repository (one commit), with cms/
    linked in (the bundle is 66 MB; it is only read)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    for name in FILES:
        shutil.copy(REPO / name, root / name)
    (root / "cms").symlink_to(REPO / "cms")
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("cms\nsite/\nsite-na/\npublished/\nbuild/\n.site.tmp-build/\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "start")
    return root


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return proc.stdout


def hhz(root: Path, *args: str, geo_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HHZ_GEO_DIR"}  # no geodata: none at all
    if geo_dir:
        env["HHZ_GEO_DIR"] = str(geo_dir)
    return subprocess.run([sys.executable, "-m", "hhz", *args], cwd=root, capture_output=True, text=True, env=env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def decap_server(repo: Path, mode: str = "fs"):
    """decap-server on 127.0.0.1 for ``repo``; yields its API URL. ``mode`` "fs" writes the
    files; "git" commits them, with a branch per entry in the editorial workflow."""
    port = free_port()
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE=mode, GIT_REPO_DIRECTORY=str(repo), LOG_LEVEL="warn")
    proc = subprocess.Popen([NODE, str(DECAP_SERVER)], cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("decap-server start niet")
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


_ROUND_TRIP_JS = """
import { createRequire } from "module";
import fs from "fs";
const require = createRequire(process.argv[2] + "/");
const YAML = require("yaml");
const format = await import(process.argv[3]);
const { files, fields, rules } = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
for (const [name, text] of Object.entries(files)) out[name] = format.toFile(YAML, format.fromFile(YAML, text, rules), fields, rules);
process.stdout.write(JSON.stringify(out));
"""


def load_and_save(texts: dict[str, str], work: Path, fields: list[dict] | None = None) -> dict[str, str]:
    """Each text loaded and saved again by the CMS's format (fromFile, then toFile with the
    form's ``fields`` for the key order and the loader's plain-scalar rules), in node."""
    from hhz.load.values import plain_scalar_rules

    return _run_format_script(work, "round-trip.mjs", _ROUND_TRIP_JS,
                              {"files": texts, "fields": fields, "rules": plain_scalar_rules()})


_SAVE_JS = """
import { createRequire } from "module";
import fs from "fs";
const require = createRequire(process.argv[2] + "/");
const YAML = require("yaml");
const format = await import(process.argv[3]);
const { values, texts, fields, rules } = JSON.parse(fs.readFileSync(0, "utf8"));
const saved = values.map((data) => format.toFile(YAML, data, fields, rules));
const loaded = texts.map((text) => format.fromFile(YAML, text, rules));
process.stdout.write(JSON.stringify({ saved, loaded }));
"""


def run_format(
    values: list[dict], texts: list[str], work: Path, fields: list[dict] | None, rules: object
) -> tuple[list[str], list[object]]:
    """The CMS's format in node: ``toFile`` of each of ``values`` (what the form holds) and
    ``fromFile`` of each of ``texts``; ``rules`` are the loader's plain-scalar rules as the
    built ``beheer/`` carries them."""
    work.mkdir(parents=True, exist_ok=True)
    module = work / "format.mjs"
    shutil.copy(FORMAT_SCRIPT, module)
    script = work / "save.mjs"
    script.write_text(_SAVE_JS, encoding="utf-8")
    payload = {"values": values, "texts": texts, "fields": fields, "rules": rules}
    proc = subprocess.run(
        [NODE, str(script), str(YAML_PACKAGE.parent), str(module)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    return out["saved"], out["loaded"]


_SAVE_LINES_JS = """
import { createRequire } from "module";
import readline from "readline";
const require = createRequire(process.argv[2] + "/");
const YAML = require("yaml");
const format = await import(process.argv[3]);
for await (const line of readline.createInterface({ input: process.stdin })) {
  const { values, texts, fields, rules } = JSON.parse(line);
  const saved = values.map((data) => format.toFile(YAML, data, fields, rules));
  const loaded = texts.map((text) => format.fromFile(YAML, text, rules));
  process.stdout.write(JSON.stringify({ saved, loaded }) + "\\n");
}
"""


class FormatProcess:
    """``run_format`` in one node process for many calls (one JSON line each way): for a
    property test that runs the format hundreds of times (starting node is most of the cost)."""

    def __init__(self, work: Path):
        work.mkdir(parents=True, exist_ok=True)
        module = work / "format.mjs"
        shutil.copy(FORMAT_SCRIPT, module)
        script = work / "save-lines.mjs"
        script.write_text(_SAVE_LINES_JS, encoding="utf-8")
        self.proc = subprocess.Popen(
            [NODE, str(script), str(YAML_PACKAGE.parent), str(module)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, values: list[dict], texts: list[str], fields: list[dict] | None, rules: object) -> tuple[list[str], list[object]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"values": values, "texts": texts, "fields": fields, "rules": rules}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read() if self.proc.stderr else "node stopped"
        out = json.loads(line)
        return out["saved"], out["loaded"]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


_EDIT_JS = """
import { createRequire } from "module";
import fs from "fs";
const require = createRequire(process.argv[2] + "/");
const YAML = require("yaml");
const format = await import(process.argv[3]);
const { saves, fields, rules } = JSON.parse(fs.readFileSync(0, "utf8"));
const out = saves.map(([original, data]) =>
  format.toFile(YAML, data === null ? format.fromFile(YAML, original, rules) : data, fields, rules, original));
process.stdout.write(JSON.stringify(out));
"""


def save_in_place(saves: list[tuple[str, dict | None]], work: Path, fields: list[dict] | None) -> list[str]:
    """What the form saves for each (original text, values) pair: ``toFile`` given the text
    the entry was loaded from (as beheer/ keeps it), so the text is edited in place. Values
    None: the original's own values, loaded by ``fromFile`` (an unchanged save)."""
    from hhz.load.values import plain_scalar_rules

    return _run_format_script(work, "edit.mjs", _EDIT_JS,
                              {"saves": saves, "fields": fields, "rules": plain_scalar_rules()})


def _run_format_script(work: Path, name: str, js: str, payload: dict):
    """Runs ``js`` (saved as ``name`` beside a copy of the CMS format) in node with ``payload``
    as JSON on stdin; its JSON output."""
    work.mkdir(parents=True, exist_ok=True)
    module = work / "format.mjs"
    shutil.copy(FORMAT_SCRIPT, module)
    script = work / name
    script.write_text(js, encoding="utf-8")
    proc = subprocess.run(
        [NODE, str(script), str(YAML_PACKAGE.parent), str(module)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def shipped_form_fields() -> list[dict]:
    """The form's fields for the shipped data (the regions collection of beheer/config.yml)."""
    from hhz.editing.cms import Backend, cms_config
    from hhz.validate import validate_root

    result = validate_root(REPO, None)
    assert result.dataset is not None
    (collection,) = cms_config(result.dataset, {}, Backend())["collections"]
    return collection["fields"]


def form_config_yaml(dataset, api: str, *, editorial: bool = False) -> bytes:
    """beheer/config.yml for a test: the form for ``dataset`` with decap-server at ``api`` as its
    back-end; ``editorial``: with the editorial workflow, as published."""
    from hhz.editing.cms import Backend, cms_config, config_yaml

    config = cms_config(dataset, dict(dataset.gemeente_namen), Backend(repo="o/r", local_backend_url=api))
    if editorial:
        config["publish_mode"] = "editorial_workflow"
    return config_yaml(config)
