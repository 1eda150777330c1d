"""The maintainer's CLI, end to end, on real temporary projects and git stores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import filelock
import pytest

from legistrack.models import Package
from legistrack.store.repo import Store

from ..conftest import BUNDLED, REAL_DATA, Project, needs_real_data


def test_new_and_stage_add(demo: Project) -> None:
    stages = json.loads(demo.run("stage", "list", "demo", "--json").output)
    assert [s["id"] for s in stages] == ["01-cabinet-decision", "02-plenary-vote", "03-enacted"]
    assert [s["date"] for s in stages] == ["2025-02-28", "2025-04-24", "2025-05-28"]
    enacted = stages[2]
    assert enacted["texts"]["ja"]["status"] == "verified"
    assert enacted["texts"]["ja"]["reason"] == "passed without amendment"
    assert enacted["texts"]["ja"]["sha256"] == stages[1]["texts"]["ja"]["sha256"]
    assert enacted["texts"]["ja"]["from_stage"] == "02-plenary-vote"
    assert enacted["texts"]["en"]["status"] == "not-on-file"
    assert enacted["sources"] == [
        {
            "url": "https://example.org/enacted",
            "title": "",
            "title_ja": "",
            "publisher": "",
            "publisher_ja": "",
            "date": None,
            "note": "",
            "note_ja": "",
            "kind": "",
        }
    ]
    assert enacted["in_store"] is True and len(enacted["commit"]) == 40
    assert enacted["tag"] == "demo/03-enacted"
    assert (demo.bills / "demo" / "texts" / "02-plenary-vote.ja.txt").is_file()
    assert demo.git("log", "--format=%s", "demo").splitlines() == ["Enacted", "House passes", "Cabinet decision"]
    assert demo.run("verify").output.startswith("OK: 1 bills, 3 stages")


def test_stage_add_from_stdin_and_xml(demo: Project) -> None:
    demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "promulgated",
        "--date",
        "令和7年6月4日",
        "--title",
        "Promulgated",
        "--source",
        "https://example.org/p",
        "--text",
        "-",
        "--lang",
        "en",
        input="Article 1 This Act ...\n",
    )
    show = json.loads(demo.run("stage", "show", "demo", "04-promulgated", "--json", "--text").output)
    assert show["date"] == "2025-06-04" and show["date_ja"] == "令和7年6月4日"
    assert show["texts"]["en"]["text"] == "Article 1 This Act ...\n"
    assert show["texts"]["en"]["origin"] == "plain text: stdin"
    assert show["texts"]["ja"]["status"] == "not-on-file"


@needs_real_data
def test_stage_add_imports_xml(demo: Project) -> None:
    xml = REAL_DATA / "jp-ai-act" / "egov-507AC0000000053-asof-2026-07-20.xml"
    out = demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "in-force",
        "--date",
        "2025-09-01",
        "--title",
        "In force",
        "--source",
        "https://example.org/f",
        "--text",
        str(xml),
        "--lang",
        "ja",
        "--json",
    ).output
    record = json.loads(out)
    assert record["texts"]["ja"]["origin"] == f"e-Gov law XML: {xml.name}"
    text = (demo.bills / "demo" / "texts" / "04-in-force.ja.txt").read_text(encoding="utf-8")
    assert text.startswith("人工知能関連技術の研究開発及び活用の推進に関する法律\n")


def test_same_text_without_earlier_text_is_refused(project: Project) -> None:
    """--same-text --reason with no earlier text on file would carry nothing and lose the reason: refused."""
    project.run("new", "x", "--title", "X")
    before = project.state()
    args = ["stage", "add", "x", "--kind", "introduced", "--date", "2024-01-02", "--title", "Introduced"]
    result = project.run(*args, "--source", "https://example.org/i", "--same-text", "--reason", "why", ok=False)
    assert result.exit_code == 1 and "no earlier stage of x has a text on file" in result.output
    assert "--not-on-file URL" in result.output and project.state() == before


def test_a_stage_that_cannot_change_the_text_carries_it(demo: Project) -> None:
    """A debate or an event after the text is on file keeps that text; any other kind must say what it is."""
    base = ["stage", "add", "demo", "--date", "2025-06-01", "--source", "https://example.org/e"]
    demo.run(*base, "--kind", "event", "--title", "Basic plan adopted")
    record = json.loads(demo.run("stage", "show", "demo", "04-event", "--json").output)
    assert record["texts"]["ja"]["status"] == "verified" and record["texts"]["ja"]["from_stage"] == "02-plenary-vote"
    assert record["texts"]["en"]["status"] == "not-on-file"  # the English text was never on file: still not
    # why, in words of each language (it read "a event stage" and 「この段階（event）」)
    ja = record["texts"]["ja"]
    assert (ja["reason"], ja["reason_ja"]) == ("an event does not change the text", "この出来事は本文を変えない")
    before = demo.state()
    result = demo.run(*base, "--kind", "amended", "--title", "Amended", ok=False)
    assert "demo has a ja text on file: say what it is at this amended stage" in result.output
    assert demo.state() == before


def test_words_in_both_languages_from_the_command_line(demo: Project) -> None:
    """--provision-in and --reason-in give the words in another language (the n-th with the n-th); words given alone
    are kept as written; a bad language or an unpaired translation changes nothing."""
    base = ["stage", "add", "demo", "--kind", "in-force", "--date", "2025-06-04", "--title", "In force"]
    base += ["--source", "https://example.org/f", "--same-text"]
    before = demo.state()
    extra = ["--provision", "a", "--provision-in", "ja", "b", "--provision-in", "ja", "c"]
    result = demo.run(*base, *extra, ok=False)
    assert result.exit_code == 2 and "the n-th --provision-in ja goes with the n-th --provision" in result.output
    result = demo.run(*base, "--reason", "same", "--reason-in", "xx-1", "x", ok=False)
    assert result.exit_code == 1 and "invalid language code 'xx-1'" in result.output
    assert demo.state() == before
    demo.run(
        *base,
        *("--reason", "no amendment before entry into force", "--reason-in", "ja", "施行前の改正なし"),
        *("--provision", "Chapter I General Provisions (Articles 1 to 10)"),
        *("--provision-in", "ja", "第一章　総則（第一条～第十条）", "--provision", "附則第一条"),
    )
    record = json.loads(demo.run("stage", "show", "demo", "04-in-force", "--json").output)
    assert record["provisions"] == ["Chapter I General Provisions (Articles 1 to 10)", "附則第一条"]
    assert record["provisions_ja"] == ["第一章　総則（第一条～第十条）", "附則第一条"]
    ja = record["texts"]["ja"]
    assert (ja["reason"], ja["reason_ja"]) == ("no amendment before entry into force", "施行前の改正なし")
    manifest = (demo.bills / "demo" / "bill.toml").read_text(encoding="utf-8")
    assert '{en = "Chapter I General Provisions (Articles 1 to 10)", ja = "第一章　総則（第一条～第十条）"}' in manifest
    assert '"附則第一条",' in manifest  # as written: no language claimed for it
    demo.run("verify")
    claim = ["claim", "add", "demo", "04-in-force", "--statement", "in force on 1 July", "--verdict", "contradicted"]
    claim += ["--source", "https://example.org/c", "--record", "In force on 2025-06-04."]
    demo.run(*claim, "--record-in", "ja", "2025-06-04に施行。", "--record-source", "https://example.org/r")
    (made,) = json.loads(demo.run("stage", "show", "demo", "04-in-force", "--json").output)["claims"]
    assert (made["record"], made["record_ja"]) == ("In force on 2025-06-04.", "2025-06-04に施行。")


def test_a_debate_sitting_is_a_stage_with_its_minutes(demo: Project) -> None:
    """`stage add --kind deliberation` between referral and vote: its session, sitting and minutes, in bills/, the
    record and the commit's trailers; the text it debated is the text before it."""
    minutes = "https://kokkai.ndl.go.jp/txt/121704889X01220250409"
    added = demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "deliberation",
        "--date",
        "令和7年5月20日",
        "--insert",
        "--title",
        "Committee debates the bill",
        "--body",
        "衆議院内閣委員会",
        "--session",
        "217",
        "--meeting",
        "内閣委員会 第12号",
        "--source",
        minutes,
        "--json",
    )
    record = json.loads(added.output)
    assert record["id"] == "02a-deliberation" and record["session"] == 217 and record["meeting"] == "内閣委員会 第12号"
    assert record["texts"]["ja"]["status"] == "verified" and record["texts"]["ja"]["from_stage"] == "02-plenary-vote"
    assert record["sources"][0]["url"] == minutes and record["outcome"] == ""
    assert 'meeting = "内閣委員会 第12号"' in (demo.bills / "demo" / "bill.toml").read_text(encoding="utf-8")
    message = demo.git("log", "-1", "--format=%B", "demo/02a-deliberation")
    assert "Meeting: 内閣委員会 第12号" in message and "Session: 217" in message
    before = demo.state()
    bad = demo.run(
        *("stage", "add", "demo", "--kind", "deliberation", "--date", "2025-06-01", "--title", "X"),
        *("--source", minutes, "--meeting", "第1号\nInjected: yes"),
        ok=False,
    )
    assert bad.exit_code != 0 and "--meeting" in bad.output and demo.state() == before
    demo.run("verify")


