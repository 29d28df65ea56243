"""The typed policy model: what the validator produces and the renderer consumes.

Everything here is already checked; renderers never re-validate. Texts are
prose per language; everything a page or a test reasons about (ids, legal
bases, durations, dates, addresses, phone numbers, e-mails) is structured.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """One piece of prose in every language of the policy (language code -> text)."""

    by_language: tuple[tuple[str, str], ...]

    def __getitem__(self, language: str) -> str:
        for code, text in self.by_language:
            if code == language:
                return text
        raise KeyError(language)


@dataclass(frozen=True)
class Section:
    """A section's heading and optional lead-in sentence, as the company words them."""

    heading: Text
    lead: Text | None = None


@dataclass(frozen=True)
class PhoneNumber:
    display: str  # as the editor typed it, e.g. "+47 6790 4848"
    e164: str  # for tel: links, e.g. "+4767904848"


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    country: str  # ISO 3166-1 alpha-2, e.g. "NO"


@dataclass(frozen=True)
class Controller:
    name: str
    address: Address
    phone: PhoneNumber
    email: str


@dataclass(frozen=True)
class DataCategory:
    id: str
    name: Text


@dataclass(frozen=True)
class Purpose:
    id: str
    title: Text
    description: Text
    data_categories: tuple[str, ...]
    legal_bases: tuple[str, ...]
    legitimate_interest: Text | None = None  # art. 13 (1) d, for art6-1-f
    consent_withdrawal: Text | None = None  # art. 13 (2) c, for art6-1-a


@dataclass(frozen=True)
class Duration:
    count: int
    unit: str  # "day", "week", "month" or "year"


@dataclass(frozen=True)
class RetentionRule:
    id: str
    subject: Text
    period: Duration | None  # None: not stored at all
    data_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    id: str
    text: Text


@dataclass(frozen=True)
class Disclosure:
    id: str
    recipient: Text
    legal_bases: tuple[str, ...]
    text: Text


@dataclass(frozen=True)
class HistoryEntry:
    version: str
    date: datetime.date
    summary: Text


@dataclass(frozen=True)
class Right:
    right: str  # a key of legal.RIGHTS, e.g. "access"
    text: Text | None = None


@dataclass(frozen=True)
class Transfer:
    id: str
    recipient: Text
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2
    safeguard: str  # a key of legal.SAFEGUARDS
    text: Text | None = None


@dataclass(frozen=True)
class DataSource:
    """Where data not obtained from the person comes from (art. 14)."""

    id: str
    source: Text
    data_categories: tuple[str, ...]


@dataclass(frozen=True)
class DataProtectionOfficer:
    section: Section
    name: str | None
    email: str | None
    phone: PhoneNumber | None


@dataclass(frozen=True)
class Complaint:
    section: Section
    text: Text
    authority: str
    website: str | None


@dataclass(frozen=True)
class NotApplicable:
    """An art. 13/14 item the legal team declares not applicable, with their reason (not rendered)."""

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
class Policy:
    languages: tuple[str, ...]  # the first one is the site's default language
    version: str
    effective_date: datetime.date
    title: Text
    introduction: tuple[Text, ...]
    controller: Controller
    data_categories_section: Section
    data_categories: tuple[DataCategory, ...]
    purposes_section: Section
    purposes: tuple[Purpose, ...]
    legal_basis_section: Section
    legal_basis_paragraphs: tuple[Text, ...]
    automated_decisions_section: Section
    automated_decisions: Text
    retention_section: Section
    retention_rules: tuple[RetentionRule, ...]
    sharing_section: Section
    sharing_statements: tuple[Statement, ...]
    disclosures: tuple[Disclosure, ...]
    contact_section: Section
    history: tuple[HistoryEntry, ...]
    # Optional sections the GDPR checklist asks for; None / () when the policy has none.
    rights_section: Section | None = None
    rights: tuple[Right, ...] = ()
    data_protection_officer: DataProtectionOfficer | None = None
    transfers_section: Section | None = None
    transfers: tuple[Transfer, ...] = ()
    sources_section: Section | None = None
    sources: tuple[DataSource, ...] = ()
    complaint: Complaint | None = None
    requirement_section: Section | None = None
    requirement: Text | None = None
    not_applicable: tuple[NotApplicable, ...] = ()
    site: Site | None = None  # None: named after the controller, address from the environment
    # Lookups by data category, built once: a page asks them for every category, and a
    # scan per question would make rendering quadratic in the size of the policy.
    category_index: dict[str, DataCategory] = field(default_factory=dict, compare=False, repr=False)
    _purposes_by_category: dict[str, list[Purpose]] = field(default_factory=dict, compare=False, repr=False)
    _rules_by_category: dict[str, list[RetentionRule]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.category_index.update({c.id: c for c in self.data_categories})
        for purpose in self.purposes:
            for category_id in purpose.data_categories:
                self._purposes_by_category.setdefault(category_id, []).append(purpose)
        for rule in self.retention_rules:
            for category_id in rule.data_categories:
                self._rules_by_category.setdefault(category_id, []).append(rule)

    @property
    def identity(self) -> Site:
        """The site as stated, or named after the controller."""
        return self.site or Site(Text(tuple((code, self.controller.name) for code in self.languages)))

    def category(self, category_id: str) -> DataCategory:
        return self.category_index[category_id]

    def purposes_using(self, category_id: str) -> list[Purpose]:
        return self._purposes_by_category.get(category_id, [])

    def retention_of(self, category_id: str) -> list[RetentionRule]:
        return self._rules_by_category.get(category_id, [])
