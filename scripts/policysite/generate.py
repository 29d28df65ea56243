"""The whole pipeline, for the CLI and the MkDocs hook: load → validate → render → write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .labels import load_labels
from .model import Policy
from .output import write_pages
from .problems import Problem
from .render import render_pages
from .validate import load_policy


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
    labels = load_labels()
    policy, warnings = load_policy(policy_path, labels, display_name(policy_path))
    pages = render_pages(policy, labels)
    targets = {docs_dir / path: markdown for path, markdown in pages.items()}
    return Result(policy, warnings, write_pages(targets))


def display_name(path: Path) -> str:
    """Paths relative to the working directory read better in messages and PR annotations."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
