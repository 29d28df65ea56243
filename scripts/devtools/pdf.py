"""Print each language's policy page to PDF with Chromium (what "Save as PDF" gives a visitor).

Usage: python -m devtools.pdf [SITE_DIR] [--out dist]
"""

from __future__ import annotations

import sys
from pathlib import Path

from .browser import write_files_main
from .serve import serve

PAGES = {"no": "/", "en": "/en/"}


def print_pdfs(site: Path, out: Path, browser) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base:
        for language, path in PAGES.items():
            page = browser.new_page()
            page.goto(base + path, wait_until="networkidle")
            target = out / f"policy-{language}.pdf"
            target.write_bytes(page.pdf(format="A4", print_background=False,
                                        margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}))
            page.close()
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    return write_files_main(__doc__.splitlines()[0], "dist", print_pdfs, argv)


if __name__ == "__main__":
    sys.exit(main())
