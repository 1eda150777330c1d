"""The record as one SQLite database (sqlite-utils writes it): the tables of rows.TABLES, their foreign keys and
indexes, a trigram full-text index, and the Datasette metadata that describes every column.

The database is written whole into a temporary file beside OUT and moved over it at the end, so a reader (or a
crash) never sees half of one. It is deterministic: the same store gives the same bytes. Rows of bills whose
branch has not moved since the previous export (same head, same legistrack) are copied from that database, run by
run, instead of being worked out again; they are the very rows a full export gives, in the same order, and the
database is finished with VACUUM INTO, so it is byte for byte a full export.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from ..errors import LegistrackError
from .rows import OWNER, SCHEMA, SEARCH, TABLES, VIEWS, Rows

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


TITLE = "legistrack: the record"


def is_export_metadata(path: Path) -> bool:
    """Whether the file at `path` is the Datasette metadata an export wrote (so another export may replace it)."""
    try:
        data = json.loads(path.read_bytes()[: 1 << 20])
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict) and data.get("title") == TITLE and str(data.get("source", "")).startswith("legistrack")
    )


# The command that gives a database without the full-text index of the texts (the site's copy: SITE_SEARCH) that
# index, as `export sqlite` writes it.
ADD_TEXT_SEARCH = "sqlite-utils enable-fts legistrack.db units text --fts5 --tokenize trigram"


def metadata(name: str, refs: str, search: Mapping[str, tuple[str, ...]] = SEARCH) -> dict[str, Any]:
    """Datasette's metadata.json for a database named `name` (its file name without .db), whose full-text indexes
    are `search`'s."""
    tables: dict[str, Any] = {}
    for table, (description, _pk, _fks, columns) in TABLES.items():
        tables[table] = {"description": description, "columns": {c: d for c, (_t, d) in columns.items()}}
    for view, (description, _sql, columns_v) in VIEWS.items():
        tables[view] = {"description": description, "columns": dict(columns_v)}
    tables[META] = {"description": "How this database was made: schema, legistrack, the store's refs.", "hidden": True}
    if "units" in search:
        searched = (
            "Full-text search (trigram) over titles and texts finds Japanese for three characters or more; for one "
            "or two (罰則, 法律) use the queries find_in_texts and find_in_titles."
        )
    else:
        searched = (
            "Full-text search (trigram) over titles finds Japanese for three characters or more; the texts are "
            "searched by the query find_in_texts (any length, a fraction of a second for every Act), or add their "
            f"full-text index with `{ADD_TEXT_SEARCH.replace('legistrack.db', name + '.db')}`."
        )
    return {
        "title": TITLE,
        "description": (
            "Bills and laws stage by stage, as legistrack's store holds them: every fact with its source, published "
            "claims against the record, the texts and what changed between them. " + searched
        ),
        "source": "legistrack store, refs " + refs[:12],
        "databases": {name: {"tables": tables, "queries": QUERIES}},
    }


