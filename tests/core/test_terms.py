"""The terms a provision defines, read from real statutes: the AI Act (e-Gov Japanese, JLT English) and APPI."""

from __future__ import annotations

from legistrack.diff.structure import split_units
from legistrack.terms import defined_terms

from ..conftest import BUNDLED


def _defined(path: str) -> dict[str, list[str]]:
    text = (BUNDLED / path).read_text(encoding="utf-8")
    return {u.id: terms for u in split_units(text) if (terms := defined_terms(u.text))}


def test_the_ai_act_sets_up_its_headquarters_in_article_19() -> None:
    ja = _defined("jp-ai-promotion-act/texts/09-in-force.ja.txt")
    assert ja["第四章/第十九条"] == ["人工知能戦略本部", "本部"]  # 人工知能戦略本部（以下「本部」という。）を置く
    assert ja["第一章/第二条"] == ["人工知能関連技術"]  # 「人工知能関連技術」とは、…をいう。
    assert ja["第三章/第十八条"] == ["人工知能基本計画"]  # not 計画: the words before the brackets are no name
    assert not any(t == "人工知能戦略本部" for uid, terms in ja.items() if uid != "第四章/第十九条" for t in terms)
    en = _defined("jp-ai-promotion-act/texts/08-promulgated.en.txt")
    assert en["Chapter IV/Article 19"] == ["artificial intelligence strategic headquarters", "headquarters"]
    assert en["Chapter III/Article 18"] == ["artificial intelligence basic plan"]


def test_quoted_text_of_another_law_defines_nothing_here() -> None:
    """A 読替え quotes another law's definitions (「…（以下「審理員」という。）」とあるのは…): not this law's."""
    assert (
        defined_terms(
            "同法第十一条第二項中「第九条第一項の規定により指名された者（以下「審理員」という。）」とあるのは"
        )
        == []
    )
    appi = _defined("jp-appi/texts/27-amended.ja.txt")
    assert {"個人情報", "個人識別符号", "要配慮個人情報"} <= set(appi["第一章/第二条"])
    assert appi["第三章/第一節/第七条"] == ["基本方針"]
    assert appi["第五章/第一節/第六十条"][0] == "保有個人情報"


def test_us_and_uk_drafting() -> None:
    text = 'There is established a National Artificial Intelligence Board (hereinafter referred to as the "Board").'
    assert defined_terms(text) == ["National Artificial Intelligence Board", "Board"]
    assert defined_terms('(3) The term "covered entity" means any person.') == ["covered entity"]
