"""Print the bytes a visitor downloads for each policy page: every request, raw and gzip.

Usage: python -m devtools.page_weight [SITE_DIR] [--budget-kb 15]
Exits 1 if a language's policy page is over the gzip budget (everything it loads, in Chromium).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

from .browser import launch
from .serve import serve

PAGES = {"no": "/", "en": "/en/"}
BUDGET_KB = 15.0  # issue 11: everything a policy page loads, gzip


@dataclass(frozen=True)
class Transfer:
    url: str
    raw: int
    gzip: int


def weigh(site: Path, browser, pages: dict[str, str] = PAGES) -> dict[str, list[Transfer]]:
    """Load each page in a fresh context (empty cache); return every response it fetched."""
    results: dict[str, list[Transfer]] = {}
    with serve(site) as base:
        for name, path in pages.items():
            context = browser.new_context()
            page = context.new_page()
            transfers: list[Transfer] = []

            def record(response, into=transfers) -> None:
                body = response.body() if response.status < 300 else b""
                # Hosts gzip text, not images that are compressed already: count the smaller.
                compressed = min(len(body), len(gzip.compress(body, 6, mtime=0)))
                into.append(Transfer(urlparse(response.url).path, len(body), compressed))

            page.on("response", record)
            page.goto(base + path, wait_until="networkidle")
            context.close()
            results[name] = transfers
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--budget-kb", type=float, default=BUDGET_KB, help="gzip budget for each policy page")
    args = parser.parse_args(argv)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            results = weigh(args.site, browser)
        finally:
            browser.close()
    for name, transfers in results.items():
        print(f"\n{name} page ({PAGES[name]}): {len(transfers)} requests")
        print(f"  {'raw bytes':>10} {'gzip bytes':>10}  url")
        for t in transfers:
            print(f"  {t.raw:>10,} {t.gzip:>10,}  {t.url}")
        print(f"  {sum(t.raw for t in transfers):>10,} {sum(t.gzip for t in transfers):>10,}  total")
    over = False
    print()
    for name, transfers in results.items():
        total = sum(t.gzip for t in transfers) / 1000
        over |= total > args.budget_kb
        verdict = "within" if total <= args.budget_kb else "OVER"
        print(f"{name} policy page: {total:.1f} KB gzip, {verdict} the {args.budget_kb:g} KB budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
