"""Dry runs of pr-preview.yml and pr-preview-opruimen.yml (issue 25).

The steps run in order as Actions would run them (tests/helpers/workflows.py): `run:` steps
in bash against a fake `gh` (GitHub's API), a fake `curl` that plays GitHub Pages from a
local gh-pages remote, and that remote itself; the `uses:` steps are played by the test (the
artifacts are copied in, the checkout copies `.github/scripts`).

- A fork's pull request never gets a preview (it would run the fork's JavaScript on the
  origin where beheer/ keeps an editor's GitHub token), whatever the repository variables say.
- The comment is posted after Pages serves the new preview, and says so when it does not yet.
- Previews carry noindex; the clean-up removes the preview of a closed pull request, and the
  daily run every preview whose pull request is not open.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.workflows import FAKE_CURL, FAKE_GH, JobRun, fake_programs, load, need_jq
from test_workflows import CLEANUP_WORKFLOW, GIT_ENV, PREVIEW_WORKFLOW, REPO, WORKFLOWS, branch_files, git, site

HEAD_SHA = "0123456789abcdef0123456789abcdef01234567"
THIS_REPO = "Voorbeeld/regios"
PAGES_BASE = "https://voorbeeld.github.io/regios/"


@pytest.fixture(autouse=True)
def _needs_jq() -> None:
    need_jq()


def bare_remote(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "-q", "--bare")
    return remote


def fake_env(tmp_path: Path, remote: Path) -> dict[str, str]:
    bin_dir = fake_programs(tmp_path / "bin", gh=FAKE_GH, curl=FAKE_CURL)
    (tmp_path / "comments.json").write_text("[]", encoding="utf-8")
    (tmp_path / "open.json").write_text("[]", encoding="utf-8")
    return dict(os.environ) | GIT_ENV | {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GH_PAGES_REMOTE": str(remote),
        "GH_PAGES_RETRY_MS": "100",
        "GITHUB_REPOSITORY": THIS_REPO,
        "FAKE_LOG": str(tmp_path / "calls.log"),
        "FAKE_PR": str(tmp_path / "pr.json"),
        "FAKE_OPEN": str(tmp_path / "open.json"),
        "FAKE_COMMENTS": str(tmp_path / "comments.json"),
        "FAKE_BODY": str(tmp_path / "body.json"),
        "FAKE_PAGES_BASE": PAGES_BASE,
        "FAKE_PAGES_REMOTE": str(remote),
        "FAKE_PAGES_COUNT": str(tmp_path / "pages-count"),
        "PREVIEW_WAIT_SECONDS": "0",
        "PREVIEW_WAIT_TRIES": "4",
    }


def publish(env: dict[str, str], folder: Path, target: str) -> None:
    subprocess.run(
        ["bash", str(REPO / ".github/scripts/gh-pages.sh"), "publish", str(folder), target, "eerder"],
        env=env | {"GITHUB_OUTPUT": os.devnull}, check=True, capture_output=True,
    )


class PreviewRun:
    """One run of the preview workflow after PR-controle for PR #42."""

    def __init__(self, tmp_path: Path, head_repo: str, variables: dict[str, str] | None = None) -> None:
        self.tmp = tmp_path
        self.remote = bare_remote(tmp_path)
        self.work = tmp_path / "work"
        self.work.mkdir()
        self.artifacts = {"pr-info": tmp_path / "art-pr-info", "site": site(tmp_path / "art-site", "preview")}
        self.artifacts["pr-info"].mkdir()
        (self.artifacts["pr-info"] / "number").write_text("42\n", encoding="utf-8")
        (self.artifacts["pr-info"] / "summary.md").write_text("## Wijzigingen\n", encoding="utf-8")
        (tmp_path / "pr.json").write_text(
            json.dumps({"head": {"sha": HEAD_SHA, "repo": {"full_name": head_repo}}, "state": "open"}), encoding="utf-8"
        )
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
        } | {f"vars.{name}": value for name, value in (variables or {}).items()}
        self.env = fake_env(tmp_path, self.remote)

    def uses(self, step: dict) -> None:
        action = step["uses"]
        if "checkout" in action:
            shutil.copytree(REPO / ".github" / "scripts", self.work / ".github" / "scripts")
        elif "download-artifact" in action:
            shutil.copytree(self.artifacts[step["with"]["name"]], step["with"]["path"].replace("${{ runner.temp }}", self.context["runner.temp"]))
        else:
            raise AssertionError(f"onbekende actie in de dry run: {action}")

    def execute(self) -> list[str]:
        (job_id,) = load(PREVIEW_WORKFLOW)["jobs"]
        job = JobRun(PREVIEW_WORKFLOW, job_id, self.work, self.context, self.env, self.tmp, uses=self.uses).execute()
        job.assert_succeeded()
        return job.ran

    def comment(self) -> str:
        return json.loads(Path(self.env["FAKE_BODY"]).read_text(encoding="utf-8"))["body"]

    def calls(self) -> list[str]:
        return Path(self.env["FAKE_LOG"]).read_text(encoding="utf-8").splitlines()