def test_insert_a_missed_stage(demo: Project) -> None:
    demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "committee-vote",
        "--date",
        "2025-04-18",
        "--insert",
        "--title",
        "Committee passes",
        "--source",
        "https://example.org/c",
    )
    ids = [s["id"] for s in json.loads(demo.run("stage", "list", "demo", "--json").output)]
    assert ids == ["01-cabinet-decision", "01a-committee-vote", "02-plenary-vote", "03-enacted"]
    demo.run("verify")


def test_every_write_that_rewrites_published_history_says_so(demo: Project, tmp_path: Path) -> None:
    """An earlier stage edited in bills/ and synced (or built) gives it and every later stage new commits: sync says
    which branch from which stage, with what a clone must run, and lists them under `rewritten` in --json."""
    manifest = demo.bills / "demo" / "bill.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("Cabinet decision", "Cabinet approval"), "utf-8")
    result = demo.run("sync")
    assert (
        "note: this rewrote the branch demo from 01-cabinet-decision on (3 stage(s) got new commits)" in result.output
    )
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("Cabinet approval", "Cabinet decision"), "utf-8")
    assert json.loads(demo.run("sync", "--json").stdout)["rewritten"] == {
        "demo": ["01-cabinet-decision", "02-plenary-vote", "03-enacted"]
    }
    assert "rewrote" not in demo.run("sync").output  # nothing changed: nothing rewritten


