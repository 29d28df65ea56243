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
    basis = purpose["properties"]["legal_bases"]["items"]["else"]
    assert basis["examples"][:3] == ["art6-1-b", "art9-2-h", "art10"]
    assert set(schema["required"]) >= {"languages", "controller", "purposes"}
    assert "rights" not in schema["required"]  # the GDPR sections are optional


@pytest.mark.parametrize("text", [POLICY, complete_policy()], ids=["policy.yaml", "all-gdpr-sections"])
def test_schema_accepts_valid_policies(text):
    assert schema_errors(text) == []


# Each class of bad input: the schema rejects it at the given place, and so does `check`.
BAD = [
    ("missing-required-key", "  name: SensorNordic AS\n", "", "controller", "'name' is a required"),
    ("unknown-key", "      title:\n        no: Kundetilfredshet", "      titel:\n        no: Kundetilfredshet",
     "purposes.items.2", "'titel' was unexpected"),
    ("missing-language", "        en: Your name\n", "", "data_categories.items.0.name", "'en' is a required"),
    ("extra-language", "        en: Your name\n", "        en: Your name\n        de: Ihr Name\n",
     "data_categories.items.0.name", "'de' was unexpected"),
    ("empty-text", "en: Your name", 'en: ""', "data_categories.items.0.name.en", "does not match"),
    ("blank-line-in-text", "  en: Privacy\n", '  en: "Privacy\\n\\nPolicy"\n', "title.en", "should not be valid"),
    ("unknown-reference", "jf. {art6-1-c}.", "jf. {art6-1-x}.", "recipients.items.0.description.no",
     "does not match"),
    ("stray-brace", "jf. {art6-1-c}.", "jf. {art6-1-c.", "recipients.items.0.description.no", "does not match"),
    ("bad-id", "- id: marketing", "- id: Marketing Emails", "purposes.items.4.id", "does not match"),
    ("unknown-legal-basis", "legal_bases: [art6-1-d]", "legal_bases: [art6-1-g]",
     "purposes.items.3.legal_bases.0", "does not match"),
    ("empty-list", "data_categories: [name, phone, email]\n      legal_bases: [art6-1-d]",
     "data_categories: []\n      legal_bases: [art6-1-d]", "purposes.items.3.data_categories", "should be non-empty"),
    ("malformed-period", "period: 3 years", "period: 3 yrs", "retention.rules.0.period", "does not match"),
    ("singular-plural", "period: 3 years", "period: 1 years", "retention.rules.0.period", "does not match"),
    ("malformed-date", "effective_date: 2026-11-23", "effective_date: 23.11.2026", "effective_date",
     "does not match"),
    ("impossible-date", "effective_date: 2026-11-23", "effective_date: 2026-02-30", "effective_date",
     "is not a 'date'"),
    ("bad-email", "email: support@sensornordic.no", "email: support(at)sensornordic.no", "controller.email",
     "does not match"),
    ("phone-with-letters", "phone: +47 6790 4848", "phone: +47 67 9O 48", "controller.phone",
     "does not match"),
    ("bad-country", "country: NO", "country: XX", "controller.country", "is not one of"),
    ("list-for-a-value", "period: not stored", "period: [not stored]", "retention.rules.1.period",
     "is not of type 'string'"),
    ("value-for-a-mapping", "title:\n  no: Personvernerklæring\n  en: Privacy\n", "title: Privacy\n", "title",
     "is not of type 'object'"),
    ("unknown-right", "", "rights:\n  heading: {no: R, en: R}\n  items:\n    - right: happiness\n",
     "rights.items.0.right", "is not one of"),
    ("insecure-url", "", "complaint:\n  heading: {no: K, en: C}\n  text: {no: K, en: C}\n"
     "  authority: Datatilsynet\n  website: http://www.datatilsynet.no/\n", "complaint.website", "does not match"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_schema_and_check_reject_each_class_of_bad_input(tmp_path, cli, old, new, where, message):
    text = edit(old, new) if old else POLICY + "\n" + new
    errors = schema_errors(text)
    assert any(e.startswith(f"{where}: ") and message in e for e in errors), errors
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1 and ": error: " in err


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
