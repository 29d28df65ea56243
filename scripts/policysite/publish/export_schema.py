"""The JSON Schema of policy.json, generated from the definitions that write it.

The export's shape comes from the model's dataclasses and policy_json.LAYOUT; this module
walks the same types the encoder walks, so the schema cannot describe another document.
What a dataclass cannot say (a value is an id, a country, one of the legal vocabulary) comes
from the field types the validator uses (model/fields.py) and the vocabulary (model/law.py):
every `str` or `int` field of the model needs its entry in `LEAVES`, or generation stops and
names the field. `policysite schema --export` writes the file; a test fails when the committed
file differs from what is generated.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import string
import typing
from typing import Any

from ..model.clause_fields import TEXT, UNITS
from ..model.fields import ID_PATTERN, Country, Email, Field, Url, Version, anchored
from ..model.law import EVENTS, GDPR_ITEM_GROUPS, GDPR_ITEMS, LEGAL_BASES, RIGHTS, ROLES, SAFEGUARDS, SENSITIVE, in_eea
from ..model.policy import Policy, Prose, Recipient, Text
from ..model.spec import ADDRESS, DATA_SUBJECT, SITE, policy_spec
from .policy_json import (
    CLAUSE_ANCHORS,
    DERIVED,
    FORMAT,
    INLINE,
    LAYOUT,
    LIST_KEY,
    PART_ANCHORS,
    SCHEMA_FILE,
    SCHEMA_NAME,
    TRANSFER_ANCHOR,
    Part,
    derived_type,
    model_fields,
    optional,
    policy_type,
)

EXPORT_SCHEMA_FILE = SCHEMA_FILE
Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _plain(field: Field) -> Schema:
    """A field type's rule for one value, without the editor's examples."""
    return {k: v for k, v in field.json_schema(()).items() if k != "examples"}


def _whole_number(field: Any) -> Schema:
    """A number field of policy.yaml (text there) is a JSON integer here, with the same bounds."""
    return {"type": "integer", "minimum": field.low, "maximum": field.high}


def _enum(values, description: str = "") -> Schema:
    return {"type": "string", "enum": list(values), **({"description": description} if description else {})}


_STRING = {"type": "string", "pattern": r"\S"}
_TEXT_VALUE = {k: v for k, v in TEXT.json_schema(("xx",))["properties"]["xx"].items() if k != "description"}
_ALL_COUNTRIES = _plain(Country())["enum"]

DEFS: dict[str, Schema] = {
    "language": {"type": "string", "pattern": "^[a-z]{2,3}$", "description": "a language code, e.g. no, en"},
    "text": {"type": "object", "description": "a text in every language of the policy: {language: text}, "
                                              "exactly as typed ({art6-1-b} and {law-id} are references)",
             "minProperties": 1, "propertyNames": _ref("language"), "additionalProperties": _TEXT_VALUE},
    "prose": {"type": "array", "minItems": 1, "description": "paragraphs (texts) and bullet lists "
                                                             f"({{\"{LIST_KEY}\": [texts]}}), in page order",
              "items": {"anyOf": [_ref("text"), {
                  "type": "object", "required": [LIST_KEY], "additionalProperties": False,
                  "properties": {LIST_KEY: {"type": "array", "minItems": 1, "items": _ref("text")}}}]}},
    "date": {"type": "string", "format": "date", "pattern": anchored(r"\d{4}-\d{2}-\d{2}")},
    "id": {"type": "string", "pattern": anchored(ID_PATTERN.pattern)},
    "version": _plain(Version()),
    "country": {**_enum(_ALL_COUNTRIES), "description": "ISO 3166-1 alpha-2"},
    "third_country": {**_enum(c for c in _ALL_COUNTRIES if not in_eea(c)), "description": "a country outside "
                                                                                          "the EEA"},
    "email": _plain(Email()),
    "url": _plain(Url()),
}

# str and int fields of the model: what their values are (a list field: what each item is).
LEAVES: dict[str, Schema] = {
    "Policy.languages": _ref("language"),
    "Policy.version": _ref("version"),
    "Site.url": _ref("url"),
    "Site.logo": _plain(SITE.keys["logo"].field),
    "Site.accent_color": {"type": "string", "pattern": "^#[0-9a-f]{6}$"},
    "Site.change_notice_days": _whole_number(SITE.keys["change_notice_days"].field),
    "Address.city": _STRING, "Address.street": _STRING,
    "Address.postcode": _plain(ADDRESS.keys["postcode"].field), "Address.country": _ref("country"),
    "Contact.email": _ref("email"), "Contact.web_form": _ref("url"),
    "PhoneNumber.display": _STRING, "PhoneNumber.e164": {"type": "string", "pattern": r"^\+[1-9][0-9]{4,14}$"},
    "Controller.organisation_number": _STRING, "Controller.country": _ref("country"),
    "JointController.id": _ref("id"), "JointController.purposes": _ref("id"),
    "JointControllers.contact_point": {**_ref("id"), "description": "who answers rights requests: controller, "
                                                                    "any, or a joint controller's id"},
    "DataSubjectGroup.id": _ref("id"),
    "DataSubjectGroup.minimum_age": _whole_number(DATA_SUBJECT.keys["minimum_age"].field),
    "DataCategory.id": _ref("id"), "DataCategory.data_subjects": _ref("id"),
    "DataCategory.sensitive": _enum(SENSITIVE, "art9: special category (GDPR art. 9); art10: criminal "
                                               "convictions and offences (GDPR art. 10)"),
    "Law.id": _ref("id"), "Law.url": _ref("url"),
    "LegalGround.basis": {"anyOf": [_enum(LEGAL_BASES), _ref("id")],
                          "description": "a GDPR legal basis or condition, or the id of one of `laws`"},
    "LegalGround.data_subjects": _ref("id"),
    "Purpose.id": _ref("id"), "Purpose.data_categories": _ref("id"), "Purpose.data_subjects": _ref("id"),
    "Duration.count": {"type": "integer", "minimum": 1, "maximum": 9999},
    "Duration.unit": _enum(dict.fromkeys(UNITS.values())),
    "Retention.after": {**_ref("id"), "description": "an event: built-in (" + ", ".join(EVENTS) + ") or one of "
                                                     "retention.events"},
    "Retention.until_event": {**_ref("id"), "description": "an event, as for `after`"},
    "Retention.law": {**_ref("id"), "description": "the id of one of `laws`"},
    "RetentionEvent.id": _ref("id"),
    "RetentionRule.id": _ref("id"), "RetentionRule.data_categories": _ref("id"), "RetentionRule.purposes": _ref("id"),
    "Statement.id": _ref("id"),
    "Recipient.id": _ref("id"), "Recipient.role": _enum(ROLES), "Recipient.countries": _ref("country"),
    "Recipient.third_countries": _ref("third_country"), "Recipient.data_categories": _ref("id"),
    "Recipient.purposes": _ref("id"), "Recipient.safeguard": _enum(SAFEGUARDS),
    "DataSource.id": _ref("id"), "DataSource.data_categories": _ref("id"),
    "HistoryEntry.version": _ref("version"),
    "Right.right": _enum(RIGHTS),
    "Complaint.website": _ref("url"),
    "FreeSection.id": _ref("id"),
    "FreeSection.after": {"anyOf": [_ref("id"), {"const": ""}], "description": "the anchor of the section it "
                                                                             "follows; empty: the default place"},
    "NotApplicable.item": _enum([*GDPR_ITEMS, *GDPR_ITEM_GROUPS]), "NotApplicable.reason": _STRING,
}
# Lists a valid policy never leaves empty.
NOT_EMPTY = {"Policy.languages", "Purpose.data_categories", "Purpose.legal_bases", "Recipient.countries",
             "DataSource.data_categories"}
# Rules between fields of one clause that check enforces and a schema can state.
RULES: dict[type, list[Schema]] = {
    Recipient: [
        {"if": {"properties": {"role": {"const": "processor"}}},
         "then": {"properties": {"legal_bases": {"maxItems": 0}}},
         "else": {"properties": {"legal_bases": {"minItems": 1}}}},
        {"if": {"properties": {"third_countries": {"minItems": 1}}},
         "then": {"properties": {"safeguard": {"type": "string"}, "transfer_anchor": {"type": "string"}}},
         "else": {"properties": {"safeguard": {"type": "null"}, "transfer_anchor": {"type": "null"}}}},
    ],
}


def _leaf(where: str) -> Schema:
    if where not in LEAVES:
        raise KeyError(f"{where} has no entry in export_schema.LEAVES: say what its values are")
    return LEAVES[where]


def _value(kind: Any, where: str) -> Schema:
    """The schema of a value of type `kind`, the field `where` (Class.field) of the model."""
    inner = optional(kind)
    if inner is not None:
        return {"anyOf": [_value(inner, where), {"type": "null"}]}
    if kind in (Text, Prose, datetime.date):
        return _ref({Text: "text", Prose: "prose", datetime.date: "date"}[kind])
    if kind is bool:
        return {"type": "boolean"}
    if kind in (str, int):
        return _leaf(where)
    if typing.get_origin(kind) is tuple:
        item = typing.get_args(kind)[0]
        schema: Schema = {"type": "array", "items": _value(item, where)}
        if where in NOT_EMPTY:
            schema["minItems"] = 1
        if item is str:
            schema["uniqueItems"] = True
        return schema
    if dataclasses.is_dataclass(typing.get_origin(kind) or kind):
        return _object(kind)
    raise TypeError(f"{where}: no JSON form for {kind!r}")


_LITERAL = re.compile(r"[.^$*+?()[\]{}|\\]")  # what a pattern must escape ("-" needs no escape, ECMA-262)


def _anchor_pattern(template: str, cls: type) -> Schema:
    """'purpose-{id}' as the pattern of its anchors, from the rule for the field it names."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(_LITERAL.sub(r"\\\g<0>", literal))
        if name:
            rule = _leaf(f"{cls.__name__}.{name}")
            rule = DEFS[rule["$ref"].rsplit("/", 1)[1]] if "$ref" in rule else rule
            parts.append("(?:" + ("|".join(map(re.escape, rule["enum"])) if "enum" in rule
                                  else rule["pattern"].removeprefix("^(?:").removesuffix(")$")) + ")")
    return {"type": "string", "pattern": anchored("".join(parts)),
            "description": f"the id of its element on every page ({template})"}


