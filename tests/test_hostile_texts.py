"""One test per class of defect the security review found (issue 12, "Why"), each through the CLI
and the rendered page: a text either is refused where it was typed, or shows exactly as typed and
leaves the page's structure alone. The round-trip property (test_round_trip.py) covers the same
ground with arbitrary text; these keep each class visible by name.
"""

from __future__ import annotations

import re

import pytest

from conftest import copy_project, run_policysite
from policies import POLICY, complete_policy, edit, write
from site_markdown import cell_lines, clause_paragraph, to_soup

CITY = "city: Kjeller"
CATEGORY = "        en: Company details"
TITLE = "        en: Customer satisfaction"  # purpose satisfaction-surveys


def page(tmp_path, cli, text: str, language: str = "en"):
    code, _, err = cli("generate", str(write(tmp_path, text)), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    return to_soup((tmp_path / "docs" / language / "index.md").read_text(encoding="utf-8"))


def structure(soup) -> list[tuple[str, str | None]]:
    """Every element and its id: what a text must never change."""
    return [(tag.name, tag.get("id")) for tag in soup.find_all(True)]


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory):
    from policysite.cli import main

    docs = tmp_path_factory.mktemp("unchanged")
    assert main(["generate", str(write(docs, POLICY)), "--docs", str(docs / "docs")]) == 0
    return structure(to_soup((docs / "docs" / "en" / "index.md").read_text(encoding="utf-8")))


# Python's str.splitlines breaks lines at all of these; Python-Markdown at some; YAML at a few.
LINE_BREAKS = ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[f"U+{ord(c):04X}" for c in LINE_BREAKS])
@pytest.mark.parametrize(("old", "key"), [(CITY, "controller.address.city"),
                                          (CATEGORY, "data_categories.items[3].name.en")],
                         ids=["one-line-value", "text"])
def test_a_line_break_of_any_kind_never_starts_a_heading(tmp_path, cli, unchanged, brk, old, key):
    escaped = f"\\x{ord(brk):02x}" if ord(brk) < 0x100 else f"\\u{ord(brk):04x}"
    text = edit(old, f'{old.split(":")[0]}: "Kjeller{escaped}# Heading"')
    code, _, err = cli("check", str(write(tmp_path, text)))
    if code:  # refused, at the value
        line = text.count("\n", 0, text.index("Kjeller\\")) + 1
        assert re.search(rf"policy\.yaml:{line}:\d+: error: {re.escape(key)}", err), err
        return
    html = page(tmp_path, cli, text)
    assert structure(html) == unchanged
    assert not html.find(string=re.compile("^Heading"))


@pytest.mark.parametrize("typed", ["Company | details | x | y", "Company \\| details", "Company \\\\| details"])
def test_a_table_separator_in_a_category_name_keeps_the_overview_row(tmp_path, cli, typed):
    """The overview has one row per purpose (purpose, data, legal basis, retention): a '|' in a category
    name stays in its cell, and every row using it keeps its real cells."""
    html = page(tmp_path, cli, edit(CATEGORY, f"        en: '{typed}'"))
    rows = {tr.td.a["href"]: tr.find_all("td") for tr in html.select("table tbody tr")}
    assert list(rows) == [f"#purpose-{p}" for p in ("service-delivery", "business-administration",
                                                    "satisfaction-surveys", "alarm-contacts", "marketing")]
    for purpose, bases in (("service-delivery", ["performance of a contract (GDPR art. 6 (1) b)"]),
                           ("business-administration", ["performance of a contract (GDPR art. 6 (1) b)",
                                                        "legitimate interests (GDPR art. 6 (1) f)"])):
        cells = rows[f"#purpose-{purpose}"]
        assert len(cells) == 4
        assert cell_lines(cells[1]) == ["Your name", "Your / company's phone number", "Your / company email address",
                                        typed]
        assert cell_lines(cells[2]) == bases
        assert [a["href"] for a in cells[3].select("a")] == ["#retention-support-email"]


@pytest.mark.build
@pytest.mark.parametrize("fence", ["~~~", "```", "```python"])
def test_a_fence_in_a_text_swallows_nothing_and_the_build_passes(tmp_path, fence):
    """A fence opening one paragraph and another closing a later one used to make everything between
    them code: clauses, headings and anchors vanished, `check` passed, and the build failed in the link
    check with an HTML location."""
    text = POLICY
    for purpose in ("service-delivery", "alarm-contacts"):  # two paragraphs with sections between them
        start = text.index(f"- id: {purpose}")
        at = text.index("        en: >-\n", text.index("description:", start))
        end = text.index("\n      data_categories:", at)
        text = text[:at] + f"        en: '{fence}'" + text[end:]
    project = copy_project(tmp_path / "project")
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    from bs4 import BeautifulSoup

    article = BeautifulSoup((project / "site" / "en" / "index.html").read_text(encoding="utf-8"),
                            "html.parser").article
    assert not article.select("pre, code")
    for purpose in ("service-delivery", "business-administration", "satisfaction-surveys", "alarm-contacts"):
        heading = article.select_one(f"#purpose-{purpose}")
        assert heading.name == "h3"
    assert [p.get_text() for p in article.find_all("p") if p.get_text() == fence] == [fence, fence]


