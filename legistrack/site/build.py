"""The static site, rendered from the bills the store holds (Store.read_bills).

`prepare` first builds the whole model (every bill's known texts, every diff), then `render_bills` writes (pelican's
generate_context / generate_output). Pages exist once per interface language (en/, ja/) with relative URLs only,
so the site works from file:// and under any path; data that is the same in every language (timeline JSON, diff
JSON, Atom feeds) is written once at the bill's root. Every template gets a named context (a TypedDict below)
that starts from the records of views.py: the records `stage list --json` prints and `timeline.json` holds.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import jinja2
from markupsafe import Markup

from .. import views
from ..dates import to_wareki
from ..diff.digest import digest
from ..diff.engine import diff_texts
from ..diff.model import Diff, Side, Unit, UnitChange, unit_anchor
from ..diff.render import render_json
from ..diff.structure import split_units
from ..errors import BuildError
from ..jurisdictions.jp.diet.names import house_of
from ..jurisdictions.jp.lawnum import in_english
from ..models import (
    OUTCOMES,
    STAGE_KINDS,
    TEXT_NEW,
    TEXT_NOT_ON_FILE,
    TEXT_VERIFIED,
    Bill,
    Localized,
    Package,
    Source,
    Stage,
    Version,
)
from ..terms import defined_terms
from ..views import key_facts
from ..vocab import DECISION_KINDS, LAYOUTS, MINOR_KINDS
from .render import (
    Page,
    change_anchor,
    diff_fragment,
    environment,
    file_stem,
    local_origin,
    origin_markup,
    page_writer,
    reader_note,
    tr,
    unit_label,
)
from .strings import PROCEDURE, STRINGS
from .workers import PAGEFIND_TIED, die_with_parent

LANGS = ("en", "ja")
PUBLISHED_STORE = "store.git"  # every bill's branch and tags, for `git clone --single-branch -b <bill>`


@dataclass(frozen=True)
class KnownText:
    """A stage whose text in one language is known (new, or verified to be the previous one)."""

    stage: Stage
    version: Version

    @property
    def text(self) -> str:
        assert self.version.text is not None
        return self.version.text


@dataclass
class BillModel:
    """One bill as the site shows it: its package and commits as the store holds them, its records, its diffs."""

    package: Package
    commits: dict[str, str]
    known: dict[str, list[KnownText]] = field(default_factory=dict)  # text lang -> known texts in order
    diffs: dict[tuple[str, str, str], Diff] = field(default_factory=dict)  # (lang, from, to) -> Diff
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # stage id -> views.stage_record

    @property
    def bill(self) -> Bill:
        return self.package.bill


def _known_texts(package: Package) -> dict[str, list[KnownText]]:
    known: dict[str, list[KnownText]] = {}
    for stage in package.bill.stages:
        for version in package.versions(stage.id):
            if version.text is not None and version.status in (TEXT_NEW, TEXT_VERIFIED):
                known.setdefault(version.lang, []).append(KnownText(stage, version))
    return known


def _pairs(known: Sequence[KnownText]) -> list[tuple[KnownText, KnownText]]:
    """The pairs of known texts the site precomputes: each text against the next one and against the latest, in
    the order of the stages. Linear in the number of texts (a law of 26 revisions has 49 pages of diffs per
    language, not 325); every other pair is compared in the reader's browser (compare.html, from the texts'
    data files)."""
    pairs = [(known[i], known[i + 1]) for i in range(len(known) - 1)]
    pairs += [(known[i], known[-1]) for i in range(len(known) - 2)]
    return sorted(pairs, key=lambda p: (known.index(p[0]), known.index(p[1])))


def complete(known: Sequence[KnownText]) -> bool:
    """Whether _pairs gives every pair (three texts or fewer): then the site needs no comparison in the browser."""
    return len(known) <= 3


IN_FORCE_KINDS = ("in-force", "amended")  # stages whose text is the law as in force from the stage's date


def in_force(known: Sequence[KnownText]) -> list[dict[str, Any]]:
    """The texts in force, in order: each with the day it took effect and the last day it was the one in force
    (the day before the next took effect; the same day when another revision took effect that day too)."""
    versions = [k for k in known if k.stage.kind in IN_FORCE_KINDS and k.stage.date is not None]
    out = []
    for i, k in enumerate(versions):
        start = k.stage.date
        assert start is not None
        following = versions[i + 1].stage.date if i + 1 < len(versions) else None
        until = None if following is None else max(start, following - dt.timedelta(days=1))
        out.append(
            {
                "stage": k.stage.id,
                "start": start.isoformat(),
                "until": until.isoformat() if until else None,
                "title": k.stage.title,
            }
        )
    return out


PARALLEL_FROM = 8  # distinct text pairs: below this, starting worker processes costs more than it saves


def _diff_pair(texts: tuple[str, str]) -> Diff:
    return diff_texts(*texts)


def prepare(stored: Iterable[tuple[Package, dict[str, str]]]) -> list[BillModel]:
    """The model of every bill the store holds (its package, and the commit of each stage): its records, its
    known texts and every diff the site shows. Each distinct pair of texts is diffed once, on every core."""
    models = []
    for package, commits in stored:
        timeline = views.timeline_record(package, commits)
        records = {r["id"]: r for r in timeline["stages"]}
        models.append(BillModel(package, commits, _known_texts(package), records=records))
    wanted: dict[tuple[str, str], tuple[str, str]] = {}
    for model in models:
        for known in model.known.values():
            for a, b in _pairs(known):
                wanted.setdefault((a.version.sha256 or "", b.version.sha256 or ""), (a.text, b.text))
    keys = list(wanted)
    workers = min(os.cpu_count() or 1, len(keys))
    if len(keys) >= PARALLEL_FROM and workers > 1:
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            results = list(pool.map(_diff_pair, (wanted[k] for k in keys), chunksize=4))
    else:
        results = [_diff_pair(wanted[k]) for k in keys]
    cache = dict(zip(keys, results, strict=True))
    for model in models:
        bill_id = model.bill.id
        for lang, known in model.known.items():
            for a, b in _pairs(known):
                diff = cache[(a.version.sha256 or "", b.version.sha256 or "")]
                labels = (f"{bill_id}/{a.stage.id} ({lang})", f"{bill_id}/{b.stage.id} ({lang})")
                model.diffs[(lang, a.stage.id, b.stage.id)] = dataclasses.replace(
                    diff, old=Side(labels[0], diff.old.sha256), new=Side(labels[1], diff.new.sha256)
                )
    return models


# --- page contexts ----------------------------------------------------------------------------------------


def _date(date: dt.date, lang: str, wareki: bool = True) -> str:
    """A date for readers: ISO with 和暦 on Japanese pages (和暦 for Japanese bills only), 28 February 2025 else."""
    if lang == "ja":
        return f"{date.isoformat()}（{to_wareki(date)}）" if wareki else date.isoformat()
    return f"{date:%d %B %Y}".lstrip("0")


def _stage_date(stage: Stage, lang: str, wareki: bool) -> str:
    """The stage's date for readers; a stage the record gives no date for says so, with its session."""
    if stage.date is not None:
        return _date(stage.date, lang, wareki)
    return STRINGS[lang]["no_date"].format(session=stage.session)


