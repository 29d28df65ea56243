"""One parse of each built page, shared by every check that reads the built site.

The stylesheet cut (which elements exist), the link check (ids, links) and the inline-code check (every
start tag) all need the start tags of every page. Parsing HTML in Python is the slowest part of
reading a built site (about half a second per 1,000 purposes), and the engine's hook and the build
wrapper run in one process: so each page is parsed once, and a later reader of the same bytes gets
the same scan. Scans are keyed by the page's content, never by its path, so a page that changed is
always parsed again; the cache holds only the pages of the latest site read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

Attributes = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Scan:
    """The start tags of one page, in order, with their attributes as written (entities decoded)."""

    tags: tuple[tuple[str, Attributes], ...]

    @cached_property
    def elements(self) -> frozenset[tuple[str, tuple[tuple[str, str], ...]]]:
        """Each distinct element as (tag, sorted attributes), a missing value read as ''."""
        return frozenset((tag, tuple(sorted((name, value or "") for name, value in attributes)))
                         for tag, attributes in self.tags)

    @cached_property
    def attribute_names(self) -> frozenset[str]:
        """Every attribute name on the page: most checks of one attribute can skip a page without it."""
        return frozenset(name for _, attributes in self.tags for name, _ in attributes)


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, Attributes]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))


def scan(document: str) -> Scan:
    parser = _StartTags()
    parser.feed(document)
    parser.close()
    return Scan(tuple(parser.tags))


def content_digest(data: bytes) -> bytes:
    """What a file's reads are keyed by: its content, never its path (a changed file is read again)."""
    return hashlib.blake2b(data, digest_size=16).digest()


_latest: dict[bytes, Scan] = {}  # content digest -> scan, for the pages of the latest site read


def scan_pages(site_dir: Path) -> dict[str, Scan]:
    """Every `*.html` page under `site_dir` by its site-relative path (sorted), each parsed once per content."""
    global _latest
    scans: dict[str, Scan] = {}
    seen: dict[bytes, Scan] = {}
    for path in sorted(site_dir.rglob("*.html")):
        data = path.read_bytes()
        digest = content_digest(data)
        found = seen.get(digest) or _latest.get(digest) or scan(data.decode("utf-8"))
        seen[digest] = scans[path.relative_to(site_dir).as_posix()] = found
    _latest = seen
    return scans
