"""Write bill files and move store refs as one step: both change, or neither.

Before anything changes, the old content and the SHA-256 of the new content of every file, and the old and new
value of every ref, go into a journal (`.legistrack/journal.json`, written with fsync and rename). The new contents
themselves are not in it: undoing a write needs the old ones, and the digest tells whether a file still holds what
the write put there (an import of the whole Diet writes 130 MB of bill files, which the journal need not copy).
Ctrl-C and SIGTERM are held off while the changes are applied; an exception rolls everything back at once; a process
killed outright leaves the journal behind, and the next legistrack command rolls it back before doing anything else.

A journal is read back with suspicion: `.legistrack/` can reach a checkout by other roads than a killed write (a
force-added file in a clone, a copied folder). Recovery only touches files under this project's bills/ (every path
checked after resolving it, no symbolic link on the way) and refs of this project's store; it refuses a journal
written for another checkout, one it cannot read whole, and a file or ref that someone changed after the
interrupted write (rolling back would destroy that change).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import math
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import filelock

from ..errors import BusyError, JournalError, StoreError, WriteError, os_message
from ..packages.plan import FileChange
from .repo import Store

JOURNAL = "journal.json"
STAGED = "staged"  # new contents put aside before a big write (Journal.stage)
LOCK = "lock"
FORMAT = "legistrack-journal/3"
FORMAT_2 = "legistrack-journal/2"  # the new contents in full (base64): read for recovery, never written
TMP_SUFFIX = ".legistrack-tmp"
_SHA = re.compile(r"^[0-9a-f]{40}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# The refs legistrack writes: a bill's branch and its stage tags (ids as models.BILL_ID_RE / STAGE_ID_RE allow).
_REF = re.compile(r"^refs/(heads/[a-z0-9][a-z0-9-]{0,63}|tags/[a-z0-9][a-z0-9-]{0,63}/\d{2,3}[a-z]{0,3}-[a-z][a-z-]*)$")


def check_timeout(value: float) -> float:
    """A lock timeout in seconds: finite and not negative (nan would wait forever or never)."""
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise BusyError(f"invalid lock timeout {value!r}: give a number of seconds, 0 or more (e.g. 10)")
    return float(value)


@contextlib.contextmanager
def write_lock(state_dir: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the project's write lock; fail cleanly if another legistrack holds it past `timeout`."""
    timeout = check_timeout(timeout)
    path = state_dir / LOCK
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {state_dir} ({exc.strerror}): check that its folder is writable") from None
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise BusyError(f"the lock {path} is not a plain file: remove it (nothing is holding it) and retry")
    lock = filelock.FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise BusyError(
            f"another legistrack command is writing (lock {path}); wait for it to finish and retry"
        ) from None
    except OSError as exc:
        raise BusyError(f"cannot take the lock {path} ({exc.strerror}): check that {state_dir} is writable") from None
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


def _sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _unb64(text: str | None, where: str) -> bytes | None:
    if text is None:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise JournalError(f"{where} is not base64") from None


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_SUFFIX}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a new file beside it (never through a link), fsync, rename."""
    tmp = _tmp(path)
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read(path: Path) -> bytes | None:
    """A file's bytes, None if it is absent."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _identity(path: Path) -> list[int]:
    """What ties a journal to one checkout: the device and inode of its bills/ folder (a clone or copy differs)."""
    info = path.stat()
    return [info.st_dev, info.st_ino]


