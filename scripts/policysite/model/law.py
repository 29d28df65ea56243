"""GDPR legal bases (art. 6 (1) a–f) as structured references.

policy.yaml refers to a basis by id (`art6-1-b`); its wording in each language
lives in labels.yaml, so no clause ever retypes an article reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LegalBasis:
    id: str
    article: int
    paragraph: int
    letter: str


LEGAL_BASES: dict[str, LegalBasis] = {
    f"art6-1-{letter}": LegalBasis(f"art6-1-{letter}", 6, 1, letter) for letter in "abcdef"
}

# A reference inside prose: "{art6-1-b}" renders as the basis' citation in each language.
REFERENCE = re.compile(r"\{([^{}]*)\}")

# The data subject's rights that art. 13 (2) b requires a policy to mention, with their article.
# policy.yaml names a right by id; its name in each language lives in labels.yaml (right.<id>).
RIGHTS: dict[str, int] = {
    "access": 15,
    "rectification": 16,
    "erasure": 17,
    "restriction": 18,
    "portability": 20,
    "objection": 21,
}

# Safeguards for a transfer to a country outside the EEA (art. 13 (1) f, chapter V);
# worded in labels.yaml (transfer.<id>).
SAFEGUARDS: dict[str, int] = {
    "adequacy-decision": 45,
    "standard-contractual-clauses": 46,
    "binding-corporate-rules": 47,
    "derogation": 49,
}

# Art. 13 / 14 items that can truly not apply to a controller, which the legal team may then
# declare under gdpr_not_applicable (with a reason). Other items follow from the policy itself.
MAY_NOT_APPLY: dict[str, str] = {
    "13-1-b": "no data protection officer is appointed",
    "13-1-f": "no data is transferred outside the EEA",
    "14": "all personal data is obtained from the person it is about",
}
