"""`policysite lsp` driven as an editor drives it: a real subprocess, JSON-RPC over stdio.

It must publish exactly `check`'s problems (same messages, same places, 0-based) as the text
changes, before it is saved, including the rules a JSON Schema cannot express."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import run_policysite
from policies import POLICY, edit

TIMEOUT = 60


class Client:
    """The editor's side of the conversation: framed JSON-RPC messages on the server's stdin/stdout."""

    def __init__(self, cwd: Path):
        self.process = subprocess.Popen([sys.executable, "-m", "policysite", "lsp"], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, method: str, params: dict, request: bool = False) -> int | None:
        message: dict = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()
        return message.get("id")

    def wait_for(self, predicate) -> dict:
        while True:
            try:
                message = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                self.process.kill()
                raise AssertionError("the server did not answer: " + self.process.stderr.read().decode()) from None
            if predicate(message):
                return message

    def request(self, method: str, params: dict) -> dict:
        number = self.send(method, params, request=True)
        return self.wait_for(lambda m: m.get("id") == number)

    def diagnostics(self, version: int) -> list[dict]:
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"].get("version") == version)
        return message["params"]["diagnostics"]


def expected_from_check(project: Path, text: str) -> list[tuple[int, int, str, int]]:
    """What `policysite check` says about `text`, as (line, character, message, severity), 0-based."""
    scratch = project / "policy.yaml"
    scratch.write_text(text, encoding="utf-8")
    result = run_policysite(project, "check", "--format", "json", "policy.yaml")
    found = []
    for problem in json.loads(result.stdout):
        message = f"{problem['path']}: {problem['message']}" if problem["path"] else problem["message"]
        message += f"\nhow to fix: {problem['hint']}"
        location = problem["location"]
        found.append((location["line"] - 1, location["column"] - 1, message,
                      1 if problem["severity"] == "error" else 2))
    return sorted(found)


def published(diagnostics: list[dict]) -> list[tuple[int, int, str, int]]:
    return sorted((d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"], d["severity"])
                  for d in diagnostics)


@pytest.fixture
def server(project):
    client = Client(project)
    yield client
    if client.process.poll() is None:
        client.process.kill()


def test_the_language_server_publishes_checks_problems_as_you_type(project, server):
    uri = (project / "policy.yaml").as_uri()
    answer = server.request("initialize", {"processId": None, "rootUri": project.as_uri(), "capabilities": {}})
    sync = answer["result"]["capabilities"]["textDocumentSync"]
    assert sync["openClose"] and sync["change"] == 1 and "save" in sync  # full text on every change
    server.send("initialized", {})

    # rules no JSON Schema expresses: a dangling reference, a duplicate id, a version without history
    broken = edit("data_categories: [name, phone, email]\n      legal_bases: [art6-1-f]",
                  "data_categories: [name, phone, emial]\n      legal_bases: [art6-1-f]")
    broken = edit("- id: marketing", "- id: alarm-contacts", broken)
    broken = edit('version: "1.0"', 'version: "1.1"', broken)
    server.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                         "text": broken}})
    diagnostics = server.diagnostics(1)
    messages = [d["message"] for d in diagnostics]
    assert any("'emial' is not a data category id" in m for m in messages), messages
    assert any("the purpose id 'alarm-contacts' is used twice" in m for m in messages), messages
    assert any("the newest history entry is version 1.0, but the policy is version 1.1" in m for m in messages)
    assert published(diagnostics) == expected_from_check(project, broken)
    assert all(d["source"] == "policysite" for d in diagnostics)

    # a YAML mistake while typing, not saved: reported at its own line in plain words
    slipped = edit("  street: Kjeller Vest 1\n", "   street: Kjeller Vest 1\n")
    server.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                           "contentChanges": [{"text": slipped}]})
    (only,) = server.diagnostics(2)
    line = slipped[:slipped.index("   street:")].count("\n")
    assert only["range"]["start"] == {"line": line, "character": 3}
    assert only["message"].startswith(f"line {line + 1} ('street') is indented by 3 spaces")
    assert published([only]) == expected_from_check(project, slipped)

    # fixed, then saved: only the shipped policy's advice is left (warnings, no errors)
    server.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                           "contentChanges": [{"text": POLICY}]})
    clean = server.diagnostics(3)
    assert clean and all(d["severity"] == 2 for d in clean)
    assert published(clean) == expected_from_check(project, POLICY)
    server.send("textDocument/didSave", {"textDocument": {"uri": uri}})
    saved = server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert published(saved["params"]["diagnostics"]) == published(clean)

    # other YAML files the editor opens (mkdocs.yml) are not policies: nothing is reported for them
    config = (project / "mkdocs.yml").as_uri()
    server.send("textDocument/didOpen", {"textDocument": {"uri": config, "languageId": "yaml", "version": 7,
                                                         "text": (project / "mkdocs.yml").read_text()}})
    assert server.diagnostics(7) == []

    assert server.request("shutdown", {})["result"] is None
    server.send("exit", {})
    assert server.process.wait(timeout=TIMEOUT) == 0


def test_positions_count_utf16_code_units_as_lsp_requires(project, server):
    """An emoji before a mistake is two UTF-16 units: the editor must underline the right place."""
    uri = (project / "policy.yaml").as_uri()
    server.request("initialize", {"processId": None, "rootUri": project.as_uri(), "capabilities": {}})
    server.send("initialized", {})
    text = edit('  en: "We collect and use the following information about you:"',
                '  en: "😀 We collect {art6-1-x} and use:"')
    server.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                         "text": text}})
    (reference,) = [d for d in server.diagnostics(1) if "is not a known reference" in d["message"]]
    line_text = text.splitlines()[reference["range"]["start"]["line"]]
    prefix = line_text[:line_text.index("{art6-1-x}")]
    assert reference["range"]["start"]["character"] == len(prefix.encode("utf-16-le")) // 2
    server.request("shutdown", {})
    server.send("exit", {})
