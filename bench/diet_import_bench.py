"""`legistrack import diet-bills` against the size of the tables: wall time and peak memory, from the real tables
to tables several times the Diet's record.

    .venv/bin/python bench/diet_import_bench.py [--rows 15181 50000 100000]

A size is a number of law-bill rows. The real tables (`../shared/real-data/jp-diet-bills/`, 15,181 law-bill rows)
are one copy; larger tables repeat them with every bill renumbered (bill number + 1000 x copy, in both Houses'
tables alike, so each copy's rows still join into bills), cut at the size asked. Each import runs as a user runs
it (the console script, its own process, a fresh project with the bundled bills) and is timed with its peak
memory; a second import of the same tables (nothing to write) is timed too. The targets (issue 25): the real tables
under 600 MB, 100,000 rows under 1.5 GB.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from diet_bench import DIET, HC, HC_KINDS, HR  # noqa: E402
from diff_scale import LEGISTRACK, run  # noqa: E402

COPY_STEP = 1000  # the real bill numbers stay under 1000


def _rows(name: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The header, the law-bill rows and the other rows of one real table."""
    rows = list(csv.reader(io.StringIO((DIET / name).read_text(encoding="utf-8"), newline="")))
    if name == HC:
        law = [r for r in rows[1:] if r[1].replace("（表）", "") in HC_KINDS]
    else:
        law = [r for r in rows[1:] if r[11] in ("閣法", "衆法", "参法")]
    return rows[0], law, [r for r in rows[1:] if r not in law]


def tables(out: Path, wanted: int) -> int:
    """Write both tables with about `wanted` law-bill rows into `out`; return the number written."""
    out.mkdir(parents=True)
    real = {name: _rows(name) for name in (HC, HR)}
    per_copy = sum(len(law) for _, law, _ in real.values())
    written = 0
    for name, (header, law, other) in real.items():
        share = round(wanted * len(law) / per_copy)
        body: list[list[str]] = [*other]
        copy = 0
        while len(body) - len(other) < share:
            for row in law[: share - (len(body) - len(other))]:
                row = list(row)
                if copy:
                    if name == HC:
                        row[3] = str(int(row[3]) + COPY_STEP * copy)
                    else:
                        for i in (4, 13):
                            if row[i].strip():
                                row[i] = str(int(row[i]) + COPY_STEP * copy)
                body.append(row)
            copy += 1
        written += len(body) - len(other)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([header, *body])
        (out / name).write_text(buffer.getvalue(), encoding="utf-8")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[15181, 50000, 100000])
    args = parser.parse_args()
    if not DIET.is_dir():
        sys.exit("no ../shared/real-data/jp-diet-bills beside the checkout")
    print("| law-bill rows | tables MB | import | peak MB | again, nothing to write | peak MB | bills MB |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.rows:
            root = Path(tmp) / f"rows{size}"
            shutil.copytree(ROOT / "bills", root / "bills")
            rows = tables(root / "tables", size)
            mb = sum(p.stat().st_size for p in (root / "tables").iterdir()) / 2**20
            base = [*LEGISTRACK, "--bills", str(root / "bills"), "--store", str(root / "store.git")]
            first = run([*base, "import", "diet-bills", str(root / "tables")], 1)
            again = run([*base, "import", "diet-bills", str(root / "tables")], 1)
            bills_mb = sum(p.stat().st_size for p in (root / "bills").rglob("*") if p.is_file()) / 2**20
            print(
                f"| {rows} | {mb:.0f} | {first[0]:.1f} s | {first[1]} | {again[0]:.1f} s | {again[1]} "
                f"| {bills_mb:.0f} |"
            )
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
