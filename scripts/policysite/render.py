"""Render a validated `Policy` into one Markdown page per language, from one template.

Output is plain Markdown (with the attr_list extension for anchors), so any
Python-Markdown based site engine can build it; nothing here knows MkDocs.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .labels import Labels
from .legal import LEGAL_BASES, REFERENCE
from .model import Policy, RetentionRule, Text

MARKER = "<!-- GENERATED FILE: made from policy.yaml by policysite. Do not edit; edit policy.yaml instead. -->"

_TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = _TEMPLATES / "policy.md.j2"
_BLANK_RUNS = re.compile(r"\n{3,}")
# Markdown would read these at the start of a text as a heading, list or quote.
_BLOCK_START = re.compile(r"^(#|[-+*](?=\s)|\d+(?=[.)]\s)|=|>)")


def escape_inline(text: str) -> str:
    """Text from policy.yaml may use inline Markdown (emphasis, links) but never raw HTML or blocks."""
    text = html.escape(text, quote=False)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(0) if not m.group(0)[0].isdigit() else m.group(0) + "\\",
                            text)


@dataclass(frozen=True)
class PageContext:
    """What the template needs for one language: the policy and language-bound helpers."""

    policy: Policy
    language: str
    labels: Labels

    def t(self, key: str, **values: str) -> str:
        return self.labels.get(key, self.language, **values)

    def text(self, value: Text) -> str:
        rendered = escape_inline(value[self.language])
        return REFERENCE.sub(lambda m: self.citation(m.group(1)), rendered)

    def plain(self, value: str) -> str:
        return escape_inline(value)

    def citation(self, basis_id: str) -> str:
        return self.t("legal_basis.citation", letter=LEGAL_BASES[basis_id].letter)

    def bases(self, ids: tuple[str, ...]) -> str:
        return "; ".join(f"{self.t('legal_basis.' + i)} ({self.citation(i)})" for i in ids)

    def categories(self, ids: tuple[str, ...]) -> str:
        return ", ".join(self.text(self.policy.category(i).name) for i in ids)

    def retention(self, rule: RetentionRule) -> str:
        subject = self.text(rule.subject)
        if rule.period is None:
            return self.t("retention.not_stored", subject=subject)
        return self.t("retention.kept", subject=subject,
                      period=self.labels.duration(rule.period, self.language))

    def version_line(self) -> str:
        return self.t("version_line", version=self.plain(self.policy.version),
                      date=self.labels.date(self.policy.effective_date, self.language))


@functools.cache
def _environment() -> jinja2.Environment:
    # One per process: building it and compiling the template cost more than rendering a
    # short policy. Its template cache still reloads policy.md.j2 when the file changes.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=False,  # Markdown output; texts are escaped by PageContext.text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_pages(policy: Policy, labels: Labels) -> dict[str, str]:
    """Markdown for each language, keyed by language code."""
    template = _environment().get_template(TEMPLATE.name)
    pages = {}
    for language in policy.languages:
        body = template.render(page=PageContext(policy, language, labels), policy=policy)
        body = _BLANK_RUNS.sub("\n\n", body).strip()
        pages[language] = f"{MARKER}\n\n{body}\n"
    return pages