class Journal:
    """The journal of one project: its `.legistrack/` state directory, its bills/ and its store."""

    def __init__(self, state_dir: Path, bills_dir: Path, store_path: Path):
        self.state_dir = state_dir
        self.path = state_dir / JOURNAL
        self.bills_dir = Path(bills_dir).absolute()
        self.store_path = Path(store_path).absolute()

    # --- where files may be written --------------------------------------------------------------------

    def _root(self) -> Path:
        return self.bills_dir.resolve()

    def relative(self, path: Path) -> str:
        """`path` as a path under bills/, after checking that writing it cannot leave bills/."""
        root = self._root()
        absolute = Path(path).absolute()
        try:
            rel = absolute.relative_to(self.bills_dir)
        except ValueError:
            try:
                rel = absolute.relative_to(root)
            except ValueError:
                raise JournalError(f"{path} is not under {self.bills_dir}: legistrack writes only bills/") from None
        self.resolve(rel.as_posix())
        return rel.as_posix()

    def resolve(self, rel: str) -> Path:
        """The file a journal path names under bills/; refuse absolute paths, `..` and symbolic links."""
        pure = PurePosixPath(rel)
        if not rel or pure.is_absolute() or any(part in ("", ".", "..") for part in pure.parts) or "\x00" in rel:
            raise JournalError(f"the path {rel!r} is not a plain path under bills/")
        root = self._root()
        current = root
        for part in pure.parts:
            current = current / part
            if current.is_symlink():
                raise JournalError(f"{current} is a symbolic link: legistrack never writes through one")
        if not current.resolve().is_relative_to(root):
            raise JournalError(f"{rel!r} resolves outside {root}")
        return current

    # --- apply -----------------------------------------------------------------------------------------

    def apply(
        self,
        files: Sequence[FileChange],
        store: Store | None,
        refs: Mapping[str, tuple[str | None, str | None]],
    ) -> None:
        """Apply file changes and ref updates together; on any failure restore both and raise."""
        if store is not None and Path(store.path).absolute() != self.store_path:
            raise JournalError(f"the store {store.path} is not this project's store {self.store_path}")
        made_root = self._make_root() if files else False
        try:
            self._apply(files, store, refs)
        except BaseException:
            if made_root:  # a first write that failed leaves no bills/ behind, as it found none
                with contextlib.suppress(OSError):
                    self.bills_dir.rmdir()
            raise

    def _make_root(self) -> bool:
        """A new project's first write (an import into an empty folder) makes its bills/ folder; True if it did."""
        if self.bills_dir.exists() or self.bills_dir.is_symlink():
            return False
        try:
            self.bills_dir.mkdir()
        except FileNotFoundError:
            raise JournalError(
                f"{self.bills_dir.parent} does not exist: create it, or give --bills a folder whose parent exists"
            ) from None
        except OSError as exc:
            raise WriteError(f"could not create {self.bills_dir} ({os_message(exc)}): nothing was changed") from None
        return True

    def _apply(
        self,
        files: Sequence[FileChange],
        store: Store | None,
        refs: Mapping[str, tuple[str | None, str | None]],
    ) -> None:
        entries: list[dict[str, str | None]] = []
        paths: list[Path] = []
        for f in files:
            rel = self.relative(f.path)
            paths.append(self.resolve(rel))
            digest = f.sha256 if f.staged is not None else _sha256(f.new)
            entries.append({"path": rel, "old": _b64(_read(paths[-1])), "new_sha256": digest})
        dirs = [self.relative(d) for d in _missing_dirs(files)]
        for name, (old, new) in refs.items():
            _check_ref(name, old, new, "an update")
        record: dict[str, Any] = {
            "format": FORMAT,
            "bills": str(self._root()),
            "bills_identity": _identity(self._root()),
            "store": str(self.store_path) if store is not None else None,
            "files": entries,
            "dirs": dirs,
            "refs": {name: [old, new] for name, (old, new) in refs.items()},
        }
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(record).encode())
        except OSError as exc:
            raise WriteError(f"could not write the journal ({os_message(exc)}): nothing was changed") from None
        with _signals_held():
            try:
                for rel in dirs:
                    self.resolve(rel).mkdir(exist_ok=True)
                for target, f in zip(paths, files, strict=True):
                    if f.staged is not None:
                        _move_in(f.staged, target)
                    elif f.new is None:
                        target.unlink(missing_ok=True)
                    else:
                        write_atomic(target, f.new)
                if store is not None:
                    store.update_refs(refs)
            except BaseException as exc:
                self._rollback_after(exc, record, store)
                raise
            self.path.unlink()

    # --- staging: new contents put aside before the write --------------------------------------------------

    @property
    def staging(self) -> Path:
        return self.state_dir / STAGED

    def stage(self, path: Path, data: bytes) -> FileChange:
        """Put the new content of `path` (under bills/) aside in .legistrack/staged/, written and synced: apply
        moves it in. A write of many files (an import) holds none of them in memory."""
        rel = self.relative(path)
        staged = self.staging / rel
        try:
            if self.staging.is_symlink():
                raise JournalError(f"{self.staging} is a symbolic link: remove it")
            staged.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(staged, data)
        except OSError as exc:
            raise WriteError(f"could not put {rel} aside ({os_message(exc)}): nothing was changed") from None
        return FileChange(path, None, staged=staged, sha256=_sha256(data))

    def clear_staging(self) -> None:
        """Remove what a write put aside (after it, or after a process killed before it began)."""
        if self.staging.is_symlink():
            self.staging.unlink()
        elif self.staging.exists():
            shutil.rmtree(self.staging)

    def _rollback_after(self, exc: BaseException, record: dict[str, Any], store: Store | None) -> None:
        """Undo a failed apply; turn an OS error into a message (the caller re-raises anything else)."""
        try:
            self._rollback(record, store, check=False)
        except (OSError, StoreError) as undo:
            why = os_message(undo) if isinstance(undo, OSError) else str(undo)
            raise WriteError(
                f"the write failed ({os_message(exc) if isinstance(exc, OSError) else exc}) and so did undoing it "
                f"({why}): the journal {self.path} is kept, and the next legistrack command finishes the undo"
            ) from None
        if isinstance(exc, OSError):
            raise WriteError(f"could not write ({os_message(exc)}): nothing was changed") from None

    # --- recover ---------------------------------------------------------------------------------------

    def recover(self, open_store: Callable[[Path], Store]) -> bool:
        """Roll back a write that a killed process left half done; True if there was one."""
        if not self.path.exists() and not self.path.is_symlink():
            return False
        record = self._load()
        store = open_store(self.store_path) if record["store"] is not None else None
        with _signals_held():
            self._rollback(record, store, check=True)
        return True

    def _refuse(self, why: str) -> JournalError:
        return JournalError(
            f"the journal {self.path} {why}: it was not left by an interrupted write of this project; "
            "check bills/ and the store (legistrack verify after removing it), then delete the journal"
        )

    def _load(self) -> dict[str, Any]:
        """The journal, validated: right format, this checkout's bills/ and store, plain paths, legistrack's refs."""
        if self.path.is_symlink() or not self.path.is_file():
            raise self._refuse("is not a plain file")
        try:
            record = json.loads(self.path.read_bytes())
        except (ValueError, OSError):
            raise self._refuse("cannot be read as JSON") from None
        keys = {"format", "bills", "bills_identity", "store", "files", "dirs", "refs"}
        if not isinstance(record, dict) or set(record) != keys:
            have = sorted(record) if isinstance(record, dict) else type(record).__name__
            raise self._refuse(f"does not have the keys of a legistrack journal (has {have})")
        if record["format"] not in (FORMAT, FORMAT_2):
            raise self._refuse(f"has the format {record['format']!r}, not {FORMAT}")
        new_key = "new_sha256" if record["format"] == FORMAT else "new"
        if record["bills"] != str(self._root()) or record["bills_identity"] != _identity(self._root()):
            raise self._refuse(f"was written for the bills folder {record['bills']!r}, not {self._root()}")
        if record["store"] is not None and record["store"] != str(self.store_path):
            raise JournalError(
                f"the journal {self.path} is for the store {record['store']}, not {self.store_path}: rerun the "
                f"command with --store {record['store']} so it can finish the interrupted write"
            )
        files, dirs, refs = record["files"], record["dirs"], record["refs"]
        if not isinstance(files, list) or not isinstance(dirs, list) or not isinstance(refs, dict):
            raise self._refuse("has files, dirs or refs of the wrong type")
        try:
            for entry in files:
                if not isinstance(entry, dict) or set(entry) != {"path", "old", new_key}:
                    raise JournalError("a file entry is malformed")
                if not isinstance(entry["path"], str):
                    raise JournalError("a file path is not a string")
                self.resolve(entry["path"])
                if entry["old"] is not None and not isinstance(entry["old"], str):
                    raise JournalError("a file's old content is not base64 text")
                _unb64(entry["old"], f"the old content of {entry['path']}")
                if new_key == "new":  # format 2: the new content itself
                    if entry["new"] is not None and not isinstance(entry["new"], str):
                        raise JournalError("a file's new content is not base64 text")
                    entry["new_sha256"] = _sha256(_unb64(entry.pop("new"), f"the new content of {entry['path']}"))
                elif entry["new_sha256"] is not None and not (
                    isinstance(entry["new_sha256"], str) and _SHA256.match(entry["new_sha256"])
                ):
                    raise JournalError("a file's new_sha256 is not a SHA-256 digest")
            for rel in dirs:
                if not isinstance(rel, str):
                    raise JournalError("a folder path is not a string")
                self.resolve(rel)
            for name, values in refs.items():
                if not isinstance(values, list) or len(values) != 2:
                    raise JournalError(f"the ref {name!r} is not [old, new]")
                _check_ref(name, values[0], values[1], "the journal")
        except JournalError as exc:
            raise self._refuse(f"is not valid ({exc})") from None
        if refs and record["store"] is None:
            raise self._refuse("moves refs but names no store")
        return record

    def _rollback(self, record: dict[str, Any], store: Store | None, check: bool) -> None:
        """Put every file and ref back; with `check`, first make sure nothing changed since the interrupted write."""
        files = [(self.resolve(f["path"]), _unb64(f["old"], "old"), f["new_sha256"]) for f in record["files"]]
        refs = {name: (values[0], values[1]) for name, values in record["refs"].items()}
        current_refs = store.refs() if store is not None and refs else {}
        if check:
            for path, old, new in files:
                now = _read(path)
                if now != old and _sha256(now) != new:
                    raise JournalError(
                        f"{path} was changed after an interrupted legistrack write: undoing that write "
                        f"({self.path}) would overwrite the change; to keep bills/ as it is now, delete the "
                        "journal and run legistrack sync"
                    )
            for name, (old, new) in refs.items():
                if current_refs.get(name) not in (old, new):
                    raise JournalError(
                        f"the store's {name} was moved after an interrupted legistrack write: undoing that write "
                        f"({self.path}) would move it back; delete the journal and run legistrack sync"
                    )
        for path, old, _new in files:
            _tmp(path).unlink(missing_ok=True)
            if _read(path) == old:
                continue  # not written yet: nothing to undo (and nothing to write on a full disk)
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old)
        for rel in reversed(record["dirs"]):
            with contextlib.suppress(OSError):
                self.resolve(rel).rmdir()
        if store is not None and refs:
            wanted = {name: old for name, (old, _new) in refs.items() if current_refs.get(name) != old}
            try:
                store.update_refs({name: (current_refs.get(name), old) for name, old in wanted.items()})
            except StoreError as exc:
                raise StoreError(f"could not roll back the store: {exc}; the journal is kept at {self.path}") from None
        self.path.unlink(missing_ok=True)


def _check_ref(name: object, old: object, new: object, where: str) -> None:
    if not isinstance(name, str) or not _REF.match(name):
        raise JournalError(f"{where} names {name!r}, which is not a bill branch or stage tag of a legistrack store")
    for value in (old, new):
        if value is not None and (not isinstance(value, str) or not _SHA.match(value)):
            raise JournalError(f"{where} gives {name} the value {value!r}, which is not an object id")


def _move_in(staged: Path, target: Path) -> None:
    """Move a staged file into place (a rename; a copy where .legistrack/ and bills/ are on other disks)."""
    try:
        os.replace(staged, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        write_atomic(target, staged.read_bytes())


def _missing_dirs(files: Sequence[FileChange]) -> list[Path]:
    """Directories the changes create, outermost first, so a rollback can remove them (a dict keeps their order
    and finds one in constant time: an import creates tens of thousands)."""
    out: dict[Path, None] = {}
    for f in files:
        chain = []
        parent = f.path.parent
        while parent not in out and not parent.exists() and not parent.is_symlink():
            chain.append(parent)
            parent = parent.parent
        out.update((d, None) for d in reversed(chain))
    return list(out)
