"""'What changed' for readers: the page announces a new version for site.change_notice_days after
its date, in the reader's language, from the history entry's summary; the build date comes from
SOURCE_DATE_EPOCH or the last commit, so a build is reproducible; reviewers get the same text."""

from __future__ import annotations

import datetime
import os
import subprocess

import pytest
from bs4 import BeautifulSoup

from devtools.change_summary import summary_markdown
from policies import FIXTURES, POLICY, edit, write
from site_markdown import to_soup

DATE = datetime.date(2026, 11, 23)  # policy.yaml's version 1.0
SUMMARY = {"no": "Personvernerklæringen publiseres fra én felles kilde",
           "en": "The privacy policy is published from one shared source"}


def epoch(day: datetime.date) -> str:
    return str(int(datetime.datetime.combine(day, datetime.time(12), datetime.UTC).timestamp()))


def generated(cli, tmp_path, text: str = POLICY) -> dict[str, BeautifulSoup]:
    """Each language's page as the site renders its generated Markdown."""
    policy = write(tmp_path, text)
    code, _, err = cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    return {language: to_soup((tmp_path / "docs" / language / "index.md").read_text(encoding="utf-8"))
            for language in ("no", "en")}


def notice(page: BeautifulSoup) -> str | None:
    element = page.find(id="notice")
    return None if element is None else " ".join(element.get_text(" ").split())


@pytest.mark.parametrize("days_after", [-3, 0, 29])
def test_a_new_version_is_announced_in_each_language(cli, tmp_path, monkeypatch, days_after):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DATE + datetime.timedelta(days=days_after)))
    pages = generated(cli, tmp_path)
    assert notice(pages["no"]).startswith("Endret 23. november 2026: Se hva som er endret " + SUMMARY["no"])
    assert notice(pages["en"]).startswith("Changed on November 23, 2026: See what changed " + SUMMARY["en"])
    for page in pages.values():
        assert page.find(id="notice").find("a")["href"] == "history.md#version-1-0"
        assert page.find(id="notice")["role"] == "note" and "policy-notice" in page.find(id="notice")["class"]


def test_the_notice_ends_after_the_configured_days(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DATE + datetime.timedelta(days=30)))
    assert not any(notice(page) for page in generated(cli, tmp_path).values())
    longer = edit("  accent_color:", "  change_notice_days: 60\n  accent_color:")
    assert all(notice(page) for page in generated(cli, tmp_path, longer).values())
    off = edit("  accent_color:", "  change_notice_days: 0\n  accent_color:")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DATE))
    assert not any(notice(page) for page in generated(cli, tmp_path, off).values())


def git(folder, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_without_source_date_epoch_the_last_commit_is_today(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write(tmp_path, POLICY)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "v1.0", date="2026-12-01T10:00:00Z")
    assert all(notice(page) for page in generated(cli, tmp_path).values())
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "a later fix", date="2027-02-01T10:00:00Z")
    assert not any(notice(page) for page in generated(cli, tmp_path).values())


def test_a_malformed_source_date_epoch_is_reported(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, _, err = cli("generate", str(write(tmp_path, POLICY)), "--docs", str(tmp_path / "docs"))
    assert code == 1
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'" in err


def test_reviewers_see_the_notice_and_the_changes_in_both_languages():
    text = summary_markdown(str(FIXTURES / "policy-v1.0.yaml"), str(FIXTURES / "policy-v1.1.yaml"),
                            FIXTURES / "policy-v1.1.yaml")
    assert "## What readers are told: version 1.0 → 1.1" in text
    assert "> **Endret 15. januar 2027:** Lagringstiden for supportsaker er endret." in text
    assert "> **Changed on January 15, 2027:** The retention period for support cases has changed." in text
    assert "- Supportsaker innsendt på mail: 3 år → 5 år" in text
    assert "- Support cases submitted by email: 3 years → 5 years" in text
    assert "history.md" not in text  # the page's relative link leads nowhere in a job summary
    assert "the version did not" not in text


def test_reviewers_are_warned_when_readers_would_not_be_told(tmp_path):
    old = write(tmp_path, POLICY, "old.yaml")
    new = write(tmp_path, POLICY.replace("period: 3 years", "period: 5 years"), "new.yaml")
    text = summary_markdown(str(old), str(new), new)
    assert "The text changed for readers, but the version did not" in text
