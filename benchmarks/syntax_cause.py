"""Benchmark: how long the loader takes to find the real cause of a YAML syntax error.

    python benchmarks/syntax_cause.py [--rounds 5]

Takes the largest region file of this repository, makes it about 40 KB by repeating its
zelfevaluaties, and indents one `toelichting` a space too far: near the start and near the
end. Loads each broken text with libyaml and with PyYAML's pure-Python parser and prints
the median time per load, with the line and message found.

Target: below 0.2 s with libyaml for a 40 KB file (the error path of `hhz validate` and of
`hhz serve`); the pure-Python parser (used only without libyaml) below 2 s.

    python benchmarks/syntax_cause.py --sweep [--delta 1]

The quality sweep: in every shipped region file, indents each line that carries structure
one space too far and one too little (``--delta``: that many), one at a time, and counts
how often the first diagnostic is on that very line and names its original indentation.
Target for one space: at least 95 % on the right line with the right indentation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "generator"))

from hhz import yamlcause  # noqa: E402
from hhz.load.source import load_yaml_text  # noqa: E402

TARGET_BYTES = 40_000


def broken_texts() -> dict[str, str]:
    source = max((REPO / "regions").glob("*.yaml"), key=lambda p: p.stat().st_size).read_text(encoding="utf-8")
    head, rest = source.split("zelfevaluaties:\n", 1)
    evaluations, tail = rest.split("goede_voorbeelden:", 1) if "goede_voorbeelden:" in rest else (rest, "")
    copies = max(1, TARGET_BYTES // max(len(evaluations), 1))
    text = head + "zelfevaluaties:\n" + evaluations * copies + ("goede_voorbeelden:" + tail if tail else "")
    needle = "toelichting:"
    first, last = text.find(needle), text.rfind(needle)
    return {
        "early": text[:first] + " " + text[first:],
        "late": text[:last] + " " + text[last:],
    }


def measure(text: str, rounds: int) -> tuple[float, str]:
    times, shown = [], ""
    for _ in range(rounds):
        start = time.perf_counter()
        doc = load_yaml_text(text, "regions/groot.yaml")
        times.append(time.perf_counter() - start)
        shown = f"{doc.diagnostics[0].line}: {doc.diagnostics[0].message}" if doc.diagnostics else "(geen fout)"
    return statistics.median(times), shown


def _verdict(lines: list[str], index: int, delta: int) -> str:
    broken = list(lines)
    broken[index] = " " * (yamlcause._indent(lines[index]) + delta) + lines[index].lstrip(" ")
    diagnostics = load_yaml_text("\n".join(broken), "regions/x.yaml").diagnostics
    if not diagnostics:
        return "geldige YAML (het model meldt het)"
    first = diagnostics[0]
    if first.line != index + 1:
        return "andere regel"
    want = yamlcause._spaces(yamlcause._indent(lines[index]))
    right = f"({want})" in first.message or f" {want} in," in first.message
    return "juiste regel en inspringing" if right else "juiste regel, andere inspringing"


def sweep(delta: int) -> None:
    counts: dict[str, int] = {}
    start, total = time.perf_counter(), 0
    for path in sorted((REPO / "regions").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for index in yamlcause._structural(lines):
            for step in (delta, -delta):
                if yamlcause._indent(lines[index]) + step < 0:
                    continue
                verdict = _verdict(lines, index, step)
                counts[verdict] = counts.get(verdict, 0) + 1
                total += 1
    for verdict, count in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"{count:6}  {count / total:6.1%}  {verdict}")
    print(f"{total} fouten, {(time.perf_counter() - start) / total * 1000:.1f} ms per bestand")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--delta", type=int, default=1)
    options = parser.parse_args()
    if options.sweep:
        sweep(options.delta)
        return
    rounds = options.rounds
    texts = broken_texts()
    c_loader = getattr(yaml, "CSafeLoader", None)
    for engine in ("libyaml", "python"):
        if engine == "libyaml" and c_loader is None:
            continue
        if engine == "python" and c_loader is not None:
            del yaml.CSafeLoader
        for name, text in texts.items():
            seconds, shown = measure(text, rounds if engine == "libyaml" else max(1, rounds // 2))
            print(f"{engine:8} {len(text):>7} bytes  {name:5}  {seconds * 1000:7.0f} ms  regel {shown[:90]}")
    if c_loader is not None:
        yaml.CSafeLoader = c_loader


if __name__ == "__main__":
    main()
