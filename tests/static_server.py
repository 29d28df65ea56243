"""A tiny static web server on 127.0.0.1 that sends the headers a `_headers` file asks for,
as Netlify and Cloudflare Pages do, so the browser tests see what visitors will get."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
            assert rules and value, f"malformed _headers line: {line!r}"
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: ClassVar[Rules] = []  # set per server by serve()
    extra_pages: ClassVar[dict[str, bytes]] = {}

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
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(site: Path, with_headers: bool = True, extra_pages: dict[str, bytes] | None = None) -> Iterator[str]:
    """Serve `site` on a free port; yields the base URL. `extra_pages` are served from memory."""
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8")) if with_headers else []
    handler_class = type("Handler", (_Handler,), {"rules": rules, "extra_pages": extra_pages or {}})
    handler = functools.partial(handler_class, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
