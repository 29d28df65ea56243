"""Serve a built site on 127.0.0.1 the way static hosts do, for browser tests and tools.

Like Cloudflare Pages (and our nginx snippet), a missing path gets the nearest 404.html
up the folder tree, with status 404, so each language's 404 page can be tested.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    site: Path
    extra_headers: ClassVar[dict[str, str]] = {}

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        page = self._nearest_404()
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

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
def serve(site: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `site` on a free port; yields the base URL, e.g. http://127.0.0.1:41234."""
    handler = type("Handler", (_SiteHandler,), {"site": Path(site), "extra_headers": headers or {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
