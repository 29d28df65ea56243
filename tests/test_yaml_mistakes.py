"""The YAML mistakes people who do not write YAML make, each reported in plain words at the line
where the mistake is (not where the YAML reader noticed it), with how to fix it."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from policies import POLICY, edit, write
from policysite.problems import PolicyError
from policysite.source.loader import load_text

# Words of the YAML reader's own vocabulary that must never reach an editor.
JARGON = re.compile(r"block end|block mapping|<scalar>|scalar|token|while parsing|while scanning|simple key"
                    r"|YAML syntax error|expected <", re.IGNORECASE)

# class, old, new, the line the message must name (by its text after the edit), message, hint
MISTAKES = [
    ("indented-one-space-more", "  street: Kjeller Vest 1\n", "   street: Kjeller Vest 1\n", "street: Kjeller",
     "line {line} ('street') is indented by 3 spaces, but the key before it ('name' on line {prev}) by 2 spaces",
     "line them up: move 'street' to start 2 spaces from the left, like 'name'"),
    ("indented-one-space-less", "  street: Kjeller Vest 1\n", " street: Kjeller Vest 1\n", "street: Kjeller",
     "line {line} ('street') is indented by 1 space, but the key before it ('name' on line {prev}) by 2 spaces",
     "move 'street' to start 2 spaces from the left"),
    ("first-key-of-a-block-astray", "  name: SensorNordic AS\n", "   name: SensorNordic AS\n",
     "name: SensorNordic AS",
     "line {line} ('name') is indented by 3 spaces, but the line that goes with it ('street' on line {next}) "
     "by 2 spaces", "move 'name' on line {line} to start 2 spaces from the left"),
    ("unclosed-double-quote", 'om deg:"\n', 'om deg:\n', 'no: "Vi samler inn',
     'the quote " that opens here is never closed on this line', 'add the closing " at the end of the value'),
    ("unclosed-quote-far-from-the-next-quote", "  en: Privacy\n", '  en: "Privacy\n', 'en: "Privacy',
     'the quote " that opens here is never closed on this line', 'add the closing "'),
    ("apostrophe-in-single-quotes", "  city: Kjeller\n", "  city: 'Kjeller's'\n", "city: 'Kjeller's'",
     "the apostrophe inside this single-quoted text ends it early", "write an apostrophe twice ('it''s')"),
    ("missing-colon", "  email: support@sensornordic.no", "  email support@sensornordic.no",
     "email support@", "line {line} has no colon after its key: 'email support@sensornordic.no'",
     "e.g. 'email: support@sensornordic.no'"),
    ("missing-space-after-colon", "  city: Kjeller\n", "  city:Kjeller\n", "city:Kjeller",
     "there is no space after the colon in 'city:Kjeller'", "write a space after the colon: 'city: Kjeller'"),
    ("list-item-at-the-wrong-level", "    - id: phone\n", "   - id: phone\n", "- id: phone",
     "line {line} (the list item) is indented by 3 spaces, but the item before it ('- id: name' on line",
     "move the list item to start 4 spaces from the left"),
    ("list-item-among-keys", "  city: Kjeller\n", "  - city: Kjeller\n", "- city: Kjeller",
     "line {line} starts a list item ('- '), but the lines of this block are keys (like 'postcode'",
     "write it as 'key: value' like the lines around it"),
    ("tab-indentation", "  city: Kjeller\n", "\tcity: Kjeller\n", "\tcity",
     "line {line} is indented with a tab character", "YAML indents with spaces only"),
    ("stray-character-after-a-quoted-value", 'postcode: "2007"', 'postcode: "2007"x', 'postcode: "2007"x',
     "there is text after the value's closing quote: 'x'", "put everything inside the quotes"),
    ("stray-character-after-a-list", "languages: [no, en]", "languages: [no, en].", "languages: [no, en].",
     "there is text after the value's closing bracket: '.'", "put everything inside the brackets"),
    ("colon-and-space-in-a-value", "  city: Kjeller\n", "  city: Kjeller: Norway\n", "city: Kjeller: Norway",
     "the value of 'city' contains ': ' (a colon and a space), which YAML reads as the start of another key",
     'put the whole value in double quotes: "Kjeller: Norway"'),
    ("text-line-indented-deeper-than-the-rest", "      Beskyttelse av dine", "       Beskyttelse av dine",
     "Beskyttelse av dine", "line {line} is indented by 7 spaces, but the other lines of the same text",
     "move line {line} to start 6 spaces from the left"),
]


def _line(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


@pytest.mark.parametrize(("old", "new", "at", "message", "hint"), [m[1:] for m in MISTAKES],
                         ids=[m[0] for m in MISTAKES])
def test_each_yaml_mistake_is_explained_at_its_line(tmp_path, cli, old, new, at, message, hint):
    text = edit(old, new)
    line = _line(text, at)
    expected = message.format(line=line, prev=line - 1, next=line + 1)
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 2, err
    first = err.splitlines()[0]
    assert f"policy.yaml:{line}:" in first and expected in first, err
    assert hint.format(line=line) in err.splitlines()[1]
    assert not JARGON.search(err), err
    assert "1 error, 0 warnings" not in err and "cannot be read: fix the mistake above first" in err


def test_each_one_space_indentation_slip_is_reported_on_the_line_that_slipped():
    """Every line of policy.yaml, moved one space left or right: whenever YAML can no longer read the
    file, the message names that very line, in plain words."""
    lines = POLICY.split("\n")
    checked = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for moved in ([" " + line] + ([line[1:]] if line.startswith(" ") else [])):
            text = "\n".join([*lines[:number - 1], moved, *lines[number:]])
            try:
                load_text(text, "policy.yaml")
            except PolicyError as error:
                (problem,) = error.problems
                assert problem.location.line == number, (number, moved, problem.format_text())
                assert not JARGON.search(problem.format_text()) and problem.hint
                checked += 1
    assert checked > 300  # most slips break the file; the rest are still valid YAML (and checked later)


@pytest.mark.parametrize("name", ["policy.yaml", "scripts/policysite/render/labels.yaml", "mkdocs.yml"])
def test_the_explainer_finds_nothing_wrong_in_clean_files(name):
    from policysite.source.syntax import explain

    text = (ROOT / name).read_text(encoding="utf-8")
    assert explain(text, text.count("\n") + 1) is None


def test_a_comma_inside_a_one_line_text_is_explained(tmp_path, cli):
    text = edit("title:\n  no: Personvernerklæring\n  en: Privacy\n",
                "title: {no: Personvern, kontaktskjema og e-post, en: Privacy}\n")
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1
    assert err.count(": error: ") == 1, err
    line = _line(text, "kontaktskjema og")
    assert f"policy.yaml:{line}:" in err
    assert "the comma after 'no: Personvern' ends that text" in err
    assert 'put the text in double quotes: no: "Personvern, kontaktskjema og e-post"' in err
