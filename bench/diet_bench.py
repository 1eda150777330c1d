"""The whole Diet, and parts of it: import + sync, full build, no-op build, a build after one bill gained a stage;
`export sqlite` (full, again with no change, after the stage) against `verify`, which reads the whole store too.

    .venv/bin/python bench/diet_bench.py [--sizes 1000 2500 5000 0] [--repeat 1]

Each size takes the first N law bills of both Houses' real tables (`../shared/real-data/jp-diet-bills/`, rows cut
down as tests/cli/test_diet.py does; 0 = every bill), beside the bundled bills, in a fresh project; every command
runs as a user runs it (the console script, in its own process) and is timed with the peak memory of the process
and its children. The bundled bills alone are built first, in the same run, as the reference.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from diff_scale import LEGISTRACK, run  # noqa: E402

DIET = ROOT.parent / "shared" / "real-data" / "jp-diet-bills"
HC = "hc-gian-153-221.csv"
HR = "hr-gian-142-208.csv"
HC_KINDS = {"法律案（内閣提出）": "閣法", "法律案（衆法）": "衆法", "法律案（参法）": "参法"}


def _keys() -> list[tuple[str, str, str]]:
    keys: set[tuple[str, str, str]] = set()
    for row in csv.reader(io.StringIO((DIET / HC).read_text(encoding="utf-8"), newline="")):
        kind = HC_KINDS.get(row[1].replace("（表）", ""))
        if kind:
            keys.add((kind, row[2], row[3]))
    for row in csv.reader(io.StringIO((DIET / HR).read_text(encoding="utf-8"), newline="")):
        if row[11] in ("閣法", "衆法", "参法") and row[12] and row[13]:
            keys.add((row[11], row[12], row[13]))
    return sorted(keys, key=lambda k: (-int(k[1]), k[0], int(k[2])))  # the newest sessions first


def cut(out: Path, wanted: set[tuple[str, str, str]] | None) -> Path:
    out.mkdir(parents=True)
    inverse = {v: k for k, v in HC_KINDS.items()}
    for name in (HC, HR):
        if wanted is None:
            shutil.copy(DIET / name, out / name)
            continue
        rows = list(csv.reader(io.StringIO((DIET / name).read_text(encoding="utf-8"), newline="")))
        if name == HC:
            keep = {(inverse[k], s, n) for k, s, n in wanted}
            body = [r for r in rows[1:] if (r[1].replace("（表）", ""), r[2], r[3]) in keep]
        else:
            body = [r for r in rows[1:] if (r[11], r[12], r[13]) in wanted]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([rows[0], *body])
        (out / name).write_text(buffer.getvalue(), encoding="utf-8")
    return out


def step(cmd: list[str]) -> str:
    """Run one untimed step; a failure stops the bench with the command and what it said."""
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: step failed (exit {done.returncode}): {' '.join(cmd)}\n  {done.stderr.strip()}")
    return done.stdout


def _size(path: Path) -> tuple[float, int, float]:
    """Sum of file sizes (MB), number of files, and the disk they take as `du` counts it (MB: every file's and
    folder's blocks, so many small files and folders cost more than their bytes)."""
    files = 0
    size = blocks = 0
    for p in [path, *path.rglob("*")]:
        st = p.lstat()
        blocks += st.st_blocks
        if p.is_file() and not p.is_symlink():
            files += 1
            size += st.st_size
    return size / 2**20, files, blocks * 512 / 2**20


def measure(root: Path, tables: Path | None, repeat: int) -> dict[str, Any]:
    base = [*LEGISTRACK, "--bills", str(root / "bills"), "--store", str(root / "store.git")]
    out: dict[str, Any] = {}
    # The Diet's bills are committed by the import; the bundled bills beside them by sync.
    out["import"] = run([*base, "import", "diet-bills", str(tables)], 1) if tables is not None else (0.0, 0)
    out["sync"] = run([*base, "sync"], 1)
    site = root / "site"
    db = root / "record.db"
    out["verify"] = run([*base, "verify"], 1)  # the reference: every bill read back from the store and checked
    out["export"] = run([*base, "export", "sqlite", str(db)], 1)
    out["export_noop"] = run([*base, "export", "sqlite", str(db)], repeat)
    out["db"] = db.stat().st_size / 2**20
    out["full"] = run([*base, "build", "--out", str(site)], 1)
    out["noop"] = run([*base, "build", "--out", str(site)], repeat)
    # One stage more on the bundled APPI, dated the day after its last stage: what a maintainer does between builds.
    listed = json.loads(step([*base, "stage", "list", "jp-appi", "--json"]))
    after = max(dt.date.fromisoformat(s["date"]) for s in listed if s["date"]) + dt.timedelta(days=1)
    step(
        [
            *base,
            "stage",
            "add",
            "jp-appi",
            "--kind",
            "amended",
            "--date",
            after.isoformat(),
            "--title",
            "One more stage",
            "--source",
            "https://example.org/bench",
            "--same-text",
            "--reason",
            "bench",
        ]
    )
    out["one"] = run([*base, "build", "--out", str(site)], 1)
    out["export_one"] = run([*base, "export", "sqlite", str(db)], 1)
    out["site"] = _size(site)
    out["store"] = _size(root / "store.git")
    bills = [p for p in (root / "bills").iterdir() if p.is_dir()]
    out["bills"] = len(bills)
    out["stages"] = sum((p / "bill.toml").read_text(encoding="utf-8").count("\n[[stages]]") for p in bills)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000, 0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="move the last corpus's project (bills, store, site) here")
    args = parser.parse_args()
    if not DIET.is_dir():
        sys.exit("no ../shared/real-data/jp-diet-bills beside the checkout")
    keys = _keys()
    steps = [
        ("import", "import diet-bills"),
        ("sync", "sync"),
        ("verify", "verify"),
        ("export", "export sqlite"),
        ("export_noop", "export, no change"),
        ("full", "full build"),
        ("noop", "no-op build"),
        ("one", "build after one stage"),
        ("export_one", "export after one stage"),
    ]
    sizes: list[str] = []
    timings: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [-1, *args.sizes]:
            root = Path(tmp) / f"corpus{size}"
            shutil.copytree(ROOT / "bills", root / "bills")
            tables = None if size < 0 else cut(root / "tables", None if size == 0 else set(keys[:size]))
            m = measure(root, tables, args.repeat)
            name = "bundled bills" if size < 0 else ("the whole Diet" if size == 0 else f"first {size} Diet bills")
            site_mb, site_files, site_du = m["site"]
            sizes.append(
                f"| {name} | {m['bills']} | {m['stages']} | {site_mb:.0f} | {site_du:.0f} | {site_files} "
                f"| {m['store'][0]:.0f} | {m['db']:.0f} |"
            )
            cells = " | ".join(f"{m[key][0]:.1f} s, {m[key][1]} MB" for key, _ in steps)
            timings.append(f"| {name} | {cells} |")
            if args.keep is not None and size == args.sizes[-1]:
                shutil.move(root, args.keep)
            else:
                shutil.rmtree(root)
            print(f"done: {name}", file=sys.stderr)
    print(
        "| corpus | bills | stages | site MB | site MB on disk (`du`) | site files | store MB | db MB |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    print("\n".join(sizes))
    print()
    print(
        "Each step as a user runs it (its own process): wall time, and the peak memory of the process and its children."
    )
    print()
    print("| corpus | " + " | ".join(label for _, label in steps) + " |")
    print("|---|" + "---|" * len(steps))
    print("\n".join(timings))


if __name__ == "__main__":
    main()
