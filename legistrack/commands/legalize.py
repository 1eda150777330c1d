"""`legistrack import legalize-jp REPO`: every Act of a local clone of legalize-jp, each law a package of its
revisions, in one journaled write; a later import reads only the laws that changed since the last one.

The clone is read with git (store/laws.py), no checkout needed. Each law goes through the same reader as `import
law-history` (lawhistory), so a law imported either way is built alike; a package of the law written by that import
or curated by hand is compared, never overwritten. A law whose file's blobs the clone lacks (a partial copy) is left
out whole and named in one line; the others go on. The commit imported last is kept in
.legistrack/legalize-jp.json: it names what "changed since" means, and nothing else depends on it (without it, the
whole clone is read again and the packages come out the same).
"""

from __future__ import annotations

import collections
import concurrent.futures
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..datasets import Dataset, OnDisk, Planned, import_packages, kept_in_store
from ..errors import ImportFormatError
from ..jurisdictions.jp import lawhistory, legalize
from ..jurisdictions.jp.legalize import LawCommit
from ..models import MAX_STAGE_NUMBER, Package, check_bill_id
from ..project import Project
from ..store.laws import ACTS, LawRepository
from ..store.objects import BRANCH_PREFIX, plan_bill
from ..workers import die_with_parent, shared_with_workers
from .imports import Conflict, _conflicts

