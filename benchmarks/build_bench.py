"""Benchmark: `hhz generate` and the whole `hhz build` at three data scales, per engine.

    python benchmarks/build_bench.py [--engines mkdocs,zensical] [--scales shipped,100,300]

Synthetic data is written to a temporary folder (nothing is committed). Scales:
  shipped  the data in regions/ and bouwstenen/ of this repository
  100      100 regions, 10 good practices and 5 zelfevaluaties each
  300      300 regions, 10 good practices and 5 zelfevaluaties each
           (every bouwsteen with scores per groep and typed, dated bewijs; every
           second zelfevaluatie getoetst)

For each scale it times `hhz generate` on its own (a fresh process), and one whole
`hhz build` per engine, each after flushing the file system's pending writes (`sync`).
The generation share is taken inside that same build run (from its start until it
reports that the engine starts), so both parts see the same machine.

Targets (from the site issue), checked at the end (exit 1 when one is missed):
  * generation <= 20% of the whole build at the largest scale (each engine);
  * generation grows linearly: 300 regions <= 3.5 x the time of 100;
  * a region page <= 60 KB of HTML (theme assets excluded).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOUWSTEEN_IDS = ["regiovisie", "samenwerkingsafspraken", "informatiebeleid", "arbeidsmarkt", "ontzorging", "innovatie-kwaliteit"]
PROVINCIES = ["Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"]
LOREM = (
    "De regio-organisatie werkt samen met huisartsen, gemeenten en zorgverzekeraars aan goede "
    "en toegankelijke huisartsenzorg. Afspraken worden gemaakt met mandaat van de huisartsen."
)


def gemeente_codes() -> list[str]:
    geo = Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")
    listing = geo / "gemeenten_2025.csv"
    if listing.is_file():
        with listing.open(encoding="utf-8") as handle:
            return [row["code"] for row in csv.DictReader(handle)]
    return [f"GM{n:04d}" for n in range(1, 343)]


def provincies_of(codes_per_region: list[list[str]]) -> list[str] | None:
    """Per region the provincies of its gemeenten (the validator checks them when there is
    geodata), through hhz's own lookup; None without geodata."""
    geo_dir = Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")
    if not (geo_dir / "gemeente_2025.topojson").is_file():
        return None
    from hhz.geo.reference import load_geo_reference
    from hhz.validate.provinces import provincie_names

    names = provincie_names(load_geo_reference(geo_dir))
    return [", ".join(sorted({names[code] for code in codes if code in names})) for codes in codes_per_region]


def group_scores(level: int, seed: int) -> str:
    """Three groups around the agreed level; every third one "verdeeld" (two levels apart)."""
    low, high = max(1, level - 1), min(5, level + (seed % 3 == 0))
    return f"        scores: {{huisartsen: {low}, bestuur: {level}, partners: {high}}}"


def synthetic_region(
    index: int, codes: list[str], practices: int, evaluations: int, provincies: str | None = None
) -> str:
    rid = f"regio-{index:03d}"
    lines = [
        "# yaml-language-server: $schema=../schemas/regio.schema.json",
        f"id: {rid}",
        f"naam: Regio-organisatie nummer {index}",
        f"korte_naam: Regio {index}",
        f"provincies: [{provincies or PROVINCIES[index % len(PROVINCIES)]}]",
        f"website: https://regio-{index}.example.nl",
        "contact:",
        f"  email: info@regio-{index}.example.nl",
        f"gemeenten: [{', '.join(codes)}]",
        "organisaties:",
        f"  - naam: Zorggroep {index}",
        "    type: zorggroep",
        f"  - naam: Huisartsenpost {index}",
        "    type: huisartsenpost",
        "governance:",
        "  rechtsvorm: coöperatie",
        f"  mandaat: {LOREM}",
        "kerngegevens:",
        "  peildatum: 2025-01-01",
        f"  huisartsen: {100 + index}",
        f"  praktijken: {40 + index % 30}",
        f"  inwoners: {200000 + 1000 * index}",
        "  bron: Synthetische gegevens",
        "regioplan:",
        f"  status: {['openbaar', 'niet-openbaar', 'in-ontwikkeling', 'onbekend', 'geen'][index % 5]}",
        "zelfevaluaties:",
    ]
    for e in range(evaluations):
        lines += [
            f"  - datum: {2021 + e}-0{1 + index % 9}-1{e % 9}",
            "    status: vastgesteld",
            "    deelnemers: [Bestuur, Regioraad]",
            *(["    getoetst:", "      door: Landelijke koepel", f"      datum: {2021 + e}-1{e % 3}-20"] if e % 2 else []),
            "    voorbeeld: true",
            "    bouwstenen:",
        ]
        for b_index, bouwsteen in enumerate(BOUWSTEEN_IDS):
            level = 1 + (index + b_index + e) % 5
            lines += [
                f"      {bouwsteen}:",
                f"        niveau: {level}",
                group_scores(level, index + b_index + e),  # scores per groep on every bouwsteen
                f"        toelichting: {LOREM}",
                "        bewijs:",
                "          - titel: Jaarverslag",
                f"            url: https://regio-{index}.example.nl/jaarverslag",
                "            type: jaarverslag",
                f"            datum: {2020 + e}-06-01",
                "        ambitie:",
                "          niveau: 5",
                "          jaar: 2028",
            ]
    lines.append("goede_voorbeelden:" if practices else "goede_voorbeelden: []")
    for p in range(practices):
        lines += [
            f"  - id: {rid}-voorbeeld-{p}",
            f"    titel: Voorbeeld {p} van regio {index}",
            f"    bouwstenen: [{BOUWSTEEN_IDS[p % 6]}, {BOUWSTEEN_IDS[(p + 2) % 6]}]",
            f"    samenvatting: {LOREM}",
            "    tekst: |",
            f"      {LOREM}",
            "",
            f"      - eerste punt\n      - tweede punt met **nadruk**",
            "    datum: 2024-05-01",
        ]
    return "\n".join(lines) + "\n"


