"""Inside a pair of units: the token-level diff (fast-diff-match-patch on token-encoded strings, line by line first
for long units, items matched before their words) as spans."""

from __future__ import annotations

import itertools
from collections import Counter

import fast_diff_match_patch as dmp

from .model import (
    DELETE,
    EQUAL,
    INSERT,
    Span,
)
from .prepared import Prepared, bag_bound, edge_bound, private_char, set_bound

BAG_ABOVE = 200  # tokens on each side above which similarity first checks shared token counts
LINE_MODE_ABOVE = 400  # tokens on each side above which two units are diffed line by line first


# The label of an item or paragraph at the start of a line, then its spaces:
# 一　, 七の九　, ２　, イ　, （１）　, (a) , (1) , and German and Korean numbers and letters: 1. , 1a. , a) , 가. .


ITEM_SIMILAR = 0.5  # an old item and a new one this similar (labels aside) are the same item, renumbered or edited


def _ops(x: str, y: str, cleanup: str, a: Prepared | None = None, b: Prepared | None = None) -> list[tuple[str, int]]:
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
            out.append(lines.setdefault(part, private_char(len(lines))))
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


def diff_ops(a: Prepared, b: Prepared) -> list[tuple[str, int]]:
    """The token diff of two units with semantic cleanup, computed once per pair (alignment, then display)."""
    ops = a.diffs.get(id(b))
    if ops is None:
        ops = a.diffs[id(b)] = _ops(a.encoded, b.encoded, "Semantic", a, b)
    return ops


def token_spans(old: Prepared, new: Prepared, cleanup: str = "Semantic") -> list[Span]:
    ops = diff_ops(old, new) if cleanup == "Semantic" else _ops(old.encoded, new.encoded, cleanup, old, new)
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


def similarity(a: Prepared, b: Prepared, at_least: float = 0.0) -> float:
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
    # Bounds first: most pairs below the bar are unrelated units that share a rare word, and their diff is the
    # expensive case. Counts bound the common subsequence (long units: a multiset's counting pays for itself), which
    # tokens each side has at all bound it more loosely for less (short units).
    # A pair whose shared beginning and end reach the bar passes any upper bound: no bound is computed for it.
    if (
        at_least
        and edge_bound(a, b) < at_least
        and (bag_bound if min(len(x), len(y)) > BAG_ABOVE else set_bound)(a, b) < at_least
    ):
        return 0.0
    # The token diff that _change will show is computed once and reused; only the content counts (whitespace
    # tokens are not content).
    common, at, strip = 0, 0, a._codec.without_spaces
    for op, n in diff_ops(a, b):
        if op == EQUAL:
            common += len(strip(a.encoded[at : at + n]))
        if op != INSERT:
            at += n
    return float(2 * common / total)
