"""Whole-process speed and memory of `legistrack diff OLD NEW --format json`, as a user runs it.

For each input the command runs in a fresh process; wall time is the median of --repeat runs, peak memory is the
child's maximum resident set. References on the same files in the same run: `git diff --no-index --word-diff`,
and GovTrack's xml-diff (PyPI `xml-diff`, if installed) on the USLM pairs. Inputs:

- real USLM pairs (H.R. 2157 introduced -> enrolled, H.R. 1058, H.R. 1037), and H.R. 2157's pair grown past 1 MB
  (its <main> repeated, each copy's sections numbered anew: our data has no real USLM bill that size);
- three real German laws (GG, BtMG, TPG) before and after real amending commits, each copied three times with its
  articles, sections and annexes numbered anew: a 1.2 MB pair of real Markdown changed as bulk updates change it
  (our data has no German law that size; the BGB is 1.3 MB), and the newer of them with 30 words amended, as an
  ordinary amending act changes a long law;
- the floor: the interpreter's start-up and `legistrack --version`, against git's whole diff;
- generated English and Japanese bills of 0.5, 1, 2 and 4 MB built from real sections/articles, with 50 articles
  amended, 3 inserted (the rest renumbered) and 3 deleted, to show that cost grows linearly with size;
- a pathological pair: two unrelated 2 MB texts (English against Japanese).

Run: .venv/bin/python bench/diff_scale.py [--repeat 3] [--old-tree DIR]

`--old-tree` names a checkout of an older legistrack (`git worktree add /tmp/legistrack-old <commit>`): its
`python -m legistrack diff` takes turns with today's, and a "before" column shows it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.amendments import kanji  # noqa: E402

REAL = ROOT.parent / "shared" / "real-data"
# The console script a user runs (next to this Python); `python -m legistrack` if it is not installed.
_SCRIPT = Path(sys.executable).with_name("legistrack")
LEGISTRACK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "legistrack"]


def run(cmd: list[str], repeat: int) -> tuple[float, int]:
    """Median wall time (s) and peak RSS (MB) of a command run in a fresh process."""
    return run_interleaved([cmd], repeat)[0]


def run_interleaved(cmds: list[list[str]], repeat: int) -> list[tuple[float, int]]:
    """Median wall time (s) and peak RSS (MB) of each command, run in turn `repeat` times: A B C A B C ...

    This machine's speed changes from one minute to the next; taking turns gives every command the same moments,
    so the ratios between them hold even when the absolute times move. A command that fails stops the bench with
    its exit status and the last line it wrote to stderr: a time of a failed step is no measurement.
    """
    probe = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False);"
        "sys.stderr.buffer.write(r.stderr[-2000:]);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    times: list[list[float]] = [[] for _ in cmds]
    peaks: list[list[int]] = [[] for _ in cmds]
    for _ in range(repeat):
        for k, cmd in enumerate(cmds):
            done = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True)
            seconds, kb, code = done.stdout.split()
            # `git diff --no-index` exits 1 when the files differ, which is what it is timed on.
            if int(code) not in ((0, 1) if cmd[:3] == ["git", "diff", "--no-index"] else (0,)):
                last = (done.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
                raise SystemExit(f"bench: step failed (exit {code}): {' '.join(cmd)}\n  {last}")
            times[k].append(float(seconds))
            peaks[k].append(int(kb))
    return [(statistics.median(t), max(p) // 1024) for t, p in zip(times, peaks, strict=True)]


def found(cmd: list[str]) -> str:
    """What `legistrack diff --format json` reports: modified / inserted / deleted / renumbered units."""
    stats = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)["stats"]
    return " / ".join(str(stats[k]) for k in ("modified", "inserted", "deleted", "renumbered"))


def _units(text: str, pattern: str) -> list[str]:
    starts = [m.start() for m in re.finditer(pattern, text, re.M)] + [len(text)]
    return [text[a:b] for a, b in itertools.pairwise(starts)]


def english_bodies() -> list[str]:
    text = (ROOT / "bills" / "us-hr2157-116" / "texts" / "02-signed.en.txt").read_text(encoding="utf-8")
    bodies = [re.sub(r"^Sec\. \d+\.\s*", "", u).split("\n\n")[0].strip() for u in _units(text, r"^Sec\. \d+\.")]
    return [b for b in bodies if b]


def japanese_bodies() -> list[str]:
    text = (ROOT / "bills" / "jp-appi" / "texts" / "03-amended.ja.txt").read_text(encoding="utf-8")
    main = text.split("\n附　則")[0]
    label = r"^(（[^）]*）\n)?第[〇一二三四五六七八九十百千]+条(の[〇一二三四五六七八九十百千]+)*　"
    units = _units(main, r"^(?:（[^）\n]*）\n)?第[〇一二三四五六七八九十百千]+条")
    return [re.sub(label, "", u).split("\n\n")[0].strip() for u in units]


def uslm_grown(path: Path, copies: int) -> str:
    """A real USLM bill with its <main> repeated `copies` times, the sections of copy k numbered k * 1000 + n and its
    titles k * 12 + n (so that labels stay unique and match between the two stages): over 1 MB of real USLM."""
    xml = path.read_text(encoding="utf-8")
    head, rest = xml.split("<main", 1)
    open_tag, rest = rest.split(">", 1)
    body, tail = rest.rsplit("</main>", 1)

    def roman(n: int) -> str:
        out = ""
        for value, numeral in (
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ):
            while n >= value:
                out, n = out + numeral, n - value
        return out

    def numbered(k: int) -> str:
        sections = re.sub(
            r'(<num value=")(\d+)("><inline class="smallCaps">Sec\. )(\d+)\.',
            lambda m: f"{m[1]}{int(m[2]) + k * 1000}{m[3]}{int(m[4]) + k * 1000}.",
            body,
        )
        titles = {roman(n): roman(n + k * 12) for n in range(1, 13)}  # a bill has fewer than 12 titles
        return re.sub(
            r'<num value="([IVXL]+)">TITLE \1</num>',
            lambda m: f'<num value="{titles[m[1]]}">TITLE {titles[m[1]]}</num>',
            sections,
        )

    return f"{head}<main{open_tag}>{''.join(numbered(k) for k in range(copies))}</main>{tail}"


def german_grown(copies: int = 3) -> tuple[str, str]:
    """Old and new: the GG, BtMG and TPG before and after real amending commits, `copies` times over, each copy's
    articles and sections numbered k * 1000 + n and its annexes 10 * k + n (labels unique, matching across the pair)."""
    folder = REAL / "de-gesetze"
    roman = {"I": 1, "II": 2, "III": 3}

    def grown(names: list[str]) -> str:
        out = []
        for k in range(copies):

            def section(m: re.Match[str], k: int = k) -> str:
                return f"{m[1]}{int(m[2]) + k * 1000}"

            def annex(m: re.Match[str], k: int = k) -> str:
                return f"{m[1]}{roman[m[2]] + 10 * k}"

            for name in names:
                body = (folder / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]
                body = re.sub(r"^(#+ (?:\(XXXX\) )?(?:§§?|Art(?:ikel|\.)?) )(\d+)", section, body, flags=re.M)
                out.append(re.sub(r"^(#+ Anlage )([IVX]+)\b", annex, body, flags=re.M))
        return "".join(out)

    old = ["gg/04-2012-08-06-166018c1.md", "btmg_1981/08-2013-01-11-28bf164c.md", "tpg/03-2012-08-03-bb3f0178.md"]
    new = ["gg/05-2018-11-08-5710c0a6.md", "btmg_1981/09-2018-11-08-5710c0a6.md", "tpg/04-2012-08-06-fb0a0bfd.md"]
    return grown(old), grown(new)


def amend_words(text: str, edits: int = 30, seed: int = 3) -> str:
    """The text with `edits` words of its body lines changed (an ordinary amending act: a few words in a few
    sections of a long law; nothing renumbered)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > 50 and not line.startswith(("#", "|"))]
    for i in rng.sample(body, edits):
        words = lines[i].split(" ")
        k = rng.randrange(len(words))
        words[k] += "n"
        lines[i] = " ".join(words)
    return "\n".join(lines)


