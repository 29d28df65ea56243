"""The second site engine: ProperDocs (a maintained fork of MkDocs 1.x) builds the same site from the same
mkdocs.yml, theme and plugins, byte for byte; `make site ENGINE=properdocs` switches to it."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT, copy_project, run_policysite

pytestmark = pytest.mark.build

# Where the two engines' output may differ, and why. Empty: today every file is identical. (Material's
# generator <meta> tag would name the engine, but overrides/main.html replaces the block that writes it.)
EXPLAINED_DIFFERENCES: dict[str, str] = {}


def files(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("site_url", [None, "https://example.github.io/policy/"], ids=["domain root", "sub-path"])
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path, site_url):
    project = copy_project(tmp_path / "project")
    built = {}
    for engine in ("mkdocs", "properdocs"):
        result = run_policysite(project, "build", "--engine", engine, "--site-dir", f"site-{engine}",
                                env={"SITE_URL": site_url})
        assert result.returncode == 0, result.stderr
        assert f" with {engine} 1.6." in result.stdout  # the engine that really ran
        built[engine] = files(project / f"site-{engine}")
    mkdocs, properdocs = built["mkdocs"], built["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs)
    differing = {name for name in mkdocs if mkdocs[name] != properdocs[name]}
    assert differing == set(EXPLAINED_DIFFERENCES), differing
    assert {"index.html", "en/index.html", "404.html", "en/404.html", "sitemap.xml", "_headers"} <= set(mkdocs)


def test_a_failed_strict_build_is_reported_by_properdocs_too(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "nav:\n  - missing.md\n", encoding="utf-8")
    result = run_policysite(project, "build", "--engine", "properdocs")
    assert result.returncode == 1
    assert "properdocs build --strict failed" in result.stderr and "missing.md" in result.stderr
    assert not (project / "site").exists()


def test_make_switches_the_engine():
    def dry_run(*args: str) -> str:
        return subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    assert ".venv/bin/policysite build --engine mkdocs" in dry_run("site")
    assert ".venv/bin/policysite build --engine properdocs" in dry_run("site", "ENGINE=properdocs")
    assert ".venv/bin/properdocs serve --config-file mkdocs.yml" in dry_run("serve", "ENGINE=properdocs")
