"""What the Diet's tables say, as the import holds it: the vocabulary of both Houses' tables (columns, result words,
vote modes, statuses), and a bill as the cells and events read from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ....models import Localized
from .cells import RowCells

IMPORT_NAME = "jp-diet-bills"
MAINTAINED_BY = "legistrack import diet-bills"
# The comment at the top of every package the import writes.
HEADER = (
    "legistrack bill package written by `legistrack import diet-bills` from both Houses' bill tables\n"
    "(shared/real-data/jp-diet-bills). A new import rewrites it: to curate this bill, create a package of your\n"
    "own with the same identifiers.diet_bill (the import then compares it with the tables instead)."
)
HC_BASE_COMMIT = "22062cad25ec67636fe72af89fbb1d165ed208cf"  # data/gian.csv of 2022-06-17 (SOURCES.md)
HR_COMMIT = "5626cea"  # data/kaiji/kaiji<N>.csv of 2022-04-20 (SOURCES.md gives the short id)

KINDS = {"閣法": "kaku", "衆法": "shu", "参法": "san"}
HC_KINDS = {"法律案（内閣提出）": "閣法", "法律案（衆法）": "衆法", "法律案（参法）": "参法"}
HOUSES = {"hr": ("衆議院", "House of Representatives"), "hc": ("参議院", "House of Councillors")}
PUBLISHER = {house: Localized.of({"ja": ja, "en": en}) for house, (ja, en) in HOUSES.items()}
DATASET = {
    "hc": ("smartnews-smri/house-of-councillors", "https://github.com/smartnews-smri/house-of-councillors"),
    "hr": ("smartnews-smri/house-of-representatives", "https://github.com/smartnews-smri/house-of-representatives"),
}

HC_COLUMNS = (
    "審議回次",
    "種類",
    "提出回次",
    "提出番号",
    "件名",
    "議案URL",
    "議案要旨",
    "提出法律案",
    "議案審議情報一覧 - 提出日",
    "議案審議情報一覧 - 衆議院から受領／提出日",
    "議案審議情報一覧 - 衆議院へ送付／提出日",
    "議案審議情報一覧 - 先議区分",
    "議案審議情報一覧 - 継続区分",
    "議案審議情報一覧 - 発議者",
    "議案審議情報一覧 - 提出者",
    "議案審議情報一覧 - 提出者区分",
    "参議院委員会等経過情報 - 本付託日",
    "参議院委員会等経過情報 - 付託委員会等",
    "参議院委員会等経過情報 - 議決日",
    "参議院委員会等経過情報 - 議決・継続結果",
    "参議院本会議経過情報 - 議決日",
    "参議院本会議経過情報 - 議決",
    "参議院本会議経過情報 - 採決態様",
    "参議院本会議経過情報 - 採決方法",
    "参議院本会議経過情報 - 投票結果",
    "衆議院委員会等経過情報 - 本付託日",
    "衆議院委員会等経過情報 - 付託委員会等",
    "衆議院委員会等経過情報 - 議決日",
    "衆議院委員会等経過情報 - 議決・継続結果",
    "衆議院本会議経過情報 - 議決日",
    "衆議院本会議経過情報 - 議決",
    "衆議院本会議経過情報 - 採決態様",
    "衆議院本会議経過情報 - 採決方法",
    "その他の情報 - 公布年月日",
    "その他の情報 - 法律番号",
    "成立法律",
    "備考",
    "_source_commit",
    "_source_date",
)
HR_COLUMNS = (
    "掲載回次",
    "キャプション",
    "種類",
    "提出回次",
    "番号",
    "議案件名",
    "審議状況",
    "経過情報",
    "経過情報URL",
    "本文情報",
    "本文情報URL",
    "議案種類",
    "議案提出回次",
    "議案番号",
    "議案件名",
    "議案提出者",
    "衆議院予備審査議案受理年月日",
    "衆議院予備付託年月日／衆議院予備付託委員会",
    "衆議院議案受理年月日",
    "衆議院付託年月日／衆議院付託委員会",
    "衆議院審査終了年月日／衆議院審査結果",
    "衆議院審議終了年月日／衆議院審議結果",
    "衆議院審議時会派態度",
    "衆議院審議時賛成会派",
    "衆議院審議時反対会派",
    "参議院予備審査議案受理年月日",
    "参議院予備付託年月日／参議院予備付託委員会",
    "参議院議案受理年月日",
    "参議院付託年月日／参議院付託委員会",
    "参議院審査終了年月日／参議院審査結果",
    "参議院審議終了年月日／参議院審議結果",
    "公布年月日／法律番号",
)

# The decisions the tables write, as the outcomes of the vocabulary. A word not here is refused, never guessed.
RESULTS = {
    "可決": "passed",
    "修正": "passed-with-amendments",
    "併合修正": "passed-with-amendments",  # amended by merging it with other bills into one
    "否決": "rejected",
    "継続審査": "carried-over",
    "閉会中審査": "carried-over",
    "未了": "lapsed",
    "審査未了": "lapsed",
    "審議未了": "lapsed",
    "同意": "agreed",
    "不同意": "not-agreed",
    "撤回": "withdrawn",
    "撤回許可": "withdrawn",
    "撤回承諾": "withdrawn",
    "承諾": "consented",  # the House consents to what the submitter asked (to amend the bill, say)
    "議決を要しない": "no-vote-needed",
    "議決不要": "no-vote-needed",
}
# Cells that record no decision on the bill: an interim report heard, committee examination omitted or decided away.
NOT_DECISIONS = {"（中間報告聴取）", "審査省略", "省略決定", "議決"}
VOTE_MODES = {
    "多数": "majority (多数)",
    "全会一致": "unanimous (全会一致)",
    "少数": "minority (少数)",
    "議長決裁": "casting vote of the President (議長決裁)",
    "出席議員の3分の2以上の多数": "two-thirds majority of those present (出席議員の3分の2以上の多数)",
}
VOTE_METHODS = {
    "押しボタン": "push-button vote (押しボタン)",
    "起立": "standing vote (起立)",
    "記名": "recorded vote (記名)",
    "異議の有無": "no objection (異議の有無)",
}
HR_STATUSES = {
    "成立",
    "衆議院で閉会中審査",
    "未了",
    "撤回",
    "参議院で閉会中審査",
    "本院議了",
    "衆議院で審議中",
    "参議院回付案（同意）",
    "参議院で審議中",
    "衆議院議決案（可決）",
    "参議院議了",
    "中間報告",
    "撤回承諾",
    "修正承諾",
    "議決不要",
    "",
    "衆議院で併合修正",
    "衆議院回付案(同意)",
    "参議院回付案（不同意）",
    "衆議院回付案（同意）",
    "両院の意見が一致しない旨報告",
    "本院可決",
    "両院承認",
    "両院承諾",
    "参議院で審議未了",
    "衆議院で審議未了",
}

# The procedural order of the events of one day (merge.day_order). Each House's own steps: the referral (or the
# decision that no committee examines the bill), a consent the Cabinet asked for while the bill is before the House (to
# amend or withdraw it: 国会法第五十九条), an interim report on the committee's examination heard in plenary
# (国会法第五十六条の三), the committee's decision, then the plenary's vote. The House that sends the bill on that day
# acts first, the transmission follows the vote that sends it, and the receiving House's steps follow the
# transmission. After both: the first House's vote on the other's amendments (回付案), then the House of
# Representatives' override (憲法第五十九条第二項、第四項), which answers the House of Councillors' rejection of that
# day; promulgation follows enactment, and a bill's end comes last.
HOUSE_STEPS = ("refer", "omit", "consent", "interim", "committee", "plenary")
AFTER_BOTH = ("agreement", "override", "promulgate", "withdraw", "lapse")


@dataclass(frozen=True)
class Cell:
    """Where a value was read: the table, its line, the column, and the row's own page and dataset commit."""

    table: str  # "hc" or "hr"
    file: str
    line: int
    column: str
    value: str
    session: int  # the session the row lists the bill in
    page: str  # the House's page for the bill in that session
    commit: str
    also: tuple[str, ...] = ()  # the other columns whose values `value` joins (a date and its committee)


