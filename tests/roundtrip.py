"""The round trip from a text typed in policy.yaml to the page a reader sees (issue 12).

A policy is built twice: once with a unique sentinel word in each text field (the baseline),
once with some of those fields set to arbitrary text. The second must either be refused by
`check` with located messages about those fields, or give pages that are the baseline's with
each sentinel replaced by exactly the text typed: the same elements, ids, classes and links,
the text equal as a reader sees it (HTML collapses runs of ASCII whitespace, nothing else; a
no-break space stays). Links the generator makes from an https:// or e-mail address typed in
a text show exactly their own address; they are the only links a text may add.

The text fields are not listed by hand: every scalar of the policy that accepts a sentinel
word (a free text, in one language or all) is one, so fields added to the model later are
covered without touching the tests.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from yaml.reader import Reader

from policysite.cli import main
from policysite.model.law import LEGAL_BASES
from policysite.model.links import find_addresses
from policysite.render.labels import load_labels

ASCII_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
SENTINEL = re.compile(r"Qz[0-9]{3}Snt")


def yaml_quoted(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `value`: printable characters as
    they are, everything else (line breaks, controls, format characters, lone surrogates) as an
    escape, so the value reaches the validator however hard it is to type."""
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == " " or (not Reader.NON_PRINTABLE.match(char) and not char.isspace()
                             and not 0xD800 <= code <= 0xDFFF and code != 0xFEFF):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


@dataclass(frozen=True)
class Slot:
    """A scalar of the policy file: its YAML path and where its text is."""

    path: str
    start: int
    end: int


