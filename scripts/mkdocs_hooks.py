"""Thin MkDocs hook: regenerate the Markdown pages from policy.yaml before each build.

All policy logic lives in the engine-independent `policysite` package; this file
only adapts it to MkDocs: abort with readable problems, hand the theme its labels,
and give every language its own 404 page.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import Abort

sys.path.insert(0, str(Path(__file__).parent))  # works without an installed package, too

from policysite import PolicyError, generate
from policysite.labels import load_labels
from policysite.problems import format_problems
from policysite.render import MARKER

log = logging.getLogger("mkdocs.hooks.policysite")


def on_config(config):
    labels = load_labels()
    config.extra["policysite"] = {
        # per language, the labels the theme templates use (404 page, print line)
        "labels": {code: {key: texts[code] for key, texts in labels.entries.items() if code in texts}
                   for code in labels.languages()},
        "default_language": None,  # known once policy.yaml is loaded
    }
    return config


def on_env(env, **_):
    env.filters["absolute_url"] = lambda link, base: urljoin(base, link)
    return env


def on_pre_build(config) -> None:
    root = Path(config.config_file_path).parent
    try:
        result = generate(root / "policy.yaml", Path(config.docs_dir))
    except PolicyError as error:
        raise Abort("policy.yaml has problems; nothing was built:\n" + format_problems(error.problems)) from None
    config.extra["policysite"]["default_language"] = result.policy.languages[0]
    for warning in result.warnings:
        log.warning(warning.format_text())
    for path in result.written:
        log.info("policysite: wrote %s", path)


def on_page_markdown(markdown: str, **_) -> str:
    # The marker is for people opening the file; MkDocs takes the page title from the
    # first element only if it is the H1, and visitors have no use for the comment.
    return markdown.removeprefix(MARKER).lstrip("\n")


def on_post_build(config) -> None:
    # mkdocs-static-i18n builds each language into the same site_dir, so only the last
    # language's 404.html survives at the root. Keep a copy under each other language.
    language = config.theme["language"]
    if language != config.extra["policysite"]["default_language"]:
        site = Path(config.site_dir)
        (site / language).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / "404.html", site / language / "404.html")
