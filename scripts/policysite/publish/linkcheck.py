"""A link checker for the built site, as it will be served from its public URL.

Every page is placed at its public address (`base_url` + its path), and every link,
resource, canonical/alternate URL, sitemap entry and same-site URL inside the JSON
exports is resolved from there. A link is internal when it stays on the site's host
*and* under its base path: a root-absolute `/assets/...` on a site published at
`https://example.github.io/policy/` is broken, which is exactly the sub-path mistake
this catches. Fragments must name an id on the target page. External links are only
counted (no network).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .page_scan import Scan, content_digest, scan_pages

_LINK_ATTRIBUTES = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src",
                    "source": "src", "iframe": "src", "video": "src", "audio": "src", "form": "action"}
_NOT_FETCHED = ("mailto:", "tel:")


@dataclass(frozen=True)
class Broken:
    page: str  # site-relative path of the file holding the link
    url: str  # as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url}: {self.reason}"


@dataclass
class Report:
    pages: int = 0
    links: int = 0  # internal links checked
    anchors: int = 0  # of those, links with a fragment checked against the target's ids
    external: set[str] = field(default_factory=set)
    broken: list[Broken] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.pages} page(s), {self.links} internal link(s) of which {self.anchors} to anchors, "
                f"{len(self.external)} external link(s) not checked, {len(self.broken)} broken")


@dataclass
class _Page:
    ids: set[str]
    links: list[str]


def _read(page: Scan) -> _Page:
    ids: set[str] = set()
    links: list[str] = []
    for tag, attributes in page.tags:
        if not attributes:
            continue
        values = dict(attributes)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                ids.add(values[key])
        url = values.get(_LINK_ATTRIBUTES.get(tag, ""))
        if url is not None:
            links.append(url)
    return _Page(ids, links)


def _sitemap_urls(path: Path) -> list[str]:
    import xml.etree.ElementTree as ElementTree  # once per build; a short build feels every import

    urls = []
    for element in ElementTree.parse(path).iter():
        if element.tag.endswith("}loc") and element.text:
            urls.append(element.text.strip())
        elif element.tag.endswith("}link") and element.get("href"):
            urls.append(element.get("href"))
    return urls


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BLANK = " \t\n\r"


def _json_urls(text: str, document: object, base_url: str) -> list[str]:
    """The string values (not keys) under `base_url` anywhere in the JSON `document` decoded from `text`, in
    document order. The exports of a large policy hold hundreds of thousands of strings and a few thousand
    URLs: the URLs are found in the text, without walking the rest."""
    if "\\/" in text or "\\u" in text:  # a writer that escapes: the URL's text may differ from its value
        return _walked_urls(document, base_url)
    # Without those escapes a value starts with the base URL exactly when its text does. A quote in valid
    # JSON is escaped inside a string, so one after `[ { : ,` (blanks between) or at the start opens one.
    opening = '"' + json.dumps(base_url, ensure_ascii=False)[1:-1]
    found: list[str] = []
    position = text.find(opening)
    while position != -1:
        before = position - 1
        while before >= 0 and text[before] in _JSON_BLANK:
            before -= 1
        if before >= 0 and text[before] not in "[{:,":  # the quote is escaped: inside another string
            position = text.find(opening, position + 1)
            continue
        token = text[position:text.find('"', position + len(opening)) + 1]
        if "\\" in token:  # an escape: the next quote may be an escaped one, not the closing one
            token = _JSON_STRING.match(text, position).group()
        end = after = position + len(token)
        while after < len(text) and text[after] in _JSON_BLANK:
            after += 1
        if text[after:after + 1] != ":":  # a value, not a key
            found.append(json.loads(token) if "\\" in token else token[1:-1])
        position = text.find(opening, end)
    return found


def json_urls(data: bytes, base_url: str) -> list[str]:
    """The same-site URLs (under `base_url`) in a JSON file; raises ValueError when it is not JSON in UTF-8."""
    text = data.decode("utf-8")
    return _json_urls(text, json.loads(text), base_url)


# Parsing the export files of a large policy (megabytes of JSON) was half of the link check. They are made on
# the machine's other core while the engine builds (pipeline.start_ahead), which finds their URLs there too;
# the check then takes those for a file with exactly those bytes (same digest), and parses any other file.
_known_json: dict[tuple[bytes, str], list[str]] = {}


def _base(base_url: str) -> str:
    return urlsplit(base_url if base_url.endswith("/") else base_url + "/").geturl()


def urls_by_content(texts: Iterable[str], base_url: str) -> dict[bytes, list[str]]:
    """For JSON files about to be written (UTF-8): each one's same-site URLs, by the digest of its bytes."""
    return {content_digest(data): json_urls(data, _base(base_url))
            for data in (text.encode("utf-8") for text in texts)}


