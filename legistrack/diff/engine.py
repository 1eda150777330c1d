"""Diff two versions of a text: split into units, align them, then diff tokens inside each pair.

Alignment, in order: units whose bodies (text without the label) are identical pair up, whatever their labels
(a renumbered article); units with the same label in the same scope pair up if their contents are similar; the
rest pair up by content similarity (renumbered and modified); units that still share a label pair up as
rewritten; everything else is inserted or deleted. Pairs out of order are moved.

Inside a pair, tokens (see tokens.py) are compared after normalisation (width, whitespace, punctuation) unless
`raw`; fast-diff-match-patch (C++) computes the diff with no time limit (its default silently gives up and
returns one hunk) on token-encoded strings, with semantic cleanup. Pairs too dissimilar to read as edits are
shown as replaced, not diffed.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar, overload

import fast_diff_match_patch as dmp

from ..textio import sha256_text
from .model import (
    DELETE,
    DELETED,
    EQUAL,
    INSERT,
    INSERTED,
    MODIFIED,
    UNCHANGED,
    Diff,
    Side,
    Span,
    Stats,
    Unit,
    UnitChange,
)
from .structure import DELETED_MARKERS, number_changed, split_units
from .tokens import KANJI_CLASS, normalize_text, normalize_token, normalize_tokens, tokenize

SAME_LABEL_SIMILARITY = 0.5  # same label: this similar or more is the same unit
MOVED_SIMILARITY = 0.6  # different labels: this similar or more is the same unit, renumbered
REPLACED_BELOW = 0.2  # a pair less similar than this is shown as replaced, not diffed
BAG_ABOVE = 200  # tokens on each side above which similarity first checks shared token counts
SKETCH = 12  # features per unit in the candidate index of step 3
# The features of sketches: alphabetic words (Latin, Greek, Cyrillic) of four letters or more (shorter ones are never
# among a unit's rarest), and runs of two or more kanji (not numerals), katakana or Hangul.
# One class (an alternation would defeat the regex engine's scan for a first character); short words are dropped after.
_FEATURE = re.compile(rf"[A-Za-zＡ-Ｚａ-ｚÀ-ɏͰ-ӿ\u30a0-\u30ff\uac00-\ud7af{KANJI_CLASS}]{{2,}}")


def features_of(text: str) -> set[str]:
    """The sketch features of a text: alphabetic words of four letters or more, CJK and Hangul compounds of two."""
    return {f for f in _FEATURE.findall(text) if len(f) >= 4 or f[0] >= "\u3000" or max(f) >= "\u3000"}


# A stub (structure.DELETED_MARKERS: 「第九条　削除」, 제9조 삭제, `§ 205 (weggefallen)`, `§§ 40 und 40a
# (gegenstandslos)`, `Sec. 5. [Repealed]`, `Article 9 Deleted`, `[Reserved]`) is told in brackets or not, with a final
# period or not, in any case.
_SPACES = (" ", "\n", "\u3000")  # what maybe_same does not count
_MARKER_CHARS = 4 * (max(map(len, DELETED_MARKERS)) + 3)  # brackets, a period, and whitespace not yet collapsed


def _private_char(n: int) -> str:
    """The n-th private-use character: what the n-th distinct token (or line) is encoded as."""
    return chr(0xE000 + n) if n < 6400 else chr(0xF0000 + n - 6400)


class _Codec(dict[str, str]):
    """Maps tokens to private-use characters so diff-match-patch diffs tokens, not characters.

    Keyed on the token as written; tokens that normalise alike share a character (unless raw), so encoding a
    unit is one C-level `map` over its tokens and Python runs only for tokens not seen before.
    """

    def __init__(self, raw: bool = False) -> None:
        super().__init__()
        self.raw = raw
        self.by_key: dict[str, str] = {}
        self.spaces: dict[int, None] = {}  # the characters of whitespace tokens, for str.translate to drop

    def __missing__(self, token: str) -> str:
        key = token if self.raw else normalize_token(token)
        ch = self.by_key.get(key)
        if ch is None:
            ch = self.by_key[key] = _private_char(len(self.by_key))
            if key.isspace():
                self.spaces[ord(ch)] = None
        self[token] = ch
        return ch

    def encode(self, tokens: Iterable[str]) -> str:
        return "".join(map(self.__getitem__, tokens))

    def without_spaces(self, encoded: str) -> str:
        """An encoded string without its whitespace tokens."""
        if not self.spaces:  # tokens carry the whitespace after them: only a text's leading run is a token
            return encoded
        if len(self.spaces) == 1:  # normalised: every whitespace run is one character
            return encoded.replace(chr(next(iter(self.spaces))), "")
        return encoded.translate(self.spaces)


_T = TypeVar("_T")


class _once(Generic[_T]):
    """A value computed on first use and kept in the instance: functools.cached_property without the lock that
    CPython 3.11 takes on every access (a third of the alignment of a 2 MB pair; 3.12 removed the lock)."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type) -> _once[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> _T: ...
    def __get__(self, obj: object, owner: type) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)  # found in __dict__ from now on: no call again
        return value


