"""The first two layers stay short and readable at any size: 'In short' lists few things and counts
many (grouped, with links to the detail), the overview shows each purpose once. The scale case is
a synthetic policy made here from policy.yaml: 30 recipients, 27 data categories, 19 purposes."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_policysite
from devtools.serve import serve
from policies import POLICY, write
from policysite.pipeline import load_policy
from policysite.render.labels import load_labels
from policysite.render.layers import LIST_AT_MOST, overview, summary

PHONE = {"width": 390, "height": 844}
BASES = ["art6-1-b", "art6-1-f", "art6-1-a", "art6-1-c"]
ROLES = ["processor", "controller", "processor", "public-authority", "processor"]


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # policy.yaml refuses anchors and aliases
        return True


def large_policy(recipients: int = 30, categories: int = 27, purposes: int = 19) -> str:
    """policy.yaml with that many recipients, data categories and purposes (each category used)."""
    policy = yaml.load(POLICY, Loader=yaml.BaseLoader)  # every scalar stays a string

    def both(no: str, en: str) -> dict[str, str]:
        return {"no": no, "en": en}
    policy["data_categories"]["items"] = [{"id": f"data-{i}", "name": both(f"Opplysning {i}", f"Data item {i}")}
                                          for i in range(1, categories + 1)]
    items = []
    for i in range(1, purposes + 1):
        basis = BASES[i % len(BASES)]
        item = {"id": f"purpose-{i}", "title": both(f"Formål {i}", f"Purpose {i}"),
                "description": both(f"Beskrivelse {i}.", f"Description {i}."),
                "data_categories": [f"data-{(i * 3 + k) % categories + 1}" for k in range(4)],
                "legal_bases": [basis]}
        if basis == "art6-1-f":
            item["legitimate_interest"] = both("Vår interesse.", "Our interest.")
        if basis == "art6-1-a":
            item["consent_withdrawal"] = both("Skriv til oss.", "Write to us.")
        items.append(item)
    used = {c for item in items for c in item["data_categories"]}
    items[0]["data_categories"] += sorted({f"data-{i}" for i in range(1, categories + 1)} - used)
    policy["purposes"]["items"] = items
    policy["retention"]["rules"] = [
        {"id": f"rule-{i}", "subject": both(f"Regel {i}", f"Rule {i}"), "period": f"{i + 1} years",
         "data_categories": [f"data-{k}" for k in range(i, categories + 1, 9)]} for i in range(1, 10)]
    countries = ["NO", "SE", "DK", "IE", "GB", "US"]  # six countries, two of them outside the EEA
    policy["recipients"]["items"] = [
        {"id": f"recipient-{i}", "name": both(f"mottaker {i}", f"recipient {i}"), "role": ROLES[i % len(ROLES)],
         "countries": [countries[i % len(countries)]],
         **({} if ROLES[i % len(ROLES)] == "processor" else {"legal_bases": ["art6-1-c"]}),
         **({"safeguard": "standard-contractual-clauses"} if countries[i % len(countries)] in ("GB", "US") else {})}
        for i in range(1, recipients + 1)]
    return yaml.dump(policy, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    (folder / "branding").mkdir()
    (folder / "branding" / "logo.svg").write_bytes((ROOT / "branding" / "logo.svg").read_bytes())
    policy, _ = load_policy(write(folder, large_policy()), load_labels())
    return policy


def test_few_things_are_listed_one_by_one():
    policy, _ = load_policy(ROOT / "policy.yaml", load_labels())
    layer = summary(policy)
    assert [c.id for c in layer.categories.items] == [c.id for c in policy.data_categories.items]
    assert layer.categories.groups == () and layer.purposes.groups == () and layer.retention.groups == ()
    assert len(layer.purposes.items) == len(policy.purposes.items) <= LIST_AT_MOST


def test_many_things_are_counted_in_groups_that_link_to_the_detail(large):
    layer = summary(large)
    assert layer.categories.items == () and [(g.count, g.anchor) for g in layer.categories.groups] == [
        (27, "data-categories")]
    by_role = {g.key: g.count for g in layer.recipients.groups}
    assert layer.recipients.items == () and by_role == {"processor": 18, "controller": 6, "public-authority": 6}
    assert {g.anchor for g in layer.recipients.groups} == {"recipients"}
    assert layer.third_countries == ("GB", "US")
    by_basis = {g.key: g.count for g in layer.purposes.groups}
    assert by_basis == {basis: sum(1 for p in large.purposes.items if basis in p.basis_ids) for basis in BASES}
    assert sum(by_basis.values()) == 19 and {g.anchor for g in layer.purposes.groups} == {"overview"}
    assert [g.count for g in layer.retention.groups] == [9]


def test_the_overview_shows_each_purpose_once_with_the_retention_of_its_own_data(large):
    rows = overview(large)
    assert [row.purpose.id for row in rows] == [p.id for p in large.purposes.items]
    for row in rows:
        own = {c.id for c in row.categories}
        for retention in row.retention:
            covered = {c.id for c in retention.covers} or own
            assert covered <= own & set(retention.rule.data_categories), "a rule shows only for data it covers"
        covered_anywhere = {c for r in row.retention for c in (r.covers or row.categories)}
        assert {c.id for c in row.not_covered} == own - {c.id for c in covered_anywhere}


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("large-site") / "project")
    (project / "policy.yaml").write_text(large_policy(), encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as base:
        yield project / "site", base


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_first_layer_of_a_large_policy_fits_two_phone_screens(large_site, chromium, path):
    site, base = large_site
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + path)
    top = page.locator("h2#summary").bounding_box()["y"]
    bottom = page.locator("h2#overview").bounding_box()["y"]
    assert bottom - top <= 2 * PHONE["height"], f"'In short' is {bottom - top:.0f} px tall"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    html = BeautifulSoup((site / path.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
    summary_list = html.select_one("h2#summary").find_next_sibling("ul")
    counted = [a.get_text() for a in summary_list.select("li li a")]
    assert {"27 typer personopplysninger", "databehandler: 18 mottakere", "9 regler for hvor lenge vi lagrer",
            "27 kinds of personal data", "processor: 18 recipients", "9 rules on how long we keep data"} & set(counted)
    for link in summary_list.select("a[href^='#']"):
        assert html.find(id=link["href"][1:]), f"{link['href']} leads nowhere"
    assert len(html.select("#overview ~ table tbody tr")) == 19
    context.close()
