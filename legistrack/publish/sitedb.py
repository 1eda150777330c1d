"""The build's copy of the database (publish.database's export of the store): written in a process of its own
beside the pages (Database), from the rows the page workers make of each bill (rows_writer) and the rows of the last
build's database, which is kept as SQLite for the next build (.legistrack/cache); published gzipped.

    the build starts -> Database forked -> told the build's folder -> the previous database found -> each bill in
    id order: copied, or its made rows taken once the build says its batch is rendered -> gzipped into the site ->
    kept for the next build
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import functools
import gzip
import json
import multiprocessing
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

from ..diff.model import Diff
from ..export.rows import SITE_SEARCH, DiffOf, Rows, bill_rows, default_diff
from ..export.sqlite import is_export
from ..project import Project
from ..site import model
from ..textio import sha256_text
from ..workers import Forked
from .database import export_store

DATABASE = "legistrack.db"  # the record as one SQLite database (export sqlite), and legistrack.metadata.json
# The site publishes it compressed: the Diet's database is 190 MB as SQLite and 25 MB gzipped (its sources table
# repeats every publisher and title), a fifth of the whole site either way; readers download it once and unpack it.
DATABASE_GZ = DATABASE + ".gz"
ROWS = ".rows"  # scratch in the build's folder: the rows of each bill the page workers made, until the export


def diff_file(folder: Path, bill: str, lang: str, a: str, b: str) -> Diff | None:
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


class Database:
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
        self.jobs = Forked({"exporting": lambda: _export(project, out, heard.recv, reuse)}, child_closes=[said])
        heard.close()

    def tell(self, word: str | None) -> None:
        # it stops listening once it has every bill's rows (every bill unchanged since the database it copies
        # from), or when it failed (its result says so)
        with contextlib.suppress(BrokenPipeError):
            self._said.send(word)

    def result(self) -> None:
        self.jobs.result("exporting")

    def stop(self) -> None:
        """End the process now (a failed build: what it wrote goes with the build's folder)."""
        self._said.close()
        if self.jobs.process.is_alive():
            self.jobs.process.terminate()
        self.jobs.join()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self._said.close()  # nothing more to hear: a build that had nothing to write ends it
        self.jobs.join()


def rows_writer(tmp: Path) -> Callable[[model.BillModel], None]:
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
    """The rows the page workers make (rows_writer), as the export asks for each bill in id order: it first waits
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
                    self.made.setdefault(bill, (head, functools.partial(load_rows, Path(entry.path))))


def load_rows(path: Path) -> Rows:
    """Rows this build's workers wrote into its own folder (never a file from elsewhere), read once."""
    rows: Rows = pickle.loads(path.read_bytes())
    path.unlink()
    return rows


def _export(project: Project, out: Path, heard: Callable[[], str | None], reuse: bool) -> None:
    """The database (on a store of its own, in the process of Database), written into the build's folder (the
    first word heard; none: the build had nothing to write) as the pages are rendered: the rows of the bills that
    changed are those the page workers made (rows_writer), taken as the next words heard say they are there
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
        pack(tmp / DATABASE, tmp / DATABASE_GZ)
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
    return unpack(out / DATABASE_GZ, unpacked)


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


def unpack(packed: Path, to: Path) -> Path | None:
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


def pack(database: Path, packed: Path) -> None:
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


def _built_diffs(tmp: Path, bill: str) -> DiffOf:
    """The diffs this build wrote for a bill (consecutive texts are among them), read back from their JSON when they
    are of the same two texts; any other is worked out."""

    def diff_of(lang: str, a: str, b: str, old: str, new: str) -> Diff:
        built = diff_file(tmp, bill, lang, a, b)
        return _of_these_texts(built, (sha256_text(old), sha256_text(new)), (lang, a, b, old, new))

    return diff_of


def _of_these_texts(found: Diff | None, shas: tuple[str, str], pair: tuple[str, str, str, str, str]) -> Diff:
    """A diff the build holds, where it is of the two texts asked for (their SHA-256); otherwise worked out."""
    if found is not None and (found.old.sha256, found.new.sha256) == shas:
        return found
    return default_diff(*pair)
