"""The Diet's rarer procedures, read from real rows of both Houses' tables (shared/real-data/jp-diet-bills/).

Each class has its bills: a House's consent to the Cabinet amending or withdrawing its bill (修正承諾, 撤回承諾), the
House of Representatives passing a bill again after the House of Councillors rejected it, amended it, or took no
decision (再可決, みなし否決), several events of one day in the order of the procedure, an interim report heard
in plenary (中間報告), a House deciding that no committee examines a bill (委員会審査省略), and every non-empty cell of
every row accounted for.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from legistrack.jurisdictions.jp.diet import read_tables

from ..conftest import Project, needs_real_data
from .test_diet import DIET, _cut, _stages

PICKED = [
    ("閣法", 177, 1),  # 修正承諾 (2011-04-28), then amended and enacted
    ("閣法", 177, 2),  # 修正承諾 twice (sessions 177 and 179)
    ("閣法", 176, 1),  # carried over four times, 撤回承諾 and withdrawn on 2012-03-30
    ("閣法", 177, 9),  # 撤回承諾: the request received 2011-03-30, the consent given 2011-03-31
    ("閣法", 169, 2),  # みなし否決 and 再可決 (2008-04-30): the House of Councillors took no decision
    ("閣法", 183, 51),  # みなし否決 and 再可決 (2013-06-24)
    ("閣法", 171, 10),  # the House of Councillors rejects (2009-03-27), the House of Representatives passes it again
    ("閣法", 170, 7),  # the House of Councillors amends, the House of Representatives disagrees and passes it again
    ("閣法", 174, 57),  # taken first by the HC; carried over in the HR, which amends and sends it on the same day
    ("閣法", 145, 123),  # the HC amends and sends it back on the day of its vote (1999-2000)
    ("閣法", 193, 64),  # 中間報告 in the House of Councillors, then its plenary vote on the same day
    ("衆法", 164, 14),  # 中間報告 in both Houses (2009)
    ("参法", 189, 11),  # the HC decides that no committee examines it (省略決定), then passes it
    ("参法", 146, 3),  # the same, in a session before the House of Councillors' table begins
    ("閣法", 211, 2),  # session 211: the House of Representatives' own table has ended (it runs to 208)
]
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, Any]]:
    root = tmp_path_factory.mktemp("procedures")
    tables = _cut(root, PICKED)
    (root / "bills").mkdir()
    p = Project(root)
    report = json.loads(p.run("import", "diet-bills", str(tables), "--json").output)
    return p, report


def _kinds(stages: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(s["kind"], s["date"]) for s in stages]


@needs_real_data
def test_a_consent_is_a_stage_of_its_own(imported: tuple[Project, dict[str, Any]]) -> None:
    """修正承諾 and 撤回承諾 are the House consenting to the Cabinet's request: a `consent` stage saying what was
    consented to, never a second submission or a transmission from the other House."""
    p, _ = imported
    amended = _stages(p, "jp-177-kaku-1")
    assert [k for k, _ in _kinds(amended)].count("submitted") == 1
    consent = next(s for s in amended if s["kind"] == "consent")
    assert (consent["date"], consent["outcome"], consent["body"]) == ("2011-04-28", "consented", "衆議院本会議")
    assert "修正承諾" in consent["title"]["ja"] and "amending its bill" in consent["title"]["en"]
    assert [s["date"] for s in _stages(p, "jp-177-kaku-2") if s["kind"] == "consent"] == ["2011-06-10", "2011-10-28"]

    withdrawn = _stages(p, "jp-176-kaku-1")
    assert not [s for s in withdrawn if s["kind"] == "transmitted"]  # it never left the HR committee
    assert _kinds(withdrawn)[-2:] == [("consent", "2012-03-30"), ("withdrawn", "2012-03-30")]
    assert "撤回承諾" in withdrawn[-2]["title"]["ja"] and "withdrawing its bill" in withdrawn[-2]["title"]["en"]

    requested = next(s for s in _stages(p, "jp-177-kaku-9") if s["kind"] == "consent")
    assert requested["date"] == "2011-03-31"
    assert "2011年3月30日" in requested["title"]["ja"] and "30 March 2011" in requested["title"]["en"]
    assert "衆議院議案受理年月日: 平成23年 3月30日" in " ".join(s["note"] for s in requested["sources"])


@needs_real_data
def test_no_english_word_in_a_japanese_title(imported: tuple[Project, dict[str, Any]]) -> None:
    """No title mixes the languages (「衆議院本会議でconsented」), and no decision is without its object."""
    p, _ = imported
    for bill in sorted(d.name for d in p.bills.iterdir()):
        for s in _stages(p, bill):
            assert not LATIN.search(s["title"]["ja"]), (bill, s["title"]["ja"])
            assert not re.search(r"\b(consented|passed|rejected) in plenary", s["title"]["en"]), s["title"]["en"]


@needs_real_data
def test_the_override_names_its_route_and_article(imported: tuple[Project, dict[str, Any]]) -> None:
    """再可決 after a rejection or a disagreement (憲法第五十九条第二項), after みなし否決 (第四項): the enacting stage
    says which, in both languages, and comes after the House of Councillors' decision it answers."""
    p, _ = imported
    deemed = _stages(p, "jp-169-kaku-2")
    enacted = next(s for s in deemed if s["kind"] == "enacted")
    assert enacted["date"] == "2008-04-30" and enacted["body"] == "衆議院本会議"
    assert "みなし否決" in enacted["title"]["ja"] and "第五十九条第四項" in enacted["title"]["ja"]
    assert "再可決" in enacted["title"]["ja"] and "第五十九条第二項" in enacted["title"]["ja"]
    assert "Art. 59(4)" in enacted["title"]["en"] and "Art. 59(2)" in enacted["title"]["en"]
    assert "みなし否決" in next(s for s in _stages(p, "jp-183-kaku-51") if s["kind"] == "enacted")["title"]["ja"]

    rejected = _stages(p, "jp-171-kaku-10")
    assert _kinds(rejected)[-4:] == [
        ("committee-vote", "2009-03-27"),
        ("plenary-vote", "2009-03-27"),
        ("enacted", "2009-03-27"),
        ("promulgated", "2009-03-31"),
    ]
    assert rejected[-3]["outcome"] == "rejected" and rejected[-3]["body"] == "参議院本会議"
    assert "否決された" in rejected[-2]["title"]["ja"] and "having rejected it" in rejected[-2]["title"]["en"]
    assert "みなし否決" not in rejected[-2]["title"]["ja"]

    disagreed = _stages(p, "jp-170-kaku-7")
    hc_vote, agreement, enacted = disagreed[-4:-1]
    assert (hc_vote["kind"], hc_vote["outcome"]) == ("plenary-vote", "passed-with-amendments")  # not the enactment
    assert agreement["outcome"] == "not-agreed" and agreement["body"] == "衆議院本会議"
    assert enacted["kind"] == "enacted" and "修正に同意せず" in enacted["title"]["ja"]


