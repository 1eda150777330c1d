"""Both tables' events of one bill as one list of facts in procedural order: the acting House's table is the
record, the other table fills its gaps, and where they disagree the difference is kept as a dispute."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .model import AFTER_BOTH, HOUSE_STEPS, Cell, DietBill, Event


def day_order(events: list[Event], first_house: str) -> dict[int, tuple[int, int]]:
    """Each event's place among the events of its day (by id), in the order of the procedure (model.HOUSE_STEPS):
    the House that sends the bill on, or else the House the bill went to first, acts first that day."""
    sent_to: dict[dt.date | None, str] = {}
    for e in events:
        if e.step == "transmit":
            sent_to.setdefault(e.date, e.house)
    order: dict[int, tuple[int, int]] = {}
    for e in events:
        receiving = sent_to.get(e.date)
        acting_first = ("hr" if receiving == "hc" else "hc") if receiving else first_house
        if e.step == "submit":
            order[id(e)] = (-1, 0)
        elif e.step == "transmit":
            order[id(e)] = (1, 0)
        elif e.step in HOUSE_STEPS:
            order[id(e)] = (0 if e.house == acting_first else 2, HOUSE_STEPS.index(e.step))
        else:
            order[id(e)] = (3, AFTER_BOTH.index(e.step))
    return order


@dataclass
class Fact:
    """One step of the timeline: the event as the table of record gives it, and where the other table differs."""

    event: Event
    cells: list[Cell]
    disputes: list[tuple[str, Event]] = field(default_factory=list)  # (what differs, the other table's event)


_FILLED = (
    "date",
    "committee",
    "mode",
    "method",
    "vote_url",
    "parties_for",
    "parties_against",
    "result",
    "note",
    "requested",
)
_COMPARED = {"date": "date", "result": "result", "committee": "committee", "law_number": "law number"}


def _of_record(event: Event) -> tuple[int, str]:
    """Which table is the record of an event: the acting House's own (the HC's for a promulgation or a lapse, the
    table that runs to the latest session)."""
    house = event.house or "hc"
    return (0 if event.table == house else 1, event.table)


def merge(bill: DietBill) -> list[Fact]:
    """Both tables' events of one bill as one list of facts, in procedural order."""
    groups: dict[tuple[str, str, int], list[Event]] = {}
    for event in bill.events:
        # One fact whichever House's table records it: a transmission is sent by one House and received by the other.
        house = "" if event.step in ("transmit", "promulgate", "withdraw", "lapse") else event.house
        groups.setdefault((event.step, house, event.session), []).append(event)
    facts: list[Fact] = []
    for events in groups.values():
        events.sort(key=_of_record)
        record = events[0]
        fact = Fact(record, list(record.cells))
        for other in events[1:]:
            if other.table == record.table:
                if (other.date, other.result) != (record.date, record.result):
                    facts.append(Fact(other, list(other.cells)))  # a second decision of the same session
                else:  # the same fact in a second row of the table (a decision row repeats the receipt)
                    fact.cells += [c for c in other.cells if c not in fact.cells]
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
    out: list[Fact] = []
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
    order = day_order([f.event for f in out], bill.first_house)
    return sorted(out, key=lambda f: (f.event.date is None, f.event.date or dt.date.max, order[id(f.event)]))
