"""Site settings from ``[tool.hhz]`` in ROOT/pyproject.toml (all optional)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteConfig:
    site_name: str = "Hechte Huisartsenzorg"
    repo_url: str | None = None  # e.g. https://github.com/org/repo, for "bewerk deze gegevens"
    edit_branch: str = "main"
    site_url: str | None = None  # absolute URL of the published site (feed ids), optional
    tiles_url: str | None = None  # optional map background tiles (off by default: no third-party requests)
    cms_auth_url: str | None = None  # beheer/: the GitHub OAuth proxy (Decap's base_url), see maintainers/hosting.md
    tiles_attribution: str | None = None

    def edit_url(self, relpath: str) -> str | None:
        if not self.repo_url:
            return None
        return f"{self.repo_url.rstrip('/')}/edit/{self.edit_branch}/{relpath}"


class ConfigError(Exception):
    pass


def load_site_config(root: Path) -> SiteConfig:
    path = root / "pyproject.toml"
    if not path.is_file():
        return SiteConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: kan [tool.hhz] niet lezen: {exc}") from exc
    section = data.get("tool", {}).get("hhz", {})
    known = set(SiteConfig.__dataclass_fields__)
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"{path.name}: onbekende instelling(en) in [tool.hhz]: {', '.join(unknown)}")
    for key, value in section.items():
        if not isinstance(value, str):
            raise ConfigError(f"{path.name}: [tool.hhz] {key} moet tekst zijn")
        if key in ("repo_url", "site_url", "tiles_url", "cms_auth_url") and not value.startswith("https://"):
            raise ConfigError(f"{path.name}: [tool.hhz] {key} moet met https:// beginnen")
    return SiteConfig(**section)
