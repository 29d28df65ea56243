"""policy.jsonld: the policy as linked data in W3C Data Privacy Vocabulary (DPV 2) terms.

Every clause node's @id is the clause's anchor on the default-language page, so the
graph and the pages point at the same things. The context is inline (no remote
@context to fetch), so any JSON-LD processor reads the document offline.
"""

from __future__ import annotations

from typing import Any

from .export import SECTION_ANCHORS, anchor
from .labels import Labels
from .legal import LEGAL_BASES, REFERENCE
from .model import Duration, Policy, Text

CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
ISO_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}

Node = dict[str, Any]


def iso_duration(period: Duration | None) -> str:
    """ISO 8601 duration; 'not stored' is a storage duration of zero."""
    return "PT0S" if period is None else f"P{period.count}{ISO_UNITS[period.unit]}"


def legal_basis_iri(basis_id: str) -> str:
    basis = LEGAL_BASES[basis_id]
    return f"eu-gdpr:A{basis.article}-{basis.paragraph}-{basis.letter}"


def to_jsonld(policy: Policy, labels: Labels, pages: dict[str, str]) -> Node:
    page = pages[policy.languages[0]]

    def ref(fragment: str) -> Node:
        return {"@id": f"{page}#{fragment}"}

    def text(value: Text) -> list[Node]:
        # Citations are written out as on the pages; the structured basis is in dpv:hasLegalBasis.
        return [{"@value": REFERENCE.sub(lambda m, lang=lang: labels.get(
                    "legal_basis.citation", lang, letter=LEGAL_BASES[m.group(1)].letter), words),
                 "@language": lang} for lang, words in value.by_language]

    def bases(ids: tuple[str, ...]) -> list[Node]:
        return [{"@id": legal_basis_iri(i)} for i in ids]

    def categories(ids: tuple[str, ...]) -> list[Node]:
        return [ref(anchor("category", i)) for i in ids]

    c = policy.controller
    controller = ref(SECTION_ANCHORS["contact"]) | {
        "@type": "dpv:DataController", "dpv:hasName": c.name,
        "dpv:hasAddress": f"{c.address.street}, {c.address.country}-{c.address.postcode} {c.address.city}",
        "dpv:hasContact": [{"@id": f"mailto:{c.email}"}, {"@id": f"tel:{c.phone.e164}"}],
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

    graph: list[Node] = [notice, controller]
    graph += [ref(anchor("category", d.id)) | {"@type": "dpv:PersonalData", "skos:prefLabel": text(d.name)}
              for d in policy.data_categories]
    graph += [process(**{
        "dpv:hasPurpose": ref(anchor("purpose", p.id)) | {
            "@type": "dpv:Purpose", "skos:prefLabel": text(p.title), "dct:description": text(p.description)},
        "dpv:hasLegalBasis": bases(p.legal_bases),
        "dpv:hasPersonalData": categories(p.data_categories),
    }) for p in policy.purposes]
    graph += [process(**{
        "dpv:hasPersonalData": categories(r.data_categories),
        "dpv:hasStorageCondition": ref(anchor("retention", r.id)) | {
            "@type": "dpv:StorageDuration", "dct:description": text(r.subject),
            "rdf:value": {"@value": iso_duration(r.period), "@type": "xsd:duration"}},
    }) for r in policy.retention_rules]
    graph += [process(**{
        "dpv:hasRecipient": ref(anchor("disclosure", d.id)) | {
            "@type": "dpv:Recipient", "skos:prefLabel": text(d.recipient), "dct:description": text(d.text)},
        "dpv:hasLegalBasis": bases(d.legal_bases),
    }) for d in policy.disclosures]
    return {"@context": CONTEXT, "@graph": graph}
