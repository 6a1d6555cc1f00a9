"""CI as it runs on GitHub (issue 25): the test workflow, the shared scripts, the geodata,
the manual-run guard of the deploy, the maintainer's set-up and the origin of beheer/.

The test workflow's steps run locally (tests/helpers/workflows.py) in a copy of the
repository's scripts, with a fake `make` (so the suite does not run itself) and a fake `hhz`
for `hhz geo fetch` (PDOK up or down); actions/cache is played with a local cache store.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import REPO
from helpers.workflows import FAKE_HHZ, FAKE_MAKE, JobRun, evaluate, fake_programs, load
from test_workflows import DEPLOY_WORKFLOW, GIT_ENV, PR_WORKFLOW, TESTS_WORKFLOW, WORKFLOWS, steps, triggers

CI_RUN = REPO / ".ci" / "run"
HOSTING = REPO / "hosting" / "github.md"


def geo_year() -> int:
    from hhz.geo.reference import GEO_YEAR

    return GEO_YEAR


# --- one script for .ci/run and the test workflow ----------------------------------------------


def test_ci_run_and_the_test_workflow_call_the_same_script() -> None:
    commands = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert commands[-1] == "exec bash scripts/ci-tests.sh full"
    workflow = load(TESTS_WORKFLOW)
    runs = [step["run"] for _job, step in steps(workflow) if "run" in step]
    calls = [line.strip() for run in runs for line in run.splitlines() if "ci-tests.sh" in line]
    assert calls == ['bash scripts/ci-tests.sh "$tier"']
    # nothing else in any workflow runs the tests its own way
    for path in WORKFLOWS.glob("*.yml"):
        for _job, step in steps(load(path)):
            assert "pytest" not in step.get("run", "") and "make test" not in step.get("run", ""), path.name


def test_the_test_workflow_runs_on_pull_requests_and_pushes_to_main_read_only() -> None:
    workflow = load(TESTS_WORKFLOW)
    on = triggers(workflow)
    assert set(on) == {"pull_request", "push"}
    assert on["push"] == {"branches": ["main"]}
    (job,) = workflow["jobs"].values()
    assert job["name"] == "Tests"  # the required check (hosting/github.md)
    assert workflow["permissions"] == job["permissions"] == {"contents": "read"}
    assert job["container"]["image"] == "python:3.11-bookworm"  # Debian 12 + Python 3.11, as the project's CI
    checkouts = [step for _job, step in steps(workflow) if "checkout" in step.get("uses", "")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def copy_scripts(work: Path) -> Path:
    """What the scripts need of the repository: scripts/, .ci/, and the generator's sources
    (the boundary year is read from them)."""
    shutil.copytree(REPO / "scripts", work / "scripts")
    shutil.copytree(REPO / ".ci", work / ".ci")
    shutil.copytree(REPO / "generator" / "hhz", work / "generator" / "hhz", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, work / name)
    (work / "cms").mkdir()
    (work / "tests" / "npm").mkdir(parents=True)
    for name in ("cms/package-lock.json", "tests/npm/package-lock.json"):
        shutil.copy(REPO / name, work / name)
    return work


class Fakes:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.year = geo_year()
        self.source = tmp_path / "pdok"
        self.source.mkdir()
        for kind in ("gemeente", "provincie"):
            (self.source / f"{kind}_{self.year}.topojson").write_text(f'{{"type": "Topology", "kind": "{kind}"}}\n', encoding="utf-8")
        self.bin = fake_programs(tmp_path / "bin", make=FAKE_MAKE, hhz=FAKE_HHZ)
        self.log = tmp_path / "calls.log"
        self.log.touch()
        self.env = dict(os.environ) | GIT_ENV | {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "FAKE_LOG": str(self.log),
            "FAKE_GEO_SOURCE": str(self.source),
        }
        for name in ("HHZ_GEO_DIR", "CI", "HHZ", "HHZ_GEO_RELEASE_URL"):
            self.env.pop(name, None)

    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


def run_tests_workflow(tmp_path: Path, fakes: Fakes, event: str, base_ref: str = "", run_name: str = "run") -> JobRun:
    """One run of tests.yml in a fresh checkout (its own work folder), sharing the cache store."""
    work = copy_scripts(tmp_path / run_name / "repo")
    home = tmp_path / run_name / "home"  # a fresh runner
    home.mkdir()
    context = {"github.event_name": event, "github.base_ref": base_ref}
    env = fakes.env | {"HOME": str(home), "CI": "true", "GITHUB_WORKSPACE": str(work)}

    def uses(step: dict) -> None:
        assert step["uses"].startswith(("actions/checkout@", "actions/upload-artifact@")), step["uses"]

    (job_id,) = load(TESTS_WORKFLOW)["jobs"]
    return JobRun(TESTS_WORKFLOW, job_id, work, context, env, tmp_path / run_name, uses=uses, cache_store=tmp_path / "cache-store").execute()


def test_dry_run_pull_request_to_main_runs_the_full_suite_with_geodata_fetched_once_and_cached(tmp_path: Path) -> None:
    fakes = Fakes(tmp_path)
    first = run_tests_workflow(tmp_path, fakes, "pull_request", "main", "first")
    first.assert_succeeded()
    geo_dir = tmp_path / "first" / "home" / ".cache" / "hhz-geo"
    assert first.context["steps.jaar.outputs.year"] == str(fakes.year)
    assert fakes.calls() == [
        f"make install HHZ_GEO_DIR={geo_dir} CI=true",
        f"hhz geo fetch --dest {geo_dir} -q",
        f"make test HHZ_GEO_DIR={geo_dir} CI=true",
    ]
    assert (tmp_path / "cache-store" / f"hhz-geo-{fakes.year}-bookworm-v1" / f"gemeente_{fakes.year}.topojson").is_file()
    assert str(tmp_path / "first" / "repo") in (tmp_path / "first" / "home" / ".gitconfig").read_text(encoding="utf-8")

    # the next run restores the boundaries from the cache: PDOK is not asked again
    fakes.log.write_text("", encoding="utf-8")
    second = run_tests_workflow(tmp_path, fakes, "pull_request", "main", "second")
    second.assert_succeeded()
    assert fakes.calls() == [f"make test HHZ_GEO_DIR={tmp_path / 'second' / 'home' / '.cache' / 'hhz-geo'} CI=true"]


@pytest.mark.parametrize(("event", "base_ref"), [("push", ""), ("pull_request", "release-2026")])
def test_dry_run_pushes_and_other_pull_requests_run_the_fast_tier(tmp_path: Path, event: str, base_ref: str) -> None:
    fakes = Fakes(tmp_path)
    run = run_tests_workflow(tmp_path, fakes, event, base_ref)
    run.assert_succeeded()
    assert fakes.calls()[-1].startswith("make test-fast HHZ_GEO_DIR=")
    assert not any(call.startswith("make test ") for call in fakes.calls())


def test_the_cache_keys_follow_the_lock_files_the_constraints_and_the_boundary_year() -> None:
    keys = {step["name"]: step["with"]["key"] for _job, step in steps(load(TESTS_WORKFLOW)) if "actions/cache@" in step.get("uses", "")}
    assert "constraints.txt" in keys["pip-cache"] and "pyproject.toml" in keys["pip-cache"]
    assert "cms/package-lock.json" in keys["npm-cache"] and "tests/npm/package-lock.json" in keys["npm-cache"]
    assert "steps.jaar.outputs.year" in keys["Geodata uit de cache"]
    for path in (PR_WORKFLOW, DEPLOY_WORKFLOW):
        for _job, step in steps(load(path)):
            if "setup-python" in step.get("uses", ""):
                assert step["with"]["cache-dependency-path"].split() == ["pyproject.toml", "constraints.txt"]


# --- .ci/run ----------------------------------------------------------------------------------------


def test_ci_run_runs_exactly_make_test(tmp_path: Path) -> None:
    """With the boundaries beside the repository (the project's CI) nothing else runs."""
    fakes = Fakes(tmp_path)
    work = copy_scripts(tmp_path / "project" / "repo")
    shutil.copytree(fakes.source, tmp_path / "project" / "shared" / "geo")
    result = subprocess.run(["bash", str(work / ".ci" / "run")], env=fakes.env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert fakes.calls() == [f"make test HHZ_GEO_DIR={tmp_path / 'project' / 'shared' / 'geo'} CI=true"]


# --- the geodata --------------------------------------------------------------------------------------


def test_the_boundary_year_of_the_scripts_is_the_generators() -> None:
    result = subprocess.run(["bash", str(REPO / "scripts" / "ci-geo.sh"), "year"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout == f"{geo_year()}\n"


def release(tmp_path: Path, fakes: Fakes, work: Path, tamper: bool = False) -> dict[str, str]:
    """A release folder served over file:// and the checksum file pinned in the repository."""
    folder = tmp_path / "release"
    shutil.copytree(fakes.source, folder)
    sums = "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n" for path in sorted(folder.iterdir()))
    (work / ".github").mkdir(exist_ok=True)
    (work / ".github" / f"geodata-{fakes.year}.sha256").write_text(sums, encoding="utf-8")
    if tamper:
        (folder / f"gemeente_{fakes.year}.topojson").write_text('{"type": "Topology", "kwaad": true}\n', encoding="utf-8")
    return {"FAKE_PDOK": "down", "HHZ_GEO_RELEASE_URL": folder.as_uri()}


def ensure(work: Path, env: dict[str, str], target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(work / "scripts" / "ci-geo.sh"), "ensure", str(target)], env=env, capture_output=True, text=True, timeout=60)


def test_pdok_down_the_pinned_release_asset_stands_in(tmp_path: Path) -> None:
    fakes = Fakes(tmp_path)
    work = copy_scripts(tmp_path / "repo")
    target = tmp_path / "geo"
    result = ensure(work, fakes.env | release(tmp_path, fakes, work), target)
    assert result.returncode == 0, result.stderr
    assert "PDOK niet bereikbaar" in result.stdout
    assert fakes.calls() == [f"hhz geo fetch --dest {target} -q"]
    for path in fakes.source.iterdir():
        assert (target / path.name).read_bytes() == path.read_bytes()


def test_a_release_asset_that_does_not_match_its_checksum_is_refused(tmp_path: Path) -> None:
    fakes = Fakes(tmp_path)
    work = copy_scripts(tmp_path / "repo")
    target = tmp_path / "geo"
    result = ensure(work, fakes.env | release(tmp_path, fakes, work, tamper=True), target)
    assert result.returncode == 1
    assert "kloppen niet met .github/geodata-" in result.stderr
    assert not (target / f"gemeente_{fakes.year}.topojson").exists()


def test_without_a_pinned_release_the_fallback_says_what_to_do(tmp_path: Path) -> None:
    fakes = Fakes(tmp_path)
    work = copy_scripts(tmp_path / "repo")
    result = ensure(work, fakes.env | {"FAKE_PDOK": "down"}, tmp_path / "geo")
    assert result.returncode == 1
    assert f"geen vastgepinde geodata-release (.github/geodata-{fakes.year}.sha256 ontbreekt; zie hosting/github.md)" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_test_workflow_fails_when_no_geodata_can_be_had(tmp_path: Path) -> None:
    fakes = Fakes(tmp_path)
    fakes.env["FAKE_PDOK"] = "down"
    run = run_tests_workflow(tmp_path, fakes, "pull_request", "main")
    assert run.failed
    assert not any(call.startswith("make test") for call in fakes.calls())
    assert not (tmp_path / "cache-store").exists()  # nothing cached from a failed run


# --- the PR build is the deploy build --------------------------------------------------------------


def build_steps(path: Path) -> list[tuple[str, str]]:
    """The steps that install, fetch the boundaries and build, with what they run or use."""
    found = []
    for _job, step in steps(load(path)):
        if step.get("id") in ("jaar", "install", "geo", "build") or "actions/cache@" in step.get("uses", ""):
            found.append((step["name"], step.get("run") or str(step.get("with"))))
    return found


def test_the_pull_request_builds_as_main_builds() -> None:
    pr, deploy = build_steps(PR_WORKFLOW), build_steps(DEPLOY_WORKFLOW)
    assert pr == deploy
    runs = "\n".join(run for _name, run in pr)
    assert "bash scripts/ci-build.sh install" in runs and "bash scripts/ci-build.sh site" in runs
    assert 'bash scripts/ci-geo.sh ensure "$geo_dir"' in runs
    script = (REPO / "scripts" / "ci-build.sh").read_text(encoding="utf-8")
    assert "npm ci --no-audit --no-fund --ignore-scripts --prefix cms" in script  # the form, in both
    assert "site/beheer/config.yml" in script


# --- manual runs publish main only ------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "allowed"), [("refs/heads/main", True), ("refs/heads/wijziging", False), ("refs/tags/v1", False)])
def test_a_manual_deploy_runs_only_from_main(tmp_path: Path, ref: str, allowed: bool) -> None:
    workflow = load(DEPLOY_WORKFLOW)
    assert "workflow_dispatch" in triggers(workflow)
    guard = workflow["jobs"]["bouwen"]["steps"][0]
    assert guard["name"] == "Alleen main publiceren"  # before anything is built

    ran: list[str] = []

    def uses(step: dict) -> None:  # stop at the checkout: only the guard is under test here
        ran.append(step["uses"])
        raise StopIteration

    job = JobRun(DEPLOY_WORKFLOW, "bouwen", tmp_path, {"github.ref": ref}, dict(os.environ), tmp_path, uses=uses)
    with pytest.raises(StopIteration) if allowed else _no_raise():
        job.execute()
    (result,) = job.results.values()
    if allowed:
        assert result.returncode == 0 and ran
    else:
        assert result.returncode == 1 and not ran
        assert f"::error::de site wordt alleen vanaf main gepubliceerd, niet vanaf {ref}" in result.stdout
    publish_if = workflow["jobs"]["publiceren"]["if"]
    assert evaluate(publish_if, {"github.ref": ref}) is allowed


class _no_raise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


# --- the maintainer's set-up in one place -----------------------------------------------------------


def test_every_setting_a_workflow_relies_on_is_in_the_hosting_doc() -> None:
    doc = HOSTING.read_text(encoding="utf-8")
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(WORKFLOWS.glob("*.yml"))}
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in sorted((REPO / ".github" / "scripts").glob("*.sh")))
    scripts += (REPO / "scripts" / "ci-geo.sh").read_text(encoding="utf-8")
    found = set()
    for text in [*texts.values(), scripts]:
        found |= set(re.findall(r"\b(?:vars|secrets)\.([A-Z][A-Z0-9_]*)", text))
    assert found, "geen variabelen gevonden: het patroon klopt niet meer"
    for name in sorted(found):
        assert f"`{name}`" in doc, f"{name} wordt gebruikt maar staat niet in hosting/github.md"
    assert "No workflow uses a secret" in doc and not re.search(r"\bsecrets\.[A-Za-z_]", "".join(texts.values()))
    for name, text in texts.items():
        assert f"`{name}`" in doc, f"{name} ontbreekt in de tabel van hosting/github.md"
        workflow = load(WORKFLOWS / name)
        assert f"**{workflow['name']}**" in doc, workflow["name"]
    # the required checks are the job names of the test and check workflows
    for path in (TESTS_WORKFLOW, PR_WORKFLOW):
        for job in load(path)["jobs"].values():
            assert f"**`{job['name']}`**" in doc, job["name"]
    # what the workflows and scripts assume of the repository
    for setting in (
        "Deploy from a\n   branch*, branch `gh-pages`, folder `/ (root)`",  # Pages source (gh-pages.sh)
        "Custom domain",  # beheer/ on an origin of its own
        "`CNAME`",  # kept by the root publish
        "`repo_url`", "`site_url`", "`edit_branch`", "`cms_auth_url`",  # [tool.hhz]
        "Branch protection of `main`",
        "Require approval",  # fork pull requests
        "Workflow permissions",
        f"`geodata-{geo_year()}`", "`.github/geodata-<year>.sha256`",  # scripts/ci-geo.sh's release
    ):
        assert setting in doc, setting
    assert "releases/download/geodata-$y" in scripts and ".github/geodata-$y.sha256" in scripts
    # every [tool.hhz] setting the docs name exists
    from hhz.config import SiteConfig

    for key in re.findall(r"`(\w+_\w+)` \(", doc):
        if key in ("repo_url", "site_url", "edit_branch", "cms_auth_url"):
            assert key in SiteConfig.__dataclass_fields__


