"""The House of Councillors' table (sessions 153 on, one row per bill and session, ISO dates): each row's facts as
events of its bill."""

from __future__ import annotations

from collections.abc import Iterator

from .cells import RowCells
from .model import HC_BASE_COMMIT, HC_KINDS, VOTE_METHODS, VOTE_MODES, Cell, DietBill, Event, Key
from .tables import Row, Table, check_vote, clean, committee_name, notes


def hc_dataset(commit: str) -> str:
    return "data/gian.csv" if commit == HC_BASE_COMMIT else "data/gian_sample.json"


def hc_keys(table: Table) -> Iterator[tuple[Key, int, list[str]]]:
    """The law-bill rows of the House of Councillors table, each with its bill's key, in file order (the rest of a
    row is read with the other rows of its bill)."""
    seen: set[tuple[int, str, int, int]] = set()
    for line, cells in table.rows():
        kind = HC_KINDS.get(cells[table.index["種類"]].strip().replace("（表）", ""))
        if kind is None:
            continue  # treaties, budgets, appointments ...: not law bills
        row = Row(table, line, cells, 0, "", "")
        listing, session, number = row.number("審議回次"), row.number("提出回次"), row.number("提出番号")
        key = (listing, kind, session, number)
        if key in seen:
            raise row.error("審議回次", f"{kind} {session}-{number} is listed twice in session {listing}")
        seen.add(key)
        yield (kind, session, number), line, cells


# The cells of an HC row that no fact of the bill needs, and why (the accounting of every cell reports them).
CARRY_OVER_MARK = (
    "the mark of a bill carried over from an earlier session (衆継続, 参継続): that session's carry-over is a stage"
)
UNDATED_COMMITTEE = (
    "a committee named with no date of referral (a preliminary referral, 予備付託, where the other table shows one): "
    "no stage without a date"
)
SUBMITTER_CLASS = "the class of submitter (議員発議, 委員会発議): 発議者 or 提出者 names them"


def hc_read(bill: DietBill, table: Table, line: int, cells: list[str], skipped: list[str]) -> RowCells:
    """Add what one row of the House of Councillors table says to its bill; the row's cells and marks."""
    probe = Row(table, line, cells, 0, "", "")
    row = Row(table, line, cells, probe.number("審議回次"), probe.get("議案URL"), probe.get("_source_commit"))
    row.use("審議回次", "種類", "提出回次", "提出番号", "件名", "議案審議情報一覧 - 先議区分")
    row.leave("議案審議情報一覧 - 継続区分", CARRY_OVER_MARK)
    row.leave("議案審議情報一覧 - 提出者区分", SUBMITTER_CLASS)
    _hc_row(bill, row, skipped)
    return row.ledger(("議案URL", "_source_commit", "_source_date"))


def _hc_row(bill: DietBill, row: Row, skipped: list[str]) -> None:
    """What one row of the House of Councillors' table says of a bill: its title, documents and texts, and each
    step it records (submission, transmission, each House's committee and plenary, promulgation, notes)."""
    bill.pages[("hc", row.listing)] = row.page
    if row.listing >= bill.title_session and row.get("件名"):
        bill.title, bill.title_session = row.get("件名"), row.listing
    order = row.get("議案審議情報一覧 - 先議区分")
    bill.first_house = bill.first_house or {"本院先議": "hc", "衆先議": "hr"}.get(order, "")
    bill.first_house = bill.first_house or ("hc" if bill.kind == "参法" else "hr")
    for column in ("議案審議情報一覧 - 発議者", "議案審議情報一覧 - 提出者"):
        if row.get(column):
            bill.submitter = clean(row.get(column))
            row.use(column)
            break
    where = f"{row.table.name} line {row.line}"
    for column in ("議案要旨", "提出法律案"):
        if row.get(column):
            docs = bill.documents.setdefault(row.listing, {})
            docs.setdefault(f"{column} (参議院)", (row.get(column), f"{column}: {where}"))
            row.use(column)
    if row.get("提出法律案"):
        bill.texts.setdefault(row.listing, row.get("提出法律案"))
    if row.get("成立法律"):
        bill.enacted_text = row.get("成立法律")
        bill.documents.setdefault(row.listing, {})["成立法律 (参議院)"] = (row.get("成立法律"), f"成立法律: {where}")
        row.use("成立法律")
    _hc_submission(bill, row)
    for house, prefix in (("hc", "参議院"), ("hr", "衆議院")):
        _hc_house(bill, row, house, prefix)
    _hc_promulgation(bill, row)
    if row.get("備考"):
        _hc_notes(bill, row, skipped)


