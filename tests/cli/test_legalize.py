"""`legistrack import legalize-jp REPO`: the real slice of legalize-jp (shared/real-data/jp-legalize-slice/, 220
commits of ten laws), cloned into real temporary git repositories.

A first import of every Act, an import again that reads nothing, an import after new commits that reads only the
laws they touched, a same-day revision that undoes the one before it (upstream's order), a partial clone that lacks
a law's blobs, and the refusals.
"""

from __future__ import annotations

import collections
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from legistrack.errors import StoreError
from legistrack.store.laws import LawRepository
from legistrack.store.repo import Store

from ..conftest import BUNDLED, REAL_DATA, Project, needs_real_data, snapshot, store_refs

BUNDLE = REAL_DATA / "jp-legalize-slice" / "legalize-jp-slice.bundle"
AI_ACT = "507AC0000000053"
SOURCE = "https://laws.e-gov.go.jp/law/507AC0000000053"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _clone(tmp: Path, name: str = "legalize-jp") -> Path:
    repo = tmp / name
    subprocess.run(["git", "clone", "-q", "-b", "main", str(BUNDLE), str(repo)], check=True, capture_output=True)
    return repo


def _import(p: Project, repo: Path, *args: str, ok: bool = True) -> Any:
    result = p.run("import", "legalize-jp", str(repo), *args, "--json", ok=ok)
    return json.loads(result.output) if ok else result


def _merge_a_side_branch(repo: Path) -> None:
    """Make the clone's history no line: a branch from three commits back, merged into main."""
    _git(repo, "checkout", "-q", "-b", "side", "HEAD~3")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "side")
    _git(repo, "checkout", "-q", "main")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "merge", "-q", "--no-ff", "-m", "merge", "side")


def _walks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], str | None]]:
    """Every walk of the clone's history the import asks git for: (the laws, the commit it starts after)."""
    walks: list[tuple[list[str], str | None]] = []
    whole_walk = LawRepository.commits

    def spied(self: LawRepository, law_ids: Any, since: str | None = None) -> Any:
        walks.append((sorted(law_ids), since))
        return whole_walk(self, law_ids, since)

    monkeypatch.setattr(LawRepository, "commits", spied)
    return walks


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "bills").mkdir()
    return Project(tmp_path)


@needs_real_data
def test_every_act_of_the_slice_then_nothing_again(project: Project, tmp_path: Path) -> None:
    repo = _clone(tmp_path)
    first = _import(project, repo)
    assert (first["laws"], first["revisions"], len(first["added"]), first["left_out"]) == (10, 220, 10, [])
    assert first["since"] is None and first["head"] == _git(repo, "rev-parse", "HEAD").strip()
    stages = json.loads(project.run("stage", "list", f"jp-{AI_ACT.lower()}", "--json").output)
    assert [(s["kind"], s["date"]) for s in stages] == [
        ("promulgated", "2025-06-04"),
        ("in-force", "2025-06-04"),
        ("in-force", "2025-09-01"),
    ]
    commit = next(src for src in stages[2]["sources"] if "legalize-jp" in src["url"])
    assert "/commit/" in commit["url"] or "/blob/" in commit["url"]
    # upstream's order is not date order: APPI's 2026-06-24 revision was committed last, the AI Act's 2025 ones before
    appi = json.loads(project.run("stage", "list", "jp-415ac0000000057", "--json").output)
    dates = [s["date"] for s in appi if s["date"]]
    assert dates == sorted(dates) and dates[-1] == "2026-06-24"
    # Two real same-day reversals in the slice: on 2023-04-01 the Cabinet Office Establishment Act's second commit
    # puts back 青少年の健全な育成 and drops the こども家庭庁 changes of 令和4年法律第76号: warnings, not amendments.
    assert {(u["law"], u["revision"][-15:], u["undoes"][-15:]) for u in first["undone"]} == {
        ("411AC0000000089", "503AC0000000037", "504AC0000000076"),
        ("419AC0000000023", "505AC0000000034", "506AC0000000005"),
    }
    cao = json.loads(project.run("stage", "list", "jp-411ac0000000089", "--json").output)
    day = [(s["kind"], s["revision"][-15:]) for s in cao if s["date"] == "2023-04-01"]
    assert day == [("amended", "504AC0000000076"), ("event", "503AC0000000037")]
    project.run("verify")
    again = _import(project, repo)
    assert again["since"] == first["head"] and again["laws"] == 0 and not again["added"] and not again["updated"]
    text = project.run("import", "legalize-jp", str(repo)).output
    assert "0 laws" in text and "added 0, updated 0" in text


