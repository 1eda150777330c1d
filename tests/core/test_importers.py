"""Importers on the real data in shared/real-data, and on files that are not what they claim."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legistrack.diff.engine import diff_texts
from legistrack.errors import ImportFormatError, TextError
from legistrack.jurisdictions import import_text

from ..conftest import BUNDLED, REAL_DATA, needs_real_data

AI_ACT = REAL_DATA / "jp-ai-act"


def _import(path: str) -> str:
    return import_text((REAL_DATA / path).read_bytes(), path).text


@needs_real_data
def test_egov_ai_act_keeps_its_structure() -> None:
    result = import_text((AI_ACT / "egov-507AC0000000053-asof-2026-07-20.xml").read_bytes(), "egov.xml")
    assert result.format == "egov"
    text = result.text
    lines = text.splitlines()
    assert lines[:2] == ["人工知能関連技術の研究開発及び活用の推進に関する法律", "令和七年法律第五十三号"]
    for chapter in ("第一章　総則", "第二章　基本的施策", "第三章　人工知能基本計画", "第四章　人工知能戦略本部"):
        assert chapter in lines
    main, suppl = text.split("\n附　則\n")
    assert len(re.findall(r"^第[一二三四五六七八九十]+条　", main, re.M)) == 28
    assert len(re.findall(r"^第[一二]条　", suppl, re.M)) == 2
    assert "（目的）\n第一条　この法律は、" in text
    assert "\n２　国は、行政事務の効率化" in text  # 項
    assert "\n一　人工知能関連技術の研究開発及び活用の推進に関する施策についての基本的な方針\n" in text  # 号
    assert "公布の日から施行する。ただし、第三章及び第四章" in text  # main clause and proviso run on
    assert "WritingMode" not in text and "<" not in text


@needs_real_data
def test_jlt_english_as_enacted() -> None:
    result = import_text((AI_ACT / "jlt-5066-en-r07Aa000530105en18.0.xml").read_bytes(), "jlt.xml")
    assert result.format == "jlt"
    text = result.text
    assert text.startswith("Act on Promotion of Research and Development, and Utilization of Artificial")
    assert "\n(Purpose)\nArticle 1 The purpose of this Act is," in text
    main, suppl = text.split("\nSupplementary Provisions\n")
    assert len(re.findall(r"^Article \d+ ", main, re.M)) == 28
    # As enacted: four supplementary articles. JLT's XML splits Article 3 in two and labels its second half
    # "Article 4" (jp-ai-act/SOURCES.md): that half stays in Article 3, word for word, without the label.
    assert re.findall(r"^Article (\d+)", suppl, re.M) == ["1", "2", "3", "4"]
    article_3 = suppl.split("\nArticle 3 ")[1].split("\n\n")[0]
    assert "The item (vii)-9 in paragraph (3), is amended to the item (vii)-10" in article_3
    assert "(Adjustment Provisions)\nArticle 4 When the date of the provisions" in suppl


@needs_real_data
def test_uslm_hr2157_levels_and_quoted_text() -> None:
    introduced = _import("us-bills-uslm/hr2157-116/1-H2157_IH.XML")
    enrolled = _import("us-bills-uslm/hr2157-116/2-h2157_enr.XML")
    assert introduced.startswith("A BILL\nMaking supplemental appropriations")
    assert enrolled.startswith("An Act\nMaking supplemental appropriations")
    assert "\nTITLE I DEPARTMENT OF AGRICULTURE\n" in enrolled
    assert "Supplemental Appropriations Act, 2019" in introduced
    assert "Additional Supplemental Appropriations for Disaster Relief Act, 2019" in enrolled
    assert "losses: Provided further, That" in enrolled  # inline elements keep their spaces
    amended = _import("us-bills-uslm/hr1058-116/1-H1058_RDS.XML")
    # A quoted block inside an amending instruction gets its own line, and the closing period stays with it.
    assert "by adding at the end the following:\n“(D) Reducing disparities.—The Director" in amended
    assert "under this section.”.\n" in amended


def _bundled_texts() -> list[tuple[str, str]]:
    """Every text file of the bundled bills, with the official file its origin names."""
    from legistrack.packages.read import list_bill_ids, load_package

    out = []
    for bill_id in list_bill_ids(BUNDLED):
        for stage in load_package(BUNDLED, bill_id).bill.stages:
            for ref in stage.texts:
                if ref.status == "new":
                    named = ref.origin.split(": ", 1)[1].split(" ", 1)[0]
                    out.append((f"{bill_id}/texts/{stage.id}.{ref.lang}.txt", named))
    return out


@needs_real_data
@pytest.mark.parametrize(("bundled_file", "named"), _bundled_texts())
def test_bundled_texts_are_exactly_the_official_files(bundled_file: str, named: str) -> None:
    """Not a word of legal text is ours: each bundled text is the import of the official file its origin names."""
    found = [p for p in REAL_DATA.rglob(Path(named).name) if p.as_posix().endswith(named)]
    assert len(found) == 1, f"{bundled_file}: its origin names {named}, found {found}"
    assert (BUNDLED / bundled_file).read_text(encoding="utf-8") == _import(str(found[0].relative_to(REAL_DATA)))


@needs_real_data
def test_the_ai_acts_text_in_force_is_e_govs_sentence_for_sentence() -> None:
    """The Markdown of the 2025-09-01 revision and e-Gov's law XML of it say the same, sentence for sentence; only
    the XML carries the title and law number (front matter in the Markdown) and writes 附　則 with a space."""
    markdown = _import("jp-law-history/ai-act-507AC0000000053/02-2025-09-01-5668beb1e.md")
    xml = _import("jp-ai-act/egov-507AC0000000053-asof-2026-07-20.xml")

    def sentences(text: str) -> list[str]:
        return [s for line in text.splitlines() for s in re.split(r"(?<=。)", line) if s.strip()]

    assert xml.startswith("人工知能関連技術の研究開発及び活用の推進に関する法律\n令和七年法律第五十三号\n\n")
    body = xml.split("\n\n", 1)[1].replace("附　則", "附則")
    assert sentences(markdown) == sentences(body)
    assert len(sentences(markdown)) >= 100


@needs_real_data
def test_appi_versions() -> None:
    v1 = _import("jp-appi/v1-jlt-4241-ja-as-amended-by-act-37-2021.xml")
    v2 = _import("jp-appi/v2-egov-415AC0000000057-asof-2026-07-20.xml")
    assert "附　則　（平成一五年五月三〇日法律第六一号）　抄" in v2
    assert "\n別表第一　（第二条関係）\n名称 | 根拠法\n" in v1  # tables as rows


def test_plain_text_is_normalised() -> None:
    result = import_text("\ufeff第一条　本文\r\n２　次項  \r\n\r\n\r\n".encode(), "x.txt")
    assert (result.format, result.text) == ("plain", "第一条　本文\n２　次項\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("第一条".encode("shift_jis"), "not UTF-8"),
        (b"text\x07bell", "control character"),
    ],
)
def test_bad_text(data: bytes, message: str) -> None:
    with pytest.raises(TextError, match=message):
        import_text(data, "bad.txt")


@settings(max_examples=300)
@given(st.text(alphabet=[*map(chr, range(1, 0xA0)), "§", "¶", "\u00a0", "条", "　"], min_size=1, max_size=40))
def test_a_text_is_refused_for_a_control_character_exactly_when_it_has_one(text: str) -> None:
    """check_text looks for control bytes with quick scans before its regex: it refuses a text exactly when the
    text, its line endings made LF, holds a C0 control (but tab and line feed), DEL or a C1 control."""
    from legistrack.textio import check_text

    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    expected = controls.search(text.replace("\r\n", "\n").replace("\r", "\n")) if text.strip() else None
    try:
        check_text(text.encode(), "t.txt")
    except TextError as exc:
        assert expected is not None or not text.strip(), str(exc)
        if expected is not None:
            assert f"U+{ord(expected.group()):04X}" in str(exc)
    else:
        assert expected is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<?xml version='1.0'?><html><body>hi</body></html>", "unsupported XML format \\(root element <html>\\)"),
        (b"<?xml version='1.0'?><Law><LawBody>", "not well-formed XML"),
        (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]><Law>&b;</Law>", "unsafe XML"),
        (b"<?xml version='1.0'?><Law><LawNum>x</LawNum></Law>", "no <Law><LawBody>"),
    ],
)
def test_bad_xml(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        import_text(data, "bad.xml")


def test_forced_format_mismatch() -> None:
    data = b"<?xml version='1.0'?><Law><LawBody><LawTitle>t</LawTitle></LawBody></Law>"
    with pytest.raises(ImportFormatError, match="use --format egov"):
        import_text(data, "law.xml", "uslm")


LAW_MD = """---
title: "テスト法"
identifier: "507AC0000000999"
extra:
  law_num: "令和七年法律第九百九十九号"
  enforced_at: "2025-06-04"
