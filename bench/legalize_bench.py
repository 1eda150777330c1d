"""`legistrack import legalize-jp` on a full clone of legalize-jp, against git reading the same revisions.

    .venv/bin/python bench/legalize_bench.py REPO [--eras 5 45 ""] [--verify]

REPO is a clone of github.com/yno9/legalize-jp (a bare mirror will do: `fetch github:yno9/legalize-jp` gives one).
For each size (the Acts of some eras, by the first digit of the law id: 5 令和, 4 平成, 3 昭和, 2 大正, 1 明治;
"" every Act) it imports those Acts into a fresh empty project as a user runs it (the console script, its own
process), and then again (nothing changed), timed with its peak memory; `--verify` adds `legistrack verify` of the
result. The reference, in the same run, is `git log -p --word-diff=porcelain` over the same laws' files (git
reading and word-diffing every revision: the floor issue 28 measures against), without the laws whose blobs the
clone lacks (git stops at the first missing blob; the import leaves them out), run right before and right after the
import: the ratio is to their mean (the machine's speed moves by half within an hour). The sizes are eras, not the
first N laws, because the reference must name them by a glob: `git log` given a thousand paths one by one spends half an
hour matching them (measured), which is no floor. Printed: each step's wall time and peak RSS, its ratio to the
reference, and the disk the project takes (bills/, the store).
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from diff_scale import LEGISTRACK, run  # noqa: E402

ACT = re.compile(r"^jp/([0-9]{3}AC[0-9A-Z]{10})\.md$")


def _git_dir(repo: Path) -> list[str]:
    return ["git", "--git-dir", str(repo / ".git" if (repo / ".git").exists() else repo)]


def head(repo: Path) -> str:
    """The commit the import reads: HEAD, else main (a clone of a bundle), else origin/main."""
    for rev in ("HEAD", "main", "origin/main"):
        found = subprocess.run([*_git_dir(repo), "rev-parse", "--verify", "-q", rev], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.strip()
    raise SystemExit(f"{repo}: no HEAD, main or origin/main")


def acts(repo: Path) -> list[str]:
    """Every Act's law id in the clone's newest tree, sorted."""
    names = subprocess.run(
        [*_git_dir(repo), "ls-tree", "--name-only", head(repo), "jp/"], capture_output=True, text=True, check=True
    ).stdout.split()
    return sorted(m.group(1) for name in names if (m := ACT.match(name)))


def _lacking(repo: Path, laws: list[str]) -> set[str]:
    """The laws of which the clone lacks a version (a partial copy): left out of the import, and of the reference
    (git stops at the first missing blob). Every version's blob id from one `git log --raw`, each asked of
    `git cat-file --batch-check`."""
    paths = [f"jp/{d}*AC*" for d in sorted({law[0] for law in laws})]
    raw = subprocess.run(
        [*_git_dir(repo), "log", "--format=", "--raw", "--no-abbrev", "--no-renames", head(repo), "--", *paths],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    blobs: dict[str, str] = {}  # blob -> law
    for line in raw.splitlines():
        meta, _, path = line.partition("\t")
        fields = meta.split()
        if (m := ACT.match(path.strip())) and len(fields) >= 4 and fields[3].strip("0"):
            blobs[fields[3]] = m.group(1)
    found = subprocess.run(
        [*_git_dir(repo), "cat-file", "--batch-check"], input="\n".join(blobs) + "\n", capture_output=True, text=True
    ).stdout.splitlines()
    wanted = set(laws)
    return {blobs[line.split()[0]] for line in found if line.endswith(" missing")} & wanted


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def bench(repo: Path, laws: list[str], every: bool, verify: bool) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="legalize-bench-"))
    try:
        (work / "bills").mkdir()
        base = [*LEGISTRACK, "--bills", str(work / "bills")]
        picked = [] if every else [a for law in laws for a in ("--law", law)]
        out = work / "report.json"
        # every Act: the one glob issue 28 names (five globs, one per era, cost git 28 s more of matching paths)
        paths = ["jp/*AC*"] if every else [f"jp/{d}*AC*" for d in sorted({law[0] for law in laws})]
        lacking = _lacking(repo, laws)
        reference = [*_git_dir(repo), "log", "-p", "--word-diff=porcelain", head(repo), "--", *paths]
        reference += [f":(exclude)jp/{law}.md" for law in sorted(lacking)]
        before = run(reference, 1)
        command = shlex.join([*base, "import", "legalize-jp", str(repo), *picked, "--json"])
        first = run(["sh", "-c", f"exec {command} > {shlex.quote(str(out))}"], 1)  # exec: the import's own RSS
        report = json.loads(out.read_text(encoding="utf-8"))
        after = run(reference, 1)
        again = run([*base, "import", "legalize-jp", str(repo), *picked], 1)
        checked = run([*base, "verify"], 1) if verify else None
        left_out = {why.split(":")[0] for why in report["left_out"] if "lacks" in why}
        if left_out != lacking:
            print(f"  (the import left out {sorted(left_out)}, the reference {sorted(lacking)})")
        return {
            "laws": len(laws),
            "revisions": report["revisions"],
            "left_out": report["left_out"],
            # the machine's speed moves by half within the hour: the reference is run before and after the import,
            # and the import is compared with their mean
            "reference": ((before[0] + after[0]) / 2, max(before[1], after[1])),
            "references": (before[0], after[0]),
            "import": first,
            "again": again,
            "verify": checked,
            "bills": _size(work / "bills"),
            "store": _size(work / ".legistrack" / "store.git"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", type=Path)
    parser.add_argument(
        "--eras", nargs="+", default=["5", "45", ""], help='first digits of the law ids; "" = every Act'
    )
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    every_act = acts(args.repo)
    print(f"{args.repo}: {len(every_act)} Acts")
    for eras in args.eras:
        laws = [law for law in every_act if not eras or law[0] in eras]
        r = bench(args.repo, laws, not eras, args.verify)
        ref_s, ref_mb = r["reference"]  # type: ignore[misc]
        print(f"\n{len(laws)} Acts, {r['revisions']} revisions; left out: {len(r['left_out'])}")  # type: ignore[arg-type]
        for why in r["left_out"]:  # type: ignore[attr-defined]
            print(f"  {why}")
        ref_before, ref_after = r["references"]  # type: ignore[misc]
        print(
            f"  reference git log -p --word-diff=porcelain: {ref_s:.1f} s (before the import {ref_before:.1f} s, "
            f"after {ref_after:.1f} s), {ref_mb} MB"
        )
        for step in ("import", "again", "verify"):
            if r[step] is None:
                continue
            seconds, mb = r[step]  # type: ignore[misc]
            print(f"  {step:7s} {seconds:7.1f} s {mb:6d} MB  {seconds / ref_s:5.2f}x the reference")
        print(f"  disk: bills/ {r['bills'] / 1e6:.1f} MB, store {r['store'] / 1e6:.1f} MB")  # type: ignore[operator]


if __name__ == "__main__":
    main()
