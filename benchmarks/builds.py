"""Full `mkdocs build --strict` with the hook against the plain baseline, interleaved pair by pair.

Both builds of a pair run back to back, so a burst of load from other processes hits
both about equally; the order alternates so neither always runs first (warmer caches).
The ratio of each pair is kept, and the median of those ratios is the overhead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .stats import Summary, timed
from .workspace import Projects, clear_generated, make_projects, mkdocs_build, same_site


@dataclass(frozen=True)
class BuildResult:
    generated: list[float]
    plain: list[float]
    ratios: list[float]
    identical_html: bool

    def as_dict(self) -> dict:
        return {
            "policysite": Summary.of(self.generated).as_dict(),
            "plain": Summary.of(self.plain).as_dict(),
            "ratio": Summary.of(self.ratios).as_dict(),
            "runs": {"policysite": self.generated, "plain": self.plain, "ratios": self.ratios},
            "identical_html": self.identical_html,
        }


def _build_generated(projects: Projects) -> float:
    clear_generated(projects)
    return timed(lambda: mkdocs_build(projects.generated))[0]


def _build_plain(projects: Projects) -> float:
    return timed(lambda: mkdocs_build(projects.plain))[0]


def compare_builds(policy_text: str, workdir: Path, runs: int, warmup: int = 1) -> BuildResult:
    projects = make_projects(policy_text, workdir)
    for _ in range(warmup):  # file-system caches and .pyc files, for both sides
        _build_generated(projects)
        _build_plain(projects)
    generated: list[float] = []
    plain: list[float] = []
    for run in range(runs):
        if run % 2 == 0:
            g = _build_generated(projects)
            p = _build_plain(projects)
        else:
            p = _build_plain(projects)
            g = _build_generated(projects)
        generated.append(g)
        plain.append(p)
    return BuildResult(generated, plain, [g / p for g, p in zip(generated, plain, strict=True)],
                       same_site(projects))