---

### 第一章　総則

**第一条（目的）**　この法律は、目的を定める。

**２**　前項の規定は、次に掲げる場合に適用する。

- 一　第一の場合

  - イ　その細目

**第二条**　見出しのない条。

## 附則

**第一条（施行期日）**　この法律は、公布の日から施行する。

**別表第一**

| 名称 | 根拠法 |
| --- | --- |
| 甲 | 甲法 |
"""


def test_law_markdown_becomes_the_lines_of_a_law() -> None:
    result = import_text(LAW_MD.encode(), "law.md")
    assert result.format == "lawmd"
    assert result.text.splitlines() == [
        "第一章　総則",
        "",
        "（目的）",
        "第一条　この法律は、目的を定める。",
        "２　前項の規定は、次に掲げる場合に適用する。",
        "一　第一の場合",
        "イ　その細目",
        "",
        "第二条　見出しのない条。",
        "",
        "附則",
        "",
        "（施行期日）",
        "第一条　この法律は、公布の日から施行する。",
        "",
        "別表第一",
        "名称 | 根拠法",
        "甲 | 甲法",
    ]
    assert "enforced_at" not in result.text and "テスト法" not in result.text  # front matter: never legal text


_MD_WORDS = st.sampled_from(
    ["第一条", "（目的）", "この法律", "削除", "甲", " ", "\u3000", "\t", "", "別表第一", "|", "**"]
)
_MD_SHAPES = [
    "## {}",
    "### 第一章　{}",
    "**第一条**　{}",
    "**第二条（{}）**",
    "**２**　{}",
    "- 一　{}",
    "| {} | 甲 |",
    "| {} |  |",
    "{}",
    "**別表第一**",
    "",
]
_MD_LINE = st.builds(
    lambda shape, words, tail: shape.format("".join(words)) + tail,
    st.sampled_from(_MD_SHAPES),
    st.lists(_MD_WORDS, max_size=4),
    st.sampled_from(["", " ", "  ", "\t", "\u3000"]),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(_MD_LINE, min_size=1, max_size=12))
def test_law_markdown_comes_out_as_bills_gives_a_text_back(lines: list[str]) -> None:
    """What the Markdown reader makes of any body is a text that textio reads back unchanged (no space at a line's
    end, one final newline): the import stores it without decoding it a second time."""
    from legistrack.jurisdictions.jp.lawmd import read, to_text
    from legistrack.textio import decode_text

    data = ("---\nidentifier: 507AC0000000999\ntitle: テスト法\n---\n" + "\n".join(lines) + "\n").encode()
    try:
        text = to_text(data, "law.md")
    except (ImportFormatError, TextError):
        return  # a body with no law text: refused, nothing stored
    assert decode_text(text.encode(), "law.md") == text
    assert read(data, "law.md")[1] == text


@settings(max_examples=120, deadline=None)
@given(st.lists(_MD_LINE, min_size=1, max_size=12), st.lists(_MD_LINE, min_size=1, max_size=12))
def test_a_law_markdown_reads_the_same_whatever_was_read_before(first: list[str], second: list[str]) -> None:
    """The reader converts a line once and looks it up after (two revisions share most lines): a body reads the same
    after any other body (sharing lines in other places: a unit's first line, a paragraph, a row) as on its own."""
    from legistrack.jurisdictions.jp import lawmd

    def read(lines: list[str]) -> str:
        try:
            return lawmd._body_text(lines, "law.md")
        except ImportFormatError as exc:
            return str(exc)

    lawmd._SEEN.clear()
    alone = read(second)
    read(first + second[::-1])
    assert read(second) == alone


def test_the_markdown_reader_remembers_a_bounded_number_of_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from legistrack.jurisdictions.jp import lawmd

    monkeypatch.setattr(lawmd, "_SEEN_MAX", 50)
    lawmd._SEEN.clear()
    body = [f"**第{n}条**　甲" for n in "一二三四五六七八九"] * 3 + [f"| {n} | 乙 |" for n in range(200)]
    text = lawmd._body_text(body, "law.md")
    assert len(lawmd._SEEN) <= 50
    assert text == lawmd._body_text(body, "law.md")
    assert text.splitlines()[:3] == ["第一条　甲", "", "第二条　甲"] and text.endswith("199 | 乙\n")


def test_a_table_row_with_an_empty_last_cell_ends_without_a_space() -> None:
    from legistrack.jurisdictions.jp.lawmd import to_text

    data = "---\nidentifier: 507AC0000000999\n---\n\n**別表第一**\n\n| 名称 | |\n|---|---|\n| 甲 |  |\n".encode()
    assert to_text(data, "law.md").splitlines()[1:] == ["名称 |", "甲 |"]


def test_law_markdown_front_matter() -> None:
    from legistrack.jurisdictions.jp.lawmd import front_matter

    front = front_matter(LAW_MD.encode(), "law.md")
    assert (front.title, front.law_id, front.law_number, front.enforced_at) == (
        "テスト法",
        "507AC0000000999",
        "令和七年法律第九百九十九号",
        "2025-06-04",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("---\nidentifier: x\ntitle: y\n", "not closed by a line '---'"),
        ("---\nidentifier: x\n---\n\n", "no law text"),
        ("---\nidentifier: x\nnot front matter\n---\n第一条　x\n", "is not 'key: value' front matter"),
    ],
)
def test_bad_law_markdown(data: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        import_text(data.encode(), "law.md", "lawmd")


USLM_PL = "\n".join(
    [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<pLaw xmlns="http://schemas.gpo.gov/xml/uslm"><main>',
        '<section identifier="/us/pl/113/67/s1"><num value="1">SEC. 1. </num><heading>SHORT TITLE.</heading>',
        '<subsection identifier="/us/pl/113/67/s1/a"><num value="a">(a) </num>',
        "<heading>Short <sidenote>2 USC 900 note.</sidenote>Title.—</heading>",
        "<content>This Act may be cited as the <page>127 STAT. 1167</page>“Bipartisan Budget Act of 2013”.</content>",
        "</subsection></section>",
        '<section identifier="/us/pl/113/67/s2"><num value="2">SEC. 2. </num><heading>TABLE OF CONTENTS.</heading>',
        "<content>The table of sections for chapter 61 is amended by inserting after the item relating to section",
        "6707A the following new item:",
        "<quotedContent><toc><tocItem>“Sec. 6707B. Failure to include information on returns.”.</tocItem></toc>",
        "</quotedContent></content></section>",
        "</main></pLaw>",
    ]
)


def test_uslm_print_furniture_is_not_text_and_a_quoted_toc_is() -> None:
    """Statute page markers and margin notes of a Public Law are not its text; a table-of-contents item an
    amendment inserts is (the markup follows GPO's USLM: <page>, <sidenote>, <quotedContent><toc>)."""
    text = import_text(USLM_PL.encode(), "pl.xml").text
    assert "STAT." not in text and "USC 900" not in text
    assert "(a) Short Title.—This Act may be cited as the “Bipartisan Budget Act of 2013”." in text
    assert "the following new item:\n“Sec. 6707B. Failure to include information on returns.”." in text


def _uslm2(root: str, body: str, after: str = "") -> bytes:
    """A USLM 2.0 document (GPO's Public Laws are written in it), with the markup of Public Law 113-67."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<{root} xmlns="http://schemas.gpo.gov/xml/uslm/2.0" xml:lang="en">\n<?I97 127 STAT. ?>\n'
        f"<meta><docNumber>67</docNumber></meta><main>{body}</main>{after}</{root}>"
    ).encode()


def test_a_public_law_reads_as_its_enrolled_bill() -> None:
    """An enrolled bill and its Public Law (USLM 2.0, with statute pages, margin notes, the approval line and the
    legislative history, as GPO writes H.J. Res. 91 and Public Law 113-44) are the same text: the diff finds nothing
    to show."""
    section = (
        "<longTitle><docTitle>Joint Resolution</docTitle><officialTitle>Making appropriations.</officialTitle>{dated}"
        "</longTitle>"
        '<section><num value="1">SECTION 1. </num><heading>SHORT TITLE.</heading><subsection><num value="a">(a) </num>'
        "<heading><inline>Short </inline>{note}<inline>Title</inline>.—</heading><content>This division may be cited "
        "as the <shortTitle>“Bipartisan Budget Act of 2013”</shortTitle>.</content></subsection></section>"
        '<section><num value="101">SEC. 101. </num><heading>AMENDMENTS.</heading><subsection><num value="a">(a) '
        "</num><content>Section 251(c) of the Balanced Budget and Emergency Deficit Control Act of {cite}1985 is "
        "amended by striking paragraphs (1) through (10).{page}</content></subsection></section>"
        '<section><num value="103">Sec. 103. </num>{beside}<content> Unless otherwise provided.</content></section>'
    )
    bill = _uslm2(
        "resolution",
        section.format(dated="", note="", cite="", page="", beside="")
        + "<signatures><signature>Speaker</signature></signatures>",
    )
    law = _uslm2(
        "pLaw",
        section.format(
            dated="<sidenote><p>Oct. 10, 2013</p><p>[<ref>H.J. Res. 91</ref>]</p></sidenote>",
            note='<sidenote><p><ref href="/us/usc/t2/s900">2 USC 900 note</ref>.</p></sidenote>',
            cite='<sidenote><p><ref href="/us/usc/t2/s901">2 USC 901</ref>.</p></sidenote>',
            page="<page>127 STAT. 1167</page>",
            beside="<sidenote><p>Expiration date.</p></sidenote>",  # a margin note between the number and the text
        )
        + "<action><actionDescription>Approved December 26, 2013.</actionDescription></action>",
        after="<legislativeHistory><heading>LEGISLATIVE HISTORY—H.J. Res. 59:</heading></legislativeHistory>",
    )
    old, new = import_text(bill, "enr.xml"), import_text(law, "publ.xml")
    assert old.format == new.format == "uslm"
    assert "(a) Short Title.—This division may be cited as the “Bipartisan Budget Act of 2013”." in new.text
    assert not any(word in new.text for word in ("STAT", "USC", "Approved", "HISTORY", "Oct. 10", "Expiration"))
    assert "Sec. 103. Unless otherwise provided." in new.text
    d = diff_texts(old.text, new.text)
    assert d.identical and not [c for c in d.units if c.changed]


def _egov(*articles: str) -> bytes:
    """A minimal e-Gov law XML document (the element names of the e-Gov law XML schema)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Law Era="Reiwa" Lang="ja" LawType="Act" Num="1" Year="7">'
        "<LawNum>令和七年法律第一号</LawNum><LawBody><LawTitle>試験法</LawTitle><MainProvision>"
        + "".join(articles)
        + "</MainProvision></LawBody></Law>"
    ).encode()


