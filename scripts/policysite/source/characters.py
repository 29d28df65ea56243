"""The one character policy of policy.yaml: which characters are refused, and how they are named.

Invisible characters change what a reader gets without the editor seeing it: a zero-width
space splits a word for search, a right-to-left override reverses the text around it, a
U+2028 line separator breaks the YAML reader two lines away. So they are never passed on
silently: each is refused with its name (`U+200B ZERO WIDTH SPACE`) and its line and column,
wherever it comes from — typed or pasted into the file, or written as an escape such as
"\\v" or "\\u200b" inside double quotes. Visible characters, non-breaking spaces included,
are kept exactly as typed.

The loader checks the raw file (`refused_in_text`); the field types check each value they
read (`refused_in_value`), which catches the escapes. Both word the refusal with `describe`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..problems import Location
    from .nodes import Scalar, Source

ALLOWED_CONTROLS = "\t\n\r"
# Cc: control characters; Cf: invisible formatting (zero-width, bidi, soft hyphen...);
# Zl / Zp: the line and paragraph separators; Cs: half a character (only from an escape).
REFUSED_CATEGORIES = {"Cc": "control character", "Cf": "invisible formatting character",
                      "Zl": "line separator", "Zp": "paragraph separator", "Cs": "broken character"}
# unicodedata has no names for control characters: the ones people meet, by their Unicode alias
CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What a double-quoted YAML escape stands for, for the escapes that give a refused character.
_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "e": "\x1b", "N": "\x85",
            "L": "\u2028", "P": "\u2029"}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_WHITESPACE = re.compile(r"[ \t\r\n]+")


@functools.lru_cache(maxsize=4096)  # a policy uses few distinct characters; each is looked at once per value
def _kind(char: str) -> str | None:
    """What kind of refused character `char` is; None when it is allowed."""
    if char in ALLOWED_CONTROLS:
        return None
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return "noncharacter"  # never text: the YAML reader refuses it too
    if char in BIDI_CONTROLS:
        return "invisible text-direction character"
    return REFUSED_CATEGORIES.get(unicodedata.category(char))


def is_refused(char: str) -> bool:
    return _kind(char) is not None


def name(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: the code point and its Unicode name."""
    code = ord(char)
    label = unicodedata.name(char, "") or CONTROL_NAMES.get(code) or (
        "SURROGATE" if unicodedata.category(char) == "Cs" else
        "NONCHARACTER" if unicodedata.category(char) == "Cn" else "CONTROL CHARACTER")
    return f"U+{code:04X} {label}"


def describe(char: str, escape: str | None = None) -> tuple[str, str]:
    """The message and the fix for a refused character (typed, or written as `escape`)."""
    kind = _kind(char)
    message = f"the {kind} {name(char)} is not allowed"
    if escape:
        return (f"{message} (written as the escape '{escape}')",
                f"remove '{escape}' from the quoted text; write the character you mean, or nothing")
    if char in BIDI_CONTROLS:
        why = "it reverses or reorders the text around it, so readers could see something else than you do"
    elif char in "\u2028\u2029\x85":
        why = "YAML reads it as a line break; for a new paragraph start a new text instead"
    else:
        why = "it is invisible (it often comes with text copied from a web page or a word processor)"
    return message, f"delete it: {why}. Put the cursor right after it and press Backspace once"


def refused_class() -> str:
    """The refused characters of the Basic Multilingual Plane as a regular-expression class, for the
    editor schema (ECMA-262 and Python read it alike). Built on demand: it walks 65,536 code points."""
    ranges: list[list[int]] = []
    # below and above the surrogates, which cannot reach an editor's parsed value
    for code in itertools.chain(range(0xD800), range(0xE000, 0x10000)):
        if is_refused(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "[" + "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "") for a, b in ranges) + "]"


def refused_in_text(text: str) -> list[int]:
    """The offsets of every refused character in `text`, in order."""
    if text.isascii():
        return [match.start() for match in _ASCII_CONTROLS.finditer(text)]
    refused = [char for char in set(text) if is_refused(char)]
    if not refused:
        return []
    pattern = re.compile("[" + "".join(re.escape(char) for char in refused) + "]")
    return [match.start() for match in pattern.finditer(text)]


def masked(text: str, offsets: list[int]) -> str:
    """`text` with each refused character replaced by a space, so the rest of the file can still be
    read and checked in the same run (positions stay the same: one character for one)."""
    chars = list(text)
    for offset in offsets:
        chars[offset] = " "
    return "".join(chars)


def refused_in_value(node: Scalar, source: Source) -> tuple[Location, str, str] | None:
    """The first refused character an escape in a value writes, as (where, message, fix), located at the
    escape itself; None when there is none. Escapes exist only in double-quoted text, and a refused
    character typed into the file was refused (and blanked) by the loader: see refused_in_text."""
    if not source.text.startswith('"', node.start):
        return None
    for match in _ESCAPE.finditer(source.text, node.start, node.end):
        char = _written(match.group(1))
        if char is not None and is_refused(char):
            return (source.offset_location(match.start()), *describe(char, match.group(0)))
    return None


def _written(code: str) -> str | None:
    """The character a double-quoted escape (its part after the backslash) writes, if it may be refused."""
    try:
        return _ESCAPES.get(code) if len(code) == 1 else chr(int(code[1:], 16))
    except ValueError:  # beyond U+10FFFF: the YAML reader refuses it before this
        return None


def fold_whitespace(text: str) -> str:
    """Join the lines of a folded text: runs of ASCII spaces, tabs and line breaks become one space.
    Other spaces (a non-breaking space U+00A0, a narrow one U+202F) are kept as typed."""
    if "  " not in text and "\t" not in text and "\n" not in text and "\r" not in text:  # the usual text
        return text.strip(" ")
    return _ASCII_WHITESPACE.sub(" ", text).strip(" ")
