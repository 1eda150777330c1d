"""Importers on the real data in shared/real-data, and on files that are not what they claim."""

from __future__ import annotations

import re

import pytest

from legistrack.errors import ImportFormatError, TextError
from legistrack.importers import import_text

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
    # As enacted: five supplementary articles, the fifth mislabelled "Article 4" by JLT (kept as published).
    assert re.findall(r"^Article (\d+)", suppl, re.M) == ["1", "2", "3", "4", "4"]
    assert "(Adjustment Provisions)\nArticle 4 " in suppl


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


@needs_real_data
@pytest.mark.parametrize(
    ("bundled_file", "source"),
    [
        ("jp-ai-promotion-act/texts/09-in-force.ja.txt", "jp-ai-act/egov-507AC0000000053-asof-2026-07-20.xml"),
        ("jp-ai-promotion-act/texts/08-promulgated.en.txt", "jp-ai-act/jlt-5066-en-r07Aa000530105en18.0.xml"),
        ("jp-appi/texts/02-amended.ja.txt", "jp-appi/v1-jlt-4241-ja-as-amended-by-act-37-2021.xml"),
        ("jp-appi/texts/03-amended.ja.txt", "jp-appi/v2-egov-415AC0000000057-asof-2026-07-20.xml"),
        ("us-hr2157-116/texts/01-introduced.en.txt", "us-bills-uslm/hr2157-116/1-H2157_IH.XML"),
        ("us-hr2157-116/texts/02-signed.en.txt", "us-bills-uslm/hr2157-116/2-h2157_enr.XML"),
    ],
)
def test_bundled_texts_are_exactly_the_official_files(bundled_file: str, source: str) -> None:
    """Not a word of legal text is ours: each bundled text is the import of an official file."""
    assert (BUNDLED / bundled_file).read_text(encoding="utf-8") == _import(source)


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
