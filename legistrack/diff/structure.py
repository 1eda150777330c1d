"""Split a law's text into units (articles, headings, sections) with their place in the hierarchy.

One line-based design reads Japanese (編/章/節/款/目, 第十六条の二, 附則), English (TITLE/PART/CHAPTER,
Article 16-2, SEC. 101.), Korean (제1장, 제16조의2, 부칙) and German Markdown (## Abschnitt, ### Art 93,
§ 16a). A caption line （目的） / (Purpose) belongs to the article after it; blank lines belong to the unit
before them. A text with no recognisable heading falls back to paragraphs (blocks between blank lines).
Joining the units' texts gives back the whole text, byte for byte.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import unicodedata
from typing import Any, NamedTuple

from ..numerals import KANJI_NUMERAL_CHARS, number
from ..patterns import Pattern
from .model import Unit

_N = rf"(?:[{KANJI_NUMERAL_CHARS}]+|\d+)"
_SEP = r"(?=[\s　]|$)"

# A label may name several units at once: the stub a law leaves where it repeals a run of them without renumbering
# (第九条から第十一条まで　削除, 第九条及び第十条　削除, 제9조부터 제11조까지 삭제,
# `### §§ 40 und 40a (gegenstandslos)`, `SECS. 5, 6. [REPEALED]`, `Articles 73 to 76 Deleted`). Its key is its first
# unit's: the stub pairs with that unit as its deletion, and the others in the run are deleted beside it.
_JA_MORE = rf"(?:から第{_N}条(?:の{_N})*まで|(?:、第{_N}条(?:の{_N})*)*及び第{_N}条(?:の{_N})*)?"
_JA_ARTICLE = Pattern(rf"^第({_N})条((?:の{_N})*){_JA_MORE}{_SEP}")
# a division, or a run of them repealed by one stub (第二節から第四節まで　削除, 第三章及び第四章　削除)
_JA_DIVISION = Pattern(
    rf"^第({_N})(編|章|節|款|目)((?:の{_N})*)(?:から第{_N}\2(?:の{_N})*まで|(?:、第{_N}\2(?:の{_N})*)*及び第{_N}\2(?:の{_N})*)?{_SEP}"
)
# 別表第二の二 (a table inserted after 別表第二), and a run of tables repealed by one stub
# (別表第一から別表第三まで　削除)
_JA_APPENDIX_ONE = rf"\1第{_N}(?:の{_N})*"
_JA_APPENDIX_MORE = rf"(?:から{_JA_APPENDIX_ONE}まで|(?:、{_JA_APPENDIX_ONE})*及び{_JA_APPENDIX_ONE})?"
_JA_APPENDIX = Pattern(rf"^(別表|別記|様式)(?:第({_N})((?:の{_N})*))?{_JA_APPENDIX_MORE}(?=[\s　（(]|$)")
_JA_SUPPL = Pattern(r"^附[\s　]*則(?=[\s　（(]|$)")
_KO_ARTICLE = Pattern(
    r"^제(\d+)조((?:의\d+)*)(?:\s*부터\s*제\d+조(?:의\d+)*까지|\s*및\s*제\d+조(?:의\d+)*)?(?=[\s(（]|$)"
)
_KO_DIVISION = Pattern(r"^제(\d+)(편|장|절|관)(?:\s*부터\s*제\d+\2까지|\s*및\s*제\d+\2)?(?=[\s]|$)")
_KO_SUPPL = Pattern(r"^부\s*칙(?=[\s<(]|$)")
_EN_ARTICLE = Pattern(
    r"^Articles?\s+(\d+)((?:-\d+)*)(?:,?\s+(?:to|and|through)\s+(?:Article\s+)?\d+(?:-\d+)*)?(?=[\s(]|$)"
)
_EN_SECTION = Pattern(
    r"^(?:SECTIONS?|SECS?\.|Secs?\.|Sections?)\s*(\d+)([A-Za-z]*)(?:(?:,|\s+(?:to|and|through))\s*\d+[A-Za-z]*)*\."
)
_EN_DIVISION = Pattern(
    r"^(TITLE|Title|DIVISION|Division|SUBTITLE|Subtitle|PART|Part|CHAPTER|Chapter|SUBCHAPTER|Subchapter)"
    r"\s+([IVXLCDM]+|\d+|[A-Z])(?=[\s.—-]|$)"
)
_EN_SUPPL = Pattern(r"^(?:Supplementary Provisions|ADDENDA|Addenda|ADDENDUM|Addendum)\b")  # Japan's; Korea's
# The word a stub leaves where a law repeals a unit without renumbering the rest (第九条　削除, `§ 205 (weggefallen)`,
# `Sec. 5. [Repealed]`): one list for the engine's stubs, the German plain-text label and the heading fragments.
_GERMAN_MARKERS = ("weggefallen", "gegenstandslos", "aufgehoben")
DELETED_MARKERS = ("削除", "삭제", *_GERMAN_MARKERS, "deleted", "repealed", "reserved")
_DE_MORE = r"(?:\s*(?:,|und|u\.|bis)\s*\d+[a-z]*)*"
# An article's own sections, numbered within it: the transitional provisions of the EGBGB are `Art 229 § 5`, each a
# unit of its own (one article holds some sixty of them), so the § is part of the label and of the identity.
_DE_SUB = r"(?:\s+§§?\s*(\d+)([a-z]*))?"
# In plain text a label stands alone on its line (a line that starts `§ 5 gilt …` is text), or with its stub.
_DE_ARTICLE = Pattern(
    rf"^(Art\.?|Artikel|§§?)\s*(\d+)([a-z]*){_DE_SUB}{_DE_MORE}(?P<stub>\s*\((?:{'|'.join(_GERMAN_MARKERS)})\))?\s*$"
)
# A Markdown heading that starts with a number: the number is the unit's label and identity, the rest of the line
# (its caption) is content: `### § 13a Dokumentation …`, `### Art 93`, `## Abschnitt 3 - Entnahme …`,
# `## Erster Abschnitt - Begriffsbestimmungen`, `#### Unterabschnitt 2`, `## Anlage I`. gesetze-im-internet marks
# some headings `(XXXX)` before the number: part of the label, not of the number.
_MD_ARTICLE = Pattern(rf"^(?:\(X+\)\s*)?(Art\.?|Artikel|§§?)\s*(\d+)([a-z]*){_DE_SUB}{_DE_MORE}(?=[\s(]|$)")
_DE_DIVISION_WORDS = "Buch|Teil|Kapitel|Abschnitt|Unterabschnitt|Titel|Untertitel|Anlage|Anhang"
# numbered by a digit, a Roman numeral or a capital letter (`Anlage A`, `Teil B`)
_MD_DIVISION = Pattern(rf"^({_DE_DIVISION_WORDS})\s+(\d+[a-z]?|[IVXLC]+|[A-Z])(?=[\s.:–-]|$)")
_DE_ORDINALS = {
    stem: n
    for n, stems in enumerate(
        (
            "Erst",
            "Zweit",
            "Dritt",
            "Viert",
            "Fünft",
            "Sechst",
            "Siebent Siebt",
            "Acht",
            "Neunt",
            "Zehnt",
            "Elft",
            "Zwölft",
            "Dreizehnt",
            "Vierzehnt",
            "Fünfzehnt",
            "Sechzehnt",
            "Siebzehnt",
            "Achtzehnt",
            "Neunzehnt",
            "Zwanzigst",
        ),
        start=1,
    )
    for stem in stems.split()
}
_MD_ORDINAL_DIVISION = Pattern(
    rf"^({'|'.join(sorted(_DE_ORDINALS, key=len, reverse=True))})(?:er|es|e|en)\s+({_DE_DIVISION_WORDS})"
    r"(?=[\s.:–-]|$)"
)
# A law's only annex has no number: `### Anlage (zu § 3 Absatz 1)`, `### Anlage zu § 5`. Its identity is the word;
# what it annexes to is its caption, which amendments rewrite (Absatz → Abs.).
_MD_BARE_DIVISION = Pattern(r"^(Anlage|Anhang)(?=\s*(?:[(:–-]|zu[mr]?\s|$))")
# The Grundgesetz numbers its parts by a Roman numeral alone (`## I. - Die Grundrechte`, `## IV a. - Gemeinsamer
# Ausschuß`, `## VIIIa. - Gemeinschaftsaufgaben`): the numeral is the part's label and identity, its name is content.
_MD_ROMAN_PART = Pattern(r"^([IVXLC]+) ?([a-z])?\.(?=\s|$)")
_MD_HEADING = Pattern(r"^(#{1,6})\s+(.*?)\s*$")
_MD_DEEPEST = 6  # `######`: converters write deeper levels (the BGB's Kapitel under an Untertitel) at this one
_ROMAN = Pattern("[IVXLCDM]+")
_CAPTION = Pattern(r"^(（[^（）]*）|\([^()]*\))$")

_LEVELS = {
    "編": 1,
    "章": 2,
    "節": 3,
    "款": 4,
    "目": 5,
    "편": 1,
    "장": 2,
    "절": 3,
    "관": 4,
    "title": 1,
    "division": 1,
    "subtitle": 2,
    "part": 2,
    "chapter": 3,
    "subchapter": 4,
}


class _Head(NamedTuple):
    kind: str  # article | heading | suppl | appendix
    label: str
    key: tuple[Any, ...]
    level: int = 0  # a heading's depth; a Markdown article's too (`## § 1` closes `## Eingangsformel`)


def _branches(text: str, sep: str) -> tuple[int, ...]:
    if not text:  # most labels: 第十条, not 第十条の二
        return ()
    return tuple(number(part) for part in text.split(sep) if part)


# The first character of every line that can start a unit (after width normalisation: ＳＥＣ． is SEC.).
_STARTERS = frozenset("第附부제#ASTDPC§別様")
_TOC_FIRST = frozenset("目목TI")  # 目次, 목차, TABLE OF CONTENTS, Inhaltsübersicht: a table of contents' title
_MAYBE_HEAD = _STARTERS | _TOC_FIRST | frozenset(map(chr, [*range(0xFF01, 0xFF10), *range(0xFF1A, 0xFFF0)]))
# ... or indentation: every character str.isspace() says yes to but the line break (a test checks the list).
_INDENT = frozenset(
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_MAY_START = _MAYBE_HEAD | _INDENT
_LATIN_STARTERS = frozenset("ASTDPC§")  # after normalisation: Article, SEC., TITLE, DIVISION, PART, CHAPTER, Art., §


@functools.lru_cache(maxsize=1 << 15)
def classify(line: str) -> _Head | None:
    """What a line starts, if it starts a unit: never a table's row, whose first cell may be a bare reference
    (`第四十四条 | 行政不服審査会等 | …`, `附則 | …`: rows of a 読替え table inside another article; importers write
    cells apart with " | ", which no heading holds).

    Remembered for the last lines asked about: the two texts of a diff, and a law's revisions split in turn, share
    nearly all their lines (a fifth of the split of a 2 MB pair)."""
    return None if " | " in line else _classify(line)


def _classify(line: str) -> _Head | None:
    raw = line.rstrip("\n")
    if raw[:1] == "第" and (m := _JA_ARTICLE.match(raw)):  # most heads of a Japanese law, as written: no NFKC
        return _Head("article", m.group(0), ("条", number(m.group(1)), *_branches(m.group(2), "の")))
    first = raw.lstrip()[:1]
    fullwidth = "\uff00" <= first <= "\uffef"
    if first not in _STARTERS and (not fullwidth or unicodedata.normalize("NFKC", first) not in _STARTERS):
        return None  # most lines: body text, and the paragraphs ２　... of Japanese articles
    # Labels sit at the start: normalising the head of a long article line is enough, and much cheaper; a
    # Japanese label ends at its ideographic space (第三十条の二　...), and NFKC is the costly part of this function.
    head = raw if len(raw) <= 200 else raw[:32]
    if not unicodedata.is_normalized("NFKC", head):
        if (len(raw) > 200 or first == "第") and (space := head.find("　", 1)) > 0:
            head = head[: space + 1]
        head = unicodedata.normalize("NFKC", head)
    norm = head.strip()
    if not norm:
        return None
    c = norm[0]
    if c == "#":
        if m := _MD_HEADING.match(norm):
            inner = m.group(2)
            level = len(m.group(1))
            if a := _MD_ARTICLE.match(inner):
                return _Head("article", _label(raw, a, inner), _de_key(a), level)
            if d := _MD_DIVISION.match(inner):
                value = d.group(2)
                num = number(value) if value.isdigit() or _ROMAN.fullmatch(value) else value
                return _Head("heading", _label(raw, d, inner), ("md", level, d.group(1), num), level)
            if o := _MD_ORDINAL_DIVISION.match(inner):
                ordinal = _DE_ORDINALS[o.group(1)]
                return _Head("heading", _label(raw, o, inner), ("md", level, o.group(2), ordinal), level)
            if b := _MD_BARE_DIVISION.match(inner):
                return _Head("heading", _label(raw, b, inner), ("md", level, b.group(1), 0), level)
            if r := _MD_ROMAN_PART.match(inner):
                part = ("md", level, "part", number(r.group(1)), r.group(2) or "")
                return _Head("heading", _label(raw, r, inner), part, level)
            return _Head("heading", inner, ("md", level, inner), level)
        return None
    if c == "第":
        if m := _JA_ARTICLE.match(norm):
            return _Head("article", _label(raw, m), ("条", number(m.group(1)), *_branches(m.group(2), "の")))
        if m := _JA_DIVISION.match(norm):
            key = (m.group(2), number(m.group(1)), *_branches(m.group(3), "の"))
            return _Head("heading", _label(raw, m), key, _LEVELS[m.group(2)])
        return None
    if c in "別様":
        if m := _JA_APPENDIX.match(norm):
            key = (m.group(1), number(m.group(2)) if m.group(2) else 0, *_branches(m.group(3) or "", "の"))
            return _Head("appendix", _label(raw, m), key)
        return None
    if c in "附부SA" and (_JA_SUPPL.match(norm) or _KO_SUPPL.match(norm) or _EN_SUPPL.match(norm)):
        return _Head("suppl", raw.strip(), ("suppl", re.sub(r"\s", "", norm)))
    if c == "제":
        if m := _KO_ARTICLE.match(norm):
            return _Head("article", _label(raw, m), ("조", int(m.group(1)), *_branches(m.group(2), "의")))
        if m := _KO_DIVISION.match(norm):
            return _Head("heading", _label(raw, m), (m.group(2), int(m.group(1))), _LEVELS[m.group(2)])
        return None
    if c not in _LATIN_STARTERS:
        return None
    # each pattern only where its first letter is: most lines of a bill start with none of these words
    if c == "A" and (m := _EN_ARTICLE.match(norm)):
        return _Head("article", _label(raw, m), ("art", int(m.group(1)), *_branches(m.group(2), "-")))
    if c == "S" and (m := _EN_SECTION.match(norm)):
        return _Head("article", _label(raw, m), ("sec", int(m.group(1)), m.group(2).lower()))
    if c in "TDSPC" and (m := _EN_DIVISION.match(norm)):
        word = m.group(1).lower()
        value = m.group(2)
        num = number(value) if value.isdigit() or _ROMAN.fullmatch(value) else ord(value) - 64
        return _Head("heading", _label(raw, m), (word, num), _LEVELS[word])
    if c in "A§" and len(norm) < 60 and (m := _DE_ARTICLE.match(norm)):
        return _Head("article", norm[: m.start("stub")] if m.group("stub") else norm, _de_key(m))
    return None


def own_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """A unit's own key: a heading's key ends with its own after its parents' (第一節 under 第二章), an article's is
    its own."""
    return key[-1] if key and isinstance(key[-1], tuple) else key


def number_changed(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Whether a unit paired across two texts changed its number: its own key changed, and both name a number. A
    heading named by its words alone (`## Eingangsformel`, 附則 of an amending act) has none, so another text under
    it is a renamed heading; a 第一節 whose chapter was renumbered keeps its own number."""

    if old == new:  # most pairs: nothing to look into
        return False
    a, b = own_key(old), own_key(new)
    return a != b and _numbered(a) and _numbered(b)