class _Prepared:
    """A unit with its tokens, computed only when alignment or diffing needs them."""

    def __init__(self, unit: Unit, codec: _Codec):
        self.unit, self._codec = unit, codec
        self.raw = codec.raw
        self.diffs: dict[int, list[tuple[str, int]]] = {}  # token diffs with other units, by id()

    @_once
    def tokens(self) -> list[str]:
        return tokenize(self.unit.text)

    @_once
    def encoded(self) -> str:
        """Normalised (or raw) tokens, encoded: what the token diff runs on."""
        return self._codec.encode(self.tokens)

    @_once
    def content(self) -> str:
        """The same without whitespace tokens: what similarity is measured on."""
        return self._codec.without_spaces(self.encoded)

    @_once
    def features(self) -> set[str]:
        """Words and kanji/katakana compounds of the unit (no tokenizing): what its sketch is chosen from."""
        return features_of(self.unit.text)

    @_once
    def heading(self) -> str:
        """The unit's first line without its label, normalised: a title's or chapter's name, an article's caption
        （目的）, or its first words."""
        first = self.unit.text.split("\n", 1)[0]
        if self.unit.label:
            first = first.replace(self.unit.label, "", 1)
        return normalize_text(first)

    @_once
    def maybe_same(self) -> tuple[str, int]:
        """A cheap key that units with equal normalised bodies nearly always share (kind, characters other than
        whitespace: width and punctuation variants are one character either way): a unit whose key no unit on
        the other side has is not normalised for step 1."""
        body = self.raw_body
        return self.unit.kind, len(body) - sum(map(body.count, _SPACES))

    @_once
    def deleted_marker(self) -> bool:
        """Whether the body is only 「削除」 (or another language's marker): a deleted article that keeps its number."""
        # Normalising never shortens a marker's characters, so a long raw body needs no tokens to say no; most units
        # are told apart by their length alone (a stub is its label, its marker and a few blank lines).
        if len(self.unit.text) - len(self.unit.label) > 4 * _MARKER_CHARS:
            return False
        raw = self.raw_body.strip().lstrip("#").strip()  # a Markdown heading's marks (### § 25 …) are not text
        if len(raw) > _MARKER_CHARS:  # most units: no tokens needed to say no
            return False
        return _is_deleted_marker(" ".join(unicodedata.normalize("NFKC", raw).split()))

    @_once
    def lines(self) -> list[int]:
        """Token counts of the unit's lines (each ends with a whitespace token holding a line break)."""
        n = len(self.tokens)
        ends = [*itertools.compress(range(1, n + 1), map(str.__contains__, self.tokens, itertools.repeat("\n")))]
        if n and (not ends or ends[-1] != n):
            ends.append(n)
        return [b - a for a, b in itertools.pairwise([0, *ends])]

    @_once
    def item_labels(self) -> list[int]:
        """For each line, how many tokens its item label takes (一　, 七の九　, ２　, イ　, (a) , （１）　), 0 if it has
        none: the lines of an article's items and paragraphs."""
        out, at = [], 0
        for count in self.lines:
            head = self.tokens[at : at + min(count, 5)]
            m = _ITEM_LABEL.match("".join(head))
            if m:
                length, k = 0, 0
                while k < len(head) and length < m.end():
                    length += len(head[k])
                    k += 1
                out.append(k if length == m.end() else 0)  # a label that ends inside a token is not one
            else:
                out.append(0)
            at += count
        return out

    @_once
    def bag(self) -> Counter[str]:
        """The content's tokens as a multiset: a cheap upper bound on similarity."""
        return Counter(self.content)

    @_once
    def raw_body(self) -> str:
        """The text with its label taken out, as written."""
        return self.unit.text.replace(self.unit.label, "", 1) if self.unit.label else self.unit.text

    @_once
    def body(self) -> str:
        """Normalised text without the label: what "same content" means (from the tokens already made)."""
        text = normalize_tokens(self.tokens)
        if self.unit.label:
            text = text.replace(normalize_text(self.unit.label), "", 1)
        return text.strip()


def _sketches(olds: Sequence[_Prepared], news: Sequence[_Prepared]) -> dict[int, list[str]]:
    """Each unit's SKETCH rarest features (fewest units containing them): similar units share some.

    Features are words and kanji compounds found by one simple regex, not tokens: two unrelated texts learn that
    nothing pairs without being tokenized whole. Only features found on both sides can make a candidate, so the
    others are dropped first (set operations in C): two unrelated texts leave nothing to rank.
    """
    common = set().union(*(p.features for p in olds)) & set().union(*(p.features for p in news))
    distinct = {id(p): p.features & common for p in (*olds, *news)}
    df: Counter[str] = Counter()
    for tokens in distinct.values():
        df.update(tokens)
    rarity = df.__getitem__
    return {key: sorted(sorted(tokens), key=rarity)[:SKETCH] for key, tokens in distinct.items()}


def _bag_bound(a: _Prepared, b: _Prepared) -> float:
    """An upper bound on similarity from shared token counts alone."""
    total = len(a.content) + len(b.content)
    return 1.0 if not total else 2 * sum((a.bag & b.bag).values()) / total


