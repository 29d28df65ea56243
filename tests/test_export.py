"""The machine-readable policy: policy.json (schema, round trip, anchors) and policy.jsonld (DPV terms)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from urllib.parse import urljoin

import jsonschema
import pytest
import rdflib
from bs4 import BeautifulSoup

from conftest import ROOT, run_mkdocs
from policies import complete_policy, edit, write
from policysite import check
from policysite.model.law import LEGAL_BASES, MAY_NOT_APPLY, RIGHTS, SAFEGUARDS
from policysite.model.policy import Policy, Text
from policysite.pipeline import load_policy
from policysite.publish.exports import page_urls
from policysite.publish.policy_json import SCHEMA_FILE, from_json, to_json
from policysite.publish.policy_jsonld import to_jsonld
from policysite.render.labels import load_labels
from policysite.render.page import render_pages

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's own

SITE_URL = "https://personvern.sensornordic.no/"
RDF_TYPE, RDF_VALUE = rdflib.RDF.type, rdflib.RDF.value
XSD_DATE, XSD_DURATION = rdflib.XSD.date, rdflib.XSD.duration
DPV = rdflib.Namespace("https://w3id.org/dpv#")
GDPR = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
LOC = rdflib.Namespace("https://w3id.org/dpv/loc#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
MARKDOWN_ID = re.compile(r"\{:?\s*#([A-Za-z0-9_-]+)")
# Ids on the page that are not clauses: the page's own parts, and the parts of a clause the
# export has as a whole (`contact` holds contact-address and contact-channels).
NOT_CLAUSES = {"privacy-policy", "version", "notice", "summary", "overview", "contact-address", "contact-channels",
               "complaint-text", "complaint-authority", "data-protection-officer-name",
               "data-protection-officer-channels"}


def anchors_of(document) -> set[str]:
    found = set()

    def walk(value):
        if isinstance(value, dict):
            found.update([value["anchor"]] if "anchor" in value else [])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return found


@pytest.fixture(scope="module")
def exported(published_site) -> dict:
    return json.loads((published_site.site / "policy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(published_site) -> jsonschema.Draft202012Validator:
    schema = json.loads((published_site.site / "policy.json.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def graph(published_site) -> rdflib.Graph:
    # The context is inline, so parsing needs no network.
    return rdflib.Graph().parse(published_site.site / "policy.jsonld", format="json-ld")


def test_policy_json_is_valid_against_its_schema(exported, validator):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(exported)]
    assert not errors, errors
    assert exported["version"] == "1.0" and exported["effective_date"] == "2026-11-23"
    assert exported["languages"] == ["no", "en"]
    assert exported["pages"] == {"no": SITE_URL, "en": SITE_URL + "en/"}


@pytest.mark.parametrize(("where", "value"), [
    (("purposes", "items", 0, "legal_bases", 0), "art6-1-g"),
    (("retention", "rules", 0, "period", "unit"), "fortnight"),
    (("title", "de"), ""),
    (("data_categories", "items", 0, "surprise"), "x"),
])
def test_the_schema_rejects_what_the_validator_would(exported, validator, where, value):
    broken = copy.deepcopy(exported)
    target = broken
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    assert not validator.is_valid(broken)


def test_the_export_round_trips_to_the_same_model(exported):
    policy = check(ROOT / "policy.yaml").policy
    assert from_json(exported) == policy
    assert from_json(json.loads(json.dumps(exported))) == policy


def test_every_clause_anchor_is_an_element_id_on_every_page(exported, published_site):
    anchors = anchors_of(exported)
    assert len(anchors) > 20
    for language in ("no", "en"):
        ids = {element["id"] for element in published_site.article(language).find_all(id=True)}
        assert anchors <= ids, f"{language}: {sorted(anchors - ids)}"
        # and every clause with an id on the page is in the export
        assert ids - NOT_CLAUSES <= anchors, sorted(ids - NOT_CLAUSES - anchors)


def test_every_page_links_the_exports_from_its_head(published_site):
    for page in sorted(published_site.site.rglob("*.html")):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        page_url = urljoin(SITE_URL, page.relative_to(published_site.site).as_posix())
        links = {link["type"]: urljoin(page_url, link["href"]) for link in head.select("link[rel=alternate][type]")}
        assert links.get("application/ld+json") == SITE_URL + "policy.jsonld", page
        assert links.get("application/json") == SITE_URL + "policy.json", page


def test_the_json_ld_describes_the_policy_in_dpv_terms(graph):
    policy = check(ROOT / "policy.yaml").policy
    page = rdflib.URIRef(SITE_URL)
    assert (page, RDF_TYPE, DPV.PrivacyNotice) in graph
    assert graph.value(page, DCT.hasVersion).toPython() == "1.0"
    assert graph.value(page, DCT.valid) == rdflib.Literal("2026-11-23", datatype=XSD_DATE)
    controller = graph.value(page, DPV.hasDataController)
    assert (controller, RDF_TYPE, DPV.DataController) in graph
    assert str(graph.value(controller, DPV.hasName)) == "SensorNordic AS"

    def clause(anchor: str) -> rdflib.URIRef:
        return rdflib.URIRef(f"{SITE_URL}#{anchor}")

    for purpose in policy.purposes:
        node = clause(f"purpose-{purpose.id}")
        assert (node, RDF_TYPE, DPV.Purpose) in graph
        assert rdflib.Literal(purpose.title["en"], lang="en") in set(graph.objects(node, SKOS.prefLabel))
        process = graph.value(predicate=DPV.hasPurpose, object=node)
        assert (process, RDF_TYPE, DPV.Process) in graph
        assert set(graph.objects(process, DPV.hasLegalBasis)) == {
            GDPR[f"A6-1-{basis[-1]}"] for basis in purpose.legal_bases}
        assert set(graph.objects(process, DPV.hasPersonalData)) == {
            clause(f"category-{c}") for c in purpose.data_categories}
        assert (process, DPV.hasDataController, controller) in graph

    for category in policy.data_categories:
        assert (clause(f"category-{category.id}"), RDF_TYPE, DPV.PersonalData) in graph

    durations = {rule.id: graph.value(clause(f"retention-{rule.id}"), RDF_VALUE) for rule in policy.retention_rules}
    assert durations == {"support-email": rdflib.Literal("P3Y", datatype=XSD_DURATION),
                         "customer-service-calls": rdflib.Literal("PT0S", datatype=XSD_DURATION)}
    storage = clause("retention-support-email")
    assert (storage, RDF_TYPE, DPV.StorageDuration) in graph
    assert graph.value(predicate=DPV.hasStorageCondition, object=storage) is not None

    recipient = clause("disclosure-public-authorities")
    assert (recipient, RDF_TYPE, DPV.Recipient) in graph
    assert set(graph.objects(graph.value(predicate=DPV.hasRecipient, object=recipient), DPV.hasLegalBasis)) == {
        GDPR["A6-1-c"]}
    # texts are written out as on the pages: no {art6-1-x} markers left for consumers to decode
    assert not [o for o in graph.objects() if isinstance(o, rdflib.Literal) and "{art6" in str(o)]


def test_mkdocs_serve_and_plain_builds_publish_the_exports_too(project):
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for name in ("policy.json", "policy.json.schema.json", "policy.jsonld"):
        assert (project / "site" / name).is_file(), name



# --- A policy with every optional GDPR part ---------------------------------------------------------------

def complete_text() -> str:
    """complete_policy() plus the optional values it leaves out (a transfer's text, gdpr_not_applicable)."""
    text = edit("      safeguard: standard-contractual-clauses\n",
                "      safeguard: standard-contractual-clauses\n"
                "      text:\n        no: Testtekst om kopi av avtalen.\n        en: Test text about a copy.\n",
                complete_policy())
    return text + "\ngdpr_not_applicable:\n  - item: \"14\"\n    reason: Test reason.\n"


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Policy:
    folder = tmp_path_factory.mktemp("complete")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    text = edit("  logo: branding/logo.svg\n", "  logo: logo.svg\n", complete_text())
    policy, _ = load_policy(write(folder, text), load_labels())
    return policy


def unfilled(policy: Policy) -> set[str]:
    """Every `Class.field` of the model that has no value anywhere in `policy` (None or empty)."""
    seen, filled = set(), set()

    def walk(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, Text):
            for field in dataclasses.fields(value):
                if field.compare:
                    name, item = f"{type(value).__name__}.{field.name}", getattr(value, field.name)
                    seen.add(name)
                    if item not in (None, ()):
                        filled.add(name)
                    walk(item)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(policy)
    return seen - filled


def page_ids(markdown: str) -> set[str]:
    return set(MARKDOWN_ID.findall(markdown))


def test_the_complete_policy_fills_every_field_of_the_model(complete):
    assert unfilled(complete) == set()  # so the round trip below covers every field


def test_the_complete_export_is_valid_and_round_trips(complete, validator):
    document = to_json(complete, page_urls(complete, SITE_URL))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, errors
    assert from_json(document) == complete
    assert from_json(json.loads(json.dumps(document))) == complete
    assert document["rights"]["items"][1] == {"right": "rectification", "anchor": "right-rectification", "text": None}
    assert document["transfers"]["items"][0]["countries"] == ["US", "CA"]
    assert document["data_protection_officer"]["phone"] == {"display": "+47 6790 4848", "e164": "+4767904848"}
    assert document["complaint"]["website"] == "https://www.datatilsynet.no/"
    assert document["gdpr_not_applicable"] == [{"item": "14", "reason": "Test reason."}]


def test_sensornordic_exports_its_missing_sections_as_null(exported):
    assert [key for key, value in exported.items() if value is None] == [
        "transfers", "sources", "requirement_to_provide", "rights", "complaint", "data_protection_officer"]
    assert exported["gdpr_not_applicable"] == []
    purposes = exported["purposes"]["items"]
    assert {p["legitimate_interest"] for p in purposes} == {None}
    assert {p["consent_withdrawal"] for p in purposes} == {None}


def test_the_complete_export_has_exactly_the_clause_ids_of_the_page(complete):
    anchors = anchors_of(to_json(complete, page_urls(complete, SITE_URL)))
    pages = render_pages(complete, load_labels())
    for language in complete.languages:
        ids = page_ids(pages[f"{language}/index.md"])
        assert ids >= NOT_CLAUSES, sorted(NOT_CLAUSES - ids)  # the list above stays true
        assert anchors == ids - NOT_CLAUSES, (sorted(anchors - ids), sorted(ids - NOT_CLAUSES - anchors))
    assert {"rights", "right-access", "transfer-test-hosting", "source-alarm-contact-details", "complaint",
            "data-protection-officer", "requirement-to-provide"} <= anchors


@pytest.mark.parametrize(("where", "value"), [
    (("rights", "items", 0, "right"), "happiness"),
    (("transfers", "items", 0, "safeguard"), "a-handshake"),
    (("transfers", "items", 0, "countries"), []),
    (("purposes", "items", 0, "legitimate_interest"), ""),
    (("data_protection_officer", "email"), None),  # with no phone either
    (("complaint", "website"), "http://www.datatilsynet.no/"),
    (("gdpr_not_applicable", 0, "item"), "13-2-b"),
])
def test_the_schema_rejects_broken_gdpr_sections(complete, validator, where, value):
    broken = to_json(dataclasses.replace(complete, data_protection_officer=dataclasses.replace(
        complete.data_protection_officer, phone=None)), page_urls(complete, SITE_URL))
    assert validator.is_valid(broken)
    target = broken
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    assert not validator.is_valid(broken)


def test_a_missing_optional_key_is_an_error_not_a_default(exported, validator):
    broken = copy.deepcopy(exported)
    del broken["purposes"]["items"][0]["legitimate_interest"]
    del broken["rights"]
    assert len(list(validator.iter_errors(broken))) == 2


def test_the_schema_enums_are_the_model_s_choices():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    properties = schema["properties"]

    def items(section: str) -> dict:
        return properties[section]["oneOf"][1]["properties"]["items"]["items"]["properties"]

    assert schema["$defs"]["legal_bases"]["items"]["enum"] == list(LEGAL_BASES)
    assert items("rights")["right"]["enum"] == list(RIGHTS)
    assert items("transfers")["safeguard"]["enum"] == list(SAFEGUARDS)
    assert properties["gdpr_not_applicable"]["items"]["properties"]["item"]["enum"] == list(MAY_NOT_APPLY)


def complete_graph(policy: Policy) -> rdflib.Graph:
    document = to_jsonld(policy, load_labels(), page_urls(policy, SITE_URL))
    return rdflib.Graph().parse(data=json.dumps(document), format="json-ld")


def test_the_json_ld_describes_the_gdpr_sections_in_dpv_terms(complete):
    graph = complete_graph(complete)
    page = rdflib.URIRef(SITE_URL)

    def clause(anchor: str) -> rdflib.URIRef:
        return rdflib.URIRef(f"{SITE_URL}#{anchor}")

    # every clause the graph names is an element of the page
    ids = page_ids(render_pages(complete, load_labels())["no/index.md"])
    named = {str(node) for node in graph.all_nodes() if str(node).startswith(SITE_URL + "#")}
    assert {iri.split("#", 1)[1] for iri in named} <= ids

    # rights: a notice about each right, part of the privacy notice, naming its eu-gdpr right
    for right, article in RIGHTS.items():
        node = clause(f"right-{right}")
        assert (node, RDF_TYPE, DPV.RightNotice) in graph
        assert (node, DPV.hasRight, GDPR[f"A{article}"]) in graph
        assert (page, DCT.hasPart, node) in graph
    assert rdflib.Literal("Right of access", lang="en") in set(graph.objects(clause("right-access"), SKOS.prefLabel))
    assert rdflib.Literal("Test text about access.", lang="en") in set(
        graph.objects(clause("right-access"), DCT.description))

    # the complaint: the right to lodge one, with the data protection authority
    assert (clause("complaint"), DPV.hasRight, GDPR.A77) in graph
    authority = graph.value(clause("complaint"), DPV.hasEntity)
    assert (authority, RDF_TYPE, DPV.DataProtectionAuthority) in graph
    assert str(graph.value(authority, DPV.hasName)) == "Datatilsynet"
    assert graph.value(authority, FOAF.homepage) == rdflib.URIRef("https://www.datatilsynet.no/")

    # the data protection officer, the controller's
    dpo = clause("data-protection-officer")
    assert (clause("contact"), DPV.hasDataProtectionOfficer, dpo) in graph
    assert (dpo, RDF_TYPE, DPV.DataProtectionOfficer) in graph
    assert set(graph.objects(dpo, DPV.hasContact)) == {
        rdflib.URIRef("mailto:dpo@example.no"), rdflib.URIRef("tel:+4767904848")}

    # a transfer: recipient, third countries, and its safeguard as a data transfer legal basis
    recipient = clause("transfer-test-hosting")
    assert (recipient, RDF_TYPE, DPV.Recipient) in graph
    transfer = graph.value(predicate=DPV.hasRecipient, object=recipient)
    assert set(graph.objects(transfer, DPV.hasThirdCountry)) == {LOC.US, LOC.CA}
    assert set(graph.objects(transfer, DPV.hasLegalBasis)) == {GDPR["A46-2-c"]}

    # a data source, and the data that comes from it
    source = clause("source-alarm-contact-details")
    assert (source, RDF_TYPE, DPV.DataSource) in graph
    process = graph.value(predicate=DPV.hasDataSource, object=source)
    assert set(graph.objects(process, DPV.hasPersonalData)) == {clause("category-name"), clause("category-phone")}

    # legitimate interests and consent withdrawal, per purpose
    for purpose in complete.purposes:
        process = graph.value(predicate=DPV.hasPurpose, object=clause(f"purpose-{purpose.id}"))
        legal_bases = set(graph.objects(process, DPV.hasLegalBasis))
        assert {b for b in legal_bases if isinstance(b, rdflib.URIRef)} == {
            GDPR[f"A6-1-{basis[-1]}"] for basis in purpose.legal_bases}
        interests = {b for b in legal_bases if (b, RDF_TYPE, DPV.LegitimateInterest) in graph}
        assert len(interests) == ("art6-1-f" in purpose.legal_bases)
        for interest in interests:
            assert rdflib.Literal("Test text (legitimate_interest).", lang="en") in set(
                graph.objects(interest, DCT.description))
        withdrawal = {n for n in graph.objects(process, DPV.hasNotice) if (n, DPV.hasRight, GDPR["A7-3"]) in graph}
        assert len(withdrawal) == ("art6-1-a" in purpose.legal_bases)
        assert all((n, RDF_TYPE, DPV.RightExerciseNotice) in graph for n in withdrawal)
    assert not [o for o in graph.objects() if isinstance(o, rdflib.Literal) and "{art6" in str(o)]


@pytest.mark.parametrize(("safeguard", "term"), [
    ("adequacy-decision", GDPR["A45-3"]),
    ("standard-contractual-clauses", GDPR["A46-2-c"]),
    ("binding-corporate-rules", GDPR["A46-2-b"]),
    ("derogation", None),  # policy.yaml does not say which point of art. 49 applies
])
def test_each_transfer_safeguard_is_a_data_transfer_legal_basis(complete, safeguard, term):
    transfer = dataclasses.replace(complete.transfers[0], safeguard=safeguard)
    graph = complete_graph(dataclasses.replace(complete, transfers=(transfer,)))
    process = graph.value(predicate=DPV.hasRecipient, object=rdflib.URIRef(f"{SITE_URL}#transfer-test-hosting"))
    (basis,) = graph.objects(process, DPV.hasLegalBasis)
    if term is not None:
        assert basis == term
    else:
        assert (basis, RDF_TYPE, DPV.DataTransferLegalBasis) in graph
        assert rdflib.Literal("a derogation for specific situations", lang="en") in set(
            graph.objects(basis, SKOS.prefLabel))