def test_same_repository_pull_request_gets_its_preview_and_the_comment_after_it_is_live(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo="voorbeeld/Regios")  # GitHub's names are case-insensitive
    run.env["FAKE_PAGES_DELAY"] = "2"  # Pages serves the push from the third look on
    (run.artifacts["site"] / "index.html").write_text("<html>\n<head>\n</head>\n<body><h1>preview</h1></body>\n</html>\n", encoding="utf-8")
    ran = run.execute()
    assert "Preview publiceren op gh-pages" in ran
    files = branch_files(run.remote)
    assert {"pr-42/index.html", "pr-42/hhz-versie.txt"} <= files
    assert git(run.remote, "show", "gh-pages:pr-42/hhz-versie.txt").strip() == HEAD_SHA
    assert '<meta name="robots" content="noindex">' in git(run.remote, "show", "gh-pages:pr-42/index.html")
    body = run.comment()
    assert "## Preview van deze wijziging" in body
    assert f"{PAGES_BASE}pr-42/" in body
    assert "nog bezig" not in body
    calls = run.calls()
    looks = [i for i, call in enumerate(calls) if call.startswith(f"curl {PAGES_BASE}pr-42/hhz-versie.txt")]
    posted = next(i for i, call in enumerate(calls) if "--method POST" in call)
    assert len(looks) == 3 and looks[-1] < posted  # the comment came after Pages served it


def test_the_comment_says_so_when_pages_is_slow(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo=THIS_REPO)
    run.env["FAKE_PAGES_DELAY"] = "100"  # never within the 4 looks
    run.execute()
    assert "pr-42/index.html" in branch_files(run.remote)
    body = run.comment()
    assert f"{PAGES_BASE}pr-42/" in body
    assert "GitHub Pages was nog bezig met plaatsen" in body
    assert sum(call.startswith("curl ") for call in run.calls()) == 4  # bounded


def test_an_old_version_on_pages_does_not_count_as_live(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo=THIS_REPO)
    old = site(tmp_path / "old", "oude preview")
    publish(run.env | {"GH_PAGES_VERSION": "1111111111111111111111111111111111111111"}, old, "pr-42")
    # Pages still serves the old commit for the first two looks
    run.env |= {"FAKE_PAGES_STALE": "2", "FAKE_PAGES_STALE_TEXT": "1111111111111111111111111111111111111111"}
    run.execute()
    calls = [call for call in run.calls() if call.startswith("curl ")]
    assert len(calls) == 3
    assert "nog bezig" not in run.comment()


@pytest.mark.parametrize("variables", [{}, {"PREVIEW_SEPARATE_ORIGIN": "true", "PREVIEW_BASE_URL": "https://previews.voorbeeld.nl"}])
def test_fork_pull_request_gets_no_preview_and_loses_an_old_one(tmp_path: Path, variables: dict[str, str]) -> None:
    """Whatever the variables say (the former PREVIEW_SEPARATE_ORIGIN included): previews share
    the site's gh-pages branch, so a fork's preview would share beheer/'s origin."""
    run = PreviewRun(tmp_path, head_repo="buitenstaander/regios", variables=variables)
    publish(run.env, site(tmp_path / "old", "oude preview"), "pr-42")
    assert "pr-42/index.html" in branch_files(run.remote)

    ran = run.execute()
    assert "Site downloaden" not in ran and "Preview publiceren op gh-pages" not in ran
    assert not any(name.startswith("pr-42/") for name in branch_files(run.remote))
    body = run.comment()
    assert "## Geen preview: pull request uit een fork" in body
    assert "beheer/" in body and "actions/runs/99" in body
    assert "## Preview van deze wijziging" not in body
    assert not any(call.startswith("curl ") for call in run.calls())


