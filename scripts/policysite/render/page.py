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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

from ..model.law import RIGHTS, SAFEGUARDS
from ..model.policy import (
    Address,
    Contact,
    JointControllers,
    Paragraph,
    Policy,
    Prose,
    Recipient,
    RetentionRule,
    Right,
    Section,
    Text,
)
from ..model.validate import DEFAULT_AFTER, SECTION_ANCHORS
from ..problems import Location, PolicyError, Problem, sort_problems
from ..source.limits import MAX_PAGE_COST, MAX_PARAGRAPH_COST, REFERENCE_COST
from . import encode
from .labels import Labels
from .layers import OverviewRow, change_notice, overview, summary
from .wording import Words

MARKER = "<!-- GENERATED FILE: made from policy.yaml by policysite. Do not edit; edit policy.yaml instead. -->"

_TEMPLATES = Path(__file__).with_name("templates")
# \n{3,} written so that `re` finds each run by its literal prefix: 7x faster on the page of a large policy
_BLANK_RUNS = re.compile(r"\n\n\n+")


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

    def spend(self, markdown: str) -> None:
        self.left -= encode.cost(markdown)
        if self.left < 0:
            raise PageTooLarge(
                f"the '{self.language}' pages would be too large to build in reasonable time: their texts cost "
                f"more than the limit of {MAX_PAGE_COST:,} (a letter, digit or space costs 1; any other character, "
                f"and each link, {REFERENCE_COST})",
                "pages grow fastest when long texts are repeated through references, e.g. a long data category "
                "name listed by thousands of purposes: shorten names and titles, or list fewer references")


