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
