"""The whole pipeline, for the CLI and the MkDocs hook: load → validate → render → write.

`check` is the editing loop (validate, then advice, stale translations and the GDPR
report); `generate` is the build, which stops only for errors.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .memory import collector_paused
from .model.policy import Policy
from .model.validate import validate
from .problems import Location, PolicyError, Problem
from .render.labels import LABELS_FILE, Labels, load_labels
from .review.advice import review
from .source.build_date import BuildDateError, build_date
from .source.loader import display_name, load_bytes, load_file, load_text, read_file
from .source.nodes import Source

if TYPE_CHECKING:
    from .forked import Forked
    from .review.changes import Change
    from .review.gdpr import Report

# The stages only some commands use are imported where they are used: `check` runs on every save in an
# editor and in CI, and most of its time is interpreter start-up and imports.


@dataclass(frozen=True)
class Result:
    policy: Policy
    warnings: list[Problem]
    written: list[Path]


@dataclass(frozen=True)
class Checked:
    policy: Policy | None  # None when the policy has errors
    problems: list[Problem]
    report: Report | None  # the GDPR report, when asked for and the policy is valid


@collector_paused()
def check(policy_path: Path, since: str | None = None, gdpr: bool = False, strict: bool = False) -> Checked:
    """Every problem and warning in one run; raises PolicyError only when a file is unusable."""
    labels = load_labels()
    source = load_file(policy_path, display_name(policy_path))
    policy, problems = reviewed(source, labels)
    if since is not None:
        from .review.stale import stale_translations
        from .review.versions import unrecorded_change
        from .source.revisions import read_version

        old = read_version(since, policy_path)
        languages = policy.languages if policy else tuple(labels.languages())
        problems += stale_translations(old, source, languages)
        problems += unrecorded_change(old, source, strict)
    report = None
    if gdpr and policy is not None:
        from .review.gdpr import gdpr_report

        report = gdpr_report(policy, source)
        problems += report.problems
    return Checked(policy, problems, report)


def reviewed(source: Source, labels: Labels) -> tuple[Policy | None, list[Problem]]:
    """Validation, then advice on a valid policy: what `check` reports without options."""
    policy, problems = validated(source, labels)
    if policy is not None:
        problems += review(policy, source)
    return policy, problems


def check_text(text: str, policy_path: Path) -> list[Problem]:
    """`check`'s problems for the text of a policy file not saved yet (the language server)."""
    name = display_name(policy_path)
    try:
        source = dataclasses.replace(load_text(text, name), folder=policy_path.parent)
        return reviewed(source, load_labels())[1]
    except PolicyError as error:
        return error.problems


@collector_paused()
def changes_between(old: str, new: str, policy_path: Path) -> tuple[Policy, Policy, list[Change], Labels]:
    """The reader-visible changes from version `old` to `new` (files or git revisions of policy_path)."""
    from .review.changes import compare
    from .source.revisions import read_version

    labels = load_labels()
    policies = []
    for spec in (old, new):
        policy, problems = validated(read_version(spec, policy_path), labels)
        if policy is None:
            raise PolicyError(problems)
        policies.append(policy)
    return policies[0], policies[1], compare(policies[0], policies[1]), labels


def prepare(policy_path: Path) -> tuple[Policy, tuple[Problem, ...], dict[str, str]]:
    """The validated policy, its warnings and its pages; raises PolicyError on any problem."""
    from .render.page import TEMPLATE_FILES

    name = display_name(policy_path)
    templates = tuple(_contents(path) for path in TEMPLATE_FILES)
    # keyed by the absolute path: the CLI and the hook name the same file differently
    inputs = (read_file(policy_path, name), name, policy_path.absolute(), _contents(LABELS_FILE), templates)
    policy, warnings = _validated(*inputs)
    try:
        # what "today" is for the change notice, reproducibly; without SOURCE_DATE_EPOCH or git, the
        # version's own date (the build then sets SOURCE_DATE_EPOCH to it: the same pages either way)
        today = build_date(policy_path.parent) or policy.effective_date
    except BuildDateError as error:
        raise PolicyError([Problem(Location("SOURCE_DATE_EPOCH", 0, 0), "", str(error),
                                   "unset it, or set it to a number of seconds since 1970-01-01 UTC")]) from None
    return policy, warnings, _rendered(*inputs, today)


def generate(policy_path: Path, docs_dir: Path) -> Result:
    """Write docs/<language>/index.md for each language; raises PolicyError on any problem."""
    from .publish.output import audit_docs, remove, write_pages

    policy, warnings, pages = prepare(policy_path)
    targets = {docs_dir / path: markdown for path, markdown in pages.items()}
    stale = audit_docs(docs_dir, policy.languages, set(targets))
    written = write_pages(targets)
    remove(stale)
    return Result(policy, list(warnings), written)


