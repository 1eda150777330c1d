"""Reading a House's CSV table: its header checked, its rows one at a time, every value read from a cell with an
error naming the file, line and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence

from ....dates import parse_date
from ....errors import ImportFormatError, InvalidDate
from .cells import BILL, EMPTY, RowCells
from .model import HR_COLUMNS, NOT_DECISIONS, RESULTS, Cell

MAX_CELL = 4096
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # a cell may hold line breaks and tabs, no other


class Table:
    """One CSV file: its header checked, its rows read once, one at a time, with their line numbers; errors that
    name the file, line and column."""

    def __init__(self, data: bytes, name: str, columns: Sequence[str], by_position: bool = False):
        self.name = name
        self.hc = not by_position
        try:
            self._text: str | None = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(f"{name} is not UTF-8 (byte {exc.start}): give the table as UTF-8 CSV") from None
        # No field limit of csv's own (131,072 characters, a bare csv.Error): each cell is checked against MAX_CELL
        # with its column named. The bound is the file itself, at most MAX_INPUT_BYTES.
        csv.field_size_limit(max(csv.field_size_limit(), len(self._text) + 1))
        self._reader = csv.reader(io.StringIO(self._text, newline=""))
        try:
            header = next(self._reader)
        except StopIteration:
            raise ImportFormatError(f"{name} is empty: give the House's bill table") from None
        except csv.Error as exc:
            raise ImportFormatError(f"{name} line 1: not a CSV header ({exc}): give the House's bill table") from None
        self.header = header
        if by_position:
            if tuple(header) != tuple(columns):
                wrong = next((i for i, (a, b) in enumerate(zip(header, columns, strict=False)) if a != b), None)
                if wrong is None:
                    got = len(header)
                    raise ImportFormatError(f"{name} line 1: {got} columns, expected {len(columns)}: use the original")
                raise ImportFormatError(
                    f"{name} line 1, column {wrong + 1}: {header[wrong][:80]!r} where {columns[wrong]!r} was "
                    "expected (renamed or moved?): give the table with its original header"
                )
            self.index: dict[str | int, int] = {i: i for i in range(len(columns))}
        else:
            missing = [c for c in columns if c not in header]
            if missing:
                raise ImportFormatError(
                    f"{name} line 1: missing column {missing[0]!r} (renamed?): give the table with its original header"
                )
            self.index = {c: header.index(c) for c in columns}
        self.width = len(header)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each row after the header with its line number, once: the line the record starts on (a cell may hold line
        breaks, so a record may span several lines; a reader looks for it where it starts)."""
        reader = self._reader
        self._text = None
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFormatError(
                    f"{self.name} line {start}: not CSV ({exc}): give the House's table as it is"
                ) from None
            line = start
            if len(row) != self.width:
                raise ImportFormatError(f"{self.name} line {line}: {len(row)} cells, the header has {self.width}")
            for i, cell in enumerate(row):
                if len(cell) > MAX_CELL:
                    raise ImportFormatError(
                        f"{self.name} line {line}, column {self.header[i][:80]!r}: a cell of {len(cell):,} "
                        f"characters, over the {MAX_CELL:,} any House table has: check the file"
                    )
                control = CONTROL.search(cell)
                if control:
                    raise ImportFormatError(
                        f"{self.name} line {line}, column {self.header[i][:80]!r}: a control character "
                        f"{control.group()!r} (binary data?): give the House's table as it is"
                    )
            yield line, row

    def error(self, line: int, column: str, message: str) -> ImportFormatError:
        return ImportFormatError(f"{self.name} line {line}, column {column}: {message}")


def clean(value: str) -> str:
    return " ".join(value.replace("\u3000", " ").split())


