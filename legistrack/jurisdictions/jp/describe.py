"""A plain English description of a Diet bill that has no official English title (pure).

Most of the Diet's 20,000 law bills have a title in Japanese only, and an English page that shows that title alone
tells an English reader nothing. What can be said without translating a word of law: who proposed the bill (the
Cabinet, or members of a House), in which session under which number, and what kind of bill its title says it is
(the Diet titles its bills in a few fixed shapes: …の一部を改正する法律案 amends an Act, …を廃止する法律案 abolishes
one, …に関する法律案 is an Act on a subject). The law's own name stays in Japanese.
"""

from __future__ import annotations

import re

from ...models import Bill

_PROPOSER = {
    "閣法": "A Cabinet bill",
    "衆法": "A bill of members of the House of Representatives",
    "参法": "A bill of members of the House of Councillors",
}
_DIET_BILL = re.compile(r"^第(\d+)回国会(閣法|衆法|参法)第(\d+)号$")
# the title's shape -> what the bill does; the name inside (group 1) is left in Japanese
_SHAPES = (
    (
        re.compile(r"^(.+)の施行に伴う関係法律の整備(?:等)?に関する法律案$"),
        "to adjust the related Acts for the entry into force of {}",
    ),
    (re.compile(r"^(.+)等の一部を改正する法律案$"), "to amend part of {} and other Acts"),
    (re.compile(r"^(.+)の一部を改正する法律案$"), "to amend part of {}"),
    (re.compile(r"^(.+)を廃止する法律案$"), "to abolish {}"),
    (re.compile(r"^(.+)に関する特別措置法案$"), "for an Act on special measures concerning {}"),
    (re.compile(r"^(.+)に関する法律案$"), "for an Act on {}"),
    (re.compile(r"^(.+法)案$"), "for an Act to be called {}"),
)


def describe_in_english(bill: Bill) -> str:
    """ "No official English title. A Cabinet bill (Diet session 204, No. 6) to amend part of 新型インフルエンザ等対策
    特別措置法 and other Acts." for a Diet bill with a Japanese title only; "" for any other bill."""
    if bill.title.get("en") or not bill.title.get("ja"):
        return ""
    m = _DIET_BILL.match(bill.identifier("diet_bill"))
    if not m:
        return ""
    session, kind, number = m.groups()
    who = f"{_PROPOSER[kind]} (Diet session {session}, No. {number})"
    title = bill.title.get("ja").strip()
    for shape, does in _SHAPES:
        found = shape.match(title)
        if found:
            return f"No official English title. {who} {does.format(found.group(1))}."
    return f"No official English title. {who}."