class StageView(TypedDict):
    """A stage on a page: its record (views.stage_record) and what a page shows of it in one language."""

    record: dict[str, Any]
    id: str
    anchor: str
    kind: str
    kind_text: str
    milestone: str
    date: str
    date_text: str
    title: Markup
    title_other: str
    summary: str
    body: str
    meeting: str
    decision: bool
    minor: bool
    outcome: str
    vote: dict[str, Any] | None
    sources: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    provisions: list[Markup]
    claims: list[dict[str, Any]]
    texts: list[dict[str, Any]]
    commit: str


class TimelineContext(TypedDict):
    bill: Bill
    title: str
    stages: list[StageView]
    axis: dict[str, Any]
    procedure: list[tuple[str, str]]
    pickers: dict[str, list[str]]
    precomputed: list[tuple[str, str, str]]
    compare: bool
    in_force: dict[str, list[dict[str, Any]]]
    in_force_json: str
    links: dict[str, Any]
    clone: str
    names: dict[str, str]
    facts: dict[str, Any]
    wareki: bool
    record_names: dict[str, str]


class CompareContext(TypedDict):
    bill: Bill
    title: str
    pickers: dict[str, list[str]]
    precomputed: list[tuple[str, str, str]]
    names: dict[str, str]


def stage_names(bill: Bill, lang: str) -> dict[str, str]:
    """What a reader picks a stage by: its date and milestone (2025-06-04 公布). Two stages that would read the same
    (two revisions in force the same day) are told apart by the act each brings into force, and by their ids only
    where that does not tell them apart."""
    names = {s.id: f"{s.date.isoformat() if s.date else '—'} {milestone(s, lang)}" for s in bill.stages}
    by_id = {s.id: s for s in bill.stages}

    def told_apart(sid: str, name: str) -> str:
        act = by_id[sid].law_number if by_id[sid].kind in IN_FORCE_KINDS else ""
        if act:  # two revisions of one day: named by the act each brings into force
            return f"{name}（{act}）" if lang == "ja" else f"{name} ({in_english(act)})"
        return f"{name} ({sid})"

    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    named = {sid: (told_apart(sid, name) if seen[name] > 1 else name) for sid, name in names.items()}
    if len(set(named.values())) < len(named):  # the same act twice on one day: only the id tells them apart
        named = {sid: (f"{name} ({sid})" if seen[name] > 1 else name) for sid, name in names.items()}
    return named


