"""The typed policy model: what the validator produces and the renderer, reviews and exports consume.

Everything here is already checked; later stages never re-validate. Texts are prose per
language, exactly as typed; everything a page or a test reasons about (ids, legal bases and
laws, durations and events, dates, countries, roles, addresses, phone numbers, e-mails) is
structured.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .law import outside_eea

T = TypeVar("T")


@dataclass(frozen=True)
class Text:
    """One piece of text in every language of the policy (language code -> text)."""

    by_language: tuple[tuple[str, str], ...]

    def __getitem__(self, language: str) -> str:
        for code, text in self.by_language:
            if code == language:
                return text
        raise KeyError(language)


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class BulletList:
    items: tuple[Text, ...]


Block = Paragraph | BulletList


@dataclass(frozen=True)
class Prose:
    """Longer text: paragraphs and bullet lists, the same blocks in every language."""

    blocks: tuple[Block, ...]

    def texts(self) -> Iterator[Text]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block.text
            else:
                yield from block.items

    @property
    def first(self) -> Text:
        return next(self.texts())


@dataclass(frozen=True)
class Section:
    """A section's heading and optional lead-in; None: the generator's default words (labels.yaml)."""

    heading: Text | None = None
    lead: Prose | None = None


@dataclass(frozen=True)
class PhoneNumber:
    display: str  # as typed with its country code ("+47 6790 4848"); typed without, in the international form
    e164: str  # for tel: links, e.g. "+4767904848"


@dataclass(frozen=True)
class Address:
    city: str
    street: str | None = None
    postcode: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, e.g. "NO"


@dataclass(frozen=True)
class Contact:
    """Ways to reach a party; at least one is given wherever a party must be reachable."""

    email: str | None = None
    phone: PhoneNumber | None = None
    address: Address | None = None
    web_form: str | None = None  # an https address

    def __bool__(self) -> bool:
        return any((self.email, self.phone, self.address, self.web_form))


@dataclass(frozen=True)
class Controller:
    name: Text
    contact: Contact
    organisation_number: str | None = None
    country: str | None = None  # where it is established; the default country of its phone numbers


@dataclass(frozen=True)
class Party:
    """Someone readers can turn to besides the controller: the DPO (name optional) or the EU
    representative (art. 27)."""

    section: Section
    name: Text | None
    contact: Contact


@dataclass(frozen=True)
class JointController:
    id: str
    name: Text
    contact: Contact
    responsibility: Prose  # its part of the responsibility (art. 26 (1))
    purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class JointControllers:
    section: Section
    items: tuple[JointController, ...]
    contact_point: str  # who answers rights requests: "controller", "any" or a joint controller's id


@dataclass(frozen=True)
class DataSubjectGroup:
    id: str
    name: Text
    description: Prose | None = None
    minimum_age: int | None = None


@dataclass(frozen=True)
class DataCategory:
    id: str
    name: Text
    description: Prose | None = None
    sensitive: str | None = None  # "art9" (special category) or "art10" (criminal offences)
    data_subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Law:
    """A national act or regulation the policy cites (a legal basis, or the reason for a period)."""

    id: str
    name: Text
    section: Text | None = None  # e.g. "§ 6"
    url: str | None = None


@dataclass(frozen=True)
class LegalGround:
    """One legal basis a purpose or disclosure rests on: an id of model.law.LEGAL_BASES or of a
    law under `laws:`; for some data subject groups only, or (empty) for everyone concerned."""

    basis: str
    data_subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Purpose:
    id: str
    title: Text
    description: Prose
    data_categories: tuple[str, ...]
    legal_bases: tuple[LegalGround, ...]
    data_subjects: tuple[str, ...] = ()
    legitimate_interest: Prose | None = None  # art. 13 (1) d, for art6-1-f
    consent_withdrawal: Prose | None = None  # art. 13 (2) c, for art6-1-a

    @property
    def basis_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ground.basis for ground in self.legal_bases))


@dataclass(frozen=True)
class Duration:
    count: int
    unit: str  # "day", "week", "month" or "year"


@dataclass(frozen=True)
class RetentionEvent:
    """An event a period runs until or from, worded as a clause ("the contract ends")."""

    id: str
    text: Text


@dataclass(frozen=True)
class Retention:
    """How long: what the reader is told, as structured data. Exactly one of: a period (`duration`,
    optionally `minimum`, optionally counted from `after` an event), `not_stored`, until an event or
    a date, or only the `criteria` that set the period (art. 13 (2) a). `criteria` may also explain
    any of the others; `law` is the act that requires the period; `anonymised` replaces deletion."""

    duration: Duration | None = None
    minimum: bool = False
    not_stored: bool = False
    after: str | None = None  # an event id
    until_event: str | None = None
    until_date: datetime.date | None = None
    criteria: Prose | None = None
    law: str | None = None
    anonymised: bool = False


@dataclass(frozen=True)
class RetentionRule:
    id: str
    subject: Text
    retention: Retention
    singular: bool = False  # the subject is one thing ("Your name is ..."), not several
    data_categories: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    id: str
    text: Prose


@dataclass(frozen=True)
class Recipient:
    id: str
    name: Text
    role: str  # a value of model.law.ROLES
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2
    description: Prose | None = None
    data_categories: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    legal_bases: tuple[LegalGround, ...] = ()  # the basis of the disclosure; none for processors
    safeguard: str | None = None  # a key of model.law.SAFEGUARDS, for a transfer
    safeguard_text: Prose | None = None

    @property
    def basis_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ground.basis for ground in self.legal_bases))

    @property
    def third_countries(self) -> tuple[str, ...]:
        """Its countries outside the EEA: where the data goes is a transfer (GDPR chapter V)."""
        return outside_eea(self.countries)


@dataclass(frozen=True)
class DataSource:
    """Where data not obtained from the person comes from (art. 14)."""

    id: str
    source: Text
    data_categories: tuple[str, ...]


@dataclass(frozen=True)
class HistoryEntry:
    version: str
    date: datetime.date
    summary: Prose


@dataclass(frozen=True)
class Right:
    right: str  # a key of model.law.RIGHTS, e.g. "access"
    text: Prose | None = None


@dataclass(frozen=True)
class Complaint:
    section: Section
    text: Prose
    authority: Text
    website: str | None


@dataclass(frozen=True)
class FreeSection:
    """A section the policy adds (cookies, security, ...), placed after a section it names."""

    id: str
    section: Section
    text: Prose
    after: str  # the anchor of the section it follows (built-in or free)


@dataclass(frozen=True)
class NotApplicable:
    """A GDPR report item the legal team declares not applicable, with their reason (not rendered)."""

    item: str
    reason: str


@dataclass(frozen=True)
class Site:
    """The published site's identity, so mkdocs.yml holds no customer data."""

    name: Text  # the header and every page's <title>
    url: str | None = None  # the public address (SITE_URL overrides it); None: not stated
    logo: str | None = None  # a file in the repository (relative POSIX path), SVG or PNG
    accent_color: str | None = None  # "#rrggbb", checked for contrast against white
    change_notice_days: int = 30  # how long the page announces a new version


