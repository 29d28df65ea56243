"""`check --gdpr`: the art. 13 / 14 checklist, and the optional sections that fill it, on the built pages."""

from __future__ import annotations

import re

import pytest

from clauses import clauses, facts
from conftest import copy_project, run_mkdocs
from policies import POLICY, complete_policy, edit, write

ROW = re.compile(r"^\| (art\. [^|]+?) \| [^|]+ \| ([^|]+?) \| ([^|]+?) \|$", re.MULTILINE)


def report_rows(text: str) -> dict[str, tuple[str, str]]:
    return {article: (status.strip("*"), where) for article, status, where in ROW.findall(text)}


def test_sensornordic_report_lists_the_real_gaps(tmp_path, cli):
    report = tmp_path / "gdpr-report.md"
    code, out, err = cli("check", "--gdpr", "--report", str(report), str(write(tmp_path, POLICY)))
    assert code == 0  # gaps warn; they do not fail without --strict
    rows = report_rows(out)
    assert out.startswith(report.read_text(encoding="utf-8"))  # printed and written
    missing = sorted(article for article, (status, _) in rows.items() if status == "missing")
    assert missing == ["art. 13 (1) b", "art. 13 (1) d", "art. 13 (1) f", "art. 13 (2) b", "art. 13 (2) c",
                       "art. 13 (2) d", "art. 13 (2) e", "art. 14 (1) d", "art. 14 (2) f"]
    present = sorted(article for article, (status, _) in rows.items() if status == "present")
    assert present == ["art. 13 (1) a", "art. 13 (1) c", "art. 13 (1) e", "art. 13 (2) a", "art. 13 (2) f"]
    # where: the line in policy.yaml, or the key to add
    assert rows["art. 13 (1) a"][1] == f"`controller` (line {POLICY.splitlines().index('controller:') + 1})"
    # SensorNordic relies on a, b, c, d and f: every right applies, objection and portability included
    assert rows["art. 13 (2) b"][1] == ("add `rights`; mention: access, rectification, erasure, restriction, "
                                        "portability, objection")
    assert "business-administration, satisfaction-surveys, marketing" in rows["art. 13 (1) d"][1]
    assert "marketing" in rows["art. 13 (2) c"][1]
    # each gap is a located warning too
    assert err.count(": warning: ") >= 9 and "GDPR art. 13 (2) d is not covered" in err


def test_missing_items_fail_with_strict(tmp_path, cli):
    code, _, err = cli("check", "--gdpr", "--strict", "--report", str(tmp_path / "r.md"),
                       str(write(tmp_path, POLICY)))
    assert code == 1 and "--strict" in err


def test_a_complete_policy_passes_strict(tmp_path, cli):
    code, out, err = cli("check", "--gdpr", "--strict", "--report", str(tmp_path / "r.md"),
                         str(write(tmp_path, complete_policy())))
    assert code == 0, err
    assert {status for status, _ in report_rows(out).values()} == {"present"}
    assert "16 present, 0 missing, 0 not applicable" in out  # with joint controllers and a representative


def test_items_declared_not_applicable(tmp_path, cli):
    text = POLICY + ("\ngdpr_not_applicable:\n  - item: 13-1-b\n    reason: No DPO is required (GDPR art. 37)\n"
                     "  - item: 14\n    reason: We only use data the customer gives us\n")
    code, out, err = cli("check", "--gdpr", "--report", str(tmp_path / "r.md"), str(write(tmp_path, text)))
    rows = report_rows(out)
    assert code == 0
    line = text.splitlines().index("  - item: 13-1-b") + 1
    assert rows["art. 13 (1) b"] == ("not applicable", f"`gdpr_not_applicable[0]` (line {line}); "
                                                       "No DPO is required (GDPR art. 37)")
    assert rows["art. 14 (2) f"][0] == "not applicable"
    assert "13 (1) b is not covered" not in err


