"""Thin MkDocs hook: regenerate the Markdown pages from policy.yaml before each build,
and publish the machine-readable exports (policy.json, policy.jsonld) after it.

All policy logic lives in the engine-independent `policysite` package; this file
only adapts it to MkDocs: abort a build with readable problems, show them in a live
preview. Theme support (labels, hreflang URLs, 404 pages) is in mkdocs_theme_hooks.py.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import Abort

sys.path.insert(0, str(Path(__file__).parent))  # works without an installed package, too

from policysite import PolicyError, generate
from policysite.pipeline import Result, exports, facts
from policysite.problems import format_problems
from policysite.publish.exports import write_exports
from policysite.publish.output import is_generated, write_pages
from policysite.render.page import MARKER, render_problem_page

log = logging.getLogger("mkdocs.hooks.policysite")
_command = {"name": "build"}
_built: Result | None = None  # what the running build generated (the site's facts), for on_post_build
_exported: tuple[object, str] | None = None  # (the site's facts, site_dir) the exports were last written for


def on_startup(command: str, **_) -> None:
    _command["name"] = command


def on_config(config):
    """The site's name and public address come from policy.yaml (mkdocs.yml holds no customer data);
    the SITE_URL environment variable, read by mkdocs.yml, overrides the address."""
    try:
        site = facts(Path(config.config_file_path).parent / "policy.yaml")
    except PolicyError as error:
        if _command["name"] == "serve":
            return config  # the preview shows the problems (on_pre_build)
        raise Abort("policy.yaml has problems; nothing was built:\n" + format_problems(error.problems)) from None
    url = config.site_url or site.url
    if url:
        config.site_url = url if url.endswith("/") else url + "/"
    config.site_name = site.names[site.languages[0]]
    for language in config.plugins["i18n"].config.languages:
        if language.locale in site.languages:
            language.site_name = site.names[language.locale]
    # logo, accent colour, footer version line: for overrides/, where a hand-written site would state them
    # (mkdocs.yml's extra: identity:); the theme hook, which runs after this one, passes them on
    config.extra["identity"] = site.theme
    return config


def on_pre_build(config) -> None:
    global _built
    _built = None
    root = Path(config.config_file_path).parent
    try:
        result = generate(root / "policy.yaml", Path(config.docs_dir))
    except PolicyError as error:
        report = format_problems(error.problems)
        if _command["name"] != "serve":
            raise Abort("the pages cannot be generated; nothing was built:\n" + report) from None
        # Live preview: show the problems in the browser instead of a stuck server. Printed, not
        # logged, because --strict turns logged errors into an aborted (stuck) rebuild.
        print(f"policy.yaml has problems:\n{report}", file=sys.stderr)
        page = render_problem_page(error.problems)
        folders = [folder for folder in sorted(Path(config.docs_dir).iterdir()) if folder.is_dir()]
        # every generated page, and each language's home page if nothing is there yet; never a hand-written file
        targets = {path for path in Path(config.docs_dir).glob("*/*.md") if is_generated(path)}
        targets |= {folder / "index.md" for folder in folders if not (folder / "index.md").exists()}
        write_pages(dict.fromkeys(sorted(targets), page))
        return
    _check_site_languages(config, result.site.languages)
    _built = result
    for warning in result.warnings:
        # INFO, not WARNING: --strict would turn a policy warning into a failed build.
        log.info("policysite: %s", warning.format_text())
    for path in result.written:
        log.info("policysite: wrote %s", path)


def _check_site_languages(config, languages: tuple[str, ...]) -> None:
    """policy.yaml decides the languages; mkdocs.yml must build exactly those, default first."""
    site = config.plugins["i18n"].config.languages
    built = sorted(language.locale for language in site if language.build)
    default = next((language.locale for language in site if language.default), None)
    if built != sorted(languages) or default != languages[0]:
        raise Abort(
            f"policy.yaml has the languages {', '.join(languages)} (default {languages[0]}), but mkdocs.yml's "
            f"i18n plugin builds {', '.join(built)} (default {default}).\n"
            "    how to fix: list the same languages under plugins > i18n > languages in mkdocs.yml, "
            f"with default: true on '{languages[0]}' (see README, 'Adding a language')")


def on_serve(server, config, **_):
    """docs/ holds only the pages this hook writes (anything else is refused: publish/output.py), and their
    sources are watched (mkdocs.yml's `watch:`). Watching docs/ too made every save rebuild the site twice:
    once for policy.yaml, once more for the pages the first rebuild wrote."""
    server.unwatch(config.docs_dir)
    return server


def on_page_markdown(markdown: str, **_) -> str:
    # The marker is for people opening the file; MkDocs takes the page title from the
    # first element only if it is the H1, and visitors have no use for the comment.
    return markdown.removeprefix(MARKER).lstrip("\n")


def on_post_build(config) -> None:
    if _built is None:  # a live preview of a policy with problems: nothing to publish
        return
    # One nested build per language ends here; the exports come from the policy, not the
    # pages, so they are written once per policy (the generator reuses the same facts object).
    global _exported
    site = Path(config.site_dir)
    fresh = _exported is not None and _exported[0] is _built.site and _exported[1] == str(site)
    if not fresh or not (site / "policy.json").is_file():
        policy = Path(config.config_file_path).parent / "policy.yaml"
        write_exports(exports(policy, config.site_url or ""), site)
        _exported = (_built.site, str(site))  # holding the facts keeps `is` meaningful
