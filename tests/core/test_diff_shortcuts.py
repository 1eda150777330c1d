"""Shortcuts the engine takes for speed never change what it reports (properties over generated texts)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from legistrack.diff import engine
from legistrack.diff.model import Unit
from legistrack.diff.prepared import Codec, Prepared, bag_bound, edge_bound, set_bound
from legistrack.diff.spans import diff_ops, similarity
from legistrack.diff.structure import split_units
from legistrack.diff.tokens import tokenize

# Lines of headings and words where case and Markdown marks vary: where the shortcut could go wrong.
_words = st.sampled_from(
    ["Concurrent", "CONCURRENT", "resolution", "Resolution", "§", "5", "Art", "ÄNDERUNG", "änderung"]
)
_line = st.builds(
    lambda marks, words: "#" * marks + (" " if marks else "") + " ".join(words),
    st.integers(0, 4),
    st.lists(_words, min_size=1, max_size=4),
)
_text = st.lists(_line, min_size=1, max_size=4).map(lambda lines: "\n".join(lines) + "\n")


def _pair(a: str, b: str, kind: str) -> tuple[Prepared, Prepared]:
    codec = Codec()
    return (
        Prepared(Unit("u", "", ("u",), kind, (), "main", a), codec),
        Prepared(Unit("u", "", ("u",), kind, (), "main", b), codec),
    )


@settings(max_examples=400)
@given(_text, _text, st.sampled_from(["heading", "article", "preamble"]))
def test_the_token_diff_shortcut_gives_the_full_comparison_s_answer(a: str, b: str, kind: str) -> None:
    """`_same_but_markup` asks the token diff first (tokens one side lacks must be, lowercased, those the other
    lacks, Markdown marks aside); with the diff made or not, the answer is the same."""
    slow_old, slow_new = _pair(a, b, kind)
    expected = engine._same_but_markup(slow_old, slow_new)  # no diff made: the full comparison alone
    fast_old, fast_new = _pair(a, b, kind)
    diff_ops(fast_old, fast_new)  # as the alignment leaves it
    assert engine._same_but_markup(fast_old, fast_new) == expected


# Units of a few words from a small vocabulary, in any order and number: pairs from unrelated to the same.
_body = st.lists(st.sampled_from(["甲", "乙", "丙", "の", "第一条", "Absatz", "der", "1.", "(a)"]), max_size=40).map(
    lambda words: " ".join(words)
)


@settings(max_examples=400)
@given(_body, _body, st.sampled_from([0.5, 0.6, 0.9]))
def test_the_bounds_never_refuse_a_pair_the_measure_accepts(a: str, b: str, bar: float) -> None:
    """similarity skips the diff when a bound says the pair cannot reach the bar: both bounds are upper bounds, so
    a pair as similar as the bar is never refused, and the answer with the bar is the answer without it."""
    old, new = _pair(a, b, "article")
    exact = similarity(old, new)
    assert set_bound(old, new) >= exact - 1e-9 and bag_bound(old, new) >= exact - 1e-9
    # the lower bound that skips them is one of the longest common subsequence, which both upper bounds bound
    lower, total = edge_bound(old, new), len(old.content) + len(new.content)
    assert lower <= (2 * _lcs(old.content, new.content) / total if total else 1.0) + 1e-9
    assert lower <= min(set_bound(old, new), bag_bound(old, new)) + 1e-9
    old, new = _pair(a, b, "article")
    bounded = similarity(old, new, bar)
    assert bounded == exact if exact >= bar else bounded < bar


def _lcs(x: str, y: str) -> int:
    row = [0] * (len(y) + 1)
    for ch in x:
        diagonal = 0
        for k, other in enumerate(y, start=1):
            diagonal, row[k] = row[k], diagonal + 1 if ch == other else max(row[k], row[k - 1])
    return row[-1]


# Texts where a piece could be cut wrongly: line breaks of every kind, blank and indented lines, a counter after a
# number (the tokenizer's lookbehind), words with apostrophes, kanji runs and the words that end them.
_piece = st.sampled_from(
    ["第一条", "三十", "日", "年", "又は", "以内", "法律", "the", "don't", "1.5", "２", "（", "」", "#", "- "]
)
_space = st.sampled_from(["", " ", "  ", "\t", "\u3000", "\n", "\n\n", "\n  ", "\r\n", "\u2028", "\x1c", "\n\u3000"])
_pieces_text = st.lists(st.tuples(_piece, _space), max_size=30).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=500)
@given(st.tuples(_space, _pieces_text).map("".join), _pieces_text, st.booleans())
def test_a_unit_read_piece_by_piece_is_read_as_a_whole(a: str, b: str, raw: bool) -> None:
    """Prepared reads a text in pieces cut before each line that starts with no whitespace, and reuses the pieces
    the other version shares: its tokens, line counts and encoding are those of the whole text, tokenized at once."""
    old, new = _pair(a, b, "article")
    if raw:
        old._codec.raw = new._codec.raw = old.raw = new.raw = True
    whole = Codec(raw)
    for unit, text in ((old, a), (new, b)):
        tokens = tokenize(text)
        assert unit.tokens == tokens
        ends = [k for k, token in enumerate(tokens, start=1) if "\n" in token]
        if tokens and (not ends or ends[-1] != len(tokens)):
            ends.append(len(tokens))
        assert unit.lines == [y - x for x, y in itertools.pairwise([0, *ends])]
        assert unit.encoded == whole.encode(tokens)


@settings(max_examples=200)
@given(st.text(alphabet="aAbBäÄ §#", max_size=12), st.text(alphabet="aAbBäÄ §#", max_size=12))
def test_ascii_case_folding_is_the_table_s(a: str, b: str) -> None:
    table = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    assert engine._same_ascii_case_folded(a, b) == (a.translate(table) == b.translate(table))


def test_split_units_remembers_a_text_without_sharing_its_list() -> None:
    text = "第一条　甲\n\n第二条　乙\n"
    first = split_units(text)
    first.append(first[0])  # a caller's list is its own
    again = split_units(text)
    assert len(again) == 2 and again[0] is first[0]  # the same immutable units


def test_the_lines_that_may_start_a_unit_include_every_indentation() -> None:
    """split_units looks a line's first character up in a set: indentation is every whitespace but the line feed."""
    from legistrack.diff.structure import _INDENT

    assert {c for c in map(chr, range(0x110000)) if c.isspace()} - {"\n"} == _INDENT


