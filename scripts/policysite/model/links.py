"""Addresses inside policy texts: what becomes a link, and which links `check` refuses.

Texts are never Markdown (see render/encode.py): what becomes a link is decided here, by the
generator, not by syntax. An `https://` address or an e-mail address typed inside a text becomes
a link whose visible text is exactly that address; nothing else in a text is ever a link. So:

- a Markdown link typed in a text (`[words](https://…)`, the old syntax) is refused, with a hint
  to write the address itself (it would otherwise show as brackets);
- an address with credentials (`https://user:password@host/`) is refused wherever it is typed;
- `mailto:` links are made only from validated addresses, with no query (`?bcc=`, `?subject=`):
  a reader's rights request can never carry a hidden header or copy;
- a link that shows a name instead of its address (the complaint authority, linked to its
  website) must not show something that looks like another address (`bank.no`, a URL, an
  e-mail): that would be a phishing-shaped link.

Every pattern here is linear in the length of the text (no nested quantifiers, and matches
only start at a token boundary), because `check` runs them on texts up to the length limit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..source.nodes import Scalar, node_at

if TYPE_CHECKING:
    from ..reporter import Reporter

# An https:// address typed in a text, up to a space, a quote or a character that is never part
# of an address in running text; `address_end` then drops trailing sentence punctuation.
_URL = re.compile(r"(?<![\w.+-])(?i:https)://[^\s<>\"'`{}|\\^\[\]]+")
_AUTHORITY = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*(?::[0-9]{1,5})?")
# What e-mail fields accept (fields.Email), and what a text links: letters, digits and . _ + -
# before the @ ("%" is not accepted: a mail program would decode it, so the address written to
# would differ from the one shown). In a text an address starts only where a word starts.
EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMAIL_IN_TEXT = re.compile(rf"(?<![\w.%+@-])(?:{EMAIL.pattern})(?![\w@-])")
# Any scheme://user@host, linked or not: credentials never belong in a published policy.
_CREDENTIALS = re.compile(r"(?<![\w+.-])[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@<>\"']*@")
# Anything that looks like an address, for link texts: a URL of any scheme, an e-mail, a host name.
_ANY_URL = re.compile(r"(?<![\w+.-])[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"']+")
_HOST = re.compile(r"(?<![\w.@/:-])[^\W_][\w-]*(?:\.[\w-]+)+")
_TRAILING = ".,:;!?"


class Address(NamedTuple):
    """An address found in a text: where it is, and what the link points to."""

    start: int
    end: int
    kind: str  # "url" or "email"

    def text(self, value: str) -> str:
        return value[self.start:self.end]


def address_end(text: str, start: int, end: int) -> int:
    """Where a URL candidate really ends: not at a sentence's full stop, nor at a closing
    parenthesis the address did not open ("(see https://example.no/)")."""
    opened, closed = text.count("(", start, end), text.count(")", start, end)
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")" and opened < closed:
            end, closed = end - 1, closed - 1
        else:
            break
    return end


def _web_address(text: str, start: int, end: int) -> bool:
    """An https address with a host name (no credentials: `check` refuses those)."""
    rest = text[text.index("//", start) + 2:end]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return "@" not in authority and bool(_AUTHORITY.fullmatch(authority)) and "." in authority


def find_addresses(text: str) -> list[Address]:
    """The https:// and e-mail addresses in `text` that the page shows as links, in order."""
    found = []
    for match in _URL.finditer(text):
        end = address_end(text, match.start(), match.end())
        if _web_address(text, match.start(), end):
            found.append(Address(match.start(), end, "url"))
    taken = [(a.start, a.end) for a in found]
    for match in _EMAIL_IN_TEXT.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            found.append(Address(match.start(), match.end(), "email"))
    return sorted(found)


def host_of(url: str) -> str:
    """The host of an absolute URL, lower case, without "www." and a port."""
    rest = url.split("://", 1)[-1]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    host = authority.split(":", 1)[0].lower().rstrip(".")
    return host.removeprefix("www.")


