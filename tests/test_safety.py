"""Never destroy what is not ours: the site folder, the work and staging folders, schema and
geodata files; relative paths from any folder; two builds at once; killed builds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from hhz.project import open_project
from hhz.publish import build
from hhz.publish.build import ENGINES, check_site_dir, site_path, work_folder
from hhz.publish.lock import lock_path
from hhz.publish.stage import STAGING_DIR, Stager
from hhz.sitefolder import SITE_MARKER, UnsafeFolderError, exchange
from helpers.sites import make_site_project
from helpers.trees import tree_digest

# The path rules are unit tests (the fast tier); a test that runs `hhz` in a process is slow,
# and so is every test that uses ``reference_site`` (conftest.SLOW_FIXTURES).



def hhz_env(geo_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, HHZ_GEO_DIR=str(geo_dir), SOURCE_DATE_EPOCH="1767225600")
    env.update(extra)
    return env


def hhz(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hhz", *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env
    )


def start(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hhz", *map(str, args)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A buildable project in tmp_path/tree, with a file beside it (outside the project)."""
    root = make_site_project(tmp_path / "tree")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "generator").mkdir()
    (root / "generator" / "code.py").write_text("print('code')\n", encoding="utf-8")
    (root / "schemas").mkdir()
    (tmp_path / "naast-het-project.txt").write_text("niet van hhz\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference_tree(tmp_path_factory, geo_dir: Path) -> Path:
    """The small project built once per module: its site is the reference for concurrent and
    killed builds, and ``built_tree`` starts from a copy of it."""
    root = make_site_project(tmp_path_factory.mktemp("ref") / "tree")
    proc = hhz("build", ".", "-q", cwd=root, env=hhz_env(geo_dir))
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture(scope="module")
def reference_site(reference_tree: Path) -> dict[str, str]:
    """The site that the small project builds to (for comparing concurrent and killed builds)."""
    return tree_digest(reference_tree / "site")


@pytest.fixture
def built_tree(tree: Path, reference_tree: Path) -> Path:
    """``tree`` as after one `hhz build` in it: the reference build's site/ and build/ copied
    in (the site does not depend on the project's folder: the tests compare it with
    ``reference_site`` after every build)."""
    for name in ("site", "build"):
        shutil.copytree(reference_tree / name, tree / name, symlinks=True)
    return tree


# --- 1. a site folder that is not ours is refused, before anything is generated ------------

REFUSED = [
    (".", "is de projectmap zelf"),
    ("{root}", "is de projectmap zelf"),
    ("..", "bevat de projectmap"),
    ("/", "bevat de projectmap"),
    ("docs", "ligt in `docs/`"),
    ("docs/nieuw", "ligt in `docs/`"),
    ("regions", "ligt in `regions/`"),
    ("bouwstenen", "ligt in `bouwstenen/`"),
    ("generator", "ligt in `generator/`"),
    ("site_templates", "ligt in `site_templates/`"),
    ("schemas", "ligt in `schemas/`"),
    (".git", "ligt in `.git/`"),
    ("build", "valt samen met de map met gegenereerde pagina's"),
    ("build/docs", "valt samen met de map met gegenereerde pagina's"),
    ("../buren", "bevat bestanden die niet van een eerdere hhz-build zijn"),
    ("regions/../docs", "ligt in `docs/`"),
]


@pytest.mark.parametrize("site_dir,message", REFUSED, ids=[s for s, _ in REFUSED])
def test_a_site_folder_that_is_not_ours_is_refused(tree: Path, site_dir: str, message: str) -> None:
    """The rule itself, for every kind of folder: `hhz build` computes the site folder with
    ``site_path`` and checks it with ``check_site_dir`` before it generates anything (the
    CLI's wiring, exit code and Dutch message: the test below)."""
    (tree.parent / "buren").mkdir()
    (tree.parent / "buren" / "index.html").write_text("de site van de buren\n", encoding="utf-8")
    before = tree_digest(tree.parent)
    with pytest.raises(UnsafeFolderError) as refused:
        check_site_dir(tree, site_path(tree, Path(site_dir.format(root=tree))))
    assert message in str(refused.value)
    assert tree_digest(tree.parent) == before, "nothing was written, moved or deleted"


@pytest.mark.slow
@pytest.mark.parametrize("site_dir,message", [REFUSED[0], REFUSED[14]], ids=[".", "../buren"])
def test_the_build_command_refuses_before_generating(tree: Path, geo_dir: Path, site_dir: str, message: str) -> None:
    (tree.parent / "buren").mkdir()
    (tree.parent / "buren" / "index.html").write_text("de site van de buren\n", encoding="utf-8")
    before = tree_digest(tree.parent)
    proc = hhz("build", ".", "-q", "--site-dir", site_dir, cwd=tree, env=hhz_env(geo_dir))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr and proc.stderr.startswith("fout: ")
    assert "Traceback" not in proc.stderr + proc.stdout
    assert tree_digest(tree.parent) == before, "nothing was written, moved or deleted"
    assert not (tree / "build").exists(), "refused before generating"


@pytest.mark.slow
def test_home_folder_is_refused(tree: Path, geo_dir: Path, tmp_path: Path) -> None:
    """`--site-dir ~`: the shell gives an absolute path to a folder full of other files."""
    home = tmp_path / "home"
    (home / "Documenten").mkdir(parents=True)
    (home / "Documenten" / "brief.odt").write_bytes(b"brief")
    before = tree_digest(home)
    proc = hhz("build", tree, "-q", "--site-dir", home, cwd=tmp_path, env=hhz_env(geo_dir, HOME=str(home)))
    assert proc.returncode == 2 and "`.hhz-site` ontbreekt" in proc.stderr, proc.stderr
    assert tree_digest(home) == before


@pytest.mark.slow
def test_a_symlinked_site_folder_is_refused(tree: Path, geo_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "bewaren.txt").write_text("x", encoding="utf-8")
    (tree / "site").symlink_to(elsewhere)
    proc = hhz("build", ".", "-q", cwd=tree, env=hhz_env(geo_dir))
    assert proc.returncode == 2 and "symbolische link" in proc.stderr, proc.stderr
    assert (elsewhere / "bewaren.txt").read_text(encoding="utf-8") == "x"


@pytest.mark.slow
def test_a_file_as_site_folder_is_refused(tree: Path, geo_dir: Path) -> None:
    (tree / "site").write_text("geen map", encoding="utf-8")
    proc = hhz("build", ".", "-q", cwd=tree, env=hhz_env(geo_dir))
    assert proc.returncode == 2 and "is een bestand, geen map" in proc.stderr, proc.stderr
    assert (tree / "site").read_text(encoding="utf-8") == "geen map"


@pytest.mark.slow
def test_a_foreign_work_folder_is_refused(tree: Path, geo_dir: Path) -> None:
    """The temporary folder beside the site follows the same rule."""
    work = tree / ".site.tmp-build"
    work.mkdir()
    (work / "van-iemand-anders.txt").write_text("x", encoding="utf-8")
    proc = hhz("build", ".", "-q", cwd=tree, env=hhz_env(geo_dir))
    assert proc.returncode == 2 and "werkmap `.site.tmp-build`" in proc.stderr, proc.stderr
    assert (work / "van-iemand-anders.txt").is_file()


@pytest.mark.slow
def test_a_foreign_staging_folder_is_refused(tree: Path, geo_dir: Path) -> None:
    """`hhz generate` removes what it no longer generates from build/docs: only from its own."""
    staging = tree / "build" / "docs"
    staging.mkdir(parents=True)
    (staging / "aantekeningen.md").write_text("# Mijn aantekeningen\n", encoding="utf-8")
    proc = hhz("generate", ".", "-q", cwd=tree, env=hhz_env(geo_dir))
    assert proc.returncode == 2, proc.stderr
    assert "map met gegenereerde pagina's `build/docs`" in proc.stderr and "Traceback" not in proc.stderr
    assert (staging / "aantekeningen.md").read_text(encoding="utf-8") == "# Mijn aantekeningen\n"
    assert sorted(p.name for p in staging.iterdir()) == ["aantekeningen.md"]


@pytest.mark.slow
def test_a_previous_site_of_ours_is_replaced_and_an_empty_folder_is_used(tree: Path, geo_dir: Path) -> None:
    env = hhz_env(geo_dir)
    (tree / "leeg").mkdir()
    assert hhz("build", ".", "-q", "--site-dir", "leeg", cwd=tree, env=env).returncode == 0
    assert (tree / "leeg" / SITE_MARKER).is_file() and (tree / "leeg" / "index.html").is_file()
    (tree / "leeg" / "oud-bestand.html").write_text("oud", encoding="utf-8")
    proc = hhz("build", ".", "-q", "--site-dir", "leeg", cwd=tree, env=env)
    assert proc.returncode == 0, proc.stderr
    assert not (tree / "leeg" / "oud-bestand.html").exists(), "the previous site is replaced whole"
    assert not (tree / ".leeg.tmp-build").exists(), "the work folder is removed"


@pytest.mark.slow
def test_schema_never_writes_through_a_link_or_over_another_file(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "belangrijk.json"
    outside.write_text('{"mijn": "gegevens"}', encoding="utf-8")
    (tree / "schemas" / "regio.schema.json").symlink_to(outside)
    proc = hhz("schema", ".", cwd=tree, env=dict(os.environ))
    assert proc.returncode == 2 and "symbolische link" in proc.stderr, proc.stderr
    assert outside.read_text(encoding="utf-8") == '{"mijn": "gegevens"}'
    (tree / "schemas" / "regio.schema.json").unlink()
    (tree / "schemas" / "bouwsteen.schema.json").write_text("mijn aantekeningen", encoding="utf-8")
    proc = hhz("schema", ".", cwd=tree, env=dict(os.environ))
    assert proc.returncode == 2 and "geen JSON Schema" in proc.stderr, proc.stderr
    assert (tree / "schemas" / "bouwsteen.schema.json").read_text(encoding="utf-8") == "mijn aantekeningen"
    assert not (tree / "schemas" / "regio.schema.json").exists(), "refused before writing anything"


@pytest.mark.slow
def test_diff_work_folders_never_delete_what_a_revision_links_to(tree: Path, tmp_path: Path) -> None:
    """A revision with a symbolic link out of the tree: the extracted copy is deleted after
    `hhz diff`, and what the link pointed to is left alone."""
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "bewaren.txt").write_text("x", encoding="utf-8")
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for name in ("regions", "bouwstenen"):
        subprocess.run(["cp", "-r", str(tree / name), str(repo / name)], check=True)
    (repo / "regions" / "link").symlink_to(outside)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = hhz("diff", "HEAD", "--root", repo, cwd=repo, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (outside / "bewaren.txt").read_text(encoding="utf-8") == "x"
    assert not list(tmp_path.glob("hhz-diff-*")), "the extracted revision is removed"


# --- 2. paths as users type them ------------------------------------------------------

SITE_FORMS = ("default", "relative", "absolute")


def path_case(tree: Path, tmp_path: Path, site_form: str, root_form: str, cwd_form: str) -> tuple[Path, list[str], Path]:
    """The folder a command runs in, its arguments after `build`, and where the site must come."""
    cwd = tree if cwd_form == "inside" else tmp_path
    root_arg = str(tree) if root_form == "absolute" else ("." if cwd_form == "inside" else "tree")
    args = [root_arg]
    expected = tree / "site"
    if site_form == "relative":  # relative to ROOT, as `hhz build --help` says
        args += ["--site-dir", "uit/site"]
        expected = tree / "uit" / "site"
    elif site_form == "absolute":
        expected = tmp_path / "buiten-het-project" / "site"
        args += ["--site-dir", str(expected)]
    return cwd, args, expected


def assert_built_cleanly(tree: Path, tmp_path: Path, expected: Path, cwd_form: str) -> None:
    assert (expected / "index.html").is_file() and (expected / SITE_MARKER).is_file()
    assert (expected / "regios" / "alfa.html").is_file()
    leftovers = [p.name for p in (tree, tmp_path, expected.parent) for p in p.iterdir() if "tmp-build" in p.name]
    assert leftovers == [] and not (tree / ".hhz-zensical.yml").exists()
    assert not (tree / ".hhz-mkdocs.yml").exists() and not (tree / ".hhz-zensical-build").exists()
    if cwd_form == "outside":
        assert not (tmp_path / "build").exists() and not (tmp_path / "site").exists()


class FakeEngine:
    """Stands in for the engine's process (``subprocess.run`` in publish/build.py): writes a
    two-page site where the real engine would. MkDocs gets ``--site-dir``; Zensical reads
    ``site_dir`` from its config file, relative to that file's folder, and (as the real one)
    fails on a folder outside it."""

    def __init__(self) -> None:
        self.out: list[Path] = []

    def __call__(self, command: list[str], cwd: Path, **_kwargs) -> subprocess.CompletedProcess:
        config = Path(command[command.index("--config-file") + 1])
        assert config.is_file() and config.parent == cwd
        if "--site-dir" in command:
            out = Path(command[command.index("--site-dir") + 1])
            assert out.is_absolute()
        else:
            site_dir = Path(yaml.safe_load(config.read_text(encoding="utf-8"))["site_dir"])
            out = config.parent / site_dir
            if site_dir.is_absolute() or not out.resolve().is_relative_to(config.parent.resolve()):
                return subprocess.CompletedProcess(command, 1, "", "site_dir must lie below the config file")
        (out / "regios").mkdir(parents=True, exist_ok=True)
        for page in ("index.html", "regios/alfa.html"):
            (out / page).write_text("<!doctype html><html lang=nl><head><title>t</title></head><body>x</body></html>\n", encoding="utf-8")
        self.out.append(out)
        return subprocess.CompletedProcess(command, 0, "", "")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("site_form", SITE_FORMS)
@pytest.mark.parametrize("root_form", ["absolute", "relative"])
@pytest.mark.parametrize("cwd_form", ["inside", "outside"])
def test_paths_work_from_any_folder(
    tree: Path, tmp_path: Path, fixed_day, monkeypatch, engine: str, site_form: str, root_form: str, cwd_form: str
) -> None:
    """The path rules of `hhz build` as its command runs them (cli/main.py: ``open_project``,
    ``site_path``, ``check_site_dir``, the staging folder, ``build_site``), with the engine's
    process played by ``FakeEngine``; two real builds below run the same rules end to end."""
    cwd, args, expected = path_case(tree, tmp_path, site_form, root_form, cwd_form)
    site_arg = Path(args[2]) if len(args) > 1 else Path("site")
    monkeypatch.chdir(cwd)
    engine_run = FakeEngine()
    monkeypatch.setattr(build.subprocess, "run", engine_run)
    project = open_project(Path(args[0]), None)
    assert project.root == tree and Stager(project.root).target == tree / STAGING_DIR
    target = site_path(project.root, site_arg)
    assert target == expected and work_folder(target).parent == expected.parent
    check_site_dir(project.root, target)
    result = build.build_site(project.root, target, engine, quiet=True)
    assert result.site_dir == expected
    outside = engine == "zensical" and not expected.is_relative_to(tree)
    beside = tree / ".hhz-zensical-build" if outside else work_folder(expected)
    assert engine_run.out == [beside / "site"], "the engine wrote into our work folder"
    assert_built_cleanly(tree, tmp_path, expected, cwd_form)


REAL_PATH_CASES = [("zensical", "absolute", "relative", "outside"), ("mkdocs", "relative", "absolute", "outside")]


@pytest.mark.slow
@pytest.mark.parametrize("engine,site_form,root_form,cwd_form", REAL_PATH_CASES, ids=["-".join(c) for c in REAL_PATH_CASES])
def test_real_builds_from_another_folder(
    tree: Path, geo_dir: Path, tmp_path: Path, engine: str, site_form: str, root_form: str, cwd_form: str
) -> None:
    """End to end, the two hardest cases of the matrix above: Zensical with the site outside
    the project (its own work folder in the project), and a relative --site-dir that is
    relative to ROOT, not to the folder the command runs in."""
    cwd, args, expected = path_case(tree, tmp_path, site_form, root_form, cwd_form)
    proc = hhz("build", *args, "-q", "--engine", engine, cwd=cwd, env=hhz_env(geo_dir))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_built_cleanly(tree, tmp_path, expected, cwd_form)


# --- 3. two builds at once, and the swap ----------------------------------------------


@pytest.mark.slow
def test_two_builds_at_once_give_one_complete_site(tree: Path, geo_dir: Path, reference_site: dict) -> None:
    """One round (the lock that orders them is proven step by step by the next test)."""
    env = hhz_env(geo_dir)
    procs = [start("build", ".", "-q", cwd=tree, env=env) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    assert tree_digest(tree / "site") == reference_site
    assert not (tree / ".site.tmp-build").exists()


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_says_so(tree: Path, geo_dir: Path, reference_site: dict) -> None:
    lock = FileLock(lock_path(tree))
    with lock:  # stands in for a build that is running
        proc = start("build", ".", "-q", cwd=tree, env=hhz_env(geo_dir))
        deadline = time.monotonic() + 60
        line = proc.stderr.readline()
        assert "wacht op een andere build van dit project" in line, line
        time.sleep(1)
        assert proc.poll() is None and time.monotonic() < deadline
        assert not (tree / "build").exists() and not (tree / "site").exists(), "nothing written while waiting"
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    assert tree_digest(tree / "site") == reference_site


@pytest.mark.slow
def test_a_build_gives_up_waiting_with_a_clear_message(tree: Path, geo_dir: Path) -> None:
    with FileLock(lock_path(tree)):
        proc = hhz("build", ".", "-q", cwd=tree, env=hhz_env(geo_dir, HHZ_LOCK_WAIT="1"))
    assert proc.returncode == 2
    assert "een andere hhz-opdracht bouwt dit project al langer dan 1 s" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tree / "site").exists()


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x").write_text("a", encoding="utf-8")
    (b / "x").write_text("b", encoding="utf-8")
    if not exchange(a, b):
        pytest.skip("this system or file system cannot swap folders atomically")
    assert (a / "x").read_text(encoding="utf-8") == "b" and (b / "x").read_text(encoding="utf-8") == "a"


def test_publish_swaps_without_a_moment_without_site(tmp_path: Path, monkeypatch) -> None:
    """After every rename that publishing does, a complete site is in place: with the
    atomic swap the old site is never moved away first (two renames would leave a gap)."""
    from hhz import sitefolder
    site, new, aside = tmp_path / "site", tmp_path / "nieuw", tmp_path / "opzij"
    for folder, text in ((site, "oud"), (new, "nieuw")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    if not exchange(tmp_path / "site", tmp_path / "site"):
        pytest.skip("this system or file system cannot swap folders atomically")
    gaps = []
    real_replace = os.replace

    def replace(src, dst):
        real_replace(src, dst)
        if not (site / "index.html").is_file():
            gaps.append((src, dst))

    monkeypatch.setattr(sitefolder.os, "replace", replace)
    sitefolder.publish(new, site, aside)
    assert (site / "index.html").read_text(encoding="utf-8") == "nieuw"
    assert (new / "index.html").read_text(encoding="utf-8") == "oud", "the old site lies in the work folder"
    assert gaps == []


@pytest.mark.slow
def test_the_site_is_there_throughout_real_rebuilds(built_tree: Path, geo_dir: Path) -> None:
    """A host serving site/ during two rebuilds: index.html is found at every look."""
    tree = built_tree
    env = hhz_env(geo_dir)
    index = tree / "site" / "index.html"
    missing: list[float] = []
    checks = 0
    stop = threading.Event()

    def watch() -> None:
        nonlocal checks
        while not stop.is_set():
            checks += 1
            if not os.path.exists(index):
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(2):
            assert hhz("build", ".", "-q", cwd=tree, env=env).returncode == 0
    finally:
        stop.set()
        watcher.join()
    assert checks > 1000
    assert missing == []


# --- killed builds ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.8, 1.8])
def test_a_killed_build_leaves_a_complete_site_and_the_next_build_works(
    built_tree: Path, geo_dir: Path, reference_site: dict, delay: float
) -> None:
    """Killed at several moments (starting, validating, generating, in the engine, swapping):
    site/ is always the complete previous site or the complete new one, and the next build
    cleans up after the killed one. (Every step of ``build_site`` itself, the swap and the
    clean-up included: tests/test_killed_build.py.)"""
    tree = built_tree
    env = hhz_env(geo_dir)
    assert tree_digest(tree / "site") == reference_site
    proc = subprocess.Popen(
        [sys.executable, "-m", "hhz", "build", ".", "-q"], cwd=tree, env=env, start_new_session=True
    )
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)  # the engine too: it runs in the same session
    proc.wait()
    assert tree_digest(tree / "site") == reference_site
    proc = hhz("build", ".", "-q", cwd=tree, env=env)
    assert proc.returncode == 0, proc.stderr
    assert tree_digest(tree / "site") == reference_site
    assert not (tree / ".site.tmp-build").exists()
