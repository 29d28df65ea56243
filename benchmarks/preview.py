"""Preview latency: from saving policy.yaml under `make serve` to the changed page being served, against
plain `mkdocs serve` of the same site written by hand (its Markdown page edited instead).

MkDocs 1.6.1's live reload (mkdocs/livereload/__init__.py) adds its own delays:
watchdog's PollingObserver looks for changes every 0.5 s (`polling_interval`, not
configurable from the command line), then the build loop waits until no change has
come for 0.1 s (`build_delay`) before rebuilding everything. The hook's writes to
docs/<language>/index.md are changes too, so each edit causes a second rebuild.
Each edit's latency is split into detection (log line "Detected file changes") and
the rest (debounce + rebuild + first poll that sees the change).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .stats import Summary
from .workspace import ENV, VENV, make, make_projects

MAKE_SERVE_FLAGS = ""  # as the Makefile's SERVE_FLAGS
TITLE_IN_POLICY = "  en: Privacy\n"  # the English title in policy.yaml: shown in <h1> and <title>
TITLE_IN_MARKDOWN = "# Privacy"  # the same title in the Markdown page a hand-written site would edit
DETECTED = "Detected file changes"
FINISHED = ("Reloading browsers", "An error happened during the rebuild")
QUIET = 0.8  # longer than one polling interval + debounce: no change can be pending unseen
EDIT_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServeLog:
    """Lines of `mkdocs serve`'s log with the time each arrived, read by a thread."""

    lines: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def follow(self, stream) -> None:
        for line in stream:
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip()))

    def count(self, *needles: str) -> int:
        with self.lock:
            return sum(1 for _, line in self.lines if any(n in line for n in needles))

    def first_after(self, start: float, needle: str) -> float | None:
        with self.lock:
            return next((t for t, line in self.lines if t >= start and needle in line), None)

    def quiet_for(self) -> float:
        with self.lock:
            return time.perf_counter() - (self.lines[-1][0] if self.lines else 0.0)

    def tail(self, n: int = 30) -> str:
        with self.lock:
            return "\n".join(line for _, line in self.lines[-n:])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # our own server on 127.0.0.1
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None  # mid-rebuild (the site folder is cleaned first) or not up yet


def _wait(condition, timeout: float, what: str, log: ServeLog, poll: float = 0.01) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"mkdocs serve: timed out waiting for {what}\n{log.tail()}")
        time.sleep(poll)


def _idle(log: ServeLog) -> bool:
    return log.count(DETECTED) == log.count(*FINISHED) and log.quiet_for() > QUIET


class _Server:
    """A running `make serve` (or plain `mkdocs serve`), its log, and how to edit its source."""

    def __init__(self, name: str, command: list[str], project: Path, port: int, source: Path, needle: str):
        self.name, self.project, self.source, self.needle = name, project, source, needle
        self.url = f"http://127.0.0.1:{port}/en/"
        self.original = source.read_text(encoding="utf-8") if source.exists() else None
        # its own session: `make` starts the server as a child, and both must stop
        self.process = subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.log = ServeLog()
        threading.Thread(target=self.log.follow, args=(self.process.stdout,), daemon=True).start()

    def wait_until_up(self) -> None:
        _wait(lambda: self.process.poll() is not None or _get(self.url) is not None, 600, "the first build",
              self.log, 0.1)
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited:\n{self.log.tail()}")
        if self.original is None:
            self.original = self.source.read_text(encoding="utf-8")  # the generated page, once written

    def edit(self, token: str) -> tuple[float, float, int]:
        """Save a change, wait until the page shows it: (latency, detection, rebuilds)."""
        _wait(lambda: _idle(self.log), 600, "the server to settle", self.log)
        detected_before = self.log.count(DETECTED)
        assert self.original is not None and self.needle in self.original, f"{self.needle!r} not in {self.source}"
        edited = self.needle.replace("Privacy", f"Privacy {token}")
        self.source.write_text(self.original.replace(self.needle, edited, 1),
                               encoding="utf-8")
        saved = time.perf_counter()
        _wait(lambda: token in (_get(self.url) or ""), EDIT_TIMEOUT, f"the edit {token} to be served", self.log)
        latency = time.perf_counter() - saved
        detected = self.log.first_after(saved, DETECTED)
        _wait(lambda: _idle(self.log), 600, "the rebuilds after the edit", self.log)
        return latency, (detected - saved) if detected else float("nan"), self.log.count(DETECTED) - detected_before

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def measure_preview(policy_text: str, workdir: Path, runs: int, serve_flags: str = MAKE_SERVE_FLAGS) -> dict:
    """`make serve` (policy.yaml edited) against plain `mkdocs serve` (the Markdown page edited), edits
    taking turns between the two servers, so both see the same machine load."""
    projects = make_projects(policy_text, workdir)
    ours_port, plain_port = free_port(), free_port()
    flags = f"--dev-addr 127.0.0.1:{ours_port} {serve_flags}".strip()
    servers = [
        _Server("make serve", make("serve", f"SERVE_FLAGS={flags}"),
                projects.generated, ours_port, projects.generated / "policy.yaml", TITLE_IN_POLICY),
        _Server("plain mkdocs serve", [str(VENV / "bin" / "mkdocs"), "serve", "--dev-addr",
                                       f"127.0.0.1:{plain_port}"],
                projects.plain, plain_port, projects.plain / "docs" / "en" / "index.md", TITLE_IN_MARKDOWN),
    ]
    measured: dict[str, dict[str, list[float]]] = {
        server.name: {"latency": [], "detection": [], "rebuilds": []} for server in servers}
    try:
        for server in servers:
            server.wait_until_up()
        for run in range(runs):
            for server in servers if run % 2 == 0 else servers[::-1]:
                latency, detection, rebuilds = server.edit(f"bench{run}x{uuid.uuid4().hex[:8]}")
                for key, value in (("latency", latency), ("detection", detection), ("rebuilds", rebuilds)):
                    measured[server.name][key].append(value)
    finally:
        for server in servers:
            server.stop()
    ours, plain = measured["make serve"], measured["plain mkdocs serve"]
    return {
        "flags": serve_flags or "(default)",
        "make_serve": {key: Summary.of([float(v) for v in values]).as_dict() for key, values in ours.items()},
        "plain": {key: Summary.of([float(v) for v in values]).as_dict() for key, values in plain.items()},
        "ratio": Summary.of([a / b for a, b in zip(ours["latency"], plain["latency"], strict=True)]).as_dict(),
        "runs": measured,
    }
