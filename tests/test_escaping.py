"""Texts from policy.yaml are never Markdown or HTML: shown exactly as typed, never run, and the
only links a text makes are the addresses typed in it (see render/encode.py, model/links.py)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_policysite
from devtools.serve import serve
from policies import complete_policy, edit, write
from site_markdown import clause_paragraph, to_soup

POLICY = (ROOT / "policy.yaml").read_text(encoding="utf-8")
STATEMENT = "        en: We never sell your information to third parties."  # a paragraph of its own
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
        "        en: We never sell your information (see https://sensornordic.no/personvern, or write to "
        "post@sensornordic.no).\n",
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
    toc = [a.get_text(strip=True) for a in page.select("nav.policy-toc--wide a")]
    assert SCRIPT + " Customer satisfaction" in toc


@pytest.mark.build
def test_markdown_syntax_is_shown_as_typed_and_addresses_become_links(hostile_site):
    article = BeautifulSoup((hostile_site / "en" / "index.html").read_text(encoding="utf-8"), "html.parser").article
    category = article.select_one("#category-company-details")
    assert "**Company** details" in category.get_text() and not category.select("strong")
    assert "[x]: https://evil.example/ Support cases" in article.select_one("#retention-support-email").get_text()
    never_sold = clause_paragraph(article.select_one("#sharing-never-sold"))
    assert [(a["href"], a.get_text()) for a in never_sold.select("a")] == [
        ("https://sensornordic.no/personvern", "https://sensornordic.no/personvern"),
        ("mailto:post@sensornordic.no", "post@sensornordic.no")]
    assert never_sold.get_text() == ("We never sell your information (see https://sensornordic.no/personvern, or write "
                                     "to post@sensornordic.no).")


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


def located(text: str, at: str, occurrence: int = 0) -> str:
    """The file:line:column prefix of a problem at the `occurrence`-th `at` in `text`."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(at, offset + 1)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return rf"\S*policy\.yaml:{line}:{column}: error: "


MARKDOWN_LINK = "the text contains a Markdown link"
REFUSED = [
    # id, old, new, message, snippet the location points at
    ("web-link", "en: Your name", "en: Your [name](https://sensornordic.no/)", MARKDOWN_LINK, "[name]"),
    ("javascript-link", "en: Your name", "en: Your [name](javascript:alert(1))", MARKDOWN_LINK, "[name]"),
    ("anchor-link", "en: Your name", "en: Your [name](#contact)", MARKDOWN_LINK, "[name]"),
    ("nested-brackets", "en: Your name", "en: '[a [b] c](data:text/html,hi)'", MARKDOWN_LINK, "[a [b]"),
    ("image", "en: Your name", "en: Your name ![pixel](https://tracker.example/p.png)", MARKDOWN_LINK, "![pixel]"),
    ("single-language-field", "name: SensorNordic AS", "name: SensorNordic [AS](https://evil.example/)",
     MARKDOWN_LINK, "[AS]"),
    ("second-of-two", "en: Your name", "en: Your [name](#a) and [b](#b)", "(and 1 more in this text)", "[name]"),
    ("credentials", "en: Your name", "en: Your name, see https://user:secret@sensornordic.no/",
     "an address with a user name or password", "https://user:"),
    ("credentials-other-scheme", "en: Your name", "en: Your name ftp://me:pw@files.example/",
     "an address with a user name or password", "ftp://me"),
    ("attribute-injection", "en: Your name", "en: 'Your name {: onclick=alert(1) }'",
     "is not a reference", "{: onclick"),
]