def _egov_article(num: str, title: str, sentence: str) -> str:
    return (
        f'<Article Num="{num}"><ArticleTitle>{title}</ArticleTitle><Paragraph Num="1"><ParagraphNum/>'
        f'<ParagraphSentence><Sentence Num="1">{sentence}</Sentence></ParagraphSentence></Paragraph></Article>'
    )


@pytest.mark.parametrize(
    ("num", "title"), [("9:11", "第九条から第十一条まで"), ("9_2:9_3", "第九条の二及び第九条の三")]
)
def test_a_run_of_repealed_articles_is_one_unit_in_xml_and_markdown(num: str, title: str) -> None:
    """e-Gov writes a run of repealed articles as one <Article Num="9:11"> titled 第九条から第十一条まで, and its
    Markdown as **第九条から第十一条まで**　削除: both read as a unit of its own, not as a line of the article before
    it (内閣府設置法's 第五十九条及び第六十条, in the bundled law history)."""
    from legistrack.diff.structure import split_units

    xml = _egov(
        _egov_article("8", "第八条", "目的を定める。"),
        _egov_article(num, title, "削除"),
        _egov_article("12", "第十二条", "施行する。"),
    )
    markdown = (
        LAW_MD.split("### 第一章")[0] + f"**第八条**　目的を定める。\n\n**{title}**　削除\n\n**第十二条**　施行する。\n"
    )
    for text in (import_text(xml, "law.xml").text, import_text(markdown.encode(), "law.md").text):
        assert f"\n\n{title}　削除\n\n" in text
        units = [u for u in split_units(text) if u.kind == "article"]
        assert [u.label for u in units] == ["第八条", title, "第十二条"]
        assert units[1].text.startswith(f"{title}　削除")


