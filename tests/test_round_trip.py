"""What the editor types is what the reader sees (issue 12): the round-trip property.

Any text, in any text field of a policy, is either refused by `check` with a located message,
or appears on the pages exactly as typed and changes nothing else: no element, id or link the
model did not make (see roundtrip.py for how pages are compared). The policies together have
every text of the model in every form it may take (checked against the schema). Most examples
render through Python-Markdown in process, with the site's extensions (site_markdown.py); the
full builds at the end check the same through MkDocs and the theme: headings, the table of
contents, the <title>, the header's site name, the footer, link texts, and the exports.

`make test` runs a fixed seed and a bounded number of examples; `make fuzz` runs many more
(ROUND_TRIP_EXAMPLES), with a random seed unless ROUND_TRIP_SEED is set.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_project, run_policysite
from policies import FIXTURES, complete_policy
from policies_rich import RICH
from roundtrip import (
    Policy,
    added_links_are_safe,
    all_html,
    canonical,
    differences,
    form,
    in_other_forms,
    json_strings,
    language_of,
    only_typed_addresses_link,
    refused_where_typed,
    replaced,
    scalars,
    schema_texts,
    soup,
    with_every_lead,
)
from site_markdown import to_soup

EXAMPLES = int(os.environ.get("ROUND_TRIP_EXAMPLES", "150"))
SEED = int(os.environ.get("ROUND_TRIP_SEED", "20261201"))


def round_trip_policies() -> dict[str, tuple[str, object]]:
    """The policies whose fields the round trip fills (name -> text, the folder of its logo): every
    section and field of the model (complete_policy, with a lead in each section), the same in the
    model's other forms (prose as paragraphs and bullets or one text, names per language or one
    string), a small rich one, and the three fictional examples (a health service, a choir, a
    membership organisation with 30 recipients)."""
    complete = with_every_lead(complete_policy())
    found = {"complete": (complete, ROOT), "complete-other-forms": (in_other_forms(complete), ROOT),
             "rich": (RICH, ROOT)}
    for folder in sorted((FIXTURES / "examples").iterdir()):
        found[folder.name] = ((folder / "policy.yaml").read_text(encoding="utf-8"), folder)
    return found


POLICIES = list(round_trip_policies())

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


def texts(policy: Policy) -> st.SearchStrategy[str]:
    """Texts made of nasty pieces and the policy's own {references} (legal bases and its laws)."""
    return st.lists(st.one_of(pieces, st.sampled_from(policy.references())), min_size=1, max_size=6).map("".join)


@pytest.fixture(scope="module")
def policies() -> dict[str, Policy]:
    return {name: Policy(text, name, beside) for name, (text, beside) in round_trip_policies().items()}


@pytest.fixture(scope="module")
def baselines(policies, tmp_path_factory) -> dict[str, dict]:
    return {name: {page: to_soup(markdown) for page, markdown in
                   policy.pages(tmp_path_factory.mktemp(name), policy.baseline).items()}
            for name, policy in policies.items()}


def assert_round_trip(policy: Policy, baseline, directory, values) -> bool:
    """The property for one set of values; True when `check` accepted them."""
    text = policy.with_values(values)
    code, problems = policy.check(directory, text)
    if code:
        refused_where_typed(problems, values)
        return False
    for page, markdown in policy.pages(directory, text).items():
        html = to_soup(markdown)
        added_links_are_safe(html)
        only_typed_addresses_link(baseline[page], html, values.values())
        expected = canonical(baseline[page], policy.expected(values, language_of(page)))
        actual = canonical(html)
        assert actual == expected, f"{policy.name} {page}: {differences(expected, actual)}\n{values}"
    return True


def test_the_text_fields_are_found_from_the_policy_itself(policies):
    """Every text the policy has is a field the property covers; structured values are not."""
    paths = {slot.path for slot in policies["complete"].fields}
    assert {"title.no", "title.en", "controller.name", "controller.address.street", "site.name",
            "purposes.items[0].description.en", "complaint.authority", "purposes.items[5].description[1].list[0].en",
            "recipients.items[1].safeguard_text.en", "laws[0].name.en", "laws[0].section",
            "retention.rules[4].criteria.en", "retention.events[0].text.en", "data_subjects.items[0].description.en",
            "joint_controllers.items[0].responsibility[1].list[0].en", "sections[0].text[1].list[0].en",
            "representative.name", "data_protection_officer.address.city", "sources.items[0].source.en",
            "history[0].summary.en", "legal_basis.lead.en"} <= paths
    assert not paths & {"version", "effective_date", "controller.email", "controller.phone", "controller.country",
                        "purposes.items[0].id", "site.url", "site.logo", "site.accent_color", "complaint.website",
                        "purposes.items[0].legal_bases[0]", "recipients.items[1].role",
                        "recipients.items[1].countries[0]", "recipients.items[1].safeguard",
                        "retention.rules[0].period", "laws[0].url", "data_subjects.items[0].minimum_age",
                        "joint_controllers.contact_point", "sections[0].after"}
    assert len(paths) > 200


