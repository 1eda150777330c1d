"""Text renderers of a Diff: terminal (word-diff style), unified text, JSON.

The HTML layouts (inline redline, side by side, 新旧対照表) are templates of the site (site/templates/_diff.html),
rendered by site/render.py for the site's pages and for `legistrack diff --format html`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from ..patterns import Pattern
from .digest import digest
from .model import DELETE, EQUAL, INSERT, Diff, Span, UnitChange, new_text, old_text, reading_order

RED, GREEN, CYAN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[0m"


FORMATTING_NAMED = 20  # formatting-only units named under the counts; the rest are counted


def _name(change: UnitChange) -> str:
    """A unit as a reader cites it: its label (§ 13a, 第九条), else its heading's name, else (preamble)."""
    unit = change.new or change.old
    assert unit is not None
    return unit.label or (unit.path[-1] if unit.path else "") or "(preamble)"


def _title(change: UnitChange) -> str:
    old, new = change.old, change.new
    if old and new and old.label != new.label:
        name = f"{old.label or '(preamble)'} → {new.label or '(preamble)'}"
    else:
        unit = new or old
        assert unit is not None
        name = "/".join(unit.path) or "(preamble)"
    flags = ["metadata, not the provisions" if change.metadata else change.status]
    if change.renumbered:
        flags.append("renumbered")
    if change.moved:
        flags.append("moved")
    if change.formatting_only:
        flags.append("formatting only")
    if change.replaced:
        flags.append("replaced")
    return f"{name} ({', '.join(flags)})"


def summary(diff: Diff) -> str:
    """One line of counts: units modified, inserted, deleted ... and characters."""
    s = diff.stats
    parts = [f"{s.modified} modified", f"{s.inserted} inserted", f"{s.deleted} deleted", f"{s.unchanged} unchanged"]
    if s.renumbered:
        parts.append(f"{s.renumbered} renumbered")
    if s.moved:
        parts.append(f"{s.moved} moved")
    if s.formatting_only:
        parts.append(f"{s.formatting_only} formatting only")
    if s.metadata:
        parts.append(f"{s.metadata} metadata")
    return f"{', '.join(parts)}; +{s.chars_inserted} −{s.chars_deleted} characters"


