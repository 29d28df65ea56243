"""What an editor reads at the end of `check` and `make check`: the advice grouped under one heading,
then one plain last line with the answer, never make's own "Error 1" noise."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from policies import POLICY, edit, write


def test_the_untouched_example_groups_its_warnings_as_advice(cli):
    code, out, err = cli("check", str(ROOT / "policy.yaml"))
    assert code == 0
    lines = err.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("Advice: 4 warnings."))
    assert err.count("Advice:") == 1
    warnings = [i for i, line in enumerate(lines) if ": warning: " in line]
    assert len(warnings) == 4 and min(warnings) > heading
    explanation = " ".join(lines[heading:min(warnings)])
    assert "never stop the site from being built" in explanation and "Fill these gaps when you can" in explanation
    assert out.splitlines()[-1] == f"{ROOT / 'policy.yaml'}: OK, no errors; 4 warnings of advice above."


def test_errors_come_first_and_the_last_line_says_what_to_do(tmp_path, cli):
    old = write(tmp_path, POLICY, "old.yaml")
    text = edit("en: Your name", "en: Your new name", edit("period: 3 years", "period: 3 yrs"))
    policy = write(tmp_path, text)
    code, _, err = cli("check", "--since", str(old), str(policy))
    assert code == 1
    lines = err.splitlines()
    assert ": error: " in lines[0] and "Advice: 2 warnings." in err
    assert lines.index(next(line for line in lines if line.startswith("Advice:"))) > 0
    assert lines[-1] == (f"{policy}: 1 error, 2 warnings. Fix the errors above (each says where and how); "
                         "the site is not built until they are fixed.")


@pytest.fixture
def make_project(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.fail("make is needed for this test")
    for name in ("Makefile", "requirements-site.lock", "requirements-test.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def make_check(project: Path) -> subprocess.CompletedProcess:
    # the test's own environment stands in for .venv (SITE_ENV= skips the set-up step)
    return subprocess.run(["make", "--no-print-directory", "check", "SITE_ENV=", f"BIN={Path(sys.executable).parent}"],
                          cwd=project, capture_output=True, text=True, timeout=120)


def test_make_check_ends_with_the_plain_answer_not_makes_noise(make_project):
    write(make_project, edit("period: 3 years", "period: 3 yrs"))
    result = make_check(make_project)
    assert result.returncode != 0
    assert "Error 1" not in result.stdout + result.stderr and "***" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("policy.yaml: 1 error, 0 warnings. Fix the errors above")

    write(make_project, POLICY)
    result = make_check(make_project)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "policy.yaml: OK, no errors; 4 warnings of advice above."
