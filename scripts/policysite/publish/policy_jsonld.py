"""policy.jsonld: the policy as linked data in W3C Data Privacy Vocabulary (DPV 2) terms.

Every clause node's @id is the clause's anchor on the default-language page, so the graph and
the pages point at the same things; laws and GDPR art. 10 are blank nodes (`_:law-<id>`), as
they have no element of their own. The context is inline (no remote @context to fetch), so any
JSON-LD processor reads the document offline. Texts are worded as on the pages (citations
written out); prose is plain text, paragraphs separated by a blank line, list items by "• ".

Terms, as defined in DPV 2.2 (w3c/dpv: 2.2/dpv/modules/*.csv, 2.2/legal/eu/gdpr/eu-gdpr.csv,
2.2/legal/eu/legal-eu.csv, 2.2/pd, 2.2/loc) and modelled as its examples do (examples/E0019,
E0032, E0034, E0042, E0048, E0050, E0060):
- the notice: dpv:PrivacyNotice, its parts dct:hasPart (rights and complaint as dpv:RightNotice,
  the joint controllers' contact point as dpv:RightExerciseNotice, free sections, sharing statements
  and the prose sections as dpv:Notice);
- parties: dpv:DataController (dpv:hasName, dpv:hasAddress, dpv:hasContact, dpv:hasIdentifier,
  dpv:hasCountry), dpv:DataProtectionOfficer (dpv:hasDataProtectionOfficer), the EU representative
  as dpv:Representative + eu-gdpr:Representative (dpv:hasRepresentative, dpv:isRepresentativeFor),
  joint controllers as dpv:JointDataControllers with dpv:hasDataController (E0034);
- legal bases (dpv:hasLegalBasis): eu-gdpr:A6-1-a … f, eu-gdpr:A9-2-a … j; GDPR art. 10 has no
  eu-gdpr term, so it is a dpv:LegalBasis with dpv:hasApplicableLaw legal-eu:law-GDPR; a national
  law is a dpv:Law (dct:title, dct:bibliographicCitation, foaf:page) that a dpv:LegalBasis names
  with dpv:hasApplicableLaw (E0042). A basis for some data subject groups only sits on a part of
  the purpose's process (dpv:hasProcess) that names them (dpv:hasDataSubject);
- data: dpv:PersonalData, dpv:SpecialCategoryPersonalData (art. 9), dpv:SensitivePersonalData
  under pd:Criminal (art. 10); data subjects: dpv:DataSubject (dpv:hasDataSubject);
- recipients (dpv:hasRecipient) by role: dpv:DataProcessor (dpv:hasDataProcessor), dpv:DataController
  (dpv:hasRecipientDataController; a joint controller also as dpv:hasJointDataControllers),
  dpv:Authority; their countries dpv:hasCountry with loc: codes; a transfer outside the EEA is the
  disclosure's process with dpv:hasProcessing dpv:CrossBorderTransfer, dpv:hasThirdCountry and its
  safeguard as a legal basis (eu-gdpr:A45-3, A46-2-c, A46-2-b; a derogation is only a
  dpv:DataTransferLegalBasis: policy.yaml does not say which point of art. 49 applies);
- retention (dpv:hasStorageCondition): dpv:StorageDuration with dpv:hasDuration a
  dpv:TemporalDuration (rdf:value, ISO 8601; "not stored" is PT0S), a dpv:UntilEventDuration (the
  event; a period after it as its own dpv:hasDuration, E0048), a dpv:UntilTimeDuration (xsd:date),
  or, for a minimum, a dpv:Duration worded "at least …" (DPV has no minimum); the law that requires
  it dpv:hasApplicableLaw, the criteria dpv:hasJustification; anonymisation instead of deletion
  as dpv:hasProcessing dpv:Anonymise on the rule's process;
- rights: eu-gdpr:A15 … A21, A7-3 (withdrawing consent), A77 (complaint, with the
  dpv:DataProtectionAuthority); sources: dpv:DataSource.
Not expressed (DPV has no term for it, so only in policy.json): a group's minimum age as a number
(it is worded in the group's skos:scopeNote), the change history, the site's identity, the legal
team's `gdpr_not_applicable` notes, and the ids of retention events.
"""

