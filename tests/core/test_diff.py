"""The diff engine: lossless spans, alignment (renumbered, moved, 削除), tokens that read well, real amendments."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legistrack.diff.digest import digest
from legistrack.diff.engine import diff_texts
from legistrack.diff.model import DELETE, EQUAL, INSERT, Diff, new_text, old_text
from legistrack.diff.render import render_json
from legistrack.diff.structure import split_units
from legistrack.diff.tokens import tokenize
from legistrack.site.render import diff_fragment

from ..conftest import BUNDLED, REAL_DATA, needs_real_data

AI_ACT = (BUNDLED / "jp-ai-promotion-act" / "texts" / "09-in-force.ja.txt").read_text(encoding="utf-8")
KANJI = "〇一二三四五六七八九十"


def _changes(d: Diff) -> list[tuple[str, str, str, bool, bool]]:
    return [
        (c.status, c.old.label if c.old else "", c.new.label if c.new else "", c.renumbered, c.moved)
        for c in d.units
        if c.changed or c.formatting_only
    ]


def _edits(d: Diff) -> list[tuple[str, str]]:
    return [(op, t) for c in d.units for op, t in c.spans if op != EQUAL]


def _check_lossless(d: Diff, old: str, new: str) -> None:
    # Units come in the new text's order (a moved unit sits where it is now); put the old side back in order.
    old_order = {u.id: i for i, u in enumerate(split_units(old))}
    by_old = sorted((c for c in d.units if c.old), key=lambda c: old_order[c.old.id])  # type: ignore[union-attr]
    assert "".join(old_text(c.spans) for c in by_old) == old
    assert "".join(new_text(c.spans) for c in d.units if c.new) == new
    for c in d.units:
        assert old_text(c.spans) == (c.old.text if c.old else "")
        assert new_text(c.spans) == (c.new.text if c.new else "")
    s = d.stats
    assert s.unchanged + s.modified + s.inserted + s.deleted + s.metadata == len(d.units)
    assert sum(1 for c in d.units if c.old) == len(split_units(old))
    assert sum(1 for c in d.units if c.new) == len(split_units(new))


# --- properties ------------------------------------------------------------------------------------

_line = st.one_of(
    st.text(alphabet="必要な措置を講ずるものとする。国は、第条項一二三 \u3000abc", max_size=30),
    st.builds(
        lambda n, body: f"第{KANJI[n % 10 + 1]}条　{body}", st.integers(0, 9), st.text("本文措置政令", max_size=10)
    ),
    st.sampled_from(["第一章　総則", "附　則", "（目的）", "", "SEC. 2. Short title.", "Article 3 (1) text"]),
)
_texts = st.lists(_line, max_size=12).map(lambda lines: "\n".join(lines))


@settings(max_examples=150, deadline=None)
@given(_texts, _texts, st.booleans())
def test_spans_are_lossless(old: str, new: str, raw: bool) -> None:
    _check_lossless(diff_texts(old, new, raw=raw), old, new)


@settings(max_examples=100, deadline=None)
@given(_texts, _texts, st.booleans())
def test_a_diff_read_back_from_its_document_is_the_same_document(old: str, new: str, changes_only: bool) -> None:
    """Diff.from_json gives back what the document holds (a build shows and exports a law's earlier diffs from it)."""
    d = diff_texts(old, new)
    d = d.changes_only() if changes_only else d
    back = Diff.from_json(json.loads(render_json(d)))
    assert back.to_json() == d.to_json()
    assert back.stats == d.stats and back.omitted_unchanged == d.omitted_unchanged
    assert [(c.old and c.old.scope, c.new and c.new.kind) for c in back.units] == [
        (c.old and c.old.scope, c.new and c.new.kind) for c in d.units
    ]


def test_a_diff_read_back_renders_as_the_diff_itself() -> None:
    """The pages of a diff read back from its document are the pages of the diff (every layout, the digest)."""
    texts = sorted((BUNDLED / "jp-appi" / "texts").glob("*.ja.txt"))[:4]
    for a, b in itertools.pairwise(texts):
        d = diff_texts(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
        for shown in (d, d.changes_only()):
            back = Diff.from_json(json.loads(render_json(shown)))
            assert digest(back) == digest(shown)
            for layout in ("inline", "side", "taisho"):
                assert diff_fragment(back, layout, "ja") == diff_fragment(shown, layout, "ja")


@pytest.mark.parametrize("bad", [{}, {"schema": "other"}, {"schema": "legistrack.diff/1", "units": [{}]}, []])
def test_a_document_that_is_not_a_diff_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match=r"not a legistrack\.diff/1 document"):
        Diff.from_json(bad)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(_texts)
def test_text_against_itself_is_identical(text: str) -> None:
    d = diff_texts(text, text)
    assert d.identical and d.old.sha256 == d.new.sha256
    assert d.stats.modified == d.stats.inserted == d.stats.deleted == 0
    _check_lossless(d, text, text)


# An article of items (一　…, 七の九　…, (2) …) and its amendment: items inserted, removed, renumbered, edited.
_item = st.builds(
    lambda label, body: f"{label}{body}",
    st.sampled_from(["一　", "二　", "七の九　", "七の十　", "イ　", "２　", "(1) ", "(2) ", "（１）　", ""]),
    st.text(alphabet="甲乙丙丁に関することの事項。ab ", max_size=12),
)
_article = st.lists(_item, min_size=1, max_size=10).map(lambda lines: "第四条　次に掲げる事務\n" + "\n".join(lines))


@settings(max_examples=150, deadline=None)
@given(_article, _article, st.booleans())
def test_items_diffs_are_lossless(old: str, new: str, raw: bool) -> None:
    _check_lossless(diff_texts(old, new, raw=raw), old, new)


@given(st.text())
def test_tokens_rebuild_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_whitespace_is_formatting_around_punctuation_not_between_words() -> None:
    """Tokens carry the whitespace after them; normalisation drops it, but two words stay two tokens."""
    d = diff_texts("The Secretary  shall\nprovide (a) plan .\n", "The Secretary shall provide (a) plan.\n")
    assert [(c.status, c.formatting_only) for c in d.units] == [("unchanged", True)]
    joined = diff_texts("The Secretary shall provide.\n", "The Secretary shallprovide.\n")
    assert _edits(joined) == [(DELETE, "shall provide"), (INSERT, "shallprovide")]
    spaced = diff_texts("the cat sat\n", "the dog sat\n")
    assert spaced.units[0].spans == (("=", "the "), ("-", "cat"), ("+", "dog"), ("=", " sat\n"))
    raw = diff_texts("the cat sat\n", "the cat  sat\n", raw=True)
    assert raw.units[0].spans == (("=", "the cat "), ("+", " "), ("=", "sat\n"))


# --- tokens that read well -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "edits"),
    [
        (
            "必要な措置を講ずるものとする。",
            "必要な措置を講じなければならない。",
            [(DELETE, "ずるものとする"), (INSERT, "じなければならない")],
        ),
        (
            "三十日以内に届け出なければならない。",
            "六十日以内に届け出なければならない。",
            [(DELETE, "三十"), (INSERT, "六十")],
        ),
        ("政令で定める。", "内閣府令で定める。", [(DELETE, "政令"), (INSERT, "内閣府令")]),
        (
            "二年以下の懲役又は百万円以下の罰金",
            "二年以下の拘禁刑又は百万円以下の罰金",
            [(DELETE, "懲役"), (INSERT, "拘禁刑")],
        ),
        ("平成十五年五月三十日法律第五十七号", "平成十五年法律第五十七号", [(DELETE, "五月三十日")]),
        ("個人情報取扱事業者は", "個人情報取扱事業者等は", [(INSERT, "等")]),
        (
            "The Secretary shall provide assistance.",
            "The Secretary may provide assistance.",
            [(DELETE, "shall"), (INSERT, "may")],
        ),
    ],
)
def test_small_changes_stay_small(old: str, new: str, edits: list[tuple[str, str]]) -> None:
    assert _edits(diff_texts(old, new)) == edits


