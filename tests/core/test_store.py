"""The store: deterministic, readable with stock git, rebuilt per bill on insertion."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from legistrack.errors import StoreError
from legistrack.models import TEXT_NEW, TEXT_NOT_ON_FILE, Bill, Localized, Package, Source, Stage, TextRef
from legistrack.packages.read import list_bill_ids, load_package
from legistrack.publish import build as publish_build
from legistrack.store.objects import commit_message, git_timestamp, plan_bill
from legistrack.store.repo import Store

from ..conftest import BUNDLED, Project


def _stage(stage_id: str, kind: str, date: dt.date, status: str = TEXT_NEW) -> Stage:
    ref = TextRef("en", status, url="https://example.org/text" if status == TEXT_NOT_ON_FILE else "")
    return Stage(
        stage_id, kind, date, Localized.of({"en": f"{kind} on {date}"}), (Source("https://example.org/record"),), (ref,)
    )


def _package(*stages: Stage, texts: dict[tuple[str, str], str] | None = None) -> Package:
    bill = Bill("old-act", Localized.of({"en": "Old Act"}), ("en",), timezone="Asia/Tokyo", stages=stages)
    return Package(bill, texts or {})


def test_plan_is_pure_and_repeatable() -> None:
    package = load_package(BUNDLED, "jp-ai-promotion-act")
    assert plan_bill(package).refs() == plan_bill(package).refs()


def test_two_stores_get_identical_ids(tmp_path: Path) -> None:
    package = load_package(BUNDLED, "jp-ai-promotion-act")
    heads = []
    for name in ("a.git", "b.git"):
        store = Store.open(tmp_path / name, create=True)
        plan = plan_bill(package)
        store.write_objects(plan.objects)
        store.update_refs({ref: (None, sha) for ref, sha in plan.refs().items()})
        heads.append(store.refs())
    assert heads[0] == heads[1]
    assert len(heads[0]) == 23  # one branch, twenty-two tags


def test_dates_before_1970_are_kept_in_trailers(tmp_path: Path) -> None:
    stage = _stage("01-promulgated", "promulgated", dt.date(1946, 11, 3))
    package = _package(stage, texts={("01-promulgated", "en"): "Article 1\n"})
    plan = plan_bill(package)
    store = Store.open(tmp_path / "s.git", create=True)
    store.write_objects(plan.objects)
    store.update_refs({ref: (None, sha) for ref, sha in plan.refs().items()})
    assert store.fsck() == []
    log = subprocess.run(
        ["git", "--git-dir", str(tmp_path / "s.git"), "log", "--format=%at%n%B", "old-act"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert log.startswith("0\n")  # git cannot go below the epoch; the trailer carries the truth
    assert "Stage-Date: 1946-11-03" in log


def test_commit_date_is_midnight_in_the_bills_zone() -> None:
    assert git_timestamp(dt.date(2025, 2, 28), "Asia/Tokyo") == "1740668400 +0900"
    assert git_timestamp(dt.date(2019, 6, 6), "America/New_York") == "1559793600 -0400"


def test_trailers_round_trip() -> None:
    package = load_package(BUNDLED, "jp-ai-promotion-act")
    stage = package.bill.stage("04-plenary-vote")
    message = commit_message(package.bill, stage, package.versions(stage.id))
    trailers = dict(line.split(": ", 1) for line in message.rstrip().rsplit("\n\n", 1)[1].splitlines())
    assert trailers["Stage-Date"] == "2025-04-24"
    assert trailers["Stage-Kind"] == "plenary-vote"
    assert trailers["Vote-Against"] == "れいわ新選組; 日本共産党"
    assert trailers["Text-ja"].startswith("not-on-file <https://www.shugiin.go.jp/")


def test_stock_git_reads_the_store(bundled: Project, tmp_path: Path) -> None:
    log = bundled.git("log", "--format=%ad %s", "--date=short", "jp-ai-promotion-act")
    assert log.splitlines()[-1].startswith("2025-02-28 Cabinet decision")
    assert len(log.splitlines()) == 22
    tags = bundled.git("tag", "-l", "jp-ai-promotion-act/*").split()
    assert tags[0] == "jp-ai-promotion-act/01-cabinet-decision" and len(tags) == 22
    assert bundled.git("cat-file", "-t", tags[0]) == "tag\n"  # annotated
    diff = bundled.git("diff", "--stat", "jp-appi/02-amended", "jp-appi/03-amended")
    assert "ja.txt" in diff
    trailers = bundled.git(
        "log", "-1", "--format=%(trailers:key=Stage-Date,valueonly)", "jp-ai-promotion-act/09-in-force"
    )
    assert trailers.strip() == "2025-09-01"
    head = bundled.git("log", "-1", "--format=%(trailers:key=Stage-Date,valueonly)", "jp-ai-promotion-act")
    assert head.strip() == "not in the record"  # a standing obligation (附則第二条) has no day
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(bundled.store), str(clone)], check=True)
    blame = subprocess.run(
        ["git", "-C", str(clone), "blame", "--line-porcelain", "-L", "1,1", "origin/jp-appi", "--", "ja.txt"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "summary Amendments by Act No. 65 of 2015 take effect" in blame  # the first revision on file
    fsck = subprocess.run(["git", "--git-dir", str(bundled.store), "fsck", "--strict"], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr


def test_insertion_rebuilds_only_that_bill(bundled: Project) -> None:
    def refs() -> dict[str, str]:
        lines = bundled.git("for-each-ref", "--format=%(refname) %(objectname)").splitlines()
        return {line.split()[0]: line.split()[1] for line in lines}

    before = refs()
    bundled.run(
        "stage",
        "add",
        "us-hr2157-116",
        "--kind",
        "passed",
        "--date",
        "2019-05-10",
        "--insert",
        "--title",
        "Passed the House",
        "--same-text",
        "--reason",
        "a test",
        "--source",
        "https://example.org/record",
    )
    after = refs()
    changed = {ref for ref in before.keys() | after.keys() if before.get(ref) != after.get(ref)}
    assert changed == {
        "refs/heads/us-hr2157-116",
        "refs/tags/us-hr2157-116/01a-passed",
        "refs/tags/us-hr2157-116/02-signed",
    }
    log = bundled.git("log", "--format=%(trailers:key=Stage-Id,valueonly)", "us-hr2157-116").split()
    assert log == ["02-signed", "01a-passed", "01-introduced"]


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "file.txt").write_text("x")
    with pytest.raises(StoreError, match="not a git repository"):
        Store.open(tmp_path / "junk", create=True)


def test_dirty_work_tree_store_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "work"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "untracked.txt").write_text("x")
    with pytest.raises(StoreError, match="uncommitted changes"):
        Store.open(repo, create=True)


def test_the_store_alone_gives_back_every_package(bundled: Project) -> None:
    """What a bare clone of the store holds is the packages themselves: bill, stages, every fact and text."""
    store = Store.open(bundled.store)
    stored = {package.bill.id: (package, commits) for package, commits in store.read_bills()}
    for bill_id in list_bill_ids(BUNDLED):
        original = load_package(BUNDLED, bill_id)
        package, commits = stored[bill_id]
        assert package.bill == original.bill
        assert dict(package.texts) == dict(original.texts)
        assert commits == {s.stage_id: s.commit for s in plan_bill(original).stages}


def test_the_records_alone_are_the_packages_bills(bundled: Project) -> None:
    """read_records gives each bill's records as read_bills does, without its texts (a build's summaries)."""
    store = Store.open(bundled.store)
    whole = {package.bill.id: package.bill for package, _commits in store.read_bills()}
    records = store.read_records(sorted(whole))
    assert [bill.id for bill in records] == sorted(whole)
    assert {bill.id: bill for bill in records} == whole


def test_bills_are_read_a_few_at_a_time_by_the_size_of_their_texts(
    bundled: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """iter_bills gives what read_bills gives, in id order, holding about READ_CHUNK_BYTES of text at a time by the
    sizes git tells without reading: with a budget below the APPI's texts, the APPI is read alone and the bills
    around it together (a law of hundreds of MB was read beside a chunk of others sized by the bills before it)."""
    store = Store.open(bundled.store)
    whole = store.read_bills()
    ids = [package.bill.id for package, _commits in whole]
    size = {package.bill.id: sum(len(text.encode()) for text in package.texts.values()) for package, _commits in whole}
    appi = size["jp-appi"]
    assert appi > 2 * max(n for bill, n in size.items() if bill != "jp-appi")  # the bundled bills as they are
    groups: list[list[str]] = []
    packages = Store._packages

    def counted(self: Store, group, chains, entries):  # type: ignore[no-untyped-def]
        groups.append(list(group))
        return packages(self, group, chains, entries)

    monkeypatch.setattr(Store, "_packages", counted)
    monkeypatch.setattr(Store, "READ_CHUNK_BYTES", appi - 1)
    assert list(store.iter_bills(reversed(ids))) == whole
    assert ["jp-appi"] in groups and [b for g in groups for b in g] == sorted(ids)
    assert all(len(g) == 1 or sum(size[b] for b in g) <= appi - 1 for g in groups)
    assert store.sizes(["0" * 40]) == {}  # an object the store has not: no size


def _hand_made_commit(bundled: Project, tmp_path: Path) -> None:
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", "-b", "jp-appi", str(bundled.store), str(work)], check=True)
    (work / "ja.txt").write_text("第一条　改ざん\n", encoding="utf-8")
    subprocess.run(
        ["git", "-C", str(work), "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qam", "x"], check=True
    )
    subprocess.run(["git", "-C", str(work), "push", "-q", str(bundled.store), "HEAD:refs/heads/jp-appi"], check=True)


def test_a_hand_made_commit_is_refused(bundled: Project, tmp_path: Path) -> None:
    _hand_made_commit(bundled, tmp_path)
    with pytest.raises(StoreError, match="did not write"):
        Store.open(bundled.store).read_bills(["jp-appi"])


def test_a_build_that_summarizes_from_the_records_still_refuses_a_hand_made_commit(
    bundled: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build of more bills than a batch takes their lists' records unvouched for (read_records), and the bills'
    pages from read_bills, which refuses the commit: the build stops and the site is not made. (The store alone, as
    a clone of it is built: with bills/ beside it, the build's sync would first put the branch back.)"""
    _hand_made_commit(bundled, tmp_path)
    shutil.rmtree(bundled.bills)
    monkeypatch.setattr(publish_build, "BATCH_BILLS", 1)
    records = Store.read_records
    read: list[str] = []

    def counted(self: Store, bill_ids: list[str]) -> list[Bill]:
        read.extend(bill_ids)
        return records(self, bill_ids)

    monkeypatch.setattr(Store, "read_records", counted)
    out = tmp_path / "site"
    result = bundled.run("build", "--out", str(out), ok=False)
    assert "jp-appi" in read  # its summary was made from its records
    assert result.exit_code != 0 and "did not write" in result.output and not out.exists()


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], input=data, capture_output=True, check=True).stdout


