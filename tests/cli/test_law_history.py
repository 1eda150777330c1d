"""`legistrack import law-history`: a law's revisions (real e-Gov revisions as legalize-jp Markdown) as stages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..conftest import BUNDLED, REAL_DATA, Project, needs_real_data

HISTORY = REAL_DATA / "jp-law-history"
WHISTLEBLOWER = HISTORY / "whistleblower-416AC0000000122"


@pytest.fixture
def fresh(tmp_path: Path) -> Project:
    """The bundled bills without the laws the import writes."""
    shutil.copytree(BUNDLED, tmp_path / "bills")
    for law in ("jp-appi", "jp-whistleblower-protection-act", "jp-cabinet-office-establishment-act"):
        shutil.rmtree(tmp_path / "bills" / law)
    project = Project(tmp_path)
    project.run("sync")
    return project


def _snapshot(p: Project) -> dict[str, bytes]:
    files = {str(f.relative_to(p.bills)): f.read_bytes() for f in p.bills.rglob("*") if f.is_file()}
    files["refs"] = p.git("for-each-ref").encode()
    return files


@needs_real_data
def test_a_law_through_its_revisions(fresh: Project) -> None:
    out = fresh.run("import", "law-history", str(WHISTLEBLOWER), "--title-in", "en", "Whistleblower Protection Act")
    assert "jp-416ac0000000122: added, 8 stages, 7 texts" in out.output
    stages = json.loads(fresh.run("stage", "list", "jp-416ac0000000122", "--json").output)
    assert [s["kind"] for s in stages] == ["promulgated"] + ["amended"] * 7
    promulgated = stages[0]
    assert promulgated["date"] == "2004-06-18" and promulgated["texts"]["ja"]["status"] == "not-on-file"
    # the revision of 2020-06-12 was made by 令和2年法律第51号 (第201回国会閣法第41号)
    (by_51,) = [s for s in stages if s["date"] == "2020-06-12"]
    assert (
        by_51["law_number"] == "令和2年法律第51号" and by_51["revision"] == "416AC0000000122_20200612_502AC0000000051"
    )
    sources = by_51["sources"]
    assert sources[0]["url"] == "https://laws.e-gov.go.jp/api/2/law_revisions/416AC0000000122"
    # the record's note reads as a sentence in each language, not as the API's field names
    record = sources[0]
    assert record["note"] == (
        "Amending act: Act No. 51 of 2020; in force 2020-06-12; revision id 416AC0000000122_20200612_502AC0000000051"
    )
    assert record["note_ja"] == (
        "改正法令：令和2年法律第51号、施行日：2020-06-12、改正履歴ID：416AC0000000122_20200612_502AC0000000051"
    )
    assert "law_revision_id" not in record["note"] + record["note_ja"]
    dataset = sources[1]
    assert dataset["kind"] == "dataset" and "/blob/4262b9eaf624f64f90e299b641ed2a30b96167f9/" in dataset["url"]
    assert "enforced_at 2020-06-12" in dataset["note"]  # front matter: metadata of the stage ...
    assert "versions.tsv の4行目" in dataset["note_ja"] and " at commit 4262b9eaf" in dataset["title"]
    text = fresh.run("stage", "show", "jp-416ac0000000122", by_51["id"], "--text", "--json").output
    ja = json.loads(text)["texts"]["ja"]["text"]
    assert "enforced_at" not in ja and "identifier" not in ja and not ja.startswith("---")  # ... never legal text
    assert ja.startswith("（目的）\n第一条　この法律は、公益通報をしたことを理由とする")
    fresh.run("verify")
    before = _snapshot(fresh)
    again = fresh.run("import", "law-history", str(WHISTLEBLOWER)).output
    assert "jp-416ac0000000122: unchanged" in again
    assert _snapshot(fresh) == before  # the English title is kept; nothing written


@needs_real_data
def test_a_curated_law_is_compared_not_written(fresh: Project) -> None:
    ai_act = HISTORY / "ai-act-507AC0000000053"
    before = _snapshot(fresh)
    out = fresh.run("import", "law-history", str(ai_act)).output
    assert "jp-ai-promotion-act is curated: compared, not written; conflicts 0" in out
    manifest = fresh.bills / "jp-ai-promotion-act" / "bill.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('revision = "507AC0000000053_20250604_000000000000000"\n', ""),
        encoding="utf-8",
    )
    out = fresh.run("import", "law-history", str(ai_act), "--json").output
    report = json.loads(out)
    assert report["outcome"] == "curated" and len(report["conflicts"]) == 1
    assert "no stage for revision 507AC0000000053_20250604_000000000000000" in report["conflicts"][0]["message"]
    after = _snapshot(fresh)
    assert {k: v for k, v in after.items() if "jp-ai-promotion-act/bill.toml" not in k} == {
        k: v for k, v in before.items() if "jp-ai-promotion-act/bill.toml" not in k
    }


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "whistleblower-416AC0000000122"
    shutil.copytree(WHISTLEBLOWER, folder)
    for f in folder.iterdir():
        f.chmod(0o644)
    return folder


@needs_real_data
@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / "03-2020-06-12-4262b9eaf.md").write_text("---\nidentifier: x\n---\n"), "SHA-256 is not"),
        (lambda f: (f / "03-2020-06-12-4262b9eaf.md").unlink(), "the file 03-2020-06-12-4262b9eaf.md is not in"),
        (lambda f: (f / "versions.tsv").unlink(), "has no versions.tsv"),
        (
            lambda f: (f / "versions.tsv").write_text(
                (f / "versions.tsv").read_text().replace("416AC0000000122_20200612_", "416AC0000000122_20200613_")
            ),
            "is not the one of Source-Id",
        ),
        (
            lambda f: (f / "versions.tsv").write_text(
                (f / "versions.tsv").read_text().replace("_502AC0000000051", "_5O2AC00000000")
            ),
            "is not <law id>_<YYYYMMDD>_<amending law id>",
        ),
    ],
)
def test_bad_history_changes_nothing(fresh: Project, tmp_path: Path, damage: object, message: str) -> None:
    folder = _copy(tmp_path)
    damage(folder)  # type: ignore[operator]
    before = _snapshot(fresh)
    result = fresh.run("import", "law-history", str(folder), ok=False)
    assert result.exit_code == 1 and message in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert _snapshot(fresh) == before


@needs_real_data
def test_a_folder_that_is_someone_elses_package(fresh: Project) -> None:
    result = fresh.run("import", "law-history", str(WHISTLEBLOWER), "--bill", "us-hr2157-116", ok=False)
    assert "us-hr2157-116 exists and is not this law's package: choose another --bill" in result.output
    (fresh.bills / "jp-416ac0000000122").mkdir()
    (fresh.bills / "jp-416ac0000000122" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = fresh.run("import", "law-history", str(WHISTLEBLOWER), ok=False)
    assert "has no bill.toml" in result.output  # a folder in bills/ that is no package: refused, kept
    assert (fresh.bills / "jp-416ac0000000122" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    result = fresh.run("import", "law-history", str(WHISTLEBLOWER), "--bill", "../x", ok=False)
    assert "invalid bill id '../x'" in result.output


@needs_real_data
def test_stages_added_by_hand_are_never_overwritten(fresh: Project) -> None:
    """A stage a maintainer added to an imported law is kept: the next import refuses with the fix, writes nothing."""
    fresh.run("import", "law-history", str(WHISTLEBLOWER))
    fresh.run(
        "stage", "add", "jp-416ac0000000122", "--kind", "event", "--date", "2025-07-01",
        "--title", "A note of ours", "--source", "https://laws.e-gov.go.jp/law/416AC0000000122",
    )  # fmt: skip
    before = _snapshot(fresh)
    result = fresh.run("import", "law-history", str(WHISTLEBLOWER), ok=False)
    assert result.exit_code == 1 and "were added by hand" in result.output and "curated package" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _snapshot(fresh) == before


def _listing(tmp_path: Path, revisions: list[dict[str, object]]) -> Path:
    """An e-Gov revision list (law_revisions of the API v2) for the whistleblower act, with these revisions."""
    path = tmp_path / "revisions.json"
    path.write_text(json.dumps({"law_info": {"law_id": "416AC0000000122"}, "revisions": revisions}), encoding="utf-8")
    return path


def _unenforced(day: str | None, amending: str, comment: str | None = None) -> dict[str, object]:
    return {
        "law_revision_id": f"416AC0000000122_{(day or '2099-01-01').replace('-', '')}_{amending}",
        "amendment_law_num": "令和八年法律第九十九号",
        "amendment_law_title": "テストのための改正法",
        "amendment_promulgate_date": "2026-06-01",
        "amendment_enforcement_date": day,
        "amendment_enforcement_comment": comment,
        "current_revision_status": "UnEnforced",
        "updated": "2026-07-17T10:00:00+09:00",
    }


@needs_real_data
def test_revisions_not_yet_in_force_are_scheduled_stages(fresh: Project, tmp_path: Path) -> None:
    """UnEnforced revisions become stages of kind scheduled after those in force, dated by the day e-Gov gives and
    saying what it is; one with no day is left out and counted, never dated by a guess."""
    listing = _listing(
        tmp_path,
        [
            _unenforced(
                "2027-04-01", "508AC0000000099", "公布の日から起算して一年を超えない範囲内において政令で定める日"
            ),
            _unenforced(None, "508AC0000000098"),
        ],
    )
    result = fresh.run("import", "law-history", str(WHISTLEBLOWER), "--revisions", str(listing))
    assert "1 not yet in force, as stages of kind scheduled; 1 with no day given, left out" in result.output
    stages = json.loads(fresh.run("stage", "list", "jp-416ac0000000122", "--json").output)
    due = stages[-1]
    assert (due["id"], due["kind"], due["date"], due["law_number"]) == (
        "09-scheduled", "scheduled", "2027-04-01", "令和8年法律第99号"
    )  # fmt: skip
    assert "2027-04-01 is the latest day that allows" in due["summary"]["en"]
    assert due["texts"]["ja"]["status"] == "not-on-file"
    assert not any(s["kind"] == "scheduled" for s in stages[:-1])


@needs_real_data
def test_a_revision_list_older_than_the_files_is_refused(fresh: Project, tmp_path: Path) -> None:
    """A revision not yet in force, dated before the last revision on file and not among the files: the list and
    the files do not go together."""
    listing = _listing(tmp_path, [_unenforced("2020-01-01", "508AC0000000099")])
    before = _snapshot(fresh)
    result = fresh.run("import", "law-history", str(WHISTLEBLOWER), "--revisions", str(listing), ok=False)
    assert result.exit_code == 1 and "give the list that goes with these files" in result.output
    assert _snapshot(fresh) == before
