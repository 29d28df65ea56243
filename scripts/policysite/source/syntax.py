"""Why YAML could not read the file, in the editor's words, at the line where the mistake is.

The YAML reader stops where it notices a problem, which is often lines after the mistake (an
unclosed quote on line 47 is noticed on line 71), and words it in its own terms ("expected
<block end>"). When it stops, this module reads the lines up to that point the way an editor
sees them: indentation, list dashes, keys and colons, quotes and brackets. The first line that
breaks the layout of the lines around it is the mistake, explained with what to type instead.
Clean files never come here: the loader only asks after the reader failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Explanation:
    line: int  # 1-based
    column: int  # 1-based
    message: str
    hint: str


@dataclass
class _Level:
    """An open block: the keys of one mapping, or the items of one list, at one indentation."""

    indent: int
    kind: str  # "key" or "item"
    line: int  # the latest line of the block
    label: str  # its key, or the item's first words, for messages
    first_line: int  # the line that set the block's indentation
    first_label: str


# A plain key as policy.yaml writes them: no colon, quote, bracket or '#' inside, then ': ' or ':' at
# the end of the line.
_KEY = re.compile(r"([A-Za-z0-9_][^:#'\"\[\]{},]*?)[ ]*:(?=[ \t]|$)")
_NO_SPACE = re.compile(r"([A-Za-z0-9_][\w-]*):(?!//)([^\s:])")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")


def explain(text: str, stop_line: int) -> Explanation | None:
    """The first mistake in the lines up to `stop_line` (where the reader stopped), or None."""
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    odd = sum(indent % 2 for indent in indents)
    return _Walker(step=2 if odd * 10 < len(indents) else 1).walk(lines, stop_line)


def _plural(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _quote_end(text: str, start: int) -> int:
    """The index after the closing quote of the quoted scalar opening at `text[start]`; -1 if open."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        char = text[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return -1


def _flow_scan(text: str, depth: int) -> tuple[int, int]:
    """Follow brackets through `text` from `depth`: (the depth at the end, the index after the bracket
    that brings it back to 0, or -1 when it stays open)."""
    i = 0
    while i < len(text):
        char = text[i]
        if char in "\"'" and (i == 0 or text[i - 1] in "[{, :"):
            end = _quote_end(text, i)
            if end < 0:
                return depth, -1
            i = end
            continue
        if char == "#" and (i == 0 or text[i - 1] in " \t"):
            break
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return 0, i + 1
        i += 1
    return depth, -1


def _without_comment(text: str) -> str:
    match = re.search(r"(^|[ \t])#", text)
    return text[:match.start()].rstrip() if match else text.rstrip()


