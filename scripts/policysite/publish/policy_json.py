"""policy.json: the validated model in every language, for machines (and its way back).

Each clause carries `anchor`, the id of its element on every language's page, so a
consumer can deep-link (`pages[lang] + "#" + anchor`). Anchors and page URLs are derived
data: `from_json` ignores them and rebuilds exactly the `Policy` that was exported.
Texts are kept as the legal team typed them (plain text, `{art6-1-b}` references).

The mapping is derived from the model's dataclasses: every field of a clause becomes a
key of the same name (texts as `{language: text}`, dates in ISO 8601, absent optional
values as null), so a field added to a clause needs only its place in policy.json.schema.json.
Only the page layout is written out here (`LAYOUT`: which section holds which `Policy`
fields, under the keys policy.yaml uses), and each clause's anchor (`CLAUSE_ANCHORS`).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import string
import types
import typing
from pathlib import Path
from typing import Any

from ..model.policy import (
    Complaint,
    Controller,
    DataCategory,
    DataProtectionOfficer,
    DataSource,
    Disclosure,
    Policy,
    Purpose,
    RetentionRule,
    Right,
    Section,
    Statement,
    Text,
    Transfer,
)

FORMAT = "policysite-policy/1"
# its name here and on the published site, beside policy.json (schema/policy.schema.json is the
# editors' schema of policy.yaml, a different document)
SCHEMA_NAME = "policy.json.schema.json"
SCHEMA_FILE = Path(__file__).with_name(SCHEMA_NAME)

JSON = dict[str, Any]

# The page anchors, as the page template writes them (tests compare both with the rendered pages).
CLAUSE_ANCHORS: dict[type, str] = {
    Controller: "contact", Complaint: "complaint", DataProtectionOfficer: "data-protection-officer",
    DataCategory: "category-{id}", Purpose: "purpose-{id}", RetentionRule: "retention-{id}",
    Statement: "sharing-{id}", Disclosure: "disclosure-{id}", Transfer: "transfer-{id}",
    DataSource: "source-{id}", Right: "right-{right}",
}
PARAGRAPH_ANCHORS = {"introduction": "introduction-{}", "legal_basis_paragraphs": "legal-basis-{}"}  # from 1


@dataclasses.dataclass(frozen=True)
class Group:
    """A section of the page: its anchor, the `Policy` field with its heading and lead, and
    the `Policy` fields shown under it by their key in policy.json."""

    anchor: str
    section: str
    parts: tuple[tuple[str, str], ...] = ()


def _group(anchor: str, section: str, **parts: str) -> Group:
    return Group(anchor, section, tuple(parts.items()))


# policy.json's keys in page order (they are policy.yaml's): a `Policy` field, or a section
# with the fields under it. Optional sections are null when the policy has none.
LAYOUT: dict[str, str | Group] = {
    "version": "version",
    "effective_date": "effective_date",
    "languages": "languages",
    "title": "title",
    "introduction": "introduction",
    "controller": "controller",
    "data_categories": _group("data-categories", "data_categories_section", items="data_categories"),
    "purposes": _group("purposes", "purposes_section", items="purposes"),
    "legal_basis": _group("legal-basis", "legal_basis_section", paragraphs="legal_basis_paragraphs"),
    "automated_decisions": _group("automated-decisions", "automated_decisions_section", text="automated_decisions"),
    "retention": _group("retention", "retention_section", rules="retention_rules"),
    "sharing": _group("sharing", "sharing_section", statements="sharing_statements", disclosures="disclosures"),
    "transfers": _group("transfers", "transfers_section", items="transfers"),
    "sources": _group("sources", "sources_section", items="sources"),
    "requirement_to_provide": _group("requirement-to-provide", "requirement_section", text="requirement"),
    "rights": _group("rights", "rights_section", items="rights"),
    "complaint": "complaint",
    "data_protection_officer": "data_protection_officer",
    "contact": _group("contact", "contact_section"),
    "history": "history",
    "site": "site",
    "gdpr_not_applicable": "not_applicable",
}


def clause_anchor(clause: Any) -> str:
    """The id of a clause's element on the page, e.g. `purpose-alarm-contacts`."""
    return CLAUSE_ANCHORS[type(clause)].format_map(vars(clause))


