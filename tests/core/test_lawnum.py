"""Law numbers and e-Gov law ids: real pairs from the data, and the round trip as a property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legistrack.jurisdictions.jp.lawnum import egov_law_id, from_egov_law_id, in_english, law_number

# (law number, proposed by members, e-Gov id): every id here is one e-Gov uses (jp-law-history/*/versions.tsv,
# the AI Act's and APPI's revision lists; the members' bill: the animal welfare act on e-Gov).
REAL = [
    ("令和7年法律第53号", False, "507AC0000000053"),  # the AI Promotion Act
    ("平成15年法律第57号", False, "415AC0000000057"),  # APPI
    ("平成27年法律第65号", False, "427AC0000000065"),  # an act amending APPI
    ("平成16年法律第122号", False, "416AC0000000122"),  # the Whistleblower Protection Act
    ("平成11年法律第89号", False, "411AC0000000089"),  # the Cabinet Office Establishment Act
    ("昭和48年法律第105号", True, "348AC1000000105"),  # 動物の愛護及び管理に関する法律, a members' bill
]


@pytest.mark.parametrize(("number", "members", "law_id"), REAL)
def test_real_ids(number: str, members: bool, law_id: str) -> None:
    assert egov_law_id(number, members_bill=members) == law_id
    assert from_egov_law_id(law_id) == number


def test_law_number_from_the_promulgation_date() -> None:
    assert law_number(53, dt.date(2025, 6, 4)) == "令和7年法律第53号"
    assert law_number(1, dt.date(2019, 5, 1)) == "令和元年法律第1号"
    assert law_number(57, dt.date(2003, 5, 30)) == "平成15年法律第57号"


@pytest.mark.parametrize("value", ["", "令和7年政令第53号", "第53号", "507CO0000000053", "507AC2000000053", "abc"])
def test_what_is_not_an_acts_number_or_id(value: str) -> None:
    assert egov_law_id(value, members_bill=False) == ""
    assert from_egov_law_id(value) == ""


@given(
    era=st.sampled_from(["明治", "大正", "昭和", "平成", "令和"]),
    year=st.integers(1, 64),
    number=st.integers(1, 999),
    members=st.booleans(),
)
def test_round_trip(era: str, year: int, number: int, members: bool) -> None:
    law = f"{era}{'元' if year == 1 else year}年法律第{number}号"
    law_id = egov_law_id(law, members_bill=members)
    assert len(law_id) == 15 and law_id[5] == ("1" if members else "0")
    assert from_egov_law_id(law_id) == law


@pytest.mark.parametrize(
    ("number", "english"),
    [
        ("令和7年法律第53号", "Act No. 53 of 2025"),  # as the Japanese Law Translation names the AI Act
        ("平成15年法律第57号", "Act No. 57 of 2003"),
        ("令和元年法律第1号", "Act No. 1 of 2019"),  # 元年: the first year of an era
        ("昭和48年法律第105号", "Act No. 105 of 1973"),
        ("政令第百号", "政令第百号"),  # not an Act's number: as it is
    ],
)
def test_an_acts_number_in_english(number: str, english: str) -> None:
    assert in_english(number) == english
