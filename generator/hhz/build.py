"""`hhz build`: run MkDocs (+ Material) or Zensical on the staged pages, atomically.

The engine builds into a temporary folder beside the target. Only when it succeeds is
the previous site replaced, so a failed build leaves the old ``site/`` intact. Before the
swap, ``security.write_security_files`` adds ``_headers`` and the CSP ``<meta>`` tag,
computed from the pages just built.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import load_site_config
from .security import write_security_files
from .themefix import fix_theme_scripts, fixed_page

ENGINES = ("mkdocs", "zensical")
ZENSICAL_CONFIG = ".hhz-zensical.yml"
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


def _zensical_config(root: Path, out_dir: Path) -> Path:
    """A copy of mkdocs.yml beside it, pointing site_dir at the temporary folder.

    Zensical requires site_dir inside the folder of its config file.
    """
    config_path = root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    try:
        config["site_dir"] = out_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError as exc:
        raise BuildError("met zensical moet --site-dir binnen de projectmap liggen") from exc
    target = root / ZENSICAL_CONFIG
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def engine_command(engine: str, root: Path, out_dir: Path, quiet: bool) -> list[str]:
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml")]
        command += ["--site-dir", str(out_dir.resolve())]
        # no --quiet: it hides warnings from strict mode's count; output is captured anyway
        return command
    if engine == "zensical":
        exe = shutil.which("zensical") or str(Path(sys.executable).with_name("zensical"))
        return [exe, "build", "--clean", "--config-file", str(_zensical_config(root, out_dir))]
    raise BuildError(f"onbekende engine `{engine}`; kies uit: {', '.join(ENGINES)}")


def build_site(root: Path, site_dir: Path, engine: str = "mkdocs", quiet: bool = False) -> BuildResult:
    if not (root / "mkdocs.yml").is_file():
        raise BuildError(f"mkdocs.yml ontbreekt in {root}")
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    tmp = site_dir.with_name(f".{site_dir.name}.tmp-build")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    command = engine_command(engine, root, tmp, quiet)
    try:
        proc = subprocess.run(command, cwd=root, env=_engine_env(), capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BuildError(f"{engine} is niet geïnstalleerd ({exc.filename}); installeer met pip install 'hhz[{engine}]'") from exc
    finally:
        (root / ZENSICAL_CONFIG).unlink(missing_ok=True)
    output = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0 or not (tmp / "index.html").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"{engine} build mislukt (exitcode {proc.returncode}); de vorige site is ongewijzigd.\n{output.strip()}")
    try:
        fix_theme_scripts(tmp)
        write_security_files(tmp, tiles_url=load_site_config(root).tiles_url, page_fix=fixed_page)
    except (OSError, UnicodeDecodeError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"beveiligingsheaders schrijven mislukt ({exc}); de vorige site is ongewijzigd") from exc
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(tmp, site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return BuildResult(site_dir, engine, output)
