"""The targets of issue 6, and the table `make bench` prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MAX_OVERHEAD = 1.10  # policysite build / plain build, median of per-pair ratios
MAX_PIPELINE_1000 = 0.5  # seconds: load + validate + render of 1,000 purposes
MAX_GROWTH = 12 / 10  # ten times the purposes may take at most twelve times the time
MAX_PREVIEW = 1.5  # seconds: save policy.yaml -> the changed page is served


@dataclass(frozen=True)
class Target:
    name: str
    limit: str
    measured: str
    met: bool | None  # None: not measured in this run


def evaluate(results: dict[str, Any]) -> list[Target]:
    targets = []
    for size, build in results["builds"].items():
        ratio = build["ratio"]["median"]
        targets.append(Target(f"build overhead, {size} purposes", f"≤ {MAX_OVERHEAD:.2f}×", f"{ratio:.3f}×",
                              ratio <= MAX_OVERHEAD))
    pipeline = results["pipeline"]
    if "1000" in pipeline:
        total = pipeline["1000"]["total"]["median"]
        targets.append(Target("load + validate + render, 1000 purposes", f"≤ {MAX_PIPELINE_1000} s",
                              f"{total:.3f} s", total <= MAX_PIPELINE_1000))
    else:
        targets.append(Target("load + validate + render, 1000 purposes", f"≤ {MAX_PIPELINE_1000} s",
                              "not measured", None))
    for growth in results["growth"].values():
        small, large = growth["purposes"]
        allowed = MAX_GROWTH * large / small
        targets.append(Target(f"scaling {small} → {large} purposes", f"≤ {allowed:.1f}× time",
                              f"{growth['median']:.2f}×", growth["median"] <= allowed))
    previews = results.get("preview", [])
    if previews:  # the first variant is the one `make serve` runs
        latency = previews[0]["latency"]["median"]
        targets.append(Target(f"preview latency, serve {previews[0]['flags']}", f"≤ {MAX_PREVIEW} s",
                              f"{latency:.3f} s", latency <= MAX_PREVIEW))
    else:
        targets.append(Target("preview latency, SensorNordic policy", f"≤ {MAX_PREVIEW} s", "not measured", None))
    return targets


def _spread(summary: dict[str, float], unit: str = "", digits: int = 3) -> str:
    return (f"{summary['median']:.{digits}f}{unit} "
            f"[{summary['q1']:.{digits}f}–{summary['q3']:.{digits}f}]")


def table(results: dict[str, Any]) -> str:
    meta = results["meta"]
    out = [f"policysite benchmark · {meta['time']} · {meta['cpus']} CPUs · load average "
           f"{meta['load_before']} before, {meta['load_after']} after · median [IQR] in seconds", ""]
    pipeline = results["pipeline"]
    if pipeline:
        runs = next(iter(pipeline.values()))["total"]["n"]
        out.append(f"Generator in process, warm ({runs} runs each)")
        out.append(f"{'purposes':>8}  {'load + validate':<24}{'render':<24}{'total':<24}")
        for size, row in pipeline.items():
            out.append(f"{size:>8}  {_spread(row['load_validate']):<24}{_spread(row['render']):<24}"
                       f"{_spread(row['total']):<24}")
        for name, growth in results["growth"].items():
            out.append(f"{'growth':>8}  {name} purposes: {_spread(growth, '×', 2)} (median of per-run ratios)")
        out.append("")
    builds = results["builds"]
    if builds:
        runs = next(iter(builds.values()))["ratio"]["n"]
        out.append(f"mkdocs build --strict, {runs} interleaved pairs (policysite hook from policy.yaml "
                   "vs plain MkDocs on the same Markdown)")
        out.append(f"{'purposes':>8}  {'policysite':<26}{'plain':<26}{'ratio per pair':<26}same HTML")
        for size, row in builds.items():
            out.append(f"{size:>8}  {_spread(row['policysite']):<26}{_spread(row['plain']):<26}"
                       f"{_spread(row['ratio'], '×'):<26}{'yes' if row['identical_html'] else 'NO'}")
        out.append("")
    for preview in results.get("preview", []):
        runs = preview["latency"]["n"]
        out.append(f"Preview latency, mkdocs serve {preview['flags']}, SensorNordic policy.yaml ({runs} edits): "
                   f"{_spread(preview['latency'])}; change detected after {_spread(preview['detection'])}; "
                   f"rebuilds per edit {preview['rebuilds_per_edit']['median']:.0f}")
    if results.get("preview"):
        out.append("")
    out.append("Targets")
    for target in results["targets"]:
        verdict = {True: "MET ", False: "MISS", None: "n/a "}[target["met"]]
        out.append(f"  {verdict}  {target['name']:<46} {target['measured']:>14}  (target {target['limit']})")
    return "\n".join(out)


def targets_as_dicts(targets: list[Target]) -> list[dict[str, Any]]:
    return [asdict(t) for t in targets]
