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
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

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


StartTag = Callable[[str, str, list[tuple[str, str | None]]], None]  # (page, tag, attributes)


class _PageParser(HTMLParser):
    def __init__(self, page: str, on_start_tag: StartTag | None) -> None:
        super().__init__()
        self.page = page
        self.on_start_tag = on_start_tag
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.on_start_tag:
            self.on_start_tag(self.page, tag, attrs)
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        url = values.get(_LINK_ATTRIBUTES.get(tag, ""))
        if url is not None:
            self.links.append(url)


def _sitemap_urls(path: Path) -> list[str]:
    import xml.etree.ElementTree as ElementTree  # once per build; a short build feels every import

    urls = []
    for element in ElementTree.parse(path).iter():
        if element.tag.endswith("}loc") and element.text:
            urls.append(element.text.strip())
        elif element.tag.endswith("}link") and element.get("href"):
            urls.append(element.get("href"))
    return urls


def _json_urls(value: object, base_url: str) -> list[str]:
    if isinstance(value, dict):
        return [url for item in value.values() for url in _json_urls(item, base_url)]
    if isinstance(value, list):
        return [url for item in value for url in _json_urls(item, base_url)]
    return [value] if isinstance(value, str) and value.startswith(base_url) else []


def check_site(site_dir: Path, base_url: str, on_start_tag: StartTag | None = None) -> Report:
    """Check every internal link of the site in `site_dir` as if served at `base_url`. Each page is parsed
    once; `on_start_tag` sees every start tag of every page on the way (other checks need no parse of
    their own)."""
    base = urlsplit(base_url if base_url.endswith("/") else base_url + "/")
    pages: dict[str, _PageParser] = {}
    for path in sorted(site_dir.rglob("*.html")):
        name = path.relative_to(site_dir).as_posix()
        parser = _PageParser(name, on_start_tag)
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[name] = parser

    sources: list[tuple[str, list[str]]] = [(name, parser.links) for name, parser in pages.items()]
    for path in sorted(site_dir.rglob("sitemap.xml")):
        sources.append((path.relative_to(site_dir).as_posix(), _sitemap_urls(path)))
    for path in sorted([*site_dir.rglob("*.json"), *site_dir.rglob("*.jsonld")]):
        data = json.loads(path.read_text(encoding="utf-8"))
        sources.append((path.relative_to(site_dir).as_posix(), _json_urls(data, base.geturl())))

    report = Report(pages=len(pages))
    is_file = functools.lru_cache(maxsize=None)(lambda relative: (site_dir / relative).is_file())
    is_dir = functools.lru_cache(maxsize=None)(lambda relative: (site_dir / relative).is_dir())
    for name, links in sources:
        page_url = urljoin(base.geturl(), name)
        for link in links:
            if link.startswith("#") and len(link) > 1 and name in pages:  # most links: to a clause on the page
                report.links += 1
                report.anchors += 1
                if unquote(link[1:]) not in pages[name].ids:
                    report.broken.append(Broken(name, link, f"no element with id '{link[1:]}' in {name}"))
                continue
            _check(link, page_url, name, base, (is_file, is_dir), pages, report)
    return report


def _check(link: str, page_url: str, page: str, base, files: tuple[Callable[[str], bool], Callable[[str], bool]],
           pages: dict[str, _PageParser], report: Report) -> None:
    is_file, is_dir = files
    if link.strip().lower().startswith(_NOT_FETCHED):  # schemes are case-insensitive (MAILTO:)
        return
    absolute, fragment = urldefrag(urljoin(page_url, link.strip()))
    target = urlsplit(absolute)
    if target.scheme not in ("http", "https"):
        report.broken.append(Broken(page, link, f"the scheme '{target.scheme}:' is not a web link"))
        return
    if target.netloc != base.netloc:
        report.external.add(absolute)
        return
    report.links += 1
    if not target.path.startswith(base.path):
        report.broken.append(Broken(page, link, f"leaves the site's base path {base.path} (resolves to {absolute})"))
        return
    relative = unquote(target.path[len(base.path):])
    if relative == "" or relative.endswith("/") or is_dir(relative):
        relative = relative.rstrip("/") + "/index.html" if relative.strip("/") else "index.html"
    if not is_file(relative):
        report.broken.append(Broken(page, link, f"no such file: {relative}"))
        return
    if fragment:
        report.anchors += 1
        target_page = pages.get(relative)
        if target_page is None or unquote(fragment) not in target_page.ids:
            report.broken.append(Broken(page, link, f"no element with id '{fragment}' in {relative}"))
