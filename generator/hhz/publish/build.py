"""`hhz build`: run MkDocs (+ Material) or Zensical on the staged pages, atomically.

The engine builds into a temporary work folder beside the target. Only when it succeeds is
the previous site replaced (in one atomic swap on Linux), so a failed build leaves the old
``site/`` intact. Before the swap, ``security.write_security_files`` adds ``_headers`` and
the CSP ``<meta>`` tag, computed from the pages just built, ``hosting`` the web server
fragments in ``_hosting/`` from that ``_headers``, and then ``precompress`` the
``.gz``/``.br`` copies of every text file. Which folders may be replaced at all is decided
by ``sitefolder``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import SiteConfig, load_site_config
from .stage import STAGING_DIR
from .precompress import precompress_site
from .headers import write_security_files
from .hosting import write_host_configs
from ..sitefolder import (
    SITE_MARKER,
    WORK_MARKER,
    absolute_path,
    check_replaceable,
    make_owned_folder,
    publish,
    remove_owned_folder,
    write_marker,
)
from .headlinks import with_feed_links
from .themefix import compact_page, fix_theme_scripts, fixed_page

ENGINES = ("mkdocs", "zensical")
ZENSICAL_CONFIG = ".hhz-zensical.yml"
MKDOCS_CONFIG = ".hhz-mkdocs.yml"  # mkdocs.yml plus the site_url of this build (INHERIT)
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
ZENSICAL_WORK = ".hhz-zensical-build"  # Zensical's output when the site lies outside the project
DEFAULT_EPOCH = "1704067200"  # 2024-01-01: fixed timestamp when none is given (sitemap dates)


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    engine: str
    output: str


def _engine_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    env.setdefault("PYTHONHASHSEED", "0")
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def _mkdocs_config(root: Path, site_url: str | None) -> Path:
    """mkdocs.yml itself, or with a site URL a file beside it that inherits it and adds that."""
    if not site_url:
        return root / "mkdocs.yml"
    target = root / MKDOCS_CONFIG
    text = yaml.safe_dump({"INHERIT": "mkdocs.yml", "site_url": site_url}, allow_unicode=True, sort_keys=False)
    target.write_text(text, encoding="utf-8")
    return target


def _zensical_config(root: Path, out_dir: Path, site_url: str | None = None) -> Path:
    """A copy of mkdocs.yml beside it, pointing site_dir at the temporary folder.

    Zensical requires site_dir inside the folder of its config file.
    """
    config_path = root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    try:
        config["site_dir"] = out_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError as exc:
        raise BuildError("met zensical moet --site-dir binnen de projectmap liggen") from exc
    if site_url:
        config["site_url"] = site_url
    target = root / ZENSICAL_CONFIG
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def engine_command(engine: str, root: Path, out_dir: Path, quiet: bool, site_url: str | None = None) -> list[str]:
    if engine == "mkdocs":
        config = _mkdocs_config(root, site_url)
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
        command += ["--site-dir", str(out_dir.resolve())]
        # no --quiet: it hides warnings from strict mode's count; output is captured anyway
        return command
    if engine == "zensical":
        exe = shutil.which("zensical") or str(Path(sys.executable).with_name("zensical"))
        return [exe, "build", "--clean", "--config-file", str(_zensical_config(root, out_dir, site_url))]
    raise BuildError(f"onbekende engine `{engine}`; kies uit: {', '.join(ENGINES)}")


def site_path(root: Path, site_dir: Path) -> Path:
    """The site folder as an absolute path; a relative ``--site-dir`` is relative to ROOT."""
    return absolute_path(site_dir if site_dir.is_absolute() else root / site_dir)


def work_folder(site_dir: Path) -> Path:
    """The engine's temporary folder, beside the site (so the final swap is a rename)."""
    return site_dir.with_name(f".{site_dir.name}.tmp-build")


def check_site_dir(root: Path, site_dir: Path) -> None:
    """Refuse, before anything is generated or moved, a site folder hhz may not replace."""
    staging = root / STAGING_DIR
    check_replaceable(site_dir, root, "sitemap", site_dir / SITE_MARKER, staging)
    work = work_folder(site_dir)
    check_replaceable(work, root, "werkmap", work / WORK_MARKER, staging)


def _engine_folder(root: Path, site_dir: Path, engine: str, work: Path) -> Path:
    """Where the engine writes: in the work folder, except for Zensical with a site outside
    the project (Zensical only writes inside the folder of its config file)."""
    if engine != "zensical" or site_dir.resolve().is_relative_to(root.resolve()):
        return work / "site"
    outside = root / ZENSICAL_WORK
    check_replaceable(outside, root, "werkmap", outside / WORK_MARKER)
    make_owned_folder(outside, outside / WORK_MARKER)
    return outside / "site"


def _run_engine(root: Path, engine: str, out: Path, quiet: bool, site_url: str | None = None) -> str:
    command = engine_command(engine, root, out, quiet, site_url)
    try:
        proc = subprocess.run(command, cwd=root, env=_engine_env(), capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BuildError(f"{engine} is niet geïnstalleerd ({exc.filename}); installeer met pip install 'hhz[{engine}]'") from exc
    finally:
        (root / ZENSICAL_CONFIG).unlink(missing_ok=True)
        (root / MKDOCS_CONFIG).unlink(missing_ok=True)
    output = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0 or not (out / "index.html").is_file():
        raise BuildError(f"{engine} build mislukt (exitcode {proc.returncode}); de vorige site is ongewijzigd.\n{output.strip()}")
    return output


def build_site(
    root: Path, site_dir: Path, engine: str = "mkdocs", quiet: bool = False, config: SiteConfig | None = None
) -> BuildResult:
    """Build into a work folder of ours beside the site, then swap it in; a failed build
    leaves the previous site as it was. Refuses (``UnsafeFolderError``) any site folder
    that is not absent, empty or a previous site of ours (see ``sitefolder``)."""
    root = absolute_path(root)
    if not (root / "mkdocs.yml").is_file():
        raise BuildError(f"mkdocs.yml ontbreekt in {root}")
    site_dir = site_path(root, site_dir)
    check_site_dir(root, site_dir)
    work = work_folder(site_dir)
    make_owned_folder(work, work / WORK_MARKER)
    try:
        site_config = config or load_site_config(root)
        out = _engine_folder(root, site_dir, engine, work)
        output = _run_engine(root, engine, out, quiet, site_config.site_url)
        if out != work / "site":
            shutil.move(out, work / "site")
            out = work / "site"
        if not site_config.site_url:  # without the site's address a sitemap has no URLs: none at all
            for name in SITEMAPS:
                (out / name).unlink(missing_ok=True)
        fix_theme_scripts(out)
        tiles_url = site_config.tiles_url
        write_security_files(out, tiles_url=tiles_url, page_fix=lambda html: compact_page(with_feed_links(fixed_page(html))))
        write_host_configs(out)  # nginx, Caddy, Apache, from the _headers just written
        precompress_site(out)  # after the last change to the files
        write_marker(out / SITE_MARKER)
        publish(out, site_dir, work / "vorige-site")
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(f"site afronden mislukt ({exc}); de vorige site is ongewijzigd") from exc
    finally:
        remove_owned_folder(work, work / WORK_MARKER)
        remove_owned_folder(root / ZENSICAL_WORK, root / ZENSICAL_WORK / WORK_MARKER)
    return BuildResult(site_dir, engine, output)
