"""Version discipline: a policy whose content changed must say so with a new version.

Readers rely on the version, the effective date and the change history to know that the
policy changed. `check --since REV` compares the content (every value, with re-folded lines
and comments not counting) with REV; when it differs but none of the version, the effective
date and the top history entry changed, it says what to bump. One message for the one cause; a partial
update (a new version without its history entry, say) is already an error of `check` itself.
Works on the loaded YAML, so an old version that no longer validates can still be compared.
"""

from __future__ import annotations

from typing import Any

from ..problems import Problem, Reporter, Severity
from ..source.characters import fold_whitespace
from ..source.nodes import Mapping, Node, Scalar, Source

# The keys that record a change, not the content that changed.
RECORD_KEYS = ("version", "effective_date", "history")


def content(node: Node) -> Any:
    """What the node says, without positions, layout or key order."""
    if isinstance(node, Scalar):
        return fold_whitespace(node.value)
    if isinstance(node, Mapping):
        return {name: content(value) for name, (_, value) in node.entries.items()}
    return [content(item) for item in node.items]


def _top(root: Node, key: str) -> Any:
    if not isinstance(root, Mapping) or key not in root.entries:
        return None
    value = content(root.entries[key][1])
    return value[0] if key == "history" and isinstance(value, list) and value else value


def unrecorded_change(old: Source, new: Source, strict: bool = False) -> list[Problem]:
    """A problem when the content changed since `old` but version, effective_date and history did not."""
    if not isinstance(old.root, Mapping) or not isinstance(new.root, Mapping):
        return []
    before, after = ({k: v for k, v in content(source.root).items() if k not in RECORD_KEYS}
                     for source in (old, new))
    if before == after or any(_top(old.root, key) != _top(new.root, key) for key in RECORD_KEYS):
        return []  # unchanged, or a new version is being recorded (check words any mismatch of the three)
    version = _top(new.root, "version")
    changed = sorted({*before, *after} - {k for k in before.keys() & after.keys() if before[k] == after[k]})
    checker = Reporter(new)
    node = new.root.entries.get("version", (None, new.root))[0]
    checker.report(node, "version",
                   f"the policy changed since {old.name} ({', '.join(changed)}) but version, effective_date and "
                   "the history were not updated",
                   f"raise version (now {version}, e.g. to {_next(version)}), set effective_date to the date the "
                   "new text applies from, and add an entry at the top of history with that version and date and "
                   "a summary of the change in every language: readers learn from these that the policy changed",
                   Severity.ERROR if strict else Severity.WARNING)
    return checker.problems


def _next(version: Any) -> str:
    parts = str(version).split(".")
    if parts[-1].isdigit():
        parts[-1] = str(int(parts[-1]) + 1)
    return ".".join(parts)