def test_the_policies_reach_every_text_of_the_model_in_every_form(policies):
    """The schema, generated from the model, lists every free text in every form it may take (prose
    as one text, paragraphs or bullets; names as one string or per language): each is a field of at
    least one policy the round trip fills. A text field added to the model fails here until a test
    policy has it."""
    reached = {form(slot.path) for policy in policies.values() for slot in policy.fields}
    assert not schema_texts() - reached, sorted(schema_texts() - reached)


def test_fields_found_together_are_those_found_one_by_one(policies, tmp_path):
    """Policy finds its fields with a few checks of all candidates at once; on the smallest policy,
    that is exactly the scalars that take a sentinel one at a time."""
    policy = policies["volunteer-choir"]
    one_by_one = [slot for slot in scalars(policy.original)
                  if policy.check(tmp_path, replaced(policy.original, {slot: "Qz999Snt"}))[0] == 0]
    assert policy.fields == one_by_one


STARTS = ["", "# ", "1. ", "- ", "    ", "```\n", "===\n", "> ", "|", "<", "[x]: ", "\\", "\x0b# ", "\x0c# ",
          "\u2028# ", "\x00"]
# Every start in every field of the model (the complete policy in both forms); the other policies'
# shapes (many recipients counted in groups, few sections...) each take a quarter of the starts.
EVERY_FIELD = ([(name, start) for name in ("complete", "complete-other-forms") for start in STARTS]
               + [(name, start) for i, name in enumerate(POLICIES[2:]) for start in STARTS[i % 4::4]])


@pytest.mark.parametrize(("name", "start"), EVERY_FIELD)
def test_every_field_at_once(policies, baselines, tmp_path, name, start):
    """One hostile text per field, in every field at once; a field that refuses it falls back to its
    sentinel (its refusal was located), so each run covers every field that accepts text."""
    policy = policies[name]
    hostile = (f"{start}Tekst * _ ` | \\ <b>x</b> &amp; &#60; [a] (b) [c]: d <!-- e --> "
               f"https://example.no/a_(b). post@example.no ``` ~~~ === --- 1. # x #\\")
    values = policy.accepted(tmp_path, {slot: f"{hostile} {slot.path}" for slot in policy.fields})
    if start.isprintable():  # most fields take this free text, and are checked here
        assert len(values) > len(policy.fields) / 2
    assert assert_round_trip(policy, baselines[name], tmp_path, values)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@seed(SEED)
@given(data=st.data())
def test_any_text_in_any_field_is_refused_or_shown_exactly(policies, baselines, tmp_path, data):
    name = data.draw(st.sampled_from(POLICIES), label="policy")
    policy = policies[name]
    slots = data.draw(st.lists(st.sampled_from(policy.fields), min_size=1, max_size=3, unique=True))
    values = {slot: data.draw(texts(policy), label=slot.path) for slot in slots}
    assert_round_trip(policy, baselines[name], tmp_path, values)


def build(directory, text: str):
    project = copy_project(directory / "project")
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.build
@pytest.mark.parametrize("name", ["complete", "complete-other-forms"])
def test_full_build_shows_every_field_exactly_as_typed(policies, tmp_path, name):
    """Through MkDocs and the theme: every page and element, the <title>, the table of contents,
    the header, the footer, link texts; and policy.json / policy.jsonld carry the texts as typed.
    Two policies: names as one string and per language, prose as one text and as blocks."""
    policy = policies[name]
    hostile = ("# <b>x</b> & \"q\" 'a' | \\ `c` *e* [l] (https://e.example/) \u00a0nb\u00a0sp post@example.no "
               "</title><script>x</script> ===\\")
    values = policy.accepted(tmp_path, {slot: f"{hostile} {slot.path}" for slot in policy.fields})
    assert len(values) > len(policy.fields) / 2 and any(form(slot.path).startswith("site.name") for slot in values)
    assert any(form(slot.path).startswith("controller.name") for slot in values)
    before, after = build(tmp_path / "before", policy.baseline), build(tmp_path / "after", policy.with_values(values))
    assert all_html(before) == all_html(after)
    for language, page in (("no", "index.html"), ("en", "en/index.html")):  # the footer names us in its language
        footer = soup((before / page).read_text(encoding="utf-8")).select_one(".policy-footer__about").get_text()
        name = next(word for slot, word in policy.sentinels.items()
                    if slot.path in ("controller.name", f"controller.name.{language}"))
        assert footer.split()[0] == name, footer
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
