"""What changed for readers between two versions of a policy, as data and as sentences.

`compare` returns structured changes (to word the change-history entry and the notice a
company sends about material changes); `describe` words one change in a language with the
same words the pages use (render.wording), so a period reads "3 år → til medlemskapet
opphører" whatever form each version used.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..model.policy import LegalGround, Policy, Prose, Retention, Text
from ..render.labels import Labels
from ..render.wording import Words


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
    RECIPIENT_ADDED = "recipient_added"
    RECIPIENT_REMOVED = "recipient_removed"


Value = tuple[LegalGround, ...] | Retention | None


@dataclass(frozen=True)
class Change:
    kind: Kind
    id: str  # the clause id (a removed clause: its id in the old version)
    name: Text  # what readers call the clause: a purpose's title, a category's name, a rule's subject
    before: Value = None  # legal grounds, or a retention
    after: Value = None

    def as_dict(self) -> dict:
        return {"kind": self.kind.value, "id": self.id, "name": dict(self.name.by_language),
                "before": _plain(self.before), "after": _plain(self.after)}


def _plain(value: Any) -> Any:
    """A value as JSON: grounds, retentions and their prose as plain data."""
    if isinstance(value, Text):
        return dict(value.by_language)
    if isinstance(value, Prose):
        return [_plain(text) for text in value.texts()]
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.compare and getattr(value, f.name) not in (None, False, ())}
    return value.isoformat() if hasattr(value, "isoformat") else value


def _added_removed(old: dict, new: dict, added: Kind, removed: Kind, name) -> list[Change]:
    return ([Change(added, key, name(item)) for key, item in new.items() if key not in old]
            + [Change(removed, key, name(item)) for key, item in old.items() if key not in new])


def compare(old: Policy, new: Policy) -> list[Change]:
    """Changes a reader would notice, in page order: categories, purposes, retention, recipients."""
    def by_id(items) -> dict:
        return {item.id: item for item in items}

    changes = _added_removed(by_id(old.data_categories.items), by_id(new.data_categories.items),
                             Kind.CATEGORY_ADDED, Kind.CATEGORY_REMOVED, lambda c: c.name)
    old_purposes, new_purposes = by_id(old.purposes.items), by_id(new.purposes.items)
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

    old_rules, new_rules = by_id(old.retention_rules), by_id(new.retention_rules)
    changes += [Change(Kind.RETENTION_ADDED, rid, rule.subject, after=rule.retention)
                for rid, rule in new_rules.items() if rid not in old_rules]
    changes += [Change(Kind.RETENTION_REMOVED, rid, rule.subject, before=rule.retention)
                for rid, rule in old_rules.items() if rid not in new_rules]
    changes += [Change(Kind.RETENTION_CHANGED, rid, rule.subject, old_rules[rid].retention, rule.retention)
                for rid, rule in new_rules.items() if rid in old_rules and old_rules[rid].retention != rule.retention]
    changes += _added_removed(by_id(old.recipient_list), by_id(new.recipient_list), Kind.RECIPIENT_ADDED,
                              Kind.RECIPIENT_REMOVED, lambda r: r.name)
    return changes


def describe(change: Change, labels: Labels, language: str, old: Policy, new: Policy) -> str:
    """One change as a sentence in `language`, e.g. 'Supportsaker innsendt på mail: 3 år → 5 år'.
    `old` and `new` word the ids the change refers to (laws, groups, events of each version)."""
    # a clause removed before a language was added has no text in it: show its first language
    language_of_name = language if language in dict(change.name.by_language) else change.name.by_language[0][0]
    name = Words(new, labels, language_of_name).text(change.name)

    def word(value: Value, policy: Policy) -> str:
        words = Words(policy, labels, language)
        if isinstance(value, Retention):
            return words.period(value)
        if isinstance(value, tuple):
            return "; ".join(words.grounds(value))
        return ""

    return labels.get(f"diff.{change.kind.value}", language, name=name, before=word(change.before, old),
                      after=word(change.after, new))


def summary(old: Policy, new: Policy, changes: list[Change], labels: Labels) -> str:
    """The changes in every language of the new policy, one block per language."""
    blocks = []
    for language in new.languages:
        lines = [labels.get("diff.heading", language, old=old.version, new=new.version)]
        lines += [f"- {describe(change, labels, language, old, new)}" for change in changes] or [
            labels.get("diff.none", language)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
