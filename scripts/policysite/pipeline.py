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
from .render.theme import SiteFacts, site_facts
from .review.advice import review
from .source.build_date import BuildDateError, build_date
from .source.loader import display_name, load_bytes, load_file, load_text, read_file
from .source.nodes import Source

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .forked import Forked
    from .review.changes import Change
    from .review.gdpr import Report

# The stages only some commands use are imported where they are used: `check` runs on every save in an
# editor and in CI, and most of its time is interpreter start-up and imports.


@dataclass(frozen=True)
class Result:
    site: SiteFacts
    warnings: list[Problem]
    written: list[Path]


@dataclass(frozen=True)
class Prepared:
    site: SiteFacts
    warnings: tuple[Problem, ...]
    pages: dict[str, str]  # path under docs/ -> Markdown


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


def facts(policy_path: Path) -> SiteFacts:
    """What the site around the pages needs of the validated policy; raises PolicyError on any problem."""
    inputs = _inputs(policy_path)
    if _ahead is not None and _ahead.inputs == inputs:
        return _ahead.facts()[0]
    return _validated(*inputs)[2]


def prepare(policy_path: Path) -> Prepared:
    """The validated policy's facts, its warnings and its pages; raises PolicyError on any problem."""
    inputs = _inputs(policy_path)
    if _ahead is not None and _ahead.inputs == inputs:
        site, warnings = _ahead.facts()
        today, pages = _ahead.pages()
        if today == _today(policy_path, site.effective_date):
            return Prepared(site, warnings, pages)
    policy, warnings, site = _validated(*inputs)
    return Prepared(site, warnings, _rendered(*inputs, _today(policy_path, policy.effective_date)))


def generate(policy_path: Path, docs_dir: Path) -> Result:
    """Write docs/<language>/index.md for each language; raises PolicyError on any problem."""
    from .publish.output import audit_docs, remove, write_pages

    prepared = prepare(policy_path)
    targets = {docs_dir / path: markdown for path, markdown in prepared.pages.items()}
    stale = audit_docs(docs_dir, prepared.site.languages, set(targets))
    written = write_pages(targets)
    remove(stale)
    return Result(prepared.site, list(prepared.warnings), written)


_Inputs = tuple[bytes, str, Path, bytes | None, tuple[bytes | None, ...]]


def _inputs(policy_path: Path) -> _Inputs:
    """Everything the pages are made from, read now: keyed by content (file times are too coarse), and by the
    absolute path (the CLI and the hook name the same file differently)."""
    from .render.page import TEMPLATE_FILES

    name = display_name(policy_path)
    templates = tuple(_contents(path) for path in TEMPLATE_FILES)
    return read_file(policy_path, name), name, policy_path.absolute(), _contents(LABELS_FILE), templates


def _today(policy_path: Path, effective_date: datetime.date) -> datetime.date:
    """What "today" is for the change notice, reproducibly; without SOURCE_DATE_EPOCH or git, the version's own
    date (the build then sets SOURCE_DATE_EPOCH to it: the same pages either way)."""
    try:
        return build_date(policy_path.parent) or effective_date
    except BuildDateError as error:
        raise PolicyError([Problem(Location("SOURCE_DATE_EPOCH", 0, 0), "", str(error),
                                   "unset it, or set it to a number of seconds since 1970-01-01 UTC")]) from None


# MkDocs runs the hook, so facts() and prepare(), once per language (mkdocs-static-i18n builds each language
# as a build of its own) and again on every `mkdocs serve` rebuild. Unchanged inputs reuse the last
# validation, and the last rendering for the same day; the pages are still checked and written as always.
# Failures raise, so they are never cached.
@functools.lru_cache(maxsize=1)
@collector_paused()
def _validated(data: bytes, name: str, policy_path: Path, labels_file: bytes | None,
               templates: tuple[bytes | None, ...]) -> tuple[Policy, tuple[Problem, ...], SiteFacts]:
    labels = load_labels()
    policy, warnings = load_policy(policy_path, labels, name, data)
    return policy, tuple(warnings), site_facts(policy, labels, policy_path.parent)


@functools.lru_cache(maxsize=1)
@collector_paused()
def _rendered(data: bytes, name: str, policy_path: Path, labels_file: bytes | None,
              templates: tuple[bytes | None, ...], today: datetime.date) -> dict[str, str]:
    from .render.page import render_pages

    policy = _validated(data, name, policy_path, labels_file, templates)[0]
    labels = load_labels()
    if len(policy.languages) < 2 or not worth_a_worker(policy):  # a worker would have nothing or little to do
        return render_pages(policy, labels, today, name)
    from .forked import Forked

    # the first language here, the others meanwhile in a worker on the other core (forked.py)
    with Forked(_rendering, policy, labels, today, name, policy.languages[1:]) as others:
        pages = render_pages(policy, labels, today, name, policy.languages[:1])
        return pages | others.next()