def test_formatting_is_not_an_amendment() -> None:
    old = "第一条　この法律は、令和７年４月１日から施行する。\n"
    new = "第一条 この法律は、令和7年4月1日から施行する。\n"
    d = diff_texts(old, new)
    assert [(c.status, c.formatting_only) for c in d.units] == [("unchanged", True)]
    assert d.stats.formatting_only == 1 and d.stats.chars_inserted == 0
    raw = diff_texts(old, new, raw=True)
    assert [c.status for c in raw.units] == ["modified"]
    _check_lossless(d, old, new)


# --- alignment on the AI Act ----------------------------------------------------------------------


def _insert_after(text: str, marker: str, addition: str) -> str:
    i = text.index(marker)
    j = text.index("\n\n", i) + 2
    return text[:j] + addition + text[j:]


def test_inserted_branch_article() -> None:
    new = _insert_after(
        AI_ACT, "第十六条　", "（調査研究の公表）\n第十六条の二　国は、前条の調査研究の結果を公表するものとする。\n\n"
    )
    d = diff_texts(AI_ACT, new)
    assert _changes(d) == [("inserted", "", "第十六条の二", False, False)]
    assert d.units[[c.status for c in d.units].index("inserted")].new.path == ("第二章", "第十六条の二")  # type: ignore[union-attr]
    _check_lossless(d, AI_ACT, new)


def _renumber_from(text: str, first: int) -> str:
    """Renumber 第N条 labels of the main provision from `first` on by one, as an amending act does."""
    main, suppl = text.split("\n附則\n")
    for n in range(28, first - 1, -1):
        main = re.sub(rf"(?m)^第{_kanji(n)}条　", f"第{_kanji(n + 1)}条　", main)
    return main + "\n附則\n" + suppl


def _kanji(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else KANJI[tens] + "十")) + ("" if ones == 0 else KANJI[ones])


def test_inserted_article_renumbers_the_rest() -> None:
    renumbered = _renumber_from(AI_ACT, 11)
    new = _insert_after(renumbered, "第十条　", "（新設）\n第十一条　国は、新たな施策を講ずるものとする。\n\n")
    d = diff_texts(AI_ACT, new)
    changes = _changes(d)
    assert ("inserted", "", "第十一条", False, False) in changes
    renumbered_units = [c for c in changes if c[3]]
    assert len(renumbered_units) == 18  # 第十一条–第二十八条 became 第十二条–第二十九条
    assert all(status == "unchanged" for status, *_ in renumbered_units)  # the text did not change
    assert ("unchanged", "第十一条", "第十二条", True, False) in changes
    assert len(changes) == 19
    _check_lossless(d, AI_ACT, new)


def test_article_inserted_after_article_5_renumbers_the_rest() -> None:
    """1 inserted, every later article renumbered, not modified."""
    new = _insert_after(
        _renumber_from(AI_ACT, 6), "第五条　", "（新設）\n第六条　国は、新たな施策を講ずるものとする。\n\n"
    )
    d = diff_texts(AI_ACT, new)
    changes = _changes(d)
    assert changes[0] == ("inserted", "", "第六条", False, False)
    assert changes[1:] == [("unchanged", f"第{_kanji(n)}条", f"第{_kanji(n + 1)}条", True, False) for n in range(6, 29)]
    assert d.stats.modified == 0 and d.stats.renumbered == 23
    _check_lossless(d, AI_ACT, new)


def test_sakujo_is_a_deletion_of_the_articles_text() -> None:
    start = AI_ACT.index("（連携の強化）\n第九条")
    end = AI_ACT.index("\n\n", start) + 2
    new = AI_ACT[:start] + "第九条　削除\n\n" + AI_ACT[end:]
    d = diff_texts(AI_ACT, new)
    assert _changes(d) == [("deleted", "第九条", "第九条", False, False)]
    change = next(c for c in d.units if c.status == "deleted")
    assert (INSERT, "削除") in change.spans and any(op == DELETE and "連携" in t for op, t in change.spans)


def test_moved_article() -> None:
    a = AI_ACT.index("（人材の確保等）")
    b = AI_ACT.index("（教育の振興等）")
    article = AI_ACT[a:b]
    without = AI_ACT[:a] + AI_ACT[b:]
    end = without.index("\n\n", without.index("第十七条　")) + 2
    new = without[:end] + article + without[end:]
    d = diff_texts(AI_ACT, new)
    assert _changes(d) == [("unchanged", "第十四条", "第十四条", False, True)]
    assert d.stats.moved == 1
    _check_lossless(d, AI_ACT, new)


def test_modified_article_in_context() -> None:
    new = AI_ACT.replace("講ずるものとする。", "講じなければならない。", 1)
    d = diff_texts(AI_ACT, new, "old", "new")
    (change,) = [c for c in d.units if c.changed]
    assert change.new is not None and change.new.path == ("第一章", "第九条")
    assert [(op, t) for op, t in change.spans if op != EQUAL] == [
        (DELETE, "ずるものとする"),
        (INSERT, "じなければならない"),
    ]


# --- real amendments -------------------------------------------------------------------------------


@needs_real_data
def test_grundgesetz_article_93() -> None:
    gg = REAL_DATA / "de-gesetze" / "gg"
    old = (gg / "03-2012-08-03-bb3f0178.md").read_text(encoding="utf-8")
    new = (gg / "04-2012-08-06-166018c1.md").read_text(encoding="utf-8")
    d = diff_texts(old, new)
    changed = [c for c in d.units if c.changed]
    articles = [c for c in changed if c.new and c.new.kind == "article"]
    assert [c.new.label for c in articles] == ["Art 93"]  # type: ignore[union-attr]
    inserted = "".join(t for op, t in articles[0].spans if op == INSERT)
    assert "4c. über Beschwerden von Vereinigungen gegen ihre Nichtanerkennung" in inserted
    assert not [op for op, _ in articles[0].spans if op == DELETE]
    # the only other change is the header's "last amended by" line
    assert [c.new.kind for c in changed if c is not articles[0]] == ["heading"]  # type: ignore[union-attr]
    _check_lossless(d, old, new)


@needs_real_data
def test_grundgesetz_formatting_commit_is_formatting_only() -> None:
    gg = REAL_DATA / "de-gesetze" / "gg"
    old = (gg / "01-2012-08-02-8e9e7a10.md").read_text(encoding="utf-8")
    new = (gg / "02-2012-08-03-07553307.md").read_text(encoding="utf-8")
    d = diff_texts(old, new)
    assert d.stats.modified == d.stats.inserted == d.stats.deleted == 0
    assert d.stats.formatting_only == 1


def test_hr2157_introduced_to_enrolled() -> None:
    texts = BUNDLED / "us-hr2157-116" / "texts"
    old = (texts / "01-introduced.en.txt").read_text(encoding="utf-8")
    new = (texts / "02-signed.en.txt").read_text(encoding="utf-8")
    d = diff_texts(old, new)
    changes = _changes(d)
    assert ("inserted", "", "TITLE V", False, False) in changes  # the Senate substitute added a title
    assert ("unchanged", "TITLE V", "TITLE VI", True, False) in changes
    assert ("unchanged", "Sec. 1101.", "Sec. 1201.", True, False) in changes
    # every later title moved up one, amended: DEPARTMENT OF LABOR is TITLE VII, then VIII (not the new TITLE VII,
    # DEPARTMENT OF THE INTERIOR, which has the same number)
    assert ("modified", "TITLE VII", "TITLE VIII", True, False) in changes
    assert ("modified", "TITLE VI", "TITLE VII", True, False) in changes
    assert not [c for c in changes if c[1] == c[2] == "TITLE VII"]
    assert d.stats.renumbered >= 15
    preamble = d.units[0]
    assert [(op, t) for op, t in preamble.spans if op != EQUAL][:2] == [(DELETE, "A BILL"), (INSERT, "An Act")]
    _check_lossless(d, old, new)


