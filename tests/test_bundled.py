"""The bundled bills say what the record says, with a source for every stage."""

from __future__ import annotations

import json

from .conftest import Project

AI_ACT_STAGES = [
    ("01-cabinet-decision", "2025-02-28", "Cabinet (内閣)", "submitted"),
    ("02-referred", "2025-04-08", "House of Representatives plenary (衆議院本会議)", "referred"),
    ("03-committee-vote", "2025-04-18", "House of Representatives Cabinet Committee (衆議院内閣委員会)", "passed"),
    ("04-plenary-vote", "2025-04-24", "House of Representatives plenary (衆議院本会議)", "passed"),
    ("05-referred", "2025-05-16", "House of Councillors plenary (参議院本会議)", "referred"),
    ("06-committee-vote", "2025-05-27", "House of Councillors Cabinet Committee (参議院内閣委員会)", "passed"),
    ("07-enacted", "2025-05-28", "House of Councillors plenary (参議院本会議)", "enacted"),
    ("08-promulgated", "2025-06-04", "Government (官報)", "promulgated"),
    ("09-in-force", "2025-09-01", "Cabinet (cabinet order under 附則第一条)", "in-force"),
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
        "第三章 人工知能基本計画 (Art. 18)",
        "第四章 人工知能戦略本部 (Arts. 19–28)",
    ]


def test_ai_act_texts_are_honest(bundled: Project) -> None:
    stages = json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)
    for s in stages[:7]:  # the bill stages: the bill text is not in our data
        assert {t["status"] for t in s["texts"].values()} == {"not-on-file"}
        assert all(t["url"].startswith("https://") and t["sha256"] is None for t in s["texts"].values())
    promulgated, in_force = stages[7], stages[8]
    assert promulgated["texts"]["en"]["status"] == "new"
    assert promulgated["texts"]["ja"]["status"] == "not-on-file"
    assert in_force["texts"]["ja"]["status"] == "new"
    assert in_force["texts"]["en"]["status"] == "verified"
    assert in_force["texts"]["en"]["sha256"] == promulgated["texts"]["en"]["sha256"]


def test_ai_act_disputed_claims(bundled: Project) -> None:
    stages = json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)
    claims = {c["statement"]: (s["id"], c) for s in stages for c in s["claims"]}
    expected = {
        "enacted 15 March 2025": "07-enacted",
        "promulgated on 25 March 2025": "08-promulgated",
        "scheduled to enter into force on 1 July 2025": "08-promulgated",
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
    for bill, old, new in (("jp-appi", "02-amended", "03-amended"), ("us-hr2157-116", "01-introduced", "02-signed")):
        lang = "ja" if bill.startswith("jp-") else "en"
        stat = bundled.git("diff", "--shortstat", f"{bill}/{old}", f"{bill}/{new}", "--", f"{lang}.txt")
        assert "1 file changed" in stat and "insertions" in stat and "deletions" in stat
