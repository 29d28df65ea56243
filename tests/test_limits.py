"""Limits (issue 12, item 4): each a located `check` error naming the limit, and a build that
finishes in bounded time for anything `check` accepts (worst case: tests/worst_case.py).

No timing assertions: each build runs under a generous subprocess timeout. `make fuzz` runs the
worst case at full size (WORST_CASE_SCALE=1, minutes); `make test` at a tenth, same shape.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
import yaml

from conftest import copy_project, run_policysite
from policies import POLICY, edit, write
from policysite.source.limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_LIST_ITEMS,
    MAX_PAGE_COST,
    MAX_PARAGRAPH_COST,
    MAX_TEXT_CHARACTERS,
)
from site_markdown import clause_paragraph
from worst_case import NoAliasDumper, largest_accepted

WORST_CASE_SCALE = float(os.environ.get("WORST_CASE_SCALE", "0.1"))


def check(tmp_path, cli, text: str) -> tuple[int, str]:
    code, _, err = cli("check", str(write(tmp_path, text)))
    return code, err


def test_a_file_over_the_size_limit_is_refused_where_it_passes_the_limit(tmp_path, cli):
    padding = "# " + "x" * 98 + "\n"
    text = POLICY + padding * ((MAX_FILE_BYTES - len(POLICY.encode())) // len(padding) + 1)
    assert len(text.encode()) > MAX_FILE_BYTES
    code, err = check(tmp_path, cli, text)
    line = text.encode()[:MAX_FILE_BYTES].count(b"\n") + 1
    assert code == 2 and re.search(rf"policy\.yaml:{line}:\d+: error: the file is larger than the limit of 16 MB",
                                   err), err[:2000]
    exact = POLICY + padding * ((MAX_FILE_BYTES - len(POLICY.encode())) // len(padding))
    assert len(exact.encode()) <= MAX_FILE_BYTES and check(tmp_path, cli, exact)[0] == 0


@pytest.mark.parametrize(("old", "key", "path"), [
    ("        en: Company details", "        en", "data_categories.items[3].name.en"),
    ("city: Kjeller", "city", "controller.address.city")], ids=["text", "one-line value"])
def test_a_text_over_the_length_limit_is_refused_where_typed(tmp_path, cli, old, key, path):
    text = edit(old, f"{key}: {'a' * (MAX_TEXT_CHARACTERS + 1)}")
    code, err = check(tmp_path, cli, text)
    offset = text.index("a" * 100)
    line = text.count("\n", 0, offset) + 1
    assert code == 1 and f"policy.yaml:{line}:" in err and path in err, err
    assert f"the text is {MAX_TEXT_CHARACTERS + 1:,} characters long; the limit is {MAX_TEXT_CHARACTERS:,}" in err
    assert check(tmp_path, cli, edit(old, f"{key}: {'a' * MAX_TEXT_CHARACTERS}"))[0] == 0


def test_a_list_over_the_length_limit_is_refused_at_the_first_item_too_many(tmp_path, cli):
    items = "".join(f"\n        - name{i}" for i in range(MAX_LIST_ITEMS + 1))
    old = "data_categories: [name, phone, email, company-details]"
    text = edit(old, "data_categories:" + items)
    code, err = check(tmp_path, cli, text)
    line = text.count("\n", 0, text.index(f"- name{MAX_LIST_ITEMS}\n")) + 1
    assert code == 1, err
    assert re.search(rf"policy\.yaml:{line}:\d+: error: purposes\.items\[0\]\.data_categories\[{MAX_LIST_ITEMS}\]: "
                     rf"the list has {MAX_LIST_ITEMS + 1:,} items; the limit is {MAX_LIST_ITEMS:,}", err), err[:3000]


def test_nesting_over_the_limit_is_refused_where_it_passes_the_limit(tmp_path, cli):
    code, err = check(tmp_path, cli, edit("  en: Privacy\n", "  en: " + "[" * (MAX_DEPTH + 5) + "\n"))
    assert code in (1, 2) and f"more than {MAX_DEPTH} levels deep" in err, err
    assert re.search(r"policy\.yaml:\d+:\d+: error: ", err), err


def amplified(categories: int, purposes: int, name: str) -> str:
    """A policy in which `purposes` purposes each list `categories` categories with long names."""
    tree = yaml.load(POLICY, Loader=yaml.BaseLoader)
    ids = [f"c{i}" for i in range(categories)]
    tree["data_categories"]["items"] = [{"id": f"c{i}", "name": {"no": f"{name} {i}", "en": f"{name} {i}"}}
                                        for i in range(categories)]
    base = tree["purposes"]["items"][0]
    tree["purposes"]["items"] = [{**base, "id": f"p{i}", "data_categories": ids} for i in range(purposes)]
    for rule in tree["retention"]["rules"]:
        rule["data_categories"] = ids
    return yaml.dump(tree, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)


@pytest.mark.build
def test_pages_that_would_repeat_too_much_stop_the_build_quickly_with_the_limit(tmp_path, cli):
    """A file within every limit can still ask for gigabytes of page (a 10,000-character name repeated
    by 2,000 purposes): the build stops while rendering, naming the limit."""
    text = amplified(20, 2000, "*" * (MAX_TEXT_CHARACTERS - 10))
    assert check(tmp_path, cli, text)[0] == 0
    project = copy_project(tmp_path / "project")
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 1
    assert f"more than the limit of {MAX_PAGE_COST:,}" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_a_paragraph_over_its_limit_is_refused_naming_the_part(tmp_path, cli):
    """The first line over the limit is the purpose's row in the overview (it names all 400 categories):
    the message names that part of the page, not the clause after it."""
    text = amplified(400, 1, "a" * 8000)  # one line over the limit, the page within its own
    code, _, err = cli("generate", str(write(tmp_path, text)), "--docs", str(tmp_path / "docs"))
    assert code == 1 and f"more than the limit of {MAX_PARAGRAPH_COST:,}" in err, err
    assert "table row (in the part '#overview')" in err, err


@pytest.mark.build
def test_the_worst_case_check_accepts_builds_in_bounded_time(tmp_path, cli):
    """Longest paragraphs of long texts with brackets, as many as the limits allow: accepted by
    `check`, then built. No timing assertion: it must finish within the (generous) timeout."""
    text = largest_accepted(WORST_CASE_SCALE)
    assert check(tmp_path, cli, text)[0] == 0
    project = copy_project(tmp_path / "project")
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "policysite", "build"], cwd=project, capture_output=True, text=True,
                            timeout=3600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    print(f"worst case at scale {WORST_CASE_SCALE}: {len(text.encode()):,} bytes built in "
          f"{time.monotonic() - started:.0f} s")


@pytest.mark.build
def test_deeply_nested_brackets_in_texts_build_quickly(tmp_path):
    """The review's case: brackets nested thousands deep took the build minutes (Python-Markdown's link
    parser; before the encoder, this policy of 100 KB built in about 4 minutes). Written as references
    they are plain text: the build must finish within run_policysite's timeout."""
    brackets = "[" * (MAX_TEXT_CHARACTERS // 2) + "]" * (MAX_TEXT_CHARACTERS // 2)
    text = POLICY
    olds = ["        en: Your name\n", "        en: Company details\n", "        en: Customer satisfaction\n",
            "        en: Alarm contacts\n", "        no: Ditt navn\n", "        no: Bedriftsdetaljer\n",
            "        no: Kundetilfredshet\n", "        no: Alarmkontakter\n", "  en: Privacy\n",
            "  no: Personvernerklæring\n"]
    for old in olds:
        text = edit(old, f"{old.split(':')[0]}: '{brackets}'\n", text)
    project = copy_project(tmp_path / "project")
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    from bs4 import BeautifulSoup

    page = BeautifulSoup((project / "site" / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert clause_paragraph(page.find(id="category-company-details")).get_text() == brackets
