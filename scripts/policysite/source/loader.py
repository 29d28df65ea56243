"""Strict YAML loading: every value stays exactly the text the editor typed.

PyYAML's YAML 1.1 resolver would turn `no` into False, `0150` into 104 (octal) and
`12:30` into 750 (sexagesimal). We only *compose* the document (build the node
graph, which keeps positions) and never *construct* Python values from it, so a
scalar is always its source text. Typing happens later, in the validator, where
a wrong type becomes a located error instead of a silent change. Features that
hide what a value is (aliases, anchors, explicit tags, several documents) are
refused with a message.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..problems import Location, PolicyError, Problem
from . import characters, syntax
from .limits import MAX_DEPTH, MAX_FILE_BYTES, megabytes
from .nodes import Mapping, Node, Scalar, Sequence, Source, path_at

# When the careful reader stops and `syntax.explain` finds no mistake in the lines before, the
# reader's own reason, in plain words (it names YAML's features, which an editor does not know).
_READER_REASONS = {
    "but found another document": ("the file holds a second document from here ('---' or '...')",
                                   "policy.yaml is one document: remove the '---' or '...' line"),
    "found undefined alias": ("a '*' here refers to a value written elsewhere, which is not allowed",
                              "write the value out in full instead of the '*' reference"),
    "found unknown escape character": ("a backslash inside double quotes starts a special character, and this "
                                       "one is unknown",
                                       "write two backslashes (\\\\) for one, or put the value in single quotes"),
    "nested more than": (f"the file is nested more than {MAX_DEPTH} levels deep (the limit)",
                         "policy.yaml is only a few levels deep: look for runaway brackets '[' '{' or indentation "
                         "that keeps growing"),
}
_UNREADABLE = ("YAML cannot read the file from here",
               "check this line and the lines just above it: a colon and a space after each key, the same "
               "indentation for the keys of one block, and a closing quote for each opening one")

# The composer recurses per level, so a runaway nesting would otherwise exhaust Python's
# stack (an internal error instead of a message); see limits.py for every limit.


class _ComposingLoader(yaml.SafeLoader):
    """Composes nodes only; refuses aliases, anchors and explicit tags."""

    def __init__(self, stream: str, refusals: list[tuple[yaml.Mark, str, str]]):
        super().__init__(stream)
        self._refusals = refusals
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"the file is nested more than {MAX_DEPTH} levels deep",
                                              event.start_mark)
        if isinstance(event, AliasEvent):
            self._refusals.append(
                (event.start_mark, f"the alias '*{event.anchor}' is not allowed",
                 "write the value out in full instead of referring to an anchor.")
            )
        elif getattr(event, "anchor", None):
            self._refusals.append(
                (event.start_mark, f"the anchor '&{event.anchor}' is not allowed",
                 "remove the '&' anchor; policy.yaml does not use anchors or aliases.")
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            self._refusals.append(
                (event.start_mark, f"the explicit tag '{tag}' is not allowed",
                 "remove the tag; write the value as plain text (quote it if needed).")
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PolicyError([Problem(
            Location(name, line, column), "",
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded)",
            "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).",
        )], unusable=True) from None
    if "\x00" in text:
        raise PolicyError([Problem(Location(name, 0, 0), "", "the file contains NUL bytes; it is not a text file",
                                   "make sure you saved policy.yaml as text, not a binary document.")],
                         unusable=True)
    return text


def _refused_characters(text: str, name: str, root: Node | None) -> list[Problem]:
    """A problem for each refused character (see characters.py), with the path of the value it is in
    when the file could be read (`root`)."""
    source = Source(name, text, Mapping({}, 0, 0))
    return [Problem(source.offset_location(offset), path_at(root, offset) if root else "",
                    *characters.describe(text[offset]))
            for offset in characters.refused_in_text(text)]


def _syntax_problem(text: str, name: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Where and why the reader stopped, in the editor's words (see syntax.py)."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    found = syntax.explain(text, line) if line else None
    if found:
        return Problem(Location(name, found.line, found.column), "", found.message, found.hint)
    reason = " ".join(part for part in (exc.context, exc.problem) if part)
    message, hint = next((plain for needle, plain in _READER_REASONS.items() if needle in reason), _UNREADABLE)
    return Problem(Location(name, line, column), "", message, hint)


def load_text(text: str, name: str) -> Source:
    """Compose `text` into a `Source`; raise `PolicyError` with located problems."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise PolicyError([Problem(Location(name, 0, 0), "", "the file is empty",
                                   "restore policy.yaml from version control or start from the README's example.")],
                         unusable=True)
    refused = characters.refused_in_text(text)
    # read on with those characters blanked, so the rest of the file is still checked in the same run
    readable = characters.masked(text, refused) if refused else text
    root, found = _compose_fast(readable), []
    if root is None:
        try:
            root, found = _compose_careful(readable, name)
        except PolicyError as error:
            raise PolicyError([*_refused_characters(text, name, None), *error.problems],
                              unusable=error.unusable) from None
    refusals = _refused_characters(text, name, root) if refused else []
    return Source(name, text, root, problems=(*refusals, *found))


