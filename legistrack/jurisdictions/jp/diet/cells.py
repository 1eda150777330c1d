"""Every non-empty cell of every law-bill row the import reads, accounted for.

A cell ends up in one of four places: a stage cites it (the stage's sources name its column and value), a claim
states it (the other table's value where the two disagree), it is one of the bill's own facts (its key, title,
submitter, documents), or it is left out with the reason why. A cell none of these explains is `unexplained`: an
event the import read past without a word. The import prints the totals, its `--json` report carries them as
`cells`, and the whole Diet has no unexplained cell (tests/cli/test_diet.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

BILL = "bill"
EMPTY = ("", "／")  # an HR cell `date／value` with neither part holds nothing
SHOWN = 20  # unexplained cells listed by the report (all are counted)


@dataclass(frozen=True)
class RowCells:
    """One row's non-empty cells (column index -> value), and what the import marked of them (BILL, or why a cell is
    left out); `source` are the columns each fact of the row is cited with (the row's page, its commit)."""

    file: str
    line: int
    header: Sequence[str]
    filled: dict[int, str]
    marks: dict[int, str]
    source: tuple[int, ...] = ()


@dataclass
class CellTally:
    """The totals over the import: how many cells went where, the reasons cells were left out, and the first
    unexplained cells (file, line, column, value)."""

    total: int = 0
    stages: int = 0
    claims: int = 0
    bill: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    unexplained: int = 0
    examples: list[tuple[str, int, str, str]] = field(default_factory=list)

    def add(
        self,
        rows: Iterable[RowCells],
        cited: set[tuple[str, int, str]],
        stated: set[tuple[str, int, str]],
        dropped: dict[tuple[str, int, str], str],
    ) -> None:
        """Account for one bill's rows: `cited` are the (file, line, column) a stage cites, `stated` those a claim
        states, `dropped` those of facts that became no stage, with why."""
        for row in rows:
            cited_here = any((row.file, row.line, row.header[i]) in cited for i in row.filled)
            for i, value in row.filled.items():
                where = (row.file, row.line, row.header[i])
                self.total += 1
                if where in stated:
                    self.claims += 1
                elif where in cited or (cited_here and i in row.source):
                    self.stages += 1
                elif row.marks.get(i) == BILL or i in row.source:
                    self.bill += 1
                elif i in row.marks:
                    self.left_out[row.marks[i]] += 1
                elif where in dropped:
                    self.left_out[dropped[where]] += 1
                else:
                    self.unexplained += 1
                    if len(self.examples) < SHOWN:
                        self.examples.append((row.file, row.line, row.header[i], value.strip()[:80]))

    def add_left_out(self, rows: Iterable[RowCells], why: str) -> None:
        """Rows read and left out whole (an amendment motion with no bill number of its own)."""
        for row in rows:
            self.total += len(row.filled)
            self.left_out[why] += len(row.filled)

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "stages": self.stages,
            "claims": self.claims,
            "bill": self.bill,
            "left_out": sum(self.left_out.values()),
            "left_out_by_reason": dict(self.left_out.most_common()),
            "unexplained": self.unexplained,
            "unexplained_cells": [{"file": f, "line": n, "column": c, "value": v} for f, n, c, v in self.examples],
        }
