"""Render a validated `Policy` into one Markdown page per language, from one template.

Output is plain Markdown (with the attr_list extension for anchors), so any
Python-Markdown based site engine can build it; nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..model.law import LEGAL_BASES, RIGHTS, SAFEGUARDS
from ..model.policy import PhoneNumber, Policy, RetentionRule, Right, Text, Transfer
from ..problems import Location, PolicyError, Problem, sort_problems
from ..source.limits import MAX_PAGE_COST, MAX_PARAGRAPH_COST, REFERENCE_COST
from . import encode
from .labels import Labels

MARKER = "<!-- GENERATED FILE: made from policy.yaml by policysite. Do not edit; edit policy.yaml instead. -->"

_TEMPLATES = Path(__file__).with_name("templates")
_BLANK_RUNS = re.compile(r"\n{3,}")


class PageTooLarge(Exception):
    """A page over a limit of source/limits.py: raised while rendering, so the work stays bounded."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class _Budget:
    """What is left of one language's MAX_PAGE_COST; every text and link on its pages spends from it."""

    language: str
    left: int = MAX_PAGE_COST

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise PageTooLarge(
                f"the '{self.language}' pages would be too large to build in reasonable time: their texts cost "
                f"more than the limit of {MAX_PAGE_COST:,} (a letter, digit or space costs 1; any other character, "
                f"and each link, {REFERENCE_COST})",
                "pages grow fastest when long texts are repeated through references, e.g. a long data category "
                "name listed by thousands of purposes: shorten names and titles, or list fewer references")


@dataclass(frozen=True)
class PageContext:
    """What the template needs for one language: the policy and language-bound helpers."""

    policy: Policy
    language: str
    labels: Labels
    # A text such as a category name appears in many places of a page: encode it once (with its cost).
    _texts: dict[tuple[Text, bool], tuple[str, int]] = field(default_factory=dict, compare=False, repr=False)
    _budget: _Budget | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_budget", _Budget(self.language))

    def t(self, key: str, **values: str) -> str:
        """A label (the generator's own Markdown); `values` are page content already encoded."""
        return self.labels.get(key, self.language, **values)

    def text(self, value: Text) -> str:
        """A text from policy.yaml as inline content, exactly as typed (see encode.py), its citations
        worded. Safe in any inline place, a link's text included: it makes no link itself."""
        return self._encoded(value, links=False)

    def prose(self, value: Text) -> str:
        """`text`, with each https:// and e-mail address typed in it linked to itself: for paragraphs and
        other texts that are not inside a link (a link inside a link is not HTML)."""
        return self._encoded(value, links=True)

    def _encoded(self, value: Text, links: bool) -> str:
        key = (value, links)
        if key not in self._texts:
            markdown = encode.inline(value[self.language], self._cite, links)
            self._texts[key] = markdown, encode.cost(markdown)
        markdown, cost = self._texts[key]
        self._budget.spend(cost)
        return markdown

    def plain(self, value: str) -> str:
        """A one-language value (a name, a street, a version) as inline content, exactly as typed."""
        markdown = encode.plain(value)
        self._budget.spend(encode.cost(markdown))
        return markdown

    def link(self, markdown_text: str, target: str) -> str:
        """A link to `target` (an anchor such as #purpose-x, or an https:// address) with encoded text."""
        self._budget.spend(REFERENCE_COST)
        return encode.link(markdown_text, target)

    def email_link(self, address: str) -> str:
        return self.link(self.plain(address), "mailto:" + address)

    def phone_link(self, phone: PhoneNumber) -> str:
        return self.link(self.plain(phone.display), "tel:" + phone.e164)

    def _cite(self, basis_id: str) -> str | None:
        return self.labels.citation(basis_id, self.language) if basis_id in LEGAL_BASES else None

    def citation(self, basis_id: str) -> str:
        return encode.plain(self.labels.citation(basis_id, self.language))

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
        period = encode.plain(self.labels.duration(rule.period, self.language))
        return self.t("retention.kept" if form == "retention" else "retention.short_kept",
                      subject=subject, period=period)

    def version_line(self, version: str | None = None, date: datetime.date | None = None) -> str:
        return self.t("version_line", version=self.plain(version or self.policy.version),
                      date=encode.plain(self.labels.date(date or self.policy.effective_date, self.language)))

    def recipient_links(self) -> str:
        return "; ".join(self.link(self.text(d.recipient), f"#disclosure-{d.id}")
                         for d in self.policy.disclosures)

    def purpose_links(self, purposes) -> str:
        return "; ".join(self.link(self.text(p.title), f"#purpose-{p.id}") for p in purposes)

    def bases_used(self, purposes) -> list[str]:
        """Distinct legal bases of `purposes`, in order of first use."""
        return list(dict.fromkeys(basis for p in purposes for basis in p.legal_bases))

    def overview_rows(self) -> list[tuple[str, str, str, str]]:
        rows = []
        for category in self.policy.data_categories:
            purposes = self.policy.purposes_using(category.id)
            rules = self.policy.retention_of(category.id)
            rows.append((
                self.text(category.name),
                self.purpose_links(purposes),
                "; ".join(self.citation(b) for b in self.bases_used(purposes)),
                "; ".join(self.retention(r, "retention.short") for r in rules)
                or self.t("overview.no_retention",
                          heading=self.link(self.text(self.policy.retention_section.heading),
                                            "#retention")),
            ))
        return rows

    def right(self, right: Right) -> str:
        return self.t("right.name", name=self.t("right." + right.right), article=str(RIGHTS[right.right]))

    def rights_summary(self) -> str:
        return ", ".join(self.t("right." + right.right) for right in self.policy.rights)

    def transfer(self, transfer: Transfer) -> str:
        return self.t("transfer.line", recipient=self.text(transfer.recipient),
                      countries=encode.plain(self.labels.countries(transfer.countries, self.language)),
                      safeguard=self.t("transfer." + transfer.safeguard),
                      article=str(SAFEGUARDS[transfer.safeguard]))

    def contact_lines(self, phone: PhoneNumber | None, email: str | None) -> list[str]:
        lines = [f"{self.t('contact.phone')} {self.phone_link(phone)}"] if phone else []
        return lines + ([f"{self.t('contact.email')} {self.email_link(email)}"] if email else [])