def similarity(a: _Prepared, b: _Prepared, at_least: float = 0.0) -> float:
    """2 × common / total over the units' content tokens (1.0 identical, 0.0 nothing shared).

    Returns 0.0 early when the pair cannot reach `at_least`: shared token counts bound the common subsequence,
    and a diff of two dissimilar long units is the expensive case.
    """
    x, y = a.content, b.content
    if not x and not y:
        return 1.0
    total = len(x) + len(y)
    if 2 * min(len(x), len(y)) < at_least * total:
        return 0.0
    if at_least and min(len(x), len(y)) > BAG_ABOVE and _bag_bound(a, b) < at_least:
        return 0.0  # (shorter pairs: the diff costs less than counting)
    # The token diff that _change will show is computed once and reused; only the content counts (whitespace
    # tokens are not content).
    common, at, strip = 0, 0, a._codec.without_spaces
    for op, n in _diff_ops(a, b):
        if op == EQUAL:
            common += len(strip(a.encoded[at : at + n]))
        if op != INSERT:
            at += n
    return float(2 * common / total)


def _align(old: list[_Prepared], new: list[_Prepared]) -> list[tuple[int, int]]:
    pairs: dict[int, int] = {}
    taken: set[int] = set()

    def free_old() -> list[int]:
        return [i for i in range(len(old)) if i not in pairs]

    def free_new() -> list[int]:
        return [j for j in range(len(new)) if j not in taken]

    def pair(i: int, j: int) -> None:
        pairs[i] = j
        taken.add(j)

    def compatible(i: int, j: int) -> bool:
        a, b = old[i].unit, new[j].unit
        return a.kind == b.kind and a.scope == b.scope

    def within(i: int, candidates: list[int]) -> list[int]:
        """The candidates that lie between the new units paired with the old units around i."""
        paired = sorted(pairs)
        k = bisect.bisect_left(paired, i)
        low = pairs[paired[k - 1]] if k > 0 else -1
        high = pairs[paired[k]] if k < len(paired) else len(new)
        return [j for j in candidates if low < j < high]

    def expected(i: int) -> int:
        """Where old unit i would sit in the new text, by the nearest paired unit before it: among equally good
        candidates (a consolidated law's many 附則, each headed 附則 alone), the one in that place is the same unit."""
        paired = sorted(pairs)
        k = bisect.bisect_left(paired, i) - 1
        return pairs[paired[k]] + (i - paired[k]) if k >= 0 else i

    # 0. byte-identical units, unique on both sides: most of a text, and no tokenizing needed
    by_text_old: dict[tuple[str, str], list[int]] = {}
    by_text_new: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(old):
        by_text_old.setdefault((p.unit.kind, p.unit.text), []).append(i)
    for j, p in enumerate(new):
        by_text_new.setdefault((p.unit.kind, p.unit.text), []).append(j)
    for text, olds in by_text_old.items():
        news = by_text_new.get(text, [])
        if len(olds) == 1 and len(news) == 1:
            pair(olds[0], news[0])
    # 0b. byte-identical units that repeat (a consolidated law's many 附則 headed alike, each with a 第一条
    # 「この法律は、公布の日から施行する。」): paired in order, along the longest common run of the two unit sequences,
    # as git pairs equal lines. A greedy choice among a hundred equal candidates would cross them and invent moves.
    repeated = {text for text, olds in by_text_old.items() if len(olds) > 1 or len(by_text_new.get(text, ())) > 1}
    if repeated:
        for i, j in _equal_runs(
            [p.unit.kind + "\0" + p.unit.text for p in old], [p.unit.kind + "\0" + p.unit.text for p in new]
        ):
            if i not in pairs and j not in taken and (old[i].unit.kind, old[i].unit.text) in repeated:
                pair(i, j)
    # A repeal stub (§ 25 (weggefallen), 第九条　削除) is only its number: it pairs with the unit of that number (its
    # deletion), never with another stub by their equal bodies, nor by similarity.
    stub_old = {i for i in free_old() if old[i].deleted_marker}  # (only units still free are ever asked)
    stub_new = {j for j in free_new() if new[j].deleted_marker}
    # 1. identical bodies (the text without its label), unique on both sides: renumbered units. Raw bodies
    # first (no tokenizing: a renumbering cascade is most of a big amendment), then normalised ones.
    for attr in ("raw_body", "body"):
        olds_free = [i for i in free_old() if i not in stub_old]
        news_free = [j for j in free_new() if j not in stub_new]
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
                pair(olds[0], news[0])
    # 2. same label in the same scope, similar content
    by_key: dict[tuple[object, ...], list[int]] = {}
    for j in free_new():
        u = new[j].unit
        by_key.setdefault((u.kind, u.scope, u.key), []).append(j)
    # A heading whose name is found under another number on the other side moved there (TITLE VII DEPARTMENT OF
    # LABOR -> TITLE VIII DEPARTMENT OF LABOR): it is not compared with the new TITLE VII of another name.
    names_old = {p.heading for p in old if p.unit.kind == "heading"} - {""}
    names_new = {p.heading for p in new if p.unit.kind == "heading"} - {""}

    def renamed_elsewhere(i: int, j: int) -> bool:
        a, b = old[i], new[j]
        return (
            a.unit.kind == "heading" and a.heading != b.heading and (a.heading in names_new or b.heading in names_old)
        )

    for i in free_old():
        u = old[i].unit
        candidates = [
            j for j in by_key.get((u.kind, u.scope, u.key), []) if j not in taken and not renamed_elsewhere(i, j)
        ]
        if not candidates:
            continue
        if len(candidates) > 1:
            # many units of one label in one scope (第一条 of each 附則 of a consolidated law): those between the
            # units paired around this one come first, so that two rewritten 第一条 do not cross
            candidates = within(i, candidates) or candidates
        at = expected(i) if len(candidates) > 1 else 0
        scored = sorted(
            ((similarity(old[i], new[j], SAME_LABEL_SIMILARITY), -abs(j - at), j) for j in candidates), reverse=True
        )
        if scored[0][0] >= SAME_LABEL_SIMILARITY:
            pair(i, scored[0][2])
    # 3. similar content under another label (renumbered). Candidates share a sketch feature (below), so two
    # unrelated texts cost a lookup per unit, not a comparison per pair of units.
    scored_pairs = []
    sketch = _sketches([old[i] for i in free_old()], [new[j] for j in free_new()])
    index: dict[str, list[int]] = {}
    for j in free_new():
        for token in sketch[id(new[j])]:
            index.setdefault(token, []).append(j)
    for i in free_old():
        if i in stub_old:
            continue
        # Candidates share at least two sketch features (one, if a sketch has only one): similar units share most
        # of their rarest words, and a single shared word is how unrelated sections meet.
        if not sketch[id(old[i])]:
            continue  # nothing in common with the other side (two unrelated texts: every unit)
        shared = Counter(j for token in sketch[id(old[i])] for j in index.get(token, ()) if j not in taken)
        need_old = min(2, len(sketch[id(old[i])]))
        candidates = sorted(j for j, n in shared.items() if n >= min(need_old, len(sketch[id(new[j])])))
        for j in candidates:
            if compatible(i, j) and old[i].unit.kind != "preamble" and j not in stub_new:
                # A unit renumbered under the same heading (TITLE VII DEPARTMENT OF LABOR -> TITLE VIII DEPARTMENT
                # OF LABOR, （目的） 第一条 -> 第二条) is held to the bar of a unit with the same label.
                named = old[i].heading and old[i].heading == new[j].heading
                bar = SAME_LABEL_SIMILARITY if named else MOVED_SIMILARITY
                score = similarity(old[i], new[j], bar)
                if score >= bar:
                    scored_pairs.append((score, -abs(i - j), i, j))
    for _score, _dist, i, j in sorted(scored_pairs, reverse=True):
        if i not in pairs and j not in taken:
            pair(i, j)
    # 4. same label still unpaired: the same unit, rewritten (or deleted as 削除)
    for i in free_old():
        u = old[i].unit
        left = [j for j in by_key.get((u.kind, u.scope, u.key), []) if j not in taken]
        if left:
            left = within(i, left) or left
            at = expected(i)
            pair(i, min(left, key=lambda j: (abs(j - at), j)))
    # the preamble pairs with the preamble
    if old and new and old[0].unit.kind == new[0].unit.kind == "preamble" and 0 not in pairs and 0 not in taken:
        pair(0, 0)
    return sorted(pairs.items())


