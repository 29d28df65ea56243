"""Markdown as the site turns it into HTML: Python-Markdown with MkDocs' built-in extensions
(toc, tables, fenced_code) and every extension and setting of mkdocs.yml, after what the site's
plugins do to a page's Markdown, in process.

Tests that need thousands of pages use this instead of a full build; a few full builds check
that it agrees with MkDocs (tests/test_round_trip.py).
"""

from __future__ import annotations

import functools
from typing import Any

import markdown
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import ROOT

MKDOCS_BUILTINS = ["toc", "tables", "fenced_code"]  # mkdocs/config/defaults.py: markdown_extensions


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data; its `!ENV` values do not matter here."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


@functools.cache
def extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names, settings = list(MKDOCS_BUILTINS), {}
    for entry in config.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in names:
            names.append(name)
        if options:
            settings[name] = options
    return names, settings


def to_html(text: str) -> str:
    names, settings = extensions()
    # mkdocs-static-i18n's on_page_markdown rewrites every page as "\n".join(markdown.splitlines()):
    # whatever Python counts as a line break (vertical tab, form feed, U+2028...) is one on the site
    text = "\n".join(text.splitlines())
    return markdown.Markdown(extensions=names, extension_configs=settings).convert(text)


def to_soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(to_html(text), "html.parser")


def clause_paragraph(clause: Tag) -> Tag:
    """The one paragraph a one-paragraph clause holds (`<div class="clause" id=…><p>…</p></div>`);
    fails when the clause holds any other element, or text outside the paragraph."""
    children = clause.find_all(True, recursive=False)
    assert clause.name == "div" and [child.name for child in children] == ["p"], clause
    assert all(not text.strip() for text in clause.find_all(string=True, recursive=False)), clause
    return children[0]


def cell_lines(cell: Tag) -> list[str]:
    """The lines of an overview table cell (separated by <br>), without the label narrow screens show."""
    lines, current = [], ""
    for child in cell.children:
        if child.name == "br":
            lines.append(current)
            current = ""
        elif child.name != "span" or "policy-cell-label" not in child.get("class", []):
            current += child.get_text()
    lines.append(current)
    if cell.find("span", class_="policy-cell-label"):
        lines[0] = lines[0].removeprefix(" ")  # the space after the label
    return lines
