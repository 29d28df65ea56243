"""Field types for policy.yaml: each one checks its own node and words its own errors.

A field's `parse` returns the typed value, or `INVALID` after reporting a problem
through the `Reporter`. Parsing never stops at the first problem, so one run of
`check` reports everything that is wrong.

A field's `json_schema` describes the same rule for editors (schema/policy.schema.json),
so the editor schema is generated from these definitions and never kept by hand. It
sees the file as the strict loader does: every scalar is text. Checks JSON Schema
cannot express (a phone number's validity, unique ids, references) stay in `check`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..problems import Location
from ..reporter import Reporter
from ..source import characters
from ..source.limits import MAX_LIST_ITEMS, MAX_TEXT_CHARACTERS
from ..source.nodes import Mapping, Node, Scalar, Sequence
from .law import REFERENCE, basis_pattern, countries, iso_code_for, unknown_basis
from .links import EMAIL, check_links
from .policy import PhoneNumber, Text

INVALID: Any = object()

KIND_NAMES = {Scalar: "a single value", Sequence: "a list", Mapping: "a mapping of keys"}


def _plain_characters(node: Scalar, path: str, checker: Reporter) -> bool:
    """The one character policy (source/characters.py) for a value, also when written as an escape."""
    refused = characters.refused_in_value(node, checker.source)
    if refused:
        checker.report_at(refused[0], path, *refused[1:])
    return refused is None


def _expect(node: Node, kind: type, path: str, checker: Reporter, example: str) -> bool:
    if isinstance(node, kind):
        return True
    checker.report(node, path, f"expected {KIND_NAMES[kind]} here, found {KIND_NAMES[type(node)]}",
                   f"write it like this: {example}")
    return False


class Field:
    example = "..."

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        raise NotImplementedError

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        """The JSON Schema of this field; `languages` are those every text must have."""
        raise NotImplementedError


def anchored(pattern: str) -> str:
    """Python's fullmatch as a JSON Schema (ECMA-262) pattern, which matches anywhere."""
    return f"^(?:{pattern})$"


class String(Field):
    """Free text typed once for all languages (names, street, city): kept exactly as typed."""

    def __init__(self, example: str = "Some text", pattern: str | None = None, rule: str = ""):
        self.example = example
        self.pattern = re.compile(pattern) if pattern else None
        self.rule = rule

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        if not _expect(node, Scalar, path, checker, self.example) or not _within_length(node, path, checker):
            return INVALID
        value = node.value.strip()
        if not value:
            checker.report(node, path, "the value is empty", f"fill it in, e.g. {self.example}")
            return INVALID
        if not _plain_characters(node, path, checker):
            return INVALID
        if "\n" in value or "\r" in value:
            checker.report(node, path, "the value spans several lines; it must be one line",
                           "write it on one line (a line break here would change the page's layout)")
            return INVALID
        if "{" in value or "}" in value:
            checker.report(node, path, *_BRACES)
            return INVALID
        if self.pattern and not self.pattern.fullmatch(value):
            checker.report(node, path, f"'{value}' is not {self.rule}", f"write it like this: {self.example}")
            return INVALID
        if not check_links(node, path, checker):
            return INVALID
        # spaces at either end are not part of a value (YAML trims them unless quoted)
        return self.check(node.value.strip(" \t\n\r\f"), node, path, checker)

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        return value

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "pattern": r"\S", "maxLength": MAX_TEXT_CHARACTERS,
                                  "examples": [self.example.strip('"')]}
        if self.pattern:
            schema["pattern"] = anchored(self.pattern.pattern)
        return schema


_BRACES = ("the value contains '{' or '}'", "remove the braces: a name or address is shown as typed and cannot "
           "hold a reference such as {art6-1-b}")


def _within_length(node: Scalar, path: str, checker: Reporter) -> bool:
    if len(node.value) <= MAX_TEXT_CHARACTERS:
        return True
    checker.report(node, path, f"the text is {len(node.value):,} characters long; the limit is "
                   f"{MAX_TEXT_CHARACTERS:,} characters", "shorten it, or split it into several paragraphs")
    return False


ID_RULE = "a valid id (lower-case letters a-z, digits and single hyphens, e.g. alarm-contacts)"


ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Id(String):
    def __init__(self, example: str = "alarm-contacts"):
        super().__init__(example, ID_PATTERN.pattern, ID_RULE)


