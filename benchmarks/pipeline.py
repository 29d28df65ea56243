"""The generator alone, in process: load + validate, and render to Markdown."""

from __future__ import annotations

import gc
import itertools
from pathlib import Path

from policysite.pipeline import load_policy
from policysite.render.labels import load_labels
from policysite.render.page import render_pages

from .stats import Summary, timed


def _one_run(policy_path: Path) -> tuple[float, float]:
    # Each run starts from a collected heap without the previous run's policy, as a build
    # does; otherwise the garbage collector rescans old objects and big sizes look worse.
    gc.collect()
    labels_and_policy = timed(lambda: (labels := load_labels(), load_policy(policy_path, labels)[0]))
    load_time, (labels, policy) = labels_and_policy
    return load_time, timed(lambda: render_pages(policy, labels))[0]


def time_pipelines(policies: dict[int, Path], runs: int) -> tuple[dict[str, dict], dict[str, dict]]:
    """Warm timings per size (one untimed call first), and the growth between sizes.

    Load + validate includes reading labels.yaml, as `generate()` does for every build.
    Sizes take turns within each run, so a burst of load from other processes hits all of
    them; growth is the median of the per-run ratios, like the build overhead.
    """
    for path in policies.values():
        _one_run(path)
    loads: dict[int, list[float]] = {size: [] for size in policies}
    renders: dict[int, list[float]] = {size: [] for size in policies}
    for _ in range(runs):
        for size, path in policies.items():
            load_time, render_time = _one_run(path)
            loads[size].append(load_time)
            renders[size].append(render_time)
    totals = {size: [a + b for a, b in zip(loads[size], renders[size], strict=True)] for size in policies}
    per_size = {
        str(size): {"load_validate": Summary.of(loads[size]).as_dict(), "render": Summary.of(renders[size]).as_dict(),
                    "total": Summary.of(totals[size]).as_dict()}
        for size in policies
    }
    growth = {
        f"{small}→{large}": {"purposes": [small, large], **Summary.of(
            [b / a for a, b in zip(totals[small], totals[large], strict=True)]).as_dict()}
        for small, large in itertools.pairwise(sorted(policies))
    }
    return per_size, growth
