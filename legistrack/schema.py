"""The schema of a bill: plain tables (as bill.toml writes them, and as the store's bill.json and stage.json hold
them) to validated models, and back.

One schema, two encodings: `packages/` reads and writes it as TOML in bills/, `store/` as canonical JSON in every
commit, so a store read back gives the same models as the package it was written from. Validation errors name
the table and key (`bills/x/bill.toml stage 04-plenary-vote: ...`) and how to fix them.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any

from .dates import check_plausible, parse_date
from .errors import InvalidDate, InvalidId, ManifestError
from .models import (
    OUTCOMES,
    SESSION_UNDATED_KINDS,
    STAGE_KINDS,
    TEXT_NEW,
    TEXT_NOT_ON_FILE,
    TEXT_STATUSES,
    TEXT_VERIFIED,
    UNDATED_KINDS,
    VERDICTS,
    Bill,
    Claim,
    Document,
    Lead,
    Localized,
    Source,
    Stage,
    TextRef,
    Vote,
    check_lang,
    check_stage_id,
    stage_order,
)
from .textio import check_bidi, check_line, check_url
from .vocab import IMPLEMENTING_KINDS

# Vote counts: a chamber has hundreds of members, a referendum millions; a count past this is a typo.
MAX_COUNT = 10**9

_BILL_KEYS = {
    "id",
    "title",
    "short_title",
    "jurisdiction",
    "languages",
    "timezone",
    "identifiers",
    "maintained_by",
    "leads",
}
_STAGE_KEYS = {
    "id",
    "kind",
    "date",
    "title",
    "summary",
    "body",
    "outcome",
    "vote",
    "sources",
    "documents",
    "provisions",
    "claims",
    "texts",
    "session",
    "imported",
    "law_number",
    "revision",
    "meeting",
    "implements",
}
_LEAD_KEYS = {"statement", "reason", "url"}
_SOURCE_KEYS = {"url", "title", "publisher", "date", "note", "kind"}
SOURCE_KINDS = ("", "dataset")
_DOCUMENT_KEYS = {"title", "url", "kind", "note"}
_CLAIM_KEYS = {"statement", "source", "verdict", "record", "record_sources"}
_VOTE_KEYS = {"result", "method", "yes", "no", "abstain", "parties_for", "parties_against", "record_url"}
_TEXT_KEYS = {"status", "reason", "url", "origin", "blob"}
_BLOB = re.compile(r"^[0-9a-f]{40}$")


class _Reader:
    """Typed access to one table of the manifest, with errors that say where."""

    def __init__(self, data: Any, where: str, known: set[str]):
        if type(data) is not dict and not isinstance(data, Mapping):  # a dict, as TOML gives, without the ABC's check
            raise ManifestError(f"{where} must be a table")
        unknown = sorted(data.keys() - known)
        if unknown:
            raise ManifestError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(known))}")
        self.data, self.where = data, where

    def string(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ManifestError(f'{self.where}: missing {key!r}: add {key} = "..."')
            return ""
        if not isinstance(value, str):
            raise ManifestError(f"{self.where}: {key!r} must be a string")
        value = check_line(value, f"{self.where}: {key}", ManifestError)
        if required and not value:
            raise ManifestError(f"{self.where}: {key!r} is empty")
        return value

    def url(self, key: str, required: bool = False) -> str:
        value = self.string(key, required)
        return check_url(value, f"{self.where}: {key}", ManifestError) if value else value

    def text(self, key: str) -> str:
        """A multi-line string (summaries, notes)."""
        value = self.data.get(key, "")
        if not isinstance(value, str):
            raise ManifestError(f"{self.where}: {key!r} must be a string")
        return check_bidi(value.strip(), f"{self.where}: {key}", ManifestError)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ManifestError(f"{self.where}: {key!r} must be a list of strings")
        return tuple(check_line(v, f"{self.where}: {key}", ManifestError) for v in value)

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            raise ManifestError(f"{self.where}: {key!r} must be a whole number from 0 to {MAX_COUNT:,}")
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ManifestError(f"{self.where}: missing {key!r}: add {key} = 2025-02-28")
            return None
        if not isinstance(value, (str, dt.date)) or isinstance(value, (dt.datetime, dt.time)):
            raise ManifestError(f"{self.where}: {key!r} must be a date such as 2025-02-28")
        try:
            return check_plausible(parse_date(value))
        except InvalidDate as exc:
            raise ManifestError(f"{self.where}: {key}: {exc}") from None

    def localized(self, key: str, required: bool = False) -> Localized:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ManifestError(f'{self.where}: missing {key!r}: add {key}.en = "..." (or {key}.ja)')
            return Localized()
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
            raise ManifestError(f"{self.where}: {key!r} must be a table of language = text")
        for lang in value:
            check_lang(lang)
        multiline = key == "summary"
        items = {
            lang: (
                check_bidi(_unwrap(text), f"{self.where}: {key}.{lang}", ManifestError)
                if multiline
                else check_line(text, f"{self.where}: {key}.{lang}", ManifestError)
            )
            for lang, text in value.items()
        }
        result = Localized.of(items)
        if required and not result:
            raise ManifestError(f"{self.where}: {key!r} is empty")
        return result

    def prose(self, key: str, multiline: bool = False, required: bool = False) -> Localized:
        """Words of ours, as written (a string) or in several languages (a table: en = "...", ja = "...")."""
        return _prose(self.data.get(key), f"{self.where}: {key}", multiline, required)

    def prose_list(self, key: str) -> tuple[Localized, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise ManifestError(f"{self.where}: {key!r} must be a list of strings (or of tables of language = text)")
        return tuple(_prose(v, f"{self.where}: {key} #{i + 1}", False, True) for i, v in enumerate(value))

    def tables(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise ManifestError(f"{self.where}: {key!r} must be an array of tables ([[...{key}]])")
        return value


def _prose(value: Any, where: str, multiline: bool, required: bool) -> Localized:
    if value is None or value == "":
        if required:
            raise ManifestError(f"{where} is empty: write it, or leave the key out")
        return Localized()
    if isinstance(value, str):
        pairs: Any = (("", value),)
    elif (
        (type(value) is not dict and not isinstance(value, Mapping))  # a dict without the ABC's check
        or not value
        or not all(isinstance(v, str) for v in value.values())
    ):
        raise ManifestError(f'{where} must be a string, or a table of language = text (en = "...", ja = "...")')
    else:
        for lang in value:
            try:
                check_lang(lang)
            except InvalidId as exc:
                raise ManifestError(f'{where}: {exc} (write {{ ja = "...", en = "..." }})') from None
        pairs = value.items()
    items = []
    for lang, text in pairs:
        what = f"{where}.{lang}" if lang else where
        text = check_bidi(text.strip(), what, ManifestError) if multiline else check_line(text, what, ManifestError)
        if text:
            items.append((lang, text))
    result = Localized(tuple(items))  # Localized.of's: the languages in order, none empty
    if required and not result:
        raise ManifestError(f"{where} is empty: write it, or leave the key out")
    return result


def prose_value(value: Localized) -> str | dict[str, str]:
    """How bill.toml and stage.json write words of ours: a string as written, or a table of language = text."""
    if not value:
        return ""
    if len(value.items) == 1 and value.items[0][0] == "":
        return value.items[0][1]
    return value.as_dict()


def _unwrap(text: str) -> str:
    """Join a summary's hard-wrapped lines (a blank line still separates paragraphs)."""

    def join(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1], m.string[m.end()]
        return " " if before.isascii() and after.isascii() else ""

    return re.sub(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)", join, text.strip())


