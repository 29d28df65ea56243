"""The whole pipeline, for the CLI and the MkDocs hook: load → validate → render → write.

`check` is the editing loop (validate, then advice, stale translations and the GDPR
report); `generate` is the build, which stops only for errors.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .changes import Change, compare
from .gdpr import Report, gdpr_report
from .labels import LABELS_FILE, Labels, load_labels
from .model import Policy
from .output import write_pages
from .problems import PolicyError, Problem
from .render import TEMPLATE_FILES, render_pages
from .review import review
from .revisions import read_version
from .stale import stale_translations
from .validate import load_policy, validate
from .yamlsource import load_file, read_file


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


def check(policy_path: Path, since: str | None = None, gdpr: bool = False) -> Checked:
    """Every problem and warning in one run; raises PolicyError only when a file is unusable."""
    labels = load_labels()
    source = load_file(policy_path, display_name(policy_path))
    policy, problems = validate(source, labels)
    if policy is not None:
        problems += review(policy, source)
    if since is not None:
        old = read_version(since, policy_path)
        languages = policy.languages if policy else tuple(labels.languages())
        problems += stale_translations(old, source, languages)
    report = gdpr_report(policy, source) if gdpr and policy is not None else None
    if report:
        problems += report.problems
    return Checked(policy, problems, report)


def changes_between(old: str, new: str, policy_path: Path) -> tuple[Policy, Policy, list[Change], Labels]:
    """The reader-visible changes from version `old` to `new` (files or git revisions of policy_path)."""
    labels = load_labels()
    policies = []
    for spec in (old, new):
        policy, problems = validate(read_version(spec, policy_path), labels)
        if policy is None:
            raise PolicyError(problems)
        policies.append(policy)
    return policies[0], policies[1], compare(policies[0], policies[1]), labels


def generate(policy_path: Path, docs_dir: Path) -> Result:
    """Write docs/<language>/index.md for each language; raises PolicyError on any problem."""
    name = display_name(policy_path)
    templates = tuple(_contents(path) for path in TEMPLATE_FILES)
    policy, warnings, pages = _render(read_file(policy_path, name), name, policy_path,
                                      _contents(LABELS_FILE), templates)
    targets = {docs_dir / path: markdown for path, markdown in pages.items()}
    return Result(policy, list(warnings), write_pages(targets))


# MkDocs runs the hook, so generate(), once per language (mkdocs-static-i18n builds each
# language as a build of its own) and again on every `mkdocs serve` rebuild. Unchanged
# inputs (compared by content: file times are too coarse) reuse the last rendering; the
# pages are still checked and written as always. Failures raise, so they are never cached.
@functools.lru_cache(maxsize=1)
def _render(data: bytes, name: str, policy_path: Path, labels_file: bytes | None,
            templates: tuple[bytes | None, ...]) -> tuple[Policy, tuple[Problem, ...], dict[str, str]]:
    labels = load_labels()
    policy, warnings = load_policy(policy_path, labels, name, data)
    return policy, tuple(warnings), render_pages(policy, labels)


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # the loader reports it


def display_name(path: Path) -> str:
    """Paths relative to the working directory read better in messages and PR annotations."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
