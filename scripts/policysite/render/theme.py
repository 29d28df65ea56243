"""What the site around the pages needs of the policy: its languages, name and address, the date it takes
effect, and for the theme the company's logo, colour and name and the footer's version line in every
language. Plain data, for the site engine's hooks and templates: the process that runs the engine need not
hold (or validate) the policy itself, and a worker that validated it sends these few values across."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..model.policy import Policy
from .labels import Labels

LOGO_FOLDER = "assets/images"  # where the logo is published, beside the theme's images


@dataclass(frozen=True)
class SiteFacts:
    languages: tuple[str, ...]  # the default first
    names: dict[str, str]  # the site's name, per language
    url: str | None  # policy.yaml's site.url, if it has one
    effective_date: datetime.date
    theme: dict  # for overrides/: see theme_identity


def site_facts(policy: Policy, labels: Labels, policy_folder: Path) -> SiteFacts:
    site = policy.identity
    return SiteFacts(policy.languages, {language: site.name[language] for language in policy.languages}, site.url,
                     policy.effective_date, theme_identity(policy, labels, policy_folder))


def theme_identity(policy: Policy, labels: Labels, policy_folder: Path) -> dict:
    site = policy.identity
    logo = None
    if site.logo:
        name = "logo" + PurePosixPath(site.logo).suffix.lower()
        logo = {"source": str(policy_folder / site.logo), "target": f"{LOGO_FOLDER}/{name}"}
    return {
        "organisation": dict(policy.controller.name.by_language),  # per language: it may differ
        "logo": logo,
        "accent_color": site.accent_color,
        "version_line": {language: labels.get("version_line", language, version=policy.version,
                                              date=labels.date(policy.effective_date, language))
                         for language in policy.languages},
    }