def _source(data: Any, where: str) -> Source:
    r = _Reader(data, where, _SOURCE_KEYS)
    return Source(
        url=r.url("url", required=True),
        title=r.prose("title"),
        publisher=r.prose("publisher"),
        date=r.date("date"),
        note=r.prose("note", multiline=True),
        kind=_source_kind(r.string("kind"), where),
    )


def _source_kind(kind: str, where: str) -> str:
    if kind not in SOURCE_KINDS:
        raise ManifestError(f'{where}: kind {kind!r} is not "dataset" (leave it out for the record itself)')
    return kind


def parse_manifest(data: Mapping[str, Any], bill_id: str, where: str = "bill.toml") -> Bill:
    """Validate a parsed manifest and build the Bill; raise ManifestError naming the first problem."""
    top = _Reader(data, where, {"bill", "stages"})
    b = _Reader(data.get("bill"), f"{where} [bill]", _BILL_KEYS)
    declared = b.string("id", required=True)
    if declared != bill_id:
        raise ManifestError(f"{where}: [bill] id is {declared!r} but the directory is {bill_id!r}: make them equal")
    languages = b.strings("languages")
    if not languages:
        raise ManifestError(f'{where} [bill]: languages is empty: add languages = ["ja", "en"]')
    for lang in languages:
        check_lang(lang)
    if len(set(languages)) != len(languages):
        raise ManifestError(f"{where} [bill]: a language is listed twice in languages")
    timezone = b.string("timezone") or "UTC"
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ManifestError(
            f"{where} [bill]: unknown timezone {timezone!r}: use an IANA name such as Asia/Tokyo"
        ) from None
    ident = data["bill"].get("identifiers", {})
    if not isinstance(ident, Mapping) or not all(isinstance(v, str) for v in ident.values()):
        raise ManifestError(f'{where} [bill]: identifiers must be a table of name = "value"')
    stages = tuple(
        parse_stage(raw, _stage_where(where, i, raw), languages) for i, raw in enumerate(top.tables("stages"))
    )
    check_order(stages, where)
    return Bill(
        id=bill_id,
        title=b.localized("title", required=True),
        languages=tuple(languages),
        jurisdiction=b.string("jurisdiction"),
        short_title=b.prose("short_title"),
        timezone=timezone,
        identifiers=tuple((k, check_line(v, f"identifier {k}", ManifestError)) for k, v in ident.items()),
        stages=stages,
        maintained_by=b.string("maintained_by"),
        leads=_leads(b, where),
    )