def test_publish_keeps_a_pack_whose_last_byte_is_a_newline(tmp_path: Path) -> None:
    """Each published pack ends in its SHA-1, whose last byte is 0x0a once in 256 packs: that byte must reach the
    published repository (GitPython strips a trailing newline from a command's output unless told not to)."""
    store_dir = tmp_path / "s.git"
    store = Store.open(store_dir, create=True)
    tree = _git(store_dir, "mktree", data=b"").decode().strip()
    flags = Store.PUBLISH_PACK[1:]
    for i in range(20_000):  # a commit whose pack ends in 0x0a: 1 in 256 (P(none in 20,000) < 1e-30)
        commit = _git(store_dir, "commit-tree", tree, "-m", f"try {i}").decode().strip()
        pack = _git(store_dir, "pack-objects", *flags, data=f"{commit}\n".encode())
        if pack.endswith(b"\n"):
            break
    else:  # pragma: no cover
        pytest.fail("no pack ended in 0x0a")
    _git(store_dir, "update-ref", "refs/heads/old-act", commit)
    store = Store.open(store_dir)
    store.publish(tmp_path / "published.git")
    published = list((tmp_path / "published.git" / "objects" / "pack").glob("*.pack"))
    assert [p.read_bytes() for p in published] == [pack]
    assert _git(tmp_path / "published.git", "rev-parse", "old-act").decode().strip() == commit
    _git(tmp_path / "published.git", "fsck", "--strict")