class SourcesContext(TypedDict):
    bill: Bill
    title: str
    stages: list[StageView]
    sources: list[dict[str, Any]]
    names: dict[str, str]


def grouped_sources(stages: Sequence[StageView]) -> list[dict[str, Any]]:
    """Every source once, in the order first cited, with each stage it supports and what it says there."""
    by_url: dict[str, dict[str, Any]] = {}
    for s in stages:
        for src in s["sources"]:
            entry = by_url.setdefault(src["url"], {"source": src, "uses": []})
            entry["uses"].append({"stage": s, "note": src["note"]})
    return list(by_url.values())


def link_names(stages: Sequence[StageView]) -> dict[str, str]:
    """What a link opens, for links given as bare URLs (a claim's record sources): the title of the source with
    that URL, else its site."""
    names = {src["url"]: src["title"] for s in stages for src in s["sources"] if src["title"]}
    for s in stages:
        for c in s["claims"]:
            for url in c["record_sources"]:
                names.setdefault(url, re.sub(r"^https?://([^/]+).*$", r"\1", url))
    return names


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


class ArticleContext(TypedDict):
    bill: Bill
    title: str
    unit_id: str
    rows: list[dict[str, Any]]
    text_lang: str
    removed: bool


_GLOSSED = re.compile(r"^(?P<en>[^()（）]*?)\s*[（(](?P<ja>[^()（）]*[\u3040-\u30ff\u3400-\u9fff][^()（）]*)[)）]$")
_JA_ONLY = {"signed": "署名", "postponed": "延期"}  # the outcomes written without a Japanese gloss


def in_lang(text: str, lang: str) -> str:
    """A value written "English (日本語)" in the reader's language: 日本語 on a Japanese page, as written on an
    English one ("Cabinet (内閣)" -> "内閣", "majority (多数)" -> "多数")."""
    if lang != "ja":
        return text
    m = _GLOSSED.match(text)
    return m.group("ja") if m else _JA_ONLY.get(text, text)