# The trigram index answers a MATCH of three characters or more and nothing shorter: `_search=罰則` finds no row,
# which a reader would take for "the law never says 罰則". These canned queries find words of any length by reading
# every row (instr: the exact characters, no wildcards): milliseconds for the texts of a few laws.
QUERIES: dict[str, dict[str, Any]] = {
    "find_in_texts": {
        "title": "Find words in the texts, of any length",
        "description": (
            "Every article, heading or paragraph whose text contains q exactly (罰則, 法律, AI), with the words around "
            "the first place it occurs; in the order of bill, stage and text. The full-text search (_search) needs "
            "three characters or more."
        ),
        "sql": (
            "select bill, stage, lang, n, label, path, "
            "substr(text, max(1, instr(text, :q) - 30), length(:q) + 60) as context "
            "from units where length(:q) > 0 and instr(text, :q) > 0 order by rowid"
        ),
    },
    "laws_amended_in_session": {
        "title": "Every law the bills of one session amended",
        "description": (
            "The laws whose revisions were made by acts that began as bills of Diet session :session, of the "
            "kind :kind (閣法 for the Cabinet's bills, 衆法 or 参法 for members'; empty for all), with the bill, the "
            "act and the day each revision took effect."
        ),
        "sql": (
            "select b.diet_bill, b.id as bill, bl.law_number as act, l.title_ja as law, bl.law, bl.date, bl.revision "
            "from bill_law bl join bills b on b.id = bl.bill join laws l on l.id = bl.law "
            "where bl.relation = 'amended' and b.diet_session = cast(:session as integer) "
            "and (:kind = '' or b.diet_kind = :kind) order by l.title_ja, bl.date"
        ),
    },
    "find_in_titles": {
        "title": "Find words in the titles of bills and stages, of any length",
        "description": ("Bills and stages whose title (in Japanese or English) contains q exactly: 可決, AI, 修正."),
        "sql": (
            "select id as bill, null as stage, 0 as seq, title_ja, title_en from bills "
            "where length(:q) > 0 and (instr(title_ja, :q) > 0 or instr(title_en, :q) > 0 "
            "or instr(short_title, :q) > 0 or instr(short_title_ja, :q) > 0) "
            "union all select bill, tag as stage, seq, title_ja, title_en from stages "
            "where length(:q) > 0 and (instr(title_ja, :q) > 0 or instr(title_en, :q) > 0) "
            "order by bill, seq"
        ),
    },
}


