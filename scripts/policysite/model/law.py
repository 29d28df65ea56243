"""The legal vocabulary policy.yaml refers to by id: legal bases and conditions (GDPR art. 6, 9, 10),
the reader's rights, transfer safeguards, recipient roles, retention events, and the EEA.

policy.yaml names each by id (`art9-2-h`); its wording in every language lives in labels.yaml, so
no clause ever retypes an article reference. National law is not here: each policy cites its own
acts under `laws:`, and those ids are legal bases too.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """What a legal-basis id is; a "did you mean" hint never crosses kinds (it would change the law)."""

    LAWFULNESS = "art6"  # art. 6 (1): the lawful basis every purpose needs
    SPECIAL_CATEGORY = "art9"  # art. 9 (2): the condition that lifts the ban on special-category data
    CRIMINAL_OFFENCE = "art10"  # art. 10: data about criminal convictions and offences
    NATIONAL_LAW = "law"  # an act or regulation the policy cites under `laws:`


@dataclass(frozen=True)
class LegalBasis:
    id: str
    kind: Kind
    article: int
    paragraph: int | None
    letter: str | None


def _bases() -> dict[str, LegalBasis]:
    bases = {f"art6-1-{x}": LegalBasis(f"art6-1-{x}", Kind.LAWFULNESS, 6, 1, x) for x in "abcdef"}
    bases |= {f"art9-2-{x}": LegalBasis(f"art9-2-{x}", Kind.SPECIAL_CATEGORY, 9, 2, x) for x in "abcdefghij"}
    bases["art10"] = LegalBasis("art10", Kind.CRIMINAL_OFFENCE, 10, None, None)
    return bases


LEGAL_BASES: dict[str, LegalBasis] = _bases()
CONSENT, CONTRACT, LEGAL_OBLIGATION, PUBLIC_TASK, LEGITIMATE_INTERESTS = (
    "art6-1-a", "art6-1-b", "art6-1-c", "art6-1-e", "art6-1-f")
EXPLICIT_CONSENT = "art9-2-a"
# Art. 13 (2) c: the right to withdraw consent, where processing rests on art. 6 (1) a or art. 9 (2) a.
CONSENTS = (CONSENT, EXPLICIT_CONSENT)

def basis_pattern() -> str:
    """A regular expression for a legal basis id: a GDPR one, or (not starting with 'art') a law's."""
    gdpr = "|".join(LEGAL_BASES)  # ids are [a-z0-9-]: nothing to escape (and ECMA-262 refuses "\\-")
    return f"{gdpr}|(?!art)[a-z0-9]+(?:-[a-z0-9]+)*"


def unknown_basis(basis: str, law_ids: set[str]) -> tuple[str, str] | None:
    """None for a known basis; else the message and hint for it. The hint lists the bases of the
    kind the editor was writing and never suggests a close match: a typo fix must not change the
    article cited."""
    if basis in LEGAL_BASES or basis in law_ids:
        return None
    for prefix, kind, article in (("art6", Kind.LAWFULNESS, "art. 6 (1)"), ("art9", Kind.SPECIAL_CATEGORY,
                                                                           "art. 9 (2)"),
                                  ("art10", Kind.CRIMINAL_OFFENCE, "art. 10")):
        if basis == prefix or basis.startswith(prefix + "-"):
            same = [b for b, info in LEGAL_BASES.items() if info.kind is kind]
            return (f"'{basis}' is not a legal basis of GDPR {article}",
                    f"the ids for GDPR {article} are: {', '.join(same)} (the README says what each means)")
    laws = ", ".join(sorted(law_ids)) or "none yet"
    return (f"'{basis}' is not a legal basis",
            "write a GDPR basis (art6-1-a … art6-1-f, art9-2-a … art9-2-j, art10) or the id of a law under "
            f"'laws:' (yours: {laws}); to cite a new law, add it under 'laws:' with its name and section")


# A reference inside prose: "{art6-1-b}" or "{patient-records-act-6}" renders as a citation.
REFERENCE = re.compile(r"\{([^{}]*)\}")

# Categories of data that need a condition besides their art. 6 basis (`sensitive:` of a category).
SENSITIVE: dict[str, Kind] = {"art9": Kind.SPECIAL_CATEGORY, "art10": Kind.CRIMINAL_OFFENCE}


@dataclass(frozen=True)
class Right:
    article: int
    # The art. 6 bases under which the right applies; None: under every basis. Portability (art. 20
    # (1) a) needs consent or a contract; objection (art. 21 (1)) public task or legitimate interests.
    applies_to: frozenset[str] | None = None


