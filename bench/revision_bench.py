"""One new revision of one Act, imported and the site rebuilt, on a project of the whole record (issue 28's "under
30 s"), measured again and again on the same project without a second clone.

    .venv/bin/python bench/revision_bench.py PROJECT CLONE [--repeat 3] [--reference]

PROJECT is a folder where `legistrack import legalize-jp CLONE` has run up to CLONE's head (with `import
diet-bills` too, for the whole record) and `legistrack build` has built its site. Each round:

1. takes the law of CLONE's newest Act commit one revision back, as it was before that commit: its package's last
   stage out of bill.toml, its branch one commit back and that stage's tag deleted in the store, the import's mark
   (.legistrack/legalize-jp.json) at the commit before, without the law's last commit;
2. `legistrack build` (timed: a package changed in bills/ and built, as after a hand edit: sync, then the rebuild);
3. `legistrack import legalize-jp CLONE` (timed: the new revision read and written);
4. `legistrack build` (timed: the site rebuilt after it).

Each step is the console script a user runs, in its own process, with the largest process's peak RSS and the peak
of the whole process tree's PSS (acts_site_bench.run_tree). The project ends as it began. With --reference, `git
log -p --word-diff=porcelain` over every Act of the clone runs first, for the ratio issue 28 asks of each figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from acts_site_bench import lacking, reference, run_tree  # noqa: E402
from diff_scale import LEGISTRACK  # noqa: E402
from legalize_bench import _git_dir, head  # noqa: E402

STAGES = "[[stages]]\n"


def newest_act_commit(clone: Path) -> tuple[str, str]:
    """The clone's newest commit that changes an Act's file, and that Act's law id."""
    out = subprocess.run(
        [*_git_dir(clone), "log", "-1", "--format=%H", "--name-only", head(clone), "--", "jp/*AC*"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    commit, path = out[0], out[1]
    return commit, path.removeprefix("jp/").removesuffix(".md")


def rewind(project: Path, clone: Path, commit: str, law: str) -> None:
    """The project as the import left it one commit of the clone before `commit` (which revised `law` alone)."""
    bill = f"jp-{law.lower()}"
    manifest = project / "bills" / bill / "bill.toml"
    text = manifest.read_text("utf-8")
    last = text.rindex("\n" + STAGES) + 1
    if f"legalize-jp/blob/{commit}/" not in text[last:]:
        raise SystemExit(f"bench: {manifest}'s last stage is not {commit[:9]}'s revision: import the clone first")
    stage = text[last:].split('id = "', 1)[1].split('"', 1)[0]
    store = ["git", "--git-dir", str(project / ".legistrack" / "store.git")]
    parent = subprocess.run([*store, "rev-parse", f"refs/heads/{bill}~1"], capture_output=True, text=True, check=True)
    manifest.write_text(text[:last].rstrip("\n") + "\n", "utf-8")
    subprocess.run([*store, "update-ref", f"refs/heads/{bill}", parent.stdout.strip()], check=True)
    subprocess.run([*store, "update-ref", "-d", f"refs/tags/{bill}/{stage}"], check=True)
    state_path = project / ".legistrack" / "legalize-jp.json"
    state = json.loads(state_path.read_text("utf-8"))
    before = subprocess.run([*_git_dir(clone), "rev-parse", f"{commit}~1"], capture_output=True, text=True, check=True)
    state["head"] = before.stdout.strip()
    state["branches"][bill] = parent.stdout.strip()
    if state.get("commits", {}).get(law) and state["commits"][law][-1][0] == commit:
        state["commits"][law].pop()
    state_path.write_text(json.dumps(state, sort_keys=True) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("clone", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference", action="store_true", help="time git log -p --word-diff over every Act too")
    args = parser.parse_args()
    project, clone = args.project.resolve(), args.clone.resolve()
    base = [*LEGISTRACK, "--bills", str(project / "bills")]
    commit, law = newest_act_commit(clone)
    print(f"{clone}: the newest Act commit {commit[:9]} revises {law}; {args.repeat} rounds")
    ref_s = reference(clone, lacking(project, clone))[0] if args.reference else None
    if ref_s is not None:
        print(f"  reference git log -p --word-diff=porcelain over every Act: {ref_s:.1f} s")
    rows: dict[str, list[tuple[float, int, int]]] = {"edited": [], "import": [], "rebuild": []}
    for _ in range(args.repeat):
        rewind(project, clone, commit, law)
        rows["edited"].append(run_tree([*base, "build"]))
        rows["import"].append(run_tree([*base, "import", "legalize-jp", str(clone)]))
        rows["rebuild"].append(run_tree([*base, "build"]))
    names = {
        "edited": "package edited, built",
        "import": "the revision imported",
        "rebuild": "the site rebuilt after it",
    }
    print(f"  {'step (median of the rounds)':30s} {'wall':>8s}   {'peak RSS':>8s} {'tree PSS':>8s}   each round")
    for key, name in names.items():
        wall = statistics.median(r[0] for r in rows[key])
        rss, pss = max(r[1] for r in rows[key]), max(r[2] for r in rows[key])
        rounds = " ".join(f"{r[0]:.1f}" for r in rows[key])
        ratio = f"  {wall / ref_s:.2f}x" if ref_s else ""
        print(f"  {name:30s} {wall:8.1f} s {rss:6d} MB {pss:6d} MB   {rounds}{ratio}")
    total = [i[0] + b[0] for i, b in zip(rows["import"], rows["rebuild"], strict=True)]
    print(f"  one new revision imported and the site rebuilt: median {statistics.median(total):.1f} s (goal 30 s)")


if __name__ == "__main__":
    main()
