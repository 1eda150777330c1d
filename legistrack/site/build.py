"""The static site: the only module that imports jinja2.

`build_site` first builds the whole model (every page's context, every diff), then writes (pelican's
generate_context / generate_output). Pages exist once per interface language (en/, ja/) with relative URLs
only, so the site works from file:// and under any path; data that is the same in every language (timeline
JSON, diff JSON, Atom feeds) is written once at the bill's root.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import html
import json
import multiprocessing
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..dates import to_wareki
from ..diff.engine import diff_texts
from ..diff.model import DELETE, EQUAL, Diff, Side, Unit, UnitChange, unit_anchor
from ..diff.render import change_anchor, render_html, render_json
from ..diff.structure import split_units
from ..errors import BuildError
from ..models import OUTCOMES, STAGE_KINDS, TEXT_NEW, TEXT_VERIFIED, Bill, Package, Stage, Version
from ..vocab import LAYOUTS
from .strings import PROCEDURE, STRINGS

LANGS = ("en", "ja")


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
    package: Package
    commits: dict[str, str]
    known: dict[str, list[KnownText]] = field(default_factory=dict)  # text lang -> known texts in order
    diffs: dict[tuple[str, str, str], Diff] = field(default_factory=dict)  # (lang, from, to) -> Diff

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
    """Every pair of stages with a known text (adjacent ones, each against the latest, and the rest)."""
    return [(a, b) for i, a in enumerate(known) for b in known[i + 1 :]]


PARALLEL_FROM = 8  # distinct text pairs: below this, starting worker processes costs more than it saves


def _diff_pair(texts: tuple[str, str]) -> Diff:
    return diff_texts(*texts)


def prepare(packages: Iterable[Package], commits: dict[str, dict[str, str]]) -> list[BillModel]:
    """Build the model of every bill: its known texts and every diff the site shows.

    Each distinct pair of texts is diffed once; many pairs are spread over every core.
    """
    models = [BillModel(p, commits.get(p.bill.id, {}), _known_texts(p)) for p in packages]
    wanted: dict[tuple[str, str], tuple[str, str]] = {}
    for model in models:
        for known in model.known.values():
            for a, b in _pairs(known):
                wanted.setdefault((a.version.sha256 or "", b.version.sha256 or ""), (a.text, b.text))
    keys = list(wanted)
    workers = min(os.cpu_count() or 1, len(keys))
    if len(keys) >= PARALLEL_FROM and workers > 1:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
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


# --- rendering helpers ------------------------------------------------------------------------------


class Page:
    """One output file: its path under the site root and how to reach the root from it."""

    def __init__(self, path: str):
        self.path = path
        self.root = "../" * path.count("/")

    def url(self, target: str) -> str:
        return self.root + target


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("legistrack.site", "templates"),
        autoescape=jinja2.select_autoescape(["html", "xml", "atom"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["safe_url"] = safe_url
    env.globals["tr"] = tr
    return env


def tr(text: Any, lang: str) -> Markup:
    """A Localized string in `lang`, or in the language it exists in, marked with that language's `lang`."""
    value = text.best(lang)
    actual = next((code for code, v in text.items if v == value), lang)
    escaped = escape(value)
    return escaped if actual == lang else Markup(f'<span lang="{actual}">{escaped}</span>')


def safe_url(url: str) -> str:
    """Only http(s) and relative URLs reach an href: a javascript: URL from a bill renders inert."""
    return (
        url
        if re.match(r"^(https?://|[\w./#-])", url) and not re.match(r"^\s*(javascript|data|vbscript):", url, re.I)
        else "#"
    )


def _japanese(bill: Bill) -> bool:
    """Japanese bills get 和暦 dates on Japanese pages."""
    return bill.jurisdiction == "JP" or bill.timezone == "Asia/Tokyo"


def _date(date: dt.date, lang: str, wareki: bool = True) -> str:
    """A date for readers: ISO with 和暦 on Japanese pages (和暦 for Japanese bills only), 28 February 2025 else."""
    if lang == "ja":
        return f"{date.isoformat()}（{to_wareki(date)}）" if wareki else date.isoformat()
    return f"{date:%d %B %Y}".lstrip("0")


