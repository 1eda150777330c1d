"""The bills' pages, rendered from their models (site.model.prepare) on every core.

`prepare` first builds the whole model (every bill's known texts, every diff), then `render_bills` writes (pelican's
generate_context / generate_output). Pages exist once per interface language (en/, ja/) with relative URLs only,
so the site works from file:// and under any path; data that is the same in every language (timeline JSON, diff
JSON, Atom feeds) is written once at the bill's root. Every template gets a named context (a TypedDict in its page
module, site/pages/) that starts from the records of views.py: the records `stage list --json` prints and
`timeline.json` holds.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..workers import die_with_parent, shared_with_workers
from .model import BillModel
from .pages import write_bill
from .pages.data import bill_data
from .render import compile_templates, environment, page_writer
from .strings import LANGS

# The work a render is worth forking for, in bill pages (a bill in one language; each of its texts counts as three
# more: its page, its diffs, its articles): two Diet bills, or one law through its revisions (APPI alone took 12 s
# in one process, the most of a one-stage rebuild at the Diet's size).
RENDER_PARALLEL_FROM = 4


# What the rendering workers read: set before they are forked, so the models are not pickled to them.
_RENDER: (
    tuple[Sequence[BillModel], Path, dt.datetime, Mapping[str, dict[str, Any]], Callable[[BillModel], None] | None]
    | None
) = None


# the job of a bill's data (bill_data: its timeline's JSON, its feed, its diffs' JSON), not a language's pages
DATA = ""


def _render_job(job: tuple[int, str]) -> list[str]:
    """Write one bill's pages in one interface language, or (DATA) its data, in a worker process; return the paths
    written."""
    assert _RENDER is not None
    models, out, generated, links, also = _RENDER
    env = environment()
    model = models[job[0]]
    if job[1] == DATA:
        data = bill_data(model, out, generated, env)
        if also is not None:
            also(model)
        return data
    written: list[str] = []
    write_bill(model, job[1], page_writer(env, out, generated, written), links.get(model.bill.id))
    return written


def render_bills(
    models: Sequence[BillModel],
    out: Path,
    generated: dt.datetime,
    step: Callable[[], None] | None = None,
    links: Mapping[str, dict[str, Any]] | None = None,
    also: Callable[[BillModel], None] | None = None,
) -> dict[str, list[str]]:
    """Write every file of these bills (their pages in both interface languages and their data); return the paths
    written, by bill. Rendered on every core when there are enough pages (worker processes forked from this one, so
    they share the models); `step` is called once per bill and interface language, for a progress bar; `links` are
    the bills' links to each other (views.cross_links); `also` is called with each bill's model beside its data, on
    the workers too (a build's database rows: publish.build)."""
    global _RENDER
    links = links or {}
    env = environment()
    written: dict[str, list[str]] = {model.bill.id: [] for model in models}
    jobs = [(i, lang) for lang in LANGS for i in range(len(models))]
    workers = min(os.cpu_count() or 1, len(jobs))
    # Forking a process that runs other threads (legistrack serve's HTTP server) can copy a lock another thread
    # holds: there, and where fork does not exist, the pages are rendered in this process.
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    work = sum(1 + 3 * sum(len(known) for known in models[i].known.values()) for i, _lang in jobs)
    if work >= RENDER_PARALLEL_FROM and workers > 1 and forkable:
        compile_templates()
        _RENDER = (models, out, generated, links, also)
        try:
            with (
                shared_with_workers(),
                concurrent.futures.ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=die_with_parent,
                    initargs=(os.getpid(),),
                ) as pool,
            ):
                # each bill's data after its pages in both languages, on the workers too (the data of every Act's
                # 13,842 revisions, gzipped, kept the build's own process busy for 30 s while the workers waited)
                every = [*jobs, *((i, DATA) for i in range(len(models)))]
                futures = [pool.submit(_render_job, job) for job in every]
                pages = set(futures[: len(jobs)])
                for done in concurrent.futures.as_completed(futures):
                    if step is not None and done in pages:
                        step()
                for job, future in zip(every, futures, strict=True):  # in job order: the same list every time
                    written[models[job[0]].bill.id] += future.result()
        finally:
            _RENDER = None
    else:
        for i, lang in jobs:
            paths: list[str] = []
            write_bill(models[i], lang, page_writer(env, out, generated, paths), links.get(models[i].bill.id))
            written[models[i].bill.id] += paths
            if step is not None:
                step()
        for model in models:
            written[model.bill.id] += bill_data(model, out, generated, env)
            if also is not None:
                also(model)
    return written