@functools.cache
def _environment() -> jinja2.Environment:
    # One per process: building it and compiling the template cost more than rendering a
    # short policy. Its template cache still reloads policy.md.j2 when the file changes.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=False,  # Markdown output; texts are encoded by PageContext (render/encode.py)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_PROBLEMS_SHOWN = 1000


def render_problem_page(problems: list[Problem]) -> str:
    """A preview page listing what is wrong, shown by a live preview instead of the policy."""
    items = []
    shown = sort_problems(problems)[:_PROBLEMS_SHOWN]  # the page stays quick to build, whatever the file holds
    for problem in shown:
        where = f"{problem.location}" + (f" · {problem.path}" if problem.path else "")
        item = f"- {encode.plain(where)} — {encode.plain(problem.message)}"
        if problem.hint:
            item += f"  \n  *How to fix:* {encode.plain(problem.hint)}"
        items.append(item)
    if len(problems) > len(shown):
        items.append(f"- … and {len(problems) - len(shown):,} more: run `make check` to see them all")
    body = "\n".join(items)
    return (f"{MARKER}\n\n# policy.yaml has problems {{ #problems }}\n\n"
            "This preview shows the problems until policy.yaml is fixed; it reloads when you save. "
            "Nothing is published from a policy with problems.\n\n"
            f"{body}\n")


# Markdown file name -> template; the same set of pages in every language.
PAGES = {"index.md": "policy.md.j2", "history.md": "history.md.j2"}
TEMPLATE_FILES = tuple(sorted(_TEMPLATES.glob("*.j2")))  # pages and the parts they include


def render_pages(policy: Policy, labels: Labels, source: str = "policy.yaml") -> dict[str, str]:
    """Markdown for every page of every language, keyed by path ("no/index.md"). Raises PolicyError
    when a page would pass a limit of source/limits.py (`source` names the file in the message)."""
    environment = _environment()
    pages = {}
    try:
        for language in policy.languages:
            context = PageContext(policy, language, labels)
            for name, template in PAGES.items():
                body = environment.get_template(template).render(page=context, policy=policy)
                body = _BLANK_RUNS.sub("\n\n", body).strip()
                _check_paragraphs(body, f"{language}/{name}")
                pages[f"{language}/{name}"] = f"{MARKER}\n\n{body}\n"
    except PageTooLarge as error:
        raise PolicyError([Problem(Location(source, 0, 0), "", error.message, error.hint)]) from None
    return pages


_ANCHOR = re.compile(r"\{:? ?#([a-z0-9-]+)")


def _check_paragraphs(body: str, page: str) -> None:
    """Python-Markdown's work on one paragraph grows with its length times its references and links."""
    if encode.cost(body) <= MAX_PARAGRAPH_COST:
        return
    for match in re.finditer(r"[^\n]+", body):
        cost = encode.cost(match.group(0))
        if cost > MAX_PARAGRAPH_COST:
            near = _ANCHOR.findall(body, 0, match.end() + 200)
            where = f" (in the part '#{near[-1]}')" if near else ""
            raise PageTooLarge(
                f"the page {page} would have a paragraph, list item or table row{where} that costs {cost:,}, more "
                f"than the limit of {MAX_PARAGRAPH_COST:,} (a letter, digit or space costs 1; any other character, "
                f"and each link, {REFERENCE_COST})",
                "it lists too many or too long names in one place: shorten the names, or list fewer references")