def _vote(stage: Stage) -> dict[str, Any] | None:
    if stage.vote is None:
        return None
    v = stage.vote
    return {"summary": v.summary(), "for": v.parties_for, "against": v.parties_against, "record": v.record_url}


def _stage_context(model: BillModel, stage: Stage, lang: str, page: Page) -> dict[str, Any]:
    bill = model.bill
    texts = []
    for version in model.package.versions(stage.id):
        entry: dict[str, Any] = {"lang": version.lang, "status": version.status, "reason": version.reason,
                                 "url": version.url, "sha256": version.sha256, "link": None, "diff": None}  # fmt: skip
        known = model.known.get(version.lang, [])
        index = next((i for i, k in enumerate(known) if k.stage.id == stage.id), None)
        if index is not None:
            entry["link"] = page.url(f"{lang}/{bill.id}/text/{stage.id}.{version.lang}.html")
            if index > 0:
                prev = known[index - 1]
                diff = model.diffs[(version.lang, prev.stage.id, stage.id)]
                entry["diff"] = {
                    "from": prev.stage.id, "stats": diff.stats, "identical": diff.identical,
                    "link": page.url(f"{lang}/{bill.id}/diff/{prev.stage.id}..{stage.id}.{version.lang}.html"),
                }  # fmt: skip
        texts.append(entry)
    return {
        "id": stage.id,
        "anchor": f"stage-{stage.id}",
        "kind": stage.kind,
        "kind_text": STAGE_KINDS[stage.kind][0 if lang == "en" else 1],
        "date": stage.date.isoformat(),
        "date_text": _date(stage.date, lang, _japanese(bill)),
        "title": tr(stage.title, lang),
        "title_other": stage.title.get("ja" if lang == "en" else "en"),
        "summary": stage.summary.best(lang),
        "body": stage.body,
        "outcome": OUTCOMES.get(stage.outcome, "") if stage.outcome else "",
        "vote": _vote(stage),
        "sources": stage.sources,
        "documents": stage.documents,
        "provisions": stage.provisions,
        "claims": stage.claims,
        "texts": texts,
        "commit": model.commits.get(stage.id, ""),
    }


