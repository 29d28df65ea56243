"""Text from policy.yaml is inline Markdown at most: raw HTML shows as text, unsafe links are refused."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_policysite
from devtools.serve import serve

POLICY = (ROOT / "policy.yaml").read_text(encoding="utf-8")
SCRIPT = "<script>window.__xss = 1</script>"
IMG = '<img src=x onerror="window.__xss = 2">'
IFRAME = '<iframe src="https://evil.example/"></iframe>'
BREAKOUT = "</title><script>window.__xss = 3</script>"
HOSTILE = {
    "  en: Privacy\n": f"  en: 'Privacy {BREAKOUT}'\n",  # the H1, and the page's <title>
    "        en: Customer satisfaction\n": f"        en: '{SCRIPT} Customer satisfaction'\n",  # an H3, and the TOC
    "        en: Company details\n": f"        en: '{IFRAME} **Company** details {IMG}'\n",  # a list item
    "        en: Support cases submitted by email\n": "        en: '[x]: https://evil.example/ Support cases'\n",
    "        en: We never sell your information to third parties.\n":
        "        en: We never sell your information ([see how](#sharing), [our site](https://sensornordic.no/)).\n",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    text = POLICY
    for old, new in HOSTILE.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.build
def test_raw_html_is_shown_as_text_never_rendered(hostile_site):
    raw = (hostile_site / "en" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "html.parser")
    assert not [s for s in page.find_all("script") if "__xss" in (s.string or "")]
    assert not page.select("img[onerror], iframe, [onerror]")
    for html_file in hostile_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in text and "<img src=x" not in text and "<iframe" not in text, html_file
        assert "</title><script>" not in text, html_file
    article = page.select_one("article")
    assert SCRIPT + " Customer satisfaction" in article.select_one("#purpose-satisfaction-surveys").get_text()
    assert IMG in article.select_one("#category-company-details").get_text()
    # Material's <title> un-escapes the H1 text (striptags): overrides/main.html escapes it again
    assert BREAKOUT in article.select_one("h1").get_text()
    assert page.title.get_text() == f"Privacy {BREAKOUT} – SensorNordic"
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in raw


@pytest.mark.build
def test_inline_markdown_still_works_and_a_link_definition_does_not_swallow_the_text(hostile_site):
    article = BeautifulSoup((hostile_site / "en" / "index.html").read_text(encoding="utf-8"), "html.parser").article
    category = article.select_one("#category-company-details")
    assert category.select_one("strong").get_text() == "Company"
    assert "[x]: https://evil.example/ Support cases" in article.select_one("#retention-support-email").get_text()
    never_sold = article.select_one("#sharing-never-sold")
    assert [a["href"] for a in never_sold.select("a")] == ["#sharing", "https://sensornordic.no/"]


@pytest.mark.browser
def test_nothing_from_the_texts_runs_in_a_browser(hostile_site, chromium):
    # Served WITHOUT the security headers, and with the pages' own <meta> policy bypassed: escaping alone
    # must keep the page safe.
    with serve(hostile_site) as url:
        context = chromium.new_context(bypass_csp=True)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "/en/", wait_until="networkidle")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert not dialogs
        heading = page.locator("#purpose-satisfaction-surveys")
        assert heading.is_visible() and SCRIPT in heading.inner_text()
        context.close()


UNSAFE = [
    # id, old, new, message, snippet the location points at
    ("javascript-link", "en: Your name", "en: Your [name](javascript:alert(1))",
     "uses the unsafe scheme 'javascript:'", "javascript:alert(1)"),
    ("mixed-case-and-spaces", "en: Your name", "en: Your [name]( JavaScript:alert(1) )",
     "uses the unsafe scheme 'JavaScript:'", "JavaScript:alert(1)"),
    ("nested-brackets", "en: Your name", "en: '[a [b] c](data:text/html,hi)'",
     "uses the unsafe scheme 'data:'", "data:text/html"),
    ("vbscript", "no: Ditt navn", "no: Ditt [navn](vbscript:msgbox)",
     "uses the unsafe scheme 'vbscript:'", "vbscript:msgbox"),
    ("image", "en: Your name", "en: Your name ![pixel](https://tracker.example/p.png)",
     "images are not allowed in policy texts", "![pixel]("),
    ("single-language-field", "name: SensorNordic AS", "name: SensorNordic [AS](javascript:void(0))",
     "uses the unsafe scheme 'javascript:'", "javascript:void"),
    ("attribute-injection", "en: Your name", "en: 'Your name {: onclick=alert(1) }'",
     "is not a known reference", "{: onclick"),
]


@pytest.mark.parametrize(("old", "new", "message", "at"), [c[1:] for c in UNSAFE], ids=[c[0] for c in UNSAFE])
def test_unsafe_links_are_refused_with_their_location(tmp_path, cli, old, new, message, at):
    text = POLICY.replace(old, new, 1)
    policy = tmp_path / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    code, _, err = cli("check", str(policy))
    assert code == 1, err
    offset = text.index(at)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    reported = [row for row in err.splitlines() if message in row]
    assert reported and re.match(rf"\S*policy\.yaml:{line}:{column}: error: ", reported[0]), err
    assert "how to fix:" in err


def test_safe_links_pass(tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.replace("en: Your name", "en: Your [name](#contact), [mail](mailto:a@b.no), "
                                                      "[call](tel:+4767904848) or [web](https://sensornordic.no/)"),
                      encoding="utf-8")
    code, _, err = cli("check", str(policy))
    assert code == 0, err


@pytest.mark.parametrize(("typed", "shown"), [
    ("`<b> & co`", "`<b> & co`"),  # not a code span in which "&lt;" would show
    ("***", "***"),  # not a horizontal rule that swallows the text
    ("- - -", "- - -"),
    ("1. first", "1. first"),  # not a numbered list
])
def test_texts_are_shown_exactly_as_typed(tmp_path, cli, typed, shown):
    import markdown

    policy = tmp_path / "policy.yaml"
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    policy.write_text(text.replace("        en: Company details", f"        en: '{typed}'"), encoding="utf-8")
    code, _, err = cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = (tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    html = markdown.markdown(page, extensions=["attr_list", "tables", "toc"])  # what MkDocs runs
    item = BeautifulSoup(html, "html.parser").find(id="category-company-details")
    assert item.get_text() == shown and not item.find(["code", "hr", "ol"])


@pytest.mark.parametrize("destination", ["page.html", "../other/", "//evil.example/x"])
def test_relative_link_destinations_are_refused_where_typed(tmp_path, cli, destination):
    policy = tmp_path / "policy.yaml"
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    policy.write_text(text.replace("en: Company details", f"en: '[details]({destination})'"), encoding="utf-8")
    code, _, err = cli("check", str(policy))
    assert code == 1 and "is not a full address" in err and "data_categories.items[3].name.en" in err


def test_upper_case_mail_links_pass_check_and_the_link_check(tmp_path):
    from policysite.publish.linkcheck import check_site

    (tmp_path / "index.html").write_text('<html><body><a href="MAILTO:a@b.no">m</a><a href="TEL:+4712345678">t</a>'
                                         "</body></html>", encoding="utf-8")
    assert check_site(tmp_path, "https://example.no/").broken == []
