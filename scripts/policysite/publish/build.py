"""`policysite build`: a reproducible, atomic build of the published site.

1. The policy is validated first: a broken policy.yaml is reported and nothing is built.
2. SOURCE_DATE_EPOCH (unless already set) is the date of the last commit, or without git the
   policy's effective date, so the sitemap's dates, its gzip header, every file time and the
   change notice are the same in every build of the same commit.
3. MkDocs builds (`--strict`) into a temporary folder beside the target; the security headers
   are written and every internal link is checked there.
4. Only when all of that succeeded does the new folder replace the old one (two renames, the
   old one restored if the second fails). On any failure the previous site is left untouched.

This is the one place besides the hook that knows MkDocs; the steps it adds are engine-independent.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..model.policy import Policy
from ..source import build_date
from .headers import write_headers
from .linkcheck import check_site


class BuildError(Exception):
    """A build step failed; the message says which and why. The previous site is untouched."""


@dataclass(frozen=True)
class Built:
    site_dir: Path
    site_url: str
    source_date_epoch: int
    files: int
    link_summary: str


def source_date_epoch(effective_date: datetime.date, folder: Path) -> int:
    try:
        epoch = build_date.source_date_epoch(folder)
    except build_date.BuildDateError as error:
        raise BuildError(str(error)) from None
    if epoch is not None:
        return epoch
    midnight = datetime.datetime.combine(effective_date, datetime.time(), datetime.UTC)
    return int(midnight.timestamp())


def site_url(policy: Policy) -> str:
    """The public URL: the SITE_URL environment variable, else policy.yaml's site.url."""
    url = os.environ.get("SITE_URL", "").strip() or policy.identity.url or ""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise BuildError(f"the site URL {url!r} is not a full http(s) address; set site.url in policy.yaml (or "
                         "the SITE_URL environment variable) to the public address, e.g. "
                         "https://example.github.io/policy/")
    return url if url.endswith("/") else url + "/"


def _mkdocs(config_file: Path, output: Path, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
               "--site-dir", str(output)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=config_file.parent)
    if result.returncode != 0:
        log = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                        if not line.startswith("INFO"))
        raise BuildError(f"mkdocs build --strict failed:\n{log.strip()}")


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is; `target` keeps its old content if this fails."""
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old)


def _settle_times(folder: Path, epoch: int) -> None:
    # Archives of the site (e.g. the Pages artifact) then differ only when content does.
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def build(config_file: Path, target: Path, policy: Policy) -> Built:
    """Build the site of the validated `policy` into `target` atomically; raises BuildError on failure."""
    epoch = source_date_epoch(policy.effective_date, config_file.parent)
    url = site_url(policy)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}

    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        _mkdocs(config_file, staging, env)
        write_headers(staging, url)
        links = check_site(staging, url)
        if links.broken:
            raise BuildError(f"the link check found {len(links.broken)} broken link(s):\n"
                             + "\n".join(f"  {broken}" for broken in links.broken))
        _settle_times(staging, epoch)
        files = sum(1 for path in staging.rglob("*") if path.is_file())
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Built(target, url, epoch, files, links.summary())
