"""The bundled bills say what the record says, with a source for every stage."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .conftest import BUNDLED, Project

AI_ACT_STAGES = [
    ("01-cabinet-decision", "2025-02-28", "Cabinet (内閣)", "submitted"),
    ("02-referred", "2025-04-08", "House of Representatives plenary (衆議院本会議)", "referred"),
    ("02a-deliberation", "2025-04-09", "House of Representatives Cabinet Committee (衆議院内閣委員会)", ""),
    ("02b-deliberation", "2025-04-11", "House of Representatives Cabinet Committee (衆議院内閣委員会)", ""),
    ("02c-deliberation", "2025-04-16", "House of Representatives Cabinet Committee (衆議院内閣委員会)", ""),
    ("03-committee-vote", "2025-04-18", "House of Representatives Cabinet Committee (衆議院内閣委員会)", "passed"),
    ("04-plenary-vote", "2025-04-24", "House of Representatives plenary (衆議院本会議)", "passed"),
    ("05-referred", "2025-05-16", "House of Councillors plenary (参議院本会議)", "referred"),
    ("05a-deliberation", "2025-05-20", "House of Councillors Cabinet Committee (参議院内閣委員会)", ""),
    ("05b-deliberation", "2025-05-22", "House of Councillors Cabinet Committee (参議院内閣委員会)", ""),
    ("06-committee-vote", "2025-05-27", "House of Councillors Cabinet Committee (参議院内閣委員会)", "passed"),
    ("07-enacted", "2025-05-28", "House of Councillors plenary (参議院本会議)", "enacted"),
    ("07a-body-meeting", "2025-06-02", "AI Strategy Council (AI戦略会議)", ""),
    ("08-promulgated", "2025-06-04", "Government (官報)", "promulgated"),
    ("08a-in-force", "2025-06-04", "The act itself (附則第一条本文: 公布の日から施行)", "in-force"),
    (
        "09-in-force",
        "2025-09-01",
        "Cabinet, by cabinet order under Supplementary Provisions Article 1 (内閣・附則第一条の政令)",
        "in-force",
    ),
    # the act at work: what the government did under it (each confirmed by an official page, cited)
    ("09a-body-established", "2025-09-01", "AI Strategy Headquarters, in the Cabinet (人工知能戦略本部)", ""),
    ("10-body-meeting", "2025-09-12", "AI Strategy Headquarters (人工知能戦略本部)", ""),
    ("11-consultation", "2025-12-05", "Cabinet Office (内閣府)", ""),
    ("12-guideline-adopted", "2025-12-19", "AI Strategy Headquarters (人工知能戦略本部)", ""),
    ("13-plan-adopted", "2025-12-23", "Cabinet (内閣)", ""),
    ("14-obligation", None, "Government (政府)", ""),
]


def test_ai_act_timeline(bundled: Project) -> None:
    stages = json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)
    assert [(s["id"], s["date"], s["body"], s["outcome"]) for s in stages] == AI_ACT_STAGES
    for s in stages:
        assert s["sources"] and all(src["url"].startswith("https://") for src in s["sources"])
        assert s["in_store"]
    by_id = {s["id"]: s for s in stages}
    hr_vote = by_id["04-plenary-vote"]["vote"]
    assert hr_vote["parties_for"] == [
        "自由民主党・無所属の会",
        "立憲民主党・無所属",
        "日本維新の会",
        "国民民主党・無所属クラブ",
        "公明党",
        "有志の会",
        "参政党",
        "日本保守党",
    ]
    assert hr_vote["parties_against"] == ["れいわ新選組", "日本共産党"]
    assert hr_vote["yes"] is None and hr_vote["no"] is None  # counts are not in the record: none invented
    for committee in ("03-committee-vote", "06-committee-vote"):
        assert by_id[committee]["documents"][0]["kind"] == "supplementary-resolution"
    assert by_id["09-in-force"]["provisions"][:2] == [
        "Chapter III Artificial Intelligence Basic Plan (Article 18)",
        "Chapter IV Artificial Intelligence Strategic Headquarters (Articles 19 to 28)",
    ]
    assert by_id["09-in-force"]["provisions_ja"][:2] == [
        "第三章　人工知能基本計画（第十八条）",
        "第四章　人工知能戦略本部（第十九条～第二十八条）",
    ]
    # the chapters' names are the law's own words: the e-Gov text's headings, and the Japanese Law Translation's
    ja = (BUNDLED / "jp-ai-promotion-act" / "texts" / "09-in-force.ja.txt").read_text(encoding="utf-8")
    en = (BUNDLED / "jp-ai-promotion-act" / "texts" / "08-promulgated.en.txt").read_text(encoding="utf-8")
    for stage in ("08a-in-force", "09-in-force"):
        for name in by_id[stage]["provisions_ja"]:
            assert name.split("（")[0] in ja.splitlines() or name.startswith("附則")
        for name in by_id[stage]["provisions"]:
            assert name.split(" (")[0] in en.splitlines() or name.startswith("Supplementary Provisions")


def test_ai_act_texts_are_honest(bundled: Project) -> None:
    stages = json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)
    for s in stages[:12]:  # the bill stages: the bill text is not in our data
        assert {t["status"] for t in s["texts"].values()} == {"not-on-file"}
        assert all(t["url"].startswith("https://") and t["sha256"] is None for t in s["texts"].values())
    promulgated, partly, fully = stages[13], stages[14], stages[15]
    assert stages[12]["id"] == "07a-body-meeting"  # a meeting before promulgation: the act's text not on file
    assert {t["status"] for t in stages[12]["texts"].values()} == {"not-on-file"}
    for s in stages[16:]:  # the act at work keeps the text in force from 2025-09-01, and says so
        assert {t["status"] for t in s["texts"].values()} == {"verified"}
        assert s["texts"]["ja"]["sha256"] == fully["texts"]["ja"]["sha256"]
    assert promulgated["texts"]["en"]["status"] == "new"  # JLT: the act as enacted
    assert promulgated["texts"]["ja"]["status"] == "not-on-file"  # as promulgated: not in our data
    # in force on promulgation: Chapters 1-2 only, from e-Gov's text in force that day; the English translation,
    # of the whole act as enacted, is not that text
    assert partly["texts"]["ja"]["status"] == "new" and partly["revision"].endswith("_20250604_000000000000000")
    assert partly["texts"]["en"]["status"] == "not-on-file"
    assert fully["texts"]["ja"]["status"] == "new" and fully["revision"].endswith("_20250901_000000000000000")
    assert fully["texts"]["en"]["status"] == "verified"
    assert fully["texts"]["en"]["sha256"] == promulgated["texts"]["en"]["sha256"]


def test_ai_act_what_entered_into_force_on_1_september(bundled: Project) -> None:
    """The diff between the two texts in force is Chapters 3 and 4, and nothing else: where the 1 July claim is."""
    out = json.loads(
        bundled.run("diff", "jp-ai-promotion-act", "08a-in-force", "09-in-force", "--format", "json").output
    )
    changed = [u for u in out["units"] if u["status"] != "unchanged"]
    assert {u["status"] for u in changed} == {"inserted"}
    assert [u["new"]["label"] for u in changed][:3] == ["第三章", "第十八条", "第四章"] and len(changed) == 13
    stages = {s["id"]: s for s in json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)}
    (july,) = [c for c in stages["09-in-force"]["claims"] if "1 July" in c["statement"]]
    assert july["verdict"] == "contradicted" and "08a-in-force → 09-in-force" in july["record"]


def test_the_act_has_four_supplementary_articles(bundled: Project) -> None:
    text = bundled.run("stage", "show", "jp-ai-promotion-act", "08-promulgated", "--text", "--json").output
    english = json.loads(text)["texts"]["en"]["text"]
    suppl = english.split("\nSupplementary Provisions\n")[1]
    assert [line.split()[1] for line in suppl.splitlines() if line.startswith("Article ")] == ["1", "2", "3", "4"]


def test_appi_through_its_revisions(bundled: Project) -> None:
    """APPI's 26 revisions from one source, each naming the act that made it."""
    stages = json.loads(bundled.run("stage", "list", "jp-appi", "--json").output)
    revisions = [s for s in stages if s["revision"] and s["kind"] != "scheduled"]
    assert len(revisions) == 26 and stages[0]["kind"] == "promulgated"
    assert all(s["kind"] == "amended" and s["law_number"] for s in revisions)
    assert revisions[0]["date"] == "2017-03-01" and revisions[0]["law_number"] == "平成27年法律第65号"
    assert revisions[-1]["date"] == "2026-06-24" and revisions[-1]["law_number"] == "令和8年法律第46号"
    same_day = [s for s in revisions if s["date"] == "2017-05-30"]
    assert len(same_day) == 2 and all("2 revisions" in s["summary"]["en"] for s in same_day)
    assert all(s["texts"]["ja"]["origin"].startswith("e-Gov law Markdown (legalize-jp): appi-") for s in revisions)


