"""What the first layers of the page show, as plain data: the change notice, "In short" and the
overview. Pure functions of the policy (and the build date); the templates word them per language.

Both layers must stay short however large the policy grows: "In short" lists things one by one
only while there are few of them (LIST_AT_MOST), and otherwise counts them in groups, each group
linking to where the detail is. The overview shows each purpose once, with its data, its legal
bases and the retention rules that apply to it (naming the data when a rule covers only some).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ..model.law import LEGAL_BASES, Kind
from ..model.policy import DataCategory, HistoryEntry, LegalGround, Policy, Purpose, Recipient, RetentionRule

LIST_AT_MOST = 6  # more than this, and "In short" counts instead of listing


def change_notice(policy: Policy, today: datetime.date) -> HistoryEntry | None:
    """The version to announce as new: the newest history entry, from before its date until
    `site.change_notice_days` after it (WP29 transparency guidelines ¶29–30: material changes
    are brought to the readers' attention). None when there is nothing to announce."""
    if not policy.history:
        return None
    days = policy.identity.change_notice_days
    newest = policy.history[0]
    return newest if days > 0 and today < newest.date + datetime.timedelta(days=days) else None


@dataclass(frozen=True)
class Group:
    """Some of the things of one kind, counted: `key` names the group (a legal basis id, a role, "all")."""

    key: str
    count: int
    anchor: str  # where the detail is


@dataclass(frozen=True)
class Listing:
    """Either the things themselves (few of them) or their groups (many)."""

    items: tuple
    groups: tuple[Group, ...]
    total: int


def listing(items: tuple, groups: Callable[[], list[Group]]) -> Listing:
    """`groups` is called only when there are too many items to list."""
    if len(items) <= LIST_AT_MOST:
        return Listing(items, (), len(items))
    return Listing((), tuple(groups()), len(items))


def _counted(keys: list[str], anchor: str) -> list[Group]:
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return [Group(key, count, anchor) for key, count in counts.items()]


def _lawfulness(purpose: Purpose) -> list[str]:
    """The art. 6 bases of a purpose, each once: what groups the purposes in "In short"."""
    return [b for b in purpose.basis_ids if b in LEGAL_BASES and LEGAL_BASES[b].kind is Kind.LAWFULNESS]


@dataclass(frozen=True)
class Summary:
    categories: Listing  # of DataCategory
    purposes: Listing  # of Purpose
    bases: tuple[str, ...]  # every legal basis the policy relies on, in order of first use
    recipients: Listing  # of Recipient; grouped by role when there are many
    third_countries: tuple[str, ...]  # where data goes outside the EEA
    retention: Listing  # of RetentionRule


def summary(policy: Policy) -> Summary:
    categories, purposes = policy.data_categories.items, policy.purposes.items
    recipients, rules = policy.recipient_list, policy.retention_rules
    return Summary(
        categories=listing(categories, lambda: [Group("all", len(categories), "data-categories")]),
        purposes=listing(purposes, lambda: _counted([b for p in purposes for b in _lawfulness(p)], "overview")),
        bases=tuple(dict.fromkeys(b for clause in (*purposes, *recipients) for b in clause.basis_ids)),
        recipients=listing(recipients, lambda: _counted([r.role for r in recipients], "recipients")),
        third_countries=tuple(dict.fromkeys(c for r in policy.transfer_list for c in r.third_countries)),
        retention=listing(rules, lambda: [Group("all", len(rules), "retention")]),
    )


@dataclass(frozen=True)
class Retention:
    rule: RetentionRule
    covers: tuple[DataCategory, ...]  # the purpose's data this rule covers; () when it covers all of it


@dataclass(frozen=True)
class OverviewRow:
    purpose: Purpose
    categories: tuple[DataCategory, ...]
    grounds: tuple[LegalGround, ...]
    retention: tuple[Retention, ...]
    not_covered: tuple[DataCategory, ...]  # the purpose's data no retention rule covers
    recipients: tuple[Recipient, ...]  # who receives data for this purpose


def _rules_for(purpose: Purpose, own: tuple[DataCategory, ...], by_purpose: dict[str, list[RetentionRule]],
               by_category: dict[str, list[RetentionRule]]) -> list[tuple[RetentionRule, list[DataCategory]]]:
    """The rules that apply to a purpose's data: a rule for the purpose covers all of it (or, with
    data_categories, those); a rule for data categories only covers those the purpose uses. (A rule
    for another purpose does not apply here, even where that purpose uses the same data.)"""
    found: dict[str, tuple[RetentionRule, list[DataCategory]]] = {}
    for rule in by_purpose.get(purpose.id, ()):
        found[rule.id] = (rule, [c for c in own if not rule.data_categories or c.id in rule.data_categories])
    for category in own:
        for rule in by_category.get(category.id, ()):
            found.setdefault(rule.id, (rule, []))[1].append(category)
    return list(found.values())


def overview(policy: Policy) -> tuple[OverviewRow, ...]:
    # indexes, built once: a scan of every rule or recipient per purpose would be quadratic in the policy's size
    by_purpose: dict[str, list[Recipient]] = {}
    for recipient in policy.recipient_list:
        for purpose_id in recipient.purposes:
            by_purpose.setdefault(purpose_id, []).append(recipient)
    rules_by_purpose: dict[str, list[RetentionRule]] = {}
    rules_by_category: dict[str, list[RetentionRule]] = {}
    for rule in policy.retention_rules:
        for purpose_id in rule.purposes:
            rules_by_purpose.setdefault(purpose_id, []).append(rule)
        if not rule.purposes:
            for category_id in rule.data_categories:
                rules_by_category.setdefault(category_id, []).append(rule)
    position = {rule.id: i for i, rule in enumerate(policy.retention_rules)}
    rows = []
    for purpose in policy.purposes.items:
        own = tuple(policy.category(c) for c in purpose.data_categories)
        rules = sorted(_rules_for(purpose, own, rules_by_purpose, rules_by_category),
                       key=lambda pair: position[pair[0].id])  # in the order of the retention section
        covered = {c.id for _, categories in rules for c in categories}
        retention = tuple(Retention(rule, () if len(categories) == len(own) else tuple(categories))
                          for rule, categories in rules)
        rows.append(OverviewRow(purpose, own, purpose.legal_bases, retention,
                                tuple(c for c in own if c.id not in covered), tuple(by_purpose.get(purpose.id, ()))))
    return tuple(rows)
