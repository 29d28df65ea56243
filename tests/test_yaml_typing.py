"""YAML 1.1 implicit typing must never change what the legal team typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from site_markdown import clause_paragraph, to_soup

POLICY = (ROOT / "policy.yaml").read_text(encoding="utf-8")


def generate(tmp_path: Path, cli, text: str) -> dict[str, str]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    code, _, err = cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    return {lang: (tmp_path / "docs" / lang / "index.md").read_text(encoding="utf-8") for lang in ("no", "en")}


@pytest.mark.parametrize("typed", ["no", "NO", "yes", "Off", "0150", "12:30", "1e3", "0x1F", "~", "null", ".inf",
                                   "2026-11-23", "3.10"])
def test_text_values_are_kept_exactly_as_typed(tmp_path, cli, typed):
    pages = generate(tmp_path, cli, POLICY.replace("        en: Company details", f"        en: {typed}"))
    assert clause_paragraph(to_soup(pages["en"]).find(id="category-company-details")).get_text() == typed


def test_country_no_and_leading_zero_postcode_are_kept(tmp_path, cli):
    text = POLICY.replace('postcode: "2007"', "postcode: 0150").replace("city: Kjeller", "city: Oslo")
    pages = generate(tmp_path, cli, text)
    for page in pages.values():
        lines = clause_paragraph(to_soup(page).find(id="contact-address")).get_text().splitlines()
        assert "NO-0150 Oslo" in lines, lines


def test_language_code_no_is_not_false(tmp_path, cli):
    pages = generate(tmp_path, cli, POLICY)
    assert set(pages) == {"no", "en"}
    assert "# Personvernerklæring" in pages["no"]


@pytest.mark.parametrize(("field", "typed", "message"), [
    ('version: "1.0"', "version: 12:30", "'12:30' is not a version number"),
    ("period: 3 years", "period: 03 years", "'03 years' is not a retention period"),
    ("period: 3 years", "period: 3.5 years", "'3.5 years' is not a retention period"),
    ("period: 3 years", "period: 1 years", "mixes singular and plural"),
    ("country: NO", "country: no", "is not a two-letter country code in capitals"),
])
def test_values_of_the_wrong_type_are_rejected_not_converted(tmp_path, cli, field, typed, message):
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.replace(field, typed), encoding="utf-8")
    code, _, err = cli("check", str(policy))
    assert code == 1 and message in err, err


def test_explicit_tags_are_refused(tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.replace('version: "1.0"', "version: !!float 1.0"), encoding="utf-8")
    code, _, err = cli("check", str(policy))
    assert code == 1 and "explicit tag" in err
