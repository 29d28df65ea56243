"""policy.json: the validated model in every language, for machines (and its way back).

Each clause carries `anchor`, the id of its element on every language's page, so a
consumer can deep-link (`pages[lang] + "#" + anchor`). Anchors and page URLs are derived
data: `from_json` ignores them and rebuilds exactly the `Policy` that was exported.
Texts are kept as the legal team typed them (inline Markdown, `{art6-1-b}` references).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from .model import (
    Address,
    Controller,
    DataCategory,
    Disclosure,
    Duration,
    HistoryEntry,
    PhoneNumber,
    Policy,
    Purpose,
    RetentionRule,
    Section,
    Statement,
    Text,
)

FORMAT = "policysite-policy/1"
SCHEMA_FILE = Path(__file__).with_name("export.schema.json")
SCHEMA_NAME = "policy.schema.json"  # its name on the published site, beside policy.json

# The page anchors, as the page template writes them (tests compare both with the built HTML).
SECTION_ANCHORS = {
    "data_categories": "data-categories", "purposes": "purposes", "legal_basis": "legal-basis",
    "automated_decisions": "automated-decisions", "retention": "retention", "sharing": "sharing",
    "contact": "contact",
}
ITEM_ANCHORS = {
    "category": "category-{}", "purpose": "purpose-{}", "retention": "retention-{}",
    "statement": "sharing-{}", "disclosure": "disclosure-{}",
    "introduction": "introduction-{}", "legal_basis": "legal-basis-{}",  # numbered from 1
}

JSON = dict[str, Any]


def anchor(kind: str, key: str | int) -> str:
    return ITEM_ANCHORS[kind].format(key)


def _text(text: Text) -> dict[str, str]:
    return dict(text.by_language)


def _section(name: str, section: Section, **items: Any) -> JSON:
    return {"anchor": SECTION_ANCHORS[name], "heading": _text(section.heading),
            "lead": _text(section.lead) if section.lead else None, **items}


def _duration(period: Duration | None) -> JSON | None:
    return None if period is None else {"count": period.count, "unit": period.unit}


def to_json(policy: Policy, pages: dict[str, str]) -> JSON:
    """The export document; `pages` maps each language to the URL of its page."""
    c = policy.controller
    return {
        "$schema": SCHEMA_NAME,
        "format": FORMAT,
        "version": policy.version,
        "effective_date": policy.effective_date.isoformat(),
        "languages": list(policy.languages),
        "pages": {language: pages[language] for language in policy.languages},
        "title": _text(policy.title),
        "introduction": [{"anchor": anchor("introduction", i), "text": _text(t)}
                         for i, t in enumerate(policy.introduction, 1)],
        "controller": {
            "anchor": SECTION_ANCHORS["contact"], "name": c.name,
            "address": {"street": c.address.street, "postcode": c.address.postcode, "city": c.address.city,
                        "country": c.address.country},
            "phone": {"display": c.phone.display, "e164": c.phone.e164}, "email": c.email,
        },
        "data_categories": _section("data_categories", policy.data_categories_section, items=[
            {"id": d.id, "anchor": anchor("category", d.id), "name": _text(d.name)} for d in policy.data_categories]),
        "purposes": _section("purposes", policy.purposes_section, items=[
            {"id": p.id, "anchor": anchor("purpose", p.id), "title": _text(p.title),
             "description": _text(p.description), "data_categories": list(p.data_categories),
             "legal_bases": list(p.legal_bases)} for p in policy.purposes]),
        "legal_basis": _section("legal_basis", policy.legal_basis_section, paragraphs=[
            {"anchor": anchor("legal_basis", i), "text": _text(t)}
            for i, t in enumerate(policy.legal_basis_paragraphs, 1)]),
        "automated_decisions": _section("automated_decisions", policy.automated_decisions_section,
                                        text=_text(policy.automated_decisions)),
        "retention": _section("retention", policy.retention_section, rules=[
            {"id": r.id, "anchor": anchor("retention", r.id), "subject": _text(r.subject),
             "period": _duration(r.period), "data_categories": list(r.data_categories)}
            for r in policy.retention_rules]),
        "sharing": _section("sharing", policy.sharing_section, statements=[
            {"id": s.id, "anchor": anchor("statement", s.id), "text": _text(s.text)}
            for s in policy.sharing_statements], disclosures=[
            {"id": d.id, "anchor": anchor("disclosure", d.id), "recipient": _text(d.recipient),
             "legal_bases": list(d.legal_bases), "text": _text(d.text)} for d in policy.disclosures]),
        "contact": _section("contact", policy.contact_section),
        "history": [{"version": e.version, "date": e.date.isoformat(), "summary": _text(e.summary)}
                    for e in policy.history],
    }


def _from_text(data: dict[str, str]) -> Text:
    return Text(tuple(data.items()))


def _from_section(data: JSON) -> Section:
    return Section(_from_text(data["heading"]), _from_text(data["lead"]) if data["lead"] else None)


def from_json(data: JSON) -> Policy:
    """Rebuild the `Policy` from an export (already validated against the schema)."""
    c = data["controller"]
    return Policy(
        languages=tuple(data["languages"]),
        version=data["version"],
        effective_date=datetime.date.fromisoformat(data["effective_date"]),
        title=_from_text(data["title"]),
        introduction=tuple(_from_text(p["text"]) for p in data["introduction"]),
        controller=Controller(c["name"], Address(**c["address"]), PhoneNumber(**c["phone"]), c["email"]),
        data_categories_section=_from_section(data["data_categories"]),
        data_categories=tuple(DataCategory(d["id"], _from_text(d["name"])) for d in data["data_categories"]["items"]),
        purposes_section=_from_section(data["purposes"]),
        purposes=tuple(Purpose(p["id"], _from_text(p["title"]), _from_text(p["description"]),
                               tuple(p["data_categories"]), tuple(p["legal_bases"]))
                       for p in data["purposes"]["items"]),
        legal_basis_section=_from_section(data["legal_basis"]),
        legal_basis_paragraphs=tuple(_from_text(p["text"]) for p in data["legal_basis"]["paragraphs"]),
        automated_decisions_section=_from_section(data["automated_decisions"]),
        automated_decisions=_from_text(data["automated_decisions"]["text"]),
        retention_section=_from_section(data["retention"]),
        retention_rules=tuple(RetentionRule(r["id"], _from_text(r["subject"]),
                                            Duration(**r["period"]) if r["period"] else None,
                                            tuple(r["data_categories"]))
                              for r in data["retention"]["rules"]),
        sharing_section=_from_section(data["sharing"]),
        sharing_statements=tuple(Statement(s["id"], _from_text(s["text"])) for s in data["sharing"]["statements"]),
        disclosures=tuple(Disclosure(d["id"], _from_text(d["recipient"]), tuple(d["legal_bases"]),
                                     _from_text(d["text"])) for d in data["sharing"]["disclosures"]),
        contact_section=_from_section(data["contact"]),
        history=tuple(HistoryEntry(e["version"], datetime.date.fromisoformat(e["date"]), _from_text(e["summary"]))
                      for e in data["history"]),
    )


def dumps(document: JSON) -> str:
    """Stable bytes for reproducible builds: fixed key order, UTF-8 text, trailing newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
