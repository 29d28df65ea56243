"""The problem reporter every check uses: it locates each problem at the node of the loaded file
it concerns (source stage) and collects them all, so one run reports everything."""

from __future__ import annotations

from typing import Any

from .problems import Location, Problem, Severity
from .source.nodes import Node, Source


class Reporter:
    """Collects the problems of one source file, each located at the node it concerns.

    Every check (field types, cross-checks, advice, reviews) reports through one of these."""

    def __init__(self, source: Source, languages: tuple[str, ...] = ()):
        self.source = source
        self.languages = languages
        # languages whose mismatch with the texts was reported once for the whole file: texts skip them
        self.settled_languages: frozenset[str] = frozenset()
        self.problems: list[Problem] = []
        # Facts of the file that fields elsewhere in it depend on, read before the whole is
        # validated (e.g. "country": the controller's country, for phone numbers written without +47).
        self.context: dict[str, Any] = {}

    def report(self, node: Node | None, path: str, message: str, hint: str = "",
               severity: Severity = Severity.ERROR) -> None:
        location = self.source.location(node.line, node.column) if node else Location(self.source.name, 0, 0)
        self.problems.append(Problem(location, path, message, hint, severity))

    def report_at(self, location: Location, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, path, message, hint))

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)
