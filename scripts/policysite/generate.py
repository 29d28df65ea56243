"""The whole pipeline, for the CLI and the MkDocs hook: load → validate → render → write."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .labels import LABELS_FILE, load_labels
from .model import Policy
from .output import write_pages
from .problems import Problem
from .render import TEMPLATE, render_pages
from .validate import load_policy
from .yamlsource import read_file

PAGE_NAME = "index.md"


@dataclass(frozen=True)
class Result:
    policy: Policy
    warnings: list[Problem]
    written: list[Path]


def check(policy_path: Path) -> tuple[Policy, list[Problem]]:
    """Validate only; raises PolicyError with every problem when the policy is unusable."""
    return load_policy(policy_path, load_labels(), display_name(policy_path))


def generate(policy_path: Path, docs_dir: Path) -> Result:
    """Write docs/<language>/index.md for each language; raises PolicyError on any problem."""
    name = display_name(policy_path)
    policy, warnings, pages = _render(read_file(policy_path, name), name, policy_path,
                                      _contents(LABELS_FILE), _contents(TEMPLATE))
    targets = {docs_dir / language / PAGE_NAME: markdown for language, markdown in pages.items()}
    return Result(policy, list(warnings), write_pages(targets))


# MkDocs runs the hook, so generate(), once per language (mkdocs-static-i18n builds each
# language as a build of its own) and again on every `mkdocs serve` rebuild. Unchanged
# inputs (compared by content: file times are too coarse) reuse the last rendering; the
# pages are still checked and written as always. Failures raise, so they are never cached.
@functools.lru_cache(maxsize=1)
def _render(data: bytes, name: str, policy_path: Path, labels_file: bytes | None,
            template: bytes | None) -> tuple[Policy, tuple[Problem, ...], dict[str, str]]:
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
