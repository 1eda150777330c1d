"""What a reader is shown: small changes small (hunks with context), formatting noise out of the marks."""

from __future__ import annotations

import json
import re

from legistrack.diff.engine import diff_texts
from legistrack.diff.model import new_text, old_text
from legistrack.diff.render import FOLD, hunks, readable, render_terminal, render_unified
from legistrack.site.render import diff_fragment

from ..conftest import BUNDLED, REAL_DATA, Project, needs_real_data

APPI = BUNDLED / "jp-appi" / "texts"


def _big_unit_with_one_change(text: str, old_word: str, new_word: str) -> tuple[str, str]:
    """The longest unit of a real text, with one word changed in its middle."""
    from legistrack.diff.structure import split_units

    unit = max(split_units(text), key=lambda u: len(u.text)).text
    lines = unit.split("\n")
    middle = next(i for i in range(len(lines) // 2, len(lines)) if old_word in lines[i])
    changed = lines[middle].replace(old_word, new_word, 1)
    return unit, "\n".join([*lines[:middle], changed, *lines[middle + 1 :]])


def _appi_unit() -> tuple[str, str]:
    return _big_unit_with_one_change((APPI / "27-amended.ja.txt").read_text(encoding="utf-8"), "の", "及び")


@needs_real_data
def test_a_small_change_in_a_long_unit_prints_small() -> None:
    """One word in the BtMG's Anlage II (33 KB, 1,800 lines): a few lines are printed, not the Anlage."""
    from legistrack.jurisdictions import import_text

    path = REAL_DATA / "de-gesetze" / "btmg_1981" / "10-2022-02-13-79bdc90d.md"
    text = import_text(path.read_bytes(), path.name).text
    old, new = _big_unit_with_one_change(text, "Zubereitungen", "Mischungen")
    d = diff_texts(old, new)
    out = render_terminal(d)
    assert len(out) < len(new) / 20  # the hunk, not the unit
    assert re.search(r"⋯ \d+ unchanged lines ⋯", out) and "[-Zubereitungen-]{+Mischungen+}" in out
    whole = render_terminal(d, context=None)
    assert len(whole) > len(new) and "⋯" not in whole
    unified = render_unified(d)
    body = unified.splitlines()[2:]
    assert len(unified) < len(new) / 20
    assert sum(line.startswith("-") for line in body) == sum(line.startswith("+") for line in body) == 1


def test_hunks_keep_every_character_of_the_new_text() -> None:
    old, new = _appi_unit()
    (change,) = [c for c in diff_texts(old, new).units if c.changed]
    shown = hunks(change.spans, 2)
    assert any(op == FOLD for op, _ in shown)
    unfolded = [("=" if op == FOLD else op, t) for op, t in shown]
    assert new_text(unfolded) == new_text(change.spans) and old_text(unfolded) == old_text(change.spans)


def test_an_article_s_number_is_never_folded_away() -> None:
    """APPI's 第二条 (定義) changed in its eighth paragraph: the hunk starts with the caption and the line that
    numbers the article (a row read （定義） and "⋯ 変更のない23行" without 第二条)."""
    from legistrack.diff.structure import split_units

    text = (APPI / "27-amended.ja.txt").read_text(encoding="utf-8")
    unit = next(u.text for u in split_units(text) if u.text.startswith("（定義）\n第二条"))
    new = unit.replace("六　会計検査院", "六　会計検査院及び人事院", 1)
    (change,) = [c for c in diff_texts(unit, new).units if c.changed]
    shown = hunks(change.spans, 3)
    assert shown[0][0] == "=" and shown[0][1].startswith("（定義）\n第二条　この法律において")
    assert any(op == FOLD for op, _ in shown)
    html = diff_fragment(diff_texts(unit, new), "taisho", "ja")
    assert "第二条" in html.split("⋯ 変更のない")[0]


def test_html_folds_unchanged_lines_one_click_away() -> None:
    old, new = _appi_unit()
    html = diff_fragment(diff_texts(old, new), "inline", "ja")
    assert '<details class="lt-fold"><summary>⋯ 変更のない' in html and "<ins>及び</ins>" in html
    assert "変更 1、追加 0、削除 0、変更なし 0" in html  # the Japanese page counts in Japanese


def test_rewrapped_lines_are_formatting() -> None:
    """German consolidated texts re-wrap lines when a word changes: only the word is marked."""
    old = "### § 7 Antrag\n\n(1) Der Antrag ist schriftlich beim Bundesinstitut zu stellen. Dem Antrag\n"
    old += "sind Angaben beizufügen.\n\n"
    new = "### § 7 Antrag\n\n(1) Der Antrag ist elektronisch beim Bundesinstitut zu stellen.\n"
    new += "Dem Antrag sind Angaben beizufügen.\n"
    (change,) = diff_texts(old, new).units
    out = render_terminal(diff_texts(old, new))
    assert "[-schriftlich-]{+elektronisch+}" in out
    assert out.count("[-") == 1 and out.count("{+") == 1  # no [- -]{+⏎+} for the re-wrap, no [-⏎-] for the blank line
    marks = [t for op, t in readable(change.spans) if op != "="]
    assert marks == ["schriftlich", "elektronisch"]
    raw = render_terminal(diff_texts(old, new, raw=True))
    assert raw.count("[-") > 1  # --raw shows every byte


def test_diff_context_option(bundled: Project) -> None:
    base = ("diff", "jp-appi", "24-amended", "25-amended")
    default = bundled.run(*base).output
    none = bundled.run(*base, "--context", "0").output
    everything = bundled.run(*base, "--context", "all").output
    assert len(none) < len(default) < len(everything)
    assert "⋯" in none and "⋯" not in everything
    data = json.loads(bundled.run(*base, "--context", "0", "--format", "json").output)
    assert all(op in "=-+" for u in data["units"] for op, _ in u["spans"])  # JSON keeps every span
    bad = bundled.run(*base, "--context", "lots", ok=False)
    assert bad.exit_code == 2 and "give N (e.g. 3) or all" in bad.output


def test_markup_and_heading_case_are_formatting() -> None:
    """Two renderings of one version: a Markdown heading one level deeper, a bill's heading in capitals."""
    (md,) = diff_texts("### § 5 Sachkunde\n\nText.\n", "#### § 5 Sachkunde\n\nText.\n").units
    assert md.status == "unchanged" and md.formatting_only
    bill = "\nMaking appropriations\n\nSEC. 1. SHORT TITLE.\nThis Act may be cited as the Act.\n"
    heading = diff_texts("A Bill" + bill, "A BILL" + bill).units[0]
    assert heading.status == "unchanged" and heading.formatting_only
    # in the body of a section, the case of a word is the law's: a change
    (body,) = diff_texts("(a) The Secretary shall report.\n", "(a) The secretary shall report.\n").units
    assert body.status == "modified"


def test_formatting_only_units_are_named_and_their_bytes_left_to_raw() -> None:
    """A typography commit (bundestag/gesetze's of 2012-10-18 took double spaces out of headings): the terminal names
    the units it touched under the counts and marks nothing; --raw shows every byte. A real amendment beside it is
    shown as ever."""
    sections = [f"### § {n} Abschnitt über die Sache {n}\n\nDie Sache {n} wird bestimmt.\n\n" for n in range(1, 26)]
    old = "".join(s.replace("die Sache", "die  Sache", 1) if n % 2 else s for n, s in enumerate(sections, 1))
    new = "".join(sections).replace("Die Sache 4 wird bestimmt", "Die Sache 4 wird festgesetzt")
    out = render_terminal(diff_texts(old, new))
    assert "1 modified, 0 inserted, 0 deleted, 24 unchanged, 13 formatting only;" in out
    named = ", ".join(f"§ {n}" for n in range(1, 26, 2)[:13])
    assert f"\nformatting only (--raw shows it): {named}\n" in out
    assert out.count("@@") == 2 and "[-bestimmt-]{+festgesetzt+}" in out and "[- -]" not in out
    raw = render_terminal(diff_texts(old, new, raw=True))
    assert raw.count("[- -]") == 13 and "formatting only" not in raw
    many = render_terminal(diff_texts("".join(sections), "".join(sections).replace("wird bestimmt", "wird  bestimmt")))
    assert "formatting only (--raw shows it): § 1, § 2," in many and ", § 20 and 5 more\n" in many


def test_an_item_removed_stays_apart_from_the_next_ones_new_number() -> None:
    """Item 二 removed and 三 renumbered 二: the engine keeps the two deletions apart, and so does every layout that
    folds hunks ([-二　乙…⏎-][-三-]{+二+}, not [-二　乙…⏎三-]{+二+}, which reads as one change)."""
    old = "第四条　次に掲げる事務をつかさどる。\n一　甲に関すること。\n二　乙に関すること。\n三　丙に関すること。\n"
    new = "第四条　次に掲げる事務をつかさどる。\n一　甲に関すること。\n二　丙に関すること。\n"
    d = diff_texts(old, new)
    assert "[-二　乙に関すること。\n-][-三-]{+二+}　丙に関すること。" in render_terminal(d)
    (change,) = d.units
    assert [op for op, _ in hunks(change.spans, 3)] == [op for op, _ in change.spans]
