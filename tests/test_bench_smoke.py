"""`make bench` keeps working: a tiny run (no timing is asserted; numbers on a shared machine vary)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT


def make_serve_flags() -> str:
    return re.search(r"^SERVE_FLAGS :=(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1).strip()


def test_the_benchmark_defaults_to_the_preview_as_make_serve_runs_it():
    preview = (ROOT / "benchmarks" / "preview.py").read_text(encoding="utf-8")
    assert f'MAKE_SERVE_FLAGS = "{make_serve_flags()}"' in preview


@pytest.mark.build
def test_a_small_benchmark_run_reports_every_measurement(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "real,10", "--serve-sizes", "10", "--runs", "1",
         "--warmup", "0", "--check-runs", "1", "--pipeline-runs", "1", "--serve-runs", "1", "--out", str(out)],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    sizes = {"SensorNordic", "10"}
    assert set(report["pipeline"]) == set(report["builds"]) == set(report["checks"]) == sizes
    for size in sizes:
        assert report["builds"][size]["identical_html"], "the baseline must build the very same pages"
        assert report["builds"][size]["make_site"]["n"] == report["builds"][size]["plain"]["n"] == 1
        assert report["pipeline"][size]["total"]["median"] > 0
        assert report["checks"][size]["peak_memory_mb"] > 0
    preview = report["previews"]["10"]
    assert preview["make_serve"]["latency"]["n"] == preview["plain"]["latency"]["n"] == 1
    targets = {target["name"]: target for target in report["targets"]}
    assert targets["make site / plain mkdocs build, SensorNordic"]["met"] in (True, False)
    assert targets["policysite check, SensorNordic"]["met"] in (True, False)
    assert targets["make site / plain mkdocs build, 1000"]["met"] is None  # not measured in this run
    assert "Targets (issue 13)" in result.stdout and (out.parent / "summary.md").is_file()
    for line in result.stdout.split("Targets (issue 13)")[1].strip().splitlines()[:len(targets)]:
        assert line.split()[0] in ("met", "missed", "n/a"), line