def is_export(path: Path) -> bool:
    """Whether `path` is a database a legistrack export wrote (the only kind it replaces)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute(f"SELECT value FROM {META} WHERE key = 'schema'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and str(row[0]).startswith("legistrack.sqlite/")


@dataclass(frozen=True)
class Previous:
    """The database of an earlier export, made by this legistrack: its bills in order, and those still current."""

    path: Path
    order: dict[str, int]  # bill -> its place in the earlier database
    current: frozenset[str]  # bills whose branch is where it was then


def previous_export(path: Path | None, key: str, heads: Mapping[str, str]) -> Previous | None:
    """The earlier database at `path`, if the same legistrack wrote it (same schema and code)."""
    if path is None or not path.is_file() or path.is_symlink() or not is_export(path):
        return None
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        meta = dict(conn.execute(f"SELECT key, value FROM {META}").fetchall())
        if meta.get("schema") != SCHEMA or meta.get("key") != key:
            return None
        rows = conn.execute("SELECT id, head FROM bills ORDER BY rowid").fetchall()
    return Previous(
        path, {bill: i for i, (bill, _h) in enumerate(rows)}, frozenset(b for b, h in rows if heads.get(b) == h)
    )


Segment = tuple[str, str] | Rows  # a run of bills copied from the earlier database (first, last), or fresh rows


# The rows of new bills held before they are written: a build of the whole record from nothing held every bill's rows
# (the 686 MB database, as Python objects) at once, its largest process's peak.
FRESH_ROWS = 50_000


def _segments(bills: Iterable[tuple[str, Rows | None]], previous: Previous | None) -> Iterator[Segment]:
    """The bills in order as runs: consecutive current bills that were consecutive in the earlier database are one
    copy; the others' rows are batched between copies, FRESH_ROWS at most (a bill's rows are never split). Every
    table then receives its rows in bill order."""
    fresh: Rows = {table: [] for table in TABLES}
    held = 0
    run: list[str] = []
    for bill, rows in bills:
        if rows is not None and held >= FRESH_ROWS:
            yield fresh
            fresh, held = {table: [] for table in TABLES}, 0
        if rows is None:  # current in the earlier database
            assert previous is not None
            if fresh["bills"]:
                yield fresh
                fresh, held = {table: [] for table in TABLES}, 0
            if run and previous.order[bill] != previous.order[run[-1]] + 1:
                yield (run[0], run[-1])
                run = []
            run.append(bill)
            continue
        if run:
            yield (run[0], run[-1])
            run = []
        for table in TABLES:
            fresh[table].extend(rows[table])
            held += len(rows[table])
    if run:
        yield (run[0], run[-1])
    if fresh["bills"]:
        yield fresh


def write(
    out: Path,
    bills: Iterable[tuple[str, Rows | None]],
    key: str,
    refs: str,
    previous: Previous | None = None,
    search: Mapping[str, tuple[str, ...]] = SEARCH,
) -> ExportReport:
    """Write the database of `bills` (sorted by id; None: the bill's rows are those of `previous`) to `out`, and
    its metadata beside it; `search`: the tables and columns given a full-text index."""
    out = out.resolve()
    meta_path = out.with_name(out.stem + ".metadata.json")
    # What an export killed outright left beside OUT (.OUT.xxxx.tmp, its .build and .json): no export finishes them.
    for leftover in out.parent.glob(f".{glob.escape(out.name)}.*.tmp*"):
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        counts, reused = _write_db(tmp, _segments(bills, previous), key, refs, previous, search)
        meta_text = json.dumps(metadata(out.stem, refs, search), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        meta_tmp = tmp.with_name(tmp.name + ".json")
        meta_tmp.write_text(meta_text, encoding="utf-8")
        os.replace(tmp, out)
        os.replace(meta_tmp, meta_path)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".json")):
            leftover.unlink(missing_ok=True)
        raise
    return ExportReport(str(out), str(meta_path), counts["bills"], counts, reused)


def _write_db(
    path: Path,
    segments: Iterable[Segment],
    key: str,
    refs: str,
    previous: Previous | None,
    search: Mapping[str, tuple[str, ...]],
) -> tuple[dict[str, int], int]:
    scratch = path.with_name(path.name + ".build")
    db = sqlite_utils.Database(scratch)
    reused = 0
    try:
        db.execute("PRAGMA page_size = 4096")
        # A temporary file that replaces OUT only once whole (fsync'd then): no journal, no sync per batch.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        for table, (_description, pk, fks, columns) in TABLES.items():
            db.table(table).create(
                {c: kind for c, (kind, _d) in columns.items()},
                pk=pk[0] if len(pk) == 1 else pk,
                foreign_keys=list(fks),
                not_null=set(pk),
            )
        if previous is not None:
            db.attach("previous", previous.path)
        for segment in segments:
            if isinstance(segment, tuple):  # the earlier rows of a run of bills, in their order
                first, last = segment
                reused += sum(1 for b in previous.order if first <= b <= last) if previous else 0
                for table in TABLES:
                    column = OWNER.get(table, "bill")
                    db.execute(
                        f"INSERT INTO [{table}] SELECT * FROM previous.[{table}] "
                        f"WHERE [{column}] BETWEEN ? AND ? ORDER BY rowid",
                        [first, last],
                    )
                continue
            for table in TABLES:
                if segment[table]:
                    db.table(table).insert_all(segment[table], batch_size=1000)
        if previous is not None:
            db.conn.commit()
            db.execute("DETACH DATABASE previous")
        db.table(META).create({"key": str, "value": str}, pk="key")
        db.table(META).insert_all(
            [{"key": "schema", "value": SCHEMA}, {"key": "key", "value": key}, {"key": "refs", "value": refs}]
        )
        for table, indexes in _INDEXES.items():
            for cols in indexes:
                db.table(table).create_index(cols, index_name=f"idx_{table}_{'_'.join(cols)}")
        for view, (_description, sql, _columns) in VIEWS.items():
            db.create_view(view, sql)
        for table, searched in search.items():
            db.table(table).enable_fts(list(searched), tokenize="trigram")
        db.execute("ANALYZE")
        db.conn.commit()
        counts = {table: db.table(table).count for table in TABLES}
        # A fresh copy, compact: the same rows give the same bytes whatever writes led to them (a plain VACUUM
        # keeps the file change counter, which differs between a full and an incremental export).
        db.execute("VACUUM INTO ?", [str(path)])
    finally:
        db.close()
        scratch.unlink(missing_ok=True)
    with open(path, "rb") as f:
        os.fsync(f.fileno())
    return counts, reused


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
    "laws": (("law_number",), ("egov_law_id",)),
    "revisions": (("law", "n"), ("act_law_number",), ("date",)),
}
