"""Law numbers and e-Gov law ids: real pairs from the data, and the round trip as a property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legistrack.jurisdictions.jp.describe import describe_in_english
from legistrack.jurisdictions.jp.lawhistory import short_title
from legistrack.jurisdictions.jp.lawnum import egov_law_id, from_egov_law_id, in_english, law_number
from legistrack.models import Bill, Localized

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


# --- what an English page says of a Diet bill with a Japanese title only ---------------------------------------


def _diet_bill(title: str, diet_bill: str, en: str = "") -> Bill:
    titles = {"ja": title, **({"en": en} if en else {})}
    return Bill("x", Localized.of(titles), ("ja",), jurisdiction="JP", identifiers=(("diet_bill", diet_bill),))


@pytest.mark.parametrize(
    ("title", "diet_bill", "said"),
    [  # titles as the Houses' tables write them (the numbers are the test's own)
        (
            "新型インフルエンザ等対策特別措置法等の一部を改正する法律案",
            "第204回国会閣法第6号",
            "A Cabinet bill (Diet session 204, No. 6) to amend part of 新型インフルエンザ等対策特別措置法 and other Acts.",  # noqa: E501
        ),
        (
            "公職選挙法の一部を改正する法律案",
            "第196回国会衆法第1号",
            "A bill of members of the House of Representatives (Diet session 196, No. 1) to amend part of 公職選挙法.",
        ),
        ("政党助成法を廃止する法律案", "第151回国会参法第3号", "to abolish 政党助成法."),
        ("市民活動促進法案", "第142回国会衆法第9号", "for an Act to be called 市民活動促進法."),
        (
            "債権管理回収業に関する特別措置法案",
            "第142回国会衆法第2号",
            "on special measures concerning 債権管理回収業.",
        ),
        (
            "解雇等の規制に関する法律の施行に伴う関係法律の整備等に関する法律案",
            "第151回国会参法第1号",
            "to adjust the related Acts for the entry into force of 解雇等の規制に関する法律.",
        ),
        ("スポーツ振興投票の実施等に関する法律案", "第142回国会参法第5号", "for an Act on スポーツ振興投票の実施等."),
    ],
)
def test_a_diet_bill_without_an_english_title_is_described(title: str, diet_bill: str, said: str) -> None:
    described = describe_in_english(_diet_bill(title, diet_bill))
    assert described.startswith("No official English title. ") and described.endswith(said)


def test_only_a_diet_bill_without_an_english_title_is_described() -> None:
    assert (
        describe_in_english(_diet_bill("公職選挙法の一部を改正する法律案", "第196回国会衆法第1号", en="Amending Act"))
        == ""
    )
    assert describe_in_english(_diet_bill("公職選挙法の一部を改正する法律案", "")) == ""
    odd = describe_in_english(
        _diet_bill(
            "大規模小売店舗における小売業の事業活動の調整に関する法律の一部を改正する等の法律案", "第142回国会閣法第1号"
        )
    )
    assert odd == "No official English title. A Cabinet bill (Diet session 142, No. 1)."  # no shape: says no more


@pytest.mark.parametrize(
    ("abbrev", "short"),
    [  # e-Gov's abbreviation field as legalize-jp's front matter gives it
        ("中央省庁等改革関連法", ""),  # 内閣府設置法 and ten other laws of the 1999 reform: the package, not the law
        ("消費者庁関連三法", ""),
        ("保安四法", ""),
        ("ＦＩＴ法,再生可能エネルギー特別措置法,再エネ特措法", "ＦＩＴ法、再生可能エネルギー特別措置法、再エネ特措法"),
        ("ＮＰＯ法", "ＮＰＯ法"),
        ("", ""),
    ],
)
def test_a_law_s_short_title_is_its_own(abbrev: str, short: str) -> None:
    assert short_title(abbrev) == short
