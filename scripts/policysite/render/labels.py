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
from ..source.loader import Mapping, Scalar, load_bytes, load_file

LABELS_FILE = Path(__file__).with_name("labels.yaml")


# A label is a text, or (where grammar differs) a mapping of forms: CLDR plural categories
# ("one", "other", ...) for counts, "singular"/"plural" for the subject of a sentence.
Label = str | dict[str, str]


@dataclass(frozen=True)
class Labels:
    entries: dict[str, dict[str, Label]]
    source_name: str
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # where each label is, for messages

    def languages(self) -> list[str]:
        return list(self.entries["language_name"])

    def get(self, key: str, language: str, form: str | None = None, **values: str) -> str:
        """The label in `language`, in grammatical `form` if it has forms, with `values` filled in."""
        text = self.entries[key][language]
        if isinstance(text, dict):
            text = text.get(form or "other") or text.get("other") or text["plural"]
        return text.format(**values) if values else text

    def locale(self, language: str) -> str:
        return self.entries["locale"][language]

    def date(self, value: datetime.date, language: str) -> str:
        from babel.dates import format_date  # Babel only when wording: `check` never needs it

        return format_date(value, "long", locale=self.locale(language))

    def duration(self, value: Duration, language: str) -> str:
        """'3 år', '30 dager', '1 year': our own unit words (CLDR's Norwegian 'døgn' is not what policies
        say), in the plural form CLDR's rules give for the count in that language."""
        return self.get(f"duration.{value.unit}", language, self.plural_form(value.count, language),
                        count=_format_number(value.count, self.locale(language)))

    def plural_form(self, count: int, language: str) -> str:
        """The grammatical form CLDR's plural rules give `count` in this language ('one', 'other')."""
        return _plural_form(count, self.locale(language))

    def citation(self, basis_id: str, language: str) -> str:
        """'GDPR art. 6 (1) b', 'GDPR art. 9 (2) h', 'GDPR art. 10' (GDPR bases only; laws are the policy's)."""
        basis = LEGAL_BASES[basis_id]
        return self.get(f"citation.{basis.kind.value}", language, letter=basis.letter or "")

    def basis(self, basis_id: str, language: str) -> str:
        """'oppfyllelse av avtale (GDPR art. 6 (1) b)'"""
        return f"{self.get('legal_basis.' + basis_id, language)} ({self.citation(basis_id, language)})"

    def list_patterns(self, language: str) -> dict[str, str]:
        """CLDR's patterns for joining a list in this language ('{0}, {1}', '{0} og {1}')."""
        return cldr_locale(self.locale(language)).list_patterns["standard"]

    def countries(self, codes: tuple[str, ...], language: str) -> str:
        """Country names from CLDR, joined as the language lists things ('USA og Canada')."""
        from babel.lists import format_list

        locale = cldr_locale(self.locale(language))
        names = [self.entries[f"country.{code}"][language] if f"country.{code}" in self.entries
                 else locale.territories.get(code, code) for code in codes]
        return format_list(names, locale=locale)

    def missing(self, languages: tuple[str, ...]) -> list[Problem]:
        """Problems for each label that lacks one of `languages`."""
        return [
            Problem(Location(self.source_name, self.lines.get(key, 0), 1 if key in self.lines else 0), key,
                    f"the label has no '{code}' text",
                    f"add '{code}: ...' to '{key}' in {self.source_name}")
            for key, texts in self.entries.items() for code in languages if code not in texts
        ]


# Long policies repeat a handful of periods hundreds of times; Babel takes ~25 µs a call.
@functools.lru_cache(maxsize=256)
def _plural_form(count: int, locale: str) -> str:
    return cldr_locale(locale).plural_form(count)


@functools.lru_cache(maxsize=256)
def _format_number(count: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(count, locale=locale)


def load_labels(path: Path = LABELS_FILE) -> Labels:
    """The labels in `path`, read again at each call (a preview sees an edit) but parsed once per content:
    a build asks for them at every stage, in the generator and in both hooks."""
    try:
        data = path.read_bytes()
    except OSError:
        return _labels_in(path, None)  # load_file words the problem
    return _labels_in(path, data)


@functools.lru_cache(maxsize=4)
def _labels_in(path: Path, data: bytes | None) -> Labels:
    source = load_file(path) if data is None else load_bytes(data, str(path))
    problems: list[Problem] = list(source.problems)  # refused characters
    entries: dict[str, dict[str, str]] = {}
    if not isinstance(source.root, Mapping):
        raise PolicyError([Problem(source.location(1, 1), "", "labels must be a mapping of label keys")])
    lines: dict[str, int] = {}
    for key, (key_node, node) in source.root.entries.items():
        lines[key] = key_node.line
        texts = _label(node)
        if texts is None:
            problems.append(Problem(source.location(node.line, node.column), key,
                                    "a label must map language codes to non-empty texts (or to a mapping of "
                                    "grammatical forms, e.g. {one: ..., other: ...})"))
            continue
        entries[key] = texts
    if "language_name" not in entries or "locale" not in entries:
        problems.append(Problem(source.location(1, 1), "", "labels need 'language_name' and 'locale'"))
    if problems:
        raise PolicyError(problems)
    return Labels(entries, source.name, lines)


def _label(node) -> dict[str, Label] | None:
    """{language: text} or {language: {form: text}}; None when a text is missing or empty."""
    if not isinstance(node, Mapping):
        return None
    texts: dict[str, Label] = {}
    for code, (_, value) in node.entries.items():
        if isinstance(value, Scalar) and value.value.strip():
            texts[code] = value.value
        elif isinstance(value, Mapping) and value.entries and all(
                isinstance(form, Scalar) and form.value.strip() for _, form in value.entries.values()):
            texts[code] = {name: form.value for name, (_, form) in value.entries.items()}
        else:
            return None
    return texts


@functools.cache  # a page asks for its language's list patterns and plurals thousands of times
def cldr_locale(name: str):
    from babel import Locale  # imported on first use: `check` words nothing with CLDR

    return Locale.parse(name)