class Version(String):
    def __init__(self) -> None:
        # digits and dots only: each version gets a page anchor (1.2 -> #version-1-2)
        super().__init__('"1.2"', r"[0-9]+(?:\.[0-9]+)*", "a version number (digits and dots, e.g. 1.2)")


class IsoDate(String):
    def __init__(self) -> None:
        super().__init__("2026-11-23")

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        hint = "write the date as YYYY-MM-DD, e.g. 2026-11-23"
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            checker.report(node, path, f"'{value}' is not a date in the form YYYY-MM-DD", hint)
            return INVALID
        try:
            date = datetime.date.fromisoformat(value)
        except ValueError as exc:
            checker.report(node, path, f"'{value}' is not a real date ({exc})", hint)
            return INVALID
        if not 1970 <= date.year <= 2100:
            # builds are stamped with the date (SOURCE_DATE_EPOCH), which starts in 1970
            checker.report(node, path, f"'{value}' is outside the years 1970 to 2100", hint)
            return INVALID
        return date

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {**super().json_schema(languages), "pattern": anchored(r"\d{4}-\d{2}-\d{2}"), "format": "date"}




class Email(String):
    def __init__(self) -> None:
        super().__init__("support@example.no", EMAIL.pattern, "an e-mail address")


class Phone(String):
    def __init__(self) -> None:
        super().__init__('"+47 6790 4848"')

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        import phonenumbers  # ~35 ms of metadata: loaded only for a policy that has a phone number

        # A number without "+country code" is read as a number of the controller's country.
        region = checker.context.get("country")
        hint = ("write the number with its country code, e.g. +47 6790 4848" if region is None else
                f"write the number as dialled in {region}, or with its country code, e.g. +47 6790 4848")
        try:
            parsed = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            message = (f"'{value}' is not a phone number with a country code (the controller has no 'country:' "
                       "to read it in)" if region is None and not value.lstrip().startswith("+")
                       else f"'{value}' is not a phone number")
            checker.report(node, path, message, hint)
            return INVALID
        if not phonenumbers.is_valid_number(parsed):
            checker.report(node, path, f"'{value}' is not a valid phone number", hint)
            return INVALID
        # shown as typed when typed with its country code; else with it, for readers abroad
        display = value if value.lstrip().startswith("+") else phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return PhoneNumber(display, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        # The number's validity needs phonenumbers' metadata: `check` tests that part.
        return {**super().json_schema(languages), "pattern": anchored(r"\+?[0-9][0-9 ]{5,}[0-9]")}


class Country(String):
    def __init__(self) -> None:
        super().__init__("NO", r"[A-Z]{2}", "a two-letter country code in capitals")

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        if value not in countries():
            iso = iso_code_for(value)
            checker.report(node, path, f"'{value}' is not a known country code",
                           f"write {iso}: it is the ISO 3166 code of the country {value} stands for" if iso else
                           "use the ISO 3166 two-letter code, e.g. NO for Norway, SE for Sweden")
            return INVALID
        return value

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        codes = sorted(code for code in countries() if self.pattern and self.pattern.fullmatch(code))
        return {"type": "string", "enum": codes, "examples": [self.example]}


class Url(String):
    """A web address readers can open: https only, so the policy never links to an insecure page."""

    def __init__(self) -> None:
        # no spaces, quotes, brackets or parentheses: they would end the Markdown link early
        stop = "\\s<>()\\[\\]\"'"
        super().__init__("https://www.datatilsynet.no/", f"https://[^/$.?#{stop}][^{stop}]*",
                         "a web address starting with https:// (without spaces, quotes or brackets)")

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        if "@" in re.split(r"[/?#]", value[len("https://"):], maxsplit=1)[0]:
            checker.report(node, path, f"the address '{value}' has a user name or password before '@'",
                           "remove the user name and password (everything from '//' up to and including '@'): "
                           "a published page must not carry credentials")
            return INVALID
        return value


class Color(String):
    """An accent colour "#rrggbb". The header shows white text on it and links use it on white, so it
    needs WCAG AA contrast (4.5:1) against white: a colour that fails is refused with its ratio."""

    def __init__(self) -> None:
        super().__init__('"#0b5cad"', r"#[0-9A-Fa-f]{6}", 'a colour written "#rrggbb" (in quotes: # starts a comment)')

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        ratio = contrast_with_white(value)
        if ratio < 4.5:
            checker.report(node, path, f"the colour {value} has a contrast of {ratio:.2f}:1 against white; "
                           "text on it needs at least 4.5:1 (WCAG 2.1 AA)",
                           "pick a darker shade of the colour, e.g. from a contrast checker")
            return INVALID
        return value.lower()


def contrast_with_white(color: str) -> float:
    """WCAG 2.1 contrast ratio of "#rrggbb" against white."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


class WholeNumber(String):
    def __init__(self, example: str, low: int, high: int, what: str) -> None:
        super().__init__(example, r"[0-9]+", f"a whole number ({what})")
        self.low, self.high, self.what = low, high, what

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        number = int(value)
        if not self.low <= number <= self.high:
            checker.report(node, path, f"{number} is outside {self.low} to {self.high} ({self.what})",
                           f"write a number from {self.low} to {self.high}")
            return INVALID
        return number

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        # an editor reads an unquoted number as a number; check reads the same text
        return {"type": ["integer", "string"], "minimum": self.low, "maximum": self.high,
                "pattern": anchored(r"[0-9]+"), "examples": [int(self.example)]}


class RepoFile(String):
    """A file in the repository, relative to policy.yaml (e.g. a logo): never outside it, never a link."""

    def __init__(self, example: str, suffixes: tuple[str, ...]) -> None:
        super().__init__(example, r"[A-Za-z0-9_./-]+",
                         "a path inside the repository (letters, digits, '_', '-', '.', '/')")
        self.suffixes = suffixes

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        parts = value.split("/")
        if ".." in parts or "" in parts:
            checker.report(node, path, f"'{value}' leaves the repository or has an empty part",
                           f"give the path from the folder of policy.yaml, e.g. {self.example}")
            return INVALID
        if not value.lower().endswith(self.suffixes):
            checker.report(node, path, f"'{value}' is not one of: {', '.join(self.suffixes)}",
                           f"use a file ending in {' or '.join(self.suffixes)}")
            return INVALID
        folder = checker.source.folder
        if folder is not None:
            file = folder / value
            if file.is_symlink() or not file.is_file():
                checker.report(node, path, f"there is no file '{value}' next to policy.yaml"
                               + (" (it is a symbolic link)" if file.is_symlink() else ""),
                               "add the file to the repository (a real file, not a link), or fix the path")
                return INVALID
        return value


class Name(Field):
    """A name written once for every language (`SensorNordic AS`), or per language where it
    differs (`{no: Kommunen, en: The municipality}`); either way a `Text`."""

    def __init__(self, example: str) -> None:
        self.example = example
        self.single = String(example)

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        # per language as typed once: no {reference} (a law's name is its citation, where nothing is worded)
        if isinstance(node, Mapping):
            return LocalizedText(references=False).parse(node, path, checker)
        value = self.single.parse(node, path, checker)
        if value is INVALID:
            return INVALID
        return Text(tuple((code, value) for code in checker.languages))

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"if": {"type": "object"}, "then": LocalizedText(references=False).json_schema(languages),
                "else": self.single.json_schema(languages),
                "description": "the same name in every language, or {" + ", ".join(f"{c}: ..." for c in languages)
                               + "} where it differs"}


class LocalizedText(Field):
    """Prose in every language of the policy: `{no: ..., en: ...}`, one paragraph each."""

    example = "{no: Norsk tekst, en: English text}"

    def __init__(self, references: bool = True) -> None:
        self.references = references  # False: braces are refused, as in a name typed once

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        if not _expect(node, Mapping, path, checker, "\n  no: Norsk tekst\n  en: English text"):
            return INVALID
        texts: list[tuple[str, str]] = []
        ok = True
        previous: tuple[str, Node] | None = None
        for code, (key, value) in node.entries.items():
            if code in checker.settled_languages:  # reported once for the whole file
                ok = False
            elif code not in checker.languages:
                if _cut_at_comma(previous, key, value, path, checker):
                    ok = False
                    continue
                checker.report(key, f"{path}.{code}", f"'{code}' is not one of the policy's languages "
                               f"({', '.join(checker.languages)})",
                               "fix the language code, or add the language to 'languages' at the top")
                ok = False
            previous = (code, value)
        for code in checker.languages:
            where = f"{path}.{code}"
            if code not in node.entries and code in checker.settled_languages:
                ok = False
                continue
            if code not in node.entries:
                checker.report(node, where, f"the '{code}' text is missing",
                               f"add a line '{code}: ...' with the text in that language")
                ok = False
                continue
            value = node.entries[code][1]
            if not _expect(value, Scalar, where, checker, f"{code}: The text in one line or folded with '>'") \
                    or not _within_length(value, where, checker):
                ok = False
                continue
            text = value.value.strip(ASCII_SPACE)
            if not _plain_characters(value, where, checker):
                ok = False
            elif not text:
                checker.report(value, where, f"the '{code}' text is empty", "write the text in that language")
                ok = False
            elif not self.references and ("{" in text or "}" in text):
                checker.report(value, where, *_BRACES)
                ok = False
            elif not all([_one_paragraph(value, where, checker), _check_references(value, where, checker),
                          check_links(value, where, checker)]):
                ok = False
            texts.append((code, characters.fold_whitespace(text)))
        return Text(tuple(texts)) if ok else INVALID

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        reference = f"\\{{(?:{basis_pattern()})\\}}"
        text = {
            "type": "string",
            "maxLength": MAX_TEXT_CHARACTERS,
            "allOf": [
                {"pattern": r"\S"},  # not empty
                # braces only around a reference, e.g. {art6-1-b}; none at all in a name
                {"pattern": f"^[^{{}}]*(?:{reference}[^{{}}]*)*$" if self.references else "^[^{}]*$"},
            ],
            "not": {"pattern": r"\S[\s\S]*\n[\s\S]*\S"},  # one paragraph: no line break inside
        }
        return {"type": "object", "description": "the text in every language of the policy",
                "properties": {code: {**text, "description": f"the text in '{code}'"} for code in languages},
                "required": list(languages), "additionalProperties": False}


# HTML collapses these when it shows a text, and YAML folds lines with them; a non-breaking space
# (U+00A0) and every other Unicode space is kept exactly as typed.
ASCII_SPACE = " \t\n\r"
# A line of a text that an editor meant as a list item: "- ", "* ", "• ", "1) ", "a) ". A line that
# starts "8. " is one only in a run of them ("1. ... 2. ..."): alone it is an ordinal ("8. trinn",
# "1. mai"), which Norwegian writes often.
_BULLET_LINE = re.compile(r"[ \t]*(?:[-*•‣–]|\d{1,3}\)|[a-z]\))[ \t]+\S")
_NUMBERED_LINE = re.compile(r"[ \t]*(\d{1,3})\.[ \t]+\S")


PROSE_HINT = ("write each paragraph as its own item, and a list as 'list:', e.g.\n"
              "      - no: Første avsnitt.\n        en: First paragraph.\n"
              "      - list:\n          - {no: punkt én, en: item one}\n          - {no: punkt to, en: item two}")


def _one_paragraph(node: Scalar, path: str, checker: Reporter) -> bool:
    """A text is one paragraph of running text. YAML would keep a blank line of a folded text as a
    line break (which a page then drops, merging two paragraphs) and fold the lines of a typed list
    into one line: both are refused, with the structure that says what was meant."""
    if "\n" in node.value.strip(ASCII_SPACE):
        checker.report(node, path, "the text has a blank line or a kept line break inside it; on the page it "
                       "would run together into one paragraph", PROSE_HINT)
        return False
    text = checker.source.text
    if text.find("\n", node.start, node.end) < 0 and text.find("\r", node.start, node.end) < 0:  # one line
        return True
    lines = text[node.start:node.end].splitlines()[1:]  # the first line may follow "key: >-"
    numbered = {offset: int(match.group(1)) for offset, line in enumerate(lines, start=1)
                if (match := _NUMBERED_LINE.match(line))}
    in_a_run = {offset for offset, number in numbered.items()
                if numbered.get(offset + 1) == number + 1 or numbered.get(offset - 1) == number - 1}
    for offset, line in enumerate(lines, start=1):
        if _BULLET_LINE.match(line) or offset in in_a_run:
            location = checker.source.location(node.line + offset, len(line) - len(line.lstrip()) + 1)
            checker.report_at(location, path, f"this line looks like a list item ('{line.strip()[:30]}'), but "
                              "inside a text it would be joined to the line before it", PROSE_HINT)
            return False
    return True


def _cut_at_comma(previous: tuple[str, Node] | None, key: Scalar, value: Node, path: str,
                  checker: Reporter) -> bool:
    """`{no: Skjema, e-post og telefon, en: ...}`: in a one-line mapping a comma ends a text, so the
    rest of it became a key of its own, with no value. Say so, instead of "not a language"."""
    if previous is None or not isinstance(previous[1], Scalar) or not isinstance(value, Scalar) \
            or value.value or " " not in key.value:
        return False
    code, text = previous[0], previous[1]
    checker.report(key, f"{path}.{code}", f"the comma after '{code}: {text.value}' ends that text, so "
                   f"'{key.value}' is read as another key",
                   f'put the text in double quotes: {code}: "{text.value}, {key.value}"')
    return True


def _check_references(node: Scalar, path: str, checker: Reporter) -> bool:
    """References name a GDPR legal basis or a law under `laws:`, located at the reference itself."""
    if "{" not in node.value and "}" not in node.value:  # the usual text: no reference, no stray brace
        return True
    ok = True
    for match in REFERENCE.finditer(node.value):
        if not ID_PATTERN.fullmatch(match.group(1)):
            unknown: tuple[str, str] | None = (
                f"'{match.group(0)}' is not a reference",
                "a reference is an id in braces, e.g. {art6-1-b}, {art9-2-h} or the id of a law under 'laws:'")
        else:
            unknown = unknown_basis(match.group(1), checker.context.get("laws", set()))
        if unknown:
            checker.report_at(_offset(checker, node, match.group(0)), path, *unknown)
            ok = False
    stray = REFERENCE.sub("", node.value)
    if "{" in stray or "}" in stray:
        checker.report(node, path, "the text has a '{' or '}' that is not part of a reference",
                       "braces only mark references such as {art6-1-b}; remove the stray brace")
        ok = False
    return ok


def _offset(checker: Reporter, node: Scalar, snippet: str) -> Location:
    """Where `snippet` is typed inside the scalar `node` (its start if it cannot be found)."""
    raw = checker.source.text.find(snippet, node.start, max(node.end, node.start + 1))
    return checker.source.offset_location(raw) if raw >= 0 else checker.source.location(node.line, node.column)


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class ListOf(Field):
    def __init__(self, item: Field, min_items: int = 1, example: str = "\n  - ...", unique: bool = False):
        self.item = item
        self.min_items = min_items
        self.example = example
        self.unique = unique  # for lists of ids: a repeat would show twice on the page

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        if isinstance(node, Scalar) and not node.value.strip() and node.plain:
            items: list[Node] = []
        elif not _expect(node, Sequence, path, checker, self.example):
            return INVALID
        else:
            items = node.items
        if len(items) > MAX_LIST_ITEMS:
            checker.report(items[MAX_LIST_ITEMS], f"{path}[{MAX_LIST_ITEMS}]",
                           f"the list has {len(items):,} items; the limit is {MAX_LIST_ITEMS:,}",
                           "a policy needs far fewer: look for repeated items, or group them")
            return INVALID
        if len(items) < self.min_items:
            checker.report(node, path, f"the list needs at least {self.min_items} item(s)",
                           f"add items, each on its own line starting with '- ': {self.example}")
            return INVALID
        values = [self.item.parse(item, f"{path}[{i}]", checker) for i, item in enumerate(items)]
        if any(v is INVALID for v in values):
            return INVALID
        if self.unique:
            seen: set = set()
            for i, value in enumerate(values):
                if value in seen:
                    checker.report(items[i], f"{path}[{i}]", f"'{value}' is listed twice",
                                   "remove the repeated entry")
                    return INVALID
                seen.add(value)
        return tuple(values)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(languages),
                                  "minItems": self.min_items, "maxItems": MAX_LIST_ITEMS}
        if self.unique:
            schema["uniqueItems"] = True
        if self.min_items == 0:
            # `key:` with nothing after it is an empty list: null to YAML 1.2 editors, "" to a strict
            # loader. Not anyOf: errors inside the items stay precise (maxLength applies to text only).
            schema.update(type=["array", "null", "string"], maxLength=0)
        return schema


class OneOf(String):
    """A value from a fixed set (legal bases, language codes...)."""

    def __init__(self, choices: Callable[[], list[str]], what: str, example: str):
        super().__init__(example)
        self.choices = choices
        self.what = what

    def check(self, value: str, node: Scalar, path: str, checker: Reporter) -> Any:
        choices = self.choices()
        if value not in choices:
            checker.report(node, path, f"'{value}' is not a known {self.what}",
                           f"use one of: {', '.join(choices)}{suggest(value, choices)}")
            return INVALID
        return value

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "string", "enum": self.choices()}


@dataclass
class Key:
    field: Field
    required: bool = True
    description: str = ""
    why: str = ""  # for a required key: why the policy cannot do without it (shown when it is missing)


class Record(Field):
    """A mapping with known keys, built into a model object when every key is valid."""

    def __init__(self, keys: dict[str, Key], build: Callable[..., Any], example: str = "key: value",
                 check: Callable[[dict[str, Any], Mapping, str, Reporter], bool] | None = None,
                 moved: dict[str, str] | None = None):
        self.keys = keys
        self.build = build
        self.example = example
        # `check` judges the keys together once each is valid (e.g. "at least one way to reach you");
        # `moved` words where a key of an earlier version of policy.yaml went.
        self.check = check
        self.moved = moved or {}

    def parse(self, node: Node, path: str, checker: Reporter) -> Any:
        if not _expect(node, Mapping, path, checker, self.example):
            return INVALID
        values: dict[str, Any] = {}
        ok = True
        meant = self._meant(node)
        for name, (key, _) in node.entries.items():
            if name in self.moved and name not in self.keys:
                checker.report(key, _join(path, name), f"'{name}' is no longer used here", self.moved[name])
                ok = False
            elif name not in self.keys:
                known = ", ".join(self.keys)
                if name in meant:  # one cause, one message: not also "the required key ... is missing"
                    intended, similar = meant[name]
                    if similar:
                        checker.report(key, _join(path, name), f"unknown key '{name}': did you mean '{intended}'?",
                                       f"rename it to '{intended}'; allowed keys here: {known}")
                    else:
                        checker.report(key, _join(path, name), f"unknown key '{name}': is it '{intended}', which is "
                                       "required and missing here?",
                                       f"if it is, rename it to '{intended}'; if not, remove it and add "
                                       f"'{intended}:'; allowed keys here: {known}")
                else:
                    checker.report(key, _join(path, name), f"unknown key '{name}'",
                                   f"remove it or fix its spelling; allowed keys here: {known}")
                ok = False
        for name, spec in self.keys.items():
            entry = node.entries.get(name)
            if entry is None:
                if spec.required and name not in {intended for intended, _ in meant.values()}:
                    why = f": {spec.why}" if spec.why else ""
                    checker.report(node, _join(path, name), f"the required key '{name}' is missing{why}",
                                   f"add '{name}:' to this block" + (f" ({spec.description})" if spec.description
                                                                     else ""))
                    ok = False
                else:
                    values[name] = None
                continue
            value = spec.field.parse(entry[1], _join(path, name), checker)
            if value is INVALID:
                ok = False
            values[name] = value
        if ok and self.check is not None and not self.check(values, node, path, checker):
            return INVALID
        return self.build(**values) if ok else INVALID

    def _meant(self, node: Mapping) -> dict[str, tuple[str, bool]]:
        """Unknown keys that stand for an absent known key, and whether they look alike: a misspelling
        (alike), or the only unknown key where the only missing required key should be (renamed)."""
        unknown = [name for name in node.entries if name not in self.keys]
        if not unknown:  # the usual case
            return {}
        absent = [name for name in self.keys if name not in node.entries]
        meant: dict[str, tuple[str, bool]] = {}
        for name in unknown:
            taken = {intended for intended, _ in meant.values()}
            close = difflib.get_close_matches(name, [a for a in absent if a not in taken], n=1)
            if close:
                meant[name] = (close[0], True)
        taken = {intended for intended, _ in meant.values()}
        required = [name for name in absent if self.keys[name].required and name not in taken]
        rest = [name for name in unknown if name not in meant]
        if len(rest) == 1 and len(required) == 1:
            meant[rest[0]] = (required[0], False)
        return meant

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        properties = {}
        for name, spec in self.keys.items():
            schema = spec.field.json_schema(languages)
            properties[name] = {**schema, "description": spec.description} if spec.description else schema
        return {"type": "object", "properties": properties,
                "required": [name for name, spec in self.keys.items() if spec.required],
                "additionalProperties": False}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
