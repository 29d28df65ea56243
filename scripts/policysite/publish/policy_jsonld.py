"""policy.jsonld: the policy as linked data in W3C Data Privacy Vocabulary (DPV 2) terms.

Every clause node's @id is the clause's anchor on the default-language page, so the
graph and the pages point at the same things. The context is inline (no remote
@context to fetch), so any JSON-LD processor reads the document offline.

GDPR articles are DPV's eu-gdpr terms: legal bases (eu-gdpr:A6-1-a … f), the reader's
rights (A15 … A21, A7-3 withdrawing consent, A77 complaint) and the safeguards of a transfer
outside the EEA (A45-3, A46-2-b, A46-2-c); countries are DPV's loc terms (loc:US).
Not expressed here (DPV has no term for them, or the model does not say enough):
the requirement to provide data (art. 13 (2) e), the change history, the legal team's
`gdpr_not_applicable` notes, and which point of art. 49 a derogation uses.
"""

from __future__ import annotations

from typing import Any

from ..model.law import LEGAL_BASES, REFERENCE, RIGHTS
from ..model.policy import Duration, PhoneNumber, Policy, Purpose, Text
from ..render.labels import Labels
from .policy_json import clause_anchor

CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "loc": "https://w3id.org/dpv/loc#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
ISO_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}
# The reader's rights by their GDPR article (eu-gdpr:A15 "Right of Access" … A21 "Right to object").
RIGHT_TERMS = {right: f"eu-gdpr:A{article}" for right, article in RIGHTS.items()}
WITHDRAW_CONSENT, COMPLAINT = "eu-gdpr:A7-3", "eu-gdpr:A77"
# A transfer's safeguard as eu-gdpr's data transfer legal basis. Art. 49 has one term per point
# (A49-1-a … g, A49-2) and policy.yaml does not say which one applies: a derogation is only a
# dpv:DataTransferLegalBasis, with its name.
SAFEGUARD_TERMS = {
    "adequacy-decision": "eu-gdpr:A45-3",
    "standard-contractual-clauses": "eu-gdpr:A46-2-c",  # adopted by the Commission
    "binding-corporate-rules": "eu-gdpr:A46-2-b",  # art. 47 rules, used under art. 46 (2) b
    "derogation": None,
}

Node = dict[str, Any]


def iso_duration(period: Duration | None) -> str:
    """ISO 8601 duration; 'not stored' is a storage duration of zero."""
    return "PT0S" if period is None else f"P{period.count}{ISO_UNITS[period.unit]}"


def legal_basis_iri(basis_id: str) -> str:
    basis = LEGAL_BASES[basis_id]
    return f"eu-gdpr:A{basis.article}-{basis.paragraph}-{basis.letter}"


def contacts(email: str | None, phone: PhoneNumber | None) -> list[Node]:
    return ([{"@id": f"mailto:{email}"}] if email else []) + ([{"@id": f"tel:{phone.e164}"}] if phone else [])