def _real(path: str) -> str:
    from legistrack.jurisdictions import import_text

    return import_text((REAL_DATA / path).read_bytes(), path).text


@needs_real_data
def test_appi_amendments() -> None:
    """Two sources years apart (JLT's text as amended by 令和3年法律第37号, e-Gov's of 2026-07-20)."""
    old = _real("jp-appi/v1-jlt-4241-ja-as-amended-by-act-37-2021.xml")
    new = _real("jp-appi/v2-egov-415AC0000000057-asof-2026-07-20.xml")
    d = diff_texts(old, new)
    by_label = {c.new.label: c for c in d.units if c.new and c.status == "modified"}
    # the range word 以上 is its own token: only the penalty changed
    assert [(op, t) for op, t in by_label["第四十八条"].spans if op != EQUAL] == [(DELETE, "禁錮"), (INSERT, "拘禁刑")]
    penalties = [(op, t) for c in d.units if c.status == "modified" for op, t in c.spans if t in ("懲役", "拘禁刑")]
    assert (DELETE, "懲役") in penalties  # 「懲役又は」 -> 「拘禁刑又は」: the conjunction 又は is kept
    assert d.stats.deleted == 0 and d.stats.modified == 16
    assert sum(1 for c in d.units if c.status == "inserted" and c.new and c.new.label.startswith("附")) == 21
    _check_lossless(d, old, new)


def test_identical_texts(tmp_path: Path) -> None:
    d = diff_texts(AI_ACT, AI_ACT, "a", "b")
    assert d.identical and d.to_json()["identical"] is True
    assert d.to_json()["old"]["sha256"] == d.to_json()["new"]["sha256"]


@needs_real_data
def test_a_consolidated_laws_many_supplementary_provisions_align_in_place() -> None:
    """e-Gov's Markdown heads every amending act's 附則 with 附則 alone: a new one inserted among twenty is one
    insertion, and the others are neither moved nor paired with their neighbours (APPI, 2026-05-21 -> 2026-06-24)."""
    history = "jp-law-history/appi-415AC0000000057"
    old = _real(f"{history}/25-2026-05-21-dd2d1f104.md")
    new = _real(f"{history}/26-2026-06-24-ab0299a39.md")
    headings = [sum(1 for line in text.splitlines() if line == "附則") for text in (old, new)]
    assert headings[1] == headings[0] + 1 and headings[0] > 15
    d = diff_texts(old, new)
    assert (d.stats.modified, d.stats.inserted, d.stats.deleted, d.stats.moved) == (0, 3, 0, 0)
    inserted = [c.new for c in d.units if c.status == "inserted" and c.new]
    assert "民法等改正法" in inserted[1].text + inserted[0].text
    _check_lossless(d, old, new)


@needs_real_data
def test_the_ai_act_from_promulgation_to_full_force() -> None:
    """What entered into force on 2025-09-01: Chapters 3 and 4 inserted, nothing else changed."""
    history = "jp-law-history/ai-act-507AC0000000053"
    d = diff_texts(_real(f"{history}/01-2025-06-04-72b3ce57a.md"), _real(f"{history}/02-2025-09-01-5668beb1e.md"))
    changed = [(c.status, c.new.label if c.new else "") for c in d.units if c.changed]
    assert changed == [("inserted", "第三章"), ("inserted", "第十八条"), ("inserted", "第四章")] + [
        ("inserted", f"第{n}条")
        for n in ("十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八")
    ]
    assert d.stats.modified == d.stats.deleted == d.stats.moved == 0


# --- a lawyer's reading (issue 13) ---------------------------------------------------------------------------

DE = "de-gesetze"


@needs_real_data
def test_a_caption_or_spacing_change_is_not_a_renumbering() -> None:
    """A unit's identity is its number: the TPG's typography clean-up of 2012-10-18 (double spaces in headings)
    renumbers nothing and changes nothing; it is formatting only."""
    d = diff_texts(_real(f"{DE}/tpg/05-2012-09-11-f6a582eb.md"), _real(f"{DE}/tpg/06-2012-10-18-e3c6d7fe.md"))
    assert d.stats.renumbered == 0 and d.stats.modified == 0 and d.stats.formatting_only == 4
    labels = {c.new.label for c in d.units if c.formatting_only and c.new}
    assert labels == {"Abschnitt 3", "Abschnitt 5", "§ 13a", "Abschnitt 5a"}


def test_a_caption_amendment_is_a_modification() -> None:
    old = "### § 123 Versicherte Unternehmen der Berufsgenossenschaften\n\nText.\n"
    new = "### § 123 Versicherte Unternehmen der Berufsgenossenschaft\n\nText.\n"
    (change,) = diff_texts(old, new).units
    assert change.status == "modified" and not change.renumbered and change.new and change.new.label == "§ 123"
    assert [(op, t) for op, t in change.spans if op != EQUAL] == [
        (DELETE, "Berufsgenossenschaften"),
        (INSERT, "Berufsgenossenschaft"),
    ]


def test_sections_rewritten_in_place_keep_their_numbers() -> None:
    """Two sections rewritten where they stand are two modifications, not a repeal and a renumbering."""
    old = (
        "### § 754 Vollstreckungsauftrag\n\nDer Gläubiger erteilt den Auftrag.\n\n"
        "### § 755 Ermittlung\n\nDer Gerichtsvollzieher ermittelt den Aufenthaltsort.\n"
    )
    new = (
        "### § 754 Vollstreckungsauftrag und Vollstreckungsbefugnis\n\n"
        "Der Gerichtsvollzieher ermittelt den Aufenthaltsort des Schuldners.\n\n"
        "### § 755 Ermittlung des Aufenthaltsorts\n\nDer Gläubiger erteilt den Auftrag in Textform.\n"
    )
    d = diff_texts(old, new)
    assert [(c.status, c.old.label if c.old else "", c.new.label if c.new else "", c.renumbered) for c in d.units] == [
        ("modified", "§ 754", "§ 754", False),
        ("modified", "§ 755", "§ 755", False),
    ]


def test_the_sections_of_an_article_are_units_of_their_own() -> None:
    """The EGBGB's transitional provisions are `Art 229 § 1` … `§ 60`, in Markdown headings and in plain text: each
    is a unit whose number is both, so a § inserted among them is an insertion (not a modification of `Art 229`),
    and the others keep their numbers."""
    sections = [
        ("1", "Überleitungsvorschrift zum Gesetz zur Beschleunigung fälliger Zahlungen", "Zahlungsverzug gilt."),
        ("2", "Übergangsvorschriften zum Gesetz vom 27. Juni 2000", "Fernabsatzverträge gelten."),
        ("3", "Übergangsvorschriften zum Gesetz zur Neugliederung des Mietrechts", "Mietverhältnisse gelten."),
    ]
    added = ("2a", "Übergangsvorschrift zum Verbraucherkreditgesetz", "Darlehensverträge gelten fort.")
    for form in ("### Art 229 § {} {}\n\n{}\n\n", "Art 229 § {}\n\n{}\n\n{}\n\n"):
        old = "### Art 228 Übergangsvorschrift\n\nText.\n\n" + "".join(form.format(*s) for s in sections)
        new = "### Art 228 Übergangsvorschrift\n\nText.\n\n" + "".join(
            form.format(*s) for s in [*sections[:2], added, sections[2]]
        )
        d = diff_texts(old, new)
        assert [(c.status, c.new.label if c.new else "", c.renumbered) for c in d.units] == [
            ("unchanged", "Art 228", False),
            ("unchanged", "Art 229 § 1", False),
            ("unchanged", "Art 229 § 2", False),
            ("inserted", "Art 229 § 2a", False),
            ("unchanged", "Art 229 § 3", False),
        ], form
        assert len({c.new.id for c in d.units if c.new}) == 5  # no "Art 229#2": each has its own id