def _axis(stages: Sequence[Stage], lang: str) -> dict[str, Any]:
    """A time axis drawn to scale: x in proportion to the days since the first stage."""
    if not stages:
        return {"width": 0, "height": 0, "points": [], "ticks": [], "span_days": 0}
    first, last = stages[0].date, stages[-1].date
    span = max((last - first).days, 1)
    width, left, right = 960, 40, 40
    points = []
    row_ends: list[float] = []  # the right edge of the last label in each row: labels never overlap
    for stage in stages:
        days = (stage.date - first).days
        x = left + (width - left - right) * days / span
        label = f"{stage.id.split('-')[0]} · {stage.date.isoformat()}"
        half = 3.3 * len(label)
        anchor = "start" if x - half < 0 else ("end" if x + half > width else "middle")
        start = x if anchor == "start" else (x - 2 * half if anchor == "end" else x - half)
        row = next((r for r, end in enumerate(row_ends) if start > end + 6), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = start + 2 * half
        points.append({"x": round(x, 1), "y": 40, "label_y": 72 + 16 * row, "anchor": anchor, "id": stage.id,
                       "label": label, "date": stage.date.isoformat(), "days": days,
                       "title": stage.title.best(lang)})  # fmt: skip
    ticks = []
    for year in range(first.year, last.year + 1):
        for month in range(1, 13):
            d = dt.date(year, month, 1)
            if first <= d <= last and (span < 800 or month == 1):
                ticks.append({"x": round(left + (width - left - right) * (d - first).days / span, 1),
                              "label": f"{d:%Y-%m}"})  # fmt: skip
    height = 72 + 16 * max(len(row_ends), 1) + 8
    return {"width": width, "height": height, "points": points, "ticks": ticks, "span_days": span}


def _unit_title(unit: Unit) -> str:
    first_line = unit.text.strip().split("\n", 1)[0]
    return first_line if len(first_line) <= 60 else first_line[:58] + "…"


def _changes(diff: Diff) -> list[dict[str, Any]]:
    out = []
    for change in diff.units:
        if not (change.changed or change.formatting_only):
            continue
        unit = change.new or change.old
        assert unit is not None
        out.append({"anchor": change_anchor(change), "label": "/".join(unit.path) or "(preamble)",
                    "status": change.status, "renumbered": change.renumbered, "moved": change.moved,
                    "formatting_only": change.formatting_only,
                    "old_label": change.old.label if change.old else "",
                    "new_label": change.new.label if change.new else ""})  # fmt: skip
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
    # by_new[i]: the changes of diffs[i - 1] by the id of their new unit; units[i]: the unit ids of text i
    by_new: list[dict[str, UnitChange]] = [{}] + [{c.new.id: c for c in d.units if c.new} for d in diffs]
    units: list[list[str]] = (
        [[c.old.id for c in diffs[0].units if c.old]] if diffs else [[u.id for u in split_units(known[0].text)]]
    )
    units += [[c.new.id for c in d.units if c.new] for d in diffs]
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
                entries.append({"stage": known[last + 1].stage, "status": "removed", "change": change,
                                "label": unit_id})  # fmt: skip
            current: str | None = unit_id
            for i in range(last, -1, -1):
                if current is None:
                    break
                stage = known[i].stage
                links[(stage.id, current)] = key
                change = by_new[i].get(current) if i else None
                if change is None or change.old is None:
                    entries.append({"stage": stage, "status": "introduced", "change": change, "label": current})
                    break
                status = "changed"
                if change.status == "unchanged":  # the same text, perhaps under another number
                    status = "renumbered" if change.renumbered else "unchanged"
                entries.append({"stage": stage, "status": status, "change": change, "label": current})
                current = change.old.id
            histories.append(History(key, unit_id, list(reversed(entries))))
    return histories, links


def _spans_html(change: UnitChange) -> str:
    return "".join(
        html.escape(t)
        if op == EQUAL
        else (f"<del>{html.escape(t)}</del>" if op == DELETE else f"<ins>{html.escape(t)}</ins>")
        for op, t in change.spans
    )


# --- the build ----------------------------------------------------------------------------------------


RENDER_PARALLEL_FROM = 4  # bill pages to write (bills x languages): from this many, every core renders


def _page_writer(env: jinja2.Environment, out: Path, generated: dt.datetime, written: list[str]) -> Any:
    def write(page: Page, template: str, lang: str, **context: Any) -> None:
        other = "ja" if lang == "en" else "en"
        other_path = re.sub(rf"^{lang}/", f"{other}/", page.path) if page.path.startswith(f"{lang}/") else page.path
        text = env.get_template(template).render(
            page=page, t=STRINGS[lang], lang=lang, other_lang=other, other_url=page.url(other_path),
            generated=generated.isoformat(), **context,
        )  # fmt: skip
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(page.path)

    return write


# What the rendering workers read: set before they are forked, so the models are not pickled to them.
_RENDER: tuple[Sequence[BillModel], Path, dt.datetime] | None = None


def _render_job(job: tuple[int, str]) -> list[str]:
    """Write one bill's pages in one interface language (in a worker process); return the paths written."""
    assert _RENDER is not None
    models, out, generated = _RENDER
    env = _env()
    written: list[str] = []
    _write_bill(models[job[0]], job[1], _page_writer(env, out, generated, written), env)
    return written


def build_site(
    models: Sequence[BillModel], out: Path, generated: dt.datetime, step: Callable[[], None] | None = None
) -> list[str]:
    """Write every page, data file and asset of the site under `out`; return the relative paths written.

    The bills' pages are rendered on every core when there are enough of them (worker processes forked from this
    one, so they share the models); `step` is called once per bill and interface language (len(models) *
    len(LANGS) times), for a progress bar.
    """
    global _RENDER
    env = _env()
    written: list[str] = []
    write = _page_writer(env, out, generated, written)

    def write_data(path: str, text: str) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(path)

    static = resources.files("legistrack.site") / "static"
    (out / "assets").mkdir(parents=True, exist_ok=True)
    for name in ("style.css", "site.js"):
        (out / "assets" / name).write_bytes((static / name).read_bytes())
        written.append(f"assets/{name}")

    bills_summary = []
    for model in models:
        bill = model.bill
        latest = bill.stages[-1] if bill.stages else None
        bills_summary.append({"model": model, "latest": latest})

    write(Page("index.html"), "root.html", lang="en", bills=bills_summary, date=_date, japanese=_japanese)
    for lang in LANGS:
        write(Page(f"{lang}/search.html"), "search.html", lang=lang)
        write(Page(f"{lang}/index.html"), "home.html", lang=lang, bills=bills_summary, date=_date, japanese=_japanese,
              procedure=PROCEDURE[lang])  # fmt: skip
    jobs = [(i, lang) for lang in LANGS for i in range(len(models))]
    workers = min(os.cpu_count() or 1, len(jobs))
    # Forking a process that runs other threads (legistrack serve's HTTP server) can copy a lock another thread
    # holds: there, and where fork does not exist, the pages are rendered in this process.
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(jobs) >= RENDER_PARALLEL_FROM and workers > 1 and forkable:
        _RENDER = (models, out, generated)
        try:
            with concurrent.futures.ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork")
            ) as pool:
                futures = [pool.submit(_render_job, job) for job in jobs]
                for _done in concurrent.futures.as_completed(futures):
                    if step is not None:
                        step()
                for future in futures:  # in job order: the list of pages does not depend on timing
                    written += future.result()
        finally:
            _RENDER = None
    else:
        for i, lang in jobs:
            _write_bill(models[i], lang, write, env)
            if step is not None:
                step()
    for model in models:
        bill = model.bill
        records = [
            {"id": s.id, "kind": s.kind, "date": s.date.isoformat(), "title": s.title.as_dict(), "body": s.body,
             "outcome": s.outcome, "commit": model.commits.get(s.id, ""),
             "sources": [{"url": x.url, "title": x.title, "publisher": x.publisher} for x in s.sources],
             "claims": [{"statement": c.statement, "verdict": c.verdict, "publisher": c.source.publisher,
                         "url": c.source.url, "record": c.record} for c in s.claims],
             "texts": {v.lang: {"status": v.status, "sha256": v.sha256} for v in model.package.versions(s.id)}}
            for s in bill.stages
        ]  # fmt: skip
        write_data(f"{bill.id}/timeline.json", json.dumps({"bill": bill.metadata(), "stages": records},
                                                          ensure_ascii=False, indent=2) + "\n")  # fmt: skip
        for (text_lang, a, b), diff in model.diffs.items():
            write_data(f"{bill.id}/diff/{a}..{b}.{text_lang}.json", render_json(diff))
        feed = env.get_template("feed.atom").render(
            bill=bill, stages=list(reversed(bill.stages)), generated=generated.isoformat(),
            updated=(bill.stages[-1].date.isoformat() + "T00:00:00Z") if bill.stages else generated.isoformat(),
        )  # fmt: skip
        write_data(f"{bill.id}/feed.atom", feed)
    return written


