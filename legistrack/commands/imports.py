"""`legistrack import`: an official file as a stage text, and whole datasets as bill packages (the Diet's tables).

A dataset import is a write like any other: it plans every package it maintains (pure), compares each with the one
on disk, and applies the changed files and their commits in one journaled step, then packs the store. Packages
a maintainer curated are never written: a bill already curated (the same `identifiers.diet_bill` in a package not
maintained by the importer) is compared with the import, and every disagreement is reported; an imported package
that was edited by hand (a stage without the import's mark) is left as it is and reported.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportFormatError
from ..importers import Imported
from ..jurisdictions import import_text
from ..jurisdictions.jp import diet, lawhistory
from ..models import Bill, Package, check_bill_id
from ..packages import write
from ..packages.plan import FileChange
from ..packages.read import MANIFEST, bill_dir, list_bill_ids, load_package
from ..project import Project, apply, writing
from ..store.objects import BillPlan, plan_bill
from ..store.repo import ObjectBatches
from ..textio import read_input


def import_file(data: bytes, name: str, fmt: str = "auto") -> Imported:
    """Convert a file in a supported format into a stage text."""
    return import_text(data, name, fmt)


@dataclass(frozen=True)
class Conflict:
    """Where the import and a package on disk disagree, and what the import did about it (nothing)."""

    bill: str
    diet_bill: str
    message: str


@dataclass
class ImportReport:
    files: list[str]
    rows: dict[str, int]
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    curated: list[str] = field(default_factory=list)  # bills a maintainer curated: compared, not written
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stages: int = 0
    disputes: int = 0  # facts the two tables disagree on, recorded as claims

    @property
    def bills(self) -> int:
        """Every law bill the tables hold: written, unchanged, or curated (compared only)."""
        return len(self.added) + len(self.updated) + self.unchanged + len(self.curated)


def import_diet_bills(
    project: Project, directory: Path, progress: Callable[[str, int, int], None] | None = None
) -> ImportReport:
    """Import both Houses' bill tables from `directory` (hc-gian-*.csv, hr-gian-*.csv): one package per law bill.

    Memory holds one bill at a time: the tables' rows are grouped by bill on disk (diet.Reading), each bill is
    built, compared with its package and planned in turn, its new bill.toml is put aside on disk (Journal.stage)
    and its objects go to the store in packs of a few hundred bills (removed again if a later bill fails); what is
    kept until the one journaled write is the refs."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportFormatError(
            f"{directory} is not a folder: give the folder that holds hc-gian-*.csv and hr-gian-*.csv"
        )
    files = sorted(directory.glob("hc-gian-*.csv")) + sorted(directory.glob("hr-gian-*.csv"))
    if not files:
        raise ImportFormatError(f"{directory} holds no hc-gian-*.csv or hr-gian-*.csv: give the jp-diet-bills folder")
    with diet.read_tables((f.name, read_input(str(f))) for f in files) as reading, writing(project) as journal:
        report = ImportReport([f.name for f in files], reading.rows)
        root = project.bills_dir
        on_disk = _imported_on_disk(root)
        changes: list[FileChange] = []
        plans: list[BillPlan] = []
        with contextlib.ExitStack() as stack:
            batches: ObjectBatches | None = None
            for i, bill in enumerate(reading.bills()):
                if progress is not None:
                    progress("comparing", i + 1, reading.count)
                text = _diet_manifest(root, bill, on_disk, report)
                if text is None:
                    continue
                changes.append(journal.stage(bill_dir(root, bill.id) / MANIFEST, text.encode()))
                plan = plan_bill(Package(bill))
                if batches is None:
                    store = project.open_store(create=True)
                    stack.callback(store.close)
                    batches = stack.enter_context(store.object_batches())
                batches.add(plan.objects)
                plans.append(plan.refs_only())  # its objects are written by the batches
            report.skipped = reading.skipped
            if batches is not None:
                batches.flush()
                apply(journal, store, changes, plans, batches=batches)
    return report


