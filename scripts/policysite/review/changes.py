"""What changed for readers between two versions of a policy, as data and as sentences.

`compare` returns structured changes (to word the change-history entry and the notice a
company sends about material changes); `describe` words one change in a language
from labels.yaml, with legal bases and periods worded as on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model.law import REFERENCE
from ..model.policy import Duration, Policy, Text
from ..render.labels import Labels


class Kind(StrEnum):
    CATEGORY_ADDED = "category_added"
    CATEGORY_REMOVED = "category_removed"
    PURPOSE_ADDED = "purpose_added"
    PURPOSE_REMOVED = "purpose_removed"
    PURPOSE_REWORDED = "purpose_reworded"
    LEGAL_BASES_CHANGED = "legal_bases_changed"
    RETENTION_ADDED = "retention_added"
    RETENTION_REMOVED = "retention_removed"
    RETENTION_CHANGED = "retention_changed"


@dataclass(frozen=True)
class Change:
    kind: Kind
    id: str  # the clause id (a removed clause: its id in the old version)
    name: Text  # what readers call the clause: a purpose's title, a category's name, a rule's subject
    before: tuple[str, ...] | Duration | None = None  # legal bases, or a period (None: not stored)
    after: tuple[str, ...] | Duration | None = None

    def as_dict(self) -> dict:
        def value(v):
            return v.__dict__ if isinstance(v, Duration) else v
        return {"kind": self.kind.value, "id": self.id, "name": dict(self.name.by_language),
                "before": value(self.before), "after": value(self.after)}


def _added_removed(old: dict, new: dict, added: Kind, removed: Kind, name) -> list[Change]:
    return ([Change(added, key, name(item)) for key, item in new.items() if key not in old]
            + [Change(removed, key, name(item)) for key, item in old.items() if key not in new])


def compare(old: Policy, new: Policy) -> list[Change]:
    """Changes a reader would notice, in page order: categories, purposes, retention."""
    changes = _added_removed({c.id: c for c in old.data_categories}, {c.id: c for c in new.data_categories},
                             Kind.CATEGORY_ADDED, Kind.CATEGORY_REMOVED, lambda c: c.name)

    old_purposes, new_purposes = {p.id: p for p in old.purposes}, {p.id: p for p in new.purposes}
    changes += _added_removed(old_purposes, new_purposes, Kind.PURPOSE_ADDED, Kind.PURPOSE_REMOVED,
                              lambda p: p.title)
    for pid, purpose in new_purposes.items():
        was = old_purposes.get(pid)
        if was is None:
            continue
        if was.title != purpose.title or was.description != purpose.description:  # texts are normalised
            changes.append(Change(Kind.PURPOSE_REWORDED, pid, purpose.title))
        if set(was.legal_bases) != set(purpose.legal_bases):
            changes.append(Change(Kind.LEGAL_BASES_CHANGED, pid, purpose.title, was.legal_bases, purpose.legal_bases))

    old_rules, new_rules = {r.id: r for r in old.retention_rules}, {r.id: r for r in new.retention_rules}
    changes += [Change(Kind.RETENTION_ADDED, rid, rule.subject, after=rule.period)
                for rid, rule in new_rules.items() if rid not in old_rules]
    changes += [Change(Kind.RETENTION_REMOVED, rid, rule.subject, before=rule.period)
                for rid, rule in old_rules.items() if rid not in new_rules]
    changes += [Change(Kind.RETENTION_CHANGED, rid, rule.subject, old_rules[rid].period, rule.period)
                for rid, rule in new_rules.items() if rid in old_rules and old_rules[rid].period != rule.period]
    return changes


def describe(change: Change, labels: Labels, language: str) -> str:
    """One change as a sentence in `language`, e.g. 'Supportsaker innsendt på mail: 3 år → 5 år'."""
    # a clause removed before a language was added has no text in it: show its first language
    text = dict(change.name.by_language).get(language, change.name.by_language[0][1])
    name = REFERENCE.sub(lambda m: labels.citation(m.group(1), language), text)

    def word(value) -> str:
        if isinstance(value, tuple):
            return "; ".join(labels.basis(basis, language) for basis in value)
        return labels.period(value, language)

    return labels.get(f"diff.{change.kind.value}", language, name=name, before=word(change.before),
                      after=word(change.after))


def summary(old: Policy, new: Policy, changes: list[Change], labels: Labels) -> str:
    """The changes in every language of the new policy, one block per language."""
    blocks = []
    for language in new.languages:
        lines = [labels.get("diff.heading", language, old=old.version, new=new.version)]
        lines += [f"- {describe(change, labels, language)}" for change in changes] or [
            labels.get("diff.none", language)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
