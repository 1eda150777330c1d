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
import csv
import datetime as dt
import io
import itertools
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .. import schema
from ..dates import parse_date
from ..errors import ImportFormatError, InvalidDate
from ..lawnum import law_number
from ..models import TEXT_NOT_ON_FILE, Bill, Claim, Document, Localized, Source, Stage, TextRef, Vote

IMPORT_NAME = "jp-diet-bills"
MAINTAINED_BY = "legistrack import diet-bills"
HC_BASE_COMMIT = "22062cad25ec67636fe72af89fbb1d165ed208cf"  # data/gian.csv of 2022-06-17 (SOURCES.md)
HR_COMMIT = "5626cea"  # data/kaiji/kaiji<N>.csv of 2022-04-20 (SOURCES.md gives the short id)

KINDS = {"閣法": "kaku", "衆法": "shu", "参法": "san"}
HC_KINDS = {"法律案（内閣提出）": "閣法", "法律案（衆法）": "衆法", "法律案（参法）": "参法"}
HOUSES = {"hr": ("衆議院", "House of Representatives"), "hc": ("参議院", "House of Councillors")}
PUBLISHER = {house: Localized.of({"ja": ja, "en": en}) for house, (ja, en) in HOUSES.items()}
DATASET = {
    "hc": ("smartnews-smri/house-of-councillors", "https://github.com/smartnews-smri/house-of-councillors"),
    "hr": ("smartnews-smri/house-of-representatives", "https://github.com/smartnews-smri/house-of-representatives"),
}

HC_COLUMNS = (
    "審議回次",
    "種類",
    "提出回次",
    "提出番号",
    "件名",
    "議案URL",
    "議案要旨",
    "提出法律案",
    "議案審議情報一覧 - 提出日",
    "議案審議情報一覧 - 衆議院から受領／提出日",
    "議案審議情報一覧 - 衆議院へ送付／提出日",
    "議案審議情報一覧 - 先議区分",
    "議案審議情報一覧 - 継続区分",
    "議案審議情報一覧 - 発議者",
    "議案審議情報一覧 - 提出者",
    "議案審議情報一覧 - 提出者区分",
    "参議院委員会等経過情報 - 本付託日",
    "参議院委員会等経過情報 - 付託委員会等",
    "参議院委員会等経過情報 - 議決日",
    "参議院委員会等経過情報 - 議決・継続結果",
    "参議院本会議経過情報 - 議決日",
    "参議院本会議経過情報 - 議決",
    "参議院本会議経過情報 - 採決態様",
    "参議院本会議経過情報 - 採決方法",
    "参議院本会議経過情報 - 投票結果",
    "衆議院委員会等経過情報 - 本付託日",
    "衆議院委員会等経過情報 - 付託委員会等",
    "衆議院委員会等経過情報 - 議決日",
    "衆議院委員会等経過情報 - 議決・継続結果",
    "衆議院本会議経過情報 - 議決日",
    "衆議院本会議経過情報 - 議決",
    "衆議院本会議経過情報 - 採決態様",
    "衆議院本会議経過情報 - 採決方法",
    "その他の情報 - 公布年月日",
    "その他の情報 - 法律番号",
    "成立法律",
    "備考",
    "_source_commit",
    "_source_date",
)
HR_COLUMNS = (
    "掲載回次",
    "キャプション",
    "種類",
    "提出回次",
    "番号",
    "議案件名",
    "審議状況",
    "経過情報",
    "経過情報URL",
    "本文情報",
    "本文情報URL",
    "議案種類",
    "議案提出回次",
    "議案番号",
    "議案件名",
    "議案提出者",
    "衆議院予備審査議案受理年月日",
    "衆議院予備付託年月日／衆議院予備付託委員会",
    "衆議院議案受理年月日",
    "衆議院付託年月日／衆議院付託委員会",
    "衆議院審査終了年月日／衆議院審査結果",
    "衆議院審議終了年月日／衆議院審議結果",
    "衆議院審議時会派態度",
    "衆議院審議時賛成会派",
    "衆議院審議時反対会派",
    "参議院予備審査議案受理年月日",
    "参議院予備付託年月日／参議院予備付託委員会",
    "参議院議案受理年月日",
    "参議院付託年月日／参議院付託委員会",
    "参議院審査終了年月日／参議院審査結果",
    "参議院審議終了年月日／参議院審議結果",
    "公布年月日／法律番号",
)

# The decisions the tables write, as the outcomes of the vocabulary. A word not here is refused, never guessed.
RESULTS = {
    "可決": "passed",
    "修正": "passed-with-amendments",
    "併合修正": "passed-with-amendments",  # amended by merging it with other bills into one
    "否決": "rejected",
    "継続審査": "carried-over",
    "閉会中審査": "carried-over",
    "未了": "lapsed",
    "審査未了": "lapsed",
    "審議未了": "lapsed",
    "同意": "agreed",
    "不同意": "not-agreed",
    "撤回": "withdrawn",
    "撤回許可": "withdrawn",
    "撤回承諾": "withdrawn",
    "承諾": "consented",  # the House consents to what the submitter asked (to amend the bill, say)
    "議決を要しない": "no-vote-needed",
    "議決不要": "no-vote-needed",
}
# Cells that record no decision on the bill: an interim report heard, committee examination omitted or decided away.
NOT_DECISIONS = {"（中間報告聴取）", "審査省略", "省略決定", "議決"}
VOTE_MODES = {
    "多数": "majority (多数)",
    "全会一致": "unanimous (全会一致)",
    "少数": "minority (少数)",
    "議長決裁": "casting vote of the President (議長決裁)",
    "出席議員の3分の2以上の多数": "two-thirds majority of those present (出席議員の3分の2以上の多数)",
}
VOTE_METHODS = {
    "押しボタン": "push-button vote (押しボタン)",
    "起立": "standing vote (起立)",
    "記名": "recorded vote (記名)",
    "異議の有無": "no objection (異議の有無)",
}
HR_STATUSES = {
    "成立",
    "衆議院で閉会中審査",
    "未了",
    "撤回",
    "参議院で閉会中審査",
    "本院議了",
    "衆議院で審議中",
    "参議院回付案（同意）",
    "参議院で審議中",
    "衆議院議決案（可決）",
    "参議院議了",
    "中間報告",
    "撤回承諾",
    "修正承諾",
    "議決不要",
    "",
    "衆議院で併合修正",
    "衆議院回付案(同意)",
    "参議院回付案（不同意）",
    "衆議院回付案（同意）",
    "両院の意見が一致しない旨報告",
    "本院可決",
    "両院承認",
    "両院承諾",
    "参議院で審議未了",
    "衆議院で審議未了",
}

