"""What the editor types is what the reader sees (issue 12): the round-trip property.

Any text, in any text field of the policy, is either refused by `check` with a located message,
or appears on the pages exactly as typed and changes nothing else: no element, id or link the
model did not make (see roundtrip.py for how pages are compared). Most examples render through
Python-Markdown in process, with the site's extensions (site_markdown.py); the full builds at
the end check the same through MkDocs and the theme: headings, the table of contents, the
<title>, the header's site name, link texts, and the exports.

`make test` runs a fixed seed and a bounded number of examples; `make fuzz` runs many more
(ROUND_TRIP_EXAMPLES), with a random seed unless ROUND_TRIP_SEED is set.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conftest import copy_project, run_policysite
from policies import complete_policy
from roundtrip import (
    Policy,
    added_links_are_safe,
    all_html,
    canonical,
    check,
    differences,
    json_strings,
    language_of,
    only_typed_addresses_link,
    pages,
    refused_where_typed,
    soup,
)
from site_markdown import to_soup

EXAMPLES = int(os.environ.get("ROUND_TRIP_EXAMPLES", "150"))
SEED = int(os.environ.get("ROUND_TRIP_SEED", "20261201"))

# What broke pages before the encoder (issue 12's classes), and what could: block syntax at a
# text's start or end, inline syntax, HTML, line breaks Python knows but a one-line check may
# not, controls and format characters, Python-Markdown's own placeholders, addresses and links.
NASTY = [
    "# ", "## x", "1. ", "1) ", "- ", "* ", "+ ", "> ", "    ", "\t", "```", "~~~", "```python\n", "---", "***",
    "___", "===", "- - -", "|", "| a | b |\n| --- | --- |", ":---:", "\\", "\\\\", "\\*", "\\[", "[", "]", "(", ")",
    "[x]", "[x](https://evil.example/)", "[x](#contact)", "![p](https://t.example/p.png)", "[x]: https://e.example/",
    "<https://e.example/>", "<b>", "</p>", "<script>alert(1)</script>", "<!--", "-->", "<![CDATA[", "&amp;",
    "&#60;", "&lt;", "&", "**b**", "*i*", "_i_", "__u__", "`c`", "``", "{", "}", "{: #x }", "{ #contact }",
    "{: .x onclick=alert(1) }", "{art6-1-b}", "{art6-1-a}", "{art9-2-a}", "{x}", "{}", "\n", "\r", "\r\n", "\n\n",
    "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00", "\x02", "\x03", "\x7f", "\x80",
    "\x9f", "\u00a0", "\u00ad", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\ufffe", "\ud800", "\U000e0001",
    "\x02wzxhzdk:0\x03", "\x02klzzwxh:0\x03", "https://example.no/", "https://example.no/a_(b)?q=1&amp;r=2.",
    "https://user:pw@example.no/", "http://example.no/", "HTTPS://EXAMPLE.NO", "post@example.no",
    "mailto:post@example.no?bcc=x@evil.example", "javascript:alert(1)", "www.bank.no", "  ", " ", "  \n",
    "æøå ÆØÅ", "§ 6", "–", "“", "日本語", "🙂", "\u0301", "\ufdd0",
]
pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=12),
                   st.characters(codec="utf-8"), st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Co"]))
texts = st.lists(pieces, min_size=1, max_size=6).map("".join)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy(complete_policy())


@pytest.fixture(scope="module")
def baseline(policy, tmp_path_factory) -> dict:
    directory = tmp_path_factory.mktemp("baseline")
    return {page: to_soup(markdown) for page, markdown in pages(directory, policy.baseline).items()}


def assert_round_trip(policy: Policy, baseline, directory, values) -> bool:
    """The property for one set of values; True when `check` accepted them."""
    text = policy.with_values(values)
    code, problems = check(directory, text)
    if code:
        refused_where_typed(problems, values)
        return False
    for page, markdown in pages(directory, text).items():
        html = to_soup(markdown)
        added_links_are_safe(html)
        only_typed_addresses_link(baseline[page], html, values.values())
        expected = canonical(baseline[page], policy.expected(values, language_of(page)))
        actual = canonical(html)
        assert actual == expected, f"{page}: {differences(expected, actual)}\n{values}"
    return True


def test_the_text_fields_are_found_from_the_policy_itself(policy):
    """Every text the policy has is a field the property covers; structured values are not."""
    paths = {slot.path for slot in policy.fields}
    assert {"title.no", "title.en", "controller.name", "controller.street", "site.name",
            "purposes.items[0].description.en", "complaint.authority"} <= paths
    assert not paths & {"version", "effective_date", "controller.email", "controller.phone", "controller.country",
                        "purposes.items[0].id", "site.url", "complaint.website"}
    assert len(paths) > 60


@pytest.mark.parametrize("start", ["", "# ", "1. ", "- ", "    ", "```\n", "===\n", "> ", "|", "<", "[x]: ", "\\",
                                   "\x0b# ", "\x0c# ", "\u2028# ", "\x00"])
def test_every_field_at_once(policy, baseline, tmp_path, start):
    """One hostile text per field, in every field at once; a field that refuses it falls back to its
    sentinel (its refusal was located), so each run covers every field that accepts text."""
    hostile = (f"{start}Tekst * _ ` | \\ <b>x</b> &amp; &#60; [a] (b) [c]: d <!-- e --> "
               f"https://example.no/a_(b). post@example.no ``` ~~~ === --- 1. # x #\\")
    values = policy.accepted(tmp_path, {slot: f"{hostile} {slot.path}" for slot in policy.fields})
    if start.isprintable():  # most fields take this free text, and are checked here
        assert len(values) > len(policy.fields) / 2
    assert assert_round_trip(policy, baseline, tmp_path, values)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@seed(SEED)
@given(data=st.data())
def test_any_text_in_any_field_is_refused_or_shown_exactly(policy, baseline, tmp_path, data):
    slots = data.draw(st.lists(st.sampled_from(policy.fields), min_size=1, max_size=3, unique=True))
    values = {slot: data.draw(texts, label=slot.path) for slot in slots}
    assert_round_trip(policy, baseline, tmp_path, values)


def build(directory, text: str):
    project = copy_project(directory / "project")
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.build
def test_full_build_shows_every_field_exactly_as_typed(policy, tmp_path):
    """Through MkDocs and the theme: every page and element, the <title>, the table of contents,
    the header, link texts; and policy.json / policy.jsonld carry the texts as typed."""
    hostile = ("# <b>x</b> & \"q\" 'a' | \\ `c` *e* [l] (https://e.example/) \u00a0nb\u00a0sp post@example.no "
               "</title><script>x</script> ===\\")
    values = policy.accepted(tmp_path, {slot: f"{hostile} {slot.path}" for slot in policy.fields})
    assert len(values) > len(policy.fields) / 2 and any(slot.path == "site.name" for slot in values)
    before, after = build(tmp_path / "before", policy.baseline), build(tmp_path / "after", policy.with_values(values))
    assert all_html(before) == all_html(after)
    for page in all_html(before):
        language = "en" if page.parts[0] == "en" else "no"
        expected = canonical(soup((before / page).read_text(encoding="utf-8")), policy.expected(values, language))
        html = soup((after / page).read_text(encoding="utf-8"))
        added_links_are_safe(html)
        only_typed_addresses_link(soup((before / page).read_text(encoding="utf-8")), html, values.values())
        assert canonical(html) == expected, f"{page}: {differences(expected, canonical(html))}"
    for export in ("policy.json", "policy.jsonld"):
        expected = json_strings(json.loads((before / export).read_text(encoding="utf-8")), policy.typed(values))
        assert json_strings(json.loads((after / export).read_text(encoding="utf-8"))) == expected
