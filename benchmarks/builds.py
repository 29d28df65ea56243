"""`make site` against a plain `mkdocs build --strict` of the same site, interleaved pair by pair.

Both commands of a pair run back to back, as whole processes, so a burst of load from other processes
hits both about equally; the order alternates so neither always runs first (warmer caches). The ratio
of each pair is kept, and the median of those ratios is the overhead. `make site` starts from a fresh
checkout each time (no generated pages), as in CI: it validates, generates, builds, writes the headers,
checks every link and swaps the site into place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .stats import Summary
from .workspace import VENV, Projects, clear_generated, make, make_projects, run, same_site


@dataclass(frozen=True)
class BuildResult:
    make_site: list[float]
    plain: list[float]
    ratios: list[float]
    identical_html: bool

    def as_dict(self) -> dict:
        return {
            "make_site": Summary.of(self.make_site).as_dict(),
            "plain": Summary.of(self.plain).as_dict(),
            "ratio": Summary.of(self.ratios).as_dict(),
            "runs": {"make_site": self.make_site, "plain": self.plain, "ratios": self.ratios},
            "identical_html": self.identical_html,
        }


def _make_site(projects: Projects) -> float:
    clear_generated(projects)
    return run(make("site"), projects.generated).seconds


def _plain_build(projects: Projects) -> float:
    return run([str(VENV / "bin" / "mkdocs"), "build", "--strict", "--quiet"], projects.plain).seconds


def compare_builds(policy_text: str, workdir: Path, runs: int, warmup: int = 1) -> BuildResult:
    projects = make_projects(policy_text, workdir)
    for _ in range(warmup):  # file caches and bytecode, for both sides
        _make_site(projects)
        _plain_build(projects)
    made: list[float] = []
    plain: list[float] = []
    for number in range(runs):
        if number % 2 == 0:
            m, p = _make_site(projects), _plain_build(projects)
        else:
            p, m = _plain_build(projects), _make_site(projects)
        made.append(m)
        plain.append(p)
    return BuildResult(made, plain, [m / p for m, p in zip(made, plain, strict=True)], same_site(projects))
