"""Invisible and confusable characters are refused by name, at their line and column, whether typed
or written as an escape; visible ones, non-breaking spaces included, reach the page as typed."""

from __future__ import annotations

import pytest

from policies import edit, write
from site_markdown import to_soup


def _where(text: str, needle: str) -> tuple[int, int]:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


TYPED = [
    ("\u200b", "the invisible formatting character U+200B ZERO WIDTH SPACE is not allowed"),
    ("\u200d", "the invisible formatting character U+200D ZERO WIDTH JOINER is not allowed"),
    ("\ufeff", "the invisible formatting character U+FEFF ZERO WIDTH NO-BREAK SPACE is not allowed"),
    ("\u00ad", "the invisible formatting character U+00AD SOFT HYPHEN is not allowed"),
    ("\u202e", "the invisible text-direction character U+202E RIGHT-TO-LEFT OVERRIDE is not allowed"),
    ("\u2067", "the invisible text-direction character U+2067 RIGHT-TO-LEFT ISOLATE is not allowed"),
    ("\u200f", "the invisible text-direction character U+200F RIGHT-TO-LEFT MARK is not allowed"),
    ("\u2028", "the line separator U+2028 LINE SEPARATOR is not allowed"),
    ("\u2029", "the paragraph separator U+2029 PARAGRAPH SEPARATOR is not allowed"),
    ("\x85", "the control character U+0085 NEXT LINE is not allowed"),
    ("\x07", "the control character U+0007 BELL is not allowed"),
    ("\x0b", "the control character U+000B LINE TABULATION is not allowed"),
    ("\x1b", "the control character U+001B ESCAPE is not allowed"),
]


@pytest.mark.parametrize(("char", "message"), TYPED, ids=[f"U+{ord(c):04X}" for c, _ in TYPED])
def test_a_typed_invisible_character_is_refused_by_name_at_its_place(tmp_path, cli, char, message):
    # inside a word of a text, and with a second, unrelated mistake further down: both are reported
    text = edit("en: Your name", f"en: Your na{char}me")
    text = edit("period: 3 years", "period: 3 yrs", text)
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1, err
    line, column = _where(text, char)
    errors = [entry for entry in err.splitlines() if ": error: " in entry]
    assert len(errors) == 2, err  # one for the character, one for the period: no cascade
    assert f"policy.yaml:{line}:{column}: error: data_categories.items[0].name.en: {message}" in errors[0]
    assert "Backspace" in err or "line break" in err
    assert "'3 yrs' is not a retention period" in errors[1]


ESCAPED = [
    ("\\0", "U+0000 NULL"), ("\\v", "U+000B LINE TABULATION"), ("\\a", "U+0007 BELL"), ("\\e", "U+001B ESCAPE"),
    ("\\N", "U+0085 NEXT LINE"), ("\\L", "U+2028 LINE SEPARATOR"), ("\\P", "U+2029 PARAGRAPH SEPARATOR"),
    ("\\u200b", "U+200B ZERO WIDTH SPACE"), ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\\x07", "U+0007 BELL"), ("\\U0000200B", "U+200B ZERO WIDTH SPACE"), ("\\ud800", "U+D800 SURROGATE"),
]


@pytest.mark.parametrize(("escape", "name"), ESCAPED, ids=[e for e, _ in ESCAPED])
@pytest.mark.parametrize(("old", "path"), [("en: Your name", "data_categories.items[0].name.en"),
                                           ("city: Kjeller", "controller.address.city")], ids=["text", "name"])
def test_an_escaped_invisible_character_is_refused_at_the_escape(tmp_path, cli, escape, name, old, path):
    key = old.split(":")[0]
    text = edit(old, f'{key}: "Kjel{escape}ler"')
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 1, err
    line, column = _where(text, escape)
    assert err.count(": error: ") == 1, err
    assert f"policy.yaml:{line}:{column}: error: {path}: " in err
    assert f"{name} is not allowed (written as the escape '{escape}')" in err
    assert f"remove '{escape}' from the quoted text" in err


@pytest.mark.parametrize("written", ["city: Kjeller \\u200b \\a", "city: 'Kjeller \\u200b \\a'",
                                     'city: "Kjeller \\\\u200b \\\\a"', "city: >-\n      Kjeller \\u200b \\a"],
                         ids=["plain", "single-quoted", "escaped backslash", "folded"])
def test_a_backslash_is_an_escape_only_in_double_quotes(tmp_path, cli, written):
    """Only double-quoted text has escapes: anywhere else (or written as \\\\) a backslash and what follows it
    are text, shown as typed, never read as an invisible character."""
    policy = write(tmp_path, edit("city: Kjeller", written))
    code, _, err = cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = to_soup((tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")).get_text()
    assert "Kjeller \\u200b \\a" in page


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"], ids=["no-break space", "narrow no-break space"])
def test_non_breaking_spaces_reach_the_page_as_typed(tmp_path, cli, space):
    typed = f"Support cases{space}submitted by{space}email, kept for 3{space}years"
    text = edit("en: Your name", f"en: {typed}")
    text = edit("city: Kjeller", f'city: "Kjeller{space}Vest"', text)
    policy = write(tmp_path, text)
    code, _, err = cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = to_soup((tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")).get_text()
    assert typed in page
    assert f"Kjeller{space}Vest" in page


def test_folded_lines_still_join_with_one_plain_space(tmp_path, cli):
    # a folded text whose lines YAML joins, with a typed non-breaking space inside (a line break
    # kept inside one text is refused: paragraphs are items of their own)
    text = edit("        en: Your name\n", "        en: >-\n          Your\u00a0 name\n          here\n")
    code, _, err = cli("generate", str(write(tmp_path, text)), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = to_soup((tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")).get_text()
    assert "Your\u00a0 name here" in page