def _write_bill(model: BillModel, lang: str, write: Any, env: jinja2.Environment) -> None:
    bill = model.bill
    base = f"{lang}/{bill.id}"
    page = Page(f"{base}/index.html")
    stages = [_stage_context(model, s, lang, page) for s in bill.stages]
    pickers = {text_lang: [k.stage.id for k in known] for text_lang, known in model.known.items()}
    write(page, "timeline.html", lang=lang, bill=bill, title=bill.title.best(lang), stages=stages,
          axis=_axis(bill.stages, lang), procedure=PROCEDURE[lang], pickers=pickers)  # fmt: skip
    write(Page(f"{base}/sources.html"), "sources.html", lang=lang, bill=bill, title=bill.title.best(lang),
          stages=[_stage_context(model, s, lang, Page(f"{base}/sources.html")) for s in bill.stages])  # fmt: skip
    for text_lang, known in model.known.items():
        histories, links = _histories(model, text_lang)
        for k in known:
            vpage = Page(f"{base}/text/{k.stage.id}.{text_lang}.html")
            units = split_units(k.text)
            toc = [{"anchor": unit_anchor(u.id), "label": "/".join(u.path) or "(preamble)", "title": _unit_title(u),
                    "kind": u.kind, "depth": max(len(u.path) - 1, 0),
                    "history": (vpage.url(f"{base}/article/{text_lang}/{unit_anchor(links[(k.stage.id, u.id)])}.html")
                                if (k.stage.id, u.id) in links else None)}
                   for u in units]  # fmt: skip
            write(vpage, "version.html", lang=lang, bill=bill, title=bill.title.best(lang), stage=k.stage,
                  version=k.version, text_lang=text_lang, units=list(zip(units, toc, strict=True)),
                  date_text=_date(k.stage.date, lang, _japanese(bill)))  # fmt: skip
        for (d_lang, a, b), diff in model.diffs.items():
            if d_lang != text_lang:
                continue
            dpage = Page(f"{base}/diff/{a}..{b}.{text_lang}.html")
            layouts = {
                layout: render_html(diff, layout, text_lang, "" if layout == "inline" else f"{layout}-")
                for layout in LAYOUTS
            }
            write(dpage, "diff.html", lang=lang, bill=bill, title=bill.title.best(lang), a=bill.stage(a),
                  b=bill.stage(b), diff=diff, layouts=layouts, changes=_changes(diff), text_lang=text_lang,
                  pairs=[k.stage.id for k in known],
                  json_url=dpage.url(f"{bill.id}/diff/{a}..{b}.{text_lang}.json"))  # fmt: skip
        japanese = _japanese(bill)
        for history in histories:
            apage = Page(f"{base}/article/{text_lang}/{unit_anchor(history.key)}.html")
            rows = [{"stage": e["stage"], "status": e["status"], "label": e["label"],
                     "anchor": unit_anchor(e["label"]),
                     "html": _spans_html(e["change"]) if e["change"] is not None and e["status"] != "unchanged" and
                     e["status"] != "introduced" else "",
                     "date_text": _date(e["stage"].date, lang, japanese)} for e in history.entries]  # fmt: skip
            write(apage, "article.html", lang=lang, bill=bill, title=bill.title.best(lang), unit_id=history.unit_id,
                  rows=rows, text_lang=text_lang, removed=history.key != history.unit_id)  # fmt: skip


_PAGEFIND_UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip


def search_glob(text_langs: Iterable[str]) -> str:
    """The pages Pagefind indexes: the timelines in both interface languages, and each text once, in the interface
    of its own language (Japanese texts in the Japanese index, which segments them; every other text in the
    English one). The search page picks the index by the query's script (site.js), so a reader finds a Japanese
    phrase from an English page too, and no text is indexed twice."""
    patterns = ["en/*/index.html", "ja/*/index.html"]
    patterns += [f"{'ja' if lang == 'ja' else 'en'}/*/text/*.{lang}.html" for lang in sorted(set(text_langs))]
    return "{" + ",".join(patterns) + "}"


def index_search(out: Path, text_langs: Iterable[str] = ("ja", "en")) -> None:
    """Build the Pagefind search index into out/pagefind/ (its extended build segments Japanese)."""
    result = subprocess.run(
        # Only the pages that carry data-pagefind-body: timelines and texts. Reading every diff and article page
        # too is most of Pagefind's time and memory on a large site.
        [sys.executable, "-m", "pagefind", "--site", str(out), "--output-subdir", "pagefind", "--silent",
         "--glob", search_glob(text_langs)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
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