def test_insert_between_two_lettered_stages(bundled: Project) -> None:
    """The AI Act's House of Councillors deliberations are 05a (20 May) and 05b (22 May): a sitting of 21 May found
    later goes between them (05an), and one on the day of the referral between 05 and 05a, where no letters fit."""
    source = ("--source", "https://example.org/s", "--insert")
    for date, title in (("2025-05-21", "A sitting in between"), ("2025-05-16", "Referred, then explained")):
        bundled.run(
            "stage", "add", "jp-ai-promotion-act", "--kind", "deliberation", "--date", date, "--title", title, *source
        )
    ids = [s["id"] for s in json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)]
    assert ids[ids.index("05-referred") :][:5] == [
        "05-referred",
        "05-deliberation",
        "05a-deliberation",
        "05an-deliberation",
        "05b-deliberation",
    ]
    bundled.run("verify")


def test_html_in_titles_is_data(demo: Project) -> None:
    title = '<script>alert("x")</script> & <b>bold</b>'
    demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "promulgated",
        "--date",
        "2025-06-04",
        "--title",
        title,
        "--source",
        "https://example.org/p",
        "--not-on-file",
        "https://example.org/p-text",
    )
    record = json.loads(demo.run("stage", "show", "demo", "04-promulgated", "--json").output)
    assert record["title"]["en"] == title
    assert title in demo.git("log", "-1", "--format=%s", "demo")


