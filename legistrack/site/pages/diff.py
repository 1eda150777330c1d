"""diff/<a>..<b>.<lang>.html: what changed between two texts, in every layout, with what a reader must know first."""

from __future__ import annotations

from typing import Any, TypedDict

from markupsafe import Markup

from ...diff.digest import digest
from ...diff.model import Diff, UnitChange
from ...models import (
    TEXT_NEW,
    TEXT_VERIFIED,
    Bill,
    Stage,
)
from ..model import IN_FORCE_KINDS, diff_data_path
from ..render import (
    Page,
    change_anchor,
    diff_fragment,
    local_origin,
    unit_label,
)
from ..strings import STRINGS, fill
from .common import BillPages, StageView, milestone


class DiffContext(TypedDict):
    bill: Bill
    title: str
    a: StageView
    b: StageView
    diff: Diff
    layouts: dict[str, Markup]
    changes: list[dict[str, Any]]
    text_lang: str
    json_url: str
    notices: list[str]
    digest: dict[str, Any]


def _substantive(change: UnitChange) -> int:
    """0 for a change of the law's words, 1 for a renumbering or a move alone, 2 for formatting alone, 3 for the
    document's metadata (a German law's "Stand" line)."""
    if change.metadata:
        return 3
    if change.formatting_only and not change.changed:
        return 2
    if change.status == "unchanged":
        return 1
    return 0


def _changes(diff: Diff) -> list[dict[str, Any]]:
    """The changed units for the page's list: changes of the words first, then renumberings and moves, then
    formatting; in the text's order within each."""
    out = []
    for change in sorted(diff.units, key=_substantive):
        if not (change.changed or change.formatting_only):
            continue
        out.append(
            {
                "anchor": change_anchor(change),
                "label": unit_label(change),
                "status": change.status,
                "renumbered": change.renumbered,
                "moved": change.moved,
                "formatting_only": change.formatting_only,
                "old_label": change.old.label if change.old else "",
                "new_label": change.new.label if change.new else "",
            }
        )
    return out


def _origin_source(stage: Stage, text_lang: str, bill: Bill, lang: str) -> str:
    """Where the text a stage shows came from (the format and file it was imported from), by its origin."""
    ref = stage.text(text_lang)
    origin = ref.origin if ref else ""
    if ref is not None and ref.status == TEXT_VERIFIED and not origin:
        index = next(i for i, s in enumerate(bill.stages) if s.id == stage.id)
        for earlier in reversed(bill.stages[:index]):
            r = earlier.text(text_lang)
            if r is not None and r.status == TEXT_NEW:
                origin = r.origin
                break
    return local_origin(origin.split(":", 1)[0].strip(), lang)


def _diff_notices(bill: Bill, a: Stage, b: Stage, text_lang: str, lang: str) -> list[str]:
    """What a reader must know before reading a diff: texts from two sources, revisions of one day by two acts."""
    words = STRINGS[lang]
    notices = []
    source_a, source_b = _origin_source(a, text_lang, bill, lang), _origin_source(b, text_lang, bill, lang)
    if source_a and source_b and source_a != source_b:
        named = {s.id: f"{s.date.isoformat() if s.date else ''} {milestone(s, lang)}".strip() for s in (a, b)}
        notices.append(fill(words["sources_differ"], a=f"{named[a.id]}: {source_a}", b=f"{named[b.id]}: {source_b}"))
    if b.kind == "in-force" and b.date is not None and not b.law_number:  # the act's own provisions, no amending act
        notices.append(fill(words["entry_into_force"], date=b.date.isoformat()))
    same_day = [s for s in bill.stages if s.date == b.date and s.kind in IN_FORCE_KINDS and s.revision]
    if b.date is not None and len(same_day) > 1:
        notices.append(fill(words["same_day"], date=b.date.isoformat()))
    return notices


def write(p: BillPages, text_lang: str, a: str, b: str, diff: Diff) -> None:
    page = Page(f"{p.base}/diff/{a}..{b}.{text_lang}.html")
    # a compact law's diff says how many unchanged lines it leaves out and does not hold them (its texts are in the
    # published store, its latest on its text page): a revision's diff the size of what it changed
    keep = not p.model.compact
    # a change written once: side by side and the 新旧対照表 are one table, read either way by CSS, whose rows the
    # reader's browser draws from the redline (each cell its unit's redline without the other side's marks); the
    # page's own bytes hold the redline alone (docs/site.md)
    layouts = {
        "inline": Markup(diff_fragment(diff, "inline", text_lang, "", 3, keep)),
        "pair": Markup(diff_fragment(diff, "pair", text_lang, "side-", 3, keep, drawn_from="layout-inline")),
    }
    bill = p.bill
    p.write(
        page,
        "diff.html",
        p.lang,
        DiffContext(
            bill=bill,
            title=p.title,
            a=p.stage(bill.stage(a), page),
            b=p.stage(bill.stage(b), page),
            diff=diff,
            layouts=layouts,
            changes=_changes(diff),
            text_lang=text_lang,
            json_url=page.url(diff_data_path(bill.id, text_lang, a, b, p.model.compact)),
            notices=_diff_notices(bill, bill.stage(a), bill.stage(b), text_lang, p.lang),
            digest=digest(diff),
        ),
        other=p.switch_to(b),
    )
