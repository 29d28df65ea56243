"""Earlier versions of policy.yaml, named as a file path or as a git revision.

`check --since` and `diff` compare two versions. A name that is an existing file is
read as it is; otherwise it is a git revision, and the policy file is read from it
at the same path (`git show REV:./policy.yaml`, run beside the file).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..problems import Location, PolicyError, Problem
from .loader import Source, load_bytes, load_file


def read_version(spec: str, policy_path: Path) -> Source:
    """The policy as it is in `spec` (a file, or a git revision of `policy_path`)."""
    path = Path(spec)
    if path.is_file():
        return load_file(path, spec)
    name = f"{spec}:{policy_path.name}"
    hint = (f"give an existing file, or a git revision in which {policy_path.name} exists "
            "(e.g. HEAD, HEAD~1, main, a tag such as v1.0 or a commit id)")
    if not spec or spec.startswith("-"):  # never let a revision be read as a git option
        raise PolicyError([Problem(Location(spec, 0, 0), "", f"'{spec}' is not a file or a git revision", hint)],
                          unusable=True)
    try:
        result = subprocess.run(["git", "show", f"{spec}:./{policy_path.name}"], cwd=policy_path.parent,
                                capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PolicyError([Problem(Location(name, 0, 0), "", f"cannot run git to read '{spec}': {exc}",
                                   "install git, or save the old version as a file and pass its path")],
                          unusable=True) from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PolicyError([Problem(Location(name, 0, 0), "",
                                   f"'{spec}' is not a file, and git cannot read {policy_path.name} from it"
                                   + (f" ({detail[0]})" if detail else ""), hint)], unusable=True)
    return load_bytes(result.stdout, name)