def test_a_trailing_backslash_in_a_title_keeps_every_link_to_its_clause(tmp_path, cli):
    html = page(tmp_path, cli, edit(TITLE, "        en: 'Customer satisfaction \\'"))
    links = html.select('a[href="#purpose-satisfaction-surveys"]:not(.headerlink)')
    assert len(links) == 2 and all(a.get_text() == "Customer satisfaction \\" for a in links)  # summary, overview
    assert "](#purpose" not in html.get_text()


@pytest.mark.parametrize(("old", "typed"), [
    ("name: SensorNordic AS", "1."), ("name: SensorNordic AS", "-"), ("name: SensorNordic AS", "# SensorNordic"),
    ("street: Kjeller Vest 1", "    Kjeller Vest 1"), ("street: Kjeller Vest 1", "> Kjeller"),
    ("street: Kjeller Vest 1", "==="), (CITY, "- - -"), (CITY, "+ Kjeller"), (CITY, "***")])
def test_line_start_syntax_in_a_one_line_value_keeps_the_contact_block(tmp_path, cli, unchanged, old, typed):
    html = page(tmp_path, cli, edit(old, f'{old.split(":")[0]}: "{typed}"'))
    assert structure(html) == unchanged
    assert typed.strip() in html.find(id="contact-address").get_text()


@pytest.mark.parametrize("escape", ["\\0", "\\x00", "\\v", "\\f", "\\e", "\\N", "\\x80", "\\u200b", "\\u202e"])
def test_control_characters_written_as_escapes_are_refused(tmp_path, cli, escape):
    text = edit(CITY, f'city: "Kjel{escape}ler"')
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1, err
    line = text.count("\n", 0, text.index(escape)) + 1
    column = text.index(escape) - text.rfind("\n", 0, text.index(escape))
    assert f"policy.yaml:{line}:{column}: error: controller.address.city" in err, err


def test_no_nul_byte_reaches_a_page_even_from_the_generator(tmp_path):
    """The encoder itself never writes a NUL: `check` refuses it, and the page could not carry it."""
    from policysite.render.encode import inline, plain

    assert "\x00" not in plain("a\x00b") and "\x00" not in inline("a\x00b https://x.no/\x00")


@pytest.mark.parametrize("typed", ["=", "= x", "1.", "+", "<", "`"])
def test_texts_show_no_stray_backslash(tmp_path, cli, typed):
    """The generator's own escapes ("\\=", "1\\.") used to show up on the page."""
    item = clause_paragraph(page(tmp_path, cli, edit(CATEGORY, f"        en: '{typed}'")).find(
        id="category-company-details"))
    assert item.get_text() == typed


@pytest.mark.parametrize(("old", "new"), [
    ("en: Your name", "en: Write to [us](mailto:support@sensornordic.no?bcc=spy@evil.example)"),  # a hidden copy
    ("parties.\n", "parties. Write to support@sensornordic.no?bcc=spy@evil.example\n"),
    ("en: Your name", "en: See [https://sensornordic.no/](https://evil.example/login)"),  # phishing-shaped
    ("parties.\n", "parties. See https://sensornordic.no/x?y=1 and post@sensornordic.no.\n"),
    ("authority: Datatilsynet", "authority: www.datatilsynet.no.evil.example"),
    ("website: https://www.datatilsynet.no/", "website: https://admin:secret@www.datatilsynet.no/"),  # credentials
    ("parties.\n", "parties. Our files are at https://admin:secret@files.sensornordic.no/\n"),
])
def test_every_link_shows_where_it_goes_and_carries_nothing_hidden(tmp_path, cli, old, new):
    """Refused where typed, or every link made from policy.yaml shows exactly its own address, with no
    query on mailto: and no credentials."""
    text = edit(old, new, complete_policy())
    code, err = cli("check", str(write(tmp_path, text)))[::2]
    if code:
        line = text.count("\n", 0, text.index(new)) + 1
        assert re.search(rf"policy\.yaml:{line}:\d+: error: ", err), err
        return
    for link in page(tmp_path, cli, text).select("a[href^=mailto], a[href^=https], a[href^=http]"):
        href, shown = link["href"], link.get_text()
        assert "@" not in href.split("//", 1)[-1].split("/", 1)[0] or href.startswith("mailto:"), href
        if href.startswith("mailto:"):
            assert href == "mailto:" + shown
        elif shown != "Datatilsynet":
            assert href == shown