def generate(lang: str, size: int, seed: int = 7) -> tuple[str, str]:
    """An old and a new bill of about `size` characters: 50 amended, 3 inserted (renumbering), 3 deleted."""
    bodies = english_bodies() if lang == "en" else japanese_bodies()
    articles: list[str] = []
    total = 0
    k = 0
    while total < size:
        body = bodies[k % len(bodies)] + ("" if k < len(bodies) else f" ({k})")
        articles.append(body)
        total += len(body) + 12
        k += 1
    rng = random.Random(seed)
    new = list(articles)
    for i in rng.sample(range(len(new)), 50):
        if lang == "en":
            new[i] = new[i].replace("shall", "may", 1).replace("2019", "2020", 1) + " as amended"
        else:
            new[i] = new[i].replace("ものとする", "なければならない", 1).replace("政令", "内閣府令", 1) + "（改正）"
    for i in sorted(rng.sample(range(len(new)), 3), reverse=True):
        del new[i]
    for n, i in enumerate(sorted(rng.sample(range(len(new)), 3))):
        addition = "A new section inserted by the amendment." if lang == "en" else "新たに追加された条文。"
        new.insert(i + n, addition * 5)

    def render(items: list[str]) -> str:
        if lang == "en":
            return "".join(f"SEC. {n}. {body}\n\n" for n, body in enumerate(items, 1))
        return "".join(f"第{kanji(n)}条　{body}\n\n" for n, body in enumerate(items, 1))

    return render(articles), render(new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--old-tree", type=Path, default=None, help="an older checkout, timed in the same turns")
    args = parser.parse_args()
    old_tree = (
        [["env", f"PYTHONPATH={args.old_tree}", sys.executable, "-P", "-m", "legistrack"]] if args.old_tree else []
    )

    def before(cells: list[tuple[float, int]]) -> str:
        return f" | {cells[0][0]:.3f} s" if cells else ""

    try:
        import xml_diff  # type: ignore[import-not-found,import-untyped,unused-ignore]  # noqa: F401

        have_xml_diff = True
    except ImportError:
        have_xml_diff = False
    xml_diff_cmd = (
        "import sys, lxml.etree as E, xml_diff;"
        "xml_diff.compare(E.parse(sys.argv[1]).getroot(), E.parse(sys.argv[2]).getroot())"
    )
    # Timed as installed: pip compiles a wheel's modules to bytecode; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE set (as on this machine) would compile every module again in every process.
    for tree in [ROOT, *([args.old_tree] if args.old_tree else [])]:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "legistrack")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        hr2157 = REAL / "us-bills-uslm" / "hr2157-116"
        grown = []
        for name in ("1-H2157_IH.XML", "2-h2157_enr.XML"):
            grown.append(Path(tmp) / f"grown-{name}")
            grown[-1].write_text(uslm_grown(hr2157 / name, 9), encoding="utf-8")
        print("## Real USLM pairs, whole process, taking turns (ratio = legistrack / reference)\n")
        print(
            "| pair | legistrack diff --format json | peak MB | xml-diff | ratio | faster than xml-diff "
            "| git --word-diff (XML) | ratio |" + (" before |" if old_tree else "")
        )
        print("|---|---|---|---|---|---|---|---|" + ("---|" if old_tree else ""))
        uslm = REAL / "us-bills-uslm"
        for name, pa, pb in [
            ("H.R. 2157 IH → ENR", uslm / "hr2157-116/1-H2157_IH.XML", uslm / "hr2157-116/2-h2157_enr.XML"),
            ("H.R. 1058 RDS → ENR", uslm / "hr1058-116/1-H1058_RDS.XML", uslm / "hr1058-116/2-h1058_enr.XML"),
            ("H.R. 1037 EH → RFS", uslm / "hr1037-116/1-h1037_eh.XML", uslm / "hr1037-116/2-H1037_RFS.XML"),
            (f"H.R. 2157 ×9 ({grown[0].stat().st_size / 2**20:.2f} MB)", grown[0], grown[1]),
        ]:
            cmds = [
                [*LEGISTRACK, "diff", str(pa), str(pb), "--format", "json"],
                ["git", "diff", "--no-index", "--word-diff=porcelain", str(pa), str(pb)],
            ]
            cmds += [[*old, "diff", str(pa), str(pb), "--format", "json"] for old in old_tree]
            if have_xml_diff:
                cmds.append([sys.executable, "-c", xml_diff_cmd, str(pa), str(pb)])
            (ours, peak), (git, _), *rest = run_interleaved(cmds, args.repeat)
            old_cells, ref = rest[: len(old_tree)], rest[len(old_tree) :]
            ref_cells = f"{ref[0][0]:.3f} s | {ours / ref[0][0]:.2f} | {ref[0][0] / ours:.1f}×" if ref else "- | - | -"
            print(
                f"| {name} | {ours:.3f} s | {peak} | {ref_cells} | {git:.3f} s | {ours / git:.2f}{before(old_cells)} |"
            )
        print("\n## Real German laws grown past 1 MB (three laws, three copies, real amending commits)\n")
        print(
            "| pair | size MB | found: modified / inserted / deleted / renumbered | legistrack | peak MB "
            "| git --word-diff | ratio |" + (" before |" if old_tree else "")
        )
        print("|---|---|---|---|---|---|---|" + ("---|" if old_tree else ""))
        de_old, de_new = german_grown()
        for name, old_text, new_text in [
            ("GG + BtMG + TPG ×3, the amending commits", de_old, de_new),
            ("the same, newer, with 30 words amended", de_new, amend_words(de_new)),
        ]:
            pa, pb = Path(tmp) / "de-grown-old.md", Path(tmp) / "de-grown-new.md"
            pa.write_text(old_text, encoding="utf-8")
            pb.write_text(new_text, encoding="utf-8")
            ours_cmd = [*LEGISTRACK, "diff", str(pa), str(pb), "--format", "json"]
            git_cmd = ["git", "diff", "--no-index", "--word-diff=porcelain", str(pa), str(pb)]
            olds = [[*o, "diff", str(pa), str(pb), "--format", "json"] for o in old_tree]
            (ours, peak), (git, _), *old_cells = run_interleaved([ours_cmd, git_cmd, *olds], args.repeat)
            print(
                f"| {name} | {pb.stat().st_size / 1048576:.2f} | {found(ours_cmd)} | {ours:.3f} s | {peak} "
                f"| {git:.3f} s | {ours / git:.1f}{before(old_cells)} |"
            )
        # What no Python program can go below: the interpreter's start-up, and legistrack's (click and the command
        # group, `legistrack --version`), against git's whole diff of the last pair, taking turns with it.
        print("\n## The floor: start-up alone, against git's whole diff of the last German pair\n")
        print("| process | time | ratio to git --word-diff |\n|---|---|---|")
        starts = [[sys.executable, "-P", "-c", "pass"], [*LEGISTRACK, "--version"], git_cmd]
        (python, _), (version, _), (git, _) = run_interleaved(starts, args.repeat)
        print(f"| python -c pass | {python:.3f} s | {python / git:.1f} |")
        print(f"| legistrack --version | {version:.3f} s | {version / git:.1f} |")
        print(f"| git diff --no-index --word-diff | {git:.3f} s | 1.0 |")
        print("\n## Generated bills: 50 articles amended, 3 inserted (renumbering the rest), 3 deleted\n")
        print(
            "| language | size MB | units | found: modified / inserted / deleted / renumbered | legistrack | peak MB "
            "| git --word-diff | ratio | µs per KB |" + (" before |" if old_tree else "")
        )
        print("|---|---|---|---|---|---|---|---|---|" + ("---|" if old_tree else ""))
        for lang in ("en", "ja"):
            for mb in (0.5, 1, 2, 4):
                old, new = generate(lang, int(mb * 1024 * 1024 / (1 if lang == "en" else 3)))
                pa, pb = Path(tmp) / f"{lang}{mb}-old.txt", Path(tmp) / f"{lang}{mb}-new.txt"
                pa.write_text(old, encoding="utf-8")
                pb.write_text(new, encoding="utf-8")
                size = pa.stat().st_size
                ours_cmd = [*LEGISTRACK, "diff", str(pa), str(pb), "--format", "json"]
                git_cmd = ["git", "diff", "--no-index", "--word-diff=porcelain", str(pa), str(pb)]
                olds = [[*o, "diff", str(pa), str(pb), "--format", "json"] for o in old_tree]
                (ours, peak), (git, _), *old_cells = run_interleaved([ours_cmd, git_cmd, *olds], args.repeat)
                units = old.count("\n\n")
                print(
                    f"| {lang} | {size / 1048576:.2f} | {units} | {found(ours_cmd)} | {ours:.3f} s | {peak} "
                    f"| {git:.3f} s | {ours / git:.1f} | {ours * 1e6 / (size / 1024):.0f}{before(old_cells)} |"
                )
        print("\n## Pathological: two unrelated 2 MB texts\n")
        en_old, _ = generate("en", 2 * 1024 * 1024)
        ja_old, _ = generate("ja", 2 * 1024 * 1024 // 3)
        pa, pb = Path(tmp) / "unrelated-en.txt", Path(tmp) / "unrelated-ja.txt"
        pa.write_text(en_old, encoding="utf-8")
        pb.write_text(ja_old, encoding="utf-8")
        start = time.perf_counter()
        ours, peak = run([*LEGISTRACK, "diff", str(pa), str(pb), "--format", "json"], args.repeat)
        print(f"legistrack: {ours:.3f} s, peak {peak} MB (bench wall {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
