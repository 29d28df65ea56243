"""Theme support for the Material overrides, independent of policy.yaml.

What any site with this theme and these languages needs, generated pages or not (the
benchmark's hand-written baseline uses this hook alone): our words for the theme in each
language (404 page, print line, permalink titles; from labels.yaml; Material's own interface
strings come from its language files), absolute URLs for hreflang links, a 404 page per language.
"""

from __future__ import annotations

import shutil
import sys
from html import escape
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).parent))  # works without an installed package, too

from policysite.render.labels import load_labels


def on_config(config):
    labels = load_labels()
    languages = config.plugins["i18n"].config.languages
    config.extra["policysite"] = {
        # per language, the labels the theme templates use (404 page, print line)
        "labels": {code: {key: texts[code] for key, texts in labels.entries.items() if code in texts}
                   for code in labels.languages()},
        "default_language": next(language.locale for language in languages if language.default),
    }
    return config


def on_page_content(html: str, config, **_) -> str:
    # Python-Markdown titles every heading's permalink "Permanent link", in English.
    title = config.extra["policysite"]["labels"][config.theme["language"]]["permalink.title"]
    return html.replace('title="Permanent link"', f'title="{escape(title)}"')


def on_env(env, **_):
    env.filters["absolute_url"] = lambda link, base: urljoin(base, link)
    return env


def on_post_build(config) -> None:
    # mkdocs-static-i18n builds each language into the same site_dir, so only the last
    # language's 404.html survives at the root. Keep a copy under each other language.
    language = config.theme["language"]
    site = Path(config.site_dir)
    if language != config.extra["policysite"]["default_language"] and (site / "404.html").is_file():
        (site / language).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / "404.html", site / language / "404.html")
