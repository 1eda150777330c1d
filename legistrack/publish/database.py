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

# A bill's rows made already: the head they were made from, and how to load them; None where none were made.
RowsOf = Callable[[str], tuple[str, Callable[[], Rows]] | None]


def export_store(
    store: Store,
    target: Path,
    previous: Path | None,
    packages: Mapping[str, tuple[Package, dict[str, str]]] | None = None,
    diff_of: Callable[[str], DiffOf] | None = None,
    progress: Callable[[int], Callable[[], None]] | None = None,
    search: Mapping[str, tuple[str, ...]] = SEARCH,
    rows: RowsOf | None = None,
) -> ExportReport:
    """Write the database of the open store to `target`. Rows of a bill `previous` holds at its current head are
    taken from it; `packages` are bills already read from the store and `diff_of(bill)` the diffs already worked out
    (a build has both); `rows(bill)` gives a bill's rows made already, asked when its turn comes (the head they were
    made from, and how to load them; None: none made): a build's page workers make them beside the pages while
    this export writes the bills before; they are taken where that is the bill's head, else the bill is read;
    `search`: the tables and columns given a full-text index."""
    refs = store.refs()
    heads = {bill: refs[BRANCH_PREFIX + bill] for bill in store.bill_ids()}
    key = code_digest()
    earlier = previous_export(previous, key, heads)
    current = earlier.current if earlier is not None else frozenset()
    given = packages or {}
    # without rows made elsewhere, every bill to read is known now: read in id order, a few at a time, as all_rows
    # asks for them; with them, the few a build did not make are read each when its turn comes
    to_read = [b for b in sorted(heads) if b not in current and b not in given] if rows is None else []
    read = store.iter_bills(to_read)
    step = progress(len(heads)) if progress is not None else None

    def all_rows() -> Iterable[tuple[str, Rows | None]]:
        for bill in sorted(heads):
            if step is not None:
                step()
            if bill in current:
                yield bill, None  # its rows are those of the earlier database
                continue
            made = rows(bill) if rows is not None and bill not in given else None
            if made is not None and made[0] == heads[bill]:
                yield bill, made[1]()  # loaded as it is written: memory holds a batch of rows, as before
                continue
            if bill in given:
                package, commits = given[bill]
            elif rows is None:
                package, commits = next(read)
            else:
                (package, commits), *_ = store.read_bills([bill])
            assert package.bill.id == bill
            yield bill, bill_rows(package, commits, heads[bill], diff_of(bill) if diff_of else default_diff)

    return write(target, all_rows(), key, refs_digest(refs), earlier, search)