def test_appi_amendments_due_say_what_their_day_is(bundled: Project) -> None:
    """The 7 revisions e-Gov's list marks UnEnforced are stages of kind scheduled, after the revisions in force, with
    no text, each saying what its day is: e-Gov's day, or the limit within which a cabinet order sets it. They do not
    change where the law stands."""
    stages = json.loads(bundled.run("stage", "list", "jp-appi", "--json").output)
    due = [s for s in stages if s["kind"] == "scheduled"]
    assert [s["date"] for s in due] == [
        "2026-10-01", "2026-12-31", "2027-01-17", "2027-04-01", "2027-04-16", "2028-07-16", "2028-12-23"
    ]  # fmt: skip
    assert stages[-len(due) :] == due and all(s["texts"]["ja"]["status"] == "not-on-file" for s in due)
    by_order = next(s for s in due if s["date"] == "2028-07-16")
    assert "公布の日から起算して二年を超えない範囲内において政令で定める日" in by_order["summary"]["ja"]
    assert "2028-07-16 is the latest day that allows" in by_order["summary"]["en"]
    assert "updated 2026-07-17" in by_order["summary"]["en"]
    assert by_order["law_number"] == "令和8年法律第56号" and by_order["revision"].endswith("_508AC0000000056")
    fixed = next(s for s in due if s["date"] == "2027-04-01")
    assert "with no note that it is still to be set" in fixed["summary"]["en"]
    timeline = bundled.run("timeline", "jp-appi").output
    assert "  due: Not yet in force in e-Gov's revision list (updated 2026-07-17). The amending act leaves" in timeline
    from legistrack.packages.read import load_package
    from legistrack.views import key_facts, status

    bill = load_package(BUNDLED, "jp-appi").bill
    assert status(bill)["code"] == "as-amended" and status(bill)["stage"] == "27-amended"
    assert [f["stage"] for f in key_facts(bill)["scheduled"]] == [s["id"] for s in due]
    assert bill.last_recorded_date is not None and bill.last_recorded_date.isoformat() == "2026-06-24"


