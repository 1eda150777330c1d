"""Read every real version pair in ../shared/real-data as a lawyer would, and count the diff engine's misreadings.

For each pair of consecutive versions (German laws, Japanese law revisions, US bill stages, Korea's AI act, APPI's
two XML versions) it checks, with `legistrack.diff_texts` on the texts `legistrack import` makes:

- lossless: every unit's spans give back both texts;
- agreement with git: the units whose text differs are exactly the units reported changed or formatting-only;
- "renumbered" units whose label number did not change (a caption or spacing change is not a renumbering), or
  that have no number (a heading named by its words alone is renamed, not renumbered);
- repeal stubs (削除, (weggefallen), [Repealed]) reported as an insertion beside a deletion of the same number,
  and stubs of a run of units (第九条から第十一条まで　削除, §§ 40 und 40a (gegenstandslos)) reported as an insertion
  or as a line added to the unit before them;
- print furniture in US texts (statute-page markers `127 STAT. 1167`, sidenotes `2 USC 900 note.`);
- a table of contents that opens a scope (附則/第一章/…);
- the terminal output's size against `git diff --no-index --word-diff` of the same texts.

Run: .venv/bin/python bench/diff_survey.py [--verbose]
"""

from __future__ import annotations

import argparse
import itertools
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real-data"
sys.path.insert(0, str(ROOT))

from legistrack import diff_texts  # noqa: E402
from legistrack.diff.model import DELETED, INSERTED, MODIFIED, Diff, UnitChange, new_text, old_text  # noqa: E402
from legistrack.diff.render import render  # noqa: E402
from legistrack.diff.structure import split_units  # noqa: E402
from legistrack.errors import LegistrackError  # noqa: E402
from legistrack.jurisdictions import import_text  # noqa: E402
from legistrack.numerals import number  # noqa: E402

_STUB = re.compile(r"削除|삭제|weggefallen|gegenstandslos|aufgehoben|\[?(Repealed|Reserved|Deleted)\]?", re.I)
# a statute-page marker (127 STAT. 1167) or a margin note (2 USC 900 note.), not a citation in the text
# ("(33 U.S.C. 1321 note)", "127 Stat. 198")
# the label of a stub for a run of units, and such a stub as a line inside another unit
_RUN = re.compile(r"^(第.+条(から|及び)第.+条|제\d+조(부터|\s*및)|(\(X+\)\s*)?§§|SECS\.|Secs\.|Articles )")
_RUN_STUB_LINE = re.compile(
    r"^(第\S+条(から|及び)第\S+条(まで)?[　 ]+削除|#* *(\(X+\) *)?§§ .*\((weggefallen|gegenstandslos|aufgehoben)\))",
    re.M,
)
_FURNITURE = re.compile(r"\b\d+ STAT\. \d+\b|\b\d+ USC \d+\w* note\.")


def pairs() -> list[tuple[str, Path, Path]]:
    """Consecutive versions of every real text with more than one version."""
    out: list[tuple[str, Path, Path]] = []
    for folder in sorted((REAL / "de-gesetze").iterdir()):
        if folder.is_dir():
            files = sorted(folder.glob("*.md"))
            out += [(f"de/{folder.name}", a, b) for a, b in itertools.pairwise(files)]
    for folder in sorted((REAL / "jp-law-history").iterdir()):
        if folder.is_dir():
            files = sorted(folder.glob("[0-9]*.md"))
            out += [(f"jp/{folder.name.split('-')[0]}", a, b) for a, b in itertools.pairwise(files)]
    for folder in sorted((REAL / "us-bills-uslm").iterdir()):
        if folder.is_dir():
            files = sorted(folder.glob("*.XML"))
            out += [(f"us/{folder.name}", a, b) for a, b in itertools.pairwise(files)]
    kr = REAL / "kr-ai-framework-act"
    out += [("kr/ko", kr / "v1-ko-efYd-20260122.xml", kr / "v2-ko-efYd-20260721.xml")]
    out += [("kr/en", kr / "v1-en-moleg-MST268543-original-enactment.xml", kr / "v2-en-moleg-MST282791.xml")]
    appi = REAL / "jp-appi"
    out += [
        (
            "jp/appi-xml",
            appi / "v1-jlt-4241-ja-as-amended-by-act-37-2021.xml",
            appi / "v2-egov-415AC0000000057-asof-2026-07-20.xml",
        )
    ]
    return [p for p in out if p[1].exists() and p[2].exists()]


def text_of(path: Path) -> str:
    return import_text(path.read_bytes(), path.name).text


_NUMERAL = re.compile(r"[〇一二三四五六七八九十百千0-9０-９]|\b[IVXLC]+\b")


def numbered(label: str) -> bool:
    """Whether a label has a number to change (`## Allgemeine Vorschriften` has none: renaming it renumbers nothing)."""
    return bool(_NUMERAL.search(label))


def label_number(label: str) -> str:
    """A label with its numerals as numbers (第十六条の二 -> 第16条の2, ＳＥＣ．５ -> SEC. 5): what identifies the unit,
    whatever its spacing, width or caption."""

    def value(m: re.Match[str]) -> str:
        try:
            return str(number(m.group(0)))
        except ValueError:
            return m.group(0)

    norm = unicodedata.normalize("NFKC", label).replace(" ", "").lstrip("#")
    return re.sub(r"[〇一二三四五六七八九十百千]+|\d+", value, norm)


