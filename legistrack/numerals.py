"""Numerals as law writes them: kanji (二十八, 二〇二五), Roman (XIV), and the digits in labels."""

from __future__ import annotations

import functools

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

KANJI_NUMERAL_CHARS = "〇零一二三四五六七八九十百千"


def kanji_to_int(text: str) -> int:
    """Convert a kanji numeral (二十八, 千九百, 一〇五) to an int."""
    if not text or any(ch not in _KANJI_DIGITS and ch not in _KANJI_UNITS for ch in text):
        raise ValueError(f"not a kanji numeral: {text!r}")
    if all(ch in _KANJI_DIGITS for ch in text):  # positional: 二〇二五
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _KANJI_UNITS[ch]
            digit = None
    return total + (digit or 0)


def roman_to_int(text: str) -> int:
    """Convert a Roman numeral (XIV) to an int."""
    upper = text.upper()
    if not upper or any(ch not in _ROMAN for ch in upper):
        raise ValueError(f"not a Roman numeral: {text!r}")
    total = 0
    for i, ch in enumerate(upper):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(upper) and _ROMAN[upper[i + 1]] > value else value
    return total


@functools.lru_cache(maxsize=4096)
def number(text: str) -> int:
    """A label number in any of the forms: 16, １６, 十六, XVI (remembered: a law writes the same few hundred
    numbers in every label, and both texts of a diff write them again)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        return kanji_to_int(text)
    except ValueError:
        return roman_to_int(text)
