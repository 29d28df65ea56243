"""One message when `languages:` and the texts disagree about a language as a whole.

Removing `en` from `languages:` leaves an `en:` line in every text; adding `de` leaves every text
without one. Each text would report it (34 times in SensorNordic's policy) for one cause. So,
before the texts are read, a language written in several texts but not listed, or listed but in
no text at all, gets one message at `languages:`, and the texts stay quiet about it. A language
missing from some texts only is still reported at each of them: that is where the work is.
"""

from __future__ import annotations

from ..problems import Reporter
from ..source.nodes import Mapping, Node, Sequence, node_at


def _texts(node: Node, codes: set[str]) -> list[Mapping]:
    """Every mapping whose keys are all language codes: the texts (and names given per language)."""
    if isinstance(node, Mapping):
        if node.entries and set(node.entries) <= codes:
            return [node]
        return [text for _, child in node.entries.values() for text in _texts(child, codes)]
    if isinstance(node, Sequence):
        return [text for item in node.items for text in _texts(item, codes)]
    return []


def settle_languages(root: Mapping, declared: tuple[str, ...], known: tuple[str, ...], checker: Reporter) -> set[str]:
    """Report each whole-file language mismatch once; return the codes the texts need not report."""
    texts = _texts(root, set(known) | set(declared))
    if len(texts) < 2:
        return set()
    where = node_at(root, "languages")
    settled: set[str] = set()
    for code in sorted(set(known) - set(declared)):
        having = sum(code in text.entries for text in texts)
        if having >= 2:
            listed = ", ".join([*declared, code])
            checker.report(where, "languages", f"{having} texts are also written in '{code}', but languages "
                           f"does not list '{code}'",
                           f"add it (languages: [{listed}]) to publish the '{code}' pages, or delete the '{code}:' "
                           "line of every text")
            settled.add(code)
    for code in declared:
        if not any(code in text.entries for text in texts):
            checker.report(where, "languages", f"languages lists '{code}', but none of the {len(texts)} texts has "
                           f"a '{code}' text yet",
                           f"add a '{code}:' line with the translation to every text, or remove '{code}' from "
                           "languages until the translation is ready")
            settled.add(code)
    return settled
