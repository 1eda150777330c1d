"""`legistrack diff`: between stages in the store, and between files."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import REAL_DATA, Project, needs_real_data

# APPI's revision of 2025-06-01 (令和4年法律第68号, which follows the penal code's 拘禁刑): one real amendment
PENAL = ("diff", "jp-appi", "24-amended", "25-amended")


def test_diff_stages_json(bundled: Project) -> None:
    data = json.loads(bundled.run(*PENAL, "--format", "json").output)
    assert data["schema"] == "legistrack.diff/1"
    assert data["old"]["label"] == "jp-appi/24-amended (ja)" and len(data["old"]["sha256"]) == 64
    assert data["stats"]["modified"] == 10 and data["stats"]["deleted"] == 0
    assert data["identical"] is False


def test_diff_stages_terminal_and_unified(bundled: Project) -> None:
    out = bundled.run(*PENAL).output
    assert "イ　[-禁錮-]{+拘禁刑+}以上の刑に処せられ" in out
    # under the counts: 本則 and 附則 apart, and the act's one substitution made in nine places
    assert "\nmain provisions (本則): 10 modified; supplementary provisions (附則): 2 inserted\n" in out
    assert "\nthe same substitution in several places: [-懲役-]{+拘禁刑+} ×6, [-禁錮-]{+拘禁刑+} ×3\n" in out
    assert "\x1b[" not in out  # no colour when not on a terminal
    unified = bundled.run("diff", "us-hr2157-116", "01-introduced", "02-signed", "--format", "unified").output
    assert "@@@ TITLE V → TITLE VI (unchanged, renumbered) @@@" in unified


def test_diff_verified_stage_is_identical(bundled: Project) -> None:
    out = bundled.run("diff", "jp-ai-promotion-act", "08-promulgated", "09-in-force", "--lang", "en").output
    assert out.splitlines()[-1] == "identical"


def test_diff_html_layouts(bundled: Project) -> None:
    args = [*PENAL, "--format", "html"]
    taisho = bundled.run(*args, "--layout", "taisho", "--fragment").output
    assert "（傍線部分は改正部分）" in taisho and taisho.startswith('<div class="lt-diff lt-diff--taisho"')
    page = bundled.run(*args, "--layout", "taisho").output
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ja">' in page
    assert "<style>" in page and "text-decoration: underline" in page  # the site's stylesheet, inlined
    assert taisho in page  # the same markup as the fragment
    side = bundled.run(*args, "--layout", "side", "--fragment").output
    assert "<del>禁錮</del>" in side and "<ins>拘禁刑</ins>" in side


def test_diff_files(tmp_path: Path, project: Project) -> None:
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("第一条　必要な措置を講ずるものとする。\n", encoding="utf-8")
    new.write_text("第一条　必要な措置を講じなければならない。\n", encoding="utf-8")
    out = project.run("diff", str(old), str(new)).output
    assert "講[-ずるものとする-]{+じなければならない+}。" in out
    raw = project.run("diff", str(old), str(new), "--format", "json", "--raw").output
    assert json.loads(raw)["raw"] is True


@needs_real_data
def test_diff_xml_files(project: Project) -> None:
    v1 = REAL_DATA / "jp-appi" / "v1-jlt-4241-ja-as-amended-by-act-37-2021.xml"
    v2 = REAL_DATA / "jp-appi" / "v2-egov-415AC0000000057-asof-2026-07-20.xml"
    data = json.loads(project.run("diff", str(v1), str(v2), "--format", "json").output)
    assert data["stats"]["modified"] == 16


def test_diff_errors(bundled: Project, tmp_path: Path) -> None:
    cases = [
        (["diff", "jp-appi", "02-amended", "09-nope"], "has no stage '09-nope'"),
        (["diff", "jp-ai-promotion-act", "01-cabinet-decision", "02-referred"], "no text to compare"),
        (
            ["diff", "jp-ai-promotion-act", "01-cabinet-decision", "09-in-force"],
            "stages with text: 08-promulgated, 08a-in-force, 09-in-force",
        ),
        (["diff", "jp-ai-promotion-act", "08-promulgated", "09-in-force", "--lang", "ja"], "not-on-file"),
        (["diff", "jp-appi", "24-amended", "25-amended", "--lang", "fr"], "has no language 'fr'"),
        (["diff", str(tmp_path / "missing.txt"), str(tmp_path / "other.txt")], "is not a file"),
        (["diff", "only-one"], "give BILL FROM_STAGE TO_STAGE, or OLD_FILE NEW_FILE"),
        (["diff", "../x", "01-a", "02-b"], "invalid bill id"),
    ]
    for args, message in cases:
        result = bundled.run(*args, ok=False)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)


def test_diff_needs_a_synced_store(project: Project, demo: Project) -> None:
    demo.run("sync")
    (demo.root / "store.git").rename(demo.root / "elsewhere.git")
    result = demo.run("diff", "demo", "02-plenary-vote", "03-enacted", ok=False)
    assert "no store" in result.output and "legistrack sync" in result.output


def test_exit_code(project: Project, tmp_path: Path) -> None:
    """--exit-code: 0 identical, 1 different, 2 when the comparison fails (as git diff --exit-code)."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("第一条　政令で定める。\n", encoding="utf-8")
    b.write_text("第一条　内閣府令で定める。\n", encoding="utf-8")
    assert project.run("diff", str(a), str(a), "--exit-code").exit_code == 0
    assert project.run("diff", str(a), str(b), "--exit-code", ok=False).exit_code == 1
    assert project.run("diff", str(a), str(b)).exit_code == 0  # without the flag, a diff is a success
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    failed = project.run("diff", str(tmp_path / "bin.txt"), str(b), "--exit-code", ok=False)
    assert failed.exit_code == 2 and "binary" in failed.output
    assert project.run("diff", str(a), str(tmp_path / "none.txt"), "--exit-code", ok=False).exit_code == 2


def test_diff_batch_one_process_many_pairs(tmp_path: Path, project: Project) -> None:
    a, b, c = (tmp_path / f"{n}.txt" for n in "abc")
    a.write_text("第一条　必要な措置を講ずるものとする。\n", encoding="utf-8")
    b.write_text("第一条　必要な措置を講じなければならない。\n", encoding="utf-8")
    c.write_text("第一条　必要な措置を講ずるものとする。\n", encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"# old\tnew\n{a}\t{b}\n{a}\t{c}\n", encoding="utf-8")
    lines = project.run("diff", "--batch", str(pairs)).output.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["identical"] for d in docs] == [False, True]
    assert docs[0]["stats"]["modified"] == 1 and docs[0]["old"]["label"] == str(a)
    stdin = project.run("diff", "--batch", "-", input=f"{a}\t{tmp_path / 'missing.txt'}\n", ok=False)
    assert stdin.exit_code == 2
    error = json.loads(stdin.output.splitlines()[0])
    assert "does not exist" in error["error"] and error["new"]["label"].endswith("missing.txt")
    bad = project.run("diff", "--batch", "-", input="only-one-path\n", ok=False)
    assert bad.exit_code != 0 and "OLD_FILE<TAB>NEW_FILE" in bad.output


def test_python_api_diff_files(tmp_path: Path) -> None:
    import legistrack

    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("第一条　本文\n", encoding="utf-8")
    new.write_text("第一条　本文を改める\n", encoding="utf-8")
    diff = legistrack.diff_files(str(old), str(new))
    assert diff.stats.modified == 1 and diff.to_json()["schema"] == "legistrack.diff/1"
    assert legistrack.diff_texts("a\n", "a\n").identical
