"""article/<lang>/<unit>.html: one article followed through every known text, renumbering included."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from ...diff.model import UnitChange, unit_anchor
from ...diff.structure import split_units
from ...models import (
    TEXT_NOT_ON_FILE,
    Bill,
)
from ...textio import file_stem
from ..model import IN_FORCE_KINDS, BillModel
from ..render import (
    Page,
)
from .common import BillPages, StageView


class ArticleContext(TypedDict):
    bill: Bill
    title: str
    unit_id: str
    rows: list[dict[str, Any]]
    text_lang: str
    removed: bool
    events: list[StageView]  # the stages of a law at work that carry the article out (implementation.py)


@dataclass(frozen=True)
class History:
    """One unit followed through every known text: its page key, its id where it was last seen, its entries."""

    key: str
    unit_id: str
    entries: list[dict[str, Any]]


def histories(model: BillModel, text_lang: str) -> tuple[list[History], dict[tuple[str, str], str]]:
    """Every unit of every known text followed through the stages (renumbering included), and where to find it.

    Units of the latest text keep their id as page key; a unit removed at a later stage gets "<id>@removed-<stage>",
    so it never collides with a unit that took its number. The map gives, for (stage id, unit id as written in
    that stage's text), the key of the unit's history page: version pages link every unit, not only the latest.
    """
    known = model.known.get(text_lang, [])
    if not known:
        return [], {}
    diffs = [model.diffs[(text_lang, known[i - 1].stage.id, known[i].stage.id)] for i in range(1, len(known))]
    # An earlier stage whose text is not on file: the first text on file is where a unit is first seen, not where
    # it first appeared (the AI Act's 第十九条 was promulgated on 2025-06-04, in a text that is not on file).
    # Where a unit is first seen is not always where it first appeared: when the text before it is not on file
    # (the first text on file, or a gap since the previous one), or when an earlier text is not on file and this
    # is a text in force (the AI Act's 第十九条 was promulgated on 2025-06-04, in a text not on file, and in force
    # from 2025-09-01): the page says "text first on file here".
    missing_at = [
        (v := next((x for x in model.package.versions(s.id) if x.lang == text_lang), None)) is not None
        and v.status == TEXT_NOT_ON_FILE
        for s in model.bill.stages
    ]
    position = {s.id: i for i, s in enumerate(model.bill.stages)}

    def first_on_file(i: int) -> bool:
        here = position[known[i].stage.id]
        since = position[known[i - 1].stage.id] + 1 if i else 0
        in_force_text = known[i].stage.kind in IN_FORCE_KINDS
        return any(missing_at[since:here]) or (in_force_text and any(missing_at[:here]))

    # by_new[i]: the changes of diffs[i - 1] by the id of their new unit; units[i]: the unit ids of text i
    by_new: list[dict[str, UnitChange]] = [{}] + [{c.new.id: c for c in d.units if c.new} for d in diffs]
    units: list[list[str]] = (
        [[c.old.id for c in diffs[0].units if c.old]] if diffs else [[u.id for u in split_units(known[0].text)]]
    )
    units += [[c.new.id for c in d.units if c.new] for d in diffs]
    first_texts = (
        {c.old.id: c.old.text for c in diffs[0].units if c.old}
        if diffs
        else {u.id: u.text for u in split_units(known[0].text)}
    )
    removed_at: dict[tuple[int, str], UnitChange] = {}  # (text index, unit id) -> its deletion in the next diff
    for i, d in enumerate(diffs):
        for c in d.units:
            if c.new is None and c.old is not None:
                removed_at[(i, c.old.id)] = c
    histories: list[History] = []
    links: dict[tuple[str, str], str] = {}
    for last in range(len(known) - 1, -1, -1):
        for unit_id in units[last]:
            if (known[last].stage.id, unit_id) in links:
                continue  # reached from a later text
            entries: list[dict[str, Any]] = []
            key = unit_id
            if last < len(known) - 1:
                key = f"{unit_id}@removed-{known[last + 1].stage.id}"
                change = removed_at.get((last, unit_id))
                entries.append(
                    {
                        "stage": known[last + 1].stage,
                        "status": "removed",
                        "change": change,
                        "label": unit_id,
                        "text": None,
                    }
                )
            current: str | None = unit_id
            for i in range(last, -1, -1):
                if current is None:
                    break
                stage = known[i].stage
                links[(stage.id, current)] = key
                change = by_new[i].get(current) if i else None
                text = change.new.text if change is not None and change.new is not None else first_texts.get(current)
                if change is None or change.old is None:
                    status = "first-on-file" if first_on_file(i) else "introduced"
                    entry = {"stage": stage, "status": status, "change": change, "label": current, "text": text}
                    entries.append(entry)
                    break
                status = "changed"
                if change.status == "unchanged":  # the same text, perhaps under another number
                    status = "renumbered" if change.renumbered else "unchanged"
                entries.append({"stage": stage, "status": status, "change": change, "label": current, "text": text})
                current = change.old.id
            histories.append(History(key, unit_id, list(reversed(entries))))
    return histories, links


def write(p: BillPages, text_lang: str, history: History) -> None:
    page = Page(f"{p.base}/article/{text_lang}/{file_stem(unit_anchor(history.key))}.html")
    rows = [
        {
            "stage": p.stage(e["stage"], page),
            "status": e["status"],
            "label": e["label"],
            "anchor": unit_anchor(e["label"]),
            "change": e["change"] if e["change"] is not None and e["status"] in ("changed", "removed") else None,
            # every text the unit had, once: where it first shows (a change shows its new text, marked); an
            # unchanged stage says so and links that stage's text instead of repeating it
            "text": e["text"] if e["status"] in ("introduced", "first-on-file") else None,
        }
        for e in history.entries
    ]
    p.write(
        page,
        "article.html",
        p.lang,
        ArticleContext(
            bill=p.bill,
            title=p.title,
            unit_id=history.unit_id,
            rows=rows,
            text_lang=text_lang,
            removed=history.key != history.unit_id,
            events=[p.stage(s, page) for s in p.model.article_events.get(text_lang, {}).get(history.unit_id, ())],
        ),
    )