def _equal_runs(a: list[str], b: list[str]) -> Iterable[tuple[int, int]]:
    """Index pairs of equal items along a longest common subsequence of two lists (each item one character for
    diff-match-patch)."""
    codes: dict[str, str] = {}
    x = "".join(codes.setdefault(item, _private_char(len(codes))) for item in a)
    y = "".join(codes.setdefault(item, _private_char(len(codes))) for item in b)
    i = j = 0
    for op, n in dmp.diff(x, y, timelimit=0, checklines=False, cleanup="No", counts_only=True):
        if op == EQUAL:
            yield from zip(range(i, i + n), range(j, j + n), strict=True)
        if op != INSERT:
            i += n
        if op != DELETE:
            j += n


def _moved(pairs: list[tuple[int, int]]) -> set[int]:
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


LINE_MODE_ABOVE = 400  # tokens on each side above which two units are diffed line by line first
# The label of an item or paragraph at the start of a line, then its spaces:
# 一　, 七の九　, ２　, イ　, （１）　, (a) , (1) , and German and Korean numbers and letters: 1. , 1a. , a) , 가. .
_ITEM_LABEL = re.compile(
    r"[ \u3000]*(?:[〇一二三四五六七八九十百千]+(?:の[〇一二三四五六七八九十百千]+)*|[0-9０-９]+|[ア-ン]"
    r"|[（(][0-9０-９a-zA-Zａ-ｚＡ-Ｚ一二三四五六七八九十ivxIVX]{1,6}[）)]"
    r"|[0-9]{1,3}[a-z]?\.|[a-z]{1,2}\)|[가-힣]\.)[ \u3000]+"
)
ITEM_SIMILAR = 0.5  # an old item and a new one this similar (labels aside) are the same item, renumbered or edited


