"""policy.yaml's structure, and the checks across it, turning a loaded file into a `Policy`."""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from ..source.nodes import Mapping, Source, node_at
from .fields import (
    INVALID,
    Color,
    Country,
    Email,
    Id,
    IsoDate,
    Key,
    LegalBasisRef,
    ListOf,
    LocalizedText,
    Name,
    OneOf,
    Phone,
    Record,
    RepoFile,
    Reporter,
    RetentionPeriod,
    String,
    Url,
    Version,
    WholeNumber,
    suggest,
)
from .law import MAY_NOT_APPLY, REFERENCE, RIGHTS, SAFEGUARDS
from .links import check_link_text
from .policy import (
    Address,
    Complaint,
    Controller,
    DataCategory,
    DataProtectionOfficer,
    DataSource,
    Disclosure,
    HistoryEntry,
    NotApplicable,
    Policy,
    Purpose,
    RetentionRule,
    Right,
    Section,
    Site,
    Statement,
    Transfer,
)
from .text_languages import settle_languages

TEXT = LocalizedText()


def _section(**extra: Key) -> dict[str, Key]:
    return {"heading": Key(TEXT, description="the section's heading in every language"),
            "lead": Key(TEXT, required=False, description="an optional lead-in sentence"), **extra}


def _split(items_key: str):
    """Build (Section, items) from a section block such as purposes: {heading, lead, items}."""
    def build(heading, lead, **items):
        return Section(heading, lead), items[items_key]
    return build


def _items(item: Record, example: str, min_items: int = 1, required: bool = True) -> Key:
    return Key(ListOf(item, min_items=min_items, example=example), required=required)


def _category_ids() -> ListOf:
    return ListOf(Id("email"), example="[name, email]", unique=True)


CATEGORY = Record({"id": Key(Id("email")), "name": Key(TEXT)}, DataCategory)
PURPOSE = Record({
    "id": Key(Id("alarm-contacts")),
    "title": Key(TEXT, description="a short name for the purpose"),
    "description": Key(TEXT, description="what you do with the data and why"),
    "data_categories": Key(_category_ids(), description="ids from data_categories"),
    "legal_bases": Key(ListOf(LegalBasisRef(), example="[art6-1-b]", unique=True), description="e.g. [art6-1-b]"),
    "legitimate_interest": Key(TEXT, required=False,
                               description="with art6-1-f: the legitimate interest pursued (GDPR art. 13 (1) d)"),
    "consent_withdrawal": Key(TEXT, required=False,
                              description="with art6-1-a: how the reader withdraws consent (GDPR art. 13 (2) c)"),
}, lambda **v: Purpose(**v))
RETENTION_RULE = Record({
    "id": Key(Id("support-email")),
    "subject": Key(TEXT, description="what is kept, e.g. support cases sent by e-mail"),
    "period": Key(RetentionPeriod(), description="e.g. 3 years, or not stored"),
    "data_categories": Key(ListOf(Id("email"), min_items=0, unique=True), required=False),
}, lambda data_categories, **v: RetentionRule(data_categories=data_categories or (), **v))
STATEMENT = Record({"id": Key(Id("never-sold")), "text": Key(TEXT)}, Statement)
DISCLOSURE = Record({
    "id": Key(Id("public-authorities")),
    "recipient": Key(TEXT, description="who receives the data"),
    "legal_bases": Key(ListOf(LegalBasisRef(), example="[art6-1-c]", unique=True)),
    "text": Key(TEXT),
}, Disclosure)
HISTORY_ENTRY = Record({
    "version": Key(Version()),
    "date": Key(IsoDate(), description="the date this version took effect"),
    "summary": Key(TEXT, description="what changed for readers"),
}, HistoryEntry)
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

def _choice(choices: dict[str, object], what: str, example: str, description: str = "") -> Key:
    """A key whose value is one of the ids of `choices` (rights, safeguards, GDPR items)."""
    return Key(OneOf(lambda: list(choices), what, example), description=description or "one of " + ", ".join(choices))


