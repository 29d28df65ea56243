"""policy.yaml's structure, and the checks across it, turning a loaded file into a `Policy`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .fields import (
    INVALID,
    Checker,
    Country,
    Email,
    Id,
    IsoDate,
    Key,
    LegalBasisRef,
    ListOf,
    LocalizedText,
    OneOf,
    Phone,
    Record,
    RetentionPeriod,
    String,
    Version,
    node_at,
    suggest,
)
from .labels import Labels
from .legal import REFERENCE
from .model import (
    Address,
    Controller,
    DataCategory,
    Disclosure,
    Policy,
    Purpose,
    RetentionRule,
    Section,
    Statement,
)
from .problems import PolicyError, Problem
from .yamlsource import Mapping, Source, load_bytes, load_file

TEXT = LocalizedText()


def _section(**extra: Key) -> dict[str, Key]:
    return {"heading": Key(TEXT, description="the section's heading in every language"),
            "lead": Key(TEXT, required=False, description="an optional lead-in sentence"), **extra}


def _split(items_key: str):
    """Build (Section, items) from a section block such as purposes: {heading, lead, items}."""
    def build(heading, lead, **items):
        return Section(heading, lead), items[items_key]
    return build


def _items(item: Record, example: str) -> Key:
    return Key(ListOf(item, example=example))


def _category_ids() -> ListOf:
    return ListOf(Id("email"), example="[name, email]")


CATEGORY = Record({"id": Key(Id("email")), "name": Key(TEXT)}, DataCategory)
PURPOSE = Record({
    "id": Key(Id("alarm-contacts")),
    "title": Key(TEXT, description="a short name for the purpose"),
    "description": Key(TEXT, description="what you do with the data and why"),
    "data_categories": Key(_category_ids(), description="ids from data_categories"),
    "legal_bases": Key(ListOf(LegalBasisRef(), example="[art6-1-b]"), description="e.g. [art6-1-b]"),
}, lambda **v: Purpose(**v))
RETENTION_RULE = Record({
    "id": Key(Id("support-email")),
    "subject": Key(TEXT, description="what is kept, e.g. support cases sent by e-mail"),
    "period": Key(RetentionPeriod(), description="e.g. 3 years, or not stored"),
    "data_categories": Key(ListOf(Id("email"), min_items=0), required=False),
}, lambda data_categories, **v: RetentionRule(data_categories=data_categories or (), **v))
STATEMENT = Record({"id": Key(Id("never-sold")), "text": Key(TEXT)}, Statement)
DISCLOSURE = Record({
    "id": Key(Id("public-authorities")),
    "recipient": Key(TEXT, description="who receives the data"),
    "legal_bases": Key(ListOf(LegalBasisRef(), example="[art6-1-c]")),
    "text": Key(TEXT),
}, Disclosure)
CONTROLLER = Record({
    "name": Key(String("SensorNordic AS")),
    "street": Key(String("Kjeller Vest 1")),
    "postcode": Key(String('"2007"', r"[0-9A-Za-z][0-9A-Za-z -]{1,9}", "a postcode")),
    "city": Key(String("Kjeller")),
    "country": Key(Country()),
    "phone": Key(Phone()),
    "email": Key(Email()),
}, lambda name, street, postcode, city, country, phone, email: Controller(
    name, Address(street, postcode, city, country), phone, email))


def _policy_spec(languages_field: ListOf) -> Record:
    return Record({
        "languages": Key(languages_field, description="e.g. [no, en]; the first is the default"),
        "version": Key(Version(), description='e.g. "1.0"'),
        "effective_date": Key(IsoDate(), description="e.g. 2026-11-23"),
        "title": Key(TEXT),
        "introduction": Key(ListOf(TEXT, example="\n  - no: ...\n    en: ...")),
        "controller": Key(CONTROLLER),
        "data_categories": Key(Record(_section(items=_items(CATEGORY, "\n    - id: email\n      name: ...")),
                                      _split("items"))),
        "purposes": Key(Record(_section(items=_items(PURPOSE, "\n    - id: ...")), _split("items"))),
        "legal_basis": Key(Record(_section(paragraphs=Key(ListOf(TEXT))), _split("paragraphs"))),
        "automated_decisions": Key(Record(_section(text=Key(TEXT)), _split("text"))),
        "retention": Key(Record(_section(rules=_items(RETENTION_RULE, "\n    - id: ...")),
                                _split("rules"))),
        "sharing": Key(Record(_section(statements=Key(ListOf(STATEMENT, min_items=0), required=False),
                                       disclosures=Key(ListOf(DISCLOSURE, min_items=0), required=False)),
                              lambda heading, lead, statements, disclosures: (
                                  Section(heading, lead), statements or (), disclosures or ()))),
        "contact": Key(Record(_section(), lambda heading, lead: Section(heading, lead))),
    }, _build_policy)


def _build_policy(languages, version, effective_date, title, introduction, controller, data_categories,
                  purposes, legal_basis, automated_decisions, retention, sharing, contact) -> Policy:
    return Policy(
        languages=languages, version=version, effective_date=effective_date, title=title,
        introduction=introduction, controller=controller,
        data_categories_section=data_categories[0], data_categories=data_categories[1],
        purposes_section=purposes[0], purposes=purposes[1],
        legal_basis_section=legal_basis[0], legal_basis_paragraphs=legal_basis[1],
        automated_decisions_section=automated_decisions[0], automated_decisions=automated_decisions[1],
        retention_section=retention[0], retention_rules=retention[1],
        sharing_section=sharing[0], sharing_statements=sharing[1], disclosures=sharing[2],
        contact_section=contact,
    )


def validate(source: Source, labels: Labels) -> tuple[Policy | None, list[Problem]]:
    """Check everything; return the policy (None if any error) and every problem found."""
    checker = Checker(source)
    root = source.root
    if not isinstance(root, Mapping):
        checker.report(root, "", "policy.yaml must be a mapping of keys (languages:, version:, title: ...)",
                       "start from the example in the README")
        return None, checker.problems

    languages_field = ListOf(OneOf(labels.languages, "language (labels.yaml has no labels for it)", "en"),
                             example="[no, en]")
    languages = INVALID
    if "languages" in root.entries:
        languages = languages_field.parse(root.entries["languages"][1], "languages", Checker(source))
    # Texts are checked against the declared languages; if those are broken, against every
    # language we have labels for, so text problems are still found in the same run.
    checker.languages = tuple(languages) if languages is not INVALID else tuple(labels.languages())
    if languages is not INVALID:
        _check_unique(checker, root, [(code, f"languages[{i}]") for i, code in enumerate(languages)], "language")
        checker.problems.extend(labels.missing(tuple(languages)))

    policy = _policy_spec(languages_field).parse(root, "", checker)
    if policy is not INVALID:
        _cross_check(policy, checker)
    return (None if checker.failed or policy is INVALID else policy), checker.problems


def _check_unique(checker: Checker, root, items: Iterable[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for value, path in items:
        if value in seen:
            first = node_at(root, seen[value])
            first_line = first.line if first else "?"
            checker.report(node_at(root, path), path,
                           f"the {what} '{value}' is used twice (first at {seen[value]}, line {first_line})",
                           f"give each {what} its own id; ids become page anchors and must be unique")
        else:
            seen[value] = path


def _cross_check(policy: Policy, checker: Checker) -> None:
    root = checker.source.root
    collections = {
        "data category id": ("data_categories.items", policy.data_categories),
        "purpose id": ("purposes.items", policy.purposes),
        "retention rule id": ("retention.rules", policy.retention_rules),
        "sharing statement id": ("sharing.statements", policy.sharing_statements),
        "disclosure id": ("sharing.disclosures", policy.disclosures),
    }
    for what, (path, items) in collections.items():
        _check_unique(checker, root, [(item.id, f"{path}[{i}].id") for i, item in enumerate(items)], what)

    known = [c.id for c in policy.data_categories]
    referrers = [("purposes.items", policy.purposes), ("retention.rules", policy.retention_rules)]
    for path, items in referrers:
        for i, item in enumerate(items):
            for j, ref in enumerate(item.data_categories):
                if ref not in known:
                    where = f"{path}[{i}].data_categories[{j}]"
                    checker.report(node_at(root, where), where, f"'{ref}' is not a data category id",
                                   f"use one of: {', '.join(known)}{suggest(ref, known)}; "
                                   "or add the category under data_categories.items")

    # A clause that cites a legal basis in its text must list it in legal_bases, and vice versa
    # the structured list is what the summary and the tests rely on.
    for i, disclosure in enumerate(policy.disclosures):
        cited = {m.group(1) for code in policy.languages for m in REFERENCE.finditer(disclosure.text[code])}
        for ref in sorted(cited - set(disclosure.legal_bases)):
            where = f"sharing.disclosures[{i}].text"
            checker.report(node_at(root, where), where,
                           f"the text cites {{{ref}}} but legal_bases does not list it",
                           f"add {ref} to sharing.disclosures[{i}].legal_bases, or remove the reference")


def load_policy(path: Path, labels: Labels, name: str | None = None,
                data: bytes | None = None) -> tuple[Policy, list[Problem]]:
    """Load (from `data` if given, as read from `path`) and validate; raise `PolicyError` with
    every problem when the policy is unusable."""
    source = load_file(path, name) if data is None else load_bytes(data, name or str(path))
    policy, problems = validate(source, labels)
    if policy is None:
        raise PolicyError(problems)
    return policy, problems
