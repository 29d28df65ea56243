"""Adding a language needs labels and texts only: no code change."""

from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup

from clauses import clauses
from conftest import run_mkdocs


def with_german_beside_english(text: str) -> str:
    """Copy every `en:` text (one line, or a folded block) to a `de:` text right after it."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        match = re.match(r"^(\s+)en: (.*)$", lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent, block = match.group(1), [lines[i]]
        i += 1
        while i < len(lines) and lines[i].startswith(indent + " "):
            block.append(lines[i])
            i += 1
        out += [*block, block[0].replace("en:", "de:", 1), *block[1:]]
    return "\n".join(out) + "\n"


def add_german(project) -> None:
    # labels.yaml: every entry gets a "de" text (English stand-ins are enough for the mechanics)
    labels = project / "scripts" / "policysite" / "render" / "labels.yaml"
    entries = yaml.load(labels.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for texts in entries.values():
        texts["de"] = texts["en"] if isinstance(texts["en"], str) else dict(texts["en"])  # a copy: no YAML alias
    entries["locale"]["de"], entries["language_name"]["de"] = "de", "Deutsch"
    # the units as German words them; CLDR's plural rules for German pick the form
    entries["duration.year"]["de"] = {"one": "{count} Jahr", "other": "{count} Jahre"}
    labels.write_text(yaml.safe_dump(entries, allow_unicode=True, width=1000), encoding="utf-8")
    # policy.yaml: the language in the list, and a German text beside every English one
    policy = project / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace("languages: [no, en]", "languages: [no, en, de]")
    policy.write_text(with_german_beside_english(text).replace("de: Privacy", "de: Datenschutz"), encoding="utf-8")
    # mkdocs.yml: the language in the i18n plugin
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    german = "        - locale: de\n          name: Deutsch\n          build: true\n"
    text = text.replace("        - locale: en\n", german + "        - locale: en\n")
    config.write_text(text, encoding="utf-8")
    (project / "docs" / "de").mkdir()


def test_a_third_language_builds_with_matching_clauses(project):
    add_german(project)
    raw = yaml.load((project / "policy.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert raw["title"] == {"no": "Personvernerklæring", "en": "Privacy", "de": "Datenschutz"}
    assert set(raw["introduction"][0]) == {"no", "en", "de"}

    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr

    pages = {lang: BeautifulSoup((project / "site" / path).read_text(encoding="utf-8"), "html.parser")
             for lang, path in (("no", "index.html"), ("en", "en/index.html"), ("de", "de/index.html"))}
    assert pages["de"].html["lang"] == "de"
    assert pages["de"].select_one("article h1").get_text(strip=True).startswith("Datenschutz")
    ids = {lang: [cid for cid, _ in clauses(page.select_one("article"))] for lang, page in pages.items()}
    assert ids["de"] == ids["no"] == ids["en"]
    # the German unit words, in the form CLDR's German plural rules give 3
    assert "3 Jahre" in pages["de"].select_one("#retention-support-email").get_text()
    hreflangs = {link["hreflang"] for link in pages["de"].select("link[rel=alternate][hreflang]")}
    assert hreflangs == {"no", "en", "de", "x-default"}


def test_a_language_missing_from_mkdocs_yml_stops_the_build(project):
    add_german(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "        - locale: de\n          name: Deutsch\n          build: true\n", ""), encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "policy.yaml has the languages no, en, de (default no), but mkdocs.yml's i18n plugin builds en, no" in output
    assert not (project / "site").exists()


def test_a_missing_label_translation_stops_the_build_with_its_location(project):
    labels = project / "scripts" / "policysite" / "render" / "labels.yaml"
    text = labels.read_text(encoding="utf-8")
    assert 'contact.phone: {no: "Tlf:", en: "Phone:"}' in text
    labels.write_text(text.replace('contact.phone: {no: "Tlf:", en: "Phone:"}', 'contact.phone: {no: "Tlf:"}'),
                      encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert re.search(r"labels\.yaml:\d+:1: error: contact\.phone: the label has no .en. text", output), output
    assert "add 'en: ...' to 'contact.phone'" in output
    assert not (project / "site").exists()
