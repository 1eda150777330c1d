"""The record as one SQLite database (sqlite-utils writes it): the tables of rows.TABLES, their foreign keys and
indexes, a trigram full-text index, and the Datasette metadata that describes every column.

The database is written whole into a temporary file beside OUT and moved over it at the end, so a reader (or a
crash) never sees half of one. It is deterministic: the same store gives the same bytes. Rows of a bill whose
branch has not moved since the previous export (same head, same legistrack) are read back from that database
instead of being worked out again; they are the very rows a full export gives, written in the same order.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from ..errors import LegistrackError
from .rows import SCHEMA, SEARCH, TABLES, Rows

META = "_legistrack"  # key/value: the schema, the legistrack that wrote it, the store it was made from


class ExportError(LegistrackError):
    pass


@dataclass(frozen=True)
class ExportReport:
    out: str
    metadata: str
    bills: int
    rows: dict[str, int]
    reused: int  # bills whose rows were read back from the previous database


def metadata(name: str, refs: str) -> dict[str, Any]:
    """Datasette's metadata.json for a database named `name` (its file name without .db)."""
    tables: dict[str, Any] = {}
    for table, (description, _pk, _fks, columns) in TABLES.items():
        tables[table] = {"description": description, "columns": {c: d for c, (_t, d) in columns.items()}}
    tables[META] = {"description": "How this database was made: schema, legistrack, the store's refs.", "hidden": True}
    return {
        "title": "legistrack: the record",
        "description": (
            "Bills and laws stage by stage, as legistrack's store holds them: every fact with its source, published "
            "claims against the record, the texts and what changed between them. Full-text search (trigram) over "
            "titles and texts finds Japanese; search for three characters or more."
        ),
        "source": "legistrack store, refs " + refs[:12],
        "databases": {name: {"tables": tables}},
    }


def is_export(path: Path) -> bool:
    """Whether `path` is a database a legistrack export wrote (the only kind it replaces)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute(f"SELECT value FROM {META} WHERE key = 'schema'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and str(row[0]).startswith("legistrack.sqlite/")


def previous_rows(path: Path | None, key: str, heads: Mapping[str, str]) -> dict[str, Rows]:
    """The rows of every bill that the previous database holds at the same head, by the same legistrack."""
    if path is None or not path.is_file() or path.is_symlink() or not is_export(path):
        return {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        meta = dict(conn.execute(f"SELECT key, value FROM {META}").fetchall())
        if meta.get("schema") != SCHEMA or meta.get("key") != key:
            return {}
        same = {
            r["id"]
            for r in conn.execute("SELECT id, head FROM bills ORDER BY rowid")
            if heads.get(r["id"]) == r["head"]
        }
        out: dict[str, Rows] = {bill: {table: [] for table in TABLES} for bill in same}
        for table in TABLES:
            column = "id" if table == "bills" else "bill"
            for r in conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid"):
                if r[column] in same:
                    out[r[column]][table].append(dict(r))
    return out


def write(
    out: Path,
    bills: Iterable[tuple[str, Rows]],
    key: str,
    refs: str,
    reused: int = 0,
    progress: Callable[[], None] | None = None,
) -> ExportReport:
    """Write the database of `bills` (in the order given: sort them) to `out`, and its metadata beside it."""
    out = out.resolve()
    meta_path = out.with_name(out.stem + ".metadata.json")
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    count = 0
    for _bill, rows in bills:
        count += 1
        for table in TABLES:
            tables[table].extend(rows[table])
        if progress is not None:
            progress()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        _write_db(tmp, tables, key, refs)
        meta_text = json.dumps(metadata(out.stem, refs), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        meta_tmp = tmp.with_name(tmp.name + ".json")
        meta_tmp.write_text(meta_text, encoding="utf-8")
        os.replace(tmp, out)
        os.replace(meta_tmp, meta_path)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".json")):
            leftover.unlink(missing_ok=True)
        raise
    return ExportReport(str(out), str(meta_path), count, {t: len(r) for t, r in tables.items()}, reused)


def _write_db(path: Path, tables: Mapping[str, Sequence[dict[str, Any]]], key: str, refs: str) -> None:
    db = sqlite_utils.Database(path)
    try:
        db.execute("PRAGMA page_size = 4096")
        db.execute("PRAGMA foreign_keys = ON")
        # A temporary file that replaces OUT only once whole (fsync'd then): no journal, no sync per batch.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db.conn:
            for table, (_description, pk, fks, columns) in TABLES.items():
                t = db.table(table)
                t.create(
                    {c: kind for c, (kind, _d) in columns.items()},
                    pk=pk[0] if len(pk) == 1 else pk,
                    foreign_keys=list(fks),
                    not_null=set(pk),
                )
                if tables[table]:
                    t.insert_all(tables[table], batch_size=1000)
            db.table(META).create({"key": str, "value": str}, pk="key")
            db.table(META).insert_all(
                [{"key": "schema", "value": SCHEMA}, {"key": "key", "value": key}, {"key": "refs", "value": refs}]
            )
        for table, indexes in _INDEXES.items():
            for cols in indexes:
                db.table(table).create_index(cols, index_name=f"idx_{table}_{'_'.join(cols)}")
        for table, searched in SEARCH.items():
            db.table(table).enable_fts(list(searched), tokenize="trigram")
        db.execute("ANALYZE")
        db.vacuum()
    finally:
        db.close()
    with open(path, "rb") as f:
        os.fsync(f.fileno())


# What people filter by: the bill of every row, and the facts the questions of a journalist start from.
_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "bills": (("status",), ("diet_session", "diet_kind"), ("law_number",), ("egov_law_id",)),
    "stages": (("bill", "seq"), ("kind",), ("date",), ("session",), ("house", "committee"), ("outcome",)),
    "votes": (("bill",), ("party", "position")),
    "sources": (("bill",), ("url",)),
    "documents": (("bill",), ("kind",)),
    "provisions": (("bill",),),
    "claims": (("bill",), ("verdict",)),
    "texts": (("bill",), ("sha256",)),
    "units": (("bill",), ("label",)),
    "changes": (("bill",), ("from_stage",), ("status",)),
}