def test_a_heading_without_a_number_is_renamed_not_renumbered() -> None:
    """A law's only annex (`### Anlage (zu § 3 Absatz 1)`) is the Anlage whatever it annexes to, and a heading named
    by its words alone has no number to change: rewriting either is a modification."""
    tail = "### § 2 Inkrafttreten\n\nDieses Gesetz tritt am Tag nach der Verkündung in Kraft.\n\n"
    annex = "\n\n1. Liste der Stoffe\n2. Liste der Zubereitungen\n3. Liste der Ausnahmen\n"
    head = "### § 1 Zweck\n\nText.\n\n"
    old = f"# Gesetz\n\n## Allgemeine Vorschriften\n\n{head}{tail}### Anlage (zu § 3 Absatz 1){annex}"
    new = f"# Gesetz\n\n## Allgemeine Bestimmungen\n\n{head}{tail}### Anlage (zu § 3 Abs. 1){annex}"
    d = diff_texts(old, new)
    assert d.stats.renumbered == 0
    changed = [(c.status, c.new.label if c.new else "") for c in d.units if c.status != "unchanged"]
    assert changed == [("modified", "Allgemeine Bestimmungen"), ("modified", "Anlage")]
    annex_change = d.units[-1]
    assert [(op, t) for op, t in annex_change.spans if op != EQUAL] == [(DELETE, "Absatz"), (INSERT, "Abs.")]


def test_a_markdown_section_is_not_inside_a_heading_of_its_own_depth() -> None:
    """Most small laws of gesetze-im-internet put their sections at the depth of `## Eingangsformel` (a Verordnung's
    `## § 1`, an amending act's `## Art 3`): siblings, so a section's place is the law, not the Eingangsformel; a
    section under a shallower heading stays inside it, and a heading after the sections keeps its own place. The
    document's title is the law itself: no part of a unit's place (or id), so a new abbreviation in it renames none."""
    text = (
        "# Klärschlammverordnung (AbfKlärV 1992)\n\n## Eingangsformel\n\nAuf Grund des § 15 verordnet der Minister:\n\n"
        "## § 1 Anwendungsbereich\n\nText.\n\n## (XXXX) Art 4 u. 5\n\n\n## Abschnitt 2 - Schluss\n\n"
        "### § 2 Inkrafttreten\n\nText.\n\n#### Unterabschnitt 1\n\n### § 3 Übergang\n\nText.\n\n## Schlußformel\n\n"
        "Der Bundesrat hat zugestimmt.\n"
    )
    assert [u.path for u in split_units(text)] == [
        ("Klärschlammverordnung (AbfKlärV 1992)",),  # the title: the law itself, in no unit's place
        ("Eingangsformel",),
        ("§ 1",),
        ("(XXXX) Art 4 u. 5",),
        ("Abschnitt 2",),
        ("Abschnitt 2", "§ 2"),
        ("Abschnitt 2", "Unterabschnitt 1"),
        ("Abschnitt 2", "§ 3"),
        ("Schlußformel",),
    ]
    renamed = text.replace("(AbfKlärV 1992)", "(AbfKlärV)")
    assert [u.id for u in split_units(text)][1:] == [u.id for u in split_units(renamed)][1:]
    # the BGB's Mietrecht is deeper than Markdown: its Kapitel and their sections are both written `######`
    bgb = (
        "##### Untertitel 2 - Mietverhältnisse über Wohnraum\n\n###### § 576b Werkdienstwohnungen\n\nText.\n\n"
        "###### Kapitel 6 - Besonderheiten bei der Bildung von Wohnungseigentum\n\n"
        "###### § 577 Vorkaufsrecht des Mieters\n\nText.\n\n##### Untertitel 3 - Mietverhältnisse über andere Sachen\n"
    )
    assert [u.path for u in split_units(bgb) if u.kind == "article"] == [
        ("Untertitel 2", "§ 576b"),
        ("Untertitel 2", "Kapitel 6", "§ 577"),
    ]


def test_a_lettered_annex_is_numbered_by_its_letter() -> None:
    """`### Anlage B (zu § 3)`: the annex B, whatever it annexes to."""
    old = "### Anlage A (zu § 2)\n\nListe A.\n\n### Anlage B (zu § 3)\n\nListe B.\n"
    assert [u.key[-1] for u in split_units(old)] == [("md", 3, "Anlage", "A"), ("md", 3, "Anlage", "B")]
    d = diff_texts(old, old.replace("(zu § 3)", "(zu § 3 Absatz 1)"))
    assert [(c.status, c.new.label if c.new else None, c.renumbered) for c in d.units if c.changed] == [
        ("modified", "Anlage B", False)
    ]


def test_the_grundgesetz_parts_are_numbered_by_their_numeral() -> None:
    """`## X. - Das Finanzwesen` is the part X.; its name is content: renamed, it is modified in place; `IV a.` written
    `IVa.` keeps its number; a part inserted as `Xb.` is an insertion."""
    part = "## {} - {}\n\n\n\n### Art {} Inhalt\n\nText {}.\n\n\n"
    old = part.format("X.", "Das Finanzwesen", 104, 1) + part.format("IV a.", "Gemeinsamer Ausschuß", 53, 2)
    new = part.format("X.", "Das Haushaltswesen", 104, 1) + part.format("IVa.", "Gemeinsamer Ausschuß", 53, 2)
    new += part.format("Xb.", "Notstand", 115, 3)
    assert [u.key[-1] for u in split_units(old) if u.kind == "heading"] == [
        ("md", 2, "part", 10, ""),
        ("md", 2, "part", 4, "a"),
    ]
    d = diff_texts(old, new)
    changed = [
        (c.status, c.old.label if c.old else None, c.new.label if c.new else None, c.renumbered) for c in d.units
    ]
    assert [c for c in changed if c[0] != "unchanged"] == [
        ("modified", "X.", "X.", False),
        ("modified", "IV a.", "IVa.", False),
        ("inserted", None, "Xb.", False),
        ("inserted", None, "Art 115", False),
    ]


def test_a_tables_row_is_never_a_unit() -> None:
    """A 読替え table inside an article has rows whose first cell is a bare reference (`第四十四条 | 行政不服審査会等 |
    …`, as in APPI's 第百六条 from 2023): the row is that article's text, not an article 第四十四条."""
    text = (
        "（適用除外）\n第百六条　次の表の上欄に掲げる規定の適用については、同表の中欄の字句は、下欄の字句とする。\n"
        "第四十四条 | 行政不服審査会等 | 第八十一条第一項又は第二項の機関\n附則 | 施行日 | 公布日\n\n"
        "第百七条　委員会は、毎年報告する。\n"
    )
    assert [u.label for u in split_units(text)] == ["第百六条", "第百七条"]


