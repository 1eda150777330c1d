"""Models to the plain records everyone reads: `stage list --json`, `timeline.json`, the feeds and the pages.

One function per record. `stage_record` is the contract documented in the README (its fields are relied on by
other tools): the site's `timeline.json` holds exactly these records, and the templates start from them.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from .dates import dates_named, to_wareki
from .jurisdictions import chamber, summary_keys
from .models import STAGE_KINDS, TEXT_NEW, TEXT_VERIFIED, Bill, Localized, Package, Stage

TIMELINE_SCHEMA = "legistrack.timeline/1"


def jsonable(value: Any) -> Any:
    """Models as JSON-ready values: dates as ISO strings, Localized as {lang: text}, dataclasses as dicts."""
    if isinstance(value, Localized):
        return value.as_dict()
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.metadata.get("prose"):  # a string, as before translations existed, and the Japanese beside it
                out[f.name], out[f"{f.name}_ja"] = prose_json(item)
            else:
                out[f.name] = jsonable(item)
        return out
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def prose_json(value: Localized | tuple[Localized, ...]) -> tuple[Any, Any]:
    """Words of ours in JSON: what a reader of English gets and what a reader of Japanese gets (each the other's, or
    the string as written, where that language has none); a list of them as two lists."""
    if isinstance(value, tuple):
        return [v.best("en") for v in value], [v.best("ja") for v in value]
    return value.best("en"), value.best("ja")


def kind_description(kind: str) -> dict[str, str]:
    en, ja = STAGE_KINDS[kind]
    return {"en": en, "ja": ja}


def bill_record(bill: Bill) -> dict[str, Any]:
    """The bill's own facts (no stages)."""
    return {
        "id": bill.id,
        "title": bill.title.as_dict(),
        "short_title": bill.short_title.best("en"),
        "short_title_ja": bill.short_title.best("ja"),
        "jurisdiction": bill.jurisdiction,
        "languages": list(bill.languages),
        "timezone": bill.timezone,
        "identifiers": dict(bill.identifiers),
    }


def stage_record(
    package: Package, stage: Stage, commit: str = "", tag: str = "", in_store: bool = False, text: bool = False
) -> dict[str, Any]:
    """One stage: every fact, the status of its text in each language, where it is in the store (and the text)."""
    data: dict[str, Any] = {"bill": package.bill.id, **jsonable(stage)}
    data["date_ja"] = to_wareki(stage.date) if stage.date else None
    data["kind_description"] = kind_description(stage.kind)
    texts = {}
    for v in package.versions(stage.id):
        ref = stage.text(v.lang)
        texts[v.lang] = {
            "status": v.status,
            "sha256": v.sha256,
            "from_stage": v.origin_stage,
            "reason": v.reason.best("en"),
            "reason_ja": v.reason.best("ja"),
            "url": v.url,
            "origin": ref.origin if ref else "",
        }
        if text:
            texts[v.lang]["text"] = v.text
    data["texts"] = texts
    data["tag"] = tag or f"{package.bill.id}/{stage.id}"
    data["commit"] = commit
    data["in_store"] = in_store
    return data


def stage_records(package: Package, commits: Mapping[str, str], in_store: Mapping[str, bool]) -> list[dict[str, Any]]:
    """Every stage of a bill, in procedural order."""
    return [
        stage_record(package, s, commits.get(s.id, ""), in_store=in_store.get(s.id, False)) for s in package.bill.stages
    ]


def timeline_record(package: Package, commits: Mapping[str, str]) -> dict[str, Any]:
    """`<bill>/timeline.json`: the bill, and its stages exactly as `stage list --json` gives them from the store."""
    return {
        "schema": TIMELINE_SCHEMA,
        "bill": bill_record(package.bill),
        "stages": stage_records(package, commits, {s: True for s in commits}),
    }


# --- a bill in one record: what lists, session pages and the key facts show -------------------------------------


def law_number_of(bill: Bill) -> str:
    """The law number the bill became: its identifier, or the one its promulgation stage gives."""
    promulgated = next((s.law_number for s in bill.stages if s.kind == "promulgated" and s.law_number), "")
    return bill.identifier("law_number") or promulgated


