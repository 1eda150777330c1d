"""The site of laws imported from legalize-jp at scale: a build holds a batch of laws at a time, and a rebuild after
one revision diffs that revision alone. Real laws of the slice (shared/real-data/jp-legalize-slice/): the APPI (26
revisions), the AI Act and the GX Promotion Act, in real temporary git repositories."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

from legistrack.publish import build as build_module
from legistrack.site import model as site_model
from legistrack.site import search as site_search
from legistrack.store.repo import Store

from ..conftest import BUNDLED, Project, needs_real_data
from .test_legalize import _clone, _git, _import

LAWS = ("415AC0000000057", "507AC0000000053", "505AC0000000032")


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _project(tmp_path: Path, name: str = "p") -> Project:
    p = Project(tmp_path / name)
    p.bills.mkdir(parents=True)
    return p


@needs_real_data
@pytest.mark.parametrize("limit", ["BATCH_CHARS", "BATCH_BILLS"])
def test_a_build_in_batches_is_the_build_in_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str) -> None:
    """With a batch of one law (by its text: the build of every Act holds about 24 M characters at a time, not
    1.2 G; or by the number of bills: the Diet's thousands have little text), the site is byte for byte the site
    built from one batch."""
    p = _project(tmp_path)
    _import(p, _clone(tmp_path), *(a for law in LAWS for a in ("--law", law)))
    p.run("build", "--out", str(tmp_path / "one"))
    batches: list[int] = []
    prepare = site_model.prepare

    def counted(stored, earlier=None):  # type: ignore[no-untyped-def]
        stored = list(stored)
        batches.append(len(stored))
        return prepare(stored, earlier)

    monkeypatch.setattr(build_module, limit, 1)
    monkeypatch.setattr(site_model, "prepare", counted)
    p.run("build", "--out", str(tmp_path / "many"))
    assert batches == [1, 1, 1]
    assert _files(tmp_path / "many") == _files(tmp_path / "one")


@needs_real_data
def test_a_law_over_what_a_batch_holds_is_held_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch never goes over its budget of text by more than one bill: a law that would take it over waits for
    the next batch (所得税法-sized laws, 80 M characters, held beside a full batch took the whole record's build
    to 2 GB). Here the budget holds the APPI but not the APPI and the GX Act: the APPI is held alone, then the GX
    Act and the AI Act together (before, the APPI and the GX Act were held at once); the site is the same."""
    p = _project(tmp_path)
    _import(p, _clone(tmp_path), *(a for law in LAWS for a in ("--law", law)))
    p.run("build", "--out", str(tmp_path / "one"))
    store = Store.open(p.store)
    try:
        chars = {s[0].bill.id: build_module._chars(s) for s in store.iter_bills(store.bill_ids())}
    finally:
        store.close()
    appi, gx, ai = chars["jp-415ac0000000057"], chars["jp-505ac0000000032"], chars["jp-507ac0000000053"]
    assert gx + ai < appi  # the slice as it is: the budget below fits the two small laws together
    batches: list[list[str]] = []
    prepare = site_model.prepare

    def counted(stored, earlier=None):  # type: ignore[no-untyped-def]
        stored = list(stored)
        batches.append([s[0].bill.id for s in stored])
        models = prepare(stored, earlier)
        # and what the batch holds of a law's diffs is what its pages show: the changed units, the others counted
        # (the workers send back no more: the whole record's build spent a third of its time pickling the rest)
        for m in models:
            assert m.compact and m.diffs
            for diff in m.diffs.values():
                assert diff.omitted_unchanged and all(c.changed or c.formatting_only for c in diff.units)
        return models

    monkeypatch.setattr(build_module, "BATCH_CHARS", appi + gx - 1)
    monkeypatch.setattr(site_model, "prepare", counted)
    p.run("build", "--out", str(tmp_path / "many"))
    assert batches == [["jp-415ac0000000057"], ["jp-505ac0000000032", "jp-507ac0000000053"]]
    assert _files(tmp_path / "many") == _files(tmp_path / "one")


@needs_real_data
def test_a_rebuild_after_new_revisions_diffs_them_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After `git pull` and an import, the APPI and the AI Act each gain a revision: the rebuild diffs those two
    pairs and takes every earlier one from the previous build, and the site is the one a fresh build gives."""
    repo = _clone(tmp_path)
    newest = _git(repo, "rev-parse", "HEAD").strip()
    _git(repo, "reset", "-q", "--hard", "HEAD~2")  # the two laws' last revisions not yet committed
    p = _project(tmp_path)
    laws = [a for law in LAWS for a in ("--law", law)]
    _import(p, repo, *laws)
    site = tmp_path / "site"
    p.run("build", "--out", str(site))
    _git(repo, "reset", "-q", "--hard", newest)
    assert sorted(_import(p, repo, *laws)["updated"]) == ["jp-415ac0000000057", "jp-507ac0000000053"]
    # a diff the previous build left that does not read back (damaged: not gzip, or gzip of no JSON) is worked out
    # again, not trusted
    damaged = sorted((site / "jp-415ac0000000057" / "diff").glob("*.json.gz"))[:2]
    for path, data in zip(damaged, (b"{not json", gzip.compress(b"{not json")), strict=True):
        path.unlink()  # hard-linked from the build before: the other copy stays as it was
        path.write_bytes(data)
    diffed: list[tuple[str, str]] = []
    pair = site_model._diff_pair

    def counted(job: tuple[str, str, bool]):  # type: ignore[no-untyped-def]
        diffed.append(job[:2])
        return pair(job)

    monkeypatch.setattr(site_model, "PARALLEL_FROM", 10**9)  # in this process, to count them
    monkeypatch.setattr(site_model, "_diff_pair", counted)
    p.run("build", "--out", str(site))
    assert len(diffed) == 4  # the two new revisions, and the two pairs whose files were damaged
    monkeypatch.undo()
    p.run("build", "--out", str(tmp_path / "fresh"), "--force")
    assert _files(site) == _files(tmp_path / "fresh")


@needs_real_data
def test_the_published_store_keeps_each_revision_as_a_delta(tmp_path: Path) -> None:
    """The APPI through its 26 revisions, published: each revision's text a delta on another (git pairs texts for
    deltas by their path, and a store repacked with a reachability bitmap lists objects without paths: every law's
    text packed whole, the store of every Act 5 times its size), and the same bytes with or without the bitmap."""
    p = _project(tmp_path)
    _import(p, _clone(tmp_path), "--law", LAWS[0])
    store_dir = p.store
    packs: list[bytes] = []
    for bitmap in ("--write-bitmap-index", "--no-write-bitmap-index"):
        subprocess.run(["git", "--git-dir", str(store_dir), "repack", "-a", "-d", "-q", bitmap], check=True)
        assert any((store_dir / "objects" / "pack").glob("*.bitmap")) == (bitmap == "--write-bitmap-index")
        out = tmp_path / f"published{len(packs)}.git"
        Store.open(store_dir).publish(out)
        (pack,) = (out / "objects" / "pack").glob("*.pack")
        packs.append(pack.read_bytes())
        listed = subprocess.run(
            [
                "git",
                "--git-dir",
                str(out),
                "cat-file",
                "--batch-all-objects",
                "--batch-check=%(objectsize) %(deltabase)",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        texts = [line.split() for line in listed.splitlines() if int(line.split()[0]) > 50_000]
        assert len(texts) >= 20  # the APPI's texts, each over 50 KB
        whole = [size for size, base in texts if set(base) == {"0"}]
        assert len(whole) <= 2, whole  # one text whole, at most one more: the others are deltas
    assert packs[0] == packs[1]


@needs_real_data
def test_the_search_indexer_reads_no_compact_law_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compact law's text page is not indexed (its timeline finds it), and Pagefind is not given it to read: it
    reads every page its glob names, and every Act's latest text took it to 3.3 GB. The bundled bills' texts are."""
    p = _project(tmp_path)
    _import(p, _clone(tmp_path), "--law", LAWS[0])
    shutil.copytree(BUNDLED / "jp-ai-promotion-act", p.bills / "jp-ai-promotion-act")  # a curated bill's texts
    given: list[list[str] | None] = []
    glob = site_search.search_glob

    def recorded(text_langs, timelines=None, texts=None):  # type: ignore[no-untyped-def]
        given.append(None if texts is None else sorted(texts))
        return glob(text_langs, timelines, texts)

    monkeypatch.setattr(build_module, "search_glob", recorded)
    site = tmp_path / "site"
    p.run("build", "--out", str(site))
    assert given == [["jp-ai-promotion-act"]]
    assert (site / "ja" / "jp-415ac0000000057" / "text").is_dir()  # its latest text has a page, not indexed
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
