"""A deliberately broken copy of policy.yaml, one mistake of each class: exactly one located,
plain-language message per mistake, with how to fix it, in one run of `check`.

Three kinds of mistakes cannot share one file, so there are three copies:
- YAML mistakes stop the reading where they are (nothing after them can be read), so each YAML
  mistake class has a copy of its own (tests/test_yaml_mistakes.py asserts the line and wording;
  here: exactly one message each);
- mistakes in single values, keys, languages and characters all go into ONE copy;
- mistakes between clauses (references, duplicate ids, the history) are checked on an otherwise
  valid policy, so they share a second copy.
"""

from __future__ import annotations

import re

import pytest

from policies import POLICY, write
from test_yaml_mistakes import JARGON, MISTAKES

# (class, old, new, text on the line the message must name, what the message says)
VALUE_MISTAKES = [
    ("missing-language", "        en: Your name\n", "", "no: Ditt navn", "the 'en' text is missing"),
    ("empty-text", "en: Company details", 'en: ""', 'en: ""', "the 'en' text is empty"),
    ("misspelt-key", "      title:\n        no: Kundetilfredshet", "      titel:\n        no: Kundetilfredshet",
     "titel:", "unknown key 'titel': did you mean 'title'?"),
    ("missing-required-key", "  email: support@sensornordic.no\n", "", "name: SensorNordic AS",
     "the required key 'email' is missing"),
    ("bad-phone", "phone: +47 6790 4848", "phone: 6790 4848", "phone: 6790",
     "is not a phone number with a country code"),
    ("bad-country", "country: NO", "country: XX", "country: XX", "'XX' is not a known country code"),
    ("unknown-legal-basis", "legal_bases: [art6-1-d]", "legal_bases: [art6-1-g]", "art6-1-g",
     "'art6-1-g' is not a known legal basis"),
    ("unknown-reference", "jf. {art6-1-c}.", "jf. {art6-1-x}.", "{art6-1-x}", "'{art6-1-x}' is not a known reference"),
    ("malformed-period", "period: 3 years", "period: 3 yrs", "period: 3 yrs", "'3 yrs' is not a retention period"),
    ("wrong-type", "period: not stored", "period: [not stored]", "period: [not", "expected a single value here"),
    ("impossible-date", "effective_date: 2026-11-23", "effective_date: 2026-02-30", "effective_date:",
     "'2026-02-30' is not a real date"),
    ("bad-id", "- id: marketing", "- id: Marketing Emails", "- id: Marketing Emails", "is not a valid id"),
    ("blank-line-in-text", "  en: Privacy\n", '  en: "Privacy\\n\\nPolicy"\n', 'en: "Privacy',
     "blank line inside it"),
    ("comma-in-a-one-line-text",  # the phone category's name, written on one line
     "      name:\n        no: Ditt / bedriftens telefonnummer\n        en: Your / company's phone number\n",
     "      name: {no: Telefon, mobil og fast, en: Phone}\n", "mobil og fast",
     "the comma after 'no: Telefon' ends that text"),
    ("repeated-list-entry", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-f]",
     "data_categories: [name, phone, phone]\n      legal_bases: [art6-1-f]", "[name, phone, phone]",
     "'phone' is listed twice"),
    ("duplicate-key", "  city: Kjeller\n", "  city: Kjeller\n  city: Lillestrøm\n", "city: Lillestrøm",
     "the key 'city' appears twice"),
    ("anchor", "data_categories: [name, phone, email, company-details]\n      legal_bases: [art6-1-b]\n",
     "data_categories: &all [name, phone, email, company-details]\n      legal_bases: [art6-1-b]\n", "&all",
     "the anchor '&all' is not allowed"),
    ("zero-width-space", "en: Our customer relationship", "en: Our customer\u200b relationship", "\u200b",
     "U+200B ZERO WIDTH SPACE is not allowed"),
    ("escaped-control-character", "no: Personvernerklæring", 'no: "Personvern\\verklæring"', "\\v",
     "U+000B LINE TABULATION is not allowed (written as the escape '\\v')"),
    ("bidi-override", "en: Our contact information", "en: Our contact \u202einformation", "\u202e",
     "U+202E RIGHT-TO-LEFT OVERRIDE is not allowed"),
]

CROSS_MISTAKES = [
    ("dangling-reference", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-f]",
     "data_categories: [name, phone, emial]\n      legal_bases: [art6-1-f]", "emial",
     "'emial' is not a data category id"),
    ("duplicate-id", "- id: marketing", "- id: alarm-contacts",
     "- id: alarm-contacts\n      title:\n        no: Tilbud", "the purpose id 'alarm-contacts' is used twice"),
    ("version-without-history", 'version: "1.0"', 'version: "1.1"', '  - version: "1.0"',
     "the newest history entry is version 1.0, but the policy is version 1.1"),
    ("text-cites-unlisted-basis", "legal_bases: [art6-1-c]", "legal_bases: [art6-1-f]",
     "no: >-\n          Vi kan utlevere", "the text cites {art6-1-c} but legal_bases does not list it"),
]


def _broken(mistakes) -> str:
    text = POLICY
    for name, old, new, _, _ in mistakes:
        assert text.count(old) >= 1, name
        text = text.replace(old, new, 1)
    return text


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("mistakes", [VALUE_MISTAKES, CROSS_MISTAKES], ids=["values", "across-clauses"])
def test_one_located_plain_message_per_mistake(tmp_path, cli, mistakes):
    text = _broken(mistakes)
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == len(mistakes), "\n".join(errors)
    lines = err.splitlines()
    for name, _, _, at, message in mistakes:
        found = [line for line in errors if message in line]
        assert len(found) == 1, (name, message, errors)
        assert f"policy.yaml:{_line(text, at)}:" in found[0], (name, found[0])
        following = lines[lines.index(found[0]) + 1]
        assert following.startswith("    how to fix: ") and len(following) > 25, (name, following)
    assert not JARGON.search(err)


@pytest.mark.parametrize(("old", "new"), [m[1:3] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_yaml_mistake_alone_is_exactly_one_message(tmp_path, cli, old, new):
    text = POLICY.replace(old, new, 1)
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 2
    assert len(re.findall(r": error: ", err)) == 1 and "how to fix: " in err and not JARGON.search(err)
