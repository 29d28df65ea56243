"""Stale translations: a text whose wording changed in one language but not in the other.

Works on the loaded YAML, not the validated model, so an old version that no longer
validates can still be compared. Texts are matched by clause id, not list position,
so inserting or reordering clauses does not count as a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problem, Reporter, Severity
from ..source.characters import fold_whitespace
from ..source.nodes import Mapping, Node, Scalar, Sequence, Source

# The key that names a list item, in the order tried (purposes have `id`, rights `right`).
IDENTITY_KEYS = ("id", "right", "item")


@dataclass(frozen=True)
class TextAt:
    path: str  # YAML path in this version, e.g. purposes.items[2].description
    clause: str  # the id of the clause it belongs to, e.g. satisfaction-surveys ("" at top level)
    node: Mapping  # the {no: ..., en: ...} mapping


def _identity(item: Node) -> str | None:
    if isinstance(item, Mapping):
        for key in IDENTITY_KEYS:
            value = item.entries.get(key, (None, None))[1]
            if isinstance(value, Scalar):
                return value.value
    return None


def texts_by_clause(root: Node, languages: tuple[str, ...]) -> dict[str, TextAt]:
    """Every text mapping, keyed by a path that names list items by id: purposes.items[id=x].title."""
    found: dict[str, TextAt] = {}

    def walk(node: Node, path: str, key: str, clause: str) -> None:
        if isinstance(node, Mapping):
            if node.entries and set(node.entries) <= set(languages):
                found[key] = TextAt(path, clause, node)
                return
            for name, (_, child) in node.entries.items():
                walk(child, f"{path}.{name}" if path else name, f"{key}.{name}" if key else name, clause)
        elif isinstance(node, Sequence):
            for i, item in enumerate(node.items):
                ident = _identity(item)
                walk(item, f"{path}[{i}]", f"{key}[id={ident}]" if ident else f"{key}[{i}]", ident or clause)

    walk(root, "", "", "")
    return found


def _words(node: Mapping, language: str) -> str | None:
    value = node.entries.get(language, (None, None))[1]
    return fold_whitespace(value.value) if isinstance(value, Scalar) else None


def stale_translations(old: Source, new: Source, languages: tuple[str, ...]) -> list[Problem]:
    """A warning for each text in `new` whose languages did not all change since `old`."""
    before = texts_by_clause(old.root, languages)
    checker = Reporter(new)
    for key, now in texts_by_clause(new.root, languages).items():
        if key not in before:
            continue
        changed = [code for code in languages if _words(now.node, code) != _words(before[key].node, code)]
        unchanged = [code for code in languages if code not in changed]
        if not changed or not unchanged:
            continue
        where = f"{now.path}.{changed[0]}"
        node = now.node.entries.get(changed[0], (None, now.node))[1]
        clause = f"clause '{now.clause}'" if now.clause else f"'{now.path}'"
        checker.report(node, where,
                       f"{clause}: the {_list(changed)} text changed since {old.name} but the {_list(unchanged)} "
                       f"text did not; the translation may be out of date",
                       f"update the {_list(unchanged)} text at {now.path} to say the same; if the change needs no "
                       "translation (a typo fix), ignore this warning",
                       Severity.WARNING)
    return checker.problems


def _list(codes: list[str]) -> str:
    return "/".join(f"'{code}'" for code in codes)
