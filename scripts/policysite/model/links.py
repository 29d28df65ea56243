"""Links inside policy texts: Markdown lets a text carry a link, but only to a safe destination.

Raw HTML is escaped by the renderer, so the only way a text can put a URL into a page is a
Markdown link `[words](destination)` or image `![alt](source)`. Python-Markdown does not
filter schemes, so `javascript:`, `data:` or `vbscript:` would reach the `href` unchanged:
they are refused here, located in policy.yaml, before anything is rendered. Images are
refused outright: an image would make every visitor's browser fetch something.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..reporter import Reporter
    from ..source.nodes import Scalar

SAFE_SCHEMES = ("https", "http", "mailto", "tel")
# "](destination" as Python-Markdown reads it (optional spaces, an optional "<"); matched
# without the opening "[" because link texts may nest brackets: [a [b] c](javascript:x).
_DESTINATION = re.compile(r"\]\(\s*<?([^\s)>]*)")
_IMAGE = re.compile(r"!\[.*?\]\(", re.DOTALL)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def link_problems(text: str) -> list[tuple[str, str, str]]:
    """(the offending snippet, message, hint) for each image or unsafe link destination in `text`."""
    found = [(match.group(0), "images are not allowed in policy texts",
              "remove the image; a privacy page must not make visitors' browsers fetch anything")
             for match in _IMAGE.finditer(text)]
    for match in _DESTINATION.finditer(text):
        destination = match.group(1)
        scheme = _SCHEME.match(destination)
        if not scheme and not destination.startswith("#"):
            found.append((destination, f"the link destination '{destination}' is not a full address",
                          "link to a full address such as https://www.datatilsynet.no/, or to an anchor "
                          "on the page such as (#contact); the pages move between hosts and folders"))
        elif scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            found.append((destination, f"the link destination '{destination}' uses the unsafe scheme "
                                       f"'{scheme.group(1)}:'",
                          "link only to " + ", ".join(f"{s}:" for s in SAFE_SCHEMES) + " addresses, "
                          "or to an anchor on the page such as (#contact)"))
    return found


def check_links(node: Scalar, path: str, checker: Reporter) -> bool:
    """Report every unsafe link in a scalar at its own line and column; True when there is none."""
    source = checker.source
    problems = link_problems(node.value)
    for snippet, message, hint in problems:
        offset = source.text.find(snippet, node.start, max(node.end, node.start + 1))
        location = (source.offset_location(offset) if offset >= 0
                    else source.location(node.line, node.column))
        checker.report_at(location, path, message, hint)
    return not problems
