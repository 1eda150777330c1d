"""The diff engine's four speed targets (issue 30), measured in one run: instruction counts and interleaved ratios.

    .venv/bin/python bench/diff_targets.py [CLONE] [--only fixed,per-mb,uslm,held-out,corpus] [--repeat 5]

CLONE is a clone of github.com/yno9/legalize-jp (a bare mirror will do); without it the two figures that need every
Act (corpus, held-out) are skipped. Each figure is a ratio to a reference measured in the same run:

- **fixed cost**: instructions (valgrind's callgrind, independent of the machine's load) of `legistrack diff` on a
  one-line pair, as a user runs it (the console script, bytecode compiled as pip installs it), split into Python's
  start-up, click, and what legistrack adds before it reads the first byte (the command group, the diff command and
  the engine's modules); target 250 M before the first byte.
- **per MB**: instructions of `legistrack diff OLD NEW --format json` on pairs over 1 MB, less the one-line pair's,
  per MB of input, against the same for `git diff --no-index --word-diff=porcelain`; target 4×.
- **USLM against xml-diff**: GovTrack's xml-diff (`pip install xml-diff lxml`) on every consecutive pair of the real
  USLM bills, in one process each (the XML read, compared and, for legistrack, the JSON document written), taking
  turns in batches of 20 ms or more, legistrack's remembered splits forgotten before each call; target: legistrack
  2× faster on every pair. The whole process is shown too.
- **held-out style**: the whole process on real pairs over 0.9 MB (every Act's last revision where both texts are
  that large, from CLONE) against `git diff --no-index --word-diff=porcelain`, wall time taking turns: median and
  worst ratio.
- **corpus**: every revision of every Act in CLONE diffed by the engine in one process with a worker per core (each
  reading its blobs with `git cat-file --batch`, reading the Markdown as `legistrack diff` does, diffing with
  `legistrack.diff_texts` and writing the JSON document as `--format json` prints it),
  against `git log -p --word-diff=porcelain -- 'jp/*AC*'` on the same clone, run before and after it; target 4×.
  Laws whose blobs the clone lacks are left out of both.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from diff_scale import LEGISTRACK, REAL, generate, german_grown, run_interleaved  # noqa: E402

FIGURES = ("fixed", "per-mb", "uslm", "held-out", "corpus")
GIT_WORD_DIFF = ["git", "diff", "--no-index", "--word-diff=porcelain"]
ACT = re.compile(r"^jp/[0-9]{3}AC[0-9A-Z]{10}\.md$")
NULL = "0" * 40


def instructions(cmd: list[str]) -> int:
    """Instructions a command executes (its children's too), counted by callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--trace-children=yes", *cmd],
        capture_output=True,
        text=True,
    )
    counts = [int(m.replace(",", "")) for m in re.findall(r"I\s+refs:\s+([\d,]+)", done.stderr)]
    if not counts:
        raise SystemExit(f"bench: valgrind counted nothing for {' '.join(cmd)}:\n{done.stderr[-2000:]}")
    return sum(counts)


def mega(n: float) -> str:
    return f"{n / 1e6:,.0f} M"


def fixed_cost(tmp: Path) -> tuple[int, int]:
    """Instructions of a one-line diff, and of what comes before its first byte, split by layer."""
    old, new = tmp / "one-old.txt", tmp / "one-new.txt"
    old.write_text("第一条　この法律は、公布の日から施行する。\n", encoding="utf-8")
    new.write_text("第一条　この法律は、公布の日から起算して一年を経過した日から施行する。\n", encoding="utf-8")
    py = [sys.executable, "-c"]
    steps = [
        ("Python's start-up (`python -c pass`)", [*py, "pass"]),
        ("+ click (`import click`)", [*py, "import click"]),
        ("+ the command group (`legistrack --version`)", [*LEGISTRACK, "--version"]),
        (
            "+ the diff command and the engine's modules: before the first byte",
            [*py, "import legistrack.cli, legistrack.cli.diff, legistrack.commands.diff"],
        ),
        ("the whole `legistrack diff` of a one-line pair (--format json)", [*LEGISTRACK, "diff", str(old), str(new)]),
        ("the same, --format terminal", [*LEGISTRACK, "diff", str(old), str(new), "--no-color"]),
        ("git diff --no-index --word-diff=porcelain, same pair", [*GIT_WORD_DIFF, str(old), str(new)]),
    ]
    steps[4][1].extend(["--format", "json"])
    print("## Fixed cost: instructions before and around a one-line diff (target: 250 M before the first byte)\n")
    print("| step | instructions |\n|---|---|")
    counts = {}
    for name, cmd in steps:
        counts[name] = instructions(cmd)
        print(f"| {name} | {mega(counts[name])} |")
    before = counts[steps[3][0]]
    whole = counts[steps[4][0]]
    print(f"\nBefore the first byte: {mega(before)} ({'within' if before <= 250e6 else 'over'} the 250 M target).")
    return whole, counts[steps[6][0]]


