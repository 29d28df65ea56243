"""Work done meanwhile on the machine's other core: a forked copy of this process.

A build spends most of its time in the site engine, one core busy. The generator's work needs only
policy.yaml and the modules already loaded, which a fork shares as they are (no second interpreter starts,
nothing is imported again, nothing is sent to it). Only the results come back, pickled through a pipe, each
as soon as it is ready: the process running the engine takes the site's facts while the worker still renders
the pages. Where a fork is not safe (another thread could hold a lock the copy would wait for forever, e.g.
in `mkdocs serve`), or not possible, the work runs here instead, each step when its result is asked for:
same results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")

_LENGTH = 8  # bytes of the size that goes before each pickled result in the pipe


class WorkerFailed(RuntimeError):
    """The worker ended without a result: killed (out of memory, say) or exited; the message says how."""


class Forked(Generic[T]):
    """`steps(*args)`, a generator function, started now in a forked copy of this process; `next()` waits for
    the next value it yields, in order, or raises what it raised. Use as a context manager, so a worker
    whose results are not wanted (an error elsewhere, Ctrl-C) is stopped and reaped."""

    def __init__(self, steps: Callable[..., Iterator[T]], *args: object) -> None:
        self._pid = 0
        self._pipe: BinaryIO | None = None
        self._here: Iterator[T] | None = None
        if not hasattr(os, "fork") or threading.active_count() > 1:
            self._here = steps(*args)  # a generator: nothing runs before the first next()
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code, never runs its exit handlers
            try:
                os.close(read)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the parent, which stops this
                with os.fdopen(write, "wb") as pipe:
                    _send_each(steps(*args), pipe)
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._pipe = pid, os.fdopen(read, "rb")

    def next(self) -> T:
        if self._here is not None:
            return next(self._here)
        if self._pipe is None:
            raise RuntimeError("the worker's results were all taken, or it was stopped")
        size = self._pipe.read(_LENGTH)
        data = self._pipe.read(int.from_bytes(size, "little")) if len(size) == _LENGTH else b""
        if not data:
            status = self._reap()
            raise WorkerFailed(_how_it_ended(status))
        succeeded, value = pickle.loads(data)
        if succeeded:
            return value
        self.cancel()  # nothing follows an error
        raise value

    def cancel(self) -> None:
        """Stop the worker if it still runs; its results not taken yet are dropped."""
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        self._reap()
        if self._here is not None:
            self._here.close()

    def _reap(self) -> int:
        status = 0
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._pid:
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
        return status

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_: object) -> None:
        self.cancel()


def _send_each(steps: Iterator[object], pipe: BinaryIO) -> None:
    """Each value `steps` yields, then what it raised if it did, pickled into `pipe` as soon as it is ready."""
    while True:
        try:
            outcome: tuple[bool, object] = True, next(steps)
        except StopIteration:
            return
        except Exception as error:  # carried back, raised in the caller
            # the traceback does not travel with the error: where it happened, for a bug report
            error.add_note("raised in the worker process:\n" + "".join(traceback.format_tb(error.__traceback__)))
            outcome = False, error
        payload = _pickled(outcome)
        pipe.write(len(payload).to_bytes(_LENGTH, "little"))
        pipe.write(payload)
        pipe.flush()
        if not outcome[0]:
            return


def _how_it_ended(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        how = f"it was stopped by {signal.Signals(-code).name}"
        if -code == signal.SIGKILL:
            how += " (the machine may have run out of memory, or something outside stopped it)"
    else:
        how = f"it exited with status {code}"
    return f"a worker process of the build (on the machine's other core) ended without a result: {how}"


def _pickled(outcome: tuple[bool, object]) -> bytes:
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a bug: what cannot be pickled still reaches the caller, as text
        value = outcome[1]
        detail = "".join(traceback.format_exception(value)) if isinstance(value, BaseException) else repr(value)
        return pickle.dumps((False, RuntimeError(f"the worker's result could not be sent back:\n{detail}")))
