"""The bill's timeline (index.html): every stage, the time axis drawn to scale, the texts in force."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, TypedDict

from ...jurisdictions import describe_in_english
from ...models import (
    TEXT_NOT_ON_FILE,
    Bill,
    Stage,
)
from ...views import key_facts, no_links
from ..output import PUBLISHED_STORE
from ..render import (
    Page,
)
from .common import BillPages, StageView, carried_view, claims_on_days, link_names, milestone


class TimelineContext(TypedDict):
    bill: Bill
    title: str
    stages: list[StageView]
    axis: dict[str, Any]
    pickers: dict[str, list[str]]
    precomputed: list[tuple[str, str, str]]
    compare: bool
    in_force: dict[str, list[dict[str, Any]]]
    in_force_json: str
    in_force_urls: dict[tuple[str, str], str]  # (text lang, stage) -> where that text in force is read (_in_force_url)
    rebuilt_urls: dict[str, str]  # text lang -> a compact law's latest text page, which rebuilds the earlier ones
    compact: bool  # a law archived through every revision (BillModel.compact): its revisions' diffs listed, no picker
    pages_base: dict[str, str]  # text lang -> the way to the folder of its text and diff pages (_pages_base)
    links: dict[str, Any]
    clone: str
    described: str  # on an English page of a bill with no English title: what it is (jurisdictions.describe_in_english)
    day_claims: list[dict[str, str]]  # contradicted claims naming a day, for the in-force form (common.claims_on_days)
    names: dict[str, str]
    facts: dict[str, Any]
    wareki: bool
    record_names: dict[str, str]
    carried: dict[str, Any]  # "carried out so far" (common.carried_view); empty for a bill with nothing to follow
    no_text: list[dict[str, Any]]  # a bill with no text on file at any stage: its first stage's texts (_said_once)


def _text_width(text: str) -> float:
    """The width of an axis label in SVG units at 11px: a CJK character is about twice a Latin one."""
    return sum(11.0 if ord(c) > 0x2E7F else 6.2 for c in text)


def _axis(stages: Sequence[Stage], lang: str) -> dict[str, Any]:
    """A time axis to scale, placed here and drawn by site.js from the list of stages (data-x, data-row): x in
    proportion to the days since the first stage. Decisions and other milestones are labelled by name in rows
    that never overlap (a label's y is 72 + 16 × its row); a debate is a light dot (named in its tooltip and in the
    list, which is the axis on a narrow screen and without a script)."""
    dated = [(s, s.date) for s in stages if s.date is not None]
    if not dated:
        return {"width": 0, "height": 0, "points": [], "ticks": [], "span_days": 0}
    first, last = dated[0][1], dated[-1][1]
    span = max((last - first).days, 1)
    width, left, right = 960, 40, 40
    scale = (width - left - right) / span
    points = []
    row_ends: list[float] = []  # the right edge of the last label in each row: labels never overlap
    for stage, date in dated:
        days = (date - first).days
        x = left + scale * days
        minor = stage.minor
        name = milestone(stage, lang)
        label = "" if minor else f"{name} · {date.isoformat()}"
        full = _text_width(label)
        anchor = "start" if x - full / 2 < 0 else ("end" if x + full / 2 > width else "middle")
        start = x if anchor == "start" else (x - full if anchor == "end" else x - full / 2)
        row = 0
        if label:
            row = next((r for r, end in enumerate(row_ends) if start > end + 8), len(row_ends))
            if row == len(row_ends):
                row_ends.append(0.0)
            row_ends[row] = start + full
        points.append(
            {
                "x": round(x, 1),
                "row": row,
                "anchor": anchor,
                "id": stage.id,
                "label": label,
                "name": name,
                "minor": minor,
                "decision": stage.decides,
                "at_work": stage.at_work,
                "date": date.isoformat(),
            }
        )
    # ticks: months on a short axis, years on a long one, thinned so that no two labels touch
    candidates = []
    for year in range(first.year, last.year + 1):
        for month in range(1, 13):
            d = dt.date(year, month, 1)
            if first <= d <= last and (span < 800 or month == 1):
                label = f"{d:%Y-%m}" if span < 800 else f"{year}"
                candidates.append((round(left + scale * (d - first).days, 1), label))
    ticks: list[dict[str, Any]] = []
    for x, text in candidates:
        if not ticks or x - ticks[-1]["x"] >= _text_width(text) + 12:
            ticks.append({"x": x, "label": text})
    height = 72 + 16 * max(len(row_ends), 1) + 8
    return {"width": width, "height": height, "points": points, "ticks": ticks, "span_days": span}


def _pages_base(p: BillPages, text_lang: str) -> str:
    """The way from the bill's folder to the folder holding its text and diff pages in `text_lang` ("" where they
    are the page's own; a compact law's English pages reach its Japanese text under ja/)."""
    where = p.model.pages_lang(text_lang, p.lang)
    return "" if where == p.lang else f"../../{where}/{p.bill.id}/"


def _in_force_url(p: BillPages, text_lang: str, stage_id: str) -> str:
    """Where a text in force is read, from the timeline: its page; for a compact law's earlier revisions (no page of
    their own) the diff that shows what the revision changed; the stage itself where neither exists."""
    base = _pages_base(p, text_lang)
    if p.model.has_text_page(text_lang, stage_id):
        return f"{base}text/{stage_id}.{text_lang}.html"
    before = next((a for a, b, lang in p.precomputed if b == stage_id and lang == text_lang), None)
    if before is not None:
        return f"{base}diff/{before}..{stage_id}.{text_lang}.html"
    return f"#stage-{stage_id}"


def write(p: BillPages, cross: dict[str, Any] | None) -> None:
    """index.html, with the bill's links to other bills (views.cross_links) when it has any."""
    page = Page(f"{p.base}/index.html")
    stages, no_text = _said_once([p.stage(s, page) for s in p.bill.stages])
    urls = {(k, r["stage"]): _in_force_url(p, k, r["stage"]) for k, rows in p.forces.items() for r in rows}
    # a compact law's earlier texts are rebuilt on its latest text's page from the diffs (site.js): the date field
    # leads there for every day, the table to each revision's diff and to that page on the revision's first day
    rebuilt = {
        k: f"{_pages_base(p, k)}text/{p.model.known[k][-1].stage.id}.{k}.html"
        for k, rows in p.forces.items()
        if p.model.compact and rows[-1]["stage"] == p.model.known[k][-1].stage.id  # the latest text is in force
    }
    form_urls = {key: rebuilt.get(key[0], url) for key, url in urls.items()}
    p.write(
        page,
        "timeline.html",
        p.lang,
        TimelineContext(
            bill=p.bill,
            title=p.title,
            stages=stages,
            axis=_axis(p.bill.dated_stages, p.lang),
            pickers=p.pickers,
            precomputed=p.precomputed,
            compare=p.needs_compare,
            in_force=p.forces,
            in_force_json=json.dumps(
                {
                    k: [[r["stage"], r["start"], form_urls[(k, r["stage"])]] for r in rows]
                    for k, rows in p.forces.items()
                },
                separators=(",", ":"),
            ),
            in_force_urls=urls,
            rebuilt_urls=rebuilt,
            compact=p.model.compact,
            pages_base={k: _pages_base(p, k) for k in p.model.known},
            links=cross or no_links(),
            clone=f"git clone --single-branch -b {p.bill.id} <site>/{PUBLISHED_STORE}",
            names=p.names,
            facts=key_facts(p.bill),
            wareki=p.bill.japanese,
            record_names=link_names(stages),
            described=describe_in_english(p.bill) if p.lang == "en" else "",
            day_claims=claims_on_days(p.bill, p.lang),
            carried=carried_view(p.model, p.lang, page),
            no_text=no_text,
        ),
    )


