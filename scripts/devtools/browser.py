"""Launching Debian's Chromium through Playwright (its own browser download does not work here)."""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# A fresh, quiet, offline-safe profile: no background calls to Google's services.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage"]


def launch(playwright):
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"Chromium not found at {CHROMIUM}: run `make system` (installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def write_files_main(description: str, default_out: str, write, argv: list[str] | None = None) -> int:
    """The command line of a tool that loads the built site in Chromium and writes files:
    `python -m devtools.X [SITE_DIR] [--out FOLDER]`; `write(site, out, browser)` returns the paths."""
    import argparse
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--out", default=default_out, type=Path)
    args = parser.parse_args(argv)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path in write(args.site, args.out, browser):
                print(f"wrote {path} ({path.stat().st_size:,} bytes)")
        finally:
            browser.close()
    return 0
