"""Thin MkDocs hook: regenerate the Markdown pages from policy.yaml before each build.

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
from policysite.problems import format_problems
from policysite.render import MARKER

log = logging.getLogger("mkdocs.hooks.policysite")


def on_pre_build(config) -> None:
    root = Path(config.config_file_path).parent
    try:
        result = generate(root / "policy.yaml", Path(config.docs_dir))
    except PolicyError as error:
        raise Abort("policy.yaml has problems; nothing was built:\n" + format_problems(error.problems)) from None
    for warning in result.warnings:
        log.warning(warning.format_text())
    for path in result.written:
        log.info("policysite: wrote %s", path)


def on_page_markdown(markdown: str, **_) -> str:
    # The marker is for people opening the file; MkDocs takes the page title from the
    # first element only if it is the H1, and visitors have no use for the comment.
    return markdown.removeprefix(MARKER).lstrip("\n")