RIGHTS: dict[str, Right] = {
    "access": Right(15),
    "rectification": Right(16),
    "erasure": Right(17),
    "restriction": Right(18),
    "portability": Right(20, frozenset({CONSENT, CONTRACT})),
    "objection": Right(21, frozenset({PUBLIC_TASK, LEGITIMATE_INTERESTS})),
}

# Safeguards for a transfer to a country outside the EEA (art. 13 (1) f, chapter V);
# worded in labels.yaml (transfer.<id>).
SAFEGUARDS: dict[str, int] = {
    "adequacy-decision": 45,
    "standard-contractual-clauses": 46,
    "binding-corporate-rules": 47,
    "derogation": 49,
}

# Who receives data (art. 13 (1) e), in the terms of GDPR art. 4 and 26; worded in labels.yaml.
PROCESSOR = "processor"
ROLES = ("processor", "controller", "joint-controller", "public-authority")

# Events a retention period can run until or from, worded as a clause in labels.yaml
# (event.<id>: "the contract ends"); a policy adds its own under retention.events.
EVENTS = ("contract-ends", "customer-relationship-ends", "membership-ends", "account-deleted", "service-stops",
          "purpose-achieved", "consent-withdrawn", "case-closed", "employment-ends", "accounting-year-ends",
          "event-ends")


@functools.cache
def _country_table() -> tuple[tuple[str, bool, tuple[str, ...]], ...]:
    """(ISO code, in the EEA, other codes in use) of every current country, from country-converter's
    maintained table.

    Only its data file is read (the package itself imports pandas, which we do not need)."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package country-converter is missing: run `make setup`")
    table = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    # An ISO2 cell may be a regex of the code and an alias (^GR$|^EL$, ^GB$|^UK$): the first is ISO's.
    # Countries that no longer exist (the Soviet Union, the Netherlands Antilles) carry the year.
    return tuple((codes[0], bool(row["EEA"].strip()), tuple(codes[1:])) for row in rows
                 if not row["obsolete"].strip() and (codes := re.sub(r"[^A-Z]", " ", row["ISO2"]).split())
                 and len(codes[0]) == 2)


@functools.cache
def countries() -> frozenset[str]:
    """The ISO 3166-1 two-letter codes of today's countries (and Kosovo's XK, which the EU uses)."""
    return frozenset(code for code, _, _ in _country_table())


@functools.cache
def eea_countries() -> frozenset[str]:
    """ISO codes of the EEA member states."""
    return frozenset(code for code, eea, _ in _country_table() if eea)


def iso_code_for(alias: str) -> str | None:
    """The ISO code of a country written with another code in use (UK: GB, EL: GR), or None."""
    return next((code for code, _, aliases in _country_table() if alias in aliases), None)


def in_eea(country: str) -> bool:
    return country in eea_countries()


def outside_eea(countries: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The countries outside the EEA, in their order: sending data there is a transfer (GDPR chapter V)."""
    return tuple(country for country in countries if not in_eea(country))


# Every information item of GDPR art. 13 / 14 (and 26 (2), 27) the GDPR report checks; the legal team
# may declare any of them not applicable, with a reason (`gdpr_not_applicable`).
GDPR_ITEMS: dict[str, str] = {
    "13-1-a": "the identity and contact details of the controller",
    "13-1-b": "the contact details of the data protection officer",
    "13-1-c": "the purposes and their legal bases",
    "13-1-d": "the legitimate interests pursued (art. 6 (1) f)",
    "13-1-e": "the recipients or categories of recipients",
    "13-1-f": "transfers to countries outside the EEA and their safeguards",
    "13-2-a": "how long the data is stored, or the criteria that decide it",
    "13-2-b": "the rights of access, rectification, erasure, restriction, objection and portability",
    "13-2-c": "the right to withdraw consent (art. 6 (1) a)",
    "13-2-d": "the right to complain to the supervisory authority",
    "13-2-e": "whether providing the data is a statutory or contractual requirement",
    "13-2-f": "automated decision-making, including profiling",
    "14-1-d": "the categories of data not obtained from the person",
    "14-2-f": "the source the data comes from",
    "26": "the essence of the joint controllers' arrangement",
    "27": "the representative in the EU (a controller established outside it)",
}
# Earlier policies declared art. 14 as one item; it stands for both of its items.
GDPR_ITEM_GROUPS: dict[str, tuple[str, ...]] = {"14": ("14-1-d", "14-2-f")}