def _hc_submission(bill: DietBill, row: Row) -> None:
    """The submission, and each transmission to the other House."""
    events, listing = bill.events, row.listing
    submitted = row.date("議案審議情報一覧 - 提出日")
    cells: tuple[Cell, ...] = (row.cell("議案審議情報一覧 - 提出日"),)
    transmissions = []
    for column, house in (
        ("議案審議情報一覧 - 衆議院から受領／提出日", "hc"),
        ("議案審議情報一覧 - 衆議院へ送付／提出日", "hr"),
    ):
        date = row.date(column)
        if date and date != submitted:
            transmissions.append(Event("transmit", house, listing, date, cells=(row.cell(column),)))
        elif date:  # the column holds the submission date where there was no transmission: it confirms the date
            cells = (*cells, row.cell(column))
    if submitted:
        events.append(Event("submit", bill.first_house, listing, submitted, "submitted", cells=cells))
    events += transmissions


def _hc_house(bill: DietBill, row: Row, house: str, prefix: str) -> None:
    """One House's committee and plenary columns."""
    events, listing = bill.events, row.listing
    committee_column = f"{prefix}委員会等経過情報 - 付託委員会等"
    committee = committee_name(row.get(committee_column))
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
                cells=(row.cell(f"{prefix}委員会等経過情報 - 本付託日", value, also=(committee_column,)),),
            )
        )
    elif committee:
        row.leave(committee_column, UNDATED_COMMITTEE)
    column = f"{prefix}委員会等経過情報 - 議決・継続結果"
    result = row.result(column)
    decided = row.date(f"{prefix}委員会等経過情報 - 議決日")
    value = " / ".join(v for v in (row.get(f"{prefix}委員会等経過情報 - 議決日"), row.get(column)) if v)
    cell = row.cell(column, value, also=(f"{prefix}委員会等経過情報 - 議決日", committee_column))
    if result == "lapsed":
        events.append(Event("lapse", house, listing, decided, "lapsed", committee=committee, cells=(cell,)))
    elif result and (decided or result == "carried-over"):  # the other table may date a carry-over
        events.append(Event("committee", house, listing, decided, result, committee=committee, cells=(cell,)))
    column = f"{prefix}本会議経過情報 - 議決"
    result = row.result(column)
    decided = row.date(f"{prefix}本会議経過情報 - 議決日")
    mode = check_vote(
        row, f"{prefix}本会議経過情報 - 採決態様", row.get(f"{prefix}本会議経過情報 - 採決態様"), VOTE_MODES
    )
    method = check_vote(
        row, f"{prefix}本会議経過情報 - 採決方法", row.get(f"{prefix}本会議経過情報 - 採決方法"), VOTE_METHODS
    )
    value = " / ".join(v for v in (row.get(f"{prefix}本会議経過情報 - 議決日"), row.get(column), mode, method) if v)
    also = tuple(f"{prefix}本会議経過情報 - {c}" for c in ("議決日", "採決態様", "採決方法"))
    if house == "hc":
        also += ("参議院本会議経過情報 - 投票結果",)
    cell = row.cell(column, value, also=also)
    if result == "lapsed":
        events.append(Event("lapse", house, listing, decided, "lapsed", cells=(cell,)))
    elif (result and (decided or result == "carried-over")) or (decided and row.get(column) == "議決"):
        # 議決 ("decided") names no result: the acting House's own table gives it (a fact with none is left out)
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
                cells=(cell,),
            )
        )


def _hc_promulgation(bill: DietBill, row: Row) -> None:
    events, listing = bill.events, row.listing
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
                cells=(
                    row.cell(
                        "その他の情報 - 公布年月日", f"{promulgated} / {number}", also=("その他の情報 - 法律番号",)
                    ),
                ),
            )
        )


def _hc_notes(bill: DietBill, row: Row, skipped: list[str]) -> None:
    """The 備考 column: a withdrawal, a House's agreement to the other's amendments; anything else is reported."""
    events, listing = bill.events, row.listing
    for date, what in notes(row):
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
            row.leave("備考", "an entry the importer does not record (each is listed in the report's skipped rows)")
            skipped.append(
                f"{row.table.name} line {row.line}, column 備考: {what!r} on {date} is not a step the importer records"
            )
