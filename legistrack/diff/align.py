"""Which unit of the old text is which unit of the new one, in steps: units whose texts are identical pair up,
then those whose bodies (text without the label) are identical, whatever their labels (a renumbered article);
units with the same label in the same scope pair up if their contents are similar; the rest pair up by content
similarity (renumbered and modified); units that still share a label pair up as rewritten; everything else is
inserted or deleted. Pairs out of order are moved."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

import fast_diff_match_patch as dmp

from .model import (
    DELETE,
    EQUAL,
    INSERT,
    Unit,
)
from .prepared import Prepared, private_char, sketches
from .spans import similarity
from .structure import number_changed, own_key

SAME_LABEL_SIMILARITY = 0.5  # same label: this similar or more is the same unit


MOVED_SIMILARITY = 0.6  # different labels: this similar or more is the same unit, renumbered


class _Alignment:
    """The pairs of old and new units, made in steps (align below); each step pairs only units still free."""

    def __init__(self, old: list[Prepared], new: list[Prepared]) -> None:
        self.old, self.new = old, new
        self.pairs: dict[int, int] = {}
        self.taken: set[int] = set()
        self.stub_old: set[int] = set()
        self.stub_new: set[int] = set()
        self.by_key: dict[tuple[object, ...], list[int]] = {}

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old)) if i not in self.pairs]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new)) if j not in self.taken]

    def pair(self, i: int, j: int) -> None:
        self.pairs[i] = j
        self.taken.add(j)

    def compatible(self, i: int, j: int) -> bool:
        a, b = self.old[i].unit, self.new[j].unit
        return a.kind == b.kind and a.scope == b.scope

    def within(self, i: int, candidates: list[int]) -> list[int]:
        """The candidates that lie between the new units paired with the old units around i."""
        paired = sorted(self.pairs)
        k = bisect.bisect_left(paired, i)
        low = self.pairs[paired[k - 1]] if k > 0 else -1
        high = self.pairs[paired[k]] if k < len(paired) else len(self.new)
        return [j for j in candidates if low < j < high]

    def expected(self, i: int) -> int:
        """Where old unit i would sit in the new text, by the nearest paired unit before it: among equally good
        candidates (a consolidated law's many 附則, each headed 附則 alone), the one in that place is the same unit."""
        paired = sorted(self.pairs)
        k = bisect.bisect_left(paired, i) - 1
        return self.pairs[paired[k]] + (i - paired[k]) if k >= 0 else i

    def identical_texts(self) -> None:
        """0. byte-identical units, unique on both sides: most of a text, and no tokenizing needed; then those that
        repeat (a consolidated law's many 附則 headed alike, each with a 第一条「この法律は、公布の日から施行する。」),
        paired in order along the longest common run of the two unit sequences, as git pairs equal lines. A greedy
        choice among a hundred equal candidates would cross them and invent moves."""
        old, new = self.old, self.new
        by_text_old: dict[tuple[str, str], list[int]] = {}
        by_text_new: dict[tuple[str, str], list[int]] = {}
        for i, p in enumerate(old):
            by_text_old.setdefault((p.unit.kind, p.unit.text), []).append(i)
        for j, p in enumerate(new):
            by_text_new.setdefault((p.unit.kind, p.unit.text), []).append(j)
        for text, olds in by_text_old.items():
            news = by_text_new.get(text, [])
            if len(olds) == 1 and len(news) == 1:
                self.pair(olds[0], news[0])
        repeated = {text for text, olds in by_text_old.items() if len(olds) > 1 or len(by_text_new.get(text, ())) > 1}
        if repeated:
            # (pairs of str, whose hashes the strings keep: joining kind and text would copy every unit's text)
            for i, j in equal_runs(
                [(p.unit.kind, p.unit.text) for p in old], [(p.unit.kind, p.unit.text) for p in new]
            ):
                if i not in self.pairs and j not in self.taken and (old[i].unit.kind, old[i].unit.text) in repeated:
                    self.pair(i, j)
        # A repeal stub (§ 25 (weggefallen), 第九条　削除) is only its number: it pairs with the unit of that number
        # (its deletion), never with another stub by their equal bodies, nor by similarity.
        self.stub_old = {i for i in self.free_old() if old[i].deleted_marker}  # (only units still free are asked)
        self.stub_new = {j for j in self.free_new() if new[j].deleted_marker}

    def identical_bodies(self) -> None:
        """1. identical bodies (the text without its label), unique on both sides: renumbered units. Raw bodies
        first (no tokenizing: a renumbering cascade is most of a big amendment), then normalised ones."""
        old, new = self.old, self.new
        for attr in ("raw_body", "body"):
            olds_free = [i for i in self.free_old() if i not in self.stub_old]
            news_free = [j for j in self.free_new() if j not in self.stub_new]
            if attr == "body":  # normalising needs tokens: only for bodies that might be equal (cheap keys agree)
                keys_old = {old[i].maybe_same for i in olds_free}
                keys_new = {new[j].maybe_same for j in news_free}
                olds_free = [i for i in olds_free if old[i].maybe_same in keys_new]
                news_free = [j for j in news_free if new[j].maybe_same in keys_old]
            by_body_old: dict[tuple[str, str], list[int]] = {}
            by_body_new: dict[tuple[str, str], list[int]] = {}
            for i in olds_free:
                by_body_old.setdefault((old[i].unit.kind, getattr(old[i], attr)), []).append(i)
            for j in news_free:
                by_body_new.setdefault((new[j].unit.kind, getattr(new[j], attr)), []).append(j)
            for body, olds in by_body_old.items():
                news = by_body_new.get(body, [])
                if len(olds) == 1 and len(news) == 1 and body[1].strip():
                    self.pair(olds[0], news[0])

    def same_label(self) -> None:
        """2. same label in the same scope, similar content."""
        old, new = self.old, self.new
        for j in self.free_new():
            u = new[j].unit
            self.by_key.setdefault((u.kind, u.scope, u.key), []).append(j)
        # A heading whose name is found under another number on the other side moved there (TITLE VII DEPARTMENT
        # OF LABOR -> TITLE VIII DEPARTMENT OF LABOR): it is not compared with the new TITLE VII of another name.
        # (the names of every heading: normalised only when a heading is first asked about, as most revisions change
        # articles alone)
        names: list[set[str]] = []

        def renamed_elsewhere(i: int, j: int) -> bool:
            a, b = old[i], new[j]
            if a.unit.kind != "heading" or a.heading == b.heading:
                return False
            if not names:
                names.extend({p.heading for p in side if p.unit.kind == "heading"} - {""} for side in (old, new))
            return a.heading in names[1] or b.heading in names[0]

        for i in self.free_old():
            u = old[i].unit
            candidates = [
                j
                for j in self.by_key.get((u.kind, u.scope, u.key), [])
                if j not in self.taken and not renamed_elsewhere(i, j)
            ]
            if not candidates:
                continue
            if len(candidates) > 1:
                # many units of one label in one scope (第一条 of each 附則 of a consolidated law): those between the
                # units paired around this one come first, so that two rewritten 第一条 do not cross
                candidates = self.within(i, candidates) or candidates
            at = self.expected(i) if len(candidates) > 1 else 0
            scored = sorted(
                ((similarity(old[i], new[j], SAME_LABEL_SIMILARITY), -abs(j - at), j) for j in candidates),
                reverse=True,
            )
            if scored[0][0] >= SAME_LABEL_SIMILARITY:
                self.pair(i, scored[0][2])

    def similar_content(self) -> None:
        """3. similar content under another label (renumbered). Candidates share a sketch feature (below), so two
        unrelated texts cost a lookup per unit, not a comparison per pair of units."""
        old, new = self.old, self.new
        scored_pairs = []
        sketch = sketches([old[i] for i in self.free_old()], [new[j] for j in self.free_new()])
        index: dict[str, list[int]] = {}
        for j in self.free_new():
            for token in sketch[id(new[j])]:
                index.setdefault(token, []).append(j)
        for i in self.free_old():
            if i in self.stub_old:
                continue
            # Candidates share at least two sketch features (one, if a sketch has only one): similar units share
            # most of their rarest words, and a single shared word is how unrelated sections meet.
            if not sketch[id(old[i])]:
                continue  # nothing in common with the other side (two unrelated texts: every unit)
            shared = Counter(j for token in sketch[id(old[i])] for j in index.get(token, ()) if j not in self.taken)
            need_old = min(2, len(sketch[id(old[i])]))
            candidates = sorted(j for j, n in shared.items() if n >= min(need_old, len(sketch[id(new[j])])))
            for j in candidates:
                if self.compatible(i, j) and old[i].unit.kind != "preamble" and j not in self.stub_new:
                    # A unit renumbered under the same heading (TITLE VII DEPARTMENT OF LABOR -> TITLE VIII
                    # DEPARTMENT OF LABOR, （目的） 第一条 -> 第二条) is held to the bar of a unit with the same label.
                    named = old[i].heading and old[i].heading == new[j].heading
                    bar = SAME_LABEL_SIMILARITY if named else MOVED_SIMILARITY
                    score = similarity(old[i], new[j], bar)
                    if score >= bar:
                        scored_pairs.append((score, -abs(i - j), i, j))
        for _score, _dist, i, j in sorted(scored_pairs, reverse=True):
            if i not in self.pairs and j not in self.taken:
                self.pair(i, j)

    def rewritten(self) -> None:
        """4. same label still unpaired: the same unit, rewritten (or deleted as 削除); the preamble pairs with the
        preamble."""
        old, new = self.old, self.new
        for i in self.free_old():
            u = old[i].unit
            left = [j for j in self.by_key.get((u.kind, u.scope, u.key), []) if j not in self.taken]
            if left:
                left = self.within(i, left) or left
                at = self.expected(i)
                self.pair(i, min(left, key=lambda j: (abs(j - at), j)))
        preambles = old and new and old[0].unit.kind == new[0].unit.kind == "preamble"
        if preambles and 0 not in self.pairs and 0 not in self.taken:
            self.pair(0, 0)


def align(old: list[Prepared], new: list[Prepared]) -> list[tuple[int, int]]:
    """The (old index, new index) pairs of units that are one unit in two versions, in the old text's order."""
    steps = _Alignment(old, new)
    steps.identical_texts()
    steps.identical_bodies()
    steps.same_label()
    steps.similar_content()
    steps.rewritten()
    return sorted(steps.pairs.items())


def equal_runs(a: Sequence[Hashable], b: Sequence[Hashable]) -> Iterable[tuple[int, int]]:
    """Index pairs of equal items along a longest common subsequence of two lists (each item one character for
    diff-match-patch)."""
    codes: dict[Hashable, str] = {}
    x = "".join(codes.setdefault(item, private_char(len(codes))) for item in a)
    y = "".join(codes.setdefault(item, private_char(len(codes))) for item in b)
    i = j = 0
    for op, n in dmp.diff(x, y, timelimit=0, checklines=False, cleanup="No", counts_only=True):
        if op == EQUAL:
            yield from zip(range(i, i + n), range(j, j + n), strict=True)
        if op != INSERT:
            i += n
        if op != DELETE:
            j += n


def out_of_order(pairs: list[tuple[int, int]]) -> set[int]:
    """Old indices of pairs outside the longest run that keeps its order (patience-style LIS)."""
    seq = [j for _, j in pairs]
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)

    for k, value in enumerate(seq):
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tails_idx.append(k)
        else:
            tails[pos] = value
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos > 0 else -1
    keep: set[int] = set()
    k = tails_idx[-1] if tails_idx else -1
    while k != -1:
        keep.add(k)
        k = prev[k]
    return {pairs[k][0] for k in range(len(seq)) if k not in keep}


