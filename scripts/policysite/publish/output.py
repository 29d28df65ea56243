"""Writing generated pages safely: never over a hand-written file, never when unchanged, never through a link.

docs/ belongs to the generator. What may be in it:
- a folder per language of the policy (`docs/<language>/`), and nothing else at its top;
- in those folders, pages the generator wrote (their first line is the generated-file marker) and an
  empty `.gitkeep` (git keeps no empty folder).
Everything else is refused with a message before anything is written or built: a symbolic link (the
site would publish whatever it points at, and a write would go through it), a hand-written page (its
text belongs in policy.yaml), any other file or folder. A generated page the policy no longer has, and
the generator's own temporary files left by a killed run, are removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..problems import Location, PolicyError, Problem
from ..render.page import MARKER
from ..source.loader import display_name

KEEP_FILE = ".gitkeep"
_TEMPORARY = ".tmp"  # the generator's own temporary files are `.<page>.tmp`


def is_generated(path: Path) -> bool:
    if path.is_symlink():
        return False
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.readline().rstrip("\n") == MARKER
    except OSError:
        return False


def refuse_links(folder: Path) -> list[Path]:
    """Every symbolic link at or below `folder` (links are not followed)."""
    if folder.is_symlink():
        return [folder]
    found = []
    for root, folders, files in os.walk(folder):
        found += [Path(root) / name for name in [*folders, *files] if (Path(root) / name).is_symlink()]
    return sorted(found)


def _problem(path: Path, message: str, fix: str) -> Problem:
    return Problem(Location(display_name(path), 0, 0), "", message, fix)


_LINK = ("a symbolic link in docs/ is refused: the site would publish what it points at, and the generator "
         "would write through it", "delete the link")


def audit_docs(docs_dir: Path, languages: tuple[str, ...], pages: set[Path]) -> list[Path]:
    """Refuse (PolicyError) anything in docs/ that is neither generated nor allowed; return what the caller
    removes: generated pages the policy no longer has (a whole folder for a language it no longer has) and
    the generator's temporary files left by a killed run."""
    if docs_dir.is_symlink():
        raise PolicyError([_problem(docs_dir, "the docs folder is a symbolic link, so pages would be written "
                                    "somewhere else", "replace the link by a real folder")])
    if not docs_dir.exists():
        return []
    problems: list[Problem] = []
    removable: list[Path] = []
    allowed = (f"docs/ holds only the pages the generator writes from policy.yaml, in a folder per language "
               f"({', '.join(languages)}) with at most an empty {KEEP_FILE}")
    for entry in sorted(docs_dir.iterdir()):
        if entry.is_symlink():
            problems.append(_problem(entry, *_LINK))
        elif not entry.is_dir():
            problems.append(_problem(entry, f"{allowed}; this file is not one of them",
                                     "move its text into policy.yaml, then delete the file"))
        else:
            before, stale = len(problems), []
            for path in sorted(entry.rglob("*")):
                if path.is_symlink():
                    problems.append(_problem(path, *_LINK))
                elif path.is_dir() or path in pages or (path.name == KEEP_FILE and not path.stat().st_size):
                    continue  # a page of this policy is checked again when it is written
                elif path.name.startswith(".") and path.name.endswith(_TEMPORARY):
                    stale.append(path)  # the generator's temporary file, left by a killed run
                elif is_generated(path):
                    stale.append(path)  # a page this policy no longer has
                else:
                    problems.append(_problem(path, f"{allowed}; this file was not made by the generator",
                                             "move your text into policy.yaml, then delete or rename this file"))
            if len(problems) == before:
                removable += stale if entry.name in languages else [entry]
    if problems:
        raise PolicyError(problems)
    return removable


def remove(paths: list[Path]) -> None:
    """Remove files and folders `audit_docs` found removable (it checked they hold no link)."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def check_writable(targets: dict[Path, str]) -> None:
    """Refuse before writing anything if one target is a hand-written file or a link."""
    problems = [
        _problem(path, "this file was not made by the generator (its first line is not the generated-file marker), "
                 "so it was not overwritten", "move your hand-written text into policy.yaml, then delete or rename "
                 "this file")
        for path in targets if (path.exists() or path.is_symlink()) and not is_generated(path)
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
        temporary = path.with_name(f".{path.name}{_TEMPORARY}")
        temporary.unlink(missing_ok=True)  # a leftover, or a planted link: removed itself, never followed
        # O_EXCL | O_NOFOLLOW: if anything appears at this name meanwhile, fail rather than write through it
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)
        temporary.replace(path)  # atomic: a reader never sees half a page; replaces a link, never follows it
        written.append(path)
    return written