def _vote(record: dict[str, Any], stage: Stage, lang: str) -> dict[str, Any] | None:
    vote = record["vote"]
    if vote is None or stage.vote is None:
        return None
    v = stage.vote
    summary = v.summary()
    if lang == "ja":
        summary = "、".join(in_lang(w, lang) for w in (v.result, v.method) if w)
        if v.yes is not None or v.no is not None:
            summary += f"（賛成 {v.yes if v.yes is not None else '?'}、反対 {v.no if v.no is not None else '?'}"
            summary += f"、棄権 {v.abstain}）" if v.abstain is not None else "）"
    return {
        "summary": summary,
        "for": vote["parties_for"],
        "against": vote["parties_against"],
        "record": vote["record_url"],
    }


def source_view(source: Source, lang: str) -> dict[str, Any]:
    """A source as a page in `lang` shows it: its title, publisher and note in that language where they exist."""
    note = Localized(tuple((code, reader_note(text)) for code, text in source.note.items))
    return {
        "url": source.url,
        "title": tr(source.title, lang),
        "publisher": tr(source.publisher, lang),
        "date": source.date.isoformat() if source.date else "",
        "note": tr(source.note, lang),
        "reader_note": tr(note, lang),
        "kind": source.kind,
    }


def _stage_view(model: BillModel, stage: Stage, lang: str, page: Page) -> StageView:
    bill = model.bill
    record = model.records[stage.id]
    texts = []
    for version in model.package.versions(stage.id):
        entry: dict[str, Any] = {
            **record["texts"][version.lang],
            "reason": tr(version.reason, lang),
            "lang": version.lang,
            "link": None,
            "diff": None,
        }
        known = model.known.get(version.lang, [])
        index = next((i for i, k in enumerate(known) if k.stage.id == stage.id), None)
        if index is not None:
            entry["link"] = page.url(f"{lang}/{bill.id}/text/{stage.id}.{version.lang}.html")
            if index > 0:
                prev = known[index - 1]
                diff = model.diffs[(version.lang, prev.stage.id, stage.id)]
                entry["diff"] = {
                    "from": prev.stage.id,
                    "stats": diff.stats,
                    "identical": diff.identical,
                    "link": page.url(f"{lang}/{bill.id}/diff/{prev.stage.id}..{stage.id}.{version.lang}.html"),
                }
        texts.append(entry)
    return StageView(
        record=record,
        id=stage.id,
        anchor=f"stage-{stage.id}",
        kind=stage.kind,
        kind_text=STAGE_KINDS[stage.kind][0 if lang == "en" else 1],
        milestone=milestone(stage, lang),
        date=record["date"] or "",
        date_text=_stage_date(stage, lang, bill.japanese),
        title=tr(stage.title, lang),
        title_other=stage.title.get("ja" if lang == "en" else "en"),
        summary=stage.summary.best(lang),
        body=in_lang(record["body"], lang),
        meeting=stage.meeting,
        decision=stage.kind in DECISION_KINDS,
        minor=stage.kind in MINOR_KINDS,
        outcome=in_lang(OUTCOMES.get(stage.outcome, ""), lang) if stage.outcome else "",
        vote=_vote(record, stage, lang),
        sources=[source_view(src, lang) for src in stage.sources],
        documents=[
            {"title": tr(d.title, lang), "url": d.url, "kind": d.kind, "note": tr(d.note, lang)}
            for d in stage.documents
        ],
        provisions=[tr(p, lang) for p in stage.provisions],
        claims=[
            {
                # quoted as published: in the language of the publication (its title's), where that is declared
                "statement": tr(Localized(((c.source.title.language(""), c.statement),)), lang),
                "verdict": c.verdict,
                "source": source_view(c.source, lang),
                "record": tr(c.record, lang),
                "record_sources": list(c.record_sources),
            }
            for c in stage.claims
        ],
        texts=texts,
        commit=record["commit"],
    )


def _text_width(text: str) -> float:
    """The width of an axis label in SVG units at 11px: a CJK character is about twice a Latin one."""
    return sum(11.0 if ord(c) > 0x2E7F else 6.2 for c in text)