# Steps of a bill's passage, in procedural order for events of the same day.
PHASE = {
    "submit": 0,
    "refer1": 1,
    "committee1": 2,
    "plenary1": 3,
    "transmit": 4,
    "refer2": 5,
    "committee2": 6,
    "plenary2": 7,
    "agreement": 8,
    "promulgate": 9,
    "withdraw": 10,
    "lapse": 11,
}


@dataclass(frozen=True)
class Cell:
    """Where a value was read: the table, its line, the column, and the row's own page and dataset commit."""

    table: str  # "hc" or "hr"
    file: str
    line: int
    column: str
    value: str
    session: int  # the session the row lists the bill in
    page: str  # the House's page for the bill in that session
    commit: str


@dataclass(frozen=True)
class Event:
    """One fact of a bill's passage as one table gives it."""

    step: str  # submit, transmit, refer, committee, plenary, agreement, promulgate, withdraw, lapse
    house: str  # hr, hc ("" for promulgation)
    session: int
    date: dt.date | None
    result: str = ""  # an outcome of the vocabulary
    committee: str = ""
    mode: str = ""
    method: str = ""
    vote_url: str = ""
    parties_for: tuple[str, ...] = ()
    parties_against: tuple[str, ...] = ()
    law_number: int | None = None
    note: str = ""  # what the cell says beyond its value (審査省略)
    cells: tuple[Cell, ...] = ()

    @property
    def table(self) -> str:
        return self.cells[0].table if self.cells else ""


@dataclass
class DietBill:
    """Everything both tables say of one law bill."""

    kind: str  # 閣法, 衆法, 参法
    session: int  # of submission
    number: int
    title: str = ""
    title_session: int = 0
    submitter: str = ""
    first_house: str = ""  # hr or hc
    events: list[Event] = field(default_factory=list)
    # session -> title -> (url, note): each session's documents go with the first stage of that session, so a row
    # of a later session changes no earlier stage (a newer table only adds commits)
    documents: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)  # session -> the bill's text page as that session lists it
    enacted_text: str = ""
    pages: dict[tuple[str, int], str] = field(default_factory=dict)  # (table, session) -> the House's page
    statuses: list[tuple[int, str, Cell]] = field(default_factory=list)  # HR 審議状況 by session

    @property
    def id(self) -> str:
        return f"jp-{self.session}-{KINDS[self.kind]}-{self.number}"

    @property
    def diet_bill(self) -> str:
        return f"第{self.session}回国会{self.kind}第{self.number}号"


_Key = tuple[str, int, int]  # a bill: its kind, the session it was submitted in, its number


# The longest cell of the real tables is a title of 241 characters: a cell of more is no bill table's.
MAX_CELL = 4096
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # a cell may hold line breaks and tabs, no other


class _Table:
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
        """Each row after the header with its line number (the last line of a record that spans several), once."""
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
            line = reader.line_num
            if len(row) != self.width:
                raise ImportFormatError(f"{self.name} line {line}: {len(row)} cells, the header has {self.width}")
            for i, cell in enumerate(row):
                if len(cell) > MAX_CELL:
                    raise ImportFormatError(
                        f"{self.name} line {line}, column {self.header[i][:80]!r}: a cell of {len(cell):,} "
                        f"characters, over the {MAX_CELL:,} any House table has: check the file"
                    )
                control = _CONTROL.search(cell)
                if control:
                    raise ImportFormatError(
                        f"{self.name} line {line}, column {self.header[i][:80]!r}: a control character "
                        f"{control.group()!r} (binary data?): give the House's table as it is"
                    )
            yield line, row

    def error(self, line: int, column: str, message: str) -> ImportFormatError:
        return ImportFormatError(f"{self.name} line {line}, column {column}: {message}")


def _clean(value: str) -> str:
    return " ".join(value.replace("\u3000", " ").split())


