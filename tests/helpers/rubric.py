"""The guided zelfevaluatie in beheer/ (site_templates/beheer/hhz-rubric.js), as a test works
it: by the roles and names an editor (or a screen reader) meets, never by Decap's ids.

Every helper that acts returns how many interactions it took (a click, a key press or the
typing of one field), so a test can quote the cost of one bouwsteen.
"""

from __future__ import annotations

import re


def guided(page):
    """The guided part of the newest zelfevaluatie in the form (the last one shown)."""
    widget = page.locator(".hhz-rubric:visible").last
    widget.wait_for()
    return widget


def section(widget, label: str):
    """One bouwsteen's section, by its heading ("1. Regiovisie")."""
    return widget.locator("section.hhz-bouwsteen").filter(has=widget.page.get_by_role("heading", name=re.compile("^" + re.escape(label))))


def levels(widget, label: str):
    return widget.get_by_role("group", name=f"Niveau van {label}")


def level_card(widget, label: str, level: int):
    return levels(widget, label).get_by_role("radio", name=re.compile(f"^{level} · "))


def choose_level(widget, label: str, level: int) -> int:
    level_card(widget, label, level).click()
    return 1


def choose_level_by_keyboard(widget, label: str, level: int) -> int:
    """Tab into the group (focus its first radio), Space, then the arrow keys: as with a keyboard."""
    radios = levels(widget, label).get_by_role("radio")
    radios.first.focus()
    page = widget.page
    page.keyboard.press("Space")
    for _ in range(level - 1):
        page.keyboard.press("ArrowRight")
    return level  # Space and level-1 arrows


def checked_level(widget, label: str) -> int | None:
    for radio in levels(widget, label).get_by_role("radio").all():
        if radio.is_checked():
            return int(radio.get_attribute("value"))
    return None


def toelichting(widget, label: str):
    return section(widget, label).get_by_role("textbox", name="Toelichting")


def write_toelichting(widget, label: str, text: str) -> int:
    toelichting(widget, label).fill(text)
    return 1


def add_bewijs(widget, label: str, titel: str, url: str) -> int:
    block = section(widget, label)
    block.get_by_role("button", name=re.compile("bewijs toevoegen$", re.I)).click()
    fieldset = block.get_by_role("group", name=re.compile(r"^Bewijs \d+$")).last
    fieldset.get_by_role("textbox", name="Titel").fill(titel)
    fieldset.get_by_role("textbox", name="Adres (URL)").fill(url)
    return 3


def ambitie_group(widget, label: str):
    return section(widget, label).get_by_role("group", name="Ambitie (optioneel)")


def ambitie_offered(widget, label: str) -> list[str]:
    return [r.get_attribute("value") for r in ambitie_group(widget, label).get_by_role("radio").all()]


def choose_ambitie(widget, label: str, level: int, jaar: int) -> int:
    group = ambitie_group(widget, label)
    group.get_by_role("radio", name=re.compile(f"^{level} · ")).click()
    group.get_by_role("spinbutton", name="In welk jaar").fill(str(jaar))
    return 2


def progress(widget) -> str:
    return " ".join(widget.locator(".hhz-voortgang-tekst").inner_text().split())


def note(widget, label: str):
    """The non-blocking note at a high level without bewijs."""
    return section(widget, label).get_by_role("note")