def _numbered(own: tuple[Any, ...]) -> bool:
    return not (own[:1] in (("suppl",), ("preamble",)) or (own[:1] == ("md",) and len(own) == 3))


def _de_key(m: re.Match[str]) -> tuple[Any, ...]:
    """A German article's or section's identity: its number, and the number of its own § if it has one (Art 229 § 5)."""
    sub = (int(m.group(4)), m.group(5)) if m.group(4) else ()
    return ("art", int(m.group(2)), m.group(3), *sub)


def _label(raw: str, m: re.Match[str], inner: str = "") -> str:
    """The label as the original line writes it (before width normalisation); `inner`: the matched text follows a
    Markdown heading marker (### § 13a …)."""
    stripped = raw.strip()
    if inner:
        stripped = stripped.lstrip("#").lstrip()
    length = len(m.group(0))
    # NFKC keeps the length of these labels' characters except for rare ligatures; fall back to the match.
    candidate = stripped[:length]
    return candidate if unicodedata.normalize("NFKC", candidate) == m.group(0) else m.group(0)


def metadata_change(old: Unit, new: Unit) -> bool:
    """Whether a change between two versions of a unit is to the document's metadata, not its provisions: a
    Markdown law's front matter (---⏎Title: …⏎jurabk: …), or its title block (# Strafgesetzbuch (StGB), then
    Ausfertigungsdatum, Fundstelle and Stand: Zuletzt geändert durch …, as gesetze-im-internet writes them) where the
    title itself is unchanged. A new title is an amendment of the law: not metadata."""
    if old.kind == new.kind == "preamble":
        return old.text.startswith("---\n") and new.text.startswith("---\n")
    if not (old.kind == new.kind == "heading" and _md_title(old.key) and _md_title(new.key)):
        return False
    return old.text.split("\n", 1)[0].strip() == new.text.split("\n", 1)[0].strip()


