"""The built pages are parsed once for every check that reads them (publish/page_scan.py): a reader of
the same bytes gets the earlier parse, a page that changed is always read again."""

from __future__ import annotations

from policysite.publish.linkcheck import check_site
from policysite.publish.page_scan import scan_pages


def write(site, name, body):
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_a_page_that_changed_is_read_again(tmp_path):
    write(tmp_path, "index.html", '<h2 id="old">x</h2><a href="#old">to old</a>')
    first = scan_pages(tmp_path)["index.html"]
    assert check_site(tmp_path, "https://example.no/").broken == []
    write(tmp_path, "index.html", '<h2 id="new">x</h2><a href="#old">to old</a>')  # the anchor is gone
    assert scan_pages(tmp_path)["index.html"] is not first
    broken = check_site(tmp_path, "https://example.no/").broken
    assert [str(b) for b in broken] == ["index.html: #old: no element with id 'old' in index.html"]


def test_the_same_bytes_are_parsed_once_whatever_their_path(tmp_path):
    write(tmp_path / "a", "index.html", '<p class="note" id="p">text</p>')
    write(tmp_path / "b", "en/index.html", '<p class="note" id="p">text</p>')
    first = scan_pages(tmp_path / "a")["index.html"]
    assert scan_pages(tmp_path / "b")["en/index.html"] is first
    assert ("p", (("class", "note"), ("id", "p"))) in first.elements
    assert [tag for tag, _ in first.tags] == ["html", "body", "p"]