def _date(table: _Table, line: int, column: str, value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return parse_date(value)
    except InvalidDate as exc:
        raise table.error(line, column, f"{exc}") from None


def _result(table: _Table, line: int, column: str, value: str) -> str:
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


def _committee(name: str) -> str:
    """A committee's name, one spelling per committee: some rows write the half-width middle dot (文教･科学委員会),
    the others the full-width one (文教・科学委員会), for the same committee."""
    name = _clean(name).replace("\uff65", "\u30fb")
    return name if not name or name.endswith("委員会") else name + "委員会"


def _split(value: str) -> tuple[str, str]:
    """An HR cell `date／value` (either part may be empty)."""
    date, sep, rest = value.partition("／")
    if not sep:
        return value.strip(), ""
    return date.strip(), rest.strip()


MAX_NUMBER = 99_999  # sessions (221 so far), bill numbers (a few hundred a session) and law numbers alike


def _int(table: _Table, line: int, column: str, value: str) -> int:
    value = unicodedata.normalize("NFKC", value).strip()
    if not value.isdigit():
        raise table.error(line, column, f"{value[:40]!r} is not a number")
    if len(value) > len(str(MAX_NUMBER)) or not 0 < int(value) <= MAX_NUMBER:
        raise table.error(line, column, f"{value[:40]} is not a session, bill or law number (1 to {MAX_NUMBER:,})")
    return int(value)


# --- reading the House of Councillors table -------------------------------------------------------------------


def _hc_dataset(commit: str) -> str:
    return "data/gian.csv" if commit == HC_BASE_COMMIT else "data/gian_sample.json"


_NOTE_DATE = re.compile(r"((?:令和|平成|昭和)\s*(?:\d+|元)\s*年)?\s*(\d+)\s*月\s*(\d+)\s*日\s*(.*)")


class _Row:
    """One row of a table: its cells by column, and the facts they give, each remembering its cell."""

    def __init__(self, table: _Table, line: int, cells: list[str], listing: int, page: str, commit: str):
        self.table, self.line, self.cells = table, line, cells
        self.listing, self.page, self.commit = listing, page, commit

    def get(self, column: str | int) -> str:
        return self.cells[self.table.index[column]].strip()

    def column(self, column: str | int) -> str:
        return column if isinstance(column, str) else HR_COLUMNS[column]

    def cell(self, column: str | int, value: str | None = None) -> Cell:
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
        )

    def date(self, column: str | int, value: str | None = None) -> dt.date | None:
        return _date(self.table, self.line, self.column(column), self.get(column) if value is None else value)

    def result(self, column: str | int, value: str | None = None) -> str:
        return _result(self.table, self.line, self.column(column), self.get(column) if value is None else value)

    def number(self, column: str | int, value: str | None = None) -> int:
        return _int(self.table, self.line, self.column(column), self.get(column) if value is None else value)

    def error(self, column: str | int, message: str) -> ImportFormatError:
        return self.table.error(self.line, self.column(column), message)


def _notes(row: _Row) -> list[tuple[dt.date, str]]:
    """The dated entries of a 備考 cell: 「令和5年4月28日 衆へ回付 / 5月12日 衆同意」, 「令和3年6月14日 撤回」."""
    entries: list[tuple[dt.date, str]] = []
    era_year = ""
    for part in re.split(r"\n+", row.cells[row.table.index["備考"]]):
        part = _clean(part)
        if not part:
            continue
        m = _NOTE_DATE.match(part)
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


def _check_vote(row: _Row, column: str, value: str, known: dict[str, str]) -> str:
    if value and value not in known:
        raise row.error(column, f"unknown value {value!r} (known: {'、'.join(known)}): add it to the importer's list")
    return value


def _hc_keys(table: _Table) -> Iterator[tuple[_Key, int, list[str]]]:
    """The law-bill rows of the House of Councillors table, each with its bill's key, in file order (the rest of a
    row is read with the other rows of its bill)."""
    seen: set[tuple[int, str, int, int]] = set()
    for line, cells in table.rows():
        kind = HC_KINDS.get(cells[table.index["種類"]].strip().replace("（表）", ""))
        if kind is None:
            continue  # treaties, budgets, appointments ...: not law bills
        row = _Row(table, line, cells, 0, "", "")
        listing, session, number = row.number("審議回次"), row.number("提出回次"), row.number("提出番号")
        key = (listing, kind, session, number)
        if key in seen:
            raise row.error("審議回次", f"{kind} {session}-{number} is listed twice in session {listing}")
        seen.add(key)
        yield (kind, session, number), line, cells


def _hc_read(bill: DietBill, table: _Table, line: int, cells: list[str], skipped: list[str]) -> None:
    """Add what one row of the House of Councillors table says to its bill."""
    probe = _Row(table, line, cells, 0, "", "")
    row = _Row(table, line, cells, probe.number("審議回次"), probe.get("議案URL"), probe.get("_source_commit"))
    _hc_row(bill, row, skipped)