def test_readme_and_contributors_guide_point_to_the_set_up() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(hosting/github.md)" in readme
    hosting = (REPO / "maintainers" / "hosting.md").read_text(encoding="utf-8")
    assert "A custom domain for any site that uses the form" in hosting and "(../hosting/github.md)" in hosting
    assert "hosting/github.md" in (REPO / "docs" / "bijdragen.md").read_text(encoding="utf-8")


# --- beheer/ on a shared origin -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_url", "site_url", "origin"),
    [
        ("https://github.com/Hechte-Huisartsenzorg/regios", None, "https://hechte-huisartsenzorg.github.io"),
        ("https://github.com/hhz/regios", "https://hhz.github.io/regios/", "https://hhz.github.io"),
        ("https://github.com/hhz/hhz.github.io", "https://HHZ.GitHub.io", "https://hhz.github.io"),
        ("https://github.com/hhz/regios", "https://regios.example.nl", None),
        (None, None, None),
        ("https://gitlab.com/hhz/regios", None, None),
    ],
)
def test_shared_origin(repo_url: str | None, site_url: str | None, origin: str | None) -> None:
    from hhz.editing.cms.bundle import shared_origin
    from hhz.config import SiteConfig

    assert shared_origin(SiteConfig(repo_url=repo_url, site_url=site_url)) == origin


