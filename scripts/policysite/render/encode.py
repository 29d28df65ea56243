"""The one encoder from a policy.yaml text to page content: every text reaches the reader as
typed.

Why no Markdown inside a text at all (issue 12). The pages are Markdown, and MkDocs parses them
with Python-Markdown's core plus the site's extensions (tables, fenced_code and toc by default;
attr_list). Escaping "the dangerous constructs" of that set was tried and failed again and
again: constructs depend on the position (a "1." or "-" or "#" only at a line's start, "===" or
"-" only on the line below, four spaces only before a line, a "|" only in a table row, a
trailing backslash only before the generated link after it), and "a line" is whatever the
parser or a plugin thinks it is: mkdocs-static-i18n rewrites every page with Python's
`str.splitlines`, so a vertical tab, form feed, U+001C-U+001E, U+0085 or U+2028 in a one-line
value started a heading. Every extension added later brings new constructs. So the generator
never lets Markdown parse editor text: every ASCII character that is not a letter or digit
(punctuation, control characters, line breaks), and every non-ASCII space, separator, control
or format character, is written as a numeric character reference (`&#35;`). Python-Markdown
passes references through untouched and no construct can form from letters, digits, single
spaces and references; the browser turns each reference back into the character typed. Letters,
digits and other non-ASCII text stay as they are, so the Markdown stays readable. (The price:
Python-Markdown spends about 50 times a letter's work on each reference, which
source/limits.py's page limits account for.) A space is kept as it is only between two other
characters: at either end of a text, or after another space, it is written `&#32;` (leading
spaces would start a code block, two trailing spaces a line break).

What is a link is decided by the generator, not by syntax (model/links.py): an https:// address
or an e-mail address typed in a paragraph becomes a link whose visible text is exactly that
address (not in names and titles, which are also link texts), and `{art6-1-b}` is a citation
worded per language. Everything else is text.

Depths: `plain` and `inline` give inline Markdown content (paragraphs, headings, list items,
table cells, link texts); `link` writes a link from encoded text and a destination it checks
itself. Attributes and templates of the site engine need HTML escaping instead, and the exports
JSON; those are done where they are written, never with this module's output. Templates and
render/page.py never escape by hand: they call these functions through `PageContext`
(`page.text`, `page.prose`, `page.plain`, `page.link`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from ..model.law import REFERENCE
from ..model.links import find_addresses
from ..source.limits import REFERENCE_COST


class _References(dict):
    """str.translate table: a character -> itself, or its numeric character reference."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        # ASCII: letters, digits and the space; beyond: all but controls, format and private-use
        # characters, spaces and separators (categories C* and Z*)
        keep = (char.isalnum() or char == " ") if code < 128 else unicodedata.category(char)[0] not in "CZ"
        self[code] = value = char if keep else f"&#{code};"
        return value


_TABLE = _References()
_EDGE_SPACES = re.compile(r"^ | $|(?<= ) ")


@functools.lru_cache(maxsize=65536)  # the generator's own words and repeated names come back on every row
def plain(text: str) -> str:
    """Inline Markdown that shows exactly `text`, nothing in it read as Markdown or HTML."""
    return _EDGE_SPACES.sub("&#32;", text.translate(_TABLE))


def inline(text: str, cite: Callable[[str], str | None] | None = None, links: bool = True) -> str:
    """A prose text as inline Markdown: `plain`, with each `{reference}` that `cite` words as its
    citation, and (with `links`) each https:// or e-mail address as a link to itself. Texts that
    may be a link's text take `links=False`: a link inside a link is not HTML."""
    spans: list[tuple[int, int, str]] = []
    if cite is not None and "{" in text:
        for match in REFERENCE.finditer(text):
            words = cite(match.group(1))
            if words is not None:
                spans.append((match.start(), match.end(), plain(words)))
    if links and ("@" in text or "://" in text):
        for address in find_addresses(text):
            if not any(start < address.end and address.start < end for start, end, _ in spans):
                shown = address.text(text)
                target = "mailto:" + shown if address.kind == "email" else shown
                spans.append((address.start, address.end, link(plain(shown), target)))
    if not spans:
        return plain(text)
    parts, position = [], 0
    for start, end, markdown in sorted(spans):
        parts += [plain(text[position:start]), markdown]
        position = end
    parts.append(plain(text[position:]))
    return "".join(parts)


# Characters a destination keeps as they are: what URLs use, minus "(", ")" and "'", which
# end or quote a Markdown link destination (they are percent-encoded like anything else).
_DESTINATION_SAFE = "!#$&*+,/:;=?@~%-._"
_ANCHOR = re.compile(r"#[a-z0-9]+(?:-[a-z0-9]+)*")
# the generator's own pages, beside the one being written (history.md#version-1-0)
_PAGE = re.compile(r"(?:index|history)\.md(?:#[a-z0-9]+(?:-[a-z0-9]+)*)?")
_PHONE = re.compile(r"tel:\+[0-9]{4,15}")


def destination(target: str) -> str:
    """A link destination Markdown cannot misread: an anchor on the page (`#purpose-x`), one of the
    generator's own pages (`history.md#version-1-0`), `tel:+47…`,
    `mailto:` an address (no query: nothing can add a hidden header), or an https:// address."""
    if _ANCHOR.fullmatch(target) or _PHONE.fullmatch(target) or _PAGE.fullmatch(target):
        return target
    scheme, _, rest = target.partition(":")
    if scheme == "mailto":
        return "mailto:" + quote(rest, safe="@.+-_")
    if scheme.lower() == "https" and rest.startswith("//"):
        # "&" as "&amp;": Python-Markdown writes an "&" that starts something entity-like ("&amp;",
        # "&#38;") into href unchanged, and the browser would decode it
        return scheme + ":" + quote(rest, safe=_DESTINATION_SAFE).replace("&", "&amp;")  # scheme as typed
    raise ValueError(f"not a destination the generator links to: {target!r}")


def link(markdown_text: str, target: str) -> str:
    """A link: `markdown_text` is already encoded (by `plain`, `inline(links=False)` or a label)."""
    return f"[{markdown_text}]({destination(target)})"


def cost(markdown: str) -> int:
    """What encoded content costs the Markdown parser (source/limits.py): each reference starts with
    the text's only "&" (a typed "&" is itself "&#38;"), each link has the text's only "](" ."""
    return len(markdown) + (REFERENCE_COST - 1) * (markdown.count("&") + markdown.count("]("))