def status(bill: Bill) -> dict[str, Any]:
    """Where the bill stands, from its stages: repealed, in force as amended (since the last amendment), in force
    (since the first provisions), promulgated, signed, enacted, withdrawn, lapsed, rejected, pending.

    `stage` is the stage that settles it, `date` its date (None for a lapse the record does not date, then `session`).
    """
    stages = bill.stages
    if not stages:
        return {"code": "none", "stage": None, "date": None, "session": None}

    def found(code: str, stage: Stage) -> dict[str, Any]:
        return {
            "code": code,
            "stage": stage.id,
            "date": stage.date.isoformat() if stage.date else None,
            "session": stage.session,
        }

    repealed = [s for s in stages if s.kind == "repealed"]
    if repealed:
        return found("repealed", repealed[-1])
    amended = [s for s in stages if s.kind == "amended"]
    if amended:  # an amendment that took effect: the law is in force as amended, since its last amendment
        return found("as-amended", amended[-1])
    for code in ("in-force", "promulgated", "signed", "enacted", "withdrawn", "lapsed"):
        matching = [s for s in stages if s.kind == code or (code == "enacted" and s.outcome == "enacted")]
        if matching:
            return found(code, matching[0] if code == "in-force" else matching[-1])
    decisive = [s for s in stages if s.kind in ("plenary-vote", "committee-vote", "passed") and s.outcome]
    if decisive and decisive[-1].outcome == "rejected" and decisive[-1] is stages[-1]:
        return found("rejected", decisive[-1])
    return found("pending", stages[-1])


_PASSING = ("passed", "passed-with-amendments", "enacted")


def progress(bill: Bill) -> list[dict[str, Any]]:
    """Where the bill is on its way, step by step, as legislation.gov.uk and Congress.gov show it first: submitted,
    passed by each House (in the order it reached them), enacted, promulgated, in force. Each step is `done` (with
    the stage and date that did it), `next` or to come; a bill that lapsed, was withdrawn or rejected ends at the
    step it did not pass (`ended` with the stage that ended it). Empty for a law followed through its revisions
    only (no step of its passage on record)."""
    stages = bill.stages

    def step(code: str, stage: Stage | None, house: str = "") -> dict[str, Any]:
        return {
            "code": code,
            "house": house,
            "done": stage is not None,
            "stage": stage.id if stage else None,
            "date": stage.date.isoformat() if stage and stage.date else None,
            "next": False,
            "ended": "",
            "not_on_record": False,
        }

    start = next((s for s in stages if s.kind in ("submitted", "introduced")), None)
    start = start or next((s for s in stages if s.kind == "cabinet-decision"), None)
    if start is None:
        return []
    houses: list[str] = []
    for s in stages:
        house = chamber(s.body)[0]
        if house and house not in houses and s.kind != "cabinet-decision":
            houses.append(house)
    if bill.jurisdiction == "JP":  # the Diet has two Houses: the one not reached yet comes second
        houses += [h for h in ("hr", "hc") if h not in houses]
    steps = [step("cabinet-decision" if start.kind == "cabinet-decision" else "submitted", start)]
    for house in houses:
        passed = next(
            (
                s
                for s in stages
                if chamber(s.body)[0] == house
                and s.kind in ("plenary-vote", "passed", "enacted")
                and s.outcome in _PASSING
            ),
            None,
        )
        steps.append(step("passed", passed, house))
    enacted = next((s for s in stages if s.kind in ("enacted", "signed") or s.outcome == "enacted"), None)
    steps.append(step("signed" if enacted is not None and enacted.kind == "signed" else "enacted", enacted))
    if bill.jurisdiction == "JP" or any(s.kind == "promulgated" for s in stages):
        steps.append(step("promulgated", next((s for s in stages if s.kind == "promulgated"), None)))
    in_force = next((s for s in stages if s.kind == "in-force"), None)
    if bill.jurisdiction == "JP" or in_force is not None:
        steps.append(step("in-force", in_force))
        if in_force is None and steps[-2]["done"]:  # promulgated: the Houses' tables do not record entry into force
            steps[-1]["not_on_record"] = True
    ended = status(bill)
    ending = next((s for s in stages if s.id == ended["stage"]), None)
    upcoming = next((k for k, x in enumerate(steps) if not x["done"] and not x["not_on_record"]), None)
    if upcoming is not None:
        if ended["code"] in ("withdrawn", "lapsed", "rejected") and ending is not None:
            steps[upcoming] = {**steps[upcoming], "ended": ended["code"], "stage": ending.id, "date": ended["date"]}
        else:
            steps[upcoming] = {**steps[upcoming], "next": True}
    return steps


