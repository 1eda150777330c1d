"""`legistrack build`: the site, its copy of the store and its database, from the store, as named steps.

    out folder -> bills/ in step (sync) -> what changed since the last build (keys.py) -> read and prepare the
    changed bills -> render them, link the others -> the shared pages -> published store, database and search
    index together -> stamp -> swap in

The store is the published record, so every page comes from its commits alone: with bills/ beside it, a build first
brings the store in step (one journaled sync), then reads bills back from the store; with no bills/ (a clone of a
published store), it renders the store as it is. Nothing changed at all (same refs, same legistrack, same build
time): the previous build stands.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Package
from ..project import Project, SyncReport, recover, sync
from ..site import build as site
from ..site import model, output
from ..site.output import PUBLISHED_STORE
from ..site.search import Indexing, pagefind_version, search_glob, start_search
from ..site.shared import render_shared
from ..site.strings import LANGS
from ..store.objects import BRANCH_PREFIX
from ..store.repo import Store, StoredBill
from ..textio import sha256_text
from ..views import bill_summary, cross_links
from ..workers import Forked
from .keys import STAMP_FORMAT, build_key, in_step_cached, read_stamp, refs_digest
from .sitedb import ROWS, Database, diff_file, rows_writer


@dataclass(frozen=True)
class BuildReport:
    out: str
    pages: int
    bills: list[str]
    up_to_date: bool = False
    synced: SyncReport | None = None
    waiting: tuple[str, ...] = ()  # bills in bills/ with no stage yet: the store (and so the site) has none


@dataclass
class _Plan:
    """What this build does: the store's heads, the previous build (if it can be built on), the bills it keeps."""

    key: str
    digest: str  # of the store's refs
    heads: dict[str, str]
    previous: dict[str, Any] | None
    kept: list[str] = field(default_factory=list)  # bills whose pages the previous build has as they are
    changed: list[str] = field(default_factory=list)

    @property
    def old(self) -> dict[str, Any]:
        return self.previous["bills"] if self.previous is not None else {}


def build(
    project: Project,
    out: Path | None = None,
    epoch: int | None = None,
    force: bool = False,
    progress: Callable[[int], Callable[[], None]] | None = None,
) -> BuildReport:
    """Build the static site from the store into `out` (default site/ beside bills/), replacing it only at the end."""
    recover(project)
    out = _out_folder(project, out)
    output.clean_stale(out)  # what killed builds left, whether or not this build has anything to do
    with Database(project, out, reuse=not force) as database:  # forked now, while the build holds little
        return _build(project, out, epoch, force, progress, database)