def scalars(text: str) -> list[Slot]:
    """Every scalar value (not key) of a YAML text, with its path as policysite writes it."""
    found: list[Slot] = []

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.ScalarNode):
            found.append(Slot(path, node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")
        else:
            for key, value in node.value:
                walk(value, f"{path}.{key.value}" if path else key.value)

    walk(yaml.compose(text), "")
    return found


def replaced(text: str, values: dict[Slot, str]) -> str:
    """`text` with each slot's scalar written as the given value."""
    for slot in sorted(values, key=lambda s: s.start, reverse=True):
        old = text[slot.start:slot.end]
        tail = old[len(old.rstrip("\n")):]  # a block scalar's span ends with its line break
        text = text[:slot.start] + yaml_quoted(values[slot]) + tail + text[slot.end:]
    return text


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def check(directory: Path, text: str) -> tuple[int, list[dict]]:
    policy = directory / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    code, out, err = run("check", "--format", "json", str(policy))
    assert code in (0, 1, 2), f"exit {code}: {err}"
    return code, json.loads(out or "[]")


def pages(directory: Path, text: str) -> dict[str, str]:
    """The Markdown pages `policysite generate` writes for `text`, keyed "no/index.md"."""
    policy = directory / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    docs = directory / "docs"
    code, _, err = run("generate", str(policy), "--docs", str(docs))
    assert code == 0, err
    return {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8") for path in sorted(docs.rglob("*.md"))}


class Policy:
    """A policy file with a sentinel in every text field: the baseline of every round trip."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.labels = load_labels()
        with tempfile.TemporaryDirectory() as scratch:
            self.fields = self._text_fields(Path(scratch), text)
            self.sentinels = {slot: f"Qz{i:03d}Snt" for i, slot in enumerate(self.fields)}
            self.baseline = replaced(text, self.sentinels)
            code, problems = check(Path(scratch), self.baseline)
            assert code == 0, problems

    @staticmethod
    def _text_fields(scratch: Path, text: str) -> list[Slot]:
        """The scalars that take a free text: each accepts a sentinel word in place of its value."""
        return [slot for slot in scalars(text)
                if check(scratch, replaced(text, {slot: "Qz999Snt"}))[0] == 0]

    def with_values(self, values: dict[Slot, str]) -> str:
        return replaced(self.original, {**self.sentinels, **values})

    def accepted(self, directory: Path, values: dict[Slot, str]) -> dict[Slot, str]:
        """`values` without those `check` refuses, each refusal checked to be located where typed."""
        while True:
            code, problems = check(directory, self.with_values(values))
            if not code:
                return values
            refused_where_typed(problems, values)
            refused = {slot for slot in values if any(p["path"].startswith(slot.path) or slot.path.startswith(p["path"])
                                                      for p in problems if p["severity"] == "error")}
            assert refused, problems
            values = {slot: value for slot, value in values.items() if slot not in refused}

    def expected(self, values: dict[Slot, str], language: str) -> Callable[[str], str]:
        """Replaces each sentinel in a baseline string with what the reader must see instead."""
        shown = {self.sentinels[slot]: self.worded(value, language) for slot, value in values.items()}
        return lambda s: SENTINEL.sub(lambda m: shown.get(m.group(0), m.group(0)), s)

    def typed(self, values: dict[Slot, str]) -> Callable[[str], str]:
        """Replaces each sentinel with the value as typed (the exports keep {art6-1-b} as it is)."""
        shown = {self.sentinels[slot]: trimmed(value) for slot, value in values.items()}
        return lambda s: SENTINEL.sub(lambda m: shown.get(m.group(0), m.group(0)), s)

    def worded(self, value: str, language: str) -> str:
        """A text as the reader sees it: its {art6-1-b} citations worded (by labels.yaml)."""
        return re.sub(r"\{([^{}]*)\}", lambda m: self.labels.citation(m.group(1), language)
                      if m.group(1) in LEGAL_BASES else m.group(0), trimmed(value))


def trimmed(value: str) -> str:
    """A value as the model keeps it: ASCII whitespace runs as one space, none at either end (as YAML
    folds and trims a plain value; HTML shows no more). Every other character stays."""
    return ASCII_WHITESPACE.sub(" ", value).strip(" ")


def refused_where_typed(problems: list[dict], values: dict[Slot, str]) -> None:
    """A refusal names a changed field (or the clause around it) at a line of the file."""
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors, problems
    changed = [slot.path for slot in values]
    for problem in errors:
        assert problem["location"]["line"] > 0 and problem["message"] and problem["hint"], problem
        assert any(problem["path"].startswith(path) or path.startswith(problem["path"]) for path in changed), \
            (problem, changed)


def is_self_link(tag: Tag) -> bool:
    """A link the generator made from an address in a text: it shows exactly where it goes."""
    href, shown = tag.get("href", ""), tag.get_text()
    if href.startswith("mailto:"):
        return "?" not in href and unquote(href[len("mailto:"):]) == shown
    return href.lower().startswith("https://") and unquote(href) == unquote(shown) and not tag.find(True)


def canonical(root: Tag, replace: Callable[[str], str] = lambda s: s) -> list[tuple]:
    """The structure of an HTML tree: elements with their attributes, and text as a reader sees it
    (whitespace collapsed, none at element edges). Self-describing links count as text, so a text
    that gains an address link still compares equal; everything else must match exactly."""
    tokens: list[tuple] = []

    def add_text(value: str) -> None:
        if tokens and tokens[-1][0] == "text":
            tokens[-1] = ("text", tokens[-1][1] + value)
        else:
            tokens.append(("text", value))

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                tokens.append(("comment", str(child)))
            elif isinstance(child, NavigableString):
                add_text(replace(str(child)))
            elif isinstance(child, Tag) and child.name == "a" and is_self_link(child):
                walk(child)
            elif isinstance(child, Tag):
                attributes = tuple(sorted((key, replace(" ".join(value) if isinstance(value, list) else value))
                                          for key, value in child.attrs.items()))
                tokens.append(("<", child.name, attributes))
                walk(child)
                tokens.append((">", child.name))

    walk(root)
    result = []
    for token in tokens:
        if token[0] == "text":
            text = ASCII_WHITESPACE.sub(" ", token[1]).strip(" ")
            if text:
                result.append(("text", text))
        else:
            result.append(token)
    return result


def address_links(root: Tag) -> Counter:
    """The links made from addresses (showing their own address), by the address they show."""
    return Counter(link.get_text() for link in root.find_all("a") if is_self_link(link))


def only_typed_addresses_link(baseline: Tag, page: Tag, values: Iterable[str]) -> None:
    """Links the texts added show an https:// or e-mail address typed in one of them (model/links.py
    decides which, and only paragraphs link them): nothing else in a text becomes a link."""
    texts = [trimmed(value) for value in values]
    typed = {address.text(text) for text in texts for address in find_addresses(text)}
    added = address_links(page) - address_links(baseline)
    assert set(added) <= typed, (set(added) - typed, typed)


def added_links_are_safe(root: Tag) -> None:
    """No link inside a link; every address link goes to https:// or a plain mailto: address."""
    for link in root.find_all("a"):
        assert link.find_parent("a") is None, link
        href = link.get("href", "")
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", href)
        assert not scheme or scheme.group(1).lower() in ("https", "mailto", "tel"), link
        if href.startswith("mailto:"):
            assert "?" not in href, link


def differences(expected: list[tuple], actual: list[tuple]) -> str:
    """The first place two canonical trees differ, for the failure message."""
    for i, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            return f"at token {i}: expected {want!r}, got {got!r}; before: {expected[max(0, i - 3):i]!r}"
    return f"lengths differ: expected {len(expected)} tokens, got {len(actual)}"


def language_of(page: str) -> str:
    return page.split("/", 1)[0]


def json_strings(value, replace: Callable[[str], str] = lambda s: s):
    """A JSON document with every string passed through `replace` and whitespace collapsed."""
    if isinstance(value, str):
        return ASCII_WHITESPACE.sub(" ", replace(value)).strip(" ")
    if isinstance(value, list):
        return [json_strings(item, replace) for item in value]
    if isinstance(value, dict):
        return {key: json_strings(item, replace) for key, item in value.items()}
    return value


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def all_html(site: Path) -> Iterable[Path]:
    return sorted(path.relative_to(site) for path in site.rglob("*.html"))
