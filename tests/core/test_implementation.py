"""A law at work: which articles oblige the government to act, which events carry them out, and the refusals of
bill.toml (implements on a legislative stage, an article the law does not have, a standing obligation's date)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from legistrack.diff.structure import split_units
from legistrack.errors import ManifestError
from legistrack.implementation import articles, carried_out, check, citation
from legistrack.jurisdictions.jp.obligations import obliges_government
from legistrack.packages.read import load_package
from legistrack.schema import parse_manifest

from ..conftest import BUNDLED

AI_ACT = BUNDLED / "jp-ai-promotion-act"


def test_the_ai_act_obliges_the_government_in_its_own_words() -> None:
    """国は・政府は … ものとする / 責務を有する, 内閣に…を置く: Arts. 4, 9-19 and 附則第二条, read from the e-Gov
    text; a duty of local governments, research bodies, businesses or the people (Arts. 5-8) is theirs."""
    text = (AI_ACT / "texts" / "09-in-force.ja.txt").read_text(encoding="utf-8")
    obliged = [a.citation for a in articles(text) if obliges_government(a.text)]
    assert obliged == [
        "第四条",
        *(f"第{n}条" for n in ("九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九")),
        "附則第二条",
    ]


def test_a_duty_that_waits_on_a_condition_is_no_standing_obligation() -> None:
    appi = sorted((BUNDLED / "jp-appi" / "texts").glob("*.ja.txt"))[-1].read_text(encoding="utf-8")
    by_label = {a.citation: a for a in articles(appi)}
    assert obliges_government(by_label["第八条"].text)  # 国は、…必要な措置を講ずるものとする。
    # 内閣総理大臣は、委員長又は委員が前条各号のいずれかに該当するときは、…罷免しなければならない。
    assert not obliges_government(by_label["第百三十七条"].text)
    assert not obliges_government("第五条　地方公共団体は、…施策を策定し、及び実施する責務を有する。\n")
    assert obliges_government(
        "（設置）\n第十九条　…推進するため、内閣に、人工知能戦略本部（以下「本部」という。）を置く。\n"
    )


def test_supplementary_provisions_are_cited_after_their_heading() -> None:
    units = articles("第一条　本則。\n附則\n第一条　この法律は、公布の日から施行する。\n")
    assert [(a.citation, a.unit_id) for a in units] == [("第一条", "第一条"), ("附則第一条", "附則/第一条")]
    english = articles("Article 1 Main.\nSupplementary Provisions\nArticle 1 In force.\n")
    assert [a.citation for a in english] == ["Article 1", "Supplementary Provisions Article 1"]
    assert [citation(u) for u in split_units("附則\n第二条　検討。\n") if u.kind == "article"] == ["附則第二条"]


def test_what_the_ai_act_has_carried_out() -> None:
    package = load_package(BUNDLED, "jp-ai-promotion-act")
    rows = {o.citation: o for o in carried_out(package)}
    assert [s.id for s in rows["第十八条"].events] == ["10-body-meeting", "13-plan-adopted"]
    assert [s.id for s in rows["第十三条"].events] == ["11-consultation", "12-guideline-adopted"]
    assert [s.id for s in rows["第十九条"].events] == ["09a-body-established", "10-body-meeting"]
    assert rows["附則第二条"].status == "standing" and [s.id for s in rows["附則第二条"].standing] == ["14-obligation"]
    assert rows["第十四条"].status == "open" and not rows["第十四条"].events
    assert rows["第十八条"].unit_id == "第三章/第十八条" and rows["第十八条"].lang == "ja"
    assert next(iter(rows)) == "第四条" and len(rows) == 13  # the law's order


def _manifest_with(tmp_path: Path, edit: str) -> Path:
    root = tmp_path / "bills"
    shutil.copytree(AI_ACT, root / "jp-ai-promotion-act")
    path = root / "jp-ai-promotion-act" / "bill.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('implements = ["第十八条"]', edit, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        ('implements = ["第九十九条"]', "implements 第九十九条, which no text of the law has"),
        ('implements = ["第十八条", "第十八条"]', "names 第十八条 twice"),
        ('implements = [""]', "implements has an empty article"),
        ("implements = [18]", "'implements' must be a list of strings"),
    ],
)
def test_bill_toml_refuses_what_no_reader_could_follow(tmp_path: Path, edit: str, says: str) -> None:
    root = _manifest_with(tmp_path, edit)
    with pytest.raises(ManifestError, match=says):
        load_package(root, "jp-ai-promotion-act")


def test_a_legislative_stage_carries_out_nothing() -> None:
    data = tomllib.loads((AI_ACT / "bill.toml").read_text(encoding="utf-8"))
    vote = next(s for s in data["stages"] if s["id"] == "03-committee-vote")
    vote["implements"] = ["第十八条"]
    with pytest.raises(ManifestError, match="a committee-vote stage is the legislature's"):
        parse_manifest(data, "jp-ai-promotion-act")


def test_only_a_lapse_or_withdrawal_names_its_session_instead_of_a_date() -> None:
    data = tomllib.loads((AI_ACT / "bill.toml").read_text(encoding="utf-8"))
    bill = parse_manifest(data, "jp-ai-promotion-act")
    assert bill.stages[-1].kind == "obligation" and bill.stages[-1].date is None and bill.stages[-1].session is None
    data["stages"][-1]["kind"] = "plan-adopted"
    data["stages"][-1]["id"] = "14-plan-adopted"
    with pytest.raises(ManifestError, match="missing 'date'"):
        parse_manifest(data, "jp-ai-promotion-act")


def test_leads_not_confirmed_are_read_and_kept() -> None:
    bill = parse_manifest(tomllib.loads((AI_ACT / "bill.toml").read_text(encoding="utf-8")), "jp-ai-promotion-act")
    statements = [lead.statement.best("en") for lead in bill.leads]
    assert any("AI戦略専門調査会" in s for s in statements)  # named in commentary, not on the official page read
    assert any("Cabinet Order" in s for s in statements) and all(lead.reason for lead in bill.leads)


def test_check_accepts_a_law_with_no_text_on_file() -> None:
    package = load_package(BUNDLED, "jp-ai-promotion-act")
    check(package)  # every article named is in the law's texts
