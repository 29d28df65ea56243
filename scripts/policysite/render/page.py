"""Render a validated `Policy` into one Markdown page per language, from one template.

Output is plain Markdown (with the attr_list extension for anchors), so any
Python-Markdown based site engine can build it; nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

from ..model.law import REFERENCE, RIGHTS, SAFEGUARDS
from ..model.policy import PhoneNumber, Policy, RetentionRule, Right, Text, Transfer
from ..problems import Problem, sort_problems
from .labels import Labels

MARKER = "<!-- GENERATED FILE: made from policy.yaml by policysite. Do not edit; edit policy.yaml instead. -->"

_TEMPLATES = Path(__file__).with_name("templates")
_BLANK_RUNS = re.compile(r"\n{3,}")
# Markdown would read these at the start of a text as a heading, list, quote, a horizontal
# rule ("***", "- - -") or (for "[label]: ...") a link definition, which would make the text
# vanish from the page.
_BLOCK_START = re.compile(r"^(#|(?:[-*_]\s*){3,}$|[-+*](?=\s)|\d+(?=[.)]\s)|=|>|\[(?=[^\]]*\]:))")
# Braces would be read as attribute lists ({: onclick=...}); backticks as code spans, inside
# which the escaped "<" would show as "&lt;".
_INLINE_SPECIAL = re.compile(r"[{}`]")


def escape_inline(text: str) -> str:
    """Text from policy.yaml may use inline Markdown (emphasis, links) but never raw HTML or blocks."""
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), html.escape(text, quote=False))
    return _BLOCK_START.sub(lambda m: "\\" + m.group(0) if not m.group(0)[0].isdigit() else m.group(0) + "\\",
                            text)


@dataclass(frozen=True)
class PageContext:
    """What the template needs for one language: the policy and language-bound helpers."""

    policy: Policy
    language: str
    labels: Labels
    # A text such as a category name appears in many places of a page: word it once.
    _texts: dict[Text, str] = field(default_factory=dict, compare=False, repr=False)

    def t(self, key: str, **values: str) -> str:
        return self.labels.get(key, self.language, **values)

    def text(self, value: Text) -> str:
        if value not in self._texts:
            # split out the {art6-1-b} references first: escaping turns braces into "\{"
            parts = REFERENCE.split(value[self.language])  # text, reference, text, ...
            self._texts[value] = "".join(self.citation(part) if i % 2 else escape_inline(part)
                                         for i, part in enumerate(parts))
        return self._texts[value]

    def plain(self, value: str) -> str:
        return escape_inline(value)

    def citation(self, basis_id: str) -> str:
        return self.labels.citation(basis_id, self.language)

    def bases(self, ids: tuple[str, ...]) -> str:
        return "; ".join(self.labels.basis(i, self.language) for i in ids)

    def categories(self, ids: tuple[str, ...]) -> str:
        return ", ".join(self.text(self.policy.category(i).name) for i in ids)

    def retention(self, rule: RetentionRule, form: str = "retention") -> str:
        """A rule as a sentence (form "retention") or a short phrase (form "retention.short")."""
        subject = self.text(rule.subject)
        if rule.period is None:
            return self.t(f"{form}.not_stored" if form == "retention" else "retention.short_not_stored",
                          subject=subject)
        period = self.labels.duration(rule.period, self.language)
        return self.t("retention.kept" if form == "retention" else "retention.short_kept",
                      subject=subject, period=period)

    def version_line(self, version: str | None = None, date: datetime.date | None = None) -> str:
        return self.t("version_line", version=self.plain(version or self.policy.version),
                      date=self.labels.date(date or self.policy.effective_date, self.language))

    def recipient_links(self) -> str:
        return "; ".join(f"[{self.text(d.recipient)}](#disclosure-{d.id})" for d in self.policy.disclosures)

    def purpose_links(self, purposes) -> str:
        return "; ".join(f"[{self.text(p.title)}](#purpose-{p.id})" for p in purposes)

    def bases_used(self, purposes) -> list[str]:
        """Distinct legal bases of `purposes`, in order of first use."""
        return list(dict.fromkeys(basis for p in purposes for basis in p.legal_bases))

    def overview_rows(self) -> list[tuple[str, str, str, str]]:
        rows = []
        for category in self.policy.data_categories:
            purposes = self.policy.purposes_using(category.id)
            rules = self.policy.retention_of(category.id)
            cells = (
                self.text(category.name),
                self.purpose_links(purposes),
                "; ".join(self.citation(b) for b in self.bases_used(purposes)),
                "; ".join(self.retention(r, "retention.short") for r in rules)
                or self.t("overview.no_retention", heading=f"[{self.text(self.policy.retention_section.heading)}]"
                                                           "(#retention)"),
            )
            rows.append(tuple(cell.replace("|", "\\|") for cell in cells))  # a "|" would end the cell
        return rows

    def right(self, right: Right) -> str:
        return self.t("right.name", name=self.t("right." + right.right), article=str(RIGHTS[right.right]))

    def rights_summary(self) -> str:
        return ", ".join(self.t("right." + right.right) for right in self.policy.rights)

    def transfer(self, transfer: Transfer) -> str:
        return self.t("transfer.line", recipient=self.text(transfer.recipient),
                      countries=self.labels.countries(transfer.countries, self.language),
                      safeguard=self.t("transfer." + transfer.safeguard),
                      article=str(SAFEGUARDS[transfer.safeguard]))

    def contact_lines(self, phone: PhoneNumber | None, email: str | None) -> list[str]:
        lines = [f"{self.t('contact.phone')} [{self.plain(phone.display)}](tel:{phone.e164})"] if phone else []
        return lines + ([f"{self.t('contact.email')} [{self.plain(email)}](mailto:{email})"] if email else [])


@functools.cache
def _environment() -> jinja2.Environment:
    # One per process: building it and compiling the template cost more than rendering a
    # short policy. Its template cache still reloads policy.md.j2 when the file changes.
    import jinja2  # only when rendering: `check` never needs it

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=False,  # Markdown output; texts are escaped by PageContext.text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # compiled templates kept between processes (Jinja's per-user folder, keyed by the template's
        # source): compiling them took 30 ms of every build of a short policy
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )


def render_problem_page(problems: list[Problem]) -> str:
    """A preview page listing what is wrong, shown by a live preview instead of the policy."""
    items = []
    for problem in sort_problems(problems):
        where = f"{problem.location}" + (f" · {problem.path}" if problem.path else "")
        item = f"- `{where}` — {escape_inline(problem.message)}"
        if problem.hint:
            item += f"  \n  *How to fix:* {escape_inline(problem.hint)}"
        items.append(item)
    body = "\n".join(items)
    return (f"{MARKER}\n\n# policy.yaml has problems {{ #problems }}\n\n"
            "This preview shows the problems until policy.yaml is fixed; it reloads when you save. "
            "Nothing is published from a policy with problems.\n\n"
            f"{body}\n")


# Markdown file name -> template; the same set of pages in every language.
PAGES = {"index.md": "policy.md.j2", "history.md": "history.md.j2"}
TEMPLATE_FILES = tuple(sorted(_TEMPLATES.glob("*.j2")))  # pages and the parts they include


def render_pages(policy: Policy, labels: Labels) -> dict[str, str]:
    """Markdown for every page of every language, keyed by path ("no/index.md")."""
    environment = _environment()
    pages = {}
    for language in policy.languages:
        context = PageContext(policy, language, labels)
        for name, template in PAGES.items():
            body = environment.get_template(template).render(page=context, policy=policy)
            body = _BLANK_RUNS.sub("\n\n", body).strip()
            pages[f"{language}/{name}"] = f"{MARKER}\n\n{body}\n"
    return pages
