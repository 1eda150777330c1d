"""`legistrack export sqlite OUT.db`: the store as one SQLite database (and its Datasette metadata beside it)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..export.rows import DiffOf, Rows, bill_rows, default_diff
from ..export.sqlite import ExportError, ExportReport, is_export, is_export_metadata, previous_export, write
from ..models import Package
from ..project import Project, recover
from ..store.objects import BRANCH_PREFIX
from ..store.repo import Store
from .store import code_digest


def check_out_file(out: Path, project: Project) -> Path:
    """OUT as an absolute path, if an export may write it: a new file, or a database an export wrote."""
    given = Path(out)
    if given.is_symlink():
        raise ExportError(f"{given} is a symbolic link: give the path of the database itself, or a new file")
    target = given.resolve()
    if target.suffix != ".db":
        raise ExportError(f"{given}: name the database file with .db (e.g. legistrack.db)")
    if not target.parent.is_dir():
        raise ExportError(f"{given}: the folder {target.parent} does not exist: create it first")
    for what, path in (("bills/", project.bills_dir), ("the store", project.store_path)):
        if target.is_relative_to(Path(path).resolve()):
            raise ExportError(f"{given} is inside {what}: write the database outside it")
    if target.exists():
        if not target.is_file():
            raise ExportError(f"{given} is not a file: give the path of a new database file")
        if not is_export(target):
            raise ExportError(
                f"{given} exists and is not a database legistrack exported: give a new path, or move that file away"
            )
    meta = target.with_name(target.stem + ".metadata.json")
    if meta.is_symlink() or (meta.exists() and not meta.is_file()):
        raise ExportError(f"{meta} (the database's metadata) is not a plain file: move it away")
    if meta.exists() and not is_export_metadata(meta):
        raise ExportError(
            f"{meta} exists and is not the metadata legistrack writes beside {given.name}: give another database "
            "name, or move that file away"
        )
    return target


def refs_digest(refs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(refs.items())).encode()).hexdigest()


def export_sqlite(
    project: Project, out: Path, progress: Callable[[int], Callable[[], None]] | None = None
) -> ExportReport:
    """Export every bill of the store to `out`; rows of bills whose branch has not moved since the database already
    at `out` was written are read back from it."""
    recover(project)
    target = check_out_file(out, project)
    store = project.open_store()
    try:
        return export_store(store, target, target, progress=progress)
    finally:
        store.close()


def export_store(
    store: Store,
    target: Path,
    previous: Path | None,
    packages: Mapping[str, tuple[Package, dict[str, str]]] | None = None,
    diff_of: Callable[[str], DiffOf] | None = None,
    progress: Callable[[int], Callable[[], None]] | None = None,
) -> ExportReport:
    """Write the database of the open store to `target`. Rows of a bill `previous` holds at its current head are
    taken from it; `packages` are bills already read from the store and `diff_of(bill)` the diffs already worked out
    (a build has both)."""
    refs = store.refs()
    heads = {bill: refs[BRANCH_PREFIX + bill] for bill in store.bill_ids()}
    key = code_digest()
    earlier = previous_export(previous, key, heads)
    current = earlier.current if earlier is not None else frozenset()
    given = packages or {}
    to_read = [b for b in sorted(heads) if b not in current and b not in given]
    read = store.iter_bills(to_read)  # in id order, as all_rows asks for them
    step = progress(len(heads)) if progress is not None else None

    def all_rows() -> Iterable[tuple[str, Rows | None]]:
        for bill in sorted(heads):
            if step is not None:
                step()
            if bill in current:
                yield bill, None  # its rows are those of the earlier database
                continue
            package, commits = given.get(bill) or next(read)
            assert package.bill.id == bill
            yield bill, bill_rows(package, commits, heads[bill], diff_of(bill) if diff_of else default_diff)

    return write(target, all_rows(), key, refs_digest(refs), earlier)
