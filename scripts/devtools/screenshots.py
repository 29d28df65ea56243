"""Screenshots of the policy page as a visitor first sees it: a desktop and a phone screen per language.

Usage: python -m devtools.screenshots [SITE_DIR] [--out readme-images]
(The README shows these; `make test` writes full-page screenshots of every page to test-artifacts/.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from .browser import launch
from .serve import serve

PAGES = {"no": "/", "en": "/en/"}
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def take(site: Path, out: Path, browser) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base:
        for language, path in PAGES.items():
            for screen, viewport in SCREENS.items():
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                target = out / f"{language}-{screen}.png"
                page.screenshot(path=str(target))
                context.close()
                written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--out", default="readme-images", type=Path)
    args = parser.parse_args(argv)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path in take(args.site, args.out, browser):
                print(f"wrote {path} ({path.stat().st_size:,} bytes)")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