def test_a_run_of_repealed_tables_is_a_unit_in_markdown() -> None:
    """**別表第一から別表第三まで**　削除 stands apart as the e-Gov importer writes a table, not run into the article
    before it as a paragraph would be."""
    markdown = LAW_MD.split("### 第一章")[0] + "**第八条**　目的を定める。\n\n**別表第一から別表第三まで**　削除\n"
    text = import_text(markdown.encode(), "law.md").text
    assert text == "第八条　目的を定める。\n\n別表第一から別表第三まで　削除\n"


KR = "kr-ai-framework-act"


@needs_real_data
def test_korean_law_xml_in_korean_and_english() -> None:
    """Korea's AI Framework Act from law.go.kr: the Korean consolidated text (<법령>) and the government's English
    reference (<Law><JoSection>) read as units: chapters, articles with their items, and each 부칙 / ADDENDA."""
    from legistrack.diff.structure import split_units

    ko = import_text((REAL_DATA / KR / "v1-ko-efYd-20260122.xml").read_bytes(), "ko.xml")
    assert ko.format == "moleg"
    lines = ko.text.splitlines()
    assert lines[:4] == ["인공지능 발전과 신뢰 기반 조성 등에 관한 기본법", "법률 제21311호", "", "제1장 총칙"]
    assert "제2조(정의) 이 법에서 사용하는 용어의 뜻은 다음과 같다. <개정 2026.1.20>" in lines
    assert any(line.startswith('1.  "인공지능"이란') for line in lines)
    ids = [u.id for u in split_units(ko.text)]
    assert (
        "제1장/제2조" in ids and "부칙 <제21311호,2026.1.20>" in ids and "044-202-6293" not in ko.text
    )  # (the ministry's telephone: metadata)
    en = import_text((REAL_DATA / KR / "v2-en-moleg-MST282791.xml").read_bytes(), "en.xml")
    assert en.format == "moleg" and en.text.startswith("FRAMEWORK ACT ON THE DEVELOPMENT OF ARTIFICIAL INTELLIGENCE")
    ids = [u.id for u in split_units(en.text)]
    assert "CHAPTER I/Article 2" in ids and "ADDENDA <Act No. 20676, Jan. 21, 2025>/Article 1" in ids
    assert "ADDENDUM <Act No. 21311, Jan. 20, 2026>" in ids  # one addendum: a scope of its own too


