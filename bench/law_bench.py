"""A law through its revisions: the site's size and build time against the number of revisions (APPI, real data).

    .venv/bin/python bench/law_bench.py [--revisions 5 10 20 26]

For each N, the first N of APPI's 26 e-Gov revisions (`../shared/real-data/jp-law-history/appi-415AC0000000057/`,
the folder cut down to N rows of versions.tsv and their files) are imported with `legistrack import law-history`
into a fresh project that holds that law alone, and the site is built; every command is the console script in its
own process, timed with its peak memory. The growth per revision is the difference between consecutive rows: a
site that grows linearly adds about the same per revision at 26 as at 5.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from diff_scale import LEGISTRACK, run  # noqa: E402

HISTORY = ROOT.parent / "shared" / "real-data" / "jp-law-history" / "appi-415AC0000000057"
REVISIONS = ROOT.parent / "shared" / "real-data" / "jp-appi" / "egov-415AC0000000057-revisions-2026-07-20.json"


def cut(out: Path, n: int) -> Path:
    folder = out / HISTORY.name
    folder.mkdir(parents=True)
    lines = (HISTORY / "versions.tsv").read_text(encoding="utf-8").splitlines()
    kept = lines[1 : n + 1]
    (folder / "versions.tsv").write_text("\n".join([lines[0], *kept]) + "\n", encoding="utf-8")
    for line in kept:
        name = line.split("\t")[4]
        shutil.copy(HISTORY / name, folder / name)
    return folder


def _size(path: Path) -> tuple[float, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20, len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, nargs="+", default=[5, 10, 20, 26])
    args = parser.parse_args()
    if not HISTORY.is_dir():
        sys.exit("no ../shared/real-data/jp-law-history beside the checkout")
    print("| revisions | import | full build | peak MB | site MB | site files | diff pages | MB per revision |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.revisions:
            root = Path(tmp) / f"appi{n}"
            (root / "bills").mkdir(parents=True)
            base = [*LEGISTRACK, "--bills", str(root / "bills"), "--store", str(root / "store.git")]
            folder = cut(root / "data", n)
            imported = run(
                [*base, "import", "law-history", str(folder), "--bill", "jp-appi", "--revisions", str(REVISIONS)], 1
            )
            site = root / "site"
            built = run([*base, "build", "--out", str(site)], 1)
            size, files = _size(site)
            diffs = len(list((site / "en" / "jp-appi" / "diff").glob("*.html")))
            print(
                f"| {n} | {imported[0]:.1f} s | {built[0]:.1f} s | {max(imported[1], built[1])} | {size:.0f} "
                f"| {files} | {diffs} | {size / n:.1f} |"
            )
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
