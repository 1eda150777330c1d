"""Japanese tokens for diffs: legistrack's script runs against characters and morphological tokenizers.

Every tokenizer runs through the same engine (legistrack.diff.engine with its `tokenize` swapped, in engine.py and
prepared.py), so the alignment, normalisation and diff-match-patch with semantic cleanup are the same; only the
tokens differ. Morphological tokenizers are measured when installed (`pip install fugashi unidic-lite sudachipy
sudachidict-core`; none of them is a legistrack dependency):

- fugashi + unidic-lite (MeCab with UniDic short units);
- sudachipy + sudachidict-core, split modes A (short) and C (named entities and compounds kept whole).

Reported, in one run on the same inputs: start-up (import and dictionary load, paid by every `legistrack diff`
process), tokenizing speed on the APPI e-Gov text, the time of the whole APPI diff (JLT 2021 -> e-Gov 2026)
as a ratio to script runs, the installed size, and readability: the hunks of the issue's examples and of
the real APPI amendment, with two counts over the whole APPI diff: hunks, and hunk edges that fall inside a
UniDic word (a reference that favours fugashi; it is the closest thing to "cuts a word" that can be counted).

Run: .venv/bin/python bench/ja_tokens.py [--repeat 3] [--examples 12]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from legistrack.diff import engine, prepared
from legistrack.diff.tokens import tokenize as script_runs
from legistrack.jurisdictions import import_text

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real-data" / "jp-appi"
OLD = "v1-jlt-4241-ja-as-amended-by-act-37-2021.xml"
NEW = "v2-egov-415AC0000000057-asof-2026-07-20.xml"
EXAMPLES = [
    ("必要な措置を講ずるものとする。", "必要な措置を講じなければならない。"),
    ("三十日以内に届け出なければならない。", "六十日以内に届け出なければならない。"),
    ("政令で定めるところにより", "内閣府令で定めるところにより"),
    ("禁錮以上の刑に処せられ", "拘禁刑以上の刑に処せられ"),
]

Tokenizer = Callable[[str], list[str]]


def realign(text: str, surfaces: list[str]) -> list[str]:
    """Tokens that join back to `text`: the analyser's surfaces, with what it skipped (whitespace) as tokens."""
    out: list[str] = []
    at = 0
    for surface in surfaces:
        found = text.find(surface, at) if surface else -1
        if found < 0:
            continue
        if found > at:
            out.append(text[at:found])
        out.append(surface)
        at = found + len(surface)
    if at < len(text):
        out.append(text[at:])
    return out


def _fugashi() -> Tokenizer:
    import fugashi  # type: ignore[import-not-found]

    tagger = fugashi.Tagger()
    return lambda text: realign(text, [w.surface for w in tagger(text)])


def _sudachi(mode: str) -> Tokenizer:
    from sudachipy import Dictionary, SplitMode  # type: ignore[import-not-found]

    tok = Dictionary(dict="core").tokenizer(mode=getattr(SplitMode, mode))

    def run(text: str) -> list[str]:  # Sudachi refuses very long inputs: one line at a time
        surfaces = [m.surface() for line in text.splitlines(keepends=True) for m in tok.tokenize(line)]
        return realign(text, surfaces)

    return run


CANDIDATES: list[tuple[str, str, Callable[[], Tokenizer], list[str]]] = [
    ("script runs (legistrack)", "", lambda: script_runs, []),
    ("characters", "", lambda: list, []),
    ("fugashi + unidic-lite", "fugashi", _fugashi, ["fugashi", "unidic-lite"]),
    ("sudachipy core, mode A", "sudachipy", lambda: _sudachi("A"), ["sudachipy", "sudachidict-core"]),
    ("sudachipy core, mode C", "sudachipy", lambda: _sudachi("C"), ["sudachipy", "sudachidict-core"]),
]