def _object(kind: Any) -> Schema:
    """A dataclass as the object policy_json writes: its fields (inline ones merged in), its anchors."""
    cls = typing.get_origin(kind) or kind
    properties: Schema = {}
    if cls in PART_ANCHORS:
        properties["anchors"] = {"const": PART_ANCHORS[cls], "description": "the ids of its parts on the page"}
    derived = DERIVED.get(cls, {})
    for name, hint in model_fields(kind):
        own = _object(hint)["properties"] if hint in INLINE else {name: _value(hint, f"{cls.__name__}.{name}")}
        own |= {key: _value(derived_type(cls, key), f"{cls.__name__}.{key}") for key, after in derived.items()
                if after == name}
        clash = set(own) & set(properties)
        if clash:
            raise ValueError(f"{cls.__name__}: {sorted(clash)} would be written twice")
        properties.update(own)
    if cls in CLAUSE_ANCHORS:
        anchors = {"anchor": _anchor_pattern(CLAUSE_ANCHORS[cls], cls)}
        if cls is Recipient:
            anchors["transfer_anchor"] = {"anyOf": [_anchor_pattern(TRANSFER_ANCHOR, cls), {"type": "null"}]}
        properties = {**anchors, **properties}
    schema: Schema = {"type": "object", "additionalProperties": False, "required": list(properties),
                      "properties": properties}
    if cls in RULES:
        schema["allOf"] = RULES[cls]
    return schema


