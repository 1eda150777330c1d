"""The model of a bill as the site shows it, built before any markup: its known texts, in order, and every diff
the site precomputes (each distinct pair of texts diffed once, on every core)."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .. import views
from ..diff.engine import diff_texts
from ..diff.model import Diff, Side
from ..models import (
    TEXT_NEW,
    TEXT_VERIFIED,
    Bill,
    Package,
    Stage,
    Version,
)
from ..workers import die_with_parent, shared_with_workers
from .strings import LANGS as INTERFACE_LANGS


@dataclass(frozen=True)
class KnownText:
    """A stage whose text in one language is known (new, or verified to be the previous one)."""

    stage: Stage
    version: Version

    @property
    def text(self) -> str:
        assert self.version.text is not None
        return self.version.text


def pages_folder(compact: bool, text_lang: str, lang: str) -> str:
    """The interface language whose folder holds the pages of a text in `text_lang` (its text and diff pages), for a
    page in `lang`: the page's own, or for a compact law (BillModel.compact) the text's language: its Japanese text
    and diffs once, under ja/ (every Act through every revision in two interface languages would be twice the
    size, for a text in Japanese either way)."""
    return text_lang if compact and text_lang in INTERFACE_LANGS else lang


def diff_data_path(bill: str, text_lang: str, a: str, b: str, compact: bool) -> str:
    """Where a diff's JSON (legistrack.diff/1) is on the site: `<bill>/diff/<a>..<b>.<lang>.json`, or for a compact
    law `.json.gz` (gzip, 7 times smaller on Japanese text: every Act's diffs as plain JSON were 325 MB of a site
    that must stay under 2 GB; `curl … | gunzip` or Python's gzip.open reads it)."""
    return f"{bill}/diff/{a}..{b}.{text_lang}.json" + (".gz" if compact else "")


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

    @property
    def compact(self) -> bool:
        """A law archived through every revision (Bill.texts_in_store): its compact pages (see pages_lang)."""
        return self.bill.texts_in_store

    def pages_lang(self, text_lang: str, lang: str) -> str:
        """The interface language whose folder holds this bill's text and diff pages in `text_lang` (pages_folder)."""
        return pages_folder(self.compact, text_lang, lang)

    def has_text_page(self, text_lang: str, stage_id: str) -> bool:
        """Whether the text of this stage has a page: every known text, or for a compact law its latest alone
        (its earlier texts are read through the diffs, and every one of them is in the published store)."""
        known = self.known.get(text_lang, [])
        if self.compact:
            return bool(known) and known[-1].stage.id == stage_id
        return any(k.stage.id == stage_id for k in known)

    @cached_property
    def article_pages(self) -> dict[str, tuple[str, str]]:
        """Where the history page of each article a stage carries out is: citation -> (text language, the page's
        file stem), for the articles of the latest known text (those with a page of their own)."""
        if not any(s.implements for s in self.bill.stages):
            return {}
        from ..diff.model import unit_anchor
        from ..implementation import articles, citation_key
        from ..textio import file_stem

        pages: dict[str, tuple[str, str]] = {}
        for text_lang, known in self.known.items():
            for article in articles(known[-1].text):
                pages.setdefault(citation_key(article.citation), (text_lang, file_stem(unit_anchor(article.unit_id))))
        return pages

    @cached_property
    def article_events(self) -> dict[str, dict[str, tuple[Stage, ...]]]:
        """The stages of a law at work that carry out each article: text language -> unit id -> stages."""
        if not any(s.implements for s in self.bill.stages):
            return {}
        from ..implementation import events_by_unit

        return {text_lang: events_by_unit(self.package, text_lang) for text_lang in self.known}


def _known_texts(package: Package) -> dict[str, list[KnownText]]:
    """The texts a reader can open and compare, by language. A stage of the law at work (a plan adopted, a body
    set up) keeps the law's text as it was and is not a version of it: no page, no diff, no "unchanged" row in
    every article's history."""
    known: dict[str, list[KnownText]] = {}
    for stage in package.bill.stages:
        if stage.at_work:
            continue
        for version in package.versions(stage.id):
            if version.text is not None and version.status in (TEXT_NEW, TEXT_VERIFIED):
                known.setdefault(version.lang, []).append(KnownText(stage, version))
    return known


def _pairs(known: Sequence[KnownText], compact: bool = False) -> list[tuple[KnownText, KnownText]]:
    """The pairs of known texts the site precomputes: each text against the next one and against the latest, in
    the order of the stages. Linear in the number of texts (a law of 26 revisions has 49 pages of diffs per
    language, not 325); every other pair is compared in the reader's browser (compare.html, from the texts'
    data files). A compact law (BillModel.compact) has each revision against the one before alone: what each
    revision changed."""
    pairs = [(known[i], known[i + 1]) for i in range(len(known) - 1)]
    if compact:
        return pairs
    pairs += [(known[i], known[-1]) for i in range(len(known) - 2)]
    return sorted(pairs, key=lambda p: (known.index(p[0]), known.index(p[1])))


def complete(known: Sequence[KnownText], compact: bool = False) -> bool:
    """Whether the site needs no comparison in the browser: _pairs gives every pair (three texts or fewer), or the
    law is compact (its texts have no data files for the browser: each revision is read through its diff)."""
    return compact or len(known) <= 3


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


def _diff_pair(job: tuple[str, str, bool]) -> Diff:
    """The diff of two texts; with `slim`, its changed units alone (Diff.changes_only): all a compact law's pages
    show of it, and what a worker sends back and the build holds (a revision of 所得税法 changes a few of its
    1,500 units: sent whole, pickling and holding the unchanged ones took a third of the build of every Act)."""
    old, new, slim = job
    diff = diff_texts(old, new)
    return diff.changes_only() if slim else diff


# A diff the previous build worked out: (bill, text lang, from stage, to stage) -> the diff, or None
Earlier = Callable[[str, str, str, str], Diff | None]


def prepare(stored: Iterable[tuple[Package, dict[str, str]]], earlier: Earlier | None = None) -> list[BillModel]:
    """The model of every bill the store holds (its package, and the commit of each stage): its records, its
    known texts and every diff the site shows. Each distinct pair of texts is diffed once, on every core; a compact
    law's diff that `earlier` gives for the same two texts (the previous build's) is taken as it is, so that a law
    of a hundred revisions that gains one is diffed once, not a hundred times."""
    models = []
    for package, commits in stored:
        timeline = views.timeline_record(package, commits)
        records = {r["id"]: r for r in timeline["stages"]}
        models.append(BillModel(package, commits, _known_texts(package), records=records))
    wanted: dict[tuple[str, str], tuple[str, str, bool]] = {}
    found: dict[tuple[str, str], Diff] = {}
    for model in models:
        for lang, known in model.known.items():
            for a, b in _pairs(known, model.compact):
                key = (a.version.sha256 or "", b.version.sha256 or "")
                if key in wanted:
                    if not model.compact:  # a bill with full pages wants this pair too: diffed whole
                        wanted[key] = (a.text, b.text, False)
                    continue
                if model.compact and key in found:
                    continue
                before = earlier(model.bill.id, lang, a.stage.id, b.stage.id) if earlier and model.compact else None
                if before is not None and (before.old.sha256, before.new.sha256) == key:
                    found[key] = before  # (changes only: never given to a bill with full pages)
                else:
                    wanted[key] = (a.text, b.text, model.compact)
    keys = list(wanted)
    workers = min(os.cpu_count() or 1, len(keys))
    if len(keys) >= PARALLEL_FROM and workers > 1:
        with (
            shared_with_workers(),
            concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
            ) as pool,
        ):
            results = list(pool.map(_diff_pair, (wanted[k] for k in keys), chunksize=4))
    else:
        results = [_diff_pair(wanted[k]) for k in keys]
    cache = dict(zip(keys, results, strict=True))
    for model in models:
        bill_id = model.bill.id
        for lang, known in model.known.items():
            for a, b in _pairs(known, model.compact):
                key = (a.version.sha256 or "", b.version.sha256 or "")
                diff = found[key] if model.compact and key in found else cache[key]
                labels = (f"{bill_id}/{a.stage.id} ({lang})", f"{bill_id}/{b.stage.id} ({lang})")
                model.diffs[(lang, a.stage.id, b.stage.id)] = dataclasses.replace(
                    diff, old=Side(labels[0], diff.old.sha256), new=Side(labels[1], diff.new.sha256)
                )
    return models
