"""Turning a loaded policy.yaml into a `Policy`: parse it with the spec, then check what needs
the whole file — ids and references, legal conditions, the history.

Every check is linear in the size of the policy (lookups are sets and dicts), so a policy with
10,000 purposes validates in proportion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..problems import Problem
from ..reporter import Reporter
from ..source.nodes import Mapping, Scalar, Sequence, Source, node_at
from .fields import INVALID, Country, suggest
from .law import EVENTS, LEGAL_BASES, REFERENCE, SENSITIVE, Kind
from .links import check_link_text
from .policy import LegalGround, Policy
from .spec import languages_field, policy_spec
from .text_languages import settle_languages

# The anchors of the built-in sections, in page order: free sections may follow any of them.
SECTION_ANCHORS = ("summary", "overview", "data-subjects", "data-categories", "purposes", "legal-basis",
                   "automated-decisions", "retention", "sharing", "recipients", "transfers", "sources",
                   "requirement-to-provide", "rights", "complaint", "joint-controllers", "representative",
                   "data-protection-officer", "contact")
DEFAULT_AFTER = "data-protection-officer"  # free sections without `after:` come just before contact
# How to make a reference of each kind resolve, besides fixing its spelling
ADD = {"data category": "add the category under data_categories.items", "purpose": "add the purpose under "
       "purposes.items", "data subject group": "add the group under data_subjects.items", "law": "add the law "
       "under 'laws:'"}


def validate(source: Source, known_languages: tuple[str, ...]) -> tuple[Policy | None, list[Problem]]:
    """Check everything; return the policy (None if any error) and every problem found.

    `known_languages` are those the generator can word (labels.yaml has them)."""
    reporter = Reporter(source)
    reporter.problems.extend(source.problems)  # what reading found without stopping (refused characters)
    root = source.root
    if not isinstance(root, Mapping):
        reporter.report(root, "", "policy.yaml must be a mapping of keys (languages:, version:, title: ...)",
                        "start from `policysite init` or the example in the README")
        return None, reporter.problems

    # Texts are checked against the declared languages; if those are broken, against every
    # language we have labels for, so text problems are still found in the same run.
    languages = _peek(root, "languages", languages_field(known_languages), source)
    reporter.languages = tuple(languages) if languages is not None else known_languages
    if languages is not None:
        _unique(reporter, [(code, f"languages[{i}]") for i, code in enumerate(languages)], "language",
                "list each language once")
        reporter.settled_languages = frozenset(settle_languages(root, tuple(languages), known_languages, reporter))
    laws = root.entries.get("laws", (None, None))[1]
    if isinstance(laws, Sequence):  # legal bases and references may cite these (checked where cited)
        reporter.context["laws"] = {law.entries["id"][1].value.strip() for law in laws.items
                                    if isinstance(law, Mapping) and isinstance(law.entries.get("id", (0, 0))[1],
                                                                               Scalar)}
    country = root.entries.get("controller", (None, None))[1]
    if isinstance(country, Mapping) and "country" in country.entries:
        reporter.context["country"] = _peek(country, "country", Country(), source)

    policy = policy_spec(known_languages).parse(root, "", reporter)
    if policy is INVALID and not reporter.failed:
        # a field refused a value without saying why: never let that pass as "no errors"
        raise RuntimeError("the policy was refused without a located problem (a bug in a field type)")
    if policy is not INVALID:
        _Crosscheck(policy, reporter).run()
    return (None if reporter.failed or policy is INVALID else policy), reporter.problems


def _peek(mapping: Mapping, key: str, field, source: Source):
    """A value some fields depend on, read ahead (its problems are reported by the full parse)."""
    if key not in mapping.entries:
        return None
    value = field.parse(mapping.entries[key][1], key, Reporter(source))
    return None if value is INVALID else value


def _unique(reporter: Reporter, items: Iterable[tuple[str, str]], what: str, hint: str = "") -> None:
    root = reporter.source.root
    seen: dict[str, str] = {}
    for value, path in items:
        if value in seen:
            first = node_at(root, seen[value])
            reporter.report(node_at(root, path), path,
                            f"the {what} '{value}' is used twice (first at {seen[value]}, line "
                            f"{first.line if first else '?'})",
                            hint or f"give each {what} its own id; ids become page anchors and must be unique")
        else:
            seen[value] = path


@dataclass
class _Crosscheck:
    policy: Policy
    reporter: Reporter

    def error(self, path: str, message: str, hint: str) -> None:
        self.reporter.report(node_at(self.reporter.source.root, path), path, message, hint)

    def run(self) -> None:
        p = self.policy
        self.ids = {what: self._ids(path, items, what) for what, path, items in (
            ("data category", "data_categories.items", p.data_categories.items),
            ("purpose", "purposes.items", p.purposes.items),
            ("data subject group", "data_subjects.items", p.data_subjects.items if p.data_subjects else ()),
            ("law", "laws", p.laws),
            ("retention event", "retention.events", p.retention_events))}
        for what, path, items in (("retention rule", "retention.rules", p.retention_rules),
                                  ("sharing statement", "sharing.statements", p.sharing.items if p.sharing else ()),
                                  ("recipient", "recipients.items", p.recipient_list),
                                  ("source", "sources.items", p.sources.items if p.sources else ()),
                                  ("joint controller", "joint_controllers.items",
                                   p.joint_controllers.items if p.joint_controllers else ()),
                                  ("section", "sections", p.sections)):
            self._ids(path, items, what)
        self._unique_values()
        self._references()
        self._legal_bases()
        self._citations()
        self._unused_categories()
        self._free_sections()
        self._history()
        self._link_texts()

    def _ids(self, path: str, items, what: str) -> set[str]:
        _unique(self.reporter, [(item.id, f"{path}[{i}].id") for i, item in enumerate(items)], f"{what} id")
        return {item.id for item in items}

    def _unique_values(self) -> None:
        p = self.policy
        rights = p.rights.items if p.rights else ()
        _unique(self.reporter, [(r.right, f"rights.items[{i}].right") for i, r in enumerate(rights)], "right",
                "list each right once")
        _unique(self.reporter, [(n.item, f"gdpr_not_applicable[{i}].item") for i, n in enumerate(p.not_applicable)],
                "GDPR item", "declare each item once")
        for i, event in enumerate(p.retention_events):
            if event.id in EVENTS:
                self.error(f"retention.events[{i}].id", f"'{event.id}' is already a built-in event",
                           "use the built-in event (remove this one), or give yours another id")

    def ref(self, kind: str, value: str, path: str, what_to_do: str) -> None:
        """Report `value` at `path` unless it is an id of `kind`; hints stay within that kind."""
        known = self.ids[kind]
        if value not in known:
            choices = ", ".join(sorted(known)) or "none yet"
            self.error(path, f"'{value}' is not a {kind} id",
                       f"use one of: {choices}{suggest(value, known)}; or {what_to_do}")

    def refs(self, kind: str, values: tuple[str, ...], path: str) -> None:
        """Each id of a list of references to clauses of one kind."""
        for j, value in enumerate(values):
            self.ref(kind, value, f"{path}[{j}]", ADD[kind])

    def _references(self) -> None:
        p = self.policy
        for i, purpose in enumerate(p.purposes.items):
            self.refs("data category", purpose.data_categories, f"purposes.items[{i}].data_categories")
            self.refs("data subject group", purpose.data_subjects, f"purposes.items[{i}].data_subjects")
        for i, category in enumerate(p.data_categories.items):
            self.refs("data subject group", category.data_subjects, f"data_categories.items[{i}].data_subjects")
        events = self.ids["retention event"] | set(EVENTS)
        for i, rule in enumerate(p.retention_rules):
            base = f"retention.rules[{i}]"
            self.refs("data category", rule.data_categories, f"{base}.data_categories")
            self.refs("purpose", rule.purposes, f"{base}.purposes")
            if rule.purposes and rule.data_categories and all(r in self.ids["purpose"] for r in rule.purposes):
                used = {c for r in rule.purposes for c in p.purpose(r).data_categories}
                for j, ref in enumerate(rule.data_categories):
                    if ref in self.ids["data category"] and ref not in used:
                        self.error(f"{base}.data_categories[{j}]", f"none of the rule's purposes uses '{ref}'",
                                   "with purposes:, a rule covers the data of those purposes: add the category to "
                                   "one of them, or remove it here")
            retention = rule.retention
            for key, event in (("after", retention.after), ("until", retention.until_event)):
                if event is not None and event not in events:
                    self.error(f"{base}.{key}", f"'{event}' is not an event",
                               "use a built-in event (" + ", ".join(EVENTS) + ") or one of yours under "
                               "retention.events" + suggest(event, events))
            if retention.law is not None:
                self.ref("law", retention.law, f"{base}.law", ADD["law"])
        for i, recipient in enumerate(p.recipient_list):
            self.refs("data category", recipient.data_categories, f"recipients.items[{i}].data_categories")
            self.refs("purpose", recipient.purposes, f"recipients.items[{i}].purposes")
        for i, source in enumerate(p.sources.items if p.sources else ()):
            self.refs("data category", source.data_categories, f"sources.items[{i}].data_categories")
        if p.joint_controllers:
            for i, joint in enumerate(p.joint_controllers.items):
                self.refs("purpose", joint.purposes, f"joint_controllers.items[{i}].purposes")
            point = p.joint_controllers.contact_point
            parties = {"controller", "any"} | {joint.id for joint in p.joint_controllers.items}
            if point not in parties:
                self.error("joint_controllers.contact_point", f"'{point}' is not a controller of this policy",
                           "write controller (you answer), any (each controller answers) or the id of a joint "
                           "controller" + suggest(point, parties))

    def basis_kind(self, basis: str) -> Kind | None:
        if basis in LEGAL_BASES:
            return LEGAL_BASES[basis].kind
        return Kind.NATIONAL_LAW if basis in self.ids["law"] else None

    def _grounds(self, grounds: tuple[LegalGround, ...], base: str, groups: set[str] | None) -> list[Kind]:
        """Check each ground's id and groups; return the kinds of the valid ones."""
        kinds = []
        for j, ground in enumerate(grounds):
            where = f"{base}.legal_bases[{j}]"
            kind = self.basis_kind(ground.basis)
            if kind is not None:  # an unknown one was reported where it is typed
                kinds.append(kind)
            for k, group in enumerate(ground.data_subjects):
                self.ref("data subject group", group, f"{where}.data_subjects[{k}]", ADD["data subject group"])
                if groups and group not in groups and group in self.ids["data subject group"]:
                    self.error(f"{where}.data_subjects[{k}]", f"the purpose does not concern '{group}'",
                               "add the group to the purpose's data_subjects, or remove it here")
        _unique(self.reporter, [(g.basis + "/" + ",".join(g.data_subjects), f"{base}.legal_bases[{j}]")
                                for j, g in enumerate(grounds)], "legal basis", "list each legal basis once")
        return kinds

    def _legal_bases(self) -> None:
        p = self.policy
        for i, purpose in enumerate(p.purposes.items):
            base = f"purposes.items[{i}]"
            self._grounds(purpose.legal_bases, base, set(purpose.data_subjects))
            self._lawful_for_everyone(purpose, base)
            sensitive = {p.category(c).sensitive for c in purpose.data_categories
                         if c in self.ids["data category"] and p.category(c).sensitive}
            present = {self.basis_kind(g.basis) for g in purpose.legal_bases}
            for mark in sorted(sensitive):
                kind = SENSITIVE[mark]
                if kind not in present:
                    missing, add = (("art. 9 (2) condition", "an art. 9 (2) condition (art9-2-a … art9-2-j)")
                                    if kind is Kind.SPECIAL_CATEGORY else ("art10", "art10 (and the law that allows "
                                                                                    "it, under laws:)"))
                    data = ", ".join(c for c in purpose.data_categories
                                     if c in self.ids["data category"] and p.category(c).sensitive == mark)
                    self.error(f"{base}.legal_bases", f"the purpose '{purpose.id}' uses {mark} data ({data}) but "
                               f"states no {missing}", f"add {add} to legal_bases")
        for i, recipient in enumerate(p.recipient_list):
            self._grounds(recipient.legal_bases, f"recipients.items[{i}]", None)

    def _lawful_for_everyone(self, purpose, base: str) -> None:
        """Every group the purpose concerns needs an art. 6 basis (one for all, or one for the group)."""
        if any(self.basis_kind(g.basis) is None for g in purpose.legal_bases):
            return  # one cause, one message: the unknown basis is reported already
        lawful = [g for g in purpose.legal_bases if self.basis_kind(g.basis) is Kind.LAWFULNESS]
        if not lawful:
            self.error(f"{base}.legal_bases", f"the purpose '{purpose.id}' has no basis from GDPR art. 6 (1)",
                       "every purpose needs one of art6-1-a … art6-1-f; art. 9 conditions and national laws come "
                       "in addition")
            return
        if any(not g.data_subjects for g in lawful):
            return
        covered = {group for g in lawful for group in g.data_subjects}
        groups = list(purpose.data_subjects) or sorted({grp for g in purpose.legal_bases for grp in g.data_subjects})
        uncovered = [group for group in groups if group not in covered]
        if uncovered:
            self.error(f"{base}.legal_bases", f"no art. 6 basis for: {', '.join(uncovered)}",
                       "give these groups a basis of their own, or add a basis without data_subjects (for everyone)")

    def _citations(self) -> None:
        """A purpose or recipient that cites a basis in its text must list it, because the summary, the
        overview and the exports rely on the list."""
        p = self.policy
        clauses = [("purposes.items", i, c, c.description, "description") for i, c in enumerate(p.purposes.items)]
        clauses += [("recipients.items", i, c, c.description, "description") for i, c in enumerate(p.recipient_list)
                    if c.description]
        for path, i, clause, prose, key in clauses:
            cited = {m.group(1) for text in prose.texts() for code in p.languages
                     for m in REFERENCE.finditer(text[code])}
            for ref in sorted(cited - set(clause.basis_ids)):
                if self.basis_kind(ref) is not None:
                    self.error(f"{path}[{i}].{key}", f"the text cites {{{ref}}} but legal_bases does not list it",
                               f"add {ref} to {path}[{i}].legal_bases, or remove the reference")

    def _unused_categories(self) -> None:
        used = {ref for purpose in self.policy.purposes.items for ref in purpose.data_categories}
        for i, category in enumerate(self.policy.data_categories.items):
            if category.id not in used:
                self.error(f"data_categories.items[{i}].id", f"the data category '{category.id}' is not used by any "
                           "purpose", "add it to the data_categories of the purposes that use it, or remove it: a "
                           "policy lists only data it uses for a stated purpose")

    def _free_sections(self) -> None:
        ids = {s.id for s in self.policy.sections}
        places = set(SECTION_ANCHORS) | ids
        for i, section in enumerate(self.policy.sections):
            if section.id in SECTION_ANCHORS:
                self.error(f"sections[{i}].id", f"'{section.id}' is the name of a built-in section",
                           "give your section another id, e.g. 'more-" + section.id + "'")
            after = section.after or DEFAULT_AFTER
            if after not in places:
                self.error(f"sections[{i}].after", f"'{after}' is not a section of the page",
                           "name a section: " + ", ".join(SECTION_ANCHORS[2:]) + ", or the id of one of your "
                           "sections" + suggest(after, places))
            elif after == section.id or self._loops(section.id):
                self.error(f"sections[{i}].after", f"the section '{section.id}' is placed after itself",
                           "make one of them follow a built-in section")

    def _loops(self, start: str) -> bool:
        after = {s.id: s.after for s in self.policy.sections}
        seen, current = set(), start
        while current in after and current not in seen:
            seen.add(current)
            current = after[current]
        return current in seen

    def _link_texts(self) -> None:
        """A name shown as a link must not look like another address than the link's (the complaint
        authority is linked to its website)."""
        complaint = self.policy.complaint
        if complaint is None or complaint.website is None:
            return
        node = node_at(self.reporter.source.root, "complaint.authority")
        paths = ([f"complaint.authority.{code}" for code in self.policy.languages] if isinstance(node, Mapping)
                 else ["complaint.authority"] * len(self.policy.languages))
        for path, code in dict(zip(paths, self.policy.languages, strict=True)).items():
            check_link_text(self.reporter, path, complaint.authority[code], complaint.website)

    def _history(self) -> None:
        """The change history must start with the version being published, newest first."""
        p = self.policy
        if not p.history:
            return
        _unique(self.reporter, [(e.version, f"history[{i}].version") for i, e in enumerate(p.history)],
                "history version", "each published version has one entry; give the new one a new version number")
        latest = p.history[0]
        if latest.version != p.version:
            self.error("history[0].version", f"the newest history entry is version {latest.version}, but the "
                       f"policy is version {p.version}",
                       "add an entry for the new version at the top of history, with its date and a summary")
        elif latest.date != p.effective_date:
            self.error("history[0].date", f"the newest history entry is dated {latest.date}, but effective_date "
                       f"is {p.effective_date}", "use the same date in both places")
        for i, (newer, older) in enumerate(zip(p.history, p.history[1:], strict=False)):
            if older.date > newer.date:
                self.error(f"history[{i + 1}].date",
                           f"history is not newest first: {older.date} comes after {newer.date}",
                           "list the versions with the newest at the top")