def _rendering(policy: Policy, labels: Labels, today: datetime.date, name: str,
               languages: tuple[str, ...]) -> Iterator[dict[str, str]]:
    from .render.page import render_pages

    yield render_pages(policy, labels, today, name, languages)


# A worker (forked.py) pays off for a large policy only: forking and taking its result back cost a few
# milliseconds, about what rendering all of SensorNordic's pages costs (10 clauses). From about a
# hundred purposes, categories and recipients together, the work it takes over costs more.
WORKER_FROM_CLAUSES = 100


def worth_a_worker(policy: Policy) -> bool:
    clauses = [policy.purposes, policy.data_categories, policy.recipients]
    return sum(len(part.items) for part in clauses if part is not None) >= WORKER_FROM_CLAUSES


# `policysite build` starts the generator's work on the other core before it loads the site engine, and the
# engine's hook then takes the results from there: the site's facts (which the engine's configuration needs),
# then the pages (which its build needs), then the export files (which it writes after the build), each
# as soon as the worker has it. The process that runs the engine never validates the policy nor holds it.
class _Ahead:
    def __init__(self, policy_path: Path, url_for: Callable[[SiteFacts], str]) -> None:
        from .forked import Forked

        self.inputs = _inputs(policy_path)
        self._worker: Forked[tuple] = Forked(_worked_ahead, policy_path, self.inputs, url_for)
        self._results: list[tuple] = []  # the steps' results taken so far, in order
        self._error: Exception | None = None  # what the step after them raised (nothing follows it)

    def facts(self) -> tuple[SiteFacts, tuple[Problem, ...]]:
        return self._step(0)

    def pages(self) -> tuple[datetime.date, dict[str, str]]:
        return self._step(1)

    def exports(self) -> tuple[str, tuple[dict[str, str], dict[bytes, list[str]]]]:
        return self._step(2)

    def _step(self, number: int) -> tuple:
        """Each step's result is asked for again and again (the hook runs once per language)."""
        while len(self._results) <= number and self._error is None:
            try:
                self._results.append(self._worker.next())
            except Exception as error:  # PolicyError, WorkerFailed...: raised again for every later step
                self._error = error
        if number < len(self._results):
            return self._results[number]
        raise self._error

    def cancel(self) -> None:
        self._worker.cancel()


def _worked_ahead(policy_path: Path, inputs: _Inputs, url_for: Callable[[SiteFacts], str]) -> Iterator[tuple]:
    policy, warnings, site = _validated(*inputs)
    yield site, warnings
    today = _today(policy_path, policy.effective_date)
    yield today, _rendered(*inputs, today)
    url = url_for(site)
    yield url, _exports_and_urls(policy, load_labels(), url)


_ahead: _Ahead | None = None


def start_ahead(policy_path: Path, url_for: Callable[[SiteFacts], str]) -> None:
    """Start validating, rendering and making the export files (for the site URL `url_for` gives) on the
    other core (forked.py); facts(), prepare() and exports() for the same inputs take their results."""
    global _ahead
    discard_ahead()
    _ahead = _Ahead(policy_path, url_for)


def discard_ahead() -> None:
    """Stop the work started ahead, if any (the build failed, or is over)."""
    global _ahead
    if _ahead is not None:
        _ahead.cancel()
        _ahead = None


def _exports_and_urls(policy: Policy, labels: Labels, site_url: str) -> tuple[dict[str, str], dict[bytes, list[str]]]:
    from .publish.exports import export_contents
    from .publish.linkcheck import urls_by_content

    contents = export_contents(policy, labels, site_url)
    return contents, urls_by_content(contents.values(), site_url)


def exports(policy_path: Path, site_url: str) -> dict[str, str]:
    """The export files' names and contents: those made ahead for this policy and URL, else made now. The
    same-site URLs found in those made ahead are handed to the link check."""
    from .publish.exports import export_contents
    from .publish.linkcheck import remember_urls

    inputs = _inputs(policy_path)
    if _ahead is not None and _ahead.inputs == inputs:
        url, (contents, urls) = _ahead.exports()
        if url == site_url:
            remember_urls(urls, site_url)
            return contents
    return export_contents(_validated(*inputs)[0], load_labels(), site_url)


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