def git_word_diff_size(old: str, new: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "old", Path(tmp) / "new"
        a.write_text(old, encoding="utf-8")
        b.write_text(new, encoding="utf-8")
        run = subprocess.run(["git", "diff", "--no-index", "--word-diff", str(a), str(b)], capture_output=True)
        return len(run.stdout)


def _key(c: UnitChange) -> str:
    unit = c.new or c.old
    assert unit is not None
    return unit.id


def misreadings(old: str, new: str, d: Diff) -> dict[str, Any]:
    """What a lawyer would object to in one pair's diff."""
    order = {u.id: i for i, u in enumerate(split_units(old))}
    by_old = sorted((c for c in d.units if c.old), key=lambda c: order[c.old.id if c.old else ""])
    # lossless: each unit's spans give back its old and new text, the units in order the new text, and the units in
    # the old order the old text (a moved unit stands elsewhere in it)
    per_unit = all(
        old_text(c.spans) == (c.old.text if c.old else "") and new_text(c.spans) == (c.new.text if c.new else "")
        for c in d.units
    )
    whole = "".join(new_text(c.spans) for c in d.units) == new and "".join(c.old.text for c in by_old if c.old) == old
    # git's view: the units whose text differs are the ones a reader must be shown (changed, or formatting only)
    differ = {_key(c) for c in d.units if (c.old.text if c.old else None) != (c.new.text if c.new else None)}
    shown = {_key(c) for c in d.units if c.changed or c.formatting_only}
    same_number = [
        (c.old.label, c.new.label)
        for c in d.units
        if c.renumbered
        and c.old
        and c.new
        and (
            label_number(c.old.label) == label_number(c.new.label)
            or not (numbered(c.old.label) and numbered(c.new.label))
        )
    ]
    stubs = {label_number(c.new.label) for c in d.units if c.status == INSERTED and c.new and _STUB.search(c.new.text)}
    gone = {label_number(c.old.label) for c in d.units if c.status == DELETED and c.old and c.new is None}
    # a stub for a run of units (第九条から第十一条まで　削除, §§ 40 und 40a (weggefallen)) read as an insertion,
    # or as a line added to the unit before it
    runs = [
        c.new.label
        for c in d.units
        if c.status == INSERTED and c.new and _RUN.match(c.new.label) and _STUB.search(c.new.text)
    ]
    absorbed = [
        c.new.label
        for c in d.units
        if c.status == MODIFIED
        and c.new
        and _RUN_STUB_LINE.search(new_text(c.spans)[1:])  # [1:]: not the stub's own first line
    ]
    return {
        "lossless": per_unit and whole,
        "git": differ == shown,
        "not shown": sorted(differ - shown)[:5],
        "shown, equal": sorted(shown - differ)[:5],
        "renumbered, same number": same_number,
        "stub as insertion": sorted(stubs & gone) + runs + absorbed,
        "print furniture": bool(_FURNITURE.search(new) or _FURNITURE.search(old)),
        "TOC scope": any(re.match(r"^(附\s*則|부\s*칙)/(第.+[編章節]|제\d+장)", u.id) for u in split_units(new)),
    }


def survey(verbose: bool) -> None:
    header = (
        "| pair | to | chars | modified / inserted / deleted / renumbered / formatting | lossless | = git "
        "| renumbered, same number | stub as insertion | print furniture | TOC scope | terminal KB | git word-diff KB |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    totals: dict[str, int] = {}
    count = 0
    for name, a, b in pairs():
        try:
            old, new = text_of(a), text_of(b)
        except LegistrackError as exc:  # a format legistrack does not read
            print(f"| {name} | {b.name} | skipped: {exc} |")
            continue
        d = diff_texts(old, new)
        found = misreadings(old, new, d)
        count += 1
        for key in ("lossless", "git"):
            totals[key] = totals.get(key, 0) + bool(found[key])
        for key in ("renumbered, same number", "stub as insertion", "print furniture", "TOC scope"):
            totals[key] = totals.get(key, 0) + bool(found[key])
        if verbose:
            for key in ("renumbered, same number", "stub as insertion", "not shown", "shown, equal"):
                if found[key]:
                    print(f"  {name} {b.name}: {key}: {found[key]}")
        s = d.stats
        counts = f"{s.modified} / {s.inserted} / {s.deleted} / {s.renumbered} / {s.formatting_only}"
        cells = [
            name,
            b.name,
            str(len(new)),
            counts,
            "yes" if found["lossless"] else "NO",
            "yes" if found["git"] else "NO",
            str(len(found["renumbered, same number"])),
            str(len(found["stub as insertion"])),
            "YES" if found["print furniture"] else "-",
            "YES" if found["TOC scope"] else "-",
            f"{len(render(d, 'terminal').encode()) / 1024:.1f}",
            f"{git_word_diff_size(old, new) / 1024:.1f}",
        ]
        print("| " + " | ".join(cells) + " |")
    print()
    print(
        f"{count} pairs: lossless {totals['lossless']}, agreeing with git on the changed units {totals['git']}; pairs "
        f"with a misreading: renumbered at the same number {totals['renumbered, same number']}, repeal stub as an "
        f"insertion {totals['stub as insertion']}, print furniture in the text {totals['print furniture']}, a table "
        f"of contents opening a scope {totals['TOC scope']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="name each misreading")
    survey(parser.parse_args().verbose)


if __name__ == "__main__":
    main()
