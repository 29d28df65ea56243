"""What the first layers of the page show, as plain data: the change notice, "In short" and the
overview. Pure functions of the policy (and the build date); the templates word them per language.

Both layers must stay short however large the policy grows: "In short" lists things one by one
only while there are few of them (LIST_AT_MOST), and otherwise counts them in groups, each group
linking to where the detail is. The overview shows each purpose once, with its data, its legal
bases and the retention rules that cover its data (naming the data when a rule covers only some).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ..model.policy import DataCategory, HistoryEntry, Policy, Purpose, RetentionRule

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
    """Some of the things of one kind, counted: `key` names the group in labels.yaml."""

    key: str  # e.g. "all", or a legal basis id
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


def _purposes_by_basis(policy: Policy) -> list[Group]:
    counts: dict[str, int] = {}
    for purpose in policy.purposes:
        for basis in dict.fromkeys(purpose.legal_bases):
            counts[basis] = counts.get(basis, 0) + 1
    return [Group(basis, count, "overview") for basis, count in counts.items()]


@dataclass(frozen=True)
class Summary:
    categories: Listing  # of DataCategory
    purposes: Listing  # of Purpose
    bases: tuple[str, ...]  # every legal basis the policy relies on, in order of first use
    recipients: Listing  # whom data is disclosed to
    retention: Listing  # of RetentionRule


def summary(policy: Policy) -> Summary:
    categories = policy.data_categories
    return Summary(
        categories=listing(categories, lambda: [Group("all", len(categories), "data-categories")]),
        purposes=listing(policy.purposes, lambda: _purposes_by_basis(policy)),
        bases=tuple(dict.fromkeys(b for clause in (*policy.purposes, *policy.disclosures) for b in clause.legal_bases)),
        recipients=listing(policy.disclosures, lambda: [Group("all", len(policy.disclosures), "sharing")]),
        retention=listing(policy.retention_rules, lambda: [Group("all", len(policy.retention_rules), "retention")]),
    )


@dataclass(frozen=True)
class Retention:
    rule: RetentionRule
    covers: tuple[DataCategory, ...]  # the purpose's data this rule covers; () when it covers all of it


@dataclass(frozen=True)
class OverviewRow:
    purpose: Purpose
    categories: tuple[DataCategory, ...]
    bases: tuple[str, ...]
    retention: tuple[Retention, ...]
    not_covered: tuple[DataCategory, ...]  # the purpose's data no retention rule covers


def overview(policy: Policy) -> tuple[OverviewRow, ...]:
    rows = []
    for purpose in policy.purposes:
        own = tuple(policy.category(c) for c in purpose.data_categories)
        rules: dict[str, tuple[RetentionRule, list[DataCategory]]] = {}
        for category in own:
            for rule in policy.retention_of(category.id):
                rules.setdefault(rule.id, (rule, []))[1].append(category)
        covered = {c.id for _, cats in rules.values() for c in cats}
        retention = tuple(Retention(rule, () if len(cats) == len(own) else tuple(cats))
                          for rule, cats in rules.values())
        rows.append(OverviewRow(purpose, own, tuple(dict.fromkeys(purpose.legal_bases)), retention,
                                tuple(c for c in own if c.id not in covered)))
    return tuple(rows)
