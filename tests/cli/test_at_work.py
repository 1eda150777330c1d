"""A law at work through the command line: `stage add --kind plan-revised --implements 第十八条` on the AI Act, and the
refusals (an article the law does not have, a legislative stage that names one, a missing date), each one line that
leaves bills/ and the store as they were."""

from __future__ import annotations

import json
import tomllib

import pytest

from ..conftest import Project

BILL = "jp-ai-promotion-act"
SOURCE = "https://www.cao.go.jp/press/new_wave/20260206.html"


def _add(p: Project, *args: str, ok: bool = True) -> str:
    result = p.run("stage", "add", BILL, "--source", SOURCE, *args, ok=ok)
    return result.output


def test_a_plan_revised_names_the_article_it_carries_out(bundled: Project) -> None:
    out = _add(
        bundled,
        "--kind",
        "plan-revised",
        "--date",
        "2026-06-01",
        "--title",
        "The AI Basic Plan is revised",
        "--implements",
        "第十八条",
        "--json",
    )
    added = json.loads(out)
    # after the plan of 2025-12-23, before the standing obligation that has no date
    assert added["id"] == "13a-plan-revised" and added["implements"] == ["第十八条"]
    assert added["texts"]["ja"]["status"] == "verified"  # a plan does not change the law's text
    manifest = tomllib.loads((bundled.bills / BILL / "bill.toml").read_text(encoding="utf-8"))
    (stage,) = [s for s in manifest["stages"] if s["id"] == "13a-plan-revised"]
    assert stage["implements"] == ["第十八条"]
    stages = json.loads(bundled.run("stage", "list", BILL, "--json").output)
    assert [s["id"] for s in stages][-3:] == ["13-plan-adopted", "13a-plan-revised", "14-obligation"]
    assert bundled.run("verify").exit_code == 0


def test_a_standing_obligation_needs_no_date(bundled: Project) -> None:
    out = _add(
        bundled,
        "--kind",
        "obligation",
        "--title",
        "The headquarters' affairs are handled by the Cabinet Office",
        "--implements",
        "第二十六条",
        "--json",
    )
    added = json.loads(out)
    assert added["id"] == "15-obligation" and added["date"] is None and added["implements"] == ["第二十六条"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ("--kind", "plan-adopted", "--date", "2026-01-05", "--implements", "第九十九条"),
            "implements 第九十九条, which no text of the law has",
        ),
        (
            ("--kind", "committee-vote", "--date", "2026-01-05", "--implements", "第十八条"),
            "implements names the articles a law at work carries out",
        ),
        (("--kind", "plan-adopted", "--implements", "第十八条"), "a plan-adopted stage needs --date"),
        (("--kind", "plan-adopted", "--date", "2026-01-05", "--implements", "  "), "implements has an empty article"),
        (
            ("--kind", "plan-adopted", "--date", "2026-01-05", "--implements", "第十八条", "--implements", "第十八条"),
            "names 第十八条 twice",
        ),
        (("--kind", "plan-adopted", "--date", "2026-01-05", "--implements", "第十八\n条"), "must be one line"),
    ],
)
def test_refusals_name_the_problem_and_change_nothing(bundled: Project, args: tuple[str, ...], says: str) -> None:
    before = bundled.state()
    out = _add(bundled, "--title", "A plan", *args, ok=False)
    assert says in out, out
    assert len(out.strip().splitlines()) == 1, out  # one line: the problem and the fix
    assert bundled.state() == before
