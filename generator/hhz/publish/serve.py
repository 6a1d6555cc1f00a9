"""`hhz serve`: MkDocs' live-reload server plus a watcher that regenerates on YAML changes.

MkDocs watches the staging folder; when an editor saves a YAML file under regions/ or
bouwstenen/ (or a template, or a hand-written page), this module regenerates the staged
pages. Only changed files are rewritten, so MkDocs rebuilds and the browser reloads.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Callable

WATCHED = ("regions", "bouwstenen", "site_templates", "docs")
CHANGES = {"created", "modified", "moved", "deleted"}


def _start_watcher(root: Path, regenerate: Callable[[], None]) -> Any:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    lock = threading.Lock()
    pending = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            # Only changes: watchdog also reports files being opened and closed, and
            # regenerating reads every file, which would otherwise trigger itself forever.
            if event.event_type not in CHANGES or event.is_directory:
                return
            if str(event.src_path).endswith((".tmp", "~")):
                return
            pending.set()

    def worker() -> None:
        while True:
            pending.wait()
            time.sleep(0.2)  # debounce editors that write in several steps
            pending.clear()
            with lock:
                regenerate()

    observer = Observer()
    for name in WATCHED:
        folder = root / name
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    threading.Thread(target=worker, daemon=True).start()
    return observer


def serve_site(root: Path, address: str, regenerate: Callable[[], None], reporter: Any) -> None:
    from mkdocs.commands.serve import serve

    from ..parallel import force_serial

    force_serial()  # regeneration runs beside the server's threads: no forking from here on
    _start_watcher(root, regenerate)
    reporter.step(f"voorbeeld op http://{address}/ (stop met Ctrl+C)")
    # "dirty": MkDocs rebuilds only the pages whose staged file changed (stage() rewrites only
    # those), which keeps the reload within the 2 s target. Our nav is static, so the pages
    # MkDocs does not rebuild stay correct. Not strict: MkDocs warns about dirty builds, and a
    # preview should show a page even when a link is broken (`hhz build` stays strict).
    serve(
        config_file=str(root / "mkdocs.yml"),
        dev_addr=address,
        livereload=True,
        build_type="dirty",
        watch=[],
        strict=False,
    )
