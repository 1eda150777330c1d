"""What a reader wants first from a diff: the counts for the main provisions (本則), the supplementary provisions
(附則) and the appended tables apart, and the substitutions made the same way in many places, each once with its count
(「禁錮」→「拘禁刑」 ×10). Shown at the top of the site's diff pages and under the counts of `legistrack diff`."""

from __future__ import annotations

from typing import Any

from .model import DELETE, INSERT, Diff, UnitChange

SCOPES = ("main", "suppl", "appendix")
# a substitution worth folding is a word or a phrase, not a rewritten sentence
_SHORT = 40


def scope_group(change: UnitChange) -> str:
    """main, suppl or appendix: every 附則 (each amending act's own) counts as one group."""
    unit = change.new or change.old
    assert unit is not None
    return unit.scope if unit.scope in ("main", "appendix") else "suppl"


def digest(diff: Diff, substitutions: int = 12) -> dict[str, Any]:
    """The counts by scope (empty when the text has one scope only: nothing to tell apart), and the substitutions
    made at least twice, most frequent first (at most `substitutions` of them)."""
    counts = {scope: {"modified": 0, "inserted": 0, "deleted": 0} for scope in SCOPES}
    pairs: dict[tuple[str, str], int] = {}
    for change in diff.units:
        if change.metadata:
            continue  # the title block's "Stand" line: no amendment of any part
        if change.status in ("modified", "inserted", "deleted"):
            counts[scope_group(change)][change.status] += 1
        if change.status != "modified" or change.replaced:
            continue
        spans = change.spans
        for k in range(len(spans) - 1):
            (op_a, a), (op_b, b) = spans[k], spans[k + 1]
            if op_a == DELETE and op_b == INSERT and a.strip() and b.strip() and len(a) <= _SHORT and len(b) <= _SHORT:
                pairs[(a.strip(), b.strip())] = pairs.get((a.strip(), b.strip()), 0) + 1
    repeated = sorted(((n, a, b) for (a, b), n in pairs.items() if n >= 2), key=lambda x: (-x[0], x[1], x[2]))
    scopes = [{"scope": scope, **counts[scope]} for scope in SCOPES if any(counts[scope].values())]
    return {
        "scopes": scopes if len(scopes) > 1 else [],
        "substitutions": [{"old": a, "new": b, "count": n} for n, a, b in repeated[:substitutions]],
    }