def address_like(text: str) -> list[tuple[int, str]]:
    """(offset, host or address) of everything in `text` that reads as an address: a URL of any
    scheme, an e-mail address or a host name such as www.bank.no."""
    found = [(m.start(), m.group(0)) for m in _ANY_URL.finditer(text)]
    found += [(m.start(), m.group(0)) for m in _EMAIL_IN_TEXT.finditer(text)]
    covered = [(start, start + len(token)) for start, token in found]
    for match in _HOST.finditer(text):
        token = match.group(0).rstrip(_TRAILING)
        labels = token.split(".")
        if (len(labels) >= 2 and labels[-1].isalpha() and len(labels[-1]) >= 2
                and all(label and not label.startswith("-") and not label.endswith("-") for label in labels)
                and not any(start <= match.start() < end for start, end in covered)):
            found.append((match.start(), token))
    return sorted(found)


def shown_address_mismatch(visible: str, destination: str) -> tuple[int, str] | None:
    """The first address-like part of a link's visible text that is not where the link goes
    (`destination` is an https URL); None when the text names no other address."""
    target = host_of(destination)
    for offset, token in address_like(visible):
        if "@" in token and "://" not in token:
            return offset, token  # an e-mail address shown on a link to a web page
        host = host_of(token) if "://" in token else token.lower().removeprefix("www.")
        if host != target and not target.endswith("." + host):
            return offset, token
    return None


def _markdown_links(text: str) -> list[int]:
    """Offsets of the `[` opening each Markdown link or image (`[words](…)`, `![alt](…)`), brackets
    nested or not; one pass over the brackets."""
    if "](" not in text:
        return []
    found, opened = [], []
    for match in re.finditer(r"\[|\](\()?", text):
        if match.group(0) == "[":
            opened.append(match.start())
        elif opened:
            start = opened.pop()
            if match.group(1):
                found.append(start - 1 if start and text[start - 1] == "!" else start)
    return sorted(found)


def _counted(offsets: list[int], message: str) -> list[tuple[int, str]]:
    """The first of several like problems in one text, with how many there are."""
    if not offsets:
        return []
    more = f" (and {len(offsets) - 1:,} more in this text)" if len(offsets) > 1 else ""
    return [(offsets[0], message + more)]


def link_problems(text: str) -> list[tuple[int, str, str]]:
    """(offset in `text`, message, hint) for the first Markdown link and the first address with
    credentials in `text` (each message counts the others)."""
    if "](" not in text and "://" not in text:  # the usual text: nothing to look for
        return []
    links = _counted(_markdown_links(text), "the text contains a Markdown link; texts are shown exactly as "
                                            "typed, so the brackets and parentheses would appear on the page")
    credentials = _counted([m.start() for m in _CREDENTIALS.finditer(text)],
                           "the text contains an address with a user name or password before '@'")
    return sorted([(offset, message, "write the address itself, e.g. 'see https://www.datatilsynet.no/' or "
                    "'write to post@example.no': every https:// and e-mail address in a text becomes a link "
                    "by itself, and links to the policy's sections are made by the page")
                   for offset, message in links]
                  + [(offset, message, "remove the user name and password (everything from '//' up to and "
                      "including '@'): a published page must not carry credentials")
                     for offset, message in credentials])


def check_links(node: Scalar, path: str, checker: Reporter) -> bool:
    """Report every refused link in a scalar at its own line and column; True when there is none."""
    problems = link_problems(node.value)
    for offset, message, hint in problems:
        checker.report_at(checker.source.value_location(node, offset), path, message, hint)
    return not problems


def check_link_text(checker: Reporter, path: str, visible: str, destination: str) -> None:
    """Refuse, at the value at `path`, a link text that shows another address than the link's
    (e.g. a complaint authority named "www.bank.no" but linked to its `website`)."""
    mismatch = shown_address_mismatch(visible, destination)
    if mismatch is None:
        return
    offset, shown = mismatch
    node = node_at(checker.source.root, path)
    location = (checker.source.value_location(node, offset) if isinstance(node, Scalar)
                else checker.source.location(getattr(node, "line", 0), getattr(node, "column", 0)))
    checker.report_at(location, path, f"the page links this text to {destination}, but it looks like the address "
                      f"'{shown}'", "write the name without an address, or make the link go to that address: "
                      "a link that shows one address and opens another is how phishing links look")
