"""`legistrack build` and `legistrack serve`: the static site, rendered from the store.

The store is the published record, so every page comes from its commits alone: with bills/ beside it, `build`
first brings the store in step (one journaled sync, as `legistrack sync`), then reads every bill back from the store
and renders that; with no bills/ (a clone of a published store), it renders the store as it is.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import errno
import functools
import hashlib
import http.server
import json
import os
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from ..diff.model import Diff
from ..errors import LegistrackError, ServeError
from ..export.rows import DiffOf, default_diff
from ..project import Project, recover
from ..site import output
from ..store.objects import BRANCH_PREFIX
from .export import export_store, refs_digest
from .store import SyncReport, code_digest, in_step_cached, sync

PUBLISHED_STORE = "store.git"
DATABASE = "legistrack.db"  # the record as one SQLite database (export sqlite), and legistrack.metadata.json


@dataclass(frozen=True)
class BuildReport:
    out: str
    pages: int
    bills: list[str]
    up_to_date: bool = False
    synced: SyncReport | None = None
    waiting: tuple[str, ...] = ()  # bills in bills/ with no stage yet: the store (and so the site) has none


STAMP_FORMAT = "legistrack-build/2"


def _read_stamp(out: Path) -> dict[str, Any] | None:
    """The previous build's record: its key, its pages, and per bill the head it rendered, its files and summary."""
    stamp = out / output.STAMP
    if not stamp.is_file() or stamp.is_symlink():
        return None
    try:
        data = json.loads(stamp.read_bytes())
    except ValueError:
        return None
    ok = isinstance(data, dict) and data.get("format") == STAMP_FORMAT and isinstance(data.get("bills"), dict)
    return data if ok else None


def _reuse(previous: dict[str, Any] | None, out: Path, tmp: Path, bill_id: str) -> bool:
    """Hard-link a bill's files of the previous build into the new one (they are never written in place)."""
    assert previous is not None
    files = previous["bills"][bill_id]["files"]
    for rel in files:
        source, target = out / rel, tmp / rel
        if source.is_symlink() or not source.is_file():
            return False
    for rel in files:
        source, target = out / rel, tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    return True


def build(
    project: Project,
    out: Path | None = None,
    epoch: int | None = None,
    force: bool = False,
    progress: Callable[[int], Callable[[], None]] | None = None,
) -> BuildReport:
    """Build the static site from the store into `out` (default site/ beside bills/), replacing it only at the end.

    With bills/ present and ahead of the store, sync first. The pages of a bill whose branch is where the previous
    build left it are taken from that build (hard links); only the bills that changed are read from the store and
    rendered, then every shared page (home, sessions, outcomes, committees, the finder) and the search index.
    Nothing changed at all (same refs, same legistrack): the previous build stands.
    """
    recover(project)
    root = project.root
    out = output.check_out_dir(
        Path(out) if out else root / "site",
        keep=[("the project", root)],
        keep_out=[
            ("bills/", project.bills_dir),
            ("the store", project.store_path),
            ("legistrack's state folder", project.state_dir),
        ],
    )
    output.clean_stale(out)  # what killed builds left, whether or not this build has anything to do
    synced = None
    waiting: tuple[str, ...] = ()
    if project.bills_dir.is_dir():
        current, without_stages = in_step_cached(project)
        if not current:
            synced = sync(project)
        waiting = tuple(without_stages)
    store = project.open_store()
    try:
        refs = store.refs()
        key = hashlib.sha256(json.dumps([code_digest(), epoch]).encode()).hexdigest()
        heads = {bill: refs[BRANCH_PREFIX + bill] for bill in store.bill_ids()}
        previous = None if force else _read_stamp(out)
        if previous is not None and previous.get("key") != key:
            previous = None  # another legistrack, or another build time: everything is rendered again
        digest = refs_digest(refs)
        if previous is not None and previous.get("refs") == digest:
            return BuildReport(
                str(out), int(previous["pages"]), sorted(heads), up_to_date=True, synced=synced, waiting=waiting
            )
        old = previous["bills"] if previous is not None else {}
        kept = [b for b in sorted(heads) if b in old and old[b].get("head") == heads[b]]
        changed = [b for b in sorted(heads) if b not in kept]
        from ..site import build as site
        from ..site.shared import render_shared
        from ..views import bill_summary, cross_links

        stored = store.read_bills(changed)
        models = site.prepare(stored)
        summaries = {b: old[b]["summary"] for b in kept}
        summaries.update({m.bill.id: bill_summary(m.package) for m in models})
        links = cross_links(summaries)
        # A bill whose links to other bills changed (a law gained the bill of an act that amended it) is rendered
        # again, though its own head did not move.
        relinked = [b for b in kept if old[b].get("links") != links[b]]
        if relinked:
            kept = [b for b in kept if b not in relinked]
            models += site.prepare(store.read_bills(relinked))
        dates = [d for d in (s["last"] for s in summaries.values()) if d]
        if epoch is None:  # deterministic without SOURCE_DATE_EPOCH: the latest legal date
            generated = dt.datetime.combine(
                dt.date.fromisoformat(max(dates)) if dates else dt.date(1970, 1, 1), dt.time(), dt.UTC
            )
        else:
            generated = dt.datetime.fromtimestamp(epoch, dt.UTC)
        with output.building(out) as tmp:
            files: dict[str, list[str]] = {}
            for bill in kept:
                if _reuse(previous, out, tmp, bill):
                    files[bill] = list(old[bill]["files"])
                else:  # the previous build is not whole: render this bill too
                    ((package, commits),) = store.read_bills([bill])
                    models += site.prepare([(package, commits)])
            step = progress(len(models) * len(site.LANGS)) if progress is not None else None
            files.update(site.render_bills(models, tmp, generated, step, links))
            shared = render_shared([summaries[b] for b in sorted(summaries)], tmp, generated)
            text_langs = {lang for m in models for lang in m.known} | set(
                previous.get("text_langs", []) if previous else []
            )
            # Three jobs that wait on work outside the interpreter run together: the published repository (git's
            # own processes), the database (SQLite, which runs without the interpreter's lock, on a store of its
            # own) and the search index (Pagefind). The database's rows: the bills rendered now give theirs (and
            # their diffs); the others' are copied from the previous build's database.
            by_id = {m.bill.id: m for m in models}

            def export() -> None:
                own = project.open_store()
                try:
                    export_store(
                        own,
                        tmp / DATABASE,
                        out / DATABASE,
                        packages={b: (m.package, m.commits) for b, m in by_id.items()},
                        diff_of=lambda bill: _model_diffs(by_id.get(bill)),
                    )
                finally:
                    own.close()

            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                publishing = pool.submit(
                    store.publish,
                    tmp / PUBLISHED_STORE,
                    previous.get("store") if previous else None,
                    out / PUBLISHED_STORE,
                )
                exporting = pool.submit(export)
                if summaries:  # an empty store has nothing to search (and Pagefind refuses an empty index)
                    curated = [b for b, summary in summaries.items() if summary["curated"]]
                    site.index_search(tmp, text_langs or {"ja", "en"}, curated)
                published = publishing.result()
                exporting.result()
            pages = sum(1 for paths in files.values() for p in paths if p.endswith(".html"))
            pages += sum(1 for p in shared if p.endswith(".html"))
            record = {
                "format": STAMP_FORMAT,
                "key": key,
                "refs": digest,
                "pages": pages,
                "text_langs": sorted(text_langs),
                "store": published,
                "bills": {
                    b: {"head": heads[b], "files": sorted(files[b]), "summary": summaries[b], "links": links[b]}
                    for b in sorted(heads)
                },
            }
            (tmp / output.STAMP).write_text(
                json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
            )
            output.swap_in(tmp, out)
    finally:
        store.close()
    return BuildReport(str(out), pages, sorted(heads), synced=synced, waiting=waiting)


