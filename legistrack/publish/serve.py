"""`legistrack serve`: the built site on 127.0.0.1, rebuilt whenever a file under bills/ changes."""

from __future__ import annotations

import errno
import functools
import http.server
import os
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from ..errors import LegistrackError, ServeError
from ..project import Project
from .build import build


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