def _md_title(key: tuple[Any, ...]) -> bool:
    """A Markdown document's title heading (`# …`): its key is ("md", 1, words), no parents."""
    return len(key) == 3 and key[0] == "md" and key[1] == 1


def split_units(text: str) -> list[Unit]:
    """Split a text into units; "".join(u.text for u in units) == text.

    The last few texts split are remembered (units are immutable): a law's revisions are diffed one after another,
    each revision's old text the one before's new text, and a site's pages of one version split it again."""
    return list(_split_units(text))


@functools.lru_cache(maxsize=4)
def _split_units(text: str) -> tuple[Unit, ...]:
    return tuple(_split(text))


def _split(text: str) -> list[Unit]:
    lines = text.splitlines(keepends=True)
    # Only lines that begin with a starter, a full-width character (not a digit: ２　... is a paragraph) or
    # indentation can start a unit: their first characters looked up in a set, in C (a Python step per line was a
    # fifth of a large law's split). splitlines gives no empty line, so each has a first character.
    heads: list[_Head | None] = [None] * len(lines)
    firsts = map(operator.itemgetter(0), lines)
    candidates = list(itertools.compress(range(len(lines)), map(_MAY_START.__contains__, firsts)))
    for i in candidates:
        heads[i] = classify(lines[i])
    _mark_toc(lines, heads, candidates)
    starts: list[int] = []
    for i in candidates:
        head = heads[i]
        if head is None:
            continue
        start = i
        if head.kind == "article" and i > 0 and heads[i - 1] is None and _CAPTION.match(lines[i - 1].strip()):
            start = i - 1
        elif lines[i].startswith("#"):
            start = _fragment_before(lines, heads, i, starts[-1] if starts else -1)
        starts.append(start)
    if not starts:
        return _paragraphs(lines)
    units: list[Unit] = []
    if starts[0] > 0:
        units.append(_unit("preamble", "", (), "preamble", ("preamble",), "main", "".join(lines[: starts[0]])))
    stack: list[tuple[int, str, tuple[Any, ...]]] = []  # (level, label, key) of enclosing headings
    scope = "main"
    scope_label = ""  # the 附則 line as written, for paths; `scope` is its normalised form, for matching
    within: tuple[str, ...] = ()  # the path of the enclosing scope and headings: what an article's path begins with
    seen: dict[str, int] = {}
    bounds = [*starts, len(lines)]
    offsets = [0, *itertools.accumulate(map(len, lines))]  # where each line begins in the text
    for start, end in itertools.pairwise(bounds):
        head_index = start
        while heads[head_index] is None:  # a caption, or a heading's fragment, comes first
            head_index += 1
        head = heads[head_index]
        assert head is not None
        body = text[offsets[start] : offsets[end]]
        key = head.key
        if head.kind == "article":  # most units
            if 0 < head.level < _MD_DEEPEST and stack and stack[-1][0] >= head.level:
                # a Markdown section at its heading's depth or above it is not inside that heading: a small law's
                # `## § 1` follows `## Eingangsformel`, a sibling, and an Artikelgesetz's `## Art 3` ends its part.
                # At Markdown's deepest level it may be deeper than it can say: the BGB's `###### § 577` is inside
                # the `###### Kapitel 6` above it, written at the same depth.
                stack = [item for item in stack if item[0] < head.level]
                within = (*((scope_label,) if scope != "main" else ()), *(lab for _, lab, _ in stack))
            path: tuple[str, ...] = (*within, head.label)
            kind = "article"
        elif head.kind == "toc":  # a table of contents: one unit, in no scope, opening none
            path = (head.label,)
            kind = "heading"
        elif head.kind == "suppl":
            stack, scope, scope_label = [], head.key[1], head.label
            path = within = (head.label,)
            kind = "heading"
        elif head.kind == "heading" and head.level == 1 and head.key[0] == "md" and len(head.key) == 3:
            # a Markdown document's title (`# Strafgesetzbuch (StGB)`): the law itself, not a division of it, so it
            # is no part of its units' places and ids (a new abbreviation in the title renames no section)
            stack, path, within = [], (head.label,), ()
            kind = "heading"
        elif head.kind == "heading":
            stack = [item for item in stack if item[0] < head.level]
            prefix = (scope_label,) if scope != "main" else ()
            path = (*prefix, *(lab for _, lab, _ in stack), head.label)
            # 第一節 is only the same heading under the same chapter: its key includes its parents'.
            key = (*(k for _, _, k in stack), head.key)
            stack.append((head.level, head.label, head.key))
            within = path
            kind = "heading"
        else:  # an appendix (別表): after the last 附則 in a consolidated text, it belongs to the law, not to that 附則
            stack, scope, scope_label = [], "appendix", head.label
            path = within = (head.label,)
            kind = "article"
        uid = "/".join(path)
        n = seen[uid] = seen.get(uid, 0) + 1
        if n > 1:
            uid = f"{uid}#{n}"
        units.append(Unit(uid, head.label, path, kind, key, scope, body))
    return units


