"""What a visitor sees, in a real headless Chromium (Debian's, driven by Playwright).

Every page of both languages at 320, 360, 390, 768 and 1280 px: nothing leaves the host, axe-core
finds no WCAG 2.1 A/AA violation, the page is never wider than the screen, phone numbers and
e-mail addresses never break, the company's header and the footer are there, the contents sit
beside the text on wide screens and in a disclosure on narrow ones, the overview reflows, the
switch leads to the counterpart (keeping the clause), every clause reads without JavaScript,
printing gives a clean document. Screenshots at 390 and 1280 px land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import urljoin, urlparse

import pytest

from conftest import ROOT, copy_project, run_policysite
from devtools.serve import serve

pytestmark = pytest.mark.browser

PAGES = {  # (language, page) -> path
    ("no", "policy"): "/",
    ("no", "history"): "/history/",
    ("en", "policy"): "/en/",
    ("en", "history"): "/en/history/",
}
NOT_FOUND = {"no": "/finnes-ikke/", "en": "/en/does-not-exist/"}
WIDTHS = {320: 640, 360: 740, 390: 844, 768: 1024, 1280: 900}  # width -> height
SCREENSHOT_WIDTHS = {390, 1280}
WIDE = 960  # from here on the contents sit beside the text (policy.css: 60em)
LANGUAGE_NAMES = {"no": "Norsk", "en": "English"}
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
ACCENT = "#0b5cad"  # policy.yaml's site.accent_color


def rgb(color: str) -> str:
    return "rgb({}, {}, {})".format(*(int(color[i:i + 2], 16) for i in (1, 3, 5)))


@pytest.fixture(scope="module")
def server(built_site):
    with serve(built_site.site) as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture(params=list(WIDTHS), ids=[f"{width}px" for width in WIDTHS], scope="module")
def width(request):
    return request.param


@pytest.fixture
def context(browser, width):
    # bypass_csp: the pages' own <meta> policy would block the axe-core script the tests inject (as it
    # would block any injected script); the policy itself is tested in test_security_headers.py
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}, bypass_csp=True)
    yield context
    context.close()


def run_axe(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make tools`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]]


def overflow(page) -> dict:
    """How far the page reaches beyond the screen sideways, and the elements that do."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect();
            const shown = getComputedStyle(e).visibility !== 'hidden';
            return r.width > 0 && shown && (r.right > width + 0.5 || r.left < -0.5);
        }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
        return {scroll: document.documentElement.scrollWidth, width, wide};
    }""")


def broken_contacts(page) -> list[str]:
    """Phone numbers and e-mail addresses drawn over more than one line."""
    return page.evaluate("""() => [...document.querySelectorAll('a[href^="tel:"], a[href^="mailto:"]')]
        .filter(a => a.getClientRects().length > 1).map(a => a.textContent)""")


def screenshot(page, name: str, width: int) -> None:
    if width in SCREENSHOT_WIDTHS:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize(("language", "name"), list(PAGES), ids=[f"{lang}-{name}" for lang, name in PAGES])
def test_page_is_private_accessible_and_fits_the_screen(server, context, width, language, name):
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

    screenshot(page, f"{language}-{name}", width)
    reach = overflow(page)
    assert reach["scroll"] <= reach["width"] and not reach["wide"], f"wider than the screen: {reach}"
    assert broken_contacts(page) == []
    assert run_axe(page) == []


@pytest.mark.parametrize("language", ["no", "en"])
def test_the_company_header_and_the_footer(server, context, width, language):
    page = context.new_page()
    page.goto(server + PAGES[language, "policy"], wait_until="networkidle")
    header = page.locator("header.policy-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == rgb(ACCENT)
    logo = header.locator("img.policy-brand__logo")
    assert logo.is_visible() and logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert header.locator(".policy-brand__name").inner_text() == "SensorNordic"
    other = "en" if language == "no" else "no"
    switch = header.locator(f"a.policy-language[hreflang='{other}']")
    assert switch.inner_text() == LANGUAGE_NAMES[other] and switch.is_visible()
    assert switch.get_attribute("lang") == other

    footer = page.locator("footer.policy-footer")
    text = footer.inner_text()
    assert "SensorNordic AS" in text
    assert {"no": "Versjon 1.0 · gjelder fra 23. november 2026",
            "en": "Version 1.0 · effective from November 23, 2026"}[language] in text
    links = {a.inner_text(): urljoin(page.url, a.get_attribute("href")) for a in footer.locator("a").all()}
    base = server + PAGES[language, "policy"]
    assert set(links.values()) == {server + PAGES[language, "history"], server + "/policy.json", base + "#contact"}
    for url in links.values():
        assert page.request.get(url).ok, url


@pytest.mark.parametrize("language", ["no", "en"])
def test_contents_beside_the_text_or_behind_a_disclosure(server, context, width, language):
    page = context.new_page()
    page.goto(server + PAGES[language, "policy"])
    wide, narrow = page.locator("nav.policy-toc--wide"), page.locator("details.policy-toc--narrow")
    assert page.locator(".md-sidebar--primary").count() == 0, "no navigation column"
    if width >= WIDE:
        assert wide.is_visible() and not narrow.is_visible()
        content = page.locator(".md-content").bounding_box()
        assert wide.bounding_box()["x"] >= content["x"] + content["width"] - 1, "the contents sit right of the text"
        assert content["x"] < 200, "no empty column left of the text"
    else:
        assert narrow.is_visible() and not wide.is_visible()
        assert not narrow.locator("a").first.is_visible()
        narrow.locator("summary").click()
        narrow.locator("a[href='#contact']").click()
        assert urlparse(page.url).fragment == "contact"
    weights = page.evaluate("['h1', 'h2'].map(h => +getComputedStyle(document.querySelector('article ' + h))"
                            ".fontWeight)")
    assert weights[0] >= weights[1] >= 600, f"the title is the strongest heading: {weights}"


@pytest.mark.parametrize("language", ["no", "en"])
def test_the_overview_reads_as_one_block_per_row_on_a_phone(server, context, width, language):
    page = context.new_page()
    page.goto(server + PAGES[language, "policy"])
    table = page.locator("#overview ~ table").first
    article = page.locator("article").bounding_box()
    box = table.bounding_box()
    assert box["x"] >= article["x"] - 1 and box["x"] + box["width"] <= article["x"] + article["width"] + 1
    rows = table.locator("tbody tr")
    assert rows.count() >= 1
    displays = rows.first.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c).display)")
    if width < 720:
        assert set(displays) == {"block"}, "each row is a block of labelled lines"
        labels = rows.first.locator(".policy-cell-label").evaluate_all("ls => ls.map(l => l.offsetParent !== null)")
        assert labels and all(labels), "each line says what it is"
    else:
        assert set(displays) == {"table-cell"}
        assert rows.first.locator(".policy-cell-label").evaluate_all(
            "ls => ls.every(l => l.offsetParent === null)"), "the column headers say it on wide screens"


@pytest.mark.parametrize("language", ["no", "en"])
def test_not_found_page_speaks_the_visitors_language(server, context, width, language):
    page = context.new_page()
    response = page.goto(server + NOT_FOUND[language])
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    heading = page.locator("h1#not-found").inner_text()
    assert heading == {"no": "Siden finnes ikke", "en": "Page not found"}[language]
    assert page.locator("img.policy-brand__logo").evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, f"{language}-404", width)
    reach = overflow(page)
    assert reach["scroll"] <= reach["width"], reach
    assert run_axe(page) == []
    home = page.locator("article a").first
    home.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == {"no": "/", "en": "/en/"}[language]


@pytest.mark.parametrize(("language", "other"), [("no", "en"), ("en", "no")])
@pytest.mark.parametrize("name", ["policy", "history"])
def test_language_switch_leads_to_the_counterpart(server, browser, language, other, name):
    page = browser.new_page()
    page.goto(server + PAGES[language, name])
    page.locator(f"a.policy-language[hreflang='{other}']").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == PAGES[other, name]
    assert page.locator("html").get_attribute("lang") == other
    page.close()


def test_language_switch_keeps_the_readers_clause(server, browser):
    page = browser.new_page()
    page.goto(server + "/#purpose-alarm-contacts")
    page.locator("a.policy-language[hreflang='en']").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/en/" and urlparse(page.url).fragment == "purpose-alarm-contacts"
    assert page.locator("#purpose-alarm-contacts").inner_text().startswith("Alarm contacts")
    page.close()


@pytest.mark.parametrize("language", ["no", "en"])
def test_every_clause_is_readable_without_javascript(server, browser, built_site, language):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + PAGES[language, "policy"])
    clause_ids = [element["id"] for element in built_site.article(language).find_all(id=True)]
    assert len(clause_ids) > 20
    hidden = [cid for cid in clause_ids if not page.locator(f"article [id='{cid}']").is_visible()]
    assert not hidden
    # the contents disclosure and the language switch need no JavaScript either
    page.locator("details.policy-toc--narrow summary").click()
    assert page.locator("details.policy-toc--narrow a[href='#summary']").is_visible()
    other = "en" if language == "no" else "no"
    page.locator(f"a.policy-language[hreflang='{other}']").click()
    assert urlparse(page.url).path == PAGES[other, "policy"]
    context.close()


def test_the_change_notice_is_shown_first(server, browser, built_site):
    # the published test site is built as of the version's date (no git, no SOURCE_DATE_EPOCH)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server + "/")
    notice = page.locator("article #notice")
    assert notice.is_visible() and notice.get_attribute("role") == "note"
    assert notice.bounding_box()["y"] < 844, "on the first screen"
    assert notice.inner_text().startswith("Endret 23. november 2026: Se hva som er endret")
    assert "Personvernerklæringen publiseres fra én felles kilde" in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/history/" and urlparse(page.url).fragment == "version-1-0"
    page.close()


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
    for chrome in ("header.policy-header", ".policy-toc--wide", ".policy-toc--narrow", "footer.policy-footer"):
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
    from devtools.page_weight import BUDGET_KB, weigh

    results = weigh(built_site.site, browser)
    for language in ("no", "en"):
        total = sum(t.gzip for t in results[language])
        assert total <= BUDGET_KB * 1000, f"{language}: {total} bytes gzip"
        assert all(not t.url.endswith(".woff2") for t in results[language]), "no web fonts"
        assert [t.url for t in results[language] if t.url.endswith(".css")] == ["/assets/stylesheets/site.css"]


@pytest.fixture(scope="module")
def borderline_site(tmp_path_factory):
    """The site with an accent colour just at the AA limit (#767676: 4.54:1 against white)."""
    project = copy_project(tmp_path_factory.mktemp("accent") / "project")
    policy = project / "policy.yaml"
    policy.write_text(re.sub(r'accent_color: "#[0-9a-f]{6}"', 'accent_color: "#767676"',
                             policy.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as base:
        yield base


@pytest.mark.parametrize("viewport", [390, 1280])
@pytest.mark.parametrize("path", ["/", "/en/history/"])
def test_any_accent_colour_that_passes_check_passes_axe(borderline_site, browser, viewport, path):
    context = browser.new_context(viewport={"width": viewport, "height": WIDTHS[viewport]}, bypass_csp=True)
    page = context.new_page()
    page.goto(borderline_site + path, wait_until="networkidle")
    assert page.locator("header.policy-header").evaluate("e => getComputedStyle(e).backgroundColor") == rgb("#767676")
    assert run_axe(page) == []
    context.close()
