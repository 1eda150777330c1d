"""Diff two versions of a text: split into units, align them, then diff tokens inside each pair.

Each unit is made ready once (prepared.py: its tokens, encoded; its body without the label), the units of the two
versions are aligned in steps (align.py: identical texts, identical bodies, same label, similar content, same label
rewritten; pairs out of order are moved), and inside a pair tokens (see tokens.py) are compared after
normalisation (width, whitespace, punctuation) unless `raw` (spans.py): fast-diff-match-patch (C++) computes the
diff with no time limit (its default silently gives up and returns one hunk) on token-encoded strings, with
semantic cleanup. Pairs too dissimilar to read as edits are shown as replaced, not diffed; a repeal stub (第九条
削除) shows its number and the words that replace the text.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from ..patterns import Pattern
from ..textio import sha256_text
from .align import align, out_of_order, settle_renumbering
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
from .prepared import Codec, Prepared, bag_bound
from .spans import similarity, token_spans
from .structure import metadata_change, number_changed, split_units
from .tokens import normalize_token, normalize_tokens, tokenize

REPLACED_BELOW = 0.2  # a pair less similar than this is shown as replaced, not diffed


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


def _same_ascii_case_folded(a: str, b: str) -> bool:
    """Whether two strings differ at most in the case of ASCII letters. `str.lower` first: it is C all along and
    rejects the usual pair (a change of words) at once; the table translation, a dictionary lookup per character,
    runs only for pairs that might be equal, to keep non-ASCII case (Ä / ä) a difference."""
    return len(a) == len(b) and a.lower() == b.lower() and a.translate(_ASCII_LOWER) == b.translate(_ASCII_LOWER)


_MD_MARKER = Pattern(r"(?m)^#+[ \t]*")


def _same_but_markup(old: Prepared, new: Prepared) -> bool:
    """Two renderings of one unit: a Markdown heading's level marks (### § 5 / #### § 5), or, in a heading or the
    preamble, the case of ASCII letters alone (A Bill / A BILL). Formatting, as whitespace and width are."""
    if old.raw or abs(len(old.unit.text) - len(new.unit.text)) > 16 + len(new.unit.text) // 8:
        return False
    if not _marks_or_case_alone(old, new):
        return False
    a, b = normalize_tokens(old.tokens).strip(), normalize_tokens(new.tokens).strip()
    if _MD_MARKER.sub("", a) == _MD_MARKER.sub("", b):
        return True
    if old.unit.kind in ("heading", "preamble") and new.unit.kind == old.unit.kind:
        return _same_ascii_case_folded(a, b)
    return _same_ascii_case_folded(a, b) and _capitals_only(old.unit.text, new.unit.text)


def _marks_or_case_alone(old: Prepared, new: Prepared) -> bool:
    """What the token diff the alignment already made (if it made one) says of `_same_but_markup`: two renderings
    differ only in tokens that are heading marks (#) or the same word in another case, so the tokens one side lacks
    are, lowercased, the tokens the other lacks (whatever the diff kept in common, it kept on both sides). False
    rules them out without normalising two long units; True leaves the answer to the full comparison."""
    ops = old.diffs.get(id(new))
    if ops is None:
        return True
    gone: Counter[str] = Counter()
    came: Counter[str] = Counter()
    i = j = 0
    for op, n in ops:
        if op == EQUAL:
            i, j = i + n, j + n
        elif op == DELETE:
            gone.update(normalize_token(t).lower() for t in old.tokens[i : i + n])
            i += n
        else:
            came.update(normalize_token(t).lower() for t in new.tokens[j : j + n])
            j += n
    for mark in ("#", " "):  # heading marks, and a whitespace run at the start of a unit (stripped alike)
        gone.pop(mark, None)
        came.pop(mark, None)
    return gone == came


def _capitals_only(a: str, b: str) -> bool:
    """Two renderings that differ only where one sets a line in capitals: a printed heading (CONCURRENT RESOLUTION
    in the engrossed resolution, Concurrent Resolution in the enrolled one; SEC. 2. SHORT TITLE. / Sec. 2. Short
    title.). A change of case inside a line set in ordinary case is a change of words: not this."""
    old_lines = [" ".join(line.split()) for line in a.splitlines() if line.strip()]
    new_lines = [" ".join(line.split()) for line in b.splitlines() if line.strip()]
    if len(old_lines) != len(new_lines):
        return False
    return all(
        x == y or (_same_ascii_case_folded(x, y) and (x.isupper() or y.isupper()))
        for x, y in zip(old_lines, new_lines, strict=True)
    )


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


def _change(
    old: Prepared | None, new: Prepared | None, renumbered: bool, moved: bool, at: tuple[int, int]
) -> UnitChange:
    """How `old` became `new` (either None: inserted, deleted); `at` is where each sits in its text (UnitChange.at)."""
    if old is None:
        assert new is not None
        return UnitChange(INSERTED, None, new.unit, ((INSERT, new.unit.text),) if new.unit.text else (), at=at)
    if new is None:
        return UnitChange(DELETED, old.unit, None, ((DELETE, old.unit.text),) if old.unit.text else (), at=at)
    if old.unit.text == new.unit.text:
        return UnitChange(UNCHANGED, old.unit, new.unit, ((EQUAL, old.unit.text),), moved=moved, at=at)
    if renumbered and old.raw_body == new.raw_body:
        label_spans = _label_spans(old.unit, new.unit)
        if label_spans is not None:  # only the number changed: diff the labels alone
            return UnitChange(UNCHANGED, old.unit, new.unit, label_spans, renumbered=True, moved=moved, at=at)
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
        replaced = bag_bound(old, new) < REPLACED_BELOW
    spans: list[Span] = []
    if marker:
        spans = _stub_spans(old.unit, new.unit, both=stubs)
    elif not replaced:
        spans = token_spans(old, new, "Semantic")
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
        at=at,
    )


def _merged_stub(old: Sequence[Prepared], new: Sequence[Prepared], new_for_old: dict[int, int], i: int) -> bool:
    """Whether old unit `i`, unpaired, is a stub already repealed that the new text only reshapes into a run stub
    (第十条　削除 / 第十一条　削除 -> 第十条及び第十一条　削除). The run stub is paired with the first stub of the run,
    and every unit between them is a stub too: nothing was repealed (a unit with text taken in is a repeal)."""
    if old[i].raw or not old[i].deleted_marker:
        return False
    k = i - 1
    while k >= 0 and k not in new_for_old:
        if not old[k].deleted_marker:
            return False
        k -= 1
    if k < 0:
        return False
    first, run = old[k], new[new_for_old[k]]
    return first.deleted_marker and run.deleted_marker and first.unit.label != run.unit.label


def _stub_taken_in(old: Prepared, i: int) -> UnitChange:
    """A stub now covered by a run stub (第十一条　削除 in 第十条及び第十一条　削除): repealed before and still, so
    unchanged in substance; its separate line is gone, which is formatting (shown with --raw)."""
    text = old.unit.text
    return UnitChange(UNCHANGED, old.unit, None, ((DELETE, text),) if text else (), formatting_only=True, at=(i, -1))


def diff_units(old_units: Sequence[Unit], new_units: Sequence[Unit], raw: bool = False) -> list[UnitChange]:
    """Align two unit lists and diff every pair; the result is in the new text's order, deletions in place."""
    codec = Codec(raw)
    old = [Prepared(u, codec) for u in old_units]
    new = [Prepared(u, codec) for u in new_units]
    pairs = settle_renumbering(old, new, align(old, new))
    moved = out_of_order(pairs)
    old_for_new = {j: i for i, j in pairs}
    paired_old = {i for i, _ in pairs}
    new_for_old = {i: j for i, j in pairs}
    changes: list[UnitChange] = []
    next_old = 0

    def emit_deleted_before(limit: int) -> None:
        nonlocal next_old
        while next_old < limit:
            if next_old not in paired_old:
                if _merged_stub(old, new, new_for_old, next_old):
                    changes.append(_stub_taken_in(old[next_old], next_old))
                else:
                    changes.append(_change(old[next_old], None, False, False, (next_old, -1)))
            next_old += 1

    for j, p in enumerate(new):
        i = old_for_new.get(j)
        if i is None:
            changes.append(_change(None, p, False, False, (-1, j)))
            continue
        if i not in moved:
            emit_deleted_before(i)
            next_old = max(next_old, i + 1)
        renumbered = p.unit.kind in ("article", "heading") and number_changed(old[i].unit.key, p.unit.key)
        change = _change(old[i], p, renumbered, i in moved, (i, j))
        if change.status == MODIFIED and metadata_change(old[i].unit, p.unit):
            change = dataclasses.replace(change, metadata=True)
        changes.append(change)
    emit_deleted_before(len(old))
    return changes


def _stats(changes: Sequence[UnitChange]) -> Stats:
    counts = {UNCHANGED: 0, MODIFIED: 0, INSERTED: 0, DELETED: 0}
    inserted = deleted = metadata = 0
    for c in changes:
        if c.metadata:  # counted apart: a change of the title block is no amendment of the provisions
            metadata += 1
            continue
        counts[c.status] += 1
        if len(c.spans) == 1 and c.spans[0][0] == EQUAL:  # most units: the same text, nothing to count
            continue
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
        metadata=metadata,
    )


def diff_texts(
    old_text: str,
    new_text: str,
    old_label: str = "old",
    new_label: str = "new",
    raw: bool = False,
    sha256: tuple[str | None, str | None] = (None, None),
) -> Diff:
    """Diff two versions of a text, article by article. `sha256`: each text's, where the caller has it already (the
    hash of the file a text was read from as it is); computed where None."""
    old_side = Side(old_label, sha256[0] or sha256_text(old_text))
    new_side = Side(new_label, sha256[1] or sha256_text(new_text))
    if old_text == new_text:
        units = split_units(old_text)
        changes = [UnitChange(UNCHANGED, u, u, ((EQUAL, u.text),), at=(k, k)) for k, u in enumerate(units)]
        return Diff(old_side, new_side, tuple(changes), _stats(changes), identical=True, raw=raw)
    changes = diff_units(split_units(old_text), split_units(new_text), raw)
    return Diff(old_side, new_side, tuple(changes), _stats(changes), identical=False, raw=raw)