def to_jsonld(policy: Policy, labels: Labels, pages: dict[str, str]) -> Node:
    page = pages[policy.languages[0]]

    def ref(clause: Any) -> Node:
        return {"@id": f"{page}#{clause_anchor(clause)}"}

    def text(value: Text) -> list[Node]:
        # Citations are written out as on the pages; the structured basis is in dpv:hasLegalBasis.
        return [{"@value": REFERENCE.sub(lambda m, lang=lang: labels.get(
                    "legal_basis.citation", lang, letter=LEGAL_BASES[m.group(1)].letter), words),
                 "@language": lang} for lang, words in value.by_language]

    def label(key: str) -> list[Node]:
        return [{"@value": labels.get(key, lang), "@language": lang} for lang in policy.languages]

    def described(value: Text | None) -> Node:
        return {"dct:description": text(value)} if value else {}

    def bases(ids: tuple[str, ...]) -> list[Node]:
        return [{"@id": legal_basis_iri(i)} for i in ids]

    def categories(ids: tuple[str, ...]) -> list[Node]:
        return [ref(policy.category(i)) for i in ids]

    c = policy.controller
    controller = ref(c) | {
        "@type": "dpv:DataController", "dpv:hasName": c.name,
        "dpv:hasAddress": f"{c.address.street}, {c.address.country}-{c.address.postcode} {c.address.city}",
        "dpv:hasContact": contacts(c.email, c.phone),
    }
    notice = {
        "@id": page, "@type": "dpv:PrivacyNotice", "dct:title": text(policy.title),
        "dct:hasVersion": policy.version,
        "dct:valid": {"@value": policy.effective_date.isoformat(), "@type": "xsd:date"},
        "dct:language": list(policy.languages),
        "dct:hasFormat": [{"@id": pages[lang]} for lang in policy.languages[1:]],
        "dpv:hasDataController": {"@id": controller["@id"]},
    }

    def process(**terms: Any) -> Node:
        return {"@type": "dpv:Process", "dpv:hasDataController": {"@id": controller["@id"]},
                "dpv:hasNotice": {"@id": page}, **terms}

    def purpose_process(p: Purpose) -> Node:
        legal_bases = bases(p.legal_bases)
        if p.legitimate_interest and "art6-1-f" in p.legal_bases:  # art. 13 (1) d: which interest
            legal_bases.append({"@type": "dpv:LegitimateInterest", **described(p.legitimate_interest)})
        notices = [{"@id": page}]
        if p.consent_withdrawal and "art6-1-a" in p.legal_bases:  # art. 13 (2) c: how to withdraw
            notices.append({"@type": "dpv:RightExerciseNotice", "dpv:hasRight": {"@id": WITHDRAW_CONSENT},
                            **described(p.consent_withdrawal)})
        return process(**{
            "dpv:hasPurpose": ref(p) | {
                "@type": "dpv:Purpose", "skos:prefLabel": text(p.title), "dct:description": text(p.description)},
            "dpv:hasLegalBasis": legal_bases,
            "dpv:hasPersonalData": categories(p.data_categories),
            "dpv:hasNotice": notices,
        })

    def transfer_basis(safeguard: str) -> Node:
        term = SAFEGUARD_TERMS[safeguard]
        return {"@id": term} if term else {"@type": "dpv:DataTransferLegalBasis",
                                            "skos:prefLabel": label("transfer." + safeguard)}

    graph: list[Node] = [notice, controller]
    graph += [ref(d) | {"@type": "dpv:PersonalData", "skos:prefLabel": text(d.name)} for d in policy.data_categories]
    graph += [purpose_process(p) for p in policy.purposes]
    graph += [process(**{
        "dpv:hasPersonalData": categories(r.data_categories),
        "dpv:hasStorageCondition": ref(r) | {
            "@type": "dpv:StorageDuration", "dct:description": text(r.subject),
            "rdf:value": {"@value": iso_duration(r.period), "@type": "xsd:duration"}},
    }) for r in policy.retention_rules]
    graph += [process(**{
        "dpv:hasRecipient": ref(d) | {
            "@type": "dpv:Recipient", "skos:prefLabel": text(d.recipient), "dct:description": text(d.text)},
        "dpv:hasLegalBasis": bases(d.legal_bases),
    }) for d in policy.disclosures]
    graph += [process(**{
        "dpv:hasRecipient": ref(t) | {
            "@type": "dpv:Recipient", "skos:prefLabel": text(t.recipient), **described(t.text)},
        "dpv:hasThirdCountry": [{"@id": f"loc:{country}"} for country in t.countries],
        "dpv:hasLegalBasis": transfer_basis(t.safeguard),
    }) for t in policy.transfers]
    graph += [process(**{
        "dpv:hasPersonalData": categories(s.data_categories),
        "dpv:hasDataSource": ref(s) | {"@type": "dpv:DataSource", "skos:prefLabel": text(s.source)},
    }) for s in policy.sources]

    # The rights and the complaint clauses: notices about a right, parts of the privacy notice.
    parts = [ref(r) | {"@type": "dpv:RightNotice", "dpv:hasRight": {"@id": RIGHT_TERMS[r.right]},
                       "skos:prefLabel": label("right." + r.right), **described(r.text)} for r in policy.rights]
    if k := policy.complaint:
        authority = {"@type": "dpv:DataProtectionAuthority", "dpv:hasName": k.authority}
        parts.append(ref(k) | {
            "@type": "dpv:RightNotice", "dpv:hasRight": {"@id": COMPLAINT}, "dct:description": text(k.text),
            "dpv:hasEntity": authority | ({"foaf:homepage": {"@id": k.website}} if k.website else {})})
    graph += parts
    if parts:
        notice["dct:hasPart"] = [{"@id": part["@id"]} for part in parts]
    if dpo := policy.data_protection_officer:
        graph.append(ref(dpo) | {"@type": "dpv:DataProtectionOfficer", "dpv:hasContact": contacts(dpo.email, dpo.phone)}
                     | ({"dpv:hasName": dpo.name} if dpo.name else {}))
        controller["dpv:hasDataProtectionOfficer"] = {"@id": graph[-1]["@id"]}
    return {"@context": CONTEXT, "@graph": graph}
