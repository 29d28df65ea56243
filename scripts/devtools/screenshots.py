"""Screenshots of the policy page as a visitor first sees it: a desktop and a phone screen per language.

Usage: python -m devtools.screenshots [SITE_DIR] [--out readme-images]
(The README shows these; `make test` writes full-page screenshots of every page to test-artifacts/.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from .browser import write_files_main
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
    return write_files_main(__doc__.splitlines()[0], "readme-images", take, argv)


if __name__ == "__main__":
    sys.exit(main())
