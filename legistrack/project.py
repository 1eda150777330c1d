"""A project: its bill packages (bills/), its store, and legistrack's own state (.legistrack/: lock, journal).

Every write goes the same road: take the lock, finish or undo a write a killed process left, plan the change to
bills/ (packages/plan.py) and the commits it gives (store/objects.py) without touching anything, then write the
objects and apply the files and refs together through the journal (`apply`).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import StoreError
from .models import Package, stage_order
from .packages.plan import FileChange
from .packages.read import StoredTexts, bill_dir, list_bill_ids, load_package, package_digest
from .store import objects
from .store.batches import ObjectBatches
from .store.journal import Journal, write_lock
from .store.objects import TAG_PREFIX, BillPlan, plan_bill
from .store.repo import Store


@dataclass(frozen=True)
class Project:
    """Where the packages, the store and legistrack's own state (lock, journal) live."""

    bills_dir: Path
    store_path: Path
    state_dir: Path
    lock_timeout: float = 10.0

    @classmethod
    def locate(
        cls, bills_dir: str | Path | None = None, store: str | Path | None = None, lock_timeout: float = 10.0
    ) -> Project:
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

    def store_refs(self) -> dict[str, str]:
        """Every ref of the store (name -> object id); none when there is no store yet."""
        try:
            store = self.open_store()
        except StoreError:
            return {}
        try:
            return store.refs()
        finally:
            store.close()

    def stored_texts(self) -> StoredTexts:
        """A reader of the texts packages keep in the store, opening the store for each read (for a command that
        reads a package or two; a loop over many has the store open and passes Store.blobs)."""

        def read(blobs: Sequence[str]) -> dict[str, bytes | None]:
            try:
                store = self.open_store()
            except StoreError:
                return {}
            try:
                return store.blobs(blobs)
            finally:
                store.close()

        return read

    def package(self, bill_id: str) -> Package:
        """The package of `bill_id` in bills/, with the texts it keeps in the store."""
        return load_package(self.bills_dir, bill_id, self.stored_texts())


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


@dataclass(frozen=True)
class SyncReport:
    store: str
    bills: dict[str, dict[str, Any]]
    orphans: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    rewritten: dict[str, list[str]] = field(default_factory=dict)  # bill -> the stages given new commits

    @property
    def changed(self) -> bool:
        return any(info["refs_changed"] for info in self.bills.values()) or bool(self.pruned)


def rewritten(updates: Mapping[str, tuple[str | None, str | None]]) -> dict[str, list[str]]:
    """The published history a write replaced, by bill: each stage whose tag existed and now names another commit
    (or is gone). Adding stages at the end moves a branch forward and rewrites nothing; changing or inserting an
    earlier stage gives it and every later one new commits, and a clone made before can no longer pull."""
    out: dict[str, list[str]] = {}
    for name, (old, new) in sorted(updates.items()):
        if name.startswith(TAG_PREFIX) and old is not None and old != new:
            bill, stage = name[len(TAG_PREFIX) :].split("/", 1)
            out.setdefault(bill, []).append(stage)
    for stages in out.values():
        stages.sort(key=stage_order)
    return out


def _as_planned(project: Project, store: Store, known: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The packages of `known` whose files (by digest) and refs in the store are still as planned: sync's report of
    each (its stages, its head, no ref changed), without reading or planning it again (the whole record's 7,914
    packages took 80 s to plan when one had changed)."""
    if not known:
        return {}
    grouped = store.all_bill_refs()
    kept = {}
    for bill_id, entry in known.items():
        refs = grouped.get(bill_id, {})
        if not entry.get("digest") or not entry.get("stages") or refs != entry.get("refs"):
            continue
        if package_digest(bill_dir(project.bills_dir, bill_id)) == entry["digest"]:
            head = refs.get(objects.BRANCH_PREFIX + bill_id)
            kept[bill_id] = {"stages": int(entry["stages"]), "head": head, "refs_changed": 0}
    return kept


def _ref_bill(name: str) -> str:
    """The bill a ref belongs to: refs/heads/<bill>, refs/tags/<bill>/<stage>."""
    return name.split("/", 2)[2].split("/", 1)[0]


def sync(project: Project, prune: bool = False, known: Mapping[str, Mapping[str, Any]] | None = None) -> SyncReport:
    """Make the store match bills/: one branch, commit and tag per stage; other bills kept unless `prune`. `known`:
    packages planned before (bill -> the digest of its files, the refs planned, its stages: publish/keys.py) that
    need no planning again when their files and the store's refs are still those (checked here, under the lock)."""
    with writing(project) as journal:
        new_store = not project.store_path.exists()
        store = project.open_store(create=True)
        try:
            # Package by package: each is validated and planned, its objects written in packs of a few hundred
            # bills (removed again if a later package is invalid), and only its refs kept; memory holds one batch.
            plans = []
            kept = _as_planned(project, store, known or {})
            with store.object_batches() as batches:
                for bill_id in list_bill_ids(project.bills_dir):
                    if bill_id in kept:
                        continue
                    plan = plan_bill(load_package(project.bills_dir, bill_id, store.blobs))
                    batches.add(plan.objects, plan.bill_id)
                    plans.append(plan.refs_only())
            orphans = sorted(set(store.bill_ids()) - {p.bill_id for p in plans} - set(kept))
            updates = apply(journal, store, [], plans, orphans if prune else [], batches=batches)
        except BaseException:
            store.close()
            if new_store:  # an invalid package: no store is left where there was none
                shutil.rmtree(project.store_path, ignore_errors=True)
            raise
        store.close()
    report = {
        plan.bill_id: {
            "stages": len(plan.stages),
            "head": plan.stages[-1].commit if plan.stages else None,
            "refs_changed": sum(1 for name in updates if _ref_bill(name) == plan.bill_id),
        }
        for plan in plans
    }
    report.update(kept)
    report = dict(sorted(report.items()))
    return SyncReport(
        str(project.store_path), report, [] if prune else orphans, orphans if prune else [], rewritten(updates)
    )
