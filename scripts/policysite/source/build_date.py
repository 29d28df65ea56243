"""The date a build takes as today, so that building the same commit always gives the same site.

SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) when it is set, else
the date of the last commit of the repository that holds policy.yaml, else None (no git, or not
a repository: the caller decides, e.g. the policy's effective date). The scheduled CI rebuild sets
SOURCE_DATE_EPOCH to the day it runs, so that what depends on today (the change notice) ends on
time without a commit.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


def source_date_epoch(folder: Path) -> int | None:
    configured = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if configured:
        if not configured.isdigit():
            raise BuildDateError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {configured!r}")
        return int(configured)
    return last_commit_epoch(folder)


def last_commit_epoch(folder: Path) -> int | None:
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = result.stdout.strip()
    return int(value) if result.returncode == 0 and value.isdigit() else None


def build_date(folder: Path) -> datetime.date | None:
    epoch = source_date_epoch(folder)
    return None if epoch is None else datetime.datetime.fromtimestamp(epoch, datetime.UTC).date()
