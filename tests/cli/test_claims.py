"""legistrack claim add: a published claim about a stage, its verdict and the record, committed as one step."""

from __future__ import annotations

import difflib
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from ..conftest import BUNDLED, Project

CLAIM = [
    "claim",
    "add",
    "demo",
    "02-plenary-vote",
    "--statement",
    "The House passed the bill on 1 April 2025.",
    "--verdict",
    "contradicted",
    "--source",
    "https://example.org/commentary",
    "--source-publisher",
    "A Law Blog",
    "--source-date",
    "2025-04-10",
    "--record",
    "The House passed it on 2025-04-24.",
    "--record-source",
    "https://example.org/vote",
]


def test_claim_is_written_and_committed(demo: Project) -> None:
    head_before = demo.git("rev-parse", "refs/heads/demo")
    result = demo.run(*CLAIM)
    assert "Added a contradicted claim to demo 02-plenary-vote: commit" in result.output
    manifest = tomllib.loads((demo.bills / "demo" / "bill.toml").read_text(encoding="utf-8"))
    (claim,) = manifest["stages"][1]["claims"]
    assert claim["verdict"] == "contradicted" and claim["record_sources"] == ["https://example.org/vote"]
    assert claim["source"]["publisher"] == "A Law Blog" and str(claim["source"]["date"]) == "2025-04-10"
    shown = json.loads(demo.run("stage", "show", "demo", "02-plenary-vote", "--json").output)
    assert shown["claims"][0]["statement"] == "The House passed the bill on 1 April 2025."
    # the stage's commit changed, and so did every later one: the store and bills/ agree
    assert demo.git("rev-parse", "refs/heads/demo") != head_before
    assert demo.run("verify").exit_code == 0
    second = demo.run(
        *CLAIM[:4],
        "--statement",
        "It passed unanimously.",
        "--verdict",
        "unverified",
        "--source",
        "https://example.org/other",
        "--json",
    )
    assert [c["verdict"] for c in json.loads(second.output)["claims"]] == ["contradicted", "unverified"]
    before = demo.state()
    again = demo.run(*CLAIM, ok=False)  # the same statement from the same source: refused, nothing written
    assert again.exit_code == 1 and "already has this claim" in again.output and demo.state() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--record": None, "--record-source": None}, "a contradicted claim needs --record"),
        ({"--verdict": "wrong"}, "Invalid value for '--verdict'"),
        ({"--source": "javascript:alert(1)"}, "is not an http(s) URL"),
        ({"--record-source": "ftp://example.org/x"}, "is not an http(s) URL"),
        ({"--statement": "two\nlines"}, "must be one line"),
        ({"--source-date": "2025-02-30"}, "2025-02-30"),
        ({"stage": "99-missing"}, "has no stage '99-missing'"),
        ({"bill": "../x"}, "invalid bill id"),
    ],
)
def test_bad_claims_change_nothing(demo: Project, change: dict[str, str | None], message: str) -> None:
    args = list(CLAIM)
    for key, value in change.items():
        if key in ("bill", "stage"):
            args[2 if key == "bill" else 3] = str(value)
        elif value is None:
            at = args.index(key)
            del args[at : at + 2]
        else:
            args[args.index(key) + 1] = value
    before = demo.state()
    result = demo.run(*args, ok=False)
    assert result.exit_code != 0 and message in result.output, result.output
    assert demo.state() == before


def test_edits_keep_every_other_byte(tmp_path: Path) -> None:
    """claim add and stage add --insert on the AI Act's bill.toml only insert lines: a tomlkit round trip would
    re-space its inline tables (`date = 2025-06-02 }` became `2025-06-02}`)."""
    shutil.copytree(BUNDLED, tmp_path / "bills")
    project = Project(tmp_path)
    project.run("sync")
    manifest = tmp_path / "bills" / "jp-ai-promotion-act" / "bill.toml"
    before = manifest.read_text(encoding="utf-8")
    project.run(
        "claim",
        "add",
        "jp-ai-promotion-act",
        "07-enacted",
        "--statement",
        "a test claim",
        "--verdict",
        "unverified",
        "--source",
        "https://example.org/test",
    )
    project.run(
        "stage",
        "add",
        "jp-ai-promotion-act",
        "--insert",
        "--kind",
        "referred",
        "--date",
        "2025-04-24",
        "--title",
        "a test stage",
        "--source",
        "https://example.org/test",
    )
    after = manifest.read_text(encoding="utf-8")
    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}
    assert project.run("verify").exit_code == 0
