"""`hhz serve`: editing a YAML file regenerates the page the preview serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.sites import EXAMPLE_REPO_URL, copy_site_sources
from projectfactory import make_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


@pytest.mark.slow  # `hhz serve` builds the whole site with the engine
def test_editing_yaml_updates_the_served_page(tmp_path: Path) -> None:
    make_project(tmp_path)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hhz", "serve", ".", "-q", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/regios/alfa.html"
        assert wait_for(lambda: "Regio alfa" in (fetch(url) or ""), 60) is not None, "server did not start"
        # The browser reloads by itself: MkDocs injects its live-reload client into each page.
        assert "livereload(" in (fetch(url) or ""), "no live-reload script in the served page"
        region = tmp_path / "regions" / "alfa.yaml"
        region.write_text(region.read_text().replace("naam: Regio alfa", "naam: Regio alfa Hernoemd"))
        latency = wait_for(lambda: "Regio alfa Hernoemd" in (fetch(url) or ""), 30)
        assert latency is not None, "the page did not change after editing the YAML"
        # The 2 s target is measured by benchmarks/serve_latency.py (timings in tests are noisy).
        print(f"serve: change visible after {latency:.2f}s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow  # `hhz serve` builds the whole site with the engine
def test_serve_waits_for_another_build_before_regenerating(tmp_path: Path) -> None:
    """`hhz serve` takes the project's lock for every rebuild: while another build holds it,
    an edit is not staged; once it is released, the change comes through."""
    from filelock import FileLock

    from hhz.publish.lock import lock_path

    make_project(tmp_path)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hhz", "serve", ".", "-q", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        url = f"http://127.0.0.1:{port}/regios/alfa.html"
        assert wait_for(lambda: "Regio alfa" in (fetch(url) or ""), 60) is not None, "server did not start"
        staged = tmp_path / "build" / "docs" / "regios" / "alfa.md"
        before = staged.read_bytes()
        region = tmp_path / "regions" / "alfa.yaml"
        with FileLock(lock_path(tmp_path)):  # another build is running
            region.write_text(region.read_text().replace("naam: Regio alfa", "naam: Regio alfa Hernoemd"))
            time.sleep(3)
            assert staged.read_bytes() == before, "regenerated while another build held the project"
        assert wait_for(lambda: "Regio alfa Hernoemd" in (fetch(url) or ""), 30) is not None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_refuses_a_staging_folder_that_is_not_ours(tmp_path: Path) -> None:
    """The live preview rewrites build/docs: a folder there with other files stays untouched."""
    make_project(tmp_path)
    copy_site_sources(tmp_path)
    staging = tmp_path / "build" / "docs"
    staging.mkdir(parents=True)
    (staging / "aantekeningen.md").write_text("# Mijn aantekeningen\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "hhz", "serve", ".", "-q", "--dev-addr", f"127.0.0.1:{free_port()}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "map met gegenereerde pagina's `build/docs`" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in staging.iterdir()) == ["aantekeningen.md"]
