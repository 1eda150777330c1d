"""Shortcuts the engine takes for speed never change what it reports (properties over generated texts)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from legistrack.diff import engine
from legistrack.diff.model import Unit
from legistrack.diff.prepared import Codec, Prepared, bag_bound, set_bound
from legistrack.diff.spans import diff_ops, similarity
from legistrack.diff.structure import split_units

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
    old, new = _pair(a, b, "article")
    bounded = similarity(old, new, bar)
    assert bounded == exact if exact >= bar else bounded < bar


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
