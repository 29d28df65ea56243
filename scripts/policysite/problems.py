"""Problems found in a policy file, located and worded for the people who fix them.

Every stage (loading, validating, writing) reports through `Problem` so that the
CLI and the MkDocs hook print the same messages in the same format; checks that walk a
loaded file collect them with `reporter.Reporter`.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    location: Location
    path: str  # YAML path, e.g. "purposes[2].title.en"; "" for the whole file
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format_text(self) -> str:
        where = f"{self.location}: {self.severity.value}"
        head = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{head}\n    how to fix: {self.hint}" if self.hint else head

    def format_github(self) -> str:
        # GitHub Actions workflow command; newlines and % must be escaped.
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text += f" How to fix: {self.hint}"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        loc = self.location
        props = f"file={loc.file}"
        if loc.line > 0:
            props += f",line={loc.line}"
        if loc.column > 0:
            props += f",col={loc.column}"
        return f"::{self.severity.value} {props}::{text}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class PolicyError(Exception):
    """Raised when a stage cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem], unusable: bool = False):
        super().__init__("\n".join(p.format_text() for p in problems))
        self.problems = problems
        self.unusable = unusable  # the file could not be read as YAML at all

    def __reduce__(self):  # pickled as it was made (a build's worker sends it back: forked.py)
        return type(self), (self.problems, self.unusable), self.__dict__


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.location.file, p.location.line, p.location.column))


ADVICE_HEADING = (
    "Advice: {count}. These never stop the site from being built. Each points at something readers or "
    "GDPR art. 13/14 expect that the policy does not say yet, or at a translation or version that may be out "
    "of date. Fill these gaps when you can (the legal team decides the wording); a warning you have "
    "considered and decided on can stay."
)


def format_problems(problems: list[Problem], style: str = "text") -> str:
    ordered = sort_problems(problems)
    if style == "json":
        return json.dumps([p.as_dict() for p in ordered], ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(p.format_github() for p in ordered)
    errors = [p.format_text() for p in ordered if p.severity is Severity.ERROR]
    warnings = [p.format_text() for p in ordered if p.severity is Severity.WARNING]
    if not warnings:
        return "\n".join(errors)
    heading = textwrap.fill(ADVICE_HEADING.format(count=_count(len(warnings), "warning")), width=100)
    return "\n\n".join(part for part in ("\n".join(errors), heading, "\n".join(warnings)) if part)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def summary_line(problems: list[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')}"


def verdict(name: str, problems: list[Problem], strict: bool = False, unusable: bool = False) -> str:
    """The last line `check` prints: the answer in plain words, and what to do next."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if unusable:
        return f"{name}: cannot be read: fix the mistake above first; nothing else could be checked yet."
    if errors:
        return (f"{name}: {summary_line(problems)}. Fix the errors above (each says where and how); "
                "the site is not built until they are fixed.")
    if warnings and strict:
        return f"{name}: no errors, but {_count(warnings, 'warning')}, and --strict counts warnings as problems."
    return f"{name}: OK, no errors" + (f"; {_count(warnings, 'warning')} of advice above." if warnings else ".")
