"""`policysite build`: a reproducible, atomic build of the published site.

1. The generator's work starts first, on the machine's other core when it can (pipeline.start_ahead), while
   this process loads the site engine. A broken policy.yaml is reported and nothing is built.
2. SOURCE_DATE_EPOCH (unless already set) is the date of the last commit, or without git the
   policy's effective date, so the sitemap's dates, its gzip header, every file time and the
   change notice are the same in every build of the same commit.
3. The site engine (MkDocs, or its fork ProperDocs) builds `--strict` into a temporary folder beside
   the target, in this process: its hook takes the policy's facts and pages from the generator's work
   instead of validating it again, and no second interpreter starts. The security headers are written
   and every internal link is checked there.
4. Only when all of that succeeded does the new folder replace the old one (two renames, the
   old one restored if the second fails). On any failure the previous site is left untouched.
5. The build touches only its own files: one build at a time per site folder (a lock file), the
   leftovers of an earlier build that was killed are removed (or, if it died between the two renames,
   the previous site is put back first), and it never writes through a symbolic link.

This is the one place besides the hooks that knows the site engine; the steps it adds are engine-independent.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from ..memory import collector_paused, existing_objects_exempt
from ..render.theme import SiteFacts
from ..source import build_date
from .headers import inline_code, write_headers
from .linkcheck import check_site
from .output import refuse_links, remove
from .page_scan import scan_pages

ENGINES = ("mkdocs", "properdocs")


class BuildError(Exception):
    """A build step failed; the message says which and why. The previous site is untouched."""


@dataclass(frozen=True)
class Generator:
    """The generator's side of a build, as callables (this module knows no pipeline). `start` begins its work,
    on the other core when it can; `facts` waits for the validated policy's facts, `write_pages` for its
    pages, which it writes into docs/. Both raise PolicyError when the policy has a problem."""

    start: Callable[[], None]
    facts: Callable[[], SiteFacts]
    write_pages: Callable[[], object]


@dataclass(frozen=True)
class Built:
    site_dir: Path
    site_url: str
    source_date_epoch: int
    files: int
    link_summary: str
    engine: str  # name and version


def source_date_epoch(effective_date: datetime.date, folder: Path) -> int:
    try:
        epoch = build_date.source_date_epoch(folder)
    except build_date.BuildDateError as error:
        raise BuildError(str(error)) from None
    if epoch is not None:
        return epoch
    midnight = datetime.datetime.combine(effective_date, datetime.time(), datetime.UTC)
    return int(midnight.timestamp())


def site_url(site: SiteFacts) -> str:
    """The public URL: the SITE_URL environment variable, else policy.yaml's site.url."""
    url = os.environ.get("SITE_URL", "").strip() or site.url or ""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise BuildError(f"the site URL {url!r} is not a full http(s) address; set site.url in policy.yaml (or "
                         "the SITE_URL environment variable) to the public address, e.g. "
                         "https://example.github.io/policy/")
    return url if url.endswith("/") else url + "/"


