"""Throw-away projects for one policy: built by policysite's hook, and the plain baseline."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from policysite.pipeline import load_policy
from policysite.render.labels import load_labels
from policysite.render.page import render_pages
from policysite.render.theme import theme_identity

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "scripts" / "mkdocs_hooks.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# A hand-written site has neither the generator's hook nor its sources to watch; it keeps the
# theme-support hook that any site with these theme overrides needs.
_GENERATOR_LINES = re.compile(r"^(?:[ \t]+- scripts/mkdocs_hooks\.py.*\n|watch:\n(?:[ \t]+-.*\n)+)", re.MULTILINE)


@dataclass(frozen=True)
class Projects:
    generated: Path  # mkdocs.yml with the hook: builds from policy.yaml
    plain: Path  # mkdocs.yml without hooks: builds the same Markdown, written by hand as far as MkDocs knows
    languages: tuple[str, ...]
    pages: tuple[str, ...]  # the generated Markdown files, e.g. "no/index.md"


def _hook_markdown(markdown: str) -> str:
    """The Markdown exactly as the hook hands it to MkDocs (marker line removed)."""
    spec = importlib.util.spec_from_file_location("policysite_bench_hook", HOOK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.on_page_markdown(markdown)


def copy_project(policy_text: str, target: Path) -> Path:
    """What a checkout holds, with `policy_text` as policy.yaml and no generated pages yet."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("branding", "overrides", "scripts"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "policy.yaml").write_text(policy_text, encoding="utf-8")
    return target


def make_projects(policy_text: str, base: Path) -> Projects:
    generated = copy_project(policy_text, base / "generated")
    labels = load_labels()
    policy, _ = load_policy(generated / "policy.yaml", labels)
    plain = base / "plain"
    plain.mkdir(parents=True)
    for folder in ("overrides", "scripts"):
        shutil.copytree(ROOT / folder, plain / folder, ignore=shutil.ignore_patterns("__pycache__"))
    config, removed = _GENERATOR_LINES.subn("", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if removed != 2:
        raise RuntimeError("mkdocs.yml must list scripts/mkdocs_hooks.py and have a 'watch:' block to remove "
                           "for the plain baseline")
    # what the hook takes from policy.yaml, a hand-written site states in mkdocs.yml
    site = policy.identity
    config = re.sub(r"^site_name: .*$", f"site_name: {site.name[policy.languages[0]]}", config, flags=re.MULTILINE)
    config = re.sub(r"^site_url: .*$", f"site_url: {site.url}", config, flags=re.MULTILINE)
    # and the theme's identity (logo, colour, footer line), as JSON, which YAML reads too
    identity = json.dumps(theme_identity(policy, labels, generated), ensure_ascii=False)
    config = config.replace("\nextra:\n", f"\nextra:\n  identity: {identity}\n", 1)
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    pages = render_pages(policy, labels)
    for path, markdown in pages.items():
        page = plain / "docs" / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_hook_markdown(markdown), encoding="utf-8")
        (generated / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
    return Projects(generated, plain, policy.languages, tuple(pages))


def clear_generated(projects: Projects) -> None:
    """Back to a fresh checkout: the hook writes the pages again, as in CI."""
    for path in projects.pages:
        (projects.generated / "docs" / path).unlink(missing_ok=True)


def mkdocs_build(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=ENV,
                            capture_output=True, text=True, timeout=900, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed in {project}:\n{result.stderr[-4000:]}")


def same_site(projects: Projects) -> bool:
    """Both builds must produce the same pages, or the comparison means nothing."""
    pages = sorted(path.relative_to(projects.plain / "site") for path in (projects.plain / "site").rglob("*.html"))
    return bool(pages) and all(
        (projects.generated / "site" / page).read_bytes() == (projects.plain / "site" / page).read_bytes()
        for page in pages
    )
