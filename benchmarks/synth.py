"""Synthetic, valid policies of any size, built from the real policy.yaml.

The real file is the template for everything that is not a list of clauses (title,
controller, sections...); purposes, data categories and retention rules are
multiplied from its own items, keeping its proportions (4 categories and 2
retention rules per 5 purposes). Every generated file must pass `policysite check`.
"""

from __future__ import annotations

import contextlib
import io
import math
import shutil
from pathlib import Path
from typing import Any

import yaml

from policysite.cli import main as policysite_main

PERIODS = ["3 years", "6 months", "1 year", "30 days", "not stored"]
CATEGORIES_PER_PURPOSE = 4 / 5
RULES_PER_PURPOSE = 2 / 5


def _numbered(text: dict[str, str], number: int) -> dict[str, str]:
    """The same text in every language, made distinct by a number."""
    return {language: f"{value} {number}" for language, value in text.items()}


def synthetic_policy(template_text: str, purposes: int) -> str:
    """YAML text of a policy with `purposes` purposes, in every language of the template."""
    # BaseLoader keeps every scalar a string ('no' stays 'no'); the dumper quotes what needs it.
    policy: dict[str, Any] = yaml.load(template_text, Loader=yaml.BaseLoader)
    base_categories = policy["data_categories"]["items"]
    base_purposes = policy["purposes"]["items"]
    base_rules = policy["retention"]["rules"]
    n_categories = max(1, math.ceil(purposes * CATEGORIES_PER_PURPOSE))
    n_rules = max(1, math.ceil(purposes * RULES_PER_PURPOSE))
    category_ids = [f"category-{i:04d}" for i in range(1, n_categories + 1)]

    def some_categories(i: int, count: int) -> list[str]:
        return sorted({category_ids[(i * count + k) % n_categories] for k in range(count)})

    policy["data_categories"]["items"] = [
        {"id": category_id, "name": _numbered(base_categories[i % len(base_categories)]["name"], i + 1)}
        for i, category_id in enumerate(category_ids)
    ]
    languages = policy["languages"]

    def purpose(i: int, base: dict[str, Any]) -> dict[str, Any]:
        item = {
            "id": f"purpose-{i + 1:04d}",
            "title": _numbered(base["title"], i + 1),
            "description": base["description"],
            "data_categories": some_categories(i, 3),
            "legal_bases": base["legal_bases"],
        }
        # what `check` advises for these bases, so the synthetic policy has no warning either
        if "art6-1-f" in base["legal_bases"]:
            item["legitimate_interest"] = base.get("legitimate_interest") or _numbered(base["title"], i + 1)
        if "art6-1-a" in base["legal_bases"]:
            item["consent_withdrawal"] = base.get("consent_withdrawal") or {code: "mail" for code in languages}
        return item

    policy["purposes"]["items"] = [purpose(i, base_purposes[i % len(base_purposes)]) for i in range(purposes)]
    policy["retention"]["rules"] = [
        {
            "id": f"retention-{i + 1:04d}",
            "subject": _numbered(base_rules[i % len(base_rules)]["subject"], i + 1),
            "period": PERIODS[i % len(PERIODS)],
            "data_categories": some_categories(i, 2),
        }
        for i in range(n_rules)
    ]
    return yaml.dump(policy, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)


class _NoAliasDumper(yaml.SafeDumper):
    """Writes shared values out in full: policy.yaml refuses anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def check_valid(path: Path) -> None:
    """Run the real `policysite check`; a synthetic policy with any problem is a benchmark bug."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = policysite_main(["check", str(path)])
    if code != 0 or err.getvalue():  # problems, warnings included, go to stderr
        raise RuntimeError(f"synthetic policy {path} does not pass policysite check:\n{err.getvalue()}")


def write_synthetic(template: Path, purposes: int, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    text = template.read_text(encoding="utf-8")
    target.write_text(synthetic_policy(text, purposes), encoding="utf-8")
    logo = (yaml.load(text, Loader=yaml.BaseLoader).get("site") or {}).get("logo")
    if logo:  # the logo file the policy names, beside it as beside the template
        (target.parent / logo).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template.parent / logo, target.parent / logo)
    check_valid(target)
    return target