class _Warnings(logging.Handler):
    """The engine's warnings and errors, to explain a failed strict build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class Engine(NamedTuple):
    name: str  # as in ENGINES; the engine logs under this name
    version: str  # "mkdocs 1.6.1"
    load_config: Callable[..., Any]
    build: Callable[[Any], None]


def _load_engine(name: str) -> Engine:
    """The site engine, imported only now (check needs none of it)."""
    if name not in ENGINES:
        raise BuildError(f"unknown site engine {name!r}; use one of {', '.join(ENGINES)}")
    if name == "properdocs":
        loaded = sys.modules.get("mkdocs")
        if loaded is not None and not loaded.__name__.startswith("properdocs"):
            raise BuildError("ProperDocs must run in a process that has not loaded MkDocs: run `policysite build "
                             "--engine properdocs` on its own")
        import properdocs.replacement  # noqa: F401  from now on `import mkdocs...` (plugins, hooks) gets ProperDocs
        from properdocs import __version__
        from properdocs.commands.build import build
        from properdocs.config import load_config
        return Engine(name, f"properdocs {__version__}", load_config, build)
    from mkdocs import __version__
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    return Engine(name, f"mkdocs {__version__}", load_config, build)


def run_engine(engine: Engine, config_file: Path, output: Path, url: str, epoch: int,
               before_build: Callable[[], object] = lambda: None) -> None:
    """`<engine> build --strict` into `output`, in this process; raises BuildError with the engine's warnings.
    `before_build` runs once the engine's configuration is loaded; what it raises is raised as it is."""
    logger = logging.getLogger(engine.name)  # each engine logs under its own name
    warnings = _Warnings()
    propagate = logger.propagate
    logger.addHandler(warnings)
    logger.propagate = False  # the engine's log is shown only when the build fails

    def engine_failed(error: Exception) -> BuildError:
        details = "\n".join(dict.fromkeys([*warnings.lines, str(error)]))  # in order, each once
        return BuildError(f"{engine.name} build --strict failed:\n{details.strip()}")

    try:
        with _environment(SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"):
            try:
                config = engine.load_config(str(config_file), strict=True, site_dir=str(output), site_url=url)
            except Exception as error:  # the engine's Abort, or a plugin's error
                raise engine_failed(error) from None
            _refuse_linked_theme(config.theme.custom_dir)
            before_build()
            try:
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    engine.build(config)
                finally:
                    config.plugins.on_shutdown()
            except Exception as error:
                raise engine_failed(error) from None
    finally:
        logger.removeHandler(warnings)
        logger.propagate = propagate


def _clean_leftovers(target: Path) -> None:
    """Remove what a killed build left beside `target`; the caller holds the lock, so none is running."""
    old = sorted(target.parent.glob(f".{target.name}-old-*"), key=lambda path: path.lstat().st_mtime)
    if not target.exists() and not target.is_symlink() and old and old[-1].is_dir() and not old[-1].is_symlink():
        old.pop().rename(target)  # killed between the two renames of a swap: the previous site comes back
    remove([*old, *target.parent.glob(f".{target.name}-build-*")])  # a link is removed, never followed


@contextlib.contextmanager
def _exclusive(target: Path) -> Iterator[None]:
    """One build at a time for this site folder (a second one waits), released even when killed."""
    lock_file = target.parent / f".{target.name}.lock"
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


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


def _refuse_linked_theme(custom_dir: str | None) -> None:
    """The theme overrides are copied into the site as they are: a link there would publish any file of this
    machine. (docs/ is checked by the generator before every build, with the same rule.)"""
    links = refuse_links(Path(custom_dir)) if custom_dir else []
    if links:
        raise BuildError("symbolic links are not published (one could bring any file of this machine into the site): "
                         + ", ".join(map(str, links)) + "; replace each by the file itself")


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, a container stopped) unwinds like Ctrl-C, so the temporary folder is
    removed; SIGKILL cannot be caught, and the next build removes what it left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number, _frame):
        raise SystemExit(128 + number)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def build(config_file: Path, target: Path, generator: Generator, engine: str = "mkdocs") -> Built:
    """Build the site into `target` atomically; raises BuildError on failure, PolicyError on the policy's
    problems. The generator starts once no other build of `target` runs; its pages are written once the
    engine's configuration is loaded, before the engine builds."""
    config_file = config_file.absolute()
    target = target.absolute()
    if target.is_symlink():
        raise BuildError(f"{target} is a symbolic link; the build replaces a folder and never writes through a link: "
                         "remove the link (publish by copying site/ instead)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _terminate_cleanly(), _exclusive(target):
        _clean_leftovers(target)
        generator.start()
        site_engine = _load_engine(engine)  # this process loads the site engine meanwhile
        site = generator.facts()
        epoch = source_date_epoch(site.effective_date, config_file.parent)
        url = site_url(site)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
        try:
            with existing_objects_exempt():
                run_engine(site_engine, config_file, staging, url, epoch, generator.write_pages)
            links = refuse_links(staging)
            if links:  # belt and braces: the engine copied a link as a link
                raise BuildError(f"the built site contains symbolic links: {', '.join(map(str, links))}")
            with collector_paused():
                scans = scan_pages(staging)  # the theme hook's parse of each page, reused
                report = check_site(staging, url, scans)
                inline = inline_code(scans)
            if inline:
                raise BuildError("the pages must carry no inline code: each page's own Content-Security-Policy "
                                 "(<meta>) allows the site's files only (see publish/headers.py). Found:\n  "
                                 + "\n  ".join(inline) + "\nMove it into a file under overrides/assets/.")
            if report.broken:
                raise BuildError(f"the link check found {len(report.broken)} broken link(s):\n"
                                 + "\n".join(f"  {broken}" for broken in report.broken))
            write_headers(staging, url)
            _settle_times(staging, epoch)
            files = sum(1 for path in staging.rglob("*") if path.is_file())
            _swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return Built(target, url, epoch, files, report.summary(), site_engine.version)
