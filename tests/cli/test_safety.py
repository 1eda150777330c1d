"""Hostile and careless use, and faults: each is one line naming the problem and the fix, a non-zero exit, and
bills/, the store and the site exactly as they were."""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import filelock
import pytest
from click.testing import Result

from legistrack.commands.site import serve
from legistrack.errors import StoreError
from legistrack.project import Project as LtProject
from legistrack.site import output
from legistrack.store import journal as journal_module
from legistrack.store.repo import Store
from legistrack.workers import PAGEFIND_TIED

from ..conftest import Project, snapshot

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


def _one_error(result: Result, *needles: str) -> str:
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.output
    for needle in needles:
        assert needle in errors[0], result.output
    assert result.exit_code != 0
    return errors[0]


def _everything(p: Project) -> dict[str, str]:
    """Every file of the project (bills/, the store, the site, anything else) by content hash."""
    return snapshot(p.root)


# --- 1. build --out never replaces what it did not build ----------------------------------------------------


@pytest.mark.parametrize("where", ["root", "dot", "bills", "store", "parent", "thesis", "state", "inside-bills"])
def test_build_out_refuses_what_it_did_not_make(demo: Project, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo.root)
    (demo.root / "thesis").mkdir()
    (demo.root / "thesis" / "thesis.txt").write_text("my thesis")
    (demo.root / ".legistrack").mkdir(exist_ok=True)
    out = {
        "root": str(demo.root),
        "dot": ".",
        "bills": str(demo.bills),
        "store": str(demo.store),
        "parent": str(demo.root.parent),
        "thesis": "thesis",
        "state": ".legistrack",
        "inside-bills": str(demo.bills / "demo" / "site"),
    }[where]
    before = _everything(demo)
    result = demo.run("build", "--out", out, ok=False)
    _one_error(result, "--out", "give")
    assert _everything(demo) == before


@pytest.mark.slow
def test_build_out_replaces_its_own_build_and_keeps_the_readme(demo: Project) -> None:
    out = demo.root / "site"
    out.mkdir()
    (out / "README.md").write_text("kept")
    demo.run("build", "--out", str(out))
    assert (out / ".legistrack-build").is_file() and (out / "README.md").read_text() == "kept"
    demo.run("build", "--out", str(out), "--force")  # its own build: replaced
    assert (out / "en" / "demo" / "index.html").is_file()


def test_an_old_site_being_removed_is_left_to_its_remover(tmp_path: Path) -> None:
    """The process that removes a replaced site holds its lock: the next build's clean_stale passes it by (at the
    whole record's size it would remove 78,000 files a second time, and a no-op build waited 40 s for that); a
    remover that finds the folder taken leaves it; one that died leaves its lock free for clean_stale."""
    out = tmp_path / "site"
    old = tmp_path / ".site.old-1"
    (old / "en").mkdir(parents=True)
    (old / "en" / "index.html").write_text("the previous site")
    held = filelock.FileLock(str(old / ".lock"), timeout=0)
    held.acquire()  # a remover at work
    try:
        assert output.clean_stale(out) == [] and old.is_dir()
        output.remove_later(old)  # a second remover finds it taken and leaves it
        time.sleep(1.0)
        assert (old / "en" / "index.html").is_file()
    finally:
        held.release()
    assert output.clean_stale(out) == [old] and not old.exists()  # its remover gone: removed here
    old.mkdir()
    output.remove_later(old)
    for _ in range(100):
        if not old.exists():
            break
        time.sleep(0.1)
    assert not old.exists()


@pytest.mark.slow
def test_stale_build_folders_are_removed(demo: Project) -> None:
    out = demo.root / "site"
    stale = [demo.root / f".site.building-{n}" for n in ("a1", "b2")]
    for folder in stale:
        folder.mkdir()
        (folder / "index.html").write_text("half a build")
    demo.run("build", "--out", str(out))
    assert not any(folder.exists() for folder in stale)
    assert not list(demo.root.glob(".site.building-*"))
    # the previous site goes in a process of its own once the new one is in place (not on the maintainer's time)
    for _ in range(100):
        if not list(demo.root.glob(".site.old-*")):
            break
        time.sleep(0.1)
    assert not list(demo.root.glob(".site.old-*"))
    # a build with nothing to do ("Up to date") removes them too
    for folder in stale:
        folder.mkdir()
    assert "up to date" in demo.run("build", "--out", str(out)).output.lower()
    assert not any(folder.exists() for folder in stale)