def test_ai_act_disputed_claims(bundled: Project) -> None:
    stages = json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)
    claims = {c["statement"]: (s["id"], c) for s in stages for c in s["claims"]}
    expected = {
        "enacted 15 March 2025": "07-enacted",
        "promulgated on 25 March 2025": "08-promulgated",
        "scheduled to enter into force on 1 July 2025": "09-in-force",
        "composed of 17 articles": "08-promulgated",
    }
    for statement, stage_id in expected.items():
        where, claim = claims[statement]
        assert where == stage_id
        assert claim["verdict"] == "contradicted"
        assert claim["source"]["publisher"] == "DDG (Vincent Fauchoux)" and claim["source"]["url"]
        assert claim["record"] and claim["record_sources"]
    council = next(c for s, c in claims.values() if "National AI Strategy Council" in c["statement"])
    assert council["verdict"] == "contradicted"


def test_amended_bills_have_real_text_changes(bundled: Project) -> None:
    for bill, old, new in (("jp-appi", "02-amended", "27-amended"), ("us-hr2157-116", "01-introduced", "02-signed")):
        lang = "ja" if bill.startswith("jp-") else "en"
        stat = bundled.git("diff", "--shortstat", f"{bill}/{old}", f"{bill}/{new}", "--", f"{lang}.txt")
        assert "1 file changed" in stat and "insertions" in stat and "deletions" in stat


