"""Throw-away projects for one policy, and whole processes timed as users run them.

- `generated`: a checkout as a user has it (Makefile, locks, mkdocs.yml, overrides/, scripts/, policy.yaml),
  sharing this checkout's .venv, so `make site` and `make serve` run exactly as typed;
- `plain`: the same site written by hand, as far as MkDocs knows: the very Markdown the generator makes,
  and mkdocs.yml without the generator's hook (the theme-support hook stays: any site with these
  overrides needs it). Plain MkDocs builds it with `mkdocs build --strict`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from policysite.pipeline import load_policy
from policysite.render.labels import load_labels
from policysite.render.page import render_pages
from policysite.render.theme import theme_identity

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
HOOK = ROOT / "scripts" / "mkdocs_hooks.py"
CHECKOUT = ["Makefile", "pyproject.toml", "requirements-site.lock", "requirements-test.lock", "mkdocs.yml"]
# What users' shells have; this machine's PYTHONDONTWRITEBYTECODE would make every run compile the
# project's modules again, which no user's run does.
ENV = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SITE_URL",
                                                             "SOURCE_DATE_EPOCH", "MAKEFLAGS", "MAKELEVEL")},
       "NO_MKDOCS_2_WARNING": "1"}
_GENERATOR_LINES = re.compile(r"^(?:[ \t]+- scripts/mkdocs_hooks\.py.*\n|watch:\n(?:[ \t]+-.*\n)+)", re.MULTILINE)


@dataclass(frozen=True)
class Projects:
    generated: Path
    plain: Path
    pages: tuple[str, ...]  # the generated Markdown files, e.g. "en/index.md"


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kb: int
    cpu_seconds: float  # user + system: less sensitive than wall time to other processes on the machine


def _stamps() -> list[str]:
    """The Makefile's marks of an installed .venv (`.venv/.site-<hash>`, `.venv/.test-<hash>`)."""
    inputs = ("requirements-site.lock", "requirements-test.lock", "pyproject.toml")  # as the Makefile's LOCK_HASH
    digest = hashlib.sha1(b"".join((ROOT / name).read_bytes() for name in inputs)).hexdigest()[:12]
    return [f".venv/.{kind}-{digest}" for kind in ("site", "test")]


def require_site_environment() -> None:
    """`make site` in a copy must find .venv ready (the copy links to it): never let it install into it."""
    if not any((ROOT / stamp).exists() for stamp in _stamps()):
        raise SystemExit("the benchmark needs .venv set up from the current locks: run `make setup` first")


def make(target: str, *variables: str) -> list[str]:
    """`make <target>` as typed, except that .venv counts as installed (-o): the copies share this checkout's
    .venv, and a set-up step there would install into it."""
    return ["make", "--no-print-directory", "-s", target, *variables,
            *(option for stamp in _stamps() for option in ("-o", stamp))]


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
    for name in CHECKOUT:
        shutil.copy2(ROOT / name, target / name)
    for folder in ("branding", "overrides", "scripts"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (target / ".venv").symlink_to(VENV, target_is_directory=True)
    (target / "policy.yaml").write_text(policy_text, encoding="utf-8")
    return target


def make_projects(policy_text: str, base: Path) -> Projects:
    generated = copy_project(policy_text, base / "generated")
    labels = load_labels()
    policy, _ = load_policy(generated / "policy.yaml", labels)
    plain = base / "plain"
    plain.mkdir(parents=True)
    for folder in ("overrides", "scripts"):
        shutil.copytree(ROOT / folder, plain / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
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
    return Projects(generated, plain, tuple(pages))


def clear_generated(projects: Projects) -> None:
    """Back to a fresh checkout: the build writes the pages again, as in CI."""
    for path in projects.pages:
        (projects.generated / "docs" / path).unlink(missing_ok=True)


# A small process starts each timed command and waits for it. Started from the benchmark itself (hundreds
# of MB once it has loaded a large policy), the command's peak memory would be the benchmark's: Linux keeps
# the high-water mark of the forked process from before exec. The trampoline also takes the fork's cost out
# of the wall time.
_TRAMPOLINE = """import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime} {os.waitstatus_to_exitcode(status)}")
"""


def run(command: list[str], cwd: Path, timeout: float = 1800) -> Run:
    """One whole process, as a user runs it: wall time, CPU time and peak resident memory (with `make`, of
    the largest process it waited for)."""
    with tempfile.TemporaryDirectory() as folder:
        measured = Path(folder) / "measured"
        result = subprocess.run([sys.executable, "-S", "-c", _TRAMPOLINE, str(measured), *command], cwd=cwd,
                                env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        seconds, max_rss_kb, cpu, code = measured.read_text().split() if measured.exists() else ("0", "0", "0", "-1")
    if int(code) != 0 or result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n" + result.stdout.decode(errors="replace")[-4000:])
    return Run(float(seconds), int(max_rss_kb), float(cpu))


def same_site(projects: Projects) -> bool:
    """Both builds must produce the same pages, or the comparison means nothing."""
    pages = sorted(path.relative_to(projects.plain / "site") for path in (projects.plain / "site").rglob("*.html"))
    return bool(pages) and all(
        (projects.generated / "site" / page).read_bytes() == (projects.plain / "site" / page).read_bytes()
        for page in pages
    )
