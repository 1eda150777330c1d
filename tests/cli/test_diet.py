"""`legistrack import diet-bills`: both Houses' real bill tables, cut down to a handful of real bills.

The tables in tests are the real ones (`shared/real-data/jp-diet-bills/`) with only the rows of the bills picked
here, header and cells untouched: an unamended cabinet bill, one the House of Representatives amended, a member's
bill that lapsed, one carried over across sessions, one withdrawn, one where the two tables disagree, and the AI
Promotion Act (curated in the bundled bills).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from legistrack.jurisdictions.jp.diet.lists import committee_slug
from legistrack.packages.read import load_package
from legistrack.publish import build as build_module
from legistrack.site import search as site_search
from legistrack.views import key_facts

from ..conftest import BUNDLED, REAL_DATA, Project, needs_real_data

DIET = REAL_DATA / "jp-diet-bills"
HC_KINDS = {"閣法": "法律案（内閣提出）", "衆法": "法律案（衆法）", "参法": "法律案（参法）"}
PICKED = [
    ("閣法", 208, 1),  # 所得税法等の一部を改正する法律案: passed both Houses unamended, in both tables
    ("閣法", 204, 6),  # 新型インフルエンザ等対策特別措置法等: amended (修正) in the House of Representatives
    ("衆法", 204, 15),  # 消費者契約法等: a member's bill that lapsed (審議未了)
    ("閣法", 151, 64),  # carried over: passed by the HR in 153, by the HC in 154, then by the HR again
    ("衆法", 196, 40),  # 産後ケアセンター: carried over four times, withdrawn (撤回許可) in session 200
    ("衆法", 151, 53),  # the two tables give different promulgation dates
    ("閣法", 217, 29),  # the AI Promotion Act
]


def _hc_key(row: list[str]) -> tuple[str, str, str]:
    return row[1].replace("（表）", ""), row[2], row[3]


def _hr_key(row: list[str]) -> tuple[str, str, str]:
    return row[11], row[12], row[13]


def _cut(tmp: Path, picked: list[tuple[str, int, int]] = PICKED) -> Path:
    """The real tables, with only the rows of the picked bills (and the header)."""
    out = tmp / "jp-diet-bills"
    out.mkdir()
    keys_hc = {(HC_KINDS[k], str(s), str(n)) for k, s, n in picked}
    keys_hr = {(k, str(s), str(n)) for k, s, n in picked}
    for name, key in (("hc-gian-153-221.csv", _hc_key), ("hr-gian-142-208.csv", _hr_key)):
        rows = list(csv.reader(io.StringIO((DIET / name).read_text(encoding="utf-8"), newline="")))
        wanted = keys_hc if name.startswith("hc") else keys_hr
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(rows[0])
        writer.writerows(r for r in rows[1:] if key(r) in wanted)
        (out / name).write_text(buffer.getvalue(), encoding="utf-8")
    return out


@pytest.fixture
def diet(tmp_path: Path) -> tuple[Project, Path]:
    shutil.copytree(BUNDLED, tmp_path / "bills")
    project = Project(tmp_path)
    project.run("sync")
    return project, _cut(tmp_path)


@pytest.fixture
def diet_site(tmp_path: Path) -> tuple[Project, Path]:
    """As `diet`, without the APPI (a law of 26 revisions: half of the bundled bills' build) for the tests that build
    the site: the Diet's pages are what they read."""
    shutil.copytree(
        BUNDLED, tmp_path / "bills", ignore=lambda folder, names: ["jp-appi"] if folder == str(BUNDLED) else []
    )
    project = Project(tmp_path)
    project.run("sync")
    return project, _cut(tmp_path)


def _stages(p: Project, bill: str) -> list[dict[str, Any]]:
    return json.loads(p.run("stage", "list", bill, "--json").output)  # type: ignore[no-any-return]


@needs_real_data
def test_import_the_picked_bills(diet: tuple[Project, Path]) -> None:
    p, tables = diet
    out = p.run("import", "diet-bills", str(tables)).output
    assert "added 6, updated 0, unchanged 0, curated 1 (compared, not written), conflicts 0" in out
    # every package names its bill as the bundled AI Act does
    for kind, session, number in PICKED[:-1]:
        bill = f"jp-{session}-{ {'閣法': 'kaku', '衆法': 'shu', '参法': 'san'}[kind] }-{number}"
        manifest = (p.bills / bill / "bill.toml").read_text(encoding="utf-8")
        assert f'diet_bill = "第{session}回国会{kind}第{number}号"' in manifest
    assert not (p.bills / "jp-217-kaku-29").exists()  # curated: compared, never written
    p.run("verify")


@needs_real_data
def test_an_unamended_cabinet_bill(diet: tuple[Project, Path]) -> None:
    p, tables = diet
    p.run("import", "diet-bills", str(tables))
    stages = _stages(p, "jp-208-kaku-1")
    assert [(s["kind"], s["date"]) for s in stages] == [
        ("submitted", "2022-01-25"),
        ("referred", "2022-02-01"),
        ("committee-vote", "2022-02-21"),
        ("plenary-vote", "2022-02-22"),
        ("transmitted", "2022-02-22"),
        ("referred", "2022-03-04"),
        ("committee-vote", "2022-03-22"),
        ("enacted", "2022-03-22"),
        ("promulgated", "2022-03-31"),
    ]
    assert all(s["outcome"] != "passed-with-amendments" for s in stages)
    hr_vote = stages[3]
    assert hr_vote["vote"]["parties_for"] == ["自由民主党", "公明党", "国民民主党・無所属クラブ"]
    assert "日本共産党" in hr_vote["vote"]["parties_against"] and hr_vote["vote"]["result"] == "majority (多数)"
    enacted = stages[7]
    assert enacted["vote"]["method"] == "standing vote (起立)" and enacted["outcome"] == "enacted"
    assert enacted["vote"]["record_url"] == ""  # a standing vote has no record of names: none is invented
    promulgated = stages[8]
    assert promulgated["title"]["ja"] == "公布（令和4年法律第4号）"
    # every stage cites the House's own page, and the dataset file with its commit
    for s in stages:
        urls = [src["url"] for src in s["sources"]]
        assert any("shugiin.go.jp" in u or "sangiin.go.jp" in u for u in urls)
        datasets = [src for src in s["sources"] if src["kind"] == "dataset"]
        assert datasets and all("/blob/" in d["url"] and "line" in d["note"] for d in datasets)
    referral = stages[1]["sources"][0]
    assert referral["publisher"] == "House of Representatives" and referral["publisher_ja"] == "衆議院"
    assert "財務金融" in referral["note"] and referral["note_ja"] == referral["note"]  # the record's words


@needs_real_data
def test_amended_lapsed_carried_over_withdrawn(diet: tuple[Project, Path]) -> None:
    p, tables = diet
    p.run("import", "diet-bills", str(tables))
    amended = _stages(p, "jp-204-kaku-6")
    hr_committee = next(s for s in amended if s["kind"] == "committee-vote")
    assert hr_committee["outcome"] == "passed-with-amendments" and "衆議院" in str(hr_committee["body"])
    assert amended[-1]["kind"] == "promulgated"
    # the key facts say it once per House, with the committee's and the plenary's decisions
    facts = key_facts(load_package(p.bills, "jp-204-kaku-6").bill)
    (hr,) = facts["amended_in"]
    assert hr["house"] == "hr" and [d["committee"] for d in hr["decisions"]] == [True, False]
    lapsed = _stages(p, "jp-204-shu-15")
    assert lapsed[-1]["kind"] == "lapsed" and lapsed[-1]["date"] is None and lapsed[-1]["session"] == 204
    assert lapsed[0]["kind"] == "introduced"
    listing = p.run("stage", "list", "jp-204-shu-15").output.splitlines()
    assert listing[-1].startswith("(no date)   03-lapsed") and "204th" in listing[-1]
    carried = _stages(p, "jp-151-kaku-64")
    votes = [(s["date"], s["body"]) for s in carried if s["kind"] in ("plenary-vote", "enacted")]
    assert votes[0] == ("2001-12-06", "衆議院本会議")  # the HR passes it in session 153
    assert ("2002-03-20", "参議院本会議") in votes  # the HC, in session 154, after carrying it over
    hc_vote = next(s for s in carried if s["date"] == "2002-03-20" and s["body"] == "参議院本会議")
    assert hc_vote["vote"]["method"] == "push-button vote (押しボタン)"
    assert hc_vote["vote"]["record_url"] == "https://www.sangiin.go.jp/japanese/joho1/kousei/vote/154/154-0320-v001.htm"
    assert carried[-2]["kind"] == "enacted" and carried[-2]["date"] == "2002-03-28"  # the HR again: enacted
    assert {s["session"] for s in carried} >= {151, 152, 153, 154}
    withdrawn = _stages(p, "jp-196-shu-40")
    carried_over = [s for s in withdrawn if s["outcome"] == "carried-over"]
    assert len(carried_over) >= 4  # one bill through five sessions
    assert withdrawn[-1]["kind"] == "withdrawn" and withdrawn[-1]["date"] == "2019-11-22"
    # a carry-over (継続審査) decides nothing about the bill: the key facts list each one apart, once per House and
    # day (its committee's and its plenary's decision), and never among the decisions that passed the bill
    facts = key_facts(load_package(p.bills, "jp-196-shu-40").bill)
    assert [(c["house"], c["date"]) for c in facts["carried_over"]] == [
        ("hr", "2018-07-20"),
        ("hr", "2018-12-10"),
        ("hr", "2019-06-26"),
        ("hr", "2019-08-05"),
    ]
    steps = [(x["code"], x["house"], x["done"], x["ended"]) for x in facts["progress"]]
    assert steps[:3] == [("submitted", "", True, ""), ("passed", "hr", False, "withdrawn"), ("passed", "hc", False, "")]
    facts = key_facts(load_package(p.bills, "jp-151-kaku-64").bill)
    assert [(c["house"], c["date"]) for c in facts["carried_over"]] == [("hc", "2001-12-07")]
    # where it is now: each House's passage in the order the bill reached them, and entry into force, which the
    # Houses' tables do not record, said to be not on record (never "next")
    dated = [(x["code"], x["house"], x["date"]) for x in facts["progress"]]
    assert dated == [
        ("submitted", "", "2001-03-09"),
        ("passed", "hr", "2001-12-06"),
        ("passed", "hc", "2002-03-20"),
        ("enacted", "", "2002-03-28"),
        ("promulgated", "", "2002-03-30"),
        ("in-force", "", None),
    ]
    assert facts["progress"][-1]["not_on_record"] and not any(x["next"] for x in facts["progress"])
    # the House of Councillors' summary of the bill (議案要旨), on the first screen
    summary = key_facts(load_package(p.bills, "jp-204-kaku-6").bill)["summary"]
    assert summary["url"] == "https://www.sangiin.go.jp/japanese/joho1/kousei/gian/204/pdf/58020460.pdf"
    assert "2001-12-07" not in {d["date"] for d in facts["decisions"]}


@needs_real_data
def test_a_disagreement_between_the_tables_is_a_claim_with_both_sources(diet: tuple[Project, Path]) -> None:
    p, tables = diet
    p.run("import", "diet-bills", str(tables))
    promulgated = next(s for s in _stages(p, "jp-151-shu-53") if s["kind"] == "promulgated")
    assert promulgated["date"] == "2003-07-31"  # the House of Councillors' table, the record for a promulgation
    (claim,) = promulgated["claims"]
    assert claim["verdict"] == "contradicted" and "2003-07-30" in claim["statement"]
    assert "shugiin.go.jp" in claim["source"]["url"] and claim["record_sources"]


@needs_real_data
def test_importing_again_changes_nothing_and_a_newer_table_adds_commits(diet: tuple[Project, Path]) -> None:
    p, tables = diet
    p.run("import", "diet-bills", str(tables))
    refs = p.git("for-each-ref")
    again = p.run("import", "diet-bills", str(tables)).output
    assert "added 0, updated 0, unchanged 6" in again
    assert p.git("for-each-ref") == refs
    # An older table: the AI-era bill jp-204-kaku-6 without its promulgation, as a table of before that day had it.
    older = tables.parent / "older"
    shutil.copytree(tables, older)
    hc = (older / "hc-gian-153-221.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    rows = list(csv.reader(io.StringIO("".join(hc), newline="")))
    header = rows[0]
    for row in rows[1:]:
        if row[2:4] == ["204", "6"]:
            row[header.index("その他の情報 - 公布年月日")] = ""
            row[header.index("その他の情報 - 法律番号")] = ""
    hr_rows = list(csv.reader(io.StringIO((older / "hr-gian-142-208.csv").read_text(encoding="utf-8"), newline="")))
    for row in hr_rows[1:]:
        if row[11:14] == ["閣法", "204", "6"]:
            row[31] = "／"
    for name, table in (("hc-gian-153-221.csv", rows), ("hr-gian-142-208.csv", hr_rows)):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table)
        (older / name).write_text(buffer.getvalue(), encoding="utf-8")
    p2 = Project(tables.parent / "second")
    shutil.copytree(p.bills, p2.bills)
    for bill in p2.bills.glob("jp-*-*-*"):
        shutil.rmtree(bill)
    p2.run("import", "diet-bills", str(older))
    before = p2.git("log", "--format=%H", "jp-204-kaku-6").split()
    out = p2.run("import", "diet-bills", str(tables)).output
    assert "updated 1" in out
    after = p2.git("log", "--format=%H", "jp-204-kaku-6").split()
    assert after[1:] == before  # the newer table adds the promulgation as one new commit on the same branch
    assert "rewrote" not in out  # adding a stage at the end rewrites nothing a clone has
    # a table corrected in an earlier step (the HC committee renamed): the stages from there on get new commits, and
    # the import says so, with what a clone must run, as stage add does
    hc_text = (tables / "hc-gian-153-221.csv").read_text(encoding="utf-8")
    fixed = tables.parent / "fixed"
    shutil.copytree(tables, fixed)
    hc_rows = list(csv.reader(io.StringIO(hc_text, newline="")))
    for hc_row in hc_rows[1:]:
        if hc_row[2:4] == ["204", "6"]:
            hc_row[hc_rows[0].index("参議院委員会等経過情報 - 付託委員会等")] = "内閣委員会（訂正）"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(hc_rows)
    (fixed / "hc-gian-153-221.csv").write_text(buffer.getvalue(), encoding="utf-8")
    result = p2.run("import", "diet-bills", str(fixed))
    assert "note: this rewrote the branch jp-204-kaku-6 from " in result.output
    assert "git fetch --force origin '+refs/heads/jp-204-kaku-6:" in result.output
    report = json.loads(p2.run("import", "diet-bills", str(tables), "--json").stdout)
    assert list(report["rewritten"]) == ["jp-204-kaku-6"]  # and back: rewritten again, listed in --json


@needs_real_data
def test_curated_ai_act_agrees_with_the_tables(diet: tuple[Project, Path]) -> None:
    """The bundled AI Act's curated dates are those of both Houses' tables; a curated date changed is reported."""
    p, tables = diet
    out = p.run("import", "diet-bills", "--json", str(tables)).output
    report = json.loads(out)
    assert report["curated"] == ["jp-ai-promotion-act"] and report["conflicts"] == []
    manifest = p.bills / "jp-ai-promotion-act" / "bill.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("date = 2025-04-18", "date = 2025-04-17"))
    report = json.loads(p.run("import", "diet-bills", "--json", str(tables)).output)
    messages = [c["message"] for c in report["conflicts"]]
    assert any("committee-vote on 2025-04-18" in m for m in messages), messages
    assert any("2025-04-17" in m for m in messages), messages


def _table_with(tables: Path, name: str, edit: str) -> Path:
    bad = tables.parent / f"bad-{edit}"
    shutil.copytree(tables, bad)
    path = bad / name
    text = path.read_text(encoding="utf-8")
    if edit == "column":
        text = text.replace("参議院委員会等経過情報 - 議決日", "参議院委員会等経過情報 - 議決年月日", 1)
    elif edit == "date":
        text = text.replace("令和 4年 2月21日", "令和 4年 2月30日", 1)
    elif edit == "result":
        text = text.replace("令和 4年 2月21日／可決", "令和 4年 2月21日／保留", 1)
    elif edit == "duplicate":
        lines = text.splitlines(keepends=True)
        text = "".join([*lines, lines[1]])
    elif edit == "huge":  # one cell over csv's own field limit (131,072 characters)
        text = text.replace("所得税法等の一部を改正する法律案", "所得税法等の一部を改正する法律案" + "あ" * 200_000, 1)
    elif edit == "number":  # a bill number of 20 digits would become the package jp-208-kaku-99999999999999999999
        text = text.replace("\n208,法律案（内閣提出）,208,1,", "\n208,法律案（内閣提出）,208,99999999999999999999,", 1)
    elif edit == "nul":
        text = text.replace("所得税法等の一部を改正する法律案", "所得税法\x00等", 1)
    path.write_text(text, encoding="utf-8")
    return bad


@needs_real_data
@pytest.mark.parametrize(
    ("name", "edit", "needles"),
    [
        ("hc-gian-153-221.csv", "column", ["hc-gian-153-221.csv line 1", "missing column"]),
        (
            "hr-gian-142-208.csv",
            "date",
            ["hr-gian-142-208.csv line", "衆議院審査終了年月日／衆議院審査結果", "impossible date"],
        ),
        ("hr-gian-142-208.csv", "result", ["hr-gian-142-208.csv line", "unknown result '保留'"]),
        ("hc-gian-153-221.csv", "duplicate", ["hc-gian-153-221.csv line", "listed twice"]),
        ("hc-gian-153-221.csv", "huge", ["hc-gian-153-221.csv line", "column '件名'", "200,016 characters"]),
        ("hr-gian-142-208.csv", "huge", ["hr-gian-142-208.csv line", "column '議案件名'", "characters"]),
        ("hc-gian-153-221.csv", "number", ["hc-gian-153-221.csv line", "column 提出番号", "1 to 99,999"]),
        ("hc-gian-153-221.csv", "nul", ["hc-gian-153-221.csv line", "column '件名'", "control character"]),
    ],
)
def test_bad_tables_change_nothing(diet: tuple[Project, Path], name: str, edit: str, needles: list[str]) -> None:
    p, tables = diet
    bad = _table_with(tables, name, edit)
    before = p.state()
    result = p.run("import", "diet-bills", str(bad), ok=False)
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert result.exit_code == 1 and len(errors) == 1, result.output
    for needle in needles:
        assert needle in errors[0], errors[0]
    assert p.state() == before


@pytest.mark.slow
def _searches_started(monkeypatch: pytest.MonkeyPatch, homes: list[bool] | None = None) -> list[str]:
    """The globs of the Pagefind runs the builds start from now on (the build's own start_search, spied); `homes`
    gets, for each, whether both home pages were written when it started."""
    started: list[str] = []
    start = site_search.start_search

    def spied(out: Path, glob: str) -> site_search.Indexing:
        started.append(glob)
        if homes is not None:
            homes.append(all((out / lang / "index.html").is_file() for lang in ("en", "ja")))
        return start(out, glob)

    monkeypatch.setattr(build_module, "start_search", spied)
    return started


@needs_real_data
def test_the_diet_on_the_site(diet_site: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p, tables = diet_site
    # A committee name from the tables longer than a file name can be (123 characters, 369 bytes) still gets a page.
    hc = tables / "hc-gian-153-221.csv"
    long_name = "国際" * 60 + "委員会"
    hc.write_text(hc.read_text(encoding="utf-8").replace(",財政金融委員会,", f",{long_name},"), encoding="utf-8")
    p.run("import", "diet-bills", str(tables))
    out = tmp_path / "site"
    p.run("build", "--out", str(out))
    assert max(len(path.name.encode()) for path in out.rglob("*")) <= 255
    committees = (out / "ja" / "diet" / "committees.html").read_text(encoding="utf-8")
    (link,) = re.findall(r'href="(committee-hc-国際国際[^"]*)"', committees)
    assert long_name in (out / "ja" / "diet" / link).read_text(encoding="utf-8")
    assert link == committee_slug("hc", long_name) + ".html"  # the same name gives the same page, every build
    session = (out / "ja" / "diet" / "session-204.html").read_text(encoding="utf-8")
    assert "新型インフルエンザ等対策特別措置法等の一部を改正する法律案" in session and "閣法第6号" in session
    assert "会期の召集日・閉会日がない" in session  # no session dates from memory
    lapsed = (out / "en" / "diet" / "lapsed.html").read_text(encoding="utf-8")
    assert "jp-204-shu-15" in lapsed and "jp-208-kaku-1" not in lapsed
    amended = (out / "en" / "diet" / "amended.html").read_text(encoding="utf-8")
    assert "jp-204-kaku-6" in amended and "jp-208-kaku-1" not in amended
    withdrawn = (out / "en" / "diet" / "withdrawn.html").read_text(encoding="utf-8")
    assert "jp-196-shu-40" in withdrawn
    committees = (out / "ja" / "diet" / "committees.html").read_text(encoding="utf-8")
    assert "財務金融委員会" in committees
    # on a phone each row of a list is a card whose cells say which column they are (table.cards, data-label)
    sessions = (out / "en" / "diet" / "sessions.html").read_text(encoding="utf-8")
    for listing in (session, committees, lapsed, amended, withdrawn, sessions):
        found = re.findall(r"<table class=\"bill-table cards\">.*?</table>", listing, re.S)
        assert found and all(re.findall(r"<td[^>]*>", table) for table in found)
        assert all("data-label=" in cell for table in found for cell in re.findall(r"<td[^>]*>", table))
    finder = (out / "assets" / "finder.js").read_text(encoding="utf-8")
    assert "第208回国会閣法第1号" in finder and "令和4年法律第4号" in finder
    home = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "diet/sessions.html" in home and "jp-ai-promotion-act/index.html" in home
    assert "jp-208-kaku-1/index.html" not in home  # the home page leads to sessions, not to 5,000 bills
    # a tab's title is plain text: a Japanese title on an English page is not marked up there (<title> shows tags)
    titles = {
        page: re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S).group(1)  # type: ignore[union-attr]
        for page in out.rglob("*.html")
    }
    assert not {str(page): t for page, t in titles.items() if "<" in t or "&lt;" in t}
    assert titles[out / "en" / "jp-208-kaku-1" / "index.html"].startswith("所得税法等の一部を改正する法律案 — ")
    # an English page of a bill with no English title: the Japanese title once, and what kind of bill it is
    head = (out / "en" / "jp-204-kaku-6" / "index.html").read_text(encoding="utf-8").split('class="bill-head"')[1]
    head = head.split("</div>")[0]
    assert head.count("新型インフルエンザ等対策特別措置法等の一部を改正する法律案") == 1
    said = "No official English title. A Cabinet bill (Diet session 204, No. 6) to amend part of "
    assert said + '<span lang="ja">新型インフルエンザ等対策特別措置法</span> and other Acts.' in head
    # a Japanese page in Japanese: no English stage titles under the Japanese ones, the stage ids kept out of search
    ja = (out / "ja" / "jp-204-kaku-6" / "index.html").read_text(encoding="utf-8")
    assert 'class="other-title" lang="en"' not in ja and "House of Representatives" not in ja
    assert '<p class="stage-ref" data-pagefind-ignore>' in ja
    # a bill with no text on file at any stage says so once, in its key facts, with the official text and why, not
    # at each stage (88,000 times on the Diet's site); what a kind of stage is, at the first stage of that kind; the
    # procedure is explained once, on the home page, and linked
    en6 = (out / "en" / "jp-204-kaku-6" / "index.html").read_text(encoding="utf-8")
    facts = en6.split('<section class="key-facts"')[1].split("</section>")[0]
    assert "Japanese text: not on file at any stage · <a href=" in facts and ">official text</a>" in facts
    assert facts.index("<dt>Text</dt>") > facts.index("<dt>Enacted</dt>")  # after where it is and when it took effect
    assert en6.count(">official text</a>") == 1 and en6.count("<dt>Text</dt>") == 1 and "legistrack&#39;s data" in facts
    assert "as at the stage before" not in en6
    kinds = re.findall(r'<li class="stage kind-([a-z-]+)', en6)
    assert len(kinds) == 9 and en6.count('class="kind-text"') == len(set(kinds)) < len(kinds)
    # the datasets a stage's values were read from: said where they are not the stage before's
    shown = re.findall(r'<li class="stage.*?</li>\n(?=  <li class="stage|</ol>)', en6, re.S)
    datasets = [re.findall(r"(\d+) dataset sources? these values were read from", stage) for stage in shown]
    assert len(shown) == 9 and datasets[0] and 0 < sum(map(bool, datasets)) < 9
    # the sources page links each stage by its date and title (the date in words is on the timeline)
    ja_sources = (out / "ja" / "jp-204-kaku-6" / "sources.html").read_text(encoding="utf-8")
    assert '<a href="index.html#stage-01-submitted">2021-01-22: 内閣が衆議院に提出</a>' in ja_sources
    assert 'class="procedure-link"><a href="../../en/index.html#procedure"' in en6 and '<dl id="procedure">' not in en6
    assert '<dl id="procedure">' in (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "\n" not in (out / "jp-204-kaku-6" / "timeline.json").read_text(encoding="utf-8").rstrip("\n")
    # on the time axis a carry-over is named as one, and drawn light (it was drawn as a plenary vote)
    en = (out / "en" / "jp-196-shu-40" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<li class="minor" data-x="[0-9.]+"><a href="#stage-04-plenary-vote"><time>[^<]*</time> HR carried over', en
    )
    assert 'Kept for the next session (<span lang="ja">継続審査</span>)</dt><dd>4 times: ' in en
    # a stage added to one of the Diet's bills: none of the pages the search index reads changed (the curated bills'
    # timelines and texts, the laws'), so Pagefind does not run again and the index is the previous build's, linked
    index = sorted((out / "pagefind").rglob("*.pf_*"))
    inodes = {path.stat().st_ino for path in index}
    p.run("stage", "add", "jp-208-kaku-1", "--kind", "event", "--date", "2026-12-01", "--title", "A hearing",
          "--source", "https://example.org/hearing")  # fmt: skip
    started = _searches_started(monkeypatch)
    p.run("build", "--out", str(out))
    assert started == [] and sorted((out / "pagefind").rglob("*.pf_*")) == index
    assert {path.stat().st_ino for path in index} == inodes and (out / "pagefind" / "pagefind-entry.json").is_file()
    assert "A hearing" in (out / "en" / "jp-208-kaku-1" / "index.html").read_text(encoding="utf-8")
    # a curated bill's stage changes a page it reads: it runs
    p.run("stage", "add", "jp-whistleblower-protection-act", "--kind", "event", "--date", "2029-01-01",
          "--title", "Reviewed", "--source", "https://example.org/review")  # fmt: skip
    p.run("build", "--out", str(out))
    assert len(started) == 1


@needs_real_data
def test_a_store_of_the_diet_s_bills_alone_indexes_no_timeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no curated bill and no law, the search index holds the two home pages, not every timeline: the Diet's
    bills are found by the finder, as beside curated bills (every one of the Diet's 11,676 timelines took Pagefind
    to 2.35 GB of memory), and Pagefind, which refuses an index of no page, still gives the search page an index."""
    (tmp_path / "bills").mkdir()
    p = Project(tmp_path)
    p.run("import", "diet-bills", str(_cut(tmp_path, [k for k in PICKED if k != ("閣法", 217, 29)])))
    assert not (p.bills / "jp-ai-promotion-act").exists() and len(list(p.bills.iterdir())) == len(PICKED) - 1
    homes: list[bool] = []
    started = _searches_started(monkeypatch, homes)
    out = tmp_path / "site"
    p.run("build", "--out", str(out))
    assert started == ["{{en,ja}/index.html}"] and homes == [True]  # the two home pages, once they are written
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == 2
    finder = (out / "assets" / "finder.js").read_text(encoding="utf-8")
    assert "第208回国会閣法第1号" in finder and "jp-204-shu-15" in finder


@needs_real_data
def test_a_bad_row_late_in_the_tables_leaves_no_objects_behind(
    diet: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bills are written to the store a batch at a time as they are built; a bad row in a later bill removes the
    packs of the earlier batches again, so the store holds exactly what it held."""
    from legistrack.store.batches import ObjectBatches

    monkeypatch.setattr(ObjectBatches, "BATCH", 1)  # a pack per bill
    p, tables = diet
    bad = _table_with(tables, "hr-gian-142-208.csv", "result")  # jp-208-kaku-1, after three bills in id order
    packs = sorted(path.name for path in (p.store / "objects" / "pack").iterdir())
    before = p.state()
    result = p.run("import", "diet-bills", str(bad), ok=False)
    assert result.exit_code == 1 and "unknown result '保留'" in result.output
    assert p.state() == before
    assert sorted(path.name for path in (p.store / "objects" / "pack").iterdir()) == packs
    p.run("import", "diet-bills", str(tables))  # and the good tables still import
    assert (p.bills / "jp-208-kaku-1" / "bill.toml").is_file()


@needs_real_data
def test_a_record_over_several_lines_is_cited_at_its_first(tmp_path: Path) -> None:
    """A row whose cell holds line breaks (the HC's 備考 of 衆法 208-50: 撤回申出, then 撤回) spans several lines of the
    table: its facts cite the line the record starts on, where a reader finds it, not its last line."""
    tables = _cut(tmp_path, [("衆法", 208, 50)])
    reader = csv.reader(io.StringIO((tables / "hc-gian-153-221.csv").read_text(encoding="utf-8"), newline=""))
    spans = []
    while True:
        start = reader.line_num + 1
        row = next(reader, None)
        if row is None:
            break
        if reader.line_num > start:
            spans.append((start, reader.line_num))
    assert spans, "the picked bill has no record over several lines"
    (tmp_path / "bills").mkdir()
    p = Project(tmp_path)
    p.run("import", "diet-bills", str(tables))
    notes = " ".join(s["note"] for stage in _stages(p, "jp-208-shu-50") for s in stage["sources"])
    for first, last in spans:
        assert f"hc-gian-153-221.csv line {first}, column" in notes
        assert f"hc-gian-153-221.csv line {last}, column" not in notes


@needs_real_data
def test_a_committee_written_short_is_one_committee_not_a_dispute(tmp_path: Path) -> None:
    """The HR table writes some HC committees short (農水, 議運, 災害特, 倫理選挙特); the HC table writes them whole.
    One committee written two ways is no disagreement: no claim, and the stage names the committee whole."""
    picked = [("閣法", 164, 19), ("衆法", 164, 2), ("衆法", 164, 12), ("衆法", 183, 3)]
    tables = _cut(tmp_path, picked)
    (tmp_path / "bills").mkdir()
    p = Project(tmp_path)
    p.run("import", "diet-bills", str(tables))
    wanted = {
        "jp-164-kaku-19": "参議院農林水産委員会",
        "jp-164-shu-2": "参議院議院運営委員会",
        "jp-164-shu-12": "参議院災害対策特別委員会",
        "jp-183-shu-3": "参議院政治倫理の確立及び選挙制度に関する特別委員会",
    }
    for bill, committee in wanted.items():
        stages = _stages(p, bill)
        claims = [c["statement"] for s in stages for c in s["claims"]]
        assert not [c for c in claims if "委員会" in c], (bill, claims)
        assert any(s["kind"] == "referred" and s["body"] == committee for s in stages), bill