def remember_urls(found: dict[bytes, list[str]], base_url: str) -> None:
    """Let the next check of a site at `base_url` take these (urls_by_content) instead of parsing the files."""
    global _known_json
    _known_json = {(digest, _base(base_url)): urls for digest, urls in found.items()}


def _walked_urls(value: object, base_url: str) -> list[str]:
    """The same, from the decoded document (without recursion: it may be deep)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item.startswith(base_url):
                found.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(item.values()))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def check_site(site_dir: Path, base_url: str, scans: dict[str, Scan] | None = None) -> Report:
    """Check every internal link of the site in `site_dir` as if served at `base_url`. Each page is parsed
    once (page_scan: shared with the stylesheet cut and the inline-code check; pass `scans` when read)."""
    base = urlsplit(_base(base_url))
    pages = {name: _read(scanned) for name, scanned in (scans or scan_pages(site_dir)).items()}

    sources: list[tuple[str, list[str]]] = [(name, page.links) for name, page in pages.items()]
    for path in sorted(site_dir.rglob("sitemap.xml")):
        sources.append((path.relative_to(site_dir).as_posix(), _sitemap_urls(path)))
    for path in sorted([*site_dir.rglob("*.json"), *site_dir.rglob("*.jsonld")]):
        data = path.read_bytes()
        urls = _known_json.get((content_digest(data), base.geturl()))
        if urls is None:
            urls = json_urls(data, base.geturl())  # a broken export is an error, not a file without links
        sources.append((path.relative_to(site_dir).as_posix(), urls))

    report = Report(pages=len(pages))
    resolve = functools.lru_cache(maxsize=None)(functools.partial(_resolve, site_dir, base))
    for name, links in sources:
        page_url = urljoin(base.geturl(), name)
        for link in links:
            if link.startswith("#") and len(link) > 1 and name in pages:  # most links: to a clause on the page
                report.links += 1
                report.anchors += 1
                if unquote(link[1:]) not in pages[name].ids:
                    report.broken.append(Broken(name, link, f"no element with id '{link[1:]}' in {name}"))
                continue
            _check(link, page_url, name, resolve, pages, report)
    return report


def _resolve(site_dir: Path, base, page_url: str, address: str) -> tuple[str, str]:
    """Where a link without its fragment leads from `page_url`: ("file", the site-relative file),
    ("external", the URL), or why it is broken: ("not web", why) or ("broken", why) for an internal
    link. The many links of a page to one address (clauses on another page, exports naming the pages)
    resolve once."""
    absolute = urljoin(page_url, address)
    target = urlsplit(absolute)
    if target.scheme not in ("http", "https"):
        return "not web", f"the scheme '{target.scheme}:' is not a web link"
    if target.netloc != base.netloc:
        return "external", absolute
    if not target.path.startswith(base.path):
        return "broken", f"leaves the site's base path {base.path} (resolves to {absolute})"
    relative = unquote(target.path[len(base.path):])
    if relative == "" or relative.endswith("/") or (site_dir / relative).is_dir():
        relative = relative.rstrip("/") + "/index.html" if relative.strip("/") else "index.html"
    if not (site_dir / relative).is_file():
        return "broken", f"no such file: {relative}"
    return "file", relative


def _check(link: str, page_url: str, page: str, resolve: Callable[[str, str], tuple[str, str]],
           pages: dict[str, _Page], report: Report) -> None:
    if link.strip().lower().startswith(_NOT_FETCHED):  # schemes are case-insensitive (MAILTO:)
        return
    address, _, fragment = link.strip().partition("#")
    kind, found = resolve(page_url, address)
    if kind == "external":
        report.external.add(found)
        return
    if kind != "not web":
        report.links += 1
    if kind != "file":
        report.broken.append(Broken(page, link, found))
        return
    if fragment:
        report.anchors += 1
        target_page = pages.get(found)
        if target_page is None or unquote(fragment) not in target_page.ids:
            report.broken.append(Broken(page, link, f"no element with id '{fragment}' in {found}"))