# The optional sections below let the legal team cover every art. 13 / 14 item
# (see gdpr.py); a policy without them stays valid and the GDPR report lists them.
RIGHT = Record({
    "right": _choice(RIGHTS, "right of the data subject", "access"),
    "text": Key(TEXT, required=False, description="what the right means here and how to use it"),
}, Right)
TRANSFER = Record({
    "id": Key(Id("cloud-hosting")),
    "recipient": Key(TEXT, description="who receives the data outside the EEA"),
    "countries": Key(ListOf(Country(), example="[US]", unique=True), description="ISO 3166 codes, e.g. [US]"),
    "safeguard": _choice(SAFEGUARDS, "transfer safeguard", "standard-contractual-clauses"),
    "text": Key(TEXT, required=False, description="anything more the reader should know, e.g. how to get a copy"),
}, Transfer)
SOURCE = Record({
    "id": Key(Id("credit-agency")),
    "source": Key(TEXT, description="where the data comes from, e.g. a credit agency or the customer"),
    "data_categories": Key(_category_ids(), description="ids from data_categories"),
}, DataSource)
DATA_PROTECTION_OFFICER = Record(_section(
    name=Key(String("Kari Nordmann"), required=False),
    email=Key(Email(), required=False, description="the DPO's e-mail (give an e-mail, a phone or both)"),
    phone=Key(Phone(), required=False),
), lambda heading, lead, name, email, phone: DataProtectionOfficer(Section(heading, lead), name, email, phone))
COMPLAINT = Record(_section(
    text=Key(TEXT, description="that the reader may complain to the supervisory authority"),
    authority=Key(String("Datatilsynet"), description="the supervisory authority, in Norway Datatilsynet"),
    website=Key(Url(), required=False),
), lambda heading, lead, text, authority, website: Complaint(Section(heading, lead), text, authority, website))
SITE = Record({
    "name": Key(Name("SensorNordic"), description="the site's name in the header and every page title"),
    "url": Key(Url(), required=False, description="the public address, e.g. https://personvern.example.no/ "
                                                    "(the SITE_URL environment variable overrides it)"),
    "logo": Key(RepoFile("branding/logo.svg", (".svg", ".png")), required=False,
                description="the logo in the header: an SVG or PNG file, relative to policy.yaml"),
    "accent_color": Key(Color(), required=False, description='the header colour, "#rrggbb" in quotes; '
                                                             "needs 4.5:1 contrast against white"),
    "change_notice_days": Key(WholeNumber("30", 0, 365, "days"), required=False,
                              description="for how many days after a new version the page announces it "
                                          "(default 30; 0: never)"),
}, lambda name, url, logo, accent_color, change_notice_days: Site(
    name, url, logo, accent_color, 30 if change_notice_days is None else change_notice_days))
NOT_APPLICABLE = Record({
    "item": _choice(MAY_NOT_APPLY, "GDPR item that may not apply", "13-1-b",
                    "; ".join(f"{k}: {v}" for k, v in MAY_NOT_APPLY.items())),
    "reason": Key(String("No DPO is required (GDPR art. 37)"), description="why; shown in the GDPR report only"),
}, NotApplicable)


def _languages_field(known: tuple[str, ...]) -> ListOf:
    return ListOf(OneOf(lambda: list(known), "language (labels.yaml has no labels for it)", "en"), example="[no, en]")


def policy_spec(known_languages: tuple[str, ...]) -> Record:
    """policy.yaml's structure: what `validate` parses and what the editor schema describes."""
    return Record({
        "languages": Key(_languages_field(known_languages), description="e.g. [no, en]; the first is the default"),
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
        "history": Key(ListOf(HISTORY_ENTRY, example="\n  - version: \"1.0\"\n    date: 2026-11-23\n    summary: ..."),
                       description="every published version, newest first"),
        "rights": Key(Record(_section(items=_items(RIGHT, "\n    - right: access")), _split("items")),
                      required=False, description="the reader's rights (GDPR art. 13 (2) b)"),
        "data_protection_officer": Key(DATA_PROTECTION_OFFICER, required=False,
                                       description="the DPO's contact details (GDPR art. 13 (1) b)"),
        "transfers": Key(Record(_section(items=_items(TRANSFER, "\n    - id: ...", min_items=0, required=False)),
                                lambda heading, lead, items: (Section(heading, lead), items or ())),
                         required=False, description="transfers outside the EEA (GDPR art. 13 (1) f)"),
        "sources": Key(Record(_section(items=_items(SOURCE, "\n    - id: ...")), _split("items")),
                       required=False, description="data not obtained from the person (GDPR art. 14)"),
        "complaint": Key(COMPLAINT, required=False,
                         description="the right to complain to Datatilsynet (GDPR art. 13 (2) d)"),
        "requirement_to_provide": Key(Record(_section(text=Key(TEXT)), _split("text")), required=False,
                                      description="whether providing the data is required by law or contract, "
                                                  "and what happens if not (GDPR art. 13 (2) e)"),
        "site": Key(SITE, required=False,
                    description="the published site: its name, public address, logo and colour"),
        "gdpr_not_applicable": Key(ListOf(NOT_APPLICABLE, example="\n  - item: 13-1-b\n    reason: ..."),
                                   required=False,
                                   description="GDPR items that do not apply to you, for the GDPR report"),
    }, _build_policy)


