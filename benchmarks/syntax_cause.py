"""Benchmark: how long the loader takes to find the real cause of a YAML syntax error.

    python benchmarks/syntax_cause.py [--rounds 5]

Takes the largest region file of this repository, makes it about 40 KB by repeating its
zelfevaluaties, and indents one `toelichting` a space too far: near the start and near the
end. Loads each broken text with libyaml and with PyYAML's pure-Python parser and prints
the median time per load, with the line and message found.

Target: below 0.2 s with libyaml for a 40 KB file (the error path of `hhz validate` and of
`hhz serve`); the pure-Python parser (used only without libyaml) below 2 s.
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

from hhz.yamlsource import load_yaml_text  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
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