@dataclass(frozen=True)
class Event:
    """One fact of a bill's passage as one table gives it."""

    # submit, transmit, refer, omit (a committee's examination omitted), consent, interim, committee, plenary,
    # agreement, override, promulgate, withdraw, lapse
    step: str
    house: str  # hr, hc ("" for promulgation)
    session: int
    date: dt.date | None
    result: str = ""  # an outcome of the vocabulary
    committee: str = ""
    mode: str = ""
    method: str = ""
    vote_url: str = ""
    parties_for: tuple[str, ...] = ()
    parties_against: tuple[str, ...] = ()
    law_number: int | None = None
    note: str = ""  # what the cell says beyond its value: 審査省略; for a consent, what was consented to (修正, 撤回)
    requested: dt.date | None = None  # a consent's request, where the table dates it
    cells: tuple[Cell, ...] = ()

    @property
    def table(self) -> str:
        return self.cells[0].table if self.cells else ""


@dataclass
class DietBill:
    """Everything both tables say of one law bill."""

    kind: str  # 閣法, 衆法, 参法
    session: int  # of submission
    number: int
    title: str = ""
    title_session: int = 0
    submitter: str = ""
    first_house: str = ""  # hr or hc
    events: list[Event] = field(default_factory=list)
    # session -> title -> (url, note): each session's documents go with the first stage of that session, so a row
    # of a later session changes no earlier stage (a newer table only adds commits)
    documents: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)  # session -> the bill's text page as that session lists it
    enacted_text: str = ""
    pages: dict[tuple[str, int], str] = field(default_factory=dict)  # (table, session) -> the House's page
    statuses: list[tuple[int, str, Cell]] = field(default_factory=list)  # HR 審議状況 by session
    # For the accounting of every cell (cells.py): each row's cells and marks, and once the stages are built, the
    # cells (file, line, column) the stages cite and those the claims state.
    rows: list[RowCells] = field(default_factory=list)
    cited: set[tuple[str, int, str]] = field(default_factory=set)
    stated: set[tuple[str, int, str]] = field(default_factory=set)
    dropped: dict[tuple[str, int, str], str] = field(default_factory=dict)  # a fact not staged: its cells and why

    @property
    def id(self) -> str:
        return f"jp-{self.session}-{KINDS[self.kind]}-{self.number}"

    @property
    def diet_bill(self) -> str:
        return f"第{self.session}回国会{self.kind}第{self.number}号"


Key = tuple[str, int, int]  # a bill: its kind, the session it was submitted in, its number