def _children(pid: int) -> set[int]:
    """The processes `pid` started (Linux /proc), and theirs."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in map(int, (task / "children").read_text().split()):
                found |= {child, *_children(child)}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads processes from Linux's /proc")
@pytest.mark.parametrize("child", ["workers", "pagefind"])
def test_a_killed_build_leaves_no_process_running(bundled: Project, child: str) -> None:
    """A build killed outright (SIGKILL) while its worker processes diff and render, or while Pagefind indexes,
    takes them with it."""
    out = bundled.root / "site"
    project = ["--bills", str(bundled.bills), "--store", str(bundled.store)]
    build = subprocess.Popen(
        [sys.executable, "-m", "legistrack", *project, "build", "--out", str(out), "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        found = {p: _cmdline(p) for p in _children(build.pid)}
        if child == "workers":
            seen = {p for p, line in found.items() if "legistrack" in line and "pagefind" not in line}
        else:
            seen = {p for p, line in found.items() if "pagefind" in line}
        if len(seen) >= (2 if child == "workers" else 1):
            break
        time.sleep(0.02)
    assert seen, f"the build finished before its {child} could be seen"
    build.kill()
    build.wait()
    deadline = time.monotonic() + 1.5  # the kernel ends them at once; left alone, they run on for seconds
    while any(_alive(p) for p in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in seen), f"{child} outlived the killed build"


# --- 2 and 4. the journal is read with suspicion -------------------------------------------------------------


def _plant(p: Project, record: dict[str, object]) -> Path:
    path = p.root / ".legistrack" / "journal.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(record))
    return path


def _real_record(p: Project) -> dict[str, object]:
    bills = p.bills.resolve()
    return {
        "format": "legistrack-journal/3",
        "bills": str(bills),
        "bills_identity": [bills.stat().st_dev, bills.stat().st_ino],
        "store": str(p.store.absolute()),
        "files": [],
        "dirs": [],
        "refs": {},
    }


@pytest.mark.parametrize(
    "case",
    ["absolute-path", "dotdot", "outside-ref", "other-checkout", "old-format", "missing-key", "not-json", "symlink"],
)
def test_planted_journal_touches_nothing(demo: Project, tmp_path: Path, case: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    record = _real_record(demo)
    b64 = base64.b64encode(b"owned").decode()
    if case == "absolute-path":
        record["files"] = [{"path": str(victim), "old": b64, "new_sha256": None}]
    elif case == "dotdot":
        record["files"] = [{"path": "../../victim.txt", "old": b64, "new_sha256": None}]
    elif case == "outside-ref":
        record["refs"] = {"refs/remotes/origin/main": [None, "0" * 40]}
    elif case == "other-checkout":
        record["bills_identity"] = [1, 2]
        record["files"] = [{"path": "demo/bill.toml", "old": b64, "new_sha256": None}]
    elif case == "old-format":  # the journal of the previous legistrack: absolute paths, trusted blindly
        record = {"store": None, "files": [{"path": str(victim), "old": b64, "new": None}], "dirs": [], "refs": {}}
    elif case == "missing-key":
        del record["refs"]
    elif case == "symlink":
        (demo.bills / "demo" / "link").symlink_to(tmp_path)
        record["files"] = [{"path": "demo/link/victim.txt", "old": b64, "new_sha256": None}]
    path = _plant(demo, record)
    if case == "not-json":
        path.write_text("{not json")
    before = demo.state()
    result = demo.run("stage", "list", "demo", ok=False)
    _one_error(result, "journal", "delete")
    assert victim.read_text() == "precious"
    assert demo.state() == before
    assert path.exists()  # kept for the maintainer to look at


def _kill_during_add(p: Project) -> None:
    script = textwrap.dedent(
        f"""
        import os
        from legistrack.store.repo import Store
        Store.update_refs = lambda self, updates: os._exit(9)
        from legistrack.cli import main
        import sys
        sys.argv = ["legistrack", "--bills", {str(p.bills)!r}, "--store", {str(p.store)!r}, *{ADD!r}]
        main()
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ})
    assert proc.returncode == 9, proc.stderr