_ONE_ARTICLE_MD = "---\ntitle: 試験法\nidentifier: 507AC0000000999\n---\n\n**第一条**　この法律は、{}から施行する。\n"


def one_article_markdown(tmp: Path) -> tuple[int, int]:
    """The one-line pair's counts for a legalize-jp law file: a one-article law in its Markdown, one word changed.
    What reading that format costs before its first line (its reader's modules) is not per MB."""
    old, new = tmp / "one-old.md", tmp / "one-new.md"
    old.write_text(_ONE_ARTICLE_MD.format("公布の日"), encoding="utf-8")
    new.write_text(_ONE_ARTICLE_MD.format("公布の日から起算して一年を経過した日"), encoding="utf-8")
    return (
        instructions([*LEGISTRACK, "diff", str(old), str(new), "--format", "json"]),
        instructions([*GIT_WORD_DIFF, str(old), str(new)]),
    )


def per_mb(tmp: Path, clone: Path | None, tiny: tuple[int, int]) -> None:
    """Instructions per MB of input beyond the one-line pair's (of the same format), against git's."""
    pairs: list[tuple[str, Path, Path]] = []
    for lang in ("ja", "en"):
        old, new = generate(lang, int(2 * 1024 * 1024 / (1 if lang == "en" else 3)))
        pa, pb = tmp / f"gen-{lang}-old.txt", tmp / f"gen-{lang}-new.txt"
        pa.write_text(old, encoding="utf-8")
        pb.write_text(new, encoding="utf-8")
        pairs.append((f"generated {lang}, 50 articles amended, 3 inserted, 3 deleted", pa, pb))
    de_old, de_new = german_grown()
    pa, pb = tmp / "de-old.md", tmp / "de-new.md"
    pa.write_text(de_old, encoding="utf-8")
    pb.write_text(de_new, encoding="utf-8")
    pairs.append(("GG + BtMG + TPG ×3, real amending commits", pa, pb))
    if clone is not None:
        for name, old_text, new_text in large_act_pairs(clone, 1_000_000)[:2]:
            pa, pb = tmp / f"{name}-old.md", tmp / f"{name}-new.md"
            pa.write_text(old_text, encoding="utf-8")
            pb.write_text(new_text, encoding="utf-8")
            pairs.append((f"{name}, its last revision (legalize-jp)", pa, pb))
    tiny_md = one_article_markdown(tmp) if clone is not None else tiny
    print("\n## Per MB: instructions beyond the one-line pair's, per MB of input (target: 4× git's)\n")
    print(
        f"The one-line pair of the same format is taken off: plain text {mega(tiny[0])} (git {mega(tiny[1])}), "
        f"a one-article legalize-jp law file {mega(tiny_md[0])} (git {mega(tiny_md[1])}); the last column takes the "
        "plain one off every pair.\n"
    )
    print(
        "| pair | MB (both texts) | legistrack | git --word-diff | per MB: legistrack | git | ratio | whole ratio "
        "| ratio, plain pair off |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for name, pa, pb in pairs:
        size = (pa.stat().st_size + pb.stat().st_size) / 1e6
        ours = instructions([*LEGISTRACK, "diff", str(pa), str(pb), "--format", "json"])
        git = instructions([*GIT_WORD_DIFF, str(pa), str(pb)])
        fixed = tiny_md if "legalize-jp" in name else tiny
        ours_mb, git_mb = (ours - fixed[0]) / size, (git - fixed[1]) / size
        ratios.append(ours_mb / git_mb)
        plain_off = ((ours - tiny[0]) / size) / ((git - tiny[1]) / size)
        print(
            f"| {name} | {size:.2f} | {mega(ours)} | {mega(git)} | {mega(ours_mb)} | {mega(git_mb)} "
            f"| {ours_mb / git_mb:.2f} | {ours / git:.2f} | {plain_off:.2f} |"
        )
    print(f"\nPer MB, worst ratio {max(ratios):.2f}, median {statistics.median(ratios):.2f} (target 4).")


# Each sample is a batch of calls lasting 20 ms or more (a pair of small bills takes a millisecond or two: one call
# is too short to time on a shared machine), the two taking turns; the median sample, per call, is the figure.
# legistrack remembers the last texts it split (a site splits a version again for each page); a repeated call of
# the same pair must not find them, so they are forgotten before each call, as for two texts never diffed before.
_XML_DIFF_ROUND = """
import sys, time, lxml.etree as E, xml_diff
import json, legistrack
from legistrack.diff import structure
def ours(a, b):
    structure._split_units.cache_clear()
    json.dumps(legistrack.diff_files(a, b).to_json(), ensure_ascii=False, separators=(",", ":"))
def theirs(a, b):
    xml_diff.compare(E.parse(a).getroot(), E.parse(b).getroot())
def batch(f, a, b, n):
    t = time.perf_counter()
    for _ in range(n):
        f(a, b)
    return (time.perf_counter() - t) / n
pairs = [line.split("\\t") for line in sys.stdin.read().splitlines()]
for a, b in pairs:  # warm: both have imported and compiled what they use
    ours(a, b); theirs(a, b)
repeat = int(sys.argv[1])
for a, b in pairs:
    calls = {f: max(1, int(0.02 / batch(f, a, b, 1))) for f in (ours, theirs)}
    times = {"ours": [], "theirs": []}
    for _ in range(repeat):
        for name, f in (("ours", ours), ("theirs", theirs)):
            times[name].append(batch(f, a, b, calls[f]))
    print(json.dumps({"pair": [a, b], **{k: sorted(v)[len(v) // 2] for k, v in times.items()}}))
"""


def uslm(repeat: int) -> None:
    """Every consecutive pair of the real USLM bills: legistrack against xml-diff, in one process and whole."""
    try:
        import lxml  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
        import xml_diff  # type: ignore[import-not-found,import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        print("\n## USLM against xml-diff: skipped (pip install xml-diff lxml)\n")
        return
    pairs = []
    for folder in sorted((REAL / "us-bills-uslm").iterdir()):
        if folder.is_dir():
            pairs += list(itertools.pairwise(sorted(folder.glob("*.[xX][mM][lL]"))))
    lines = "\n".join(f"{a}\t{b}" for a, b in pairs)
    done = subprocess.run(
        [sys.executable, "-c", _XML_DIFF_ROUND, str(repeat)], input=lines, capture_output=True, text=True, check=True
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    xml_diff_cmd = (
        "import sys, lxml.etree as E, xml_diff;"
        "xml_diff.compare(E.parse(sys.argv[1]).getroot(), E.parse(sys.argv[2]).getroot())"
    )
    print("\n## USLM against xml-diff: every consecutive pair of the real bills (target: 2× faster on every pair)\n")
    print(
        "| pair | KB | in one process: legistrack | xml-diff | faster | whole process: legistrack | xml-diff | faster |"
    )
    print("|---|---|---|---|---|---|---|---|")
    inside, whole = [], []
    for row, (a, b) in zip(rows, pairs, strict=True):
        (ours_p, _), (theirs_p, _) = run_interleaved(
            [
                [*LEGISTRACK, "diff", str(a), str(b), "--format", "json"],
                [sys.executable, "-c", xml_diff_cmd, str(a), str(b)],
            ],
            repeat,
        )
        inside.append(row["theirs"] / row["ours"])
        whole.append(theirs_p / ours_p)
        kb = (a.stat().st_size + b.stat().st_size) / 1024
        print(
            f"| {a.parent.name}: {a.name} → {b.name} | {kb:.0f} | {row['ours'] * 1e3:.1f} ms "
            f"| {row['theirs'] * 1e3:.1f} ms | {inside[-1]:.1f}× | {ours_p * 1e3:.0f} ms | {theirs_p * 1e3:.0f} ms "
            f"| {whole[-1]:.1f}× |"
        )
    print(
        f"\nIn one process: slowest pair {min(inside):.2f}× faster than xml-diff, "
        f"median {statistics.median(inside):.1f}×; whole process: slowest {min(whole):.2f}×, "
        f"median {statistics.median(whole):.1f}×."
    )


def _git(clone: Path, *args: str) -> list[str]:
    return ["git", f"--git-dir={_git_dir(clone)}", *args]


def _git_dir(clone: Path) -> Path:
    return clone / ".git" if (clone / ".git").exists() else clone


def act_revisions(clone: Path) -> list[tuple[str, str, str]]:
    """(old blob, new blob, path) of every change to an Act's file in the clone's history (old NULL: added)."""
    out = subprocess.run(
        _git(clone, "log", "--raw", "--no-abbrev", "--no-renames", "--format=", "HEAD", "--", "jp/*AC*"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    revisions = []
    for line in out.splitlines():
        if not line.startswith(":"):
            continue
        meta, path = line.split("\t", 1)
        _mode_a, _mode_b, old, new, _status = meta[1:].split()
        if ACT.match(path):
            revisions.append((old, new, path))
    return revisions


def missing_blobs(clone: Path, blobs: set[str]) -> set[str]:
    """The blobs the clone lacks (some copies of legalize-jp lack the largest laws')."""
    done = subprocess.run(
        _git(clone, "cat-file", "--batch-check"), input="\n".join(sorted(blobs)) + "\n", capture_output=True, text=True
    )
    return {line.split()[0] for line in done.stdout.splitlines() if line.endswith(" missing")}


def large_act_pairs(clone: Path, least: int) -> list[tuple[str, str, str]]:
    """Every Act's last revision where both texts are over `least` bytes, largest first: (law id, old, new)."""
    seen: set[str] = set()
    picked = []
    for old, new, path in act_revisions(clone):  # newest first
        if path in seen or old == NULL or new == NULL:
            continue
        seen.add(path)
        sizes = subprocess.run(
            _git(clone, "cat-file", "--batch-check=%(objectsize)"),
            input=f"{old}\n{new}\n",
            capture_output=True,
            text=True,
        ).stdout.split()
        if len(sizes) == 2 and all(s.isdigit() and int(s) > least for s in sizes):
            picked.append((int(sizes[1]), path, old, new))
    picked.sort(reverse=True)
    out = []
    for _size, path, old, new in picked:
        texts = [
            subprocess.run(_git(clone, "cat-file", "blob", blob), capture_output=True, check=True).stdout.decode()
            for blob in (old, new)
        ]
        out.append((Path(path).stem, texts[0], texts[1]))
    return out


def held_out(tmp: Path, clone: Path, repeat: int) -> None:
    print("\n## Held-out style: whole process on real pairs over 0.9 MB (every Act's last such revision)\n")
    print("| law | MB (new) | legistrack | git --word-diff | ratio |\n|---|---|---|---|---|")
    ratios = []
    for name, old_text, new_text in large_act_pairs(clone, 900_000):
        pa, pb = tmp / f"{name}-old.md", tmp / f"{name}-new.md"
        pa.write_text(old_text, encoding="utf-8")
        pb.write_text(new_text, encoding="utf-8")
        (ours, _), (git, _) = run_interleaved(
            [[*LEGISTRACK, "diff", str(pa), str(pb), "--format", "json"], [*GIT_WORD_DIFF, str(pa), str(pb)]], repeat
        )
        ratios.append(ours / git)
        print(f"| {name} | {pb.stat().st_size / 1e6:.2f} | {ours:.3f} s | {git:.3f} s | {ours / git:.1f} |")
    if ratios:
        print(f"\n{len(ratios)} pairs: median ratio {statistics.median(ratios):.1f}, worst {max(ratios):.1f}.")


# One worker of the corpus run: its own `git cat-file --batch`, the engine, the JSON document written.
_CAT: subprocess.Popen[bytes] | None = None


def _start_worker(git_dir: str) -> None:
    global _CAT
    _CAT = subprocess.Popen(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )


def _blob(blob: str) -> bytes:
    if blob == NULL:
        return b""
    assert _CAT is not None and _CAT.stdin is not None and _CAT.stdout is not None
    _CAT.stdin.write(f"{blob}\n".encode())
    _CAT.stdin.flush()
    size = int(_CAT.stdout.readline().split()[2])
    return _CAT.stdout.read(size + 1)[:-1]


def _read(data: bytes, name: str) -> str:
    """The text as `legistrack diff` reads a legalize-jp file: its Markdown (front matter, **第一条** labels, ## 附則)
    read as the law's text, line for line as e-Gov's (jurisdictions/jp/lawmd.py)."""
    from legistrack.jurisdictions import import_text

    return import_text(data, name).text if data else ""


# The text of the last blob read: a law's revisions come one after another, each one's old text the one before's new
# text, so each blob is read (and its Markdown converted) once, as an import does.
_LAST: tuple[str, str] = ("", "")


def _text(blob: str, name: str) -> str:
    global _LAST
    if blob != _LAST[0]:
        _LAST = (blob, _read(_blob(blob), name))
    return _LAST[1]


def _diff_revision(revision: tuple[str, str, str]) -> tuple[int, int, int]:
    import legistrack
    from legistrack.diff.render import render

    old, new, path = revision
    names = f"{path}@{old[:12]}", f"{path}@{new[:12]}"
    old_text = _text(old, names[0])
    new_text = _text(new, names[1])
    diff = legistrack.diff_texts(old_text, new_text, *names)
    document = render(diff, "json", False, 3)  # what `legistrack diff --format json` prints
    return len(old_text) + len(new_text), len(document), sum(u.changed for u in diff.units)


def corpus(clone: Path) -> None:
    revisions = act_revisions(clone)
    lacking = missing_blobs(clone, {b for old, new, _ in revisions for b in (old, new) if b != NULL})
    left_out = sorted({path for old, new, path in revisions if old in lacking or new in lacking})
    # law by law, each from its first revision to its last, as a site build diffs them (git log lists newest first)
    order = {path: k for k, path in enumerate(sorted({r[2] for r in revisions}))}
    kept = [(order[r[2]], -k, r) for k, r in enumerate(revisions) if r[2] not in left_out]
    revisions = [r for _law, _age, r in sorted(kept)]
    reference = _git(clone, "log", "-p", "--word-diff=porcelain", "HEAD", "--", "jp/*AC*")
    reference += [f":(exclude){path}" for path in left_out]
    cores = os.cpu_count() or 1

    def timed_reference() -> float:
        t = time.perf_counter()
        subprocess.run(reference, stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - t

    first = timed_reference()
    t = time.perf_counter()
    chars = out = changed = 0
    context = multiprocessing.get_context("fork")
    with context.Pool(cores, initializer=_start_worker, initargs=(str(_git_dir(clone)),)) as pool:
        for size, written, units in pool.imap_unordered(_diff_revision, revisions, chunksize=8):
            chars += size
            out += written
            changed += units
    ours = time.perf_counter() - t
    second = timed_reference()
    ref = (first + second) / 2
    print(f"\n## Corpus: every revision of every Act, one process and {cores} workers (target: within 4× of git)\n")
    print(f"{len(revisions):,} revisions of {len({r[2] for r in revisions}):,} Acts ({chars / 1e9:.2f} G characters")
    print(f"read, {changed:,} changed units, {out / 1e9:.2f} GB of JSON written); left out for lacking blobs:")
    print(f"{', '.join(Path(p).stem for p in left_out) or 'none'}.\n")
    print("| run | wall time | ratio |\n|---|---|---|")
    print(f"| git log -p --word-diff=porcelain (before, after) | {first:.1f} s, {second:.1f} s | 1.0 |")
    print(f"| read + legistrack.diff_texts + JSON, {cores} workers | {ours:.1f} s | {ours / ref:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clone", type=Path, nargs="?", help="a clone of legalize-jp (corpus and held-out figures)")
    parser.add_argument("--only", default=",".join(FIGURES), help=f"comma-separated: {', '.join(FIGURES)}")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    only = set(args.only.split(","))
    if unknown := only - set(FIGURES):
        parser.error(f"unknown figure(s) {', '.join(sorted(unknown))}: use {', '.join(FIGURES)}")
    # Timed as installed: pip compiles a wheel's modules to bytecode (PYTHONDONTWRITEBYTECODE would otherwise make
    # every process compile the package again).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "legistrack")], check=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        tiny = fixed_cost(tmp) if only & {"fixed", "per-mb"} else (0, 0)
        if "per-mb" in only:
            per_mb(tmp, args.clone, tiny)
        if "uslm" in only:
            uslm(args.repeat)
        if args.clone is not None and "held-out" in only:
            held_out(tmp, args.clone, args.repeat)
        if args.clone is not None and "corpus" in only:
            corpus(args.clone)


if __name__ == "__main__":
    main()
