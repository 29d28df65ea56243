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
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from yaml.reader import Reader

from conftest import ROOT
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


def write_policy(directory: Path, text: str, beside: Path = ROOT) -> Path:
    """policy.yaml in `directory`, with the files it names (site.logo) copied from `beside`, the
    folder the policy comes from."""
    for asset in (beside / "branding", *beside.glob("*.svg"), *beside.glob("*.png")):
        target = directory / asset.name
        if asset.is_dir() and not target.exists():
            shutil.copytree(asset, target)
        elif asset.is_file() and not target.exists():
            shutil.copy2(asset, target)
    policy = directory / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    return policy


def check(directory: Path, text: str, beside: Path = ROOT) -> tuple[int, list[dict]]:
    policy = write_policy(directory, text, beside)
    code, out, err = run("check", "--format", "json", str(policy))
    assert code in (0, 1, 2), f"exit {code}: {err}"
    return code, json.loads(out or "[]")


def pages(directory: Path, text: str, beside: Path = ROOT) -> dict[str, str]:
    """The Markdown pages `policysite generate` writes for `text`, keyed "no/index.md"."""
    policy = write_policy(directory, text, beside)
    docs = directory / "docs"
    code, _, err = run("generate", str(policy), "--docs", str(docs))
    assert code == 0, err
    return {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8") for path in sorted(docs.rglob("*.md"))}


class Policy:
    """A policy file with a sentinel in every text field: the baseline of every round trip. `name`
    says which policy it is in messages; `beside` is its folder (the logo it names is there)."""

    def __init__(self, text: str, name: str = "policy", beside: Path = ROOT) -> None:
        self.original, self.name, self.beside = text, name, beside
        self.labels = load_labels()
        with tempfile.TemporaryDirectory() as scratch:
            self.fields = self._text_fields(Path(scratch), text)
            self.sentinels = {slot: f"Qz{i:03d}Snt" for i, slot in enumerate(self.fields)}
            self.baseline = replaced(text, self.sentinels)
            self.laws = yaml.load(self.baseline, Loader=yaml.BaseLoader).get("laws") or []  # sentinels as names
            code, problems = self.check(Path(scratch), self.baseline)
            assert code == 0, problems

    def __repr__(self) -> str:
        return f"Policy({self.name})"

    def check(self, directory: Path, text: str) -> tuple[int, list[dict]]:
        return check(directory, text, self.beside)

    def pages(self, directory: Path, text: str) -> dict[str, str]:
        return pages(directory, text, self.beside)

    def _text_fields(self, scratch: Path, text: str) -> list[Slot]:
        """The scalars that take a free text: each accepts a sentinel word in place of its value.

        Found in a few checks, not one per scalar (a large policy has almost a thousand): every
        candidate gets a sentinel at once, and those refused at their own path drop out, until
        `check` passes. A refusal of a clause or section around candidates does not say which one
        it is about: those are tried one by one, as is every candidate when a refusal is about none."""
        slots = scalars(text)
        candidates, unsure = slots, []
        while candidates:
            words = {slot: f"Qz{i:03d}Snt" for i, slot in enumerate(candidates)}
            code, problems = self.check(scratch, replaced(text, words))
            if not code:
                break
            errors = {problem["path"] for problem in problems if problem["severity"] == "error"}
            own = {slot for slot in candidates if any(inside(error, slot.path) for error in errors)}
            around = {slot for slot in candidates if slot not in own and any(inside(slot.path, error)
                                                                             for error in errors)}
            if not own | around:
                unsure, candidates = unsure + candidates, []
            else:
                unsure += around
                candidates = [slot for slot in candidates if slot not in own | around]
        alone = {slot for slot in unsure if self.check(scratch, replaced(text, {slot: "Qz999Snt"}))[0] == 0}
        return [slot for slot in slots if slot in alone or slot in candidates]

    def with_values(self, values: dict[Slot, str]) -> str:
        return replaced(self.original, {**self.sentinels, **values})

    def accepted(self, directory: Path, values: dict[Slot, str]) -> dict[Slot, str]:
        """`values` without those `check` refuses, each refusal checked to be located where typed."""
        while True:
            code, problems = self.check(directory, self.with_values(values))
            if not code:
                return values
            refused_where_typed(problems, values)
            refused = {slot for slot in values if any(p["path"].startswith(slot.path) or slot.path.startswith(p["path"])
                                                      for p in problems if p["severity"] == "error")}
            assert refused, problems
            values = {slot: value for slot, value in values.items() if slot not in refused}

    def expected(self, values: dict[Slot, str], language: str) -> Callable[[str], str]:
        """Replaces each sentinel in a baseline string with what the reader must see instead."""
        citations = self.citations(values, language)
        shown = {self.sentinels[slot]: worded(value, citations) for slot, value in values.items()}
        return lambda s: SENTINEL.sub(lambda m: shown.get(m.group(0), m.group(0)), s)

    def citations(self, values: dict[Slot, str], language: str) -> dict[str, str]:
        """What a {reference} in a text shows: a legal basis as labels.yaml cites it, a law of the
        policy as its name and section (each the value typed, or else its sentinel)."""
        found = {basis: self.labels.citation(basis, language) for basis in LEGAL_BASES}
        typed = self.typed(values)
        for law in self.laws:
            name, section = (typed(value if isinstance(value, str) else value[language])
                             for value in (law["name"], law.get("section", "")))
            found[law["id"]] = (self.labels.get("citation.law", language, name=name, section=section)
                                if section else name)
        return found

    def references(self) -> list[str]:
        """Every {reference} a text of this policy may hold."""
        return [f"{{{reference}}}" for reference in (*LEGAL_BASES, *(law["id"] for law in self.laws))]

    def typed(self, values: dict[Slot, str]) -> Callable[[str], str]:
        """Replaces each sentinel with the value as typed (the exports keep {art6-1-b} as it is)."""
        shown = {self.sentinels[slot]: trimmed(value) for slot, value in values.items()}
        return lambda s: SENTINEL.sub(lambda m: shown.get(m.group(0), m.group(0)), s)



def worded(value: str, citations: dict[str, str]) -> str:
    """A text as the reader sees it: each {reference} worded as its citation."""
    return re.sub(r"\{([^{}]*)\}", lambda m: citations.get(m.group(1), m.group(0)), trimmed(value))


SCHEMA_FILE = ROOT / "schema" / "policy.schema.json"  # generated from the model (model/schema.py)
_FREE_TEXT = "#/$defs/visible-characters"  # the schema marks every free text with this


def schema_texts() -> set[str]:
    """Every free text the model has, in every form it may take, as a path with each list index
    written "[]": a prose field as one text ("x.en"), as paragraphs ("x[].en") and as bullets
    ("x[].list[].en"); a name as one string ("x") and per language ("x.en")."""
    found: set[str] = set()

    def walk(node, path: str) -> None:
        if not isinstance(node, dict):
            return
        if any(part.get("$ref") == _FREE_TEXT for part in node.get("allOf", [])):
            found.add(path)
        for key in ("anyOf", "oneOf", "allOf"):
            for part in node.get(key, []):
                walk(part, path)
        for key in ("then", "else"):
            walk(node.get(key), path)
        for name, part in node.get("properties", {}).items():
            walk(part, f"{path}.{name}" if path else name)
        walk(node.get("items"), f"{path}[]")

    walk(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), "")
    return found