# MkDocs runs the hook, so prepare(), once per language (mkdocs-static-i18n builds each language
# as a build of its own) and again on every `mkdocs serve` rebuild; `policysite build` has run it
# once before. Unchanged inputs (compared by content: file times are too coarse) reuse the last
# validation, and the last rendering for the same day; the pages are still checked and written as
# always. Failures raise, so they are never cached.
@functools.lru_cache(maxsize=1)
@collector_paused()
def _validated(data: bytes, name: str, policy_path: Path, labels_file: bytes | None,
               templates: tuple[bytes | None, ...]) -> tuple[Policy, tuple[Problem, ...]]:
    policy, warnings = load_policy(policy_path, load_labels(), name, data)
    return policy, tuple(warnings)


@functools.lru_cache(maxsize=1)
@collector_paused()
def _rendered(data: bytes, name: str, policy_path: Path, labels_file: bytes | None,
              templates: tuple[bytes | None, ...], today: datetime.date) -> dict[str, str]:
    from .render.page import render_pages

    policy, _ = _validated(data, name, policy_path, labels_file, templates)
    labels = load_labels()
    if len(policy.languages) < 2 or not worth_a_worker(policy):  # a worker would have nothing or little to do
        return render_pages(policy, labels, today, name)
    from .forked import Forked

    # the first language here, the others meanwhile in a worker on the other core (forked.py)
    with Forked(render_pages, policy, labels, today, name, policy.languages[1:]) as others:
        pages = render_pages(policy, labels, today, name, policy.languages[:1])
        return pages | others.result()


# A worker (forked.py) pays off for a large policy only: forking and taking its result back cost a few
# milliseconds, about what rendering all of SensorNordic's pages costs (10 clauses). From about a
# hundred purposes, categories and recipients together, the work it takes over costs more.
WORKER_FROM_CLAUSES = 100


def worth_a_worker(policy: Policy) -> bool:
    clauses = [policy.purposes, policy.data_categories, policy.recipients]
    return sum(len(part.items) for part in clauses if part is not None) >= WORKER_FROM_CLAUSES


# The export files need only the validated policy and the site's URL: `policysite build` has them computed
# by a worker while the site engine builds, and the hook, which writes them after the build, takes them. The
# worker also finds the same-site URLs in them, which the build's link check would otherwise parse them for.
_exports_ahead: tuple[Policy, str, Forked[tuple[dict[str, str], dict[bytes, list[str]]]]] | None = None


def start_exports(policy: Policy, site_url: str) -> None:
    """Start computing the export files for `site_url` on the other core (forked.py), if worth it."""
    global _exports_ahead
    from .forked import Forked

    discard_exports()
    if worth_a_worker(policy):
        _exports_ahead = (policy, site_url, Forked(_exports_and_urls, policy, load_labels(), site_url))


def _exports_and_urls(policy: Policy, labels: Labels, site_url: str) -> tuple[dict[str, str], dict[bytes, list[str]]]:
    from .publish.exports import export_contents
    from .publish.linkcheck import urls_by_content

    contents = export_contents(policy, labels, site_url)
    return contents, urls_by_content(contents.values(), site_url)


def exports(policy: Policy, site_url: str) -> dict[str, str]:
    """The export files' names and contents: those started ahead for this policy and URL, else made now."""
    from .publish.exports import export_contents
    from .publish.linkcheck import remember_urls

    if _exports_ahead is not None and _exports_ahead[0] is policy and _exports_ahead[1] == site_url:
        contents, urls = _exports_ahead[2].result()
        remember_urls(urls, site_url)
        return contents
    return export_contents(policy, load_labels(), site_url)


def discard_exports() -> None:
    """Stop the worker started ahead, if any (the build failed, or is over)."""
    global _exports_ahead
    if _exports_ahead is not None:
        _exports_ahead[2].cancel()
        _exports_ahead = None


def validated(source: Source, labels: Labels) -> tuple[Policy | None, list[Problem]]:
    """Validate against the languages labels.yaml can word; a label missing one of the
    policy's languages is an error too (the page would lack the generator's words)."""
    policy, problems = validate(source, tuple(labels.languages()))
    if policy is not None:
        missing = labels.missing(policy.languages)
        if missing:
            return None, problems + missing
    return policy, problems


@collector_paused()
def load_policy(path: Path, labels: Labels, name: str | None = None,
                data: bytes | None = None) -> tuple[Policy, list[Problem]]:
    """Load (from `data` if given, as read from `path`) and validate; raise `PolicyError` with
    every problem when the policy is unusable."""
    source = load_file(path, name) if data is None else dataclasses.replace(
        load_bytes(data, name or str(path)), folder=path.parent)
    policy, problems = validated(source, labels)
    if policy is None:
        raise PolicyError(problems)
    return policy, problems


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # the loader reports it
