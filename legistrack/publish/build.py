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

import collections
import concurrent.futures
import contextlib
import datetime as dt
import functools
import gzip
import json
import multiprocessing
import os
import pickle
import shutil
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diff.model import Diff
from ..export.rows import SITE_SEARCH, DiffOf, Rows, bill_rows, default_diff
from ..export.sqlite import is_export
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
from ..workers import die_with_parent
from .database import export_store
from .keys import STAMP_FORMAT, build_key, in_step_cached, read_stamp, refs_digest

DATABASE = "legistrack.db"  # the record as one SQLite database (export sqlite), and legistrack.metadata.json
# The site publishes it compressed: the Diet's database is 190 MB as SQLite and 25 MB gzipped (its sources table
# repeats every publisher and title), a fifth of the whole site either way; readers download it once and unpack it.
DATABASE_GZ = DATABASE + ".gz"
ROWS = ".rows"  # scratch in the build's folder: the rows of each bill the page workers made, until the export


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
    with _Database(project, out, reuse=not force) as database:  # forked now, while the build holds little
        return _build(project, out, epoch, force, progress, database)


def _build(
    project: Project,
    out: Path,
    epoch: int | None,
    force: bool,
    progress: Callable[[int], Callable[[], None]] | None,
    database: _Database,
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
                    files.update(site.render_bills(models, tmp, generated, step, links, _rows_writer(tmp)))
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
            # the other kept bills' files are linked and the shared pages rendered meanwhile
            searching = None if early.jobs.result("searched") else search(set(plan.changed))
            kept, incomplete = early.jobs.result("linking")
            files.update(kept)
            render(sorted(incomplete))  # kept bills whose files of the previous build are not all there
            if searching is None:  # some of them are read by the search: it starts now they are there
                searching = search(set(plan.changed) | set(incomplete))
            # the shared pages whose inputs did not change are linked from the previous build (render_shared)
            before = plan.previous.get("shared") if plan.previous is not None else None
            digests = {str(k): str(v) for k, v in before.items()} if isinstance(before, dict) else {}
            try:
                shared = render_shared([summaries[b] for b in sorted(summaries)], tmp, generated, out, digests)
                searching.wait()
                published = early.jobs.result("publishing")
                database.result()
            finally:
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


def _diff_file(folder: Path, bill: str, lang: str, a: str, b: str) -> Diff | None:
    """A diff a build wrote (<bill>/diff/<a>..<b>.<lang>.json, a compact law's .json.gz: model.diff_data_path), read
    back; None if it is not there or unreadable."""
    for compact in (True, False):
        path = folder / model.diff_data_path(bill, lang, a, b, compact)
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = path.read_bytes()
            return Diff.from_json(json.loads(gzip.decompress(data) if compact else data))
        except (ValueError, OSError, EOFError):  # not JSON, not gzip (gzip.BadGzipFile is an OSError), cut short
            return None
    return None


def _earlier_diffs(plan: _Plan, out: Path) -> model.Earlier | None:
    """The previous build's diffs (same legistrack: its key matched), read back from its JSON."""
    if plan.previous is None:
        return None
    return lambda bill, lang, a, b: _diff_file(out, bill, lang, a, b)


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


def _search_reads(summaries: dict[str, Any]) -> Callable[[str, list[str]], list[str]]:
    """Of a bill's files, those the search index may read (search_glob's: the timelines of the bills it indexes, or
    of every bill when none is curated and none a law, and the text pages of the bills whose texts it indexes)."""
    indexed = {b for b, summary in summaries.items() if summary["curated"] or summary.get("is_law")}

    def reads(bill: str, paths: list[str]) -> list[str]:
        texts = _texts_searched(summaries[bill], paths)
        timeline = bill in indexed or not indexed
        return [
            p
            for p in paths
            if (timeline and p.count("/") == 2 and p.endswith("/index.html"))
            or (texts and p.count("/") == 3 and p.split("/")[2] == "text" and p.endswith(".html"))
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
            if bill in self.incomplete or not _whole(paths, self.out):
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
    and the published repository (git's own processes, from the store's refs alone); and the database (_Database),
    told where the build writes, then as `rendered(bill)` says the changed bills' pages and rows are there up to
    that one. None needs a page: after one new revision of one law they were the most of what remained to wait for
    once the pages were written, and the database, begun after the kept bills' files were linked, ended last; built
    from nothing, the database was written alone on one core after the last page (30 s of the whole record's).

    They run in a process forked before the pages, not in threads of the build: the pages are rendered by workers
    forked from the build, which forks only while it runs one thread (site.build.render_bills; a lock another thread
    holds at the fork stays held in the child), and with threads beside it every page was rendered on one core."""

    def __init__(
        self, project: Project, plan: _Plan, out: Path, tmp: Path, database: _Database, summaries: dict[str, Any]
    ):
        previous = plan.previous.get("store") if plan.previous else None
        own = project.open_store  # a store of its own, opened in the child: the build reads bills through its own
        linking = _Linking(plan, out, tmp, summaries)
        self.jobs = _Forked(
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


class _Database:
    """The database's own process (_export), forked when the build starts, while it holds little: it lives as long
    as the build and writes beside the pages, and a process forked later, with the build's summaries and plans,
    made them its own as the build went on (half a gigabyte more at the whole record's size). The build tells it
    where it writes (`tell(folder)`), then how far the pages are (`tell(bill)`, in id order; None: all); a build with
    nothing to write tells it nothing (it ends at once)."""

    def __init__(self, project: Project, out: Path, reuse: bool):
        context = multiprocessing.get_context("fork")
        heard, said = context.Pipe(duplex=False)
        self._said = said
        self.ends = [said]  # the build's end, which no other process may hold (its reader would never see the end)
        self.jobs = _Forked({"exporting": lambda: _export(project, out, heard.recv, reuse)}, child_closes=[said])
        heard.close()

    def tell(self, word: str | None) -> None:
        self._said.send(word)

    def result(self) -> None:
        self.jobs.result("exporting")

    def stop(self) -> None:
        """End the process now (a failed build: what it wrote goes with the build's folder)."""
        self._said.close()
        if self.jobs.process.is_alive():
            self.jobs.process.terminate()
        self.jobs.join()

    def __enter__(self) -> _Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self._said.close()  # nothing more to hear: a build that had nothing to write ends it
        self.jobs.join()


def _published_store(open_store: Callable[[], Store], dest: Path, previous: Any, old_dest: Path) -> dict[str, Any]:
    own = open_store()
    try:
        return own.publish(dest, previous, old_dest)
    finally:
        own.close()


class _Forked:
    """Named jobs run in one child process forked now (each in a thread of its own there), each result sent back
    through a pipe of its own and read once: `result(name)` returns it, or raises what the job raised. The child dies
    with the build (die_with_parent); `child_closes`: ends of the build's own pipes the child must not hold (a pipe
    whose write end the child holds never ends for a job that reads it)."""

    def __init__(self, jobs: dict[str, Callable[[], Any]], child_closes: Sequence[Any] = ()):
        context = multiprocessing.get_context("fork")
        pipes = {name: context.Pipe(duplex=False) for name in jobs}  # (read end, write end)
        self._ends = {name: ends[0] for name, ends in pipes.items()}
        self._results: dict[str, tuple[bool, Any]] = {}
        self.process = context.Process(
            target=_run_forked,
            args=(
                jobs,
                {name: ends[1] for name, ends in pipes.items()},
                [*self._ends.values(), *child_closes],
                os.getpid(),
            ),
        )
        self.process.start()
        for _read, write in pipes.values():
            write.close()

    def result(self, name: str) -> Any:
        if name not in self._results:
            try:
                self._results[name] = self._ends[name].recv()
            except EOFError:
                self._results[name] = (False, RuntimeError(f"the build's {name} ended without a result"))
            self._ends[name].close()
        ok, value = self._results[name]
        if not ok:
            raise value
        return value

    def join(self) -> None:
        """Wait for the child. A result not read (a build that failed first) is refused: its pipe is closed, so that
        a job blocked sending it (a pipe holds 64 KB; the kept files of every Act are megabytes) fails and ends."""
        for end in self._ends.values():
            end.close()
        self.process.join()


def _run_forked(jobs: dict[str, Callable[[], Any]], ends: dict[str, Any], theirs: list[Any], parent: int) -> None:
    """In the child _Forked starts: run every job at once, send each its result or its error."""
    die_with_parent(parent)
    for end in theirs:  # the build's ends: with a copy here, a pipe the build closed would never break
        end.close()

    def run(name: str) -> None:
        try:
            outcome: tuple[bool, Any] = (True, jobs[name]())
        except BaseException as exc:  # sent to the build, which raises it where it asks for the result
            outcome = (False, exc)
        try:
            ends[name].send(outcome)
        except OSError:  # the build no longer reads it (_Forked.join)
            pass
        except Exception as exc:  # an error that does not pickle: its message
            with contextlib.suppress(OSError):
                ends[name].send((False, RuntimeError(f"{name}: {outcome[1]!r} ({exc})")))

    threads = [threading.Thread(target=run, args=(name,)) for name in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _rows_writer(tmp: Path) -> Callable[[model.BillModel], None]:
    """What the page workers do beside each bill's data: its database rows (export.rows.bill_rows, from the model's
    package, commits and diffs), kept in ROWS for the export. The export of every Act read every text from the store
    again, alone on one core for a minute and a half at the end of the build; the workers make the rows on every
    core while the pages are written."""
    folder = tmp / ROWS

    def write(m: model.BillModel) -> None:
        if not m.bill.stages:
            return
        head = m.commits[m.bill.stages[-1].id]
        rows = bill_rows(m.package, m.commits, head, _model_diffs(m))
        folder.mkdir(exist_ok=True)
        (folder / f"{m.bill.id}.{head}.pickle").write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))

    return write


def _model_diffs(m: model.BillModel) -> DiffOf:
    """The diffs of a bill's model, as the export reads them back from the files this build wrote (_built_diffs): a
    compact law's changed units alone; any other pair is worked out."""

    def diff_of(lang: str, a: str, b: str, old: str, new: str) -> Diff:
        found = m.diffs.get((lang, a, b))
        if found is not None and m.compact:
            found = found.changes_only()
        shas = (m.package.version(a, lang).sha256 or "", m.package.version(b, lang).sha256 or "")
        return _of_these_texts(found, shas, (lang, a, b, old, new))

    return diff_of


class _MadeRows:
    """The rows the page workers make (_rows_writer), as the export asks for each bill in id order: it first waits
    until the build has rendered every changed bill up to that one (`rendered()` gives the last bill of each batch
    rendered, in id order, then None once all are), then gives the head they were made from and their loader, or
    None where the workers made none."""

    def __init__(self, tmp: Path, rendered: Callable[[], str | None]):
        self.folder = tmp / ROWS
        self.rendered = rendered
        self.upto: str | None = ""  # the changed bills are rendered up to this one; None: all
        self.made: dict[str, tuple[str, Callable[[], Rows]]] = {}

    def __call__(self, bill: str) -> tuple[str, Callable[[], Rows]] | None:
        while self.upto is not None and self.upto < bill:
            self.upto = self.rendered()
            self._look()
        return self.made.pop(bill, None)

    def _look(self) -> None:
        with contextlib.suppress(FileNotFoundError), os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.endswith(".pickle") and entry.is_file(follow_symlinks=False):
                    bill, _, head = entry.name.removesuffix(".pickle").rpartition(".")
                    self.made.setdefault(bill, (head, functools.partial(_load_rows, Path(entry.path))))


def _load_rows(path: Path) -> Rows:
    """Rows this build's workers wrote into its own folder (never a file from elsewhere), read once."""
    rows: Rows = pickle.loads(path.read_bytes())
    path.unlink()
    return rows


def _export(project: Project, out: Path, heard: Callable[[], str | None], reuse: bool) -> None:
    """The database (on a store of its own, in the process of _Database), written into the build's folder (the
    first word heard; none: the build had nothing to write) as the pages are rendered: the rows of the bills that
    changed are those the page workers made (_rows_writer), taken as the next words heard say they are there
    (_MadeRows); those of a bill they did not make are read again with the diffs this build wrote (_built_diffs);
    the others' rows are copied from the previous database. The new one, gzipped into the site, is kept as it is
    for the next build (_keep_database). With `reuse` false (build --force) no earlier database is read: every
    bill's rows are made again."""
    try:
        folder = heard()
    except EOFError:
        return
    if folder is None:
        return
    tmp = Path(folder)
    unpacked = tmp / ".previous.db"
    try:
        previous = _previous_database(project, out, unpacked) if reuse else None
        own = project.open_store()
        try:
            export_store(
                own,
                tmp / DATABASE,
                previous,
                diff_of=lambda bill: _built_diffs(tmp, bill),
                search=SITE_SEARCH,
                rows=_MadeRows(tmp, heard),
            )
        finally:
            own.close()
        _pack(tmp / DATABASE, tmp / DATABASE_GZ)
        _keep_database(project, tmp / DATABASE)
    finally:
        for scratch in (tmp / DATABASE, unpacked):
            scratch.unlink(missing_ok=True)


# The database of the last build, as SQLite, for the next to copy unchanged bills' rows from: unpacking the site's
# gzipped copy took 3 s of a core at the whole record's size (686 MB) on every build. A cache: the export takes a
# bill's rows from it only where they were made from the bill's current head by this legistrack (previous_export),
# so any build's database serves any other, and with none (or one unreadable) the site's own is unpacked.
DATABASE_CACHE = Path("cache") / DATABASE


def _previous_database(project: Project, out: Path, unpacked: Path) -> Path | None:
    kept = project.state_dir / DATABASE_CACHE
    if kept.is_file() and not kept.is_symlink() and is_export(kept):
        return kept
    return _unpacked(out / DATABASE_GZ, unpacked)


def _keep_database(project: Project, database: Path) -> None:
    """The database just written, moved into the project's cache (.legistrack/cache/) for the next build; nothing
    is kept where the project has no .legistrack (a published store built as it is) or the move fails."""
    if not project.state_dir.is_dir() or project.state_dir.is_symlink():
        return
    kept = project.state_dir / DATABASE_CACHE
    try:
        kept.parent.mkdir(exist_ok=True)
        os.replace(database, kept)
    except OSError:
        kept.unlink(missing_ok=True)  # half a cache is none: the next build unpacks the site's


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
    id; the Diet's imported bills are found by the finder) and the texts of `texts`, or, in a store of imported bills
    alone, over every timeline (Pagefind refuses to build an index of no page). Pagefind reads the pages again on
    every run (it has no incremental mode): when no bill whose pages it reads was rendered by this build, and the
    pages it reads are the same list with the same Pagefind, the previous build's index is linked instead (a stage
    added to one of the Diet's bills: 5 s of Pagefind saved)."""
    if not summaries:  # an empty store has nothing to search (and Pagefind refuses an empty index)
        return _Search(None, None, tmp)
    indexed = [b for b, summary in summaries.items() if summary["curated"] or summary.get("is_law")]
    glob = search_glob(text_langs or {"ja", "en"}, indexed or None, texts)
    digest = sha256_text(json.dumps([glob, pagefind_version()]))
    before = plan.previous.get("search") if plan.previous is not None else None
    read = set(indexed) | set(texts)
    if indexed and not (rendered & read) and isinstance(before, dict) and before.get("digest") == digest:
        files = before.get("files")
        if isinstance(files, list) and files and _reuse([str(f) for f in files], str(out), str(tmp), set()):
            return _Search(None, {"digest": digest, "files": files}, tmp)
    return _Search(start_search(tmp, glob), {"digest": digest}, tmp)


def _has_text(paths: list[str]) -> bool:
    """Whether a bill's files include a text page (`<lang>/<bill>/text/<stage>.<lang>.html`)."""
    return any(p.count("/") == 3 and p.split("/")[2] == "text" and p.endswith(".html") for p in paths)


def _unpacked(packed: Path, to: Path) -> Path | None:
    """The previous build's database, unpacked for the export to copy unchanged bills' rows from; None when there
    is none or it cannot be read (the export then writes every bill)."""
    if not packed.is_file() or packed.is_symlink():
        return None
    try:
        with gzip.open(packed, "rb") as src, to.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    except (OSError, EOFError):
        to.unlink(missing_ok=True)
        return None
    return to


PACK_CHUNK = 16 << 20  # the database is gzipped in pieces of this size, one gzip member each


def _pack(database: Path, packed: Path) -> None:
    """The database gzipped, byte for byte the same for the same database: a gzip member (no time or name in its
    header) per PACK_CHUNK, compressed on every core (zlib lets go of the interpreter's lock), written in order.
    Members one after another are one gzip file to gunzip, Python and every unpacker (RFC 1952, 2.2); the whole
    record's 686 MB took 4.4 s on one core, the other idle."""
    workers = min(os.cpu_count() or 1, 4)
    with (
        database.open("rb") as src,
        packed.open("wb") as dst,
        concurrent.futures.ThreadPoolExecutor(workers) as pool,
    ):
        pending: collections.deque[concurrent.futures.Future[bytes]] = collections.deque()
        while chunk := src.read(PACK_CHUNK):
            pending.append(pool.submit(gzip.compress, chunk, 1, mtime=0))
            if len(pending) > workers:  # at most a chunk a core waiting: memory holds a few chunks
                dst.write(pending.popleft().result())
        while pending:
            dst.write(pending.popleft().result())
        if not dst.tell():  # nothing read: still a gzip file (of nothing), which gunzip reads
            dst.write(gzip.compress(b"", 1, mtime=0))


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


def _built_diffs(tmp: Path, bill: str) -> DiffOf:
    """The diffs this build wrote for a bill (consecutive texts are among them), read back from their JSON when they
    are of the same two texts; any other is worked out."""

    def diff_of(lang: str, a: str, b: str, old: str, new: str) -> Diff:
        built = _diff_file(tmp, bill, lang, a, b)
        return _of_these_texts(built, (sha256_text(old), sha256_text(new)), (lang, a, b, old, new))

    return diff_of


def _of_these_texts(found: Diff | None, shas: tuple[str, str], pair: tuple[str, str, str, str, str]) -> Diff:
    """A diff the build holds, where it is of the two texts asked for (their SHA-256); otherwise worked out."""
    if found is not None and (found.old.sha256, found.new.sha256) == shas:
        return found
    return default_diff(*pair)