def test_units_that_repeat_pair_in_order() -> None:
    """A consolidated law carries a 附則 for each amending act, many headed alike, each with the same 第一条 (as
    legalize-jp writes them). Repealing one of them is one deletion in its place: no other 附則 is moved."""
    block = "附　則\n\n（施行期日）\n第一条　この法律は、公布の日から施行する。\n\n"
    blocks = [block.replace("施行する", f"施行する。{k}") if k % 3 else block for k in range(12)]
    old = "第一条　目的を定める。\n\n" + "".join(blocks)
    stubbed = blocks[6].replace("（施行期日）\n第一条　この法律は、公布の日から施行する。", "第一条　削除")
    assert stubbed != blocks[6]
    new = "第一条　目的を定める。\n\n" + "".join([*blocks[:6], stubbed, *blocks[7:]])
    d = diff_texts(old, new)
    assert (d.stats.deleted, d.stats.modified, d.stats.inserted, d.stats.moved) == (1, 0, 0, 0)


def test_units_of_one_label_pair_within_their_place() -> None:
    """Two 附則, each with its 第一条: one repealed, the other rewritten to hold the first's words. Each 第一条 pairs
    with the one in its own 附則 (the deletion and the modification), not across them as two moves."""
    old = (
        "第一条　目的を定める。\n\n附　則\n\n第一条　この法律は、公布の日から施行する。\n\n"
        "附　則\n\n第一条　この法律は、公布の日から起算して一年を経過した日から施行する。\n"
    )
    new = (
        "第一条　目的を定める。\n\n附　則\n\n第一条　削除\n\n附　則\n\n第一条　この法律は、公布の日から施行する。"
        "ただし、附則第三条の規定は、公布の日から起算して一年を経過した日から施行する。\n"
    )
    d = diff_texts(old, new)
    assert (d.stats.deleted, d.stats.modified, d.stats.moved) == (1, 1, 0), d.stats


@needs_real_data
def test_a_sections_only_text_stays_its_own() -> None:
    """TPG § 24 is a spent amending provision: its heading and `(Änderung des Strafgesetzbuchs)`. That parenthesis is
    § 24's text, not a fragment of the next heading, so repealing § 25 deletes § 25 alone, and its stub reads as
    one: the label kept, the old text out, `(weggefallen)` in."""
    old = _real(f"{DE}/tpg/06-2012-10-18-e3c6d7fe.md")
    start = old.index("### § 25 Übergangsregelungen")
    new = old[:start] + "### § 25 (weggefallen)\n\n\n" + old[old.index("### § 26", start) :]
    (s24,) = [u for u in split_units(old) if u.label == "§ 24"]
    assert s24.text.strip().endswith("(Änderung des Strafgesetzbuchs)")
    d = diff_texts(old, new)
    (change,) = [c for c in d.units if c.changed]
    assert change.status == "deleted" and change.new and change.new.label == "§ 25"
    ops = [op for op, _ in change.spans]
    assert (
        ops[:3] == [EQUAL, DELETE, INSERT]
        and change.spans[0][1] == "### § 25 "
        and change.spans[2][1] == "(weggefallen)"
    )


@needs_real_data
def test_a_stub_written_anew_is_no_repeal() -> None:
    """GG 2012 -> 2018: Art 49, 59a and 142a, long repealed, were a dash and became `(weggefallen)`. Nothing was
    repealed: the three are formatting only, and no article of the GG is counted deleted."""
    d = diff_texts(_real(f"{DE}/gg/04-2012-08-06-166018c1.md"), _real(f"{DE}/gg/05-2018-11-08-5710c0a6.md"))
    assert d.stats.deleted == 0
    dashes = {c.new.label for c in d.units if c.formatting_only and c.old and c.new and "\n-\n" in c.old.text}
    assert dashes == {"Art 49", "Art 59a", "Art 142a"}
    assert all("(weggefallen)" in c.new.text for c in d.units if c.new and c.new.label in dashes)


def test_a_stub_widened_to_a_run_deletes_only_the_unit_it_takes_in() -> None:
    """第十条　削除 becomes 第十条及び第十一条　削除 when 第十一条 is repealed: 第十条 was repealed already (its stub is
    only written anew), 第十一条 is the deletion."""
    old = "第九条　国は、措置を講ずる。\n\n第十条　削除\n\n第十一条　国は、報告する。\n\n第十二条　施行する。\n"
    new = "第九条　国は、措置を講ずる。\n\n第十条及び第十一条　削除\n\n第十二条　施行する。\n"
    d = diff_texts(old, new)
    assert (d.stats.deleted, d.stats.modified, d.stats.formatting_only) == (1, 0, 1)
    (stub,) = [c for c in d.units if c.formatting_only]
    assert stub.spans == ((EQUAL, "第十条"), (INSERT, "及び第十一条"), (EQUAL, "　削除\n\n"))
    (gone,) = [c for c in d.units if c.status == "deleted"]
    assert gone.old and gone.old.label == "第十一条"


@needs_real_data
def test_a_repeal_stub_is_the_deletion_of_that_number() -> None:
    """BtMG 2013 -> 2018: § 25 Kosten and § 30c Vermögensstrafe become `(weggefallen)`: two deletions, and the old
    stub § 41 is not taken for § 25 renumbered."""
    d = diff_texts(
        _real(f"{DE}/btmg_1981/08-2013-01-11-28bf164c.md"), _real(f"{DE}/btmg_1981/09-2018-11-08-5710c0a6.md")
    )
    deleted = sorted(c.old.label for c in d.units if c.status == "deleted" and c.old)
    assert deleted == ["§ 25", "§ 30c"]
    assert not any(c.renumbered for c in d.units if c.new and c.new.label in ("§ 25", "§ 41"))
    assert all(c.status == "unchanged" for c in d.units if c.new and c.new.label == "§ 41")  # the fragment moved on


@pytest.mark.parametrize(
    ("stub", "language"),
    [
        ("第九条　削除\n", "ja"),
        ("제9조 삭제\n", "ko"),
        ("제9조 삭제 <2020. 1. 1.>\n", "ko"),  # with the note of when, as Korea's texts print it
        ("### § 9 (weggefallen)\n", "de"),
        ("### § 9 (weggefallen)\n\n-\n", "de"),  # and a dash for its text, as the ZPO's are written
        ("### § 9\n\n(weggefallen)\n", "de"),
        ("Artikel 9 (weggefallen)\n", "de plain"),  # plain text: the label alone on its line, or with its stub
        ("SEC. 9. [Repealed].\n", "en"),
        ("Sec. 9. Reserved.\n", "en"),
        ("Article 9 Deleted\n", "en"),
    ],
)
def test_stubs_in_every_language(stub: str, language: str) -> None:
    """Whatever the language, a stub in place of a unit of the same number is that unit's deletion."""
    label = stub.split("　")[0].split(" 삭제")[0].removesuffix(" (weggefallen)\n")
    bodies = {
        "ja": "第九条　国は、必要な措置を講ずる。\n",
        "ko": "제9조 국가는 필요한 조치를 한다.\n",
        "de": "### § 9 Sachkunde\n\nDer Antragsteller weist Sachkunde nach.\n",
        "de plain": "Artikel 9\nDer Antragsteller weist Sachkunde nach.\n",
        "en": stub.split(" ")[0] + " 9. The Secretary shall report annually.\n"
        if stub.startswith(("SEC", "Sec"))
        else "Article 9 The Minister shall report annually.\n",
    }
    d = diff_texts(bodies[language], stub)
    assert [c.status for c in d.units] == ["deleted"], (label, [(c.status, c.old, c.new) for c in d.units])


