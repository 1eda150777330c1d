"""A bill as the rows of the database (`legistrack export sqlite`): pure, from the package the store holds.

One function gives every row of one bill, table by table, in a fixed order, so that the database is the same for
the same store. The tables and their columns are described once, in TABLES: the writer creates them from it and
Datasette shows the descriptions (metadata.json).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from ..dates import to_wareki
from ..diff.engine import diff_texts
from ..diff.model import DELETE, INSERT, UNCHANGED, Diff
from ..diff.structure import split_units
from ..jurisdictions import chamber, committee
from ..models import TEXT_NEW, TEXT_VERIFIED, Localized, Package, Stage
from ..views import bill_summary, diffs_from

SCHEMA = "legistrack.sqlite/3"  # 2: laws, revisions and the view bill_law; 3: implements (a law at work)

Rows = dict[str, list[dict[str, Any]]]
DiffOf = Callable[[str, str, str, str, str], Diff]  # (lang, from stage, to stage, old text, new text) -> Diff

# table -> (description, primary key, foreign keys (column, table, column), {column: (type, description)})
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, str, str], ...], dict[str, tuple[type, str]]]] = {
    "bills": (
        "One row per bill or law: its identifiers and where it stands.",
        ("id",),
        (),
        {
            "id": (str, "legistrack's id of the bill (its branch in the store)"),
            "title_ja": (str, "Title in Japanese"),
            "title_en": (str, "Title in English"),
            "short_title": (str, "Short title"),
            "short_title_ja": (str, "Short title, as the Japanese pages give it"),
            "jurisdiction": (str, "JP, US, ..."),
            "diet_bill": (str, "The Diet's number of the bill: 第217回国会閣法第29号"),
            "diet_kind": (str, "閣法 (cabinet bill), 衆法 or 参法 (members' bills of either House)"),
            "diet_session": (int, "The session the bill was submitted in"),
            "diet_number": (int, "The bill's number within its session and kind"),
            "law_number": (str, "The act it became: 令和7年法律第53号"),
            "egov_law_id": (str, "e-Gov law id: 507AC0000000053"),
            "status": (str, "Where it stands: as-amended, in-force, promulgated, enacted, withdrawn, lapsed, ..."),
            "status_stage": (str, "The stage that settles the status"),
            "status_date": (str, "Its date (ISO)"),
            "status_session": (int, "The session of a lapse the record does not date"),
            "stages": (int, "Number of stages"),
            "curated": (int, "1 if curated by hand, 0 if written by an import"),
            "maintained_by": (str, "The import that writes the package, if any"),
            "head": (str, "The commit of the bill's branch this row was read from"),
        },
    ),
    "stages": (
        "One row per stage of a bill, in procedural order (seq): every fact of the stage.",
        ("tag",),
        (("bill", "bills", "id"),),
        {
            "tag": (str, "The stage's tag in the store: <bill>/<stage>"),
            "bill": (str, "The bill"),
            "id": (str, "The stage id: 03-committee-vote"),
            "seq": (int, "Position in the bill's procedure, from 1"),
            "kind": (str, "What happened: referred, deliberation, committee-vote, plenary-vote, enacted, ..."),
            "date": (str, "The legal date (ISO, in the bill's timezone); empty for an undated lapse or obligation"),
            "date_ja": (str, "The date in the Japanese era: 令和7年4月18日"),
            "session": (int, "The Diet session"),
            "meeting": (str, "The sitting, as its minutes name it: 内閣委員会 第12号"),
            "body": (str, "Who acted, as the record names it"),
            "house": (str, "hr (House of Representatives), hc (House of Councillors), or empty"),
            "committee": (
                str,
                "The committee the body names (内閣委員会): the one that acted, or for a referral the one it went to",
            ),
            "outcome": (str, "The result: passed, passed-with-amendments, rejected, enacted, ..."),
            "title_ja": (str, "Title in Japanese"),
            "title_en": (str, "Title in English"),
            "summary_ja": (str, "Summary in Japanese"),
            "summary_en": (str, "Summary in English"),
            "vote_result": (str, "majority (多数), unanimous (全会一致), ..."),
            "vote_method": (str, "standing vote (起立), push-button (押しボタン), ..."),
            "yes": (int, "Votes for (empty: not in the record)"),
            "no": (int, "Votes against (empty: not in the record)"),
            "abstain": (int, "Abstentions (empty: not in the record)"),
            "vote_record": (str, "URL of the vote record"),
            "law_number": (str, "On a promulgation the act's number; on an amendment the amending act's"),
            "revision": (str, "The e-Gov law revision whose text the stage carries"),
            "imported": (str, "The dataset an import took the stage from"),
            "commit": (str, "The stage's commit in the store"),
        },
    ),
    "votes": (
        "How each party or group voted at a stage, as the record lists them.",
        ("stage", "party", "position"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag)"),
            "bill": (str, "The bill"),
            "party": (str, "The party or group, as the record names it"),
            "position": (str, "for or against"),
        },
    ),
    "sources": (
        "Every source cited: for a stage's facts, for a published claim, or for the record that checks a claim.",
        ("stage", "n"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag)"),
            "n": (int, "Order within the stage"),
            "bill": (str, "The bill"),
            "supports": (str, "stage (the stage's facts), claim (who made claim N), record (what checks claim N)"),
            "claim": (int, "The claim's n, for claim and record sources"),
            "url": (str, "Where the fact is"),
            "title": (str, "Title"),
            "title_ja": (str, "Title, as the Japanese pages give it"),
            "publisher": (str, "Publisher"),
            "publisher_ja": (str, "Publisher, as the Japanese pages give it"),
            "date": (str, "Date of the source"),
            "note": (str, "What the source says, where it says it"),
            "note_ja": (str, "The note, as the Japanese pages give it"),
            "kind": (str, "dataset: a table a value was read from, cited beside the record itself"),
        },
    ),
    "documents": (
        "Documents attached to a stage: supplementary resolutions, minutes, the texts of bills.",
        ("stage", "n"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag)"),
            "n": (int, "Order within the stage"),
            "bill": (str, "The bill"),
            "title": (str, "Title"),
            "title_ja": (str, "Title, as the Japanese pages give it"),
            "url": (str, "URL"),
            "kind": (str, "supplementary-resolution, minutes, ..."),
            "note": (str, "Note"),
            "note_ja": (str, "The note, as the Japanese pages give it"),
        },
    ),
    "provisions": (
        "The provisions an in-force stage brings into force.",
        ("stage", "n"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag)"),
            "n": (int, "Order within the stage"),
            "bill": (str, "The bill"),
            "provision": (str, "The provision: Chapter III Artificial Intelligence Basic Plan (Article 18)"),
            "provision_ja": (str, "The provision, as the Japanese pages give it: 第三章　人工知能基本計画（第十八条）"),
        },
    ),
    "implements": (
        "The articles a stage of a law at work carries out (a body set up, a plan adopted, a standing obligation).",
        ("stage", "n"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag)"),
            "n": (int, "Order within the stage"),
            "bill": (str, "The bill or law"),
            "article": (str, "The article, as the law cites it: 第十八条, 附則第二条"),
        },
    ),
    "claims": (
        "What published notes claim about a stage, and what the record says.",
        ("stage", "n"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag)"),
            "n": (int, "Order within the stage"),
            "bill": (str, "The bill"),
            "statement": (str, "The claim, as published"),
            "verdict": (str, "contradicted, consistent or unverified: against the record"),
            "record": (str, "What the record says"),
            "record_ja": (str, "What the record says, as the Japanese pages give it"),
            "publisher": (str, "Who published the claim"),
            "url": (str, "Where it was published"),
            "date": (str, "When"),
        },
    ),
    "texts": (
        "The text of each stage in each language: new, verified (the same as an earlier one) or not on file.",
        ("stage", "lang"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag)"),
            "lang": (str, "Language"),
            "bill": (str, "The bill"),
            "status": (str, "new, verified or not-on-file"),
            "sha256": (str, "SHA-256 of the text (UTF-8)"),
            "from_stage": (str, "The stage whose text file this is (for a verified text, the earlier stage)"),
            "reason": (str, "Why the text is the same, or why it is not on file"),
            "reason_ja": (str, "The reason, as the Japanese pages give it"),
            "url": (str, "For a text not on file: the official copy"),
            "origin": (str, "The file or format the text was read from"),
            "chars": (int, "Length of the text in characters"),
            "text": (
                str,
                "The text itself (only on the stage that has it new; a verified text is the same). For a law whose "
                "texts are kept in the store (every Act from legalize-jp), the latest text alone: the others are in "
                "the published store, at the stage's commit",
            ),
        },
    ),
    "units": (
        "The articles, headings and paragraphs of each new text, in order: what the full-text search finds.",
        ("stage", "lang", "n"),
        (("stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "stage": (str, "The stage (tag) whose new text this is"),
            "lang": (str, "Language"),
            "n": (int, "Order in the text"),
            "bill": (str, "The bill"),
            "unit": (str, "The unit's id within the text: 第四章/第十九条"),
            "label": (str, "Its heading, as the text writes it: 第十九条"),
            "path": (str, "The enclosing headings, ending with the label, joined with ' > '"),
            "kind": (str, "article, heading, preamble or paragraph"),
            "text": (str, "The unit's text"),
        },
    ),
    "changes": (
        "What changed between consecutive texts of a bill in one language, unit by unit (unchanged units left out).",
        ("to_stage", "lang", "n"),
        (("from_stage", "stages", "tag"), ("to_stage", "stages", "tag"), ("bill", "bills", "id")),
        {
            "to_stage": (str, "The later stage (tag)"),
            "lang": (str, "Language"),
            "n": (int, "Order in the diff"),
            "bill": (str, "The bill"),
            "from_stage": (str, "The earlier stage (tag)"),
            "status": (str, "modified, inserted or deleted"),
            "old_label": (str, "The unit's label in the earlier text"),
            "new_label": (str, "The unit's label in the later text"),
            "path": (str, "The unit's headings (the later text's, or the earlier one's for a deletion)"),
            "renumbered": (int, "1 if the unit kept its text under another number"),
            "moved": (int, "1 if the unit moved"),
            "formatting_only": (int, "1 if only formatting changed"),
            "chars_inserted": (int, "Characters inserted"),
            "chars_deleted": (int, "Characters deleted"),
        },
    ),
    "laws": (
        "One row per law whose package holds its revisions (e-Gov's, from legalize-jp or a law history).",
        ("id",),
        (("id", "bills", "id"),),
        {
            "id": (str, "The law's package (its row in bills)"),
            "egov_law_id": (str, "e-Gov law id: 411AC0000000089"),
            "law_number": (str, "The law's own number: 平成11年法律第89号"),
            "title_ja": (str, "Title in Japanese"),
            "promulgated": (str, "Its promulgation (ISO), where the record gives it"),
            "revisions": (int, "Revisions on file (stages that name an e-Gov revision)"),
            "first_revision": (str, "The first revision's date: where the revision data begins"),
            "last_revision": (str, "The last revision's date"),
            "maintained_by": (str, "The import that writes the package, if any"),
        },
    ),
    "revisions": (
        "One row per revision of a law: the day it took effect, the act that made it, and the diff that shows it.",
        ("tag",),
        (("tag", "stages", "tag"), ("law", "laws", "id"), ("diff_from", "stages", "tag")),
        {
            "tag": (str, "The revision's stage (tag)"),
            "law": (str, "The law (its package)"),
            "stage": (str, "The stage id"),
            "n": (int, "Order among the law's revisions, from 1"),
            "date": (str, "The day the revision took effect (ISO); for one due, the day it is due"),
            "kind": (
                str,
                "amended (an act's amendments took effect), in-force (the law's own provisions), scheduled (due, not "
                "yet in force), event (a record that undoes a same-day revision: the data's order, not a change)",
            ),
            "revision": (str, "e-Gov's revision id: <law id>_<YYYYMMDD>_<amending law id>"),
            "act_law_number": (
                str,
                "The amending act's number: 令和7年法律第53号 (empty for the law's own provisions)",
            ),
            "act_egov_law_id": (str, "The amending act's e-Gov law id, as the revision id names it"),
            "same_day": (int, "Other revisions of this law on the same day (their changes can mix in one diff)"),
            "diff_from": (str, "The stage (tag) whose text this revision's diff starts from; empty if none"),
            "lang": (str, "The language of the texts the diff compares"),
        },
    ),
}

# Views: what joins bills across packages, always in step with the tables (an incremental export copies tables bill
# by bill, so nothing that spans bills is stored). name -> (description, SQL, {column: description})
VIEWS: dict[str, tuple[str, str, dict[str, str]]] = {
    "bill_law": (
        "Which bill (or act on file) made which law: 'amended' for each revision its act made, 'created' for the law "
        "it became. Joined by law number: a bill's law_number is the act it became.",
        "SELECT b.id AS bill, r.law AS law, 'amended' AS relation, r.tag AS revision, r.date AS date, "
        "r.act_law_number AS law_number, r.same_day AS same_day "
        "FROM revisions r JOIN bills b ON b.law_number = r.act_law_number AND b.id != r.law "
        "UNION ALL "
        "SELECT b.id, l.id, 'created', NULL, l.promulgated, l.law_number, 0 "
        "FROM laws l JOIN bills b ON b.law_number = l.law_number AND b.id != l.id",
        {
            "bill": "The bill, or the amending act's own law package",
            "law": "The law it amended or became (its package)",
            "relation": "amended or created",
            "revision": "For amended: the revision (tag) the act made",
            "date": "For amended: the day the revision took effect; for created: the promulgation",
            "law_number": "The act's number",
            "same_day": "Other revisions of the law on that day",
        },
    ),
}

# The column that names a row's package, for the tables that do not call it `bill`.
OWNER = {"bills": "id", "laws": "id", "revisions": "law"}

# What the full-text search covers (SQLite FTS5, trigram tokenizer: finds Japanese without word breaks, and any
# substring of three characters or more).
SEARCH = {
    "bills": ("title_ja", "title_en", "short_title", "short_title_ja"),
    "stages": ("title_ja", "title_en"),
    "units": ("text",),
}
# The site's copy of the database (every build publishes one): titles alone. The trigram index of every Act's text
# was 132 MB of a 258 MB download, for a search that find_in_texts answers in a third of a second without it;
# `export sqlite` writes it, and one command adds it to the downloaded copy (sqlite.ADD_TEXT_SEARCH).
SITE_SEARCH = {table: columns for table, columns in SEARCH.items() if table != "units"}


def _prose(column: str, value: Localized | None) -> dict[str, str | None]:
    """Words of ours as two columns: what a reader of English gets, and what a reader of Japanese gets."""
    if not value:
        return {column: None, f"{column}_ja": None}
    return {column: value.best("en"), f"{column}_ja": value.best("ja")}


def _tag(bill_id: str, stage_id: str) -> str:
    return f"{bill_id}/{stage_id}"


def default_diff(lang: str, a: str, b: str, old: str, new: str) -> Diff:
    return diff_texts(old, new, a, b)


def _stage_row(package: Package, stage: Stage, seq: int, commit: str) -> dict[str, Any]:
    bill = package.bill
    house = chamber(stage.body)[0]
    vote = stage.vote
    return {
        "tag": _tag(bill.id, stage.id),
        "bill": bill.id,
        "id": stage.id,
        "seq": seq,
        "kind": stage.kind,
        "date": stage.date.isoformat() if stage.date else None,
        "date_ja": to_wareki(stage.date) if stage.date and bill.japanese else None,
        "session": stage.session,
        "meeting": stage.meeting or None,
        "body": stage.body or None,
        "house": house or None,
        "committee": committee(stage.body) or None,
        "outcome": stage.outcome or None,
        "title_ja": stage.title.get("ja") or None,
        "title_en": stage.title.get("en") or None,
        "summary_ja": stage.summary.get("ja") or None,
        "summary_en": stage.summary.get("en") or None,
        "vote_result": (vote.result or None) if vote else None,
        "vote_method": (vote.method or None) if vote else None,
        "yes": vote.yes if vote else None,
        "no": vote.no if vote else None,
        "abstain": vote.abstain if vote else None,
        "vote_record": (vote.record_url or None) if vote else None,
        "law_number": stage.law_number or None,
        "revision": stage.revision or None,
        "imported": stage.imported or None,
        "commit": commit or None,
    }


def bill_rows(package: Package, commits: dict[str, str], head: str, diff_of: DiffOf = default_diff) -> Rows:
    """Every row of one bill, table by table (the keys of TABLES), in a fixed order."""
    bill = package.bill
    rows: Rows = {table: [] for table in TABLES}
    rows["bills"].append(_bill_row(package, head))
    for seq, stage in enumerate(bill.stages, 1):
        tag = _tag(bill.id, stage.id)
        rows["stages"].append(_stage_row(package, stage, seq, commits.get(stage.id, "")))
        _vote_rows(bill.id, stage, tag, rows)
        _source_rows(bill.id, stage, tag, rows)
        _document_rows(bill.id, stage, tag, rows)
        _text_rows(package, stage, tag, rows, _latest_new(package) if bill.texts_in_store else None)
    rows["changes"] = _changes(package, diff_of)
    _law_rows(package, rows)
    return rows


_REVISION_KINDS = ("amended", "in-force", "scheduled", "event")


def _law_rows(package: Package, rows: Rows) -> None:
    """A law's row and its revisions' (a package is a law when a stage names an e-Gov revision)."""
    bill = package.bill
    revised = [s for s in bill.stages if s.revision and s.kind in _REVISION_KINDS]
    if not revised:
        return
    summary = rows["bills"][0]
    diffs = diffs_from(bill)
    per_day: dict[Any, int] = {}
    for s in revised:
        if s.kind != "event":
            per_day[s.date] = per_day.get(s.date, 0) + 1
    promulgated = next((s.date for s in bill.stages if s.kind == "promulgated" and s.date), None)
    on_file = [s for s in revised if s.kind != "scheduled" and s.date]
    rows["laws"].append(
        {
            "id": bill.id,
            "egov_law_id": summary["egov_law_id"],
            "law_number": summary["law_number"],
            "title_ja": bill.title.get("ja") or None,
            "promulgated": promulgated.isoformat() if promulgated else None,
            "revisions": len(on_file),
            "first_revision": on_file[0].date.isoformat() if on_file and on_file[0].date else None,
            "last_revision": on_file[-1].date.isoformat() if on_file and on_file[-1].date else None,
            "maintained_by": bill.maintained_by or None,
        }
    )
    for n, s in enumerate(revised, 1):
        act = s.revision.split("_")[2] if s.revision.count("_") == 2 else ""
        diff = diffs.get(s.id)
        rows["revisions"].append(
            {
                "tag": _tag(bill.id, s.id),
                "law": bill.id,
                "stage": s.id,
                "n": n,
                "date": s.date.isoformat() if s.date else None,
                "kind": s.kind,
                "revision": s.revision,
                "act_law_number": s.law_number or None,
                "act_egov_law_id": act if act and act.strip("0") else None,
                "same_day": max(per_day.get(s.date, 1) - 1, 0) if s.kind != "event" else 0,
                "diff_from": _tag(bill.id, diff["from"]) if diff else None,
                "lang": diff["lang"] if diff else None,
            }
        )


def _bill_row(package: Package, head: str) -> dict[str, Any]:
    bill = package.bill
    summary = bill_summary(package)  # the facts the site's lists show: the same values in the database
    st = summary["status"]
    return {
        "id": bill.id,
        "title_ja": bill.title.get("ja") or None,
        "title_en": bill.title.get("en") or None,
        **_prose("short_title", bill.short_title),
        "jurisdiction": bill.jurisdiction or None,
        "diet_bill": summary["diet_bill"] or None,
        "diet_kind": summary["kind"] or None,
        "diet_session": summary["session"],
        "diet_number": summary["number"],
        "law_number": summary["law_number"] or None,
        "egov_law_id": summary["egov_law_id"] or None,
        "status": st["code"],
        "status_stage": _tag(bill.id, st["stage"]) if st["stage"] else None,
        "status_date": st["date"],
        "status_session": st["session"],
        "stages": len(bill.stages),
        "curated": 0 if bill.maintained_by else 1,
        "maintained_by": bill.maintained_by or None,
        "head": head,
    }


def _vote_rows(bill_id: str, stage: Stage, tag: str, rows: Rows) -> None:
    if stage.vote:
        seen = set()
        for position, parties in (("for", stage.vote.parties_for), ("against", stage.vote.parties_against)):
            for party in parties:
                if (party, position) not in seen:  # a party listed twice is one row
                    seen.add((party, position))
                    rows["votes"].append({"stage": tag, "bill": bill_id, "party": party, "position": position})


def _source_rows(bill_id: str, stage: Stage, tag: str, rows: Rows) -> None:
    """The stage's sources, its claims, and the sources of each claim and of the record that answers it."""
    n = 0

    def source(supports: str, claim: int | None, url: str, tag: str = tag, **fields: Any) -> None:
        nonlocal n
        n += 1
        date = fields.get("date")
        rows["sources"].append(
            {
                "stage": tag,
                "n": n,
                "bill": bill_id,
                "supports": supports,
                "claim": claim,
                "url": url,
                **_prose("title", fields.get("title")),
                **_prose("publisher", fields.get("publisher")),
                "date": date.isoformat() if date else None,
                **_prose("note", fields.get("note")),
                "kind": fields.get("kind") or None,
            }
        )

    for s in stage.sources:
        source("stage", None, s.url, title=s.title, publisher=s.publisher, date=s.date, note=s.note, kind=s.kind)
    for i, c in enumerate(stage.claims, 1):
        cs = c.source
        source("claim", i, cs.url, title=cs.title, publisher=cs.publisher, date=cs.date, note=cs.note)
        for url in c.record_sources:
            source("record", i, url)
        rows["claims"].append(
            {
                "stage": tag,
                "n": i,
                "bill": bill_id,
                "statement": c.statement,
                "verdict": c.verdict,
                **_prose("record", c.record),
                "publisher": cs.publisher.best("en") or None,
                "url": cs.url,
                "date": cs.date.isoformat() if cs.date else None,
            }
        )