# The parts of a law, in the words of the law the text is in (a Korean act's 본칙 and 부칙, not Japan's 本則 and 附則)
_SCOPE_NAMES = {
    "main": "main provisions",
    "suppl": "supplementary provisions",
    "appendix": "appended tables",
}
_SCOPE_WORDS = {
    "ja": {"main": "本則", "suppl": "附則", "appendix": "別表"},
    "ko": {"main": "본칙", "suppl": "부칙", "appendix": "별표"},
}
_HANGUL = Pattern(r"[\uac00-\ud7a3]")
_KANJI_KANA = Pattern(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _scope_words(diff: Diff) -> dict[str, str]:
    """What each part is called, as the law's own labels show its language: 第一条 (Japanese), 제1조 (Korean)."""
    for change in diff.units:
        unit = change.new or change.old
        if unit is None or not unit.label:
            continue
        if _HANGUL.search(unit.label):
            words = _SCOPE_WORDS["ko"]
        elif _KANJI_KANA.search(unit.label):
            words = _SCOPE_WORDS["ja"]
        else:
            return dict(_SCOPE_NAMES)
        return {scope: f"{name} ({words[scope]})" for scope, name in _SCOPE_NAMES.items()}
    return dict(_SCOPE_NAMES)


def digest_lines(diff: Diff, color: bool = False) -> list[str]:
    """Under the counts: the main and the supplementary provisions counted apart (where a text has both), and a
    substitution made in many places once, with its count (`[-禁錮-]{+拘禁刑+} ×10`)."""
    d = digest(diff, substitutions=6)
    lines = []
    if d["scopes"]:
        names = _scope_words(diff)
        lines.append(
            "; ".join(
                f"{names[row['scope']]}: "
                + ", ".join(f"{row[status]} {status}" for status in ("modified", "inserted", "deleted") if row[status])
                for row in d["scopes"]
            )
        )
    if d["substitutions"]:
        marks = [
            (f"{RED}{s['old']}{RESET}{GREEN}{s['new']}{RESET}" if color else f"[-{s['old']}-]{{+{s['new']}+}}")
            + f" ×{s['count']}"
            for s in d["substitutions"]
        ]
        lines.append("the same substitution in several places: " + ", ".join(marks))
    return lines


def render_terminal(diff: Diff, color: bool = False, context: int | None = 3) -> str:
    """Changed units with word-diff marks: colours on a terminal, [-deleted-]{+inserted+} otherwise; unchanged lines
    more than `context` lines from a change are folded into one line that says how many (None: whole units)."""
    out = [f"--- {diff.old.label}  sha256:{diff.old.sha256}", f"+++ {diff.new.label}  sha256:{diff.new.sha256}"]
    if diff.identical:
        out.append("identical")
        return "\n".join(out) + "\n"
    out.append(summary(diff))
    out.extend(digest_lines(diff, color))
    # Formatting is not an amendment: a unit whose only change is formatting is named, its bytes are for --raw
    # (a raw diff has no formatting-only units: every byte counts).
    formatting = [change for change in diff.units if change.formatting_only and not change.changed]
    if formatting:
        names = [_name(change) for change in formatting]
        shown = ", ".join(names[:FORMATTING_NAMED]) + (
            f" and {len(names) - FORMATTING_NAMED} more" if len(names) > FORMATTING_NAMED else ""
        )
        out.append(f"formatting only (--raw shows it): {shown}")
    for change in reading_order(diff.units):
        if not change.changed:
            continue
        head = f"@@ {_title(change)} @@"
        out.append("")
        out.append(f"{CYAN}{head}{RESET}" if color else head)
        body = []
        spans = change.spans if diff.raw else readable(change.spans)
        for op, text in hunks(spans, context):
            if op == FOLD:
                lines = folded_lines(text)
                marker = f"⋯ {lines} unchanged line{'s' if lines != 1 else ''} ⋯"
                body.append((f"{CYAN}{marker}{RESET}" if color else marker) + ("\n" if text.endswith("\n") else ""))
            elif op == EQUAL:
                body.append(text)
            elif color:
                body.append(f"{RED if op == DELETE else GREEN}{text}{RESET}")
            else:
                body.append(f"[-{text}-]" if op == DELETE else f"{{+{text}+}}")
        out.append("".join(body).rstrip("\n"))
    return "\n".join(out) + "\n"


def render_unified(diff: Diff, context: int | None = 3) -> str:
    """A unified diff, one hunk group per changed unit, headed by the unit's label, with `context` lines of context
    (None: whole units); whitespace-only changes are not lines of the diff (unless the diff is raw)."""
    from difflib import unified_diff  # only this renderer needs it

    out = [f"--- {diff.old.label}", f"+++ {diff.new.label}"]
    for change in reading_order(diff.units):
        if not change.changed:
            continue
        spans = change.spans if diff.raw else readable(change.spans)
        old_lines = old_text(spans).splitlines(keepends=True)
        new_lines = new_text(spans).splitlines(keepends=True)
        out.append(f"@@@ {_title(change)} @@@")
        n = max(len(old_lines), len(new_lines)) if context is None else context
        for line in list(unified_diff(old_lines, new_lines, n=n, lineterm=""))[2:]:
            out.append(line.rstrip("\n"))
    return "\n".join(out) + "\n"


def render_json(diff: Diff) -> str:
    """The legistrack.diff/1 JSON document, compact (indenting would take Python's slow encoder: pipe to jq)."""
    return compact_json(diff.to_json()) + "\n"


def compact_json(document: Any) -> str:
    """JSON with no spaces and text as written (not \\u escapes): byte for byte what `json.dumps(document,
    ensure_ascii=False, separators=(",", ":"))` writes, by orjson, which writes a diff's document nearly twice as
    fast (the spans of every unit: as long as the two texts). A string orjson refuses (a lone surrogate, which no
    UTF-8 file holds but a caller of the API may pass) is written by json as before."""
    import orjson

    try:
        return orjson.dumps(document).decode("utf-8")
    except TypeError:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def render_json_bytes(diff: Diff) -> bytes:
    """render_json's document as the UTF-8 bytes a command writes: orjson writes bytes, and a str made of them is
    decoded only to be encoded again on its way out (a 7 MB pair of laws: 80 M instructions of the two)."""
    return compact_json_bytes(diff.to_json()) + b"\n"


def compact_json_bytes(document: Any) -> bytes:
    """compact_json's text in UTF-8; a lone surrogate (which UTF-8 cannot hold) is written as json's \\u escape."""
    import orjson

    try:
        return orjson.dumps(document)
    except TypeError:
        return json.dumps(document, separators=(",", ":")).encode("ascii")


def guess_lang(diff: Diff) -> str:
    """ja if the texts are Japanese, else en (labels and headers of the HTML layouts)."""
    sample = "".join(old_text(c.spans)[:200] for c in diff.units[:5])
    return "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", sample) else "en"