def test_the_codec_gives_the_nth_new_token_the_nth_private_character() -> None:
    """Codec.__missing__ writes private_char out: both agree on either side of the Basic Multilingual Plane's end."""
    from legistrack.diff.prepared import private_char

    codec = Codec()
    tokens = [f"w{n} " for n in range(6500)]
    assert codec.encode(tokens) == "".join(map(private_char, range(6500)))


def test_a_unit_and_its_change_are_records_compared_hashed_and_pickled_by_their_fields() -> None:
    """Unit and UnitChange are slotted records (frozen to mypy, which the suite runs): equal fields, equal records
    and hashes, whatever object holds them; a worker's pickled diff comes back equal."""
    import pickle

    from legistrack.diff.model import UnitChange

    a = Unit("u", "第一条", ("第一条",), "article", ("条", 1), "main", "第一条　本文\n")
    b = Unit("u", "第一条", ("第一条",), "article", ("条", 1), "main", "第一条　本文\n")
    change = UnitChange("unchanged", a, b, (("=", a.text),), at=(0, 0))
    assert a == b and hash(a) == hash(b) and a is not b
    assert {change: 1}[UnitChange("unchanged", b, a, (("=", a.text),), at=(0, 0))] == 1
    assert pickle.loads(pickle.dumps(change)) == change
    assert not hasattr(a, "__dict__")  # slotted: no field can be added by mistake


def test_indented_lines_go_on_the_piece_of_the_line_above_them() -> None:
    """Paragraphs indented with an ideographic space (or blank lines) are no cut: a unit of 20,000 of them is one
    piece (joined once, not grown line by line), and the pieces always give the text back."""
    from legistrack.diff.prepared import _chunked

    text = "第一条\n" + "　この法律の規定は、次の各号に掲げる者に適用する。\n\n" * 10_000 + "第二条　次条\n"
    pieces = _chunked(text)
    assert len(pieces) == 2 and "".join(pieces) == text and pieces[1] == "第二条　次条\n"
