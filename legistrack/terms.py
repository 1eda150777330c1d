"""The terms a provision defines, read from the drafting forms laws use to define them.

Japanese statutes define a term in two forms: 「「個人情報」とは、…をいう。」 (a definition article), and a name with
its short form in brackets, 「人工知能戦略本部（以下「本部」という。）を置く」 (the provision that sets the thing up).
The Japanese Law Translation writes the second form `An artificial intelligence strategic headquarters (referred to
below as the "headquarters")`, US and UK drafting `(hereinafter referred to as the "Board")` and `"term" means`.
A reader who searches a term is looking first for the provision that defines it (the search page ranks it first);
quoted text of another law (「…（以下「審理員」という。）」とあるのは…, a 読替え) defines nothing here and is skipped.
"""

from __future__ import annotations

import re

_KANJI_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u30a0-\u30ffー・々〆ヶ]+$")
_JA_SHORT = re.compile(r"（以下(?:[^「」（）]{0,20})?「([^「」]{1,40})」という。?）")
_JA_MEANS = re.compile(r"「([^「」]{1,40})」とは、")
_EN_SHORT = re.compile(
    r"\((?:referred to below as|hereinafter(?: referred to as)?|hereafter referred to as)\s+(?:the |a |an )?"
    r"[\"“]([^\"”]{1,60})[\"”]"
)
_EN_MEANS = re.compile(r"[\"“]([^\"”]{1,60})[\"”] means\b")
# where the name before "(referred to below as …)" begins: after punctuation, an article or a verb of setting up
_EN_NAME_START = re.compile(r"[,;:.()]|\b(?:an?|the|of|for|is|are|established?|establishes)\b", re.I)


def defined_terms(text: str) -> list[str]:
    """The terms a unit's text defines, in the order it defines them (each once): the long name and its short form."""
    found: list[str] = []
    for m in _JA_MEANS.finditer(text):
        if _depth_at(text, m.start()) == 0:
            found.append(m.group(1))
    for m in _JA_SHORT.finditer(text):
        if _depth_at(text, m.start()) != 0:
            continue  # inside a quotation: another law's words, read in (読替え)
        # the name is the word run before the brackets; a short form is shorter than what it stands for, so a
        # run no longer than it is the tail of a longer phrase (その利用の目的（以下「利用目的」…）: not a name)
        run = _KANJI_RUN.search(text[: m.start()])
        if run and len(run.group(0)) > len(m.group(1)):
            found.append(run.group(0))
        found.append(m.group(1))
    for m in _EN_SHORT.finditer(text):
        # the name is the phrase before the brackets, where it holds the short form (a "headquarters" is an
        # "artificial intelligence strategic headquarters"); otherwise the phrase is something else
        name = str(_EN_NAME_START.split(text[max(0, m.start() - 120) : m.start()])[-1]).strip()
        if name and len(name.split()) <= 8 and m.group(1).lower() in name.lower():
            found.append(name)
        found.append(m.group(1))
    found.extend(m.group(1) for m in _EN_MEANS.finditer(text))
    return list(dict.fromkeys(t.strip() for t in found if len(t.strip()) >= 2))


def _depth_at(text: str, at: int) -> int:
    """How many 「…」 quotations are open at `at`."""
    depth = 0
    for ch in text[:at]:
        if ch == "「":
            depth += 1
        elif ch == "」" and depth:
            depth -= 1
    return depth