def _ops(x: str, y: str, cleanup: str, a: _Prepared | None = None, b: _Prepared | None = None) -> list[tuple[str, int]]:
    """diff-match-patch's (op, length) list for two encoded strings, never timed out.

    Two long units (the sections of a US bill run to thousands of tokens) are first aligned line by line, and only
    the lines that differ are diffed token by token, as diff-match-patch's own line mode and git do: the cost of
    a token diff grows with length × edits, and lines bound both. `a` and `b` give the units' lines.

    So are two units whose items (号, 項, (a), (1)) changed in number: an item inserted before another is shown
    inserted whole, and the one after it renumbered (七の九 → 七の十), not as text run into the old item's line.
    """
    if a is None or b is None:
        return list(dmp.diff(x, y, timelimit=0, checklines=False, cleanup=cleanup, counts_only=True))
    long = min(len(x), len(y)) > LINE_MODE_ABOVE and len(a.lines) >= 3 and len(b.lines) >= 3
    items = len(a.lines) != len(b.lines) and min(len(a.lines), len(b.lines)) >= 2
    if not long and not (items and any(a.item_labels) and any(b.item_labels)):
        return list(dmp.diff(x, y, timelimit=0, checklines=False, cleanup=cleanup, counts_only=True))
    lines: dict[str, str] = {}

    def encode_lines(text: str, sizes: list[int]) -> tuple[str, list[str]]:
        out, parts, at = [], [], 0
        for size in sizes:
            part = text[at : at + size]
            at += size
            parts.append(part)
            out.append(lines.setdefault(part, _private_char(len(lines))))
        return "".join(out), parts

    lx, px = encode_lines(x, a.lines)
    ly, py = encode_lines(y, b.lines)
    result: list[tuple[str, int]] = []
    sealed = False  # the last op is whole items of their own: the next op is not merged into it

    def add(op: str, n: int, seal: bool = False) -> None:
        nonlocal sealed
        if not n:
            return
        if result and result[-1][0] == op and not sealed and not seal:
            result[-1] = (op, result[-1][1] + n)
        else:
            result.append((op, n))
        sealed = seal

    def tokens(old: list[str], new: list[str], whole: bool = False) -> None:
        if old and new:
            for op, n in dmp.diff(
                "".join(old), "".join(new), timelimit=0, checklines=False, cleanup=cleanup, counts_only=True
            ):
                add(op, n)
        elif old:
            add(DELETE, sum(map(len, old)), seal=whole)
        elif new:
            add(INSERT, sum(map(len, new)), seal=whole)

    i = j = 0
    gone: list[int] = []  # line numbers on each side of the region being gathered
    came: list[int] = []

    def flush() -> None:
        matched: list[tuple[int, int]] = []
        # items added or removed, every line an item (labels are read only where the line counts differ)
        if len(gone) != len(came) and gone and came:
            labels_old = [a.item_labels[k] for k in gone]
            labels_new = [b.item_labels[k] for k in came]
            if all(labels_old) and all(labels_new):
                # pair the items by their text (labels aside), in order
                matched = _match_items(
                    [px[k][n:] for k, n in zip(gone, labels_old, strict=True)],
                    [py[k][n:] for k, n in zip(came, labels_new, strict=True)],
                )
                # Only where items were renumbered (an item inserted or removed before others): items added or
                # removed at the end of a list read best as the token diff shows them (…Hochschulabschlüsse{+;⏎7.
                # die Grundsteuer+}.).
                if not any(px[gone[p]][: labels_old[p]] != py[came[q]][: labels_new[q]] for p, q in matched):
                    matched = []
        if matched:
            at_old = at_new = 0
            for p_old, p_new in [*matched, (len(gone), len(came))]:
                tokens([px[k] for k in gone[at_old:p_old]], [py[k] for k in came[at_new:p_new]], whole=True)
                if p_old < len(gone):
                    tokens([px[gone[p_old]]], [py[came[p_new]]])
                at_old, at_new = p_old + 1, p_new + 1
        else:
            tokens([px[k] for k in gone], [py[k] for k in came])
        gone.clear()
        came.clear()

    for op, n in dmp.diff(lx, ly, timelimit=0, checklines=False, cleanup="No", counts_only=True):
        if op == EQUAL:
            flush()
            add(EQUAL, sum(map(len, px[i : i + n])))
            i += n
            j += n
        elif op == DELETE:
            gone.extend(range(i, i + n))
            i += n
        else:
            came.extend(range(j, j + n))
            j += n
    flush()
    return result


