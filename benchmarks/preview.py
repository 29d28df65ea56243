"""Preview latency: from saving policy.yaml to `mkdocs serve` serving the changed page.

MkDocs 1.6.1's live reload (mkdocs/livereload/__init__.py) adds its own delays:
watchdog's PollingObserver looks for changes every 0.5 s (`polling_interval`, not
configurable from the command line), then the build loop waits until no change has
come for 0.1 s (`build_delay`) before rebuilding everything. The hook's writes to
docs/<language>/index.md are changes too, so each edit causes a second rebuild.
Each edit's latency is split into detection (log line "Detected file changes") and
the rest (debounce + rebuild + first poll that sees the change).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .stats import Summary
from .workspace import ENV, copy_project

MAKE_SERVE_FLAGS = ""  # as the Makefile's SERVE_FLAGS: the variant checked against the target
OTHER_SERVE_FLAGS = "--dirty --no-strict"  # --dirty alone aborts under strict: true
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


def measure_preview(policy_text: str, workdir: Path, runs: int, flags: tuple[str, ...] = ()) -> dict:
    project = copy_project(policy_text, workdir)
    for language in ("no", "en"):
        (project / "docs" / language).mkdir(parents=True, exist_ok=True)
    needle = "  en: Privacy\n"  # the English title: shown in <h1> and <title>
    if needle not in policy_text:
        raise RuntimeError("the preview benchmark edits the English title 'Privacy'; it is not in the policy")
    port = free_port()
    url = f"http://127.0.0.1:{port}/en/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *flags]
    server = subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    log = ServeLog()
    threading.Thread(target=log.follow, args=(server.stdout,), daemon=True).start()
    latencies: list[float] = []
    detections: list[float] = []
    rebuilds: list[int] = []
    try:
        _wait(lambda: server.poll() is not None or _get(url) is not None, 120, "the first build", log, 0.1)
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited:\n{log.tail()}")
        for run in range(runs):
            _wait(lambda: _idle(log), 120, "the server to settle", log)
            token = f"bench{run}x{uuid.uuid4().hex[:8]}"
            detected_before = log.count(DETECTED)
            (project / "policy.yaml").write_text(policy_text.replace(needle, f"  en: Privacy {token}\n", 1),
                                                 encoding="utf-8")
            saved = time.perf_counter()
            _wait(lambda: token in (_get(url) or ""), EDIT_TIMEOUT, f"the edit {token} to be served", log)  # noqa: B023
            latencies.append(time.perf_counter() - saved)
            detected = log.first_after(saved, DETECTED)
            detections.append((detected - saved) if detected else float("nan"))
            _wait(lambda: _idle(log), 120, "the rebuilds after the edit", log)
            rebuilds.append(log.count(DETECTED) - detected_before)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {
        "flags": " ".join(flags) or "(default)",
        "latency": Summary.of(latencies).as_dict(),
        "detection": Summary.of(detections).as_dict(),
        "rebuilds_per_edit": Summary.of([float(r) for r in rebuilds]).as_dict(),
        "runs": {"latency": latencies, "detection": detections, "rebuilds": rebuilds},
    }