@needs_real_data
def test_an_import_after_new_commits_reads_only_the_laws_they_touched(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _clone(tmp_path)
    newest = _git(repo, "rev-parse", "HEAD").strip()
    # the clone as it was two commits ago: APPI's and the AI Act's last revisions not yet committed
    _git(repo, "reset", "-q", "--hard", "HEAD~2")
    before = _import(project, repo)
    assert before["revisions"] == 218
    _git(repo, "reset", "-q", "--hard", newest)  # as after a `git pull`
    walks = _walks(monkeypatch)
    after = _import(project, repo)
    # the two laws' earlier commits are those the first import read: only the new commits are walked
    assert walks == [(["415AC0000000057", AI_ACT], before["head"]), ([], None)]
    assert after["since"] == before["head"] and after["laws"] == 2
    assert sorted(after["updated"]) == ["jp-415ac0000000057", "jp-507ac0000000053"] and not after["added"]
    assert after["unchanged"] == 0
    fresh = Project(tmp_path / "fresh")
    (fresh.bills).mkdir(parents=True)
    _import(fresh, repo, "--law", "415AC0000000057", "--law", AI_ACT, "--law", "411AC0000000089")
    for law in ("jp-415ac0000000057", "jp-507ac0000000053", "jp-411ac0000000089"):
        assert (project.bills / law / "bill.toml").read_bytes() == (fresh.bills / law / "bill.toml").read_bytes()


@needs_real_data
def test_laws_converted_on_worker_processes_are_those_converted_here(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many laws are read and converted on worker processes (commands.legalize._converted), a few in the import's
    own process: the slice's ten laws either way give the same bills/, the same store and the same report. (Many
    laws' commits are read from their trailers, a few walked: the second import reads the trailers.)"""
    import legistrack.commands.legalize as legalize_command
    import legistrack.store.laws as laws

    repo = _clone(tmp_path)
    here = _import(project, repo)
    monkeypatch.setattr(legalize_command, "CONVERT_PARALLEL_FROM", 2)
    read = []
    by_trailer = laws.LawRepository._by_trailer

    def spied(self: LawRepository, wanted: set[str]) -> Any:
        read.append(len(wanted))
        return by_trailer(self, wanted)

    monkeypatch.setattr(laws, "TRAILERS_FROM", 2)
    monkeypatch.setattr(laws.LawRepository, "_by_trailer", spied)
    parallel = Project(tmp_path / "parallel")
    parallel.bills.mkdir(parents=True)
    assert _import(parallel, repo) == here
    assert snapshot(parallel.bills) == snapshot(project.bills)
    assert store_refs(parallel.store) == store_refs(project.store)
    assert read == [10]


@needs_real_data
def test_a_long_history_is_walked_in_parts_that_list_it_as_one_walk_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git walks a long line of commits in parts, two at a time; put end to end they give every law the commits,
    in the order, that one walk gives: whole or after a commit. A history with a merge is walked whole."""
    import legistrack.store.laws as laws

    repo = _clone(tmp_path)
    middle = _git(repo, "rev-parse", "HEAD~100").strip()
    reader = LawRepository(repo)
    reader.head()
    every = reader.laws_changed(None)
    monkeypatch.setattr(laws, "SPLIT_WALK_FROM", 10**9)
    whole, after = reader.commits(every), reader.commits(every, middle)
    monkeypatch.setattr(laws, "SPLIT_WALK_FROM", 10)
    assert len(reader._parts(None)) == laws.WALK_PARTS and len(reader._parts(middle)) == laws.WALK_PARTS
    assert reader.commits(every) == whole and reader.commits(every, middle) == after
    assert sum(map(len, whole.values())) == 220 and sum(map(len, after.values())) == 100
    # a merge: the history is no line, and is walked as it is
    _merge_a_side_branch(repo)
    merged = LawRepository(repo)
    merged.head()
    assert merged._parts(None) == [merged.ref]
    assert merged.commits(every) == whole
    reader.close()
    merged.close()


@needs_real_data
def test_the_trailers_give_the_commits_the_walk_gives_or_leave_it_to_the_walk(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many laws' commits are read from each commit's Source-Id and its file's blob there and in the parent
    (LawRepository._by_trailer), not from a walk comparing every commit's tree: on the real slice exactly what the
    walk gives. Where the trailers do not account for every change (a commit that changes a
    law under another law's name, one that changes two laws, one with no Source-Id, a merge), they give nothing and
    the walk says."""
    import legistrack.store.laws as laws

    repo = _clone(tmp_path)
    reader = LawRepository(repo)
    reader.head()
    every = reader.laws_changed(None)
    walked = reader.commits(every)  # ten laws: fewer than TRAILERS_FROM, walked
    assert reader._by_trailer(set(every)) == walked and sum(map(len, walked.values())) == 220
    monkeypatch.setattr(laws, "TRAILERS_FROM", 1)
    assert reader.commits(every) == walked  # (an import alike: test_laws_converted_on_worker_processes_...)
    first, second = every[0], every[1]

    def commit(message: str, *changed: str) -> None:
        for law in changed:
            path = repo / "jp" / f"{law}.md"
            path.write_text(path.read_text(encoding="utf-8") + "\n追記\n", encoding="utf-8")
        _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", message)

    def undone() -> None:
        _git(repo, "reset", "-q", "--hard", "HEAD~1")

    cases = [
        (f"other\n\nSource-Id: {second}_20990101_{second}", [first]),  # changes one law under another's name
        (f"two\n\nSource-Id: {first}_20990101_{first}", [first, second]),  # changes two laws under one's name
        ("none", [first]),  # no Source-Id at all
    ]
    for message, changed in cases:
        commit(message, *changed)
        again = LawRepository(repo)
        again.head()
        assert again._by_trailer(set(every)) is None, message
        again.close()
        undone()
    _merge_a_side_branch(repo)
    merged = LawRepository(repo)
    merged.head()
    assert merged._by_trailer(set(every)) is None
    merged.close()
    reader.close()


@needs_real_data
def test_a_law_whose_commits_the_state_does_not_hold_is_walked_whole(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commits an import remembers are a shortcut: a law the state has no well-formed entry for (new to the
    state, or an entry mangled by hand) has its whole history walked, and its package is the same."""
    repo = _clone(tmp_path)
    newest = _git(repo, "rev-parse", "HEAD").strip()
    _git(repo, "reset", "-q", "--hard", "HEAD~2")
    before = _import(project, repo)
    state_path = project.root / ".legistrack" / "legalize-jp.json"
    state = json.loads(state_path.read_text("utf-8"))
    assert sorted(state["commits"]) == sorted(before_laws := [b[3:].upper() for b in before["added"]])
    assert len(before_laws) == 10 and sum(len(rows) for rows in state["commits"].values()) == 218
    del state["commits"][AI_ACT]
    state["commits"]["415AC0000000057"][0][1] = "first"  # an order that is not a number
    state_path.write_text(json.dumps(state), "utf-8")
    _git(repo, "reset", "-q", "--hard", newest)
    walks = _walks(monkeypatch)
    after = _import(project, repo)
    assert walks == [(["415AC0000000057", AI_ACT], before["head"]), (["415AC0000000057", AI_ACT], None)]
    assert sorted(after["updated"]) == ["jp-415ac0000000057", "jp-507ac0000000053"]
    fresh = Project(tmp_path / "fresh")
    (fresh.bills).mkdir(parents=True)
    _import(fresh, repo, "--law", "415AC0000000057", "--law", AI_ACT)
    for law in ("jp-415ac0000000057", "jp-507ac0000000053"):
        assert (project.bills / law / "bill.toml").read_bytes() == (fresh.bills / law / "bill.toml").read_bytes()
    # the state holds every law's commits again, as a whole walk reads them
    again = json.loads(state_path.read_text("utf-8"))["commits"]
    assert len(again[AI_ACT]) == 2 and all(isinstance(row[1], int) for row in again["415AC0000000057"])


@needs_real_data
def test_a_revision_that_undoes_one_of_its_day_is_a_warning(project: Project, tmp_path: Path) -> None:
    """Two revisions of one day committed in the wrong order: the second's file is the file before the first. It is
    shown as a warning on the law's timeline, never as an amendment."""
    repo = _clone(tmp_path)
    law = f"jp/{AI_ACT}.md"
    before = _git(repo, "show", f"HEAD:{law}")
    head, sep, body = before.partition("\n---\n")
    (repo / law).write_text(head + sep + body.replace("人工知能", "人工知能（仮）"), encoding="utf-8")
    message = "[reforma] x\n\nSource-Id: {0}_20250901_507AC0000000099\nSource-Date: 20250901\nNorm-Id: {0}\n"
    _git(repo, "commit", "-q", "-am", message.format(AI_ACT))
    (repo / law).write_text(before, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", message.format(AI_ACT).replace("0099", "0098"))
    report = _import(project, repo, "--law", AI_ACT)
    assert report["undone"] == [
        {
            "law": AI_ACT,
            "revision": f"{AI_ACT}_20250901_507AC0000000098",
            "undoes": f"{AI_ACT}_20250901_507AC0000000099",
        }
    ]
    stages = json.loads(project.run("stage", "list", f"jp-{AI_ACT.lower()}", "--json").output)
    warned = stages[-1]
    assert warned["kind"] == "event" and warned["outcome"] == ""
    assert "undoes" in warned["title"]["en"] and "警告" in warned["summary"]["ja"]
    assert [s["kind"] for s in stages].count("amended") == 1  # the first of the two, read as recorded
    assert not (project.root / ".legistrack" / "legalize-jp.json").exists()  # --law moves no import mark


@needs_real_data
def test_a_law_the_clone_lacks_is_left_out_whole(project: Project, tmp_path: Path) -> None:
    repo = _clone(tmp_path)
    # Make the objects loose (a pack cannot lose one object), then lose one blob of the AI Act's file.
    packs = list((repo / ".git" / "objects" / "pack").glob("*.pack"))
    for pack in packs:
        moved = tmp_path / pack.name
        pack.rename(moved)
        pack.with_suffix(".idx").unlink()
        with moved.open("rb") as data:
            subprocess.run(["git", "-C", str(repo), "unpack-objects", "-q"], stdin=data, check=True)
    blob = _git(repo, "rev-parse", f"HEAD:jp/{AI_ACT}.md").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    report = _import(project, repo, "--law", AI_ACT, "--law", "416AC0000000122")
    assert report["added"] == ["jp-416ac0000000122"] and len(report["left_out"]) == 1
    (why,) = report["left_out"]
    assert why.startswith(f"{AI_ACT}: the clone lacks 1 of its file's versions") and "left out whole" in why
    assert not (project.bills / f"jp-{AI_ACT.lower()}").exists()
    # an import of every Act: the law left out has no commits in the mark (the next import walks it whole)
    _import(project, repo)
    remembered = json.loads((project.root / ".legistrack" / "legalize-jp.json").read_text("utf-8"))["commits"]
    assert AI_ACT not in remembered and len(remembered) == 9


@needs_real_data
@pytest.mark.parametrize("where", ["here", "workers"])
def test_a_law_history_package_is_compared_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The bundled packages of `import law-history` (APPI, the whistleblower act, the Cabinet Office Establishment
    Act) and the curated AI Act are compared with the clone, never written over: alike whether the laws are
    converted in the import's process or on workers (which send a law's texts back only where a curated package is
    compared with them)."""
    import shutil

    import legistrack.commands.legalize as legalize_command

    if where == "workers":
        monkeypatch.setattr(legalize_command, "CONVERT_PARALLEL_FROM", 1)
    shutil.copytree(BUNDLED, tmp_path / "bills")
    p = Project(tmp_path)
    p.run("sync")
    before = {f: f.read_bytes() for f in (tmp_path / "bills").rglob("*") if f.is_file()}
    report = _import(p, _clone(tmp_path), "--law", "415AC0000000057", "--law", AI_ACT)
    assert "jp-appi" in report["curated"] and "jp-ai-promotion-act" in report["curated"]
    assert all(before[f] == f.read_bytes() for f in before)
    # each curated stage's text is the clone's (compared with the law's texts, which a worker sent back)
    assert report["conflicts"] == []


@needs_real_data
def test_refusals(project: Project, tmp_path: Path) -> None:
    state = project.state()
    for args, needle in (
        ((str(tmp_path),), "is not a git repository"),
        ((str(tmp_path / "nowhere"),), "is not a git repository"),
        ((str(_clone(tmp_path)), "--law", "../x"), "is not an e-Gov law id"),
    ):
        result = project.run("import", "legalize-jp", *args, ok=False)
        assert result.exit_code != 0 and needle in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
    assert project.state() == state


@needs_real_data
def test_an_import_into_an_empty_folder_makes_its_bills_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first command in a new folder: no bills/ yet. The first write makes it (the whole clone read
    first, then a write that found no folder must not fail at its end); a first write that fails leaves none."""
    repo = _clone(tmp_path)
    failing = Project(tmp_path / "failing")
    failing.root.mkdir()

    def full(self: Store, updates: object) -> None:
        raise StoreError("the store refused the update (error: No space left on device): run legistrack verify")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "update_refs", full)
        result = _import(failing, repo, "--law", AI_ACT, ok=False)
    assert result.exit_code != 0 and "No space left on device" in result.output
    assert not failing.bills.exists()
    fresh = Project(tmp_path / "new")
    fresh.root.mkdir()
    first = _import(fresh, repo, "--law", AI_ACT)
    assert first["added"] == [f"jp-{AI_ACT.lower()}"] and (fresh.bills / first["added"][0] / "bill.toml").is_file()
    fresh.run("verify")


@needs_real_data
def test_a_bare_mirror_is_read_too(project: Project, tmp_path: Path) -> None:
    """A mirror (`git clone --mirror`, a bare repository, here in a folder named `repo`) is read as a clone is."""
    mirror = tmp_path / "legalize-jp" / "repo"
    subprocess.run(["git", "clone", "-q", "--mirror", str(BUNDLE), str(mirror)], check=True, capture_output=True)
    report = _import(project, mirror, "--law", AI_ACT)
    assert report["added"] == [f"jp-{AI_ACT.lower()}"] and report["revisions"] == 2


def _many_revisions(repo: Path, count: int) -> None:
    """`count` more commits of the AI Act's file (each adds a line, so each is a revision with a text of its own),
    one a day from 2026-01-01, each naming an amending act."""
    law = f"jp/{AI_ACT}.md"
    text = _git(repo, "show", f"HEAD:{law}")
    stream = []
    for n in range(count):
        data = (text + f"\n附則第{n}条\n").encode()
        message = f"[reforma] x\n\nSource-Id: {AI_ACT}_2026{1 + n // 28:02d}{1 + n % 28:02d}_507AC{n:010d}\n".encode()
        stream.append(b"commit refs/heads/main\ncommitter t <t@t> 1700000000 +0000\n")
        stream.append(b"data %d\n%s\n" % (len(message), message))
        if n == 0:
            stream.append(b"from refs/heads/main^0\n")
        stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (law.encode(), len(data), data))
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet", "--force"], input=b"".join(stream), check=True)
    _git(repo, "reset", "-q", "--hard", "main")


@needs_real_data
def test_a_law_of_more_than_98_revisions_has_three_digit_stage_ids(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package's stage ids are NN-kind up to 99, then NNN-kind, and sort by number (99 before 100): a law of 101
    revisions (322AC0000000067 and two other Acts of the full clone have over a hundred) is imported whole, stored
    and verified, and a stage added after it takes the next number. More stages than ids (999) are left out whole
    in one line."""
    repo = _clone(tmp_path)
    _many_revisions(repo, 99)
    report = _import(project, repo, "--law", AI_ACT)
    assert (report["added"], report["left_out"], report["revisions"]) == ([f"jp-{AI_ACT.lower()}"], [], 101)
    bill = f"jp-{AI_ACT.lower()}"
    ids = [s["id"] for s in json.loads(project.run("stage", "list", bill, "--json").output)]
    assert ids[:3] == ["01-promulgated", "02-in-force", "03-in-force"]
    assert ids[97:] == ["98-amended", "99-amended", "100-amended", "101-amended", "102-amended"]
    assert project.git("rev-parse", f"refs/tags/{bill}/100-amended") and "OK:" in project.run("verify").output
    added = project.run(
        "stage", "add", bill, "--kind", "event", "--date", "2026-05-01", "--title", "x", "--source", SOURCE
    )
    assert "103-event" in added.output
    # the numbering's end: a law of more stages than ids is named and left out whole; the others go on
    monkeypatch.setattr("legistrack.commands.legalize.MAX_STAGES", 50)
    other = tmp_path / "other"
    (other / "bills").mkdir(parents=True)
    report = _import(Project(other), repo, "--law", AI_ACT, "--law", "416AC0000000122")
    assert report["added"] == ["jp-416ac0000000122"]
    (why,) = report["left_out"]
    assert why.startswith(f"{AI_ACT}: 101 revisions") and "left out whole" in why


@needs_real_data
def test_a_table_row_with_an_empty_last_cell_is_stored_as_read_back(project: Project, tmp_path: Path) -> None:
    """A law's table row whose last cell is empty (in 497 Acts of the full clone, 506AC0000000037 among them) became a
    line ending in a space: bills/ read it back without the space, and verify found the store and bills/ apart."""
    repo = _clone(tmp_path)
    law = f"jp/{AI_ACT}.md"
    text = _git(repo, "show", f"HEAD:{law}")
    (repo / law).write_text(
        text + "\n**別表**\n\n| 名称 | 根拠 |\n|---|---|\n| 人工知能戦略本部 | |\n", encoding="utf-8"
    )
    message = f"[reforma] x\n\nSource-Id: {AI_ACT}_20260101_507AC0000000099\nSource-Date: 20260101\n"
    _git(repo, "commit", "-q", "-am", message)
    _import(project, repo, "--law", AI_ACT)
    written = project.git("show", f"refs/tags/jp-{AI_ACT.lower()}/04-amended:ja.txt")
    assert "人工知能戦略本部 |\n" in written and " \n" not in written
    assert project.run("verify").output.startswith("OK: 1 bills")


@needs_real_data
def test_the_texts_are_kept_once_in_the_store(project: Project, tmp_path: Path) -> None:
    """Every revision's text is kept once, in the store: bill.toml names it by its git blob id and bills/ has no file
    of it. Stock git reads it from a clone of the store; verify checks each against its id; a store that lost them
    is named in one line, and the import writes them again."""
    repo = _clone(tmp_path)
    _import(project, repo, "--law", "416AC0000000122")
    bill = "jp-416ac0000000122"
    package = project.bills / bill
    assert sorted(p.name for p in package.rglob("*") if p.is_file()) == ["bill.toml"]
    stages = json.loads(project.run("stage", "list", bill, "--json").output)
    manifest = (package / "bill.toml").read_text(encoding="utf-8")
    blobs = [b for b in manifest.split('blob = "')[1:]]
    assert len(blobs) == sum(1 for s in stages if s["texts"]["ja"]["status"] == "new") == 7
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--mirror", str(project.store), str(clone)], check=True)
    stock = subprocess.run(
        ["git", "--git-dir", str(clone), "rev-parse", f"refs/tags/{bill}/08-amended:ja.txt"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert f'blob = "{stock}"' in manifest
    assert project.run("verify").output.startswith("OK: 1 bills, 8 stages, 7 texts")

    # a file beside bill.toml must be the text it names; the same bytes are accepted, others refused
    text = project.git("show", f"refs/tags/{bill}/08-amended:ja.txt")
    (package / "texts").mkdir()
    (package / "texts" / "08-amended.ja.txt").write_text(text, encoding="utf-8")
    assert project.run("verify").output.startswith("OK:")
    (package / "texts" / "08-amended.ja.txt").write_text(text + "x\n", encoding="utf-8")
    refused = project.run("verify", ok=False)
    assert refused.exit_code != 0 and "is not the text bill.toml names (blob" in refused.output
    (package / "texts" / "08-amended.ja.txt").unlink()

    # the store made again from bills/ alone cannot have them: said in one line, then the import writes them again
    shutil.rmtree(project.store)
    failed = project.run("sync", ok=False)
    assert failed.exit_code != 0
    (line,) = [x for x in failed.output.splitlines() if x.strip()]
    assert "is kept in the store as blob" in line and "run `legistrack import legalize-jp` again" in line
    again = _import(project, repo, "--law", "416AC0000000122")
    assert (again["added"], again["updated"], again["unchanged"]) == ([], [], 1)
    assert project.run("verify").output.startswith("OK: 1 bills, 8 stages, 7 texts")


@needs_real_data
def test_a_store_made_again_has_the_next_import_read_the_whole_clone(project: Project, tmp_path: Path) -> None:
    """The mark of the last import holds only while the store holds every package as that import left it: with the
    store lost, the next import reads the whole clone and writes every text again."""
    repo = _clone(tmp_path)
    first = _import(project, repo)
    assert first["since"] is None and len(first["added"]) == 10
    assert _import(project, repo)["since"] == first["head"]
    shutil.rmtree(project.store)
    again = _import(project, repo)
    assert again["since"] is None and again["laws"] == 10 and again["unchanged"] == 10
    assert project.run("verify").output.startswith("OK: 10 bills")


def _owners(store: Path) -> dict[str, str]:
    """Blob id -> the bill whose commits hold it, read with stock git (each branch's commits, each commit's tree)."""
    owners: dict[str, str] = {}
    for branch in _git(store, "for-each-ref", "--format=%(refname:short)", "refs/heads").split():
        for commit in _git(store, "rev-list", branch).split():
            for line in _git(store, "ls-tree", "-r", commit).splitlines():
                owners.setdefault(line.split()[2], branch)
    return owners


def _packed(store: Path) -> list[list[str]]:
    """Every object of the store's packs: id, type, size, delta base (forty zeros for an object stored whole)."""
    out = _git(
        store, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype) %(objectsize) %(deltabase)"
    )
    return [line.split() for line in out.splitlines()]


@needs_real_data
def test_a_big_import_packs_each_law_s_texts_as_deltas_of_its_own(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an import of many objects the store is packed anew, in one pack holding every object a ref reaches,
    each text stored as a delta on a text of the same law. (Every law's text is at the path ja.txt, and git's delta
    search pairs objects by a hash of their name, then by size: `git repack` paired texts of different laws of about
    the same size, and every Act's store was 253 MB; named by bill it is 69 MB.) The batches are packed with deltas
    as they are written, and the last repack joins them: there a law's first text in its batch, stored whole in it,
    may become a delta on another law's (the slice is two batches); none other."""
    monkeypatch.setattr(Store, "REPACK_FROM", 1)  # the slice is small: packed as every Act's import is
    _import(project, _clone(tmp_path))
    folder = project.store / "objects" / "pack"
    assert len(list(folder.glob("*.pack"))) == 1 and not list(folder.glob("*.bitmap"))
    reached = {line.split()[0] for line in _git(project.store, "rev-list", "--objects", "--all").splitlines()}
    packed = _packed(project.store)
    assert {row[0] for row in packed} == reached
    owners = _owners(project.store)
    texts = [row for row in packed if row[1] == "blob" and int(row[2]) > 10_000]
    deltas = [(sha, base) for sha, _kind, _size, base in texts if set(base) != {"0"}]
    assert len(deltas) >= len(texts) - 2 * len({owners[sha] for sha, *_ in texts})  # most texts are deltas
    crossed = collections.Counter(owners[sha] for sha, base in deltas if owners.get(base) != owners[sha])
    assert [bill for bill, n in crossed.items() if n > 1] == []
    # what git is given to pack: each blob named by the bill whose commits hold it (its texts sort together)
    named = dict(line.partition(" ")[::2] for line in Store.open(project.store).named_objects())
    assert {sha: named[sha].split("/")[0] for sha in owners} == owners
    assert project.run("verify").exit_code == 0


@needs_real_data
def test_a_repack_stopped_halfway_loses_nothing(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store holds the only copy of an imported law's texts: a repack that stops after writing its pack, or
    while it removes the old ones, leaves every object readable, and the next repack leaves one pack."""
    from legistrack.store import repo as store_repo

    _import(project, _clone(tmp_path), "--law", AI_ACT)
    _import(project, _clone(tmp_path, "again"), "--law", "415AC0000000057")
    folder = project.store / "objects" / "pack"
    old = sorted(folder.glob("*.pack"))
    assert len(old) >= 2
    store = Store.open(project.store)
    monkeypatch.setattr(store_repo, "_pack_count", lambda index: 0)  # the new pack found short: nothing removed
    with pytest.raises(StoreError, match="the old packs are kept"):
        store.repack()
    monkeypatch.undo()
    assert set(old) < set(folder.glob("*.pack"))
    removed: list[Path] = []
    unlink = Path.unlink

    def stops(path: Path, missing_ok: bool = False) -> None:
        if path.suffix == ".pack" and removed:  # a second old pack: the disk refuses
            raise PermissionError(13, "Permission denied")
        removed.append(path)
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", stops)
    with pytest.raises(StoreError, match="nothing is lost"):
        store.repack()
    monkeypatch.undo()
    subprocess.run(["git", "--git-dir", str(project.store), "fsck", "--connectivity-only"], check=True)
    assert project.run("verify").exit_code == 0
    store.repack()
    assert len(list(folder.glob("*.pack"))) == 1 and len(list(folder.glob("*.idx"))) == 1
    assert project.run("verify").exit_code == 0
    assert project.run("build", "--out", str(tmp_path / "site")).exit_code == 0