def _build(
    project: Project,
    out: Path,
    epoch: int | None,
    force: bool,
    progress: Callable[[int], Callable[[], None]] | None,
    database: Database,
) -> BuildReport:
    synced, waiting = _in_step(project)
    store = project.open_store()
    try:
        plan = _what_changed(store, out, epoch, force)
        if plan.previous is not None and plan.previous.get("refs") == plan.digest:
            pages = int(plan.previous["pages"])
            return BuildReport(str(out), pages, sorted(plan.heads), up_to_date=True, synced=synced, waiting=waiting)
        summaries, links, first = _summarize(store, plan)
        generated = _build_time(summaries, epoch)
        with output.building(out) as tmp, _Early(project, plan, out, tmp, database, summaries) as early:
            files: dict[str, list[str]] = {}
            text_langs = set(plan.previous.get("text_langs", []) if plan.previous else [])

            def render(bills: list[str], rendered: Callable[[str], None] = lambda bill: None) -> None:
                step = progress(len(bills) * len(LANGS)) if progress is not None and bills else None
                # a batch of bills at a time (BATCH_CHARS of text): read, diffed, rendered, let go
                for models in _prepared(store, bills, first, _earlier_diffs(plan, out)):
                    files.update(site.render_bills(models, tmp, generated, step, links, rows_writer(tmp)))
                    text_langs.update(lang for m in models for lang in m.known)
                    rendered(models[-1].bill.id)
                    del models

            def search(rendered: set[str]) -> _Search:
                # the bills whose text pages are in the search index: not a compact law's (version.html)
                kept = {b: plan.old[b]["files"] for b in plan.kept if b not in files}
                texts = [b for b, paths in [*files.items(), *kept.items()] if _texts_searched(summaries[b], paths)]
                return _search(plan, out, tmp, summaries, text_langs, texts, rendered)

            # while the kept bills' files are linked, and the database is written up to the last batch (_Early)
            render(sorted(plan.changed), early.rendered)
            early.rendered(None)
            # the search index, started as soon as the pages it reads are there (the kept bills' first: _Early):
            # the other kept bills' files are linked and the shared pages rendered meanwhile. A store of the Diet's
            # bills alone indexes the home pages (_search), shared pages: its search starts once they are written
            homes = not _indexed(summaries)
            searching = None if homes or early.jobs.result("searched") else search(set(plan.changed))
            kept, incomplete = early.jobs.result("linking")
            files.update(kept)
            render(sorted(incomplete))  # kept bills whose files of the previous build are not all there
            if searching is None and not homes:  # some of them are read by the search: it starts now they are there
                searching = search(set(plan.changed) | set(incomplete))
            # the shared pages whose inputs did not change are linked from the previous build (render_shared)
            before = plan.previous.get("shared") if plan.previous is not None else None
            digests = {str(k): str(v) for k, v in before.items()} if isinstance(before, dict) else {}
            try:
                shared = render_shared([summaries[b] for b in sorted(summaries)], tmp, generated, out, digests)
                if searching is None:
                    searching = search(set(plan.changed) | set(incomplete))
                searching.wait()
                published = early.jobs.result("publishing")
                database.result()
            finally:
                if searching is not None:
                    searching.stop()
            shutil.rmtree(tmp / ROWS, ignore_errors=True)  # the export is done with them
            pages = sum(1 for paths in files.values() for p in paths if p.endswith(".html"))
            pages += sum(1 for p in shared if p.endswith(".html"))
            _stamp(tmp, plan, pages, text_langs, published, files, summaries, links, digests, searching.record)
            output.swap_in(tmp, out)
    finally:
        store.close()
    return BuildReport(str(out), pages, sorted(plan.heads), synced=synced, waiting=waiting)


def _out_folder(project: Project, out: Path | None) -> Path:
    root = project.root
    return output.check_out_dir(
        Path(out) if out else root / "site",
        keep=[("the project", root)],
        keep_out=[
            ("bills/", project.bills_dir),
            ("the store", project.store_path),
            ("legistrack's state folder", project.state_dir),
        ],
    )


def _in_step(project: Project) -> tuple[SyncReport | None, tuple[str, ...]]:
    """With bills/ present and ahead of the store, sync first; the bills with no stage yet."""
    if not project.bills_dir.is_dir():
        return None, ()
    current, without_stages, known = in_step_cached(project)
    return (None if current else sync(project, known=known)), tuple(without_stages)


def _what_changed(store: Store, out: Path, epoch: int | None, force: bool) -> _Plan:
    refs = store.refs()
    key = build_key(epoch)
    heads = {bill: refs[BRANCH_PREFIX + bill] for bill in store.bill_ids()}
    previous = None if force else read_stamp(out)
    if previous is not None and previous.get("key") != key:
        previous = None  # another legistrack, or another build time: everything is rendered again
    plan = _Plan(key, refs_digest(refs), heads, previous)
    plan.kept = [b for b in sorted(heads) if b in plan.old and plan.old[b].get("head") == heads[b]]
    plan.changed = [b for b in sorted(heads) if b not in plan.kept]
    return plan


# How much text a batch of the build holds at once (read, diffed, rendered, then let go): every Act through every
# revision is 1.2 G characters, which held at once with its diffs took 14 GB (bench/RESULTS.md).
BATCH_CHARS = 24_000_000
# and at most this many bills: the Diet's thousands of bills without texts, prepared at once, held 2.6 GB with the
# first laws of the batch (the whole record's build, bench/RESULTS.md)
BATCH_BILLS = 400
RECORDS_CHUNK = 1024  # bills whose records (no texts) are read at once for their summaries


def _chars(stored: StoredBill) -> int:
    return sum(len(text) for text in stored[0].texts.values())


