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


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
