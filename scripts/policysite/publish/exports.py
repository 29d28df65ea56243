"""The machine-readable files published beside the pages: policy.json, its schema, policy.jsonld."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

from ..model.policy import Policy
from ..render.labels import Labels
from .policy_json import SCHEMA_FILE, SCHEMA_NAME, dumps, to_json
from .policy_jsonld import to_jsonld

EXPORT_FILES = ("policy.json", SCHEMA_NAME, "policy.jsonld")


def page_urls(policy: Policy, site_url: str) -> dict[str, str]:
    """The default language lives at the site's root, every other one in a folder named by its code."""
    root = site_url or "./"
    return {lang: urljoin(root, "" if i == 0 else f"{lang}/") for i, lang in enumerate(policy.languages)}


def export_contents(policy: Policy, labels: Labels, site_url: str) -> dict[str, str]:
    """The export files' names and contents, for the site published at `site_url`."""
    pages = page_urls(policy, site_url)
    return {
        "policy.json": dumps(to_json(policy, pages)),
        # the committed schema: generated from the model, and a test fails when it is stale
        SCHEMA_NAME: dumps(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))),
        "policy.jsonld": dumps(to_jsonld(policy, labels, pages)),
    }


def write_exports(contents: dict[str, str], site_dir: Path) -> list[Path]:
    """Write the export files (export_contents) into `site_dir`; returns their paths."""
    site_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in contents.items():
        path = site_dir / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