def milestone(stage: Stage, lang: str) -> str:
    """A stage's short name on the time axis: "HR committee vote", "衆・委員会可決", "Promulgated"."""
    words = STRINGS[lang]
    name = words.get(f"axis_{stage.kind.replace('-', '_')}", stage.kind)
    house = house_of(stage.body)[0]
    if house and stage.kind in ("referred", "committee-vote", "plenary-vote", "passed", "deliberation"):
        return words[f"axis_house_{house}"].format(name=name)
    return name


def _axis(stages: Sequence[Stage], lang: str) -> dict[str, Any]:
    """A time axis drawn to scale: x in proportion to the days since the first stage. Decisions and other milestones
    are labelled by name in rows that never overlap; a debate is a light dot (named in its tooltip and in the list
    that replaces the drawing on a narrow screen)."""
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
        minor = stage.kind in MINOR_KINDS
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
                "y": 40,
                "label_y": 72 + 16 * row,
                "anchor": anchor,
                "id": stage.id,
                "label": label,
                "name": name,
                "minor": minor,
                "decision": stage.kind in DECISION_KINDS,
                "date": date.isoformat(),
                "days": days,
                "title": stage.title.best(lang),
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


def _unit_title(unit: Unit) -> str:
    """A unit in the table of contents: 第一条（目的） (number and caption), 第四章　人工知能戦略本部, or its number."""
    first_line = unit.text.strip().split("\n", 1)[0]
    if unit.label and first_line[:1] in "（(" and first_line[-1:] in "）)":  # a caption above the article
        return unit.label + first_line
    if unit.kind == "article" and unit.label:
        return unit.label
    return first_line if len(first_line) <= 60 else first_line[:58] + "…"


def _substantive(change: UnitChange) -> int:
    """0 for a change of the law's words, 1 for a renumbering or a move alone, 2 for formatting alone."""
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


@dataclass(frozen=True)
class History:
    """One unit followed through every known text: its page key, its id where it was last seen, its entries."""

    key: str
    unit_id: str
    entries: list[dict[str, Any]]


def _histories(model: BillModel, text_lang: str) -> tuple[list[History], dict[tuple[str, str], str]]:
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


# --- the build ----------------------------------------------------------------------------------------


RENDER_PARALLEL_FROM = 4  # bill pages to write (bills x languages): from this many, every core renders


# What the rendering workers read: set before they are forked, so the models are not pickled to them.
_RENDER: tuple[Sequence[BillModel], Path, dt.datetime, Mapping[str, dict[str, Any]]] | None = None


def _render_job(job: tuple[int, str]) -> list[str]:
    """Write one bill's pages in one interface language (in a worker process); return the paths written."""
    assert _RENDER is not None
    models, out, generated, links = _RENDER
    env = environment()
    written: list[str] = []
    model = models[job[0]]
    _write_bill(model, job[1], page_writer(env, out, generated, written), links.get(model.bill.id))
    return written


def _write_data(out: Path, written: list[str]) -> Callable[[str, str], None]:
    def write_data(path: str, text: str) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(path)

    return write_data


def _bill_data(model: BillModel, out: Path, generated: dt.datetime, env: jinja2.Environment) -> list[str]:
    """The bill's files that are the same in every language: timeline.json, the diffs' JSON, the Atom feed."""
    bill = model.bill
    written: list[str] = []
    write_data = _write_data(out, written)
    timeline = views.timeline_record(model.package, model.commits)
    write_data(f"{bill.id}/timeline.json", json.dumps(timeline, ensure_ascii=False, indent=2) + "\n")
    for (text_lang, a, b), diff in model.diffs.items():
        write_data(f"{bill.id}/diff/{a}..{b}.{text_lang}.json", render_json(diff))
    for text_lang, known in model.known.items():
        if complete(known):
            continue
        # What compare.html reads to compare a pair with no page of its own: each text's units. A script, not
        # JSON: browsers refuse fetch() from file://, but load scripts.
        for k in known:
            units = [[u.id, "/".join(u.path), u.text] for u in split_units(k.text)]
            data = {"stage": k.stage.id, "lang": text_lang, "sha256": k.version.sha256, "units": units}
            write_data(
                f"{bill.id}/text/{k.stage.id}.{text_lang}.js",
                "(window.LEGISTRACK_TEXTS = window.LEGISTRACK_TEXTS || {})["
                + json.dumps(f"{k.stage.id}.{text_lang}")
                + "] = "
                + json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
                + ";\n",
            )
    records = [model.records[s.id] for s in reversed(bill.stages)]
    feed = env.get_template("feed.atom").render(
        bill=bill,
        stages=records,
        generated=generated.isoformat(),
        # the last stage that happened: an amendment due is dated in the future, not when it was recorded
        updated=(bill.last_recorded_date.isoformat() + "T00:00:00Z")
        if bill.last_recorded_date
        else generated.isoformat(),
    )
    write_data(f"{bill.id}/feed.atom", feed)
    return written