def installed_mb(dists: list[str]) -> float:
    total = 0
    for name in dists:
        for f in importlib.metadata.distribution(name).files or []:
            path = Path(str(f.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def marks(spans: list[tuple[str, str]]) -> str:
    return "".join(t if op == "=" else (f"[-{t}-]" if op == "-" else f"{{+{t}+}}") for op, t in spans)


def diff_with(tok: Tokenizer, old: str, new: str) -> engine.Diff:
    saved = engine.tokenize
    engine.tokenize = prepared.tokenize = tok  # the units' tokens (prepared.py) and the labels' (engine.py)
    try:
        return engine.diff_texts(old, new)
    finally:
        engine.tokenize = prepared.tokenize = saved


def hunks(diff: engine.Diff) -> list[tuple[int, int, int, int, str, str]]:
    """(unit index, old start, old end, new start, the change marked, the same with context) of each change."""
    out = []
    for k, change in enumerate(diff.units):
        if change.status != "modified" or change.replaced:
            continue
        spans = list(change.spans)
        i = j = 0
        n = 0
        while n < len(spans):
            op, text = spans[n]
            if op == "=":
                i += len(text)
                j += len(text)
                n += 1
                continue
            start_old, start_new, m = i, j, n
            while m < len(spans) and spans[m][0] != "=":
                if spans[m][0] == "-":
                    i += len(spans[m][1])
                else:
                    j += len(spans[m][1])
                m += 1
            before = spans[n - 1][1][-8:] if n else ""
            after = spans[m][1][:8] if m < len(spans) else ""
            marked = marks(spans[n:m])
            out.append((k, start_old, i, start_new, marked, before + marked + after))
            n = m
    return out


def inside_word(diff: engine.Diff, bounds: Callable[[str], set[int]]) -> int:
    """Hunk edges (in the old and new unit texts) that fall inside a reference word."""
    cuts = 0
    for change in diff.units:
        if change.status != "modified" or change.replaced or not change.old or not change.new:
            continue
        old_b, new_b = bounds(change.old.text), bounds(change.new.text)
        i = j = 0
        for op, text in change.spans:
            if op == "=":
                i += len(text)
                j += len(text)
            elif op == "-":
                cuts += (i not in old_b) + (i + len(text) not in old_b)
                i += len(text)
            else:
                cuts += (j not in new_b) + (j + len(text) not in new_b)
                j += len(text)
    return cuts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--examples", type=int, default=12, help="APPI hunks to print where tokenizers differ")
    args = parser.parse_args()
    if not REAL.is_dir():
        sys.exit(f"needs {REAL} (shared/real-data beside the checkout)")
    old = import_text((REAL / OLD).read_bytes(), OLD).text
    new = import_text((REAL / NEW).read_bytes(), NEW).text

    loaded: list[tuple[str, Tokenizer, float, float]] = []
    for name, module, factory, dists in CANDIDATES:
        start = time.perf_counter()  # start-up: the import and the dictionary load, as a fresh process pays them
        if module:
            try:
                importlib.import_module(module)
            except ImportError:
                print(f"({name}: not installed)")
                continue
        tok = factory()
        tok("起動")  # a first call loads what the factory left lazy
        startup = time.perf_counter() - start
        loaded.append((name, tok, startup, installed_mb(dists) if dists else 0.0))

    reference = {name: tok for name, tok, _, _ in loaded}.get("fugashi + unidic-lite")

    def unidic_bounds(text: str) -> set[int]:
        assert reference is not None
        at, out = 0, {0}
        for token in reference(text):
            at += len(token)
            out.add(at)
        return out

    print(f"\n## Speed (APPI e-Gov text, {len(new)} characters; median of {args.repeat})\n")
    print("| tokenizer | start-up | tokens | tokenizing | M chars/s | APPI diff | ratio | installed MB |")
    print("|---|---|---|---|---|---|---|---|")
    base = None
    diffs = {}
    for name, tok, startup, size in loaded:
        tokens = tok(new)
        assert "".join(tokens) == new, name
        speed = statistics.median(_time(lambda tok=tok: tok(new)) for _ in range(args.repeat))
        whole = statistics.median(_time(lambda tok=tok: diff_with(tok, old, new)) for _ in range(args.repeat))
        diffs[name] = diff_with(tok, old, new)
        base = base or whole
        print(
            f"| {name} | {startup:.3f} s | {len(tokens)} | {speed:.3f} s | {len(new) / speed / 1e6:.2f} "
            f"| {whole:.3f} s | {whole / base:.2f} | {size:.0f} |"
        )

    print("\n## Readability: the issue's examples\n")
    print("| " + " | ".join(name for name, *_ in loaded) + " |")
    print("|" + "---|" * len(loaded))
    for a, b in EXAMPLES:
        cells = [marks([s for c in diff_with(tok, a, b).units for s in c.spans]) for _, tok, *_ in loaded]
        print("| " + " | ".join(cells) + " |")

    print("\n## Readability: the APPI amendment (JLT 2021 -> e-Gov 2026), whole diff\n")
    print("| tokenizer | units modified | hunks | hunk edges inside a UniDic word |")
    print("|---|---|---|---|")
    for name, *_ in loaded:
        d = diffs[name]
        cuts = inside_word(d, unidic_bounds) if reference else "-"
        print(f"| {name} | {d.stats.modified} | {len(hunks(d))} | {cuts} |")

    print(f"\n## The first {args.examples} APPI units whose hunks differ between tokenizers\n")
    print("| " + " | ".join(name for name, *_ in loaded) + " |")
    print("|" + "---|" * len(loaded))
    by_unit = [_by_unit(hunks(diffs[name])) for name, *_ in loaded]
    shown = 0
    for k in sorted(by_unit[0]):
        if len({tuple(marked for marked, _ in table.get(k, [])) for table in by_unit}) > 1:
            cells = [" … ".join(shown_text for _, shown_text in table.get(k, [])) for table in by_unit]
            print("| " + " | ".join(c.replace("\n", "⏎").replace("|", "\\|") for c in cells) + " |")
            shown += 1
            if shown >= args.examples:
                break
    if not shown:
        print("| " + " | ".join("(every hunk the same)" for _ in loaded) + " |")


def _by_unit(items: list[tuple[int, int, int, int, str, str]]) -> dict[int, list[tuple[str, str]]]:
    """Each unit's hunks as (the marked change alone, the change with context)."""
    table: dict[int, list[tuple[str, str]]] = {}
    for k, *_rest, marked, shown in items:
        table.setdefault(k, []).append((marked, shown))
    return table


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
