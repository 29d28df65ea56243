"""The most expensive policy `check` accepts, for the bounded-build tests (issue 12, item 4).

What a build costs grows with what the pages repeat: each punctuation character is written as a
reference, about 50 letters' worth of Python-Markdown's work, and its work on one paragraph grows
with the paragraph's length times its references (source/limits.py). The worst policy within
the limits therefore has paragraphs at MAX_PARAGRAPH_COST, as many as MAX_PAGE_COST allows, made
of the longest texts with the mix of letters and punctuation that maximises length × references
(about one punctuation character in 50), and deep brackets (the review's 3-minute case). On the
page, such paragraphs are each purpose's list of its data and its row of the overview, which names
the same data (render/layers.py).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT
from policies import POLICY
from policysite.cli import main
from policysite.render.encode import cost, plain
from policysite.source.limits import MAX_PAGE_COST, MAX_PARAGRAPH_COST, MAX_TEXT_CHARACTERS


class NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(length: int, number: int) -> str:
    words = ("Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incidunt " * 200)
    unit = words[:49] + "["  # one bracket per 50 characters: they open, and never close
    return (f"{number} " + unit * (length // len(unit) + 1))[:length]


def worst_policy(scale: float = 1.0, purposes: int | None = None) -> str:
    """A valid policy: data categories with names at the text limit, as many as fit in one paragraph
    (each purpose lists them all, in its clause and in its overview row), and `purposes` purposes using
    all of them. `scale` shrinks the paragraphs (for a quick run); None purposes: as many as the budget allows."""
    tree = yaml.load(POLICY, Loader=yaml.BaseLoader)
    languages = tree["languages"]
    name_cost = cost(plain(_text(MAX_TEXT_CHARACTERS, 0)))
    count = max(1, int(MAX_PARAGRAPH_COST * scale * 0.95) // (name_cost + 2))
    ids = [f"c{i}" for i in range(count)]
    tree["data_categories"]["items"] = [{"id": f"c{i}", "name": {code: _text(MAX_TEXT_CHARACTERS, i)
                                                                  for code in languages}} for i in range(count)]
    if purposes is None:  # the category list shows every name once, each purpose twice
        purposes = max(1, (int(MAX_PAGE_COST * scale) // (name_cost * count) - 1) // 2)
    base = tree["purposes"]["items"][0]
    tree["purposes"]["items"] = [{**base, "id": f"p{i}", "data_categories": ids,
                                  "title": {code: f"Purpose {i}" for code in languages},
                                  "description": {code: _text(MAX_TEXT_CHARACTERS, i) for code in languages}}
                                 for i in range(purposes)]
    for rule in tree["retention"]["rules"]:
        rule["data_categories"] = ids
    return yaml.dump(tree, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)


def largest_accepted(scale: float = 1.0) -> str:
    """`worst_policy` with as many purposes as the pages' limits allow (checked by generating them)."""
    estimate = len(yaml.load(worst_policy(scale), Loader=yaml.BaseLoader)["purposes"]["items"])
    with tempfile.TemporaryDirectory() as scratch:
        policy, docs = Path(scratch) / "policy.yaml", Path(scratch) / "docs"
        shutil.copytree(ROOT / "branding", Path(scratch) / "branding")  # site.logo names a file beside the policy
        for purposes in range(estimate + 3, 0, -1):
            text = worst_policy(scale, purposes)
            policy.write_text(text, encoding="utf-8")
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                if main(["generate", str(policy), "--docs", str(docs)]) == 0:
                    return text
    raise AssertionError("no worst case within the limits")
