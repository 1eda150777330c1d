import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legistrack.dates import ACCEPTED_FORMS, dates_named, parse_date, to_wareki
from legistrack.errors import InvalidDate
from legistrack.numerals import kanji_to_int, roman_to_int

FEB_28 = dt.date(2025, 2, 28)


@pytest.mark.parametrize(
    "text",
    [
        "2025-02-28",
        "2025/2/28",
        "2025.02.28",
        "28 Feb 2025",
        "February 28, 2025",
        "Feb 28th, 2025",
        "2025年2月28日",
        "２０２５年２月２８日",
        "令和7年2月28日",
        "令和 7年 2月28日",
        "令和七年二月二十八日",
        "R7.2.28",
        "r7/2/28",
        "  2025-02-28  ",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_date(text) == FEB_28


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("H15.5.30", dt.date(2003, 5, 30)),
        ("S22.5.3", dt.date(1947, 5, 3)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("明治22年2月11日", dt.date(1889, 2, 11)),
        ("平成十五年五月三十日", dt.date(2003, 5, 30)),
    ],
)
def test_eras(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2025-02-30", "impossible"),
        ("2025年2月30日", "impossible"),
        ("Feb 30 2025", "impossible"),
        ("平成31年5月1日", "not within 平成"),
        ("昭和64年1月8日", "not within 昭和"),
        ("令和0年1月1日", "no year 0"),
        ("明治3年1月1日", "lunisolar"),
        ("03/04/2025", "ambiguous"),
        ("25-02-28", "ambiguous"),
        ("28 Feb 25", "ambiguous"),
        ("February 2025", "incomplete"),
        ("2025-02-28T10:00", "unrecognised"),
        ("tomorrow", "unrecognised"),
        ("", "empty"),
    ],
)
def test_refused_with_accepted_forms(text: str, why: str) -> None:
    with pytest.raises(InvalidDate) as info:
        parse_date(text)
    message = str(info.value)
    assert why in message
    assert ACCEPTED_FORMS in message and "\n" not in message


def test_datetime_is_not_a_legal_date() -> None:
    with pytest.raises(InvalidDate):
        parse_date(dt.datetime(2025, 2, 28, 9, 0))


@pytest.mark.parametrize(("kanji", "value"), [("五十三", 53), ("百三十", 130), ("二〇二五", 2025), ("十", 10)])
def test_kanji_numerals(kanji: str, value: int) -> None:
    assert kanji_to_int(kanji) == value


@pytest.mark.parametrize(("roman", "value"), [("I", 1), ("IV", 4), ("XIV", 14), ("XLII", 42)])
def test_roman_numerals(roman: str, value: int) -> None:
    assert roman_to_int(roman) == value


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_iso_round_trip(date: dt.date) -> None:
    assert parse_date(date.isoformat()) == date


@given(st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_wareki_round_trip(date: dt.date) -> None:
    assert parse_date(to_wareki(date)) == date


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_english_round_trip(date: dt.date) -> None:
    assert parse_date(f"{date:%d %B} {date.year:04d}") == date


@pytest.mark.parametrize(
    ("text", "days"),
    [  # the statements of published claims the bundled AI Act records
        ("scheduled to enter into force on 1 July 2025", ["2025-07-01"]),
        ("enacted 15 March 2025", ["2025-03-15"]),
        ("The Cabinet approved the bill on 28 February 2025.", ["2025-02-28"]),
        ("2025年7月1日に施行", ["2025-07-01"]),
        ("令和7年6月4日公布", ["2025-06-04"]),
        ("June 4, 2025, then 2025-09-01 and 2025-09-01 again", ["2025-06-04", "2025-09-01"]),
        ("composed of 17 articles", []),
        ("in force from July 2025", []),  # a month names no day
        ("on 31 February 2025", []),  # nor does an impossible date
    ],
)
def test_the_days_a_sentence_names(text: str, days: list[str]) -> None:
    assert [d.isoformat() for d in dates_named(text)] == days
