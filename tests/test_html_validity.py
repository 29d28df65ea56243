"""The Nu HTML Checker (vnu.jar from npm, pinned in tools/package.json, run on the machine's Java).

Our markup (the policy article, the <head> links we add) must have 0 errors. The theme's
own errors are listed in KNOWN_THEME_ERRORS and in the README; any other error fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

VNU = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# (start of the message, text in the offending markup): errors Material 9.8.1 makes on every page.
KNOWN_THEME_ERRORS = [
    ("Attribute “autocomplete” is only allowed when the input type is", 'data-md-toggle="drawer"'),
    ("Attribute “autocomplete” is only allowed when the input type is", 'data-md-toggle="search"'),
]
ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{lang}</title></head>
<body><main>{article}</main></body></html>
"""


def is_known(message: dict) -> bool:
    return any(message["message"].startswith(start) and snippet in message.get("extract", "")
               for start, snippet in KNOWN_THEME_ERRORS)


@pytest.fixture(scope="module")
def checked(published_site, tmp_path_factory) -> dict[str, list[dict]]:
    """Errors per checked file: every built page, and each page's article on its own."""
    if not VNU.is_file():
        pytest.fail(f"the Nu HTML Checker is missing ({VNU}): run `make tools`")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: run `make tools` (installs Debian's default-jre-headless)")
    folder = tmp_path_factory.mktemp("vnu")
    files: dict[str, Path] = {}
    for page in sorted(published_site.site.rglob("*.html")):
        name = page.relative_to(published_site.site).as_posix()
        files[name] = page
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.article:
            article = folder / name.replace("/", "_").replace(".html", ".article.html")
            article.write_text(ARTICLE_PAGE.format(lang=soup.html["lang"], article=soup.article), encoding="utf-8")
            files[f"{name} (article)"] = article
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files.values())],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr)["messages"]
    by_url = {path.resolve().as_uri(): name for name, path in files.items()}
    errors: dict[str, list[dict]] = {name: [] for name in files}
    for message in messages:
        assert message["type"] == "error", message  # a non-error here means vnu could not read a file
        errors[by_url[message["url"].replace("file:/", "file:///", 1)]].append(message)
    return errors


def test_every_checked_file_was_checked(checked):
    assert {"index.html", "en/index.html", "404.html", "index.html (article)", "en/index.html (article)"} <= set(
        checked)


def test_our_markup_has_no_errors(checked):
    for name, errors in checked.items():
        if name.endswith("(article)"):
            assert errors == [], f"{name}: {[e['message'] for e in errors]}"


def test_whole_pages_have_only_the_known_theme_errors(checked):
    for name, errors in checked.items():
        unknown = [f"line {e.get('lastLine')}: {e['message']} in {e.get('extract', '').strip()!r}"
                   for e in errors if not is_known(e)]
        assert not unknown, f"{name}: {unknown}"
    assert any(checked[name] for name in checked), "the known theme errors vanished: update the list and README"