_RUNS = {
    # (the units before, a stub that repeals a run of them, labels of the run, the label of the unit after)
    "ja から": (
        ["第九条　国は、必要な措置を講ずる。\n", "第十条　国は、報告を求める。\n", "第十一条　国は、公表する。\n"],
        "第九条から第十一条まで　削除\n",
        "第十二条　この法律は、施行する。\n",
    ),
    "ja 及び": (
        ["第九条の二　国は、必要な措置を講ずる。\n", "第九条の三　国は、報告を求める。\n"],
        "第九条の二及び第九条の三　削除\n",
        "第十条　この法律は、施行する。\n",
    ),
    "ko": (
        ["제9조 국가는 필요한 조치를 한다.\n", "제10조 국가는 보고를 요구한다.\n", "제11조 국가는 공표한다.\n"],
        "제9조부터 제11조까지 삭제 <2025. 1. 1.>\n",
        "제12조 이 법은 시행한다.\n",
    ),
    "de und": (
        [
            "### § 40 Sachkunde\n\nDer Antragsteller weist Sachkunde nach.\n",
            "### § 40a Anzeige\n\nDie Anzeige ist schriftlich.\n",
        ],
        "### (XXXX) §§ 40 und 40a (gegenstandslos)\n",
        "### § 41 Inkrafttreten\n\nDieses Gesetz tritt in Kraft.\n",
    ),
    "de bis": (
        [
            "### § 5 Erlaubnis\n\nDie Erlaubnis ist zu versagen.\n",
            "### § 6 Sachkenntnis\n\nDer Nachweis wird erbracht.\n",
            "### § 7 Antrag\n\nDer Antrag ist zu stellen.\n",
        ],
        "### §§ 5 bis 7\n\n(weggefallen)\n",
        "### § 8 Entscheidung\n\nDas Bundesinstitut entscheidet.\n",
    ),
    "de u.": (  # the abbreviation, as gesetze-im-internet writes `## (XXXX) Art 1 u. 2`
        [
            "## Art 4 Änderung des Sozialgesetzbuchs\n\nDas Gesetz wird geändert.\n",
            "## Art 5 Änderung der Verordnung\n\nDie Verordnung wird geändert.\n",
        ],
        "## Art 4 u. 5 (weggefallen)\n",
        "## Art 6 Übergangsvorschriften\n\nDie Rente ist neu festzustellen.\n",
    ),
    "en SECS.": (
        [
            "SEC. 5. REPORTS.\nThe Secretary shall report annually.\n",
            "SEC. 6. GRANTS.\nThe Secretary may award grants.\n",
        ],
        "SECS. 5, 6. [REPEALED]\n",
        "SEC. 7. EFFECTIVE DATE.\nThis Act takes effect on enactment.\n",
    ),
    "en Articles": (
        [
            "Article 73 The Minister shall report.\n",
            "Article 74 The Minister may order.\n",
            "Article 75 The Minister shall publish.\n",
        ],
        "Articles 73 to 75 Deleted\n",
        "Article 76 This Act comes into force.\n",
    ),
    "en Article to Article": (
        ["Article 9 The Minister shall report.\n", "Article 10 The Minister may order.\n"],
        "Article 9 to Article 10 Deleted\n",
        "Article 11 This Act comes into force.\n",
    ),
}


@pytest.mark.parametrize("run", sorted(_RUNS))
def test_a_stub_that_repeals_a_run_deletes_each_unit_of_it(run: str) -> None:
    """第九条から第十一条まで　削除, §§ 40 und 40a (gegenstandslos), SECS. 5, 6. [REPEALED]: one stub in place of a
    run of units is the deletion of each of them: not an insertion, and not a line added to the unit before it."""
    units, stub, after = _RUNS[run]
    before = "第八条　目的を定める。\n" if run.startswith("ja") else ""
    old = "\n".join([before, *units, after]).lstrip("\n")
    new = "\n".join([before, stub, after]).lstrip("\n")
    labels = [split_units(unit)[0].label for unit in units]
    (stub_unit,) = [u for u in split_units(new) if u.text.startswith(stub.split("\n")[0])]
    assert stub_unit.kind == "article" and stub_unit.key == split_units(units[0])[0].key  # its first unit's number
    d = diff_texts(old, new)
    changed = [(c.status, c.old.label if c.old else None, c.new.label if c.new else None) for c in d.units if c.changed]
    assert changed == [("deleted", labels[0], stub_unit.label), *(("deleted", label, None) for label in labels[1:])]
    assert (d.stats.inserted, d.stats.modified, d.stats.deleted) == (0, 0, len(units))
    assert stub_unit.key == next(u.key for u in split_units(old) if u.label == labels[0])


@pytest.mark.parametrize("stub", ["第二節から第四節まで　削除", "第二節、第三節及び第四節　削除"])
def test_a_stub_that_repeals_a_run_of_divisions_deletes_each_of_them(stub: str) -> None:
    """Divisions are repealed in runs too (第二節から第四節まで　削除): the stub is the first one's deletion, the others
    and their articles are deleted beside it, and it is not a line added to the article before it."""

    def section(n: str, a: str) -> str:
        return f"第{n}節　節{n}\n\n第{a}条　本文{a}。\n\n"

    head = "第一章　総則\n\n第一条　目的。\n\n第二章　各則\n\n" + section("一", "二")
    tail = "第三章　雑則\n\n第六条　施行。\n"
    old = head + section("二", "三") + section("三", "四") + section("四", "五") + tail
    d = diff_texts(old, f"{head}{stub}\n\n{tail}")
    changed = [(c.status, c.old.label if c.old else None, c.new.label if c.new else None) for c in d.units if c.changed]
    assert changed == [
        ("deleted", "第二節", stub.split("　")[0]),
        *(("deleted", label, None) for label in ("第三条", "第三節", "第四条", "第四節", "第五条")),
    ]
    assert (d.stats.inserted, d.stats.modified) == (0, 0)


def test_a_korean_run_of_divisions_is_one_heading() -> None:
    """Korea writes the same run stub as Japan (제2장부터 제4장까지 삭제): one heading, numbered by its first."""
    (run,) = split_units("제2장부터 제4장까지 삭제\n")
    assert (run.label, run.key) == ("제2장부터 제4장까지", (("장", 2),))
    assert [u.label for u in split_units("제2장 및 제3장 삭제\n")] == ["제2장 및 제3장"]


def test_a_run_of_appended_tables_repealed_by_one_stub_deletes_each() -> None:
    """別表第一から別表第三まで　削除: each table deleted, the first in the stub's place; none glued to the 附則."""
    tables = "".join(f"別表第{n}（第一条関係）\n\n甲{n} | 乙{n}\n\n" for n in "一二三")
    old = f"第一条　目的。\n\n附　則\n\nこの法律は、施行する。\n\n{tables}"
    new = "第一条　目的。\n\n附　則\n\nこの法律は、施行する。\n\n別表第一から別表第三まで　削除\n"
    d = diff_texts(old, new)
    changed = [(c.status, c.old.label if c.old else None, c.new.label if c.new else None) for c in d.units if c.changed]
    assert changed == [
        ("deleted", "別表第一", "別表第一から別表第三まで"),
        ("deleted", "別表第二", None),
        ("deleted", "別表第三", None),
    ]


def test_a_table_inserted_as_a_branch_is_an_insertion() -> None:
    """別表第二の二 (a table inserted after 別表第二 without renumbering) is a unit of its own: an insertion, not lines
    added to 別表第二."""
    tables = "別表第一（第一条関係）\n\n甲 | 乙\n\n別表第二（第一条関係）\n\n丙 | 丁\n"
    old = f"第一条　目的。\n\n附　則\n\nこの法律は、施行する。\n\n{tables}"
    d = diff_texts(old, old + "\n別表第二の二（第一条関係）\n\n戊 | 己\n")
    assert [(c.status, c.new.label if c.new else None) for c in d.units if c.changed] == [("inserted", "別表第二の二")]
    assert [u.key for u in split_units("様式第一の二\n")] == [("様式", 1, 2)]