def _summarize(store: Store, plan: _Plan) -> tuple[dict[str, Any], dict[str, Any], list[StoredBill]]:
    """Every bill's summary (the changed ones read from the store, a chunk at a time) and the links between bills;
    a bill whose links to other bills changed (a law gained the bill of an act that amended it) is rendered again,
    though its own head did not move (plan.changed gains it). Returns the changed bills read, when they all fit in
    one batch (a rebuild after a stage or a revision: read once), else none."""
    summaries = {b: plan.old[b]["summary"] for b in plan.kept}
    first: list[StoredBill] = []
    if len(plan.changed) > BATCH_BILLS:
        # more than a batch: the pages will read them again whatever happens here, so only their records are read
        # (a build of every Act read 1.4 GB of texts twice, each time planning every commit again to vouch for it)
        for start in range(0, len(plan.changed), RECORDS_CHUNK):
            for bill in store.read_records(plan.changed[start : start + RECORDS_CHUNK]):
                summaries[bill.id] = bill_summary(Package(bill, {}))
    else:
        held = 0
        for stored in store.iter_bills(plan.changed):
            summaries[stored[0].bill.id] = bill_summary(stored[0])
            held += _chars(stored)
            if held <= BATCH_CHARS:
                first.append(stored)
        if held > BATCH_CHARS:
            first = []
    links = cross_links(summaries)
    relinked = [b for b in plan.kept if plan.old[b].get("links") != links[b]]
    if relinked:
        plan.kept = [b for b in plan.kept if b not in relinked]
        plan.changed = sorted(plan.changed + relinked)
        if first:
            first += store.read_bills(relinked)
    return summaries, links, first


def _prepared(
    store: Store, bills: list[str], first: list[StoredBill], earlier: model.Earlier | None
) -> Iterator[list[model.BillModel]]:
    """The models of these bills (site.model.prepare) in batches of about BATCH_CHARS of text, in id order."""
    read = {stored[0].bill.id: stored for stored in first}
    if all(b in read for b in bills):
        if bills:
            yield model.prepare([read[b] for b in bills], earlier)
        return
    batch: list[StoredBill] = []
    held = 0
    for stored in store.iter_bills(bills):
        chars = _chars(stored)
        if batch and held + chars > BATCH_CHARS:
            # a bill that would take the batch over: the batch goes first, so that a law larger than the whole
            # budget (所得税法 through 70 revisions is 80 M characters) is held alone, never beside a full batch
            yield model.prepare(batch, earlier)
            batch, held = [], 0
        batch.append(stored)
        held += chars
        if held >= BATCH_CHARS or len(batch) >= BATCH_BILLS:
            yield model.prepare(batch, earlier)
            batch, held = [], 0
    if batch:
        yield model.prepare(batch, earlier)


def _earlier_diffs(plan: _Plan, out: Path) -> model.Earlier | None:
    """The previous build's diffs (same legistrack: its key matched), read back from its JSON."""
    if plan.previous is None:
        return None
    return lambda bill, lang, a, b: diff_file(out, bill, lang, a, b)