def _model_diffs(model: Any) -> DiffOf:
    """The diffs a rendered bill already has (consecutive texts are among them); any other is worked out."""

    def diff_of(lang: str, a: str, b: str, old: str, new: str) -> Diff:
        known = model.diffs.get((lang, a, b)) if model is not None else None
        return known if known is not None else default_diff(lang, a, b, old, new)

    return diff_of


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder and nothing else: no symbolic link is followed, a malformed path is a 400."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        try:
            path = self.translate_path(self.path)
            root = os.path.realpath(self.directory)
            # translate_path has resolved "..": the path is under the root unless a link on the way points out.
            real = os.path.realpath(path)
            if real != os.path.normpath(path) or not (real == root or real.startswith(root + os.sep)):
                self.send_error(HTTPStatus.NOT_FOUND, "Not found")
                return None
        except ValueError:  # a NUL byte (/%00) or a path the OS cannot name
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return None
        try:
            return super().send_head()
        except ValueError:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return None


class _Server(http.server.ThreadingHTTPServer):
    """The preview server: a reader that goes away mid-response (a closed tab, a reload) is no error; anything else
    a request raises is one line through `report`, never socketserver's traceback on stderr."""

    report: Callable[[str], None] = print

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        self.report(f"Error: a request from {client_address[0]} failed ({type(exc).__name__}: {exc})")


def _listen(port: int, directory: Path, report: Callable[[str], None]) -> _Server:
    handler = functools.partial(_Handler, directory=os.path.realpath(directory))
    try:
        server = _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on 127.0.0.1 is in use (another server, or another legistrack serve): give another "
                f"with --port, e.g. --port {port + 1 if port < 65535 else 8000}"
            ) from None
        raise ServeError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}): give another --port") from None
    server.report = report
    return server


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.rglob("*")) if p.is_file())


def serve(
    project: Project,
    out: Path,
    port: int = 8000,
    report: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    interval: float = 1.0,
) -> None:
    """Build, serve `out` on 127.0.0.1:`port`, and sync + rebuild whenever a file under bills/ changes."""
    stop = stop or threading.Event()

    def rebuild() -> None:
        try:
            result = build(project, out)
            report(f"built {result.pages} pages")
        except LegistrackError as exc:  # a bad edit: say so and keep serving the last good build
            report(f"Error: {exc}")
        except OSError as exc:
            report(f"Error: {exc.filename or ''} {exc.strerror or exc}: the last good build is still served")

    server = _listen(port, out, report)  # first: a port in use is said at once, before a build
    try:
        rebuild()
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    report(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    seen = _fingerprint(project.bills_dir)
    try:
        while not stop.wait(interval):
            current = _fingerprint(project.bills_dir)
            if current != seen:
                seen = current
                report("bills/ changed: rebuilding")
                rebuild()
    finally:
        server.shutdown()
        server.server_close()
