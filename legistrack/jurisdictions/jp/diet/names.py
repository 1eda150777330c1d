"""The Diet's names as the record writes them: a bill (第217回国会閣法第29号), a House and a committee in a stage's
body (衆議院内閣委員会, "House of Representatives Cabinet Committee (衆議院内閣委員会)")."""

from __future__ import annotations

import re

_DIET_BILL = re.compile(r"^第(\d+)回国会(閣法|衆法|参法)第(\d+)号$")
HOUSE_PREFIXES = (("衆議院", "hr"), ("参議院", "hc"))


def parse_diet_bill(value: str) -> tuple[int, str, int] | None:
    """第217回国会閣法第29号 -> (217, "閣法", 29)."""
    m = _DIET_BILL.match(value)
    return (int(m.group(1)), m.group(2), int(m.group(3))) if m else None


def house_of(body: str) -> tuple[str, str]:
    """The House a stage's body names, and the rest of the body (a committee): ("hr", "内閣委員会")."""
    for prefix, house in HOUSE_PREFIXES:
        if body.startswith(prefix):
            return house, body[len(prefix) :].strip()
    # "House of Representatives plenary (衆議院本会議)": the Diet's Houses by their Japanese names, so that the US
    # House of Representatives is not read as 衆議院
    for prefix, house in HOUSE_PREFIXES:
        if f"（{prefix}" in body or f"({prefix}" in body:
            return house, ""
    return "", body


_HOUSE_IN_PARENS = re.compile(r"[（(](衆議院|参議院)([^()（）]+)[)）]")


def committee_of(body: str) -> str:
    """The committee a body names, in Japanese: 内閣委員会 from "衆議院内閣委員会" or from "House of Representatives
    Cabinet Committee (衆議院内閣委員会)"; empty for a plenary, a House, or any other body."""
    rest = house_of(body)[1]
    if not rest or rest == body:
        m = _HOUSE_IN_PARENS.search(body)
        rest = m.group(2).strip() if m else ""
    return rest if rest.endswith(("委員会", "審査会", "調査会")) else ""
