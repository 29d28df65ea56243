"""The link check reads the same-site URLs of every JSON file in the site (the exports, and whatever else is
there) as a full JSON parse would: every string value under the base URL, in document order, never a key,
however the file was written (escaped or not, indented or not)."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policysite.publish import linkcheck
from policysite.publish.linkcheck import check_site, remember_urls, urls_by_content

BASE = "https://example.no/policy/"
# every character JSON escapes or that means something around a string, and text that looks like the base
TRICKY = st.lists(st.sampled_from(['"', "\\", "/", ":", ",", "[", "]", "{", "}", " ", "\n", "é", "\u2028", "a", "#",
                                   "h", "ttps://example.no/policy/"]), max_size=8).map("".join)
STRINGS = st.one_of(TRICKY, st.text(max_size=6), st.builds(lambda tail: BASE + tail, TRICKY),
                    st.sampled_from([BASE, BASE[:-1], "https://example.no/", "https://example.no/policy/x#a"]))
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), STRINGS),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(STRINGS, children, max_size=4)),
    max_leaves=20)


def values_under_base(value: object) -> list[str]:
    """The reference: walk the parsed value."""
    if isinstance(value, str):
        return [value] if value.startswith(BASE) else []
    if isinstance(value, dict):
        return [url for child in value.values() for url in values_under_base(child)]
    if isinstance(value, list):
        return [url for child in value for url in values_under_base(child)]
    return []


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(value=JSON, ascii_only=st.booleans(), indent=st.sampled_from([None, 0, 2]),
       escaped_slashes=st.booleans())
def test_every_same_site_string_value_of_a_json_file_is_checked(tmp_path_factory, value, ascii_only, indent,
                                                                 escaped_slashes):
    site = tmp_path_factory.mktemp("site")
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    if escaped_slashes:  # "\/" is valid JSON for "/", as some writers put it
        text = text.replace("/", "\\/")
    (site / "data.json").write_text(text, encoding="utf-8")
    report = check_site(site, BASE)
    # the site has no other file: every same-site URL is broken, so the broken list shows what was checked
    assert [broken.url for broken in report.broken] == values_under_base(value)
    assert report.links == len(values_under_base(value))


def test_a_json_file_that_is_not_json_fails_the_check(tmp_path):
    (tmp_path / "data.json").write_text('{"a": "' + BASE + 'x"', encoding="utf-8")
    try:
        check_site(tmp_path, BASE)
    except json.JSONDecodeError:
        return
    raise AssertionError("a truncated JSON file passed the link check")


def test_urls_found_before_a_file_is_written_spare_its_parse_for_exactly_those_bytes(tmp_path, monkeypatch):
    """The export worker finds the URLs of the files it makes (urls_by_content); the check takes them for a
    file with exactly those bytes instead of parsing it again, and reads any other file in full."""
    made = json.dumps({"page": BASE + "missing.html", "key": [BASE + "gone/"]})
    remember_urls(urls_by_content([made], BASE), BASE[:-1])  # the same base, written without its slash
    page = tmp_path / "data.json"
    page.write_text(made, encoding="utf-8")
    parses = []
    monkeypatch.setattr(linkcheck.json, "loads", lambda text: parses.append(text) or json.JSONDecoder().decode(text))
    assert [broken.url for broken in check_site(tmp_path, BASE).broken] == [BASE + "missing.html", BASE + "gone/"]
    assert parses == []
    # changed after its URLs were found: parsed, and checked as it is now
    page.write_text(json.dumps({"page": BASE + "other.html"}), encoding="utf-8")
    assert [broken.url for broken in check_site(tmp_path, BASE).broken] == [BASE + "other.html"]
    assert len(parses) == 1
    page.write_text(made[:-1], encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        check_site(tmp_path, BASE)
    # found for another base URL: not taken for this one
    remember_urls(urls_by_content([made], "https://example.no/"), "https://example.no/")
    page.write_text(made, encoding="utf-8")
    parses.clear()
    assert len(check_site(tmp_path, BASE).broken) == 2 and len(parses) == 1