def _document_rows(bill_id: str, stage: Stage, tag: str, rows: Rows) -> None:
    for i, d in enumerate(stage.documents, 1):
        rows["documents"].append(
            {
                "stage": tag,
                "n": i,
                "bill": bill_id,
                "title": d.title.best("en"),
                "title_ja": d.title.best("ja"),
                "url": d.url or None,
                "kind": d.kind or None,
                **_prose("note", d.note),
            }
        )
    for i, p in enumerate(stage.provisions, 1):
        rows["provisions"].append(
            {"stage": tag, "n": i, "bill": bill_id, "provision": p.best("en"), "provision_ja": p.best("ja")}
        )
    for i, article in enumerate(stage.implements, 1):
        rows["implements"].append({"stage": tag, "n": i, "bill": bill_id, "article": article})


def _latest_new(package: Package) -> set[tuple[str, str]]:
    """(stage id, lang) of the latest new text in each language."""
    latest: dict[str, str] = {}
    for stage in package.bill.stages:
        for ref in stage.texts:
            if ref.status == TEXT_NEW:
                latest[ref.lang] = stage.id
    return {(stage_id, lang) for lang, stage_id in latest.items()}


def _text_rows(package: Package, stage: Stage, tag: str, rows: Rows, only: set[tuple[str, str]] | None = None) -> None:
    """The stage's texts, and the units of each new one; with `only` (a law whose texts are kept in the store,
    Bill.texts_in_store), the words and units of those texts alone (each language's latest): every Act through
    every revision would be gigabytes of rows, and each text is in the published store, named by its commit."""
    bill_id = package.bill.id
    for v in package.versions(stage.id):
        ref = stage.text(v.lang)
        new = v.status == TEXT_NEW and v.text is not None and (only is None or (stage.id, v.lang) in only)
        rows["texts"].append(
            {
                "stage": tag,
                "lang": v.lang,
                "bill": bill_id,
                "status": v.status,
                "sha256": v.sha256,
                "from_stage": _tag(bill_id, v.origin_stage) if v.origin_stage else None,
                **_prose("reason", v.reason),
                "url": v.url or None,
                "origin": (ref.origin or None) if ref else None,
                "chars": len(v.text) if v.text is not None else None,
                "text": v.text if new else None,
            }
        )
        if new:
            assert v.text is not None
            for i, u in enumerate(split_units(v.text), 1):
                rows["units"].append(
                    {
                        "stage": tag,
                        "lang": v.lang,
                        "n": i,
                        "bill": bill_id,
                        "unit": u.id,
                        "label": u.label or None,
                        "path": " > ".join(u.path) or None,
                        "kind": u.kind,
                        "text": u.text,
                    }
                )


