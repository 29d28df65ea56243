"""What a visitor sees, in a real headless Chromium (Debian's, driven by Playwright).

Every page of both languages, at desktop and mobile width: nothing leaves the host,
axe-core finds no WCAG 2.1 A/AA violation, the switcher leads to the counterpart,
every clause is readable without JavaScript, printing gives a clean document.
Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT
from devtools.serve import serve

pytestmark = pytest.mark.browser

PAGES = {  # (language, page) -> path
    ("no", "policy"): "/",
    ("no", "history"): "/history/",
    ("en", "policy"): "/en/",
    ("en", "history"): "/en/history/",
}
NOT_FOUND = {"no": "/finnes-ikke/", "en": "/en/does-not-exist/"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(built_site):
    with serve(built_site.site) as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture(params=list(VIEWPORTS), scope="module")
def viewport(request):
    return request.param


@pytest.fixture
def context(browser, viewport):
    # bypass_csp: the pages' own <meta> policy would block the axe-core script the tests inject (as it
    # would block any injected script); the policy itself is tested in test_security_headers.py
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    yield context
    context.close()


def run_axe(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make tools`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]]


@pytest.mark.parametrize(("language", "name"), list(PAGES), ids=[f"{lang}-{name}" for lang, name in PAGES])
def test_page_is_private_accessible_and_complete(server, context, built_site, viewport, language, name):
    requests, failures = [], []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: failures.append(response.url) if response.status >= 400 else None)
    page.goto(server + PAGES[language, name], wait_until="networkidle")

    assert page.locator("html").get_attribute("lang") == language
    off_site = [url for url in requests if urlparse(url).hostname != "127.0.0.1"]
    assert not off_site, f"requests to other hosts: {off_site}"
    assert not failures, f"failed requests: {failures}"
    assert context.cookies() == [], "the policy page must not set cookies"
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{language}-{name}-{viewport}.png"), full_page=True)
    assert run_axe(page) == []


@pytest.mark.parametrize("language", ["no", "en"])
def test_not_found_page_speaks_the_visitors_language(server, context, language):
    page = context.new_page()
    response = page.goto(server + NOT_FOUND[language])
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    heading = page.locator("h1#not-found").inner_text()
    assert heading == {"no": "Siden finnes ikke", "en": "Page not found"}[language]
    home = page.locator("article a").first
    home.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == {"no": "/", "en": "/en/"}[language]
    assert run_axe(page) == []


@pytest.mark.parametrize(("language", "other"), [("no", "en"), ("en", "no")])
@pytest.mark.parametrize("name", ["policy", "history"])
def test_language_switcher_leads_to_the_counterpart(server, browser, language, other, name):
    page = browser.new_page()
    page.goto(server + PAGES[language, name])
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang='{other}']").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == PAGES[other, name]
    assert page.locator("html").get_attribute("lang") == other
    page.close()


def test_language_switcher_keeps_the_readers_clause(server, browser):
    page = browser.new_page()
    page.goto(server + "/#purpose-alarm-contacts")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/en/" and urlparse(page.url).fragment == "purpose-alarm-contacts"
    assert page.locator("#purpose-alarm-contacts").inner_text().startswith("Alarm contacts")
    page.close()


@pytest.mark.parametrize("language", ["no", "en"])
def test_every_clause_is_readable_without_javascript(server, browser, built_site, language):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + PAGES[language, "policy"])
    clause_ids = [element["id"] for element in built_site.article(language).find_all(id=True)]
    assert len(clause_ids) > 20
    hidden = [cid for cid in clause_ids if not page.locator(f"article [id='{cid}']").is_visible()]
    assert not hidden
    # the switcher is CSS-only, so it works without JavaScript too
    page.locator(".md-header__option .md-select").hover()
    other = "en" if language == "no" else "no"
    page.locator(f"a.md-select__link[hreflang='{other}']").click()
    assert urlparse(page.url).path == PAGES[other, "policy"]
    context.close()


def test_skip_link_and_visible_focus(server, browser):
    page = browser.new_page()
    page.goto(server + "/")
    page.keyboard.press("Tab")
    skip = page.evaluate("({text: document.activeElement.textContent.trim(), "
                         "href: document.activeElement.getAttribute('href')})")
    assert skip["text"] == "Gå til innhold" and skip["href"].startswith("#")
    assert page.locator("a.md-skip").is_visible(), "the skip link must show when focused"
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
    outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()")
    assert outline[0] != "none" or outline[2] != "none", f"no visible focus indicator: {outline}"
    page.close()


@pytest.mark.parametrize("language", ["no", "en"])
def test_heading_order_has_no_gaps(built_site, language):
    levels = [int(h.name[1]) for h in built_site.article(language).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("language", ["no", "en"])
def test_print_gives_a_clean_document(server, browser, built_site, language):
    page = browser.new_page()
    page.goto(server + PAGES[language, "policy"])
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} shows in print"
    assert page.locator("article h1").is_visible()
    assert page.locator("#version").is_visible()
    url_line = page.locator(".policy-print-url")
    assert url_line.is_visible()
    canonical = built_site.html(language).select_one("link[rel=canonical]")["href"]
    assert canonical in url_line.inner_text()
    page.close()


def test_pdf_per_language(built_site, browser):
    from devtools.pdf import print_pdfs

    written = print_pdfs(built_site.site, ARTIFACTS.parent, browser)
    assert [p.name for p in written] == ["policy-no.pdf", "policy-en.pdf"]
    for pdf in written:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 10_000


def test_page_weight_is_within_budget(built_site, browser):
    from devtools.page_weight import weigh

    results = weigh(built_site.site, browser)
    norwegian = sum(t.gzip for t in results["no"])
    assert norwegian <= 45_000, f"{norwegian} bytes gzip"
    assert all(Path(t.url).suffix != ".woff2" for t in results["no"]), "no web fonts"