def _appi_with_toc() -> tuple[str, str]:
    """APPI's e-Gov text (real XML) as text with its table of contents written out the way e-Gov's plain text
    gives it (目次, one indented line per 章/節 with its article range, 附則): the TOC from the XML's own <TOC>."""
    from defusedxml.ElementTree import fromstring

    path = REAL_DATA / "jp-appi" / "v2-egov-415AC0000000057-asof-2026-07-20.xml"
    root = fromstring(path.read_bytes())
    toc = root.find(".//TOC")
    assert toc is not None
    entries = []
    for el in toc.iter():
        title = next((c for c in el if c.tag.endswith("Title") and c.tag != "TOCLabel"), None)
        if el.tag.startswith("TOC") and el.tag != "TOC" and title is not None:
            rng = el.find("ArticleRange")
            depth = {"TOCChapter": 1, "TOCSection": 2, "TOCSubsection": 3}.get(el.tag, 1)
            entries.append(
                "　" * depth + "".join(title.itertext()) + ("".join(rng.itertext()) if rng is not None else "")
            )
        elif el.tag == "TOCSupplProvision" and (label := el.find("SupplProvisionLabel")) is not None:
            entries.append("　" + "".join(label.itertext()))
    body = _real("jp-appi/v2-egov-415AC0000000057-asof-2026-07-20.xml")
    head, rest = body.split("\n\n", 1)
    return body, f"{head}\n\n目次\n" + "\n".join(entries) + "\n\n" + rest


@needs_real_data
def test_a_table_of_contents_is_one_unit_and_opens_no_scope() -> None:
    without, with_toc = _appi_with_toc()
    assert "\n目次\n　第一章　総則（第一条―第三条）\n" in with_toc and "\n　附則\n" in with_toc
    units = split_units(with_toc)
    (toc,) = [u for u in units if u.id == "目次"]
    assert "第八章　罰則" in toc.text and "附則" in toc.text
    assert not any(u.id.startswith("附則/第一章") or u.id.startswith("附　則/第一章") for u in units)
    assert next(u.id for u in units if u.label == "第一条") == "第一章/第一条"
    d = diff_texts(without, with_toc)
    assert [(c.status, c.new.id if c.new else "") for c in d.units if c.changed] == [("inserted", "目次")]


_ITEMS = {
    # (old, new, the inserted line, the renumbered label of the item after it: old, new)
    "ja 号": (
        "第四条　次に掲げる事務をつかさどる。\n一　甲に関すること。\n二　乙に関すること。\n三　丙に関すること。\n",
        "第四条　次に掲げる事務をつかさどる。\n一　甲に関すること。\n二　丁に関すること。\n三　乙に関すること。\n"
        "四　丙に関すること。\n",
        "二　丁に関すること。\n",
        ("二", "三"),
    ),
    "ja 号の二": (
        "七の八　宇宙開発利用に関すること。\n七の九　防災に関する施策の推進に関すること。\n"
        "八　防災計画に関すること。\n",
        "七の八　宇宙開発利用に関すること。\n"
        "七の九　人工知能関連技術の研究開発及び活用に関すること。\n"
        "七の十　防災に関する施策の推進に関すること。\n八　防災計画に関すること。\n",
        "七の九　人工知能関連技術の研究開発及び活用に関すること。\n",
        ("九", "十"),
    ),
    "en (2)": (
        "SEC. 2. DEFINITIONS.\nIn this Act:\n(1) The term agency means an executive agency.\n"
        "(2) The term Secretary means the Secretary of Commerce.\n",
        "SEC. 2. DEFINITIONS.\nIn this Act:\n(1) The term agency means an executive agency.\n"
        "(2) The term artificial intelligence has the meaning given in section 5002.\n"
        "(3) The term Secretary means the Secretary of Commerce.\n",
        "(2) The term artificial intelligence has the meaning given in section 5002.\n",
        ("2", "3"),
    ),
    "de Absatz": (
        "### § 5 Erlaubnis\n\n(1) Die Erlaubnis ist zu versagen.\n(2) Sie kann befristet werden.\n",
        "### § 5 Erlaubnis\n\n(1) Die Erlaubnis ist zu versagen.\n(2) Sie ist schriftlich zu beantragen.\n"
        "(3) Sie kann befristet werden.\n",
        "(2) Sie ist schriftlich zu beantragen.\n",
        ("2", "3"),
    ),
    "de Nummer": (
        "(1) Die Erlaubnis ist zu versagen, wenn\n\n1.  der Antragsteller unzuverlässig ist,\n"
        "2.  die Räume ungeeignet sind.\n",
        "(1) Die Erlaubnis ist zu versagen, wenn\n\n1.  der Antragsteller unzuverlässig ist,\n"
        "2.  die Sachkenntnis fehlt,\n3.  die Räume ungeeignet sind.\n",
        "2.  die Sachkenntnis fehlt,\n",
        ("2", "3"),
    ),
    "de Buchstabe": (
        "1.  wenn\n    a) der Stoff verkehrsfähig ist,\n    b) die Menge gering ist.\n",
        "1.  wenn\n    a) der Stoff verkehrsfähig ist,\n    b) der Stoff verschreibungsfähig ist,\n"
        "    c) die Menge gering ist.\n",
        # tokens carry the whitespace after them: the next line's indentation ends the inserted line
        "b) der Stoff verschreibungsfähig ist,\n    ",
        ("b", "c"),
    ),
    "ko 호": (
        "② 센터는 다음 각 호의 사업을 수행한다.\n1.  기본계획의 수립에 필요한 지원\n2.  시책의 개발\n",
        "② 센터는 다음 각 호의 사업을 수행한다.\n1.  기본계획의 수립에 필요한 지원\n2.  국제협력의 지원\n"
        "3.  시책의 개발\n",
        "2.  국제협력의 지원\n",
        ("2", "3"),
    ),
    "ko 목": (
        "1. 다음 각 목의 사항\n가. 연구개발\n나. 인력양성\n",
        "1. 다음 각 목의 사항\n가. 연구개발\n나. 표준화\n다. 인력양성\n",
        "나. 표준화\n",
        ("나", "다"),
    ),
}


@pytest.mark.parametrize("case", sorted(_ITEMS))
def test_an_item_inserted_is_shown_whole_and_the_next_renumbered(case: str) -> None:
    """An amendment that inserts an item (号, paragraph, (2)) before others: the new item is inserted whole, and the
    item after it is renumbered (七の[-九-]{+十+}), not read as new text run into the old item's line
    (七の九　{+人工知能…⏎七の十　+}防災…), as in 内閣府設置法's 2025-09-01 revision."""
    old, new, inserted, (was, now) = _ITEMS[case]
    d = diff_texts(old, new)
    _check_lossless(d, old, new)
    (change,) = [c for c in d.units if c.changed]
    edits = [(op, t) for op, t in change.spans if op != EQUAL]
    assert edits[:3] == [(INSERT, inserted), (DELETE, was), (INSERT, now)], edits


def test_an_item_removed_leaves_the_next_renumbered() -> None:
    old = "第四条　次に掲げる事務をつかさどる。\n一　甲に関すること。\n二　乙に関すること。\n三　丙に関すること。\n"
    new = "第四条　次に掲げる事務をつかさどる。\n一　甲に関すること。\n二　丙に関すること。\n"
    d = diff_texts(old, new)
    _check_lossless(d, old, new)
    edits = [(op, t) for op, t in d.units[0].spans if op != EQUAL]
    assert edits == [(DELETE, "二　乙に関すること。\n"), (DELETE, "三"), (INSERT, "二")]


