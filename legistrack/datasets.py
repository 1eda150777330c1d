"""A dataset import, whatever the dataset: the packages a reader built from a folder (the Diet's tables, a law's
revisions), written like any other write.

Each package is compared with bills/: a bill a maintainer curated (the same identifier, `Dataset.key`, in a package
the dataset does not maintain) is compared with the import and never written; a folder that is not the dataset's
package, or a package of the dataset with stages added by hand, is left as it is and reported; the rest is written
when it changed. The files are put aside on disk as they are planned (Journal.stage) and the objects go to the store
in packs (Store.object_batches), so memory holds one package at a time; one journaled step then changes the files
and moves the refs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .manifests import MANIFESTS_CACHE, manifest_facts
from .models import TEXT_NEW, Package, blob_id
from .packages import write
from .packages.plan import FileChange
from .packages.read import MANIFEST, TEXTS_DIR, StoredTexts, bill_dir, load_package
from .project import Project, apply, rewritten, writing
from .store.batches import ObjectBatches
from .store.journal import Journal
from .store.objects import BillPlan, plan_bill
from .textio import decode_text


@dataclass(frozen=True)
class Dataset:
    """What the import needs to know of a dataset."""

    maintained_by: str  # the mark of the packages it writes (Bill.maintained_by)
    key: str  # the identifier that finds a curated package of the same bill: diet_bill, egov_law_id
    header: str  # the comment atop every bill.toml it writes
    compare: Callable[[Package, Package], list[str]]  # (imported, curated) -> where the curated package disagrees
    # keep each new text once, in the store: bill.toml names it by its git blob id and bills/ has no file of it
    # (legalize-jp: every Act through every revision would be gigabytes of files, the same bytes the store holds)
    texts_in_store: bool = False
    # the packages come as bills/ gives them back (as_read_back), their texts named by blob id where kept in the
    # store (kept_in_store): the importer did both, on its workers (legalize-jp), and they are not done again here
    read_back: bool = False


@dataclass(frozen=True)
class Conflict:
    """Where the import and a package on disk disagree, and what the import did about it (nothing)."""

    bill: str
    key: str  # the bill's Dataset.key identifier
    message: str


@dataclass
class OnDisk:
    """What the import knows of the packages in bills/ (not the packages themselves: memory)."""

    imported: dict[str, list[str]] = field(default_factory=dict)  # the dataset's package -> stages added by hand
    by_key: dict[str, str] = field(default_factory=dict)  # Dataset.key -> the dataset's package of that bill
    curated: dict[str, Package] = field(default_factory=dict)  # Dataset.key -> a package a maintainer curated

    @classmethod
    def read(cls, root: Path, dataset: Dataset, stored: StoredTexts | None = None, cache: Path | None = None) -> OnDisk:
        """Every manifest of bills/ (what the import needs of each, remembered in `cache`: manifests.py); the
        texts of a package the import compares with (another's, of the same bill) too, those it keeps in the store
        through `stored`."""
        on_disk = cls()
        for bill_id, facts in manifest_facts(root, cache).items():
            key = facts.identifiers.get(dataset.key, "")
            if facts.maintained_by == dataset.maintained_by:
                on_disk.imported[bill_id] = list(facts.by_hand)
                if key:
                    on_disk.by_key.setdefault(key, bill_id)
            elif key and key not in on_disk.curated:
                on_disk.curated[key] = load_package(root, bill_id, stored)
        return on_disk


@dataclass
class Written:
    """What the import did with each package."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    curated: list[str] = field(default_factory=list)  # bills a maintainer curated: compared, not written
    conflicts: list[Conflict] = field(default_factory=list)
    maintained: list[str] = field(default_factory=list)  # the dataset's packages in bills/ after the write
    rewritten: dict[str, list[str]] = field(
        default_factory=dict
    )  # bill -> stages given new commits (project.rewritten)


@dataclass(frozen=True)
class Planned:
    """A package of a dataset read back (Dataset.read_back) with its plan, made where it was read (on a worker):
    its texts are in the plan's objects alone (`package.texts` empty), which the import writes as they are."""

    package: Package
    plan: BillPlan


def import_packages(
    project: Project, dataset: Dataset, packages: Callable[[OnDisk], Iterable[Package | Planned]]
) -> Written:
    """Write the packages `packages` builds (given what bills/ holds) that changed, as one journaled write."""
    with writing(project) as journal, contextlib.ExitStack() as stack:
        root = project.bills_dir
        on_disk = OnDisk.read(root, dataset, project.stored_texts(), project.state_dir / "cache" / MANIFESTS_CACHE)
        written = Written()
        changes: list[FileChange] = []
        plans: list[BillPlan] = []
        batches: ObjectBatches | None = None
        for built in packages(on_disk):
            planned = built.plan if isinstance(built, Planned) else None
            package = built.package if isinstance(built, Planned) else built
            if planned is not None and not (dataset.read_back and dataset.texts_in_store):
                raise ValueError(
                    f"{dataset.maintained_by}: only a dataset read back, its texts in the store, gives planned packages"
                )
            if not dataset.read_back:
                package = as_read_back(package)
                if dataset.texts_in_store:
                    package = kept_in_store(package)
            changed = _changes(root, dataset, package, on_disk, written)
            # a package whose texts only the store keeps is planned even when bills/ has it as it is: a store made
            # again (deleted, or a clone's) gets its texts back from the import, never from bills/
            if changed is None or (not changed and not dataset.texts_in_store):
                continue
            changes += _staged(journal, changed)
            plan = planned or plan_bill(package)
            if batches is None:
                store = project.open_store(create=True)
                stack.callback(store.close)
                batches = stack.enter_context(store.object_batches())
            batches.add(plan.objects, plan.bill_id)
            plans.append(plan.refs_only())  # its objects are written by the batches
        if batches is not None:
            batches.flush()
            written.rewritten = rewritten(apply(journal, store, changes, plans, batches=batches))
        for emptied in sorted({c.path.parent for c in changes if c.new is None and c.path.parent.name == TEXTS_DIR}):
            with contextlib.suppress(OSError):  # a texts/ folder left empty (its texts now kept in the store)
                emptied.rmdir()
        written.maintained = sorted(set(on_disk.imported) | set(written.added))
    return written


def as_read_back(package: Package) -> Package:
    """The package with each text as bills/ gives it back (textio.decode_text: no space at a line's end, one final
    newline), so that the file written, the commit planned from it and a later read agree byte for byte (a law's
    table row with an empty last cell ended in a space, and verify found the store and bills/ apart)."""
    texts = {
        key: decode_text(text.encode(), f"{package.bill.id} {key[0]}.{key[1]}.txt")
        for key, text in package.texts.items()
    }
    return package if texts == dict(package.texts) else replace(package, texts=texts)


def kept_in_store(package: Package) -> Package:
    """The package with each new text named by its git blob id (TextRef.blob): kept in the store, not in bills/."""
    stages = []
    for stage in package.bill.stages:
        refs = tuple(
            replace(ref, blob=blob_id(package.texts[(stage.id, ref.lang)].encode()))
            if ref.status == TEXT_NEW and (stage.id, ref.lang) in package.texts
            else ref
            for ref in stage.texts
        )
        stages.append(replace(stage, texts=refs))
    return replace(package, bill=replace(package.bill, stages=tuple(stages)))


def _changes(
    root: Path, dataset: Dataset, package: Package, on_disk: OnDisk, written: Written
) -> list[FileChange] | None:
    """The files of `package` that differ from bills/ (None if it is not to be written); what the import did with
    it, or why not, goes to `written`."""
    bill, key = package.bill, package.bill.identifier(dataset.key)
    if key in on_disk.curated:
        mine = on_disk.curated[key]
        written.curated.append(mine.bill.id)
        written.conflicts += [Conflict(mine.bill.id, key, p) for p in dataset.compare(package, mine)]
        return None
    folder = bill_dir(root, bill.id)
    hand = on_disk.imported.get(bill.id)
    if hand is None and (folder.exists() or folder.is_symlink()):
        message = f"{folder} exists and is not a package this import wrote: left as it is"
        written.conflicts.append(Conflict(bill.id, key, message))
        return None
    if hand:
        message = f"stages {', '.join(hand)} were added by hand: the package was left as it is (move them into a "
        written.conflicts.append(Conflict(bill.id, key, message + "curated package)"))
        return None
    wanted = {folder / MANIFEST: write.manifest(bill, dataset.header).encode()}
    for (stage_id, lang), text in sorted(package.texts.items()):
        ref = bill.stage(stage_id).text(lang)
        assert ref is not None
        if not ref.blob:  # a text kept in the store has no file
            wanted[folder / ref.path(stage_id)] = text.encode()
    changes = [FileChange(path, data) for path, data in wanted.items() if not _holds(path, data)]
    if (folder / TEXTS_DIR).is_dir():
        changes += [FileChange(p, None) for p in sorted((folder / TEXTS_DIR).iterdir()) if p not in wanted]
    if not changes:
        written.unchanged += 1
    else:
        (written.added if hand is None else written.updated).append(bill.id)
    return changes


def _holds(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data


def _staged(journal: Journal, changes: list[FileChange]) -> list[FileChange]:
    """The changes, their new files put aside on disk (memory holds one package's files at a time)."""
    return [c if c.new is None else journal.stage(c.path, c.new) for c in changes]
