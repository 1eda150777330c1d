"""Tokens a reader sees as units, in any script, and the normalisation that makes formatting invisible.

Japanese has no spaces, so tokens are runs of one script: kanji, hiragana, katakana; kanji numerals are their own
run so 「三十日以内」→「六十日以内」 changes 三十 alone. Latin words, digits, Hangul syllables and whitespace runs are
tokens; every other character (punctuation) is a token by itself. bench/ compares this with character diffs and
a morphological tokenizer. Concatenating the tokens always gives the text back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..numerals import KANJI_NUMERAL_CHARS


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

_TOKEN = re.compile(
    r"\s+"
    r"|[A-Za-zＡ-Ｚａ-ｚÀ-ɏ]+(?:['’][A-Za-zＡ-Ｚａ-ｚÀ-ɏ]+)*"
    r"|[0-9０-９]+(?:[.,][0-9０-９]+)*"
    rf"|[{KANJI_NUMERAL_CHARS}]+"
    rf"|[{KANJI_CLASS}]+"
    r"|[\u3041-\u309f]+"
    r"|[\u30a0-\u30ffｦ-ﾟー]+"
    r"|[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+"
    r"|.",
    re.DOTALL,
)

# Punctuation variants that print differently but mean the same.
_PUNCT = str.maketrans({"―": "-", "‐": "-", "−": "-", "–": "-", "—": "-", "〜": "~", "～": "~", "“": '"', "”": '"',
                        "‘": "'", "’": "'", "､": "、", "｡": "。"})  # fmt: skip


def tokenize(text: str) -> list[str]:
    """Split text into tokens; "".join(tokenize(t)) == t."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=65536)
def normalize_token(token: str) -> str:
    """The form compared when formatting is ignored: NFKC width, one space for any whitespace, unified punctuation."""
    if token.isspace():
        return " "
    return unicodedata.normalize("NFKC", token).translate(_PUNCT)


def normalize_text(text: str) -> str:
    """The whole text as compared when formatting is ignored."""
    return "".join(normalize_token(t) for t in tokenize(text)).strip()
