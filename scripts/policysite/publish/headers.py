"""Security headers for the built site, and the Content-Security-Policy every page also carries itself.

One policy, defined here, goes two ways: as a header (`_headers` for Netlify and Cloudflare Pages, an
nginx snippet; both inside the site folder, so they always match the pages they were made from), and
as `<meta http-equiv="Content-Security-Policy">` in every page (overrides/main.html, through the theme
hook), for hosts that cannot send headers, such as GitHub Pages. A meta policy cannot carry
`frame-ancestors` (browsers ignore it there, with a console error), so only the header forbids framing;
X-Frame-Options and the other headers exist only as headers too.

No inline code: the policy allows scripts and styles from the site's own files only, and the build refuses
a page with an inline script, an inline style, a style attribute or an event-handler attribute. Allowing one
by its hash would not work for the meta policy: it is written into the page before the page exists, so it
cannot name hashes of what the theme writes later in the same page, and rewriting every page afterwards
would put a second engine behind the engine. A constant policy is also one the tests can state exactly.
`_redirects` (Netlify) and the nginx snippet also send each language's own 404 page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .page_scan import Scan

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx-security-headers.conf"
REDIRECTS_FILE = "_redirects"
# Script types the browser executes (an empty type is JavaScript); JSON data blocks are not.
_EXECUTED = {"", "text/javascript", "application/javascript", "module"}

_DIRECTIVES = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # the theme's icons are data: SVGs in its CSS
    "font-src": "'self'",
    # no fetch, worker or manifest: default-src 'none' covers them; no form posts anywhere
    "form-action": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
_HEADER_ONLY = {"frame-ancestors"}  # ignored in a <meta> policy (CSP level 3, section 6.1.1)


def content_security_policy(meta: bool = False) -> str:
    """The policy as a header, or (`meta`) what of it a `<meta http-equiv>` tag can carry."""
    return "; ".join(f"{name} {value}" for name, value in _DIRECTIVES.items() if not (meta and name in _HEADER_ONLY))


def inline_code(pages: dict[str, Scan]) -> list[str]:
    """The inline code the built pages bring (should be none): a script without src, a style element, a
    style attribute, an event handler. Read from the parse every check of the built site shares."""
    found: list[str] = []
    for page, scanned in pages.items():
        # most pages have no style or on* attribute at all: then only <script> and <style> need a look
        attributes = any(name == "style" or name.startswith("on") for name in scanned.attribute_names)
        for tag, attrs in scanned.tags:
            if not attributes and tag != "script" and tag != "style":
                continue
            found += [f"{page}: a {name}=\"…\" attribute on <{tag}>" for name, _ in attrs
                      if name == "style" or name.startswith("on")]
            values = {name: value or "" for name, value in attrs}
            if tag == "script" and "src" not in values and values.get("type", "").lower() in _EXECUTED:
                found.append(f"{page}: an inline <script>")
            elif tag == "style":
                found.append(f"{page}: an inline <style>")
    return found


def security_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(),
        "Referrer-Policy": "no-referrer",  # a privacy page tells no one where its visitors go next
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
        "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                              "microphone=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def headers_file(headers: dict[str, str], base_path: str) -> str:
    lines = ["# Security headers for Netlify and Cloudflare Pages, written by `policysite build`.",
             "# Publish it with the pages of the same build.",
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
    lines = ["# Security headers for nginx, written by `policysite build`: publish it with the pages of that build.",
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
    """Write both header files (and Netlify's _redirects) into `site_dir`; returns the headers."""
    headers = security_headers()
    base_path = urlsplit(site_url).path or "/"
    (site_dir / HEADERS_FILE).write_text(headers_file(headers, base_path), encoding="utf-8")
    folders = language_404_folders(site_dir)
    (site_dir / NGINX_FILE).write_text(nginx_snippet(headers, folders, base_path), encoding="utf-8")
    (site_dir / REDIRECTS_FILE).write_text(redirects_file(folders, base_path), encoding="utf-8")
    return headers
