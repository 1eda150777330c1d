"""Site build time and peak memory, each build in a fresh process (`legistrack build`), as a user runs it.

Inputs: the bundled bills; a generated corpus of N bills x S stages (each stage amends a few articles of a real
text); one large bill (about --big-mb MB, S stages, every pair of stages diffed). The no-op rebuild (same store,
nothing changed) is reported as a ratio of the full build measured in the same run.

Run: .venv/bin/python bench/site_bench.py [--bills 10 20 40] [--stages 10] [--big-mb 2 --big-stages 20]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from diff_scale import generate, run  # noqa: E402

# The console script a user runs (next to this Python); `python -m legistrack` if it is not installed.
_SCRIPT = Path(sys.executable).with_name("legistrack")
LEGISTRACK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "legistrack"]


def make_bill(root: Path, bill_id: str, texts: list[str], lang: str = "ja") -> None:
    directory = root / "bills" / bill_id
    (directory / "texts").mkdir(parents=True)
    lines = [
        "[bill]",
        f'id = "{bill_id}"',
        f'title = {{ en = "Generated bill {bill_id}" }}',
        f'languages = ["{lang}"]',
        'timezone = "Asia/Tokyo"',
        "",
    ]
    for n, text in enumerate(texts, 1):
        stage_id = f"{n:02d}-amended"
        (directory / "texts" / f"{stage_id}.{lang}.txt").write_text(text, encoding="utf-8")
        lines += [
            "[[stages]]",
            f'id = "{stage_id}"',
            'kind = "amended"',
            f"date = 2020-01-{n:02d}",
            f'title.en = "Amendment {n}"',
            f'texts.{lang} = {{ status = "new" }}',
            "[[stages.sources]]",
            'url = "https://example.org/record"',
            "",
        ]
    (directory / "bill.toml").write_text("\n".join(lines), encoding="utf-8")


def versions(base: str, stages: int, seed: int) -> list[str]:
    """`stages` versions of a text, each amending a few articles of the one before."""
    rng = random.Random(seed)
    out = [base]
    paragraphs = base.split("\n\n")
    for _ in range(stages - 1):
        for i in rng.sample(range(len(paragraphs)), min(5, len(paragraphs))):
            paragraphs[i] = paragraphs[i].replace("ものとする", "なければならない", 1) + "（改正）"
        out.append("\n\n".join(paragraphs))
    return out


def build_times(root: Path, repeat: int) -> tuple[float, int, float]:
    subprocess.run(
        [*LEGISTRACK, "--bills", str(root / "bills"), "--store", str(root / "store.git"), "sync"],
        check=True,
        capture_output=True,
    )
    cmd = [
        *LEGISTRACK,
        "--bills",
        str(root / "bills"),
        "--store",
        str(root / "store.git"),
        "build",
        "--out",
        str(root / "site"),
    ]
    full, peak = run(cmd, repeat)
    noop, _ = run(cmd, repeat)  # the same store again: nothing changed
    pages = sum(1 for _ in (root / "site").rglob("*.html"))
    return full, peak, noop / full if full else 0.0, pages  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--stages", type=int, default=10)
    parser.add_argument("--big-mb", type=float, default=0.5)
    parser.add_argument("--big-stages", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print("| corpus | pages | full build | peak MB | no-op rebuild / full |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bundled"
        shutil.copytree(ROOT / "bills", root / "bills")
        full, peak, ratio, pages = build_times(root, args.repeat)  # type: ignore[misc]
        print(f"| bundled bills (3) | {pages} | {full:.2f} s | {peak} | {ratio:.2f} |")
        base = (ROOT / "bills" / "jp-ai-promotion-act" / "texts" / "09-in-force.ja.txt").read_text(encoding="utf-8")
        for count in args.bills:
            root = Path(tmp) / f"corpus{count}"
            for b in range(count):
                make_bill(root, f"bill-{b:04d}", versions(base, args.stages, b))
            full, peak, ratio, pages = build_times(root, args.repeat)  # type: ignore[misc]
            print(f"| {count} bills x {args.stages} stages | {pages} | {full:.2f} s | {peak} | {ratio:.2f} |")
        root = Path(tmp) / "big"
        old, _ = generate("ja", int(args.big_mb * 1024 * 1024 / 3))
        make_bill(root, "big-bill", versions(old, args.big_stages, 1))
        full, peak, ratio, pages = build_times(root, args.repeat)  # type: ignore[misc]
        pairs = args.big_stages * (args.big_stages - 1) // 2
        print(
            f"| one {args.big_mb} MB bill x {args.big_stages} stages ({pairs} pairs) | {pages} | {full:.2f} s "
            f"| {peak} | {ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