def test_declaring_an_item_not_applicable_that_the_policy_has_warns(tmp_path, cli):
    text = complete_policy() + "\ngdpr_not_applicable:\n  - item: 13-1-b\n    reason: none\n"
    code, _, err = cli("check", "--gdpr", "--strict", "--report", str(tmp_path / "r.md"), str(write(tmp_path, text)))
    assert code == 1 and "art. 13 (1) b is declared not applicable, but the policy has it" in err


def test_only_items_of_the_report_may_be_declared(tmp_path, cli):
    # any item of the report may be declared not applicable, with the reason (issue 9 item 8) ...
    text = POLICY + "\ngdpr_not_applicable:\n  - item: 13-2-e\n    reason: Nothing is required of the reader\n"
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 0, err
    # ... but only an item of the report
    code, _, err = cli("check", str(write(tmp_path, text.replace("13-2-e", "13-2-x"))))
    assert code == 1 and "'13-2-x' is not a known GDPR report item" in err and "13-2-e" in err


def test_json_format_keeps_stdout_machine_readable(tmp_path, cli):
    report = tmp_path / "r.md"
    code, out, _ = cli("check", "--gdpr", "--format", "json", "--report", str(report), str(write(tmp_path, POLICY)))
    assert code == 0 and out.lstrip().startswith("[") and "GDPR art. 13 (2) b" in out
    assert "| art. 13 (2) b |" in report.read_text(encoding="utf-8")


def test_no_report_for_a_policy_with_errors(tmp_path, cli):
    code, _, err = cli("check", "--gdpr", "--report", str(tmp_path / "r.md"),
                       str(write(tmp_path, edit("period: 3 years", "period: 3 yrs"))))
    assert code == 1 and "no GDPR report" in err and not (tmp_path / "r.md").exists()


@pytest.fixture(scope="module")
def complete_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("complete") / "project")
    (project / "policy.yaml").write_text(complete_policy(), encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    from bs4 import BeautifulSoup
    return {lang: BeautifulSoup((project / "site" / page).read_text(encoding="utf-8"), "html.parser").article
            for lang, page in (("no", "index.html"), ("en", "en/index.html"))}


NEW_ANCHORS = ["transfers", "transfer-test-hosting", "sources", "source-alarm-contact-details",
               "requirement-to-provide", "rights", *(f"right-{r}" for r in ("access", "rectification", "erasure",
                                                                              "restriction", "portability",
                                                                              "objection")),
               "complaint", "complaint-text", "complaint-authority", "data-protection-officer",
               "data-protection-officer-name", "data-protection-officer-channels"]


@pytest.mark.build
def test_new_sections_have_the_same_anchors_and_facts_in_both_languages(complete_site):
    ids = {lang: [cid for cid, _ in clauses(article)] for lang, article in complete_site.items()}
    assert ids["no"] == ids["en"]
    for anchor in NEW_ANCHORS:
        assert anchor in ids["no"], anchor
    norwegian, english = (dict(clauses(complete_site[lang])) for lang in ("no", "en"))
    for clause_id in NEW_ANCHORS:
        assert facts(norwegian[clause_id]) == facts(english[clause_id]), clause_id


@pytest.mark.build
def test_new_sections_are_worded_from_labels_and_babel(complete_site):
    no, en = complete_site["no"], complete_site["en"]
    assert "Rett til innsyn (GDPR art. 15)" in no.select_one("#right-access").get_text()
    assert "Right to data portability (GDPR art. 20)" in en.select_one("#right-portability").get_text()
    assert "USA og Canada" in no.select_one("#transfer-test-hosting").get_text()
    assert "United States and Canada" in en.select_one("#transfer-test-hosting").get_text()
    assert "standard contractual clauses (GDPR art. 46)" in en.select_one("#transfer-test-hosting").get_text()
    link = en.select_one("#complaint-authority a")
    assert link["href"] == "https://www.datatilsynet.no/" and link.get_text() == "Datatilsynet"
    assert en.select_one('#data-protection-officer-channels a[href="mailto:dpo@example.no"]') is not None
    purpose = " ".join(p.get_text() for p in en.select("#purpose-satisfaction-surveys ~ p")[:4])
    assert "Legitimate interest: Test text (legitimate_interest)." in purpose