def _leads(b: _Reader, where: str) -> tuple[Lead, ...]:
    """[[bill.leads]]: what published pages say and the record could not confirm (shown on the sources page)."""
    leads = []
    for i, raw in enumerate(b.tables("leads")):
        r = _Reader(raw, f"{where} lead #{i + 1}", _LEAD_KEYS)
        leads.append(
            Lead(
                statement=r.prose("statement", multiline=True, required=True),
                reason=r.prose("reason", multiline=True, required=True),
                url=r.url("url"),
            )
        )
    return tuple(leads)


def _stage_where(where: str, index: int, raw: Any) -> str:
    """How an error names a stage: by its id when it has one (an error found before the id is read, such as an
    unknown key, still says which stage), else by its place in the file."""
    stage_id = raw.get("id") if isinstance(raw, Mapping) else None
    if isinstance(stage_id, str) and stage_id.strip() and stage_id.isprintable():
        return f"{where} stage {stage_id.strip()[:60]}"
    return f"{where} stage #{index + 1}"


def parse_stage(data: Any, where: str, languages: Sequence[str]) -> Stage:
    """Validate one stage table (a [[stages]] entry of bill.toml, or a store's stage.json) and build the Stage."""
    r = _Reader(data, where, _STAGE_KEYS)
    stage_id = r.string("id", required=True)
    where = f"{where.rsplit(' stage', 1)[0]} stage {stage_id}"
    kind = r.string("kind", required=True)
    if kind not in STAGE_KINDS:
        raise ManifestError(f"{where}: unknown kind {kind!r}; use one of: {', '.join(STAGE_KINDS)}")
    try:
        check_stage_id(stage_id, kind)
    except InvalidId as exc:
        raise ManifestError(f"{where}: {exc}") from None
    outcome = r.string("outcome")
    if outcome and outcome not in OUTCOMES:
        raise ManifestError(f"{where}: unknown outcome {outcome!r}; use one of: {', '.join(OUTCOMES)}")
    sources = tuple(_source(s, f"{where} source #{i + 1}") for i, s in enumerate(r.tables("sources")))
    if not sources:
        raise ManifestError(f"{where}: no source: every stage needs at least one [[stages.sources]] with a url")
    documents = _documents(r, where)
    claims = _claims(r, where)
    vote = _vote(data["vote"], where) if "vote" in data else None
    refs = _text_refs(data.get("texts", {}), where, languages)
    date = r.date("date", required=kind not in UNDATED_KINDS)
    session = r.integer("session")
    if session is not None and not 1 <= session <= 10_000:
        raise ManifestError(f"{where}: session {session} is not a session number (e.g. 217 for 第217回国会)")
    if date is None and session is None and kind in SESSION_UNDATED_KINDS:
        raise ManifestError(
            f"{where}: a {kind} stage without a date needs the session it happened in: add session = <number> "
            "(or the date, if the record gives it)"
        )
    return Stage(
        id=stage_id,
        kind=kind,
        date=date,
        session=session,
        imported=r.string("imported"),
        law_number=r.string("law_number"),
        revision=_revision(r.string("revision"), where),
        meeting=r.string("meeting"),
        implements=_implements(r, kind, where),
        title=r.localized("title", required=True),
        summary=r.localized("summary"),
        body=r.string("body"),
        outcome=outcome,
        vote=vote,
        sources=sources,
        documents=documents,
        provisions=r.prose_list("provisions"),
        claims=claims,
        texts=refs,
    )


