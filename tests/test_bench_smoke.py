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
        [sys.executable, "-m", "benchmarks", "--sizes", "10,100", "--runs", "1", "--warmup", "0",
         "--pipeline-runs", "1", "--serve-runs", "1", "--out", str(out)],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["pipeline"]) == set(report["builds"]) == {"10", "100"}
    for size in ("10", "100"):
        assert report["builds"][size]["identical_html"], "the baseline must build the very same pages"
        assert report["pipeline"][size]["total"]["median"] > 0
    make_serve, other = report["preview"]
    assert make_serve["flags"] == (make_serve_flags() or "(default)") and other["flags"] == "--dirty --no-strict"
    assert make_serve["latency"]["n"] == other["latency"]["n"] == 1
    names = [target["name"] for target in report["targets"]]
    assert "build overhead, 100 purposes" in names and f"preview latency, serve {make_serve['flags']}" in names
    assert "Targets" in result.stdout and str(out) in result.stdout