def _compose_careful(text: str, name: str) -> tuple[Node, list[Problem]]:
    """The pure-Python path: slower, and it locates and explains every problem. Returns the tree and
    what it refused without stopping (repeated keys: the first value is kept; anchors, aliases and
    tags: the value is read as plain text), so the rest of the file is checked in the same run."""
    refusals: list[tuple[yaml.Mark, str, str]] = []
    loader = _ComposingLoader(text, refusals)  # refused characters are blanked: the reader's own check passes
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        problem = _syntax_problem(text, name, exc)
    except yaml.YAMLError:  # any other, unlocated error
        problem = Problem(Location(name, 0, 0), "", *_UNREADABLE)
    else:
        problem = None
    finally:
        loader.dispose()
    if problem:
        raise PolicyError([problem], unusable=True)
    problems: list[Problem] = []
    tree = _convert(root, name, problems, "")
    problems += [Problem(Location(name, mark.line + 1, mark.column + 1), "", message, hint)
                 for mark, message, hint in refusals]
    return tree, problems


def load_file(path: Path, name: str | None = None) -> Source:
    display = name or str(path)
    return dataclasses.replace(load_bytes(read_file(path, display), display), folder=path.parent)


def read_file(path: Path, display: str) -> bytes:
    """The file's bytes; never more than one byte over the size limit (load_bytes refuses those)."""
    try:
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PolicyError([Problem(Location(display, 0, 0), "", f"cannot read the file: {exc.strerror}",
                                   "check that the path is right and the file is readable.")],
                          unusable=True) from None


def load_bytes(data: bytes, name: str) -> Source:
    """Decode (UTF-8, optional BOM) and compose file contents read from anywhere, e.g. git."""
    if len(data) > MAX_FILE_BYTES:
        # located where the limit is crossed, so the editor sees which part of the file is too much
        line = data.count(b"\n", 0, MAX_FILE_BYTES) + 1
        column = len(data[data.rfind(b"\n", 0, MAX_FILE_BYTES) + 1:MAX_FILE_BYTES].decode("utf-8", "replace")) + 1
        raise PolicyError([Problem(
            Location(name, line, column), "",
            f"the file is larger than the limit of {megabytes(MAX_FILE_BYTES)} (it passes the limit here)",
            "a policy is far smaller: look for text pasted many times or a runaway list, "
            "and compare with the last working version",
        )], unusable=True)
    return load_text(_decode(data, name), name)


class _Unusual(Exception):
    """The text needs the careful path below: it has an error, or something we refuse."""


try:  # libyaml's C parser, when PyYAML was built with it
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml: the pure-Python path only
    _CParser = None
_COLLECTIONS = {SequenceStartEvent: Sequence, MappingStartEvent: Mapping}
_UNTAGGED = (None, "!")


def _compose_fast(text: str) -> Node | None:
    """The usual case, a clean file, parsed by libyaml: about 5x faster on long policies.

    Returns None for anything else (syntax errors, aliases, anchors, tags, duplicate or
    complex keys, several documents), which the pure-Python path then parses again to
    report exactly as before, with PyYAML's wording that our hints are written for.
    """
    if _CParser is None:
        return None
    parser = _CParser(text)
    try:
        return _build(parser)
    except (yaml.YAMLError, _Unusual):
        return None
    finally:
        parser.dispose()


def _build(parser) -> Node:
    # the hot loop of every build: one pass over libyaml's events, the commonest (scalars) tested first
    get_event = parser.get_event
    root: Node | None = None
    documents = 0
    # the open collections, innermost last: [collection, the key scalar waiting for its value (mappings only)]
    stack: list[list] = []
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag not in _UNTAGGED:
                raise _Unusual
            mark = event.start_mark
            # libyaml's style is '' for plain, PyYAML's None
            node = Scalar(event.value, mark.line + 1, mark.column + 1, mark.index, event.end_mark.index,
                          not event.style)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag not in _UNTAGGED:
                raise _Unusual
            mark = event.start_mark
            stack.append([_COLLECTIONS[kind]([] if kind is SequenceStartEvent else {}, mark.line + 1,
                                             mark.column + 1), None])
            if len(stack) > MAX_DEPTH:
                raise _Unusual  # the careful path reports it, located
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()[0]
        elif kind is StreamEndEvent:
            break
        elif kind is DocumentStartEvent:
            documents += 1
            continue
        elif kind is AliasEvent:
            raise _Unusual
        else:  # stream start, document end
            continue
        if not stack:
            if root is not None or documents != 1:
                raise _Unusual
            root = node
            continue
        parent = stack[-1]
        collection = parent[0]
        if type(collection) is Sequence:
            collection.items.append(node)
        elif parent[1] is None:
            if type(node) is not Scalar or node.value in collection.entries:
                raise _Unusual
            parent[1] = node
        else:
            collection.entries[parent[1].value] = (parent[1], node)
            parent[1] = None
    if root is None or documents != 1:
        raise _Unusual
    return root


def _convert(node: yaml.Node, name: str, problems: list[Problem], path: str) -> Node:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, line, column, node.start_mark.index, node.end_mark.index,
                      plain=node.style is None)
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, name, problems, f"{path}[{i}]") for i, item in enumerate(node.value)],
                        line, column)
    entries: dict[str, tuple[Scalar, Node]] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, name, problems, path)
        if not isinstance(key, Scalar):
            problems.append(Problem(Location(name, key.line, key.column), path,
                                    "a key must be a simple word, not a list or mapping",
                                    "write the key as plain text followed by a colon."))
            continue
        child = f"{path}.{key.value}" if path else key.value
        value = _convert(value_node, name, problems, child)
        if key.value in entries:
            first = entries[key.value][0]
            problems.append(Problem(
                Location(name, key.line, key.column), child,
                f"the key '{key.value}' appears twice in the same mapping (first on line {first.line})",
                "keep one of them: YAML would silently drop the first value.",
            ))
            continue
        entries[key.value] = (key, value)
    return Mapping(entries, line, column)


def display_name(path: Path) -> str:
    """Paths relative to the working directory read better in messages and PR annotations."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
