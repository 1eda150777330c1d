"""The processes a command starts (a build's diff and render workers and Pagefind, an import's law converters) end
with it, even when it is killed outright.

A build killed by SIGKILL or the OOM killer cannot stop its children: workers would render on for a minute and hold
their memory, Pagefind would write into a folder the next build removes. On Linux each child asks the kernel to kill
it when the build dies (PR_SET_PDEATHSIG); elsewhere nothing is done. Forked runs named jobs in one child forked
from the build (threads there), each result sent back through a pipe of its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child of the build `parent` (a worker's initializer): be killed when it dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the kernel was told
        os._exit(1)


@contextlib.contextmanager
def shared_with_workers() -> Iterator[None]:
    """Around a pool of workers forked from the build to read what it holds (a batch of bills' models): every object
    the build holds is set aside from the garbage collector (gc.freeze) until the pool is done. A worker inherits
    the build's memory page by page, shared until written; a collection in a worker walks every object it inherited
    and writes into each (the collector's bookkeeping), so each worker came to hold a copy of the whole build. CPython's
    documentation of gc.freeze describes this use. The build's own collections resume over those objects after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# `python -c PAGEFIND_TIED <build pid> <pagefind arguments>`: `python -m pagefind`, tied to the build (Pagefind's
# module execs its binary, which keeps the setting).
PAGEFIND_TIED = (
    "import runpy, sys; from legistrack.workers import die_with_parent; die_with_parent(int(sys.argv.pop(1))); "
    "sys.argv[0] = 'pagefind'; runpy.run_module('pagefind', run_name='__main__', alter_sys=True)"
)


class Forked:
    """Named jobs run in one child process forked now (each in a thread of its own there), each result sent back
    through a pipe of its own and read once: `result(name)` returns it, or raises what the job raised. The child dies
    with the build (die_with_parent); `child_closes`: ends of the build's own pipes the child must not hold (a pipe
    whose write end the child holds never ends for a job that reads it)."""

    def __init__(self, jobs: dict[str, Callable[[], Any]], child_closes: Sequence[Any] = ()):
        context = multiprocessing.get_context("fork")
        pipes = {name: context.Pipe(duplex=False) for name in jobs}  # (read end, write end)
        self._ends = {name: ends[0] for name, ends in pipes.items()}
        self._results: dict[str, tuple[bool, Any]] = {}
        self.process = context.Process(
            target=_run_forked,
            args=(
                jobs,
                {name: ends[1] for name, ends in pipes.items()},
                [*self._ends.values(), *child_closes],
                os.getpid(),
            ),
        )
        self.process.start()
        for _read, write in pipes.values():
            write.close()

    def result(self, name: str) -> Any:
        if name not in self._results:
            try:
                self._results[name] = self._ends[name].recv()
            except EOFError:
                self._results[name] = (False, RuntimeError(f"the build's {name} ended without a result"))
            self._ends[name].close()
        ok, value = self._results[name]
        if not ok:
            raise value
        return value

    def join(self) -> None:
        """Wait for the child. A result not read (a build that failed first) is refused: its pipe is closed, so that
        a job blocked sending it (a pipe holds 64 KB; the kept files of every Act are megabytes) fails and ends."""
        for end in self._ends.values():
            end.close()
        self.process.join()


def _run_forked(jobs: dict[str, Callable[[], Any]], ends: dict[str, Any], theirs: list[Any], parent: int) -> None:
    """In the child Forked starts: run every job at once, send each its result or its error."""
    die_with_parent(parent)
    for end in theirs:  # the build's ends: with a copy here, a pipe the build closed would never break
        end.close()

    def run(name: str) -> None:
        try:
            outcome: tuple[bool, Any] = (True, jobs[name]())
        except BaseException as exc:  # sent to the build, which raises it where it asks for the result
            outcome = (False, exc)
        try:
            ends[name].send(outcome)
        except OSError:  # the build no longer reads it (Forked.join)
            pass
        except Exception as exc:  # an error that does not pickle: its message
            with contextlib.suppress(OSError):
                ends[name].send((False, RuntimeError(f"{name}: {outcome[1]!r} ({exc})")))

    threads = [threading.Thread(target=run, args=(name,)) for name in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
