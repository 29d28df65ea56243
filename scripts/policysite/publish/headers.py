"""Security headers for the built site, with a Content-Security-Policy that its pages satisfy.

The pages carry no inline scripts today (the theme's are dropped in overrides/). Should
one come back, it is not allowed by 'unsafe-inline': the built pages are scanned and each
inline script (and inline style, if any) is allowed by its SHA-256 hash. The result is
written for the common static hosts: `_headers` (Netlify, Cloudflare Pages) and an nginx
snippet, both inside the site folder, so they always match the pages they were made from.
`_redirects` (Netlify) and the nginx snippet also send each language's own 404 page.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx-security-headers.conf"
REDIRECTS_FILE = "_redirects"
# Script types the browser executes (an empty type is JavaScript); JSON data blocks are not.
_EXECUTED = {"", "text/javascript", "application/javascript", "module"}


@dataclass
class InlineCode:
    scripts: set[str] = field(default_factory=set)  # CSP hash sources, e.g. 'sha256-...'
    styles: set[str] = field(default_factory=set)
    style_attributes: set[str] = field(default_factory=set)


def csp_hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class _Scanner(HTMLParser):
    def __init__(self, found: InlineCode):
        super().__init__(convert_charrefs=False)  # hashes are over the exact bytes between the tags
        self.found = found
        self._element: str | None = None
        self._chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.found.style_attributes.add(csp_hash(values["style"]))
        if (tag == "script" and "src" not in values and values.get("type", "").lower() in _EXECUTED) \
                or tag == "style":
            self._element, self._chunks = tag, []

    def handle_data(self, data: str) -> None:
        if self._element:
            self._chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._element:
            target = self.found.scripts if tag == "script" else self.found.styles
            target.add(csp_hash("".join(self._chunks)))
            self._element = None


def scan_site(site_dir: Path) -> InlineCode:
    found = InlineCode()
    for page in sorted(site_dir.rglob("*.html")):
        scanner = _Scanner(found)
        scanner.feed(page.read_text(encoding="utf-8"))
        scanner.close()
    return found


def content_security_policy(inline: InlineCode) -> str:
    def sources(*fixed: str, hashes: set[str] = frozenset(), unsafe_hashes: bool = False) -> str:
        extra = ["'unsafe-hashes'"] if unsafe_hashes and hashes else []
        return " ".join([*fixed, *extra, *sorted(hashes)])

    directives = {
        "default-src": "'none'",
        "script-src": sources("'self'", hashes=inline.scripts),
        "style-src": sources("'self'", hashes=inline.styles | inline.style_attributes,
                             unsafe_hashes=bool(inline.style_attributes)),
        "img-src": "'self' data:",  # the theme's icons are data: SVGs in its CSS
        "font-src": "'self'",
        # no fetch, worker or manifest: default-src 'none' covers them; no form posts anywhere
        "form-action": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(inline: InlineCode) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(inline),
        "Referrer-Policy": "no-referrer",  # a privacy page tells no one where its visitors go next
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
        "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                              "microphone=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def headers_file(headers: dict[str, str], base_path: str) -> str:
    lines = ["# Security headers for Netlify and Cloudflare Pages, written by `policysite build`.",
             "# The CSP hashes match this build's inline scripts: publish this file with these pages.",
             f"{base_path}*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    lines += [f"{base_path}policy.jsonld", "  Content-Type: application/ld+json; charset=utf-8"]
    return "\n".join(lines) + "\n"


def language_404_folders(site_dir: Path) -> list[str]:
    """Folders (relative, e.g. "en/") that have a 404 page of their own."""
    return sorted(f"{page.parent.relative_to(site_dir).as_posix()}/" for page in site_dir.glob("*/404.html"))


def redirects_file(folders: list[str], base_path: str) -> str:
    lines = ["# Netlify: a missing page under a language folder gets that language's 404 page.",
             *(f"{base_path}{folder}*  {base_path}{folder}404.html  404" for folder in folders)]
    return "\n".join(lines) + "\n"


def nginx_snippet(headers: dict[str, str], folders: list[str], base_path: str) -> str:
    lines = ["# Security headers for nginx, written by `policysite build`; the CSP hashes match this build.",
             "# Include it in the server {} block that serves the site. A location {} with add_header",
             "# lines of its own does not inherit these: include the file there too.",
             *(f'add_header {name} "{value}" always;' for name, value in headers.items()),
             "location ~ \\.jsonld$ { types { application/ld+json jsonld; } }",
             f"location ~ /({HEADERS_FILE}|{REDIRECTS_FILE}|{NGINX_FILE.replace('.', '[.]')})$ {{ return 404; }}",
             f"error_page 404 {base_path}404.html;",
             *(f"location ^~ {base_path}{folder} {{ error_page 404 {base_path}{folder}404.html; }}"
               for folder in folders)]
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path, site_url: str) -> dict[str, str]:
    """Scan the built pages and write both header files into `site_dir`; returns the headers."""
    headers = security_headers(scan_site(site_dir))
    base_path = urlsplit(site_url).path or "/"
    (site_dir / HEADERS_FILE).write_text(headers_file(headers, base_path), encoding="utf-8")
    folders = language_404_folders(site_dir)
    (site_dir / NGINX_FILE).write_text(nginx_snippet(headers, folders, base_path), encoding="utf-8")
    (site_dir / REDIRECTS_FILE).write_text(redirects_file(folders, base_path), encoding="utf-8")
    return headers
