"""What real policies say can be said (issue 9): each construct is accepted, checked where it is
typed, and worded on both pages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from clauses import clean_text
from conftest import copy_project, run_policysite
from policies import POLICY, write
from policies_rich import MINIMAL, RICH


def check(cli, tmp_path, text: str) -> tuple[int, str]:
    code, _, err = cli("check", str(write(tmp_path, text)))
    return code, err


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error: " in line]


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def replaced(old: str, new: str, text: str = RICH) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# -- minimal policies -----------------------------------------------------------------------------

def test_a_policy_with_only_a_name_and_an_e_mail_is_valid_without_warnings(cli, tmp_path):
    code, out, err = cli("check", str(write(tmp_path, MINIMAL)))
    assert code == 0 and out.strip().endswith("OK, no errors.") and "warning" not in err, err


@pytest.mark.parametrize("way", ["  phone: +47 22 33 44 55\n", "  web_form: https://example.no/kontakt\n",
                                 "  address:\n    city: Fjellby\n"])
def test_any_one_way_to_reach_the_controller_is_enough(cli, tmp_path, way):
    code, err = check(cli, tmp_path, replaced("  email: styret@example.no\n", way, MINIMAL))
    assert code == 0, err


def test_a_controller_nobody_can_reach_is_one_message_that_says_why(cli, tmp_path):
    text = replaced("  email: styret@example.no\n", "", MINIMAL)
    code, err = check(cli, tmp_path, text)
    assert code == 1 and len(errors(err)) == 1
    assert f"policy.yaml:{line_of(text, 'name: Sangkoret')}:" in errors(err)[0]
    assert "the controller has no contact details: readers must be able to reach the controller" in err
    assert "add at least one of: email:, phone:, address: (with city:) or web_form:" in err


def test_a_phone_number_without_country_code_takes_the_controllers_country(cli, tmp_path):
    code, err = check(cli, tmp_path, replaced("  email: styret@example.no\n",
                                              "  country: NO\n  phone: 22 33 44 55\n", MINIMAL))
    assert code == 0, err
    code, err = check(cli, tmp_path, replaced("  email: styret@example.no\n", "  phone: 22 33 44 55\n", MINIMAL))
    assert code == 1 and "'22 33 44 55' is not a phone number with a country code (the controller has no " \
                         "'country:'" in err


def test_sections_a_policy_may_leave_out_are_optional(cli, tmp_path):
    # no retention, rights, automated decisions, sharing, history, headings: valid; advice says what is missing
    text = MINIMAL[:MINIMAL.index("retention:")]
    code, err = check(cli, tmp_path, text)
    assert code == 0, err
    assert "the policy does not say how long any data is kept" in err


def test_what_stays_required_says_why(cli, tmp_path):
    text = MINIMAL[:MINIMAL.index("purposes:")]
    code, err = check(cli, tmp_path, text)
    assert code == 1
    assert "the required key 'purposes' is missing: readers must know why you process their data" in err


# -- legal bases ----------------------------------------------------------------------------------

def test_special_category_data_needs_an_art_9_condition(cli, tmp_path):
    text = replaced("        - art9-2-h\n", "")
    code, err = check(cli, tmp_path, text)
    assert code == 1
    assert "the purpose 'treatment' uses art9 data (health) but states no art. 9 (2) condition" in err
    assert f"policy.yaml:{line_of(text, '        - art6-1-e')}:" in err  # the list of bases


def test_criminal_offence_data_needs_art_10(cli, tmp_path):
    text = replaced("      sensitive: art9\n", "      sensitive: art10\n")
    code, err = check(cli, tmp_path, text)
    assert code == 1 and "uses art10 data (health) but states no art10" in err


def test_an_unknown_condition_lists_only_conditions_of_its_own_article(cli, tmp_path):
    code, err = check(cli, tmp_path, replaced("        - art9-2-h\n", "        - art9-2-k\n"))
    assert code == 1 and len(errors(err)) == 1
    assert "'art9-2-k' is not a legal basis of GDPR art. 9 (2)" in err
    hint = err.split("how to fix:")[1]
    assert "art9-2-a" in hint and "art6-1" not in hint and "did you mean" not in hint


def test_an_unknown_art_6_basis_never_suggests_another_article(cli, tmp_path):
    code, err = check(cli, tmp_path, replaced("legal_bases: [art6-1-e, patient-records-act-6]",
                                              "legal_bases: [art6-1-g, patient-records-act-6]"))
    assert code == 1 and len(errors(err)) == 1
    assert "'art6-1-g' is not a legal basis of GDPR art. 6 (1)" in err and "did you mean" not in err


def test_a_national_law_is_cited_by_its_id_and_an_unknown_one_is_refused(cli, tmp_path):
    text = replaced("legal_bases: [art6-1-e, patient-records-act-6]", "legal_bases: [art6-1-e, patient-act-6]")
    code, err = check(cli, tmp_path, text)
    assert code == 1 and "'patient-act-6' is not a legal basis" in err
    assert "yours: bookkeeping-act-13, patient-records-act-6" in err
    code, err = check(cli, tmp_path, replaced("cf. {patient-records-act-6}.", "cf. {patient-records-act-7}."))
    assert code == 1 and "'patient-records-act-7' is not a legal basis" in err


def test_every_group_needs_an_art_6_basis(cli, tmp_path):
    text = replaced("        - art6-1-e\n", "        - basis: art6-1-e\n          data_subjects: [youths]\n")
    code, err = check(cli, tmp_path, text)
    assert code == 0, err  # youths by art6-1-e, guardians by art6-1-a
    text = replaced("          data_subjects: [guardians]\n", "          data_subjects: [youths]\n", text)
    code, err = check(cli, tmp_path, text)
    assert code == 1 and "no art. 6 basis for: guardians" in err


def test_a_basis_for_a_group_the_purpose_does_not_concern_is_refused(cli, tmp_path):
    text = replaced("      legal_bases: [art6-1-e, patient-records-act-6]",
                    "      data_subjects: [youths]\n      legal_bases: [art6-1-e, patient-records-act-6, "
                    "{basis: art6-1-a, data_subjects: [guardians]}]")
    code, err = check(cli, tmp_path, text)
    assert code == 1 and "the purpose does not concern 'guardians'" in err


def test_art_6_c_and_e_without_a_law_are_advice(cli, tmp_path):
    code, err = check(cli, tmp_path, replaced("legal_bases: [art6-1-e, patient-records-act-6]",
                                              "legal_bases: [art6-1-e]"))
    assert code == 0
    assert "relies on a task in the public interest or official authority (art6-1-e) but cites no law" in err


# -- recipients and transfers ---------------------------------------------------------------------

def test_a_recipient_in_the_eea_is_not_a_transfer(cli, tmp_path):
    code, err = check(cli, tmp_path, replaced("      countries: [IE]\n",
                                              "      countries: [IE]\n      safeguard: adequacy-decision\n"))
    assert code == 1 and "IE is in the EEA: this is not a transfer" in err


def test_a_recipient_outside_the_eea_needs_a_safeguard(cli, tmp_path):
    text = replaced("      safeguard: standard-contractual-clauses\n", "")
    code, err = check(cli, tmp_path, text)
    assert code == 1 and "US is outside the EEA, so this is a transfer that needs a safeguard" in err


def test_processors_have_no_basis_and_others_need_one(cli, tmp_path):
    code, err = check(cli, tmp_path, replaced("      countries: [IE]\n",
                                              "      countries: [IE]\n      legal_bases: [art6-1-f]\n"))
    assert code == 1 and "a processor needs no legal basis of its own" in err
    code, err = check(cli, tmp_path, replaced("      legal_bases: [art6-1-c]\n", ""))
    assert code == 1 and "a recipient that is a public-authority receives the data by disclosure" in err


# -- retention ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "message"), [
    ("      period: 30 days\n", "      period: 30 days\n      until: 2026-12-01\n", "has both 'period:' and 'until:'"),
    ("      period: 30 days\n", "      after: contract-ends\n", "'after:' needs a 'period:'"),
    ("      period: not stored\n", "      period: not stored\n      then: anonymised\n",
     "'then:' makes no sense for data that is not stored"),
    ("      period: 30 days\n", "", "the rule does not say how long the data is kept"),
    ("      until: chat-closed\n", "      until: chat-is-closed\n", "'chat-is-closed' is not an event"),
    ("      period: 30 days\n", "      period: 30 dager\n", "'30 dager' is not a retention period"),
    ("      singular: true\n", "      singular: yes\n", "'yes' is not true or false"),
])
def test_retention_rules_say_how_long_in_one_way(cli, tmp_path, old, new, message):
    code, err = check(cli, tmp_path, replaced(old, new))
    assert code == 1 and len(errors(err)) == 1 and message in err, err


def test_a_category_covered_by_a_rule_for_its_purpose_has_retention(cli, tmp_path):
    # 'chat' is covered only through the rule for the purpose 'chat': no warning
    code, err = check(cli, tmp_path, RICH)
    assert code == 0 and "retention" not in err


# -- prose and free sections ----------------------------------------------------------------------

def test_a_blank_line_inside_a_text_is_refused_with_the_list_form(cli, tmp_path):
    text = replaced("      description: {no: Du kan chatte med oss., en: You can chat with us.}",
                    "      description:\n        no: >-\n          Du kan chatte.\n\n          Med oss.\n"
                    "        en: You can chat with us.")
    code, err = check(cli, tmp_path, text)
    assert code == 1 and "has a blank line or a kept line break inside it" in err
    assert "- list:" in err


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_a_typed_list_inside_a_text_is_refused_where_the_item_is(cli, tmp_path, line_end):
    text = replaced("      description: {no: Du kan chatte med oss., en: You can chat with us.}",
                    "      description:\n        no: >-\n          Du kan:\n          - chatte\n          - ringe\n"
                    "        en: You can chat with us.")
    code, err = check(cli, tmp_path, text.replace("\n", line_end))
    assert code == 1
    assert f"policy.yaml:{line_of(text, '- chatte')}:11:" in err
    assert "this line looks like a list item ('- chatte')" in err


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    after: sharing\n", "    after: shareing\n", "'shareing' is not a section of the page"),
    ("    after: sharing\n", "    after: security\n", "the section 'cookies' is placed after itself"),
    ("  - id: cookies\n", "  - id: purposes\n", "'purposes' is the name of a built-in section"),
])
def test_free_sections_are_placed_where_a_section_is(cli, tmp_path, old, new, message):
    code, err = check(cli, tmp_path, replaced(old, new))
    assert code == 1 and message in err


def test_joint_controllers_name_who_answers_rights_requests(cli, tmp_path):
    code, err = check(cli, tmp_path, replaced("  contact_point: controller\n", "  contact_point: countie\n"))
    assert code == 1 and "'countie' is not a controller of this policy" in err and "did you mean 'county'" in err


# -- the old shape gets located messages naming the new key ---------------------------------------

@pytest.mark.parametrize(("old", "new", "message"), [
    ("  address:\n    street: Kjeller Vest 1\n", "  street: Kjeller Vest 1\n  address:\n",
     "'street' is no longer used here"),
    ("  text:\n    - no: >-\n        Innsamling", "  paragraphs:\n    - no: >-\n        Innsamling",
     "it is now called 'text:'"),
    ("sharing:\n", "sharing:\n  disclosures: []\n", "who receives data is now said under 'recipients:'"),
])
def test_a_policy_in_the_old_shape_is_told_where_each_key_went(cli, tmp_path, old, new, message):
    text = POLICY.replace(old, new, 1)
    assert text != POLICY
    code, err = check(cli, tmp_path, text)
    assert code == 1 and message in err


# -- the GDPR report knows the law's conditions ---------------------------------------------------

def report(cli, tmp_path, text: str) -> str:
    _, out, _ = cli("check", "--gdpr", "--report", str(tmp_path / "report.md"), str(write(tmp_path, text)))
    return out


def test_portability_is_asked_for_only_with_consent_or_contract(cli, tmp_path):
    out = report(cli, tmp_path, MINIMAL + "rights:\n  items:\n" + "".join(
        f"    - right: {r}\n" for r in ("access", "rectification", "erasure", "restriction", "portability")))
    assert re.search(r"art\. 13 \(2\) b \| [^|]+ \| present", out)  # no objection needed for art6-1-b
    public = MINIMAL.replace("legal_bases: [art6-1-b]", "legal_bases: [art6-1-e]")
    out = report(cli, tmp_path, public + "rights:\n  items:\n" + "".join(
        f"    - right: {r}\n" for r in ("access", "rectification", "erasure", "restriction")))
    assert "not mentioned: objection" in out and "portability" not in out.split("not mentioned: objection")[1][:20]


def test_any_item_may_be_declared_not_applicable_with_a_reason(cli, tmp_path):
    text = MINIMAL + "gdpr_not_applicable:\n  - item: 13-2-f\n    reason: Vi tar ingen automatiserte avgjørelser.\n"
    out = report(cli, tmp_path, text)
    assert re.search(r"art\. 13 \(2\) f \| [^|]+ \| not applicable \| [^|]*Vi tar ingen automatiserte", out)
    code, err = check(cli, tmp_path, text.replace("13-2-f", "13-9-z"))
    assert code == 1 and "'13-9-z' is not a known GDPR report item" in err


# -- the pages ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rich_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("rich") / "project")
    (project / "policy.yaml").write_text(RICH, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    pages = {}
    for language, path in (("no", "index.html"), ("en", "en/index.html")):
        pages[language] = BeautifulSoup((project / "site" / path).read_text(encoding="utf-8"), "html.parser")
    return pages


def text_of(page: BeautifulSoup, anchor: str) -> str:
    return clean_text(page.find(id=anchor))


@pytest.mark.build
@pytest.mark.parametrize(("anchor", "norwegian", "english"), [
    ("retention-journal",
     "Journalen din lagres i 10 år etter at du slutter å bruke tjenesten, slik pasientjournalloven § 6 krever.",
     "Your record is stored for 10 years after you stop using the service, as the Patient Records Act § 6 "
     "requires."),
    ("retention-names", "Navn lagres i 30 dager.", "Names are stored for 30 days."),
    ("retention-chats", "Chatmeldinger lagres til 1. desember 2026, og anonymiseres deretter.",
     "Chat messages are stored until December 1, 2026, and then anonymised."),
    ("retention-invoices",
     "Fakturaer lagres i minst 5 år etter at regnskapsåret er avsluttet, slik bokføringsloven § 13 krever.",
     "Invoices are stored for at least 5 years after the accounting year has ended, as the Bookkeeping Act "
     "§ 13 requires."),
    ("retention-calls", "Telefonsamtaler lagres ikke.", "Phone calls are not saved."),
    ("retention-chat-logs", "Chattelogger lagres til chatten er lukket.", "Chat logs are stored until the chat is "
                                                                         "closed."),
])
def test_every_retention_form_is_worded_in_both_languages(rich_site, anchor, norwegian, english):
    assert text_of(rich_site["no"], anchor) == norwegian
    assert text_of(rich_site["en"], anchor) == english


@pytest.mark.build
def test_criteria_follow_the_rule_they_explain(rich_site):
    assert text_of(rich_site["en"], "retention-feedback") == (
        "Feedback are stored for as long as these criteria require. How we set the period: We delete them once the "
        "matter is followed up.")


@pytest.mark.build
def test_legal_bases_beyond_art_6_are_worded_on_the_page(rich_site):
    purpose = clean_text(rich_site["en"].find(id="purpose-treatment").find_next("p", string=None).parent)
    assert "preventive medicine, health care and health or social care services (GDPR art. 9 (2) h)" in purpose
    assert "the Patient Records Act § 6" in purpose
    assert "consent (GDPR art. 6 (1) a) – for Guardians" in purpose
    assert "cf. the Patient Records Act § 6." in clean_text(rich_site["en"].select_one("article"))


@pytest.mark.build
def test_recipients_show_role_and_country_and_transfers_follow_from_them(rich_site):
    assert text_of(rich_site["no"], "recipient-cloud-ireland") == "Example Cloud Ireland Ltd (databehandler, Irland)"
    assert text_of(rich_site["en"], "recipient-police").startswith("the police (public authority, Norway)")
    transfers = [element["id"] for element in rich_site["en"].select("[id^=transfer-]")]
    assert transfers == ["transfer-sms-usa"]  # Ireland is in the EEA
    assert "standard contractual clauses (GDPR art. 46)" in text_of(rich_site["en"], "transfer-sms-usa")


@pytest.mark.build
def test_free_sections_stand_where_the_policy_places_them(rich_site):
    for page in rich_site.values():
        order = [h2["id"] for h2 in page.select("article h2[id]")]
        assert order.index("sharing") + 1 == order.index("section-cookies")
        assert order.index("section-cookies") + 1 == order.index("section-security")


@pytest.mark.build
def test_prose_keeps_its_paragraphs_and_lists_in_both_languages(rich_site):
    for page in rich_site.values():
        introduction = page.find(id="introduction")
        assert len(introduction.find_all("p")) == 1 and len(introduction.find_all("li")) == 2
    assert text_of(rich_site["en"], "introduction") == (
        "This statement covers the health station's app. First point of the introduction. Second point of the "
        "introduction.")


@pytest.mark.build
def test_data_subjects_parties_and_the_contact_point(rich_site):
    english = rich_site["en"]
    assert text_of(english, "subject-youths") == "Young people Minimum age: 13."
    assert text_of(english, "joint-controllers-contact-point") == "You can send every request about your rights to us."
    assert "Eksempel Representant GmbH" in text_of(english, "representative-name")
    assert "Postboks 10" in text_of(english, "data-protection-officer-channels")
    assert "Organisation number: 999 888 777" in text_of(english, "contact-address")


@pytest.mark.build
def test_both_pages_have_the_same_anchors(rich_site):
    def anchors(page: BeautifulSoup) -> list[str]:
        return [element["id"] for element in page.select("article [id]")]
    assert anchors(rich_site["no"]) == anchors(rich_site["en"])


def test_explicit_consent_under_art_9_also_needs_a_way_to_withdraw_it(cli, tmp_path):
    # art. 13 (2) c: withdrawal applies to consent under art. 6 (1) a and under art. 9 (2) a
    text = replaced("        - art9-2-h\n", "        - art9-2-a\n")
    text = replaced("      consent_withdrawal: {no: Skriv til oss i appen., en: Write to us in the app.}\n", "", text)
    text = replaced("        - basis: art6-1-a\n          data_subjects: [guardians]\n",
                    "        - basis: art6-1-b\n          data_subjects: [guardians]\n", text)
    code, err = check(cli, tmp_path, text)
    assert code == 0 and "relies on art9-2-a but does not state how the reader can withdraw consent" in err
    code, err = check(cli, tmp_path, replaced("      data_categories: [name, health]\n",
                                              "      data_categories: [name, health]\n      consent_withdrawal: "
                                              "{no: Skriv til oss., en: Write to us.}\n", text))
    assert code == 0 and "withdraw" not in err


@pytest.mark.build
def test_the_footer_names_the_controller_in_each_language(rich_site):
    assert "Fjellby kommune" in clean_text(rich_site["no"].select_one(".policy-footer__about"))
    assert "Fjellby Municipality" in clean_text(rich_site["en"].select_one(".policy-footer__about"))
