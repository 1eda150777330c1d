"""`legistrack build` and `legistrack serve`: the static site, rendered from the store.

The store is the published record, so every page comes from its commits alone: with bills/ beside it, `build`
first brings the store in step (one journaled sync, as `legistrack sync`), then reads every bill back from the store
and renders that; with no bills/ (a clone of a published store), it renders the store as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from ..errors import LegistrackError
from ..packages.read import load_all
from ..project import Project, recover
from ..site import output
from .store import SyncReport, in_step, sync

PUBLISHED_STORE = "store.git"


@dataclass(frozen=True)
class BuildReport:
    out: str
    pages: int
    bills: list[str]
    up_to_date: bool = False
    synced: SyncReport | None = None
    waiting: tuple[str, ...] = ()  # bills in bills/ with no stage yet: the store (and so the site) has none


def _code_digest() -> str:
    """legistrack's own code and templates: a new version of legistrack rebuilds the site."""
    digest = hashlib.sha256()
    package_root = Path(__file__).resolve().parent.parent
    for path in sorted(package_root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".atom", ".css", ".js"):
            digest.update(path.relative_to(package_root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _build_key(refs: dict[str, str], epoch: int | None) -> str:
    """What a build depends on: every ref of the store (so every commit), the build time, legistrack's code."""
    return hashlib.sha256(json.dumps([sorted(refs.items()), epoch, _code_digest()]).encode()).hexdigest()


def build(
    project: Project,
    out: Path | None = None,
    epoch: int | None = None,
    force: bool = False,
    progress: Callable[[int], Callable[[], None]] | None = None,
) -> BuildReport:
    """Build the static site from the store into `out` (default site/ beside bills/), replacing it only at the end.

    With bills/ present and ahead of the store, sync first. Nothing to do (the stamp of the last build matches the
    store's refs) costs reading bills/ and the refs.
    """
    recover(project)
    synced = None
    waiting: tuple[str, ...] = ()
    if project.bills_dir.is_dir():
        packages = load_all(project.bills_dir)
        if not in_step(project, packages):
            synced = sync(project)
        waiting = tuple(p.bill.id for p in packages if not p.bill.stages)
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
    store = project.open_store()
    try:
        refs = store.refs()
        key = _build_key(refs, epoch)
        stamp = out / output.STAMP
        previous = stamp.read_text(encoding="utf-8").split() if stamp.is_file() else []
        if not force and len(previous) == 2 and previous[0] == key and previous[1].isdigit():
            # Same store, same code: the output would be byte-identical, so the previous build stands.
            return BuildReport(
                str(out), int(previous[1]), store.bill_ids(), up_to_date=True, synced=synced, waiting=waiting
            )
        stored = store.read_bills()
        if epoch is None:  # deterministic without SOURCE_DATE_EPOCH: the latest legal date
            dates = [s.date for package, _ in stored for s in package.bill.dated_stages if s.date] or [
                dt.date(1970, 1, 1)
            ]
            generated = dt.datetime.combine(max(dates), dt.time(), dt.UTC)
        else:
            generated = dt.datetime.fromtimestamp(epoch, dt.UTC)
        from ..site import build as site

        models = site.prepare(stored)
        with output.building(out) as tmp:
            step = progress(len(models) * len(site.LANGS)) if progress is not None else None
            written = site.build_site(models, tmp, generated, step)
            if models:  # an empty store has nothing to search (and Pagefind refuses an empty index)
                site.index_search(tmp, {lang for model in models for lang in model.known})
            store.publish(tmp / PUBLISHED_STORE)
            pages = len([w for w in written if w.endswith(".html")])
            (tmp / output.STAMP).write_text(f"{key} {pages}\n", encoding="utf-8")
            output.swap_in(tmp, out)
    finally:
        store.close()
    return BuildReport(str(out), pages, [p.bill.id for p, _ in stored], synced=synced, waiting=waiting)


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

    rebuild()
    handler = functools.partial(_Handler, directory=os.path.realpath(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
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
