"""Tokens a reader sees as units, in any script, and the normalisation that makes formatting invisible.

Japanese has no spaces, so tokens are runs of one script: kanji, hiragana, katakana; kanji numerals are their own
run so 「三十日以内」→「六十日以内」 changes 三十 alone. Legal drafting's small closed vocabulary cuts kanji runs
further, as a dictionary would: 第 before a number and counters after one (第五十七号, 三十日, 十六条), the
range words 以上・以下・以内・以外・以前・以後・未満, and the conjunctions 又は・及び・並びに・若しくは (and 等), so
「懲役又は」→「拘禁刑又は」 changes 懲役 alone. Latin words, digits and Hangul syllables are tokens; every other
character (punctuation) is a token by itself; each token carries the whitespace that follows it. bench/ja_tokens.py
compares this with characters and with morphological tokenizers (fugashi + UniDic, Sudachi). Concatenating the
tokens always gives the text back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ..numerals import KANJI_NUMERAL_CHARS
from ..patterns import Pattern


def _without(ranges: list[tuple[str, str]], chars: str) -> str:
    """A regex character class body: the code point ranges except `chars`."""
    out = []
    for lo, hi in ranges:
        start = ord(lo)
        for cut in sorted(ord(c) for c in chars if lo <= c <= hi):
            if cut > start:
                out.append(f"{chr(start)}-{chr(cut - 1)}")
            start = cut + 1
        if start <= ord(hi):
            out.append(f"{chr(start)}-{hi}")
    return "".join(out)


# Kanji other than the numerals, as one class: a lookahead per character would cost twice as much.
_CJK = [("\u4e00", "\u9fff"), ("\u3400", "\u4dbf"), ("\uf900", "\ufaff")]
KANJI_CLASS = _without(_CJK, KANJI_NUMERAL_CHARS) + "々〆ヶ"

_NUMBER = f"0-9０-９{KANJI_NUMERAL_CHARS}"
_BOUND = "第以未又及並若等"  # the prefix 第 and kanji that start a range word or a conjunction: they end a run
_RUN = _without(_CJK, KANJI_NUMERAL_CHARS + _BOUND) + "々〆ヶ"

# A token is a word, number, script run or punctuation mark with the whitespace after it (a run of whitespace is a
# token of its own only where nothing comes before it: at the start of a text). English has half as many tokens
# that way, and every step of a diff costs per token; normalisation drops the whitespace, so "word " and
# "word\n" are the same token unless --raw. Words come first in the pattern: most tokens are words.
_TOKEN = Pattern(
    r"(?:[A-Za-zＡ-Ｚａ-ｚÀ-ɏ]+(?:['’][A-Za-zＡ-Ｚａ-ｚÀ-ɏ]+)*"
    r"|[0-9０-９]+(?:[.,][0-9０-９]+)*"
    rf"|[{KANJI_NUMERAL_CHARS}]+"
    rf"|(?<=[{_NUMBER}])[年月日時条項号章節款目編回人円件歳倍割]"
    r"|以上|以下|以内|以外|以前|以後|未満"
    rf"|[{_RUN}]+"
    rf"|[{_BOUND}]"
    r"|[\u3041-\u309f]+"
    r"|[\u30a0-\u30ffｦ-ﾟー]+"
    r"|[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+"
    r"|\S)\s*"
    r"|\s+",
)
# Punctuation variants that print differently but mean the same.
_PUNCT = str.maketrans(
    {
        "―": "-",
        "‐": "-",
        "−": "-",
        "–": "-",
        "—": "-",
        "〜": "~",
        "～": "~",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "､": "、",
        "｡": "。",
    }
)


def tokenize(text: str) -> list[str]:
    """Split text into tokens; "".join(tokenize(t)) == t."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=65536)
def normalize_token(token: str) -> str:
    """The form compared when formatting is ignored: NFKC width, unified punctuation, no whitespace after it (a
    whitespace token is one space)."""
    if token.isascii():  # NFKC and _PUNCT leave ASCII as it is
        return token.rstrip() or " "
    if token.isspace():
        return " "
    return unicodedata.normalize("NFKC", token).translate(_PUNCT).rstrip() or " "


@lru_cache(maxsize=65536)
def _spaced(token: str) -> str:
    """The normalised token with one space for the whitespace after it."""
    key = normalize_token(token)
    return key + " " if key != " " and token[-1].isspace() else key


def normalize_tokens(tokens: Iterable[str]) -> str:
    """Tokens joined as compared when formatting is ignored: one space for any run of whitespace."""
    return "".join(map(_spaced, tokens))


def normalize_text(text: str) -> str:
    """The whole text as compared when formatting is ignored, without whitespace at either end."""
    return normalize_tokens(tokenize(text)).strip()
