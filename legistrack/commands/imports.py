"""`legistrack import`: an official file as a stage text, and whole datasets as bill packages (the Diet's tables).

A dataset import is a write like any other: it plans every package it maintains (pure), compares each with the one
on disk, and applies the changed files and their commits in one journaled step, then packs the store. Packages
a maintainer curated are never written: a bill already curated (the same `identifiers.diet_bill` in a package not
maintained by the importer) is compared with the import, and every disagreement is reported; an imported package
that was edited by hand (a stage without the import's mark) is left as it is and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportFormatError
from ..importers import Imported, diet, import_text
from ..models import Bill, Package
from ..packages import write
from ..packages.plan import FileChange
from ..packages.read import MANIFEST, bill_dir, list_bill_ids, load_package
from ..project import Project, apply, writing
from ..store.objects import plan_bill
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


HEADER = (
    "legistrack bill package written by `legistrack import diet-bills` from both Houses' bill tables\n"
    "(shared/real-data/jp-diet-bills). A new import rewrites it: to curate this bill, create a package of your\n"
    "own with the same identifiers.diet_bill (the import then compares it with the tables instead)."
)

# What a curated stage's kind is, for the import's step: a cabinet decision is the curated name of a submission.
_SAME_KIND = {
    "submitted": {"submitted", "cabinet-decision", "introduced"},
    "introduced": {"introduced", "submitted"},
    "referred": {"referred"},
    "committee-vote": {"committee-vote"},
    "plenary-vote": {"plenary-vote", "passed"},
    "enacted": {"enacted", "plenary-vote", "passed"},
    "promulgated": {"promulgated"},
    "withdrawn": {"withdrawn"},
    "lapsed": {"lapsed"},
}


def compare_with_curated(imported: Bill, curated: Bill) -> list[str]:
    """Every imported step the curated timeline lacks (by kind and date), and every curated step of those kinds the
    tables do not give: an empty list when the two agree."""
    problems = []
    for stage in imported.stages:
        kinds = _SAME_KIND.get(stage.kind)
        if kinds is None:
            continue  # transmissions: the curated timeline tells them inside the plenary stage
        if not any(c.kind in kinds and c.date == stage.date for c in curated.stages):
            when = stage.date.isoformat() if stage.date else f"session {stage.session}"
            problems.append(
                f"the tables give {stage.kind} on {when} ({stage.title.best('en')}), the curated "
                f"{curated.id} has no {stage.kind} that day"
            )
    compared = {k for kinds in _SAME_KIND.values() for k in kinds}
    for stage in curated.stages:
        if stage.kind in compared and not any(
            stage.kind in _SAME_KIND.get(i.kind, set()) and i.date == stage.date for i in imported.stages
        ):
            problems.append(f"the curated {stage.id} ({stage.date}) is not in the tables")
    return problems


def import_diet_bills(
    project: Project, directory: Path, progress: Callable[[str, int, int], None] | None = None
) -> ImportReport:
    """Import both Houses' bill tables from `directory` (hc-gian-*.csv, hr-gian-*.csv): one package per law bill."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportFormatError(
            f"{directory} is not a folder: give the folder that holds hc-gian-*.csv and hr-gian-*.csv"
        )
    files = sorted(directory.glob("hc-gian-*.csv")) + sorted(directory.glob("hr-gian-*.csv"))
    if not files:
        raise ImportFormatError(f"{directory} holds no hc-gian-*.csv or hr-gian-*.csv: give the jp-diet-bills folder")
    tables = [(f.name, read_input(str(f))) for f in files]

    def step(what: str, total: int) -> Callable[[int], None] | None:
        if progress is None:
            return None
        return lambda done: progress(what, done, total)

    result = diet.read_tables(tables)
    report = ImportReport([f.name for f in files], result.rows, skipped=result.skipped)
    with writing(project) as journal:
        root = project.bills_dir
        on_disk = list_bill_ids(root) if root.is_dir() else []
        curated: dict[str, Package] = {}
        kept: dict[str, Package] = {}
        for bill_id in on_disk:
            package = load_package(root, bill_id)
            if package.bill.maintained_by == diet.MAINTAINED_BY:
                kept[bill_id] = package
            elif package.bill.identifier("diet_bill"):
                curated[package.bill.identifier("diet_bill")] = package
        changes: list[FileChange] = []
        plans = []
        tick = step("comparing", len(result.bills))
        for i, bill in enumerate(result.bills):
            if tick is not None:
                tick(i + 1)
            report.stages += len(bill.stages)
            report.disputes += sum(len(s.claims) for s in bill.stages)
            diet_bill = bill.identifier("diet_bill")
            if diet_bill in curated:
                mine = curated[diet_bill].bill
                report.curated.append(mine.id)
                for problem in compare_with_curated(bill, mine):
                    report.conflicts.append(Conflict(mine.id, diet_bill, problem))
                continue
            path = bill_dir(root, bill.id) / MANIFEST
            text = write.manifest(bill, HEADER)
            existing = kept.get(bill.id)
            if existing is None and (bill_dir(root, bill.id).exists() or bill_dir(root, bill.id).is_symlink()):
                report.conflicts.append(
                    Conflict(
                        bill.id,
                        diet_bill,
                        f"{bill_dir(root, bill.id)} exists and is not a package this import wrote: left as it is",
                    )
                )
                continue
            if existing is not None:
                hand = [s.id for s in existing.bill.stages if not s.imported]
                if hand:
                    report.conflicts.append(
                        Conflict(
                            bill.id,
                            diet_bill,
                            f"stages {', '.join(hand)} were added by "
                            "hand: the package was left as it is (move them into a curated "
                            "package)",
                        )
                    )
                    continue
                if path.read_text(encoding="utf-8") == text:
                    report.unchanged += 1
                    continue
                report.updated.append(bill.id)
            else:
                report.added.append(bill.id)
            changes.append(FileChange(path, text.encode()))
            plans.append(plan_bill(Package(bill)))
        if changes:
            store = project.open_store(create=True)
            try:
                apply(journal, store, changes, plans)
            finally:
                store.close()
    return report


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