def _build_policy(languages, version, effective_date, title, introduction, controller, data_categories,
                  purposes, legal_basis, automated_decisions, retention, sharing, contact, history, rights=None,
                  data_protection_officer=None, transfers=None, sources=None, complaint=None,
                  requirement_to_provide=None, site=None, gdpr_not_applicable=None) -> Policy:
    return Policy(
        languages=languages, version=version, effective_date=effective_date, title=title,
        introduction=introduction, controller=controller,
        data_categories_section=data_categories[0], data_categories=data_categories[1],
        purposes_section=purposes[0], purposes=purposes[1],
        legal_basis_section=legal_basis[0], legal_basis_paragraphs=legal_basis[1],
        automated_decisions_section=automated_decisions[0], automated_decisions=automated_decisions[1],
        retention_section=retention[0], retention_rules=retention[1],
        sharing_section=sharing[0], sharing_statements=sharing[1], disclosures=sharing[2],
        contact_section=contact, history=history,
        rights_section=rights and rights[0], rights=rights[1] if rights else (),
        data_protection_officer=data_protection_officer,
        transfers_section=transfers and transfers[0], transfers=transfers[1] if transfers else (),
        sources_section=sources and sources[0], sources=sources[1] if sources else (),
        complaint=complaint,
        requirement_section=requirement_to_provide and requirement_to_provide[0],
        requirement=requirement_to_provide and requirement_to_provide[1],
        not_applicable=gdpr_not_applicable or (),
        site=site,
    )


def validate(source: Source, known_languages: tuple[str, ...]) -> tuple[Policy | None, list[Problem]]:
    """Check everything; return the policy (None if any error) and every problem found.

    `known_languages` are those the generator can word (labels.yaml has them)."""
    checker = Reporter(source)
    checker.problems.extend(source.problems)  # what reading found without stopping (refused characters)
    root = source.root
    if not isinstance(root, Mapping):
        checker.report(root, "", "policy.yaml must be a mapping of keys (languages:, version:, title: ...)",
                       "start from the example in the README")
        return None, checker.problems

    languages_field = _languages_field(known_languages)
    languages = INVALID
    if "languages" in root.entries:
        languages = languages_field.parse(root.entries["languages"][1], "languages", Reporter(source))
    # Texts are checked against the declared languages; if those are broken, against every
    # language we have labels for, so text problems are still found in the same run.
    checker.languages = tuple(languages) if languages is not INVALID else known_languages
    if languages is not INVALID:
        _check_unique(checker, root, [(code, f"languages[{i}]") for i, code in enumerate(languages)], "language",
                      "list each language once")
        checker.settled_languages = frozenset(settle_languages(root, tuple(languages), known_languages, checker))

    policy = policy_spec(known_languages).parse(root, "", checker)
    if policy is not INVALID:
        _cross_check(policy, checker)
    return (None if checker.failed or policy is INVALID else policy), checker.problems


def _check_unique(checker: Reporter, root, items: Iterable[tuple[str, str]], what: str,
                  hint: str = "") -> None:
    seen: dict[str, str] = {}
    for value, path in items:
        if value in seen:
            first = node_at(root, seen[value])
            first_line = first.line if first else "?"
            checker.report(node_at(root, path), path,
                           f"the {what} '{value}' is used twice (first at {seen[value]}, line {first_line})",
                           hint or f"give each {what} its own id; ids become page anchors and must be unique")
        else:
            seen[value] = path


