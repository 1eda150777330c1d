"""The site of every Act through every revision (issue 28's scale figures), against git reading the same revisions.

    .venv/bin/python bench/acts_site_bench.py PROJECT CLONE [--to COMMIT]

PROJECT is a folder where `legistrack import legalize-jp CLONE` (and, for the whole record, `import diet-bills`)
has run: its bills/ and .legistrack/store.git. CLONE is that clone of github.com/yno9/legalize-jp (a bare mirror
will do). The steps, each the console script a user runs in its own process, timed with its peak memory
(the largest process's peak RSS, and the peak of the whole process tree's PSS: TREE_PROBE):

1. `legistrack build` from nothing (the site of every bill and law of the project, its database and search index);
2. `legistrack build` again, nothing changed;
3. with `--to COMMIT`: the clone's branch moved to COMMIT (a later commit of upstream: to measure one new revision,
   prepare the project at the commit before it), then `import legalize-jp CLONE` and `build`: the new revisions
   imported and the site rebuilt, each timed and the two summed.

The reference, in the same run, is `git log -p --word-diff=porcelain` over every Act's file of the clone (git
reading and word-diffing every revision: the floor issue 28 measures against), without the laws whose blobs the clone
lacks (left out of the import too). Printed: each step's wall time, peak RSS and ratio to the reference, and the
site's size: the sum of its files' sizes, their number, what `du` says it takes on disk, and the largest kinds of
file.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from diff_scale import LEGISTRACK, run  # noqa: E402
from legalize_bench import _git_dir, acts, head  # noqa: E402


def lacking(project: Path, clone: Path) -> list[str]:
    """The Acts of the clone that the project has no package of: those the import left out because the clone lacks
    their blobs (the reference skips them too: git stops at the first missing blob)."""
    return [law for law in acts(clone) if not (project / "bills" / f"jp-{law.lower()}").is_dir()]


def reference(clone: Path, skip: list[str]) -> tuple[float, int]:
    return run(
        [*_git_dir(clone), "log", "-p", "--word-diff=porcelain", head(clone), "--", "jp/*AC*"]
        + [f":(exclude)jp/{law}.md" for law in skip],
        1,
    )


# Memory the way the machine feels it: the sum over the build and every process it started (diff and render workers,
# Pagefind, git) of each one's proportional set size (a page shared by n processes counts 1/n in each), sampled
# every 0.2 s from /proc/<pid>/smaps_rollup. The largest single process's peak RSS (getrusage) counts the pages a
# forked worker shares with the build as the worker's own, and misses two processes at their peaks at once.
# Sampled once a second: the kernel walks a process's pages to answer smaps_rollup (22 ms for a process of 1 GB on
# this machine), and five samples a second of the whole record's build (a few such processes) took a tenth of a core
# from the build it measured (session 26: the same build 394 s unsampled, 434 s sampled every 0.2 s). The probe's
# own CPU time is printed beside its figures.
TREE_PROBE = """
import os, resource, subprocess, sys, threading, time

def descendants(root):
    children = {}
    for name in os.listdir('/proc'):
        if name.isdigit():
            try:
                with open(f'/proc/{name}/stat') as f:
                    ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(children.get(pid, ()))
    return seen

def pss(pid):
    try:
        with open(f'/proc/{pid}/smaps_rollup') as f:
            return sum(int(line.split()[1]) for line in f if line.startswith('Pss:'))
    except (OSError, ValueError):
        return 0

peak = 0
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
done = threading.Event()

def sample():
    global peak
    while not done.wait(1.0):
        peak = max(peak, sum(pss(p) for p in descendants(proc.pid)))

sampler = threading.Thread(target=sample)
sampler.start()
err = proc.stderr.read()
code = proc.wait()
done.set()
sampler.join()
sys.stderr.buffer.write(err[-2000:])
mine = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, peak, code,
      mine.ru_utime + mine.ru_stime)
"""


def run_tree(cmd: list[str]) -> tuple[float, int, int]:
    """Wall time (s), the largest process's peak RSS (MB) and the peak of the whole tree's PSS (MB) of a command."""
    done = subprocess.run([sys.executable, "-c", TREE_PROBE, *cmd], capture_output=True, text=True, check=True)
    seconds, rss, pss, code, probe = done.stdout.split()
    print(f"  (the memory probe's own CPU: {float(probe):.1f} s)")
    if int(code) != 0:
        last = (done.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
        raise SystemExit(f"bench: step failed (exit {code}): {' '.join(cmd)}\n  {last}")
    return float(seconds), int(rss) // 1024, int(pss) // 1024


def site_size(site: Path) -> dict[str, object]:
    by_kind: Counter[str] = Counter()
    count = total = 0
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            count += 1
            total += size
            parts = path.relative_to(site).parts
            kind = "/".join(p for p in parts[:-1] if p in ("diff", "text", "pagefind", "store.git", "assets"))
            by_kind[f"{kind or 'pages'} *{path.suffix}"] += size
    du = subprocess.run(["du", "-sb", "--apparent-size", str(site)], capture_output=True, text=True).stdout.split()[0]
    disk = subprocess.run(["du", "-s", "-B1", str(site)], capture_output=True, text=True).stdout.split()[0]
    return {"files": count, "bytes": total, "apparent": int(du), "disk": int(disk), "largest": by_kind.most_common(8)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("clone", type=Path)
    parser.add_argument("--to", help="a later commit of the clone: import it and rebuild (one new revision)")
    args = parser.parse_args()
    project, clone = args.project.resolve(), args.clone.resolve()
    base = [*LEGISTRACK, "--bills", str(project / "bills")]
    skip = lacking(project, clone)
    ref_s, ref_mb = reference(clone, skip)
    print(f"{clone}: reference git log -p --word-diff=porcelain over every Act: {ref_s:.1f} s, {ref_mb} MB")
    print(f"  (left out, as by the import: {', '.join(skip) or 'none'})")

    print(f"  {'step':28s} {'wall':>8s}   {'peak RSS':>8s} {'tree PSS':>8s}  ratio")

    def step(name: str, cmd: list[str]) -> float:
        seconds, rss, pss = run_tree(cmd)
        print(f"  {name:28s} {seconds:8.1f} s {rss:6d} MB {pss:6d} MB  {seconds / ref_s:6.2f}x the reference")
        return seconds

    step("build from nothing", [*base, "build", "--force"])
    size = site_size(project / "site")
    print(
        f"  site: {size['bytes'] / 1e6:.0f} MB in {size['files']} files (du: {size['disk'] / 1e6:.0f} MB on disk);"  # type: ignore[operator]
        " largest kinds:"
    )
    for kind, weight in size["largest"]:  # type: ignore[attr-defined]
        print(f"    {kind:32s} {weight / 1e6:8.1f} MB")
    step("build again, nothing changed", [*base, "build"])
    if args.to:
        git = _git_dir(clone)
        branch = subprocess.run([*git, "symbolic-ref", "HEAD"], capture_output=True, text=True, check=True)
        subprocess.run([*git, "update-ref", branch.stdout.strip(), args.to], check=True)
        imported = step(f"import up to {args.to[:9]}", [*base, "import", "legalize-jp", str(clone)])
        rebuilt = step("build after it", [*base, "build"])
        print(f"  one new revision imported and the site rebuilt: {imported + rebuilt:.1f} s")
        ref_s, ref_mb = reference(clone, skip)
        print(f"  reference again, after: {ref_s:.1f} s, {ref_mb} MB")


if __name__ == "__main__":
    main()
