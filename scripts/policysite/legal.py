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
