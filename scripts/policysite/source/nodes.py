"""The loaded file as nodes that keep where each value was typed.

Every scalar stays the exact text the editor typed (see loader.py); positions let every
later stage locate its messages in policy.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..problems import Location, Problem

# Named tuples, not frozen dataclasses: a large policy has tens of thousands of nodes, and a frozen
# dataclass sets each field through object.__setattr__ (a quarter of the loader's time at 1,000
# purposes). They stay immutable and compare by value; no code iterates or unpacks a node.


class Scalar(NamedTuple):
    value: str
    line: int  # 1-based
    column: int  # 1-based
    start: int  # character offset of the node in the source
    end: int
    plain: bool  # written without quotes or block indicators


class Sequence(NamedTuple):
    items: list[Node]
    line: int
    column: int


class Mapping(NamedTuple):
    # key text -> (key scalar, value); insertion order is the editor's order
    entries: dict[str, tuple[Scalar, Node]]
    line: int = 0
    column: int = 0


Node = Scalar | Sequence | Mapping


@dataclass(frozen=True)
class Source:
    """A loaded file: its display name, text and root node."""

    name: str
    text: str
    root: Node
    folder: Path | None = None  # where paths written in the file are relative to; None when read from git
    # problems found while reading that did not stop it (refused characters): reported with the
    # validation's own, so one run shows everything
    problems: tuple[Problem, ...] = ()

    def location(self, line: int, column: int) -> Location:
        return Location(self.name, line, column)

    def offset_location(self, offset: int) -> Location:
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return Location(self.name, line, column)

    def value_location(self, node: Scalar, offset: int) -> Location:
        """Where the character at `offset` of a scalar's value was typed. Quotes, escapes and folding
        make the value differ from the file's text, so the word starting there is looked up inside
        the node (its n-th occurrence for the n-th in the value); the node's start if not found."""
        words = node.value[offset:offset + 40].split(None, 1)
        word = words[0] if words else ""
        if word:
            raw = self.text[node.start:max(node.end, node.start + 1)]
            at = -1
            for _ in range(node.value.count(word, 0, offset) + 1):
                at = raw.find(word, at + 1)
                if at < 0:
                    break
            if at >= 0:
                return self.offset_location(node.start + at)
        return self.location(node.line, node.column)


def node_at(root: Node, path: str, key: bool = False) -> Node | None:
    """The node at a simple dotted path with [i] indices, for locating cross-reference errors.

    With `key`, a path ending in a mapping key gives the key itself (`controller:`'s line),
    rather than its value (which may start a line lower).
    """
    node: Node | None = root
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    for i, part in enumerate(parts):
        if part.startswith("[") and isinstance(node, Sequence):
            index = int(part[1:-1])
            node = node.items[index] if index < len(node.items) else None
        elif isinstance(node, Mapping) and part in node.entries:
            node = node.entries[part][0 if key and i == len(parts) - 1 else 1]
        else:
            return None
    return node


def path_at(root: Node, offset: int) -> str:
    """The path of the scalar (key or value) written at character `offset`, e.g. for a refused
    character; "" when it lies outside every scalar (in a comment, say)."""
    def walk(node: Node, path: str) -> str | None:
        if isinstance(node, Scalar):
            return path if node.start <= offset < max(node.end, node.start + 1) else None
        if isinstance(node, Sequence):
            children = [(f"{path}[{i}]", item) for i, item in enumerate(node.items)]
        else:
            children = []
            for name, (key, value) in node.entries.items():
                child = f"{path}.{name}" if path else name
                children += [(child, key), (child, value)]
        for child_path, child in children:
            found = walk(child, child_path)
            if found is not None:
                return found
        return None

    return walk(root, "") or ""