_TOC_TITLES = {
    "目次",
    "目　次",
    "목차",
    "TABLE OF CONTENTS",
    "Table of Contents",
    "Inhaltsübersicht",
    "Inhaltsverzeichnis",
}
_RANGE = Pattern(r"[（(][^（）()]*[）)]\s*$")


def _mark_toc(lines: list[str], heads: list[_Head | None], candidates: list[int]) -> None:
    """A table of contents is one unit of its own: its 第一章　総則（第一条―第三条） and 附則 lines are entries, not
    headings, and its 附則 opens no scope. It runs from its title (目次, TABLE OF CONTENTS …) to the first blank line,
    or to the line where the text repeats its first entry (the law's own first heading, without the range)."""
    for i in candidates:  # a title's first character makes its line a candidate
        if heads[i] is not None or lines[i].strip() not in _TOC_TITLES:
            continue
        first = ""
        j = i + 1
        while j < len(lines) and lines[j].strip():
            entry = _RANGE.sub("", lines[j].strip())
            if not first:
                first = entry
            elif entry == first and not lines[j][:1].isspace():
                break
            heads[j] = None
            j += 1
        heads[i] = _Head("toc", lines[i].strip(), ("toc",))
        return


def _fragment_before(lines: list[str], heads: list[_Head | None], i: int, previous: int) -> int:
    """Where a Markdown heading's unit starts: at a parenthetical paragraph of its own just above it, which a
    converter split off the heading (`(zu § 1 Abs. 1)` above `### Anlage I (nicht verkehrsfähige …)`), so that it
    is not read as the end of the section before; never a repeal stub (`(weggefallen)`), and never the only text of
    the section before (`### § 24` then `(Änderung des Strafgesetzbuchs)`: a spent amending provision), which are that
    section's."""
    k = i - 1
    while k > previous and not lines[k].strip():
        k -= 1
    if k <= previous or k == i - 1 or heads[k] is not None:
        return i
    fragment = lines[k].strip()
    if not _CAPTION.match(fragment) or _STUB.match(fragment):
        return i
    if not any(heads[m] is None and lines[m].strip() for m in range(previous + 1, k)):
        return i  # nothing else under the heading before: the parenthesis is its text
    return k


_STUB = Pattern(rf"^[(（\[]\s*({'|'.join(DELETED_MARKERS)})\.?\s*[)）\]]$", re.I)


def _unit(uid: str, label: str, path: tuple[str, ...], kind: str, key: tuple[Any, ...], scope: str, text: str) -> Unit:
    return Unit(id=uid, label=label, path=path, kind=kind, key=key, scope=scope, text=text)


def _paragraphs(lines: list[str]) -> list[Unit]:
    """Fallback: blocks of text separated by blank lines, each with the blank lines after it."""
    units: list[Unit] = []
    block: list[str] = []
    for line in lines:
        if line.strip() == "" and block and any(x.strip() for x in block):
            block.append(line)
            continue
        if block and any(x.strip() for x in block) and block[-1].strip() == "":
            units.append(_paragraph(len(units) + 1, block))
            block = []
        block.append(line)
    if block:
        units.append(_paragraph(len(units) + 1, block))
    return units


def _paragraph(n: int, block: list[str]) -> Unit:
    label = f"¶{n}"
    return _unit(label, label, (label,), "paragraph", ("¶", n), "main", "".join(block))
