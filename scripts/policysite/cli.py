"""Command line: `policysite check` for editors and CI, `policysite build` to publish.

`generate` only writes the Markdown pages; `build` makes the whole site reproducibly and
atomically; `linkcheck` checks an already built site.

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

    build_cmd = commands.add_parser("build", help="build the site reproducibly into a temporary folder, "
                                                  "then swap it into place (site/ is untouched on failure)")
    build_cmd.add_argument("--config", default="mkdocs.yml", type=Path, help="the MkDocs configuration")
    build_cmd.add_argument("--site-dir", default="site", type=Path, help="where the site goes (default: site)")

    link_cmd = commands.add_parser("linkcheck", help="check every internal link and anchor of a built site")
    link_cmd.add_argument("site_dir", nargs="?", default="site", type=Path)
    link_cmd.add_argument("--base-url", required=True,
                          help="the public URL the site is served from, e.g. https://example.github.io/policy/")
    return parser


def _build(args: argparse.Namespace) -> int:
    from .build import BuildError, build  # imports MkDocs: only for this command

    try:
        built = build(args.config, args.site_dir)
    except BuildError as error:
        print(f"policysite build: {error}\nNothing was published: {args.site_dir}/ is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"built {built.files} files into {args.site_dir}/ for {built.site_url} "
          f"(SOURCE_DATE_EPOCH={built.source_date_epoch}); links: {built.link_summary}")
    return EXIT_OK


def _linkcheck(args: argparse.Namespace) -> int:
    from .linkcheck import check_site

    report = check_site(args.site_dir, args.base_url)
    for broken in report.broken:
        print(broken, file=sys.stderr)
    print(report.summary())
    return EXIT_PROBLEMS if report.broken or not report.pages else EXIT_OK


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
        if args.command == "build":
            return _build(args)
        if args.command == "linkcheck":
            return _linkcheck(args)
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
        if args.command == "build":
            print(f"Nothing was built: {args.site_dir}/ is unchanged.", file=sys.stderr)
        return EXIT_UNUSABLE if error.unusable else EXIT_PROBLEMS
    except Exception:  # a bug in policysite, not an editing mistake
        print("policysite: internal error. This is a bug in the generator, not in policy.yaml; "
              "please report it with the output of the same command run with --debug.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_INTERNAL