@needs_real_data
def test_korean_ai_act_next_phase() -> None:
    """v1 -> v2 (the phase of 2026-07-21): Articles 2, 3, 6, 18 and 35 amended, 17-2 and 22-3 added, nothing else but
    a spacing fix in an addendum's placeholder (제2조부터 제6조까지 → 제2조 부터 제6조까지, one unit either way)."""
    old, new = (
        import_text((REAL_DATA / KR / f"{name}.xml").read_bytes(), name).text
        for name in ("v1-ko-efYd-20260122", "v2-ko-efYd-20260721")
    )
    d = diff_texts(old, new)
    changed = {(c.status, c.new.label if c.new else "") for c in d.units if c.changed}
    assert {("inserted", "제17조의2"), ("inserted", "제22조의3")} <= changed
    assert {label for status, label in changed if status == "modified"} == {
        "제2조", "제3조", "제6조", "제18조", "제35조", "제2조 부터 제6조까지"
    }  # fmt: skip
    assert (d.stats.inserted, d.stats.deleted, d.stats.renumbered) == (2, 0, 0)


@pytest.mark.parametrize(
    "xml",
    ['<?xml version="1.0"?><법령><기본정보/></법령>', '<?xml version="1.0"?><Law><JoSection/></Law>'],
)
def test_a_korean_law_document_with_no_text_is_refused(xml: str) -> None:
    with pytest.raises(ImportFormatError, match=r"law\.go\.kr .*give a law's document"):
        import_text(xml.encode(), "kr.xml")


