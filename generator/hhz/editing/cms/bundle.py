"""The files of ``beheer/``: Decap CMS's bundle (from ``cms/node_modules``, installed from
the npm lock file), the YAML library its format script uses, our page and scripts from
``site_templates/beheer/``, and the generated ``config.yml``.

Without the bundle (a machine without Node: ``npm ci --prefix cms`` never ran) the site is
built without the form, with one warning and a ``beheer/index.html`` that says so (the
links to it keep working); CI always has the bundle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from ...config import SiteConfig
from ...dataset import Dataset
from ...load.values import plain_scalar_rules
from ...schema.data import SchemaDataError, read_gemeente_list
from ...urls import URLS
from .config import Backend, cms_config, config_yaml, form_rules_json, repo_from_url

DECAP_DIST = Path("cms") / "node_modules" / "decap-cms" / "dist"
YAML_DIST = Path("cms") / "node_modules" / "yaml" / "browser" / "dist"
YAML_LICENSE = Path("cms") / "node_modules" / "yaml" / "LICENSE"
TEMPLATES = Path("site_templates") / "beheer"
PLACEHOLDER = Path("site_templates") / "beheer-ontbreekt" / "index.html"
# one short line (the console is 80 wide): the cause and the command that fixes it
MISSING = "beheer/ zonder formulier: Decap CMS mist (npm ci --prefix cms)"
# the same for a site without a custom domain (README, hosting/github.md)
SHARED_ORIGIN = "beheer/ op gedeelde origin (*.github.io): zet een eigen domein"


def shared_origin(config: SiteConfig) -> str | None:
    """The site's origin when GitHub Pages shares it with other sites, else None.

    Every Pages site of an owner without a custom domain is served from
    ``https://<owner>.github.io``: one origin, so any of them can read what beheer/ keeps
    in localStorage (Decap's GitHub token). The site's address is ``site_url``; without it,
    GitHub Pages' default address for ``repo_url``."""
    if config.site_url:
        host = (urlsplit(config.site_url).hostname or "").lower()
    else:
        repo = repo_from_url(config.repo_url)
        host = f"{repo.split('/')[0].lower()}.github.io" if repo else ""
    return f"https://{host}" if host.endswith(".github.io") else None


@dataclass
class BeheerFiles:
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def decap_files(dist: Path) -> dict[str, bytes]:
    """The bundle, its lazily loaded chunks and wasm files, and its licence; no source maps
    and not the second copy of the bundle (``cms.js``)."""
    names = ["decap-cms.js", "decap-cms.js.LICENSE.txt"]
    names += sorted(p.name for p in dist.glob("*.decap-cms.js"))
    names += sorted(p.name for p in dist.glob("*.wasm"))
    return {f"{URLS.beheer_dir}/{name}": (dist / name).read_bytes() for name in names}


def yaml_files(root: Path) -> dict[str, bytes]:
    """The ``yaml`` package's ES modules (a dependency of decap-cms, same lock file)."""
    dist = root / YAML_DIST
    out = {f"{URLS.beheer_yaml_dir}/{p.name}": p.read_bytes() for p in sorted(dist.glob("*.js"))}
    out[f"{URLS.beheer_yaml_dir}/LICENSE.txt"] = (root / YAML_LICENSE).read_bytes()
    return out


def template_files(root: Path) -> dict[str, bytes]:
    folder = root / TEMPLATES
    return {f"{URLS.beheer_dir}/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def yaml_rules_json() -> bytes:
    """The loader's rules for plain scalars, so the form quotes exactly what it would misread."""
    return (json.dumps({"plain_scalars": plain_scalar_rules()}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def gemeente_list(root: Path, dataset: Dataset) -> dict[str, str]:
    """CBS names by code: from the geodata (in the dataset), else the committed
    schemas/gemeenten.json; empty when neither can be read."""
    if dataset.gemeente_namen:
        return dict(dataset.gemeente_namen)
    try:
        return read_gemeente_list(root)
    except SchemaDataError:
        return {}


def backend_for(config: SiteConfig) -> Backend:
    return Backend(repo=repo_from_url(config.repo_url), branch=config.edit_branch, base_url=config.cms_auth_url)


def beheer_files(
    root: Path, dataset: Dataset, config: SiteConfig, gemeente_names: Mapping[str, str] | None = None
) -> BeheerFiles:
    """Everything under ``beheer/``; without the bundle only a page that says so (so the
    links to beheer/ still work) and a warning."""
    out = BeheerFiles()
    dist = root / DECAP_DIST
    complete = (dist / "decap-cms.js").is_file() and (root / YAML_DIST / "index.js").is_file()  # npm ci may stop half-way
    if not complete or not (root / TEMPLATES).is_dir():
        out.warnings.append(MISSING)
        if (root / PLACEHOLDER).is_file():
            out.files[f"{URLS.beheer_dir}/index.html"] = (root / PLACEHOLDER).read_bytes()
        return out
    names = dict(gemeente_names) if gemeente_names is not None else gemeente_list(root, dataset)
    if not names:
        out.warnings.append(
            "geen lijst met CBS-gemeenten: in beheer/ worden gemeenten als code (GM0828) ingevuld in plaats van op naam gekozen"
        )
    out.files.update(decap_files(dist))
    out.files.update(yaml_files(root))
    out.files.update(template_files(root))
    out.files[URLS.beheer_yaml_rules] = yaml_rules_json()
    out.files[URLS.beheer_form_rules] = form_rules_json(dataset)
    skipped: list[str] = []
    out.files[URLS.beheer_config] = config_yaml(cms_config(dataset, names, backend_for(config), skipped))
    if shared_origin(config):
        out.warnings.append(SHARED_ORIGIN)
    if skipped:  # a new kind of field: the form leaves it alone, the file keeps its value
        out.warnings.append(f"niet in het invulformulier (nog geen widget in generator/hhz/cms/fields.py): {', '.join(skipped)}")
    return out
