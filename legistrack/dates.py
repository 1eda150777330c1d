"""Every date parse in legistrack: ISO, English forms (python-dateutil) and Japanese forms (和暦 eras).

Legal dates are calendar dates: no time, no zone. A date that is impossible (2025-02-30, 平成32年),
ambiguous (03/04/2025, 25-02-28) or incomplete (February 2025) is refused with the accepted forms.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from dateutil import parser as du_parser

from .errors import InvalidDate
from .numerals import kanji_to_int

ACCEPTED_FORMS = (
    "2025-02-28, 2025/2/28, 28 Feb 2025, February 28, 2025, 2025年2月28日, "
    "令和7年2月28日 (also 令和七年二月二十八日, 令和元年), R7.2.28 (M/T/S/H/R eras: 明治6年 onwards)"
)

# (name, letter, first day). 明治 starts with the Gregorian calendar (明治6年 = 1873); earlier
# 明治 dates are lunisolar and cannot be converted without a table.
ERAS: tuple[tuple[str, str, dt.date], ...] = (
    ("令和", "R", dt.date(2019, 5, 1)),
    ("平成", "H", dt.date(1989, 1, 8)),
    ("昭和", "S", dt.date(1926, 12, 25)),
    ("大正", "T", dt.date(1912, 7, 30)),
    ("明治", "M", dt.date(1868, 1, 25)),
)
_MEIJI_GREGORIAN = dt.date(1873, 1, 1)
_ERA_YEAR0 = {name: start.year - 1 for name, _, start in ERAS}
_ERA_BY_LETTER = {letter: name for name, letter, _ in ERAS}
_ERA_START = {name: start for name, _, start in ERAS}
_ERA_END = {
    name: (ERAS[i - 1][2] - dt.timedelta(days=1)) if i > 0 else dt.date.max for i, (name, _, _) in enumerate(ERAS)
}

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_JA_WESTERN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_JA_ERA = re.compile(r"^(令和|平成|昭和|大正|明治)(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日$")
_LETTER_ERA = re.compile(r"^([RHSTM])(\d{1,2}|元)[./](\d{1,2})[./](\d{1,2})$", re.IGNORECASE)
_NUMERIC_ONLY = re.compile(r"^[\d\s/.\-]+$")
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十百千]+")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    # Japanese records write 令和 7年 2月28日 with padding spaces; they carry no meaning.
    if re.search(r"[年月日]", text):
        text = re.sub(r"\s+", "", text)
        text = _KANJI_NUMBER.sub(lambda m: str(kanji_to_int(m.group(0))), text)
    return text


def _refuse(raw: str, why: str) -> InvalidDate:
    return InvalidDate(f"{why}: {raw!r}; write the date in one of these forms: {ACCEPTED_FORMS}")


def _make(raw: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _refuse(raw, "impossible date") from None


def _from_era(raw: str, era: str, year_text: str, month: int, day: int) -> dt.date:
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year < 1:
        raise _refuse(raw, f"{era} has no year 0")
    date = _make(raw, _ERA_YEAR0[era] + era_year, month, day)
    if not _ERA_START[era] <= date <= _ERA_END[era]:
        raise _refuse(raw, f"impossible date: {era}{era_year}年{month}月{day}日 is not within {era}")
    if era == "明治" and date < _MEIJI_GREGORIAN:
        raise _refuse(raw, "明治 dates before 明治6年 (1873) are in the lunisolar calendar")
    return date


def parse_date(value: str | dt.date) -> dt.date:
    """Parse a legal date in any accepted form into a date; refuse anything ambiguous or impossible."""
    if isinstance(value, dt.datetime):
        raise InvalidDate(f"a legal date has no time of day: {value.isoformat()!r}; write it as {value.date()}")
    if isinstance(value, dt.date):
        return value
    raw = value
    if not isinstance(raw, str) or not raw.strip():
        raise _refuse(str(raw), "empty date")
    try:
        text = _normalise(raw)
    except ValueError:
        raise _refuse(raw, "unreadable numeral in date") from None

    if m := _ISO.match(text) or _YMD.match(text) or _JA_WESTERN.match(text):
        return _make(raw, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _JA_ERA.match(text):
        return _from_era(raw, m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))
    if m := _LETTER_ERA.match(text):
        era = _ERA_BY_LETTER[m.group(1).upper()]
        return _from_era(raw, era, m.group(2), int(m.group(3)), int(m.group(4)))
    if _NUMERIC_ONLY.match(text):
        # 03/04/2025 is March or April depending on the reader; 25-02-28 hides the century.
        raise _refuse(raw, "ambiguous date")
    if re.search(r"[年月日]", text) or re.search(r"\d{1,2}:\d{2}", text):
        raise _refuse(raw, "unrecognised date")
    return _parse_english(raw, text)


def _parse_english(raw: str, text: str) -> dt.date:
    if not re.search(r"[A-Za-z]", text) or not re.search(r"\d", text):
        raise _refuse(raw, "unrecognised date")
    if not re.search(r"\b\d{4}\b", text):
        raise _refuse(raw, "ambiguous date (no four-digit year)")
    # Parse twice with different defaults: if the results differ, a part was missing (e.g. no day).
    results = []
    for default in (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2)):
        try:
            results.append(du_parser.parse(text, default=default, fuzzy=False))
        except (ValueError, OverflowError) as exc:
            why = "impossible date" if "out of range" in str(exc) or "must be in" in str(exc) else "unrecognised date"
            raise _refuse(raw, why) from None
    first, second = results
    if first.date() != second.date():
        raise _refuse(raw, "incomplete date (year, month and day are all needed)")
    if (first.hour, first.minute, first.second, first.tzinfo) != (0, 0, 0, None):
        raise _refuse(raw, "a legal date has no time of day")
    return first.date()


def to_wareki(date: dt.date) -> str:
    """Format a date in the Japanese era calendar (令和7年2月28日)."""
    for name, _, start in ERAS:
        if date >= start:
            year = date.year - _ERA_YEAR0[name]
            return f"{name}{'元' if year == 1 else year}年{date.month}月{date.day}日"
    return f"{date.year}年{date.month}月{date.day}日"


# A legal date this far ahead of today is a typo (9999-12-31), and would put every later real stage "before the
# last stage". Entry into force is sometimes fixed years ahead; ten years is beyond any seen in our data.
MAX_YEARS_AHEAD = 10
EARLIEST = dt.date(1000, 1, 1)


def check_plausible(date: dt.date, today: dt.date | None = None) -> dt.date:
    """Refuse a legal date more than MAX_YEARS_AHEAD years after today, or before the year 1000."""
    today = today or dt.date.today()
    latest = today.replace(year=today.year + MAX_YEARS_AHEAD, day=min(today.day, 28))
    if date > latest:
        raise InvalidDate(
            f"{date.isoformat()} is more than {MAX_YEARS_AHEAD} years from today ({today.isoformat()}): "
            "check the year (a date that is not known yet is left out, not written as a far-off day)"
        )
    if date < EARLIEST:
        raise InvalidDate(f"{date.isoformat()} is before the year {EARLIEST.year}: check the year")
    return date


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# a whole date written inside a sentence: 1 July 2025, July 1, 2025, 2025-07-01, 2025年7月1日, 令和7年7月1日
_DATE_IN_TEXT = re.compile(
    rf"\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b|\b(?:{_MONTHS}) \d{{1,2}}, \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    r"|(?:令和|平成|昭和|大正|明治)?(?:\d{1,4}|元)年\d{1,2}月\d{1,2}日"
)


def dates_named(text: str) -> list[dt.date]:
    """Every whole date a sentence names, in order (a claim's "scheduled to enter into force on 1 July 2025" names
    2025-07-01). A month or a year alone names no day, and what does not parse is skipped."""
    found = []
    for m in _DATE_IN_TEXT.finditer(_normalise(text)):
        try:
            day = parse_date(m.group(0))
        except InvalidDate:
            continue
        if day not in found:
            found.append(day)
    return found
