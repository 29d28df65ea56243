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

from conftest import ROOT, BuiltSite, copy_project, run_mkdocs, run_policysite
from policies import complete_policy, edit
from policysite import check
from policysite.model.law import GDPR_ITEM_GROUPS, GDPR_ITEMS, LEGAL_BASES, RIGHTS, ROLES, SAFEGUARDS, SENSITIVE, in_eea
from policysite.model.policy import Policy, Text
from policysite.publish.export_schema import EXPORT_SCHEMA_FILE, export_schema, export_schema_text
from policysite.publish.exports import page_urls
from policysite.publish.policy_json import from_json, to_json
from policysite.publish.policy_jsonld import to_jsonld
from policysite.render.labels import load_labels

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's own

SITE_URL = "https://personvern.sensornordic.no/"
RDF_TYPE, RDF_VALUE = rdflib.RDF.type, rdflib.RDF.value
XSD_DATE, XSD_DURATION = rdflib.XSD.date, rdflib.XSD.duration
DPV = rdflib.Namespace("https://w3id.org/dpv#")
GDPR = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LEGAL_EU = rdflib.Namespace("https://w3id.org/dpv/legal/eu#")
PD = rdflib.Namespace("https://w3id.org/dpv/pd#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
LOC = rdflib.Namespace("https://w3id.org/dpv/loc#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
# Ids on the page that are not clauses of the export: the page's own parts, and parts of a clause the
# export has as a whole (`contact` holds contact-address and contact-channels).
NOT_CLAUSES = {"privacy-policy", "version", "notice", "summary", "overview", "contact-address", "contact-channels",
               "data-protection-officer-name", "data-protection-officer-channels", "representative-name",
               "representative-contact"}
PARTY_CONTACT = re.compile(r"joint-controller-[a-z0-9-]+-contact")  # a joint controller's address lines


def anchors_of(document) -> set[str]:
    """Every page anchor the export names: `anchor`, `transfer_anchor` and the `anchors` of parts."""
    found = set()

    def walk(value):
        if isinstance(value, dict):
            found.update(value[key] for key in ("anchor", "transfer_anchor") if isinstance(value.get(key), str))
            found.update(value["anchors"].values() if isinstance(value.get("anchors"), dict) else ())
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return found


def page_ids(site: BuiltSite, language: str) -> set[str]:
    return {element["id"] for element in site.article(language).find_all(id=True)}


def clause_ids(site: BuiltSite, language: str) -> set[str]:
    return {i for i in page_ids(site, language) if i not in NOT_CLAUSES and not PARTY_CONTACT.fullmatch(i)}


def validator_of(site: BuiltSite) -> jsonschema.Draft202012Validator:
    schema = json.loads((site.site / "policy.json.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors_of(validator, document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def graph_of(site: BuiltSite) -> rdflib.Graph:
    # The context is inline, so parsing needs no network.
    return rdflib.Graph().parse(site.site / "policy.jsonld", format="json-ld")


def clause(anchor: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{SITE_URL}#{anchor}")


def literal(text: str, language: str = "en") -> rdflib.Literal:
    return rdflib.Literal(text, lang=language)


def tamper(document: dict, where: tuple, value) -> dict:
    broken = copy.deepcopy(document)
    target = broken
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return broken


# --- SensorNordic's published site ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(published_site) -> dict:
    return json.loads((published_site.site / "policy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(published_site) -> jsonschema.Draft202012Validator:
    return validator_of(published_site)


@pytest.fixture(scope="module")
def graph(published_site) -> rdflib.Graph:
    return graph_of(published_site)


def test_policy_json_is_valid_against_its_schema(exported, validator):
    assert errors_of(validator, exported) == []
    assert exported["version"] == "1.0" and exported["effective_date"] == "2026-11-23"
    assert exported["languages"] == ["no", "en"]
    assert exported["pages"] == {"no": SITE_URL, "en": SITE_URL + "en/"}
    assert exported["format"] == "policysite-policy/2" and exported["$schema"] == "policy.json.schema.json"


def test_the_published_schema_is_the_committed_one_and_generated_from_the_model(published_site, tmp_path, cli):
    committed = EXPORT_SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == export_schema_text(), (
        "publish/policy.json.schema.json is out of date: run `policysite schema --export`")
    published = json.loads((published_site.site / "policy.json.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(committed)
    code, out, _ = cli("schema", "--export", "--output", str(tmp_path / "schema.json"))
    assert code == 0 and "wrote" in out
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == committed
    code, out, _ = cli("schema", "--export", "--output", str(tmp_path / "schema.json"))
    assert code == 0 and "up to date" in out


@pytest.mark.parametrize(("where", "value"), [
    (("purposes", "items", 0, "legal_bases", 0, "basis"), "Art 6"),
    (("purposes", "items", 0, "legal_bases", 0), "art6-1-b"),  # always {basis, data_subjects}
    (("purposes", "items", 0, "anchor"), "category-service-delivery"),
    (("retention", "rules", 0, "duration", "unit"), "fortnight"),
    (("retention", "rules", 0, "duration", "count"), 0),
    (("title", "de"), ""),
    (("title", "en"), "Two\n\nparagraphs"),
    (("introduction", "text", 0), {"list": []}),
    (("data_categories", "items", 0, "surprise"), "x"),
    (("data_categories", "items", 0, "sensitive"), "art11"),
    (("recipients", "items", 0, "role"), "friend"),
    (("recipients", "items", 0, "countries"), ["XX"]),
    (("recipients", "items", 0, "legal_bases"), []),  # a public authority receives data on a legal basis
    (("recipients", "items", 0, "third_countries"), ["SE"]),  # Sweden is in the EEA
    (("recipients", "items", 0, "safeguard"), "standard-contractual-clauses"),  # no transfer, no safeguard
    (("controller", "phone", "e164"), "67904848"),
    (("controller", "email"), "support(at)sensornordic.no"),
    (("effective_date",), "23.11.2026"),
])
def test_the_schema_rejects_what_the_validator_would(exported, validator, where, value):
    assert not validator.is_valid(tamper(exported, where, value))


def test_the_export_round_trips_to_the_same_model(exported):
    policy = check(ROOT / "policy.yaml").policy
    assert from_json(exported) == policy
    assert from_json(json.loads(json.dumps(exported))) == policy


def test_every_clause_anchor_is_an_element_id_on_every_page(exported, published_site):
    anchors = anchors_of(exported)
    assert len(anchors) > 20
    for language in ("no", "en"):
        assert anchors <= page_ids(published_site, language), sorted(anchors - page_ids(published_site, language))
        # and every clause with an id on the page is in the export
        assert clause_ids(published_site, language) <= anchors, sorted(clause_ids(published_site, language) - anchors)


def test_every_page_links_the_exports_from_its_head(published_site):
    for page in sorted(published_site.site.rglob("*.html")):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        page_url = urljoin(SITE_URL, page.relative_to(published_site.site).as_posix())
        links = {link["type"]: urljoin(page_url, link["href"]) for link in head.select("link[rel=alternate][type]")}
        assert links.get("application/ld+json") == SITE_URL + "policy.jsonld", page
        assert links.get("application/json") == SITE_URL + "policy.json", page


def test_sensornordic_exports_its_missing_sections_as_null(exported):
    assert [key for key, value in exported.items() if value is None] == [
        "representative", "data_protection_officer", "joint_controllers", "data_subjects", "transfers", "sources",
        "requirement_to_provide", "rights", "complaint"]
    assert exported["gdpr_not_applicable"] == [] and exported["laws"] == [] and exported["sections"] == []
    purposes = exported["purposes"]["items"]
    assert {p["legitimate_interest"] for p in purposes} == {None}
    assert exported["recipients"]["items"][0]["legal_bases"] == [{"basis": "art6-1-c", "data_subjects": []}]


def test_the_json_ld_describes_the_policy_in_dpv_terms(graph):
    policy = check(ROOT / "policy.yaml").policy
    page = rdflib.URIRef(SITE_URL)
    assert (page, RDF_TYPE, DPV.PrivacyNotice) in graph
    assert graph.value(page, DCT.hasVersion).toPython() == "1.0"
    assert graph.value(page, DCT.valid) == rdflib.Literal("2026-11-23", datatype=XSD_DATE)
    controller = graph.value(page, DPV.hasDataController)
    assert (controller, RDF_TYPE, DPV.DataController) in graph
    assert str(graph.value(controller, DPV.hasName)) == "SensorNordic AS"
    assert (controller, DPV.hasCountry, LOC.NO) in graph

    for purpose in policy.purposes.items:
        node = clause(f"purpose-{purpose.id}")
        assert (node, RDF_TYPE, DPV.Purpose) in graph
        assert literal(purpose.title["en"]) in set(graph.objects(node, SKOS.prefLabel))
        process = graph.value(predicate=DPV.hasPurpose, object=node)
        assert (process, RDF_TYPE, DPV.Process) in graph
        assert set(graph.objects(process, DPV.hasLegalBasis)) >= {
            GDPR[f"A6-1-{basis[-1]}"] for basis in purpose.basis_ids}
        assert set(graph.objects(process, DPV.hasPersonalData)) == {
            clause(f"category-{c}") for c in purpose.data_categories}
        assert (process, DPV.hasDataController, controller) in graph

    for category in policy.data_categories.items:
        assert (clause(f"category-{category.id}"), RDF_TYPE, DPV.PersonalData) in graph

    durations = {rule.id: graph.value(graph.value(clause(f"retention-{rule.id}"), DPV.hasDuration), RDF_VALUE)
                 for rule in policy.retention_rules}
    assert durations == {"support-email": rdflib.Literal("P3Y", datatype=XSD_DURATION),
                         "customer-service-calls": rdflib.Literal("PT0S", datatype=XSD_DURATION)}
    storage = clause("retention-support-email")
    assert (storage, RDF_TYPE, DPV.StorageDuration) in graph
    assert literal("Support cases submitted by email are stored for 3 years.") in set(
        graph.objects(storage, DCT.description))

    recipient = clause("recipient-public-authorities")
    assert {DPV.Recipient, DPV.Authority} <= set(graph.objects(recipient, RDF_TYPE))
    assert (recipient, DPV.hasCountry, LOC.NO) in graph
    disclosure = graph.value(predicate=DPV.hasRecipient, object=recipient)
    assert set(graph.objects(disclosure, DPV.hasLegalBasis)) == {GDPR["A6-1-c"]}
    # texts are written out as on the pages: no {art6-1-x} markers left for consumers to decode
    assert not [o for o in graph.objects() if isinstance(o, rdflib.Literal) and "{art6" in str(o)]


def test_mkdocs_serve_and_plain_builds_publish_the_exports_too(project):
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for name in ("policy.json", "policy.json.schema.json", "policy.jsonld"):
        assert (project / "site" / name).is_file(), name


# --- A policy that fills every field of the model ---------------------------------------------------------

def complete_text() -> str:
    """complete_policy(), plus what needs a file or would clash with other tests' additions."""
    text = edit('  logo: branding/logo.svg\n  accent_color: "#0b5cad"\n',
                '  logo: logo.svg\n  accent_color: "#0B5CAD"\n', complete_policy())
    return text + "\ngdpr_not_applicable:\n  - item: \"14\"\n    reason: Test reason.\n"


@pytest.fixture(scope="module")
def complete_site(tmp_path_factory) -> BuiltSite:
    """The complete policy, published as `make site` does (so its exports are the real ones)."""
    project = copy_project(tmp_path_factory.mktemp("complete") / "project")
    (project / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (project / "policy.yaml").write_text(complete_text(), encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    return BuiltSite(project, project / "site")


@pytest.fixture(scope="module")
def complete(complete_site) -> Policy:
    return check(complete_site.project / "policy.yaml").policy


@pytest.fixture(scope="module")
def complete_json(complete_site) -> dict:
    return json.loads((complete_site.site / "policy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def complete_graph(complete_site) -> rdflib.Graph:
    return graph_of(complete_site)


def unfilled(policy: Policy) -> set[str]:
    """Every `Class.field` of the model that has no value anywhere in `policy` (None, empty or false)."""
    seen, filled = set(), set()

    def walk(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, Text):
            for field in dataclasses.fields(value):
                if field.compare:
                    name, item = f"{type(value).__name__}.{field.name}", getattr(value, field.name)
                    seen.add(name)
                    if item is not None and item != () and item is not False:
                        filled.add(name)
                    walk(item)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(policy)
    return seen - filled


def test_the_complete_policy_fills_every_field_of_the_model(complete):
    assert unfilled(complete) == set()  # so the round trip below covers every field


def test_the_complete_export_is_valid_and_round_trips(complete, complete_json, complete_site):
    assert errors_of(validator_of(complete_site), complete_json) == []
    assert from_json(complete_json) == complete
    assert from_json(json.loads(json.dumps(complete_json))) == complete
    assert complete_json == to_json(complete, page_urls(complete, SITE_URL))  # what the build published


def test_the_complete_export_keeps_every_construct(complete_json):
    purposes = {p["id"]: p for p in complete_json["purposes"]["items"]}
    assert purposes["health-alerts"]["legal_bases"] == [
        {"basis": "art6-1-b", "data_subjects": []}, {"basis": "art9-2-c", "data_subjects": []},
        {"basis": "art6-1-f", "data_subjects": ["alarm-contacts"]}]
    assert purposes["health-alerts"]["description"][1] == {"list": [{"no": "Testpunkt én.", "en": "Test item one."},
                                                                     {"no": "Testpunkt to.", "en": "Test item two."}]}
    assert complete_json["laws"] == [{"id": "test-act-4", "name": {"no": "testloven", "en": "the Test Act"},
                                      "section": {"no": "§ 4", "en": "§ 4"}, "url": "https://lovdata.no/test-act"}]
    rules = {r["id"]: r for r in complete_json["retention"]["rules"]}
    assert rules["health-notes"]["duration"] == {"count": 6, "unit": "month"}
    assert (rules["health-notes"]["after"], rules["health-notes"]["anonymised"]) == ("contract-ends", True)
    assert rules["campaign"]["until_date"] == "2027-06-30"
    assert (rules["vetting-case"]["minimum"], rules["vetting-case"]["law"]) == (True, "test-act-4")
    assert complete_json["retention"]["events"][0]["id"] == "vetting-done"
    hosting = complete_json["recipients"]["items"][1]
    assert (hosting["countries"], hosting["third_countries"]) == (["IE", "US", "CA"], ["US", "CA"])
    assert hosting["transfer_anchor"] == "transfer-test-hosting"
    assert complete_json["data_subjects"]["items"][0]["minimum_age"] == 18
    assert complete_json["data_protection_officer"]["phone"] == {"display": "+47 6790 4848", "e164": "+4767904848"}
    assert complete_json["data_protection_officer"]["address"]["city"] == "Oslo"
    assert complete_json["joint_controllers"]["contact_point"] == "sister-company"
    assert complete_json["complaint"]["anchors"] == {"text": "complaint-text", "authority": "complaint-authority"}
    assert complete_json["sections"][0]["after"] == "sharing" and complete_json["sections"][1]["after"] == ""
    assert complete_json["site"]["accent_color"] == "#0b5cad"
    assert complete_json["gdpr_not_applicable"] == [{"item": "14", "reason": "Test reason."}]
    assert complete_json["rights"]["items"][1] == {"right": "rectification", "anchor": "right-rectification",
                                                   "text": None}


def test_every_anchor_of_the_complete_export_is_an_element_on_both_pages(complete_json, complete_site):
    anchors = anchors_of(complete_json)
    for language in ("no", "en"):
        ids = page_ids(complete_site, language)
        assert ids >= NOT_CLAUSES, sorted(NOT_CLAUSES - ids)  # the list above stays true
        assert anchors == clause_ids(complete_site, language), (
            sorted(anchors - ids), sorted(clause_ids(complete_site, language) - anchors))
    assert {"subject-customers", "joint-controller-sister-company", "joint-controllers-contact-point",
            "recipient-test-hosting", "transfer-test-hosting", "section-cookies", "representative",
            "complaint-text", "complaint-authority", "introduction"} <= anchors


@pytest.mark.parametrize(("where", "value"), [
    (("rights", "items", 0, "right"), "happiness"),
    (("recipients", "items", 1, "safeguard"), "a-handshake"),
    (("recipients", "items", 1, "safeguard"), None),  # a transfer needs its safeguard
    (("recipients", "items", 1, "transfer_anchor"), None),
    (("recipients", "items", 1, "legal_bases"), [{"basis": "art6-1-b", "data_subjects": []}]),  # a processor
    (("purposes", "items", 0, "legitimate_interest"), ""),
    (("data_subjects", "items", 0, "minimum_age"), 121),
    (("retention", "rules", 5, "until_date"), "2027-13-01"),
    (("sections", 0, "text"), []),
    (("complaint", "website"), "http://www.datatilsynet.no/"),
    (("complaint", "anchors"), {"text": "complaint"}),
    (("gdpr_not_applicable", 0, "item"), "13-2-z"),
    (("site", "accent_color"), "blue"),
    (("joint_controllers", "items", 0, "anchor"), "subject-sister-company"),
])
def test_the_schema_rejects_broken_sections(complete_json, complete_site, where, value):
    validator = validator_of(complete_site)
    assert validator.is_valid(complete_json)
    assert not validator.is_valid(tamper(complete_json, where, value))


def test_a_missing_optional_key_is_an_error_not_a_default(exported, validator):
    broken = copy.deepcopy(exported)
    del broken["purposes"]["items"][0]["legitimate_interest"]
    del broken["rights"]
    assert len(list(validator.iter_errors(broken))) == 2


def key_paths(document) -> dict[tuple, object]:
    """One path to every key of every kind of object in the document (list items: the first one that
    has the key), with its value."""
    found: dict[tuple, tuple] = {}

    def walk(value, path: tuple, shape: tuple):
        if isinstance(value, dict):
            for key, item in value.items():
                found.setdefault((*shape, key), (*path, key))
                walk(item, (*path, key), (*shape, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i), (*shape, "[]"))

    walk(document, (), ())
    return {path: None for path in found.values()}


def test_the_schema_constrains_every_key_of_the_complete_export(complete_json, complete_site):
    """The complete policy fills every field of the model, so every field is a key of its export:
    a value of the wrong kind under any key is refused (and so is a key the model does not have)."""
    validator = validator_of(complete_site)
    unchecked = [path for path in key_paths(complete_json)
                 if validator.is_valid(tamper(complete_json, path, {"no such key": ["no such value"]}))]
    assert unchecked == []
    assert len(key_paths(complete_json)) > 150


def test_the_schema_enums_are_the_vocabulary():
    schema = export_schema()

    def items(section: str) -> dict:
        node = schema["properties"][section]
        return node.get("anyOf", [node])[0]["properties"]["items"]["items"]["properties"]

    basis = items("recipients")["legal_bases"]["items"]["properties"]["basis"]
    assert basis["anyOf"][0]["enum"] == list(LEGAL_BASES)
    assert items("recipients")["role"]["enum"] == list(ROLES)
    assert items("recipients")["safeguard"]["anyOf"][0]["enum"] == list(SAFEGUARDS)
    assert items("rights")["right"]["enum"] == list(RIGHTS)
    assert items("data_categories")["sensitive"]["anyOf"][0]["enum"] == list(SENSITIVE)
    third = schema["$defs"]["third_country"]["enum"]
    assert "US" in third and not [country for country in third if in_eea(country)]
    assert schema["properties"]["gdpr_not_applicable"]["items"]["properties"]["item"]["enum"] == [
        *GDPR_ITEMS, *GDPR_ITEM_GROUPS]


# --- policy.jsonld of the complete policy: one construct at a time ------------------------------------------

def process_of(graph: rdflib.Graph, anchor: str) -> rdflib.term.Node:
    return graph.value(predicate=DPV.hasPurpose, object=clause(f"purpose-{anchor}"))


def test_every_clause_the_graph_names_is_an_element_of_the_page(complete_graph, complete_site):
    named = {str(node).split("#", 1)[1] for node in complete_graph.all_nodes()
             if str(node).startswith(SITE_URL + "#")}
    assert named <= page_ids(complete_site, "no"), sorted(named - page_ids(complete_site, "no"))
    # texts are worded as on the pages: no {art6-1-x} or {law-id} markers left for consumers to decode
    assert not [o for o in complete_graph.objects() if isinstance(o, rdflib.Literal) and "{" in str(o)]


def test_an_art9_condition_is_its_eu_gdpr_term(complete_graph):
    assert GDPR["A9-2-c"] in set(complete_graph.objects(process_of(complete_graph, "health-alerts"), DPV.hasLegalBasis))


def test_art10_is_a_legal_basis_under_the_gdpr(complete_graph):
    bases = set(complete_graph.objects(process_of(complete_graph, "installer-vetting"), DPV.hasLegalBasis))
    (art10,) = [b for b in bases if (b, DPV.hasApplicableLaw, LEGAL_EU["law-GDPR"]) in complete_graph]
    assert (art10, RDF_TYPE, DPV.LegalBasis) in complete_graph
    assert literal("GDPR art. 10") in set(complete_graph.objects(art10, SKOS.prefLabel))


def test_a_national_law_is_a_dpv_law_named_by_the_legal_basis(complete_graph):
    bases = set(complete_graph.objects(process_of(complete_graph, "installer-vetting"), DPV.hasLegalBasis))
    assert GDPR["A6-1-c"] in bases
    laws = {complete_graph.value(b, DPV.hasApplicableLaw) for b in bases} - {None, LEGAL_EU["law-GDPR"]}
    (law,) = laws
    assert (law, RDF_TYPE, DPV.Law) in complete_graph
    assert literal("the Test Act") in set(complete_graph.objects(law, DCT.title))
    assert literal("testloven § 4", "no") in set(complete_graph.objects(law, DCT.bibliographicCitation))
    assert complete_graph.value(law, FOAF.page) == rdflib.URIRef("https://lovdata.no/test-act")
    # the retention rule the law requires names the same law
    assert (clause("retention-vetting-case"), DPV.hasApplicableLaw, law) in complete_graph


def test_a_basis_for_some_groups_is_on_a_part_of_the_process_for_them(complete_graph):
    process = process_of(complete_graph, "health-alerts")
    assert set(complete_graph.objects(process, DPV.hasLegalBasis)) == {GDPR["A6-1-b"], GDPR["A9-2-c"]}
    (part,) = complete_graph.objects(process, DPV.hasProcess)
    assert set(complete_graph.objects(part, DPV.hasDataSubject)) == {clause("subject-alarm-contacts")}
    bases = set(complete_graph.objects(part, DPV.hasLegalBasis))
    assert GDPR["A6-1-f"] in bases
    (interest,) = bases - {GDPR["A6-1-f"]}
    assert (interest, RDF_TYPE, DPV.LegitimateInterest) in complete_graph
    assert literal("Test text (legitimate_interest).") in set(complete_graph.objects(interest, DCT.description))


@pytest.mark.parametrize(("recipient", "role_type", "relation"), [
    ("test-hosting", DPV.DataProcessor, DPV.hasDataProcessor),
    ("test-partner", DPV.DataController, DPV.hasRecipientDataController),
    ("sister-company", DPV.DataController, DPV.hasRecipientDataController),
    ("public-authorities", DPV.Authority, None),
])
def test_each_recipient_has_its_role(complete_graph, recipient, role_type, relation):
    node = clause(f"recipient-{recipient}")
    assert {DPV.Recipient, role_type} <= set(complete_graph.objects(node, RDF_TYPE))
    process = complete_graph.value(predicate=DPV.hasRecipient, object=node)
    if relation is not None:
        assert (process, relation, node) in complete_graph


def test_a_joint_controller_recipient_shares_control_of_the_disclosure(complete_graph):
    node = clause("recipient-sister-company")
    group = complete_graph.value(complete_graph.value(predicate=DPV.hasRecipient, object=node),
                                 DPV.hasJointDataControllers)
    assert (group, RDF_TYPE, DPV.JointDataControllers) in complete_graph
    assert set(complete_graph.objects(group, DPV.hasDataController)) == {clause("contact"), node}


def test_recipients_name_their_countries(complete_graph):
    assert set(complete_graph.objects(clause("recipient-test-hosting"), DPV.hasCountry)) == {LOC.IE, LOC.US, LOC.CA}
    assert set(complete_graph.objects(clause("recipient-test-partner"), DPV.hasCountry)) == {LOC.SE}


def test_a_transfer_is_the_disclosure_to_third_countries_with_its_safeguard(complete_graph):
    transfer = clause("transfer-test-hosting")
    assert (transfer, DPV.hasRecipient, clause("recipient-test-hosting")) in complete_graph
    assert (transfer, DPV.hasProcessing, DPV.CrossBorderTransfer) in complete_graph
    assert set(complete_graph.objects(transfer, DPV.hasThirdCountry)) == {LOC.US, LOC.CA}  # not Ireland
    assert set(complete_graph.objects(transfer, DPV.hasLegalBasis)) == {GDPR["A46-2-c"]}
    assert literal("Test text about a copy.") in set(complete_graph.objects(transfer, DCT.description))
    partner = complete_graph.value(predicate=DPV.hasRecipient, object=clause("recipient-test-partner"))
    assert not set(complete_graph.objects(partner, DPV.hasThirdCountry))  # Sweden is in the EEA


@pytest.mark.parametrize(("safeguard", "term"), [
    ("adequacy-decision", GDPR["A45-3"]),
    ("standard-contractual-clauses", GDPR["A46-2-c"]),
    ("binding-corporate-rules", GDPR["A46-2-b"]),
    ("derogation", None),  # policy.yaml does not say which point of art. 49 applies
])
def test_each_transfer_safeguard_is_a_data_transfer_legal_basis(complete, safeguard, term):
    recipients = tuple(dataclasses.replace(r, safeguard=safeguard) if r.third_countries else r
                       for r in complete.recipient_list)
    policy = dataclasses.replace(complete, recipients=dataclasses.replace(complete.recipients, items=recipients))
    document = to_jsonld(policy, load_labels(), page_urls(policy, SITE_URL))
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    (basis,) = graph.objects(clause("transfer-test-hosting"), DPV.hasLegalBasis)
    if term is not None:
        assert basis == term
    else:
        assert (basis, RDF_TYPE, DPV.DataTransferLegalBasis) in graph
        assert literal("a derogation for specific situations") in set(graph.objects(basis, SKOS.prefLabel))


def test_data_subjects_and_their_minimum_age(complete_graph):
    customers = clause("subject-customers")
    assert (customers, RDF_TYPE, DPV.DataSubject) in complete_graph
    assert literal("Customers") in set(complete_graph.objects(customers, SKOS.prefLabel))
    assert literal("Minimum age: 18.") in set(complete_graph.objects(customers, SKOS.scopeNote))
    assert set(complete_graph.objects(process_of(complete_graph, "health-alerts"), DPV.hasDataSubject)) == {
        customers, clause("subject-alarm-contacts")}
    assert (clause("category-health-notes"), DPV.hasDataSubject, customers) in complete_graph


def test_special_category_and_criminal_offence_data(complete_graph):
    assert (clause("category-health-notes"), RDF_TYPE, DPV.SpecialCategoryPersonalData) in complete_graph
    criminal = clause("category-criminal-record")
    assert (criminal, RDF_TYPE, DPV.SensitivePersonalData) in complete_graph
    assert (criminal, SKOS.broader, PD.Criminal) in complete_graph
    assert (criminal, RDF_TYPE, DPV.SpecialCategoryPersonalData) not in complete_graph
    assert (clause("category-name"), RDF_TYPE, DPV.SensitivePersonalData) not in complete_graph


def duration_of(graph: rdflib.Graph, rule: str) -> rdflib.term.Node:
    storage = clause(f"retention-{rule}")
    assert (storage, RDF_TYPE, DPV.StorageDuration) in graph
    return graph.value(storage, DPV.hasDuration)


@pytest.mark.parametrize(("rule", "kind", "value"), [
    ("support-email", DPV.TemporalDuration, rdflib.Literal("P3Y", datatype=XSD_DURATION)),
    ("customer-service-calls", DPV.TemporalDuration, rdflib.Literal("PT0S", datatype=XSD_DURATION)),
    ("campaign", DPV.UntilTimeDuration, rdflib.Literal("2027-06-30", datatype=XSD_DATE)),
])
def test_a_fixed_period_or_date_is_a_machine_readable_duration(complete_graph, rule, kind, value):
    duration = duration_of(complete_graph, rule)
    assert (duration, RDF_TYPE, kind) in complete_graph
    assert complete_graph.value(duration, RDF_VALUE) == value


def test_until_an_event_is_an_until_event_duration(complete_graph):
    duration = duration_of(complete_graph, "police-certificate")
    assert (duration, RDF_TYPE, DPV.UntilEventDuration) in complete_graph
    assert literal("the vetting is done") in set(complete_graph.objects(duration, DCT.description))


def test_a_period_after_an_event_is_the_events_duration_plus_the_period(complete_graph):
    duration = duration_of(complete_graph, "health-notes")
    assert (duration, RDF_TYPE, DPV.UntilEventDuration) in complete_graph
    assert literal("the contract ends") in set(complete_graph.objects(duration, DCT.description))
    period = complete_graph.value(duration, DPV.hasDuration)
    assert (period, RDF_TYPE, DPV.TemporalDuration) in complete_graph
    assert complete_graph.value(period, RDF_VALUE) == rdflib.Literal("P6M", datatype=XSD_DURATION)


def test_a_minimum_period_with_its_law_and_criteria(complete_graph):
    duration = duration_of(complete_graph, "vetting-case")
    assert (duration, RDF_TYPE, DPV.Duration) in complete_graph
    assert complete_graph.value(duration, RDF_VALUE) is None  # "at least" is not a fixed period
    assert literal("at least 5 years") in set(complete_graph.objects(duration, DCT.description))
    criteria = complete_graph.value(clause("retention-vetting-case"), DPV.hasJustification)
    assert (criteria, RDF_TYPE, DPV.Justification) in complete_graph
    assert literal("Test text about criteria.") in set(complete_graph.objects(criteria, DCT.description))


def test_anonymisation_instead_of_deletion(complete_graph):
    def processing(rule: str) -> set:
        process = complete_graph.value(predicate=DPV.hasStorageCondition, object=clause(f"retention-{rule}"))
        return set(complete_graph.objects(process, DPV.hasProcessing))

    assert processing("health-notes") == {DPV.Store, DPV.Anonymise}
    assert processing("support-email") == {DPV.Store}


def test_joint_controllers_and_their_contact_point(complete_graph):
    page = rdflib.URIRef(SITE_URL)
    joint, member = clause("joint-controllers"), clause("joint-controller-sister-company")
    assert (joint, RDF_TYPE, DPV.JointDataControllers) in complete_graph
    assert set(complete_graph.objects(joint, DPV.hasDataController)) == {clause("contact"), member}
    assert (member, RDF_TYPE, DPV.DataController) in complete_graph
    assert (member, DPV.hasContact, rdflib.URIRef("mailto:post@sister.example.no")) in complete_graph
    assert literal("Test text about responsibility.\n\n• Test duty one.\n• Test duty two.") in set(
        complete_graph.objects(member, DCT.description))
    shared = process_of(complete_graph, "health-alerts")
    assert (shared, DPV.hasDataController, member) in complete_graph
    assert (shared, DPV.hasJointDataControllers, joint) in complete_graph
    point = clause("joint-controllers-contact-point")
    assert (point, RDF_TYPE, DPV.RightExerciseNotice) in complete_graph
    assert set(complete_graph.objects(point, DPV.hasEntity)) == {member}
    assert (page, DCT.hasPart, point) in complete_graph


def test_the_representative_in_the_eu(complete_graph):
    representative = clause("representative")
    assert {DPV.Representative, GDPR.Representative} <= set(complete_graph.objects(representative, RDF_TYPE))
    assert (clause("contact"), DPV.hasRepresentative, representative) in complete_graph
    assert str(complete_graph.value(representative, DPV.hasAddress)) == "Teststraße 1, DE-10115 Berlin"


def test_the_data_protection_officer_and_their_address(complete_graph):
    dpo = clause("data-protection-officer")
    assert (clause("contact"), DPV.hasDataProtectionOfficer, dpo) in complete_graph
    assert (dpo, RDF_TYPE, DPV.DataProtectionOfficer) in complete_graph
    assert str(complete_graph.value(dpo, DPV.hasAddress)) == "Testveien 2, NO-0150 Oslo"
    assert set(complete_graph.objects(dpo, DPV.hasContact)) == {
        rdflib.URIRef("mailto:dpo@example.no"), rdflib.URIRef("tel:+4767904848"),
        rdflib.URIRef("https://www.example.no/personvernombud")}


def test_the_controller_s_identifier_and_web_form(complete_graph):
    controller = clause("contact")
    assert str(complete_graph.value(controller, DPV.hasIdentifier)) == "999 888 777"
    assert (controller, DPV.hasContact, rdflib.URIRef("https://www.sensornordic.no/kontakt")) in complete_graph


def test_free_sections_are_parts_of_the_notice(complete_graph):
    page, cookies = rdflib.URIRef(SITE_URL), clause("section-cookies")
    assert (page, DCT.hasPart, cookies) in complete_graph
    assert (cookies, RDF_TYPE, DPV.Notice) in complete_graph
    assert literal("Cookies") in set(complete_graph.objects(cookies, DCT.title))
    english = next(str(t) for t in complete_graph.objects(cookies, DCT.description) if t.language == "en")
    assert english == ("Test text before the cookies.\n\nTest text about cookies.\n\n"
                       "• Test cookie one.\n• Test cookie two.")


def test_rights_and_the_complaint(complete_graph):
    page = rdflib.URIRef(SITE_URL)
    for right, info in RIGHTS.items():
        node = clause(f"right-{right}")
        assert (node, RDF_TYPE, DPV.RightNotice) in complete_graph
        assert (node, DPV.hasRight, GDPR[f"A{info.article}"]) in complete_graph
        assert (page, DCT.hasPart, node) in complete_graph
    assert literal("Right of access") in set(complete_graph.objects(clause("right-access"), SKOS.prefLabel))
    complaint = clause("complaint-text")
    assert (complaint, DPV.hasRight, GDPR.A77) in complete_graph
    authority = complete_graph.value(complaint, DPV.hasEntity)
    assert authority == clause("complaint-authority")
    assert (authority, RDF_TYPE, DPV.DataProtectionAuthority) in complete_graph
    assert str(complete_graph.value(authority, DPV.hasName)) == "Datatilsynet"
    assert complete_graph.value(authority, FOAF.homepage) == rdflib.URIRef("https://www.datatilsynet.no/")


def test_a_data_source_and_the_data_from_it(complete_graph):
    source = clause("source-alarm-contact-details")
    assert (source, RDF_TYPE, DPV.DataSource) in complete_graph
    process = complete_graph.value(predicate=DPV.hasDataSource, object=source)
    assert set(complete_graph.objects(process, DPV.hasPersonalData)) == {clause("category-name"),
                                                                         clause("category-phone")}


def test_consent_withdrawal_is_a_right_exercise_notice_of_the_purpose(complete_graph, complete):
    for purpose in complete.purposes.items:
        process = process_of(complete_graph, purpose.id)
        withdrawal = {n for n in complete_graph.objects(process, DPV.hasNotice)
                      if (n, DPV.hasRight, GDPR["A7-3"]) in complete_graph}
        assert len(withdrawal) == ("art6-1-a" in purpose.basis_ids)
        assert all((n, RDF_TYPE, DPV.RightExerciseNotice) in complete_graph for n in withdrawal)