MAINTAINED_BY = "legistrack import legalize-jp"
STATE = "legalize-jp.json"
MAX_STAGES = MAX_STAGE_NUMBER  # stage ids NN-kind, NNN-kind from 100 (models.STAGE_ID_RE)
_LAW_ID = re.compile(r"^[0-9]{3}[A-Z]{2}[0-9A-Z]{10}$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
HEADER = (
    "legistrack bill package written by `legistrack import legalize-jp` from a clone of legalize-jp\n"
    "(github.com/yno9/legalize-jp, CC BY 4.0; the texts are e-Gov's). A new import rewrites it: to curate this law,\n"
    "create a package of your own with the same identifiers.egov_law_id."
)


@dataclass
class LegalizeReport:
    repo: str
    head: str
    since: str | None  # the commit the last import read up to, when this one read only what changed after it
    laws: int = 0  # laws read
    revisions: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    curated: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # laws the clone cannot give whole, each with why
    undone: list[dict[str, str]] = field(default_factory=list)  # revisions that undo another of the same day
    rewritten: dict[str, list[str]] = field(default_factory=dict)  # bill -> stages given new commits


def import_legalize_jp(project: Project, repo_path: Path, laws: Sequence[str] = ()) -> LegalizeReport:
    """Import the Acts of the clone at `repo_path` (or the laws named) as packages of their revisions."""
    for law_id in laws:
        if not _LAW_ID.match(law_id):
            raise ImportFormatError(f"{law_id!r} is not an e-Gov law id (like 507AC0000000053): check --law")
    repo = LawRepository(Path(repo_path))
    try:
        head = repo.head()
        since = None if laws else _last_import(project, repo)
        wanted = list(laws) or repo.laws_changed(since, ACTS)
        report = LegalizeReport(str(repo_path), head, since, laws=len(wanted))
        remembered = _remembered(_recorded(project)) if since is not None else {}
        commits = _law_commits(repo, wanted, since, remembered)
        histories: dict[str, lawhistory.History] = {}
        read: set[str] = set()  # the laws read whole this time (not left out)

        def packages(on_disk: OnDisk) -> Iterator[Planned]:
            for history, package in _converted(_jobs(repo, wanted, commits, report, on_disk), repo, len(wanted)):
                histories.clear()  # memory holds one law's texts: the package being written is compared alone
                histories[history.law_id] = history
                read.add(history.law_id)
                report.revisions += len(history.revisions)
                report.undone += [
                    {"law": history.law_id, "revision": r.source_id, "undoes": r.undoes}
                    for r in history.revisions
                    if r.undoes
                ]
                yield package

        written = import_packages(project, _dataset(histories), packages)
    finally:
        repo.close()
    report.added, report.updated, report.unchanged = written.added, written.updated, written.unchanged
    report.curated, report.conflicts = written.curated, _conflicts(written)
    report.rewritten = written.rewritten
    if not laws:  # the commits of every law read now, and of those not to be read again
        known = {law: c for law, c in {**remembered, **commits}.items() if law in read or law not in wanted}
        _save_state(project, str(repo_path), head, written.maintained, known)
    return report


def _dataset(histories: dict[str, lawhistory.History]) -> Dataset:
    """legalize-jp as a dataset: a curated package of a law is compared with the history being imported."""
    return Dataset(
        MAINTAINED_BY,
        "egov_law_id",
        HEADER,
        lambda imported, mine: lawhistory.compare_with_curated(
            histories[imported.bill.identifier("egov_law_id")], mine
        ),
        texts_in_store=True,
        read_back=True,  # lawmd gives texts as bills/ reads them back, and _convert names them by blob id
    )


def _save_state(
    project: Project, repo: str, head: str, maintained: Sequence[str], commits: dict[str, list[LawCommit]]
) -> None:
    """What the next import of the same clone builds on: the commit read up to, the head of every package it keeps
    in the store, and each law's commits as read (a later import walks only the commits after `head`; a law left out
    has none here, and the next import walks it whole)."""
    state = {
        "repo": repo,
        "head": head,
        "branches": _branches(project, maintained),
        "commits": {law: [[c.commit, c.order, c.source_id, c.blob] for c in commits[law]] for law in sorted(commits)},
    }
    project.state_dir.mkdir(parents=True, exist_ok=True)
    (project.state_dir / STATE).write_text(json.dumps(state, sort_keys=True) + "\n", "utf-8")


def _branches(project: Project, maintained: Sequence[str]) -> dict[str, str]:
    """The head of every package this import keeps in the store (its texts are nowhere else), as the store has it."""
    heads = _store_heads(project)
    return {bill: heads.get(bill, "") for bill in sorted(maintained)}


def _store_heads(project: Project) -> dict[str, str]:
    """Bill -> the head of its branch in the store."""
    refs = project.store_refs()
    return {name[len(BRANCH_PREFIX) :]: sha for name, sha in refs.items() if name.startswith(BRANCH_PREFIX)}


def _recorded(project: Project) -> dict[str, Any]:
    try:
        state = json.loads((project.state_dir / STATE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _last_import(project: Project, repo: LawRepository) -> str | None:
    """The commit the last import of this clone's history read up to, if HEAD still descends from it and the store
    still holds every package as that import left it (their texts are kept there alone: a store made again, or
    moved by hand, has the whole clone read again)."""
    state = _recorded(project)
    head = state.get("head")
    if not (isinstance(head, str) and re.fullmatch(r"[0-9a-f]{40}", head) and repo.knows(head)):
        return None
    branches = state.get("branches")
    heads = _store_heads(project)
    if not isinstance(branches, dict) or any(heads.get(b) != h for b, h in branches.items()):
        return None
    return head


def _remembered(state: dict[str, Any]) -> dict[str, list[LawCommit]]:
    """Each law's commits as the last import read them (the state's `commits`), those of a well-formed entry."""
    found = state.get("commits")
    out: dict[str, list[LawCommit]] = {}
    for law_id, rows in (found if isinstance(found, dict) else {}).items():
        if not (isinstance(law_id, str) and _LAW_ID.match(law_id) and isinstance(rows, list) and rows):
            continue
        ok = all(
            isinstance(row, list)
            and len(row) == 4
            and isinstance(row[0], str)
            and _SHA.match(row[0])
            and isinstance(row[1], int)
            and isinstance(row[2], str)
            and isinstance(row[3], str)
            and _SHA.match(row[3])
            for row in rows
        )
        if ok:
            out[law_id] = [LawCommit(row[0], row[1], row[2], row[3]) for row in rows]
    return out


def _law_commits(
    repo: LawRepository, wanted: list[str], since: str | None, remembered: dict[str, list[LawCommit]]
) -> dict[str, list[LawCommit]]:
    """Each wanted law's commits, oldest first. After an import of the same history (`since`), a law's commits are
    those the last import read, then those after `since`: a walk of the new commits alone, where the law's whole
    history is a walk of every commit of the clone (12 s for one law of legalize-jp: git compares each commit's
    tree). A law the last import did not read whole (new, or left out then) is walked whole."""
    if since is None:
        return repo.commits(wanted)
    new = repo.commits(wanted, since)
    whole = repo.commits([law for law in wanted if law not in remembered])
    for law in wanted:
        if law in remembered:
            after = max(c.order for c in remembered[law]) + 1  # the new commits come after, in the same order
            whole[law] = remembered[law] + [replace(c, order=after + c.order) for c in new.get(law, [])]
    return whole


# One law to convert: its id, its commits in order, its package's bill id, and whether its whole history is wanted
# back (a curated package of the law is compared with it). Its file's versions are read where it is converted.
Job = tuple[str, list[LawCommit], str, bool]
# A law converted: its history (its texts left out unless asked for) and its package planned (Planned).
Converted = tuple[lawhistory.History, Planned]

# laws: fewer are converted in this process. Starting workers costs about what they save on a few laws; with many,
# every core reads and converts (each worker reads its laws' versions from the clone itself and plans their
# packages: this process only writes).
CONVERT_PARALLEL_FROM = 64
# the file versions being converted and not yet written: the biggest law (240 MB) with others beside it
IN_FLIGHT_BYTES = 512 << 20


def _jobs(
    repo: LawRepository,
    wanted: list[str],
    commits: dict[str, list[LawCommit]],
    report: LegalizeReport,
    on_disk: OnDisk,
) -> Iterator[tuple[Job, int]]:
    """Each wanted law to convert, with the size of its file's versions (the clone's blobs are looked up here, and
    read where the law is converted)."""
    for law_id in wanted:
        mine = commits.get(law_id)
        if not mine:
            report.left_out.append(f"{law_id}: no commit of jp/{law_id}.md in the clone: check the law id")
            continue
        sizes = repo.sizes(c.blob for c in mine)
        missing = sorted({c.blob for c in mine if c.blob not in sizes})
        if missing:
            report.left_out.append(
                f"{law_id}: the clone lacks {len(missing)} of its file's versions (a partial copy, e.g. "
                f"{missing[0][:12]}): left out whole; fetch them (git fetch --refetch) and import again"
            )
            continue
        if len(mine) + 1 > MAX_STAGES:
            report.left_out.append(
                f"{law_id}: {len(mine)} revisions and its promulgation are more than the {MAX_STAGES} stages a package "
                "holds (stage ids NNN-kind): left out whole"
            )
            continue
        # the package that holds its revisions already, else jp-<law id>
        target = on_disk.by_key.get(law_id) or f"jp-{law_id.lower()}"
        check_bill_id(target)
        job: Job = (law_id, legalize.ordered(law_id, mine), target, law_id in on_disk.curated)
        yield job, sum(sizes.values())


_REPO: LawRepository | None = None  # a worker's own reader of the clone (_start_worker)


def _start_worker(parent: int, repo_path: Path) -> None:
    die_with_parent(parent)
    global _REPO
    _REPO = LawRepository(repo_path)


def _convert(job: Job, repo: LawRepository | None = None) -> Converted:
    """One law's history and its package planned, its texts as bills/ gives them back and named by their blob ids
    (what the import writes): the work of reading a law, done on a worker when there are many."""
    law_id, ordered, target, whole = job
    reader = repo or _REPO
    assert reader is not None
    found = reader.blobs(c.blob for c in ordered)
    lacking = [sha for sha, data in found.items() if data is None]
    if lacking:  # (looked up before: gone since)
        raise ImportFormatError(f"{law_id}: the clone no longer has {lacking[0]}: check the clone (git fsck)")
    blobs = {sha: data for sha, data in found.items() if data is not None}
    history = legalize.read_history(law_id, ordered, blobs)
    bill, texts = lawhistory.bill_model(history, target, maintained_by=MAINTAINED_BY)
    package = kept_in_store(Package(bill, {(stage, "ja"): text for stage, text in texts.items()}))
    # (lawmd's texts are as bills/ gives them back already: as_read_back would decode every revision again)
    plan = plan_bill(package)
    # what goes back to the import: the texts once, in the plan's objects (a history's texts only where a curated
    # package is compared with them)
    if not whole:
        history = replace(history, revisions=tuple(replace(r, text="") for r in history.revisions))
    return history, Planned(replace(package, texts={}), plan)


def _converted(jobs: Iterable[tuple[Job, int]], repo: LawRepository, laws: int) -> Iterator[Converted]:
    """Each job's law converted (_convert), in the jobs' order. Many laws are converted on every core while this
    process looks up the next laws in the clone and writes the ones converted: reading and converting every Act's
    14,000 revisions is most of an import. A few laws' versions are in flight at a time (IN_FLIGHT_BYTES), so
    memory holds what one law alone would, a few times over at most."""
    workers = min(os.cpu_count() or 1, 4)
    if laws < CONVERT_PARALLEL_FROM or workers < 2:
        yield from (_convert(job, repo) for job, _size in jobs)
        return
    pending: collections.deque[tuple[concurrent.futures.Future[Converted], int]] = collections.deque()
    held = 0
    with (
        shared_with_workers(),
        concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, initializer=_start_worker, initargs=(os.getpid(), repo.path)
        ) as pool,
    ):
        try:
            for job, size in jobs:
                while pending and (len(pending) > 2 * workers or held + size > IN_FLIGHT_BYTES):
                    future, sent = pending.popleft()
                    held -= sent
                    yield future.result()
                pending.append((pool.submit(_convert, job), size))
                held += size
            while pending:
                yield pending.popleft()[0].result()
        finally:
            pool.shutdown(cancel_futures=True)


def report_lines(report: LegalizeReport) -> list[str]:
    """The summary `import legalize-jp` prints."""
    read = f"since {report.since[:12]}" if report.since else "whole history"
    lines = [
        f"read {report.repo} at {report.head[:12]} ({read}): {report.laws} laws, {report.revisions} revisions",
        f"added {len(report.added)}, updated {len(report.updated)}, unchanged {report.unchanged}, curated "
        f"{len(report.curated)} (compared, not written), conflicts {len(report.conflicts)}, left out "
        f"{len(report.left_out)}",
    ]
    lines += [f"left out: {why}" for why in report.left_out]
    lines += [f"warning: {u['law']}: {u['revision']} undoes {u['undoes']} (the data's order)" for u in report.undone]
    lines += [f"conflict: {c.bill}: {c.message}" for c in report.conflicts]
    return lines