def _implements(r: _Reader, kind: str, where: str) -> tuple[str, ...]:
    return check_implements(r.strings("implements"), kind, where)


def check_implements(cited: Sequence[str], kind: str, where: str) -> tuple[str, ...]:
    """The articles a stage carries out, each once, as the law cites them (第十八条, 附則第二条, Article 18): only
    for a law at work (vocab.IMPLEMENTING_KINDS). Whether the law has them is checked against its texts when the
    package is read (implementation.check)."""
    if not cited:
        return ()
    if kind not in IMPLEMENTING_KINDS:
        raise ManifestError(
            f"{where}: implements names the articles a law at work carries out, and a {kind} stage is the "
            f"legislature's: use it on a stage of kind {', '.join(IMPLEMENTING_KINDS)}, or leave it out"
        )
    out: list[str] = []
    for article in cited:
        if not article.strip():
            raise ManifestError(f"{where}: implements has an empty article: write it as the law cites it (第十八条)")
        article = article.strip()
        if article in out:
            raise ManifestError(f"{where}: implements names {article} twice: name it once")
        out.append(article)
    return tuple(out)


def _documents(r: _Reader, where: str) -> tuple[Document, ...]:
    documents = []
    for i, d in enumerate(r.tables("documents")):
        dr = _Reader(d, f"{where} document #{i + 1}", _DOCUMENT_KEYS)
        documents.append(
            Document(
                title=dr.prose("title", required=True),
                url=dr.url("url", True),
                kind=dr.string("kind"),
                note=dr.prose("note", multiline=True),
            )
        )
    return tuple(documents)


def _claims(r: _Reader, where: str) -> tuple[Claim, ...]:
    claims = []
    for i, c in enumerate(r.tables("claims")):
        cw = f"{where} claim #{i + 1}"
        cr = _Reader(c, cw, _CLAIM_KEYS)
        verdict = cr.string("verdict", True)
        if verdict not in VERDICTS:
            raise ManifestError(f"{cw}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        claims.append(
            Claim(
                statement=cr.string("statement", True),
                source=_source(c.get("source"), f"{cw} source"),
                verdict=verdict,
                record=cr.prose("record", multiline=True),
                record_sources=tuple(
                    check_url(url, f"{cw}: record_sources", ManifestError) for url in cr.strings("record_sources")
                ),
            )
        )
    return tuple(claims)


