"""policy.yaml's structure: every key, its field type and what it builds in the model.

`validate.py` parses a file with `policy_spec` and then checks what needs the whole file
(references, uniqueness, legal conditions); `schema.py` turns the same spec into the JSON
Schema editors use, so the two never describe different files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..reporter import Reporter
from ..source.nodes import Mapping
from .clause_fields import NOT_STORED, TEXT, Boolean, ProseField, RetentionPeriod, Until, legal_grounds
from .fields import (
    Color,
    Country,
    Email,
    Id,
    IsoDate,
    Key,
    ListOf,
    Name,
    OneOf,
    Phone,
    Record,
    RepoFile,
    String,
    Url,
    Version,
    WholeNumber,
)
from .law import GDPR_ITEM_GROUPS, GDPR_ITEMS, PROCESSOR, RIGHTS, ROLES, SAFEGUARDS, SENSITIVE, outside_eea
from .policy import (
    Address,
    Clauses,
    Complaint,
    Contact,
    Controller,
    DataCategory,
    DataSource,
    DataSubjectGroup,
    FreeSection,
    HistoryEntry,
    JointController,
    JointControllers,
    Law,
    NotApplicable,
    Party,
    Policy,
    Purpose,
    Recipient,
    Retention,
    RetentionEvent,
    RetentionRule,
    Right,
    Section,
    Site,
    Statement,
    TextSection,
)

PROSE = ProseField()
CONTACT_KEYS = ("email", "phone", "address", "web_form")


def ids(example: str, required: bool = False, description: str = "", why: str = "", min_items: int = 0) -> Key:
    """A list of ids of clauses of one kind; whether they exist is checked across the file."""
    return Key(ListOf(Id(example.strip("[]").split(",")[0]), min_items=min_items, example=example, unique=True),
               required=required, description=description, why=why)


def _section_keys() -> dict[str, Key]:
    return {"heading": Key(TEXT, required=False, description="your own heading for the section (optional: "
                                                              "the generator has one in every language)"),
            "lead": Key(PROSE, required=False, description="an optional lead-in")}


def _section(values: dict[str, Any]) -> Section:
    return Section(values.pop("heading"), values.pop("lead"))


def clauses(items: Record, example: str, key: str = "items", why: str = "", **extra: Key) -> Record:
    """A section with a list of clauses: `heading`, `lead`, and the clauses under `key`."""
    keys = {**_section_keys(), key: Key(ListOf(items, example=example), why=why), **extra}
    return Record(keys, lambda **v: Clauses(_section(v), v[key]))


def text_section(moved: dict[str, str] | None = None) -> Record:
    return Record({**_section_keys(), "text": Key(PROSE)}, lambda **v: TextSection(_section(v), v["text"]),
                  moved=moved)


ADDRESS = Record({
    "street": Key(String("Kjeller Vest 1"), required=False),
    "postcode": Key(String('"2007"', r"[0-9A-Za-z][0-9A-Za-z -]{1,9}", "a postcode"), required=False),
    "city": Key(String("Kjeller"), why="an address needs at least the city"),
    "country": Key(Country(), required=False, description="ISO code; default: the controller's country"),
}, lambda **v: Address(**v), example="\n  street: Kjeller Vest 1\n  postcode: \"2007\"\n  city: Kjeller")


def _contact_keys() -> dict[str, Key]:
    return {
        "email": Key(Email(), required=False),
        "phone": Key(Phone(), required=False, description="with +country code, or as dialled in the controller's "
                                                          "country"),
        "address": Key(ADDRESS, required=False, description="a postal address"),
        "web_form": Key(Url(), required=False, description="a contact form's https address"),
    }


def _contact(values: dict[str, Any]) -> Contact:
    return Contact(*(values.pop(key) for key in CONTACT_KEYS))


def reachable(who: str) -> Callable[[dict[str, Any], Mapping, str, Reporter], bool]:
    """A party readers must be able to contact needs at least one way to reach it, not every one."""
    def check(values: dict[str, Any], node: Mapping, path: str, reporter: Reporter) -> bool:
        if any(values.get(key) for key in CONTACT_KEYS):
            return True
        reporter.report(node, path, f"{who} has no contact details: readers must be able to reach {who}",
                        "add at least one of: email:, phone:, address: (with city:) or web_form:")
        return False
    return check


_MOVED_TO_ADDRESS = "it now goes under 'address:', e.g.\n      address:\n        street: ...\n        " \
                    "postcode: \"...\"\n        city: ..."
CONTROLLER = Record({
    "name": Key(Name("SensorNordic AS"), why="readers must know who is responsible (GDPR art. 13 (1) a)"),
    "organisation_number": Key(String('"999 888 777"'), required=False, description="e.g. the organisation "
                                                                                      "number, shown as typed"),
    "country": Key(Country(), required=False, description="where you are established (ISO code); phone numbers "
                                                          "without +country code are read as this country's"),
    **_contact_keys(),
}, lambda **v: Controller(v.pop("name"), _contact(v), **v), check=reachable("the controller"),
    moved={key: _MOVED_TO_ADDRESS for key in ("street", "postcode", "city")})


def _party(who: str, name_required: bool) -> Record:
    return Record({
        **_section_keys(),
        "name": Key(Name("Kari Nordmann"), required=name_required),
        **_contact_keys(),
    }, lambda **v: Party(_section(v), v.pop("name"), _contact(v)), check=reachable(who))


JOINT_CONTROLLER = Record({
    "id": Key(Id("sister-organisation")),
    "name": Key(Name("Søsterforeningen")),
    **_contact_keys(),
    "responsibility": Key(PROSE, description="its part of the responsibility (GDPR art. 26 (1))",
                          why="readers must know which controller is responsible for what (GDPR art. 26 (2))"),
    "purposes": ids("[membership]", description="the purposes you decide together"),
}, lambda **v: JointController(v.pop("id"), v.pop("name"), _contact(v), v.pop("responsibility"),
                               v.pop("purposes") or ()))
JOINT_CONTROLLERS = Record({
    **_section_keys(),
    "items": Key(ListOf(JOINT_CONTROLLER, example="\n    - id: ...")),
    "contact_point": Key(Id("controller"), description="who answers rights requests: controller (you), any (each "
                                                       "of you), or a joint controller's id",
                         why="readers must know whom to ask (GDPR art. 26 (1))"),
}, lambda **v: JointControllers(_section(v), v["items"], v["contact_point"]))

DATA_SUBJECT = Record({
    "id": Key(Id("members")),
    "name": Key(TEXT, description="the group, e.g. members"),
    "description": Key(PROSE, required=False),
    "minimum_age": Key(WholeNumber("13", 0, 120, "years"), required=False, description="the age a member of the "
                                                                                         "group must have reached"),
}, lambda **v: DataSubjectGroup(**v))

CATEGORY = Record({
    "id": Key(Id("email")),
    "name": Key(TEXT),
    "description": Key(PROSE, required=False),
    "sensitive": Key(OneOf(lambda: list(SENSITIVE), "kind of sensitive data", "art9"), required=False,
                     description="art9: special category (health, religion, ...); art10: criminal convictions "
                                 "and offences"),
    "data_subjects": ids("[members]", description="whose data it is (ids from data_subjects)"),
}, lambda data_subjects, **v: DataCategory(data_subjects=data_subjects or (), **v))

LAW = Record({
    "id": Key(Id("bookkeeping-act-13")),
    "name": Key(Name("bokføringsloven"), description="the act's name, e.g. {no: bokføringsloven, en: the "
                                                     "Bookkeeping Act}"),
    "section": Key(Name('"§ 13"'), required=False, description='e.g. "§ 13"'),
    "url": Key(Url(), required=False, description="where readers can read it, e.g. on lovdata.no"),
}, lambda **v: Law(**v))

PURPOSE = Record({
    "id": Key(Id("alarm-contacts")),
    "title": Key(TEXT, description="a short name for the purpose"),
    "description": Key(PROSE, description="what you do with the data and why"),
    "data_categories": ids("[name, email]", required=True, min_items=1, description="ids from data_categories",
                           why="readers must know which data each purpose uses"),
    "data_subjects": ids("[members]", description="whose data (ids from data_subjects)"),
    "legal_bases": Key(legal_grounds(), description="e.g. [art6-1-b]; art9-2-x / art10 conditions and laws: ids "
                                                    "too; {basis: ..., data_subjects: [...]} for some groups only",
                       why="every purpose needs a legal basis (GDPR art. 6 and 13 (1) c)"),
    "legitimate_interest": Key(PROSE, required=False,
                               description="with art6-1-f: the legitimate interest pursued (GDPR art. 13 (1) d)"),
    "consent_withdrawal": Key(PROSE, required=False,
                              description="with art6-1-a: how the reader withdraws consent (GDPR art. 13 (2) c)"),
}, lambda data_subjects, **v: Purpose(data_subjects=data_subjects or (), **v))


_HOW_LONG = ("period", "until", "criteria")


def _retention_makes_sense(values: dict[str, Any], node: Mapping, path: str, reporter: Reporter) -> bool:
    """One way of saying how long, and only the additions that go with it."""
    def refuse(key: str, message: str, hint: str) -> bool:
        reporter.report(node.entries[key][0] if key in node.entries else node, f"{path}.{key}", message, hint)
        return False

    period = values["period"]
    if values["after"] is not None and period is None:
        return refuse("after", "'after:' needs a 'period:' to count from the event",
                      "add e.g. 'period: 3 years', or write 'until:' if the data goes when the event happens")
    if not any(values[key] is not None for key in _HOW_LONG):
        return refuse("period", "the rule does not say how long the data is kept",
                      "add 'period:' (e.g. 3 years, or not stored), 'until:' (an event or a date) or "
                      "'criteria:' (how the period is decided)")
    if period is not None and values["until"] is not None:
        return refuse("until", "the rule has both 'period:' and 'until:'",
                      "keep one: 'period: 3 years' with 'after: <event>' counts from an event")
    if period is not None and period.not_stored:
        for key in ("after", "law", "then", "criteria"):
            if values[key] is not None:
                return refuse(key, f"'{key}:' makes no sense for data that is {NOT_STORED}",
                              f"remove '{key}:', or give a period")
    return True


RETENTION_RULE = Record({
    "id": Key(Id("support-email")),
    "subject": Key(TEXT, description="what is kept, e.g. support cases sent by e-mail"),
    "singular": Key(Boolean(), required=False, description="true when the subject is one thing (English: "
                                                           "'is stored' instead of 'are stored')"),
    "data_categories": ids("[name, email]", description="the data the rule covers (ids from data_categories)"),
    "purposes": ids("[service-delivery]", description="a rule for the data of these purposes (with "
                                                      "data_categories: those data as used for these purposes)"),
    "period": Key(RetentionPeriod(), required=False, description="e.g. 3 years, at least 5 years, or not stored"),
    "after": Key(Id("contract-ends"), required=False, description="with period: counted from this event"),
    "until": Key(Until(), required=False, description="kept until an event (its id) or a date (YYYY-MM-DD)"),
    "criteria": Key(PROSE, required=False, description="the criteria that decide the period (GDPR art. 13 (2) a)"),
    "law": Key(Id("bookkeeping-act-13"), required=False, description="the law (an id from laws:) that "
                                                                     "requires the period"),
    "then": Key(OneOf(lambda: ["deleted", "anonymised"], "end of a period", "anonymised"), required=False,
                description="anonymised: the data is anonymised instead of deleted (default: deleted)"),
}, lambda **v: _retention_rule(v), check=_retention_makes_sense)


def _retention_rule(v: dict[str, Any]) -> RetentionRule:
    until = v["until"]
    retention = Retention(
        duration=v["period"].duration if v["period"] else None,
        minimum=bool(v["period"] and v["period"].minimum),
        not_stored=bool(v["period"] and v["period"].not_stored),
        after=v["after"],
        until_event=until if isinstance(until, str) else None,
        until_date=None if until is None or isinstance(until, str) else until,
        criteria=v["criteria"], law=v["law"], anonymised=v["then"] == "anonymised")
    return RetentionRule(v["id"], v["subject"], retention, bool(v["singular"]), v["data_categories"] or (),
                         v["purposes"] or ())


RETENTION_EVENT = Record({
    "id": Key(Id("event-over")),
    "text": Key(TEXT, description="the event as a clause: {no: arrangementet er over, en: the event is over}"),
}, lambda **v: RetentionEvent(**v))

STATEMENT = Record({"id": Key(Id("never-sold")), "text": Key(PROSE)}, lambda **v: Statement(**v))


def _recipient_makes_sense(values: dict[str, Any], node: Mapping, path: str, reporter: Reporter) -> bool:
    where = node.entries.get
    if values["role"] == PROCESSOR and values["legal_bases"]:
        reporter.report(where("legal_bases", (node,))[0], f"{path}.legal_bases",
                        "a processor needs no legal basis of its own: it processes the data on your behalf, "
                        "under the purposes' bases",
                        "remove 'legal_bases:', or give the recipient its real role (controller, joint-controller "
                        "or public-authority)")
        return False
    if values["role"] != PROCESSOR and not values["legal_bases"]:
        reporter.report(where("role", (node,))[0], f"{path}.legal_bases",
                        f"a recipient that is a {values['role']} receives the data by disclosure, which needs a "
                        "legal basis", "add 'legal_bases:', e.g. [art6-1-c] for a disclosure the law requires")
        return False
    outside = outside_eea(values["countries"])
    if outside and values["safeguard"] is None:
        reporter.report(where("countries", (node,))[0], f"{path}.safeguard",
                        f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} outside the EEA, so this is "
                        "a transfer that needs a safeguard (GDPR art. 44-49)",
                        "add 'safeguard:' (" + ", ".join(SAFEGUARDS) + ")")
        return False
    if not outside and values["safeguard"] is not None:
        reporter.report(where("safeguard", (node,))[0], f"{path}.safeguard",
                        f"{', '.join(values['countries'])} {'is' if len(values['countries']) == 1 else 'are'} in "
                        "the EEA: this is not a transfer, and a safeguard would tell readers it is",
                        "remove 'safeguard:' (and 'safeguard_text:'), or correct the countries")
        return False
    return True


RECIPIENT = Record({
    "id": Key(Id("cloud-hosting")),
    "name": Key(Name("Example Cloud AS"), description="the recipient's name, or a category of recipients"),
    "role": Key(OneOf(lambda: list(ROLES), "recipient role", PROCESSOR), description=", ".join(ROLES)),
    "countries": Key(ListOf(Country(), example="[NO]", unique=True),
                     description="where it processes the data (ISO codes); outside the EEA is a transfer",
                     why="readers must know whether their data leaves the EEA (GDPR art. 13 (1) f)"),
    "description": Key(PROSE, required=False, description="what it receives and why"),
    "data_categories": ids("[name, email]", description="the data it receives"),
    "purposes": ids("[service-delivery]", description="the purposes it serves"),
    "legal_bases": Key(legal_grounds("[art6-1-c]"), required=False,
                       description="the basis of the disclosure; none for a processor"),
    "safeguard": Key(OneOf(lambda: list(SAFEGUARDS), "transfer safeguard", "standard-contractual-clauses"),
                     required=False, description="for a country outside the EEA: " + ", ".join(SAFEGUARDS)),
    "safeguard_text": Key(PROSE, required=False, description="more about the safeguard, e.g. how to get a copy"),
}, lambda **v: Recipient(
    v["id"], v["name"], v["role"], v["countries"], v["description"], v["data_categories"] or (),
    v["purposes"] or (), v["legal_bases"] or (), v["safeguard"], v["safeguard_text"]), check=_recipient_makes_sense)

SOURCE = Record({
    "id": Key(Id("credit-agency")),
    "source": Key(TEXT, description="where the data comes from, e.g. a credit agency or the customer"),
    "data_categories": ids("[name, company-details]", required=True, min_items=1),
}, lambda **v: DataSource(**v))
RIGHT = Record({
    "right": Key(OneOf(lambda: list(RIGHTS), "right of the data subject", "access"),
                 description=", ".join(RIGHTS)),
    "text": Key(PROSE, required=False, description="what the right means here and how to use it"),
}, lambda **v: Right(**v))
COMPLAINT = Record({
    **_section_keys(),
    "text": Key(PROSE, description="that the reader may complain to the supervisory authority"),
    "authority": Key(Name("Datatilsynet"), description="the supervisory authority, in Norway Datatilsynet"),
    "website": Key(Url(), required=False),
}, lambda **v: Complaint(_section(v), v["text"], v["authority"], v["website"]))
FREE_SECTION = Record({
    "id": Key(Id("cookies")),
    "heading": Key(TEXT, why="a section of your own needs its heading in every language"),
    "lead": Key(PROSE, required=False),
    "text": Key(PROSE),
    "after": Key(Id("sharing"), required=False, description="the section it follows: a section's anchor (e.g. "
                                                            "sharing, retention) or another section's id; "
                                                            "default: before contact"),
}, lambda **v: FreeSection(v["id"], Section(v["heading"], v["lead"]), v["text"], v["after"] or ""))
HISTORY_ENTRY = Record({
    "version": Key(Version()),
    "date": Key(IsoDate(), description="the date this version took effect"),
    "summary": Key(PROSE, description="what changed for readers"),
}, lambda **v: HistoryEntry(**v))
NOT_APPLICABLE = Record({
    "item": Key(OneOf(lambda: [*GDPR_ITEMS, *GDPR_ITEM_GROUPS], "GDPR report item", "13-1-b"),
                description="; ".join(f"{k}: {v}" for k, v in GDPR_ITEMS.items())),
    "reason": Key(String("No DPO is required (GDPR art. 37)"), description="why; shown in the GDPR report only"),
}, lambda **v: NotApplicable(**v))
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


def languages_field(known: tuple[str, ...]) -> ListOf:
    return ListOf(OneOf(lambda: list(known), "language (labels.yaml has no labels for it)", "en"), example="[no, en]")


_OPTIONAL = {"required": False}


def policy_spec(known_languages: tuple[str, ...]) -> Record:
    """policy.yaml's structure, in page order: what `validate` parses and the editor schema describes."""
    return Record({
        "languages": Key(languages_field(known_languages), description="e.g. [no, en]; the first is the default"),
        "version": Key(Version(), description='e.g. "1.0"', why="readers and the change history refer to it"),
        "effective_date": Key(IsoDate(), description="e.g. 2026-11-23", why="readers must know from when it holds"),
        "site": Key(SITE, **_OPTIONAL, description="the published site: its name, public address, logo, colour"),
        "title": Key(TEXT, why="every page needs its title"),
        "introduction": Key(PROSE, **_OPTIONAL),
        "controller": Key(CONTROLLER, why="readers must know who is responsible (GDPR art. 13 (1) a)"),
        "representative": Key(_party("the representative", name_required=True), **_OPTIONAL,
                              description="your representative in the EU (GDPR art. 27)"),
        "data_protection_officer": Key(_party("the data protection officer", name_required=False), **_OPTIONAL,
                                       description="the DPO's contact details (GDPR art. 13 (1) b)"),
        "joint_controllers": Key(JOINT_CONTROLLERS, **_OPTIONAL, description="GDPR art. 26"),
        "data_subjects": Key(clauses(DATA_SUBJECT, "\n    - id: members\n      name: ..."), **_OPTIONAL,
                             description="whose data you process"),
        "data_categories": Key(clauses(CATEGORY, "\n    - id: email\n      name: ..."),
                               why="readers must know which data you process"),
        "laws": Key(ListOf(LAW, example="\n  - id: ...\n    name: ..."), **_OPTIONAL,
                    description="national acts and regulations you cite (legal bases, retention)"),
        "purposes": Key(clauses(PURPOSE, "\n    - id: ...", why="a policy says why you process data"),
                        why="readers must know why you process their data (GDPR art. 13 (1) c)"),
        "legal_basis": Key(text_section(moved={"paragraphs": "it is now called 'text:' (the same paragraphs)"}),
                           **_OPTIONAL, description="more about the legal bases, in your own words"),
        "automated_decisions": Key(text_section(), **_OPTIONAL, description="GDPR art. 13 (2) f"),
        "retention": Key(Record({**_section_keys(),
                                 "events": Key(ListOf(RETENTION_EVENT, example="\n    - id: ...\n      text: ..."),
                                               **_OPTIONAL, description="your own events, besides the built-in "
                                                                        "ones"),
                                 "rules": Key(ListOf(RETENTION_RULE, example="\n    - id: ..."))},
                                lambda **v: (Clauses(_section(v), v["rules"]), v["events"] or ())),
                         **_OPTIONAL, description="how long data is kept (GDPR art. 13 (2) a)"),
        "sharing": Key(Record({**_section_keys(), "statements": Key(ListOf(STATEMENT, example="\n    - id: ..."))},
                              lambda **v: Clauses(_section(v), v["statements"]),
                              moved={"disclosures": "who receives data is now said under 'recipients:' (with "
                                                    "their role and country); see the README"}),
                       **_OPTIONAL, description="what you say about sharing, in your own words"),
        "recipients": Key(clauses(RECIPIENT, "\n    - id: ..."), **_OPTIONAL,
                          description="who receives the data (GDPR art. 13 (1) e, f)"),
        "transfers": Key(Record(_section_keys(), lambda **v: _section(v),
                                moved={"items": "transfers now follow from 'recipients:': give each recipient "
                                                "its countries and, outside the EEA, its safeguard"}),
                         **_OPTIONAL, description="your own heading and lead for the transfers outside the EEA"),
        "sources": Key(clauses(SOURCE, "\n    - id: ..."), **_OPTIONAL,
                       description="data not obtained from the person (GDPR art. 14)"),
        "requirement_to_provide": Key(text_section(), **_OPTIONAL,
                                      description="whether providing the data is required by law or contract, "
                                                  "and what happens if not (GDPR art. 13 (2) e)"),
        "rights": Key(clauses(RIGHT, "\n    - right: access"), **_OPTIONAL,
                      description="the reader's rights (GDPR art. 13 (2) b)"),
        "complaint": Key(COMPLAINT, **_OPTIONAL, description="the right to complain (GDPR art. 13 (2) d)"),
        "contact": Key(Record(_section_keys(), lambda **v: _section(v)), **_OPTIONAL,
                       description="your own heading for the contact section"),
        "sections": Key(ListOf(FREE_SECTION, example="\n  - id: cookies\n    heading: ...\n    text: ..."),
                        **_OPTIONAL, description="sections of your own (cookies, security, ...)"),
        "history": Key(ListOf(HISTORY_ENTRY, example="\n  - version: \"1.0\"\n    date: 2026-11-23\n    summary: ..."),
                       **_OPTIONAL, description="every published version, newest first"),
        "gdpr_not_applicable": Key(ListOf(NOT_APPLICABLE, example="\n  - item: 13-1-b\n    reason: ..."),
                                   **_OPTIONAL, description="GDPR items that do not apply to you, with the reason"),
    }, _build_policy)


def _build_policy(**v: Any) -> Policy:
    retention = v.pop("retention")
    return Policy(
        **{key: value for key, value in v.items() if value is not None and key not in (
            "gdpr_not_applicable", "laws", "sections", "history", "contact")},
        laws=v["laws"] or (), sections=v["sections"] or (), history=v["history"] or (),
        contact=v["contact"] or Section(), not_applicable=v["gdpr_not_applicable"] or (),
        retention=retention[0] if retention else None, retention_events=retention[1] if retention else (),
    )
