"""The one stylesheet pages load holds the theme's rules and ours that the built pages can use,
derived at build time: a rule comes back as soon as a page uses it, and goes when none does."""

from __future__ import annotations

from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup

from policysite.publish.stylesheet import parse, serialize, subset

THEME_CSS = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))


def page(body: str, attributes: str = 'dir="ltr"') -> str:
    return f"<!doctype html><html><body {attributes}>{body}</body></html>"


@pytest.mark.parametrize(("css", "body", "kept"), [
    (".a{color:red}", '<p class="a">', ".a{color:red}"),
    (".a{color:red}", '<p class="b">', ""),
    (".a,.b{color:red}", '<p class="b">', ".b{color:red}"),  # the selector list is cut to what matches
    (".a.b{color:red}", '<p class="a"></p><p class="b">', ""),  # both classes on one element, or none
    (".a.b{color:red}", '<p class="a b x">', ".a.b{color:red}"),
    ("[dir=rtl] .a{margin:0}", '<p class="a">', ""),
    ("[dir=ltr] .a{margin:0}", '<p class="a">', "[dir=ltr] .a{margin:0}"),
    ('a[href^="tel:"]{white-space:nowrap}', '<a href="mailto:x">', ""),
    ('a[href^="tel:"]{white-space:nowrap}', '<a href="tel:+47">', 'a[href^="tel:"]{white-space:nowrap}'),
    (".a:not(.gone):hover::after{content:\"\"}", '<p class="a">', ".a:not(.gone):hover::after{content:\"\"}"),
    (":root{--x:1px}", "<p>", ""),  # a custom property nothing refers to
    (":root{--x:1px;--y:var(--x)}p{margin:var(--y)}", "<p>", ":root{--x:1px;--y:var(--x)}p{margin:var(--y)}"),
    ("@media screen{.a{color:red}}", "<p>", ""),
    ("@media screen{.a{color:red}}", '<p class="a">', "@media screen{.a{color:red}}"),
    ("@keyframes spin{0%{opacity:0}}.a{color:red}", '<p class="a">', ".a{color:red}"),
    ("@keyframes spin{0%{opacity:0}}.a{animation:spin 1s}", '<p class="a">',
     "@keyframes spin{0%{opacity:0}}.a{animation:spin 1s}"),
    ('/* c */ .a { background : url("data:x;{}") ; }', '<p class="a">', '.a{background:url("data:x;{}")}'),
    ('@charset "UTF-8";.a{color:red}', '<p class="a">', '@charset "UTF-8";.a{color:red}'),
])
def test_a_rule_is_kept_only_when_a_page_can_use_it(css, body, kept):
    assert subset([css], [page(body)]) == kept


def test_the_theme_stylesheet_reads_back_unchanged_but_for_whitespace():
    css = THEME_CSS.read_text(encoding="utf-8")
    again = serialize(parse(css))
    assert serialize(parse(again)) == again
    assert abs(len(again) - len(css.split("/*# sourceMappingURL")[0])) < 100


def test_a_theme_feature_comes_back_when_a_page_uses_it():
    css = THEME_CSS.read_text(encoding="utf-8")
    plain = subset([css], [page('<article class="md-typeset"><p>text</p></article>')])
    with_note = subset([css], [page('<article class="md-typeset"><div class="admonition note">'
                                    '<p class="admonition-title">Note</p></div></article>')])
    assert ".md-typeset .admonition" not in plain
    assert ".md-typeset .admonition" in with_note and "--md-admonition-icon--note" in with_note
    assert len(plain) < len(css) / 10


def test_the_built_site_loads_one_stylesheet_that_covers_its_pages(built_site):
    css = (built_site.site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    theme = next((built_site.site / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    for path in ("index.html", "en/index.html", "history/index.html", "404.html"):
        soup = BeautifulSoup((built_site.site / path).read_text(encoding="utf-8"), "html.parser")
        assert [link["href"].rsplit("/", 1)[-1] for link in soup.select("link[rel=stylesheet]")] == ["site.css"]
    for unused in (".md-search", ".admonition", ".md-tabs", ".highlight", ".md-select"):
        assert unused in theme and unused not in css
    for used in (".md-typeset h2", ".policy-header", ".policy-cell-label", ".md-skip"):
        assert used in css
    assert css.endswith(":root{--policy-accent:#0b5cad}"), "the accent colour from policy.yaml comes last"
    assert len(css) < len(theme) / 5