@pytest.mark.parametrize(("old", "new", "message", "at"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_markdown_links_and_credentials_are_refused_where_typed(tmp_path, cli, old, new, message, at):
    text = POLICY.replace(old, new, 1)
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1, err
    reported = [row for row in err.splitlines() if message in row]
    assert reported and re.match(located(text, at), reported[0]), err
    assert "how to fix:" in err


@pytest.mark.parametrize(("old", "new", "path"), [
    ("      en: the Test Act\n", "      en: the Test Act {art6-1-c}\n", "laws[0].name.en"),
    ("name: SensorNordic AS", "name: SensorNordic AS {art6-1-c}", "controller.name")], ids=["per-language", "once"])
def test_a_name_holds_no_reference_typed_once_or_per_language(tmp_path, cli, old, new, path):
    """A name is shown as typed: in a law's citation nothing in it is worded, so a reference in it would
    show as '{art6-1-c}'. Refused in both forms of a name (per language it used to pass)."""
    text = edit(old, new, complete_policy())
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1, err
    message = re.escape(f"{path}: the value contains '{{' or '}}'")
    assert re.search(located(text, new.strip().split(": ", 1)[1]) + message, err), err


def test_credentials_in_a_web_address_field_are_refused(tmp_path, cli):
    text = edit("website: https://www.datatilsynet.no/", "website: https://admin:pw@www.datatilsynet.no/",
                complete_policy())
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1 and "complaint.website" in err and "user name or password" in err, err


@pytest.mark.parametrize(("authority", "at"), [
    ("www.evil-tilsynet.no", "www"), ("datatilsynet.evil.example", "datatilsynet"),
    ("https://www.datatilsynet.no.evil.example/", "https"), ("klage@evil.example", "klage"),
    ("Datatilsynet (see evil.example)", "evil.example")])
def test_a_link_that_shows_an_address_must_go_there(tmp_path, cli, authority, at):
    text = edit("authority: Datatilsynet", f"authority: '{authority}'", complete_policy())
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1 and "complaint.authority" in err and "looks like the address" in err, err
    assert re.search(located(text, at, text[:text.index(authority)].count(at)), err), err


@pytest.mark.parametrize("authority", ["Datatilsynet", "datatilsynet.no", "www.datatilsynet.no",
                                       "Datatilsynet (https://www.datatilsynet.no/klage)"])
def test_a_link_that_shows_its_own_address_passes(tmp_path, cli, authority):
    text = edit("authority: Datatilsynet", f"authority: '{authority}'", complete_policy())
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 0, err


def test_mail_links_carry_no_query(tmp_path, cli):
    """A reader's rights request cannot get a hidden copy: only the address typed is linked."""
    text = edit(STATEMENT, f"{STATEMENT} (mailto:post@sensornordic.no?bcc=spy@evil.example&subject=x)")
    code, _, err = cli("generate", str(write(tmp_path, text)), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = to_soup((tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8"))
    mail = [a["href"] for a in page.select("a[href^=mailto]")]
    assert mail and all("?" not in href for href in mail)
    item = clause_paragraph(page.find(id="sharing-never-sold"))
    assert item.get_text().endswith("parties. (mailto:post@sensornordic.no?bcc=spy@evil.example&subject=x)")
    assert [a["href"] for a in item.select("a")] == ["mailto:post@sensornordic.no", "mailto:spy@evil.example"]


@pytest.mark.parametrize(("typed", "links"), [
    ("see https://example.no/a_(b)?x=1&amp;y=2.", ["https://example.no/a_(b)?x=1&amp;y=2"]),
    ("(https://example.no/)", ["https://example.no/"]),
    ("HTTPS://EXAMPLE.NO/Æ, done", ["HTTPS://EXAMPLE.NO/Æ"]),
    ("http://example.no/ and https:// alone", []),
    ("write to kari.nordmann+personvern@example.no.", ["mailto:kari.nordmann+personvern@example.no"]),
])
def test_typed_addresses_link_to_exactly_what_they_show(tmp_path, cli, typed, links):
    from urllib.parse import unquote

    text = edit(STATEMENT, f"        en: '{typed}'")
    code, _, err = cli("generate", str(write(tmp_path, text)), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = to_soup((tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8"))
    item = clause_paragraph(page.find(id="sharing-never-sold"))
    assert item.get_text() == typed
    anchors = item.select("a")
    assert [unquote(a["href"]) for a in anchors] == links
    assert all(unquote(a["href"]).removeprefix("mailto:") == a.get_text() for a in anchors)


def test_names_and_titles_show_an_address_without_linking_it(tmp_path, cli):
    """A title is also the text of the links to its clause: an address in it is shown, never a link in a link."""
    text = edit("        en: Customer satisfaction", "        en: Surveys (https://sensornordic.no/survey)")
    code, _, err = cli("generate", str(write(tmp_path, text)), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = to_soup((tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8"))
    links = page.select('a[href="#purpose-satisfaction-surveys"]:not(.headerlink)')
    assert links and all(a.get_text() == "Surveys (https://sensornordic.no/survey)" and not a.find("a") for a in links)
    assert not page.select('a[href^="https://sensornordic.no/survey"]')


@pytest.mark.parametrize("typed", ["`<b> & co`", "***", "- - -", "1. first", "=", "# x", "> quote", "    code",
                                   "**bold** _it_", "[x]: e", "x \\", "a | b", "~~~", "<b>x</b>", "&amp;"])
def test_texts_are_shown_exactly_as_typed(tmp_path, cli, typed):
    text = edit("        en: Company details", f"        en: '{typed}'")
    code, _, err = cli("generate", str(write(tmp_path, text)), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    item = clause_paragraph(to_soup((tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")).find(
        id="category-company-details"))
    assert item.get_text() == typed.strip() and not item.find(True)


def test_upper_case_mail_links_pass_check_and_the_link_check(tmp_path):
    from policysite.publish.linkcheck import check_site

    (tmp_path / "index.html").write_text('<html><body><a href="MAILTO:a@b.no">m</a><a href="TEL:+4712345678">t</a>'
                                         "</body></html>", encoding="utf-8")
    assert check_site(tmp_path, "https://example.no/").broken == []
