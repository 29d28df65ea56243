"""Shared fixtures: a throw-away copy of the project, the CLI, and a built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
PROJECT_FILES = ["mkdocs.yml", "policy.yaml", "branding", "overrides", "scripts"]
LANGUAGES = ["no", "en"]
PAGE = {"no": "index.html", "en": "en/index.html"}


def copy_project(target: Path) -> Path:
    """A copy of everything a build reads, so tests never touch the working tree."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    for language in LANGUAGES:
        (target / "docs" / language).mkdir(parents=True, exist_ok=True)
    return target


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


@dataclass
class BuiltSite:
    project: Path
    site: Path

    def html(self, language: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / PAGE[language]).read_text(encoding="utf-8"), "html.parser")

    def article(self, language: str):
        return self.html(language).select_one("article")


def run_policysite(project: Path, *args: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """The installed command line, run in a project copy. `env` sets variables (None removes one).
    SOURCE_DATE_EPOCH and SITE_URL are removed unless given: builds then use the policy's date
    and mkdocs.yml's site_url, whatever the calling shell has set."""
    environment = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run([sys.executable, "-m", "policysite", *args], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> BuiltSite:
    """The site as `make site` publishes it (`policysite build`: headers, exports, link check)."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    return BuiltSite(project, project / "site")


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole session (Playwright's own browsers need a download)."""
    from playwright.sync_api import sync_playwright

    from devtools.browser import CHROMIUM, launch

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `make system` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _logo_beside_policies(request) -> None:
    """policy.yaml names a logo file beside it (site.logo): a test that writes a policy into its
    tmp_path finds the logo there too, as in the repository."""
    if "tmp_path" in request.fixturenames:
        shutil.copytree(ROOT / "branding", request.getfixturevalue("tmp_path") / "branding", dirs_exist_ok=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(published_site) -> BuiltSite:
    """The site every page-level test reads: exactly what `make site` publishes."""
    return published_site


@pytest.fixture
def cli(capsys):
    """Run the policysite command line in-process; returns (exit code, stdout, stderr)."""
    from policysite.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
