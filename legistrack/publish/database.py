"""The record as one SQLite database, written from the store: for `export sqlite` and for every build's copy of it.
Rows of a bill whose branch has not moved since the previous database was written are copied from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..codedigest import code_digest
from ..export.rows import SEARCH, DiffOf, Rows, bill_rows, default_diff
from ..export.sqlite import ExportReport, previous_export, write
from ..models import Package
from ..store.objects import BRANCH_PREFIX
from ..store.repo import Store
from .keys import refs_digest


def export_store(
    store: Store,
    target: Path,
    previous: Path | None,
    packages: Mapping[str, tuple[Package, dict[str, str]]] | None = None,
    diff_of: Callable[[str], DiffOf] | None = None,
    progress: Callable[[int], Callable[[], None]] | None = None,
    search: Mapping[str, tuple[str, ...]] = SEARCH,
    rows: Mapping[str, tuple[str, Callable[[], Rows]]] | None = None,
) -> ExportReport:
    """Write the database of the open store to `target`. Rows of a bill `previous` holds at its current head are
    taken from it; `packages` are bills already read from the store and `diff_of(bill)` the diffs already worked out
    (a build has both); `rows` gives bills' rows made already (bill -> the head they were made from, and how to load
    them: a build's page workers make them beside the pages), taken where that is the bill's head, else the bill is
    read; `search`: the tables and columns given a full-text index."""
    refs = store.refs()
    heads = {bill: refs[BRANCH_PREFIX + bill] for bill in store.bill_ids()}
    key = code_digest()
    earlier = previous_export(previous, key, heads)
    current = earlier.current if earlier is not None else frozenset()
    given = packages or {}
    made = {
        bill: load
        for bill, (head, load) in (rows or {}).items()
        if heads.get(bill) == head and bill not in current and bill not in given
    }
    to_read = [b for b in sorted(heads) if b not in current and b not in given and b not in made]
    read = store.iter_bills(to_read)  # in id order, as all_rows asks for them
    step = progress(len(heads)) if progress is not None else None

    def all_rows() -> Iterable[tuple[str, Rows | None]]:
        for bill in sorted(heads):
            if step is not None:
                step()
            if bill in current:
                yield bill, None  # its rows are those of the earlier database
                continue
            if bill in made:
                yield bill, made.pop(bill)()  # loaded as it is written: memory holds a batch of rows, as before
                continue
            package, commits = given.get(bill) or next(read)
            assert package.bill.id == bill
            yield bill, bill_rows(package, commits, heads[bill], diff_of(bill) if diff_of else default_diff)

    return write(target, all_rows(), key, refs_digest(refs), earlier, search)
