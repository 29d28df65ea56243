"""Every sentence of SensorNordic's published statement appears on the page of its language."""

from __future__ import annotations

import pytest

from clauses import clean_text
from conftest import SEEDS

SEED_FILES = {"no": "personvernerklaering.no.txt", "en": "privacy-statement.en.txt"}
# Web-page chrome captured with the published pages; not policy text.
CHROME = {"Skip to main content", "To top", "Links", "Language", "My account"}
# Deliberate corrections of the seed, each with its reason. Keep this list short.
CORRECTIONS = {
    # Country-prefixed postcodes are written without a space (CEN / UPU style).
    "NO- 2007 Kjeller": "NO-2007 Kjeller",
}


def seed_lines(language: str) -> list[str]:
    text = (SEEDS / SEED_FILES[language]).read_text(encoding="utf-8")
    lines = []
    for raw in text.splitlines():
        line = " ".join(raw.replace("•", " ").split())
        if not line or line in CHROME:
            continue
        line = CORRECTIONS.get(line, line)
        # A heading or lead-in may lose its trailing colon on the page; the words stay.
        lines.append(line.rstrip(":"))
    return lines


@pytest.mark.parametrize("language", ["no", "en"])
def test_every_seed_sentence_is_on_the_page(built_site, language):
    if not SEEDS.is_dir():
        pytest.fail(f"the seed files are missing: {SEEDS}")
    page = clean_text(built_site.article(language))
    lines = seed_lines(language)
    assert len(lines) >= 20
    missing = [line for line in lines if line not in page]
    assert not missing, "not on the page:\n" + "\n".join(missing)


def test_english_page_has_the_contact_section_the_seed_lacks(built_site):
    english = built_site.article("en")
    contact = english.select_one("#contact-channels")
    assert contact is not None
    assert "support@sensornordic.no" in contact.get_text()
    assert contact.select_one('a[href="tel:+4767904848"]') is not None
    assert "NO-2007 Kjeller" in clean_text(english.select_one("#contact-address"))