@needs_real_data
def test_uslm_recitals_and_paragraphs_start_their_own_lines() -> None:
    """Issue 30, class 3: the importer must not glue words at an element boundary. S. Con. Res. 13's fifteen recitals
    (<preamble><recital>) each start a line, and paragraphs inside running text (<content><p>) too; where the
    source has no whitespace between two elements, they would otherwise read "andWhereas"."""
    path = REAL_DATA / "us-bills-uslm" / "sconres13-116" / "1-SC13_ES.XML"
    text = import_text(path.read_bytes(), path.name).text
    lines = text.splitlines()
    assert sum(line.startswith("Whereas ") for line in lines) == 15
    assert not re.search(r"[a-z;,]Whereas", text)
    tight = _uslm2(
        "resolution",
        "<preamble><recital>Whereas one; and</recital><recital>Whereas two;</recital></preamble>"
        '<section><num value="2">SEC. 2. </num><heading>FINDINGS.</heading><content><p>first; and</p>'
        "<p>Whereas second.</p></content></section>",
    )
    tight_lines = import_text(tight, "tight.xml").text.splitlines()
    assert "Whereas one; and" in tight_lines and "Whereas two;" in tight_lines
    assert "first; and" in tight_lines and "Whereas second." in tight_lines


@pytest.mark.parametrize(
    "data",
    [
        # entity declarations: the billion laughs, an external entity, a parameter entity
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><Law>&b;</Law>",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><Law>&e;</Law>",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY % p SYSTEM 'http://example.org/x.dtd'> %p;]><Law/>",
        # the same declarations where a byte scan cannot see them: UTF-16 (refused as binary), and an encoding
        # other than UTF-8 (expat reads no multi-byte encoding: refused, as it was before)
        "<?xml version='1.0' encoding='UTF-16'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><Law>&a;</Law>".encode("utf-16"),
        "<?xml version='1.0' encoding='Shift_JIS'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><Law>&a;</Law>".encode("cp932"),
    ],
)
def test_hostile_xml_is_refused_on_every_path(data: bytes) -> None:
    """Issue 30, speed: XML that cannot declare an entity is read by ElementTree's C parser (twice defusedxml's
    speed); anything that could declare one still goes through defusedxml, which refuses it."""
    with pytest.raises((ImportFormatError, TextError), match=r"unsafe XML|binary|encoding"):
        import_text(data, "hostile.xml")


