"""The MkDocs site: strict build, languages, switcher targets, no third-party requests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse
from xml.etree import ElementTree

from bs4 import BeautifulSoup

from conftest import run_mkdocs

SITE_HOST = "personvern.sensornordic.no"
RESOURCE = re.compile(r"<(link|script|img|iframe|source)\b[^>]*?\b(href|src)=\"([^\"]+)\"")


def test_both_languages_are_built(built_site):
    assert (built_site.site / "index.html").is_file()
    assert (built_site.site / "en" / "index.html").is_file()
    assert not (built_site.site / "no").exists(), "Norwegian is the default and lives at /"
    assert built_site.html("no").title.get_text().startswith("Personvernerklæring")
    assert built_site.html("en").title.get_text().startswith("Privacy")


def test_html_lang_agrees_with_hreflang(built_site):
    for language, path in (("no", "/"), ("en", "/en/")):
        html = built_site.html(language)
        assert html.html["lang"] == language
        alternates = {link["hreflang"]: link["href"] for link in html.select('link[rel=alternate][hreflang]')}
        assert set(alternates) >= {"no", "en"}
        # the alternate for the page's own language points at the page itself
        assert urlparse(alternates[language]).path.endswith(path)


def test_language_switcher_points_at_the_counterpart_page(built_site):
    for language, other, target in (("no", "en", "/en/"), ("en", "no", "/")):
        link = built_site.html(language).select_one(f"header nav a.policy-language[hreflang={other}]")
        assert link is not None, f"no switcher link to {other} on the {language} page"
        assert link.get_text(strip=True) == {"no": "Norsk", "en": "English"}[other], "the switch names the language"
        assert urlparse(link["href"]).path.endswith(target)


def test_the_switcher_names_the_other_languages_on_every_page(built_site):
    """The language switch offers the other languages, each by its own name (the default language is listed
    first in mkdocs.yml; the switcher still names them, in the order of their names)."""
    for page, other in (("index.html", "English"), ("en/index.html", "Norsk"), ("history/index.html", "English"),
                        ("404.html", "English"), ("en/404.html", "Norsk")):
        html = BeautifulSoup((built_site.site / page).read_text(encoding="utf-8"), "html.parser")
        assert [link.get_text(strip=True) for link in html.select("a.policy-language")] == [other], page
        hreflangs = [link["hreflang"] for link in html.select("link[rel=alternate][hreflang]")]
        assert hreflangs == ([] if page.endswith("404.html") else ["en", "no", "x-default"]), page


def test_each_language_is_built_once(project):
    """The default language is listed first in mkdocs.yml: mkdocs-static-i18n builds any other position twice."""
    result = run_mkdocs(project, "build", "--strict", "--verbose")
    assert result.returncode == 0, result.stderr
    builds = re.findall(r"Building '(\w+)' documentation", result.stderr)
    assert sorted(builds) == ["en", "no"], builds


def test_no_request_leaves_the_site(built_site):
    offenders = []
    for page in built_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag, attribute, url in RESOURCE.findall(text):
            host = urlparse(url).hostname
            if host and host != SITE_HOST:
                offenders.append(f"{page.name}: <{tag} {attribute}={url}>")
    for css in built_site.site.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?(https?://[^)'\"]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.name}: {url}")
    assert not offenders, offenders
    assert "fonts.googleapis.com" not in (built_site.site / "index.html").read_text(encoding="utf-8")


def test_a_broken_policy_stops_the_build_with_located_errors(project):
    assert run_mkdocs(project, "build", "--strict").returncode == 0
    published = (project / "site" / "en" / "index.html").read_bytes()
    policy = project / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace("period: 3 years", "period: 3 yrs")
    policy.write_text(text.replace("en: Your name", 'en: ""'), encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert re.search(r"policy\.yaml:\d+:\d+: error: retention\.rules\[0\]\.period", output), output
    assert re.search(r"policy\.yaml:\d+:\d+: error: data_categories\.items\[0\]\.name\.en", output), output
    # the build stops before MkDocs cleans or writes anything: the last good site stays
    assert (project / "site" / "en" / "index.html").read_bytes() == published


def test_build_refuses_to_overwrite_a_hand_written_page(project):
    page = project / "docs" / "no" / "index.md"
    page.write_text("# Håndskrevet\n", encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "was not made by the generator" in result.stdout + result.stderr
    assert page.read_text(encoding="utf-8") == "# Håndskrevet\n"


def test_hreflang_links_are_absolute_with_x_default(built_site):
    for path in ("index.html", "en/index.html", "history/index.html", "en/history/index.html"):
        html = BeautifulSoup((built_site.site / path).read_text(encoding="utf-8"), "html.parser")
        links = {link["hreflang"]: link["href"] for link in html.select("link[rel=alternate][hreflang]")}
        assert set(links) == {"no", "en", "x-default"}, path
        assert all(href.startswith(f"https://{SITE_HOST}/") for href in links.values()), links
        assert links["x-default"] == links["no"]
        canonical = html.select_one("link[rel=canonical]")["href"]
        assert canonical == links[html.html["lang"]]


def test_sitemap_lists_every_page_in_both_languages(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(built_site.site / "sitemap.xml").getroot().findall("s:url", ns)
    locations = sorted(url.findtext("s:loc", namespaces=ns) for url in urls)
    assert locations == sorted(f"https://{SITE_HOST}{path}" for path in ("/", "/en/", "/history/", "/en/history/"))
    for url in urls:
        assert {link.get("hreflang") for link in url.findall("x:link", ns)} == {"no", "en"}


def test_no_search_that_would_mix_languages(built_site):
    assert not (built_site.site / "search").exists()
    assert built_site.html("no").select_one("[data-md-component=search]") is None


def test_not_found_page_per_language(built_site):
    for path, language in (("404.html", "no"), ("en/404.html", "en")):
        html = BeautifulSoup((built_site.site / path).read_text(encoding="utf-8"), "html.parser")
        assert html.html["lang"] == language
        assert html.select_one("h1#not-found") is not None


def test_live_preview_shows_problems_and_recovers(project):
    """`make serve`: a broken save shows the located problems in the page, a fix brings the policy back."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    policy = project / "policy.yaml"
    original = policy.read_text(encoding="utf-8")
    try:
        _wait_for(port, "/en/", "Support cases submitted by email are stored for 3 years.")
        policy.write_text(original.replace("period: 3 years", "period: 3 yrs"), encoding="utf-8")
        page = _wait_for(port, "/en/", "policy.yaml has problems")
        assert re.search(r"policy\.yaml:\d+:\d+ · retention\.rules\[0\]\.period", page)
        assert "How to fix:" in page
        policy.write_text(original.replace("period: 3 years", "period: 5 years"), encoding="utf-8")
        _wait_for(port, "/en/", "Support cases submitted by email are stored for 5 years.")
        time.sleep(2)  # longer than MkDocs' polling (0.5 s) and debounce (0.1 s): a pending rebuild would show
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output
    # one rebuild per save: the pages the hook writes into docs/ do not set off a second one
    assert output.count("Detected file changes") == 2, output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, path: str, text: str, timeout: float = 30.0) -> str:
    """The text of the page at `path` (as a reader sees it: characters, not markup) once it contains `text`."""
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                body = BeautifulSoup(response.read().decode("utf-8"), "html.parser").get_text()
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear at {path} within {timeout} s; last page:\n{body[:2000]}")


def test_permalinks_are_titled_in_the_page_language(built_site):
    titles = {lang: {a["title"] for a in built_site.article(lang).select("a.headerlink")} for lang in ("no", "en")}
    assert titles == {"no": {"Lenke til denne delen"}, "en": {"Link to this section"}}


def test_live_preview_with_a_hand_written_page_shows_the_problem(project):
    """The preview must not crash on a hand-written page where a generated one goes (it used to:
    writing the problem page hit the same hand-written file again)."""
    (project / "docs" / "en" / "history.md").write_text("# Our history\n\nWritten by hand.\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = _wait_for(port, "/", "policy.yaml has problems")
        assert "was not made by the generator" in page and "history.md" in page
        assert (project / "docs" / "en" / "history.md").read_text(encoding="utf-8").startswith("# Our history")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output
