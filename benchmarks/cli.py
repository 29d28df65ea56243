"""`python -m benchmarks`: run the benchmark, print the table, write it as JSON."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .builds import compare_builds
from .pipeline import time_pipelines
from .preview import MAKE_SERVE_FLAGS, OTHER_SERVE_FLAGS, measure_preview
from .report import evaluate, table, targets_as_dicts
from .synth import write_synthetic
from .workspace import ROOT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="purposes per synthetic policy (default: 10,100,1000)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved build pairs per size (default: 5)")
    parser.add_argument("--pipeline-runs", type=int, default=15, help="in-process generator runs (default: 15)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed build pairs per size first (default: 1)")
    parser.add_argument("--serve-runs", type=int, default=7, help="edits timed under mkdocs serve (default: 7)")
    parser.add_argument("--serve-flags", action="append", default=None, metavar="FLAGS",
                        help="mkdocs serve flags to compare, repeatable; the first is what `make serve` uses "
                             f"and is checked against the target (default: '{MAKE_SERVE_FLAGS}', "
                             f"then '{OTHER_SERVE_FLAGS}')")
    parser.add_argument("--no-serve", action="store_true", help="skip the preview latency")
    parser.add_argument("--no-builds", action="store_true", help="skip the mkdocs builds")
    parser.add_argument("--policy", type=Path, default=ROOT / "policy.yaml", help="the template policy")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects (their path is printed)")
    return parser


def _commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True, check=False).stdout.strip()
    return result.stdout.strip() + ("+changes" if dirty else "")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="policysite-bench-"))
    template = args.policy.read_text(encoding="utf-8")
    results: dict[str, Any] = {
        "meta": {"time": datetime.datetime.now().isoformat(timespec="seconds"), "commit": _commit(),
                 "cpus": os.cpu_count(), "load_before": _load(), "sizes": sizes, "runs": args.runs,
                 "pipeline_runs": args.pipeline_runs, "serve_runs": args.serve_runs},
        "pipeline": {}, "growth": {}, "builds": {}, "preview": [],
    }
    try:
        policies = {size: write_synthetic(args.policy, size, workdir / f"policy-{size}.yaml") for size in sizes}
        if policies:
            print(f"· generator in process, sizes {args.sizes}", flush=True)
            results["pipeline"], results["growth"] = time_pipelines(policies, args.pipeline_runs)
        for size, policy in policies.items():
            if not args.no_builds:
                print(f"· {size} purposes: {args.runs} interleaved build pairs", flush=True)
                text = policy.read_text(encoding="utf-8")
                results["builds"][str(size)] = compare_builds(text, workdir / f"builds-{size}", args.runs,
                                                              args.warmup).as_dict()
        variants = args.serve_flags if args.serve_flags is not None else [MAKE_SERVE_FLAGS, OTHER_SERVE_FLAGS]
        if not args.no_serve:
            for number, flags in enumerate(variants):
                print(f"· preview latency, mkdocs serve {flags or '(default flags)'}", flush=True)
                results["preview"].append(measure_preview(template, workdir / f"serve-{number}",
                                                          args.serve_runs, tuple(flags.split())))
    finally:
        if args.keep:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    results["meta"]["load_after"] = _load()
    results["targets"] = targets_as_dicts(evaluate(results))
    print()
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0
