"""What every page of a bill shows of it: a stage as a page shows it (its date, milestone, vote, sources and
texts) and the names a reader picks a stage by."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from markupsafe import Markup

from ...dates import to_wareki
from ...jurisdictions import chamber
from ...jurisdictions.jp.lawnum import in_english
from ...models import (
    OUTCOMES,
    STAGE_KINDS,
    TEXT_NOT_ON_FILE,
    Bill,
    Localized,
    Source,
    Stage,
)
from ...views import dated_claims
from ..model import IN_FORCE_KINDS, BillModel, complete, in_force
from ..render import (
    Page,
    reader_note,
    tr,
)
from ..strings import STRINGS, fill


def _date(date: dt.date, lang: str, wareki: bool = True) -> str:
    """A date for readers: ISO with 和暦 on Japanese pages (和暦 for Japanese bills only), 28 February 2025 else."""
    if lang == "ja":
        return f"{date.isoformat()}（{to_wareki(date)}）" if wareki else date.isoformat()
    return f"{date:%d %B %Y}".lstrip("0")


def _stage_date(stage: Stage, lang: str, wareki: bool) -> str:
    """The stage's date for readers; a stage the record gives no date for says so, with its session."""
    if stage.date is not None:
        return _date(stage.date, lang, wareki)
    if stage.session is None:  # a standing obligation under the law: no day, no session
        return fill(STRINGS[lang]["no_date_standing"])
    return fill(STRINGS[lang]["no_date"], session=stage.session)


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
    at_work: bool
    implements: list[dict[str, str]]  # the articles it carries out: {"name", "link"} (link "" when no page has it)
    outcome: str
    vote: dict[str, Any] | None
    sources: list[dict[str, Any]]
    datasets: list[str]  # the datasets its values were read from (sources of kind "dataset"), listed on sources.html
    documents: list[dict[str, Any]]
    provisions: list[Markup]
    claims: list[dict[str, Any]]
    texts: list[dict[str, Any]]
    commit: str


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


def claims_on_days(bill: Bill, lang: str) -> list[dict[str, str]]:
    """The contradicted claims that name a day (views.dated_claims), as the point-in-time view tells a reader who
    picks that day: the claim in its own words, who made it, and what the record says, in the page's language."""
    out = []
    for c in dated_claims(bill):
        publisher = Localized(tuple(c["publisher"].items())).best(lang)
        record = Localized(tuple(c["record"].items())).best(lang)
        out.append(
            {
                "date": c["date"],
                "stage": c["stage"],
                "text": fill(
                    STRINGS[lang]["claim_on_day"], statement=c["statement"], publisher=publisher, record=record
                ),
            }
        )
    return out


def link_names(stages: Sequence[StageView]) -> dict[str, str]:
    """What a link opens, for links given as bare URLs (a claim's record sources): the title of the source with
    that URL, else its site."""
    names = {src["url"]: src["title"] for s in stages for src in s["sources"] if src["title"]}
    for s in stages:
        for c in s["claims"]:
            for url in c["record_sources"]:
                names.setdefault(url, re.sub(r"^https?://([^/]+).*$", r"\1", url))
    return names


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


def _article_link(model: BillModel, name: str, lang: str, page: Page) -> dict[str, str]:
    """An article a stage carries out, linked to its history page where the site has one."""
    from ...implementation import citation_key

    found = model.article_pages.get(citation_key(name))
    if found is None:
        return {"name": name, "link": "", "lang": ""}
    text_lang, stem = found
    return {
        "name": name,
        "link": page.url(f"{lang}/{model.bill.id}/article/{text_lang}/{stem}.html"),
        "lang": text_lang,
    }


def carried_view(model: BillModel, lang: str, page: Page) -> dict[str, Any]:
    """ "Carried out so far" in the key facts (implementation.carried_out): each article that obliges the government
    to act or that an event names, with its events; the ones with no event on record listed together."""
    from ...implementation import carried_out

    if not any(s.at_work or s.implements for s in model.bill.stages):
        return {}  # nobody follows this law at work: its obligations are not read (a law of 2,000 is 1 MB of text)
    obligations = carried_out(model.package)
    if not obligations:
        return {}
    rows = []
    for o in obligations:
        events = [
            {"stage": s.id, "date": s.date.isoformat() if s.date else "", "name": milestone(s, lang)} for s in o.events
        ]
        rows.append({**_article_link(model, o.citation, lang, page), "status": o.status, "events": events})
    counts = {status: sum(r["status"] == status for r in rows) for status in ("acted-on", "standing", "open")}
    return {
        "rows": [r for r in rows if r["status"] != "open"],
        "open": [r for r in rows if r["status"] == "open"],
        "counts": {
            "total": len(rows),
            "acted": counts["acted-on"],
            "standing": counts["standing"],
            "open": counts["open"],
        },
    }