# The keys every summary has; a legislature fills in those it knows (Jurisdiction.summary: the Diet's number,
# session and committees). A bill of any other legislature keeps these values.
SUMMARY_DEFAULTS: dict[str, Any] = {
    "diet_bill": "",
    "kind": "",
    "session": None,
    "number": None,
    "egov_law_id": "",
    "committees": [],
    "amended": [],
    "by_session": {},
}


def bill_summary(package: Package) -> dict[str, Any]:
    """One bill as the lists of the site show it (session, outcome and committee pages, the finder)."""
    bill = package.bill
    submitted = next((s for s in bill.stages if s.kind in ("submitted", "introduced", "cabinet-decision")), None)
    law_number = law_number_of(bill)
    summary = {
        "id": bill.id,
        "title": bill.title.as_dict(),
        "short_title": bill.short_title.best("en"),
        "short_title_ja": bill.short_title.best("ja"),
        "short_title_by_lang": bill.short_title.as_dict(),  # for pages: which language each one is in
        "curated": not bill.maintained_by,
        "jurisdiction": bill.jurisdiction,
        **copy.deepcopy(SUMMARY_DEFAULTS),
        "law_number": law_number,
        # the law's revisions that name their amending act: what links a law to the bills that amended it
        "revisions": law_revisions(bill),
        "is_law": any(s.revision for s in bill.stages),
        "texts_in_store": bill.texts_in_store,  # its text and diff pages are in its texts' language alone
        "submitter": submitted.body if submitted else "",
        "submitted": submitted.date.isoformat() if submitted and submitted.date else None,
        "promulgated": next((s.date.isoformat() for s in bill.stages if s.kind == "promulgated" and s.date), None),
        "sessions": sorted({s.session for s in bill.stages if s.session is not None}),
        "status": status(bill),
        "in_force_dates": [s.date.isoformat() for s in bill.stages if s.kind == "in-force" and s.date],
        "stages": len(bill.stages),
        "last": bill.last_recorded_date.isoformat() if bill.last_recorded_date else None,  # amendments due aside
        "recent": recent_changes(bill),
    }
    summary.update(summary_keys(bill, law_number))
    return summary


# How many of a bill's newest stages its summary keeps for the site-wide feeds (shared.site_feeds): the feeds show
# the newest across every bill, and a bill rarely has more than this among them.
RECENT_PER_BILL = 5


def recent_changes(bill: Bill) -> list[dict[str, Any]]:
    """The bill's newest stages that happened (an amendment due is not yet a change), newest first, as the site-wide
    feeds list them: the stage, its day and kind, its title, and the diff that shows what it changed where its text
    is new and a text before it is on file (a stage that keeps the text links no diff)."""
    diffs = diffs_from(bill)
    happened = [s for s in bill.stages if s.date is not None and s.kind != "scheduled"]
    out = []
    for s in reversed(happened[-RECENT_PER_BILL:]):
        diff = diffs.get(s.id)
        new = diff is not None and (ref := s.text(diff["lang"])) is not None and ref.status == TEXT_NEW
        out.append(
            {
                "stage": s.id,
                "date": s.date.isoformat() if s.date else None,
                "kind": s.kind,
                "title": s.title.as_dict(),
                "diff": {"from": diff["from"], "lang": diff["lang"]} if diff is not None and new else None,
            }
        )
    return out


def diffs_from(bill: Bill) -> dict[str, dict[str, str]]:
    """Stage id -> the diff that shows what the stage changed (as the site pairs texts): the language and the stage
    of the text on file just before it; only stages whose text and a text before it are on file."""
    known: dict[str, str] = {}  # text language -> the last stage with that text on file
    out: dict[str, dict[str, str]] = {}
    for s in bill.stages:
        if s.at_work:  # the law at work keeps its text and is no version of it (site/model.py: _known_texts)
            continue
        on_file = [t.lang for t in s.texts if t.status in (TEXT_NEW, TEXT_VERIFIED)]
        lang = next((lang for lang in on_file if lang in known), None)
        if lang:
            out[s.id] = {"lang": lang, "from": known[lang]}
        for lang in on_file:
            known[lang] = s.id
    return out


