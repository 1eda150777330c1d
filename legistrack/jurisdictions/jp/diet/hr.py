"""The House of Representatives' table (sessions 142-208, 和暦 dates packed as `date／value`, the parties for and
against): each row's facts as events of its bill."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import replace

from .cells import RowCells
from .model import HR_COLUMNS, HR_COMMIT, HR_STATUSES, KINDS, VOTE_MODES, Cell, DietBill, Event, Key
from .tables import Row, Table, cell_int, check_vote, clean, committee_name, split_cell


def _parties(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


_HR_STATUS = {unicodedata.normalize("NFKC", s).replace("(", "（").replace(")", "）").strip() for s in HR_STATUSES}


def _hr_status(cells: list[str]) -> str:
    return unicodedata.normalize("NFKC", cells[6]).replace("(", "（").replace(")", "）").strip()


# A row of its own for one decision on the bill: the other House's amendments returned (回付案), the House of
# Representatives' vote to pass the bill again (議決案), a House's consent to the Cabinet's request (承諾), an interim
# report heard (中間報告). The bill's main row of the session gives its title, documents and steps.
def _decision_row(status: str) -> bool:
    return any(word in status for word in ("回付案", "議決案", "承諾", "中間報告"))


# The cells of an HR row that no fact of the bill needs, and why (the accounting of every cell reports them).
PRELIMINARY = (
    "a copy of a bill submitted to the other House, received for preliminary examination (予備審査, 国会法第五十八条) "
    "or referred for it (予備付託): not a step of the bill's passage"
)
LINK_TEXT = "the link's text (経過, 本文): the row cites the link itself"
CAPTION = "the list's caption (閣法の一覧 ...): 議案種類 gives the bill's kind"
COPY = "a second copy of a cell of the same row (議案提出回次, 議案番号, 議案件名)"
LATER_SUBMITTERS = "the submitters as a later listing gives them: the bill names them as it was first listed"


def hr_keys(table: Table, skipped: list[tuple[int, str, RowCells]]) -> Iterator[tuple[Key, int, list[str]]]:
    """The law-bill rows of the House of Representatives table, each with its bill's key, in file order; the rows
    that are no bill of their own go to `skipped` (line, why, the row's cells)."""
    name = table.name
    seen: set[tuple[object, ...]] = set()
    for line, cells in table.rows():
        kind = cells[11].strip()
        if kind not in KINDS:
            continue
        probe = Row(table, line, cells, 0, "", HR_COMMIT)
        status = _hr_status(cells)
        if status not in _HR_STATUS:
            raise probe.error(6, f"unknown status {cells[6][:80]!r}: add it to the importer's list")
        if not cells[12].strip() or not cells[13].strip():
            why = (
                f"{name} line {line}: {cells[5].strip()[:40]}… ({cells[6].strip() or 'no status'}) has no bill number "
                "(an amendment motion, or a listing of a bill's return): not a bill of its own"
            )
            skipped.append((line, why, probe.ledger(())))
            yield (kind, 0, 0), line, []  # counted as a law-bill row, read with no bill
            continue
        listing, session, number = probe.number(0), probe.number(12), probe.number(13)
        key: tuple[object, ...] = (listing, kind, session, number, status)
        if status == "中間報告":  # one row for each House's report in a session
            key += (cells[21].strip(), cells[30].strip())
        if key in seen:
            raise probe.error(0, f"{kind} {session}-{number} is listed twice in session {listing} as {status!r}")
        seen.add(key)
        yield (kind, session, number), line, cells


def hr_read(bill: DietBill, table: Table, line: int, cells: list[str], skipped: list[str]) -> RowCells:
    """Add what one row of the House of Representatives table says to its bill; the row's cells and marks."""
    row = Row(table, line, cells, cell_int(table, line, HR_COLUMNS[0], cells[0]), cells[8].strip(), HR_COMMIT)
    _hr_row(bill, row, _hr_status(cells))
    return row.ledger((8,))


def _hr_marks(bill: DietBill, row: Row) -> None:
    """What of the row's cells is the bill's own (its key, title, submitter) or needed by no fact."""
    row.use(0, 6, 11, 12, 13)
    row.leave(1, CAPTION)
    row.leave(7, LINK_TEXT)
    for i, same in ((3, 12), (4, 13), (14, 5)):
        if row.get(i) == row.get(same) or (i == 14 and clean(row.get(i)) == clean(row.get(5))):
            row.leave(i, COPY)
    for i in (16, 17, 25, 26):
        row.leave(i, PRELIMINARY)
    if row.get(5):
        row.use(5)
    if row.get(15):
        if clean(row.get(15)) == bill.submitter:
            row.use(15)
        else:
            row.leave(15, LATER_SUBMITTERS)


def _hr_row(bill: DietBill, row: Row, status: str) -> None:
    """What one row of the House of Representatives' table says of a bill: its title, documents and texts, and
    each step it records (receipt, each House's referral, committee and plenary, promulgation, the end)."""
    events = bill.events
    listing = row.listing
    if row.get(15) and not bill.submitter:
        bill.submitter = clean(row.get(15))
    _hr_marks(bill, row)
    if _decision_row(status):
        _hr_decision(bill, row, status)
        return
    bill.pages.setdefault(("hr", listing), row.page)
    if row.get(5) and (not bill.title or (bill.title_session < 153 and listing >= bill.title_session)):
        bill.title, bill.title_session = row.get(5), listing
    if row.get(10):
        label = row.get(9) or "本文"
        docs = bill.documents.setdefault(listing, {})
        docs.setdefault(f"{label} (衆議院)", (row.get(10), f"本文情報URL: {row.table.name} line {row.line}"))
        bill.texts[listing] = row.get(10)  # the House's page of the bill as that session lists it
        row.use(10)
        row.leave(9, LINK_TEXT)
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


def _hr_decision(bill: DietBill, row: Row, status: str) -> None:
    """A row of one decision: the other House's amendments returned (回付案) and the vote on them, the House of
    Representatives passing the bill again (議決案), a House consenting to the Cabinet's request to amend or
    withdraw its bill (修正承諾, 撤回承諾), an interim report heard in plenary (中間報告). The row's plenary cell gives
    the decision; its receipt cell, the day the House received what it decided on (the bill returned, the request)."""
    events, listing = bill.events, row.listing
    for house, received_i, i in (("hr", 18, 21), ("hc", 27, 30)):
        date_text, word = split_cell(row.get(i))
        date = row.date(i, date_text)
        if not date:
            continue
        received = row.date(received_i)
        cells = (row.cell(i),) + ((row.cell(received_i),) if received else ())
        if status == "中間報告":
            if word.replace("(", "（").replace(")", "）") != "（中間報告聴取）":
                raise row.error(i, f"an interim report row with {word!r}: expected （中間報告聴取）")
            events.append(Event("interim", house, listing, date, "", cells=cells))
            continue
        result = row.result(i, word)
        if "承諾" in status:
            if result != "consented":
                raise row.error(i, f"a consent row ({status}) with {word!r}: expected 承諾")
            what = status.removesuffix("承諾")
            events.append(Event("consent", house, listing, date, result, note=what, requested=received, cells=cells))
        elif "回付案" in status:
            agreement = Event("agreement", house, listing, date, result, cells=cells)
            events.append(_hr_vote(agreement, row, cells) if house == "hr" else agreement)
        else:  # 議決案: the House of Representatives passes the bill again
            events.append(Event("override", house, listing, date, result, cells=cells))


def _hr_vote(event: Event, row: Row, cells: tuple[Cell, ...]) -> Event:
    """A House of Representatives plenary vote with what the row says of it: the mode (多数, 全会一致) and the parties
    for and against, each cited."""
    mode = check_vote(row, HR_COLUMNS[22], row.get(22), VOTE_MODES)
    first, *rest = cells
    cells = (replace(first, value=" / ".join(v for v in (first.value, mode) if v), also=(HR_COLUMNS[22],)), *rest)
    if row.get(23) or row.get(24):
        cells += (row.cell(23, f"賛成: {row.get(23)} / 反対: {row.get(24)}", also=(24,)),)
    return replace(
        event,
        mode=mode,
        parties_for=_parties(row.get(23)),
        parties_against=_parties(row.get(24)),
        cells=cells,
    )


def _hr_house(bill: DietBill, row: Row, house: str, refer: int, committee_i: int, plenary_i: int) -> None:
    """One House's columns: the referral (or the committee's examination omitted, 審査省略, which the plenary vote
    then says), the committee's decision and the plenary's."""
    events, listing = bill.events, row.listing
    date_text, committee = split_cell(row.get(refer))
    omitted = committee == "審査省略"
    referred = row.date(refer, date_text) if not omitted else None
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
        note, cells = "", tuple[Cell, ...]((row.cell(i),))
        if step == "plenary" and omitted:
            note, cells = "審査省略", (row.cell(i), row.cell(refer))
        if word == "省略決定" and date:  # the House decides to omit the committee's examination (審査省略)
            events.append(Event("omit", house, listing, date, "", cells=cells))
            continue
        # A carry-over (閉会中審査) is written without its date, which the other table gives where it has the row.
        dated = date is not None or result == "carried-over"
        if result == "withdrawn" and date:
            events.append(Event("withdraw", house, listing, date, "withdrawn", cells=cells))
        elif result == "lapsed":
            events.append(Event("lapse", house, listing, date, "lapsed", cells=cells))
        elif result and dated and step == "plenary" and house == "hr":
            events.append(_hr_vote(Event(step, house, listing, date, result, note=note), row, cells))
        elif result and dated:
            named = committee_name(committee) if step == "committee" and not omitted else ""
            events.append(Event(step, house, listing, date, result, committee=named, note=note, cells=cells))
