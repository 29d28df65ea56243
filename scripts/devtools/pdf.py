"""Print each language's policy page to PDF with Chromium (what "Save as PDF" gives a visitor).

Usage: python -m devtools.pdf [SITE_DIR] [--out dist]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from .browser import launch
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--out", default="dist", type=Path)
    args = parser.parse_args(argv)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path in print_pdfs(args.site, args.out, browser):
                print(f"wrote {path} ({path.stat().st_size:,} bytes)")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
