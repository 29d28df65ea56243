"""Every class of editing mistake gets a located, worded message; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

POLICY = (ROOT / "policy.yaml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, str]:
    assert POLICY.count(old) >= 1, f"fixture text not found in policy.yaml: {old!r}"
    text = POLICY.replace(old, new, count)
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


CASES = [
    # id, old, new, expected message, expected YAML path, text on the reported line
    ("missing-language", "        en: Your name\n", "",
     "the 'en' text is missing", "data_categories.items[0].name.en", "no: Ditt navn"),
    ("empty-text", "en: Your name", 'en: ""',
     "the 'en' text is empty", "data_categories.items[0].name.en", 'en: ""'),
    ("unknown-category", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-f]",
     "data_categories: [name, phone, emial]\n      legal_bases: [art6-1-f]",
     "'emial' is not a data category id", "purposes.items[2].data_categories[2]", "emial"),
    ("unknown-legal-basis", "legal_bases: [art6-1-d]", "legal_bases: [art6-1-g]",
     "'art6-1-g' is not a legal basis of GDPR art. 6 (1)", "purposes.items[3].legal_bases[0]", "art6-1-g"),
    ("unknown-reference", "jf. {art6-1-c}.", "jf. {art6-1-x}.",
     "'art6-1-x' is not a legal basis of GDPR art. 6 (1)", "recipients.items[0].description.no", "{art6-1-x}"),
    ("unknown-law", "legal_bases: [art6-1-d]", "legal_bases: [art6-1-d, bookkeeping-act]",
     "'bookkeeping-act' is not a legal basis", "purposes.items[3].legal_bases[1]", "bookkeeping-act"),
    ("duplicate-id", "- id: marketing", "- id: alarm-contacts",
     "the purpose id 'alarm-contacts' is used twice", "purposes.items[4].id",
     "- id: alarm-contacts\n      title:\n        no: Tilbud"),
    ("duplicate-key", 'version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n',
     "the key 'version' appears twice", "version", 'version: "2.0"'),
    ("malformed-duration", "period: 3 years", "period: 3 yrs",
     "'3 yrs' is not a retention period", "retention.rules[0].period", "period: 3 yrs"),
    ("duration-not-a-number", "period: 3 years", "period: three years",
     "'three years' is not a retention period", "retention.rules[0].period", "period: three"),
    ("malformed-date", "effective_date: 2026-11-23", "effective_date: 23.11.2026",
     "'23.11.2026' is not a date in the form YYYY-MM-DD", "effective_date", "effective_date:"),
    ("impossible-date", "effective_date: 2026-11-23", "effective_date: 2026-02-30",
     "'2026-02-30' is not a real date", "effective_date", "effective_date:"),
    ("wrong-type", "period: not stored", "period: [not stored]",
     "expected a single value here, found a list", "retention.rules[1].period", "period: [not"),
    ("unknown-key", "      title:\n        no: Kundetilfredshet", "      titel:\n        no: Kundetilfredshet",
     "unknown key 'titel'", "purposes.items[2].titel", "titel:"),
    ("missing-key", "  name: SensorNordic AS\n", "",
     "the required key 'name' is missing: readers must know who is responsible", "controller.name",
     "country: NO\n  address:"),
    ("unreachable-controller", "  address:\n    street: Kjeller Vest 1\n    postcode: \"2007\"\n    city: Kjeller\n"
     "  phone: +47 6790 4848\n  email: support@sensornordic.no\n", "",
     "the controller has no contact details", "controller", "name: SensorNordic AS"),
    ("bad-email", "email: support@sensornordic.no", "email: support(at)sensornordic.no",
     "is not an e-mail address", "controller.email", "email: support(at)"),
    ("bad-phone", "phone: +47 6790 4848", "phone: +47 6790 48",
     "is not a valid phone number", "controller.phone", "phone: +47"),
    ("bad-country", "country: NO", "country: XX",
     "'XX' is not a known country code", "controller.country", "country: XX"),
    ("unknown-language-key", "        en: Your name\n", "        en: Your name\n        de: Ihr Name\n",
     "'de' is not one of the policy's languages", "data_categories.items[0].name.de", "de: Ihr Name"),
    ("bad-id", "- id: marketing", "- id: Marketing Emails",
     "is not a valid id", "purposes.items[4].id", "- id: Marketing Emails"),
    ("blank-line-in-text", "  en: Privacy\n", '  en: "Privacy\\n\\nPolicy"\n',
     "has a blank line or a kept line break inside it", "title.en", 'en: "Privacy'),
    ("alias", "data_categories: [name, phone, email, company-details]\n      legal_bases: [art6-1-b]\n",
     "data_categories: &all [name, phone, email, company-details]\n      legal_bases: [art6-1-b]\n",
     "the anchor '&all' is not allowed", "", "&all"),
    ("history-misses-new-version", 'version: "1.0"\neffective_date', 'version: "1.1"\neffective_date',
     "the newest history entry is version 1.0, but the policy is version 1.1", "history[0].version",
     '  - version: "1.0"'),
    ("history-date-differs", "    date: 2026-11-23", "    date: 2026-11-20",
     "the newest history entry is dated 2026-11-20, but effective_date is 2026-11-23", "history[0].date",
     "    date: 2026-11-20"),
    ("text-cites-unlisted-basis", "legal_bases: [art6-1-c]", "legal_bases: [art6-1-f]",
     "the text cites {art6-1-c} but legal_bases does not list it", "recipients.items[0].description",
     "no: >-\n          Vi kan utlevere"),
    ("purpose-cites-unlisted-basis", "          forbedre vår service på, og å gi",
     "          forbedre vår service på, jf. {art6-1-c}, og å gi",
     "the text cites {art6-1-c} but legal_bases does not list it", "purposes.items[2].description",
     "no: >-\n          Sende deg kundetilfredsundersøkelser"),
    # values that would have injected markup or broken the page
    ("braces-in-a-one-language-value", "city: Kjeller", 'city: "*x*{: onmouseover=alert(1) }"',
     "the value contains '{' or '}'", "controller.address.city", "city: "),
    ("line-break-in-a-one-language-value", "city: Kjeller", 'city: "Kjeller\\n[x]: javascript:alert(1)"',
     "the value spans several lines", "controller.address.city", "city: "),
    ("markup-in-an-e-mail", "email: support@sensornordic.no", "email: _a_*onclick*@sensornordic.no",
     "is not an e-mail address", "controller.email", "email: _a_"),
    ("lone-surrogate", "en: Company details", 'en: "Company \\ud800 details"',
     "the broken character U+D800 SURROGATE is not allowed", "data_categories.items[3].name.en", 'en: "Company'),
    ("date-before-1970", "effective_date: 2026-11-23", "effective_date: 1969-12-31",
     "'1969-12-31' is outside the years 1970 to 2100", "effective_date", "effective_date:"),
    ("version-that-collides-as-an-anchor", 'version: "1.0"', 'version: "1-0"',
     "is not a version number", "version", 'version: "1-0"'),
    ("repeated-list-entry", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-d]",
     "data_categories: [name, phone, phone]\n      legal_bases: [art6-1-d]",
     "'phone' is listed twice", "purposes.items[3].data_categories[2]", "[name, phone, phone]"),
    ("not-a-country", "country: NO", "country: ZZ", "'ZZ' is not a known country code", "controller.country",
     "country: ZZ"),
    # CLDR names a few regions ISO 3166-1 only reserves (the Canary Islands, Ascension): not countries
    ("reserved-region-code", "country: NO", "country: IC", "'IC' is not a known country code", "controller.country",
     "country: IC"),
    ("alias-of-a-country-code", "country: NO", "country: UK",
     "'UK' is not a known country code", "controller.country", "country: UK"),
]


@pytest.mark.parametrize(("old", "new", "message", "path", "at"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_located_and_explained(tmp_path, cli, old, new, message, path, at):
    policy, text = broken(tmp_path, old, new)
    code, out, err = cli("check", str(policy))
    assert code == 1, err
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if message in line]
    assert lines, f"expected {message!r} in:\n{err}"
    expected_line = line_of(text, at)
    assert f"policy.yaml:{expected_line}:" in lines[0], f"wrong line, expected {expected_line}: {lines[0]}"
    if path:
        assert f": {path}: " in lines[0]
    # every error comes with a fix hint on the next line
    following = err.splitlines()[err.splitlines().index(lines[0]) + 1]
    assert following.strip().startswith("how to fix:") and len(following.strip()) > len("how to fix:") + 5


def test_reference_error_points_at_the_exact_column(tmp_path, cli):
    policy, text = broken(tmp_path, "jf. {art6-1-c}.", "jf. {art6-1-x}.")
    _, _, err = cli("check", str(policy))
    line = line_of(text, "{art6-1-x}")
    column = text.index("{art6-1-x}") - text.rfind("\n", 0, text.index("{art6-1-x}"))
    assert f"policy.yaml:{line}:{column}: error" in err


def test_all_problems_are_reported_in_one_run(tmp_path, cli):
    text = (POLICY.replace("en: Your name", 'en: ""')
            .replace("period: 3 years", "period: 3 yrs")
            .replace("legal_bases: [art6-1-d]", "legal_bases: [art6-1-g]")
            .replace("effective_date: 2026-11-23", "effective_date: 2026-13-01"))
    policy = tmp_path / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    code, _, err = cli("check", str(policy))
    assert code == 1
    reported = [line for line in err.splitlines() if ": error: " in line]
    assert len(reported) == 4, err
    # sorted by position in the file
    lines = [int(r.split(":")[1]) for r in reported]
    assert lines == sorted(lines)
    assert lines == [line_of(text, "effective_date:"), line_of(text, 'en: ""'), line_of(text, "art6-1-g"),
                     line_of(text, "3 yrs")]
    assert "4 errors, 0 warnings. Fix the errors above" in err


@pytest.mark.parametrize(("content", "message", "line"), [
    (b"", "the file is empty", 0),
    (b"# only a comment\n\n", "the file is empty", 0),
    (b"title:\n  no: Personvern\n  en: Privacy: our promise\n", "the value of 'en' contains ': '", 3),
    (b"title:\n\tno: x\n", "line 2 is indented with a tab character", 2),
    (b'title:\n  no: "unclosed\n', "the quote \" that opens here is never closed", 2),
    (b"title:\n  no: Personvernerkl\xe6ring\n", "not valid UTF-8", 2),
    (b"languages: [no, en]\n---\nversion: 1\n", "the file holds a second document", 2),
    (b"title: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested more than 64 levels deep", 1),
])
def test_unusable_files_exit_2_with_a_location(tmp_path, cli, content, message, line):
    policy = tmp_path / "policy.yaml"
    policy.write_bytes(content)
    code, _, err = cli("check", str(policy))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert "how to fix:" in err
    if line:
        assert f"policy.yaml:{line}:" in err


def test_missing_file_is_reported_not_raised(tmp_path, cli):
    code, _, err = cli("check", str(tmp_path / "nope.yaml"))
    assert code == 2 and "cannot read the file" in err


def test_not_a_mapping(tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    policy.write_text("- just\n- a list\n", encoding="utf-8")
    code, _, err = cli("check", str(policy))
    assert code == 1 and "must be a mapping" in err and "policy.yaml:1:1" in err


def test_github_annotations(tmp_path, cli):
    policy, text = broken(tmp_path, "period: 3 years", "period: 3 yrs")
    code, _, err = cli("check", "--format", "github", str(policy))
    assert code == 1
    line = line_of(text, "3 yrs")
    assert f"::error file={policy},line={line},col=" in err
    assert "How to fix:" in err


def test_json_output(tmp_path, cli):
    policy, _ = broken(tmp_path, "period: 3 years", "period: 3 yrs")
    code, out, _ = cli("check", "--format", "json", str(policy))
    problems = json.loads(out)
    assert code == 1 and problems[0]["path"] == "retention.rules[0].period"
    assert problems[0]["location"]["line"] > 0 and problems[0]["hint"]


def test_the_installed_command_reports_without_traceback(tmp_path):
    policy, _ = broken(tmp_path, "period: 3 years", "period: 3 yrs")
    result = subprocess.run([sys.executable, "-m", "policysite", "check", str(policy)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "retention.rules[0].period" in result.stderr and "Traceback" not in result.stderr


def test_a_country_written_with_another_code_in_use_is_told_the_iso_code(tmp_path, cli):
    policy, _ = broken(tmp_path, "country: NO", "country: UK")
    code, _, err = cli("check", str(policy))
    assert code == 1
    assert "how to fix: write GB: it is the ISO 3166 code of the country UK stands for" in err
