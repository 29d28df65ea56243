"""The editor schema: generated from the validator, committed, and in agreement with `check`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT
from policies import POLICY, complete_policy, edit, write

SCHEMA_PATH = ROOT / "schema" / "policy.schema.json"
CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))


def schema_validator() -> jsonschema.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(text: str) -> list[str]:
    # BaseLoader reads every scalar as text, as policysite's own loader does (`no` stays "no").
    data = yaml.load(text, Loader=yaml.BaseLoader)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_validator().iter_errors(data)]


def test_committed_schema_is_the_generated_one(tmp_path, cli):
    generated = tmp_path / "policy.schema.json"
    code, out, _ = cli("schema", "--output", str(generated))
    assert code == 0 and "wrote" in out
    assert generated.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8"), (
        "schema/policy.schema.json is out of date: run `policysite schema`")
    code, out, _ = cli("schema", "--output", str(generated))
    assert code == 0 and "up to date" in out


def test_policy_yaml_points_editors_at_the_schema():
    first = POLICY.splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema/policy.schema.json"
    assert (ROOT / first.split("=", 1)[1]).resolve() == SCHEMA_PATH


def test_schema_describes_keys_for_editor_hover():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    purpose = schema["properties"]["purposes"]["properties"]["items"]["items"]
    assert "legitimate interest" in purpose["properties"]["legitimate_interest"]["description"]
    assert purpose["properties"]["legal_bases"]["items"]["enum"] == [f"art6-1-{x}" for x in "abcdef"]
    assert set(schema["required"]) >= {"languages", "controller", "purposes"}
    assert "rights" not in schema["required"]  # the GDPR sections are optional


@pytest.mark.parametrize("text", [POLICY, complete_policy()], ids=["policy.yaml", "all-gdpr-sections"])
def test_schema_accepts_valid_policies(text):
    assert schema_errors(text) == []


# The agreement matrix: every class of mistake goes through `check` and through check-jsonschema,
# an independent validator that reads YAML 1.2 as editors do. Where a JSON Schema can express the
# rule, both reject it at the same place; values `check` keeps as typed, both accept.
# (class, old, new (old "" appends new), where the editor schema reports it, what check says)
BOTH_REJECT = [
    ("missing-required-key", "  email: support@sensornordic.no\n", "", "controller",
     "the required key 'email' is missing"),
    ("unknown-key", "      title:\n        no: Kundetilfredshet", "      titel:\n        no: Kundetilfredshet",
     "purposes.items[2]", "unknown key 'titel'"),
    ("missing-language", "        en: Your name\n", "", "data_categories.items[0].name", "the 'en' text is missing"),
    ("extra-language", "        en: Your name\n", "        en: Your name\n        de: Ihr Name\n",
     "data_categories.items[0].name", "'de' is not one of the policy's languages"),
    ("empty-text", "en: Your name", 'en: ""', "data_categories.items[0].name.en", "the 'en' text is empty"),
    ("blank-line-in-text", "  en: Privacy\n", '  en: "Privacy\\n\\nPolicy"\n', "title.en", "blank line inside it"),
    ("unknown-reference", "jf. {art6-1-c}.", "jf. {art6-1-x}.", "sharing.disclosures[0].text.no",
     "'{art6-1-x}' is not a known reference"),
    ("stray-brace", "jf. {art6-1-c}.", "jf. {art6-1-c.", "sharing.disclosures[0].text.no", "'{' or '}'"),
    ("bad-id", "- id: marketing", "- id: Marketing Emails", "purposes.items[4].id", "is not a valid id"),
    ("unknown-legal-basis", "legal_bases: [art6-1-d]", "legal_bases: [art6-1-g]", "purposes.items[3].legal_bases[0]",
     "'art6-1-g' is not a known legal basis"),
    ("empty-list", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-d]",
     "data_categories: []\n      legal_bases: [art6-1-d]", "purposes.items[3].data_categories",
     "the list needs at least 1 item(s)"),
    ("malformed-period", "period: 3 years", "period: 3 yrs", "retention.rules[0].period",
     "'3 yrs' is not a retention period"),
    ("singular-plural", "period: 3 years", "period: 1 years", "retention.rules[0].period", "mixes singular and plural"),
    ("malformed-date", "effective_date: 2026-11-23", "effective_date: 23.11.2026", "effective_date",
     "is not a date in the form YYYY-MM-DD"),
    ("impossible-date", "effective_date: 2026-11-23", "effective_date: 2026-02-30", "effective_date",
     "is not a real date"),
    ("bad-email", "email: support@sensornordic.no", "email: support(at)sensornordic.no", "controller.email",
     "is not an e-mail address"),
    ("phone-without-country-code", "phone: +47 6790 4848", "phone: 6790 4848", "controller.phone",
     "is not a phone number with a country code"),
    ("bad-country", "country: NO", "country: XX", "controller.country", "'XX' is not a known country code"),
    ("list-for-a-value", "period: not stored", "period: [not stored]", "retention.rules[1].period",
     "expected a single value here, found a list"),
    ("value-for-a-mapping", "title:\n  no: Personvernerklæring\n  en: Privacy\n", "title: Privacy\n", "title",
     "expected a mapping of keys here"),
    ("version-with-letters", 'version: "1.0"', 'version: "1.0b"', "version", "is not a version number"),
    ("zero-width-space", "en: Your name", "en: Your\u200bname", "data_categories.items[0].name.en",
     "U+200B ZERO WIDTH SPACE"),
    ("escaped-control-character", "en: Your name", 'en: "Your\\vname"', "data_categories.items[0].name.en",
     "U+000B LINE TABULATION"),
    ("bidi-override-in-a-name", "  city: Kjeller", "  city: Kjel\u202eler", "controller.city",
     "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("unknown-right", "", "rights:\n  heading: {no: R, en: R}\n  items:\n    - right: happiness\n",
     "rights.items[0].right", "is not a known right"),
    ("insecure-url", "", "complaint:\n  heading: {no: K, en: C}\n  text: {no: K, en: C}\n"
     "  authority: Datatilsynet\n  website: http://www.datatilsynet.no/\n", "complaint.website",
     "is not a web address starting with https://"),
]
# Rules no JSON Schema can express (they need the whole file): only `check` and `policysite lsp`.
CHECK_ONLY = [
    ("dangling-category-reference", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-f]",
     "data_categories: [name, phone, emial]\n      legal_bases: [art6-1-f]", "'emial' is not a data category id"),
    ("duplicate-id", "- id: marketing", "- id: alarm-contacts", "the purpose id 'alarm-contacts' is used twice"),
    ("version-without-history-entry", 'version: "1.0"', 'version: "1.1"',
     "the newest history entry is version 1.0, but the policy is version 1.1"),
    ("history-date-differs", "    date: 2026-11-23", "    date: 2026-11-20", "the newest history entry is dated"),
    ("phone-number-that-does-not-exist", "phone: +47 6790 4848", "phone: +47 0000 0000", "is not a valid phone number"),
    ("text-cites-an-unlisted-basis", "legal_bases: [art6-1-c]", "legal_bases: [art6-1-f]",
     "the text cites {art6-1-c} but legal_bases does not list it"),
]
# Values `check` keeps exactly as typed, which YAML 1.2 editors read as numbers or booleans.
KEPT_AS_TYPED = [
    ("unquoted-postcode", 'postcode: "2007"', "postcode: 2007"),
    ("postcode-with-leading-zero", 'postcode: "2007"', "postcode: 0150"),
    ("unquoted-version", ('version: "1.0"', '  - version: "1.0"'), ("version: 1.0", "  - version: 1.0")),
    ("version-1.10", ('version: "1.0"', '  - version: "1.0"'), ("version: 1.10", '  - version: "1.10"')),
    ("number-as-a-text", "en: Your name", "en: 2024"),
    ("true-as-a-text", "en: Your name", "en: true"),
    ("yes-as-a-text", "en: Your name", "en: yes"),
    ("digits-as-an-id", "- id: support-email", "- id: 2024"),
    ("phone-without-spaces", "phone: +47 6790 4848", "phone: +4767904848"),
    ("non-breaking-space", "en: Your name", "en: Your\u00a0name"),
]
# Where YAML 1.2 itself loses what was typed, so the two cannot agree: `~` and `null` are null to an
# editor (as is an empty value, which check refuses too), but check keeps them as the text typed.
KNOWN_DIFFERENCES = [
    ("tilde-as-a-text", "en: Your name", "en: ~", "data_categories.items[0].name.en"),
]


def _edited(old, new) -> str:
    if not old:
        return POLICY + "\n" + new
    pairs = zip(old, new, strict=True) if isinstance(old, tuple) else [(old, new)]
    text = POLICY
    for before, after in pairs:
        text = edit(before, after, text)
    return text


@pytest.fixture(scope="module")
def editor_verdicts(tmp_path_factory, check_jsonschema) -> dict[str, list[str]]:
    """check-jsonschema's errors for every case, as '<path>: <message>', from one run over all files."""
    folder = tmp_path_factory.mktemp("matrix")
    cases = ([(c[0], c[1], c[2]) for c in BOTH_REJECT + CHECK_ONLY + KEPT_AS_TYPED + KNOWN_DIFFERENCES]
             + [("policy", "", "")])
    for name, old, new in cases:
        write(folder, _edited(old, new) if name != "policy" else POLICY, f"{name}.yaml")
    result = subprocess.run([check_jsonschema, "-o", "json", "--schemafile", str(SCHEMA_PATH),
                             *(str(folder / f"{name}.yaml") for name, _, _ in cases)],
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert not report["parse_errors"], report["parse_errors"]
    verdicts: dict[str, list[str]] = {name: [] for name, _, _ in cases}
    for error in report["errors"]:
        verdicts[Path(error["filename"]).stem].append(f"{error['path'].removeprefix('$.')}: {error['message']}")
    assert verdicts.pop("policy") == []
    return verdicts


def _check_errors(cli, tmp_path, text: str) -> list[str]:
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code in (0, 1), err
    return [line.split(": error: ", 1)[1] for line in err.splitlines() if ": error: " in line]


@pytest.mark.parametrize(("name", "old", "new", "where", "message"), BOTH_REJECT, ids=[c[0] for c in BOTH_REJECT])
def test_schema_and_check_reject_each_class_at_the_same_place(tmp_path, cli, editor_verdicts, name, old, new,
                                                              where, message):
    schema = editor_verdicts[name]
    assert any(error.startswith((f"{where}: ", f"{where}.", f"{where}[")) for error in schema), schema
    errors = _check_errors(cli, tmp_path, _edited(old, new))
    assert len(errors) == 1 and message in errors[0], errors
    checked_path = errors[0].split(": ", 1)[0]
    assert checked_path.startswith(where), (checked_path, where)


@pytest.mark.parametrize(("name", "old", "new", "message"), CHECK_ONLY, ids=[c[0] for c in CHECK_ONLY])
def test_rules_a_schema_cannot_express_are_checks_alone(tmp_path, cli, editor_verdicts, name, old, new, message):
    assert editor_verdicts[name] == []  # the editor schema passes it: `policysite lsp` shows these
    errors = _check_errors(cli, tmp_path, _edited(old, new))
    assert len(errors) == 1 and message in errors[0], errors


@pytest.mark.parametrize(("name", "old", "new"), KEPT_AS_TYPED, ids=[c[0] for c in KEPT_AS_TYPED])
def test_values_kept_as_typed_are_accepted_by_both(tmp_path, cli, editor_verdicts, name, old, new):
    assert editor_verdicts[name] == []
    assert _check_errors(cli, tmp_path, _edited(old, new)) == []


@pytest.mark.parametrize(("name", "old", "new", "where"), KNOWN_DIFFERENCES, ids=[c[0] for c in KNOWN_DIFFERENCES])
def test_the_known_difference_is_only_where_yaml_1_2_drops_the_text(tmp_path, cli, editor_verdicts, name, old, new,
                                                                     where):
    assert {error.split(": ")[0] for error in editor_verdicts[name]} == {where}
    assert _check_errors(cli, tmp_path, _edited(old, new)) == []


@pytest.fixture(scope="module")
def check_jsonschema():
    if CHECK_JSONSCHEMA is None:
        pytest.fail("check-jsonschema is not installed: run `make test` (it is in the test extras)")
    return CHECK_JSONSCHEMA


def test_editor_validation_with_check_jsonschema(tmp_path, check_jsonschema):
    """What an editor's YAML language server does with the modeline: validate against the schema."""
    ok = subprocess.run([check_jsonschema, "--schemafile", str(SCHEMA_PATH), str(ROOT / "policy.yaml")],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = write(tmp_path, edit("period: 3 years", "period: 3 yrs").replace("en: Your name", "de: Ihr Name"))
    bad = subprocess.run([check_jsonschema, "--schemafile", str(SCHEMA_PATH), str(broken)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "$.retention.rules[0].period: '3 yrs' does not match" in bad.stdout
    assert "$.data_categories.items[0].name: 'en' is a required property" in bad.stdout
