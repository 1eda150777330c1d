"""How the site of every Act grows with the number of laws (issue 28: 250 / 1,000 / 2,078): the Acts of some eras
imported into a fresh project and built from nothing, against git reading the same revisions.

    .venv/bin/python bench/acts_growth.py CLONE [--eras 5 45 ""]

CLONE is a clone of github.com/yno9/legalize-jp (a bare mirror will do). Each size is the Acts of some eras, by the
first digit of the law id (5 令和, 4 平成, 3 昭和, 2 大正, 1 明治; "" every Act), as legalize_bench.py picks them: the
reference must name them by a glob (`git log` given a thousand paths one by one spends half an hour matching them).
For each: `import legalize-jp CLONE --law …` into a fresh empty project, then `build` from nothing and `build` again
(nothing changed), each the console script a user runs, timed with the largest process's peak RSS and the peak of
the whole process tree's PSS (acts_site_bench.TREE_PROBE); the site's size (its files, and `du`). The reference, in
the same run, is `git log -p --word-diff=porcelain` over the same laws' files (without those whose blobs the clone
lacks: the import leaves them out too).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from acts_site_bench import run_tree, site_size  # noqa: E402
from diff_scale import LEGISTRACK, run  # noqa: E402
from legalize_bench import _git_dir, acts, head  # noqa: E402


def grow(clone: Path, eras: str) -> dict[str, Any]:
    laws = [law for law in acts(clone) if not eras or law[0] in eras]
    work = Path(tempfile.mkdtemp(prefix="acts-growth-"))
    try:
        (work / "bills").mkdir()
        base = [*LEGISTRACK, "--bills", str(work / "bills")]
        picked = [] if not eras else [a for law in laws for a in ("--law", law)]
        report_file = work / "report.json"
        command = shlex.join([*base, "import", "legalize-jp", str(clone), *picked, "--json"])
        imported = run(["sh", "-c", f"exec {command} > {shlex.quote(str(report_file))}"], 1)
        report = json.loads(report_file.read_text(encoding="utf-8"))
        lacking = sorted({why.split(":")[0] for why in report["left_out"] if "lacks" in why})
        paths = [f"jp/{d}*AC*" for d in sorted(eras)] if eras else ["jp/*AC*"]
        reference = run(
            [*_git_dir(clone), "log", "-p", "--word-diff=porcelain", head(clone), "--", *paths]
            + [f":(exclude)jp/{law}.md" for law in lacking],
            1,
        )
        full = run_tree([*base, "build"])
        noop = run_tree([*base, "build"])
        return {
            "eras": eras or "every",
            "laws": len(laws) - len(lacking),
            "revisions": report["revisions"],
            "reference": reference[0],
            "import": imported,
            "full": full,
            "noop": noop,
            "site": site_size(work / "site"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clone", type=Path)
    parser.add_argument("--eras", nargs="+", default=["5", "45", ""])
    args = parser.parse_args()
    print(
        "| Acts (eras) | revisions | reference | import | build from nothing | ratio | largest process | tree PSS "
        "| no-op build | site MB (files; `du`) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for eras in args.eras:
        m = grow(args.clone.resolve(), eras)
        full, noop, size = m["full"], m["noop"], m["site"]
        print(
            f"| {m['laws']} ({m['eras']}) | {m['revisions']} | {m['reference']:.1f} s "
            f"| {m['import'][0]:.1f} s | {full[0]:.1f} s | {full[0] / m['reference']:.1f}× "
            f"| {full[1]} MB | {full[2]} MB | {noop[0]:.1f} s "
            f"| {size['bytes'] / 2**20:.0f} ({size['files']}; {size['disk'] / 2**20:.0f}) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
