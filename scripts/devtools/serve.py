"""Serve a built site on 127.0.0.1 the way static hosts do, for browser tests and tools.

- A missing path gets the nearest 404.html up the folder tree, with status 404, as on
  Cloudflare Pages and with our nginx snippet, so each language's 404 page can be tested.
- With `with_headers`, every response carries the headers the site's `_headers` file asks
  for, as Netlify and Cloudflare Pages send them, so tests see the CSP visitors will get.
- `extra_pages` are served from memory (probe pages for tests).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

Rules = list[tuple[re.Pattern[str], list[tuple[str, str]]]]


def parse_headers_file(text: str) -> Rules:
    """Netlify/Cloudflare `_headers`: a path pattern line, then indented `Name: value` lines."""
    rules: Rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((re.compile(re.escape(line.strip()).replace(r"\*", ".*") + "$"), []))
        else:
            name, _, value = line.strip().partition(":")
            if not rules or not value:
                raise ValueError(f"malformed _headers line: {line!r}")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    site: Path
    rules: ClassVar[Rules] = []
    extra_pages: ClassVar[dict[str, bytes]] = {}

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _headers_for_path(self) -> list[tuple[str, str]]:
        path = urlsplit(self.path).path
        return [header for pattern, headers in self.rules if pattern.match(path) for header in headers]

    def guess_type(self, path) -> str:
        for name, value in self._headers_for_path():
            if name.lower() == "content-type":
                return value
        return super().guess_type(path)

    def end_headers(self) -> None:
        for name, value in self._headers_for_path():
            if name.lower() != "content-type":
                self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        body = self.extra_pages.get(urlsplit(self.path).path)
        if body is None:
            super().do_GET()
        else:
            self._send_body(200, body)

    def send_error(self, code, message=None, explain=None) -> None:
        page = self._nearest_404() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
        else:
            self._send_body(404, page.read_bytes())

    def _send_body(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _nearest_404(self) -> Path | None:
        folder = Path(self.translate_path(self.path))
        site = self.site.resolve()
        while True:
            folder = folder.parent
            if (folder / "404.html").is_file():
                return folder / "404.html"
            if folder == site or site not in folder.parents:
                return site / "404.html" if (site / "404.html").is_file() else None


@contextlib.contextmanager
def serve(site: Path, with_headers: bool = False, extra_pages: dict[str, bytes] | None = None) -> Iterator[str]:
    """Serve `site` on a free port; yields the base URL, e.g. http://127.0.0.1:41234."""
    site = Path(site)
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8")) if with_headers else []
    handler = type("Handler", (_SiteHandler,), {"site": site, "rules": rules, "extra_pages": extra_pages or {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
