"""The targets of issue 13, each met or missed, and the table `make bench` prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

REAL = "SensorNordic"  # the real policy.yaml, beside the synthetic sizes
MAX_OVERHEAD = 1.10  # make site / plain mkdocs build --strict, median of per-pair ratios
OVERHEAD_SIZES = (REAL, "1000")
MAX_CHECK = 0.15  # seconds: policysite check of the real policy, whole process
MAX_GROWTH = 11.0  # load + validate + render, 1,000 -> 10,000 purposes
MAX_PREVIEW = 1.5  # seconds: save policy.yaml -> the changed page is served (real policy)
MAX_SETUP = 20.0  # seconds: a fresh clone's make site with no package cache


@dataclass(frozen=True)
class Target:
    name: str
    limit: str
    measured: str
    met: bool | None  # None: not measured in this run


def _target(name: str, limit: str, value: float | None, unit: str, met: bool) -> Target:
    if value is None:
        return Target(name, limit, "not measured", None)
    return Target(name, limit, f"{value:.3f}{unit}", met)


def evaluate(results: dict[str, Any]) -> list[Target]:
    targets = []
    for size in OVERHEAD_SIZES:
        ratio = results["builds"].get(size, {}).get("ratio", {}).get("median")
        targets.append(_target(f"make site / plain mkdocs build, {size}", f"≤ {MAX_OVERHEAD:.2f}×", ratio, "×",
                               ratio is not None and ratio <= MAX_OVERHEAD))
    check = results["checks"].get(REAL, {}).get("wall", {}).get("median")
    targets.append(_target(f"policysite check, {REAL}", f"≤ {MAX_CHECK} s", check, " s",
                           check is not None and check <= MAX_CHECK))
    growth = results["growth"].get("1000→10000", {}).get("median")
    targets.append(_target("load + validate + render, 1,000 → 10,000", f"≤ {MAX_GROWTH:.0f}×", growth, "×",
                           growth is not None and growth <= MAX_GROWTH))
    preview = results["previews"].get(REAL, {}).get("make_serve", {}).get("latency", {}).get("median")
    targets.append(_target(f"make serve, save to page, {REAL}", f"≤ {MAX_PREVIEW} s", preview, " s",
                           preview is not None and preview <= MAX_PREVIEW))
    setup = results.get("setup", {}).get("uv", {}).get("seconds")
    targets.append(_target("fresh clone: make site, empty package cache", f"≤ {MAX_SETUP:.0f} s", setup, " s",
                           setup is not None and setup <= MAX_SETUP))
    return targets


def _spread(summary: dict[str, float], unit: str = "", digits: int = 3) -> str:
    return f"{summary['median']:.{digits}f}{unit} [{summary['q1']:.{digits}f}–{summary['q3']:.{digits}f}]"


def table(results: dict[str, Any]) -> str:
    meta = results["meta"]
    out = [f"policysite benchmark · {meta['time']} · commit {meta['commit']} · {meta['cpus']} CPUs · load average "
           f"{meta['load_before']} before, {meta['load_after']} after · median [IQR], seconds unless marked", ""]
    if results["builds"]:
        runs = max(row["ratio"]["n"] for row in results["builds"].values())
        out.append(f"make site against plain `mkdocs build --strict` of the same site (whole processes, up to {runs} "
                   "interleaved pairs)")
        out.append(f"{'purposes':>12}  {'make site':<26}{'plain mkdocs':<26}{'ratio per pair':<28}same HTML")
        for size, row in results["builds"].items():
            out.append(f"{size:>12}  {_spread(row['make_site']):<26}{_spread(row['plain']):<26}"
                       f"{_spread(row['ratio'], '×'):<28}{'yes' if row['identical_html'] else 'NO'}")
        out.append("")
    if results["checks"]:
        out.append("policysite check (whole process)")
        out.append(f"{'purposes':>12}  {'wall':<26}{'CPU (user + system)':<26}{'peak memory':>12}  "
                   f"{'÷ plain build':>14}")
        for size, row in results["checks"].items():
            plain = results["builds"].get(size, {}).get("plain", {}).get("median")
            share = f"{row['wall']['median'] / plain:.3f}×" if plain else "–"
            out.append(f"{size:>12}  {_spread(row['wall']):<26}{_spread(row['cpu']):<26}"
                       f"{row['peak_memory_mb']:>9.0f} MB  {share:>14}")
        out.append("")
    if results["pipeline"]:
        out.append("Generator in process, by step (warm)")
        out.append(f"{'purposes':>12}  {'load':<24}{'validate':<24}{'render':<24}{'total':<24}peak (generate)")
        for size, row in results["pipeline"].items():
            out.append(f"{size:>12}  {_spread(row['load']):<24}{_spread(row['validate']):<24}"
                       f"{_spread(row['render']):<24}{_spread(row['total']):<24}"
                       f"{row['generate_peak_memory_mb']:.0f} MB")
        for name, growth in results["growth"].items():
            steps = ", ".join(f"{step} {value['median']:.1f}×" for step, value in growth["steps"].items())
            out.append(f"{'growth':>12}  {name}: {_spread(growth, '×', 2)} ({steps}; median of per-run ratios)")
        out.append("")
    if results["previews"]:
        out.append("Save to served page: make serve (policy.yaml) against plain mkdocs serve (the Markdown page)")
        out.append(f"{'purposes':>12}  {'make serve':<26}{'plain mkdocs serve':<26}{'ratio per pair':<28}rebuilds")
        for size, row in results["previews"].items():
            out.append(f"{size:>12}  {_spread(row['make_serve']['latency']):<26}{_spread(row['plain']['latency']):<26}"
                       f"{_spread(row['ratio'], '×'):<28}{row['make_serve']['rebuilds']['median']:.0f} vs "
                       f"{row['plain']['rebuilds']['median']:.0f}")
        out.append("")
    for name, row in results.get("setup", {}).items():
        out.append(f"Fresh clone, empty package cache, `make site` with {name}: {row['seconds']:.1f} s "
                   f"(.venv {row['venv_mb']:.0f} MB)")
    if results.get("setup"):
        out.append("")
    out.append("Targets (issue 13)")
    for target in results["targets"]:
        verdict = {True: "met   ", False: "missed", None: "n/a   "}[target["met"]]
        out.append(f"  {verdict}  {target['name']:<48} {target['measured']:>14}  (target {target['limit']})")
    return "\n".join(out)


def targets_as_dicts(targets: list[Target]) -> list[dict[str, Any]]:
    return [asdict(t) for t in targets]