def law_revisions(bill: Bill) -> list[dict[str, Any]]:
    """The law's revisions that name their amending act, each with what a link to it needs: the stage, its day,
    the act, the diff that shows the act's change (diffs_from; none where either text is not on file), and the other
    acts that took effect on the same day (`same_day`: their law numbers, "" for the law's own provisions), whose
    changes the same diff can mix."""
    diffs = diffs_from(bill)
    by_day: dict[str, list[str]] = {}
    for s in bill.stages:
        if s.revision and s.date is not None and s.kind in ("amended", "in-force"):
            by_day.setdefault(s.date.isoformat(), []).append(s.law_number)
    out = []
    for s in bill.stages:
        if s.revision and s.law_number:
            day = s.date.isoformat() if s.date else None
            others = list(by_day.get(day, [])) if day else []
            if s.law_number in others:
                others.remove(s.law_number)
            out.append(
                {
                    "stage": s.id,
                    "date": day,
                    "law_number": s.law_number,
                    "diff": diffs.get(s.id),
                    "same_day": others,
                }
            )
    return out


def debated_at(stage: Stage) -> bool:
    """A sitting that debated the bill without deciding it: a deliberation, or a referral made at a sitting (the
    plenary explanation of purpose and questions, 趣旨説明・質疑, comes before the Speaker refers the bill)."""
    return stage.kind == "deliberation" or (stage.kind == "referred" and bool(stage.meeting))


def dated_claims(bill: Bill) -> list[dict[str, Any]]:
    """The published claims the record contradicts that name a day ("in force on 1 July 2025"), once per day they
    name: what a reader who looks the law up on that day should be told (the point-in-time view says so)."""
    out = []
    for s in bill.stages:
        for c in s.claims:
            if c.verdict != "contradicted":
                continue
            for day in dates_named(c.statement):
                out.append(
                    {
                        "date": day.isoformat(),
                        "stage": s.id,
                        "statement": c.statement,
                        "publisher": c.source.publisher.as_dict(),
                        "record": c.record.as_dict(),
                    }
                )
    return sorted(out, key=lambda c: c["date"])


def key_facts(bill: Bill) -> dict[str, Any]:
    """What a reader asks first, from the stages alone: where the bill stands, when which provisions took effect,
    whether the Diet changed it, how often it was debated, and which published claims the record disputes."""

    def at(stage: Stage) -> dict[str, Any]:
        return {
            "stage": stage.id,
            "date": stage.date.isoformat() if stage.date else None,
            "house": chamber(stage.body)[0],
        }

    stages = bill.stages
    # a House keeping the bill for the next session (継続審査) decides nothing about the bill: listed apart
    decisions = [s for s in stages if s.decides and s.outcome]
    kept = [s for s in stages if s.carries_over]
    by_day = {(s.date, chamber(s.body)[0]): s for s in kept}  # a committee's and its plenary's: the plenary's
    carried_over = [{**at(s), "session": s.session} for s in kept if by_day[(s.date, chamber(s.body)[0])] is s]
    passed_houses = sorted(
        {chamber(s.body)[0] for s in decisions if s.outcome in ("passed", "passed-with-amendments", "enacted")} - {""}
    )
    debates: dict[str, list[str]] = {}
    for s in stages:
        if debated_at(s):
            debates.setdefault(chamber(s.body)[0], []).append(s.id)
    amended_in: list[dict[str, Any]] = []
    for s in decisions:
        if s.outcome == "passed-with-amendments":
            house = chamber(s.body)[0]
            group = next((g for g in amended_in if g["house"] == house), None)
            if group is None:
                group = {"house": house, "decisions": []}
                amended_in.append(group)
            group["decisions"].append({**at(s), "committee": s.kind == "committee-vote"})
    disputed = [
        {
            "stage": s.id,
            "verdict": c.verdict,
            "statement": c.statement,
            "statement_lang": c.source.title.language(""),  # the publication's, where its title declares it
            "publisher": c.source.publisher.as_dict(),
        }
        for s in stages
        for c in s.claims
        if c.verdict != "consistent"
    ]
    return {
        "status": status(bill),
        "enacted": next((at(s) for s in reversed(stages) if s.kind == "enacted" or s.outcome == "enacted"), None),
        "promulgated": next(({**at(s), "law_number": s.law_number} for s in stages if s.kind == "promulgated"), None),
        "in_force": [
            {**at(s), "provisions": [p.as_dict() for p in s.provisions], "title": s.title.as_dict()}
            for s in stages
            if s.kind == "in-force"
        ],
        # amendments promulgated and not yet in force when the record was read, by the day they are due
        "scheduled": [{**at(s), "law_number": s.law_number} for s in stages if s.kind == "scheduled"],
        "amended_in": amended_in,  # by House, in the order the bill reached them: its committee and plenary decisions
        "passed_houses": passed_houses,
        "decisions": [at(s) for s in decisions],
        "carried_over": carried_over,  # each time a House kept the bill for its next session, in order
        "debates": debates,  # by House, in the order the bill reached them
        "disputed": disputed,
        "consistent": sum(1 for s in stages for c in s.claims if c.verdict == "consistent"),
        "progress": progress(bill),
        # the legislature's own summary of the bill (the House of Councillors' 議案要旨), the first on record
        "summary": next(
            (
                {"title": d.title.as_dict(), "url": d.url, "stage": s.id}
                for s in stages
                for d in s.documents
                if d.kind == "summary" and d.url
            ),
            None,
        ),
    }


