"""Writing generated pages safely: never over a hand-written file, never when unchanged."""

from __future__ import annotations

from pathlib import Path

from ..problems import Location, PolicyError, Problem
from ..render.page import MARKER


def is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.readline().rstrip("\n") == MARKER
    except OSError:
        return False


def check_writable(targets: dict[Path, str]) -> None:
    """Refuse before writing anything if one target is a hand-written file."""
    problems = [
        Problem(Location(str(path), 0, 0), "",
                "this file was not made by the generator (its first line is not the generated-file marker), "
                "so it was not overwritten",
                "move your hand-written text into policy.yaml, then delete or rename this file")
        for path in targets if path.exists() and not is_generated(path)
    ]
    if problems:
        raise PolicyError(problems)


def write_pages(targets: dict[Path, str]) -> list[Path]:
    """Write each page whose content changed; return the paths written.

    Unchanged files are left alone so that `mkdocs serve` does not see a change
    and rebuild in a loop.
    """
    check_writable(targets)
    written = []
    for path, content in targets.items():
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(content, encoding="utf-8")
        temporary.replace(path)  # atomic: a reader never sees half a page
        written.append(path)
    return written