@dataclass(frozen=True)
class Clauses(Generic[T]):
    """A section with a list of clauses: the section's own words and its items."""

    section: Section
    items: tuple[T, ...] = ()


@dataclass(frozen=True)
class TextSection:
    """A section that is one piece of prose (legal basis, automated decisions, requirement to provide)."""

    section: Section
    text: Prose


@dataclass(frozen=True)
class Policy:
    languages: tuple[str, ...]  # the first one is the site's default language
    version: str
    effective_date: datetime.date
    title: Text
    controller: Controller
    data_categories: Clauses[DataCategory]
    purposes: Clauses[Purpose]
    introduction: Prose | None = None
    site: Site | None = None  # None: named after the controller, address from the environment
    representative: Party | None = None
    data_protection_officer: Party | None = None
    joint_controllers: JointControllers | None = None
    data_subjects: Clauses[DataSubjectGroup] | None = None
    laws: tuple[Law, ...] = ()
    legal_basis: TextSection | None = None
    automated_decisions: TextSection | None = None
    retention: Clauses[RetentionRule] | None = None
    retention_events: tuple[RetentionEvent, ...] = ()  # the policy's own, besides model.law.EVENTS
    sharing: Clauses[Statement] | None = None
    recipients: Clauses[Recipient] | None = None
    transfers: Section | None = None  # the transfers themselves follow from the recipients outside the EEA
    sources: Clauses[DataSource] | None = None
    requirement_to_provide: TextSection | None = None
    rights: Clauses[Right] | None = None
    complaint: Complaint | None = None
    contact: Section = Section()
    sections: tuple[FreeSection, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    # Lookups, built once: a page asks them for every category, and a scan per question would
    # make rendering quadratic in the size of the policy.
    _index: dict[tuple[str, str], object] = field(default_factory=dict, compare=False, repr=False)
    _purposes_by_category: dict[str, list[Purpose]] = field(default_factory=dict, compare=False, repr=False)
    _rules_by_category: dict[str, list[RetentionRule]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for kind, items in (("category", self.data_categories.items), ("purpose", self.purposes.items),
                            ("subject", self.data_subjects.items if self.data_subjects else ()),
                            ("law", self.laws), ("event", self.retention_events),
                            ("recipient", self.recipients.items if self.recipients else ())):
            self._index.update({(kind, item.id): item for item in items})
        for purpose in self.purposes.items:
            for category_id in purpose.data_categories:
                self._purposes_by_category.setdefault(category_id, []).append(purpose)
        for rule in self.retention_rules:
            for category_id in self.categories_of_rule(rule):
                self._rules_by_category.setdefault(category_id, []).append(rule)

    @property
    def identity(self) -> Site:
        """The site as stated, or named after the controller."""
        return self.site or Site(self.controller.name)

    @property
    def retention_rules(self) -> tuple[RetentionRule, ...]:
        return self.retention.items if self.retention else ()

    @property
    def recipient_list(self) -> tuple[Recipient, ...]:
        return self.recipients.items if self.recipients else ()

    @property
    def transfer_list(self) -> tuple[Recipient, ...]:
        """Recipients in a country outside the EEA: each is a transfer (chapter V)."""
        return tuple(r for r in self.recipient_list if r.third_countries)

    def category(self, category_id: str) -> DataCategory:
        return self._index[("category", category_id)]  # type: ignore[return-value]

    def purpose(self, purpose_id: str) -> Purpose:
        return self._index[("purpose", purpose_id)]  # type: ignore[return-value]

    def data_subject(self, group_id: str) -> DataSubjectGroup:
        return self._index[("subject", group_id)]  # type: ignore[return-value]

    def law(self, law_id: str) -> Law | None:
        return self._index.get(("law", law_id))  # type: ignore[return-value]

    def event(self, event_id: str) -> RetentionEvent | None:
        """A policy's own retention event; None for a built-in one (worded by labels.yaml)."""
        return self._index.get(("event", event_id))  # type: ignore[return-value]

    def purposes_using(self, category_id: str) -> list[Purpose]:
        return self._purposes_by_category.get(category_id, [])

    def retention_of(self, category_id: str) -> list[RetentionRule]:
        return self._rules_by_category.get(category_id, [])

    def categories_of_rule(self, rule: RetentionRule) -> tuple[str, ...]:
        """The data a rule covers: its data categories; without them, all data of its purposes. With
        both, it covers those categories as used for those purposes (the validator checks they are)."""
        if rule.data_categories:
            return rule.data_categories
        return tuple(dict.fromkeys(c for purpose_id in rule.purposes for c in self.purpose(purpose_id).data_categories))