def _part(part: Part, description: str) -> Schema:
    kind = policy_type(part.field)
    inner = optional(kind)
    schema = _value(inner or kind, f"Policy.{part.field}")
    if part.text:
        schema = {"type": "object", "properties": {part.text: schema}}
    if schema.get("type") == "object":
        properties = dict(schema["properties"])
        if part.items != "items":
            properties = {part.items if key == "items" else key: value for key, value in properties.items()}
        for key, name in part.also:
            properties[key] = _value(policy_type(name), f"Policy.{name}")
        if part.anchor:
            properties = {"anchor": {"const": part.anchor, "description": "the id of the section on every page"},
                          **properties}
        schema = {**schema, "additionalProperties": False, "required": list(properties), "properties": properties}
    if inner is not None:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {**({"description": description} if description else {}), **schema}


def _check_layout() -> None:
    """Every field of the model has its place in policy.json, and only one."""
    placed = [part.field for part in LAYOUT.values()] + [name for part in LAYOUT.values() for _, name in part.also]
    fields = [name for name, _ in model_fields(Policy)]
    if sorted(placed) != sorted(fields):
        raise ValueError(f"policy_json.LAYOUT places {sorted(set(placed) ^ set(fields))} wrongly: every field of "
                         "Policy needs exactly one place")


def export_schema() -> Schema:
    _check_layout()
    spec = policy_spec(()).keys
    properties: Schema = {
        "$schema": {"const": SCHEMA_NAME},
        "format": {"const": FORMAT, "description": "the version of this format"},
        "pages": {"type": "object", "description": "the URL of the policy page in each language",
                  "propertyNames": _ref("language"), "additionalProperties": {"type": "string"}},
    }
    for key, part in LAYOUT.items():
        properties[key] = _part(part, spec[key].description if key in spec else "")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_NAME,
        "$comment": "GENERATED by `policysite schema --export` from scripts/policysite/publish/policy_json.py "
                    "and the model. Do not edit.",
        "title": "policysite privacy policy export (policy.json)",
        "description": "The validated privacy policy in every language, as the model holds it. Texts are exactly "
                       "as typed in policy.yaml. Each `anchor` is the id of the clause's or section's element on "
                       "every language's page. Optional values the policy does not have are null, optional "
                       "sections it does not have are null, lists it does not have are empty.",
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
        "$defs": DEFS,
    }


def export_schema_text() -> str:
    return json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n"
