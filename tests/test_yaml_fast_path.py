"""The libyaml fast path reads a clean file exactly as the pure-Python loader does,
and hands everything else to it, so errors keep their located, hinted wording."""

from __future__ import annotations

import pytest

from conftest import ROOT
from policysite.source import loader as yamlsource

CLEAN = {
    "policy.yaml": (ROOT / "policy.yaml").read_text(encoding="utf-8"),
    "labels.yaml": (ROOT / "scripts" / "policysite" / "render" / "labels.yaml").read_text(encoding="utf-8"),
    "scalars": "a: no\nb: \"0150\"\nc: 'it''s'\nd: ~\ne: 12:30\nf: \"tab\\tand \\u00e6\"\ng: ! x\nh: ''\ni:\n",
    "blocks": "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n\nc: |+\n  kept\n\nd: x\n",
    "flow": "a: [no, en, 'x, y']\nb: {no: Norsk, en: English}\nc: []\nd: {}\n",
    "unicode and CRLF": "tittel:\r\n  no: Personvernerklæring ÆØÅ 😀\r\n  en: Privacy\r\nliste:\r\n  - ø\r\n  - å\r\n",
    "document markers": "---\nkey: value\n...\n",
    "comments": "# top\na: 1  # trailing\n# between\nb:\n  - x  # item\n",
    "nested lists": "a:\n- - 1\n  - 2\n- b: [c, {d: e}]\n",
}

UNUSUAL = {
    "alias": "a: &x 1\nb: *x\n",
    "anchor": "a: &x 1\n",
    "tag": "a: !!str 1\n",
    "duplicate key": "a: 1\na: 2\n",
    "complex key": "? [a, b]\n: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: b: c\n",
    "unclosed quote": 'a: "open\n',
    "control character": "a: \x07bell\n",
}


def careful(text: str):
    """The pure-Python path alone."""
    fast = yamlsource._CParser
    yamlsource._CParser = None
    try:
        return yamlsource.load_text(text, "test.yaml").root
    finally:
        yamlsource._CParser = fast


pytestmark = pytest.mark.skipif(yamlsource._CParser is None, reason="PyYAML built without libyaml")


@pytest.mark.parametrize("name", CLEAN)
def test_clean_files_read_the_same_on_both_paths(name):
    fast = yamlsource._compose_fast(CLEAN[name])
    assert fast is not None, "a clean file should take the fast path"
    assert fast == careful(CLEAN[name])


@pytest.mark.parametrize("name", UNUSUAL)
def test_anything_unusual_goes_to_the_careful_path(name):
    assert yamlsource._compose_fast(UNUSUAL[name]) is None
