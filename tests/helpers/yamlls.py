"""A small Language Server Protocol client for yaml-language-server (npm, pinned in
tests/npm), the server behind VS Code's YAML extension: open a document, read its
diagnostics, ask for completion and hover, as the editor does.

``need_yaml_language_server`` skips the test when node or the package is missing, except on
CI (CI=true), where that is a failure, like the other npm-tool tests.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER = REPO / "tests" / "npm" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
TIMEOUT = 30.0
SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},
        "schemas": {},
    }
}


def need_yaml_language_server() -> None:
    problem = None
    if shutil.which("node") is None:
        problem = "node ontbreekt (apt install nodejs)"
    elif not SERVER.is_file():
        problem = f"{SERVER.relative_to(REPO)} ontbreekt (npm ci in tests/npm)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"de editortest kan niet draaien op CI: {problem}")
        pytest.skip(problem)


class YamlLanguageServer:
    """yaml-language-server over stdio, one JSON-RPC message at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
        )
        self.incoming: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    # --- the wire -----------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if length is not None:
                self.incoming.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _answer_server_request(self, message: dict[str, Any]) -> None:
        """The server asks for settings and registers capabilities; answer as an editor."""
        if message["method"] == "workspace/configuration":
            result: Any = [SETTINGS.get(item.get("section", ""), SETTINGS["yaml"]) for item in message["params"]["items"]]
        else:
            result = None
        self._send({"id": message["id"], "result": result})

    def _handle(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:
            self._answer_server_request(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        request_id = self.next_id
        self._send({"id": request_id, "method": method, "params": params})
        while True:
            message = self.incoming.get(timeout=TIMEOUT)
            if message.get("id") == request_id and "method" not in message:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]
            self._handle(message)

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    # --- what an editor does --------------------------------------------------------------

    def initialize(self) -> None:
        capabilities = {
            "textDocument": {
                "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"]}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "publishDiagnostics": {},
            },
            "workspace": {"configuration": True},
        }
        root = REPO.as_uri()
        self.request("initialize", {"processId": os.getpid(), "rootUri": root, "capabilities": capabilities})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.diagnostics.pop(uri, None)
        document = {"uri": uri, "languageId": "yaml", "version": version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def wait_for_diagnostics(self, uri: str) -> list[dict[str, Any]]:
        while uri not in self.diagnostics:
            self._handle(self.incoming.get(timeout=TIMEOUT))
        return self.diagnostics[uri]

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        position = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        result = self.request("textDocument/completion", position)
        return result["items"] if isinstance(result, dict) else (result or [])

    def hover(self, uri: str, line: int, character: int) -> str:
        position = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        result = self.request("textDocument/hover", position)
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def shutdown(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (queue.Empty, subprocess.TimeoutExpired, BrokenPipeError, OSError):
            self.process.kill()
            self.process.wait()
