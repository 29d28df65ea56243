"""The GDPR art. 13 / 14 completeness report: which information items the policy gives.

Each item is present, missing or not applicable, with the place in policy.yaml that
shows it (or where to add it). The report only reads the structured policy: it
never judges the legal wording, and it never fills a gap itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ..model.law import CONSENTS, GDPR_ITEM_GROUPS, GDPR_ITEMS, LEGITIMATE_INTERESTS, RIGHTS, in_eea
from ..model.policy import Policy, Purpose
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
    id: str  # e.g. "13-1-b", a key of model.law.GDPR_ITEMS
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


def _section(present: object, path: str) -> Finding:
    return Finding(Status.PRESENT if present else Status.MISSING, (path,))


def _relying(policy: Policy, bases: Iterable[str]) -> list[tuple[int, Purpose]]:
    wanted = set(bases)
    return [(i, p) for i, p in enumerate(policy.purposes.items) if wanted & set(p.basis_ids)]


def _companion(bases: tuple[str, ...], key: str) -> Callable[[Policy], Finding]:
    """Items that every purpose relying on one of `bases` must state in `key`."""
    def assess(policy: Policy) -> Finding:
        relying = _relying(policy, bases)
        if not relying:
            return Finding(Status.NOT_APPLICABLE, note=f"no purpose relies on {' or '.join(bases)}")
        lacking = [(i, p) for i, p in relying if getattr(p, key) is None]
        if lacking:
            return Finding(Status.MISSING, tuple(f"purposes.items[{i}]" for i, _ in lacking),
                           f"no '{key}' for: " + ", ".join(p.id for _, p in lacking))
        return Finding(Status.PRESENT, tuple(f"purposes.items[{i}].{key}" for i, _ in relying))
    return assess


def _retention(policy: Policy) -> Finding:
    if policy.retention is None:
        return Finding(Status.MISSING, ("retention",))
    unruled = [c.id for c in policy.data_categories.items if not policy.retention_of(c.id)]
    if unruled:
        return Finding(Status.MISSING, ("retention.rules",), "no retention rule for: " + ", ".join(unruled))
    return Finding(Status.PRESENT, ("retention.rules",))


def rights_required(policy: Policy) -> list[str]:
    """The rights art. 13 (2) b requires the policy to mention, given the bases it relies on: every
    right applies always, except portability (consent or contract) and objection (public task or
    legitimate interests)."""
    return [right for right, info in RIGHTS.items()
            if info.applies_to is None or _relying(policy, info.applies_to)]


def _rights(policy: Policy) -> Finding:
    if policy.rights is None:
        return Finding(Status.MISSING, ("rights",), "mention: " + ", ".join(rights_required(policy)))
    stated = {r.right for r in policy.rights.items}
    absent = [right for right in rights_required(policy) if right not in stated]
    if absent:
        return Finding(Status.MISSING, ("rights.items",), "not mentioned: " + ", ".join(absent))
    return Finding(Status.PRESENT, ("rights.items",))


def _recipients(policy: Policy) -> Finding:
    if policy.recipients is not None:
        return Finding(Status.PRESENT, ("recipients.items",))
    return _section(policy.sharing, "recipients")


def _transfers(policy: Policy) -> Finding:
    if policy.transfer_list:
        return Finding(Status.PRESENT, ("recipients.items",), "transfers: " + ", ".join(
            r.id for r in policy.transfer_list))
    return _section(policy.transfers, "transfers")


def _joint(policy: Policy) -> Finding:
    if policy.joint_controllers is not None:
        return Finding(Status.PRESENT, ("joint_controllers",))
    joint = [r.id for r in policy.recipient_list if r.role == "joint-controller"]
    if joint:
        return Finding(Status.MISSING, ("joint_controllers",), "joint controllers among the recipients: "
                       + ", ".join(joint))
    return Finding(Status.NOT_APPLICABLE, note="no joint controller")


def _representative(policy: Policy) -> Finding:
    country = policy.controller.country
    if policy.representative is not None:
        return Finding(Status.PRESENT, ("representative",))
    if country is None or in_eea(country):
        return Finding(Status.NOT_APPLICABLE, note="the controller is established in the EEA" if country else
                       "the controller states no country outside the EEA")
    return Finding(Status.MISSING, ("representative",), f"the controller is established in {country}")


ITEMS = [
    Item("13-1-a", "art. 13 (1) a", GDPR_ITEMS["13-1-a"],
         "fill in 'controller:'", lambda p: Finding(Status.PRESENT, ("controller",))),
    Item("13-1-b", "art. 13 (1) b", GDPR_ITEMS["13-1-b"],
         "add 'data_protection_officer:' with a way to reach the DPO; if no DPO is appointed, "
         "declare it under 'gdpr_not_applicable:' (item 13-1-b) with the reason",
         lambda p: _section(p.data_protection_officer, "data_protection_officer")),
    Item("13-1-c", "art. 13 (1) c", GDPR_ITEMS["13-1-c"],
         "give each purpose under 'purposes.items' its 'legal_bases'",
         lambda p: Finding(Status.PRESENT, ("purposes.items",))),
    Item("13-1-d", "art. 13 (1) d", GDPR_ITEMS["13-1-d"],
         "add 'legitimate_interest:' to each purpose that relies on art6-1-f",
         _companion((LEGITIMATE_INTERESTS,), "legitimate_interest")),
    Item("13-1-e", "art. 13 (1) e", GDPR_ITEMS["13-1-e"],
         "list who receives the data under 'recipients:' (or say under 'sharing:' that nobody does)", _recipients),
    Item("13-1-f", "art. 13 (1) f", GDPR_ITEMS["13-1-f"],
         "give each recipient its countries (outside the EEA with a safeguard), or add 'transfers:' with a lead "
         "saying there are none; or declare it under 'gdpr_not_applicable:' (item 13-1-f)", _transfers),
    Item("13-2-a", "art. 13 (2) a", GDPR_ITEMS["13-2-a"],
         "cover every data category with a rule under 'retention.rules' (by data_categories or purposes)",
         _retention),
    Item("13-2-b", "art. 13 (2) b", GDPR_ITEMS["13-2-b"],
         "add 'rights:' with an item for each right that applies (portability only with art6-1-a or b, "
         "objection only with art6-1-e or f)", _rights),
    Item("13-2-c", "art. 13 (2) c", GDPR_ITEMS["13-2-c"],
         "add 'consent_withdrawal:' to each purpose that relies on consent (art6-1-a or art9-2-a)",
         _companion(CONSENTS, "consent_withdrawal")),
    Item("13-2-d", "art. 13 (2) d", GDPR_ITEMS["13-2-d"],
         "add 'complaint:' naming the supervisory authority (in Norway: Datatilsynet)",
         lambda p: _section(p.complaint, "complaint")),
    Item("13-2-e", "art. 13 (2) e", GDPR_ITEMS["13-2-e"], "add 'requirement_to_provide:'",
         lambda p: _section(p.requirement_to_provide, "requirement_to_provide")),
    Item("13-2-f", "art. 13 (2) f", GDPR_ITEMS["13-2-f"], "add 'automated_decisions:'",
         lambda p: _section(p.automated_decisions, "automated_decisions")),
    Item("14-1-d", "art. 14 (1) d", GDPR_ITEMS["14-1-d"],
         "add 'sources:' for data you receive from others (e.g. contacts named by a customer, credit checks); "
         "or declare it under 'gdpr_not_applicable:' (item 14-1-d)",
         lambda p: _section(p.sources, "sources.items" if p.sources else "sources")),
    Item("14-2-f", "art. 14 (2) f", GDPR_ITEMS["14-2-f"],
         "add 'sources:' with a 'source:' text for each; or declare it under 'gdpr_not_applicable:' (item 14-2-f)",
         lambda p: _section(p.sources, "sources.items" if p.sources else "sources")),
    Item("26", "art. 26 (2)", GDPR_ITEMS["26"],
         "add 'joint_controllers:' with each one's responsibility and who answers rights requests", _joint),
    Item("27", "art. 27", GDPR_ITEMS["27"], "add 'representative:' with its name and contact details",
         _representative),
]


def gdpr_report(policy: Policy, source: Source) -> Report:
    declared = {item: (i, n) for i, n in enumerate(policy.not_applicable)
                for item in GDPR_ITEM_GROUPS.get(n.item, (n.item,))}
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
              "Any item that does not apply can be declared under 'gdpr_not_applicable:' with the reason."]
    return "\n".join(lines) + "\n"
