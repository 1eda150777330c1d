"""Text renderers of a Diff: terminal (word-diff style), unified text, JSON.

The HTML layouts (inline redline, side by side, 新旧対照表) are templates of the site (site/templates/_diff.html),
rendered by site/render.py for the site's pages and for `legistrack diff --format html`.
"""

from __future__ import annotations

import json
import re

from .model import DELETE, EQUAL, Diff, UnitChange, new_text, old_text

RED, GREEN, CYAN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[0m"


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
    return f"{', '.join(parts)}; +{s.chars_inserted} −{s.chars_deleted} characters"


def render_terminal(diff: Diff, color: bool = False) -> str:
    """Changed units with word-diff marks: colours on a terminal, [-deleted-]{+inserted+} otherwise."""
    out = [f"--- {diff.old.label}  sha256:{diff.old.sha256}", f"+++ {diff.new.label}  sha256:{diff.new.sha256}"]
    if diff.identical:
        out.append("identical")
        return "\n".join(out) + "\n"
    out.append(summary(diff))
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


def render(diff: Diff, fmt: str, color: bool = False) -> str:
    """The diff in one of the text formats of `legistrack diff` (HTML is the site's: site/render.py)."""
    if fmt == "json":
        return render_json(diff)
    if fmt == "unified":
        return render_unified(diff)
    if fmt == "terminal":
        return render_terminal(diff, color=color)
    raise ValueError(f"unknown diff format {fmt!r}")
