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
from yaml.reader import Reader

from ..problems import Location, PolicyError, Problem
from .limits import MAX_DEPTH, MAX_FILE_BYTES, megabytes
from .nodes import Mapping, Node, Scalar, Sequence, Source

# PyYAML's own wording is terse; these add what an editor should do about it.
_YAML_HINTS = {
    "mapping values are not allowed here": (
        "a value contains ': ' (colon and space). Put the whole value in double quotes."
    ),
    "found character '\\t' that cannot start any token": (
        "YAML does not allow tab characters for indentation. Indent with spaces."
    ),
    "could not find expected ':'": (
        "a key is missing its colon, or a line is indented wrongly. Check the line and the one above."
    ),
    "did not find expected key": (
        "the indentation is inconsistent, or a list item '-' sits where a key was expected."
    ),
    "found undefined alias": "remove the '*' reference: write the value out in full.",
    "expected <block end>, but found '-'": (
        "a list item '-' is indented differently from the items before it."
    ),
    "found unexpected end of stream": "a quoted value is not closed. Add the closing quote.",
    "found unknown escape character": (
        "a backslash inside double quotes starts an escape. Use single quotes, or write \\\\."
    ),
    "nested more than": (
        "policy.yaml is only a few levels deep. Look for runaway brackets '[' '{' or indentation "
        "that keeps growing."
    ),
}

# The composer recurses per level, so a runaway nesting would otherwise exhaust Python's
# stack (an internal error instead of a message); see limits.py for every limit.


def _hint_for(problem: str) -> str:
    for needle, hint in _YAML_HINTS.items():
        if needle in problem:
            return hint
    return "check the YAML syntax on this line and the line above it."


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


def _unprintable(text: str, name: str, exc: yaml.reader.ReaderError) -> Problem:
    """A control character (e.g. pasted from a word processor), located by its offset."""
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    return Problem(Location(name, line, column), "",
                   f"the file contains the control character U+{exc.character:04X}, which YAML does not allow",
                   "delete it (it is often invisible: retype the text around this position).")


def load_text(text: str, name: str) -> Source:
    """Compose `text` into a `Source`; raise `PolicyError` with located problems."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise PolicyError([Problem(Location(name, 0, 0), "", "the file is empty",
                                   "restore policy.yaml from version control or start from the README's example.")],
                         unusable=True)
    fast = _compose_fast(text)
    if fast is not None:
        return Source(name, text, fast)
    refusals: list[tuple[yaml.Mark, str, str]] = []
    try:
        # The reader checks for unprintable characters already when the loader is made.
        loader = _ComposingLoader(text, refusals)
    except yaml.reader.ReaderError as exc:
        raise PolicyError([_unprintable(text, name, exc)], unusable=True) from None
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        if "but found another document" in message:
            hint = "the file must hold one document. Remove the '---' or '...' line."
        else:
            hint = _hint_for(message)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise PolicyError([Problem(Location(name, line, column), "", f"YAML syntax error: {message}", hint)],
                          unusable=True) from None
    except yaml.reader.ReaderError as exc:
        raise PolicyError([_unprintable(text, name, exc)], unusable=True) from None
    except yaml.YAMLError as exc:  # any other unmarked error
        raise PolicyError([Problem(Location(name, 0, 0), "", f"YAML error: {exc}",
                                   "check the file's syntax, or restore it from version control.")],
                          unusable=True) from None
    finally:
        loader.dispose()
    if refusals:
        raise PolicyError([
            Problem(Location(name, mark.line + 1, mark.column + 1), "", message, hint)
            for mark, message, hint in refusals
        ])
    problems: list[Problem] = []
    tree = _convert(root, name, problems, "")
    if problems:
        raise PolicyError(problems)
    return Source(name, text, tree)


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


def _compose_fast(text: str) -> Node | None:
    """The usual case, a clean file, parsed by libyaml: about 5x faster on long policies.

    Returns None for anything else (syntax errors, aliases, anchors, tags, duplicate or
    complex keys, several documents), which the pure-Python path then parses again to
    report exactly as before, with PyYAML's wording that our hints are written for.
    """
    if _CParser is None or Reader.NON_PRINTABLE.search(text):
        return None
    parser = _CParser(text)
    try:
        return _build(parser)
    except (yaml.YAMLError, _Unusual):
        return None
    finally:
        parser.dispose()


def _build(parser) -> Node:
    root: Node | None = None
    documents = 0
    # open collections, each with the key scalar waiting for its value (mappings only)
    stack: list[list] = []
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is StreamEndEvent:
            break
        if kind is DocumentStartEvent:
            documents += 1
            continue
        if kind is SequenceEndEvent or kind is MappingEndEvent:
            node = stack.pop()[0]
        elif kind is ScalarEvent or kind in _COLLECTIONS:
            if event.anchor is not None or event.tag not in (None, "!"):
                raise _Unusual
            mark = event.start_mark
            if kind is ScalarEvent:
                node = Scalar(event.value, mark.line + 1, mark.column + 1, mark.index, event.end_mark.index,
                              plain=not event.style)  # libyaml: '' for plain, PyYAML: None
            else:
                collection = Sequence([], mark.line + 1, mark.column + 1) if kind is SequenceStartEvent \
                    else Mapping({}, mark.line + 1, mark.column + 1)
                stack.append([collection, None])
                if len(stack) > MAX_DEPTH:
                    raise _Unusual  # the careful path reports it, located
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
        if isinstance(parent[0], Sequence):
            parent[0].items.append(node)
        elif parent[1] is None:
            if not isinstance(node, Scalar) or node.value in parent[0].entries:
                raise _Unusual
            parent[1] = node
        else:
            parent[0].entries[parent[1].value] = (parent[1], node)
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
