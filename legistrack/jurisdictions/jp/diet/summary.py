"""The Diet's keys of a bill's summary (views.bill_summary): its number in the Diet (第217回国会閣法第29号, and its
session, kind and number), its e-Gov law id, and what the Diet's lists show of it: the sessions it was before, the
committees it was referred to, where it was amended, and each session's first and last day and outcome."""

from __future__ import annotations

from typing import Any

from ....models import Bill
from ..lawnum import egov_law_id
from .names import house_of, parse_diet_bill


def summary_keys(bill: Bill, law_number: str) -> dict[str, Any]:
    """The Diet's keys of the summary of `bill`, whose law number (views.law_number_of) is `law_number`."""
    diet = parse_diet_bill(bill.identifier("diet_bill"))
    committees: list[dict[str, Any]] = []
    amended: list[dict[str, Any]] = []
    by_session: dict[int, dict[str, Any]] = {}
    for s in bill.stages:
        house, rest = house_of(s.body)
        if s.session is not None:
            entry_s = by_session.setdefault(s.session, {"first": None, "last": None, "outcome": "", "committees": []})
            when = s.date.isoformat() if s.date else None
            entry_s["first"] = entry_s["first"] or when
            entry_s["last"] = when or entry_s["last"]
            if s.kind not in ("deliberation", "event"):  # a debate or an event settles nothing
                entry_s["outcome"] = s.outcome or s.kind
            if s.kind == "referred" and rest and [house, rest] not in entry_s["committees"]:
                entry_s["committees"].append([house, rest])  # per House: 衆・内閣委員会, 参・内閣委員会
        if s.kind == "referred" and rest:
            entry = {"house": house, "name": rest, "session": s.session}
            if entry not in committees:
                committees.append(entry)
        if s.outcome == "passed-with-amendments":
            amended.append(
                {
                    "house": house,
                    "session": s.session,
                    "stage": s.id,
                    "date": s.date.isoformat() if s.date else None,
                    "committee": s.kind == "committee-vote",
                }
            )
    sessions = {s.session for s in bill.stages if s.session is not None} | ({diet[0]} if diet else set())
    return {
        "diet_bill": bill.identifier("diet_bill"),
        "kind": diet[1] if diet else "",
        "session": diet[0] if diet else None,
        "number": diet[2] if diet else None,
        "egov_law_id": bill.identifier("egov_law_id")
        or egov_law_id(law_number, members_bill=diet is not None and diet[1] != "閣法"),
        "sessions": sorted(sessions),
        "committees": committees,
        "amended": amended,
        "by_session": {str(k): v for k, v in sorted(by_session.items())},
    }
