"""Command line: `check` for editors and CI, `diff` for change summaries, `schema` and `lsp` for editors,
`build` to publish the site, `generate` for the Markdown pages only, `linkcheck` for a built site.

`build` makes the whole site reproducibly and atomically (site/ is untouched on failure).

Exit codes: 0 clean, 1 the policy has problems, 2 the file is unusable (unreadable,
not YAML), 3 an internal error (a bug in policysite, never the editor's fault).
Warnings alone exit 0, unless `check --strict`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import traceback
from pathlib import Path

from .model.schema import SCHEMA_FILE, schema_text
from .pipeline import changes_between, check, discard_ahead, facts, generate, start_ahead
from .problems import PolicyError, Problem, Severity, format_problems, summary_line, verdict
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
                           help="since OLD (a file or a git revision): warn about texts changed in one language "
                                "only, and about a changed policy whose version, effective_date and history were "
                                "not updated (an error with --strict)")
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
    schema_cmd.add_argument("--export", action="store_true",
                            help="write the schema of the published policy.json instead")
    schema_cmd.add_argument("--output", type=Path,
                            help=f"default: {SCHEMA_FILE} (with --export: policy.json.schema.json in the package)")

    gen_cmd = commands.add_parser("generate", help="write docs/<language>/index.md from policy.yaml")
    gen_cmd.add_argument("policy", nargs="?", default="policy.yaml", type=Path)
    gen_cmd.add_argument("--docs", default="docs", type=Path, help="the docs folder (default: docs)")

    build_cmd = commands.add_parser("build", help="build the site reproducibly into a temporary folder, "
                                                  "then swap it into place (site/ is untouched on failure)")
    build_cmd.add_argument("--config", default="mkdocs.yml", type=Path, help="the MkDocs configuration")
    build_cmd.add_argument("--site-dir", default="site", type=Path, help="where the site goes (default: site)")
    build_cmd.add_argument("--engine", choices=["mkdocs", "properdocs"], default="mkdocs",
                           help="the site engine: MkDocs 1.x, or ProperDocs, its maintained fork (default: mkdocs)")

    init_cmd = commands.add_parser("init", help="start a new organisation's own policy.yaml (minimal, valid, "
                                                "commented) and set the site's languages; never overwrites")
    for option, what in {**INIT_QUESTIONS, **INIT_OPTIONS}.items():
        init_cmd.add_argument(f"--{option}", help=what)
    init_cmd.add_argument("--policy", default=Path("policy.yaml"), type=Path, help="default: policy.yaml")
    init_cmd.add_argument("--config", default=Path("mkdocs.yml"), type=Path,
                          help="the MkDocs configuration whose languages are set (default: mkdocs.yml)")

    commands.add_parser("lsp", help="a language server for editors: check's problems as you type (LSP over "
                                    "standard input/output; needs the 'lsp' extra, pygls)")

    link_cmd = commands.add_parser("linkcheck", help="check every internal link and anchor of a built site")
    link_cmd.add_argument("site_dir", nargs="?", default="site", type=Path)
    link_cmd.add_argument("--base-url", required=True,
                          help="the public URL the site is served from, e.g. https://example.github.io/policy/")
    return parser


def _report(problems: list[Problem], style: str) -> None:
    if problems:
        print(format_problems(problems, style), file=sys.stdout if style == "json" else sys.stderr)


def _check(args: argparse.Namespace) -> int:
    result = check(args.policy, since=args.since, gdpr=args.gdpr, strict=args.strict)
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
    failed = errors or (args.strict and bool(result.problems))
    if args.format == "text":  # the last line, in plain words (after the advice and the report)
        sys.stderr.flush()
        print(verdict(str(args.policy), result.problems, args.strict), file=sys.stderr if failed else sys.stdout)
    return EXIT_PROBLEMS if failed else EXIT_OK


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
    from .publish.export_schema import EXPORT_SCHEMA_FILE, export_schema_text

    if args.export:
        text, output = export_schema_text(), args.output or EXPORT_SCHEMA_FILE
    else:
        text, output = schema_text(tuple(load_labels().languages())), args.output or SCHEMA_FILE
    if output.is_file() and output.read_text(encoding="utf-8") == text:
        print(f"{output} is up to date")
        return EXIT_OK
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
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
    from .publish.build import BuildError, Generator, build, site_url  # runs the site engine: only for this command

    # Validated and rendered once, on the other core while this process loads the site engine; the engine's
    # hook, running in this process, takes the results from there. The pages are written here, before the
    # engine builds, so problems are reported as `check` reports them; the export files are made there too.
    root = args.config.absolute().parent
    policy, docs = root / "policy.yaml", root / "docs"
    generator = Generator(start=lambda: start_ahead(policy, site_url), facts=lambda: facts(policy),
                          write_pages=lambda: generate(policy, docs))
    try:
        built = build(args.config, args.site_dir, generator, args.engine)
    except BuildError as error:
        print(f"policysite build: {error}\nNothing was published: {args.site_dir}/ is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        discard_ahead()
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


# init's options, in the order they are asked for, with the question (and default) for prompts; a
# name and an e-mail address are enough, the postal address and phone are options only
INIT_QUESTIONS = {
    "name": "the organisation's name, e.g. Example AS",
    "email": "the e-mail address readers write to about privacy",
    "languages": "the site's languages, the default first [no,en]",
    "url": "the site's public address, e.g. https://privacy.example.no/ [none yet]",
}
INIT_OPTIONS = {
    "country": "its country, as a two-letter code, e.g. NO",
    "street": "its street address (with --city)",
    "postcode": "its postcode (with --city)",
    "city": "its city: gives the policy a postal address",
    "phone": "its phone number, e.g. +47 2000 0000 (or 2000 0000 with --country NO)",
}
INIT_DEFAULTS = {"languages": "no,en", "url": ""}


def _init(args: argparse.Namespace) -> int:
    from .starter import Organisation, start_policy

    answers = {}
    for option, question in INIT_QUESTIONS.items():
        value = getattr(args, option)
        if value is None and sys.stdin.isatty():
            value = input(f"{question}: ").strip() or None
        answers[option] = value if value is not None else INIT_DEFAULTS.get(option)
    missing = [f"--{option}" for option, value in answers.items() if value is None]
    if missing:
        print(f"policysite init: give {', '.join(missing)} (or run it in a terminal to be asked)", file=sys.stderr)
        return EXIT_PROBLEMS
    languages = tuple(code.strip() for code in answers.pop("languages").split(",") if code.strip())
    extras = {option: getattr(args, option) for option in INIT_OPTIONS}
    org = Organisation(languages=languages, **{**answers, "url": answers["url"] or None}, **extras)
    for path in start_policy(org, args.policy, args.config, load_labels(), datetime.date.today()):
        print(f"wrote {path}")
    print(f"Next: replace the example texts in {args.policy} with what your organisation really does (see the "
          "comments in it), then run `make check` and `make serve`.")
    return EXIT_OK


def _lsp(args: argparse.Namespace) -> int:
    try:
        from .lsp import serve
    except ImportError:
        print("policysite lsp needs pygls: .venv/bin/pip install -e '.[lsp]'", file=sys.stderr)
        return EXIT_UNUSABLE
    serve()
    return EXIT_OK


COMMANDS = {"check": _check, "diff": _diff, "schema": _schema, "generate": _generate, "build": _build,
            "linkcheck": _linkcheck, "lsp": _lsp, "init": _init}


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
        if args.command == "check" and style == "text":
            print(verdict(str(args.policy), error.problems, unusable=error.unusable), file=sys.stderr)
        elif style == "text":
            print(summary_line(error.problems), file=sys.stderr)
        if args.command == "build":
            print(f"Nothing was built: {args.site_dir}/ is unchanged.", file=sys.stderr)
        return EXIT_UNUSABLE if error.unusable else EXIT_PROBLEMS
    except Exception as error:
        from .forked import WorkerFailed  # only a build loads it

        if isinstance(error, WorkerFailed):  # the machine, not policysite or policy.yaml: e.g. out of memory
            print(f"policysite: {error}", file=sys.stderr)
            if args.command == "build":
                print(f"Nothing was built: {args.site_dir}/ is unchanged. Run the command again.", file=sys.stderr)
            return EXIT_UNUSABLE
        # a bug in policysite, not an editing mistake
        print("policysite: internal error. This is a bug in the generator, not in policy.yaml; "
              "please report it with the output of the same command run with --debug.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_INTERNAL