def _match_items(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Pairs (old index, new index), in order on both sides, of the items whose texts are most alike (each pair at
    least ITEM_SIMILAR, by shared tokens): the longest chain of the best matches, as an LCS over items."""
    if len(old) * len(new) > 2500:  # a list rewritten past fifty items: left to the token diff
        return []
    bags = [Counter(t) for t in old], [Counter(t) for t in new]

    def alike(p: int, q: int) -> float:
        total = len(old[p]) + len(new[q])
        score = 2 * sum((bags[0][p] & bags[1][q]).values()) / total if total else 1.0
        return score if score >= ITEM_SIMILAR else 0.0

    n, m = len(old), len(new)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for p in range(n - 1, -1, -1):
        for q in range(m - 1, -1, -1):
            s = alike(p, q)
            best[p][q] = max(best[p + 1][q], best[p][q + 1], best[p + 1][q + 1] + s if s else 0.0)
    pairs: list[tuple[int, int]] = []
    p = q = 0
    while p < n and q < m:
        s = alike(p, q)
        if s and best[p][q] == best[p + 1][q + 1] + s:
            pairs.append((p, q))
            p, q = p + 1, q + 1
        elif best[p][q] == best[p + 1][q]:
            p += 1
        else:
            q += 1
    return pairs


def _diff_ops(a: _Prepared, b: _Prepared) -> list[tuple[str, int]]:
    """The token diff of two units with semantic cleanup, computed once per pair (alignment, then display)."""
    ops = a.diffs.get(id(b))
    if ops is None:
        ops = a.diffs[id(b)] = _ops(a.encoded, b.encoded, "Semantic", a, b)
    return ops


def _token_spans(old: _Prepared, new: _Prepared, cleanup: str = "Semantic") -> list[Span]:
    ops = _diff_ops(old, new) if cleanup == "Semantic" else _ops(old.encoded, new.encoded, cleanup, old, new)
    spans: list[Span] = []
    dels: list[str] = []
    ins: list[str] = []

    def add(op: str, text: str) -> None:
        if spans and spans[-1][0] == op:
            spans[-1] = (op, spans[-1][1] + text)
        elif text:
            spans.append((op, text))

    def flush() -> None:
        gone, came = "".join(dels), "".join(ins)
        dels.clear()
        ins.clear()
        # Tokens carry the whitespace after them: whole tokens that begin both sides (--raw: "cat " -> "cat  ")
        # and whitespace that ends both are kept text, so "the cat sat" -> "the dog sat" reads [-cat-]{+dog+}
        # and not [-cat -]{+dog +}.
        if gone and came and gone[0] == came[0]:
            n, limit = 0, min(len(gone), len(came))
            while n < limit and gone[n] == came[n]:
                n += 1
            while n and not gone[n - 1].isspace():
                n -= 1
            add(EQUAL, gone[:n])
            gone, came = gone[n:], came[n:]
        ws = gone[len(gone.rstrip()) :] if gone and came else ""
        if ws and came.endswith(ws) and len(ws) < len(gone) and len(ws) < len(came):
            gone, came = gone[: -len(ws)], came[: -len(ws)]
        else:
            ws = ""
        if gone:
            spans.append((DELETE, gone))
        if came:
            spans.append((INSERT, came))
        add(EQUAL, ws)

    def equal(text: str) -> None:
        flush()
        add(EQUAL, text)

    def whole(k: int, at_old: int, at_new: int) -> bool:
        """Whether ops[k], starting at these token positions, is whole lines inserted or deleted."""
        if k >= len(ops) or ops[k][0] == EQUAL:
            return False
        kind, count = ops[k]
        tokens, at = (old.tokens, at_old) if kind == DELETE else (new.tokens, at_new)
        return _whole_lines(tokens, at, at + count)

    i = j = 0
    for k, (op, n) in enumerate(ops):
        if op == EQUAL:
            a, b = old.tokens[i : i + n], new.tokens[j : j + n]
            at = 0
            # tokens equal once normalised but written differently: a formatting difference, kept so spans stay
            # lossless; a word that differs only in the whitespace after it shows that whitespace alone
            for k in itertools.compress(itertools.count(), map(str.__ne__, a, b)) if a != b else ():
                x, y = a[k], b[k]
                core = x.rstrip()
                if core and core == y.rstrip():
                    x, y = x[len(core) :], y[len(core) :]
                else:
                    core = ""
                equal("".join(a[at:k]) + core)
                dels.append(x)
                ins.append(y)
                at = k + 1
            equal("".join(a[at:]))
            i += n
            j += n
        else:
            # Lines inserted or deleted whole stand apart from a change next to them that is not a whole line too:
            # {+二　…⏎+}[-二-]{+三+}　乙, an item inserted and the next renumbered, not 二　{+…⏎三　+}乙;
            # a line replaced by another ([-A BILL-]{+An Act+}⏎) is one change, as before.
            lines = whole(k, i, j)
            if lines and k and (dels or ins) and not whole(k - 1, *_before(ops[k - 1], i, j)):
                flush()
            if op == DELETE:
                dels.extend(old.tokens[i : i + n])
                i += n
            else:
                ins.extend(new.tokens[j : j + n])
                j += n
            if lines and k + 1 < len(ops) and ops[k + 1][0] not in (EQUAL, op) and not whole(k + 1, i, j):
                flush()
            elif lines and k + 1 < len(ops) and ops[k + 1][0] == op:
                flush()  # (whole items, then the next item's changed label: kept apart by _ops)
    flush()
    return spans


def _before(op: tuple[str, int], at_old: int, at_new: int) -> tuple[int, int]:
    """The token positions where `op`, which ends at these positions, started."""
    kind, count = op
    return (at_old - count, at_new) if kind == DELETE else (at_old, at_new - count)


def _whole_lines(tokens: list[str], start: int, end: int) -> bool:
    """Whether tokens[start:end] are whole lines (tokens carry the whitespace after them, line breaks included)."""
    return end > start and (start == 0 or "\n" in tokens[start - 1]) and "\n" in tokens[end - 1]


def _label_spans(old: Unit, new: Unit) -> tuple[Span, ...] | None:
    """Spans of two units that differ only in their labels, at the same place in both."""
    at = old.text.find(old.label)
    if at < 0 or at != new.text.find(new.label) or old.text[:at] != new.text[:at]:
        return None
    # Labels are a few tokens that differ in their numbers: keep the common head and tail, mark the middle.
    a, b = tokenize(old.label), tokenize(new.label)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle: list[Span] = [(DELETE, "".join(a[head : len(a) - tail])), (INSERT, "".join(b[head : len(b) - tail]))]
    label = [(EQUAL, "".join(a[:head])), *middle, (EQUAL, "".join(a[len(a) - tail :]))]
    spans: list[Span] = [(EQUAL, old.text[:at])] if at else []
    for op, text in label:
        if not text:
            continue
        if op == EQUAL and spans and spans[-1][0] == EQUAL:
            spans[-1] = (EQUAL, spans[-1][1] + text)
        else:
            spans.append((op, text))
    rest = old.text[at + len(old.label) :]
    if rest:
        spans.append((EQUAL, rest))
    return tuple(spans)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MD_MARKER = re.compile(r"(?m)^#+[ \t]*")


def _same_but_markup(old: _Prepared, new: _Prepared) -> bool:
    """Two renderings of one unit: a Markdown heading's level marks (### § 5 / #### § 5), or, in a heading or the
    preamble, the case of ASCII letters alone (A Bill / A BILL). Formatting, as whitespace and width are."""
    if old.raw or abs(len(old.unit.text) - len(new.unit.text)) > 16 + len(new.unit.text) // 8:
        return False
    a, b = normalize_tokens(old.tokens).strip(), normalize_tokens(new.tokens).strip()
    if _MD_MARKER.sub("", a) == _MD_MARKER.sub("", b):
        return True
    if old.unit.kind in ("heading", "preamble") and new.unit.kind == old.unit.kind:
        return a.translate(_ASCII_LOWER) == b.translate(_ASCII_LOWER)
    return False


_AMENDMENT_NOTE = re.compile(r"\s*<[^<>]*\d[^<>]*>$")  # Korean law's note of when: 삭제 <2020. 1. 1.>


def _is_deleted_marker(body: str) -> bool:
    word = _AMENDMENT_NOTE.sub("", body.strip(" 　\n")).removesuffix(".").strip()
    if word and not word.strip("-–—"):
        return True  # a dash for a body: an article without text (bundestag/gesetze writes GG Art 49 so until 2018)
    # the marker in the heading and a dash for the body: `##### § 29b (weggefallen)` then `-` (the ZPO's stubs)
    word = " ".join(part for part in word.split() if part.strip("-–—"))
    if word[:1] in "([（【" and word[-1:] in ")]）】":
        word = word[1:-1].strip().removesuffix(".")
    return word.casefold() in DELETED_MARKERS


def _stub_spans(old: Unit, new: Unit, both: bool = False) -> list[Span]:
    """A unit repealed to its stub (or a stub given text again): what comes before the label (a caption), the label
    both keep, then the whole text that goes and the whole text that comes: （目的）⏎第九条　[-次の…-]{+削除+},
    `### § 25 [-Übergangsregelungen … -]{+(weggefallen)+}`. A token diff would match the stub's bracket or a stray
    word with the repealed text. `both`: the two are stubs."""
    a, b = old.text, new.text
    spans: list[Span] = []
    at_a, at_b = _label_at(old), _label_at(new)
    if at_a >= 0 and at_b >= 0:
        spans += [(EQUAL, a[:at_a])] if a[:at_a] == b[:at_b] else [(DELETE, a[:at_a]), (INSERT, b[:at_b])]
        a, b = a[at_a:], b[at_b:]
    # two stubs (第十条　削除 -> 第十条及び第十一条　削除): what they share at both ends is kept; a repeal keeps the
    # label and the blank lines after the text, not a stray character the stub shares with the repealed text
    keep = min(len(a), len(b)) if both else min(_after_label(a, old.label), _after_label(b, new.label))
    head = 0
    while head < keep and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail] and (both or a[-1 - tail].isspace()):
        tail += 1
    spans += [
        (EQUAL, a[:head]),
        (DELETE, a[head : len(a) - tail]),
        (INSERT, b[head : len(b) - tail]),
        (EQUAL, a[len(a) - tail :]),
    ]
    merged: list[Span] = []
    for op, text in spans:
        if text and merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return merged


def _label_at(unit: Unit) -> int:
    return unit.text.find(unit.label) if unit.label else -1


def _after_label(text: str, label: str) -> int:
    """Where a label at the start of `text` and the spaces after it end (0 if the text does not start with it)."""
    if not label or not text.startswith(label):
        return 0
    end = len(label)
    while end < len(text) and text[end] in " \u3000\t":
        end += 1
    return end


def _change(old: _Prepared | None, new: _Prepared | None, renumbered: bool, moved: bool) -> UnitChange:
    if old is None:
        assert new is not None
        return UnitChange(INSERTED, None, new.unit, ((INSERT, new.unit.text),) if new.unit.text else ())
    if new is None:
        return UnitChange(DELETED, old.unit, None, ((DELETE, old.unit.text),) if old.unit.text else ())
    if old.unit.text == new.unit.text:
        return UnitChange(UNCHANGED, old.unit, new.unit, ((EQUAL, old.unit.text),), moved=moved)
    if renumbered and old.raw_body == new.raw_body:
        label_spans = _label_spans(old.unit, new.unit)
        if label_spans is not None:  # only the number changed: diff the labels alone
            return UnitChange(UNCHANGED, old.unit, new.unit, label_spans, renumbered=True, moved=moved)
    # a stub written anew (GG `### Art 49` with `-` -> `### Art 49 (weggefallen)`): still repealed, formatting only
    stubs = old.deleted_marker and new.deleted_marker
    same_content = stubs or old.encoded == new.encoded or _same_but_markup(old, new)
    marker = stubs or new.deleted_marker != old.deleted_marker
    # Too little in common to read as edits: shown as replaced. Shared token counts decide without a diff when
    # they can (the costly case is two long unrelated units); otherwise the diff's own common share does.
    if marker or same_content:
        replaced = False
    elif id(new) in old.diffs:  # aligned by their diff: its share of common tokens is known
        replaced = similarity(old, new) < REPLACED_BELOW
    else:
        replaced = _bag_bound(old, new) < REPLACED_BELOW
    spans: list[Span] = []
    if marker:
        spans = _stub_spans(old.unit, new.unit, both=stubs)
    elif not replaced:
        spans = _token_spans(old, new, "Semantic")
        common = sum(len(t) for op, t in spans if op == EQUAL)
        replaced = 2 * common < REPLACED_BELOW * (len(old.unit.text) + len(new.unit.text))
    if replaced:
        spans = [(DELETE, old.unit.text), (INSERT, new.unit.text)]
    if same_content:
        status = UNCHANGED  # only formatting differs
    elif renumbered and old.body == new.body:
        status = UNCHANGED  # only the label differs
    elif new.deleted_marker and not old.deleted_marker:
        status = DELETED  # 「第九条　削除」: the article's text is deleted, its number kept
    elif old.deleted_marker and not new.deleted_marker:
        status = INSERTED
    else:
        status = MODIFIED
    return UnitChange(
        status,
        old.unit,
        new.unit,
        tuple(spans),
        renumbered=renumbered,
        moved=moved,
        formatting_only=same_content,
        replaced=replaced,
    )


def diff_units(old_units: Sequence[Unit], new_units: Sequence[Unit], raw: bool = False) -> list[UnitChange]:
    """Align two unit lists and diff every pair; the result is in the new text's order, deletions in place."""
    codec = _Codec(raw)
    old = [_Prepared(u, codec) for u in old_units]
    new = [_Prepared(u, codec) for u in new_units]
    pairs = _align(old, new)
    moved = _moved(pairs)
    old_for_new = {j: i for i, j in pairs}
    paired_old = {i for i, _ in pairs}
    changes: list[UnitChange] = []
    next_old = 0

    def emit_deleted_before(limit: int) -> None:
        nonlocal next_old
        while next_old < limit:
            if next_old not in paired_old:
                changes.append(_change(old[next_old], None, False, False))
            next_old += 1

    for j, p in enumerate(new):
        i = old_for_new.get(j)
        if i is None:
            changes.append(_change(None, p, False, False))
            continue
        if i not in moved:
            emit_deleted_before(i)
            next_old = max(next_old, i + 1)
        renumbered = p.unit.kind in ("article", "heading") and number_changed(old[i].unit.key, p.unit.key)
        changes.append(_change(old[i], p, renumbered, i in moved))
    emit_deleted_before(len(old))
    return changes


def _stats(changes: Sequence[UnitChange]) -> Stats:
    counts = {UNCHANGED: 0, MODIFIED: 0, INSERTED: 0, DELETED: 0}
    inserted = deleted = 0
    for c in changes:
        counts[c.status] += 1
        if not c.formatting_only:
            inserted += sum(len(t) for op, t in c.spans if op == INSERT)
            deleted += sum(len(t) for op, t in c.spans if op == DELETE)
    return Stats(
        unchanged=counts[UNCHANGED],
        modified=counts[MODIFIED],
        inserted=counts[INSERTED],
        deleted=counts[DELETED],
        renumbered=sum(c.renumbered for c in changes),
        moved=sum(c.moved for c in changes),
        formatting_only=sum(c.formatting_only for c in changes),
        chars_inserted=inserted,
        chars_deleted=deleted,
    )


def diff_texts(old_text: str, new_text: str, old_label: str = "old", new_label: str = "new", raw: bool = False) -> Diff:
    """Diff two versions of a text, article by article."""
    old_side, new_side = Side(old_label, sha256_text(old_text)), Side(new_label, sha256_text(new_text))
    if old_text == new_text:
        units = split_units(old_text)
        changes = [UnitChange(UNCHANGED, u, u, ((EQUAL, u.text),)) for u in units]
        return Diff(old_side, new_side, tuple(changes), _stats(changes), identical=True, raw=raw)
    changes = diff_units(split_units(old_text), split_units(new_text), raw)
    return Diff(old_side, new_side, tuple(changes), _stats(changes), identical=False, raw=raw)