def test_binary_output_of_git_comes_back_byte_for_byte(tmp_path: Path) -> None:
    """Every read of git's binary output is exact: a blob that ends in a newline keeps it."""
    store = Store.open(tmp_path / "s.git", create=True)
    blob = _git(tmp_path / "s.git", "hash-object", "-w", "--stdin", data=b"line\n\n").decode().strip()
    assert store.read([blob]) == {blob: ("blob", b"line\n\n")}
    assert store.read_one(blob, "text") == b"line\n\n"
    assert store._git("cat-file", "blob", blob, text=False) == b"line\n\n"


def _packs(store_dir: Path) -> list[str]:
    return sorted(path.name for path in (store_dir / "objects" / "pack").iterdir())


def test_batches_are_packed_while_the_next_is_planned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full batch is written on the writer's thread while the caller goes on; after the block every object is in
    the store, each batch a pack of its own, and the thread is gone."""
    from legistrack.store.batches import ObjectBatches

    monkeypatch.setattr(ObjectBatches, "BATCH", 1)
    store = Store.open(tmp_path / "s.git", create=True)
    plans = [plan_bill(load_package(BUNDLED, bill)) for bill in ("jp-ai-promotion-act", "us-hr2157-116")]
    with store.object_batches() as batches:
        for plan in plans:
            batches.add(plan.objects)
    shas = {o.sha for plan in plans for o in plan.objects}
    assert store.missing(shas) == [] and batches.written == len(shas)
    assert len(batches.packs) > 1 and batches._writer is None
    assert {f"{name}.pack" for name in batches.packs} <= set(_packs(tmp_path / "s.git"))


def test_a_pack_that_fails_on_the_writer_s_thread_stops_the_write_and_leaves_no_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third batch's pack fails while the caller plans the next: the error reaches the caller, and the packs of
    the batches before it are removed again, so the store holds exactly what it held."""
    monkeypatch.setattr("legistrack.store.batches.ObjectBatches.BATCH", 1)
    store = Store.open(tmp_path / "s.git", create=True)
    store.write_objects(plan_bill(load_package(BUNDLED, "us-hr2157-116")).objects)
    before = _packs(tmp_path / "s.git")
    written = Store._write_pack
    calls = []

    def failing(self: Store, wanted: dict[str, object]) -> tuple[int, str | None]:
        calls.append(len(wanted))
        if len(calls) == 3:
            raise StoreError("git index-pack failed (disk full): run legistrack verify")
        return written(self, wanted)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_write_pack", failing)
    plan = plan_bill(load_package(BUNDLED, "jp-ai-promotion-act"))
    with pytest.raises(StoreError, match="disk full"), store.object_batches() as batches:
        for o in plan.objects:
            batches.add([o])
    assert len(calls) >= 3 and _packs(tmp_path / "s.git") == before
    assert batches._writer is None


