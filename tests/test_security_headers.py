"""Security headers: the published `_headers` and nginx files, and a real Chromium served with them."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import run_policysite
from devtools.serve import parse_headers_file, serve

pytestmark = pytest.mark.browser

PROBE = "/csp-probe.html"  # an inline script the build never saw: the policy must block it
PROBE_PAGE = b"<!doctype html><html lang=en><title>probe</title><script>document.title = 'ran'</script></html>"
FRAMER = "/framer.html"
LISTENER = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}`));
"""
EXPECTED = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def published_headers(site) -> dict[str, str]:
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    return dict(next(headers for pattern, headers in rules if pattern.pattern == "/.*$"))


def directives(csp: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}


def inline_code(site) -> list[str]:
    """Computed independently of the build: inline scripts, styles and their attributes on every page."""
    found = []
    for page in site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found += [f"{page.name}: {tag.name}" for tag in html.find_all(["script", "style"]) if not tag.get("src")
                  and tag.get("type", "") in ("", "text/javascript", "module", "text/css")]
        found += [f"{page.name}: {name}=" for tag in html.find_all(True) for name in tag.attrs
                  if name == "style" or name.startswith("on")]
    return found


def test_the_policy_is_strict_and_the_pages_need_nothing_inline(published_site):
    headers = published_headers(published_site.site)
    csp = directives(headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    assert csp == {"default-src": ["'none'"], "script-src": ["'self'"], "style-src": ["'self'"],
                   "img-src": ["'self'", "data:"], "font-src": ["'self'"], "form-action": ["'none'"],
                   "base-uri": ["'none'"], "frame-ancestors": ["'none'"]}
    assert inline_code(published_site.site) == []
    for name, value in EXPECTED.items():
        assert headers[name] == value
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


def test_every_page_carries_the_same_policy_in_a_meta_tag(published_site):
    header = directives(published_headers(published_site.site)["Content-Security-Policy"])
    for page in sorted(published_site.site.rglob("*.html")):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        metas = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, page
        # everything the header says except frame-ancestors, which browsers ignore in a <meta> policy
        assert directives(metas[0]["content"]) == {k: v for k, v in header.items() if k != "frame-ancestors"}, page
        # before anything the page loads: a <meta> policy governs only what comes after it
        first = head.find(lambda tag: tag.name in ("link", "script", "style", "base"))
        assert metas[0].sourceline < first.sourceline, page


def test_the_build_refuses_inline_code(project):
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}<script>track()</script><p style="color: red">x</p>'),
        encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 1
    assert "index.html: an inline <script>" in result.stderr
    assert 'index.html: a style="…" attribute on <p>' in result.stderr
    assert not (project / "site").exists()


def test_the_nginx_snippet_sends_the_same_headers(published_site):
    snippet = (published_site.site / "nginx-security-headers.conf").read_text(encoding="utf-8")
    sent = dict(re.findall(r'^add_header (\S+) "([^"]*)" always;$', snippet, flags=re.M))
    assert sent == published_headers(published_site.site)
    assert re.search(r"^location ~ /\(_headers\|_redirects\|nginx-security-headers\[\.\]conf\)\$ \{ return 404; \}$",
                     snippet, flags=re.M)
    # each language's own 404 page, for nginx and for Netlify
    assert "error_page 404 /404.html;" in snippet.splitlines()
    assert "location ^~ /en/ { error_page 404 /en/404.html; }" in snippet.splitlines()
    redirects = (published_site.site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/en/*  /en/404.html  404" in redirects


@pytest.fixture(scope="module")
def secured(published_site):
    framer = '<!doctype html><html lang=en><title>framer</title><iframe src="{origin}/"></iframe></html>'
    with serve(published_site.site, with_headers=True, extra_pages={PROBE: PROBE_PAGE}) as url:
        pages = {FRAMER: framer.replace("{origin}", url).encode()}
        with serve(published_site.site, extra_pages=pages) as other_origin:
            yield url, other_origin


def visit(chromium, url: str, interact=None) -> tuple[list[str], list[str], dict[str, str], object]:
    context = chromium.new_context()
    page = context.new_page()
    page.add_init_script(LISTENER)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    response = page.goto(url, wait_until="networkidle")
    if interact:
        interact(page)
    page.wait_for_timeout(200)  # violation events are dispatched asynchronously
    violations = page.evaluate("window.__violations")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    state = {"title": page.title(), "scripts ran": any(name.endswith("/switcher.js") for name in loaded)}
    csp_console = [text for text in console if "Content Security Policy" in text]
    context.close()
    return violations, csp_console, state, response


def use_the_page(page) -> None:
    """What a visitor does: point at the language switch, follow a table-of-contents link, scroll down."""
    if page.locator("a.policy-language").count():
        page.locator("a.policy-language").first.hover()
    if page.locator("nav.policy-toc--wide a").count():
        page.locator("nav.policy-toc--wide a").last.click()
    page.mouse.wheel(0, 4000)


def test_every_page_loads_with_zero_csp_violations(secured, chromium, published_site):
    url, _ = secured
    csp = published_headers(published_site.site)["Content-Security-Policy"]
    pages = sorted(p.relative_to(published_site.site).as_posix() for p in published_site.site.rglob("*.html"))
    assert pages == ["404.html", "en/404.html", "en/history/index.html", "en/index.html", "history/index.html",
                     "index.html"]
    for name in pages:
        path = "/" + name.removesuffix("index.html")
        violations, console, state, response = visit(chromium, url + path, use_the_page)
        assert response.headers["content-security-policy"] == csp, path
        assert violations == [] and console == [], f"{path}: {violations} {console}"
        assert state["scripts ran"], f"{path}: the site's own script was not loaded"


def test_without_headers_the_meta_policy_still_protects_every_page(published_site, chromium):
    """GitHub Pages sends no headers: the pages' own <meta> policy must hold by itself."""
    site = published_site.site
    page = (site / "en" / "index.html").read_text(encoding="utf-8")
    # what an injection into the page body would try: run inline code, load from another host
    injected = page.replace("<article", '<script>document.title = "ran"</script>'
                            '<img src="https://tracker.example/pixel.gif" alt=""><article', 1).encode()
    with serve(site, with_headers=False, extra_pages={"/en/injected.html": injected}) as url:
        for name in sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")):
            violations, console, state, response = visit(chromium, f"{url}/{name.removesuffix('index.html')}",
                                                         use_the_page)
            assert "content-security-policy" not in response.headers
            assert violations == [] and console == [], f"{name}: {violations} {console}"
            assert state["scripts ran"], f"{name}: the site's own script was not loaded"
        violations, console, state, _ = visit(chromium, f"{url}/en/injected.html")
    assert state["title"] != "ran" and state["scripts ran"]
    blocked = sorted(violation.split()[0].removesuffix("-elem") for violation in violations)
    assert blocked == ["img-src", "script-src"], violations


def test_the_browser_reports_an_inline_script_the_build_did_not_hash(secured, chromium):
    url, _ = secured
    violations, console, state, _ = visit(chromium, url + PROBE)
    assert len(violations) == 1 and violations[0].startswith("script-src")
    assert console and state["title"] == "probe"  # the script did not run


def test_another_site_cannot_frame_the_policy(secured, chromium):
    _, other_origin = secured
    context = chromium.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(other_origin + FRAMER, wait_until="networkidle")
    frame = page.frames[1]
    assert frame.url.startswith("chrome-error://") or not frame.locator("article").count()
    assert any("frame-ancestors" in text for text in console), console
    context.close()
