"""A dry run of pr-preview.yml: a fork's pull request gets no preview, the repository's own does.

The steps run in order as Actions would run them: each `if:` is evaluated (the few
expression forms this workflow uses), `run:` steps run in bash against a fake `gh` and a
local gh-pages remote, and the `uses:` steps are played by the test (the artifacts are
copied in, the checkout copies `.github/scripts`). Why no fork preview: the preview would
run the fork's JavaScript on the origin where beheer/ keeps an editor's GitHub token.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from test_workflows import GIT_ENV, PREVIEW_WORKFLOW, REPO, branch_files, git, load, site

HEAD_SHA = "0123456789abcdef0123456789abcdef01234567"
THIS_REPO = "Voorbeeld/regios"

FAKE_GH = r"""#!/usr/bin/env bash
# Fake gh: `api .../pulls/N --jq F` applies F to $FAKE_PR, `api --paginate .../comments --jq F`
# to $FAKE_COMMENTS; a POST or PATCH with --input - stores the body in $FAKE_BODY.
printf '%s\n' "$*" >>"$FAKE_LOG"
jq_filter="" prev=""
for arg in "$@"; do
  if [ "$prev" = "--jq" ]; then jq_filter="$arg"; fi
  prev="$arg"
done
if [[ " $* " == *" --input - "* ]]; then
  cat >"$FAKE_BODY"
elif [[ " $* " == *"/pulls/"* ]]; then
  jq -r "$jq_filter" "$FAKE_PR"
else
  jq -r "$jq_filter" "$FAKE_COMMENTS"
fi
"""


def evaluate(condition: str, context: dict[str, str]) -> bool:
    """Evaluate an `if:` of this workflow: ==, !=, &&, || over context values and 'strings'."""
    expression = condition.replace("${{", "").replace("}}", "").strip()
    if expression in ("", "success()"):
        return True
    python = re.sub(r"\b[a-z_]+(?:\.[A-Za-z0-9_-]+)+", lambda m: repr(context.get(m.group(0), "")), expression)
    python = python.replace("&&", " and ").replace("||", " or ")
    rest = re.sub(r"'[^']*'|\b(?:and|or)\b|==|!=|[\s()]", "", python)
    assert rest == "", f"vorm die de dry run niet kent: {condition}"
    return bool(eval(python, {"__builtins__": {}}))  # noqa: S307 - only the workflow's own conditions


def substitute(value: str, context: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*(.+?)\s*\}\}", lambda m: context.get(m.group(1), ""), str(value))


class PreviewRun:
    """One run of the preview workflow after PR-controle for PR #42."""

    def __init__(self, tmp_path: Path, head_repo: str, separate_origin: str = "") -> None:
        self.tmp = tmp_path
        self.remote = tmp_path / "remote.git"
        self.remote.mkdir()
        git(self.remote, "init", "-q", "--bare")
        self.work = tmp_path / "work"
        self.work.mkdir()
        self.artifacts = {"pr-info": tmp_path / "art-pr-info", "site": site(tmp_path / "art-site", "preview")}
        self.artifacts["pr-info"].mkdir()
        (self.artifacts["pr-info"] / "number").write_text("42\n", encoding="utf-8")
        (self.artifacts["pr-info"] / "summary.md").write_text("## Wijzigingen\n", encoding="utf-8")
        (tmp_path / "pr.json").write_text(
            json.dumps({"head": {"sha": HEAD_SHA, "repo": {"full_name": head_repo}}, "state": "open"}), encoding="utf-8"
        )
        (tmp_path / "comments.json").write_text("[]", encoding="utf-8")
        self.context = {
            "github.event.workflow_run.event": "pull_request",
            "github.event.workflow_run.conclusion": "success",
            "github.event.workflow_run.id": "99",
            "github.event.workflow_run.head_sha": HEAD_SHA,
            "github.event.workflow_run.html_url": "https://github.com/Voorbeeld/regios/actions/runs/99",
            "github.event.workflow_run.head_repository.full_name": head_repo,
            "github.event.repository.default_branch": "main",
            "github.repository": THIS_REPO,
            "github.token": "nep",
            "runner.temp": str(tmp_path / "runner"),
            "vars.PREVIEW_BASE_URL": "",
            "vars.PREVIEW_SEPARATE_ORIGIN": separate_origin,
        }
        self.env = dict(os.environ) | GIT_ENV | {
            "PATH": f"{self.fake_gh()}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(tmp_path),
            "GH_PAGES_REMOTE": str(self.remote),
            "GITHUB_REPOSITORY": THIS_REPO,
            "FAKE_LOG": str(tmp_path / "gh.log"),
            "FAKE_PR": str(tmp_path / "pr.json"),
            "FAKE_COMMENTS": str(tmp_path / "comments.json"),
            "FAKE_BODY": str(tmp_path / "body.json"),
        }

    def fake_gh(self) -> Path:
        bin_dir = self.tmp / "bin"
        bin_dir.mkdir()
        gh = bin_dir / "gh"
        gh.write_text(FAKE_GH, encoding="utf-8")
        gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
        return bin_dir

    def uses(self, step: dict) -> None:
        action = step["uses"]
        if "checkout" in action:
            shutil.copytree(REPO / ".github" / "scripts", self.work / ".github" / "scripts")
        elif "download-artifact" in action:
            shutil.copytree(self.artifacts[step["with"]["name"]], substitute(step["with"]["path"], self.context))
        else:
            raise AssertionError(f"onbekende actie in de dry run: {action}")

    def run(self, step: dict, step_id: str) -> None:
        output = self.tmp / f"output-{step_id}"
        output.touch()
        env = self.env | {key: substitute(value, self.context) for key, value in step.get("env", {}).items()}
        env["GITHUB_OUTPUT"] = str(output)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=self.work, env=env, capture_output=True, text=True, timeout=120,
        )
        assert proc.returncode == 0, f"{step.get('name')}: {proc.stdout}{proc.stderr}"
        for line in output.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            self.context[f"steps.{step_id}.outputs.{key}"] = value

    def execute(self) -> list[str]:
        (job,) = load(PREVIEW_WORKFLOW)["jobs"].values()
        ran = []
        if not evaluate(job["if"], self.context):
            return ran
        for index, step in enumerate(job["steps"]):
            step_id = step.get("id", f"step{index}")
            if not evaluate(str(step.get("if", "success()")), self.context):
                continue
            self.uses(step) if "uses" in step else self.run(step, step_id)
            self.context[f"steps.{step_id}.outcome"] = "success"
            ran.append(step["name"])
        return ran

    def comment(self) -> str:
        return json.loads(Path(self.env["FAKE_BODY"]).read_text(encoding="utf-8"))["body"]


