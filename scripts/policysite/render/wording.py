"""Words for the policy's structured data, in one language: legal bases and laws, retention
periods and events, roles, countries, groups, addresses.

`Words` is used by the pages (with the Markdown encoder, so every literal word and every typed
text is encoded exactly once), and by reviews and exports (with no encoder: plain text). The
generator's own words come from labels.yaml; the policy's texts are used as typed.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model.law import EVENTS, LEGAL_BASES, REFERENCE, SAFEGUARDS
from ..model.policy import Address, Duration, JointControllers, LegalGround, Policy, Retention, RetentionRule, Text
from .labels import Labels

_FORMATTER = string.Formatter()


@functools.lru_cache(maxsize=4096)  # a few hundred labels and list patterns, each used on many rows
def _parsed(template: str) -> tuple[tuple[str, str | None], ...]:
    """A label's `{placeholder}` template as (literal text, placeholder name or None) pairs."""
    return tuple((literal, name) for literal, name, _, _ in _FORMATTER.parse(template))


def _same(value: str) -> str:
    return value


@dataclass
class Words:
    policy: Policy
    labels: Labels
    language: str
    # Turns literal text (a label's words, a value) into output; values passed to `label` are already
    # output, so nothing is encoded twice.
    encode: Callable[[str], str] = _same
    # Turns a typed text into output, given a function that words each {reference} (plain words, or
    # None when it is not one); None: the references are replaced and the rest `encode`d.
    encode_text: Callable[[str, Callable[[str], str | None]], str] | None = None
    # Told what each typed text costs where it is used (render/page.py keeps the page's budget).
    spend: Callable[[str], None] | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    # -- the generator's words ---------------------------------------------------------------------
    def label(self, key: str, form: str | None = None, **values: str) -> str:
        template = self.labels.get(key, self.language, form)
        out = []
        for literal, name in _parsed(template):
            out.append(self.encode(literal) if literal else "")
            if name is not None:
                out.append(values[name])
        return "".join(out)

    def join(self, parts: Iterable[str]) -> str:
        """A list as the language writes it ('a, b og c'; CLDR's patterns), from parts already in
        output form: only the pattern's own words are encoded."""
        parts = list(parts)
        if len(parts) < 2:
            return "".join(parts)
        patterns = self.labels.list_patterns(self.language)

        def fill(pattern: str, first: str, second: str) -> str:
            out = []
            for literal, name in _parsed(pattern):
                out.append(self.encode(literal) if literal else "")
                if name is not None:
                    out.append(first if name == "0" else second)
            return "".join(out)

        if len(parts) == 2:
            return fill(patterns["2"], parts[0], parts[1])
        result = fill(patterns["end"], parts[-2], parts[-1])
        for part in reversed(parts[1:-2]):
            result = fill(patterns["middle"], part, result)
        return fill(patterns["start"], parts[0], result)

    # -- the policy's texts ------------------------------------------------------------------------
    def text(self, value: Text) -> str:
        """A typed text, with its {references} worded as citations."""
        key = ("text", value)
        worded = self._cache.get(key)  # one lookup: a large policy words thousands of texts per page
        if worded is None:
            typed = value[self.language]
            if self.encode_text is not None:
                worded = self.encode_text(typed, self.citation_words)
            else:
                parts = REFERENCE.split(typed)  # text, reference, text, ...
                worded = "".join(self.citation(part) if i % 2 else self.encode(part)
                                 for i, part in enumerate(parts) if part or i % 2)
            self._cache[key] = worded
        if self.spend is not None:
            self.spend(worded)
        return worded

    # -- legal bases and laws -----------------------------------------------------------------------
    def citation_words(self, basis: str) -> str | None:
        """'GDPR art. 6 (1) b', or a law as 'pasientjournalloven § 6', in plain words; None for an id
        that is not a legal basis of this policy (the validator lets none through)."""
        if basis in LEGAL_BASES:
            return self.labels.citation(basis, self.language)
        law = self.policy.law(basis)
        if law is None:
            return None
        name = law.name[self.language]
        return self.labels.get("citation.law", self.language, name=name,
                               section=law.section[self.language]) if law.section else name

    def citation(self, basis: str) -> str:
        """A citation as output."""
        words = self.citation_words(basis)
        return self.encode(basis if words is None else words)

    def basis(self, basis: str) -> str:
        """'oppfyllelse av avtale (GDPR art. 6 (1) b)'; a law is its citation."""
        if basis in LEGAL_BASES:
            return self.encode(self.labels.basis(basis, self.language))
        return self.citation(basis)

    def ground(self, ground: LegalGround) -> str:
        if not ground.data_subjects:
            return self.basis(ground.basis)
        return self.label("basis.for_groups", basis=self.basis(ground.basis), groups=self.groups(ground.data_subjects))

    def grounds(self, grounds: Iterable[LegalGround]) -> list[str]:
        return [self.ground(g) for g in grounds]

    def groups(self, ids: Iterable[str]) -> str:
        return self.join(self.text(self.policy.data_subject(i).name) for i in ids)

    # -- retention ----------------------------------------------------------------------------------
    def duration(self, value: Duration) -> str:
        return self.encode(self.labels.duration(value, self.language))

    def date(self, value) -> str:
        return self.encode(self.labels.date(value, self.language))

    def event(self, event_id: str) -> str:
        own = self.policy.event(event_id)
        if own is not None:
            return self.text(own.text)
        return self.label(f"event.{event_id}") if event_id in EVENTS else self.encode(event_id)

    def _how_long(self, retention: Retention) -> tuple[str, dict[str, str]]:
        """The form of the period (a suffix of retention.* / period.* labels) and its values."""
        if retention.not_stored:
            return "not_stored", {}
        if retention.duration is not None:
            values = {"duration": self.duration(retention.duration)}
            if retention.after:
                values["event"] = self.event(retention.after)
                return ("minimum_after" if retention.minimum else "after"), values
            return ("minimum" if retention.minimum else "fixed"), values
        if retention.until_event:
            return "until_event", {"event": self.event(retention.until_event)}
        if retention.until_date:
            return "until_date", {"date": self.date(retention.until_date)}
        return "criteria_only", {}

    def _additions(self, retention: Retention, prefix: str) -> str:
        extra = self.label(f"{prefix}.anonymised") if retention.anonymised else ""
        if retention.law:
            extra += self.label(f"{prefix}.law", law=self.citation(retention.law))
        return extra

    def retention_sentence(self, rule: RetentionRule) -> str:
        """'Supportsaker innsendt på mail lagres i 3 år.' (criteria, if any, follow as their own text)."""
        form, values = self._how_long(rule.retention)
        number = "singular" if rule.singular else "plural"
        sentence = self.label(f"retention.{form}", number, subject=self.text(rule.subject), **values)
        return sentence + self._additions(rule.retention, "retention") + self.encode(".")

    def period(self, retention: Retention) -> str:
        """The period alone, short: '3 år', 'til avtalen opphører', 'minst 5 år (bokføringsloven § 13)'."""
        form, values = self._how_long(retention)
        return self.label(f"period.{form}", **values) + self._additions(retention, "period")

    # -- places and parties -------------------------------------------------------------------------
    def countries(self, codes: Iterable[str]) -> str:
        return self.encode(self.labels.countries(tuple(codes), self.language))

    def contact_point(self, joint: JointControllers) -> str:
        """Who answers requests about the reader's rights (GDPR art. 26 (1))."""
        if joint.contact_point in ("controller", "any"):
            return self.label(f"joint.contact_point.{joint.contact_point}")
        named = next(j for j in joint.items if j.id == joint.contact_point)
        return self.label("joint.contact_point.other", name=self.text(named.name))

    def role(self, role: str) -> str:
        return self.label(f"role.{role}")

    def safeguard(self, safeguard: str) -> str:
        return self.label("transfer.safeguard", safeguard=self.label(f"transfer.{safeguard}"),
                          article=self.encode(str(SAFEGUARDS[safeguard])))

    def address_lines(self, address: Address) -> list[str]:
        """'Kjeller Vest 1' / 'NO-2007 Kjeller', the way the seed statement writes it."""
        country = address.country or self.policy.controller.country
        place = address.city if not address.postcode else (
            f"{country}-{address.postcode} {address.city}" if country else f"{address.postcode} {address.city}")
        return [self.encode(line) for line in (address.street, place) if line]
