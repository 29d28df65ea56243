"""The machine-readable policy: policy.json (schema, round trip, anchors) and policy.jsonld (DPV terms)."""

from __future__ import annotations

import copy
import json
from urllib.parse import urljoin

import jsonschema
import pytest
import rdflib
from bs4 import BeautifulSoup

from conftest import ROOT, run_mkdocs
from policysite import check
from policysite.export import from_json

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's own

SITE_URL = "https://personvern.sensornordic.no/"
RDF_TYPE, RDF_VALUE = rdflib.RDF.type, rdflib.RDF.value
XSD_DATE, XSD_DURATION = rdflib.XSD.date, rdflib.XSD.duration
DPV = rdflib.Namespace("https://w3id.org/dpv#")
GDPR = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")


@pytest.fixture(scope="module")
def exported(published_site) -> dict:
    return json.loads((published_site.site / "policy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(published_site) -> jsonschema.Draft202012Validator:
    schema = json.loads((published_site.site / "policy.schema.json").read_text(encoding="utf-8"))
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
    anchors = set()

    def walk(value):
        if isinstance(value, dict):
            anchors.update([value["anchor"]] if "anchor" in value else [])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(exported)
    assert len(anchors) > 20
    for language in ("no", "en"):
        ids = {element["id"] for element in published_site.article(language).find_all(id=True)}
        assert anchors <= ids, f"{language}: {sorted(anchors - ids)}"
        # and every clause with an id on the page is in the export
        clause_ids = {i for i in ids if i.split("-")[0] in ("category", "purpose", "retention", "sharing",
                                                            "disclosure", "introduction")}
        assert clause_ids <= anchors, sorted(clause_ids - anchors)


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
    for name in ("policy.json", "policy.schema.json", "policy.jsonld"):
        assert (project / "site" / name).is_file(), name
