"""A project: its bill packages (bills/), its store, and legistrack's own state (.legistrack/: lock, journal).

Every write goes the same road: take the lock, finish or undo a write a killed process left, plan the change to
bills/ (packages/plan.py) and the commits it gives (store/objects.py) without touching anything, then write the
objects and apply the files and refs together through the journal (`apply`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .packages.plan import FileChange
from .store import objects
from .store.journal import Journal, write_lock
from .store.objects import BillPlan
from .store.repo import ObjectBatches, Store


@dataclass(frozen=True)
class Project:
    """Where the packages, the store and legistrack's own state (lock, journal) live."""

    bills_dir: Path
    store_path: Path
    state_dir: Path
    lock_timeout: float = 10.0

    @classmethod
    def locate(cls, bills_dir: Path | None = None, store: Path | None = None, lock_timeout: float = 10.0) -> Project:
        """The project around `bills_dir` (default ./bills); the store defaults to .legistrack/store.git."""
        bills_path = Path(bills_dir) if bills_dir else Path("bills")
        state = bills_path.absolute().parent / ".legistrack"
        return cls(bills_path, Path(store) if store else state / "store.git", state, lock_timeout)

    @property
    def root(self) -> Path:
        """The folder that holds bills/ (and, by default, .legistrack/ and site/)."""
        return self.bills_dir.absolute().parent

    def journal(self) -> Journal:
        return Journal(self.state_dir, self.bills_dir, self.store_path)

    def open_store(self, create: bool = False) -> Store:
        return Store.open(self.store_path, create=create)


def _open_existing(path: Path) -> Store:
    return Store.open(path, create=False)


@contextlib.contextmanager
def writing(project: Project) -> Iterator[Journal]:
    """Hold the write lock, after finishing (undoing) any write a killed process left half done."""
    journal = project.journal()
    with write_lock(project.state_dir, project.lock_timeout):
        journal.recover(_open_existing)
        journal.clear_staging()  # what a process killed before its write began had put aside
        try:
            yield journal
        finally:
            journal.clear_staging()


def recover(project: Project) -> bool:
    """Undo a half-done write left by a killed process (reading commands call this first); True if there was one."""
    journal = project.journal()
    if not journal.path.exists() and not journal.path.is_symlink():
        return False
    with write_lock(project.state_dir, project.lock_timeout):
        return journal.recover(_open_existing)


def apply(
    journal: Journal,
    store: Store,
    files: Sequence[FileChange],
    plans: Sequence[BillPlan],
    prune: Sequence[str] = (),
    batches: ObjectBatches | None = None,
) -> dict[str, tuple[str | None, str | None]]:
    """Write the plans' objects, then change the files and move the refs as one journaled step; the ref updates.
    (`batches`: where the objects of plans of many bills were written already, Store.object_batches.)"""
    healing = batches.healing if batches is not None else bool(store.lost())
    written = batches.written if batches is not None else 0
    written += store.write_objects(o for plan in plans for o in plan.objects)  # one pack, whatever the number of bills
    store.check_refs_whole()  # after writing: a sync heals what bills/ holds, a damage elsewhere stops the write
    updates = objects.ref_updates(store.refs(), plans, prune)
    journal.apply(list(files), store, updates)
    store.point_head()
    store.tidy(written, repack=healing)
    return updates
