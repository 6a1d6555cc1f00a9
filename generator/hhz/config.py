"""Site settings from ``[tool.hhz]`` in ROOT/pyproject.toml (all optional).

Besides where the site and its sources live, these are the programme's own look: name,
subtitle, partner line, logo, colours and what the footer says (``render/theme.py`` puts
them into the theme overrides and ``assets/hhz-huisstijl.css``). Every error names the file
and the line, in Dutch; a colour that is too light for its background is refused here,
before anything is generated.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PRIMARY = "#0b5563"  # deep petrol: 8.4:1 on white
DEFAULT_ACCENT = "#a4245b"  # raspberry: 7.0:1 on white
MIN_CONTRAST = 4.5  # WCAG 2.2 AA, 1.4.3: normal text
WHITE = "#ffffff"
URL_KEYS = ("repo_url", "site_url", "tiles_url", "cms_auth_url", "publisher_url", "creator_url", "contact_url")
_EMAIL_RE = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
DONL_THEMES = "http://standaarden.overheid.nl/owms/terms/"
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class FooterLink:
    text: str
    url: str


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
    contact_email: str | None = None  # the data's contact point, and the footer's "Contact" (default: repo_url's issues)
    contact_url: str | None = None
    theme: str = "http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"  # DONL theme list
    # the look (maintainers/features.md, "The programme's look")
    site_subtitle: str = "hoe ver de regio's zijn met de zes bouwstenen"
    partner_line: str = "een programma van InEen · LHV · NHG"
    logo: str | None = None  # an SVG file, relative to the project folder; default: our own mark
    primary_colour: str = DEFAULT_PRIMARY  # header, links, headings' accents: white text on it
    accent_colour: str = DEFAULT_ACCENT  # hover and focus: text on the white page
    footer_owner: str = "het programma Hechte Huisartsenzorg"
    footer_links: tuple[FooterLink, ...] = ()

    def edit_url(self, relpath: str) -> str | None:
        if not self.repo_url:
            return None
        return f"{self.repo_url.rstrip('/')}/edit/{self.edit_branch}/{relpath}"

    def footer_contact(self) -> str | None:
        """Where the footer's "Contact" points: the contact point (contact_url, else
        contact_email), else the issues of the repository."""
        if self.contact_url:
            return self.contact_url
        if self.contact_email:
            return f"mailto:{self.contact_email}"
        if self.repo_url:
            return f"{self.repo_url.rstrip('/')}/issues"
        return None


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


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _line_of(text: str, key: str) -> int:
    """The line of ``key = …`` inside [tool.hhz] (1-based; 0 when not found)."""
    in_section = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.startswith("[tool.hhz") or stripped == "[tool]"
        elif in_section and re.match(rf"(tool\.hhz\.)?{re.escape(key)}\s*=", stripped):
            return number
        elif stripped.startswith(f"tool.hhz.{key}") or stripped.startswith(f"hhz.{key}"):
            return number
    return 0


class _Checker:
    """Dutch errors with file and line for one pyproject.toml."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text

    def fail(self, key: str, message: str) -> ConfigError:
        line = _line_of(self.text, key)
        where = f"{self.path.name}:{line}" if line else self.path.name
        return ConfigError(f"{where}: [tool.hhz] {key} {message}")

    def text_value(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.fail(key, "moet tekst zijn (tussen aanhalingstekens)")
        if key in URL_KEYS and not value.startswith("https://"):
            raise self.fail(key, "moet met https:// beginnen")
        return value

    def colour(self, key: str, value: str) -> str:
        if not _HEX.fullmatch(value):
            raise self.fail(key, f"moet een kleur zijn als #1a5f7a (een # en zes hexadecimale tekens), niet {value!r}")
        ratio = contrast_ratio(value, WHITE)
        if ratio < MIN_CONTRAST:
            role = "wit in de kop en als linkkleur op de witte pagina" if key == "primary_colour" else "tekst op de witte pagina"
            shown = f"{ratio:.2f}".replace(".", ",")
            raise self.fail(
                key,
                f"{value} heeft een contrast van {shown}:1 met wit ({role}); WCAG vraagt minstens 4,5:1. "
                "Kies een donkerdere kleur.",
            )
        return value.lower()

    def other(self, key: str, value: str) -> str:
        """The open data's settings (see README): an e-mail address, a DONL theme, the site's address."""
        if key == "contact_email" and not _EMAIL_RE.fullmatch(value):
            raise self.fail(key, f"is geen e-mailadres: {value!r}")
        if key == "theme" and not value.startswith(DONL_THEMES):
            raise self.fail(key, f"moet een thema uit de DONL-waardelijst zijn ({DONL_THEMES}…), gekregen: {value!r}")
        if key == "site_url":
            line = _line_of(self.text, key)
            return checked_site_url(value, f"{self.path.name}{f':{line}' if line else ''}: [tool.hhz] site_url")
        return value

    def logo(self, root: Path, value: str) -> str:
        path = root / value
        if not value.lower().endswith(".svg"):
            raise self.fail("logo", f"moet een SVG-bestand zijn (.svg), niet {value!r}")
        if not path.is_file():
            raise self.fail("logo", f"verwijst naar {value}, maar dat bestand bestaat niet (pad relatief aan de projectmap)")
        head = path.read_bytes()[:2048].decode("utf-8", "replace")
        if "<svg" not in head:
            raise self.fail("logo", f"{value} is geen SVG-afbeelding (geen <svg>-element aan het begin)")
        return value

    def links(self, value: object) -> tuple[FooterLink, ...]:
        if not isinstance(value, list):
            raise self.fail("footer_links", 'moet een lijst zijn, zoals [{ text = "Over ons", url = "https://…" }]')
        links = []
        for number, item in enumerate(value, 1):
            if not isinstance(item, dict) or set(item) != {"text", "url"}:
                raise self.fail("footer_links", f"link {number} moet precies text en url hebben")
            text, url = item["text"], item["url"]
            if not isinstance(text, str) or not text.strip() or not isinstance(url, str):
                raise self.fail("footer_links", f"link {number}: text en url moeten (niet-lege) tekst zijn")
            if not url.startswith("https://"):
                raise self.fail("footer_links", f"link {number}: url moet met https:// beginnen")
            links.append(FooterLink(text.strip(), url))
        return tuple(links)


def load_site_config(root: Path) -> SiteConfig:
    path = root / "pyproject.toml"
    if not path.is_file():
        return SiteConfig()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: kan [tool.hhz] niet lezen: {exc}") from exc
    section = data.get("tool", {}).get("hhz", {})
    known = set(SiteConfig.__dataclass_fields__)
    unknown = sorted(set(section) - known)
    check = _Checker(path, text)
    if unknown:
        raise check.fail(unknown[0], f"is geen bekende instelling; bekend zijn: {', '.join(sorted(known))}")
    values: dict[str, object] = {}
    for key, value in section.items():
        if key == "footer_links":
            values[key] = check.links(value)
            continue
        value = check.text_value(key, value)
        if key in ("primary_colour", "accent_colour"):
            value = check.colour(key, value)
        elif key == "logo":
            value = check.logo(root, value)
        else:
            value = check.other(key, value)
        values[key] = value
    return SiteConfig(**values)  # type: ignore[arg-type]
