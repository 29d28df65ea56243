"""Policy texts for tests: SensorNordic's policy.yaml, edits of it, and a variant that fills every field."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
POLICY = (ROOT / "policy.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str, text: str = POLICY) -> str:
    assert old in text, f"fixture text not found: {old!r}"
    return text.replace(old, new, 1)


# What complete_policy() adds inside the sections policy.yaml already has: (where, what); the text goes
# after `where`, or before it when `where` starts a top-level key.
# Together with fixtures/gdpr-sections.yaml, the policy fills every field of the model.
COMPLETE_EDITS = [
    ("  email: support@sensornordic.no\n",
     '  organisation_number: "999 888 777"\n  web_form: https://www.sensornordic.no/kontakt\n'),
    ("        en: Company details\n", """\
      description:
        no: Testtekst om bedriftsdetaljer.
        en: Test text about company details.
      data_subjects: [customers]
    - id: health-notes
      name:
        no: Helseopplysninger du gir oss
        en: Health information you give us
      sensitive: art9
      data_subjects: [customers]
    - id: criminal-record
      name:
        no: Politiattest
        en: Police certificate
      sensitive: art10
      data_subjects: [installers]
"""),
    ("\nlegal_basis:\n", """\

    - id: health-alerts
      title:
        no: Helsevarsler
        en: Health alerts
      description:
        - no: Testtekst om helsevarsler.
          en: Test text about health alerts.
        - list:
            - {no: Testpunkt én., en: Test item one.}
            - {no: Testpunkt to., en: Test item two.}
      data_categories: [name, phone, health-notes]
      data_subjects: [customers, alarm-contacts]
      legal_bases:
        - art6-1-b
        - art9-2-c
        - basis: art6-1-f
          data_subjects: [alarm-contacts]
      legitimate_interest:
        no: Testtekst (legitimate_interest).
        en: Test text (legitimate_interest).

    - id: installer-vetting
      title:
        no: Vandelskontroll av montører
        en: Vetting of installers
      description:
        no: Testtekst om vandelskontroll, jf. {test-act-4}.
        en: Test text about vetting, cf. {test-act-4}.
      data_categories: [name, criminal-record]
      data_subjects: [installers]
      legal_bases: [art6-1-c, art10, test-act-4]
"""),
    ("    en: Storage\n", """\
  lead:
    no: Testtekst om lagring.
    en: Test text about storage.
  events:
    - id: vetting-done
      text:
        no: vandelskontrollen er ferdig
        en: the vetting is done
"""),
    ("      period: not stored\n", """\
    - id: health-notes
      subject:
        no: Helseopplysningene
        en: The health information
      data_categories: [health-notes]
      period: 6 months
      after: contract-ends
      then: anonymised
    - id: police-certificate
      subject:
        no: Politiattesten
        en: The police certificate
      singular: true
      data_categories: [criminal-record]
      until: vetting-done
    - id: vetting-case
      subject:
        no: Saken om vandelskontroll
        en: The vetting case
      singular: true
      purposes: [installer-vetting]
      period: at least 5 years
      law: test-act-4
      criteria:
        no: Testtekst om kriterier.
        en: Test text about criteria.
    - id: campaign
      subject:
        no: Kampanjedata
        en: Campaign data
      data_categories: [email]
      until: 2027-06-30
"""),
    ("interests, cf. {art6-1-c}.\n", """\
    - id: test-hosting
      name:
        no: Testleverandør
        en: Test provider
      role: processor
      countries: [IE, US, CA]
      description:
        no: Testtekst om leverandøren.
        en: Test text about the provider.
      data_categories: [name, phone, email]
      purposes: [service-delivery]
      safeguard: standard-contractual-clauses
      safeguard_text:
        no: Testtekst om kopi av avtalen.
        en: Test text about a copy.
    - id: test-partner
      name: Testpartner AB
      role: controller
      countries: [SE]
      data_categories: [name, phone]
      purposes: [health-alerts]
      legal_bases:
        - basis: art6-1-f
          data_subjects: [alarm-contacts]
    - id: sister-company
      name:
        no: Søsterselskapet AS
        en: The Sister Company AS
      role: joint-controller
      countries: [DK]
      purposes: [health-alerts]
      legal_bases: [art6-1-b]
"""),
]


def complete_policy() -> str:
    """policy.yaml with every section and field of the model filled in (placeholder test wording)."""
    text = POLICY
    for basis, key in (("art6-1-f", "legitimate_interest"), ("art6-1-a", "consent_withdrawal")):
        # each distinct `legal_bases: [...]` line citing the basis; replace() covers repeats of it
        for line in {line for line in text.splitlines(keepends=True) if "legal_bases: [" in line and basis in line}:
            indent = line[:len(line) - len(line.lstrip())]
            block = f"{indent}{key}:\n{indent}  no: Testtekst ({key}).\n{indent}  en: Test text ({key}).\n"
            text = text.replace(line, line + block)
    for where, insert in COMPLETE_EDITS:
        text = edit(where, insert + where if where.startswith("\n") else where + insert, text)
    return text + "\n" + (FIXTURES / "gdpr-sections.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if not (tmp_path / "branding").exists():  # the logo policy.yaml names, beside it as in the repository
        shutil.copytree(ROOT / "branding", tmp_path / "branding")
    return path
