"""The three fictional example policies (issue 9, item 10) each check with no error and no warning,
have a complete GDPR report, and build in both languages with the same clauses.

tests/fixtures/examples/<name>/ holds policy.yaml and, where it has one, the logo beside it:
municipality-health (a public body: art. 9 data, national law, transfers), volunteer-choir (the
smallest useful policy) and membership-organisation (joint controllers, 30 recipients, free sections)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES, PAGE, copy_project, run_policysite
from policysite.source.loader import load_file
from policysite.source.nodes import Node, Scalar, Sequence, node_at

EXAMPLES_DIR = Path(__file__).resolve().parent / "fixtures" / "examples"
EXAMPLES = sorted(folder.name for folder in EXAMPLES_DIR.iterdir() if (folder / "policy.yaml").is_file())


def source(name: str) -> Node:
    return load_file(EXAMPLES_DIR / name / "policy.yaml").root


def ids(root: Node, path: str) -> list[str]:
    """The ids of the items at `path` (none when the policy leaves the section out)."""
    node = node_at(root, path)
    return [node_at(item, "id").value for item in node.items] if isinstance(node, Sequence) else []


def text(node: Node, language: str) -> str:
    """A name or title: one string for every language, or one per language."""
    return node.value if isinstance(node, Scalar) else node_at(node, language).value


def test_the_three_examples_are_there():
    assert EXAMPLES == ["membership-organisation", "municipality-health", "volunteer-choir"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_example_checks_with_no_error_no_warning_and_a_complete_gdpr_report(cli, tmp_path, name):
    report = tmp_path / "gdpr-report.md"
    code, out, err = cli("check", "--gdpr", "--strict", "--report", str(report),
                         str(EXAMPLES_DIR / name / "policy.yaml"))
    assert code == 0, out + err  # with --strict a single warning (advice or a GDPR gap) fails too
    assert ", 0 missing," in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_example_builds_in_both_languages_with_every_clause(tmp_path, name):
    project = copy_project(tmp_path / "project")
    for file in (EXAMPLES_DIR / name).iterdir():  # policy.yaml and its logo
        shutil.copy2(file, project / file.name)
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr

    root = source(name)
    expected = ({f"purpose-{i}" for i in ids(root, "purposes.items")}
                | {f"recipient-{i}" for i in ids(root, "recipients.items")}
                | {f"retention-{i}" for i in ids(root, "retention.rules")}
                | {f"subject-{i}" for i in ids(root, "data_subjects.items")}
                | {f"joint-controller-{i}" for i in ids(root, "joint_controllers.items")}
                | {f"section-{i}" for i in ids(root, "sections")})
    anchors = {}
    for language in LANGUAGES:
        page = BeautifulSoup((project / "site" / PAGE[language]).read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == language
        article = page.select_one("article")
        assert article.h1.get_text(" ", strip=True).startswith(text(node_at(root, "title"), language))
        anchors[language] = {element["id"] for element in article.select("[id]")}
        assert expected <= anchors[language], sorted(expected - anchors[language])
    assert anchors["no"] == anchors["en"]  # the same clauses, with the same anchors, in both languages