def _said_once(stages: list[StageView]) -> tuple[list[StageView], list[dict[str, Any]]]:
    """The stages as the timeline shows them, what is the same at every stage said once: what a kind of stage is, at
    the first stage of that kind (the words explained where they first appear); for a bill with no text on file at
    any stage, that it has none, where the official text is and why, in its key facts and not at each stage (the
    Diet's 5,800 imported bills said "not on file, as at the stage before" 88,000 times; a stage whose official text
    is elsewhere still says so); the datasets a stage's values were read from, where they are not the stage
    before's (10 MB of the Diet's timelines said so at every stage). Returns the stages and, for a bill with no
    text, its first stage's texts (else [])."""
    explained: set[str] = set()
    datasets: list[str] = []
    no_text = bool(stages) and all(x["status"] == TEXT_NOT_ON_FILE for s in stages for x in s["texts"])
    shown: list[StageView] = []
    for s in stages:
        view = s.copy()  # a stage's view is shared with the bill's other pages
        if s["kind"] in explained:
            view["kind_text"] = ""
        explained.add(s["kind"])
        if s["datasets"] == datasets:
            view["datasets"] = []
        datasets = s["datasets"]
        if no_text:  # the first stage's are in the key facts
            view["texts"] = [x for x in s["texts"] if not x["as_before"]] if shown else []
        shown.append(view)
    return shown, (stages[0]["texts"] if no_text else [])
