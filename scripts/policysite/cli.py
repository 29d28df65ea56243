"""Command line: `check` for editors and CI, `diff` for change summaries, `schema` for editors,
`build` to publish the site, `generate` for the Markdown pages only, `linkcheck` for a built site.

`build` makes the whole site reproducibly and atomically (site/ is untouched on failure).

Exit codes: 0 clean, 1 the policy has problems, 2 the file is unusable (unreadable,
not YAML), 3 an internal error (a bug in policysite, never the editor's fault).
Warnings alone exit 0, unless `check --strict`.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

from .model.schema import SCHEMA_FILE, schema_text
from .pipeline import changes_between, check, generate
from .problems import PolicyError, Problem, Severity, format_problems, summary_line
from .render.labels import load_labels

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policysite", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for internal errors")
    commands = parser.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser("check", help="validate policy.yaml and report every problem")
    check_cmd.add_argument("policy", nargs="?", default="policy.yaml", type=Path)
    check_cmd.add_argument("--format", choices=["text", "github", "json"], default="text",
                           help="text for people, github for pull-request annotations, json for tools")
    check_cmd.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    check_cmd.add_argument("--since", metavar="OLD",
                           help="warn about texts changed in one language only since OLD (a file or a git revision)")
    check_cmd.add_argument("--gdpr", action="store_true",
                           help="report which GDPR art. 13/14 items the policy gives (missing items warn)")
    check_cmd.add_argument("--report", type=Path, default=Path("gdpr-report.md"),
                           help="where --gdpr writes its report (default: gdpr-report.md)")

    diff_cmd = commands.add_parser("diff", help="what changed for readers between two versions, in every language")
    diff_cmd.add_argument("old", help="the earlier version: a file or a git revision")
    diff_cmd.add_argument("new", nargs="?", default="policy.yaml",
                          help="the later version: a file or a git revision (default: policy.yaml)")
    diff_cmd.add_argument("--file", default="policy.yaml", type=Path,
                          help="the policy file that git revisions are read at (default: policy.yaml)")
    diff_cmd.add_argument("--format", choices=["text", "json"], default="text")

    schema_cmd = commands.add_parser("schema", help="write the JSON Schema editors use for policy.yaml")
    schema_cmd.add_argument("--output", default=SCHEMA_FILE, type=Path, help=f"default: {SCHEMA_FILE}")

    gen_cmd = commands.add_parser("generate", help="write docs/<language>/index.md from policy.yaml")
    gen_cmd.add_argument("policy", nargs="?", default="policy.yaml", type=Path)
    gen_cmd.add_argument("--docs", default="docs", type=Path, help="the docs folder (default: docs)")

    build_cmd = commands.add_parser("build", help="build the site reproducibly into a temporary folder, "
                                                  "then swap it into place (site/ is untouched on failure)")
    build_cmd.add_argument("--config", default="mkdocs.yml", type=Path, help="the MkDocs configuration")
    build_cmd.add_argument("--site-dir", default="site", type=Path, help="where the site goes (default: site)")
    build_cmd.add_argument("--engine", choices=["mkdocs", "properdocs"], default="mkdocs",
                           help="the site engine: MkDocs 1.x, or ProperDocs, its maintained fork (default: mkdocs)")

    link_cmd = commands.add_parser("linkcheck", help="check every internal link and anchor of a built site")
    link_cmd.add_argument("site_dir", nargs="?", default="site", type=Path)
    link_cmd.add_argument("--base-url", required=True,
                          help="the public URL the site is served from, e.g. https://example.github.io/policy/")
    return parser


def _report(problems: list[Problem], style: str) -> None:
    if not problems:
        return
    print(format_problems(problems, style), file=sys.stdout if style == "json" else sys.stderr)
    if style == "text":
        print(summary_line(problems), file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    result = check(args.policy, since=args.since, gdpr=args.gdpr)
    _report(result.problems, args.format)
    if args.format == "json" and not result.problems:
        print("[]")
    errors = any(p.severity is Severity.ERROR for p in result.problems)
    if result.report:
        from .review.gdpr import format_report

        text = format_report(result.report)
        args.report.write_text(text, encoding="utf-8")
        if args.format == "text":  # json and github keep stdout machine-readable
            print(text)
        print(f"GDPR report written to {args.report}", file=sys.stderr)
    elif args.gdpr:
        print("no GDPR report: fix the errors first", file=sys.stderr)
    if errors or (args.strict and result.problems):
        if args.strict and not errors:
            print("failing because of --strict: warnings count as problems", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.format == "text":
        print(f"{args.policy}: OK ({summary_line(result.problems)})")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    old, new, changes, labels = changes_between(args.old, args.new, args.file)
    if args.format == "json":
        print(json.dumps({"old": old.version, "new": new.version, "changes": [c.as_dict() for c in changes]},
                         ensure_ascii=False, indent=2))
    else:
        from .review.changes import summary

        print(summary(old, new, changes, labels), end="")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    text = schema_text(tuple(load_labels().languages()))
    if args.output.is_file() and args.output.read_text(encoding="utf-8") == text:
        print(f"{args.output} is up to date")
        return EXIT_OK
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    result = generate(args.policy, args.docs)
    _report(result.warnings, "text")
    for path in result.written:
        print(f"wrote {path}")
    if not result.written:
        print("pages are up to date")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .publish.build import BuildError, build  # runs the site engine: only for this command

    # Validated and rendered once: the hook, running in this process, gets the same result from the cache.
    # The pages are written (and docs/ checked) here first, so problems are reported as `check` reports them.
    root = args.config.absolute().parent
    try:
        built = build(args.config, args.site_dir, lambda: generate(root / "policy.yaml", root / "docs").policy,
                      args.engine)
    except BuildError as error:
        print(f"policysite build: {error}\nNothing was published: {args.site_dir}/ is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"built {built.files} files into {args.site_dir}/ for {built.site_url} with {built.engine} "
          f"(SOURCE_DATE_EPOCH={built.source_date_epoch}); links: {built.link_summary}")
    return EXIT_OK


def _linkcheck(args: argparse.Namespace) -> int:
    from .publish.linkcheck import check_site

    report = check_site(args.site_dir, args.base_url)
    for broken in report.broken:
        print(broken, file=sys.stderr)
    print(report.summary())
    return EXIT_PROBLEMS if report.broken or not report.pages else EXIT_OK


COMMANDS = {"check": _check, "diff": _diff, "schema": _schema, "generate": _generate, "build": _build,
            "linkcheck": _linkcheck}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    style = getattr(args, "format", "text")
    try:
        return COMMANDS[args.command](args)
    except OSError as error:  # an output folder that cannot be written, a disk that is full...
        print(f"policysite: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
        return EXIT_UNUSABLE
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