@needs_real_data
def test_the_fast_parser_reads_every_real_file_as_defusedxml_does(monkeypatch: pytest.MonkeyPatch) -> None:
    import legistrack.importers as importers

    files = sorted(p for p in REAL_DATA.rglob("*") if p.suffix.lower() == ".xml" and "LawSearch" not in p.name)
    read = 0
    for path in files:
        data = path.read_bytes()
        try:
            fast = import_text(data, path.name).text
        except ImportFormatError:
            continue  # not a law text (a search result's list)
        with monkeypatch.context() as m:
            m.setattr(importers, "_no_entities", lambda _data: False)
            assert import_text(data, path.name).text == fast, path.name
        read += 1
    assert read >= 25


def test_a_file_is_read_whole_whatever_its_size_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_input asks for the size the file reports and a byte more, then reads on: a file whose size says 0
    (procfs) is read whole, and one past the limit is refused however it reports its size."""
    from legistrack import textio

    text = tmp_path / "bill.txt"
    text.write_bytes("第一条　本文\n".encode() * 1000)
    assert textio.read_input(str(text)) == text.read_bytes()
    status = Path("/proc/self/status")
    if status.exists():  # size 0 by stat, a page of text when read
        assert os.stat(status).st_size == 0
        assert b"\nPid:" in textio.read_input(str(status))
        monkeypatch.setattr(textio, "MAX_INPUT_BYTES", 10)
        with pytest.raises(TextError, match="grew past the 0 MB limit"):
            textio.read_input(str(status))
    monkeypatch.setattr(textio, "MAX_INPUT_BYTES", 100)
    with pytest.raises(TextError, match="over the 0 MB limit"):
        textio.read_input(str(text))


@settings(max_examples=400)
@given(
    st.text(alphabet=[" ", "\t", "\n", "\r", "\xa0", "\u2009", "\u3000", "\u2028", "\x85", "\xad", "\u200b", "a", "“"])
)
def test_uslm_whitespace_is_collapsed_as_str_split_does(text: str) -> None:
    """_norm returns a text that is already collapsed as it is (a shortcut): always what splitting and joining give."""
    from legistrack.jurisdictions.us.uslm import _norm

    assert _norm(text) == " ".join(text.split())


@settings(max_examples=400)
@given(st.text(alphabet=["a", "条", "§", " ", "\t", "\n", "\r", "\ufeff", "x"], min_size=1, max_size=30))
def test_a_text_said_to_be_exact_is_its_bytes(text: str) -> None:
    """decode_text_exact gives a text's UTF-8 from the bytes read only where those are the text (blank lines at the
    ends aside): the diff then takes their SHA-256 for the text's. The text is decode_text's in every case."""
    from legistrack.textio import decode_text, decode_text_exact, sha256_bytes, sha256_text

    data = text.encode()
    try:
        decoded, utf8 = decode_text_exact(data, "t.txt")
    except TextError:
        return
    assert decoded == decode_text(data, "t.txt")
    if utf8 is not None:
        assert decoded.encode() == utf8 and sha256_bytes(utf8) == sha256_text(decoded)
    elif not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n"):
        spaced = any(line.endswith((" ", "\t")) for line in text.split("\n"))
        assert spaced, f"{text!r} is its bytes as they are, but no bytes were given"


def test_a_diff_of_files_names_each_text_by_the_sha256_of_the_text_compared(tmp_path: Path) -> None:
    """diff_files takes a file's SHA-256 where the file is its text as it is, and hashes the text where not."""
    from legistrack.commands.diff import diff_files
    from legistrack.textio import sha256_text

    exact, normalised = tmp_path / "a.txt", tmp_path / "b.txt"
    exact.write_bytes("第一条　本文\n".encode())
    normalised.write_bytes("\ufeff第一条　本文が変わる  \r\n\r\n".encode())
    blank_lines = tmp_path / "c.txt"
    blank_lines.write_bytes("\n\n第一条　本文\n\n\n".encode())  # a slice of the bytes: their hash, not the file's
    diff = diff_files(str(exact), str(normalised))
    assert diff.old.sha256 == sha256_text("第一条　本文\n")
    assert diff.new.sha256 == sha256_text("第一条　本文が変わる\n")
    assert diff_files(str(blank_lines), str(exact)).old.sha256 == sha256_text("第一条　本文\n")
