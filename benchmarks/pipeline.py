"""The generator alone, in process, step by step: load (strict YAML), validate, render to Markdown.

Steps are timed separately so that a step that grows faster than the policy shows by name.
"""

from __future__ import annotations

import gc
import itertools
import tempfile
from pathlib import Path

from policysite.memory import collector_paused
from policysite.pipeline import validated
from policysite.render.labels import load_labels
from policysite.render.page import render_pages
from policysite.source.loader import load_file

from .stats import Summary, timed
from .workspace import ROOT, VENV, run

STEPS = ("load", "validate", "render")


def _one_run(policy_path: Path) -> dict[str, float]:
    # Each run starts from a collected heap without the previous run's policy, as a process does, and the
    # cyclic collector paused, as the pipeline runs these steps.
    gc.collect()
    with collector_paused():
        return _steps(policy_path)


def _steps(policy_path: Path) -> dict[str, float]:
    load, (labels, source) = timed(lambda: (load_labels(), load_file(policy_path, policy_path.name)))
    validate, (policy, problems) = timed(lambda: validated(source, labels))
    if policy is None:
        raise RuntimeError(f"{policy_path} has problems: {problems[:3]}")
    render = timed(lambda: render_pages(policy, labels))[0]
    return {"load": load, "validate": validate, "render": render}


def _generate_peak_memory(policy_path: Path) -> float:
    """`policysite generate` (load + validate + render + write) as a process: its peak memory in MB."""
    with tempfile.TemporaryDirectory() as docs:
        return run([str(VENV / "bin" / "policysite"), "generate", str(policy_path), "--docs", docs],
                   ROOT).max_rss_kb / 1024


def time_pipelines(policies: dict[str, Path], runs: int) -> tuple[dict[str, dict], dict[str, dict]]:
    """Warm timings per size (one untimed run first), and the growth between sizes.

    Sizes take turns within each run, so a burst of load from other processes hits all of them;
    growth is the median of the per-run ratios.
    """
    for path in policies.values():
        _one_run(path)
    times: dict[str, list[dict[str, float]]] = {size: [] for size in policies}
    for _ in range(runs):
        for size, path in policies.items():
            times[size].append(_one_run(path))
    totals = {size: [sum(run.values()) for run in runs_] for size, runs_ in times.items()}
    per_size = {
        size: {**{step: Summary.of([run[step] for run in times[size]]).as_dict() for step in STEPS},
               "total": Summary.of(totals[size]).as_dict(),
               "generate_peak_memory_mb": _generate_peak_memory(policies[size])}
        for size in policies
    }
    numeric = sorted((size for size in policies if size.isdigit()), key=int)
    growth = {}
    for small, large in itertools.pairwise(numeric):
        ratios = {step: Summary.of([b[step] / a[step] for a, b in zip(times[small], times[large], strict=True)])
                  .as_dict() for step in STEPS}
        total = Summary.of([b / a for a, b in zip(totals[small], totals[large], strict=True)]).as_dict()
        growth[f"{small}→{large}"] = {"purposes": [int(small), int(large)], **total, "steps": ratios}
    return per_size, growth
