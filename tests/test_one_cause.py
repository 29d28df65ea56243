"""One cause, one message: a misspelt or renamed key, or a language removed from or added to
`languages:`, gives one located message, not one per consequence."""

from __future__ import annotations

import pytest

from conftest import run_policysite
from policies import POLICY, edit, write
from test_third_language import add_german


def _errors(cli, tmp_path, text: str) -> list[str]:
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1, err
    return [line for line in err.splitlines() if ": error: " in line]


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "at", "message"), [
    ("      title:\n        no: Kundetilfredshet", "      titel:\n        no: Kundetilfredshet", "titel:",
     "purposes.items[2].titel: unknown key 'titel': did you mean 'title'?"),
    ("      legal_bases: [art6-1-d]", "      legal_basis: [art6-1-d]", "legal_basis:",
     "purposes.items[3].legal_basis: unknown key 'legal_basis': did you mean 'legal_bases'?"),
    ("\nretention:\n", "\nretension:\n", "retension:", "retension: unknown key 'retension': did you mean 'retention'?"),
    ("\npurposes:\n", "\nformål:\n", "formål:",
     "formål: unknown key 'formål': is it 'purposes', which is required and missing here?"),
    ("  email: support@sensornordic.no", "  e-mail: support@sensornordic.no", "e-mail:",
     "controller.e-mail: unknown key 'e-mail': did you mean 'email'?"),
], ids=["misspelt-key", "misspelt-list-key", "misspelt-section", "renamed-section", "renamed-key"])
def test_a_misspelt_or_renamed_key_is_one_message(tmp_path, cli, old, new, at, message):
    text = edit(old, new)
    (error,) = _errors(cli, tmp_path, text)
    assert f"policy.yaml:{_line(text, at)}:" in error and message in error


def test_removing_a_language_is_one_message_not_one_per_text(tmp_path, cli):
    texts = POLICY.count("\n        en:") + POLICY.count("\n      en:") + POLICY.count("\n    en:") \
        + POLICY.count("\n  en:")
    assert texts > 30  # what each text would have reported
    text = edit("languages: [no, en]", "languages: [no]")
    (error,) = _errors(cli, tmp_path, text)
    assert f"policy.yaml:{_line(text, 'languages:')}:" in error
    assert "languages: 34 texts are also written in 'en', but languages does not list 'en'" in error


def test_adding_a_language_without_translations_is_one_message(project):
    add_german(project)  # labels for German, which the generator needs to word a German page
    write(project, edit("languages: [no, en]", "languages: [no, en, de]"))
    result = run_policysite(project, "check", env={"PYTHONPATH": str(project / "scripts")})
    assert result.returncode == 1
    (error,) = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert "languages: languages lists 'de', but none of the 34 texts has a 'de' text yet" in error


def test_a_language_missing_from_some_texts_is_still_reported_at_each(tmp_path, cli):
    text = edit("        en: Your name\n", "")
    text = edit("    en: Our contact information\n", "", text)
    errors = _errors(cli, tmp_path, text)
    assert len(errors) == 2 and all("the 'en' text is missing" in error for error in errors)