def test_sync_is_deterministic_across_stores(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED, tmp_path / "bills")
    refs = []
    for name in ("one.git", "two.git"):
        p = Project(tmp_path)
        p.store = tmp_path / name
        p.run("sync")
        p.run("sync")  # idempotent
        refs.append(p.git("for-each-ref", "--format=%(refname) %(objectname)"))
        p.run("verify")
    assert refs[0] == refs[1]
    assert refs[0].count("refs/tags/") == 69 and refs[0].count("refs/heads/") == 5


def test_verify_finds_drift(bundled: Project) -> None:
    text = bundled.bills / "jp-appi" / "texts" / "03-amended.ja.txt"
    text.write_text(text.read_text(encoding="utf-8") + "追加\n", encoding="utf-8")
    result = bundled.run("verify", ok=False)
    assert result.exit_code == 1
    assert "jp-appi: refs/heads/jp-appi at" in result.output and "run legistrack sync" in result.output
    assert "03-amended ja.txt: sha256" in result.output
    bundled.run("sync")
    bundled.run("verify")
    (bundled.bills / "jp-appi" / "texts" / "stray.ja.txt").write_text("x\n", encoding="utf-8")
    assert "not referenced by bill.toml" in bundled.run("verify", ok=False).output


def test_verify_reports_orphans_and_prune(bundled: Project) -> None:
    shutil.rmtree(bundled.bills / "us-hr2157-116")
    assert "store has bill 'us-hr2157-116'" in bundled.run("verify", ok=False).output
    assert "kept; --prune deletes it" in bundled.run("sync").output
    bundled.run("sync", "--prune")
    bundled.run("verify")
    assert "us-hr2157-116" not in bundled.git("for-each-ref")


def test_timeline(bundled: Project) -> None:
    out = bundled.run("timeline", "jp-ai-promotion-act").output
    assert "2025-05-28 (令和7年5月28日)  07-enacted  House of Councillors plenary (参議院本会議)" in out
    assert "claim (contradicted): “enacted 15 March 2025” — DDG (Vincent Fauchoux), 2025-06-02" in out
    assert "against: れいわ新選組, 日本共産党" in out
    ja = bundled.run("timeline", "jp-ai-promotion-act", "--lang", "ja").output
    assert "参議院本会議で可決、成立" in ja and "主張 (contradicted)" in ja


def test_import_command(tmp_path: Path, project: Project) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes("第一条　本文\r\n".encode())
    out = tmp_path / "out.txt"
    project.run("import", str(src), "-o", str(out))
    assert out.read_text(encoding="utf-8") == "第一条　本文\n"
    result = project.run("import", str(src), "-o", str(out), ok=False)
    assert result.exit_code == 1 and "exists" in result.output
    # the options before or after FILE, with or without the `file` subcommand, as the README writes them
    for args in (
        ["--format", "plain", str(src)],
        [str(src), "--format", "plain"],
        ["file", "--format", "plain", str(src)],
    ):
        assert project.run("import", *args).output == "第一条　本文\n"
    assert "diet-bills" in project.run("import", "--help").output


# --- bad input: one line, non-zero exit, nothing changed ----------------------------------------------

# an event (a stage that cannot change the text): valid with no text option, so each test reaches what it checks
ADD = [
    "stage",
    "add",
    "demo",
    "--kind",
    "event",
    "--date",
    "2025-06-04",
    "--title",
    "P",
    "--source",
    "https://example.org/p",
]


def _files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "blank": b" \n \n",
        "sjis": "第一条".encode("shift_jis"),
        "binary": b"\x7fELF\x00\x00\x01",
        "html": b"<?xml version='1.0'?><html><p>x</p></html>",
        "broken": b"<?xml version='1.0'?><Law><LawBody>",
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp / f"{name}.in"
        paths[name].write_bytes(data)
    return paths


