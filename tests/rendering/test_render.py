"""Rendered diffs against golden files. Regenerate after an intended change with:

LEGISTRACK_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/rendering
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from legistrack.diff.engine import diff_texts
from legistrack.diff.model import SCHEMA
from legistrack.diff.render import render_json, render_terminal, render_unified
from legistrack.site.render import diff_fragment as render_html

from ..conftest import BUNDLED

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
AI_ACT = (BUNDLED / "jp-ai-promotion-act" / "texts" / "09-in-force.ja.txt").read_text(encoding="utf-8")


def _planted() -> tuple[str, str]:
    """The AI Act with three planted amendments: a changed duty, a new 第十六条の二, and 第二十八条 deleted (削除)."""
    new = AI_ACT.replace("連携の強化に必要な施策を講ずるものとする。", "連携の強化に必要な施策を講じなければならない。")
    at = new.index("\n\n", new.index("第十六条　")) + 2
    new = (
        new[:at] + "（調査研究の公表）\n第十六条の二　国は、前条の調査研究の結果を<公表>するものとする。\n\n" + new[at:]
    )
    start = new.index("（政令への委任）\n第二十八条")
    end = new.index("\n\n", start) + 2
    new = new[:start] + "第二十八条　削除\n\n" + new[end:]
    return AI_ACT, new


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LEGISTRACK_UPDATE_GOLDENS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden {path}: run with LEGISTRACK_UPDATE_GOLDENS=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture(scope="module")
def planted_diff():  # type: ignore[no-untyped-def]
    old, new = _planted()
    return diff_texts(old, new, "ai-act (e-Gov)", "ai-act (planted)")


def test_terminal(planted_diff) -> None:  # type: ignore[no-untyped-def]
    _check("planted.terminal.txt", render_terminal(planted_diff))
    colored = render_terminal(planted_diff, color=True)
    assert "\x1b[31mずるものとする\x1b[0m\x1b[32mじなければならない\x1b[0m" in colored


def test_unified(planted_diff) -> None:  # type: ignore[no-untyped-def]
    _check("planted.unified.txt", render_unified(planted_diff))


def test_json(planted_diff) -> None:  # type: ignore[no-untyped-def]
    text = render_json(planted_diff)
    data = json.loads(text)
    assert "\n" not in text.rstrip("\n")  # compact on the wire; the golden is indented for review
    _check("planted.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    assert data["schema"] == SCHEMA
    assert set(data) >= {"schema", "old", "new", "identical", "units", "stats"}
    unit = data["units"][0]
    assert set(unit) >= {"status", "renumbered", "moved", "formatting_only", "old", "new", "spans"}
    assert set(data["stats"]) >= {
        "unchanged",
        "modified",
        "inserted",
        "deleted",
        "renumbered",
        "moved",
        "chars_inserted",
        "chars_deleted",
    }
    statuses = {u["new"]["label"] if u["new"] else u["old"]["label"]: u["status"] for u in data["units"]}
    assert statuses["第九条"] == "modified" and statuses["第十六条の二"] == "inserted"
    assert statuses["第二十八条"] == "deleted"


@pytest.mark.parametrize("layout", ["inline", "side", "taisho"])
def test_html(planted_diff, layout: str) -> None:  # type: ignore[no-untyped-def]
    text = render_html(planted_diff, layout)
    _check(f"planted.{layout}.html", text)
    assert "<公表>" not in text and "&lt;公表&gt;" in text  # text is escaped, never markup
    assert "style=" not in text  # styling lives in CSS


def test_taisho_layout(planted_diff) -> None:  # type: ignore[no-untyped-def]
    text = render_html(planted_diff, "taisho")
    assert "（傍線部分は改正部分）" in text
    assert text.index("改正後") < text.index("改正前")  # new text on the left
    assert '<span class="lt-changed">じなければならない</span>' in text
    assert "（新設）" in text


def test_digest_counts_the_scopes_apart_and_folds_a_repeated_substitution() -> None:
    """A consolidated law amended by an act that renames a penalty everywhere: the counts for 本則 and 附則 apart, and
    the substitution made in three articles once, with its count; a rewritten article is no substitution, and a text
    with one scope has no scope counts to tell apart."""
    from legistrack.diff.digest import digest
    from legistrack.diff.engine import diff_texts
    from legistrack.diff.render import render_terminal

    articles = [f"第{n}条　この規定に違反した者は、一年以下の懲役に処する。\n\n" for n in "一二三"]
    old = "".join(articles) + "第四条　国は、措置を講ずる。\n\n附　則\n\nこの法律は、公布の日から施行する。\n"
    new = (
        "".join(a.replace("懲役", "拘禁刑") for a in articles)
        + "第四条　地方公共団体は、報告を求めることができる。ただし、緊急の場合はこの限りでない。\n\n"
        + "附　則\n\nこの法律は、公布の日から施行する。\n\n"
        + "附　則（令和四年法律第六十八号）\n\nこの法律は、刑法等一部改正法施行日から施行する。\n"
    )
    d = diff_texts(old, new)
    got = digest(d)
    assert got["scopes"] == [
        {"scope": "main", "modified": 4, "inserted": 0, "deleted": 0},
        {"scope": "suppl", "modified": 0, "inserted": 1, "deleted": 0},
    ]
    assert got["substitutions"] == [{"old": "懲役", "new": "拘禁刑", "count": 3}]
    lines = render_terminal(d).splitlines()
    assert lines[3] == "main provisions (本則): 4 modified; supplementary provisions (附則): 1 inserted"
    assert lines[4] == "the same substitution in several places: [-懲役-]{+拘禁刑+} ×3"
    assert digest(diff_texts(old.split("附")[0], new.split("附")[0]))["scopes"] == []