@pytest.fixture(autouse=True)
def _needs_jq() -> None:
    if not shutil.which("jq"):
        pytest.skip("jq ontbreekt")


def test_same_repository_pull_request_gets_its_preview(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo="voorbeeld/Regios")  # GitHub's names are case-insensitive
    ran = run.execute()
    assert "Preview publiceren op gh-pages" in ran
    assert "pr-42/index.html" in branch_files(run.remote)
    body = run.comment()
    assert "## Preview van deze wijziging" in body
    assert "https://voorbeeld.github.io/regios/pr-42/" in body


def test_fork_pull_request_gets_no_preview_and_loses_an_old_one(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo="buitenstaander/regios")
    old = site(tmp_path / "old", "oude preview")
    env = run.env | {"GITHUB_OUTPUT": os.devnull}
    subprocess.run(["bash", str(REPO / ".github/scripts/gh-pages.sh"), "publish", str(old), "pr-42", "oud"], env=env, check=True, capture_output=True)
    assert "pr-42/index.html" in branch_files(run.remote)

    ran = run.execute()
    assert "Site downloaden" not in ran and "Preview publiceren op gh-pages" not in ran
    assert not any(name.startswith("pr-42/") for name in branch_files(run.remote))
    body = run.comment()
    assert "## Geen preview: pull request uit een fork" in body
    assert "beheer/" in body and "actions/runs/99" in body
    assert "## Preview van deze wijziging" not in body


def test_fork_gets_a_preview_when_previews_live_on_another_origin(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo="buitenstaander/regios", separate_origin="true")
    run.context["vars.PREVIEW_BASE_URL"] = "https://previews.voorbeeld.nl"
    run.execute()
    assert "pr-42/index.html" in branch_files(run.remote)
    assert "https://previews.voorbeeld.nl/pr-42/" in run.comment()


def test_deleted_fork_counts_as_a_fork(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo="x/y")
    (tmp_path / "pr.json").write_text(json.dumps({"head": {"sha": HEAD_SHA, "repo": None}, "state": "open"}), encoding="utf-8")
    run.execute()
    assert not branch_exists(run.remote)  # nothing was published
    assert "pull request uit een fork" in run.comment()


def branch_exists(remote: Path) -> bool:
    proc = subprocess.run(["git", "rev-parse", "--verify", "-q", "gh-pages"], cwd=remote, capture_output=True)
    return proc.returncode == 0
