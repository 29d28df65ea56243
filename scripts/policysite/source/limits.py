"""Size limits for policy.yaml: what `check` accepts, the build finishes in bounded time.

Each limit is far above what a real policy needs (SensorNordic's file is 11 KB, its longest
text 600 characters) and is reported as a located error that names it. The benchmark's
synthetic policy with 10,000 purposes (about 12 MB) passes; the README's security section
lists these values.
"""

from __future__ import annotations

MAX_FILE_BYTES = 16 * 1024 * 1024  # policy.yaml (and every file the loader reads), in bytes
MAX_DEPTH = 64  # levels of nesting (a policy uses about eight)
MAX_TEXT_CHARACTERS = 10_000  # one text or value in one language
MAX_LIST_ITEMS = 20_000  # items in one list (purposes, data categories, references...)

# The generated pages. References repeat texts (each purpose shows the names of its data
# categories, the overview each category's purposes), so a policy within the limits above could
# still make pages of gigabytes; and Python-Markdown's work grows with every reference and link
# in a paragraph. These bound the build (each page is checked while it is rendered):
MAX_PAGE_COST = 40_000_000  # per language: letters, digits and spaces count 1; any other character
#                             (written as a reference) and each link count REFERENCE_COST
REFERENCE_COST = 50  # measured: Python-Markdown 3.11 spends about 50 times a letter's time on each
MAX_PARAGRAPH_COST = 3_000_000  # one paragraph, list item or table row, counted the same way


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
