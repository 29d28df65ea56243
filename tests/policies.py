"""Policy texts for tests: SensorNordic's policy.yaml, edits of it, and a GDPR-complete variant."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
POLICY = (ROOT / "policy.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str, text: str = POLICY) -> str:
    assert old in text, f"fixture text not found: {old!r}"
    return text.replace(old, new, 1)


def complete_policy() -> str:
    """policy.yaml with every optional GDPR section filled in (placeholder test wording)."""
    text = POLICY
    for basis, key in (("art6-1-f", "legitimate_interest"), ("art6-1-a", "consent_withdrawal")):
        # each distinct `legal_bases: [...]` line citing the basis; replace() covers repeats of it
        for line in {line for line in text.splitlines(keepends=True) if "legal_bases: [" in line and basis in line}:
            indent = line[:len(line) - len(line.lstrip())]
            block = f"{indent}{key}:\n{indent}  no: Testtekst ({key}).\n{indent}  en: Test text ({key}).\n"
            text = text.replace(line, line + block)
    return text + "\n" + (FIXTURES / "gdpr-sections.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if not (tmp_path / "branding").exists():  # the logo policy.yaml names, beside it as in the repository
        shutil.copytree(ROOT / "branding", tmp_path / "branding")
    return path
