"""The House of Representatives' table (sessions 142-208, 和暦 dates packed as `date／value`, the parties for and
against): each row's facts as events of its bill."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .model import HR_COLUMNS, HR_COMMIT, HR_STATUSES, KINDS, VOTE_MODES, Cell, DietBill, Event, Key
from .tables import Row, Table, cell_int, check_vote, clean, committee_name, split_cell


def _parties(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


_HR_STATUS = {unicodedata.normalize("NFKC", s).replace("(", "（").replace(")", "）").strip() for s in HR_STATUSES}


def _hr_status(cells: list[str]) -> str:
    return unicodedata.normalize("NFKC", cells[6]).replace("(", "（").replace(")", "）").strip()


def hr_keys(table: Table, skipped: list[tuple[int, str]]) -> Iterator[tuple[Key, int, list[str]]]:
    """The law-bill rows of the House of Representatives table, each with its bill's key, in file order; the rows
    that are no bill of their own go to `skipped` (line, why)."""
    name = table.name
    seen: set[tuple[int, str, int, int, str]] = set()
    for line, cells in table.rows():
        kind = cells[11].strip()
        if kind not in KINDS:
            continue
        probe = Row(table, line, cells, 0, "", HR_COMMIT)
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


def hr_read(bill: DietBill, table: Table, line: int, cells: list[str], skipped: list[str]) -> None:
    """Add what one row of the House of Representatives table says to its bill."""
    row = Row(table, line, cells, cell_int(table, line, HR_COLUMNS[0], cells[0]), cells[8].strip(), HR_COMMIT)
    _hr_row(bill, row, _hr_status(cells))


def _hr_row(bill: DietBill, row: Row, status: str) -> None:
    """What one row of the House of Representatives' table says of a bill: its title, documents and texts, and
    each step it records (receipt, each House's referral, committee and plenary, promulgation, the end)."""
    events = bill.events
    listing = row.listing
    if "回付案" in status or "議決案" in status:
        _hr_returned(bill, row, status)
        return
    bill.pages.setdefault(("hr", listing), row.page)
    if row.get(5) and (not bill.title or (bill.title_session < 153 and listing >= bill.title_session)):
        bill.title, bill.title_session = row.get(5), listing
    if row.get(15) and not bill.submitter:
        bill.submitter = clean(row.get(15))
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
        _hr_house(bill, row, house, refer, committee_i, plenary_i)
    date_text, law = split_cell(row.get(31))
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


def _hr_returned(bill: DietBill, row: Row, status: str) -> None:
    """The other House amended the bill and sent it back (回付案), or the HR votes again on it (議決案): the row's
    plenary cells give that vote."""
    events, listing = bill.events, row.listing
    house = "hr" if status.startswith(("参議院回付案", "衆議院議決案")) else "hc"
    i = 21 if house == "hr" else 30
    date_text, word = split_cell(row.get(i))
    date, result = row.date(i, date_text), row.result(i, word)
    if date and result:
        events.append(
            Event("agreement" if "回付案" in status else "plenary", house, listing, date, result, cells=(row.cell(i),))
        )


def _hr_house(bill: DietBill, row: Row, house: str, refer: int, committee_i: int, plenary_i: int) -> None:
    """One House's columns: the referral, the committee's decision and the plenary's."""
    events, listing = bill.events, row.listing
    date_text, committee = split_cell(row.get(refer))
    referred = row.date(refer, date_text) if committee != "審査省略" else None
    if referred:
        events.append(
            Event(
                "refer",
                house,
                listing,
                referred,
                "referred",
                committee=committee_name(committee),
                cells=(row.cell(refer),),
            )
        )
    for i, step in ((committee_i, "committee"), (plenary_i, "plenary")):
        date_text, word = split_cell(row.get(i))
        result, date = row.result(i, word), row.date(i, date_text)
        if result == "withdrawn" and date:
            events.append(Event("withdraw", house, listing, date, "withdrawn", cells=(row.cell(i),)))
        elif result == "lapsed":
            events.append(Event("lapse", house, listing, date, "lapsed", cells=(row.cell(i),)))
        elif result and date and step == "plenary" and house == "hr":
            mode = check_vote(row, HR_COLUMNS[22], row.get(22), VOTE_MODES)
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
            named = committee_name(committee) if step == "committee" and committee != "審査省略" else ""
            events.append(Event(step, house, listing, date, result, committee=named, cells=(row.cell(i),)))