BAD = [
    (["stage", "list", "nope"], "no bill 'nope'"),
    (["stage", "list", "../demo"], "invalid bill id"),
    (["stage", "list", "/etc"], "invalid bill id"),
    (["stage", "list", "de mo"], "invalid bill id"),
    (["stage", "list", "de\x00mo"], "invalid bill id"),
    (["stage", "show", "demo", "09-nope"], "has no stage '09-nope'"),
    (["stage", "add", "nope", *ADD[3:]], "no bill 'nope'"),
    (["stage", "add", "../demo", *ADD[3:]], "invalid bill id"),
    ([*ADD, "--id", "02-plenary-vote"], "does not end with its kind"),
    ([*ADD[:4], "plenary-vote", *ADD[5:], "--id", "02-plenary-vote"], "already has a stage 02-plenary-vote"),
    ([*ADD, "--id", "../../x"], "invalid stage id"),
    ([*ADD[:6], "2025-02-30", *ADD[7:]], "impossible date"),
    ([*ADD[:6], "04/06/2025", *ADD[7:]], "ambiguous date"),
    ([*ADD[:6], "平成31年5月1日", *ADD[7:]], "not within 平成"),
    ([*ADD[:6], "2025-03-01", *ADD[7:]], "add it with --insert"),
    ([*ADD, "--text", "{empty}"], "is empty"),
    ([*ADD, "--text", "{blank}"], "is empty"),
    ([*ADD, "--text", "{sjis}"], "not UTF-8"),
    ([*ADD, "--text", "{binary}"], "binary"),
    ([*ADD, "--text", "{html}"], "unsupported XML format"),
    ([*ADD, "--text", "{broken}"], "not well-formed XML"),
    ([*ADD, "--text", "{empty}", "--same-text"], "exclude each other"),
    ([*ADD, "--lang", "fr", "--text", "{blank}"], "not a language of demo"),
    ([*ADD[:-1], "ftp://example.org"], "not an http(s) URL"),
    ([*ADD[:4], "vetoed", *ADD[5:]], "Invalid value for '--kind'"),
    (["new", "demo", "--title", "Again"], "already exists"),
    (["new", "../evil", "--title", "Evil"], "invalid bill id"),
    (["new", "x", "--title", "X", "--timezone", "Mars/Base"], "unknown timezone"),
    (["new", "x", "--title", "X", "--language", "english"], "invalid language code"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_changes_nothing(demo: Project, tmp_path: Path, args: list[str], message: str) -> None:
    files = _files(tmp_path)
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    before = demo.state()
    result = demo.run(*args, ok=False)
    assert result.exit_code != 0
    assert message in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(error_lines) == 1, result.output
    assert demo.state() == before
    assert not (demo.bills / "x").exists() and not (demo.root / "evil").exists()


def test_store_that_is_not_git(demo: Project) -> None:
    before = demo.state()
    junk = demo.root / "junk"
    junk.mkdir()
    (junk / "notes.txt").write_text("mine")
    demo.store = junk
    result = demo.run(*ADD, ok=False)
    assert result.exit_code == 1 and "is not a git repository" in result.output
    assert demo.state()[0] == before[0] and (junk / "notes.txt").read_text() == "mine"
    demo.store = demo.root / "file.git"
    demo.store.write_text("x")
    assert "is a file" in demo.run("sync", ok=False).output


def test_dirty_store(demo: Project) -> None:
    work = demo.root / "work"
    subprocess.run(["git", "clone", "-q", str(demo.store), str(work)], check=True)
    (work / "ja.txt").write_text("edited\n")
    demo.store = work
    before = demo.state()
    result = demo.run(*ADD, ok=False)
    assert "uncommitted changes" in result.output
    assert demo.state()[0] == before[0]


def test_malformed_manifest_blocks_sync(demo: Project) -> None:
    manifest = demo.bills / "demo" / "bill.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('kind = "enacted"', 'kind = "enactd"'))
    before = demo.state()
    result = demo.run("sync", ok=False)
    assert "unknown kind 'enactd'" in result.output
    assert demo.state() == before


def test_ctrl_c_during_write_rolls_back(demo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = demo.state()

    real = Store.update_refs
    calls = []

    def interrupted(self: Store, updates: dict[str, tuple[str | None, str | None]]) -> None:
        calls.append(updates)
        if len(calls) == 1:  # Ctrl-C lands while the refs move; the rollback itself runs normally
            raise KeyboardInterrupt
        real(self, updates)

    monkeypatch.setattr(Store, "update_refs", interrupted)
    result = demo.runner.invoke(
        __import__("legistrack.cli", fromlist=["cli"]).cli,
        ["--bills", str(demo.bills), "--store", str(demo.store), *ADD],
    )
    assert result.exit_code == 130
    monkeypatch.undo()
    assert demo.state() == before
    assert not (demo.root / ".legistrack" / "journal.json").exists()


def test_killed_write_is_rolled_back_by_the_next_command(demo: Project) -> None:
    """A process killed between writing bills/ and moving the store's refs leaves a journal; the next
    command restores both."""
    before = demo.state()
    script = textwrap.dedent(
        f"""
        import os
        from legistrack.store.repo import Store
        Store.update_refs = lambda self, updates: os._exit(9)
        from legistrack.cli import main
        import sys
        sys.argv = ["legistrack", "--bills", {str(demo.bills)!r}, "--store", {str(demo.store)!r}, *{ADD!r}]
        main()
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ})
    assert proc.returncode == 9
    assert (demo.root / ".legistrack" / "journal.json").exists()
    assert demo.state() != before  # the manifest was written, the store not: inconsistent until recovery
    demo.run("stage", "list", "demo")
    assert demo.state() == before
    demo.run("verify")


def test_concurrent_writer_fails_cleanly(demo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGISTRACK_LOCK_TIMEOUT", "0.2")
    before = demo.state()
    with filelock.FileLock(str(demo.root / ".legistrack" / "lock")):
        result = demo.run(*ADD, ok=False)
    assert result.exit_code == 1 and "another legistrack command is writing" in result.output
    assert demo.state() == before
    demo.run(*ADD)  # and works once the other writer is done


def test_an_insert_says_it_rewrote_the_branch_and_the_clone_recovers(demo: Project, tmp_path: Path) -> None:
    """After --insert rewrites a published branch, a clone made before fails to pull; the command the note gives
    brings it in step (run here on a real clone)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--single-branch", "-b", "demo", str(demo.store), str(clone)], check=True)
    result = demo.run(
        *("stage", "add", "demo", "--kind", "committee-vote", "--date", "2025-04-18", "--insert"),
        *("--title", "Committee passes", "--source", "https://example.org/c"),
    )
    assert "note: this rewrote the branch demo from 02-plenary-vote on (2 stage(s) got new commits)" in result.output
    command = result.output.split("must run: ", 1)[1].strip().splitlines()[0]
    pull = subprocess.run(["git", "-C", str(clone), "pull", "-q", "--ff-only"], capture_output=True, text=True)
    assert pull.returncode != 0  # what a reader of the README is warned of
    subprocess.run(command, shell=True, cwd=clone, check=True, capture_output=True)
    head = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert head.strip() == demo.git("rev-parse", "refs/heads/demo").strip()
    tags = subprocess.run(["git", "-C", str(clone), "tag"], capture_output=True, text=True).stdout.split()
    assert "demo/01a-committee-vote" in tags


def test_stage_add_reads_the_package_once_and_prints_what_stage_show_prints(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legistrack import project
    from legistrack.packages.read import StoredTexts, load_package

    calls: list[str] = []
    real = load_package

    def counted(root: Path, bill_id: str, stored: StoredTexts | None = None) -> Package:
        calls.append(bill_id)
        return real(root, bill_id, stored)

    monkeypatch.setattr(project, "load_package", counted)
    added = json.loads(demo.run(*ADD, "--json").output)
    assert calls == ["demo"]
    assert added.pop("rewritten") == []
    monkeypatch.undo()
    assert added == json.loads(demo.run("stage", "show", "demo", added["id"], "--json").output)