def render_bills(
    models: Sequence[BillModel],
    out: Path,
    generated: dt.datetime,
    step: Callable[[], None] | None = None,
    links: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, list[str]]:
    """Write every file of these bills (their pages in both interface languages and their data); return the paths
    written, by bill. Rendered on every core when there are enough pages (worker processes forked from this one, so
    they share the models); `step` is called once per bill and interface language, for a progress bar; `links` are
    the bills' links to each other (views.cross_links)."""
    global _RENDER
    links = links or {}
    env = environment()
    written: dict[str, list[str]] = {model.bill.id: [] for model in models}
    jobs = [(i, lang) for lang in LANGS for i in range(len(models))]
    workers = min(os.cpu_count() or 1, len(jobs))
    # Forking a process that runs other threads (legistrack serve's HTTP server) can copy a lock another thread
    # holds: there, and where fork does not exist, the pages are rendered in this process.
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(jobs) >= RENDER_PARALLEL_FROM and workers > 1 and forkable:
        _RENDER = (models, out, generated, links)
        try:
            with concurrent.futures.ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            ) as pool:
                futures = [pool.submit(_render_job, job) for job in jobs]
                for _done in concurrent.futures.as_completed(futures):
                    if step is not None:
                        step()
                for job, future in zip(jobs, futures, strict=True):  # in job order: the same list every time
                    written[models[job[0]].bill.id] += future.result()
        finally:
            _RENDER = None
    else:
        for i, lang in jobs:
            pages: list[str] = []
            _write_bill(models[i], lang, page_writer(env, out, generated, pages), links.get(models[i].bill.id))
            written[models[i].bill.id] += pages
            if step is not None:
                step()
    for model in models:
        written[model.bill.id] += _bill_data(model, out, generated, env)
    return written


