"""Renderers of a Diff: terminal (word-diff style), unified text, JSON, and HTML fragments.

HTML fragments carry class names only (styling lives in the site's CSS) and escape every piece of text.
Layouts: `inline` (one redline per unit), `side` (old and new side by side), `taisho` (新旧対照表: new text on
the left, old on the right, aligned by article, changed parts underlined, 「（傍線部分は改正部分）」).
"""

from __future__ import annotations

import json
import re

from ..vocab import LAYOUTS
from .model import DELETE, EQUAL, INSERT, Diff, UnitChange, new_text, old_text, unit_anchor

RED, GREEN, CYAN, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m"

_WORDS = {
    "en": {"new": "New", "old": "Old", "added": "(new)", "removed": "(deleted)",
           "note": "(changed parts underlined)", "renumbered": "renumbered", "moved": "moved",
           "formatting": "formatting only", "identical": "identical"},
    "ja": {"new": "改正後", "old": "改正前", "added": "（新設）", "removed": "（削る）",
           "note": "（傍線部分は改正部分）", "renumbered": "繰下げ・繰上げ", "moved": "移動",
           "formatting": "表記のみの変更", "identical": "同一"},
}  # fmt: skip


def _title(change: UnitChange) -> str:
    old, new = change.old, change.new
    if old and new and old.label != new.label:
        name = f"{old.label or '(preamble)'} → {new.label or '(preamble)'}"
    else:
        unit = new or old
        assert unit is not None
        name = "/".join(unit.path) or "(preamble)"
    flags = [change.status]
    if change.renumbered:
        flags.append("renumbered")
    if change.moved:
        flags.append("moved")
    if change.formatting_only:
        flags.append("formatting only")
    if change.replaced:
        flags.append("replaced")
    return f"{name} ({', '.join(flags)})"


def _summary(diff: Diff) -> str:
    s = diff.stats
    parts = [f"{s.modified} modified", f"{s.inserted} inserted", f"{s.deleted} deleted", f"{s.unchanged} unchanged"]
    if s.renumbered:
        parts.append(f"{s.renumbered} renumbered")
    if s.moved:
        parts.append(f"{s.moved} moved")
    if s.formatting_only:
        parts.append(f"{s.formatting_only} formatting only")
    return f"{', '.join(parts)}; +{s.chars_inserted} −{s.chars_deleted} characters"


def render_terminal(diff: Diff, color: bool = False) -> str:
    """Changed units with word-diff marks: colours on a terminal, [-deleted-]{+inserted+} otherwise."""
    out = [f"--- {diff.old.label}  sha256:{diff.old.sha256}", f"+++ {diff.new.label}  sha256:{diff.new.sha256}"]
    if diff.identical:
        out.append("identical")
        return "\n".join(out) + "\n"
    out.append(_summary(diff))
    for change in diff.units:
        if not change.changed and not change.formatting_only:
            continue
        head = f"@@ {_title(change)} @@"
        out.append("")
        out.append(f"{CYAN}{head}{RESET}" if color else head)
        body = []
        for op, text in change.spans:
            if op == EQUAL:
                body.append(text)
            elif color:
                body.append(f"{RED if op == DELETE else GREEN}{text}{RESET}")
            else:
                body.append(f"[-{text}-]" if op == DELETE else f"{{+{text}+}}")
        out.append("".join(body).rstrip("\n"))
    return "\n".join(out) + "\n"


def render_unified(diff: Diff) -> str:
    """A unified diff, one hunk group per changed unit, headed by the unit's label."""
    from difflib import unified_diff  # only this renderer needs it

    out = [f"--- {diff.old.label}", f"+++ {diff.new.label}"]
    for change in diff.units:
        if not change.changed:
            continue
        old_lines = old_text(change.spans).splitlines(keepends=True)
        new_lines = new_text(change.spans).splitlines(keepends=True)
        out.append(f"@@@ {_title(change)} @@@")
        for line in list(unified_diff(old_lines, new_lines, n=1, lineterm=""))[2:]:
            out.append(line.rstrip("\n"))
    return "\n".join(out) + "\n"


def render_json(diff: Diff) -> str:
    """The legistrack.diff/1 JSON document, compact (indenting would take Python's slow encoder: pipe to jq)."""
    return json.dumps(diff.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n"


def guess_lang(diff: Diff) -> str:
    """ja if the texts are Japanese, else en (labels and headers of the HTML layouts)."""
    sample = "".join(old_text(c.spans)[:200] for c in diff.units[:5])
    return "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", sample) else "en"