class _Walker:
    def __init__(self, step: int) -> None:
        self.step = step  # the file's usual indentation step: 2 when (nearly) all indents are even
        self.levels: list[_Level] = []
        self.pending: _Level | None = None  # a key or dash whose value starts on the next line
        self.block_parent: int | None = None  # inside a '|' or '>' text: lines deeper than this
        self.block_indent: int | None = None  # ... and as deep as its first line
        self.block_start: tuple[int, int] | None = None  # (line, indent) of that first line
        self.continuation: int | None = None  # a plain value may go on in lines deeper than this
        self.open_quote: tuple[int, int, str] | None = None  # (line, column, quote) not yet closed
        self.flow_depth = 0  # inside a [ ] or { } that goes on over several lines
        # a line of plain words under `key:`: its value, unless keys follow at its indentation
        self.bare: tuple[int, int, str] | None = None

    def walk(self, lines: list[str], stop_line: int) -> Explanation | None:
        for number, raw in enumerate(lines[:stop_line], start=1):
            found = self.line(number, raw.rstrip("\r"))
            if found:
                return found
        if self.open_quote:
            return self.unclosed()
        return None

    def unclosed(self) -> Explanation:
        line, column, quote = self.open_quote  # type: ignore[misc]
        return Explanation(line, column, f"the quote {quote} that opens here is never closed on this line",
                           f"add the closing {quote} at the end of the value on this line "
                           "(or remove the opening one)")

    def line(self, number: int, raw: str) -> Explanation | None:
        content = raw.lstrip(" ")
        indent = len(raw) - len(content)
        if not content.strip():
            return None
        if self.block_parent is not None:
            if self.block_indent is None and indent > self.block_parent:
                self.block_indent, self.block_start = indent, (number, indent)
            if self.block_indent is not None and indent >= self.block_indent:
                return None  # a line of a '|' or '>' text
            if self.block_indent is not None and indent > self.block_parent and not _KEY.match(content) \
                    and not content.startswith("- "):
                return self.text_misindented(number, indent)
            self.block_parent = self.block_indent = None
        if self.open_quote:
            return self.inside_quote(number, raw, content)
        if self.flow_depth:
            self.flow_depth, end = _flow_scan(raw, self.flow_depth)
            return self.after_value(number, raw, end, 0, "[") if end >= 0 else None
        if content[0] == "\t":
            return Explanation(number, indent + 1, f"line {number} is indented with a tab character",
                               "YAML indents with spaces only: replace the tab with spaces, as many as the "
                               "lines around it use")
        if content.startswith("#") or content.rstrip() in ("---", "..."):
            return None
        return self.structure(number, indent, content)

    def text_misindented(self, number: int, indent: int) -> Explanation:
        """A line of a '>' or '|' text indented less than the text's first line."""
        first, first_indent = self.block_start  # type: ignore[misc]
        if first_indent % self.step and indent % self.step == 0:
            number, indent, other, other_indent = first, first_indent, number, indent
        else:
            other, other_indent = first, first_indent
        return Explanation(number, indent + 1,
                           f"line {number} is indented by {_plural(indent)}, but the other lines of the same text "
                           f"(line {other}) by {_plural(other_indent)}",
                           f"indent every line of the text by the same number of spaces: move line {number} to "
                           f"start {_plural(other_indent)} from the left")

    def inside_quote(self, number: int, raw: str, content: str) -> Explanation | None:
        quote = self.open_quote[2]  # type: ignore[index]
        if _KEY.match(content) or content.startswith("- "):
            return self.unclosed()
        text = quote + raw  # find the closing quote as if the value started here
        end = _quote_end(text, 0)
        if end < 0:
            return None
        self.open_quote = None
        return self.after_value(number, text, end, -1, quote)

    def structure(self, number: int, indent: int, content: str) -> Explanation | None:
        column = indent
        rest = content
        # list dashes, possibly several on one line ("- - x")
        while rest == "-" or rest.startswith("- "):
            problem = self.place(number, column, "item", rest[:30])
            if problem:
                return problem
            after = rest[1:].lstrip(" ")
            column += len(rest) - len(after)
            rest = after
            if not rest:
                self.pending = self.levels[-1]
                return None
            self.pending = self.levels[-1]  # what follows the dash opens the item's own block
        key = _KEY.match(rest)
        if key is None:
            return self.not_a_key(number, indent, column, content, rest)
        problem = self.place(number, column, "key", key.group(1))
        if problem:
            return problem
        value_at = column + key.end()
        value = rest[key.end():].lstrip(" ")
        value_at += len(rest[key.end():]) - len(value)
        return self.value(number, value_at, value, column, key.group(1))

    def not_a_key(self, number: int, indent: int, column: int, content: str, rest: str) -> Explanation | None:
        if column > indent:  # "- some text": a list item's value
            self.pending = None
            return self.value(number, column, rest, column - 2, "")
        if self.pending and indent > self.pending.indent:  # `key:` and the value on the next line
            self.continuation = self.pending.indent
            self.pending = None
            self.bare = (number, indent, rest)
            return self.value(number, indent, rest, indent - 1, "")
        if self.continuation is not None and indent > self.continuation:
            return self.colon_in(number, indent, _without_comment(content), "")
        return self.no_colon(number, column, rest)

    def no_colon(self, number: int, column: int, rest: str) -> Explanation:
        no_space = _NO_SPACE.match(rest)
        if no_space:
            return Explanation(number, column + no_space.end(1) + 1,
                               f"there is no space after the colon in '{rest.split()[0]}'",
                               f"write a space after the colon: '{no_space.group(1)}: "
                               f"{rest[no_space.end(1) + 1:].strip()}'")
        words = _without_comment(rest).split(" ", 1)
        example = f"{words[0]}: {words[1]}" if len(words) == 2 else f"{words[0]}: ..."
        return Explanation(number, column + 1, f"line {number} has no colon after its key: '{_without_comment(rest)}'",
                           f"write the key, a colon and a space, then the value, e.g. '{example}'")

    def place(self, number: int, column: int, kind: str, label: str) -> Explanation | None:
        """Check the indentation of a key or list dash at `column` against the open blocks."""
        self.continuation = None
        pending, self.pending = self.pending, None
        bare, self.bare = self.bare, None
        if bare and bare[1] == column:  # keys go on where the plain words were: those lacked a colon
            return self.no_colon(bare[0], bare[1], bare[2])
        if pending and (column > pending.indent or (kind == "item" and pending.kind == "key"
                                                      and column == pending.indent)):
            self.levels.append(_Level(column, kind, number, label, number, label))
            return None
        popped: _Level | None = None
        while self.levels and self.levels[-1].indent > column:
            popped = self.levels.pop()
        levels = self.levels
        if levels and levels[-1].indent == column and levels[-1].kind == "item" and kind == "key" \
                and len(levels) > 1 and levels[-2].indent == column:
            levels.pop()  # the end of a list written at its key's indentation
        if not levels:
            if column == 0:
                levels.append(_Level(column, kind, number, label, number, label))
                return None
            if popped is None:
                return Explanation(number, column + 1, f"line {number} ('{label}') is indented by "
                                   f"{_plural(column)}, but the top-level keys start at the beginning of the line",
                                   "remove the spaces before it")
        elif levels[-1].indent == column:
            sibling = levels[-1]
            if sibling.kind != kind:
                return self.mixed(number, column, kind, sibling)
            levels[-1] = _Level(column, kind, number, label, sibling.first_line, sibling.first_label)
            return None
        return self.misindented(number, column, kind, label, popped)

    def misindented(self, number: int, column: int, kind: str, label: str, popped: _Level | None) -> Explanation:
        around = [level for level in (popped, self.levels[-1] if self.levels else None) if level]
        sibling = min(around, key=lambda level: (level.kind != kind, abs(level.indent - column), -level.indent))
        if column % self.step == 0 and sibling.indent % self.step:
            # this line is where the file's usual steps put it: the block it should join went astray
            # where that block started
            return Explanation(sibling.first_line, sibling.indent + 1,
                               f"line {sibling.first_line} ('{sibling.first_label}') is indented by "
                               f"{_plural(sibling.indent)}, but the line that goes with it ('{label}' on line "
                               f"{number}) by {_plural(column)}",
                               f"line them up: move '{sibling.first_label}' on line {sibling.first_line} to start "
                               f"{_plural(column)} from the left, like '{label}' on line {number}")
        what = "the list item" if kind == "item" else f"'{label}'"
        return Explanation(number, column + 1,
                           f"line {number} ({what}) is indented by {_plural(column)}, but the "
                           f"{'item' if sibling.kind == 'item' else 'key'} before it ('{sibling.label}' on line "
                           f"{sibling.line}) by {_plural(sibling.indent)}",
                           f"line them up: move {what} to start {_plural(sibling.indent)} from the left, like "
                           f"'{sibling.label}' on line {sibling.line} (YAML uses the indentation to tell which "
                           "block a line belongs to)")

    def mixed(self, number: int, column: int, kind: str, sibling: _Level) -> Explanation:
        if kind == "item":
            return Explanation(number, column + 1,
                               f"line {number} starts a list item ('- '), but the lines of this block are keys "
                               f"(like '{sibling.label}' on line {sibling.line})",
                               "write it as 'key: value' like the lines around it, or indent it under the key "
                               "that holds the list")
        return Explanation(number, column + 1,
                           f"line {number} is a key, but the lines at this indentation are list items "
                           f"(line {sibling.line} starts with '- ')",
                           "start it with '- ' if it is another item, or indent it like the keys it belongs with")

    def value(self, number: int, column: int, value: str, key_indent: int, key: str) -> Explanation | None:
        """Check the value written after a key or a dash, starting at `column` (0-based)."""
        if not value or value.startswith("#"):
            self.pending = self.levels[-1] if self.levels else None
            return None
        if _BLOCK_SCALAR.match(value):
            self.block_parent, self.block_indent = key_indent, None
            return None
        if value[0] in "\"'":
            end = _quote_end(value, 0)
            if end < 0:
                self.open_quote = (number, column + 1, value[0])
                return None
            return self.after_value(number, value, end, column, value[0])
        if value[0] in "[{":
            depth, end = _flow_scan(value, 0)
            if end < 0:
                self.flow_depth = depth
                return None
            return self.after_value(number, value, end, column, value[0])
        self.continuation = key_indent
        return self.colon_in(number, column, _without_comment(value), key)

    def after_value(self, number: int, value: str, end: int, column: int, opener: str) -> Explanation | None:
        """Anything but a comment after a closing quote or bracket is a stray character."""
        stray = _without_comment(value[end:])
        if not stray:
            return None
        at = column + end + (len(value[end:]) - len(value[end:].lstrip()))
        if opener == "'" and value[end - 2:end - 1].isalpha() and stray[0].isalpha():
            return Explanation(number, column + 1, "the apostrophe inside this single-quoted text ends it early",
                               "inside single quotes write an apostrophe twice ('it''s'), or use double quotes")
        closing = "quote" if opener in "\"'" else "bracket"
        return Explanation(number, at + 1, f"there is text after the value's closing {closing}: '{stray.strip()}'",
                           f"put everything inside the {closing}s, or delete what follows "
                           "(a comment starts with a space and '#')")

    def colon_in(self, number: int, column: int, value: str, key: str) -> Explanation | None:
        """A plain value with ': ' inside reads as a new key."""
        match = re.search(r":(?= |$)", value)
        if not match:
            return None
        quoted = '"' + value.replace('"', '\\"') + '"'
        return Explanation(number, column + match.start() + 1,
                           f"the value {f'of {key!r} ' if key else ''}contains ': ' (a colon and a space), which "
                           "YAML reads as the start of another key",
                           f"put the whole value in double quotes: {quoted}" if len(quoted) <= 60 else
                           "put the whole value in double quotes")
