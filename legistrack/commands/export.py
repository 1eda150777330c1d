"""`legistrack export sqlite OUT.db`: the store as one SQLite database (and its Datasette metadata beside it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..export.sqlite import ExportError, ExportReport, is_export, is_export_metadata
from ..project import Project, recover
from ..publish.database import export_store


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