from __future__ import annotations

from typing import Any

from ..model.law import CONSENT, LEGAL_BASES, LEGITIMATE_INTERESTS, RIGHTS, Kind
from ..model.policy import (
    Address,
    Complaint,
    Contact,
    Duration,
    JointControllers,
    LegalGround,
    Paragraph,
    Policy,
    Prose,
    Purpose,
    Recipient,
    RetentionRule,
    Section,
    Text,
)
from ..render.labels import Labels
from ..render.wording import Words
from .policy_json import LAYOUT, PART_ANCHORS, TRANSFER_ANCHOR, clause_anchor

CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "legal-eu": "https://w3id.org/dpv/legal/eu#",
    "loc": "https://w3id.org/dpv/loc#",
    "pd": "https://w3id.org/dpv/pd#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
ISO_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}
# The reader's rights by their GDPR article (eu-gdpr:A15 "Right of Access" … A21 "Right to object").
RIGHT_TERMS = {right: f"eu-gdpr:A{info.article}" for right, info in RIGHTS.items()}
WITHDRAW_CONSENT, COMPLAINT = "eu-gdpr:A7-3", "eu-gdpr:A77"
GDPR_LAW, ART10 = "legal-eu:law-GDPR", "_:gdpr-art10"
SAFEGUARD_TERMS = {
    "adequacy-decision": "eu-gdpr:A45-3",
    "standard-contractual-clauses": "eu-gdpr:A46-2-c",  # adopted by the Commission
    "binding-corporate-rules": "eu-gdpr:A46-2-b",  # art. 47 rules, used under art. 46 (2) b
    "derogation": None,
}
# A recipient's role: its DPV types, and the relation from the process that discloses data to it.
ROLES = {
    "processor": (["dpv:DataProcessor"], "dpv:hasDataProcessor"),
    "controller": (["dpv:DataController"], "dpv:hasRecipientDataController"),
    "joint-controller": (["dpv:DataController"], "dpv:hasRecipientDataController"),
    "public-authority": (["dpv:Authority"], None),
}
SENSITIVE_TYPES = {"art9": ["dpv:SpecialCategoryPersonalData"], "art10": ["dpv:SensitivePersonalData"]}
SENSITIVE_BROADER = {"art10": "pd:Criminal"}

Node = dict[str, Any]


def iso_duration(period: Duration | None) -> str:
    """ISO 8601 duration; 'not stored' is a storage duration of zero."""
    return "PT0S" if period is None else f"P{period.count}{ISO_UNITS[period.unit]}"


def _id(iri: str) -> Node:
    return {"@id": iri}


def contacts(contact: Contact) -> list[Node]:
    found = [f"mailto:{contact.email}"] if contact.email else []
    found += [f"tel:{contact.phone.e164}"] if contact.phone else []
    return [_id(iri) for iri in found + ([contact.web_form] if contact.web_form else [])]


