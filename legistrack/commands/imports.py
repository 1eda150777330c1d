"""`legistrack import`: an official file as a stage text, and whole datasets as bill packages (the Diet's tables).

A dataset import is a write like any other: it plans every package it maintains (pure), compares each with the one
on disk, and applies the changed files and their commits in one journaled step, then packs the store. Packages
a maintainer curated are never written: a bill already curated (the same `identifiers.diet_bill` in a package not
maintained by the importer) is compared with the import, and every disagreement is reported; an imported package
that was edited by hand (a stage without the import's mark) is left as it is and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..datasets import Dataset, OnDisk, Written, import_packages
from ..errors import ImportFormatError
from ..importers import Imported
from ..jurisdictions import import_text
from ..jurisdictions.jp import diet, lawhistory
from ..models import Package, check_bill_id
from ..packages.read import bill_dir, load_bill
from ..project import Project
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
    # every non-empty cell of the rows read, and where it went (diet/cells.py): `unexplained` is a contract, 0
    cells: dict[str, Any] = field(default_factory=dict)
    rewritten: dict[str, list[str]] = field(default_factory=dict)  # bill -> stages given new commits

    @property
    def bills(self) -> int:
        """Every law bill the tables hold: written, unchanged, or curated (compared only)."""
        return len(self.added) + len(self.updated) + self.unchanged + len(self.curated)

    def record(self, written: Written) -> None:
        """What the import did with each package, in this report."""
        self.added, self.updated, self.unchanged = written.added, written.updated, written.unchanged
        self.curated = written.curated
        self.conflicts = _conflicts(written)
        self.rewritten = written.rewritten


def _conflicts(written: Written) -> list[Conflict]:
    """The import's conflicts as the reports give them (`diet_bill`: the bill's identifier in its dataset)."""
    return [Conflict(c.bill, c.key, c.message) for c in written.conflicts]


DIET = Dataset(
    diet.MAINTAINED_BY,
    "diet_bill",
    diet.HEADER,
    lambda imported, curated: diet.compare_with_curated(imported.bill, curated.bill),
)


def import_diet_bills(
    project: Project, directory: Path, progress: Callable[[str, int, int], None] | None = None
) -> ImportReport:
    """Import both Houses' bill tables from `directory` (hc-gian-*.csv, hr-gian-*.csv): one package per law bill.

    Memory holds one bill at a time: the tables' rows are grouped by bill on disk (diet.Reading), and each bill is
    built, compared with its package and planned in turn (datasets.import_packages)."""
    files = _diet_tables(Path(directory))
    with diet.read_tables((f.name, read_input(str(f))) for f in files) as reading:
        report = ImportReport([f.name for f in files], reading.rows)

        def packages(_on_disk: OnDisk) -> Iterator[Package]:
            for i, bill in enumerate(reading.bills()):
                if progress is not None:
                    progress("comparing", i + 1, reading.count)
                report.stages += len(bill.stages)
                report.disputes += sum(len(s.claims) for s in bill.stages)
                yield Package(bill)

        report.record(import_packages(project, DIET, packages))
        report.skipped = reading.skipped
        report.cells = reading.cells.as_json()
    return report


def _diet_tables(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ImportFormatError(
            f"{directory} is not a folder: give the folder that holds hc-gian-*.csv and hr-gian-*.csv"
        )
    files = sorted(directory.glob("hc-gian-*.csv")) + sorted(directory.glob("hr-gian-*.csv"))
    if not files:
        raise ImportFormatError(f"{directory} holds no hc-gian-*.csv or hr-gian-*.csv: give the jp-diet-bills folder")
    return files


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
    if report.cells:
        lines.append(
            f"cells: {report.cells['total']} non-empty: {report.cells['stages']} cited by stages, "
            f"{report.cells['claims']} by claims, {report.cells['bill']} the bills' own, {report.cells['left_out']} "
            f"left out with a reason (--json), {report.cells['unexplained']} unexplained"
        )
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
    rewritten: dict[str, list[str]] = field(default_factory=dict)  # bill -> stages given new commits


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
    history = _read_history(Path(directory), revisions)
    report = LawHistoryReport(
        history.folder,
        history.law_id,
        bill_id or "",
        len(history.revisions),
        history.revisions[0].date.isoformat(),
        history.revisions[-1].date.isoformat(),
        "added",
        scheduled=len(history.scheduled),
        undated=history.undated,
        listed=history.listed,
    )
    dataset = Dataset(
        lawhistory.MAINTAINED_BY,
        "egov_law_id",
        lawhistory.package_header(history.folder),
        lambda _imported, curated: lawhistory.compare_with_curated(history, curated),
    )

    def packages(on_disk: OnDisk) -> Iterator[Package]:
        yield _law_package(project, history, on_disk, report, titles or {})

    _record(report, import_packages(project, dataset, packages))
    return report


def _read_history(directory: Path, revisions: Path | None) -> lawhistory.History:
    if not directory.is_dir():
        raise ImportFormatError(f"{directory} is not a folder: give a folder of jp-law-history (with versions.tsv)")
    names = sorted(p.name for p in directory.iterdir() if p.name == "versions.tsv" or p.suffix == ".md")
    files = {name: read_input(str(directory / name)) for name in names}
    listing = read_input(str(revisions)) if revisions is not None else None
    return lawhistory.read_history(directory.name, files, listing)


def _law_package(
    project: Project, history: lawhistory.History, on_disk: OnDisk, report: LawHistoryReport, titles: dict[str, str]
) -> Package:
    """The law's package: in the package that holds its revisions already (with the titles it has), else in
    report.bill (--bill) or jp-<law id>; a curated package of the law is only compared (datasets.import_packages)."""
    root = project.bills_dir
    curated = on_disk.curated.get(history.law_id)
    found = on_disk.by_key.get(history.law_id)
    target = report.bill or (curated.bill.id if curated else found) or f"jp-{history.law_id.lower()}"
    check_bill_id(target)
    if curated is None and found is not None and found != target:
        raise ImportFormatError(f"{found} already holds the revisions of {history.law_id}: import with --bill {found}")
    if curated is None and found is None and (bill_dir(root, target).exists() or bill_dir(root, target).is_symlink()):
        raise ImportFormatError(f"{bill_dir(root, target)} exists and is not this law's package: choose another --bill")
    kept = dict(load_bill(root, found).title.items) if found is not None else {}
    kept.pop("ja", None)
    bill, texts = lawhistory.bill_model(history, target, {**kept, **titles})
    report.bill, report.stages, report.texts = target, len(bill.stages), len(texts)
    return Package(bill, {(stage, "ja"): text for stage, text in texts.items()})


def _record(report: LawHistoryReport, written: Written) -> None:
    """The import's outcome for the law: added, updated, unchanged or curated (compared only)."""
    report.conflicts = _conflicts(written)
    report.rewritten = written.rewritten
    if written.curated:
        report.bill, report.outcome = written.curated[0], "curated"
        report.stages = report.texts = 0  # nothing of the import's is written
    elif report.conflicts:  # stages added by hand to the imported package: nothing was written
        raise ImportFormatError(f"{report.bill}: {report.conflicts[0].message}")
    else:
        report.outcome = "added" if written.added else ("updated" if written.updated else "unchanged")


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
