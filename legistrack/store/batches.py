"""Many bills' objects written ahead of the refs that will point at them, a pack per batch (Store.object_batches):
memory holds a batch or two, and a big write's batches are packed with deltas as they are written."""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .objects import GitObject

if TYPE_CHECKING:
    from .repo import Store


class ObjectBatches:
    """Objects gathered into packs of about BATCH objects (Store.object_batches). A full batch is written (`git
    index-pack`; once the write holds REPACK_FROM objects, packed again with deltas by `git pack-objects`:
    Store._write_pack) on a thread of its own while the caller plans the next: the first import of every Act spent
    a third of its main process waiting on that. One batch is in flight at a time, so memory holds two."""

    BATCH = 20_000  # objects in a pack: a few hundred bills of the Diet
    BATCH_BYTES = 64 << 20  # or this many bytes of objects: a few dozen laws through all their revisions' texts

    def __init__(self, store: Store):
        self.store = store
        self.healing = bool(store.lost())  # the store had lost objects before these were written
        self.written = 0
        self.packs: list[str] = []
        self._pending: dict[str, GitObject] = {}
        self._names: dict[str, str] = {}  # object -> `<bill>/<type>`, git's name for it in a pack with deltas
        self._plain: list[tuple[str, dict[str, str]]] = []  # the packs written without deltas, their objects' names
        self._plain_names: dict[str, str] = {}  # those of the pack in flight, when it is written without deltas
        self._folding: list[str] | None = None  # the packs the one in flight takes in, when it has deltas
        self._bytes = 0
        self._writer: concurrent.futures.ThreadPoolExecutor | None = None
        self._in_flight: concurrent.futures.Future[tuple[int, str | None]] | None = None

    def add(self, objects: Iterable[GitObject], bill: str = "") -> None:
        """Gather `objects`, those of the bill `bill`: what names its blobs and trees when a batch is packed with
        deltas, so that git pairs a law's texts with each other. Commits and tags go unnamed, paired by size alone
        across bills (as `git repack` does with commits: a bill's commits differ from each other as much as from
        another's; named by bill, the Diet's store was 34.0 MB, unnamed 30.4 MB)."""
        for o in objects:
            if o.sha not in self._pending:
                self._pending[o.sha] = o
                self._bytes += len(o.data)
                self._names[o.sha] = f"{bill}/{o.type}" if bill and o.type in ("blob", "tree") else ""
        if len(self._pending) >= self.BATCH or self._bytes >= self.BATCH_BYTES:
            self._send()

    def flush(self) -> None:
        """Write what is gathered, and wait until every pack sent is in the store."""
        self._send()
        self._wait()

    def _send(self) -> None:
        """Start writing the gathered objects as a pack, once the pack before has been written."""
        self._wait()
        if not self._pending:
            return
        if self._writer is None:
            self._writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="legistrack-pack")
        # from the batch that brings the write to REPACK_FROM objects, each is packed with deltas, and the batches
        # before it with it (Store._write_pack)
        if self.written + len(self._pending) >= self.store.REPACK_FROM:
            fold, self._plain = self._plain, []
            self._in_flight = self._writer.submit(self.store._write_pack, self._pending, self._names, fold)
            self._folding = [pack for pack, _ in fold]
        else:
            self._in_flight = self._writer.submit(self.store._write_pack, self._pending)
            self._folding = None
            self._plain_names = self._names
        self._pending = {}
        self._names = {}
        self._bytes = 0

    def _wait(self) -> None:
        if self._in_flight is None:
            return
        future, self._in_flight = self._in_flight, None
        written, name = future.result()  # a failed write raises here, in the caller's thread
        self.written += written
        if self._folding is not None:  # written with deltas, the packs folded into it gone
            self.packs = [pack for pack in self.packs if pack not in self._folding]
        elif name:
            self._plain.append((name, self._plain_names))
        if name:
            self.packs.append(name)

    def close(self) -> None:
        """Stop the writer's thread (after the pack in flight, written or not)."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None

    def discard(self) -> None:
        """Remove the packs written so far (and forget what was not written yet)."""
        with contextlib.suppress(Exception):  # the pack in flight is removed too, whether it was written or failed
            self._wait()
        self.close()
        self._pending = {}
        self._names = {}
        self._bytes = 0
        for name in self.packs:
            self.store._remove_pack(name)
        self.packs = []
