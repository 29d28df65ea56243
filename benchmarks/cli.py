"""`python -m benchmarks`: time what users run, print the table, write bench-results/bench.json and summary.md."""

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
from .checks import time_check
from .pipeline import time_pipelines
from .preview import MAKE_SERVE_FLAGS, measure_preview
from .report import REAL, evaluate, table, targets_as_dicts
from .setup import fresh_make_site
from .synth import write_synthetic
from .workspace import ROOT, require_site_environment

BIG = 10_000  # sizes from here on get fewer runs: one build of 10,000 purposes takes about a minute


def _sizes(text: str) -> list[str]:
    sizes = [size.strip() for size in text.split(",") if size.strip()]
    for size in sizes:
        if size != "real" and not size.isdigit():
            raise argparse.ArgumentTypeError(f"{size!r}: a number of purposes, or 'real' (policy.yaml itself)")
    return [REAL if size == "real" else size for size in sizes]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=_sizes("real,10,100,1000,10000"),
                        help="'real' (policy.yaml) and numbers of purposes of synthetic policies "
                             "(default: real,10,100,1000,10000)")
    parser.add_argument("--serve-sizes", type=_sizes, default=_sizes("real,10,100,1000"),
                        help="sizes for the preview (default: real,10,100,1000; 10000 takes many minutes)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved build pairs per size (default: 5)")
    parser.add_argument("--big-runs", type=int, default=1, help=f"build pairs from {BIG:,} purposes on (default: 1)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed build pairs per size first (default: 1)")
    parser.add_argument("--check-runs", type=int, default=15, help="policysite check runs per size (default: 15)")
    parser.add_argument("--pipeline-runs", type=int, default=5, help="in-process generator runs (default: 5)")
    parser.add_argument("--serve-runs", type=int, default=5, help="edits per server and size (default: 5)")
    parser.add_argument("--serve-flags", default=MAKE_SERVE_FLAGS, help="SERVE_FLAGS for make serve")
    parser.add_argument("--no-builds", action="store_true", help="skip make site / mkdocs build")
    parser.add_argument("--no-serve", action="store_true", help="skip the preview")
    parser.add_argument("--setup", action="store_true",
                        help="also time a fresh clone's make site with empty package caches, with uv and with pip "
                             "(downloads every package)")
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


def _runs(size: str, runs: int, big_runs: int) -> int:
    return big_runs if size.isdigit() and int(size) >= BIG else runs


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    require_site_environment()
    workdir = Path(tempfile.mkdtemp(prefix="policysite-bench-"))
    results: dict[str, Any] = {
        "meta": {"time": datetime.datetime.now().isoformat(timespec="seconds"), "commit": _commit(),
                 "cpus": os.cpu_count(), "load_before": _load(), "sizes": args.sizes, "runs": args.runs,
                 "big_runs": args.big_runs, "check_runs": args.check_runs, "pipeline_runs": args.pipeline_runs,
                 "serve_runs": args.serve_runs},
        "builds": {}, "checks": {}, "pipeline": {}, "growth": {}, "previews": {},
    }
    try:
        policies = {size: args.policy if size == REAL else
                    write_synthetic(args.policy, int(size), workdir / f"policy-{size}.yaml") for size in args.sizes}
        print(f"· generator in process, step by step: {', '.join(policies)}", flush=True)
        results["pipeline"], results["growth"] = time_pipelines(policies, args.pipeline_runs)
        for size, policy in policies.items():
            print(f"· {size}: policysite check", flush=True)
            results["checks"][size] = time_check(policy, _runs(size, args.check_runs, 3))
            if not args.no_builds:
                # one pair, no warm-up at 10,000 purposes (the smaller sizes warmed the caches): about 2 minutes
                runs = _runs(size, args.runs, args.big_runs)
                print(f"· {size}: make site against plain mkdocs build, {runs} interleaved pair(s)", flush=True)
                results["builds"][size] = compare_builds(policy.read_text(encoding="utf-8"), workdir / f"build-{size}",
                                                         runs, args.warmup if runs > 1 else 0).as_dict()
        for size in args.serve_sizes if not args.no_serve else []:
            if size not in policies:
                continue
            runs = _runs(size, args.serve_runs, 2)
            print(f"· {size}: make serve against plain mkdocs serve, {runs} edits each", flush=True)
            results["previews"][size] = measure_preview(policies[size].read_text(encoding="utf-8"),
                                                        workdir / f"serve-{size}", runs, args.serve_flags)
        if args.setup:
            results["setup"] = {}
            for installer in ("uv", "pip"):
                print(f"· fresh clone, empty package cache: make site with {installer}", flush=True)
                results["setup"][installer] = fresh_make_site(installer)
    finally:
        if args.keep:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    results["meta"]["load_after"] = _load()
    results["targets"] = targets_as_dicts(evaluate(results))
    text = table(results)
    print()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out.parent / "summary.md").write_text(f"```\n{text}\n```\n", encoding="utf-8")
    print(f"\nwritten to {args.out} and {args.out.parent / 'summary.md'}")
    return 0
