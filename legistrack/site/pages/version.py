"""text/<stage>.<lang>.html: one text as it stood at a stage, with its table of contents and, for a text in force,
from when until when."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from markupsafe import Markup

from ...diff.model import Unit, unit_anchor
from ...diff.structure import split_units
from ...models import (
    Bill,
    Stage,
    Version,
)
from ...terms import defined_terms
from ...textio import file_stem
from ..model import IN_FORCE_KINDS, BillModel, KnownText
from ..render import (
    Page,
    act_in_english,
    origin_markup,
    tr,
)
from .common import BillPages, StageView, claims_on_days, milestone


class VersionContext(TypedDict):
    bill: Bill
    title: str
    stage: StageView
    version: Version
    origin: Markup
    origin_name: str  # a verified text: the stage whose text file it is, by date and milestone
    text_lang: str
    units: list[tuple[Unit, dict[str, Any]]]
    defines_json: str  # anchor -> the terms its provision defines: the search ranks that provision first
    validity: dict[str, Any] | None
    # a compact law's latest text: how the reader's browser rewinds it to the text in force on an earlier day (_rewind)
    rewind: Markup | None
    # in the search index: not a compact law's text (every Act's latest texts, 169 MB, took Pagefind 5.7 GB and a
    # minute; a law is found by its timeline: title, number, e-Gov id)
    indexed: bool


def _unit_title(unit: Unit) -> str:
    """A unit in the table of contents: 第一条（目的） (number and caption), 第四章　人工知能戦略本部, or its number."""
    first_line = unit.text.strip().split("\n", 1)[0]
    if unit.label and first_line[:1] in "（(" and first_line[-1:] in "）)":  # a caption above the article
        return unit.label + first_line
    if unit.kind == "article" and unit.label:
        return unit.label
    return first_line if len(first_line) <= 60 else first_line[:58] + "…"


def _validity(
    model: BillModel, k: KnownText, forces: list[dict[str, Any]], lang: str, cross: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """A text in force: from when until when, which provisions were not yet in force, which revisions follow, and
    (for the point-in-time banner) which of those were made by an act already promulgated before they took effect."""
    row = next((r for r in forces if r["stage"] == k.stage.id), None)
    if row is None:
        return None
    stages = model.bill.stages
    index = next(i for i, s in enumerate(stages) if s.id == k.stage.id)
    later = [s for s in stages[index + 1 :] if s.kind in IN_FORCE_KINDS]
    # amendments due (promulgated, not in force when the record was read): not in this text, whatever the day
    due = [s for s in stages[index + 1 :] if s.kind == "scheduled" and s.date is not None] if not row["until"] else []
    return {
        "start": row["start"],
        "until": row["until"],
        "due": [_later_stage(s, lang) for s in due],
        "not_yet": [
            {
                "stage": s.id,
                "date": s.date.isoformat() if s.date else "",
                "name": milestone(s, lang),
                "provisions": [tr(p, lang) for p in s.provisions],
            }
            for s in later
            if s.kind == "in-force" and s.provisions
        ],
        "later": [_later_stage(s, lang) for s in later],
        "pending": _pending(stages[index + 1 :], (cross or {}).get("amending", {}), lang),
        "claims": claims_on_days(model.bill, lang),
    }


def _pending(later: Sequence[Stage], amending: Mapping[str, list[dict[str, Any]]], lang: str) -> list[dict[str, str]]:
    """The later revisions whose act is on the site with its promulgation: on a day between the promulgation and
    the revision, the act was law and its amendments not yet in force (the page's point-in-time banner says so)."""
    out = []
    for s in later:
        days = sorted(str(b["promulgated"]) for b in amending.get(s.id, []) if b.get("promulgated"))
        if s.kind not in ("amended", "scheduled") or s.date is None or not days or not s.law_number:
            continue
        day, act = s.date.isoformat(), s.law_number if lang == "ja" else act_in_english(s.law_number)
        if lang == "ja":
            label = f"{act}（{days[0]}公布、{day}施行）"
        else:
            label = f"{act} (promulgated {days[0]}, in force {day})"
        out.append({"promulgated": days[0], "date": day, "label": label})
    return out


def _rewind(p: BillPages, text_lang: str, page: Page, cross: dict[str, Any] | None) -> Markup | None:
    """What the latest text of a compact law gives the browser to rebuild an earlier one (site.js, diff/rewind.py),
    as a JSON data block: every known text in order ([stage, SHA-256, name]; the diff that made each from the one
    before is `json` + `<before>..<stage>.<lang>.json.gz`, its page `page` + `….html`), the texts in force ([stage,
    first day, last day, title]), and the revisions whose act was law before they took effect. Its earlier texts have
    no page (every Act through every revision would be gigabytes): the latest and the diffs hold them. Compact
    (arrays, not objects; text as written, not escaped in an attribute): it is on every Act's latest text page."""
    if not p.model.compact:
        return None
    known = p.model.known[text_lang]
    data = {
        "lang": text_lang,
        "json": page.url(f"{p.bill.id}/diff/"),
        "page": page.url(f"{p.base}/diff/"),
        "chain": [[k.stage.id, k.version.sha256, p.names.get(k.stage.id, k.stage.id)] for k in known],
        "forces": [[r["stage"], r["start"], r["until"], r["title"].best(p.lang)] for r in p.forces.get(text_lang, [])],
        "pending": _pending(p.bill.stages, (cross or {}).get("amending", {}), p.lang),
    }
    # "<" escaped: nothing in the data can end the block or open a comment in it
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"))


def _later_stage(stage: Stage, lang: str) -> dict[str, Any]:
    """A stage after a text, as its page lists it: a link, the date, the milestone's name and the title."""
    return {
        "stage": stage.id,
        "date": stage.date.isoformat() if stage.date else "",
        "name": milestone(stage, lang),
        "title": tr(stage.title, lang),
    }


def write(
    p: BillPages,
    text_lang: str,
    k: KnownText,
    links: dict[tuple[str, str], str],
    cross: dict[str, Any] | None = None,
) -> None:
    """The text a stage has in `text_lang`; `links` give each unit's history page (article.histories), `cross` the
    bill's links to other bills (views.cross_links: the acts of later revisions, with their promulgation)."""
    page = Page(f"{p.base}/text/{k.stage.id}.{text_lang}.html")
    units = split_units(k.text)
    toc = [
        {
            "anchor": unit_anchor(u.id),
            "label": "/".join(u.path) or "(preamble)",
            "title": _unit_title(u),
            "defines": defined_terms(u.text),
            "kind": u.kind,
            "depth": max(len(u.path) - 1, 0),
            "history": (
                page.url(f"{p.base}/article/{text_lang}/{file_stem(unit_anchor(links[(k.stage.id, u.id)]))}.html")
                if (k.stage.id, u.id) in links
                else None
            ),
        }
        for u in units
    ]
    ref = k.stage.text(text_lang)
    p.write(
        page,
        "version.html",
        p.lang,
        VersionContext(
            bill=p.bill,
            title=p.title,
            stage=p.stage(k.stage, page),
            version=k.version,
            origin=origin_markup(ref.origin, p.lang) if ref else Markup(""),
            origin_name=p.names.get(k.version.origin_stage or "", ""),
            text_lang=text_lang,
            units=list(zip(units, toc, strict=True)),
            defines_json=json.dumps(
                {e["anchor"]: e["defines"] for e in toc if e["defines"]}, ensure_ascii=False, sort_keys=True
            ),
            validity=_validity(p.model, k, p.forces.get(text_lang, []), p.lang, cross),
            rewind=_rewind(p, text_lang, page, cross) if k is p.model.known[text_lang][-1] else None,
            indexed=not p.model.compact,
        ),
        other=p.switch_to(k.stage.id),
    )
