"""A dry run of a GitHub Actions job: its steps in order, as Actions would run them.

Each `if:` is evaluated (the expression forms our workflows use), `run:` steps run in bash
(`bash -eo pipefail`, as Actions does) with the step's `env:`, `$GITHUB_OUTPUT` and
`$GITHUB_ENV`; `uses:` steps are played by the test: actions/cache restores and saves a
folder in a local cache store keyed like the real one (`hashFiles` included), the others
are handed to a callback. Fake `gh`, `curl`, `make` and `hhz` programs (below) stand in for
GitHub's API, GitHub Pages, the test suite and PDOK.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

FAKE_GH = r"""#!/usr/bin/env bash
# Fake gh: `api .../pulls?state=open...` applies --jq to $FAKE_OPEN, `api .../pulls/N` to
# $FAKE_PR, other reads to $FAKE_COMMENTS; a POST or PATCH with --input - stores the body in
# $FAKE_BODY. Every call is logged to $FAKE_LOG.
printf 'gh %s\n' "$*" >>"$FAKE_LOG"
jq_filter="" prev=""
for arg in "$@"; do
  if [ "$prev" = "--jq" ]; then jq_filter="$arg"; fi
  prev="$arg"
done
if [[ " $* " == *" --input - "* ]]; then
  cat >"$FAKE_BODY"
elif [[ " $* " == *"/pulls?state=open"* ]]; then
  jq -r "$jq_filter" "$FAKE_OPEN"
elif [[ " $* " == *"/pulls/"* ]]; then
  jq -r "$jq_filter" "$FAKE_PR"
else
  jq -r "$jq_filter" "$FAKE_COMMENTS"
fi
"""

FAKE_CURL = r"""#!/usr/bin/env bash
# Fake GitHub Pages: serves $FAKE_PAGES_BASE<path> from the gh-pages branch of
# $FAKE_PAGES_REMOTE, but only from call number $FAKE_PAGES_DELAY + 1 on (Pages deploys a
# push after a while); before that, or for a missing file, curl -f's exit code 22. With
# FAKE_PAGES_STALE=N the first N calls get $FAKE_PAGES_STALE_TEXT (an older deploy).
url="${!#}"
printf 'curl %s\n' "$url" >>"$FAKE_LOG"
count=$(( $(cat "$FAKE_PAGES_COUNT" 2>/dev/null || echo 0) + 1 ))
echo "$count" >"$FAKE_PAGES_COUNT"
if [ "$count" -le "${FAKE_PAGES_STALE:-0}" ]; then echo "$FAKE_PAGES_STALE_TEXT"; exit 0; fi
if [ "$count" -le "${FAKE_PAGES_DELAY:-0}" ]; then exit 22; fi
path="${url%%\?*}"
path="${path#"$FAKE_PAGES_BASE"}"
git --git-dir="$FAKE_PAGES_REMOTE" show "gh-pages:$path" 2>/dev/null || exit 22
"""

FAKE_MAKE = r"""#!/usr/bin/env bash
# Fake make: logs the target and the environment the tests would see.
printf 'make %s HHZ_GEO_DIR=%s CI=%s\n' "$*" "${HHZ_GEO_DIR:-}" "${CI:-}" >>"$FAKE_LOG"
"""

FAKE_HHZ = r"""#!/usr/bin/env bash
# Fake hhz for `hhz geo fetch --dest DIR`: copies $FAKE_GEO_SOURCE/* to DIR, or fails like
# an unreachable PDOK when FAKE_PDOK=down.
printf 'hhz %s\n' "$*" >>"$FAKE_LOG"
if [ "${FAKE_PDOK:-up}" = down ]; then
  echo "fout: PDOK is niet bereikbaar" >&2
  exit 1
fi
dest="" prev=""
for arg in "$@"; do
  if [ "$prev" = "--dest" ]; then dest="$arg"; fi
  prev="$arg"
