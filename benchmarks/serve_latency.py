"""Benchmark: how long after saving a YAML file `hhz serve` shows the change.

    python benchmarks/serve_latency.py [--rounds 5]

Copies this repository's data and site sources to a temporary folder, starts
`hhz serve` there, then edits the name of one region several times and measures, for
each edit, the time until the served region page contains the new name (polled every
50 ms). The browser reloads itself at that moment (MkDocs' live-reload client).

Target (from the site issue): the change is visible within 2 s (checked on the median).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REGION = "humo"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hhz-serve-") as tmp:
        root = Path(tmp)
        for name in ("regions", "bouwstenen", "site_templates", "docs", "schemas"):
            shutil.copytree(REPO / name, root / name)
        for name in ("mkdocs.yml", "pyproject.toml"):
            shutil.copy(REPO / name, root / name)
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "hhz", "serve", ".", "-q", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        try:
            url = f"http://127.0.0.1:{port}/regios/{REGION}.html"
            if wait_for(lambda: "<h1" in fetch(url), 120) is None:
                print("hhz serve did not start", file=sys.stderr)
                return 1
            time.sleep(1.0)  # let the first build settle
            path = root / "regions" / f"{REGION}.yaml"
            original = path.read_text(encoding="utf-8")
            marker = "\nnaam: "
            latencies = []
            for round_ in range(args.rounds):
                name = f"Bewerkte naam {round_}"
                start = original.index(marker) + len(marker)
                end = original.index("\n", start)
                path.write_text(original[:start] + name + original[end:], encoding="utf-8")
                latency = wait_for(lambda: name in fetch(url), 30)
                if latency is None:
                    print(f"round {round_}: the change did not appear within 30 s", file=sys.stderr)
                    return 1
                latencies.append(latency)
                print(f"  edit {round_ + 1}: visible after {latency:.2f} s", file=sys.stderr)
                time.sleep(0.5)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    median = statistics.median(latencies)
    print(f"serve latency over {len(latencies)} edits: median {median:.2f} s, max {max(latencies):.2f} s (target <= 2 s)")
    return 0 if median <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