def _hc_row(bill: DietBill, row: _Row, skipped: list[str]) -> None:
    bill.pages[("hc", row.listing)] = row.page
    if row.listing >= bill.title_session and row.get("件名"):
        bill.title, bill.title_session = row.get("件名"), row.listing
    order = row.get("議案審議情報一覧 - 先議区分")
    bill.first_house = bill.first_house or {"本院先議": "hc", "衆先議": "hr"}.get(order, "")
    bill.first_house = bill.first_house or ("hc" if bill.kind == "参法" else "hr")
    submitter = row.get("議案審議情報一覧 - 発議者") or row.get("議案審議情報一覧 - 提出者")
    if submitter:
        bill.submitter = _clean(submitter)
    where = f"{row.table.name} line {row.line}"
    for column in ("議案要旨", "提出法律案"):
        if row.get(column):
            docs = bill.documents.setdefault(row.listing, {})
            docs.setdefault(f"{column} (参議院)", (row.get(column), f"{column}: {where}"))
    if row.get("提出法律案"):
        bill.texts.setdefault(row.listing, row.get("提出法律案"))
    if row.get("成立法律"):
        bill.enacted_text = row.get("成立法律")
        bill.documents.setdefault(row.listing, {})["成立法律 (参議院)"] = (row.get("成立法律"), f"成立法律: {where}")
    events = bill.events
    listing = row.listing
    submitted = row.date("議案審議情報一覧 - 提出日")
    if submitted:
        events.append(
            Event(
                "submit",
                bill.first_house,
                listing,
                submitted,
                "submitted",
                cells=(row.cell("議案審議情報一覧 - 提出日"),),
            )
        )
    for column, house in (
        ("議案審議情報一覧 - 衆議院から受領／提出日", "hc"),
        ("議案審議情報一覧 - 衆議院へ送付／提出日", "hr"),
    ):
        date = row.date(column)
        if date and date != submitted:  # the column holds the submission date where there was no transmission
            events.append(Event("transmit", house, listing, date, cells=(row.cell(column),)))
    for house, prefix in (("hc", "参議院"), ("hr", "衆議院")):
        committee_column = f"{prefix}委員会等経過情報 - 付託委員会等"
        committee = _committee(row.get(committee_column))
        referred = row.date(f"{prefix}委員会等経過情報 - 本付託日")
        if referred:
            value = f"{row.get(f'{prefix}委員会等経過情報 - 本付託日')} / {row.get(committee_column)}"
            events.append(
                Event(
                    "refer",
                    house,
                    listing,
                    referred,
                    "referred",
                    committee=committee,
                    cells=(row.cell(f"{prefix}委員会等経過情報 - 本付託日", value),),
                )
            )
        column = f"{prefix}委員会等経過情報 - 議決・継続結果"
        result = row.result(column)
        decided = row.date(f"{prefix}委員会等経過情報 - 議決日")
        value = " / ".join(v for v in (row.get(f"{prefix}委員会等経過情報 - 議決日"), row.get(column)) if v)
        if result == "lapsed":
            events.append(
                Event("lapse", house, listing, decided, "lapsed", committee=committee, cells=(row.cell(column, value),))
            )
        elif result and decided:
            events.append(
                Event(
                    "committee", house, listing, decided, result, committee=committee, cells=(row.cell(column, value),)
                )
            )
        column = f"{prefix}本会議経過情報 - 議決"
        result = row.result(column)
        decided = row.date(f"{prefix}本会議経過情報 - 議決日")
        mode = _check_vote(
            row, f"{prefix}本会議経過情報 - 採決態様", row.get(f"{prefix}本会議経過情報 - 採決態様"), VOTE_MODES
        )
        method = _check_vote(
            row, f"{prefix}本会議経過情報 - 採決方法", row.get(f"{prefix}本会議経過情報 - 採決方法"), VOTE_METHODS
        )
        value = " / ".join(v for v in (row.get(f"{prefix}本会議経過情報 - 議決日"), row.get(column), mode, method) if v)
        if result == "lapsed":
            events.append(Event("lapse", house, listing, decided, "lapsed", cells=(row.cell(column, value),)))
        elif result and decided:
            url = row.get("参議院本会議経過情報 - 投票結果") if house == "hc" else ""
            events.append(
                Event(
                    "plenary",
                    house,
                    listing,
                    decided,
                    result,
                    mode=mode,
                    method=method,
                    vote_url=url,
                    cells=(row.cell(column, value),),
                )
            )
    promulgated = row.date("その他の情報 - 公布年月日")
    if promulgated:
        number = row.get("その他の情報 - 法律番号")
        law = row.number("その他の情報 - 法律番号") if number else None
        events.append(
            Event(
                "promulgate",
                "",
                listing,
                promulgated,
                "promulgated",
                law_number=law,
                cells=(row.cell("その他の情報 - 公布年月日", f"{promulgated} / {number}"),),
            )
        )
    if row.get("備考"):
        for date, what in _notes(row):
            note = row.cell("備考", f"{date} {what}")
            if what.startswith("撤回申出") or what.endswith("回付"):
                continue  # the request, the return: the withdrawal or the agreement that follows decides
            if what.startswith("撤回"):
                events.append(Event("withdraw", "", listing, date, "withdrawn", note=what, cells=(note,)))
            elif what in ("衆同意", "参同意", "衆不同意", "参不同意"):
                house = "hr" if what.startswith("衆") else "hc"
                events.append(
                    Event("agreement", house, listing, date, "not-agreed" if "不" in what else "agreed", cells=(note,))
                )
            else:
                skipped.append(
                    f"{row.table.name} line {row.line}, column 備考: {what!r} on {date} is not a step "
                    "the importer records"
                )


# --- reading the House of Representatives table ---------------------------------------------------------------