def form(path: str) -> str:
    """A slot's path as schema_texts writes it: "purposes.items[2].title.en" -> "purposes.items[].title.en"."""
    return re.sub(r"\[[0-9]+\]", "[]", path)


def in_other_forms(text: str) -> str:
    """The same policy written the other way the model allows, so that the round trip meets every
    form of every field: each prose text that is one text becomes a paragraph and a bullet list, and
    each list of blocks one text; each name that is one string becomes one per language, and the
    other way round. (Which fields take which forms comes from the schema.)"""
    texts = schema_texts()

    def visit(value, path: str, languages: list[str]):
        prose, name = f"{path}[].list[].en" in texts, path in texts and f"{path}.en" in texts
        if isinstance(value, dict) and prose:
            return [value, {"list": [value]}]
        if isinstance(value, list) and prose:
            paragraphs = [block for block in value if "list" not in block] or value[0]["list"]
            return paragraphs[0]
        if isinstance(value, dict) and name:
            return value[languages[0]]
        if isinstance(value, str) and name:
            return dict.fromkeys(languages, value)
        if isinstance(value, list):
            return [visit(item, f"{path}[]", languages) for item in value]
        if isinstance(value, dict):
            return {key: visit(item, f"{path}.{key}" if path else key, languages) for key, item in value.items()}
        return value

    tree = yaml.load(text, Loader=yaml.BaseLoader)
    return _dump(visit(tree, "", tree["languages"]))


def with_every_lead(text: str) -> str:
    """The policy with a lead (one text) in each of its sections that may have one and has none."""
    texts = schema_texts()
    tree = yaml.load(text, Loader=yaml.BaseLoader)
    for key, section in tree.items():
        if f"{key}.lead.en" in texts and isinstance(section, dict) and "lead" not in section:
            section["lead"] = {language: f"Lead of {key} ({language})" for language in tree["languages"]}
    return _dump(tree)


def _dump(tree) -> str:
    return yaml.dump(tree, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def inside(path: str, outer: str) -> bool:
    """Whether `path` is `outer` or a part of it ("a.b[0].c" is inside "a.b")."""
    return path == outer or outer == "" or path.startswith((outer + ".", outer + "["))


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