@dataclass
class PageContext:
    """What the templates need for one language: the policy, and helpers that return page content.

    Every helper returns Markdown that is safe to place as it is: labels and typed texts go
    through the one encoder (render/encode.py) exactly once, in `Words`, so the templates never
    escape anything; links are made only by `link` and the helpers built on it."""

    policy: Policy
    language: str
    labels: Labels
    words: Words = field(init=False)
    _budget: _Budget = field(init=False, repr=False)
    _cell_labels: dict[str, str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._budget = _Budget(self.language)
        # typed texts make no links here: they may be a link's text; `prose` links addresses
        self.words = Words(self.policy, self.labels, self.language, encode.plain,
                           lambda typed, cite: encode.inline(typed, cite, links=False), self._budget.spend)

    # -- words --------------------------------------------------------------------------------------
    def t(self, key: str, form: str | None = None, **values: str) -> str:
        return self.words.label(key, form, **values)

    def count(self, key: str, count: int, **values: str) -> str:
        """`key` in the grammatical form CLDR's plural rules give `count` ('1 formål', '5 purposes')."""
        return self.t(key, self.labels.plural_form(count, self.language), count=self.plain(str(count)), **values)

    def text(self, value: Text) -> str:
        return self.words.text(value)

    def plain(self, value: str) -> str:
        """A one-language value (a name, a street, a version) as inline content, exactly as typed."""
        markdown = encode.plain(value)
        self._budget.spend(markdown)
        return markdown

    def prose(self, value: Prose) -> str:
        """Paragraphs and bullet lists as Markdown blocks, in the order the policy gives them; an
        https:// or e-mail address typed in them links to exactly itself (never inside a link)."""
        blocks = []
        for block in value.blocks:
            if isinstance(block, Paragraph):
                blocks.append(self._linked(block.text))
            else:
                blocks.append("\n".join(f"- {self._linked(item)}" for item in block.items))
        return "\n\n".join(blocks)

    def _linked(self, value: Text) -> str:
        markdown = encode.inline(value[self.language], self.words.citation_words, links=True)
        self._budget.spend(markdown)
        return markdown

    def link(self, markdown_text: str, target: str) -> str:
        """A link to `target` (an anchor such as #purpose-x, or an https:// address), its text encoded."""
        markdown = encode.link(markdown_text, target)
        self._budget.spend(markdown)
        return markdown

    def email_link(self, address: str) -> str:
        return self.link(self.plain(address), "mailto:" + address)

    def phone_link(self, phone) -> str:
        return self.link(self.plain(phone.display), "tel:" + phone.e164)

    def prose_line(self, value: Prose) -> str:
        """Prose that must stay on one line (a list item, a table cell): its texts joined."""
        return " ".join(self.text(text) for text in value.texts())

    def heading(self, section: Section | None, anchor: str) -> str:
        """The policy's own heading for a section, or the generator's default words."""
        if section is not None and section.heading is not None:
            return self.text(section.heading)
        return self.t(f"heading.{anchor}")

    def version_line(self, version: str | None = None, date: datetime.date | None = None) -> str:
        return self.t("version_line", version=self.plain(version or self.policy.version),
                      date=self.words.date(date or self.policy.effective_date))

    def join(self, parts) -> str:
        return self.words.join(parts)

    # -- the page's order ---------------------------------------------------------------------------
    def sections(self) -> list[tuple[str, object]]:
        """(anchor, content) of every section on the policy page, in order: the built-in sections the
        policy has, and its own sections placed after the section each names."""
        p = self.policy
        builtin = {
            "summary": True, "overview": True, "data-subjects": p.data_subjects,
            "data-categories": p.data_categories, "purposes": p.purposes, "legal-basis": p.legal_basis,
            "automated-decisions": p.automated_decisions, "retention": p.retention, "sharing": p.sharing,
            "recipients": p.recipients, "transfers": p.transfers or (p.transfer_list and Section()),
            "sources": p.sources, "requirement-to-provide": p.requirement_to_provide, "rights": p.rights,
            "complaint": p.complaint, "joint-controllers": p.joint_controllers, "representative": p.representative,
            "data-protection-officer": p.data_protection_officer, "contact": p.contact,
        }
        following: dict[str, list] = {}
        for own in p.sections:
            following.setdefault(own.after or DEFAULT_AFTER, []).append(own)
        order: list[tuple[str, object]] = []

        def place(anchor: str, content: object) -> None:
            if content:
                order.append((anchor, content))
            for own in following.get(anchor if anchor in builtin else getattr(content, "id", ""), []):
                place(f"section-{own.id}", own)

        for anchor in SECTION_ANCHORS:
            place(anchor, builtin[anchor])
        return order

    # -- legal bases --------------------------------------------------------------------------------
    def citation(self, basis: str) -> str:
        return self.words.citation(basis)

    def grounds(self, grounds) -> str:
        return self.plain("; ").join(self.words.grounds(grounds))

    def bases_used(self, clauses) -> list[str]:
        """Distinct legal bases of `clauses` (purposes, recipients), in order of first use."""
        return list(dict.fromkeys(basis for clause in clauses for basis in clause.basis_ids))

    def bases(self, ids) -> str:
        return self.plain("; ").join(self.words.basis(i) for i in ids)

    # -- clauses ------------------------------------------------------------------------------------
    def categories(self, ids) -> str:
        return self.join(self.text(self.policy.category(i).name) for i in ids)

    def names(self, clauses) -> str:
        """The names of clauses that have one (data categories, groups), joined as the language lists."""
        return self.join(self.text(clause.name) for clause in clauses)

    def purposes_named(self, ids) -> str:
        return self.join(self.text(self.policy.purpose(i).title) for i in ids)

    def groups(self, ids) -> str:
        return self.words.groups(ids)

    def retention(self, rule: RetentionRule) -> str:
        return self.words.retention_sentence(rule)

    def period(self, rule: RetentionRule) -> str:
        return self.t("retention.short", subject=self.text(rule.subject), period=self.words.period(rule.retention))

    def overview_row(self, row: OverviewRow) -> str:
        """One row of the overview table: the purpose, its data, its legal bases, how long its data is kept.
        Each cell starts with its column's label, which the stylesheet shows only where the row reads as a
        block (narrow screens); "<br>" separates the items of a cell."""
        if self._cell_labels is None:
            self._cell_labels = {key: f'<span class="policy-cell-label">{self.t(key)}</span> '
                                 for key in ("overview.category", "overview.legal_bases", "overview.retention")}
        labels, rule_links = self._cell_labels, []
        for retention in row.retention:
            covers = (" (" + self.t("overview.covers", names=self.names(retention.covers)) + ")"
                      if retention.covers else "")
            rule_links.append(self.link(self.period(retention.rule), f"#retention-{retention.rule.id}") + covers)
        if row.not_covered:
            heading = self.heading(self.policy.retention.section if self.policy.retention else None, "retention")
            see = self.link(heading, "#retention") if self.policy.retention else heading
            rule_links.append(self.t("overview.not_covered", names=self.names(row.not_covered)) + " " + see)
        cells = (
            self.link(self.text(row.purpose.title), f"#purpose-{row.purpose.id}"),
            labels["overview.category"] + "<br>".join(self.text(c.name) for c in row.categories),
            labels["overview.legal_bases"] + "<br>".join(self.words.grounds(row.grounds)),
            labels["overview.retention"] + "<br>".join(rule_links),
        )
        return "| " + " | ".join(cells) + " |"

    def right(self, right: Right) -> str:
        return self.t("right.name", name=self.t("right." + right.right),
                      article=self.plain(str(RIGHTS[right.right].article)))

    def rights_summary(self) -> str:
        return self.join(self.t("right." + right.right) for right in self.policy.rights.items)

    def countries(self, codes) -> str:
        return self.words.countries(codes)

    def transfer(self, recipient: Recipient) -> str:
        return self.t("transfer.line", recipient=self.text(recipient.name),
                      countries=self.words.countries(recipient.third_countries),
                      safeguard=self.t("transfer." + recipient.safeguard),
                      article=self.plain(str(SAFEGUARDS[recipient.safeguard])))

    def contact_point(self, joint: JointControllers) -> str:
        return self.words.contact_point(joint)

    def address_lines(self, address: Address | None) -> list[str]:
        return self.words.address_lines(address) if address else []

    def contact_lines(self, contact: Contact) -> list[str]:
        """Phone, e-mail and contact form, each a link; the address is written by address_lines."""
        lines = []
        if contact.phone:
            lines.append(f"{self.t('contact.phone')} {self.phone_link(contact.phone)}")
        if contact.email:
            lines.append(f"{self.t('contact.email')} {self.email_link(contact.email)}")
        if contact.web_form:
            lines.append(f"{self.t('contact.web_form')} {self.link(self.plain(contact.web_form), contact.web_form)}")
        return lines

    def first_contact(self, contact: Contact) -> str:
        """The first way to reach the controller, as a link (for the summary)."""
        if contact.email:
            return self.email_link(contact.email)
        if contact.phone:
            return self.phone_link(contact.phone)
        if contact.web_form:
            return self.link(self.plain(contact.web_form), contact.web_form)
        return self.plain(", ").join(self.address_lines(contact.address))


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


def render_pages(policy: Policy, labels: Labels, today: datetime.date | None = None,
                 source: str = "policy.yaml", languages: tuple[str, ...] | None = None) -> dict[str, str]:
    """Markdown for every page of every language (or of `languages`), keyed by path ("no/index.md"), as of
    `today` (the build date: it decides whether the page announces its version as new). Raises PolicyError
    when a page would pass a limit of source/limits.py (`source` names the file in the message)."""
    environment = _environment()
    layers = {"notice": change_notice(policy, today or policy.effective_date),
              "in_short": summary(policy), "overview": overview(policy)}  # the same in every language
    pages = {}
    try:
        for language in policy.languages if languages is None else languages:
            context = PageContext(policy, language, labels)
            for name, template in PAGES.items():
                body = environment.get_template(template).render(page=context, policy=policy, **layers)
                body = _BLANK_RUNS.sub("\n\n", body).strip()
                _check_paragraphs(body, f"{language}/{name}")
                pages[f"{language}/{name}"] = f"{MARKER}\n\n{body}\n"
    except PageTooLarge as error:
        raise PolicyError([Problem(Location(source, 0, 0), "", error.message, error.hint)]) from None
    return pages


_ANCHOR = re.compile(r"\{:? ?#([a-z0-9-]+)|id=\"([a-z0-9-]+)\"")


def _check_paragraphs(body: str, page: str) -> None:
    """Python-Markdown's work on one paragraph grows with its length times its references and links."""
    if encode.cost(body) <= MAX_PARAGRAPH_COST:
        return
    end = -1
    for line in body.split("\n"):
        end += len(line) + 1
        # a character costs at most REFERENCE_COST: a shorter line cannot pass the limit (most lines of a large page)
        if len(line) * REFERENCE_COST <= MAX_PARAGRAPH_COST:
            continue
        cost = encode.cost(line)
        if cost > MAX_PARAGRAPH_COST:
            # the last anchor up to the line's end: a heading's is on its line, a clause's (a <div id>) before it
            near = [a or b for a, b in _ANCHOR.findall(body, 0, end)]
            where = f" (in the part '#{near[-1]}')" if near else ""
            raise PageTooLarge(
                f"the page {page} would have a paragraph, list item or table row{where} that costs {cost:,}, more "
                f"than the limit of {MAX_PARAGRAPH_COST:,} (a letter, digit or space costs 1; any other character, "
                f"and each link, {REFERENCE_COST})",
                "it lists too many or too long names in one place: shorten the names, or list fewer references")
