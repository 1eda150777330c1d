"""The processes a command starts (a build's diff and render workers and Pagefind, an import's law converters) end
with it, even when it is killed outright.

A build killed by SIGKILL or the OOM killer cannot stop its children: workers would render on for a minute and hold
their memory, Pagefind would write into a folder the next build removes. On Linux each child asks the kernel to kill
it when the build dies (PR_SET_PDEATHSIG); elsewhere nothing is done.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
from collections.abc import Iterator

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