def _build_time(summaries: dict[str, Any], epoch: int | None) -> dt.datetime:
    """SOURCE_DATE_EPOCH, or (deterministic without it) the latest legal date of the record."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    dates = [d for d in (s["last"] for s in summaries.values()) if d]
    return dt.datetime.combine(dt.date.fromisoformat(max(dates)) if dates else dt.date(1970, 1, 1), dt.time(), dt.UTC)


def _texts_searched(summary: dict[str, Any], paths: list[str]) -> bool:
    """Whether a bill's text pages are in the search index: it has some, and it is not a compact law (whose texts
    are in the store, its page version.html)."""
    return not summary.get("texts_in_store") and _has_text(paths)


def _indexed(summaries: dict[str, Any]) -> set[str]:
    """The bills whose timelines the search index holds: the curated ones and the laws."""
    return {b for b, summary in summaries.items() if summary["curated"] or summary.get("is_law")}


def _search_reads(summaries: dict[str, Any]) -> Callable[[str, list[str]], list[str]]:
    """Of a bill's files, those the search index may read (search_glob's: the timelines of the bills it indexes,
    and the text pages of the bills whose texts it indexes)."""
    indexed = _indexed(summaries)

    def reads(bill: str, paths: list[str]) -> list[str]:
        texts = _texts_searched(summaries[bill], paths)
        timeline = bill in indexed
        return [
            p
            for p in paths
            if (timeline and p.count("/") == 2 and p.endswith("/index.html")) or (texts and _is_text_page(p))
        ]

    return reads


class _Linking:
    """The kept bills' files of the previous build, hard-linked into the new one in two passes: first those the
    search index reads (`searched()`: a few thousand timelines, so that Pagefind starts before the whole record's
    78,000 files are linked, 6 s), then the rest (`rest()`). Each pass says which kept bills' files are not all
    there any more, to be rendered (the first of those the search reads; the second of them all, with the files
    linked)."""

    def __init__(self, plan: _Plan, out: Path, tmp: Path, summaries: dict[str, Any]):
        self.plan, self.out, self.tmp = plan, str(out), str(tmp)
        self.reads = _search_reads(summaries)
        self.made: set[str] = set()  # the folders made so far (every Act's 73,000 files are in a few folders each)
        self.linked: set[str] = set()
        self.whole: set[str] = set()  # the bills the first pass found whole (some of their files linked)
        self.incomplete: set[str] = set()
        self.first = threading.Event()

    def searched(self) -> list[str]:
        try:
            for bill in self.plan.kept:
                paths = self.plan.old[bill]["files"]
                read = self.reads(bill, paths)
                if not read:
                    continue
                if _whole(paths, self.out):
                    _link(read, self.out, self.tmp, self.made)
                    self.linked.update(read)
                    self.whole.add(bill)
                else:  # the previous build is not whole: render this bill too
                    self.incomplete.add(bill)
            return sorted(self.incomplete)
        finally:
            self.first.set()

    def rest(self) -> tuple[dict[str, list[str]], list[str]]:
        self.first.wait()
        files: dict[str, list[str]] = {}
        for bill in self.plan.kept:
            paths = self.plan.old[bill]["files"]
            # a bill found whole is never rendered after all: its files linked are its old pages' own inodes, which
            # a page rendered over them would change in place (a file gone since fails its link, and the build)
            if bill in self.incomplete or (bill not in self.whole and not _whole(paths, self.out)):
                self.incomplete.add(bill)
                continue
            _link([p for p in paths if p not in self.linked], self.out, self.tmp, self.made)
            files[bill] = list(paths)
        return files, sorted(self.incomplete)


def _reuse(files: list[str], out: str, tmp: str, made: set[str]) -> bool:
    """Hard-link a bill's files of the previous build into the new one (they are never written in place): each a
    regular file, never a link (one lstat each; paths as strings, not pathlib, for the whole record's 73,000)."""
    if not _whole(files, out):
        return False
    _link(files, out, tmp, made)
    return True


def _whole(files: list[str], out: str) -> bool:
    """Whether these files of the previous build are all there, each a regular file (never a link)."""
    for rel in files:
        try:
            if not stat.S_ISREG(os.lstat(os.path.join(out, rel)).st_mode):
                return False
        except OSError:
            return False
    return True


def _link(files: list[str], out: str, tmp: str, made: set[str]) -> None:
    for rel in files:
        source, target = os.path.join(out, rel), os.path.join(tmp, rel)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


class _Early:
    """The work a build starts before its pages, beside them: the kept bills' files linked from the previous build
    and the published repository (git's own processes, from the store's refs alone); and the database (Database),
    told where the build writes, then as `rendered(bill)` says the changed bills' pages and rows are there up to
    that one. None needs a page: after one new revision of one law they were the most of what remained to wait for
    once the pages were written, and the database, begun after the kept bills' files were linked, ended last; built
    from nothing, the database was written alone on one core after the last page (30 s of the whole record's).

    They run in a process forked before the pages, not in threads of the build: the pages are rendered by workers
    forked from the build, which forks only while it runs one thread (site.build.render_bills; a lock another thread
    holds at the fork stays held in the child), and with threads beside it every page was rendered on one core."""

    def __init__(
        self, project: Project, plan: _Plan, out: Path, tmp: Path, database: Database, summaries: dict[str, Any]
    ):
        previous = plan.previous.get("store") if plan.previous else None
        own = project.open_store  # a store of its own, opened in the child: the build reads bills through its own
        linking = _Linking(plan, out, tmp, summaries)
        self.jobs = Forked(
            {
                # the kept bills' files, hard-linked: 18,000 folders made at the Diet's size (2-3 s), beside the
                # pages, those the search reads first
                "searched": linking.searched,
                "linking": linking.rest,
                "publishing": lambda: _published_store(own, tmp / PUBLISHED_STORE, previous, out / PUBLISHED_STORE),
            },
            child_closes=database.ends,
        )
        self.database = database
        database.tell(str(tmp))

    def rendered(self, bill: str | None) -> None:
        """The changed bills' pages and rows are written up to `bill` in id order (None: all of them)."""
        self.database.tell(bill)

    def __enter__(self) -> _Early:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None:
            self.database.stop()  # before the build's folder goes: it writes there
        self.jobs.join()  # a failed build waits for git before its folder goes


def _published_store(open_store: Callable[[], Store], dest: Path, previous: Any, old_dest: Path) -> dict[str, Any]:
    own = open_store()
    try:
        return own.publish(dest, previous, old_dest)
    finally:
        own.close()


class _Search:
    """The search index of a build: Pagefind started (`indexing`), or the previous build's index linked when none of
    the pages it reads changed; `record` is what the next build needs to tell (the stamp's "search")."""

    def __init__(self, indexing: Indexing | None, record: dict[str, Any] | None, tmp: Path):
        self.indexing, self.record, self.tmp = indexing, record, tmp

    def wait(self) -> None:
        if self.indexing is not None:
            self.indexing.wait()
            self.indexing = None
            assert self.record is not None
            folder = self.tmp / "pagefind"
            self.record["files"] = sorted(p.relative_to(self.tmp).as_posix() for p in folder.rglob("*") if p.is_file())

    def stop(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()
            self.indexing = None


def _search(
    plan: _Plan,
    out: Path,
    tmp: Path,
    summaries: dict[str, Any],
    text_langs: set[str],
    texts: list[str],
    rendered: set[str],
) -> _Search:
    """The search index over the timelines of the curated bills and of every law (found by title, number or e-Gov
    id; the Diet's imported bills are found by the finder) and the texts of `texts`; in a store of the Diet's
    imported bills alone, over the home pages (Pagefind refuses to build an index of no page; every one of the
    Diet's 11,676 timelines took it to 2.35 GB of memory). Pagefind reads the pages again on
    every run (it has no incremental mode): when no bill whose pages it reads was rendered by this build, and the
    pages it reads are the same list with the same Pagefind, the previous build's index is linked instead (a stage
    added to one of the Diet's bills: 5 s of Pagefind saved)."""
    if not summaries:  # an empty store has nothing to search (and Pagefind refuses an empty index)
        return _Search(None, None, tmp)
    indexed = sorted(_indexed(summaries))
    glob = search_glob(text_langs or {"ja", "en"}, indexed, texts)
    digest = sha256_text(json.dumps([glob, pagefind_version()]))
    before = plan.previous.get("search") if plan.previous is not None else None
    read = set(indexed) | set(texts)
    if indexed and not (rendered & read) and isinstance(before, dict) and before.get("digest") == digest:
        files = before.get("files")
        if isinstance(files, list) and files and _reuse([str(f) for f in files], str(out), str(tmp), set()):
            return _Search(None, {"digest": digest, "files": files}, tmp)
    return _Search(start_search(tmp, glob), {"digest": digest}, tmp)


def _has_text(paths: list[str]) -> bool:
    """Whether a bill's files include a text page."""
    return any(map(_is_text_page, paths))


def _is_text_page(path: str) -> bool:
    """`<lang>/<bill>/text/<stage>.<lang>.html`"""
    return path.count("/") == 3 and path.split("/")[2] == "text" and path.endswith(".html")


def _stamp(
    tmp: Path,
    plan: _Plan,
    pages: int,
    text_langs: set[str],
    published: dict[str, Any],
    files: dict[str, list[str]],
    summaries: dict[str, Any],
    links: dict[str, Any],
    shared: dict[str, str],
    search: dict[str, Any] | None,
) -> None:
    """The build's record, for the next build to build on (keys.read_stamp)."""
    heads = plan.heads
    record = {
        "format": STAMP_FORMAT,
        "key": plan.key,
        "refs": plan.digest,
        "pages": pages,
        "text_langs": sorted(text_langs),
        "store": published,
        "shared": shared,  # each shared page's inputs, digested (render_shared)
        "search": search,  # what the search index was built from, and its files (_search)
        "bills": {
            b: {"head": heads[b], "files": sorted(files[b]), "summary": summaries[b], "links": links[b]}
            for b in sorted(heads)
        },
    }
    data = json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    (tmp / output.STAMP).write_bytes(gzip.compress(data, compresslevel=6, mtime=0))  # keys.read_stamp