def _house(stage: dict[str, Any]) -> str:
    return str(stage["body"])[:3]


@needs_real_data
def test_events_of_one_day_follow_the_procedure(imported: tuple[Project, dict[str, Any]]) -> None:
    """On one day: a House's referral, consent, interim report, committee and plenary in that order; a bill is sent
    on after the vote that sends it, and received before the receiving House acts; it is enacted after the
    decisions it answers; promulgated, withdrawn or lapsed last. Checked on every same-day pair of every bill."""
    p, _ = imported
    steps = ["referred", "consent", "interim-report", "committee-vote", "plenary-vote", "enacted"]
    for bill in sorted(d.name for d in p.bills.iterdir()):
        stages = _stages(p, bill)
        for a, b in itertools.pairwise(stages):
            if a["date"] is None or a["date"] != b["date"]:
                continue
            where = (bill, a["id"], b["id"])
            assert a["kind"] not in ("promulgated", "withdrawn", "lapsed"), where
            if a["kind"] == "transmitted":  # sent to a["body"]: the sending House does not vote after it
                assert _house(b) in ("", a["body"][:3]) or b["kind"] not in steps, where
            if a["kind"] == "enacted":
                assert b["kind"] in ("promulgated",), where
            if a["kind"] in steps and b["kind"] in steps and _house(a) == _house(b):
                assert steps.index(a["kind"]) <= steps.index(b["kind"]), where
    sent = _kinds(_stages(p, "jp-174-kaku-57"))
    assert sent.index(("plenary-vote", "2011-04-22")) < sent.index(("transmitted", "2011-04-22"))
    returned = _kinds(_stages(p, "jp-145-kaku-123"))
    assert returned.index(("plenary-vote", "2000-03-22")) < returned.index(("transmitted", "2000-03-22"))


@needs_real_data
def test_an_interim_report_is_a_stage(imported: tuple[Project, dict[str, Any]]) -> None:
    """中間報告 (the House hears a committee's interim report) is a stage of the House that heard it, before the
    plenary vote it allows; no interim report is among the skipped rows."""
    p, report = imported
    conspiracy = _stages(p, "jp-193-kaku-64")
    interim = next(s for s in conspiracy if s["kind"] == "interim-report")
    assert (interim["date"], interim["body"]) == ("2017-06-15", "参議院本会議")
    assert "法務委員会の中間報告を聴取" in interim["title"]["ja"] and "interim report" in interim["title"]["en"]
    assert _kinds(conspiracy)[-3:-1] == [("interim-report", "2017-06-15"), ("enacted", "2017-06-15")]
    organs = [(s["date"], s["body"]) for s in _stages(p, "jp-164-shu-14") if s["kind"] == "interim-report"]
    assert organs == [("2009-06-09", "衆議院本会議"), ("2009-07-10", "参議院本会議")]
    assert not [why for why in report["skipped"] if "中間報告" in why]