def test_recovery_keeps_an_edit_made_after_the_crash(demo: Project) -> None:
    _kill_during_add(demo)
    manifest = demo.bills / "demo" / "bill.toml"
    edited = manifest.read_text(encoding="utf-8") + "\n# the maintainer's note after the crash\n"
    manifest.write_text(edited, encoding="utf-8")
    result = demo.run("stage", "list", "demo", ok=False)
    _one_error(result, "bill.toml was changed after an interrupted", "delete the journal and run legistrack sync")
    assert manifest.read_text(encoding="utf-8") == edited
    # the way out the message gives
    (demo.root / ".legistrack" / "journal.json").unlink()
    demo.run("sync")
    demo.run("verify")
    assert manifest.read_text(encoding="utf-8") == edited


def test_recovery_of_a_real_crash_still_works(demo: Project) -> None:
    before = demo.state()
    _kill_during_add(demo)
    assert demo.state() != before
    demo.run("stage", "list", "demo")
    assert demo.state() == before


def test_recovery_of_a_journal_of_the_previous_format(demo: Project) -> None:
    """A journal left by the legistrack before (format 2: the new contents in full) is still rolled back."""
    before = demo.state()
    _kill_during_add(demo)
    path = demo.root / ".legistrack" / "journal.json"
    record = json.loads(path.read_text())
    assert record["format"] == "legistrack-journal/3"
    for entry in record["files"]:  # the killed write had written every file: each holds its new content
        del entry["new_sha256"]
        entry["new"] = base64.b64encode((demo.bills / entry["path"]).read_bytes()).decode()
    path.write_text(json.dumps({**record, "format": "legistrack-journal/2"}))
    demo.run("stage", "list", "demo")
    assert demo.state() == before and not path.exists()


def test_what_a_killed_import_put_aside_is_cleared(demo: Project, tmp_path: Path) -> None:
    """New files wait in .legistrack/staged/ during a big write; a process killed before its write began leaves
    them there, and the next write clears them without using them (a link there is removed, never followed)."""
    staged = demo.root / ".legistrack" / "staged" / "demo"
    staged.mkdir(parents=True)
    (staged / "bill.toml").write_text("# left by a killed import\n")
    demo.run(*ADD)
    assert not (demo.root / ".legistrack" / "staged").exists()
    assert "killed import" not in (demo.bills / "demo" / "bill.toml").read_text(encoding="utf-8")
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (victim / "keep.txt").write_text("precious")
    (demo.root / ".legistrack" / "staged").symlink_to(victim)
    demo.run("sync")
    assert not (demo.root / ".legistrack" / "staged").exists() and (victim / "keep.txt").read_text() == "precious"


# --- 3. symbolic links ---------------------------------------------------------------------------------------