def _write_bill(model: BillModel, lang: str, write: Any, cross: dict[str, Any] | None = None) -> None:
    bill = model.bill
    base = f"{lang}/{bill.id}"
    title = bill.title.best(lang)
    page = Page(f"{base}/index.html")
    stages = [_stage_view(model, s, lang, page) for s in bill.stages]
    pickers = {text_lang: [k.stage.id for k in known] for text_lang, known in model.known.items()}
    precomputed = sorted(model.diffs, key=lambda k: (k[0], pickers[k[0]].index(k[1]), pickers[k[0]].index(k[2])))
    needs_compare = any(not complete(known) for known in model.known.values())
    forces = {text_lang: in_force(known) for text_lang, known in model.known.items()}
    forces = {text_lang: rows for text_lang, rows in forces.items() if rows}
    clone = f"git clone --single-branch -b {bill.id} <site>/{PUBLISHED_STORE}"
    write(
        page,
        "timeline.html",
        lang,
        TimelineContext(
            bill=bill,
            title=title,
            stages=stages,
            axis=_axis(bill.dated_stages, lang),
            procedure=PROCEDURE[lang],
            pickers=pickers,
            precomputed=[(a, b, text_lang) for text_lang, a, b in precomputed],
            compare=needs_compare,
            in_force=forces,
            in_force_json=json.dumps(
                {k: [[r["stage"], r["start"]] for r in rows] for k, rows in forces.items()}, separators=(",", ":")
            ),
            links=cross or {"law": None, "bills": [], "amending": {}, "amended": []},
            clone=clone,
            names=stage_names(bill, lang),
            facts=key_facts(bill),
            wareki=bill.japanese,
            record_names=link_names(stages),
        ),
    )
    if needs_compare:
        write(
            Page(f"{base}/compare.html"),
            "compare.html",
            lang,
            CompareContext(
                bill=bill,
                title=title,
                pickers=pickers,
                precomputed=[(a, b, text_lang) for text_lang, a, b in precomputed],
                names=stage_names(bill, lang),
            ),
        )
    sources_page = Page(f"{base}/sources.html")
    source_stages = [_stage_view(model, s, lang, sources_page) for s in bill.stages]
    write(
        sources_page,
        "sources.html",
        lang,
        SourcesContext(
            bill=bill,
            title=title,
            stages=source_stages,
            sources=grouped_sources(source_stages),
            names=link_names(source_stages),
        ),
    )
    names = stage_names(bill, lang)
    for text_lang, known in model.known.items():
        histories, links = _histories(model, text_lang)
        for k in known:
            vpage = Page(f"{base}/text/{k.stage.id}.{text_lang}.html")
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
                        vpage.url(
                            f"{base}/article/{text_lang}/{file_stem(unit_anchor(links[(k.stage.id, u.id)]))}.html"
                        )
                        if (k.stage.id, u.id) in links
                        else None
                    ),
                }
                for u in units
            ]
            ref = k.stage.text(text_lang)
            write(
                vpage,
                "version.html",
                lang,
                VersionContext(
                    bill=bill,
                    title=title,
                    stage=_stage_view(model, k.stage, lang, vpage),
                    version=k.version,
                    origin=origin_markup(ref.origin, lang) if ref else Markup(""),
                    origin_name=names.get(k.version.origin_stage or "", ""),
                    text_lang=text_lang,
                    units=list(zip(units, toc, strict=True)),
                    defines_json=json.dumps(
                        {e["anchor"]: e["defines"] for e in toc if e["defines"]}, ensure_ascii=False, sort_keys=True
                    ),
                    validity=_validity(model, k, forces.get(text_lang, []), lang),
                ),
            )
        for (d_lang, a, b), diff in model.diffs.items():
            if d_lang != text_lang:
                continue
            dpage = Page(f"{base}/diff/{a}..{b}.{text_lang}.html")
            layouts = {
                layout: Markup(diff_fragment(diff, layout, text_lang, "" if layout == "inline" else f"{layout}-"))
                for layout in LAYOUTS
            }
            write(
                dpage,
                "diff.html",
                lang,
                DiffContext(
                    bill=bill,
                    title=title,
                    a=_stage_view(model, bill.stage(a), lang, dpage),
                    b=_stage_view(model, bill.stage(b), lang, dpage),
                    diff=diff,
                    layouts=layouts,
                    changes=_changes(diff),
                    text_lang=text_lang,
                    json_url=dpage.url(f"{bill.id}/diff/{a}..{b}.{text_lang}.json"),
                    notices=_diff_notices(bill, bill.stage(a), bill.stage(b), text_lang, lang),
                    digest=digest(diff),
                ),
            )
        for history in histories:
            apage = Page(f"{base}/article/{text_lang}/{file_stem(unit_anchor(history.key))}.html")
            rows = [
                {
                    "stage": _stage_view(model, e["stage"], lang, apage),
                    "status": e["status"],
                    "label": e["label"],
                    "anchor": unit_anchor(e["label"]),
                    "change": e["change"]
                    if e["change"] is not None and e["status"] in ("changed", "removed")
                    else None,
                    # every text the unit had, once: where it first shows (a change shows its new text, marked);
                    # an unchanged stage says so and links that stage's text instead of repeating it
                    "text": e["text"] if e["status"] in ("introduced", "first-on-file") else None,
                }
                for e in history.entries
            ]
            write(
                apage,
                "article.html",
                lang,
                ArticleContext(
                    bill=bill,
                    title=title,
                    unit_id=history.unit_id,
                    rows=rows,
                    text_lang=text_lang,
                    removed=history.key != history.unit_id,
                ),
            )


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
        notices.append(words["sources_differ"].format(a=f"{named[a.id]}: {source_a}", b=f"{named[b.id]}: {source_b}"))
    if b.kind == "in-force" and b.date is not None and not b.law_number:  # the act's own provisions, no amending act
        notices.append(words["entry_into_force"].format(date=b.date.isoformat()))
    same_day = [s for s in bill.stages if s.date == b.date and s.kind in IN_FORCE_KINDS and s.revision]
    if b.date is not None and len(same_day) > 1:
        notices.append(words["same_day"].format(date=b.date.isoformat()))
    return notices