@needs_real_data
def test_a_committee_omitted_is_said(imported: tuple[Project, dict[str, Any]]) -> None:
    """The House of Councillors deciding that no committee examines a bill (省略決定) is a plenary stage, and the
    vote that follows says it was taken without committee examination."""
    p, _ = imported
    for bill, day in (("jp-189-san-11", "2015-07-24"), ("jp-146-san-3", "1999-11-12")):
        stages = _stages(p, bill)
        omitted = next(s for s in stages if "委員会審査省略を決定" in s["title"]["ja"])
        assert (omitted["date"], omitted["body"]) == (day, "参議院本会議")
        vote = stages[stages.index(omitted) + 1]
        assert vote["date"] == day and vote["body"] == "参議院本会議" and vote["outcome"] == "passed"


@needs_real_data
def test_a_step_only_the_other_table_gives_says_so(imported: tuple[Project, dict[str, Any]]) -> None:
    """A step of one House that only the other House's table gives says so on the stage (after session 208 every HR
    step; before 153 every HC step); a step its own House's table gives says nothing of the kind."""
    p, _ = imported
    late = _stages(p, "jp-211-kaku-2")
    hr_vote = next(s for s in late if s["kind"] == "plenary-vote" and s["body"] == "衆議院本会議")
    assert "参議院の議案表による" in hr_vote["summary"]["ja"] and "衆議院の議案表" in hr_vote["summary"]["ja"]
    assert "House of Councillors' table" in hr_vote["summary"]["en"]
    assert [src["publisher"] for src in hr_vote["sources"] if src["kind"] != "dataset"] == ["House of Councillors"]
    assert not next(s for s in late if s["kind"] == "enacted")["summary"]  # the HC's own table gives its vote
    early = _stages(p, "jp-146-san-3")
    hc_vote = next(s for s in early if s["kind"] == "plenary-vote" and s["outcome"] == "passed")
    assert "衆議院の議案表による" in hc_vote["summary"]["ja"] and "from session 153" in hc_vote["summary"]["en"]
    both = _stages(p, "jp-171-kaku-10")
    assert not [s["id"] for s in both if s["summary"] and s["kind"] != "transmitted"]


@needs_real_data
def test_lists_say_which_house_amended_and_name_each_committee_once(
    imported: tuple[Project, dict[str, Any]], tmp_path: Path
) -> None:
    """The session and outcome lists say which House amended a bill (衆修正, 参修正, 衆参修正), and name a committee
    with its House, once: 総務委員会 of each House is two committees, never 「総務委員会、総務委員会」."""
    p, _ = imported
    out = tmp_path / "site"
    p.run("build", "--out", str(out))

    def row(page: str, bill: str) -> str:
        html = (out / page).read_text(encoding="utf-8")
        (found,) = re.findall(
            rf'<tr class="status-[^"]*">(?:(?!</tr>).)*{bill}/index\.html(?:(?!</tr>).)*</tr>', html, re.S
        )
        return str(found)

    both = row("ja/diet/amended.html", "jp-170-kaku-7")
    assert "衆参修正" in both
    assert "衆修正" in row("ja/diet/amended.html", "jp-177-kaku-1") and "参修正" not in row(
        "ja/diet/amended.html", "jp-177-kaku-1"
    )
    assert "amended by the HC<" in row("en/diet/amended.html", "jp-145-kaku-123")
    assert "amended by the HC<" in row("en/diet/session-147.html", "jp-145-kaku-123")
    assert "amended" not in row("en/diet/session-145.html", "jp-145-kaku-123")
    assert ">修正<" not in both
    twice = row("ja/diet/session-171.html", "jp-171-kaku-10")
    assert "衆・総務委員会、参・総務委員会" in twice and "総務委員会、総務委員会" not in twice
    assert "HR 総務委員会、HC 総務委員会" in row("en/diet/session-171.html", "jp-171-kaku-10")


@needs_real_data
def test_every_cell_is_accounted_for(imported: tuple[Project, dict[str, Any]]) -> None:
    """Every non-empty cell of every row read ends up cited by a stage, stated by a claim, among the bill's own
    facts, or left out with its reason; `cells.unexplained` (a contract) is 0, and the import prints the totals."""
    p, report = imported
    cells = report["cells"]
    assert cells["unexplained"] == 0 and cells["unexplained_cells"] == []
    parts = cells["stages"] + cells["claims"] + cells["bill"] + cells["left_out"]
    assert parts == cells["total"] > 1000
    assert sum(cells["left_out_by_reason"].values()) == cells["left_out"]
    assert all(why and count > 0 for why, count in cells["left_out_by_reason"].items())
    again = p.run("import", "diet-bills", str(p.root / "jp-diet-bills")).output
    assert "added 0, updated 0" in again
    assert f"cells: {cells['total']} non-empty" in again and "0 unexplained" in again


@needs_real_data
@pytest.mark.slow
def test_the_whole_diet_has_no_unexplained_cell() -> None:
    """Over both whole tables (every law bill since 1998), no cell goes unexplained."""
    tables = sorted(Path(DIET).glob("*.csv"))
    with read_tables((f.name, f.read_bytes()) for f in tables) as reading:
        bills = sum(1 for _ in reading.bills())
        tally = reading.cells.as_json()
    assert bills > 5800
    assert tally["unexplained"] == 0, tally["unexplained_cells"]
    assert tally["total"] == tally["stages"] + tally["claims"] + tally["bill"] + tally["left_out"]