def _parties(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


_HR_STATUS = {unicodedata.normalize("NFKC", s).replace("(", "（").replace(")", "）").strip() for s in HR_STATUSES}


def _hr_status(cells: list[str]) -> str:
    return unicodedata.normalize("NFKC", cells[6]).replace("(", "（").replace(")", "）").strip()


def _hr_keys(table: _Table, skipped: list[tuple[int, str]]) -> Iterator[tuple[_Key, int, list[str]]]:
    """The law-bill rows of the House of Representatives table, each with its bill's key, in file order; the rows
    that are no bill of their own go to `skipped` (line, why)."""
    name = table.name
    seen: set[tuple[int, str, int, int, str]] = set()
    for line, cells in table.rows():
        kind = cells[11].strip()
        if kind not in KINDS:
            continue
        probe = _Row(table, line, cells, 0, "", HR_COMMIT)
        status = _hr_status(cells)
        if status not in _HR_STATUS:
            raise probe.error(6, f"unknown status {cells[6][:80]!r}: add it to the importer's list")
        if not cells[12].strip() or not cells[13].strip():
            skipped.append(
                (
                    line,
                    f"{name} line {line}: {cells[5].strip()[:40]}… ({cells[6].strip() or 'no status'}) has no "
                    "bill number (an amendment motion, or a listing of a bill's return): not a bill of its own",
                )
            )
            yield (kind, 0, 0), line, []  # counted as a law-bill row, read with no bill
            continue
        listing, session, number = probe.number(0), probe.number(12), probe.number(13)
        if status == "中間報告":
            skipped.append(
                (line, f"{name} line {line}: an interim report (中間報告) on {kind} {session}-{number}: not a decision")
            )
            yield (kind, 0, 0), line, []
            continue
        key = (listing, kind, session, number, status)
        if key in seen:
            raise probe.error(0, f"{kind} {session}-{number} is listed twice in session {listing} as {status!r}")
        seen.add(key)
        yield (kind, session, number), line, cells


def _hr_read(bill: DietBill, table: _Table, line: int, cells: list[str], skipped: list[str]) -> None:
    """Add what one row of the House of Representatives table says to its bill."""
    row = _Row(table, line, cells, _int(table, line, HR_COLUMNS[0], cells[0]), cells[8].strip(), HR_COMMIT)
    _hr_row(bill, row, _hr_status(cells))


def _hr_row(bill: DietBill, row: _Row, status: str) -> None:
    events = bill.events
    listing = row.listing
    if "回付案" in status or "議決案" in status:
        # The other House amended the bill and sent it back (回付案), or the HR votes again on it (議決案): the row's
        # plenary cells give that vote.
        house = "hr" if status.startswith(("参議院回付案", "衆議院議決案")) else "hc"
        i = 21 if house == "hr" else 30
        date_text, word = _split(row.get(i))
        date, result = row.date(i, date_text), row.result(i, word)
        if date and result:
            events.append(
                Event(
                    "agreement" if "回付案" in status else "plenary", house, listing, date, result, cells=(row.cell(i),)
                )
            )
        return
    bill.pages.setdefault(("hr", listing), row.page)
    if row.get(5) and (not bill.title or (bill.title_session < 153 and listing >= bill.title_session)):
        bill.title, bill.title_session = row.get(5), listing
    if row.get(15) and not bill.submitter:
        bill.submitter = _clean(row.get(15))
    if row.get(10):
        label = row.get(9) or "本文"
        docs = bill.documents.setdefault(listing, {})
        docs.setdefault(f"{label} (衆議院)", (row.get(10), f"本文情報URL: {row.table.name} line {row.line}"))
        bill.texts[listing] = row.get(10)  # the House's page of the bill as that session lists it
    bill.statuses.append((listing, status, row.cell(6)))
    if not bill.first_house:  # the HR examines a bill the HC took first in advance (予備審査)
        bill.first_house = "hc" if row.get(16) or bill.kind == "参法" else "hr"
    for i, house in ((18, "hr"), (27, "hc")):
        received = row.date(i)
        if received:
            # Received by the House it was submitted to, in the session of submission: the submission. Any other
            # receipt is a transmission from the other House (in a later session a carried-over bill passed by one
            # House goes to the other, whichever took it first).
            first = house == bill.first_house and listing == bill.session
            step = "submit" if first else "transmit"
            events.append(
                Event(step, house, listing, received, "submitted" if step == "submit" else "", cells=(row.cell(i),))
            )
    for house, (refer, committee_i, plenary_i) in (("hr", (19, 20, 21)), ("hc", (28, 29, 30))):
        date_text, committee = _split(row.get(refer))
        referred = row.date(refer, date_text) if committee != "審査省略" else None
        if referred:
            events.append(
                Event(
                    "refer",
                    house,
                    listing,
                    referred,
                    "referred",
                    committee=_committee(committee),
                    cells=(row.cell(refer),),
                )
            )
        for i, step in ((committee_i, "committee"), (plenary_i, "plenary")):
            date_text, word = _split(row.get(i))
            result, date = row.result(i, word), row.date(i, date_text)
            if result == "withdrawn" and date:
                events.append(Event("withdraw", house, listing, date, "withdrawn", cells=(row.cell(i),)))
            elif result == "lapsed":
                events.append(Event("lapse", house, listing, date, "lapsed", cells=(row.cell(i),)))
            elif result and date and step == "plenary" and house == "hr":
                mode = _check_vote(row, HR_COLUMNS[22], row.get(22), VOTE_MODES)
                cells: tuple[Cell, ...] = (row.cell(i, " / ".join(v for v in (row.get(i), mode) if v)),)
                if row.get(23) or row.get(24):
                    cells += (row.cell(23, f"賛成: {row.get(23)} / 反対: {row.get(24)}"),)
                events.append(
                    Event(
                        step,
                        house,
                        listing,
                        date,
                        result,
                        mode=mode,
                        parties_for=_parties(row.get(23)),
                        parties_against=_parties(row.get(24)),
                        cells=cells,
                    )
                )
            elif result and date:
                named = _committee(committee) if step == "committee" and committee != "審査省略" else ""
                events.append(Event(step, house, listing, date, result, committee=named, cells=(row.cell(i),)))
    date_text, law = _split(row.get(31))
    promulgated = row.date(31, date_text)
    if promulgated:
        events.append(
            Event(
                "promulgate",
                "",
                listing,
                promulgated,
                "promulgated",
                law_number=row.number(31, law) if law else None,
                cells=(row.cell(31),),
            )
        )
    if status == "撤回":
        events.append(Event("withdraw", "", listing, None, "withdrawn", cells=(row.cell(6),)))
    elif status == "未了":
        events.append(Event("lapse", "", listing, None, "lapsed", cells=(row.cell(6),)))


# --- merging the two tables ---------------------------------------------------------------------------------------


def _phase(event: Event, first_house: str) -> int:
    if event.step in ("refer", "committee", "plenary"):
        return PHASE[f"{event.step}{1 if event.house == first_house else 2}"]
    return PHASE[event.step]


@dataclass
class _Fact:
    """One step of the timeline: the event as the table of record gives it, and where the other table differs."""

    event: Event
    cells: list[Cell]
    disputes: list[tuple[str, Event]] = field(default_factory=list)  # (what differs, the other table's event)


_FILLED = ("date", "committee", "mode", "method", "vote_url", "parties_for", "parties_against", "result")
_COMPARED = {"date": "date", "result": "result", "committee": "committee", "law_number": "law number"}


def _of_record(event: Event) -> tuple[int, str]:
    """Which table is the record of an event: the acting House's own (the HC's for a promulgation or a lapse, the
    table that runs to the latest session)."""
    house = event.house or "hc"
    return (0 if event.table == house else 1, event.table)


def _merge(bill: DietBill) -> list[_Fact]:
    """Both tables' events of one bill as one list of facts, in procedural order."""
    groups: dict[tuple[str, str, int], list[Event]] = {}
    for event in bill.events:
        # One fact whichever House's table records it: a transmission is sent by one House and received by the other.
        house = "" if event.step in ("transmit", "promulgate", "withdraw", "lapse") else event.house
        groups.setdefault((event.step, house, event.session), []).append(event)
    facts: list[_Fact] = []
    for events in groups.values():
        events.sort(key=_of_record)
        record = events[0]
        fact = _Fact(record, list(record.cells))
        for other in events[1:]:
            if other.table == record.table:
                if (other.date, other.result) != (record.date, record.result):
                    facts.append(_Fact(other, list(other.cells)))  # a second decision of the same session
                continue
            differs = [
                label
                for attr, label in _COMPARED.items()
                if getattr(record, attr) not in (None, "")
                and getattr(other, attr) not in (None, "")
                and getattr(record, attr) != getattr(other, attr)
            ]
            if differs:
                fact.disputes.append((", ".join(differs), other))
            fact.cells += [c for c in other.cells if c not in fact.cells]
            # What only the other table gives (a date the record leaves out, the parties) fills the gaps.
            filled = {a: getattr(fact.event, a) or getattr(other, a) for a in _FILLED}
            if fact.event.law_number is None:
                filled["law_number"] = other.law_number
            fact.event = replace(fact.event, **filled)
        facts.append(fact)
    # The same fact in later sessions' rows (a carried-over bill's submission date is in each of its rows).
    out: list[_Fact] = []
    for fact in sorted(facts, key=lambda f: f.event.session):
        e = fact.event
        if e.step in ("submit", "transmit", "promulgate", "refer") and e.date is not None:
            twin = next(
                (f for f in out if (f.event.step, f.event.house, f.event.date) == (e.step, e.house, e.date)), None
            )
            if twin is not None:
                twin.cells += [c for c in fact.cells if c not in twin.cells]
                twin.disputes += fact.disputes
                continue
        out.append(fact)
    # One end: the withdrawal (dated where a table dates it), else the lapse in the last session it was listed in.
    terminal = [f for f in out if f.event.step in ("lapse", "withdraw")]
    if terminal:
        ends = [f for f in terminal if f.event.step == "withdraw"] or terminal
        keep = max(ends, key=lambda f: (f.event.date is not None, f.event.session, f.event.date or dt.date.min))
        for f in terminal:
            if f is not keep:
                keep.cells += [c for c in f.cells if c not in keep.cells]
                keep.disputes += f.disputes
        out = [f for f in out if f not in terminal or f is keep]
    return sorted(
        out, key=lambda f: (f.event.date is None, f.event.date or dt.date.max, _phase(f.event, bill.first_house))
    )


# --- facts to stages ----------------------------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _sources(fact: _Fact, bill: DietBill) -> tuple[Source, ...]:
    out: list[Source] = []
    seen: set[tuple[str, str]] = set()
    for c in sorted(fact.cells, key=lambda c: (c.table != (fact.event.house or c.table), c.table, c.line)):
        key = (c.table, c.page)
        if c.page and key not in seen:
            seen.add(key)
            what = "議案情報" if c.table == "hc" else "議案審議経過情報"
            out.append(
                Source(
                    url=c.page,
                    title=Localized.of({"ja": f"{what} (第{c.session}回国会 {bill.kind}第{bill.number}号)"}),
                    publisher=PUBLISHER[c.table],
                    note=Localized.of(
                        {"ja": "; ".join(f"{x.column}: {x.value}" for x in fact.cells if x.page == c.page)}
                    ),
                )
            )
    for c in fact.cells:
        repo, base = DATASET[c.table]
        path = _hc_dataset(c.commit) if c.table == "hc" else f"data/kaiji/kaiji{c.session}.csv"
        url = f"{base}/blob/{c.commit}/{path}"
        if ("dataset", url) in seen:
            continue
        seen.add(("dataset", url))
        out.append(
            Source(
                url=url,
                title=Localized.written(f"{repo} {path}"),
                publisher=Localized.of(
                    {
                        "ja": "スマートニュース メディア研究所（スクレイピング）",
                        "en": "SmartNews Media Research Institute (scrape)",
                    }
                ),
                note=Localized.written(f"{c.file} line {c.line}, column {c.column} (commit {c.commit})"),
                kind="dataset",
            )
        )
    return tuple(out)


def _result_text(outcome: str, lang: str) -> str:
    ja = {
        "passed": "可決",
        "passed-with-amendments": "修正議決",
        "rejected": "否決",
        "carried-over": "継続審査",
        "agreed": "同意",
        "not-agreed": "不同意",
        "no-vote-needed": "議決を要しない",
    }
    en = {
        "passed": "passes the bill",
        "passed-with-amendments": "passes the bill with amendments (修正)",
        "rejected": "rejects the bill",
        "carried-over": "carries the bill over to the next session (継続審査)",
        "agreed": "agrees to the amendments",
        "not-agreed": "does not agree to the amendments",
        "no-vote-needed": "records that no vote is needed (議決を要しない)",
    }
    return (ja if lang == "ja" else en).get(outcome, outcome)


def _stage_facts(fact: _Fact, bill: DietBill, enacting: _Fact | None) -> dict[str, Any]:
    e = fact.event
    ja_house, en_house = HOUSES.get(e.house, ("", ""))
    committee = e.committee
    facts: dict[str, Any] = {"session": e.session}
    if e.step == "submit":
        kind = "submitted" if bill.kind == "閣法" else "introduced"
        who = "内閣" if bill.kind == "閣法" else bill.submitter
        facts.update(
            kind=kind,
            outcome="submitted",
            body=who or ja_house,
            title={
                "ja": f"{who + 'が' if who else ''}{ja_house}に提出",
                "en": (
                    f"The Cabinet submits the bill in the {en_house}"
                    if bill.kind == "閣法"
                    else f"Introduced in the {en_house}" + (f" by {who}" if who else "")
                ),
            },
        )
    elif e.step == "transmit":
        other = "hr" if e.house == "hc" else "hc"
        facts.update(
            kind="transmitted",
            body=ja_house,
            title={
                "ja": f"{HOUSES[other][0]}から{ja_house}に送付",
                "en": f"Sent from the {HOUSES[other][1]} to the {en_house}",
            },
        )
    elif e.step == "refer":
        if e.note:
            facts.update(
                kind="referred",
                body=ja_house,
                outcome="",
                title={
                    "ja": f"{ja_house}で委員会審査省略",
                    "en": f"{en_house}: committee examination omitted (審査省略)",
                },
            )
        else:
            facts.update(
                kind="referred",
                outcome="referred",
                body=f"{ja_house}{committee}",
                title={"ja": f"{ja_house}{committee}に付託", "en": f"Referred to the {en_house} committee {committee}"},
            )
    elif e.step == "committee":
        facts.update(
            kind="committee-vote",
            outcome=e.result,
            body=f"{ja_house}{committee}",
            title={
                "ja": f"{ja_house}{committee}で{_result_text(e.result, 'ja')}",
                "en": f"The {en_house} committee {committee} {_result_text(e.result, 'en')}",
            },
        )
    elif e.step in ("plenary", "agreement"):
        enacted = fact is enacting
        kind = "enacted" if enacted else "plenary-vote"
        ja_result = _result_text(e.result, "ja")
        if e.step == "agreement":
            returned_by = HOUSES["hc" if e.house == "hr" else "hr"]
            ja = f"{ja_house}本会議で{returned_by[0]}の回付案に{ja_result}"
            en = f"The {en_house} {_result_text(e.result, 'en')} of the {returned_by[1]} (回付案)"
        else:
            ja = f"{ja_house}本会議で{ja_result}"
            en = f"The {en_house} {_result_text(e.result, 'en')} in plenary"
        if enacted:
            ja, en = ja + "、成立", en + ": the bill is enacted (成立)"
        facts.update(
            kind=kind, outcome="enacted" if enacted else e.result, body=f"{ja_house}本会議", title={"ja": ja, "en": en}
        )
        if e.mode or e.method or e.parties_for or e.parties_against or e.vote_url:
            facts["vote"] = Vote(
                result=VOTE_MODES.get(e.mode, ""),
                method=VOTE_METHODS.get(e.method, ""),
                parties_for=e.parties_for,
                parties_against=e.parties_against,
                record_url=e.vote_url,
            )
    elif e.step == "promulgate":
        assert e.date is not None
        if e.law_number is not None:
            number = law_number(e.law_number, e.date)
            en_number = f"Act No. {e.law_number} of {e.date.year}"
            title = {"ja": f"公布（{number}）", "en": f"Promulgated as {en_number} ({number})"}
        else:
            title = {"ja": "公布", "en": "Promulgated"}
        facts.update(kind="promulgated", outcome="promulgated", body="", title=title)
    elif e.step == "withdraw":
        facts.update(
            kind="withdrawn",
            outcome="withdrawn",
            body=ja_house,
            title={"ja": "撤回" + (f"（{e.note}）" if e.note and e.note != "撤回" else ""), "en": "Withdrawn"},
        )
    elif e.step == "lapse":
        facts.update(
            kind="lapsed",
            outcome="lapsed",
            body=f"{ja_house}{committee}" if ja_house else "",
            title={
                "ja": f"審議未了（第{e.session}回国会）",
                "en": f"Lapsed at the end of the {_ordinal(e.session)} Diet session (審議未了)",
            },
        )
    return facts


def _claims(fact: _Fact, bill: DietBill, sources: Sequence[Source]) -> tuple[Claim, ...]:
    claims = []
    acting = fact.event.house or fact.event.table
    record_urls = tuple(dict.fromkeys(c.page for c in fact.cells if c.table == acting and c.page))
    for what, other in fact.disputes:
        table_name = "参議院" if other.table == "hc" else "衆議院"
        said = {
            "date": str(other.date),
            "result": other.result,
            "committee": other.committee,
            "law number": str(other.law_number),
        }
        kept = {
            "date": str(fact.event.date),
            "result": fact.event.result,
            "committee": fact.event.committee,
            "law number": str(fact.event.law_number),
        }
        parts = [p.strip() for p in what.split(",")]
        statement = "; ".join(f"{p}: {said[p]}" for p in parts)
        record = "; ".join(f"{p}: {kept[p]}" for p in parts)
        page = next((c.page for c in other.cells if c.page), "")
        claims.append(
            Claim(
                statement=f"the {table_name} table gives {statement}",
                source=Source(
                    url=page or sources[0].url,
                    title=Localized.of(
                        {"ja": f"{table_name}の議案の表", "en": f"{HOUSES[other.table][1]} bill table (議案)"}
                    ),
                    publisher=PUBLISHER[other.table],
                    note=Localized.written(
                        "; ".join(f"{c.file} line {c.line}, column {c.column}: {c.value}" for c in other.cells)
                    ),
                ),
                verdict="contradicted" if record_urls else "unverified",
                record=Localized.of(
                    {
                        "ja": f"{HOUSES[acting][0] if acting in HOUSES else '参議院'}自身の表では {record}",
                        "en": f"The {HOUSES[acting][1] if acting in HOUSES else 'House of Councillors'} gives "
                        f"{record} in its own table.",
                    }
                ),
                record_sources=record_urls,
            )
        )
    return tuple(claims)


def _enacting(facts: Sequence[_Fact], enacted: bool) -> _Fact | None:
    """The vote that made the bill law (Constitution, Art. 59): in one session, the second House's passing vote
    after the first House passed it, the first House's agreement to the second House's amendments (回付案), or
    the House of Representatives passing it again; a bill the record shows as enacted otherwise (promulgated, or
    成立 in the House of Representatives' table) is enacted by its last passing vote."""
    passing = [
        f
        for f in facts
        if f.event.step in ("plenary", "agreement")
        and f.event.date
        and f.event.result in ("passed", "passed-with-amendments", "agreed")
    ]
    if not passing:
        return None
    last = passing[-1]
    if enacted:
        return last
    same_session = [f for f in passing if f.event.session == last.event.session and f is not last]
    by_other_house = any(f.event.house != last.event.house for f in same_session)
    if last.event.step == "agreement" and last.event.result == "agreed":
        return last
    if by_other_house and last.event.result == "passed":
        return last  # the second House passes what the first passed: law, whatever comes after
    return None


def _session_value(values: Mapping[int, Any], session: int) -> Any:
    """What the latest session up to `session` lists (a stage of a session no row describes keeps the last)."""
    earlier = [s for s in values if s <= session]
    return values[max(earlier)] if earlier else (values[min(values)] if values else None)


def bill_model(bill: DietBill) -> Bill:
    """The package of one bill: its facts as stages, in procedural order, each with its sources."""
    facts = _merge(bill)
    enacted = any(f.event.step == "promulgate" for f in facts) or any(s == "成立" for _, s, _ in bill.statuses)
    enacting = _enacting(facts, enacted)
    stages: list[Stage] = []
    sessions_seen: set[int] = set()
    for n, fact in enumerate(
        (f for f in facts if f.event.date is not None or f.event.step in ("lapse", "withdraw")), 1
    ):
        if n > 99:
            raise ImportFormatError(f"{bill.diet_bill} has more than 99 steps: the NN-kind stage ids are full")
        e = fact.event
        data = _stage_facts(fact, bill, enacting)
        sources = _sources(fact, bill)
        after_enactment = enacting is not None and (fact is enacting or e.step == "promulgate")
        enacted_text = next(
            (u for docs in bill.documents.values() for t, (u, _) in docs.items() if t.startswith("成立法律")), ""
        )
        if after_enactment and enacted_text:
            url, which, which_ja = enacted_text, "the enacted law (成立法律)", "成立法律"
        else:
            url, which, which_ja = (_session_value(bill.texts, e.session) or sources[0].url), "the bill", "法律案"
        texts = (
            TextRef(
                "ja",
                TEXT_NOT_ON_FILE,
                url=url,
                reason=Localized.of(
                    {
                        "ja": f"{which_ja}の本文は legistrack のデータになく、議院が公開している。",
                        "en": f"The text of {which} is not in legistrack's data; the House publishes it.",
                    }
                ),
            ),
        )
        documents: list[Document] = []
        if e.session not in sessions_seen:  # the first stage of each session carries that session's documents
            sessions_seen.add(e.session)
            documents += [
                Document(title=Localized.of({"ja": t}), url=u, note=Localized.written(note))
                for t, (u, note) in sorted(bill.documents.get(e.session, {}).items())
                if not t.startswith("成立法律")
            ]
        if after_enactment and (fact is enacting or enacting is None):
            documents += [
                Document(title=Localized.of({"ja": t}), url=u, note=Localized.written(note))
                for docs in bill.documents.values()
                for t, (u, note) in sorted(docs.items())
                if t.startswith("成立法律")
            ]
        number = ""
        if e.step == "promulgate" and e.law_number is not None and e.date is not None:
            number = law_number(e.law_number, e.date)
        stages.append(
            Stage(
                id=f"{n:02d}-{data['kind']}",
                kind=data["kind"],
                date=e.date,
                title=Localized.of(data["title"]),
                sources=sources,
                texts=texts,
                body=data.get("body", ""),
                outcome=data.get("outcome", ""),
                vote=data.get("vote"),
                documents=tuple(documents),
                claims=_claims(fact, bill, sources),
                session=e.session,
                law_number=number,
                imported=IMPORT_NAME,
            )
        )
    model = Bill(
        id=bill.id,
        title=Localized.of({"ja": bill.title or bill.diet_bill}),
        languages=("ja",),
        jurisdiction="JP",
        timezone="Asia/Tokyo",
        # The bill's own facts never change once it is submitted: its law number is a fact of the promulgation
        # stage, so the stages a newer table adds are new commits on top of the old ones.
        identifiers=(("diet_bill", bill.diet_bill),),
        stages=tuple(stages),
        maintained_by=MAINTAINED_BY,
    )
    # Through the schema, as bill.toml will be read back: every value validated and normalised (a cell's trailing
    # space, a note's wrapping), so writing the package again gives the same bytes.
    tables = {"bill": schema.bill_table(model), "stages": [schema.stage_table(s) for s in stages]}
    return schema.parse_manifest(tables, bill.id, where=f"the import of {bill.diet_bill}")


class Reading:
    """Both Houses' tables, read: their law-bill rows grouped by bill in a temporary SQLite database (on disk), so
    that a bill is built from its own rows alone and memory holds one bill at a time, whatever the tables' size."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}  # table -> law-bill rows read
        self._skipped: list[tuple[int, int, str]] = []  # (table, line, why): in the order of the tables' lines
        self._tables: list[_Table] = []
        self._db = sqlite3.connect("")  # SQLite's private temporary database, removed when closed
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("CREATE TABLE row (bill TEXT, kind TEXT, session INT, number INT, tab INT, line INT, cells)")
        self.count = 0

    def add(self, name: str, data: bytes) -> None:
        """Read one table (hc-gian-*.csv or hr-gian-*.csv) and file its law-bill rows under their bills."""
        tab = len(self._tables)
        skipped: list[tuple[int, str]] = []
        if name.startswith("hc-"):
            table = _Table(data, name, HC_COLUMNS)
            rows = _hc_keys(table)
        elif name.startswith("hr-"):
            table = _Table(data, name, HR_COLUMNS, by_position=True)
            rows = _hr_keys(table, skipped)
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
        self._skipped += [(tab, line, why) for line, why in skipped]
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
                (_hc_read if table.hc else _hr_read)(bill, table, line, json.loads(cells), notes)
                self._skipped += [(tab, line, why) for why in notes]
            assert bill is not None
            yield bill_model(bill)

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


__all__ = ["IMPORT_NAME", "MAINTAINED_BY", "Reading", "read_tables"]
