"""The House of Councillors' table (sessions 153 on, one row per bill and session, ISO dates): each row's facts as
events of its bill."""

from __future__ import annotations

from collections.abc import Iterator

from .model import HC_BASE_COMMIT, HC_KINDS, VOTE_METHODS, VOTE_MODES, DietBill, Event, Key
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


def hc_read(bill: DietBill, table: Table, line: int, cells: list[str], skipped: list[str]) -> None:
    """Add what one row of the House of Councillors table says to its bill."""
    probe = Row(table, line, cells, 0, "", "")
    row = Row(table, line, cells, probe.number("審議回次"), probe.get("議案URL"), probe.get("_source_commit"))
    _hc_row(bill, row, skipped)


def _hc_row(bill: DietBill, row: Row, skipped: list[str]) -> None:
    """What one row of the House of Councillors' table says of a bill: its title, documents and texts, and each
    step it records (submission, transmission, each House's committee and plenary, promulgation, notes)."""
    bill.pages[("hc", row.listing)] = row.page
    if row.listing >= bill.title_session and row.get("件名"):
        bill.title, bill.title_session = row.get("件名"), row.listing
    order = row.get("議案審議情報一覧 - 先議区分")
    bill.first_house = bill.first_house or {"本院先議": "hc", "衆先議": "hr"}.get(order, "")
    bill.first_house = bill.first_house or ("hc" if bill.kind == "参法" else "hr")
    submitter = row.get("議案審議情報一覧 - 発議者") or row.get("議案審議情報一覧 - 提出者")
    if submitter:
        bill.submitter = clean(submitter)
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
            Event("committee", house, listing, decided, result, committee=committee, cells=(row.cell(column, value),))
        )
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
                cells=(row.cell("その他の情報 - 公布年月日", f"{promulgated} / {number}"),),
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
            skipped.append(
                f"{row.table.name} line {row.line}, column 備考: {what!r} on {date} is not a step the importer records"
            )
