"""The build touches only its own files: no symbolic link followed or published, nothing in docs/ that the
generator did not write (or that is not allowed), no write through a link, no leftovers of a killed build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_policysite

pytestmark = pytest.mark.build


def site_files(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith((".site-build-", ".site-old-")))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the project that nothing may read into the site or write to."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET-OUTSIDE-THE-REPOSITORY\n", encoding="utf-8")
    return secret


def test_a_symbolic_link_in_docs_is_refused_and_nothing_is_published(project, outside):
    (project / "docs" / "en" / "notes.md").symlink_to(outside)
    (project / "docs" / "no" / "assets").symlink_to(outside.parent, target_is_directory=True)
    result = run_policysite(project, "build")
    assert result.returncode == 1, result.stdout
    assert "docs/en/notes.md" in result.stderr and "docs/no/assets" in result.stderr
    assert "symbolic link in docs/ is refused" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists() and leftovers(project) == []


@pytest.mark.parametrize("planted", ["en/.index.md.tmp", "no/index.md"], ids=["temporary file", "page"])
def test_the_generator_never_writes_through_a_planted_link(project, outside, planted):
    # the name of the generator's temporary file, or of a generated page, pointing outside the repository
    (project / "docs" / planted).symlink_to(outside)
    for command in ("generate", "build"):
        result = run_policysite(project, command)
        assert outside.read_text(encoding="utf-8") == "SECRET-OUTSIDE-THE-REPOSITORY\n"
        assert result.returncode == 1 and f"docs/{planted}" in result.stderr, result.stderr


def test_only_generated_pages_are_allowed_in_docs(project):
    (project / "docs" / "en" / "notes.md").write_text("# Notes\n\nHand-written.\n", encoding="utf-8")
    (project / "docs" / "README.txt").write_text("hello\n", encoding="utf-8")
    (project / "docs" / "assets").mkdir()
    (project / "docs" / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 1
    for path in ("docs/en/notes.md", "docs/README.txt", "docs/assets/logo.svg"):
        assert f"\n{path}: error: " in f"\n{result.stderr}", path
    assert "docs/ holds only the pages the generator writes from policy.yaml" in result.stderr
    assert "Nothing was built: site/ is unchanged" in result.stderr and not (project / "site").exists()


def test_stale_generated_pages_and_temporary_files_are_removed(project):
    assert run_policysite(project, "generate").returncode == 0
    generated = (project / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    (project / "docs" / "en" / "old-page.md").write_text(generated, encoding="utf-8")
    (project / "docs" / "en" / ".index.md.tmp").write_text("half a page", encoding="utf-8")
    (project / "docs" / "de").mkdir()
    (project / "docs" / "de" / "index.md").write_text(generated, encoding="utf-8")  # a language no longer built
    (project / "docs" / "en" / ".gitkeep").write_text("", encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    assert sorted(path.relative_to(project).as_posix() for path in (project / "docs").rglob("*")) == [
        "docs/en", "docs/en/.gitkeep", "docs/en/history.md", "docs/en/index.md",
        "docs/no", "docs/no/history.md", "docs/no/index.md"]


def test_a_linked_theme_file_is_not_published(project, outside):
    (project / "overrides" / "assets" / "leak.txt").symlink_to(outside)
    result = run_policysite(project, "build")
    assert result.returncode == 1
    assert "overrides/assets/leak.txt" in result.stderr and "symbolic links are not published" in result.stderr
    assert not (project / "site").exists()


def test_a_site_folder_that_is_a_link_is_not_written_through(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "site").symlink_to(elsewhere, target_is_directory=True)
    result = run_policysite(project, "build")
    assert result.returncode == 1 and "is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == [] and list(tmp_path.glob(".elsewhere-*")) == []


def _start_build(project: Path) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    return subprocess.Popen([sys.executable, "-m", "policysite", "build"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_while_building(project: Path, sig: int) -> None:
    process = _start_build(project)
    deadline = time.monotonic() + 60
    # wait until the engine has written into the temporary folder, then kill
    while not any((folder / "404.html").exists() for folder in project.glob(".site-build-*")):
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.005)
    process.send_signal(sig)
    process.wait(timeout=60)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_an_interrupted_build_leaves_nothing_behind_for_long(project, sig):
    assert run_policysite(project, "build").returncode == 0
    before = site_files(project)
    _kill_while_building(project, sig)
    assert site_files(project) == before  # the published site is untouched
    if sig == signal.SIGTERM:
        assert leftovers(project) == []  # cleaned up on the way out
    else:
        assert len(leftovers(project)) == 1  # SIGKILL cannot be caught ...
    assert run_policysite(project, "build").returncode == 0
    assert leftovers(project) == []  # ... the next build removes it


def test_a_build_killed_between_the_two_renames_gets_its_previous_site_back(project):
    assert run_policysite(project, "build").returncode == 0
    before = site_files(project)
    (project / "site").rename(project / ".site-old-k1ll3d")  # the moment between the two renames
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "nav:\n  - gone.md\n",
                                        encoding="utf-8")
    result = run_policysite(project, "build")  # fails (strict), and must still leave the previous site in place
    assert result.returncode == 1 and "gone.md" in result.stderr
    assert site_files(project) == before and leftovers(project) == []