def _e(text: str) -> str:
    """html.escape(text, quote=True), without importing html (and its entity tables) at start-up."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;")


def _side_html(change: UnitChange, side: str, mark: str) -> str:
    """One side of a unit: equal text plain, its own changes wrapped in `mark` (del / ins / underline span)."""
    keep = DELETE if side == "old" else INSERT
    parts = []
    for op, text in change.spans:
        if op == EQUAL:
            parts.append(_e(text))
        elif op == keep:
            parts.append(f"<{mark}>{_e(text)}</{mark.split()[0]}>")
    return "".join(parts)


def _badges(change: UnitChange, words: dict[str, str]) -> str:
    badges = []
    if change.renumbered and change.old and change.new:
        badges.append(f'<span class="lt-badge lt-renumbered">{_e(words["renumbered"])}: '
                      f"{_e(change.old.label)} → {_e(change.new.label)}</span>")  # fmt: skip
    if change.moved:
        badges.append(f'<span class="lt-badge lt-moved">{_e(words["moved"])}</span>')
    if change.formatting_only:
        badges.append(f'<span class="lt-badge lt-formatting">{_e(words["formatting"])}</span>')
    return "".join(badges)


def render_html(diff: Diff, layout: str = "inline", lang: str | None = None, id_prefix: str = "") -> str:
    """An HTML fragment of the changed units in one of LAYOUTS (`id_prefix` keeps ids unique on a shared page)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    words = _WORDS["ja" if (lang or guess_lang(diff)) == "ja" else "en"]
    changes = [c for c in diff.units if c.changed or c.formatting_only]
    head = (
        f'<div class="lt-diff lt-diff--{layout}" data-old-sha256="{diff.old.sha256}" '
        f'data-new-sha256="{diff.new.sha256}">\n'
        f'<p class="lt-diff-summary">{_e(_summary(diff) if not diff.identical else words["identical"])}</p>\n'
    )
    rows = []
    if layout == "inline":
        for c in changes:
            body = "".join(
                _e(t) if op == EQUAL else (f"<del>{_e(t)}</del>" if op == DELETE else f"<ins>{_e(t)}</ins>")
                for op, t in c.spans
            )
            rows.append(
                f'<section class="lt-unit lt-{c.status}{_fmt(c)}" id="{_e(id_prefix + change_anchor(c))}">'
                f'<h3 class="lt-unit-label">{_e(_label(c))}{_badges(c, words)}</h3>'
                f'<div class="lt-text">{body}</div></section>'
            )
        return head + "\n".join(rows) + "\n</div>\n"
    new_first = layout == "taisho"
    mark_old = 'span class="lt-changed"' if new_first else "del"
    mark_new = 'span class="lt-changed"' if new_first else "ins"
    columns = (
        [("new", words["new"]), ("old", words["old"])] if new_first else [("old", words["old"]), ("new", words["new"])]
    )
    caption = f'<caption class="lt-taisho-note">{_e(words["note"])}</caption>' if new_first else ""
    thead = "".join(f'<th scope="col" class="lt-col-{side}">{_e(name)}</th>' for side, name in columns)
    for c in changes:
        cells = []
        for side, _name in columns:
            unit = c.old if side == "old" else c.new
            if unit is None:
                text = words["added"] if side == "old" else words["removed"]
                cells.append(f'<td class="lt-col-{side} lt-empty">{_e(text)}</td>')
            else:
                content = _side_html(c, side, mark_old if side == "old" else mark_new)
                cells.append(f'<td class="lt-col-{side}"><div class="lt-text">{content}</div></td>')
        badges = _badges(c, words)
        badge_row = f'<tr class="lt-badges"><td colspan="2">{badges}</td></tr>' if badges else ""
        row_id = _e(id_prefix + change_anchor(c))
        rows.append(f'{badge_row}<tr class="lt-unit lt-{c.status}{_fmt(c)}" id="{row_id}">{"".join(cells)}</tr>')
    table = (
        f'<table class="lt-{layout}">{caption}<thead><tr>{thead}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n"
    )
    return head + table + "</div>\n"


def _fmt(change: UnitChange) -> str:
    """The class that lets a page hide formatting-only changes behind one click."""
    return " lt-fmt" if change.formatting_only else ""


def _label(change: UnitChange) -> str:
    unit = change.new or change.old
    assert unit is not None
    return "/".join(unit.path) or "(preamble)"


def change_anchor(change: UnitChange) -> str:
    """The anchor of a changed unit: its new id, or `old-` and its old id when it was deleted."""
    unit = change.new or change.old
    assert unit is not None
    return unit_anchor(unit.id) if change.new is not None else "old-" + unit_anchor(unit.id)


def render(diff: Diff, fmt: str, layout: str = "inline", lang: str | None = None, color: bool = False) -> str:
    """The diff in one of `legistrack diff`'s formats (vocab.DIFF_FORMATS)."""
    if fmt == "json":
        return render_json(diff)
    if fmt == "unified":
        return render_unified(diff)
    if fmt == "html":
        return render_html(diff, layout, lang)
    if fmt == "terminal":
        return render_terminal(diff, color=color)
    raise ValueError(f"unknown diff format {fmt!r}")
