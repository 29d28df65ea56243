"""Advice on a valid policy: gaps a reader would notice, reported as warnings by `policysite check`.

These never stop a build (the site stays publishable while the legal team fills the
gaps); `check --strict` makes them fail, for CI that wants a complete policy.
"""

from __future__ import annotations

from ..model.law import CONSENTS, LEGAL_BASES, LEGAL_OBLIGATION, LEGITIMATE_INTERESTS, PUBLIC_TASK, Kind
from ..model.policy import Policy
from ..problems import Problem, Severity
from ..reporter import Reporter
from ..source.nodes import Source, node_at

# legal bases -> (the purpose key that must accompany them, what it says, GDPR item)
COMPANIONS = {
    (LEGITIMATE_INTERESTS,): ("legitimate_interest", "the legitimate interest pursued", "13 (1) d"),
    CONSENTS: ("consent_withdrawal", "how the reader can withdraw consent", "13 (2) c"),
}
# GDPR art. 6 (3): these bases must be laid down by Union or Member State law, which readers may look up.
NEEDS_A_LAW = {LEGAL_OBLIGATION: "a legal obligation", PUBLIC_TASK: "a task in the public interest or official "
                                                                    "authority"}


def review(policy: Policy, source: Source) -> list[Problem]:
    reporter = Reporter(source)
    root = source.root

    def warn(path: str, message: str, hint: str) -> None:
        reporter.report(node_at(root, path), path, message, hint, Severity.WARNING)

    def kind(basis: str) -> Kind:
        return LEGAL_BASES[basis].kind if basis in LEGAL_BASES else Kind.NATIONAL_LAW

    for i, purpose in enumerate(policy.purposes.items):
        bases = purpose.basis_ids
        for needing, (key, what, item) in COMPANIONS.items():
            stated = getattr(purpose, key) is not None
            relied = [basis for basis in needing if basis in bases]
            if relied and not stated:
                where = f"purposes.items[{i}].legal_bases[{bases.index(relied[0])}]"
                warn(where, f"the purpose '{purpose.id}' relies on {relied[0]} but does not state {what}",
                     f"add '{key}:' with a text in every language under this purpose (GDPR art. {item})")
            elif stated and not relied:
                warn(f"purposes.items[{i}].{key}", f"'{key}' is stated but legal_bases does not list "
                     f"{' or '.join(needing)}", f"add {needing[0]} to legal_bases, or remove '{key}'")
        cites_law = any(kind(b) is Kind.NATIONAL_LAW for b in bases)
        for basis, what in NEEDS_A_LAW.items():
            if basis in bases and not cites_law:
                warn(f"purposes.items[{i}].legal_bases[{bases.index(basis)}]",
                     f"the purpose '{purpose.id}' relies on {what} ({basis}) but cites no law that lays it down",
                     "add the act and section under 'laws:' and its id to legal_bases (GDPR art. 6 (3))")
        special = any(policy.category(c).sensitive == "art9" for c in purpose.data_categories)
        for j, basis in enumerate(bases):
            if kind(basis) is Kind.SPECIAL_CATEGORY and not special:
                warn(f"purposes.items[{i}].legal_bases[{j}]",
                     f"the purpose '{purpose.id}' states {basis}, a condition for special-category data, but uses "
                     "no data marked 'sensitive: art9'",
                     "mark the special-category data (sensitive: art9), or remove the condition")

    if policy.retention is None:
        warn("data_categories", "the policy does not say how long any data is kept",
             "add 'retention:' with rules for the data (GDPR art. 13 (2) a)")
    else:
        for i, category in enumerate(policy.data_categories.items):
            if not policy.retention_of(category.id):
                warn(f"data_categories.items[{i}].id", f"no retention rule says how long '{category.id}' is kept",
                     f"add '{category.id}' to the data_categories of a rule under retention.rules, or add a "
                     "purpose that uses it to a rule's purposes (GDPR art. 13 (2) a)")
    return reporter.problems
