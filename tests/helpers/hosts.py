"""The real web servers (nginx, Caddy, Apache) with the project's files from hosting/.

``start_host(kind, site_root, port)`` copies the committed ``hosting/<file>``, changes only its
site folder, port and server name (the three things hosting/README.md says to change), wraps
it in the smallest main configuration the server needs to run as this user in a temporary
folder, starts the server on 127.0.0.1 and yields the base URL. Missing servers skip the test
locally and fail it on CI (CI=true), like the browser tests.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from helpers import REPO

HOSTING = REPO / "hosting"
PLACEHOLDER_ROOT = "/srv/hhz/site"
PLACEHOLDER_NAME = "hhz.example.nl"
HOSTS = ("nginx", "caddy", "apache")
EXECUTABLES = {"nginx": "/usr/sbin/nginx", "caddy": "/usr/bin/caddy", "apache": "/usr/sbin/apache2"}
PACKAGES = {"nginx": "nginx libnginx-mod-http-brotli-static", "caddy": "caddy", "apache": "apache2"}
NGINX_BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
APACHE_MODULES = Path("/usr/lib/apache2/modules")


def need_host(kind: str) -> None:
    """Skip without the server (or nginx's Brotli module); on CI (CI=true) that is a failure."""
    problem = None
    if not Path(EXECUTABLES[kind]).exists():
        problem = f"{EXECUTABLES[kind]} ontbreekt (apt install {PACKAGES[kind]})"
    elif kind == "nginx" and not NGINX_BROTLI.exists():
        problem = f"{NGINX_BROTLI} ontbreekt (apt install libnginx-mod-http-brotli-static)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"hostingtests kunnen niet draaien op CI: {problem}")
        pytest.skip(problem)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project_file(kind: str, root: Path, port: int) -> str:
    """The committed hosting file with only the site folder, the port and the server name changed."""
    name = {"nginx": "nginx.conf", "caddy": "Caddyfile", "apache": "apache.conf"}[kind]
    text = (HOSTING / name).read_text(encoding="utf-8")
    changed = text.replace(PLACEHOLDER_ROOT, str(root))
    if kind == "nginx":
        changed = changed.replace("listen 80;", f"listen 127.0.0.1:{port};")
        changed = changed.replace(f"server_name {PLACEHOLDER_NAME};", "server_name localhost;")
    elif kind == "caddy":
        changed = changed.replace(f"\n{PLACEHOLDER_NAME} {{", f"\nhttp://127.0.0.1:{port} {{")
    else:
        changed = changed.replace("<VirtualHost *:80>", f"<VirtualHost 127.0.0.1:{port}>")
        changed = changed.replace(f"ServerName {PLACEHOLDER_NAME}", "ServerName localhost")
    assert changed.count(str(root)) >= 2 and str(port) in changed, f"{name}: placeholders not found"
    return changed


def _main_config(kind: str, work: Path, port: int, site_conf: Path) -> tuple[list[str], Path]:
    """The server's own main configuration (what Debian's /etc files would give) and its command."""
    if kind == "nginx":
        user = "user root;\n" if os.geteuid() == 0 else ""
        main = work / "main.conf"
        main.write_text(
            f"{user}load_module {NGINX_BROTLI};\nworker_processes 1;\npid {work}/nginx.pid;\n"
            f"error_log {work}/error.log;\nevents {{ worker_connections 64; }}\n"
            f"http {{\n  access_log off;\n  client_body_temp_path {work}/body;\n  proxy_temp_path {work}/proxy;\n"
            f"  fastcgi_temp_path {work}/fastcgi;\n  uwsgi_temp_path {work}/uwsgi;\n  scgi_temp_path {work}/scgi;\n"
            f"  sendfile on;\n  server_tokens off;\n  include {site_conf};\n}}\n",
            encoding="utf-8",
        )
        return [EXECUTABLES[kind], "-p", str(work), "-c", str(main), "-e", str(work / "error.log"), "-g", "daemon off;"], main
    if kind == "caddy":
        main = work / "Caddyfile"
        # a global block only: no admin endpoint (another Caddy may use :2019), no HTTPS
        main.write_text("{\n\tadmin off\n\tauto_https off\n}\n" + site_conf.read_text(encoding="utf-8"))
        return [EXECUTABLES[kind], "run", "--config", str(main), "--adapter", "caddyfile"], main
    modules = ["mpm_event", "authz_core", "authz_host", "mime", "headers", "rewrite", "dir", "setenvif", "filter", "deflate", "alias"]
    loads = "".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so\n" for m in modules)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    main = work / "apache2.conf"
    main.write_text(
        f"ServerRoot {work}\n{loads}{user}PidFile {work}/apache.pid\nErrorLog {work}/error.log\nLogLevel warn\nTypesConfig /etc/mime.types\n"
        f"Mutex file:{work}\nListen 127.0.0.1:{port}\nServerName localhost\n"
        # Debian's default: mod_deflate compresses text on the fly (must not touch the .br/.gz copies)
        "AddOutputFilterByType DEFLATE text/html text/css text/javascript application/json\n"
        f"<Directory />\n  Require all denied\n  AllowOverride None\n</Directory>\nInclude {site_conf}\n",
        encoding="utf-8",
    )
    return [EXECUTABLES[kind], "-f", str(main), "-DFOREGROUND"], main


@contextlib.contextmanager
def start_host(kind: str, root: Path):
    """Run the server for the folder ``root`` on 127.0.0.1; yield its base URL."""
    need_host(kind)
    work = Path(tempfile.mkdtemp(prefix=f"hhz-{kind}-"))
    port = free_port()
    site_conf = work / "site.conf"
    site_conf.write_text(project_file(kind, root, port), encoding="utf-8")
    command, main = _main_config(kind, work, port, site_conf)
    env = dict(os.environ, HOME=str(work), XDG_DATA_HOME=str(work), XDG_CONFIG_HOME=str(work))
    if kind == "apache":
        check = subprocess.run([EXECUTABLES[kind], "-f", str(main), "-t"], capture_output=True, text=True, env=env)
        assert check.returncode == 0, check.stderr
    log = (work / "stdout.log").open("w")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                output = (work / "stdout.log").read_text() + "".join(
                    p.read_text() for p in work.glob("error.log") if p.is_file()
                )
                raise AssertionError(f"{kind} start niet:\n{output}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def world_readable_copy(site: Path, prefix: str = "") -> Path:
    """A copy of the built site that a server's worker user can read (pytest's tmp folders are
    private), at ``<root>/<prefix>`` when a sub-path is asked for; returns the root."""
    root = Path(tempfile.mkdtemp(prefix="hhz-hostroot-"))
    target = root / prefix if prefix else root
    shutil.copytree(site, target, dirs_exist_ok=True)
    for folder, dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return root
