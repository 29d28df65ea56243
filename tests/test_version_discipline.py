"""`check --since REV`: a changed policy must record the change in version, effective_date and history."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from policies import POLICY, edit, write

NEW_VERSION = (edit('version: "1.0"\neffective_date: 2026-11-23',
                    'version: "1.1"\neffective_date: 2026-12-01')
               .replace("history:\n", "history:\n  - version: \"1.1\"\n    date: 2026-12-01\n"
                                      "    summary: {no: Lagringstid endret., en: Retention period changed.}\n", 1))


def _discipline(err: str) -> list[str]:
    return [line for line in err.splitlines() if "were not updated" in line]


def test_a_change_without_a_new_version_is_named_once_with_what_to_bump(tmp_path, cli):
    old = write(tmp_path, POLICY, "old.yaml")
    new = write(tmp_path, edit("period: 3 years", "period: 5 years"))
    code, _, err = cli("check", "--since", str(old), str(new))
    assert code == 0, err
    (warning,) = _discipline(err)
    line = POLICY[:POLICY.index('version: "1.0"')].count("\n") + 1
    assert f"policy.yaml:{line}:1: warning: version: the policy changed since {old} (retention) but version, " \
           "effective_date and the history were not updated" in warning
    assert "raise version (now 1.0, e.g. to 1.1), set effective_date to the date the new text applies from, " \
           "and add an entry at the top of history" in err


def test_strict_makes_it_an_error_for_ci(tmp_path, cli):
    old = write(tmp_path, POLICY, "old.yaml")
    new = write(tmp_path, edit("period: 3 years", "period: 5 years"))
    code, _, err = cli("check", "--strict", "--since", str(old), str(new))
    assert code == 1
    (error,) = _discipline(err)
    assert ": error: version: the policy changed since" in error


@pytest.mark.parametrize(("name", "text"), [
    ("unchanged", POLICY),
    ("comments-and-re-folding-only", edit("# Edit this file", "# Edit policy.yaml").replace(
        "      Beskyttelse av dine personopplysninger er viktig for oss i SensorNordic. Vi tar din sikkerhet\n"
        "      alvorlig,", "      Beskyttelse av dine personopplysninger er viktig for oss i SensorNordic.\n"
        "      Vi tar din sikkerhet alvorlig,")),
    ("a-recorded-new-version", edit("period: 3 years", "period: 5 years", NEW_VERSION)),
])
def test_no_warning_when_nothing_changed_or_the_change_is_recorded(tmp_path, cli, name, text):
    old = write(tmp_path, POLICY, "old.yaml")
    _, _, err = cli("check", "--strict", "--since", str(old), str(write(tmp_path, text)))
    assert _discipline(err) == [], err
    assert ": error: " not in err


def test_a_partial_update_is_one_error_not_two(tmp_path, cli):
    """A new version without its history entry is check's own error; the discipline adds nothing."""
    old = write(tmp_path, POLICY, "old.yaml")
    text = edit('version: "1.0"', 'version: "1.1"', edit("period: 3 years", "period: 5 years"))
    code, _, err = cli("check", "--since", str(old), str(write(tmp_path, text)))
    assert code == 1 and err.count(": error: ") == 1 and _discipline(err) == []
    assert "the newest history entry is version 1.0, but the policy is version 1.1" in err


def test_since_the_last_commit(tmp_path, cli, monkeypatch):
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed for this test")
    monkeypatch.chdir(tmp_path)
    write(tmp_path, POLICY)
    for args in (["init", "-q"], ["add", "policy.yaml"],
                 ["-c", "user.name=Legal", "-c", "user.email=legal@example.no", "commit", "-qm", "1.0"]):
        subprocess.run([git, *args], cwd=tmp_path, check=True, capture_output=True)
    write(tmp_path, edit("period: 3 years", "period: 5 years"))
    code, _, err = cli("check", "--strict", "--since", "HEAD", "policy.yaml")
    assert code == 1 and len(_discipline(err)) == 1 and "changed since HEAD:policy.yaml (retention)" in err
    write(tmp_path, edit("period: 3 years", "period: 5 years", NEW_VERSION))
    code, _, err = cli("check", "--since", "HEAD", "policy.yaml")
    assert code == 0 and _discipline(err) == [], err