def test_a_rewrapped_paragraph_is_not_read_as_items() -> None:
    """Lines that are not items (a German paragraph wrapped anew) keep the token diff: one word inserted."""
    old = "(1) Der Antrag ist bei der zuständigen Behörde\nschriftlich zu stellen.\n"
    new = "(1) Der Antrag ist bei der zuständigen\nBundesbehörde schriftlich zu stellen und zu begründen.\n"
    d = diff_texts(old, new)
    _check_lossless(d, old, new)
    inserted = "".join(t for op, t in d.units[0].spans if op == INSERT)
    assert "zu begründen" in inserted and "Der Antrag" not in inserted


@needs_real_data
def test_a_heading_set_in_capitals_is_formatting() -> None:
    """Issue 30, class 3: H. Con. Res. 105 engrossed (CONCURRENT RESOLUTION) and enrolled (Concurrent Resolution) are
    one text: the case of a line set in capitals is formatting. A change of case in ordinary text is a change."""
    from legistrack.jurisdictions import import_text

    folder = REAL_DATA / "us-bills-uslm" / "hconres105-116"
    old, new = (import_text((folder / n).read_bytes(), n).text for n in ("1-hc105_eh.XML", "3-hc105_enr.XML"))
    d = diff_texts(old, new)
    assert d.stats.modified == 0 and d.stats.formatting_only == 1
    changed = diff_texts("Resolved, That the Secretary shall act.\n", "Resolved, That the secretary shall act.\n")
    assert changed.stats.modified == 1 and changed.stats.formatting_only == 0
    words = diff_texts("SEC. 2. SHORT TITLE.\nThis Act.\n", "Sec. 2. Short title.\nThis Act as amended.\n")
    assert words.stats.modified == 1


@needs_real_data
def test_a_korean_act_is_summed_up_in_its_own_words() -> None:
    """Issue 30, class 4: the digest names a Korean act's parts 본칙 and 부칙 (its own words), not 本則 and 附則."""
    from legistrack.diff.render import render_terminal
    from legistrack.jurisdictions import import_text

    folder = REAL_DATA / "kr-ai-framework-act"
    old, new = (
        import_text((folder / n).read_bytes(), n).text for n in ("v1-ko-efYd-20260122.xml", "v2-ko-efYd-20260721.xml")
    )
    out = render_terminal(diff_texts(old, new))
    assert "main provisions (본칙): 5 modified, 2 inserted; supplementary provisions (부칙): 1 modified" in out
    assert "本則" not in out and "附則" not in out
    japanese = render_terminal(diff_texts("第一条　甲。\n附則\n第一条　乙。\n", "第一条　丙。\n附則\n第一条　丁。\n"))
    assert "main provisions (本則): 1 modified; supplementary provisions (附則): 1 modified" in japanese


@needs_real_data
def test_a_german_laws_title_block_is_metadata_shown_after_the_provisions() -> None:
    """Issue 30, class 4: gesetze-im-internet's front matter and title block ("Stand: Zuletzt geändert durch …") move
    with every amendment. Across every version pair of the three German laws in shared/, such a change is counted
    as metadata, never as a modified unit, and never comes before a change of the provisions; a new title is an
    amendment."""
    from legistrack.diff.render import render_terminal

    pairs = 0
    for law in ("gg", "tpg", "btmg_1981"):
        files = sorted((REAL_DATA / "de-gesetze" / law).glob("*.md"))
        for a, b in itertools.pairwise(files):
            d = diff_texts(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
            metadata = [c for c in d.units if c.metadata]
            assert all(c.new is not None and c.new.kind in ("preamble", "heading") for c in metadata)
            assert d.stats.metadata == len(metadata)
            assert d.stats.modified == sum(c.status == "modified" and not c.metadata for c in d.units)
            hunks = [line for line in render_terminal(d).splitlines() if line.startswith("@@ ")]
            provisions = [i for i, h in enumerate(hunks) if "(metadata" not in h]
            shown = [i for i, h in enumerate(hunks) if "(metadata" in h]
            assert not provisions or not shown or max(provisions) < min(shown), (a.name, hunks[:3])
            pairs += bool(metadata)
    assert pairs >= 10
    title = diff_texts(
        "# Gesetz A (GA)\n\nStand: 1\n\n## § 1\n\nText.\n", "# Gesetz B (GB)\n\nStand: 2\n\n## § 1\n\nText.\n"
    )
    assert title.stats.modified == 1 and title.stats.metadata == 0


def test_stubs_merged_into_a_run_repeal_nothing() -> None:
    """Issue 30, class 1: the Cabinet Office Establishment Act's 「第五十九条及び第六十条　削除」, written before as two
    stubs (第五十九条　削除, 第六十条　削除): both articles were repealed before and are still; the new line is
    formatting, and no article is deleted. A unit with text taken into a run stub is a repeal."""
    new = (BUNDLED / "jp-cabinet-office-establishment-act" / "texts" / "03-amended.ja.txt").read_text(encoding="utf-8")
    assert "\n第五十九条及び第六十条　削除\n" in new
    old = new.replace("\n第五十九条及び第六十条　削除\n", "\n第五十九条　削除\n\n第六十条　削除\n")
    d = diff_texts(old, new)
    assert d.stats.deleted == 0 and d.stats.modified == 0 and d.stats.inserted == 0
    assert d.stats.formatting_only == 2  # the run's line, and the stub it took in
    _check_lossless(d, old, new)
    repealed = new.replace("\n第五十九条及び第六十条　削除\n", "\n第五十九条　削除\n\n第六十条　（旧規定）\n")
    again = diff_texts(repealed, new)
    assert again.stats.deleted == 1  # 第六十条 had text: taken into the run, it is repealed


@needs_real_data
@pytest.mark.parametrize(("law", "first"), [("tpg", "§ 6"), ("gg", "Art 4"), ("btmg_1981", "§ 9")])
def test_a_section_rewritten_in_place_is_no_renumbering(law: str, first: str) -> None:
    """Issue 30, class 2: two sections merged into a rewritten first one (its number kept, the second's words in it)
    and a new section under the second number. Both numbers stand in both texts and no neighbour moves: both are
    rewritten, never "§ N (deleted), § N+1 -> § N (renumbered), § N+1 (inserted)". Built on real German texts."""
    text = sorted((REAL_DATA / "de-gesetze" / law).glob("*.md"))[-1].read_text(encoding="utf-8")
    units = [u for u in split_units(text) if u.kind == "article"]
    k = next(i for i, u in enumerate(units) if u.label == first)
    a, b = units[k], units[k + 1]
    second = b.text.rstrip("\n").split("\n")
    merged = a.text.split("\n", 1)[0] + "\n\n" + "\n".join(line for line in second[1:] if line.strip()) + "\n\n\n"
    fresh = second[0] + "\n\nDas Bundesministerium bestimmt durch Rechtsverordnung das Nähere.\n\n\n"
    new = text.replace(a.text, merged, 1).replace(b.text, fresh, 1)
    d = diff_texts(text, new)
    _check_lossless(d, text, new)
    changed = [
        (c.status, c.old.label if c.old else "", c.new.label if c.new else "", c.renumbered)
        for c in d.units
        if c.changed
    ]
    assert changed == [("modified", a.label, a.label, False), ("modified", b.label, b.label, False)]


def test_a_renumbering_cascade_still_renumbers() -> None:
    """The cascade keeps its renumberings: a section inserted, every later one a number up."""
    old = "§ 1\n\nEins.\n\n§ 2\n\nZwei.\n\n§ 3\n\nDrei.\n"
    new = "§ 1\n\nEins.\n\n§ 2\n\nNeu eingefügt.\n\n§ 3\n\nZwei.\n\n§ 4\n\nDrei.\n"
    d = diff_texts(old, new)
    assert d.stats.renumbered == 2 and d.stats.inserted == 1