def no_links() -> dict[str, Any]:
    """The links of a bill that points at no other (cross_links gives each bill these keys)."""
    return {"law": None, "bills": [], "amending": {}, "amended": [], "amended_by": []}


def cross_links(summaries: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """How the bills of one site point at each other, from their summaries alone: a bill and the law it became
    (by law number), a law's revision and the bill of the act that made it, an act and the laws it amended.

    Per bill: `law` (the package of the law this bill became), `bills` (for a law: the bills that became it),
    `amending` (stage id -> the packages of the act that made that revision), `amended_by` (the same, as a list in
    the law's order: stage, date, act, bills), `amended` (the revisions this act made: bill, stage, date, the diff
    that shows each and the other acts of its day). Only what is on the site is linked; the rest is absent, never
    guessed."""
    by_number: dict[str, list[str]] = {}
    laws: dict[str, str] = {}
    made: dict[str, list[dict[str, Any]]] = {}
    for bill_id in sorted(summaries):
        summary = summaries[bill_id]
        number = summary.get("law_number") or ""
        if number:
            by_number.setdefault(number, []).append(bill_id)
            if summary.get("is_law"):
                laws.setdefault(number, bill_id)
        for r in summary.get("revisions", ()):
            made.setdefault(r["law_number"], []).append(
                {
                    "bill": bill_id,
                    "stage": r["stage"],
                    "date": r["date"],
                    "diff": r.get("diff"),
                    "same_day": r.get("same_day", []),
                }
            )

    def named(bill_id: str) -> dict[str, Any]:
        summary = summaries[bill_id]
        return {
            "id": bill_id,
            "title": summary["title"],
            "is_law": bool(summary.get("is_law")),
            "promulgated": summary.get("promulgated"),  # the act's promulgation: what was law before it took effect
            "texts_in_store": bool(summary.get("texts_in_store")),  # where its diff pages are (site.model.pages_folder)
        }

    out: dict[str, dict[str, Any]] = {}
    for bill_id in sorted(summaries):
        summary = summaries[bill_id]
        number = summary.get("law_number") or ""
        links = no_links()
        if number:
            law = laws.get(number)
            links["law"] = named(law) if law and law != bill_id else None
            if summary.get("is_law"):
                links["bills"] = [
                    named(b) for b in by_number.get(number, []) if b != bill_id and not summaries[b].get("is_law")
                ]
            links["amended"] = [{**named(r["bill"]), **r} for r in made.get(number, []) if r["bill"] != bill_id]
        for r in summary.get("revisions", ()):
            targets = [named(b) for b in by_number.get(r["law_number"], []) if b != bill_id]
            if targets:
                links["amending"][r["stage"]] = targets
                links["amended_by"].append(
                    {"stage": r["stage"], "date": r["date"], "law_number": r["law_number"], "bills": targets}
                )
        out[bill_id] = links
    return out