def test_beheer_built_for_github_io_warns_in_one_line(tmp_path: Path, geo_dir_optional) -> None:
    from helpers.cms import need_cms_tools

    need_cms_tools()
    from hhz.editing.cms.bundle import SHARED_ORIGIN, beheer_files
    from hhz.config import SiteConfig
    from hhz.validate import validate_root

    dataset = validate_root(REPO, None).dataset
    assert dataset is not None
    shared = beheer_files(REPO, dataset, SiteConfig(repo_url="https://github.com/hhz/regios"), {"GM0828": "Oss"})
    assert [w for w in shared.warnings if "github.io" in w] == [SHARED_ORIGIN]
    assert "\n" not in SHARED_ORIGIN
    assert len("waarschuwing: " + SHARED_ORIGIN) <= 80  # rich wraps at 80 columns without a terminal
    own = beheer_files(REPO, dataset, SiteConfig(repo_url="https://github.com/hhz/regios", site_url="https://regios.example.nl"), {"GM0828": "Oss"})
    assert not any("origin" in w for w in own.warnings)
    assert "beheer/config.yml" in own.files


def test_without_the_form_no_origin_warning(tmp_path: Path) -> None:
    """No Decap bundle: beheer/ holds only a page saying so, nothing to protect."""
    from hhz.editing.cms.bundle import beheer_files
    from hhz.config import SiteConfig
    from hhz.validate import validate_root

    dataset = validate_root(REPO, None).dataset
    built = beheer_files(tmp_path, dataset, SiteConfig(repo_url="https://github.com/hhz/regios"))
    assert not any("origin" in w for w in built.warnings)