@dataclass(frozen=True)
class _OnDisk:
    """What the import needs to know of the packages in bills/ (not the packages themselves: memory)."""

    imported: dict[str, list[str]]  # a package this import wrote -> the stages added by hand since
    curated: dict[str, Bill]  # identifiers.diet_bill -> a bill a maintainer curated


def _imported_on_disk(root: Path) -> _OnDisk:
    on_disk = _OnDisk({}, {})
    for bill_id in list_bill_ids(root) if root.is_dir() else []:
        bill = load_package(root, bill_id).bill
        if bill.maintained_by == diet.MAINTAINED_BY:
            on_disk.imported[bill_id] = [s.id for s in bill.stages if not s.imported]
        elif bill.identifier("diet_bill"):
            on_disk.curated[bill.identifier("diet_bill")] = bill
    return on_disk


def _diet_manifest(root: Path, bill: Bill, on_disk: _OnDisk, report: ImportReport) -> str | None:
    """The bill.toml the import writes for `bill`, if it changes; what it did (or why not) goes into `report`."""
    report.stages += len(bill.stages)
    report.disputes += sum(len(s.claims) for s in bill.stages)
    diet_bill = bill.identifier("diet_bill")
    if diet_bill in on_disk.curated:
        mine = on_disk.curated[diet_bill]
        report.curated.append(mine.id)
        for problem in diet.compare_with_curated(bill, mine):
            report.conflicts.append(Conflict(mine.id, diet_bill, problem))
        return None
    folder = bill_dir(root, bill.id)
    path = folder / MANIFEST
    text = write.manifest(bill, diet.HEADER)
    hand = on_disk.imported.get(bill.id)
    if hand is None and (folder.exists() or folder.is_symlink()):
        message = f"{folder} exists and is not a package this import wrote: left as it is"
        report.conflicts.append(Conflict(bill.id, diet_bill, message))
        return None
    if hand:
        message = (
            f"stages {', '.join(hand)} were added by hand: the package was left as it is (move them into a "
            "curated package)"
        )
        report.conflicts.append(Conflict(bill.id, diet_bill, message))
        return None
    if hand is not None:
        if path.read_text(encoding="utf-8") == text:
            report.unchanged += 1
            return None
        report.updated.append(bill.id)
    else:
        report.added.append(bill.id)
    return text


def report_lines(report: ImportReport) -> list[str]:
    """The summary an import prints."""
    lines = [
        f"read {', '.join(f'{name} ({rows} law-bill rows)' for name, rows in report.rows.items())}",
        f"{report.bills} bills, {report.stages} stages ({report.disputes} facts the tables disagree on, recorded as "
        "claims)",
        f"added {len(report.added)}, updated {len(report.updated)}, unchanged {report.unchanged}, curated "
        f"{len(report.curated)} (compared, not written), conflicts {len(report.conflicts)}, rows skipped "
        f"{len(report.skipped)}",
    ]
    for conflict in report.conflicts:
        lines.append(f"conflict: {conflict.bill} ({conflict.diet_bill}): {conflict.message}")
    return lines


# --- a law through its revisions -------------------------------------------------------------------------------


@dataclass
class LawHistoryReport:
    folder: str
    law_id: str
    bill: str
    revisions: int
    first: str
    last: str
    outcome: str  # added, updated, unchanged, curated
    stages: int = 0
    texts: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    scheduled: int = 0  # revisions not yet in force, as stages of kind scheduled
    undated: int = 0  # not yet in force, with no day given: left out
    listed: str = ""  # the revision list's latest update


