"""A fresh clone's `make site` with an empty package cache: what a new developer or a CI runner waits for.

Clones the committed HEAD (uncommitted changes are not in it) and points uv's and pip's caches at empty
folders. Downloads from the package registry: only with `--setup`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .workspace import ENV, ROOT


def _size_mb(folder: Path) -> float:
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_symlink()) / 1e6


def fresh_make_site(installer: str) -> dict:
    """installer: "uv" (bootstrapped from PyPI as a fresh clone does) or "pip" (the fallback)."""
    with tempfile.TemporaryDirectory(prefix="policysite-setup-") as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        env = {**ENV, "UV_CACHE_DIR": str(Path(folder) / "uv-cache"), "PIP_CACHE_DIR": str(Path(folder) / "pip-cache")}
        path = [part for part in env.get("PATH", "").split(os.pathsep) if not (Path(part) / "uv").exists()]
        env["PATH"] = os.pathsep.join(path)  # a uv on PATH would be used as is: not a fresh machine
        if installer == "pip":
            env["NO_UV"] = "1"
        start = time.perf_counter()
        result = subprocess.run(["make", "--no-print-directory", "site"], cwd=clone, env=env, capture_output=True,
                                text=True, timeout=1800)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(f"make site in a fresh clone failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        measured = {"seconds": seconds, "venv_mb": _size_mb(clone / ".venv")}
        shutil.rmtree(clone, ignore_errors=True)
        return measured
