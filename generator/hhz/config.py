"""Site settings from ``[tool.hhz]`` in ROOT/pyproject.toml (all optional)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteConfig:
    site_name: str = "Hechte Huisartsenzorg"
    repo_url: str | None = None  # e.g. https://github.com/org/repo, for "bewerk deze gegevens"
    edit_branch: str = "main"
    site_url: str | None = None  # the published site's address, ending in / (sitemap, canonical links, feeds)
    tiles_url: str | None = None  # optional map background tiles (off by default: no third-party requests)
    cms_auth_url: str | None = None  # beheer/: the GitHub OAuth proxy (Decap's base_url), see maintainers/hosting.md
    tiles_attribution: str | None = None
    # The open data's catalogue record (data/catalogus.jsonld, DCAT-AP-NL 3.0); see README.
    publisher: str | None = None  # the organisation that publishes the data (default: site_name)
    publisher_url: str | None = None
    creator: str | None = None  # who makes the data (default: the publisher)
    creator_url: str | None = None
    contact_email: str | None = None  # the data's contact point (default: repo_url's issues)
    contact_url: str | None = None
    theme: str = "http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"  # DONL theme list

    def edit_url(self, relpath: str) -> str | None:
        if not self.repo_url:
            return None
        return f"{self.repo_url.rstrip('/')}/edit/{self.edit_branch}/{relpath}"


_HTTPS_KEYS = ("repo_url", "site_url", "tiles_url", "cms_auth_url", "publisher_url", "creator_url", "contact_url")
_EMAIL_RE = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
DONL_THEMES = "http://standaarden.overheid.nl/owms/terms/"


class ConfigError(Exception):
    pass


def checked_site_url(value: str, where: str) -> str:
    """The site's address as ``https://host/path/`` (always ending in /), or a Dutch
    ``ConfigError`` saying what is wrong with it; ``where`` names the setting."""
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme != "https":
        raise ConfigError(f"{where} moet met https:// beginnen (gekregen: {value!r})")
    if not parts.hostname or parts.username or parts.password:
        raise ConfigError(f"{where} mist een servernaam, of bevat een gebruikersnaam (gekregen: {value!r})")
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise ConfigError(f"{where} mag geen ? of # bevatten: alleen het adres van de site (gekregen: {value!r})")
    if any(c.isspace() for c in value.strip()) or '"' in value or "<" in value or ">" in value:
        raise ConfigError(f"{where} bevat spaties of tekens die niet in een adres horen (gekregen: {value!r})")
    return f"https://{parts.netloc}{parts.path.rstrip('/')}/"


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
        if key in _HTTPS_KEYS and not value.startswith("https://"):
            raise ConfigError(f"{path.name}: [tool.hhz] {key} moet met https:// beginnen")
        if key == "contact_email" and not _EMAIL_RE.fullmatch(value):
            raise ConfigError(f"{path.name}: [tool.hhz] contact_email is geen e-mailadres: {value!r}")
        if key == "theme" and not value.startswith(DONL_THEMES):
            raise ConfigError(
                f"{path.name}: [tool.hhz] theme moet een thema uit de DONL-waardelijst zijn ({DONL_THEMES}…), "
                f"gekregen: {value!r}"
            )
    if "site_url" in section:
        section = {**section, "site_url": checked_site_url(section["site_url"], f"{path.name}: [tool.hhz] site_url")}
    return SiteConfig(**section)