def test_no_workflow_or_doc_offers_fork_previews_on_another_origin() -> None:
    for path in [*WORKFLOWS.glob("*.yml"), REPO / "SECURITY.md", REPO / "docs" / "bijdragen.md"]:
        assert "PREVIEW_SEPARATE_ORIGIN" not in path.read_text(encoding="utf-8"), path.name


def test_deleted_fork_counts_as_a_fork(tmp_path: Path) -> None:
    run = PreviewRun(tmp_path, head_repo="x/y")
    (tmp_path / "pr.json").write_text(json.dumps({"head": {"sha": HEAD_SHA, "repo": None}, "state": "open"}), encoding="utf-8")
    run.execute()
    assert not branch_exists(run.remote)  # nothing was published
    assert "pull request uit een fork" in run.comment()


def branch_exists(remote: Path) -> bool:
    proc = subprocess.run(["git", "rev-parse", "--verify", "-q", "gh-pages"], cwd=remote, capture_output=True)
    return proc.returncode == 0


# --- the clean-up ---------------------------------------------------------------------------


def cleanup(tmp_path: Path, remote: Path, env: dict[str, str], pr_number: str) -> JobRun:
    work = tmp_path / "cleanup-work"
    work.mkdir()

    def uses(step: dict) -> None:
        assert "checkout" in step["uses"]
        shutil.copytree(REPO / ".github" / "scripts", work / ".github" / "scripts")

    context = {"github.token": "nep", "github.repository": THIS_REPO, "github.event.pull_request.number": pr_number}
    (job_id,) = load(CLEANUP_WORKFLOW)["jobs"]
    return JobRun(CLEANUP_WORKFLOW, job_id, work, context, env, tmp_path, uses=uses).execute()


def previews(remote: Path) -> set[str]:
    return {name.split("/")[0] for name in branch_files(remote) if name.startswith("pr-")}


def test_cleanup_when_a_pull_request_closes_removes_only_its_preview(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    env = fake_env(tmp_path, remote)
    publish(env, site(tmp_path / "main", "site"), ".")
    for number in ("7", "42"):
        publish(env, site(tmp_path / f"p{number}", number), f"pr-{number}")

    job = cleanup(tmp_path, remote, env, "42")
    job.assert_succeeded()
    assert previews(remote) == {"pr-7"}
    assert "index.html" in branch_files(remote)


def test_daily_cleanup_removes_every_preview_whose_pull_request_is_not_open(tmp_path: Path) -> None:
    """A preview whose removal at closing failed (or never ran) does not stay forever."""
    remote = bare_remote(tmp_path)
    env = fake_env(tmp_path, remote)
    publish(env, site(tmp_path / "main", "site"), ".")
    for number in ("7", "13", "42"):
        publish(env, site(tmp_path / f"p{number}", number), f"pr-{number}")
    (tmp_path / "open.json").write_text(json.dumps([{"number": 7}, {"number": 99}]), encoding="utf-8")

    job = cleanup(tmp_path, remote, env, "")  # the schedule: no pull request in the event
    job.assert_succeeded()
    assert previews(remote) == {"pr-7"}
    assert "index.html" in branch_files(remote)
    calls = Path(env["FAKE_LOG"]).read_text(encoding="utf-8")
    assert f"repos/{THIS_REPO}/pulls?state=open" in calls

    # nothing left to do: no commit
    before = git(remote, "rev-parse", "gh-pages")
    again = tmp_path / "again"
    again.mkdir()
    cleanup(again, remote, env, "").assert_succeeded()
    assert git(remote, "rev-parse", "gh-pages") == before


def test_cleanup_without_gh_pages_does_nothing(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    env = fake_env(tmp_path, remote)
    job = cleanup(tmp_path, remote, env, "")
    job.assert_succeeded()
    assert "geen branch gh-pages" in job.results["step1"].stdout
    assert not branch_exists(remote)