def _with_anchor(clause: Any, data: JSON) -> JSON:
    """The clause's keys (`id`, `right`) first, then its anchor, then the rest."""
    template = CLAUSE_ANCHORS.get(type(clause))
    if template is None:
        return data
    keys = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return {**{key: data[key] for key in keys}, "anchor": template.format_map(data), **data}


def _encode(value: Any) -> Any:
    """A model value as JSON. A clause's `section` (heading, lead) is written inline."""
    if isinstance(value, Text):
        return dict(value.by_language)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value):
        data: JSON = {}
        for field in dataclasses.fields(value):
            if field.compare:
                encoded = _encode(getattr(value, field.name))
                if field.name == "section":
                    data.update(encoded)
                else:
                    data[field.name] = encoded
        return _with_anchor(value, data)
    return value  # str, int, None


def _decode(kind: Any, data: Any) -> Any:
    """The model value of type `kind` that `_encode` wrote as `data`; derived keys are ignored."""
    if data is None:
        return None
    if isinstance(kind, types.UnionType):  # X | None
        (kind,) = [k for k in typing.get_args(kind) if k is not type(None)]
        return _decode(kind, data)
    if typing.get_origin(kind) is tuple:
        return tuple(_decode(typing.get_args(kind)[0], item) for item in data)
    if kind is Text:
        return Text(tuple(data.items()))
    if kind is datetime.date:
        return datetime.date.fromisoformat(data)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{field.name: _decode(hints[field.name], data if field.name == "section" else data[field.name])
                       for field in dataclasses.fields(kind) if field.compare})
    return data


def _encode_field(policy: Policy, name: str) -> Any:
    value = getattr(policy, name)
    if name in PARAGRAPH_ANCHORS:
        return [{"anchor": PARAGRAPH_ANCHORS[name].format(i), "text": _encode(text)} for i, text in enumerate(value, 1)]
    return _encode(value)


def _decode_field(name: str, data: Any) -> Any:
    if name in PARAGRAPH_ANCHORS:
        return tuple(_decode(Text, paragraph["text"]) for paragraph in data)
    return _decode(typing.get_type_hints(Policy)[name], data)


def to_json(policy: Policy, pages: dict[str, str]) -> JSON:
    """The export document; `pages` maps each language to the URL of its page."""
    document: JSON = {"$schema": SCHEMA_NAME, "format": FORMAT,
                      "pages": {language: pages[language] for language in policy.languages}}
    for key, spec in LAYOUT.items():
        if isinstance(spec, str):
            document[key] = _encode_field(policy, spec)
            continue
        section = getattr(policy, spec.section)
        document[key] = None if section is None else {"anchor": spec.anchor, **_encode(section), **{
            part: _encode_field(policy, name) for part, name in spec.parts}}
    return document


def from_json(data: JSON) -> Policy:
    """Rebuild the `Policy` from an export (already validated against the schema)."""
    values: JSON = {}
    for key, spec in LAYOUT.items():
        if isinstance(spec, str):
            values[spec] = _decode_field(spec, data[key])
        elif data[key] is not None:  # an optional section the policy lacks keeps the model's defaults
            values[spec.section] = _decode(Section, data[key])
            values.update({name: _decode_field(name, data[key][part]) for part, name in spec.parts})
    return Policy(**values)


def dumps(document: JSON) -> str:
    """Stable bytes for reproducible builds: fixed key order, UTF-8 text, trailing newline.

    One line, not indented: json's C encoder only runs without `indent`, and the pretty
    Python one took 0.5 s per build for a policy of 1,000 purposes (machines don't mind;
    people can pipe it through `python -m json.tool`).
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
