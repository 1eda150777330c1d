"""Amend every real text the way a legislature does, and check that the diff engine reports exactly that amendment.

The survey (`diff_survey.py`) reads the real version pairs we have; this reads the changes we do not have. Each real
text (German laws, Japanese laws as legalize-jp and e-Gov write them, US bills, Korea's AI act) is amended a few
dozen times, one amendment at a time, at articles chosen at random (seeded), and the diff's counts must be the
amendment's and nothing else: no invented renumbering, move, insertion or modification.

- a word of an article's text changed: 1 modified;
- an article repealed to its stub (第九条　削除, `### § 25 (weggefallen)` and its other forms, `SEC. 5. [Repealed].`,
  제5조 삭제): 1 deleted;
- an article inserted after another, numbered as a branch (第九条の九十九, § 9z, SEC. 9A., 제9조의99): 1 inserted;
- an article's caption changed (（目的）, `### § 9 Zweck`, 제9조(목적)): 1 modified;
- an item inserted into an article's list (一の二　…, 1a. …): 1 modified;
- four of these at once, at articles apart from each other: the sum of their counts;
- (Japanese and US texts) an article inserted and every later one of the text's main provisions numbered one up
  (第十条を第十一条とし…), or one removed and the later ones numbered one down: 1 inserted or deleted, and each later
  article renumbered;
- two or three articles in a row repealed by one stub (第五条から第七条まで　削除, `### §§ 5 bis 7 (weggefallen)`,
  `SECS. 5, 6. [REPEALED].`, 제5조부터 제7조까지 삭제): each deleted;
- (Japanese texts) two or three divisions in a row and everything under them repealed by one stub (第二節から第四節まで
  削除): each of their units deleted;
- (Japanese and German texts) a division inserted after another as its branch (第三章の二, `## Abschnitt 3a`) with two
  new articles: 3 inserted.

Run: .venv/bin/python bench/diff_mutations.py [--per-text 24] [--seed 13] [--verbose] [TEXT ...]
(TEXT: amend these files instead of the real data, e.g. a law you are about to track.)
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from diff_survey import pairs, text_of  # noqa: E402

from legistrack import diff_texts  # noqa: E402
from legistrack.diff.structure import split_units  # noqa: E402
from tests.support.amendments import (  # noqa: E402
    KINDS,
    amend,
    insert_division,
    is_stub,
    language,
    renumber,
    repeal_articles,
    repeal_divisions,
    rewrite_in_place,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-text", type=int, default=24, help="amendments tried on each text")
    parser.add_argument("--seed", type=int, default=13, help="where the amendments fall (another seed, other articles)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("texts", nargs="*", type=Path, help="amend these texts instead (any format import reads)")
    args = parser.parse_args()
    files = args.texts or sorted({path for _, a, b in pairs() for path in (a, b)})
    rng = random.Random(args.seed)
    tried: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for path in files:
        text = text_of(path)
        lang = language(text)
        units = split_units(text)
        articles = [k for k, u in enumerate(units) if u.kind == "article" and u.label and not is_stub(u)]
        if len(articles) < 3:
            continue
        # one amendment at a time, then (on texts long enough) four at once, at articles apart from each other,
        # applied from the last so that an insertion does not move the others
        plans = [[(rng.choice(articles), KINDS[n % len(KINDS)])] for n in range(args.per_text)]
        if len(articles) >= 12:
            for _ in range(args.per_text // 3):
                ks = sorted(rng.sample(articles, 4), reverse=True)
                if all(a - b >= 2 for a, b in itertools.pairwise(ks)):
                    plans.append([(k, rng.choice(KINDS)) for k in ks])
        for n in range(args.per_text // 4):
            up = n % 2 == 0
            amended = renumber(units, lang, rng.random(), up)
            if amended is not None:
                name = "insert, renumbering" if up else "remove, renumbering"
                check(path, name, text, amended, tried, wrong, args.verbose)
            amended = repeal_divisions(units, lang, rng.random())
            if amended is not None:
                check(path, "divisions repealed", text, amended, tried, wrong, args.verbose)
            amended = repeal_articles(units, lang, rng.random())
            if amended is not None:
                check(path, "articles repealed", text, amended, tried, wrong, args.verbose)
            amended = insert_division(units, lang, rng.random())
            if amended is not None:
                check(path, "division inserted", text, amended, tried, wrong, args.verbose)
            amended = rewrite_in_place(units, lang, rng.random())
            if amended is not None:
                check(path, "rewritten in place", text, amended, tried, wrong, args.verbose)
        for plan in plans:
            texts, expected = [u.text for u in units], Counter[str]()
            for k, kind in plan:
                amended = amend(units, texts, k, kind, lang)
                if amended is not None:
                    texts, counts = amended
                    expected.update(counts)
            if not expected:
                continue
            name = plan[0][1] if len(plan) == 1 else "four at once"
            where = ", ".join(f"{kind} at {units[k].label}" for k, kind in plan)
            check(path, f"{name}: {where}", text, (texts, dict(expected)), tried, wrong, args.verbose)
    print("\n| amendment | tried | misread |\n|---|---|---|")
    for kind in (
        *KINDS,
        "four at once",
        "insert, renumbering",
        "remove, renumbering",
        "divisions repealed",
        "articles repealed",
        "division inserted",
        "rewritten in place",
    ):
        print(f"| {kind} | {tried[kind]} | {wrong[kind]} |")
    print(f"\n{len(files)} texts, {sum(tried.values())} amended texts, {sum(wrong.values())} misread")


def check(
    path: Path,
    what: str,
    text: str,
    amended: tuple[list[str], dict[str, int]],
    tried: Counter[str],
    wrong: Counter[str],
    verbose: bool,
) -> None:
    """Diff the text against its amended form and count a misreading if the counts are not the amendment's."""
    texts, expected = amended
    d = diff_texts(text, "".join(texts))
    keys = ("modified", "inserted", "deleted", "renumbered", "moved")
    got = {key: value for key in keys if (value := getattr(d.stats, key))}
    name = what.split(":")[0]
    tried[name] += 1
    if got != {k: v for k, v in expected.items() if v}:
        wrong[name] += 1
        print(f"{path.parent.name}/{path.name} {what}: expected {expected}, got {got}")
        if verbose:
            for c in d.units:
                if c.changed:
                    print("   ", c.status, c.old and c.old.label, "->", c.new and c.new.label, c.spans[:3])


if __name__ == "__main__":
    main()
