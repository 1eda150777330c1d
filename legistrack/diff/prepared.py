"""A unit made ready to compare: its tokens (encoded once per diff), its body without the label, its features,
and how similar two units are (with cheap bounds that skip the full measure)."""

from __future__ import annotations

import itertools
import operator
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar, overload

from ..patterns import Pattern
from .model import (
    Unit,
)
from .structure import DELETED_MARKERS
from .tokens import KANJI_CLASS, normalize_text, normalize_token, normalize_tokens, tokenize

SKETCH = 12  # features per unit in the candidate index of step 3


# The features of sketches: alphabetic words (Latin, Greek, Cyrillic) of four letters or more (shorter ones are never
# among a unit's rarest), and runs of two or more kanji (not numerals), katakana or Hangul.
# One class (an alternation would defeat the regex engine's scan for a first character); short words are dropped after.
_FEATURE = Pattern(rf"[A-Za-zＡ-Ｚａ-ｚÀ-ɏͰ-ӿ\u30a0-\u30ff\uac00-\ud7af{KANJI_CLASS}]{{2,}}")


def features_of(text: str) -> set[str]:
    """The sketch features of a text: alphabetic words of four letters or more, CJK and Hangul compounds of two."""
    return {f for f in _FEATURE.findall(text) if len(f) >= 4 or f[0] >= "\u3000" or max(f) >= "\u3000"}


# A stub (structure.DELETED_MARKERS: 「第九条　削除」, 제9조 삭제, `§ 205 (weggefallen)`, `§§ 40 und 40a
# (gegenstandslos)`, `Sec. 5. [Repealed]`, `Article 9 Deleted`, `[Reserved]`) is told in brackets or not, with a final
# period or not, in any case.
_SPACES = (" ", "\n", "\u3000")  # what maybe_same does not count


_MARKER_CHARS = 4 * (max(map(len, DELETED_MARKERS)) + 3)  # brackets, a period, and whitespace not yet collapsed


def private_char(n: int) -> str:
    """The n-th private-use character: what the n-th distinct token (or line) is encoded as."""
    return chr(0xE000 + n) if n < 6400 else chr(0xF0000 + n - 6400)


class Codec(dict[str, str]):
    """Maps tokens to private-use characters so diff-match-patch diffs tokens, not characters.

    Keyed on the token as written; tokens that normalise alike share a character (unless raw), so encoding a
    unit is one C-level `map` over its tokens and Python runs only for tokens not seen before.
    """

    def __init__(self, raw: bool = False) -> None:
        super().__init__()
        self.raw = raw
        self.by_key: dict[str, str] = {}
        self.spaces: dict[int, None] = {}  # the characters of whitespace tokens, for str.translate to drop
        self.made: dict[str, _Chunk] = {}  # the chunks read so far (read)

    def __missing__(self, token: str) -> str:
        key = token if self.raw else normalize_token(token)
        by_key = self.by_key
        ch = by_key.get(key)
        if ch is None:
            n = len(by_key)  # private_char(n), written out: a unit's first reading finds hundreds of new tokens
            ch = by_key[key] = chr(0xE000 + n) if n < 6400 else chr(0xF0000 + n - 6400)
            if key.isspace():
                self.spaces[ord(ch)] = None
        self[token] = ch
        return ch

    def encode(self, tokens: Iterable[str]) -> str:
        return "".join(map(self.__getitem__, tokens))

    def read(self, text: str) -> list[_Chunk]:
        """A text's chunks (see _Chunk), each made once per diff: the two versions of a unit share most lines."""
        made = self.made
        out = []
        for chunk in _chunked(text):
            found = made.get(chunk)
            if found is None:
                found = made[chunk] = _Chunk(self, chunk)
            out.append(found)
        return out

    def without_spaces(self, encoded: str) -> str:
        """An encoded string without its whitespace tokens."""
        if not self.spaces:  # tokens carry the whitespace after them: only a text's leading run is a token
            return encoded
        if len(self.spaces) == 1:  # normalised: every whitespace run is one character
            return encoded.replace(chr(next(iter(self.spaces))), "")
        return encoded.translate(self.spaces)


def _chunked(text: str) -> list[str]:
    """A text cut before each line that begins with something other than whitespace. A token holds the whitespace
    after it, and none holds whitespace before its first character (but a text's leading run), so no token crosses
    such a cut and each piece is tokenized alone exactly as within the text (tokenize's one lookbehind, a counter
    after a number, sees whitespace before a cut: no number either way)."""
    lines = text.splitlines(keepends=True)
    if len(lines) < 2:
        return lines
    # a blank or indented line goes on the piece before it (splitlines gives no empty line: each has a first character)
    firsts = map(operator.itemgetter(0), itertools.islice(lines, 1, None))
    starts = [0, *itertools.compress(range(1, len(lines)), map(operator.not_, map(str.isspace, firsts)))]
    if len(starts) == len(lines):  # every line a piece
        return lines
    return ["".join(lines[a:b]) for a, b in itertools.pairwise([*starts, len(lines)])]


class _Chunk:
    """A piece of a text (_chunked): its tokens, where its line breaks end a token (1-based), and its tokens encoded
    (when first asked for: a unit's tokens are read for its body alone more often than encoded)."""

    __slots__ = ("_codec", "_encoded", "breaks", "tokens")

    def __init__(self, codec: Codec, text: str) -> None:
        self._codec = codec
        self.tokens: list[str] = tokenize(text)
        breaks = text.count("\n")
        if breaks == 0:
            self.breaks: list[int] = []
        elif breaks == 1 and "\n" in self.tokens[-1]:  # most pieces: one line, its break in its last token
            self.breaks = [len(self.tokens)]
        else:
            self.breaks = [
                *itertools.compress(range(1, len(self.tokens) + 1), map(str.__contains__, self.tokens, _NEWLINE))
            ]
        self._encoded: str | None = None

    @property
    def encoded(self) -> str:
        if self._encoded is None:
            self._encoded = self._codec.encode(self.tokens)
        return self._encoded


