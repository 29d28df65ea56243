"""Checks across the policy: located errors and warnings, exit codes, --strict, all formats."""

from __future__ import annotations

import json

import pytest

from policies import POLICY, complete_policy, edit, write
from test_check_errors import line_of


def problems_json(cli, *args: str) -> tuple[int, list[dict]]:
    code, out, _ = cli("check", "--format", "json", *args)
    return code, json.loads(out)


def test_exit_codes_clean_warnings_problems_unusable(tmp_path, cli):
    clean = write(tmp_path, complete_policy(), "clean.yaml")
    assert cli("check", str(clean))[0] == 0
    assert cli("check", "--strict", str(clean))[0] == 0
    # SensorNordic's policy has advice warnings: they pass, unless --strict
    code, out, err = cli("check", str(write(tmp_path, POLICY)))
    assert code == 0 and "policy.yaml: OK, no errors; 4 warnings of advice above." in out and ": warning: " in err
    code, _, err = cli("check", "--strict", str(write(tmp_path, POLICY)))
    assert code == 1 and "--strict" in err
    assert cli("check", str(write(tmp_path, edit("period: 3 years", "period: 3 yrs"))))[0] == 1
    assert cli("check", str(write(tmp_path, "title: [unclosed\n")))[0] == 2


# id, old, new, message, YAML path, text on the reported line, severity
CASES = [
    ("unused-category", "        en: Company details\n",
     "        en: Company details\n    - id: birthday\n      name: {no: Fødselsdag, en: Birthday}\n",
     "the data category 'birthday' is not used by any purpose", "data_categories.items[4].id",
     "- id: birthday", "error"),
    ("purpose-without-categories", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-d]",
     "data_categories: []\n      legal_bases: [art6-1-d]", "the list needs at least 1 item(s)",
     "purposes.items[3].data_categories", "data_categories: []", "error"),
    ("purpose-without-legal-basis", "legal_bases: [art6-1-d]", "legal_bases:",
     "the list needs at least 1 item(s)", "purposes.items[3].legal_bases", "legal_bases:\n\n    - id: marketing",
     "error"),
    ("legitimate-interest-not-stated", "", "", "the purpose 'satisfaction-surveys' relies on art6-1-f but does "
     "not state the legitimate interest", "purposes.items[2].legal_bases[0]", "legal_bases: [art6-1-f]\n", "warning"),
    ("consent-withdrawal-not-stated", "", "", "the purpose 'marketing' relies on art6-1-a but does not state how "
     "the reader can withdraw consent", "purposes.items[4].legal_bases[1]", "[art6-1-f, art6-1-a]", "warning"),
    ("legitimate-interest-without-basis", "      legal_bases: [art6-1-d]\n",
     "      legal_bases: [art6-1-d]\n      legitimate_interest:\n        no: X.\n        en: X.\n",
     "'legitimate_interest' is stated but legal_bases does not list art6-1-f",
     "purposes.items[3].legitimate_interest", "        no: X.", "warning"),
    ("category-without-retention", "period: 3 years\n      data_categories: [name, phone, email, company-details]",
     "period: 3 years\n      data_categories: [name, phone, email]",
     "no retention rule says how long 'company-details' is kept", "data_categories.items[3].id",
     "- id: company-details", "warning"),
    ("retention-for-unknown-category", "data_categories: [name, phone, email, company-details]\n    - id: cu",
     "data_categories: [name, phone, email, company-details, adress]\n    - id: cu",
     "'adress' is not a data category id", "retention.rules[0].data_categories[4]", "adress", "error"),
    ("id-not-url-safe", "- id: support-email", "- id: support_email", "'support_email' is not a valid id",
     "retention.rules[0].id", "support_email", "error"),
    ("dpo-without-contact", "", "data_protection_officer:\n  heading: {no: Personvernombud, en: DPO}\n"
     "  name: Kari Nordmann\n", "the data protection officer has no contact details", "data_protection_officer",
     "  heading: {no: Personvernombud", "error"),
    ("duplicate-right", "", "rights:\n  heading: {no: R, en: R}\n  items:\n    - right: access\n"
     "    - right: access\n", "the right 'access' is used twice", "rights.items[1].right", "- right: access\n\n",
     "error"),
]


@pytest.mark.parametrize(("old", "new", "message", "path", "at", "severity"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_check_is_located_with_a_hint(tmp_path, cli, old, new, message, path, at, severity):
    text = edit(old, new) if old else f"{POLICY}\n{new}"  # no `old`: append `new` (or nothing)
    code, problems = problems_json(cli, str(write(tmp_path, text)))
    found = [p for p in problems if message in p["message"]]
    assert found, problems
    problem = found[0]
    assert problem["severity"] == severity and problem["path"] == path and len(problem["hint"]) > 10
    # `at` is the text on the reported line; for a repeated line, the last occurrence
    occurrences = text.count(at)
    assert problem["location"]["line"] == line_of(text, at, occurrences), problem
    assert problem["location"]["column"] > 0
    assert code == (1 if severity == "error" else 0)


def test_warnings_as_github_annotations(tmp_path, cli):
    code, _, err = cli("check", "--format", "github", str(write(tmp_path, POLICY)))
    annotations = [line for line in err.splitlines() if line.startswith("::warning ")]
    assert code == 0 and len(annotations) == 4
    line = line_of(POLICY, "legal_bases: [art6-1-f]\n")
    assert any(f",line={line},col=" in a and "satisfaction-surveys" in a and "How to fix:" in a
               for a in annotations)


def test_errors_in_the_new_sections_are_all_reported_in_one_run(tmp_path, cli):
    text = POLICY + (
        "\nrights:\n  heading: {no: R, en: R}\n  items:\n    - right: acces\n"
        "\ntransfers:\n  heading: {no: T, en: T}\n  items:\n    - id: hosting\n      recipient: {no: L, en: P}\n"
        "      countries: [USA]\n      safeguard: standard-contractual-clauses\n"
        "\ncomplaint:\n  heading: {no: K, en: C}\n  text: {no: K, en: C}\n  authority: Datatilsynet\n"
        "  website: www.datatilsynet.no\n")
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert [int(e.split(":")[1]) for e in errors] == [line_of(text, "acces"), line_of(text, "[USA]"),
                                                       line_of(text, "website:")], err
    assert "did you mean 'access'?" in err and "'USA' is not a two-letter country code" in err
    assert "'www.datatilsynet.no' is not a web address starting with https://" in err