def _vote(data: Any, where: str) -> Vote:
    vr = _Reader(data, f"{where} vote", _VOTE_KEYS)
    return Vote(
        result=vr.string("result"),
        method=vr.string("method"),
        yes=vr.integer("yes"),
        no=vr.integer("no"),
        abstain=vr.integer("abstain"),
        parties_for=vr.strings("parties_for"),
        parties_against=vr.strings("parties_against"),
        record_url=vr.url("record_url"),
    )


def _text_refs(texts_data: Any, where: str, languages: Sequence[str]) -> tuple[TextRef, ...]:
    """How each of the bill's languages' text is known at the stage (its texts table)."""
    if not isinstance(texts_data, Mapping):
        raise ManifestError(f'{where}: texts must be a table: texts.ja = {{ status = "new" }}')
    unknown = sorted(set(texts_data) - set(languages))
    if unknown:
        raise ManifestError(f"{where}: texts.{unknown[0]} is not one of the bill's languages ({', '.join(languages)})")
    refs = []
    for lang in languages:
        if lang not in texts_data:
            raise ManifestError(
                f"{where}: no texts.{lang}: say how the {lang} text is known "
                f'(status = "new", "verified" with a reason, or "not-on-file" with a url)'
            )
        tr = _Reader(texts_data[lang], f"{where} texts.{lang}", _TEXT_KEYS)
        status = tr.string("status", True)
        if status not in TEXT_STATUSES:
            raise ManifestError(f"{where} texts.{lang}: status {status!r} is not one of {', '.join(TEXT_STATUSES)}")
        ref = TextRef(
            lang=lang,
            status=status,
            reason=tr.prose("reason", multiline=True),
            url=tr.url("url"),
            origin=tr.text("origin"),
            blob=tr.text("blob"),
        )
        if ref.blob and (status != TEXT_NEW or not _BLOB.match(ref.blob)):
            raise ManifestError(
                f"{where} texts.{lang}: blob names a new text kept in the store by its git blob id (40 hexadecimal "
                f"digits, with status new): {ref.blob!r}"
            )
        if status == TEXT_VERIFIED and not ref.reason:
            raise ManifestError(f"{where} texts.{lang}: a verified text needs a reason (e.g. passed without amendment)")
        if status == TEXT_NOT_ON_FILE and not ref.url:
            raise ManifestError(f"{where} texts.{lang}: a text not on file needs the url of the official text")
        refs.append(ref)
    return tuple(refs)


def check_order(stages: Sequence[Stage], where: str) -> None:
    """Refuse duplicate ids, stages out of date or id order, and a first stage that inherits a text."""
    seen: set[str] = set()
    for prev, stage in zip((None, *stages), stages, strict=False):
        if stage.id in seen:
            raise ManifestError(f"{where}: stage id {stage.id!r} is used twice: give the second one another number")
        seen.add(stage.id)
        if prev is None:
            for ref in stage.texts:
                if ref.status == TEXT_VERIFIED:
                    raise ManifestError(
                        f"{where} stage {stage.id}: texts.{ref.lang} is verified "
                        "but there is no earlier text to inherit"
                    )
            continue
        if stage.date is not None and prev.date is None:
            raise ManifestError(
                f"{where}: stage {stage.id} ({stage.date}) comes after {prev.id}, which has no date: a stage "
                "without a date (a lapse at the end of a session) comes after every dated stage"
            )
        if stage.date is not None and prev.date is not None and stage.date < prev.date:
            raise ManifestError(
                f"{where}: stage {stage.id} ({stage.date}) comes after {prev.id} ({prev.date}) but is earlier: "
                "stages must be in procedural (date) order"
            )
        if stage_order(stage.id) < stage_order(prev.id):
            raise ManifestError(
                f"{where}: stage id {stage.id} sorts before {prev.id}: ids must increase in procedural order"
            )