_NEWLINE = itertools.repeat("\n")  # (map stops at the tokens' end)
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


ITEM_LABEL = Pattern(
    r"[ \u3000]*(?:[〇一二三四五六七八九十百千]+(?:の[〇一二三四五六七八九十百千]+)*|[0-9０-９]+|[ア-ン]"
    r"|[（(][0-9０-９a-zA-Zａ-ｚＡ-Ｚ一二三四五六七八九十ivxIVX]{1,6}[）)]"
    r"|[0-9]{1,3}[a-z]?\.|[a-z]{1,2}\)|[가-힣]\.)[ \u3000]+"
)


class Prepared:
    """A unit with its tokens, computed only when alignment or diffing needs them."""

    def __init__(self, unit: Unit, codec: Codec):
        self.unit, self._codec = unit, codec
        self.raw = codec.raw
        self.diffs: dict[int, list[tuple[str, int]]] = {}  # token diffs with other units, by id()

    @_once
    def chunks(self) -> list[_Chunk]:
        return self._codec.read(self.unit.text)

    @_once
    def tokens(self) -> list[str]:
        """tokenize(text), read piece by piece (_chunked): the pieces the other version shares are read once."""
        chunks = self.chunks
        return chunks[0].tokens if len(chunks) == 1 else [*itertools.chain.from_iterable(c.tokens for c in chunks)]

    @_once
    def encoded(self) -> str:
        """Normalised (or raw) tokens, encoded: what the token diff runs on."""
        return "".join([c.encoded for c in self.chunks])

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
        return is_deleted_marker(" ".join(unicodedata.normalize("NFKC", raw).split()))

    @_once
    def lines(self) -> list[int]:
        """Token counts of the unit's lines (each ends with a whitespace token holding a line break)."""
        out, last, at = [], 0, 0
        for chunk in self.chunks:
            for end in chunk.breaks:
                out.append(at + end - last)
                last = at + end
            at += len(chunk.tokens)
        if at != last:
            out.append(at - last)
        return out

    @_once
    def item_labels(self) -> list[int]:
        """For each line, how many tokens its item label takes (一　, 七の九　, ２　, イ　, (a) , （１）　), 0 if it has
        none: the lines of an article's items and paragraphs."""
        out, at = [], 0
        for count in self.lines:
            head = self.tokens[at : at + min(count, 5)]
            m = ITEM_LABEL.match("".join(head))
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
    def kinds(self) -> frozenset[str]:
        """The content's distinct tokens: the cheapest bound on similarity (set_bound)."""
        return frozenset(self.content)

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


def sketches(olds: Sequence[Prepared], news: Sequence[Prepared]) -> dict[int, list[str]]:
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


def set_bound(a: Prepared, b: Prepared) -> float:
    """An upper bound on similarity from which tokens each side has at all: a token of one side that the other lacks
    is in no common subsequence. Two passes in C over the contents, where the diff it saves is a quadratic search
    (most pairs step 3 weighs are unrelated units that share a rare word)."""
    total = len(a.content) + len(b.content)
    if not total:
        return 1.0
    shared = min(sum(map(b.kinds.__contains__, a.content)), sum(map(a.kinds.__contains__, b.content)))
    return 2 * shared / total


def _common_head(x: str, y: str) -> int:
    """The length of the longest common prefix: a binary search of slice comparisons (C memcmp, log n of them)."""
    lo, hi = 0, min(len(x), len(y))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[lo:mid] == y[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def edge_bound(a: Prepared, b: Prepared) -> float:
    """A lower bound on similarity: the content both begin with and end with is in their common subsequence. Two
    versions of one long unit nearly always share most of it around the change, and then no upper bound can rule
    the pair out: the counting of bag_bound is saved."""
    x, y = a.content, b.content
    total = len(x) + len(y)
    if not total:
        return 1.0
    head = _common_head(x, y)
    tail = _common_head(x[head:][::-1], y[head:][::-1])
    return 2 * (head + tail) / total


def bag_bound(a: Prepared, b: Prepared) -> float:
    """An upper bound on similarity from shared token counts alone."""
    total = len(a.content) + len(b.content)
    return 1.0 if not total else 2 * sum((a.bag & b.bag).values()) / total


_AMENDMENT_NOTE = Pattern(r"\s*<[^<>]*\d[^<>]*>$")  # Korean law's note of when: 삭제 <2020. 1. 1.>


def is_deleted_marker(body: str) -> bool:
    word = _AMENDMENT_NOTE.sub("", body.strip(" 　\n")).removesuffix(".").strip()
    if word and not word.strip("-–—"):
        return True  # a dash for a body: an article without text (bundestag/gesetze writes GG Art 49 so until 2018)
    # the marker in the heading and a dash for the body: `##### § 29b (weggefallen)` then `-` (the ZPO's stubs)
    word = " ".join(part for part in word.split() if part.strip("-–—"))
    if word[:1] in "([（【" and word[-1:] in ")]）】":
        word = word[1:-1].strip().removesuffix(".")
    return word.casefold() in DELETED_MARKERS