def _changes(package: Package, diff_of: DiffOf) -> list[dict[str, Any]]:
    """Consecutive known texts (new or verified) in each language, as the site pairs them; identical pairs give
    no rows."""
    bill = package.bill
    known: dict[str, list[tuple[str, str]]] = {}
    for stage in bill.stages:
        for v in package.versions(stage.id):
            if v.text is not None and v.status in (TEXT_NEW, TEXT_VERIFIED):
                known.setdefault(v.lang, []).append((stage.id, v.text))
    out: list[dict[str, Any]] = []
    for lang in sorted(known):
        texts = known[lang]
        for (a, old), (b, new) in itertools.pairwise(texts):
            if old == new:
                continue
            diff = diff_of(lang, a, b, old, new)
            n = 0
            for c in diff.units:
                if c.status == UNCHANGED and not c.renumbered and not c.moved:
                    continue
                n += 1
                unit = c.new or c.old
                assert unit is not None
                inserted = sum(len(t) for op, t in c.spans if op == INSERT)
                deleted = sum(len(t) for op, t in c.spans if op == DELETE)
                out.append(
                    {
                        "to_stage": _tag(bill.id, b),
                        "lang": lang,
                        "n": n,
                        "bill": bill.id,
                        "from_stage": _tag(bill.id, a),
                        "status": c.status,
                        "old_label": c.old.label if c.old else None,
                        "new_label": c.new.label if c.new else None,
                        "path": " > ".join(unit.path) or None,
                        "renumbered": int(c.renumbered),
                        "moved": int(c.moved),
                        "formatting_only": int(c.formatting_only),
                        "chars_inserted": inserted,
                        "chars_deleted": deleted,
                    }
                )
    return out
