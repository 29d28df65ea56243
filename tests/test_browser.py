"""What a visitor sees, in a real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = {"no": "/", "en": "/en/"}

pytestmark = pytest.mark.browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `make browser` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("language", ["no", "en"])
def test_the_page_shows_every_clause_and_stays_on_the_site(server, page, built_site, language):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + PAGES[language], wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == language
    clause_ids = [element["id"] for element in built_site.article(language).find_all(id=True)]
    assert len(clause_ids) > 20
    for clause_id in clause_ids:
        assert page.locator(f"article [id='{clause_id}']").is_visible(), clause_id
    off_site = [url for url in requests if urlparse(url).hostname != "127.0.0.1"]
    assert not off_site, off_site


@pytest.mark.parametrize(("language", "other"), [("no", "en"), ("en", "no")])
def test_the_language_switcher_leads_to_the_counterpart(server, page, language, other):
    page.goto(server + PAGES[language])
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang='{other}']").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == PAGES[other]
    assert page.locator("html").get_attribute("lang") == other
