"""The README's editing guide has a worked example for each construct of the model, and every YAML
example in it is read by the strict loader without a problem (the same constructs validate in
tests/test_policy_model.py and in the example policies)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from policysite.source.loader import load_text

README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = README[README.index("## Editing policy.yaml"):README.index("## Publishing")]
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, re.DOTALL)


def test_the_editing_guide_has_a_worked_example_per_construct():
    headings = re.findall(r"^### Worked example: (.+)$", GUIDE, re.MULTILINE)
    for construct in ("e-mail only", "minimum age", "art. 9 condition", "differs per group", "retention by",
                      "transfer outside the EEA", "joint controllers", "free section"):
        assert any(construct in heading for heading in headings), construct


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block-{i}" for i in range(len(BLOCKS))])
def test_each_yaml_example_is_valid_yaml_for_the_strict_loader(block):
    load_text(block, "README example")  # raises PolicyError with a located message if not