def cell_date(table: Table, line: int, column: str, value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return parse_date(value)
    except InvalidDate as exc:
        raise table.error(line, column, f"{exc}") from None


def cell_result(table: Table, line: int, column: str, value: str) -> str:
    word = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    word = {"(中間報告聴取)": "（中間報告聴取）"}.get(word, word)
    if not word:
        return ""
    if word in NOT_DECISIONS or value.strip() in NOT_DECISIONS:
        return ""
    if word not in RESULTS:
        known = "、".join(RESULTS)
        raise table.error(line, column, f"unknown result {value!r} (known: {known}): add it to the importer's list")
    return RESULTS[word]


# The short forms the HR table writes for some committees, each with the name the HC table gives the same committee
# for the same bills (閣法164-19 農林水産委員会, 衆法164-2 議院運営委員会, 衆法164-12 災害対策特別委員会, 衆法183-3 and
# 閣法183-14 政治倫理の確立及び選挙制度に関する特別委員会): one committee, not two tables that disagree.
SHORT_FORMS = {
    "農水": "農林水産委員会",
    "議運": "議院運営委員会",
    "災害特": "災害対策特別委員会",
    "倫理選挙特": "政治倫理の確立及び選挙制度に関する特別委員会",
}


def committee_name(name: str) -> str:
    """A committee's name, one spelling per committee: some rows write the half-width middle dot (文教･科学委員会),
    the others the full-width one (文教・科学委員会), and the HR table writes a few names short (農水: SHORT_FORMS)."""
    name = clean(name).replace("\uff65", "\u30fb")
    name = SHORT_FORMS.get(name.removesuffix("委員会"), name)
    return name if not name or name.endswith("委員会") else name + "委員会"


def split_cell(value: str) -> tuple[str, str]:
    """An HR cell `date／value` (either part may be empty)."""
    date, sep, rest = value.partition("／")
    if not sep:
        return value.strip(), ""
    return date.strip(), rest.strip()


MAX_NUMBER = 99_999  # sessions (221 so far), bill numbers (a few hundred a session) and law numbers alike


def cell_int(table: Table, line: int, column: str, value: str) -> int:
    value = unicodedata.normalize("NFKC", value).strip()
    if not value.isdigit():
        raise table.error(line, column, f"{value[:40]!r} is not a number")
    if len(value) > len(str(MAX_NUMBER)) or not 0 < int(value) <= MAX_NUMBER:
        raise table.error(line, column, f"{value[:40]} is not a session, bill or law number (1 to {MAX_NUMBER:,})")
    return int(value)


NOTE_DATE = re.compile(r"((?:令和|平成|昭和)\s*(?:\d+|元)\s*年)?\s*(\d+)\s*月\s*(\d+)\s*日\s*(.*)")


class Row:
    """One row of a table: its cells by column, and the facts they give, each remembering its cell; what the row's
    other cells became (the bill's own facts, or left out and why) is marked, for the accounting of every cell."""

    def __init__(self, table: Table, line: int, cells: list[str], listing: int, page: str, commit: str):
        self.table, self.line, self.cells = table, line, cells
        self.listing, self.page, self.commit = listing, page, commit
        self.marks: dict[int, str] = {}

    def get(self, column: str | int) -> str:
        return self.cells[self.table.index[column]].strip()

    def column(self, column: str | int) -> str:
        return column if isinstance(column, str) else HR_COLUMNS[column]

    def cell(self, column: str | int, value: str | None = None, also: tuple[str | int, ...] = ()) -> Cell:
        """The cell a fact comes from (`value`: what the fact's source shows of it; `also`: other columns of the row
        the same fact reads, a committee beside its date)."""
        kind = "hc" if self.table.hc else "hr"
        return Cell(
            kind,
            self.table.name,
            self.line,
            self.column(column),
            self.get(column) if value is None else value,
            self.listing,
            self.page,
            self.commit,
            tuple(self.column(c) for c in also),
        )

    def use(self, *columns: str | int) -> None:
        """These cells are the bill's own facts (its key, title, submitter, documents), not a stage's."""
        for column in columns:
            self.marks[self.table.index[column]] = BILL

    def leave(self, column: str | int, why: str) -> None:
        """This cell is left out of the bill, for the reason given (the import reports it)."""
        self.marks[self.table.index[column]] = why

    def ledger(self, source: tuple[str | int, ...]) -> RowCells:
        """The row's non-empty cells and what was marked of them; `source` names the columns every fact of the row
        cites with it (its page, its commit)."""
        filled = {i: v for i, v in enumerate(self.cells) if v.strip() not in EMPTY}
        return RowCells(
            self.table.name,
            self.line,
            self.table.header,
            filled,
            self.marks,
            tuple(self.table.index[c] for c in source),
        )

    def date(self, column: str | int, value: str | None = None) -> dt.date | None:
        return cell_date(self.table, self.line, self.column(column), self.get(column) if value is None else value)

    def result(self, column: str | int, value: str | None = None) -> str:
        return cell_result(self.table, self.line, self.column(column), self.get(column) if value is None else value)

    def number(self, column: str | int, value: str | None = None) -> int:
        return cell_int(self.table, self.line, self.column(column), self.get(column) if value is None else value)

    def error(self, column: str | int, message: str) -> ImportFormatError:
        return self.table.error(self.line, self.column(column), message)


def notes(row: Row) -> list[tuple[dt.date, str]]:
    """The dated entries of a 備考 cell: 「令和5年4月28日 衆へ回付 / 5月12日 衆同意」, 「令和3年6月14日 撤回」."""
    entries: list[tuple[dt.date, str]] = []
    era_year = ""
    for part in re.split(r"\n+", row.cells[row.table.index["備考"]]):
        part = clean(part)
        if not part:
            continue
        m = NOTE_DATE.match(part)
        if not m:
            raise row.error("備考", f"unreadable entry {part!r}: expected a date and what happened")
        era_year = m.group(1) or era_year
        if not era_year:
            raise row.error("備考", f"{part!r} has no year and no earlier entry gives one")
        date = row.date("備考", f"{era_year}{m.group(2)}月{m.group(3)}日")
        assert date is not None
        if entries and date < entries[-1][0]:
            raise row.error("備考", f"{part!r} is dated before the entry above it: the year is ambiguous")
        entries.append((date, m.group(4).replace(" ", "")))
    return entries


def check_vote(row: Row, column: str, value: str, known: dict[str, str]) -> str:
    if value and value not in known:
        raise row.error(column, f"unknown value {value!r} (known: {'、'.join(known)}): add it to the importer's list")
    return value
