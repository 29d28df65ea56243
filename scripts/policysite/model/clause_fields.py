"""Field types for the parts of a clause: prose, legal grounds, retention periods, true/false.

Like every field type (fields.py), each validates its own node, words its own errors and
describes itself as JSON Schema for editors.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ..reporter import Reporter
from ..source.nodes import Mapping, Node, Scalar, Sequence
from .fields import INVALID, Field, Id, IsoDate, Key, ListOf, LocalizedText, Record, String, anchored
from .law import basis_pattern, unknown_basis
from .policy import BulletList, Duration, LegalGround, Paragraph, Prose, Retention

TEXT = LocalizedText()
LIST_KEY = "list"


class ProseField(Field):
    """Longer text: one text `{no: ..., en: ...}`, or a list of blocks, each a paragraph
    `{no: ..., en: ...}` or a bullet list `{list: [{no: ..., en: ...}, ...]}`. The structure is
    YAML's, never Markdown's, so every language has the same paragraphs and bullets."""

    example = "\n  - no: Første avsnitt.\n    en: First paragraph.\n  - list:\n      - {no: punkt, en: item}"

    def __init__(self) -> None:
        self.bullets = ListOf(TEXT, example="\n      - {no: punkt én, en: item one}")

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        if isinstance(node, Sequence):
            if not node.items:
                checker.report(node, path, "the text has no paragraphs", f"write it like this: {self.example}")
                return INVALID
            blocks = [self._block(item, f"{path}[{i}]", checker) for i, item in enumerate(node.items)]
        else:
            blocks = [self._block(node, path, checker)]
        return INVALID if any(b is INVALID for b in blocks) else Prose(tuple(blocks))

    def _block(self, node: Node, path: str, checker: Reporter) -> Any:
        if isinstance(node, Mapping) and LIST_KEY in node.entries:
            if len(node.entries) > 1:
                checker.report(node, path, "a block is either a paragraph (no:, en:) or a list (list:), not both",
                               "put the paragraph and the list in two items of their own")
                return INVALID
            items = self.bullets.parse(node.entries[LIST_KEY][1], f"{path}.{LIST_KEY}", checker)
            return INVALID if items is INVALID else BulletList(items)
        text = TEXT.parse(node, path, checker)
        return INVALID if text is INVALID else Paragraph(text)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        # if/then/else rather than anyOf: an editor then reports the precise problem of the shape the
        # editor is writing, not "is not valid under any of the given schemas".
        text = TEXT.json_schema(languages)
        bullets = {"type": "object", "description": "a bullet list", "required": [LIST_KEY],
                   "additionalProperties": False,
                   "properties": {LIST_KEY: {"type": "array", "minItems": 1, "items": text}}}
        block = {"if": {"type": "object", "required": [LIST_KEY]}, "then": bullets, "else": text}
        return {"description": "one text in every language, or a list of paragraphs and bullet lists",
                "if": {"type": "array"}, "then": {"type": "array", "minItems": 1, "items": block}, "else": text}


class Boolean(String):
    """`true` or `false`, nothing else: YAML 1.1 would also read yes/no/on/off, which we refuse
    rather than guess."""

    def __init__(self) -> None:
        super().__init__("true", r"true|false", "true or false")

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        return value == "true"

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"enum": [True, False, "true", "false"]}


class LegalGroundField(Field):
    """One legal basis: its id (`art6-1-b`, `art9-2-h`, `art10`, or a law's id), or, when it holds for
    some data subject groups only, `{basis: art6-1-a, data_subjects: [guardians]}`. Whether the id
    exists is checked across the file (laws are the policy's own)."""

    def __init__(self) -> None:
        self.id = Id("art6-1-b")
        self.for_groups = Record({
            "basis": Key(self.id, description="a legal basis id, e.g. art6-1-a"),
            "data_subjects": Key(ListOf(Id("members"), unique=True, example="[members]"),
                                 description="the data subject groups this basis holds for"),
        }, LegalGround, example="\n  basis: art6-1-a\n  data_subjects: [guardians]")

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        if isinstance(node, Mapping):
            ground = self.for_groups.parse(node, path, checker)
            where, at = f"{path}.basis", node.entries.get("basis", (node, node))[1]
        else:
            basis = self.id.parse(node, path, checker)
            ground, where, at = (INVALID if basis is INVALID else LegalGround(basis)), path, node
        if ground is not INVALID:
            unknown = unknown_basis(ground.basis, checker.context.get("laws", set()))
            if unknown:
                checker.report(at, where, *unknown)
                return INVALID
        return ground

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        basis = basis_schema()
        groups = self.for_groups.json_schema(languages)
        groups["properties"]["basis"] = {**basis, "description": groups["properties"]["basis"].get("description", "")}
        return {"if": {"type": "object"}, "then": groups, "else": basis}


def legal_grounds(example: str = "[art6-1-b]") -> ListOf:
    return ListOf(LegalGroundField(), example=example)


def basis_schema() -> dict[str, Any]:
    """A legal basis id as JSON Schema: a GDPR id, or (not starting with 'art') a law's id."""
    return {"type": "string", "pattern": anchored(basis_pattern()),
            "examples": ["art6-1-b", "art9-2-h", "art10", "bookkeeping-act-13"]}


UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week",
         "month": "month", "months": "month", "year": "year", "years": "year"}
NOT_STORED = "not stored"
_PERIOD = re.compile(r"(at least )?([1-9][0-9]{0,3}) ([a-z]+)")


class RetentionPeriod(String):
    """`3 years`, `6 months`, `at least 5 years`, `1 day`… or `not stored` (a partial `Retention`)."""

    def __init__(self) -> None:
        super().__init__("3 years")

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        value = value.strip()
        if value == NOT_STORED:
            return Retention(not_stored=True)
        match = _PERIOD.fullmatch(value)
        if not match or match.group(3) not in UNITS:
            checker.report(node, path, f"'{value}' is not a retention period",
                           "write a whole number and a unit (days, weeks, months or years), e.g. '3 years', "
                           f"'6 months' or 'at least 5 years', or '{NOT_STORED}'")
            return INVALID
        count, unit = int(match.group(2)), UNITS[match.group(3)]
        if (count == 1) != (match.group(3) == unit):
            checker.report(node, path, f"'{value}' mixes singular and plural",
                           f"write '1 {unit}' or '{count} {unit}s'")
            return INVALID
        return Retention(duration=Duration(count, unit), minimum=bool(match.group(1)))

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        singular = sorted(set(UNITS.values()))
        plural = sorted(set(UNITS) - set(singular))
        pattern = (f"{NOT_STORED}|(?:at least )?(?:1 (?:{'|'.join(singular)})"
                   f"|(?:[2-9]|[1-9][0-9]{{1,3}}) (?:{'|'.join(plural)}))")
        return {**super().json_schema(languages), "pattern": anchored(pattern),
                "examples": ["3 years", "6 months", "at least 5 years", NOT_STORED]}


class Until(String):
    """The end of a period: an event's id (`membership-ends`) or a date (`2026-12-01`)."""

    def __init__(self) -> None:
        super().__init__("membership-ends")
        self.date = IsoDate()
        self.event = Id("membership-ends")

    def parse(self, node: Node, path: str, checker: Reporter) -> datetime.date | str:
        if isinstance(node, Scalar) and node.value.strip()[:1].isdigit():
            return self.date.parse(node, path, checker)
        return self.event.parse(node, path, checker)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"if": {"type": "string", "pattern": "^[0-9]"}, "then": self.date.json_schema(languages),
                "else": self.event.json_schema(languages), "examples": ["membership-ends", "2026-12-01"]}