def _cross_check(policy: Policy, checker: Reporter) -> None:
    root = checker.source.root
    collections = {
        "data category id": ("data_categories.items", policy.data_categories),
        "purpose id": ("purposes.items", policy.purposes),
        "retention rule id": ("retention.rules", policy.retention_rules),
        "sharing statement id": ("sharing.statements", policy.sharing_statements),
        "disclosure id": ("sharing.disclosures", policy.disclosures),
        "transfer id": ("transfers.items", policy.transfers),
        "source id": ("sources.items", policy.sources),
    }
    for what, (path, items) in collections.items():
        _check_unique(checker, root, [(item.id, f"{path}[{i}].id") for i, item in enumerate(items)], what)
    _check_unique(checker, root, [(r.right, f"rights.items[{i}].right") for i, r in enumerate(policy.rights)],
                  "right", "list each right once")
    _check_unique(checker, root, [(n.item, f"gdpr_not_applicable[{i}].item")
                                  for i, n in enumerate(policy.not_applicable)], "GDPR item", "declare each item once")

    dpo = policy.data_protection_officer
    if dpo and not (dpo.email or dpo.phone):
        checker.report(node_at(root, "data_protection_officer"), "data_protection_officer",
                       "the data protection officer has no contact details",
                       "add 'email:' or 'phone:' (or both) so readers can reach the DPO")

    _check_history(policy, checker)
    if policy.complaint and policy.complaint.website:
        check_link_text(checker, "complaint.authority", policy.complaint.authority, policy.complaint.website)

    known = [c.id for c in policy.data_categories]
    used = {ref for purpose in policy.purposes for ref in purpose.data_categories}
    for i, category in enumerate(policy.data_categories):
        if category.id not in used:
            where = f"data_categories.items[{i}].id"
            checker.report(node_at(root, where), where, f"the data category '{category.id}' is not used by any purpose",
                           "add it to the data_categories of the purposes that use it, or remove it: "
                           "a policy lists only data it uses for a stated purpose")
    referrers = [("purposes.items", policy.purposes), ("retention.rules", policy.retention_rules),
                 ("sources.items", policy.sources)]
    for path, items in referrers:
        for i, item in enumerate(items):
            for j, ref in enumerate(item.data_categories):
                if ref not in known:
                    where = f"{path}[{i}].data_categories[{j}]"
                    checker.report(node_at(root, where), where, f"'{ref}' is not a data category id",
                                   f"use one of: {', '.join(known)}{suggest(ref, known)}; "
                                   "or add the category under data_categories.items")

    # A clause that cites a legal basis in its text must list it in legal_bases: the structured
    # list is what the summary, the overview and the exports rely on.
    clauses = [("sharing.disclosures", i, d, d.text) for i, d in enumerate(policy.disclosures)]
    clauses += [("purposes.items", i, p, p.description) for i, p in enumerate(policy.purposes)]
    for path, i, clause, text in clauses:
        cited = {m.group(1) for code in policy.languages for m in REFERENCE.finditer(text[code])}
        for ref in sorted(cited - set(clause.legal_bases)):
            where = f"{path}[{i}]." + ("text" if path.startswith("sharing") else "description")
            checker.report(node_at(root, where), where,
                           f"the text cites {{{ref}}} but legal_bases does not list it",
                           f"add {ref} to {path}[{i}].legal_bases, or remove the reference")


def _check_history(policy: Policy, checker: Reporter) -> None:
    """The change history must start with the version being published, newest first."""
    root = checker.source.root
    _check_unique(checker, root, [(e.version, f"history[{i}].version") for i, e in enumerate(policy.history)],
                  "history version", "each published version has one entry; give the new one a new version number")
    latest = policy.history[0]
    if latest.version != policy.version:
        checker.report(node_at(root, "history[0].version"), "history[0].version",
                       f"the newest history entry is version {latest.version}, but the policy is version "
                       f"{policy.version}",
                       "add an entry for the new version at the top of history, with its date and a summary")
    elif latest.date != policy.effective_date:
        checker.report(node_at(root, "history[0].date"), "history[0].date",
                       f"the newest history entry is dated {latest.date}, but effective_date is "
                       f"{policy.effective_date}",
                       "use the same date in both places")
    for i, (newer, older) in enumerate(zip(policy.history, policy.history[1:], strict=False)):
        if older.date > newer.date:
            where = f"history[{i + 1}].date"
            checker.report(node_at(root, where), where,
                           f"history is not newest first: {older.date} comes after {newer.date}",
                           "list the versions with the newest at the top")
