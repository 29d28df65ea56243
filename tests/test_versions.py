"""Comparing two versions: stale translations (`check --since`) and the change summary (`diff`).

tests/fixtures/policy-v1.0.yaml is the published 1.0; policy-v1.1.yaml changes one thing of
each kind, and rewords one Norwegian text without touching its English one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from policies import FIXTURES, POLICY, edit, write
from test_check_errors import line_of

V10, V11 = FIXTURES / "policy-v1.0.yaml", FIXTURES / "policy-v1.1.yaml"


def stale_warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "the translation may be out of date" in line]


def test_one_language_changed_warns_for_that_clause(cli):
    code, _, err = cli("check", "--since", str(V10), str(V11))
    assert code == 0  # a warning, not an error
    warnings = stale_warnings(err)
    assert len(warnings) == 1, err
    text = V11.read_text(encoding="utf-8")
    folded = line_of(text, "Administrasjon av vår virksomhet, blant annet") - 1  # the `no: >-` line
    assert f"policy-v1.1.yaml:{folded}:13: warning" in warnings[0]
    assert "purposes.items[1].description.no: clause 'business-administration': the 'no' text changed" in warnings[0]
    assert "but the 'en' text did not" in warnings[0]
    assert cli("check", "--strict", "--since", str(V10), str(V11))[0] == 1


def test_changes_in_both_languages_moves_and_refolding_do_not_warn(cli):
    # v1.1 since itself, and v1.0 since v1.1: reworded titles (both languages), a removed purpose
    # and a new one shift list positions; only the one-sided description counts.
    assert stale_warnings(cli("check", "--since", str(V11), str(V11))[2]) == []
    warnings = stale_warnings(cli("check", "--since", str(V11), str(V10))[2])
    assert len(warnings) == 1 and "business-administration" in warnings[0]


@pytest.mark.parametrize(("old", "new", "clause"), [
    ("        en: Your name\n", "        en: Your full name\n", "data_categories.items[0].name.en: clause 'name'"),
    ("  en: Privacy\n", "  en: Privacy policy\n", "title.en: 'title'"),
    ("Vi selger aldri informasjonen din til tredjepart.", "Vi selger aldri informasjonen din.",
     "sharing.statements[0].text.no: clause 'never-sold'"),
])
def test_each_kind_of_text_is_matched_by_clause_id(tmp_path, cli, old, new, clause):
    before = write(tmp_path, POLICY, "old.yaml")
    after = write(tmp_path, edit(old, new))
    warnings = stale_warnings(cli("check", "--since", str(before), str(after))[2])
    assert len(warnings) == 1 and clause in warnings[0], warnings


def test_refolding_a_text_is_not_a_change(tmp_path, cli):
    before = write(tmp_path, POLICY, "old.yaml")
    refolded = edit("        en: Your name\n", '        en: "Your\n          name"\n')
    assert stale_warnings(cli("check", "--since", str(before), str(write(tmp_path, refolded)))[2]) == []


def test_diff_prints_both_languages(cli):
    code, out, _ = cli("diff", str(V10), str(V11))
    assert code == 0
    norwegian, english = out.split("\n\n")
    assert norwegian.splitlines() == [
        "Endringer for leserne (versjon 1.0 → 1.1):",
        "- Nye personopplysninger: Din adresse",
        "- Nytt formål: Nyhetsbrev",
        "- Formål fjernet: Kundetilfredshet",
        "- Formål omformulert: Administrasjon av virksomheten",
        "- Formål omformulert: Dine alarmkontakter",
        "- Rettslig grunnlag for Tilbud og informasjon på e-post og sms: berettiget interesse (GDPR art. 6 (1) f); "
        "samtykke (GDPR art. 6 (1) a) → samtykke (GDPR art. 6 (1) a)",
        "- Ny lagringsregel: Adresser til abonnenter på nyhetsbrevet: 6 måneder",
        "- Supportsaker innsendt på mail: 3 år → 5 år",
    ]
    assert english.splitlines()[0] == "Changes for readers (version 1.0 → 1.1):"
    assert "- Support cases submitted by email: 3 years → 5 years" in english.splitlines()
    assert "- Purpose removed: Customer satisfaction" in english.splitlines()
    assert len(english.splitlines()) == len(norwegian.splitlines())


def test_diff_as_json_is_structured(cli):
    code, out, _ = cli("diff", "--format", "json", str(V10), str(V11))
    data = json.loads(out)
    assert code == 0 and (data["old"], data["new"]) == ("1.0", "1.1")
    retention = [c for c in data["changes"] if c["kind"] == "retention_changed"]
    assert retention == [{"kind": "retention_changed", "id": "support-email",
                          "name": {"no": "Supportsaker innsendt på mail", "en": "Support cases submitted by email"},
                          "before": {"duration": {"count": 3, "unit": "year"}},
                          "after": {"duration": {"count": 5, "unit": "year"}}}]
    bases = [c for c in data["changes"] if c["kind"] == "legal_bases_changed"]
    assert bases[0]["before"] == [{"basis": "art6-1-f"}, {"basis": "art6-1-a"}]
    assert bases[0]["after"] == [{"basis": "art6-1-a"}]


def test_diff_of_a_period_to_not_stored(tmp_path, cli):
    after = write(tmp_path, edit("period: 3 years", "period: not stored"))
    out = cli("diff", str(V10), str(after))[1]
    assert "- Supportsaker innsendt på mail: 3 år → lagres ikke" in out
    assert "- Support cases submitted by email: 3 years → not stored" in out


def test_diff_without_changes(cli):
    out = cli("diff", str(V10), str(V10))[1]
    assert "Ingen endringer for leserne." in out and "No changes for readers." in out


def test_diff_of_a_broken_version_reports_its_problems(tmp_path, cli):
    broken = write(tmp_path, edit("period: 3 years", "period: 3 yrs"))
    code, _, err = cli("diff", str(V10), str(broken))
    assert code == 1 and "retention.rules[0].period: '3 yrs' is not a retention period" in err


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed for the revision tests")
    repo = tmp_path / "repo"
    repo.mkdir()

    def run(*args: str) -> None:
        subprocess.run([git, *args], cwd=repo, check=True, capture_output=True)

    run("init", "-q")
    run("config", "user.email", "legal@example.no")
    run("config", "user.name", "Legal team")
    shutil.copy(V10, repo / "policy.yaml")
    run("add", "policy.yaml")
    run("commit", "-qm", "1.0")
    run("tag", "v1.0")
    shutil.copy(V11, repo / "policy.yaml")
    run("commit", "-qam", "1.1")
    return repo


def test_versions_from_git_revisions(git_repo, cli, monkeypatch):
    monkeypatch.chdir(git_repo)
    code, out, _ = cli("diff", "v1.0", "HEAD")
    assert code == 0 and "- Supportsaker innsendt på mail: 3 år → 5 år" in out
    assert cli("diff", "HEAD~1", "policy.yaml")[1] == out  # a revision against the working file
    code, _, err = cli("check", "--since", "HEAD~1", "policy.yaml")
    assert code == 0 and len(stale_warnings(err)) == 1 and "since HEAD~1:policy.yaml" in err


@pytest.mark.parametrize("spec", ["no-such-revision", "--output=/tmp/x"])
def test_an_unknown_revision_is_reported_not_raised(git_repo, cli, monkeypatch, spec):
    monkeypatch.chdir(git_repo)
    code, _, err = cli("check", f"--since={spec}", "policy.yaml")
    assert code == 2 and "is not a file" in err and "how to fix:" in err
    code, _, err = cli("diff", spec, "policy.yaml") if not spec.startswith("-") else cli("diff", "--", spec)
    assert code == 2 and "Traceback" not in err
