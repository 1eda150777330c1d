"""Where a build writes: refuse an output folder that holds anything but a site, build beside it, swap it in.

A build is written into a fresh folder beside the output (`.<name>.building-<random>`), which holds a lock while the
build runs, and replaces the output only once it is complete. So a failed or killed build leaves the published
site as it was; the next build removes the folders that killed builds left (their lock is free).

`--out` is a folder legistrack will delete and replace whole, so it must be one that a build made (it carries the
build stamp) or one with nothing to lose (missing, empty, or holding only the README.md that every build keeps),
and never the project, bills/, the store or legistrack's state, nor a folder that holds one of them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import filelock

from ..errors import BuildError

STAMP = ".legistrack-build"
KEPT = ("README.md",)  # files of the output folder that a build carries over (site/README.md is committed)
PUBLISHED_STORE = "store.git"  # every bill's branch and tags, for `git clone --single-branch -b <bill>`
_LOCK = ".lock"


def check_out_dir(out: Path, keep: Iterable[tuple[str, Path]], keep_out: Iterable[tuple[str, Path]]) -> Path:
    """The output folder as an absolute path, if a build may replace it; else BuildError saying why and what to do.

    `keep`: (what, path) of folders the output must not be nor hold (the project); `keep_out`: folders it must
    not be, hold, or sit inside (bills/, the store, legistrack's state).
    """
    given = Path(out)
    if given.is_symlink():
        raise BuildError(f"--out {given} is a symbolic link: give the folder it points to, or a new folder")
    target = given.resolve()
    if target.parent == target:
        raise BuildError(f"--out {given} is the root of the file system: give a folder for the site")
    inside = list(keep_out)
    for what, path in [*keep, *inside, ("the current directory", Path.cwd())]:
        guarded = Path(path).resolve()
        if target == guarded or guarded.is_relative_to(target):
            holds = "is" if target == guarded else "holds"
            raise BuildError(
                f"--out {given} {holds} {what} ({guarded}): a build replaces its output folder whole; "
                "give a folder of its own, such as site/"
            )
    for what, path in inside:
        guarded = Path(path).resolve()
        if target.is_relative_to(guarded):
            raise BuildError(f"--out {given} is inside {what} ({guarded}): give a folder outside it, such as site/")
    if target.exists():
        if not target.is_dir():
            raise BuildError(f"--out {given} is a file: give a folder for the site")
        if not (target / STAMP).is_file():
            others = sorted(p.name for p in target.iterdir() if p.name not in KEPT)
            if others:
                shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
                raise BuildError(
                    f"--out {given} holds files that no legistrack build made ({shown}): a build replaces the "
                    "folder whole; give an empty or new folder, or move those files out"
                )
    return target


def _pattern(out: Path) -> str:
    return f".{out.name}.building-"


def clean_stale(out: Path) -> list[Path]:
    """Remove the build folders that killed builds left beside `out` (their lock is free); return them."""
    removed: list[Path] = []
    parent = out.parent
    if not parent.is_dir():
        return removed
    for candidate in sorted(parent.glob(_pattern(out) + "*")) + sorted(parent.glob(f".{out.name}.old-*")):
        if candidate.is_symlink() or not candidate.is_dir():
            continue
        lock = filelock.FileLock(str(candidate / _LOCK), timeout=0)
        try:
            lock.acquire()
        except (filelock.Timeout, OSError):
            continue  # a build is running there
        try:
            shutil.rmtree(candidate, ignore_errors=True)
        finally:
            with contextlib.suppress(OSError):
                lock.release()
        removed.append(candidate)
    return removed


@contextlib.contextmanager
def building(out: Path) -> Iterator[Path]:
    """A fresh, locked folder beside `out` to build into; removed unless swap_in took it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=_pattern(out), dir=out.parent))
    lock = filelock.FileLock(str(tmp / _LOCK), timeout=0)
    lock.acquire()
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            lock.release()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def swap_in(tmp: Path, out: Path) -> None:
    """Replace `out` by the finished build in `tmp`, keeping the files in KEPT; a failed build never gets here."""
    for name in KEPT:
        kept = out / name
        if kept.is_file() and not kept.is_symlink():
            shutil.copy2(kept, tmp / name)
    (tmp / _LOCK).unlink(missing_ok=True)
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        remove_later(old)


# The remover holds the folder's lock while it works, as a build holds its own: the next build's clean_stale passes
# it by (at the whole record's size a build's old site is 78,000 files: a no-op build run just after a build waited
# 40 s for it, removing it a second time beside the remover). A remover that died leaves its lock free, and
# clean_stale removes what is left.
_REMOVER = (
    "import shutil, sys, filelock; lock = filelock.FileLock(sys.argv[1] + '/' + sys.argv[2], timeout=0)\n"
    "try:\n    lock.acquire()\nexcept (filelock.Timeout, OSError):\n    sys.exit(0)\n"
    "shutil.rmtree(sys.argv[1], ignore_errors=True)"
)


def remove_later(folder: Path) -> None:
    """Remove the previous site once the new one is in place, in a process of its own that outlives this command:
    at the whole Diet's size that is 38,000 files and 2.6 s the maintainer need not wait for. What it has not
    removed when the next build starts, that build's clean_stale removes, unless it is still being removed."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", _REMOVER, str(folder), _LOCK],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:  # no process to spare: removed here
        shutil.rmtree(folder, ignore_errors=True)
