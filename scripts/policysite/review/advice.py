"""Advice on a valid policy: gaps a reader would notice, reported as warnings by `policysite check`.

These never stop a build (the site stays publishable while the legal team fills the
gaps); `check --strict` makes them fail, for CI that wants a complete policy.
"""

from __future__ import annotations

from ..model.policy import Policy
from ..problems import Problem, Reporter, Severity
from ..source.nodes import Source, node_at

# legal basis -> (the purpose key that must accompany it, what it says, GDPR item)
COMPANIONS = {
    "art6-1-f": ("legitimate_interest", "the legitimate interest pursued", "13 (1) d"),
    "art6-1-a": ("consent_withdrawal", "how the reader can withdraw consent", "13 (2) c"),
}


def review(policy: Policy, source: Source) -> list[Problem]:
    checker = Reporter(source)
    root = source.root

    def warn(path: str, message: str, hint: str) -> None:
        checker.report(node_at(root, path), path, message, hint, Severity.WARNING)

    for i, purpose in enumerate(policy.purposes):
        for basis, (key, what, item) in COMPANIONS.items():
            stated = getattr(purpose, key) is not None
            if basis in purpose.legal_bases and not stated:
                where = f"purposes.items[{i}].legal_bases[{purpose.legal_bases.index(basis)}]"
                warn(where, f"the purpose '{purpose.id}' relies on {basis} but does not state {what}",
                     f"add '{key}:' with a text in every language under this purpose (GDPR art. {item})")
            elif stated and basis not in purpose.legal_bases:
                where = f"purposes.items[{i}].{key}"
                warn(where, f"'{key}' is stated but legal_bases does not list {basis}",
                     f"add {basis} to legal_bases, or remove '{key}'")

    retained = {ref for rule in policy.retention_rules for ref in rule.data_categories}
    for i, category in enumerate(policy.data_categories):
        if category.id not in retained:
            where = f"data_categories.items[{i}].id"
            warn(where, f"no retention rule says how long '{category.id}' is kept",
                 f"add '{category.id}' to the data_categories of a rule under retention.rules "
                 "(GDPR art. 13 (2) a)")
    return checker.problems
