"""Command line: `policysite check` for editors and CI, `policysite generate` for builds.

Exit codes: 0 clean, 1 the policy has problems, 2 the file is unusable (unreadable,
not YAML), 3 an internal error (a bug in policysite, never the editor's fault).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .generate import check, generate
from .problems import PolicyError, Problem, format_problems, summary_line

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policysite", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for internal errors")
    commands = parser.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser("check", help="validate policy.yaml and report every problem")
    check_cmd.add_argument("policy", nargs="?", default="policy.yaml", type=Path)
    check_cmd.add_argument("--format", choices=["text", "github", "json"], default="text",
                           help="text for people, github for pull-request annotations, json for tools")

    gen_cmd = commands.add_parser("generate", help="write docs/<language>/index.md from policy.yaml")
    gen_cmd.add_argument("policy", nargs="?", default="policy.yaml", type=Path)
    gen_cmd.add_argument("--docs", default="docs", type=Path, help="the docs folder (default: docs)")
    return parser


def _report(problems: list[Problem], style: str) -> None:
    if not problems:
        return
    print(format_problems(problems, style), file=sys.stdout if style == "json" else sys.stderr)
    if style == "text":
        print(summary_line(problems), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    style = getattr(args, "format", "text")
    try:
        if args.command == "check":
            _, warnings = check(args.policy)
            _report(warnings, style)
            if style == "json" and not warnings:
                print("[]")
            if style == "text":
                print(f"{args.policy}: OK ({summary_line(warnings)})")
        else:
            result = generate(args.policy, args.docs)
            _report(result.warnings, style)
            for path in result.written:
                print(f"wrote {path}")
            if not result.written:
                print("pages are up to date")
        return EXIT_OK
    except PolicyError as error:
        _report(error.problems, style)
        return EXIT_UNUSABLE if error.unusable else EXIT_PROBLEMS
    except Exception:  # a bug in policysite, not an editing mistake
        print("policysite: internal error. This is a bug in the generator, not in policy.yaml; "
              "please report it with the output of the same command run with --debug.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_INTERNAL
