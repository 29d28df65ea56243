"""policy.json: the validated model in every language, for machines (and its way back).

Each clause carries `anchor`, the id of its element on every language's page, so a
consumer can deep-link (`pages[lang] + "#" + anchor`); a recipient outside the EEA also
has `transfer_anchor` (its transfer clause); `anchors` names the elements of a section's parts
(the complaint's text and authority, the joint controllers' contact point).
Anchors and page URLs are derived data: `from_json` ignores them and rebuilds exactly the
`Policy` that was exported. Texts are kept exactly as the legal team typed them
(`{art6-1-b}` / `{law-id}` references included).

The mapping is derived from the model's dataclasses: every field of a clause becomes a key
of the same name (texts as `{language: text}`, prose as policy.yaml's list of blocks,
dates in ISO 8601, absent optional values as null); a section's heading and lead, a
party's contact details and a rule's retention are written inline, as policy.yaml does.
Generic sections (`Clauses[T]`) are typed by their parameter. Only the page layout is
written out here (`LAYOUT`: which `Policy` field goes under which key, with its section
anchor) and each clause's anchor (`CLAUSE_ANCHORS`); export_schema.py derives the JSON
Schema from the same definitions.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import string
import types
import typing
from pathlib import Path
from typing import Any

from ..model.policy import (
    BulletList,
    Complaint,
    Contact,
    DataCategory,
    DataSource,
    DataSubjectGroup,
    FreeSection,
    JointController,
    JointControllers,
    Paragraph,
    Policy,
    Prose,
    Purpose,
    Recipient,
    Retention,
    RetentionRule,
    Right,
    Section,
    Statement,
    Text,
)

FORMAT = "policysite-policy/2"
# its name here and on the published site, beside policy.json (schema/policy.schema.json is the
# editors' schema of policy.yaml, a different document)
SCHEMA_NAME = "policy.json.schema.json"
SCHEMA_FILE = Path(__file__).with_name(SCHEMA_NAME)
LIST_KEY = "list"  # a bullet list inside prose, as policy.yaml writes it

JSON = dict[str, Any]

# The page anchors of clauses, as the page template writes them (tests compare them with the pages).
CLAUSE_ANCHORS: dict[type, str] = {
    DataSubjectGroup: "subject-{id}", DataCategory: "category-{id}", Purpose: "purpose-{id}",
    RetentionRule: "retention-{id}", Statement: "sharing-{id}", Recipient: "recipient-{id}",
    DataSource: "source-{id}", Right: "right-{right}", JointController: "joint-controller-{id}",
    FreeSection: "section-{id}",
}
TRANSFER_ANCHOR = "transfer-{id}"  # a recipient outside the EEA: its clause under "transfers"
# Clauses whose parts are elements of their own on the page: {field: anchor}
PART_ANCHORS: dict[type, dict[str, str]] = {
    Complaint: {"text": "complaint-text", "authority": "complaint-authority"},
    JointControllers: {"contact_point": "joint-controllers-contact-point"},
}
# Values written into the object that holds them, under their own keys (as policy.yaml has them).
INLINE = (Section, Contact, Retention)


@dataclasses.dataclass(frozen=True)
class Part:
    """A key of policy.json: the `Policy` field it holds and, for a section of the page, its anchor.

    `items` renames the clause list of a `Clauses` section (policy.yaml's `rules:`, `statements:`);
    `also` puts more `Policy` fields under the key ({key: field}); `text` wraps a value that is not an
    object (prose) as {"anchor": ..., text: ...} so it can carry its anchor."""

    field: str
    anchor: str | None = None
    items: str = "items"
    also: tuple[tuple[str, str], ...] = ()
    text: str | None = None


# policy.json's keys in policy.yaml's order. Optional sections are null when the policy has none.
LAYOUT: dict[str, Part] = {
    "languages": Part("languages"),
    "version": Part("version"),
    "effective_date": Part("effective_date"),
    "site": Part("site"),
    "title": Part("title"),
    "introduction": Part("introduction", "introduction", text="text"),
    "controller": Part("controller", "contact"),
    "representative": Part("representative", "representative"),
    "data_protection_officer": Part("data_protection_officer", "data-protection-officer"),
    "joint_controllers": Part("joint_controllers", "joint-controllers"),
    "data_subjects": Part("data_subjects", "data-subjects"),
    "data_categories": Part("data_categories", "data-categories"),
    "laws": Part("laws"),
    "purposes": Part("purposes", "purposes"),
    "legal_basis": Part("legal_basis", "legal-basis"),
    "automated_decisions": Part("automated_decisions", "automated-decisions"),
    "retention": Part("retention", "retention", items="rules", also=(("events", "retention_events"),)),
    "sharing": Part("sharing", "sharing", items="statements"),
    "recipients": Part("recipients", "recipients"),
    "transfers": Part("transfers", "transfers"),
    "sources": Part("sources", "sources"),
    "requirement_to_provide": Part("requirement_to_provide", "requirement-to-provide"),
    "rights": Part("rights", "rights"),
    "complaint": Part("complaint", "complaint"),
    "contact": Part("contact", "contact"),
    "sections": Part("sections"),
    "history": Part("history"),
    "gdpr_not_applicable": Part("not_applicable"),
}


# What the model derives from a clause's fields (a property), written beside them for the export's readers
# and left out when it is read back: class -> {property: the field it follows}.
DERIVED: dict[type, dict[str, str]] = {
    Recipient: {"third_countries": "countries"},  # its countries outside the EEA
}


def derived_type(cls: type, name: str) -> Any:
    """The type a derived value has: its property's return annotation."""
    return typing.get_type_hints(getattr(cls, name).fget)["return"]


@functools.cache
def model_fields(kind: Any) -> tuple[tuple[str, Any], ...]:
    """(name, type) of the fields of a dataclass (or of a generic one such as `Clauses[Purpose]`)
    that make up its value, with type parameters filled in."""
    origin = typing.get_origin(kind) or kind
    hints = typing.get_type_hints(origin)
    params = dict(zip(getattr(origin, "__parameters__", ()), typing.get_args(kind), strict=False))
    resolved = []
    for field in dataclasses.fields(origin):
        if not field.compare:
            continue
        hint = hints[field.name]
        if getattr(hint, "__parameters__", ()):
            hint = hint[tuple(params[p] for p in hint.__parameters__)]
        resolved.append((field.name, params.get(hint, hint)))
    return tuple(resolved)


def optional(kind: Any) -> Any:
    """X for `X | None` (the model's only unions besides prose blocks), else None."""
    if typing.get_origin(kind) in (types.UnionType, typing.Union):
        (inner,) = [k for k in typing.get_args(kind) if k is not type(None)]
        return inner
    return None


def clause_anchor(clause: Any) -> str:
    """The id of a clause's element on the page, e.g. `purpose-alarm-contacts`."""
    return CLAUSE_ANCHORS[type(clause)].format_map(vars(clause))


def _anchored(clause: Any, data: JSON) -> JSON:
    """The clause's keys (`id`, `right`) first, then its anchors, then the rest."""
    template = CLAUSE_ANCHORS.get(type(clause))
    if template is None:
        return data
    keys = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    anchors: JSON = {"anchor": template.format_map(data)}
    if isinstance(clause, Recipient):
        anchors["transfer_anchor"] = TRANSFER_ANCHOR.format_map(data) if clause.third_countries else None
    return {**{key: data[key] for key in keys}, **anchors, **data}


def _text(value: Text) -> JSON:
    return dict(value.by_language)


def _encode(value: Any) -> Any:
    """A model value as JSON."""
    if isinstance(value, Text):
        return _text(value)
    if isinstance(value, Prose):
        return [_text(b.text) if isinstance(b, Paragraph) else {LIST_KEY: [_text(t) for t in b.items]}
                for b in value.blocks]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value):
        data: JSON = {}
        if type(value) in PART_ANCHORS:
            data["anchors"] = dict(PART_ANCHORS[type(value)])
        derived = DERIVED.get(type(value), {})
        for field in dataclasses.fields(value):
            if not field.compare:
                continue
            name, item = field.name, getattr(value, field.name)
            if isinstance(item, INLINE):
                data.update(_encode(item))
            else:
                data[name] = _encode(item)
            for key, after in derived.items():
                if after == name:
                    data[key] = _encode(getattr(value, key))
        return _anchored(value, data)
    return value  # str, int, bool, None


