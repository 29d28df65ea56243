"""What the theme around the pages shows of the policy: the company's logo, colour and name, and
the version line of the footer in every language. Plain data, for the site engine's templates."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..model.policy import Policy
from .labels import Labels

LOGO_FOLDER = "assets/images"  # where the logo is published, beside the theme's images


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