def _validity(model: BillModel, k: KnownText, forces: list[dict[str, Any]], lang: str) -> dict[str, Any] | None:
    """A text in force: from when until when, which provisions were not yet in force, which revisions follow."""
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
    }


def _later_stage(stage: Stage, lang: str) -> dict[str, Any]:
    """A stage after a text, as its page lists it: a link, the date, the milestone's name and the title."""
    return {
        "stage": stage.id,
        "date": stage.date.isoformat() if stage.date else "",
        "name": milestone(stage, lang),
        "title": tr(stage.title, lang),
    }


_PAGEFIND_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def search_glob(text_langs: Iterable[str], timelines: Iterable[str] | None = None) -> str:
    """The pages Pagefind indexes: timelines in both interface languages (those of `timelines`, the bills a
    maintainer curated, when given: the Diet's thousands of imported bills are found by the finder instead), and
    each text once, in the interface of its own language (Japanese texts in the Japanese index, which segments
    them; every other text in the English one). The search page picks the index by the query's script (site.js),
    so a reader finds a Japanese phrase from an English page too, and no text is indexed twice."""
    if timelines is None:
        patterns = ["en/*/index.html", "ja/*/index.html"]
    else:
        patterns = [f"{lang}/{bill}/index.html" for bill in sorted(timelines) for lang in LANGS]
    patterns += [f"{'ja' if lang == 'ja' else 'en'}/*/text/*.{lang}.html" for lang in sorted(set(text_langs))]
    return "{" + ",".join(patterns) + "}"


def index_search(out: Path, text_langs: Iterable[str] = ("ja", "en"), timelines: Iterable[str] | None = None) -> None:
    """Build the Pagefind search index into out/pagefind/ (its extended build segments Japanese)."""
    result = subprocess.run(
        # Only the pages that carry data-pagefind-body: timelines and texts. Reading every diff and article page
        # too is most of Pagefind's time and memory on a large site.
        [
            sys.executable,
            "-c",
            PAGEFIND_TIED,
            str(os.getpid()),
            "--site",
            str(out),
            "--output-subdir",
            "pagefind",
            "--silent",
            "--glob",
            search_glob(text_langs, timelines),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = " ".join((result.stderr or result.stdout or f"exit status {result.returncode}").split())[:300]
        raise BuildError(
            f"the search indexer (Pagefind) failed: {detail}; the site was not changed: check that "
            "`python -m pagefind --version` runs (pip install 'pagefind[extended]'), then build again"
        )
    # The site's search page uses Pagefind's JS API (pagefind.js and its worker); its ready-made UIs are not
    # used, and would be 400 KB of unreferenced files in every build.
    for name in _PAGEFIND_UNUSED:
        (out / "pagefind" / name).unlink(missing_ok=True)
    # Pagefind writes its language map in hash order; sorted, two builds of the same store are byte-identical.
    entry = out / "pagefind" / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text("utf-8")), sort_keys=True, separators=(",", ":")), "utf-8")