# The sittings of the NDL minutes index (shared/real-data/jp-ai-act/kokkai-meetings-jinkochino-kihon-keikaku.tsv):
# stage, meeting, minutes record id.
SITTINGS = [
    ("02-referred", "本会議 第17号", "121705254X01720250408"),
    ("02a-deliberation", "内閣委員会 第12号", "121704889X01220250409"),
    ("02b-deliberation", "内閣委員会 第13号", "121704889X01320250411"),
    ("02c-deliberation", "内閣委員会 第14号", "121704889X01420250416"),
    ("05-referred", "本会議 第19号", "121715254X01920250516"),
    ("05a-deliberation", "内閣委員会 第15号", "121714889X01520250520"),
    ("05b-deliberation", "内閣委員会 第16号", "121714889X01620250522"),
    ("07-enacted", "本会議 第22号", "121715254X02220250528"),
]


def test_ai_act_sittings_link_their_minutes(bundled: Project) -> None:
    """Every sitting in the minutes index is on the timeline with its number and minutes; no other minutes link is
    invented (the vote sittings the index misses link none), and the Basic Plan's sitting of 2025-11-21 is not a
    stage of the bill."""
    stages = {s["id"]: s for s in json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)}
    for stage_id, meeting, record in SITTINGS:
        s = stages[stage_id]
        assert s["session"] == 217 and s["meeting"] == meeting
        links = [x["url"] for x in s["sources"] + s["documents"]]
        assert f"https://kokkai.ndl.go.jp/txt/{record}" in links, stage_id
    minutes = [
        x["url"] for s in stages.values() for x in s["sources"] + s["documents"] if "kokkai.ndl.go.jp" in x["url"]
    ]
    assert sorted(minutes) == sorted(f"https://kokkai.ndl.go.jp/txt/{r}" for _s, _m, r in SITTINGS)
    assert "2025-11-21" not in {s["date"] for s in stages.values()}
    debates = [s for s in stages.values() if s["kind"] == "deliberation"]
    assert len(debates) == 5 and all(not s["outcome"] and not s["vote"] for s in debates)
    for s in debates:  # a debate does not change the text: the bill's official copy, as at the stage before
        assert {t["status"] for t in s["texts"].values()} == {"not-on-file"}
    assert stages["03-committee-vote"]["meeting"] == "内閣委員会 第15号"  # known (TIMELINE.md), minutes not linked


def test_ai_act_timeline_counts_the_debate(built_site: Path) -> None:
    site = built_site
    en = (site / "en" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    ja = (site / "ja" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    assert "Debated in 4 sittings in the House of Representatives, 3 in the House of Councillors" in en
    assert "衆議院で4回、参議院で3回の会議で審議" in ja
    assert en.count('class="stage kind-deliberation minor"') == 5 and en.count(' decision" id=') == 4
    assert 'Diet session 217, <span lang="ja">内閣委員会 第12号</span>' in en and "第217回国会 内閣委員会 第12号" in ja
    assert en.count('<li class="minor" data-x=') == 5  # light on the axis
    assert "No: passed both Houses without amendment" in en


def test_readme_sample_output_is_what_a_fresh_sync_prints(tmp_path: Path) -> None:
    """The README's `sync`, `build` and `verify` samples are the bundled bills' real output (commit ids included)."""
    shutil.copytree(BUNDLED, tmp_path / "bills")
    fresh = Project(tmp_path)
    printed = [line for line in fresh.run("sync").output.splitlines() if " stages, head " in line]
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    samples = [line for line in readme.splitlines() if re.match(r"^[a-z0-9-]+: \d+ stages, head [0-9a-f]{12}", line)]
    assert samples and len(samples) % len(printed) == 0
    for i in range(0, len(samples), len(printed)):  # every sample block, line for line
        assert samples[i : i + len(printed)] == printed
    verified = fresh.run("verify").output.split(" checked in ")[0]
    assert f"{verified} checked in" in readme
    for line in readme.splitlines():
        if '"commit": "' in line and "…" in line:  # the abridged stage show --json sample
            commit = line.split('"commit": "')[1].split("…")[0]
            assert fresh.git("rev-parse", "refs/tags/jp-ai-promotion-act/09-in-force^{commit}").startswith(commit)