done
mkdir -p "$dest"
cp "$FAKE_GEO_SOURCE"/* "$dest/"
"""


def fake_programs(bin_dir: Path, **programs: str) -> Path:
    """Write executable fakes (name=script) into bin_dir; returns bin_dir for PATH."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name, script in programs.items():
        path = bin_dir / name
        path.write_text(script, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(condition: str, context: dict[str, str], failed: bool = False) -> bool:
    """An `if:` of our workflows: ==, !=, &&, ||, ( ) over context values and 'strings',
    plus success(), failure(), always() and !cancelled() (nothing is ever cancelled here)."""
    expression = condition.replace("${{", "").replace("}}", "").strip() or "success()"
    python = expression.replace("!cancelled()", "True").replace("always()", "True")
    python = python.replace("success()", str(not failed)).replace("failure()", str(failed))
    python = re.sub(r"\b[a-z_]+(?:\.[A-Za-z0-9_-]+)+", lambda m: repr(context.get(m.group(0), "")), python)
    python = python.replace("&&", " and ").replace("||", " or ")
    rest = re.sub(r"'[^']*'|\b(?:and|or|True|False)\b|==|!=|[\s()]", "", python)
    assert rest == "", f"vorm die de dry run niet kent: {condition}"
    return bool(eval(python, {"__builtins__": {}}))  # noqa: S307 - only the workflows' own conditions


def substitute(value: str, context: dict[str, str], cwd: Path | None = None) -> str:
    """`${{ ... }}` in a value: a context name, or hashFiles('a', 'b') over files in cwd."""

    def one(match: re.Match) -> str:
        expression = match.group(1)
        call = re.fullmatch(r"hashFiles\((.*)\)", expression)
        if call:
            digest = hashlib.sha256()
            for name in re.findall(r"'([^']*)'", call.group(1)):
                path = (cwd or Path.cwd()) / name
                digest.update(path.read_bytes() if path.is_file() else b"")
            return digest.hexdigest()
        assert re.fullmatch(r"[a-z_]+(?:\.[A-Za-z0-9_-]+)+", expression), f"onbekende expressie: {expression}"
        return context.get(expression, "")

    return re.sub(r"\$\{\{\s*(.+?)\s*\}\}", one, str(value))


class JobRun:
    """One job of a workflow, run step by step in ``work`` with ``env``."""

    def __init__(
        self,
        workflow: Path,
        job_id: str,
        work: Path,
        context: dict[str, str],
        env: dict[str, str],
        tmp: Path,
        uses: Callable[[dict], None] | None = None,
        cache_store: Path | None = None,
    ) -> None:
        self.job = load(workflow)["jobs"][job_id]
        self.work, self.context, self.env, self.tmp = work, context, dict(env), tmp
        self.play = uses
        self.cache_store = cache_store or tmp / "cache-store"
        self.results: dict[str, subprocess.CompletedProcess] = {}
        self.ran: list[str] = []
        self.failed = False
        self.env_file = tmp / "github_env"
        self.env_file.touch()
        self._saves: list[tuple[Path, Path]] = []

    def _home(self, path: str) -> Path:
        return Path(self.env["HOME"]) / path[2:] if path.startswith("~/") else self.work / path

    def uses(self, step: dict) -> None:
        action = step["uses"]
        if action.startswith("actions/cache@"):
            settings = {key: substitute(value, self.context, self.work) for key, value in step["with"].items()}
            (path,) = settings["path"].split()
            stored = self.cache_store / settings["key"]
            target = self._home(path)
            if stored.is_dir():
                shutil.copytree(stored, target, dirs_exist_ok=True)
            else:  # a miss: saved after the job, as actions/cache does in its post step
                self._saves.append((target, stored))
        elif self.play is not None:
            self.play(step)
        else:
            raise AssertionError(f"onbekende actie in de dry run: {action}")

    def run(self, step: dict, step_id: str) -> subprocess.CompletedProcess:
        output = self.tmp / f"output-{step_id}"
        output.write_text("", encoding="utf-8")
        env = dict(self.env)
        for line in self.env_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        env |= {key: substitute(value, self.context, self.work) for key, value in step.get("env", {}).items()}
        env |= {"GITHUB_OUTPUT": str(output), "GITHUB_ENV": str(self.env_file)}
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=self.work, env=env, capture_output=True, text=True, timeout=300,
        )
        for line in output.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            self.context[f"steps.{step_id}.outputs.{key}"] = value
        return proc

    def execute(self) -> JobRun:
        if "if" in self.job and not evaluate(str(self.job["if"]), self.context):
            return self
        for index, step in enumerate(self.job["steps"]):
            step_id = step.get("id", f"step{index}")
            if not evaluate(str(step.get("if", "success()")), self.context, self.failed):
                continue
            self.ran.append(step["name"])
            if "uses" in step:
                self.uses(step)
                outcome = "success"
            else:
                proc = self.results[step_id] = self.run(step, step_id)
                outcome = "success" if proc.returncode == 0 else "failure"
                self.failed = self.failed or proc.returncode != 0
            self.context[f"steps.{step_id}.outcome"] = outcome
        if not self.failed:
            for target, stored in self._saves:
                if target.is_dir():
                    shutil.copytree(target, stored)
        return self

    def assert_succeeded(self) -> None:
        for step_id, proc in self.results.items():
            assert proc.returncode == 0, f"{step_id}: {proc.stdout}{proc.stderr}"


def need_jq() -> None:
    """The fake gh applies the workflows' jq filters with the real jq."""
    if not shutil.which("jq"):
        if os.environ.get("CI") == "true":
            pytest.fail("jq ontbreekt op CI (scripts/install-test-deps.sh installeert het)")
        pytest.skip("jq ontbreekt")