def settle_renumbering(old: list[Prepared], new: list[Prepared], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Claim a renumbering only where the numbers shift as a run. An article paired with another number (old § 755 ->
    new § 754) on the strength of its words alone, while the article of each number stands beside it in the other
    text, unpaired, and neither neighbour is renumbered, is not a move: the section rewritten in place (two merged
    into a rewritten § 754, a new § 755) read as "§ 754 (deleted), § 755 -> § 754 (renumbered), § 755 (inserted)".
    Such a pair is undone, and each of its two articles paired with the article of its own number: both rewritten.
    A cascade (§ 4 inserted, every later section one up) keeps its renumberings: its neighbours shift too, or the
    number it leaves is nowhere beside it."""
    by_old = dict(pairs)
    by_new = {j: i for i, j in pairs}

    def place(unit: Unit) -> tuple[str, tuple[str, ...], tuple[object, ...]]:
        """Where a number stands: its scope, the headings above it (the GG's Art 4, not its Anhang's Artikel 4)."""
        return unit.scope, unit.path[:-1], own_key(unit.key)

    def renumbered(i: int) -> bool:
        j = by_old.get(i)
        if j is None:
            return False
        a, b = old[i].unit, new[j].unit
        return a.kind == b.kind == "article" and a.scope == b.scope and number_changed(a.key, b.key)

    def beside(units: list[Prepared], at: int, paired: dict[int, int], wanted: Unit) -> int | None:
        """The unpaired article within two places of `at` that stands where `wanted` stands."""
        for k in (at - 1, at + 1, at - 2, at + 2):
            near = 0 <= k < len(units) and k not in paired and units[k].unit.kind == "article"
            if near and place(units[k].unit) == place(wanted):
                return k
        return None

    moved = {i for i in by_old if renumbered(i)}  # (each pair asked once: a run asks about its neighbours)
    for i in sorted(i for i in moved if i - 1 not in moved and i + 1 not in moved):
        j = by_old[i]
        theirs = beside(old, i, by_old, new[j].unit)  # the old article of the number it took
        mine = beside(new, j, by_new, old[i].unit)  # the new article of the number it left
        if theirs is None or mine is None:
            continue  # a number that does not stand beside it in both texts: a real renumbering
        del by_old[i], by_new[j]
        by_old[i], by_new[mine] = mine, i
        by_old[theirs], by_new[j] = j, theirs
    return sorted(by_old.items())