def make_scale(target: Path, scale: str) -> None:
    for name in ("site_templates", "docs", "bouwstenen"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    if scale == "shipped":
        shutil.copytree(REPO / "regions", target / "regions")
        return
    count = int(scale)
    practices, evaluations = 10, 5  # same shape at every scale, so 300/100 measures linearity
    codes = gemeente_codes()
    (target / "regions").mkdir()
    per_region = [codes[i::count] for i in range(count)]
    provincies = provincies_of(per_region)
    for index in range(count):
        (target / "regions" / f"regio-{index:03d}.yaml").write_text(
            synthetic_region(index, per_region[index], practices, evaluations, provincies and provincies[index]),
            encoding="utf-8",
        )


def settle() -> None:
    """Flush the writes of the previous step (thousands of files written or deleted), so
    that their write-back does not slow down the next measurement."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1)


def timed(command: list[str], cwd: Path) -> float:
    settle()
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


ENGINE_STEP = "site bouwen met"  # the progress line `hhz build` prints when the engine starts


def timed_build(command: list[str], cwd: Path) -> tuple[float, float]:
    """(generation, whole build) of one `hhz build` run, both from that same run: the
    generation phase ends when the build reports that it starts the engine."""
    settle()
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    generation = None
    lines = []
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append(line)
        if generation is None and ENGINE_STEP in line:
            generation = time.perf_counter() - start
    proc.wait()
    total = time.perf_counter() - start
    if proc.returncode != 0 or generation is None:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{''.join(lines)}")
    return generation, total


def largest_region_page(site: Path) -> tuple[str, int]:
    pages = [(p.name, p.stat().st_size) for p in (site / "regios").glob("*.html") if p.name != "index.html"]
    return max(pages, key=lambda item: item[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="mkdocs,zensical")
    parser.add_argument("--scales", default="shipped,100,300")
    args = parser.parse_args()
    engines = args.engines.split(",")
    scales = args.scales.split(",")
    hhz = [sys.executable, "-m", "hhz"]
    hhz_unbuffered = [sys.executable, "-u", "-m", "hhz"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hhz-bench-") as tmp:
        for scale in scales:
            root = Path(tmp) / f"scale-{scale}"
            make_scale(root, scale)
            regions = len(list((root / "regions").glob("*.yaml")))
            generate = timed(hhz + ["generate", ".", "-q"], root)
            for engine in engines:
                shutil.rmtree(root / "build", ignore_errors=True)
                command = hhz_unbuffered + ["build", ".", "--engine", engine, "--site-dir", f"site-{engine}"]
                phase, build = timed_build(command, root)
                page, size = largest_region_page(root / f"site-{engine}")
                rows.append((scale, regions, engine, generate, phase, build, phase / build, page, size))
                print(
                    f"  {scale:>7} {engine:9} generate {generate:6.2f}s  build {build:6.2f}s "
                    f"(of which generation {phase:5.2f}s)",
                    file=sys.stderr,
                )

    print(
        "| schaal | regio's | engine | `hhz generate` (s) | hele `hhz build` (s) | waarvan genereren (s) "
        "| genereren / build | grootste regiopagina |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for scale, regions, engine, generate, phase, build, share, page, size in rows:
        print(
            f"| {scale} | {regions} | {engine} | {generate:.2f} | {build:.2f} | {phase:.2f} | {share:.0%} "
            f"| {size / 1024:.1f} KB |"
        )

    failures = []
    largest = scales[-1]
    for scale, _r, engine, _g, _ph, _b, share, _p, _s in rows:
        if scale == largest and share > 0.20:
            failures.append(f"generation is {share:.0%} of the {engine} build at scale {scale} (target <= 20%)")
    gen = {scale: g for scale, _r, _e, g, *_ in rows}
    if "100" in gen and "300" in gen:
        ratio = gen["300"] / gen["100"]
        print(f"\ngenerate 300 / 100 = {ratio:.2f} (target <= 3.5)")
        if ratio > 3.5:
            failures.append(f"generation 300/100 ratio {ratio:.2f} > 3.5")
    biggest = max(size for *_rest, size in rows)
    print(f"largest region page: {biggest / 1024:.1f} KB (target <= 60 KB)")
    if biggest > 60 * 1024:
        failures.append(f"a region page is {biggest / 1024:.1f} KB (> 60 KB)")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