def _decode(kind: Any, data: Any) -> Any:
    """The model value of type `kind` that `_encode` wrote as `data`; derived keys are ignored."""
    inner = optional(kind)
    if inner is not None:
        return None if data is None else _decode(inner, data)
    if typing.get_origin(kind) is tuple:
        return tuple(_decode(typing.get_args(kind)[0], item) for item in data)
    if kind is Text:
        return Text(tuple(data.items()))
    if kind is Prose:
        return Prose(tuple(BulletList(tuple(_decode(Text, t) for t in block[LIST_KEY])) if LIST_KEY in block
                           else Paragraph(_decode(Text, block)) for block in data))
    if kind is datetime.date:
        return datetime.date.fromisoformat(data)
    if dataclasses.is_dataclass(typing.get_origin(kind) or kind):
        origin = typing.get_origin(kind) or kind
        return origin(**{name: _decode(hint, data if hint in INLINE else data[name])
                         for name, hint in model_fields(kind)})
    return data


def policy_type(name: str) -> Any:
    return dict(model_fields(Policy))[name]


def to_json(policy: Policy, pages: dict[str, str]) -> JSON:
    """The export document; `pages` maps each language to the URL of its page."""
    document: JSON = {"$schema": SCHEMA_NAME, "format": FORMAT,
                      "pages": {language: pages[language] for language in policy.languages}}
    for key, part in LAYOUT.items():
        value = getattr(policy, part.field)
        if value is None:
            document[key] = None
            continue
        data = _encode(value)
        if part.text:
            data = {part.text: data}
        elif part.items != "items":
            data[part.items] = data.pop("items")
        for also, name in part.also:
            data[also] = _encode(getattr(policy, name))
        document[key] = {"anchor": part.anchor, **data} if part.anchor else data
    return document


def from_json(data: JSON) -> Policy:
    """Rebuild the `Policy` from an export (already validated against the schema)."""
    values: JSON = {}
    for key, part in LAYOUT.items():
        value = data[key]
        if value is None:  # an optional section the policy lacks keeps the model's default
            continue
        if part.text:
            value = value[part.text]
        elif part.items != "items":
            value = {**value, "items": value[part.items]}
        values[part.field] = _decode(policy_type(part.field), value)
        for also, name in part.also:
            values[name] = _decode(policy_type(name), value[also])
    return Policy(**values)


def dumps(document: JSON) -> str:
    """Stable bytes for reproducible builds: fixed key order, UTF-8 text, trailing newline.

    One line, not indented: json's C encoder only runs without `indent`, and the pretty
    Python one took 0.5 s per build for a policy of 1,000 purposes (machines don't mind;
    people can pipe it through `python -m json.tool`).
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