# --- models to tables -----------------------------------------------------------------------------------


def _drop_empty(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in ("", None, [], (), {})}


def bill_table(bill: Bill) -> dict[str, Any]:
    """The [bill] table of a bill (its metadata, no stages)."""
    return {
        "id": bill.id,
        "title": bill.title.as_dict(),
        "short_title": prose_value(bill.short_title),
        "jurisdiction": bill.jurisdiction,
        "languages": list(bill.languages),
        "timezone": bill.timezone,
        "identifiers": dict(bill.identifiers),
        **({"maintained_by": bill.maintained_by} if bill.maintained_by else {}),
        **({"leads": [lead_table(lead) for lead in bill.leads]} if bill.leads else {}),
    }


def lead_table(lead: Lead) -> dict[str, Any]:
    return _drop_empty({"statement": prose_value(lead.statement), "reason": prose_value(lead.reason), "url": lead.url})


def source_table(source: Source) -> dict[str, Any]:
    return _drop_empty(
        {
            "url": source.url,
            "title": prose_value(source.title),
            "publisher": prose_value(source.publisher),
            "note": prose_value(source.note),
            "date": source.date,
            "kind": source.kind,
        }
    )


_REVISION = re.compile(r"^[0-9A-Za-z]{15}_\d{8}_[0-9A-Za-z]{15}$")


def _revision(value: str, where: str) -> str:
    if value and not _REVISION.match(value):
        raise ManifestError(
            f"{where}: revision {value!r} is not an e-Gov law revision id: write <law id>_<YYYYMMDD>_<amending law id> "
            "(e.g. 415AC0000000057_20220401_503AC0000000037)"
        )
    return value


def claim_table(claim: Claim) -> dict[str, Any]:
    table = _drop_empty(
        {
            "statement": claim.statement,
            "verdict": claim.verdict,
            "record": prose_value(claim.record),
            "record_sources": list(claim.record_sources),
        }
    )
    table["source"] = source_table(claim.source)
    return table


def stage_table(stage: Stage) -> dict[str, Any]:
    """A stage as its [[stages]] table: every fact, empty ones left out, keys in the order bill.toml shows them."""
    table: dict[str, Any] = {"id": stage.id, "kind": stage.kind}
    table.update(
        _drop_empty(
            {
                "date": stage.date,
                "session": stage.session,
                "imported": stage.imported,
                "law_number": stage.law_number,
                "revision": stage.revision,
                "meeting": stage.meeting,
                "implements": list(stage.implements),
            }
        )
    )
    table.update(_drop_empty({"body": stage.body, "outcome": stage.outcome}))
    table["title"] = stage.title.as_dict()
    table.update(
        _drop_empty({"summary": stage.summary.as_dict(), "provisions": [prose_value(p) for p in stage.provisions]})
    )
    if stage.vote is not None:
        v = stage.vote
        table["vote"] = _drop_empty(
            {
                "result": v.result,
                "method": v.method,
                "yes": v.yes,
                "no": v.no,
                "abstain": v.abstain,
                "parties_for": list(v.parties_for),
                "parties_against": list(v.parties_against),
                "record_url": v.record_url,
            }
        )
    table["texts"] = {
        ref.lang: _drop_empty(
            {
                "status": ref.status,
                "reason": prose_value(ref.reason),
                "url": ref.url,
                "origin": ref.origin,
                "blob": ref.blob,
            }
        )
        for ref in stage.texts
    }
    table["sources"] = [source_table(s) for s in stage.sources]
    if stage.documents:
        table["documents"] = [
            _drop_empty({"title": prose_value(d.title), "url": d.url, "kind": d.kind, "note": prose_value(d.note)})
            for d in stage.documents
        ]
    if stage.claims:
        table["claims"] = [claim_table(c) for c in stage.claims]
    return table
