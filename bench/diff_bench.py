"""Benchmark legistrack's diff against references on the same inputs, in the same run.

Speed is reported as ratios (legistrack time / reference time), because absolute times on a shared machine
are noise. References: `git diff --no-index --word-diff=porcelain` (a process, as a user would run it) and
difflib.SequenceMatcher over the same tokens (whole text, autojunk off, capped at --cap seconds).
Japanese tokens (script runs against characters and morphological tokenizers) are compared in ja_tokens.py.

Run: .venv/bin/python bench/diff_bench.py [--repeat 5] [--cap 60]
"""

from __future__ import annotations

import argparse
import difflib
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from legistrack.diff.engine import diff_texts
from legistrack.diff.tokens import tokenize
from legistrack.jurisdictions import import_text

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real-data"

PAIRS = [
    (
        "APPI 2021 → 2026 (ja, JLT → e-Gov)",
        "jp-appi/v1-jlt-4241-ja-as-amended-by-act-37-2021.xml",
        "jp-appi/v2-egov-415AC0000000057-asof-2026-07-20.xml",
    ),
    (
        "H.R. 2157 IH → ENR (en, USLM)",
        "us-bills-uslm/hr2157-116/1-H2157_IH.XML",
        "us-bills-uslm/hr2157-116/2-h2157_enr.XML",
    ),
    ("H.R. 264 EH → PCS (en, USLM)", "us-bills-uslm/hr264-116/1-h264_eh.XML", "us-bills-uslm/hr264-116/2-H264_PCS.XML"),
    (
        "Grundgesetz Art. 93 (de, Markdown)",
        "de-gesetze/gg/03-2012-08-03-bb3f0178.md",
        "de-gesetze/gg/04-2012-08-06-166018c1.md",
    ),
    (
        "TPG 2012-08-03 → 08-06 (de)",
        "de-gesetze/tpg/03-2012-08-03-bb3f0178.md",
        "de-gesetze/tpg/04-2012-08-06-fb0a0bfd.md",
    ),
]


def _timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _difflib_worker(a: list[str], b: list[str], out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    start = time.perf_counter()
    difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out.put(time.perf_counter() - start)


def _difflib_time(a: list[str], b: list[str], cap: float) -> float | None:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    proc = multiprocessing.Process(target=_difflib_worker, args=(a, b, queue))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return float(queue.get())


def _git_word_diff(old: Path, new: Path) -> None:
    subprocess.run(
        ["git", "diff", "--no-index", "--word-diff=porcelain", str(old), str(new)], capture_output=True, check=False
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before difflib is given up on")
    args = parser.parse_args()
    if not REAL.is_dir():
        sys.exit(f"needs {REAL} (shared/real-data beside the checkout)")
    print("## Speed (median of", args.repeat, "runs; ratio = legistrack / reference, below 1 is faster)\n")
    print("| pair | chars old/new | units changed | legistrack | git --word-diff | ratio | difflib (tokens) | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, a, b in PAIRS:
            old = import_text((REAL / a).read_bytes(), a).text
            new = import_text((REAL / b).read_bytes(), b).text
            pa, pb = Path(tmp) / "old.txt", Path(tmp) / "new.txt"
            pa.write_text(old, encoding="utf-8")
            pb.write_text(new, encoding="utf-8")
            result = diff_texts(old, new)
            ours = _timed(lambda old=old, new=new: diff_texts(old, new), args.repeat)
            git = _timed(lambda pa=pa, pb=pb: _git_word_diff(pa, pb), args.repeat)
            lib = _difflib_time(tokenize(old), tokenize(new), args.cap)
            changed = sum(1 for c in result.units if c.changed)
            lib_cell = f"{lib:.3f} s" if lib is not None else f"> {args.cap:.0f} s"
            lib_ratio = f"{ours / lib:.2f}" if lib else f"< {ours / args.cap:.3f}"
            print(
                f"| {name} | {len(old)}/{len(new)} | {changed} | {ours:.3f} s | {git:.3f} s | {ours / git:.2f} "
                f"| {lib_cell} | {lib_ratio} |"
            )


if __name__ == "__main__":
    main()
