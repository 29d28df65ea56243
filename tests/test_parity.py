"""Both languages cover the same clauses, in the same order, with the same facts."""

from __future__ import annotations

import yaml

from clauses import clauses, facts
from conftest import ROOT


def test_every_text_in_policy_yaml_exists_in_every_language():
    # BaseLoader keeps every scalar a string, so the language key `no` stays "no".
    raw = yaml.load((ROOT / "policy.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    languages = raw["languages"]
    assert languages == ["no", "en"]
    texts: list[tuple[str, dict]] = []

    def walk(node, path):
        if isinstance(node, dict):
            if set(node) & set(languages):
                texts.append((path, node))
                return
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]")

    walk(raw, "")
    assert len(texts) > 30  # sanity: the walk found the policy's texts
    for path, text in texts:
        assert set(text) == set(languages), f"{path} has languages {sorted(text)}"
        for code in languages:
            assert text[code].strip(), f"{path}.{code} is empty"


def test_same_clause_anchors_in_the_same_order(built_site):
    ids = {lang: [cid for cid, _ in clauses(built_site.article(lang))] for lang in ("no", "en")}
    assert ids["no"] == ids["en"]
    assert len(ids["no"]) == len(set(ids["no"])), "anchor ids must be unique"
    for expected in ("purpose-alarm-contacts", "category-email", "retention-support-email",
                     "recipient-public-authorities", "contact"):
        assert expected in ids["no"]


def test_same_number_of_purposes_categories_and_list_items(built_site):
    for selector in ("[id^=purpose-]", "[id^=category-]", "[id^=retention-]", "li", "p", "h2", "h3"):
        counts = {lang: len(built_site.article(lang).select(selector)) for lang in ("no", "en")}
        assert counts["no"] == counts["en"] > 0, f"{selector}: {counts}"
    assert len(built_site.article("no").select("[id^=purpose-]")) == 5
    assert len(built_site.article("no").select("[id^=category-]")) == 4


def test_each_clause_has_the_same_numbers_emails_phones_and_gdpr_references(built_site):
    norwegian = dict(clauses(built_site.article("no")))
    english = dict(clauses(built_site.article("en")))
    for clause_id, text in norwegian.items():
        assert facts(text) == facts(english[clause_id]), f"clause {clause_id} differs"
    everything = facts(" ".join(english.values()))
    assert "support@sensornordic.no" in everything["emails"]
    assert "+4767904848" in everything["phones"]
    assert {"GDPR art. 6 (1) a", "GDPR art. 6 (1) b", "GDPR art. 6 (1) c", "GDPR art. 6 (1) d",
            "GDPR art. 6 (1) f"} <= set(everything["gdpr"])


def test_parity_check_notices_a_drifted_clause(built_site):
    # The comparison itself must be able to fail: change one number in one language.
    english = dict(clauses(built_site.article("en")))
    drifted = english["retention-support-email"].replace("3 years", "5 years")
    norwegian = dict(clauses(built_site.article("no")))
    assert facts(norwegian["retention-support-email"]) != facts(drifted)