def render(diff: Diff, fmt: str, color: bool = False, context: int | None = 3) -> str:
    """The diff in one of the text formats of `legistrack diff` (HTML is the site's: site/render.py). JSON always
    carries every span."""
    if fmt == "json":
        return render_json(diff)
    if fmt == "unified":
        return render_unified(diff, context)
    if fmt == "terminal":
        return render_terminal(diff, color=color, context=context)
    raise ValueError(f"unknown diff format {fmt!r}")


# --- what a reader is shown of a unit's spans: formatting noise out, long unchanged stretches folded ---------------

FOLD = "fold"  # an op of shown(): (FOLD, text) is a run of unchanged lines, shown as a count (or one click away)


def readable(spans: Sequence[Span], raw: bool = False) -> list[Span]:
    """The spans as a reader should see them: a change of whitespace alone (a line re-wrapped, `Vollstreckung⏎der`
    for `Vollstreckung der`; blank lines added or dropped at a unit's end) is formatting, shown as the new text's
    whitespace, unmarked; `raw` shows every byte. The result still joins to the new text (the old one is the JSON's
    business: its spans stay lossless)."""
    if raw:
        return list(spans)
    out: list[Span] = []
    i = 0
    while i < len(spans):
        op, text = spans[i]
        if op == DELETE and not text.strip():
            if i + 1 < len(spans) and spans[i + 1][0] == INSERT and not spans[i + 1][1].strip():
                out.append((EQUAL, spans[i + 1][1]))  # whitespace for whitespace
                i += 2
                continue
            i += 1  # whitespace dropped
            continue
        if op == INSERT and not text.strip():
            out.append((EQUAL, text))
        else:
            out.append((op, text))
        i += 1
    merged: list[Span] = []
    for op, text in out:
        if merged and merged[-1][0] == op == EQUAL:
            merged[-1] = (EQUAL, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


_CAPTION = Pattern(r"^[（(][^（）()]*[）)]$")  # a line that is a caption and nothing else: （定義）, (Definitions)


def hunks(spans: Sequence[Span], context: int | None = 3) -> list[Span]:
    """The spans with every run of unchanged lines more than `context` lines away from a change folded into one
    (FOLD, text) span (like `git diff -U3`); `context` None keeps the whole unit."""
    if context is None or not any(op != EQUAL for op, _ in spans):
        return list(spans)
    # cut the spans into lines (each piece remembers its span); a line is changed when it holds a deletion or an
    # insertion
    lines: list[list[tuple[str, str, int]]] = [[]]
    for at, (op, text) in enumerate(spans):
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines[-1].append((op, "\n", at))
                lines.append([])
            if part:
                lines[-1].append((op, part, at))
    if lines and not lines[-1]:
        lines.pop()
    changed = [any(op != EQUAL for op, _, _ in line) for line in lines]
    keep = [False] * len(lines)
    for n, is_changed in enumerate(changed):
        if is_changed:
            for m in range(max(0, n - context), min(len(lines), n + context + 1)):
                keep[m] = True
    # the unit's head says where the hunk is: its first line, and where that is a caption alone (（定義）), the line
    # that numbers the unit (第二条　…) after it
    head = 0
    while head < len(lines) - 1 and _CAPTION.match("".join(text for _op, text, _at in lines[head]).strip()):
        head += 1
    for n in range(min(head + 1, len(lines))):
        keep[n] = True
    out: list[Span] = []
    last = -1  # the span the last piece came from: two deletions side by side stay two ([-二　乙…⏎-][-三-]{+二+})
    n = 0
    while n < len(lines):
        if keep[n]:
            for op, text, at in lines[n]:
                if out and out[-1][0] == op and (op == EQUAL or at == last):
                    out[-1] = (op, out[-1][1] + text)
                else:
                    out.append((op, text))
                last = at
            n += 1
            continue
        start = n
        while n < len(lines) and not keep[n]:
            n += 1
        folded = "".join(text for line in lines[start:n] for _op, text, _at in line)
        op = EQUAL if n - start == 1 else FOLD  # folding one line saves nothing
        if op == EQUAL and out and out[-1][0] == EQUAL:
            out[-1] = (EQUAL, out[-1][1] + folded)
        else:
            out.append((op, folded))
    return out


def folded_lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)
