"""Reading clauses back out of the built HTML, for parity and fidelity tests."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NUMBER = re.compile(r"\d+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+\d[\d ]{6,}\d")
GDPR_REF = re.compile(r"GDPR art\. \d+ \(\d+\) [a-f]")


def clean_text(element: Tag) -> str:
    """Visible text with permalink marks removed and whitespace folded."""
    copy = BeautifulSoup(str(element), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    return " ".join(copy.get_text(" ").split())


def _has_id(element: Tag) -> bool:
    return element.has_attr("id") or element.find(id=True) is not None


def clauses(article: Tag) -> list[tuple[str, str]]:
    """(id, text) for every element with an id, in document order.

    A heading's clause runs from the heading to the next heading or the next
    element that carries (or holds) an id of its own.
    """
    found = []
    for element in article.find_all(id=True):
        if element.name in HEADINGS:
            parts = [clean_text(element)]
            for sibling in element.find_next_siblings():
                if sibling.name in HEADINGS or _has_id(sibling):
                    break
                parts.append(clean_text(sibling))
            found.append((element["id"], " ".join(parts)))
        else:
            found.append((element["id"], clean_text(element)))
    return found


def facts(text: str) -> dict[str, list[str]]:
    """What must be equal in every language: numbers, e-mails, phones, GDPR references."""
    emails = EMAIL.findall(text)
    without_emails = EMAIL.sub(" ", text)
    return {
        "emails": sorted(emails),
        "phones": sorted(p.replace(" ", "") for p in PHONE.findall(without_emails)),
        "gdpr": sorted(GDPR_REF.findall(text)),
        "numbers": sorted(NUMBER.findall(without_emails)),
    }
