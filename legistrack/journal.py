"""Write bill files and move store refs as one step: both change, or neither.

Before anything changes, the old and new contents of every file and the old value of every ref go into
a journal (`.legistrack/journal.json`, written with fsync and rename). Ctrl-C and SIGTERM are held off
while the changes are applied; an exception rolls everything back at once; a process killed outright
leaves the journal behind, and the next legistrack command rolls it back before doing anything else.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock

from .errors import BusyError, StoreError
from .store import Store

JOURNAL = "journal.json"
LOCK = "lock"


@dataclass(frozen=True)
class FileChange:
    """A file to write (`new` bytes) or delete (`new` None)."""

    path: Path
    new: bytes | None


@contextlib.contextmanager
def write_lock(state_dir: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the project's write lock; fail cleanly if another legistrack holds it past `timeout`."""
    state_dir.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(state_dir / LOCK), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise BusyError(
            f"another legistrack command is writing (lock {state_dir / LOCK}); wait for it to finish and retry"
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Defer Ctrl-C and SIGTERM until the block ends (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode()


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.legistrack-tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Journal:
    """The journal of one project (its `.legistrack/` state directory)."""

    def __init__(self, state_dir: Path):
        self.state_dir = state_dir
        self.path = state_dir / JOURNAL

    def apply(
        self,
        files: list[FileChange],
        store: Store | None,
        refs: Mapping[str, tuple[str | None, str | None]],
    ) -> None:
        """Apply file changes and ref updates together; on any failure restore both and re-raise."""
        record: dict[str, Any] = {
            "store": str(store.path.absolute()) if store else None,
            "files": [
                {
                    "path": str(f.path.absolute()),
                    "old": _b64(f.path.read_bytes() if f.path.exists() else None),
                    "new": _b64(f.new),
                }
                for f in files
            ],
            "dirs": [str(d.absolute()) for d in _missing_dirs(files)],
            "refs": {name: old for name, (old, _new) in refs.items()},
        }
        self.state_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.path, json.dumps(record).encode())
        with _signals_held():
            try:
                for d in _missing_dirs(files):
                    d.mkdir(parents=True, exist_ok=True)
                for f in files:
                    if f.new is None:
                        f.path.unlink(missing_ok=True)
                    else:
                        _write_atomic(f.path, f.new)
                if store is not None:
                    store.update_refs(refs)
            except BaseException:
                self._rollback(record, store)
                raise
            self.path.unlink()

    def recover(self, open_store: Callable[[Path], Store]) -> bool:
        """Roll back a write that a killed process left half done; True if there was one."""
        if not self.path.exists():
            return False
        try:
            record = json.loads(self.path.read_bytes())
        except ValueError:
            # The journal itself was cut short: nothing had been changed yet.
            self.path.unlink()
            return True
        store = open_store(Path(record["store"])) if record.get("store") else None
        with _signals_held():
            self._rollback(record, store)
        return True

    def _rollback(self, record: dict[str, Any], store: Store | None) -> None:
        for f in record["files"]:
            path, old = Path(f["path"]), _unb64(f["old"])
            if old is None:
                path.unlink(missing_ok=True)
            else:
                _write_atomic(path, old)
            path.with_name(f".{path.name}.legistrack-tmp").unlink(missing_ok=True)
        for d in reversed(record["dirs"]):
            with contextlib.suppress(OSError):
                Path(d).rmdir()
        if store is not None and record["refs"]:
            try:
                store.reset_refs(record["refs"])
            except StoreError as exc:
                raise StoreError(f"could not roll back the store: {exc}; the journal is kept at {self.path}") from None
        self.path.unlink(missing_ok=True)


def _missing_dirs(files: list[FileChange]) -> list[Path]:
    """Directories the changes create, outermost first, so a rollback can remove them."""
    out: list[Path] = []
    for f in files:
        chain = []
        parent = f.path.parent
        while not parent.exists():
            chain.append(parent)
            parent = parent.parent
        for d in reversed(chain):
            if d not in out:
                out.append(d)
    return out
