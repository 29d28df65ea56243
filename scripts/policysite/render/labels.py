"""The generator's own words (labels.yaml), for every language, and their formatting.

Dates and durations are worded by Babel from CLDR data, so a new language needs
its labels and texts, not code.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..model.law import LEGAL_BASES
from ..model.policy import Duration
from ..problems import Location, PolicyError, Problem
from ..source.loader import Mapping, Scalar, load_file

LABELS_FILE = Path(__file__).with_name("labels.yaml")


@dataclass(frozen=True)
class Labels:
    entries: dict[str, dict[str, str]]
    source_name: str
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # where each label is, for messages

    def languages(self) -> list[str]:
        return list(self.entries["language_name"])

    def get(self, key: str, language: str, **values: str) -> str:
        text = self.entries[key][language]
        return text.format(**values) if values else text

    def locale(self, language: str) -> str:
        return self.entries["locale"][language]

    def date(self, value: datetime.date, language: str) -> str:
        from babel.dates import format_date  # Babel only when wording: `check` never needs it

        return format_date(value, "long", locale=self.locale(language))

    def duration(self, value: Duration, language: str) -> str:
        return _format_duration(value.count, value.unit, self.locale(language))

    def period(self, value: Duration | None, language: str) -> str:
        """A retention period; None is data that is not stored."""
        return self.get("retention.period_not_stored", language) if value is None else self.duration(value, language)

    def citation(self, basis_id: str, language: str) -> str:
        return self.get("legal_basis.citation", language, letter=LEGAL_BASES[basis_id].letter)

    def basis(self, basis_id: str, language: str) -> str:
        """'oppfyllelse av avtale (GDPR art. 6 (1) b)'"""
        return f"{self.get('legal_basis.' + basis_id, language)} ({self.citation(basis_id, language)})"

    def countries(self, codes: tuple[str, ...], language: str) -> str:
        """Country names from CLDR, joined as the language lists things ('USA og Canada')."""
        from babel import Locale
        from babel.lists import format_list

        locale = Locale.parse(self.locale(language))
        return format_list([locale.territories.get(code, code) for code in codes], locale=locale)

    def missing(self, languages: tuple[str, ...]) -> list[Problem]:
        """Problems for each label that lacks one of `languages`."""
        return [
            Problem(Location(self.source_name, self.lines.get(key, 0), 1 if key in self.lines else 0), key,
                    f"the label has no '{code}' text",
                    f"add '{code}: ...' to '{key}' in {self.source_name}")
            for key, texts in self.entries.items() for code in languages if code not in texts
        ]


@functools.lru_cache(maxsize=256)
def _format_duration(count: int, unit: str, locale: str) -> str:
    # Long policies repeat a handful of periods hundreds of times; Babel takes ~25 µs a call.
    from babel.units import format_unit

    return format_unit(count, f"duration-{unit}", length="long", locale=locale)


def load_labels(path: Path = LABELS_FILE) -> Labels:
    source = load_file(path)
    problems: list[Problem] = []
    entries: dict[str, dict[str, str]] = {}
    if not isinstance(source.root, Mapping):
        raise PolicyError([Problem(source.location(1, 1), "", "labels must be a mapping of label keys")])
    lines: dict[str, int] = {}
    for key, (key_node, node) in source.root.entries.items():
        lines[key] = key_node.line
        if not isinstance(node, Mapping) or not all(isinstance(v, Scalar) and v.value.strip()
                                                    for _, v in node.entries.values()):
            problems.append(Problem(source.location(node.line, node.column), key,
                                    "a label must map language codes to non-empty texts"))
            continue
        entries[key] = {code: value.value for code, (_, value) in node.entries.items()}
    if "language_name" not in entries or "locale" not in entries:
        problems.append(Problem(source.location(1, 1), "", "labels need 'language_name' and 'locale'"))
    if problems:
        raise PolicyError(problems)
    return Labels(entries, source.name, lines)