def stage_view(model: BillModel, stage: Stage, lang: str, page: Page) -> StageView:
    bill = model.bill
    record = model.records[stage.id]
    texts = []
    at = next(i for i, s in enumerate(bill.stages) if s.id == stage.id)
    before = {v.lang: v for v in model.package.versions(bill.stages[at - 1].id)} if at > 0 else {}
    for version in model.package.versions(stage.id):
        earlier = before.get(version.lang)
        entry: dict[str, Any] = {
            **record["texts"][version.lang],
            "reason": tr(version.reason, lang),
            "lang": version.lang,
            "link": None,
            "diff": None,
            # a text not on file, as at the stage before (the same official copy, for the same reason): said in a
            # word, not again in full (the Diet's 44,000 stages repeated it 88,000 times)
            "as_before": version.status == TEXT_NOT_ON_FILE
            and earlier is not None
            and (earlier.status, earlier.url, earlier.reason) == (version.status, version.url, version.reason),
        }
        known = model.known.get(version.lang, [])
        index = next((i for i, k in enumerate(known) if k.stage.id == stage.id), None)
        if index is not None:
            where = model.pages_lang(version.lang, lang)
            if model.has_text_page(version.lang, stage.id):
                entry["link"] = page.url(f"{where}/{bill.id}/text/{stage.id}.{version.lang}.html")
            if index > 0:
                prev = known[index - 1]
                diff = model.diffs[(version.lang, prev.stage.id, stage.id)]
                entry["diff"] = {
                    "from": prev.stage.id,
                    "stats": diff.stats,
                    "identical": diff.identical,
                    "link": page.url(f"{where}/{bill.id}/diff/{prev.stage.id}..{stage.id}.{version.lang}.html"),
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
        decision=stage.decides,
        minor=stage.minor,
        at_work=stage.at_work,
        implements=[_article_link(model, name, lang, page) for name in stage.implements],
        outcome=in_lang(OUTCOMES.get(stage.outcome, ""), lang) if stage.outcome else "",
        vote=_vote(record, stage, lang),
        sources=[source_view(src, lang) for src in stage.sources],
        datasets=[src.url for src in stage.sources if src.kind == "dataset"],
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


def milestone(stage: Stage, lang: str) -> str:
    """A stage's short name on the time axis: "HR committee vote", "衆・委員会可決", "Promulgated"."""
    words = STRINGS[lang]
    kind = "carried-over" if stage.carries_over else stage.kind  # 継続審査, not a vote on the bill
    name = fill(words.get(f"axis_{kind.replace('-', '_')}", kind))
    house = chamber(stage.body)[0]
    if house and kind in (
        "referred",
        "consent",
        "interim-report",
        "committee-vote",
        "plenary-vote",
        "passed",
        "deliberation",
        "carried-over",
    ):
        return fill(words[f"axis_house_{house}"], name=name)
    return name


@dataclass(frozen=True)
class BillPages:
    """One bill's pages in one interface language: what every page kind reads (the model, the language, where the
    pages go, and what several pages show alike), and `write`, the page writer (render.page_writer)."""

    model: BillModel
    lang: str
    write: Any
    pickers: dict[str, list[str]]  # text lang -> the stages with a known text, in order
    precomputed: list[tuple[str, str, str]]  # (from, to, text lang): the pairs with a page of their own
    needs_compare: bool  # some pair has no page: compare.html compares it in the browser
    forces: dict[str, list[dict[str, Any]]]  # text lang -> the texts in force (model.in_force), where there are any
    names: dict[str, str]  # stage id -> what a reader picks it by (stage_names)
    # (stage id, the way up to the site root) -> the stage as pages at that depth show it: every article history
    # page of a law shows the stages that made it (the APPI's 200 articles x 26 stages), all alike
    views: dict[tuple[str, str], StageView] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, model: BillModel, lang: str, write: Any) -> BillPages:
        pickers = {text_lang: [k.stage.id for k in known] for text_lang, known in model.known.items()}
        order = sorted(model.diffs, key=lambda k: (k[0], pickers[k[0]].index(k[1]), pickers[k[0]].index(k[2])))
        forces = {text_lang: in_force(known) for text_lang, known in model.known.items()}
        return cls(
            model=model,
            lang=lang,
            write=write,
            pickers=pickers,
            precomputed=[(a, b, text_lang) for text_lang, a, b in order],
            needs_compare=any(not complete(known, model.compact) for known in model.known.values()),
            forces={text_lang: rows for text_lang, rows in forces.items() if rows},
            names=stage_names(model.bill, lang),
        )

    @property
    def bill(self) -> Bill:
        return self.model.bill

    @property
    def base(self) -> str:
        return f"{self.lang}/{self.bill.id}"

    @property
    def title(self) -> str:
        return self.bill.title.best(self.lang)

    def switch_to(self, stage_id: str) -> str | None:
        """Where the language switch of one of this bill's text or diff pages leads: None for the same page in the
        other language's folder; for a compact law, whose such pages are in one folder alone, the other language's
        timeline at the stage the page shows."""
        if not self.model.compact:
            return None
        other = "ja" if self.lang == "en" else "en"
        return f"{other}/{self.bill.id}/index.html#stage-{stage_id}"

    def stage(self, stage: Stage, page: Page) -> StageView:
        """A stage as `page` shows it (made once for all pages at the same depth: its links are relative)."""
        key = (stage.id, page.root)
        view = self.views.get(key)
        if view is None:
            view = self.views[key] = stage_view(self.model, stage, self.lang, page)
        return view
