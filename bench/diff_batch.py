"""Diffing many pairs: one process per pair (a shell loop) against `legistrack diff --batch` and the Python API.

    .venv/bin/python bench/diff_batch.py --pairs 40 [--old-tree /tmp/legistrack-old]

The pairs are real: consecutive versions of the German laws in `../shared/real-data/de-gesetze/` and the US bills in
`us-bills-uslm/`, repeated to `--pairs`. Every way prints the same `legistrack.diff/1` documents (checked); the
ratios are against the loop of processes measured in the same run, taking turns (loop, batch, API, loop, ...) so
they share the machine's moments. `--old-tree` names a checkout of an older legistrack (e.g. `git worktree add
/tmp/legistrack-old ca55f8c`) whose loop is timed the same way, with `python -m legistrack` from that tree.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "real-data"
LEGISTRACK = [str(Path(sys.executable).parent / "legistrack")]


def real_pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for folder in sorted((REAL / "de-gesetze").iterdir()):
        if folder.is_dir():
            files = sorted(folder.glob("*.md"))
            pairs += list(itertools.pairwise(files))
    for folder in sorted((REAL / "us-bills-uslm").iterdir()):
        if folder.is_dir():
            files = sorted(folder.glob("*.xml"))
            pairs += list(itertools.pairwise(files))
    return pairs


def loop(pairs: list[tuple[Path, Path]], command: list[str], env: dict[str, str]) -> list[str]:
    out = []
    for old, new in pairs:
        argv = [*command, "diff", str(old), str(new), "--format", "json"]
        result = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
        out.append(result.stdout.strip())
    return out


def batch(pairs_file: Path) -> list[str]:
    result = subprocess.run([*LEGISTRACK, "diff", "--batch", str(pairs_file)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def api(pairs: list[tuple[Path, Path]]) -> list[str]:
    import legistrack

    return [
        json.dumps(legistrack.diff_files(str(a), str(b)).to_json(), ensure_ascii=False, separators=(",", ":"))
        for a, b in pairs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--old-tree", type=Path, default=None, help="checkout of an older legistrack to time too")
    args = parser.parse_args()
    found = real_pairs()
    if not found:
        sys.exit("no real pairs: ../shared/real-data is not beside the checkout")
    pairs = [found[i % len(found)] for i in range(args.pairs)]
    with tempfile.TemporaryDirectory() as tmp:
        pairs_file = Path(tmp) / "pairs.tsv"
        pairs_file.write_text("".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEGISTRACK_")}
        ways: dict[str, object] = {
            "loop of processes": lambda: loop(pairs, LEGISTRACK, env),
            "diff --batch": lambda: batch(pairs_file),
            "legistrack.diff_files": lambda: api(pairs),
        }
        if args.old_tree is not None:
            old_env = {**env, "PYTHONPATH": str(args.old_tree)}
            ways["loop, old tree"] = lambda: loop(pairs, [sys.executable, "-P", "-m", "legistrack"], old_env)
        times: dict[str, list[float]] = {name: [] for name in ways}
        results: dict[str, list[str]] = {}
        for _ in range(args.repeat):
            for name, run in ways.items():
                started = time.perf_counter()
                results[name] = run()  # type: ignore[operator]
                times[name].append(time.perf_counter() - started)
    reference = results["loop of processes"]
    for name in ("diff --batch", "legistrack.diff_files"):
        assert [json.loads(x) for x in results[name]] == [json.loads(x) for x in reference], name
    base = statistics.median(times["loop of processes"])
    print(f"{args.pairs} real pairs ({len(found)} distinct), median of {args.repeat} runs, taking turns")
    print("| way | total | per pair | ratio to the loop of processes |")
    print("|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.2f} s | {1000 * median / args.pairs:.0f} ms | {median / base:.2f} |")


if __name__ == "__main__":
    main()
