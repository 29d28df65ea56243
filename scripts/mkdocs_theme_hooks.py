"""Theme support for the Material overrides, independent of policy.yaml.

What any site with this theme and these languages needs, generated pages or not (the
benchmark's hand-written baseline uses this hook alone): our words for the theme in each
language (404 page, print line, permalink titles; from labels.yaml; Material's own interface
strings come from its language files), the Content-Security-Policy for each page's <meta> tag,
absolute URLs for hreflang links, a 404 page per language, the language switcher's order, and one
stylesheet holding only the rules the built pages use (with the company's accent colour and logo,
when the policy hook put them in config.extra.policysite.identity).

mkdocs.yml lists the default language first: mkdocs-static-i18n builds it first, then every other
listed language, so a default listed anywhere else is built twice. Listing it first changes two things
this hook puts back: the switcher order (it follows the list) and which 404.html stays at the root (the
last language built writes it).
"""

from __future__ import annotations

import shutil
import sys
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import escape as escape_markup
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).parent))  # works without an installed package, too

from policysite.publish.headers import content_security_policy
from policysite.publish.page_scan import scan_pages
from policysite.publish.stylesheet import elements_in, subset_for
from policysite.render.labels import load_labels

STYLESHEET = "assets/stylesheets/site.css"  # the only stylesheet pages link (overrides/main.html)


@event_priority(-50)  # after the generator's hook has set site_url, before the i18n plugin (-100) reads it
def on_config(config):
    labels = load_labels()
    # mkdocs-static-i18n runs on_config again for each language, on the config emptied below
    stylesheets = config.extra.get("policysite", {}).get("stylesheets") or list(config.extra_css)
    languages = config.plugins["i18n"].config.languages
    config.extra["policysite"] = {
        # per language, the labels the theme templates use (404 page, print line)
        "labels": {code: {key: texts[code] for key, texts in labels.entries.items() if code in texts}
                   for code in labels.languages()},
        "default_language": next(language.locale for language in languages if language.default),
        # the policy of the security headers, as far as a <meta> tag can carry it (for hosts without headers)
        "content_security_policy": content_security_policy(meta=True),
        # extra_css files are merged into the one derived stylesheet instead of being linked
        "stylesheet": STYLESHEET,
        "stylesheets": stylesheets,
        # logo, colour, footer line: the policy hook fills this from policy.yaml; a hand-written
        # site may state it under mkdocs.yml's extra: identity: (render/theme.py has the keys)
        "identity": config.extra.get("identity"),
    }
    config.extra_css = []
    if "alternate" not in config.extra:
        config.extra["alternate"] = _switcher(config)
    return config


def _switcher(config) -> list[dict[str, str]]:
    """The language switcher lists the languages by their own name (English, Norsk), whatever their order
    in mkdocs.yml. Given as `extra.alternate`, which the i18n plugin keeps as the user's choice and then
    points at each page's counterpart; the links are the ones the plugin would make itself."""
    base = urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""
    suffix = "" if config.use_directory_urls else "index.html"
    languages = [language for language in config.plugins["i18n"].config.languages if language.build]
    return [{"name": language.name, "link": language.fixed_link or f"{base}{language.link}{suffix}",
             "lang": language.locale} for language in sorted(languages, key=lambda language: language.name.casefold())]


def on_page_content(html: str, config, **_) -> str:
    # Python-Markdown titles every heading's permalink "Permanent link", in English.
    title = config.extra["policysite"]["labels"][config.theme["language"]]["permalink.title"]
    return html.replace('title="Permanent link"', f'title="{escape(title)}"')


class _TemplateConfig:
    """The config as the theme's templates see it, with the site name escaped for HTML.

    The name comes from policy.yaml, and Material writes `{{ config.site_name }}` into elements and
    attributes (aria-label="...") unescaped (its Jinja has no autoescape): a name with a quote or a
    "<" would change the page. As Markup it is escaped exactly once, also where a template adds
    `| e`. Only the templates' view changes: the config itself keeps the plain name (the i18n plugin
    sets it per language, and accepts only plain strings).
    """

    def __init__(self, config) -> None:
        self._config = config

    def __getattr__(self, name: str):
        value = getattr(self._config, name)
        return escape_markup(value) if name == "site_name" and isinstance(value, str) else value

    def __getitem__(self, key: str):
        value = self._config[key]
        return escape_markup(value) if key == "site_name" and isinstance(value, str) else value


def on_page_context(context, **_):
    context["config"] = _TemplateConfig(context["config"])
    return context


def on_template_context(context, **_):
    context["config"] = _TemplateConfig(context["config"])
    return context


def on_env(env, **_):
    env.filters["absolute_url"] = lambda link, base: urljoin(base, link)
    return env


_root_404: dict[str, bytes] = {}  # site_dir -> the default language's 404 page


def on_post_build(config) -> None:
    _write_stylesheet(config)
    # mkdocs-static-i18n builds each language into the same site_dir, so each language's 404.html
    # overwrites the root one. Keep the default language's at the root, the others' in their folders.
    language = config.theme["language"]
    site = Path(config.site_dir)
    page = site / "404.html"
    if not page.is_file():
        return
    if language == config.extra["policysite"]["default_language"]:
        _root_404[str(site)] = page.read_bytes()
    else:
        (site / language).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, site / language / "404.html")
        if str(site) in _root_404:
            page.write_bytes(_root_404[str(site)])


_last_subset: dict[tuple, str] = {}  # one entry: the languages' builds in one process share the work


def _write_stylesheet(config) -> None:
    """The theme's stylesheet and ours, cut to what the pages built so far use (every language
    builds into the same site_dir, so the last build covers them all), plus the accent colour."""
    site = Path(config.site_dir)
    themes = sorted(site.glob("assets/stylesheets/main.*.min.css"))
    if len(themes) != 1:
        raise RuntimeError(f"expected one theme stylesheet assets/stylesheets/main.*.min.css in {site}, found {themes}")
    identity = config.extra["policysite"].get("identity") or {}
    sheets = [themes[0], *(site / path for path in config.extra["policysite"]["stylesheets"])]
    texts = tuple(path.read_text(encoding="utf-8") for path in sheets)
    if identity.get("accent_color"):
        texts += (f":root{{--policy-accent:{identity['accent_color']}}}",)
    elements = elements_in(scan_pages(site).values())  # the link check later reuses these parses
    key = (texts, elements)
    if key not in _last_subset:
        _last_subset.clear()
        _last_subset[key] = subset_for(texts, elements)
    (site / STYLESHEET).write_text(_last_subset[key], encoding="utf-8")
    logo = identity.get("logo")
    if logo:
        (site / logo["target"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(logo["source"], site / logo["target"])