class _Graph:
    """Builds the nodes of one policy; `words` word its structured data in each language."""

    def __init__(self, policy: Policy, labels: Labels, pages: dict[str, str]) -> None:
        self.policy = policy
        self.page = pages[policy.languages[0]]
        self.pages = pages
        self.words = {lang: Words(policy, labels, lang) for lang in policy.languages}
        self.nodes: list[Node] = []
        self.parts: list[Node] = []  # parts of the notice, in page order
        self.used: dict[str, Node] = {}  # blank nodes (laws, art. 10) emitted once, when referred to
        self.controller = self.section("controller")

    # -- references and literals --------------------------------------------------------------------
    def ref_anchor(self, anchor: str) -> Node:
        return _id(f"{self.page}#{anchor}")

    def section(self, key: str) -> Node:
        """The node of a section of the page, by its policy.yaml key."""
        return self.ref_anchor(LAYOUT[key].anchor)

    def ref(self, clause: Any) -> Node:
        return self.ref_anchor(clause_anchor(clause))

    def each(self, word) -> list[Node]:
        """A literal per language: `word(words)` gives the text in that language."""
        return [{"@value": word(w), "@language": lang} for lang, w in self.words.items()]

    def text(self, value: Text) -> list[Node]:
        return self.each(lambda w: w.text(value))

    def prose(self, value: Prose) -> list[Node]:
        def plain(w: Words) -> str:
            return "\n\n".join(w.text(b.text) if isinstance(b, Paragraph) else "\n".join(
                f"• {w.text(item)}" for item in b.items) for b in value.blocks)
        return self.each(plain)

    def described(self, value: Prose | None) -> Node:
        return {"dct:description": self.prose(value)} if value else {}

    def name(self, value: Text) -> Any:
        """A name the same in every language is one plain literal, as policy.yaml wrote it."""
        texts = {text for _, text in value.by_language}
        return next(iter(texts)) if len(texts) == 1 else self.text(value)

    def label(self, key: str, **values: str) -> list[Node]:
        return self.each(lambda w: w.label(key, **values))

    def address(self, address: Address | None) -> Node:
        first = next(iter(self.words.values()))
        return {"dpv:hasAddress": ", ".join(first.address_lines(address))} if address else {}

    def party(self, contact: Contact) -> Node:
        return {**self.address(contact.address), **({"dpv:hasContact": contacts(contact)} if contacts(contact) else {})}

    def section_title(self, section: Section | None, anchor: str) -> list[Node]:
        if section is not None and section.heading is not None:
            return self.text(section.heading)
        return self.label(f"heading.{anchor}")

    # -- legal bases and laws -----------------------------------------------------------------------
    def law(self, law_id: str) -> Node:
        key = f"_:law-{law_id}"
        if key not in self.used:
            law = self.policy.law(law_id)
            self.used[key] = {"@id": key, "@type": "dpv:Law", "dct:title": self.text(law.name),
                              "dct:bibliographicCitation": self.each(lambda w: w.citation(law_id)),
                              **({"foaf:page": _id(law.url)} if law.url else {})}
        return _id(key)

    def basis(self, basis_id: str) -> Node:
        info = LEGAL_BASES.get(basis_id)
        if info is None:  # a national law: the basis laid down by it
            key = f"_:basis-{basis_id}"
            if key not in self.used:
                self.used[key] = {"@id": key, "@type": "dpv:LegalBasis", "dpv:hasApplicableLaw": self.law(basis_id),
                                  "skos:prefLabel": self.each(lambda w: w.citation(basis_id))}
            return _id(key)
        if info.kind is Kind.CRIMINAL_OFFENCE:
            if ART10 not in self.used:
                self.used[ART10] = {"@id": ART10, "@type": "dpv:LegalBasis", "dpv:hasApplicableLaw": _id(GDPR_LAW),
                                    "skos:prefLabel": self.each(lambda w: w.citation(basis_id))}
            return _id(ART10)
        return _id(f"eu-gdpr:A{info.article}-{info.paragraph}-{info.letter}")

    def grounds(self, grounds: tuple[LegalGround, ...], extra=lambda basis: []) -> Node:
        """The bases that hold for everyone concerned, and a part of the process for each basis that
        holds for some groups only. `extra(basis)` adds nodes beside a basis (a legitimate interest)."""
        everyone = [node for g in grounds if not g.data_subjects for node in [self.basis(g.basis), *extra(g.basis)]]
        parts = [{"@type": "dpv:Process", "dpv:hasDataSubject": self.groups(g.data_subjects),
                  "dpv:hasLegalBasis": [self.basis(g.basis), *extra(g.basis)]} for g in grounds if g.data_subjects]
        return {**({"dpv:hasLegalBasis": everyone} if everyone else {}), **({"dpv:hasProcess": parts} if parts else {})}

    # -- clauses --------------------------------------------------------------------------------------
    def categories(self, ids) -> list[Node]:
        return [self.ref(self.policy.category(i)) for i in ids]

    def groups(self, ids) -> list[Node]:
        return [self.ref(self.policy.data_subject(i)) for i in ids]

    def purposes(self, ids) -> list[Node]:
        return [self.ref(self.policy.purpose(i)) for i in ids]

    def process(self, **terms: Any) -> Node:
        node = {"@type": "dpv:Process", "dpv:hasDataController": self.controller, "dpv:hasNotice": _id(self.page),
                **terms}
        self.nodes.append(node)
        return node

    def notice_part(self, node: Node) -> None:
        self.nodes.append(node)
        self.parts.append(_id(node["@id"]))

    def prose_part(self, key: str) -> None:
        """A section that is one piece of prose (legal basis, automated decisions, ...), as a notice."""
        value, anchor = getattr(self.policy, LAYOUT[key].field), LAYOUT[key].anchor
        self.notice_part({**self.ref_anchor(anchor), "@type": "dpv:Notice",
                          "dct:title": self.section_title(value.section, anchor),
                          "dct:description": self.prose(value.text)})

    def build(self) -> Node:
        p = self.policy
        notice = {
            "@id": self.page, "@type": "dpv:PrivacyNotice", "dct:title": self.text(p.title),
            **self.described(p.introduction),
            "dct:hasVersion": p.version,
            "dct:valid": {"@value": p.effective_date.isoformat(), "@type": "xsd:date"},
            "dct:language": list(p.languages),
            "dct:hasFormat": [_id(self.pages[lang]) for lang in p.languages[1:]],
            "dpv:hasDataController": self.controller,
        }
        c = p.controller
        controller = {**self.controller, "@type": "dpv:DataController", "dpv:hasName": self.name(c.name),
                      **self.party(c.contact),
                      **({"dpv:hasIdentifier": c.organisation_number} if c.organisation_number else {}),
                      **({"dpv:hasCountry": _id(f"loc:{c.country}")} if c.country else {})}
        self.nodes += [notice, controller]
        self.parties(controller)
        self.data()
        for purpose in p.purposes.items:
            self.purpose(purpose)
        if p.legal_basis:
            self.prose_part("legal_basis")
        if p.automated_decisions:
            self.prose_part("automated_decisions")
        for rule in p.retention_rules:
            self.retention(rule)
        for statement in p.sharing.items if p.sharing else ():
            self.notice_part({**self.ref(statement), "@type": "dpv:Notice",
                              "dct:description": self.prose(statement.text)})
        for recipient in p.recipient_list:
            self.recipient(recipient)
        for source in p.sources.items if p.sources else ():
            self.process(**{"dpv:hasPersonalData": self.categories(source.data_categories),
                            "dpv:hasDataSource": {**self.ref(source), "@type": "dpv:DataSource",
                                                  "skos:prefLabel": self.text(source.source)}})
        if p.requirement_to_provide:
            self.prose_part("requirement_to_provide")
        self.rights()
        for own in p.sections:
            self.notice_part({**self.ref(own), "@type": "dpv:Notice", "dct:title": self.text(own.section.heading),
                              "dct:description": self.prose(Prose((own.section.lead.blocks if own.section.lead
                                                                    else ()) + own.text.blocks))})
        if self.parts:
            notice["dct:hasPart"] = self.parts
        return {"@context": CONTEXT, "@graph": self.nodes + list(self.used.values())}

    def parties(self, controller: Node) -> None:
        p = self.policy
        if dpo := p.data_protection_officer:
            node = {**self.section("data_protection_officer"), "@type": "dpv:DataProtectionOfficer",
                    **({"dpv:hasName": self.name(dpo.name)} if dpo.name else {}), **self.party(dpo.contact),
                    "dpv:isRepresentativeFor": self.controller}
            self.nodes.append(node)
            controller["dpv:hasDataProtectionOfficer"] = _id(node["@id"])
        if rep := p.representative:
            node = {**self.section("representative"), "@type": ["dpv:Representative", "eu-gdpr:Representative"],
                    "dpv:hasName": self.name(rep.name), **self.party(rep.contact),
                    "dpv:isRepresentativeFor": self.controller}
            self.nodes.append(node)
            controller["dpv:hasRepresentative"] = _id(node["@id"])
        if joint := p.joint_controllers:
            members = [{**self.ref(j), "@type": "dpv:DataController", "dpv:hasName": self.name(j.name),
                        **self.party(j.contact), "dct:description": self.prose(j.responsibility)} for j in joint.items]
            self.nodes += members
            self.nodes.append({**self.section("joint_controllers"), "@type": "dpv:JointDataControllers",
                               "dpv:hasDataController": [self.controller, *(_id(m["@id"]) for m in members)],
                               **self.described(joint.section.lead)})
            point = joint.contact_point
            answers = ([self.controller] if point == "controller" else
                       [self.controller, *(_id(m["@id"]) for m in members)] if point == "any" else
                       [self.ref(next(j for j in joint.items if j.id == point))])
            self.notice_part({**self.ref_anchor(PART_ANCHORS[JointControllers]["contact_point"]),
                              "@type": "dpv:RightExerciseNotice",
                              "dct:description": self.each(lambda w: w.contact_point(joint)),
                              "dpv:hasEntity": answers})

    def data(self) -> None:
        p = self.policy
        for group in p.data_subjects.items if p.data_subjects else ():
            self.nodes.append({**self.ref(group), "@type": "dpv:DataSubject", "skos:prefLabel": self.text(group.name),
                               **self.described(group.description),
                               **({"skos:scopeNote": self.label("subject.minimum_age", age=str(group.minimum_age))}
                                  if group.minimum_age is not None else {})})
        for category in p.data_categories.items:
            self.nodes.append({**self.ref(category),
                               "@type": ["dpv:PersonalData", *SENSITIVE_TYPES.get(category.sensitive, [])],
                               "skos:prefLabel": self.text(category.name), **self.described(category.description),
                               **({"skos:broader": _id(SENSITIVE_BROADER[category.sensitive])}
                                  if category.sensitive in SENSITIVE_BROADER else {}),
                               **({"dpv:hasDataSubject": self.groups(category.data_subjects)}
                                  if category.data_subjects else {})})

    def purpose(self, p: Purpose) -> None:
        interest = None
        if p.legitimate_interest and LEGITIMATE_INTERESTS in p.basis_ids:  # art. 13 (1) d: which interest
            interest = {"@id": f"_:interest-{p.id}", "@type": "dpv:LegitimateInterest",
                        **self.described(p.legitimate_interest)}
            self.used[interest["@id"]] = interest
        notices = [_id(self.page)]
        if p.consent_withdrawal and CONSENT in p.basis_ids:  # art. 13 (2) c: how to withdraw
            notices.append({"@type": "dpv:RightExerciseNotice", "dpv:hasRight": _id(WITHDRAW_CONSENT),
                            **self.described(p.consent_withdrawal)})
        joint = [j for j in self.policy.joint_controllers.items if p.id in j.purposes] \
            if self.policy.joint_controllers else []
        self.process(**{
            "dpv:hasDataController": [self.controller, *(self.ref(j) for j in joint)],
            "dpv:hasPurpose": {**self.ref(p), "@type": "dpv:Purpose", "skos:prefLabel": self.text(p.title),
                               "dct:description": self.prose(p.description)},
            **self.grounds(p.legal_bases, lambda basis: [_id(interest["@id"])]
                           if interest and basis == LEGITIMATE_INTERESTS else []),
            "dpv:hasPersonalData": self.categories(p.data_categories),
            **({"dpv:hasDataSubject": self.groups(p.data_subjects)} if p.data_subjects else {}),
            **({"dpv:hasJointDataControllers": self.section("joint_controllers")} if joint else {}),
            "dpv:hasNotice": notices,
        })

    def duration(self, rule: RetentionRule) -> Node:
        """The rule's period as a DPV duration (None: only criteria decide it)."""
        r = rule.retention

        def period(w: Words) -> str:
            return w.label("period.minimum", duration=w.duration(r.duration))

        if r.not_stored or (r.duration and not r.minimum and not r.after):
            return {"@type": "dpv:TemporalDuration", "rdf:value": {"@value": iso_duration(r.duration),
                                                                   "@type": "xsd:duration"}}
        if r.duration and not r.after:
            return {"@type": "dpv:Duration", "dct:description": self.each(period)}
        if r.after or r.until_event:
            node = {"@type": "dpv:UntilEventDuration", "dct:description": self.each(
                lambda w: w.event(r.after or r.until_event))}
            if r.after:
                node["dpv:hasDuration"] = {"@type": "dpv:Duration", "dct:description": self.each(period)} \
                    if r.minimum else {"@type": "dpv:TemporalDuration",
                                       "rdf:value": {"@value": iso_duration(r.duration), "@type": "xsd:duration"}}
            return node
        if r.until_date:
            return {"@type": "dpv:UntilTimeDuration", "rdf:value": {"@value": r.until_date.isoformat(),
                                                                    "@type": "xsd:date"}}
        return {}

    def retention(self, rule: RetentionRule) -> None:
        r = rule.retention
        duration = self.duration(rule)
        storage = {**self.ref(rule), "@type": "dpv:StorageDuration",
                   "dct:description": self.each(lambda w: w.retention_sentence(rule)),
                   **({"dpv:hasDuration": duration} if duration else {}),
                   **({"dpv:hasJustification": {"@type": "dpv:Justification", **self.described(r.criteria)}}
                      if r.criteria else {}),
                   **({"dpv:hasApplicableLaw": self.law(r.law)} if r.law else {})}
        self.process(**{
            "dpv:hasProcessing": [_id("dpv:Store"), *([_id("dpv:Anonymise")] if r.anonymised else [])],
            "dpv:hasPersonalData": self.categories(self.policy.categories_of_rule(rule)),
            **({"dpv:hasPurpose": self.purposes(rule.purposes)} if rule.purposes else {}),
            "dpv:hasStorageCondition": storage,
        })

    def recipient(self, r: Recipient) -> None:
        types, relation = ROLES[r.role]
        node = {**self.ref(r), "@type": ["dpv:Recipient", *types], "dpv:hasName": self.name(r.name),
                **self.described(r.description), "dpv:hasCountry": [_id(f"loc:{c}") for c in r.countries]}
        self.nodes.append(node)
        recipient = _id(node["@id"])
        process: Node = {"dpv:hasRecipient": recipient, **({relation: recipient} if relation else {}),
                         **({"dpv:hasPersonalData": self.categories(r.data_categories)} if r.data_categories else {}),
                         **({"dpv:hasPurpose": self.purposes(r.purposes)} if r.purposes else {}),
                         **self.grounds(r.legal_bases)}
        if r.role == "joint-controller":
            process["dpv:hasJointDataControllers"] = {"@type": "dpv:JointDataControllers",
                                                      "dpv:hasDataController": [self.controller, recipient]}
        if r.third_countries:  # the disclosure is a transfer: its clause is this process
            term = SAFEGUARD_TERMS[r.safeguard]
            safeguard = _id(term) if term else {"@type": "dpv:DataTransferLegalBasis",
                                                "skos:prefLabel": self.label(f"transfer.{r.safeguard}")}
            process = {**self.ref_anchor(TRANSFER_ANCHOR.format(id=r.id)), **process,
                       "dpv:hasProcessing": _id("dpv:CrossBorderTransfer"),
                       "dpv:hasThirdCountry": [_id(f"loc:{c}") for c in r.third_countries],
                       "dpv:hasLegalBasis": [*process.get("dpv:hasLegalBasis", []), safeguard],
                       **self.described(r.safeguard_text)}
        self.process(**process)

    def rights(self) -> None:
        p = self.policy
        for r in p.rights.items if p.rights else ():
            self.notice_part({**self.ref(r), "@type": "dpv:RightNotice", "dpv:hasRight": _id(RIGHT_TERMS[r.right]),
                              "skos:prefLabel": self.label("right." + r.right), **self.described(r.text)})
        if k := p.complaint:
            parts = PART_ANCHORS[Complaint]
            authority = {**self.ref_anchor(parts["authority"]), "@type": "dpv:DataProtectionAuthority",
                         "dpv:hasName": self.name(k.authority),
                         **({"foaf:homepage": _id(k.website)} if k.website else {})}
            self.nodes.append(authority)
            self.notice_part({**self.ref_anchor(parts["text"]), "@type": "dpv:RightNotice",
                              "dpv:hasRight": _id(COMPLAINT), "dct:description": self.prose(k.text),
                              "dpv:hasEntity": _id(authority["@id"])})


def to_jsonld(policy: Policy, labels: Labels, pages: dict[str, str]) -> Node:
    return _Graph(policy, labels, pages).build()