def test_a_big_write_packs_its_batches_with_deltas_as_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a write holds REPACK_FROM objects (tidy will pack it as one), each batch is packed with deltas on the
    writer's thread, the batches written plainly before it folded in: what is left is one pack per such batch, no
    pack stored uncompressed, every object there, each text a delta of a text of its own bill or whole."""
    from legistrack.store.batches import ObjectBatches

    monkeypatch.setattr(ObjectBatches, "BATCH", 40)
    monkeypatch.setattr(Store, "REPACK_FROM", 100)
    store = Store.open(tmp_path / "s.git", create=True)
    plans = [plan_bill(load_package(BUNDLED, bill)) for bill in ("jp-ai-promotion-act", "jp-appi", "us-hr2157-116")]
    sent = []
    write = Store._write_pack

    def spied(self: Store, wanted: Any, names: Any = None, fold: Any = ()) -> Any:
        sent.append((names is not None, len(fold)))
        return write(self, wanted, names, fold)

    monkeypatch.setattr(Store, "_write_pack", spied)
    with store.object_batches() as batches:
        for plan in plans:
            batches.add(plan.objects, plan.bill_id)
    assert sent[0] == (False, 0) and (True, 1) in sent  # the first batch plain, folded into the one that crossed
    shas = {o.sha: plan.bill_id for plan in plans for o in plan.objects}
    assert store.missing(shas) == [] and batches.written == len(shas)
    on_disk = [name for name in _packs(tmp_path / "s.git") if name.endswith(".pack")]
    assert sorted(f"{name}.pack" for name in batches.packs) == on_disk
    assert len(batches.packs) == sum(1 for deltas, _ in sent if deltas)
    out = subprocess.run(
        [
            "git",
            "--git-dir",
            str(tmp_path / "s.git"),
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objectname) %(objecttype) %(objectsize) %(objectsize:disk) %(deltabase)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    rows = [line.split() for line in out if line]
    deltas = [(sha, base) for sha, kind, _size, _disk, base in rows if kind == "blob" and set(base) != {"0"}]
    assert len(deltas) > 20 and all(shas[sha] == shas[base] for sha, base in deltas)
    assert sum(int(r[3]) for r in rows) < sum(int(r[2]) for r in rows) / 3  # compressed, not stored


def test_many_refs_are_moved_by_writing_packed_refs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many refs moved at once go straight into packed-refs (no loose file each), which stock git reads; a ref not
    where the caller says, an object the store lacks, or packed-refs.lock held by git refuses the whole move and
    leaves the refs as they were; with a loose ref in the store, git's own transaction moves them."""
    monkeypatch.setattr(Store, "PACKED_REFS_FROM", 2)
    store = Store.open(tmp_path / "s.git", create=True)
    git_dir = tmp_path / "s.git"
    plan = plan_bill(load_package(BUNDLED, "jp-ai-promotion-act"))
    store.write_objects(plan.objects)
    store.update_refs({ref: (None, sha) for ref, sha in plan.refs().items()})
    assert [p for p in (git_dir / "refs").rglob("*") if p.is_file()] == []
    listed = subprocess.run(
        ["git", "--git-dir", str(git_dir), "for-each-ref", "--format=%(refname) %(objectname)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert dict(line.split() for line in listed.splitlines()) == plan.refs() == store.refs()
    assert store.fsck() == []
    before = (git_dir / "packed-refs").read_bytes()
    branch = f"refs/heads/{plan.bill_id}"
    tag = next(ref for ref in plan.refs() if ref.startswith("refs/tags/"))
    wrong = {branch: ("0" * 39 + "1", plan.refs()[tag]), tag: (plan.refs()[tag], None)}
    with pytest.raises(StoreError, match="refused the update"):
        store.update_refs(wrong)
    with pytest.raises(StoreError, match="no object"):
        store.update_refs({branch: (plan.refs()[branch], "1" * 40), tag: (plan.refs()[tag], None)})
    (git_dir / "packed-refs.lock").write_text("", encoding="ascii")
    with pytest.raises(StoreError, match=r"packed-refs\.lock"):
        store.update_refs({tag: (plan.refs()[tag], None), branch: (plan.refs()[branch], plan.refs()[tag])})
    (git_dir / "packed-refs.lock").unlink()
    assert (git_dir / "packed-refs").read_bytes() == before and store.refs() == plan.refs()
    subprocess.run(
        ["git", "--git-dir", str(git_dir), "update-ref", "refs/heads/loose", plan.refs()[branch]], check=True
    )
    store.update_refs({tag: (plan.refs()[tag], None), "refs/heads/other": (None, plan.refs()[branch])})
    assert (git_dir / "refs" / "heads" / "other").is_file()  # git's own transaction wrote it
    assert tag not in store.refs() and store.fsck() == []


def test_a_batch_with_nothing_new_still_folds_the_plain_batches_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch that brings a write to REPACK_FROM objects may hold none the store lacks (a bill written before):
    the plain packs before it are packed with deltas all the same, and none is lost track of."""
    from legistrack.store.batches import ObjectBatches

    monkeypatch.setattr(ObjectBatches, "BATCH", 10**6)
    store = Store.open(tmp_path / "s.git", create=True)
    old = plan_bill(load_package(BUNDLED, "us-hr2157-116"))
    store.write_objects(old.objects)
    new = plan_bill(load_package(BUNDLED, "jp-ai-promotion-act"))
    monkeypatch.setattr(Store, "REPACK_FROM", len(new.objects) + 1)
    with store.object_batches() as batches:
        batches.add(new.objects, new.bill_id)
        batches._send()  # plain: fewer than REPACK_FROM
        batches.add(old.objects, old.bill_id)  # nothing new, but the write now counts REPACK_FROM
        batches._send()
    assert len(batches.packs) == 1 and batches.written == len(new.objects)
    packs = [name for name in _packs(tmp_path / "s.git") if name.endswith(".pack")]
    assert f"{batches.packs[0]}.pack" in packs and len(packs) == 2  # the earlier write's pack, and the folded one
    assert store.missing(o.sha for o in (*new.objects, *old.objects)) == []


def test_bills_of_one_series_are_published_in_one_pack_and_delta_against_each_other(tmp_path: Path) -> None:
    """git makes deltas only between objects of one pack, and the manifests of a series (jp-900-shu-1, -2, ...: one
    session's bills of one House's members) are alike: they share a pack, and each is stored as a delta against
    another; a bill of another series and a law (no number after a dash) are grouped by their own ids."""
    note = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(800))  # words zlib alone cannot shrink much
    store_dir = tmp_path / "s.git"
    store = Store.open(store_dir, create=True)
    series = [f"jp-900-shu-{n}" for n in range(1, 9)]
    for bill_id in series:
        stage = Stage(
            "01-introduced",
            "introduced",
            dt.date(2018, 6, 27),
            Localized.of({"ja": f"{bill_id} 提出"}),
            (Source("https://example.org/keika", note=Localized.of({"ja": note})),),
            (TextRef("ja", TEXT_NOT_ON_FILE, url="https://example.org/honbun"),),
        )
        bill = Bill(bill_id, Localized.of({"ja": bill_id}), ("ja",), timezone="Asia/Tokyo", stages=(stage,))
        plan = plan_bill(Package(bill, {}))
        store.write_objects(plan.objects)
        store.update_refs({ref: (None, sha) for ref, sha in plan.refs().items()})
    assert len({Store.publish_group(b) for b in series}) == 1
    assert Store.publish_group("jp-900-shu-1") != Store.publish_group("jp-900-kaku-1")  # another series
    assert Store.publish_group("jp-122ac0000000034") != Store.publish_group("jp-122ac0000000035")  # laws: each its own
    published = tmp_path / "published.git"
    Store.open(store_dir).publish(published)
    (pack,) = (published / "objects" / "pack").glob("*.pack")
    alone = sum(len(_git(store_dir, "pack-objects", *Store.PUBLISH_PACK[1:], data=f"{b}\n".encode())) for b in series)
    assert pack.stat().st_size < alone / 2  # one bill's manifest in full, the others as deltas
    _git(published, "fsck", "--strict")
