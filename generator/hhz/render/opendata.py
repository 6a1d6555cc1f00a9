"""Open data files: everything in the YAML, in JSON and CSV, plus an Atom feed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..dataset import Dataset
from ..schema import schema_documents
from ..urls import URLS

LICENCE = "CC BY 4.0"


def _json(data: dict[str, Any]) -> bytes:
    """One top-level key per line, and one line per item of a top-level list: readable and
    diffable, and written by the json module's C encoder (``indent`` would use its slow
    pure-Python one, a noticeable part of generation at 300 regions)."""
    lines = []
    for key, value in data.items():
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"  {name}: [\n{items}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def regios_json(dataset: Dataset) -> bytes:
    """Every region exactly as in its YAML (defaults filled in), nothing left out."""
    return _json(
        {
            "licentie": LICENCE,
            "schaal": dataset.schaal.model_dump(mode="json"),
            "regios": [r.model_dump(mode="json") for r in dataset.regions],
        }
    )


def bouwstenen_json(dataset: Dataset) -> bytes:
    return _json(
        {
            "licentie": LICENCE,
            "schaal": dataset.schaal.model_dump(mode="json"),
            "bouwstenen": [b.model_dump(mode="json") for b in dataset.bouwstenen],
        }
    )


def goede_voorbeelden_json(dataset: Dataset) -> bytes:
    items = []
    for region, gv in dataset.goede_voorbeelden():
        items.append({"regio": region.id, "regio_naam": region.naam, **gv.model_dump(mode="json")})
    return _json({"licentie": LICENCE, "goede_voorbeelden": items})


CSV_COLUMNS = [
    "regio",
    "regio_naam",
    "datum",
    "status",
    "voorbeeld",
    "bouwsteen",
    "niveau",
    "ambitie_niveau",
    "ambitie_jaar",
    "toelichting",
    "bewijs",
    "deelnemers",
]


def zelfevaluaties_csv(dataset: Dataset) -> bytes:
    """One row per region x datum x bouwsteen."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    order = {b: i for i, b in enumerate(dataset.bouwsteen_ids)}
    for region in dataset.regions:
        for evaluation in sorted(region.zelfevaluaties, key=lambda z: z.datum):
            for bouwsteen_id, score in sorted(evaluation.bouwstenen.items(), key=lambda kv: order.get(kv[0], 99)):
                writer.writerow(
                    [
                        region.id,
                        region.naam,
                        evaluation.datum.isoformat(),
                        evaluation.status,
                        "true" if evaluation.voorbeeld else "false",
                        bouwsteen_id,
                        score.niveau,
                        score.ambitie.niveau if score.ambitie else "",
                        score.ambitie.jaar if score.ambitie else "",
                        score.toelichting,
                        " | ".join(f"{link.titel} <{link.url}>" for link in score.bewijs),
                        "; ".join(evaluation.deelnemers),
                    ]
                )
    return out.getvalue().encode("utf-8")


def schema_files() -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in schema_documents().items()}


def atom_feed(dataset: Dataset, site_name: str, site_url: str | None) -> bytes:
    """An Atom feed of zelfevaluaties and good practices, newest first (max. 50)."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    entries: list[tuple[str, str, str, str, str]] = []  # date, id, title, link, summary
    for region in dataset.regions:
        for evaluation in region.zelfevaluaties:
            if evaluation.status != "vastgesteld":
                continue
            day = evaluation.datum.isoformat()
            entries.append(
                (
                    day,
                    f"tag:hechtehuisartsenzorg.nl,2024:zelfevaluatie/{region.id}/{day}",
                    f"Zelfevaluatie {region.korte_naam} ({day})",
                    base + URLS.html(URLS.region(region.id)),
                    f"{region.naam} heeft een zelfevaluatie vastgesteld op {day}.",
                )
            )
        for gv in region.goede_voorbeelden:
            entries.append(
                (
                    gv.datum.isoformat(),
                    f"tag:hechtehuisartsenzorg.nl,2024:goed-voorbeeld/{gv.id}",
                    f"Goed voorbeeld: {gv.titel} ({region.korte_naam})",
                    base + URLS.html(URLS.practice(gv.id)),
                    gv.samenvatting,
                )
            )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    entries = entries[:50]
    updated = f"{entries[0][0]}T00:00:00Z" if entries else "2024-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
        f"  <title>{escape(site_name)}: nieuwe zelfevaluaties en goede voorbeelden</title>",
        "  <id>tag:hechtehuisartsenzorg.nl,2024:feed</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(site_name)}</name></author>",
    ]
    if base:
        lines.append(f"  <link rel=\"self\" href={quoteattr(base + 'feed.xml')}/>")
    for day, entry_id, title, link, summary in entries:
        lines += [
            "  <entry>",
            f"    <id>{escape(entry_id)}</id>",
            f"    <title>{escape(title)}</title>",
            f"    <link href={quoteattr(link)}/>",
            f"    <updated>{day}T00:00:00Z</updated>",
            f"    <summary>{escape(' '.join(summary.split()))}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
