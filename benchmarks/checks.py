"""`policysite check` as editors and CI run it: a whole process, its wall time and peak memory."""

from __future__ import annotations

from pathlib import Path

from .stats import Summary
from .workspace import ROOT, VENV, run


def time_check(policy: Path, runs: int) -> dict:
    command = [str(VENV / "bin" / "policysite"), "check", str(policy)]
    run(command, ROOT)  # untimed: the file cache, and bytecode of anything not yet compiled
    results = [run(command, ROOT) for _ in range(runs)]
    return {"wall": Summary.of([r.seconds for r in results]).as_dict(),
            "cpu": Summary.of([r.cpu_seconds for r in results]).as_dict(),
            "peak_memory_mb": max(r.max_rss_kb for r in results) / 1024}
