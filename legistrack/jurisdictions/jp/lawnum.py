"""Japanese law numbers and the e-Gov law ids made from them (pure).

Laws are numbered by the calendar year of promulgation, in the era of that day: 令和7年法律第53号. e-Gov names an Act
by the same three facts and who proposed it: the era's digit (明治 1 … 令和 5), the year in the era on two digits, AC,
0 for an act the Cabinet proposed or 1 for one members proposed (衆法, 参法), and the number on nine digits:
507AC0000000053 (the AI Promotion Act, a Cabinet bill), 348AC1000000105 (昭和48年法律第105号, a members' bill).
"""

from __future__ import annotations

import datetime as dt
import re

from ...dates import to_wareki

ERA_CODES = {"明治": 1, "大正": 2, "昭和": 3, "平成": 4, "令和": 5}
ERA_FIRST_YEARS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
_LAW_NUMBER = re.compile(r"^(明治|大正|昭和|平成|令和)(元|\d+)年法律第(\d+)号$")
_EGOV_ID = re.compile(r"^([1-5])(\d{2})AC([01])(\d{9})$")


def law_number(number: int, promulgated: dt.date) -> str:
    """令和7年法律第53号, for Act No. 53 promulgated on a day of 2025."""
    era = to_wareki(promulgated)
    return f"{era[: era.index('年') + 1]}法律第{number}号"


def egov_law_id(law: str, members_bill: bool) -> str:
    """The e-Gov law id of an Act from its law number and who proposed it (令和7年法律第53号, a Cabinet bill ->
    507AC0000000053); "" if `law` is not an Act's number."""
    m = _LAW_NUMBER.match(law)
    if not m:
        return ""
    year = 1 if m.group(2) == "元" else int(m.group(2))
    return f"{ERA_CODES[m.group(1)]}{year:02d}AC{1 if members_bill else 0}{int(m.group(3)):09d}"


def from_egov_law_id(law_id: str) -> str:
    """The law number an e-Gov Act id names (427AC0000000065 -> 平成27年法律第65号); "" if it is not an Act's id."""
    m = _EGOV_ID.match(law_id)
    if not m:
        return ""
    era = next(name for name, code in ERA_CODES.items() if code == int(m.group(1)))
    year = int(m.group(2))
    return f"{era}{'元' if year == 1 else year}年法律第{int(m.group(4))}号"


def in_english(law: str) -> str:
    """An Act's number as English-language references write it: 平成27年法律第65号 -> "Act No. 65 of 2015" (the
    Japanese Law Translation's form); anything else as it is."""
    m = _LAW_NUMBER.match(law)
    if not m:
        return law
    year = ERA_FIRST_YEARS[m.group(1)] + (0 if m.group(2) == "元" else int(m.group(2)) - 1)
    return f"Act No. {int(m.group(3))} of {year}"
