"""`hhz serve --beheer`: the form at ``beheer/`` on this machine, without GitHub.

decap-server (pinned in ``tests/npm/package-lock.json``) runs on 127.0.0.1 and saves straight
into ``regions/`` of the project (its "fs" mode). The built site is served on 127.0.0.1 with
the headers of its own ``_headers`` file, except for two answers made in memory: a
``beheer/config.yml`` that points the form at decap-server (``local_backend``), and
``beheer/``'s policy with decap-server's origin added to ``connect-src`` (in the header and
in the page's ``<meta>``). Nothing of this is written to ``site/``: a published build never
admits a local origin. Ctrl+C stops both servers.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import signal
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from ..editing.cms import config_yaml
from ..urls import URLS
from .headers import HEADERS_FILE, _attribute, beheer_policy, parse_headers_file

DECAP_SERVER = Path("tests") / "npm" / "node_modules" / "decap-server" / "dist" / "index.js"
START_SECONDS = 20


class LocalFormError(Exception):
    """The local form cannot start (a Dutch sentence that says what to do)."""


@dataclass(frozen=True)
class LocalSite:
    """What the local server answers: the built site, with beheer/ pointed at decap-server."""

    site_dir: Path
    headers: dict[str, dict[str, str]]  # the `_headers` rules, beheer/'s policy widened
    overrides: dict[str, bytes]  # site path -> body served instead of the built file


def decap_server_script(root: Path) -> Path:
    script = root / DECAP_SERVER
    if shutil.which("node") is None:
        raise LocalFormError("Node.js ontbreekt; het lokale formulier heeft node nodig (zie README)")
    if not script.is_file():
        raise LocalFormError("decap-server ontbreekt; installeer het eenmalig met: npm ci --prefix tests/npm")
    return script


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def decap_server(root: Path, port: int) -> Iterator[str]:
    """decap-server on 127.0.0.1:``port`` for the project at ``root``; yields its API URL.
    Its own process group, so stopping it stops everything it started."""
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE="fs", GIT_REPO_DIRECTORY=str(root), LOG_LEVEL="warn")
    proc = subprocess.Popen(
        ["node", str(decap_server_script(root))], cwd=root, env=env, stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_for_port(port: int, proc: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalFormError(f"decap-server stopte meteen (code {proc.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise LocalFormError(f"decap-server antwoordt niet binnen {START_SECONDS} s op poort {port}")


def local_site(site_dir: Path, api: str) -> LocalSite:
    """The built site's answers with beheer/ pointed at decap-server (``api``)."""
    config_path = site_dir / URLS.beheer_config
    index_path = site_dir / URLS.beheer_dir / "index.html"
    if not config_path.is_file():
        raise LocalFormError("de site is zonder formulier gebouwd (Decap CMS ontbreekt): voer eerst npm ci --prefix cms uit")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["local_backend"] = {"url": api}
    config.pop("publish_mode", None)  # decap-server's fs mode saves the file directly
    origin = api.split("/api/", 1)[0]
    published, local = beheer_policy(for_meta=True), beheer_policy(for_meta=True, local_backend=origin)
    index = index_path.read_text(encoding="utf-8")
    if _attribute(published) not in index:
        raise LocalFormError(f"{index_path} heeft niet het beleid van deze versie; bouw de site opnieuw")
    headers = parse_headers_file((site_dir / HEADERS_FILE).read_text(encoding="utf-8"))
    beheer_rule = headers.setdefault(f"/{URLS.beheer_dir}/*", {})
    beheer_rule["Content-Security-Policy"] = beheer_policy(local_backend=origin)
    overrides = {
        URLS.beheer_config: config_yaml(config),
        f"{URLS.beheer_dir}/index.html": index.replace(_attribute(published), _attribute(local)).encode("utf-8"),
    }
    return LocalSite(site_dir, headers, overrides)


def headers_for(rules: dict[str, dict[str, str]], path: str) -> dict[str, str]:
    """The `_headers` rules that match ``path`` (``/beheer/index.html``), later ones winning."""
    out: dict[str, str] = {}
    for pattern, values in rules.items():
        if fnmatch.fnmatchcase(path, pattern):
            out.update(values)
    return out


class _Handler(SimpleHTTPRequestHandler):
    site: LocalSite

    def send_head(self) -> Any:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        relative = path.lstrip("/")
        if relative in ("beheer", "beheer/"):
            relative = f"{URLS.beheer_dir}/index.html"
        body = self.site.overrides.get(relative)
        if body is None:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if relative.endswith(".html") else "text/yaml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return _Body(body)

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        if path.endswith("/beheer") or path.endswith("/beheer/"):
            path = f"/{URLS.beheer_dir}/index.html"
        for name, value in headers_for(self.site.headers, path).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _Body:
    """A body from memory for SimpleHTTPRequestHandler's copyfile."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve_local_form(root: Path, site_dir: Path, address: str, say: Callable[[str], None]) -> None:
    """Run decap-server and the site until Ctrl+C (or SIGTERM); then stop both."""
    host, _, port = address.rpartition(":")
    if host not in ("127.0.0.1", "localhost"):
        raise LocalFormError("het lokale formulier luistert alleen op 127.0.0.1 (gebruik --dev-addr 127.0.0.1:POORT)")
    with decap_server(root, free_port()) as api:
        site = local_site(site_dir, api)
        handler = type("Handler", (_Handler,), {"site": site})
        try:
            httpd = _Server(("127.0.0.1", int(port)), functools.partial(handler, directory=str(site_dir)))
        except OSError as exc:
            raise LocalFormError(f"poort {port} is bezet ({exc.strerror}); kies een andere met --dev-addr") from exc
        signal.signal(signal.SIGTERM, _interrupt)  # a stop from outside ends as cleanly as Ctrl+C
        say(f"formulier: http://127.0.0.1:{port}/beheer/ (stop met Ctrl+C)")
        say("opslaan in het formulier schrijft direct in regions/; bekijk het met git diff")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            httpd.server_close()
    say("gestopt")
