"""The Diet's own bill tables (both Houses) into one sourced timeline per law bill: 閣法, 衆法 and 参法.

Inputs (`../shared/real-data/jp-diet-bills/`, read its SOURCES.md): the House of Councillors 議案 table (sessions
153-221, one row per bill and session it was listed in, ISO dates) and the House of Representatives 議案 table
(sessions 142-208, 和暦 dates packed as `date／value`, the parties for and against from about session 186). A bill is
keyed on (kind, session of submission, number): 第217回国会閣法第29号. A bill carried over (継続) appears once per
session it was listed in; its rows become one timeline.

Every fact comes from a cell, and every stage cites the cells it came from: the House's own page for the bill in
that session (HC 議案URL, HR 経過情報URL) with the column and value, and the dataset file at the commit the row was
scraped from. Where both tables give the same event (sessions 153-208) and agree, the stage cites both; where they
disagree, the acting House's own table gives the stage's value and the other table's value is recorded as a claim
contradicted by that record, with both sources: nothing is resolved silently. A value neither table gives is left
out (a lapse at the end of a session has no date in either table: the stage has its session and no date).

Pure: bytes in, models out. Bad input (a missing or renamed column, a malformed date, an unknown result word, a
duplicate key) is an ImportFormatError naming the file, line and column.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator

from ....errors import ImportFormatError
from ....models import Bill
from .cells import CellTally, RowCells
from .curated import compare_with_curated
from .hc import hc_keys, hc_read
from .hr import hr_keys, hr_read
from .model import HC_COLUMNS, HEADER, HR_COLUMNS, IMPORT_NAME, KINDS, MAINTAINED_BY, DietBill
from .stages import bill_model
from .tables import Table

NOT_A_BILL = "a row with no bill number (an amendment motion, a listing of a bill's return): not a bill of its own"


class Reading:
    """Both Houses' tables, read: their law-bill rows grouped by bill in a temporary SQLite database (on disk), so
    that a bill is built from its own rows alone and memory holds one bill at a time, whatever the tables' size."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}  # table -> law-bill rows read
        self._skipped: list[tuple[int, int, str]] = []  # (table, line, why): in the order of the tables' lines
        self.cells = CellTally()  # every non-empty cell of the rows read, and where it went
        self._tables: list[Table] = []
        self._db = sqlite3.connect("")  # SQLite's private temporary database, removed when closed
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("CREATE TABLE row (bill TEXT, kind TEXT, session INT, number INT, tab INT, line INT, cells)")
        self.count = 0

    def add(self, name: str, data: bytes) -> None:
        """Read one table (hc-gian-*.csv or hr-gian-*.csv) and file its law-bill rows under their bills."""
        tab = len(self._tables)
        skipped: list[tuple[int, str, RowCells]] = []
        if name.startswith("hc-"):
            table = Table(data, name, HC_COLUMNS)
            rows = hc_keys(table)
        elif name.startswith("hr-"):
            table = Table(data, name, HR_COLUMNS, by_position=True)
            rows = hr_keys(table, skipped)
        else:
            raise ImportFormatError(f"{name}: not a House bill table (hc-gian-*.csv or hr-gian-*.csv)")
        self._tables.append(table)
        count = 0
        batch: list[tuple[str, str, int, int, int, int, str]] = []
        for (kind, session, number), line, cells in rows:
            count += 1
            if cells:
                bill_id = f"jp-{session}-{KINDS[kind]}-{number}"
                batch.append((bill_id, kind, session, number, tab, line, json.dumps(cells, ensure_ascii=False)))
            if len(batch) >= 1000:
                self._db.executemany("INSERT INTO row VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
                batch = []
        self._db.executemany("INSERT INTO row VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        self._skipped += [(tab, line, why) for line, why, _ in skipped]
        self.cells.add_left_out((cells for _, _, cells in skipped), NOT_A_BILL)
        self.rows[name] = count
        self.count = self._db.execute("SELECT COUNT(DISTINCT bill) FROM row").fetchone()[0]

    def bills(self) -> Iterator[Bill]:
        """One Bill per law bill, in id order, each built from its own rows (every table's, in file order)."""
        cursor = self._db.execute(
            "SELECT bill, kind, session, number, tab, line, cells FROM row ORDER BY bill, tab, line"
        )
        for _bill_id, group in itertools.groupby(cursor, key=lambda r: r[0]):
            bill: DietBill | None = None
            for _, kind, session, number, tab, line, cells in group:
                bill = bill or DietBill(kind, session, number)
                table, notes = self._tables[tab], list[str]()
                bill.rows.append((hc_read if table.hc else hr_read)(bill, table, line, json.loads(cells), notes))
                self._skipped += [(tab, line, why) for why in notes]
            assert bill is not None
            model = bill_model(bill)
            self.cells.add(bill.rows, bill.cited, bill.stated, bill.dropped)
            yield model

    @property
    def skipped(self) -> list[str]:
        """The rows not imported, each with its reason (complete once every bill was built)."""
        return [why for _, _, why in sorted(self._skipped, key=lambda s: (s[0], s[1]))]

    def close(self) -> None:
        self._db.close()


@contextlib.contextmanager
def read_tables(tables: Iterable[tuple[str, bytes]]) -> Iterator[Reading]:
    """Both Houses' tables (name, bytes; each let go once read) as a Reading whose bills are built one at a time."""
    reading = Reading()
    try:
        for name, data in tables:
            reading.add(name, data)
        yield reading
    finally:
        reading.close()


__all__ = ["HEADER", "IMPORT_NAME", "MAINTAINED_BY", "Reading", "compare_with_curated", "read_tables"]
