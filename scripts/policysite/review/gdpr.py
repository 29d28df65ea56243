"""The GDPR art. 13 / 14 completeness report: which information items the policy gives.

Each item is present, missing or not applicable, with the place in policy.yaml that
shows it (or where to add it). The report only reads the structured policy: it
never judges the legal wording, and it never fills a gap itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ..model.law import MAY_NOT_APPLY, RIGHTS
from ..model.policy import Policy
from ..problems import Location, Problem, Severity
from ..source.nodes import Source, node_at


class Status(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class Finding:
    status: Status
    paths: tuple[str, ...] = ()  # where it is, or (when missing) where it belongs
    note: str = ""


@dataclass(frozen=True)
class Item:
    id: str  # e.g. "13-1-b"; the ids gdpr_not_applicable may name are in legal.MAY_NOT_APPLY
    article: str  # e.g. "art. 13 (1) b"
    title: str
    hint: str  # how to fill the gap
    assess: Callable[[Policy], Finding]


@dataclass(frozen=True)
class Result:
    item: Item
    finding: Finding
    lines: tuple[int, ...]  # line of each path in policy.yaml, 0 when it is not there yet


@dataclass
class Report:
    source: str
    policy: Policy
    results: list[Result]
    problems: list[Problem] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(r.finding.status is status for r in self.results)


def _section(present: bool, path: str) -> Finding:
    return Finding(Status.PRESENT if present else Status.MISSING, (path,))


def _companion(basis: str, key: str) -> Callable[[Policy], Finding]:
    """Items that every purpose relying on `basis` must state in `key`."""
    def assess(policy: Policy) -> Finding:
        relying = [(i, p) for i, p in enumerate(policy.purposes) if basis in p.legal_bases]
        if not relying:
            return Finding(Status.NOT_APPLICABLE, note=f"no purpose relies on {basis}")
        lacking = [(i, p) for i, p in relying if getattr(p, key) is None]
        if lacking:
            return Finding(Status.MISSING, tuple(f"purposes.items[{i}]" for i, _ in lacking),
                           f"no '{key}' for: " + ", ".join(p.id for _, p in lacking))
        return Finding(Status.PRESENT, tuple(f"purposes.items[{i}].{key}" for i, _ in relying))
    return assess


def _retention(policy: Policy) -> Finding:
    kept = {ref for rule in policy.retention_rules for ref in rule.data_categories}
    unruled = [c.id for c in policy.data_categories if c.id not in kept]
    if unruled:
        return Finding(Status.MISSING, ("retention.rules",), "no retention rule for: " + ", ".join(unruled))
    return Finding(Status.PRESENT, ("retention.rules",))


def _rights(policy: Policy) -> Finding:
    if policy.rights_section is None:
        return Finding(Status.MISSING, ("rights",))
    absent = [right for right in RIGHTS if right not in {r.right for r in policy.rights}]
    if absent:
        return Finding(Status.MISSING, ("rights.items",), "not mentioned: " + ", ".join(absent))
    return Finding(Status.PRESENT, ("rights.items",))


def _recipients(policy: Policy) -> Finding:
    return _section(bool(policy.disclosures), "sharing.disclosures")


def _sources(policy: Policy) -> Finding:
    return _section(bool(policy.sources), "sources.items" if policy.sources else "sources")


ITEMS = [
    Item("13-1-a", "art. 13 (1) a", "identity and contact details of the controller",
         "fill in 'controller:'", lambda p: Finding(Status.PRESENT, ("controller",))),
    Item("13-1-b", "art. 13 (1) b", "contact details of the data protection officer",
         "add 'data_protection_officer:' with an e-mail or phone; if no DPO is appointed, "
         "declare it under 'gdpr_not_applicable:' (item 13-1-b) with the reason",
         lambda p: _section(p.data_protection_officer is not None, "data_protection_officer")),
    Item("13-1-c", "art. 13 (1) c", "purposes and their legal bases",
         "give each purpose under 'purposes.items' its 'legal_bases'",
         lambda p: Finding(Status.PRESENT, ("purposes.items",))),
    Item("13-1-d", "art. 13 (1) d", "the legitimate interests pursued (art. 6 (1) f)",
         "add 'legitimate_interest:' to each purpose that relies on art6-1-f",
         _companion("art6-1-f", "legitimate_interest")),
    Item("13-1-e", "art. 13 (1) e", "recipients or categories of recipients",
         "list who receives the data under 'sharing.disclosures'", _recipients),
    Item("13-1-f", "art. 13 (1) f", "transfers to countries outside the EEA and their safeguards",
         "add 'transfers:' (with items, or a lead saying there are none); or declare it under "
         "'gdpr_not_applicable:' (item 13-1-f)",
         lambda p: _section(p.transfers_section is not None, "transfers")),
    Item("13-2-a", "art. 13 (2) a", "how long the data is stored",
         "give every data category a rule under 'retention.rules'", _retention),
    Item("13-2-b", "art. 13 (2) b", "rights of access, rectification, erasure, restriction, objection and "
         "portability", "add 'rights:' with an item for each of: " + ", ".join(RIGHTS), _rights),
    Item("13-2-c", "art. 13 (2) c", "the right to withdraw consent (art. 6 (1) a)",
         "add 'consent_withdrawal:' to each purpose that relies on art6-1-a",
         _companion("art6-1-a", "consent_withdrawal")),
    Item("13-2-d", "art. 13 (2) d", "the right to complain to the supervisory authority (Datatilsynet)",
         "add 'complaint:' naming Datatilsynet",
         lambda p: _section(p.complaint is not None, "complaint")),
    Item("13-2-e", "art. 13 (2) e", "whether providing the data is a statutory or contractual requirement, "
         "and what happens if it is not provided", "add 'requirement_to_provide:'",
         lambda p: _section(p.requirement is not None, "requirement_to_provide")),
    Item("13-2-f", "art. 13 (2) f", "automated decision-making, including profiling",
         "fill in 'automated_decisions:'", lambda p: Finding(Status.PRESENT, ("automated_decisions",))),
    Item("14", "art. 14 (1) d", "categories of data not obtained from the person",
         "add 'sources:' for data you receive from others (e.g. alarm contacts named by a customer, "
         "credit checks); or declare it under 'gdpr_not_applicable:' (item 14)",
         _sources),
    Item("14", "art. 14 (2) f", "the source the data comes from",
         "add 'sources:' with a 'source:' text for each",
         _sources),
]


def gdpr_report(policy: Policy, source: Source) -> Report:
    declared = {n.item: (i, n) for i, n in enumerate(policy.not_applicable)}
    report = Report(source.name, policy, [])
    for item in ITEMS:
        finding = item.assess(policy)
        if item.id in declared:
            index, entry = declared[item.id]
            where = f"gdpr_not_applicable[{index}]"
            if finding.status is Status.PRESENT:
                report.problems.append(_problem(source, where, Severity.WARNING,
                                                f"{item.article} is declared not applicable, but the policy has it",
                                                "remove this gdpr_not_applicable entry"))
            else:
                finding = Finding(Status.NOT_APPLICABLE, (where,), entry.reason)
        result = Result(item, finding, tuple(_line(source, path) for path in finding.paths))
        report.results.append(result)
        if finding.status is Status.MISSING:
            note = f" ({finding.note})" if finding.note else ""
            report.problems.append(_problem(source, finding.paths[0], Severity.WARNING,
                                            f"GDPR {item.article} is not covered: {item.title}{note}", item.hint))
    return report


def _line(source: Source, path: str) -> int:
    node = node_at(source.root, path, key=True)
    return node.line if node else 0


def _problem(source: Source, path: str, severity: Severity, message: str, hint: str) -> Problem:
    node = node_at(source.root, path, key=True) if path else None
    location = Location(source.name, node.line, node.column) if node else Location(source.name, 0, 0)
    return Problem(location, path, message, hint, severity)


def format_report(report: Report) -> str:
    """The report as Markdown: readable in a terminal, on GitHub and as a file."""
    policy = report.policy
    rows = []
    for result in report.results:
        finding = result.finding
        status = finding.status.value if finding.status is not Status.MISSING else "**missing**"
        places = [f"`{path}` (line {line})" if line else f"add `{path}`"
                  for path, line in zip(finding.paths, result.lines, strict=True)]
        where = ", ".join(places) or "–"
        if finding.note:
            where += f"; {finding.note}"
        rows.append(f"| {result.item.article} | {result.item.title} | {status} | {where} |")
    missing = [r for r in report.results if r.finding.status is Status.MISSING]
    lines = [
        "# GDPR completeness report (art. 13 / 14)", "",
        f"`{report.source}`, version {policy.version}, effective {policy.effective_date.isoformat()}.", "",
        "| GDPR | information the policy must give | status | where in policy.yaml |",
        "| --- | --- | --- | --- |", *rows, "",
        f"{report.count(Status.PRESENT)} present, {len(missing)} missing, "
        f"{report.count(Status.NOT_APPLICABLE)} not applicable.",
    ]
    if missing:
        lines += ["", "## How to fill the gaps", ""]
        lines += [f"- **{r.item.article}**: {r.item.hint}." for r in missing]
    lines += ["", "This report checks that the information is there, not that its wording is legally sufficient.",
              f"Items that may not apply: {'; '.join(f'{k} when {v}' for k, v in MAY_NOT_APPLY.items())}."]
    return "\n".join(lines) + "\n"
