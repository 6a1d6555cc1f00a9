"""The toegankelijkheidsverklaring's facts: the project's own audit summary.

``audit/toegankelijkheid.json`` is written by ``tests/test_a11y.py`` (as
``test-artifacts/toegankelijkheid.json``: what axe-core found in this run, on which pages,
widths and engines, with which versions) and committed by a maintainer after a release
check; the Lighthouse figures and the known problems in it are kept by hand (the test
copies them over). The page (``site_templates/toegankelijkheid.md.j2``) says only what
that file says; without the file it says that no audit result is recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

AUDIT_FILE = Path("audit") / "toegankelijkheid.json"
IMPACTS = ("critical", "serious", "moderate", "minor")


class AuditError(Exception):
    pass


def _need(data: dict, key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise AuditError(f"{where}: het veld {key!r} ontbreekt of heeft het verkeerde type ({kind.__name__} verwacht)")
    return value


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise AuditError(f"{where}: datum moet een datum zijn als 2026-12-07, niet {value!r}") from exc


def _check(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise AuditError(f"{where}: verwacht een JSON-object")
    data["datum"] = _date(_need(data, "datum", str, where), where)
    axe = _need(data, "axe", dict, where)
    for key, kind in (("versie", str), ("browser", str), ("regels", list), ("breedtes", list),
                      ("engines", dict), ("paginas", list), ("bevindingen", dict)):
        _need(axe, key, kind, f"{where} (axe)")
    for impact in IMPACTS:
        if not isinstance(axe["bevindingen"].get(impact), int):
            raise AuditError(f"{where} (axe): bevindingen.{impact} moet een getal zijn")
    for number, item in enumerate(data.get("bekend") or [], 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("wat", "waarom", "criterium")):
            raise AuditError(
                f"{where}: bekend[{number}] moet wat, waarom en criterium hebben (tekst; criterium leeg als het geen WCAG-criterium is)"
            )
    lighthouse = data.get("lighthouse")
    if lighthouse is not None:
        lighthouse["datum"] = _date(_need(lighthouse, "datum", str, f"{where} (lighthouse)"), f"{where} (lighthouse)")
        _need(lighthouse, "versie", str, f"{where} (lighthouse)")
        _need(lighthouse, "toegankelijkheid", dict, f"{where} (lighthouse)")
    return data


def load_audit(root: Path) -> dict[str, Any] | None:
    """The audit summary, checked; None when the project has none."""
    path = root / AUDIT_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AuditError(f"{AUDIT_FILE.as_posix()}:{exc.lineno}: geen geldige JSON ({exc.msg})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditError(f"{AUDIT_FILE.as_posix()}: kan het bestand niet lezen ({exc})") from exc
    return _check(data, AUDIT_FILE.as_posix())
