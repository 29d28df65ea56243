"""Work done meanwhile on the machine's other core: a forked copy of this process.

A build spends most of its time in the site engine, one core busy; the generator's work for the languages
after the first, and the export files, need only the validated policy, which a fork shares as it is (no
second interpreter starts, nothing is imported again, nothing is sent to it). Only the result comes back,
pickled through a pipe. Where a fork is not safe (another thread could hold a lock the copy would wait for
forever, e.g. in `mkdocs serve`), or not possible, the work runs here and now instead: same result.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class WorkerFailed(RuntimeError):
    """The worker ended without a result: killed (out of memory, say) or exited; the message says how."""


class Forked(Generic[T]):
    """`function(*args)` started now, in a forked copy of this process; `result()` waits for its return value
    or raises what it raised. Use as a context manager, so a worker whose result is not wanted (an error
    elsewhere, Ctrl-C) is stopped and reaped."""

    def __init__(self, function: Callable[..., T], *args: object) -> None:
        self._pid = 0
        self._pipe = -1
        self._done: tuple[bool, object] | None = None
        if not hasattr(os, "fork") or threading.active_count() > 1:
            self._done = _outcome(function, args)
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code, never runs its exit handlers
            try:
                os.close(read)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the parent, which stops this
                payload = _pickled(_outcome(function, args))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> T:
        if self._done is None:
            with os.fdopen(self._pipe, "rb") as pipe:
                data = pipe.read()
            self._pipe = -1
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            if not data:
                raise WorkerFailed(_how_it_ended(status))
            self._done = pickle.loads(data)
        succeeded, value = self._done
        if succeeded:
            return value  # type: ignore[return-value]
        raise value  # type: ignore[misc]

    def cancel(self) -> None:
        """Stop the worker if it still runs; its result is dropped."""
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_: object) -> None:
        self.cancel()


def _how_it_ended(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        how = f"it was stopped by {signal.Signals(-code).name}"
        if -code == signal.SIGKILL:
            how += " (the machine may have run out of memory, or something outside stopped it)"
    else:
        how = f"it exited with status {code}"
    return f"a worker process of the build (on the machine's other core) ended without a result: {how}"


def _outcome(function: Callable[..., object], args: tuple[object, ...]) -> tuple[bool, object]:
    try:
        return True, function(*args)
    except Exception as error:  # carried back, raised in the caller
        # the traceback does not travel with the error: where it happened, for a bug report
        error.add_note("raised in the worker process:\n" + "".join(traceback.format_tb(error.__traceback__)))
        return False, error


def _pickled(outcome: tuple[bool, object]) -> bytes:
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a bug: what cannot be pickled still reaches the caller, as text
        value = outcome[1]
        detail = "".join(traceback.format_exception(value)) if isinstance(value, BaseException) else repr(value)
        return pickle.dumps((False, RuntimeError(f"the worker's result could not be sent back:\n{detail}")))
