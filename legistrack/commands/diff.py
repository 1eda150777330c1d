"""`legistrack diff`: between two stages of a bill as the store holds them, between two files, or many pairs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..diff.engine import diff_texts
from ..diff.model import SCHEMA, Diff
from ..errors import LegistrackError, UnknownBill, known_ids
from ..jurisdictions import import_text
from ..textio import read_input, sha256_bytes

if TYPE_CHECKING:
    from ..models import Package
    from ..project import Project


def diff_stages(
    project: Project, bill_id: str, old_stage: str, new_stage: str, lang: str | None = None, raw: bool = False
) -> Diff:
    """Diff a bill's text between two stages, as the store holds them (no bills/ needed)."""
    from ..models import check_bill_id
    from ..project import recover  # the store, and with it git, only for this form: two files need neither

    check_bill_id(bill_id)
    recover(project)
    package = _stored(project, bill_id)
    bill = package.bill
    for stage_id in (old_stage, new_stage):
        bill.stage(stage_id)  # unknown stage ids are refused with the list of known ones
    if lang is not None and lang not in bill.languages:
        raise LegistrackError(f"{bill_id} has no language {lang!r}: use one of {', '.join(bill.languages)}")
    candidates = [lang] if lang else list(bill.languages)
    for candidate in candidates:
        old, new = (package.version(s, candidate) for s in (old_stage, new_stage))
        if old.text is not None and new.text is not None:
            labels = [f"{bill_id}/{s} ({candidate})" for s in (old_stage, new_stage)]
            return diff_texts(old.text, new.text, labels[0], labels[1], raw=raw)
    raise _no_text(package, old_stage, new_stage, candidates)


def _stored(project: Project, bill_id: str) -> Package:
    """The bill's package as the store holds it."""
    store = project.open_store()
    try:
        if bill_id not in store.bill_ids():
            known = known_ids(bill_id, sorted(store.bill_ids()), "bill")
            raise UnknownBill(f"the store has no bill {bill_id!r} ({known}); if it is in bills/, run legistrack sync")
        ((package, _commits),) = store.read_bills([bill_id])
        return package
    finally:
        store.close()


def _no_text(package: Package, old_stage: str, new_stage: str, candidates: list[str]) -> LegistrackError:
    """The error when the two stages have no text in one language: what each has, and which stages have text."""
    bill = package.bill
    missing = [
        f"{s} [{v.lang}]: {v.status}" + (f" ({v.url})" if v.url else "")
        for s in (old_stage, new_stage)
        for v in package.versions(s)
        if v.text is None and v.lang in candidates
    ]
    with_text = [
        s.id for s in bill.stages if any(v.text is not None and v.lang in candidates for v in package.versions(s.id))
    ]
    return LegistrackError(
        f"no text to compare in {', '.join(candidates)} between {old_stage} and {new_stage}: "
        f"{'; '.join(missing)}; stages with text: {', '.join(with_text) or 'none'}"
    )


def diff_files(old: str, new: str, raw: bool = False) -> Diff:
    """Diff two files given by path (plain text, or any XML format `import` reads, detected automatically)."""
    a, b = (import_text(read_input(name), name) for name in (old, new))
    # a text read as it is has its file's SHA-256: no second encoding of a long text to hash it
    hashes = [None if imported.utf8 is None else sha256_bytes(imported.utf8) for imported in (a, b)]
    return diff_texts(a.text, b.text, old, new, raw=raw, sha256=(hashes[0], hashes[1]))


class PairResult(NamedTuple):
    """One line of a batch: the pair's diff, or why it could not be compared."""

    old: str
    new: str
    diff: Diff | None = None
    error: str = ""

    def to_json(self) -> dict[str, object]:
        if self.diff is not None:
            return self.diff.to_json()
        return {"schema": SCHEMA, "old": {"label": self.old}, "new": {"label": self.new}, "error": self.error}


def parse_pairs(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Pairs from a batch file: one `OLD<TAB>NEW` per line (blank lines and `#` comments skipped)."""
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise LegistrackError(
                f"batch line {number} is {line[:80]!r}: write one pair per line, OLD_FILE<TAB>NEW_FILE"
            )
        yield parts[0].strip(), parts[1].strip()


def diff_pairs(pairs: Iterable[tuple[str, str]], raw: bool = False) -> Iterator[PairResult]:
    """Diff many pairs of files in this one process; a pair that fails is reported in its place."""
    for old, new in pairs:
        try:
            yield PairResult(old, new, diff_files(old, new, raw))
        except LegistrackError as exc:
            yield PairResult(old, new, error=str(exc))


def jsonl(result: PairResult) -> bytes:
    """One result as one line of JSON (compact, UTF-8, without its line break)."""
    from ..diff.render import compact_json_bytes

    return compact_json_bytes(result.to_json())
