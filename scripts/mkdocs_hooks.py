"""Thin MkDocs hook: regenerate the Markdown pages from policy.yaml before each build,
and publish the machine-readable exports (policy.json, policy.jsonld) after it.

All logic lives in the engine-independent `policysite` package; this file only
adapts its result to MkDocs (abort the build with readable problems).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import Abort

sys.path.insert(0, str(Path(__file__).parent))  # works without an installed package, too

from policysite import PolicyError, generate
from policysite.generate import Result
from policysite.labels import load_labels
from policysite.problems import format_problems
from policysite.publish import write_exports
from policysite.render import MARKER

log = logging.getLogger("mkdocs.hooks.policysite")
_built: Result | None = None  # the policy of the running build, for on_post_build


def on_pre_build(config) -> None:
    global _built
    root = Path(config.config_file_path).parent
    try:
        result = generate(root / "policy.yaml", Path(config.docs_dir))
    except PolicyError as error:
        raise Abort("policy.yaml has problems; nothing was built:\n" + format_problems(error.problems)) from None
    _built = result
    for warning in result.warnings:
        log.warning(warning.format_text())
    for path in result.written:
        log.info("policysite: wrote %s", path)


def on_page_markdown(markdown: str, **_) -> str:
    # The marker is for people opening the file; MkDocs takes the page title from the
    # first element only if it is the H1, and visitors have no use for the comment.
    return markdown.removeprefix(MARKER).lstrip("\n")


def on_post_build(config) -> None:
    # mkdocs-static-i18n runs one nested build per language, each ending here; the files
    # are the same every time (they come from the policy, not from the pages).
    if _built is not None:
        write_exports(_built.policy, load_labels(), Path(config.site_dir), config.site_url or "")
