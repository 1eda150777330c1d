"""`legistrack build` and `legistrack serve`: the static site, rendered from the store (publish/)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..project import Project
from ..publish import build as publishing
from ..publish import serve as serving
from ..publish.build import BuildReport


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
    return publishing.build(project, out, epoch, force, progress)


def serve(
    project: Project,
    out: Path,
    port: int = 8000,
    report: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    interval: float = 1.0,
) -> None:
    """Build, serve `out` on 127.0.0.1:`port`, and sync + rebuild whenever a file under bills/ changes."""
    serving.serve(project, out, port, report, stop, interval)