def import_law_history(
    project: Project,
    directory: Path,
    bill_id: str | None = None,
    revisions: Path | None = None,
    titles: dict[str, str] | None = None,
) -> LawHistoryReport:
    """Import one law's revisions (a jp-law-history folder) as the stages of its package."""
    if bill_id is not None:
        check_bill_id(bill_id)
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportFormatError(f"{directory} is not a folder: give a folder of jp-law-history (with versions.tsv)")
    names = sorted(p.name for p in directory.iterdir() if p.name == "versions.tsv" or p.suffix == ".md")
    files = {name: read_input(str(directory / name)) for name in names}
    listing = read_input(str(revisions)) if revisions is not None else None
    history = lawhistory.read_history(directory.name, files, listing)
    with writing(project) as journal:
        root = project.bills_dir
        found: Package | None = None
        for other in list_bill_ids(root) if root.is_dir() else []:
            package = load_package(root, other)
            if package.bill.identifier("egov_law_id") == history.law_id:
                found = package
                break
        target = bill_id or (found.bill.id if found else f"jp-{history.law_id.lower()}")
        check_bill_id(target)
        report = LawHistoryReport(
            directory.name,
            history.law_id,
            target,
            len(history.revisions),
            history.revisions[0].date.isoformat(),
            history.revisions[-1].date.isoformat(),
            "added",
            scheduled=len(history.scheduled),
            undated=history.undated,
            listed=history.listed,
        )
        if found is not None and found.bill.maintained_by != lawhistory.MAINTAINED_BY:
            report.bill, report.outcome = found.bill.id, "curated"
            for problem in lawhistory.compare_with_curated(history, found):
                report.conflicts.append(Conflict(found.bill.id, history.law_id, problem))
            return report
        if found is not None and found.bill.id != target:
            raise ImportFormatError(
                f"{found.bill.id} already holds the revisions of {history.law_id}: import with --bill {found.bill.id}"
            )
        if found is None and (bill_dir(root, target).exists() or bill_dir(root, target).is_symlink()):
            raise ImportFormatError(
                f"{bill_dir(root, target)} exists and is not this law's package: choose another --bill"
            )
        kept_titles = dict(found.bill.title.items) if found else {}
        kept_titles.pop("ja", None)
        bill, texts = lawhistory.bill_model(history, target, {**kept_titles, **(titles or {})})
        report.stages, report.texts = len(bill.stages), len(texts)
        folder = bill_dir(root, target)
        changes: list[FileChange] = []
        manifest_text = write.manifest(bill, lawhistory.package_header(directory.name))
        wanted = {folder / MANIFEST: manifest_text.encode()}
        wanted.update({folder / "texts" / f"{stage}.ja.txt": text.encode() for stage, text in texts.items()})
        for path, data in wanted.items():
            if not path.is_file() or path.read_bytes() != data:
                changes.append(FileChange(path, data))
        if (folder / "texts").is_dir():
            changes.extend(FileChange(p, None) for p in sorted((folder / "texts").iterdir()) if p not in wanted)
        if found is not None:
            report.outcome = "updated" if changes else "unchanged"
        if changes:
            store = project.open_store(create=True)
            try:
                apply(journal, store, changes, [plan_bill(Package(bill, {(s, "ja"): t for s, t in texts.items()}))])
            finally:
                store.close()
    return report


def law_history_lines(report: LawHistoryReport) -> list[str]:
    """The summary `import law-history` prints."""
    lines = [
        f"read {report.folder}: {report.revisions} revisions of {report.law_id}, {report.first} to {report.last}",
    ]
    if report.scheduled or report.undated:
        lines.append(
            f"e-Gov's revision list (updated {report.listed}): {report.scheduled} not yet in force, as stages of kind "
            "scheduled" + (f"; {report.undated} with no day given, left out" if report.undated else "")
        )
    if report.outcome == "curated":
        lines.append(f"{report.bill} is curated: compared, not written; conflicts {len(report.conflicts)}")
    else:
        lines.append(f"{report.bill}: {report.outcome}, {report.stages} stages, {report.texts} texts")
    for conflict in report.conflicts:
        lines.append(f"conflict: {conflict.bill}: {conflict.message}")
    return lines