def test_symlinked_text_never_reaches_the_store(demo: Project, tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:secret\n")
    text = demo.bills / "demo" / "texts" / "02-plenary-vote.ja.txt"
    text.unlink()
    text.symlink_to(secret)
    before = demo.state()
    for command in (["sync"], ["verify"], ["build", "--out", str(tmp_path / "site")]):
        result = demo.run(*command, ok=False)
        _one_error(result, "symbolic link", "replace it with the file itself")
    assert demo.state() == before
    assert "secret" not in demo.git("log", "--all", "-p")
    assert not (tmp_path / "site").exists()


def test_symlinked_package_and_manifest_are_refused(demo: Project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(demo.bills / "demo", elsewhere)
    (demo.bills / "other").symlink_to(elsewhere)
    _one_error(demo.run("sync", ok=False), "symbolic link")
    (demo.bills / "other").unlink()
    manifest = demo.bills / "demo" / "bill.toml"
    shutil.move(manifest, tmp_path / "bill.toml")
    manifest.symlink_to(tmp_path / "bill.toml")
    _one_error(demo.run("stage", "list", "demo", ok=False), "symbolic link")


def test_stage_add_refuses_a_symlinked_or_endless_text(demo: Project, tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("第一条　本文\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    before = demo.state()
    _one_error(demo.run(*ADD, "--text", str(link), ok=False), "symbolic link")
    started = time.monotonic()
    _one_error(demo.run(*ADD, "--text", "/dev/zero", ok=False), "not a regular file")
    assert time.monotonic() - started < 5
    _one_error(demo.run(*ADD, "--text", str(tmp_path), ok=False), "is a directory")
    _one_error(demo.run(*ADD, "--text", str(tmp_path / "nope.txt"), ok=False), "does not exist")
    assert demo.state() == before
    _one_error(demo.run("import", "/dev/zero", ok=False), "not a regular file")
    _one_error(demo.run("diff", "/dev/zero", str(real), ok=False), "/dev/zero is not a")


def _serve(demo: Project, out: Path) -> tuple[str, threading.Event, threading.Thread, list[str]]:
    project = LtProject.locate(demo.bills, demo.store)
    messages: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(project, out, 0),
        daemon=True,
        kwargs={"report": messages.append, "stop": stop, "interval": 0.2},
    )
    thread.start()
    deadline = time.monotonic() + 60
    while not any(m.startswith("serving") for m in messages):
        assert time.monotonic() < deadline, messages
        time.sleep(0.05)
    return next(m for m in messages if m.startswith("serving")).split()[1], stop, thread, messages


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_serve_follows_no_link_and_survives_bad_paths(demo: Project, tmp_path: Path) -> None:
    out = tmp_path / "site"
    url, stop, thread, _messages = _serve(demo, out)
    try:
        (out / "passwd").symlink_to("/etc/passwd")
        (out / "etc").symlink_to("/etc")
        assert _status(url + "en/demo/index.html") == 200
        assert _status(url + "passwd") == 404
        assert _status(url + "etc/passwd") == 404
        assert _status(url + "%00") == 400
        assert _status(url + "en/%00/x") == 400
        assert _status(url + "../../../etc/passwd") in (400, 404)
        assert _status(url + "en/demo/index.html") == 200  # still serving
    finally:
        stop.set()
        thread.join(timeout=10)


# --- 5. a bill with no stages --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_bill_with_no_stages_builds_and_serves(project: Project, tmp_path: Path) -> None:
    project.run("new", "empty", "--title", "Nothing yet", "--title-in", "ja", "まだない")
    project.run("sync")
    out = tmp_path / "site"
    # The store holds a bill from its first stage on (one commit per stage), and the site is the store.
    assert "empty has no stage yet" in project.run("build", "--out", str(out)).output
    assert (out / "en" / "index.html").is_file() and not (out / "en" / "empty").exists()
    project.run(
        "stage",
        "add",
        "empty",
        "--kind",
        "introduced",
        "--date",
        "2025-01-01",
        "--title",
        "Introduced",
        "--source",
        "https://example.org/i",
    )
    project.run("build", "--out", str(out))
    assert "Introduced" in (out / "en" / "empty" / "index.html").read_text(encoding="utf-8")
    url, stop, thread, messages = _serve(project, tmp_path / "served")
    try:
        assert _status(url + "en/empty/index.html") == 200
        assert not any(m.startswith("Error") for m in messages), messages
    finally:
        stop.set()
        thread.join(timeout=10)


# --- 6. a damaged store --------------------------------------------------------------------------------------


def _objects(store: Path) -> list[Path]:
    """Every object of the store as a loose file (packs unpacked first), so a test can delete one."""
    for pack in sorted((store / "objects" / "pack").glob("*.pack")):
        data = pack.read_bytes()
        pack.unlink()
        pack.with_suffix(".idx").unlink()
        for other in pack.parent.glob(pack.stem + ".*"):
            other.unlink()
        subprocess.run(["git", "--git-dir", str(store), "unpack-objects", "-q"], input=data, check=True)
    return [p for p in (store / "objects").glob("??/*") if p.is_file()]


def test_verify_reports_a_missing_object_in_one_line(demo: Project) -> None:
    text_blob = demo.git("rev-parse", "demo:ja.txt").strip()
    _objects(demo.store)
    (demo.store / "objects" / text_blob[:2] / text_blob[2:]).unlink()
    result = demo.run("verify", ok=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert any(text_blob[:12] in line or "missing" in line for line in result.output.splitlines())
    assert all(len(line) < 400 for line in result.output.splitlines())


@pytest.mark.parametrize("damage", ["pack deleted", "index deleted", "pack cut short"])
def test_verify_reports_a_damaged_pack_in_one_line_and_sync_heals_it(demo: Project, damage: str) -> None:
    """verify exists to find damage: a pack or its index gone or cut short is one line and exit 1, never a
    traceback; sync writes the objects again from bills/ (a pack cut short too, whose name git keeps)."""
    demo.git("repack", "-a", "-d", "-q")  # the store as a big write leaves it: one pack
    (pack,) = (demo.store / "objects" / "pack").glob("*.pack")
    if damage == "pack deleted":
        pack.unlink()
    elif damage == "index deleted":
        pack.with_suffix(".idx").unlink()
    else:
        pack.chmod(0o644)
        pack.write_bytes(pack.read_bytes()[: pack.stat().st_size // 2])
    before = demo.state()
    result = demo.run("verify", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if line.startswith("problem:")]
    assert len(problems) == 1 and "the store is damaged" in problems[0], result.output
    assert "legistrack sync" in problems[0] and len(problems[0]) < 500
    assert json.loads(demo.run("verify", "--json", ok=False).output)["problems"] == [problems[0][len("problem: ") :]]
    assert demo.state() == before
    demo.run("sync")
    demo.run("verify")


def test_writing_into_a_store_that_lost_its_objects_is_refused(demo: Project) -> None:
    demo.run("new", "other", "--title", "Other")
    demo.run(
        "stage",
        "add",
        "other",
        "--kind",
        "introduced",
        "--date",
        "2025-01-01",
        "--title",
        "I",
        "--source",
        "https://example.org/i",
    )
    for path in _objects(demo.store):
        path.unlink()
    before = demo.state()
    _one_error(demo.run(*ADD, ok=False), "damaged", "legistrack sync")
    assert demo.state() == before
    demo.run("sync")  # rewrites every object from bills/
    demo.run("verify")


# --- 8. faults become messages -------------------------------------------------------------------------------


def test_full_disk_while_writing_bills(demo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    real = journal_module.write_atomic

    def full(path: Path, data: bytes) -> None:
        if path.name == "bill.toml":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(journal_module, "write_atomic", full)
    before = demo.state()
    _one_error(demo.run(*ADD, ok=False), "No space left on device", "free some disk space")
    assert demo.state() == before
    assert not (demo.root / ".legistrack" / "journal.json").exists()


def test_full_disk_while_moving_refs(demo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Store.update_refs
    calls: list[int] = []

    def full(self: Store, updates: dict[str, tuple[str | None, str | None]]) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("the store refused the update (error: No space left on device): run legistrack verify")
        real(self, updates)

    monkeypatch.setattr(Store, "update_refs", full)
    before = demo.state()
    _one_error(demo.run(*ADD, ok=False), "No space left on device")
    assert demo.state() == before


def test_lock_that_is_a_directory(demo: Project) -> None:
    lock = demo.root / ".legistrack" / "lock"
    if lock.exists():
        lock.unlink()
    lock.mkdir()
    before = demo.state()
    _one_error(demo.run(*ADD, ok=False), "is not a plain file", "remove it")
    assert demo.state() == before


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_lock_timeout_must_be_a_number_of_seconds(demo: Project, value: str) -> None:
    _one_error(demo.run("--lock-timeout", value, *ADD, ok=False), "--lock-timeout")


def test_pagefind_failure_is_a_message(demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = subprocess.Popen
    panic = [sys.executable, "-c", "import sys; sys.stderr.write('pagefind: thread panicked'); sys.exit(1)"]

    def popen(args: list[str], *rest: Any, **kwargs: Any) -> Any:
        # Pagefind runs as `python -c PAGEFIND_TIED` (its options in a config file beside it)
        return real(panic if PAGEFIND_TIED in args else args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    out = tmp_path / "site"
    _one_error(demo.run("build", "--out", str(out), ok=False), "Pagefind", "the site was not changed")
    assert not out.exists() and not list(tmp_path.glob(".site.building-*"))


# --- 9. a missing bill.toml is not a removed bill ------------------------------------------------------------


def test_missing_manifest_is_not_a_removed_bill(demo: Project) -> None:
    (demo.bills / "demo" / "bill.toml").unlink()
    refs = demo.git("for-each-ref")
    for command in (["sync", "--prune"], ["sync"], ["verify"]):
        _one_error(demo.run(*command, ok=False), "has no bill.toml", "restore it")
    assert demo.git("for-each-ref") == refs


# --- 10. nothing silently dropped or accepted ----------------------------------------------------------------

SILENT = [
    ([*ADD, "--source-title", "A", "--source-title", "B"], "--source-title"),
    ([*ADD, "--source-publisher", "A", "--source-publisher", "B"], "--source-publisher"),
    ([*ADD, "--document", "foo"], "TITLE=URL"),
    ([*ADD, "--document", "foo=javascript:alert(1)"], "not an http(s) URL"),
    ([*ADD[:6], "9999-12-31", *ADD[7:]], "more than 10 years from today"),
    ([*ADD, "--source-date", "9999-12-31"], "more than 10 years from today"),
    ([*ADD, "--title-in", "ja", "\u202eevil"], "bidirectional control"),
    (["build", "--source-date-epoch", "-5"], "--source-date-epoch"),
    (["timeline", "demo", "--lang", "xx"], "--lang"),
    ([*ADD, "--meeting", "内閣委員会 第12号" * 10_000], "over the 4,096 a one-line field may hold"),
    ([*ADD[:8], "T" * 5_000, *ADD[9:]], "over the 4,096 a one-line field may hold"),
]


@pytest.mark.parametrize(("args", "needle"), SILENT)
def test_nothing_silently_accepted(demo: Project, args: list[str], needle: str) -> None:
    before = demo.state()
    _one_error(demo.run(*args, ok=False), needle)
    assert demo.state() == before


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('kind = "enacted"', 'kind = "enacted"\nvote = { yes = 99999999999999999999 }', "whole number"),
        ("date = 2025-05-28", "date = 9999-12-31", "more than 10 years"),
        ('title = {en = "Enacted"}', 'title = {en = "\u202eEnacted"}', "bidirectional"),
    ],
)
def test_manifest_values_out_of_range(demo: Project, old: str, new: str, needle: str) -> None:
    manifest = demo.bills / "demo" / "bill.toml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text, text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = demo.state()
    _one_error(demo.run("sync", ok=False), needle)
    assert demo.state() == before


# --- 13. click's usage errors say how to fix them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["stage", "add", "demo", "--kind", "enacted"], "Missing option"),
        (["stage", "add", "demo", "--bogus"], "No such option"),
        (["stage", "list"], "Missing argument"),
        (["bogus"], "No such command"),
        (["stage", "add", "demo", "--kind", "bogus"], "'bogus' is not one of"),
        (["stage", "add", "demo", "--kind", "plan-adopt"], "not one of the 30 stage kinds (closest: plan-adopted)"),
        (["stage", "add", "demo", "--kind", "event", "--date", "2025-13-45", "--title", "x"], "impossible date"),
        (["stage", "add", "demo", "--kind", "event", "--date", "2025-06-04", "--title", "x"], "--source"),
        (["import", "diet-bills", "--session", "-1", "x"], "No such option"),
        (["--lock-timeout", "x", "stage", "list", "demo"], "--lock-timeout"),
        (["diff", "a", "b", "--context", "x"], "not a number of lines"),
        (["build", "--out"], "requires an argument"),
    ],
)
def test_usage_errors_name_the_fix(demo: Project, args: list[str], needle: str) -> None:
    result = demo.run(*args, ok=False)
    assert result.exit_code == 2
    line = _one_error(result, needle, "--help")
    assert result.output.strip() == line  # one line: no `Usage:` and `Try ... --help` block around it
    assert len(line) < 400
    assert "((" not in line and "))" not in line  # the problem, then the fix: no nested brackets
