"""`legistrack sync` and `legistrack verify`: the store made to match bills/, and checked against it."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import StoreError
from ..models import TEXT_NEW, Package
from ..packages.read import TEXTS_DIR, StoredTextMissing, bill_dir, list_bill_ids, load_package
from ..project import Project, recover
from ..project import sync as sync
from ..store.objects import plan_bill
from ..store.repo import Store


@dataclass(frozen=True)
class VerifyReport:
    store: str
    problems: list[str]
    checked: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(project: Project) -> VerifyReport:
    """Check the store against bills/: refs and commit ids, every object there, text SHA-256s, git fsck, strays."""
    recover(project)
    problems: list[str] = []
    checked = {"bills": 0, "stages": 0, "texts": 0}
    ids = list_bill_ids(project.bills_dir)  # each package is read (and validated: the first problem stops) in its chunk
    try:
        store = project.open_store()
    except StoreError as exc:
        return VerifyReport(str(project.store_path), [str(exc)], checked)
    try:
        damage = _damage(store)
        problems += damage
        grouped = store.all_bill_refs()
        known = set(store.bill_ids())
        chunk: list[Package] = []
        size = 0
        for n, bill_id in enumerate(ids, 1):
            try:  # a text kept in the store is read from it, and checked against the blob id bill.toml names
                package = load_package(project.bills_dir, bill_id, None if damage else store.blobs)
            except StoredTextMissing as exc:
                problems.append(str(exc))
            else:
                chunk.append(package)
                size += sum(len(t) for t in package.texts.values())
            if len(chunk) >= VERIFY_CHUNK or size >= VERIFY_CHUNK_CHARS or n == len(ids):
                problems += _verify_chunk(project, store, chunk, grouped, known, checked, bool(damage))
                chunk, size = [], 0
        for orphan in sorted(known - set(ids)):
            problems.append(
                f"store has bill {orphan!r} that is not in bills/: restore its package or legistrack sync --prune"
            )
    finally:
        store.close()
    return VerifyReport(str(project.store_path), problems, checked)


# Bills checked together: their packages and what the store holds of them in memory at once (three git reads per
# chunk), whatever the number of bills; fewer when their texts are long (laws through every revision).
VERIFY_CHUNK = 256
VERIFY_CHUNK_CHARS = 16_000_000


def _verify_chunk(
    project: Project,
    store: Store,
    packages: list[Package],
    grouped: dict[str, dict[str, str]],
    known: set[str],
    checked: dict[str, int],
    damaged: bool,
) -> list[str]:
    problems: list[str] = []
    # A damaged store cannot be read: its damage is one problem, not one per bill and stage it touches.
    in_store = [] if damaged else [p.bill.id for p in packages if p.bill.id in known]
    try:  # the chunk's objects in a few batches; bill by bill only to find which one is damaged
        stored_all = {package.bill.id: package for package, _ in store.read_bills(in_store)}
    except StoreError:
        stored_all = {}
    for package in packages:
        bill = package.bill
        checked["bills"] += 1
        plan = plan_bill(package)
        current = grouped.get(bill.id, {})
        for name, sha in plan.refs().items():
            if current.get(name) != sha:
                state = "missing" if name not in current else f"at {current[name][:12]}, expected {sha[:12]}"
                problems.append(f"{bill.id}: {name} {state}: run legistrack sync")
        for name in sorted(set(current) - set(plan.refs())):
            problems.append(f"{bill.id}: {name} is in the store but not in bills/: run legistrack sync")
        checked["stages"] += len(bill.stages)
        stored = stored_all.get(bill.id)
        if stored is None and bill.id in in_store:
            try:
                ((stored, _commits),) = store.read_bills([bill.id])
            except StoreError as exc:
                problems.append(f"{bill.id}: {exc}")
                stored = None
        if stored is not None:
            problems += _compare_texts(package, stored, checked)
        problems += _stray_files(project, package)
    return problems


def _damage(store: Store) -> list[str]:
    """What is wrong with the store as a git repository, in one line (empty when it is whole): objects its refs
    point at that it no longer has, and what `git fsck` finds (a pack or its index deleted or cut short)."""
    fsck = store.fsck()
    refs = store.refs()
    lost = set(store.missing(refs.values()))
    if not fsck and not lost:
        return []
    parts = []
    if lost:
        names = sorted(name for name, sha in refs.items() if sha in lost)
        parts.append(f"{len(names)} of {len(refs)} refs point at objects it no longer has (e.g. {names[0]})")
    if fsck:
        parts.append(f"git fsck finds {len(fsck)} problem(s) (first: {fsck[0][:120]})")
    return [
        f"the store is damaged: {'; '.join(parts)}: if bills/ is whole, run legistrack sync to write the store's "
        "objects again from it (or restore the store from a copy), then legistrack verify"
    ]


def _compare_texts(package: Package, stored: Package, checked: dict[str, int]) -> list[str]:
    """The SHA-256 of every text of every stage, in bills/ and in the store."""
    problems = []
    stored_ids = {s.id for s in stored.bill.stages}
    for stage in package.bill.stages:
        for version in package.versions(stage.id):
            if version.text is None:
                continue
            checked["texts"] += 1
            there = stored.version(stage.id, version.lang).sha256 if stage.id in stored_ids else None
            if there != version.sha256:
                problems.append(
                    f"{package.bill.id} {stage.id} {version.lang}.txt: sha256 {there} in the store, "
                    f"{version.sha256} in bills/: run legistrack sync"
                )
    return problems


def _stray_files(project: Project, package: Package) -> list[str]:
    directory = bill_dir(project.bills_dir, package.bill.id) / TEXTS_DIR
    expected = {
        f"{stage.id}.{ref.lang}.txt" for stage in package.bill.stages for ref in stage.texts if ref.status == TEXT_NEW
    }
    if not directory.is_dir():
        return []
    return [
        f"{package.bill.id}: {directory / p.name} is not referenced by bill.toml: reference it or delete it"
        for p in sorted(directory.iterdir())
        if p.name not in expected and not p.name.startswith(".")
    ]
