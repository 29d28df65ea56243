"""The two pinned locks: the site lock holds only what building the site needs, the test lock the rest."""

from __future__ import annotations

import re
import subprocess

from conftest import ROOT

SITE_LOCK = ROOT / "requirements-site.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
# what only tests, lint, the second engine or editors use; `make site` must not spend time installing it
TEST_ONLY = {"pytest", "hypothesis", "playwright", "greenlet", "ruff", "check-jsonschema", "beautifulsoup4",
             "rdflib", "jsonschema", "properdocs", "pygls"}


def pins(lock) -> dict[tuple[str, str], str]:
    """(package, environment marker) -> version; every requirement must be pinned with hashes."""
    text = lock.read_text(encoding="utf-8")
    found = {}
    for requirement in re.split(r"\n(?=\S)", text):
        if requirement.startswith("#") or not requirement.strip():
            continue
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+)(?: ; (.+?))? \\\n", requirement)
        assert match, f"not pinned: {requirement.splitlines()[0]}"
        assert "--hash=sha256:" in requirement, f"no hash: {requirement.splitlines()[0]}"
        found[match[1].lower(), match[3] or ""] = match[2]
    return found


def test_the_site_lock_installs_nothing_only_tests_use():
    site = {name for name, _ in pins(SITE_LOCK)}
    assert {"mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pyyaml", "jinja2", "babel", "phonenumbers"} <= site
    assert not site & TEST_ONLY, site & TEST_ONLY


def test_the_test_lock_has_every_site_package_at_the_same_version():
    site, test = pins(SITE_LOCK), pins(TEST_LOCK)
    assert {key: test.get(key) for key in site} == site
    assert {"pytest", "playwright", "properdocs", "ruff"} <= {name for name, _ in test}


def test_make_lock_is_pinned_in_time_and_tool():
    """`make lock` gives the same files when re-run: one uv version, and PyPI as it stood on LOCK_DATE."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    date = re.search(r"^LOCK_DATE := (\d{4}-\d\d-\d\d)$", makefile, re.M)[1]
    assert re.search(r"^UV_VERSION := \d+\.\d+\.\d+$", makefile, re.M)
    for lock in (SITE_LOCK, TEST_LOCK):
        assert f"--exclude-newer {date}" in lock.read_text(encoding="utf-8").splitlines()[1]


def test_make_site_installs_the_site_lock_and_make_setup_the_test_lock():
    def dry_run(target: str) -> str:  # -W: as if the lock had changed, so the install step is shown
        return subprocess.run(["make", "-n", "-W", "requirements-site.lock", target], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout

    assert "make-venv.sh requirements-site.lock" in dry_run("site")
    assert "requirements-test.lock" not in dry_run("site")
    assert "make-venv.sh requirements-test.lock" in dry_run("setup")
