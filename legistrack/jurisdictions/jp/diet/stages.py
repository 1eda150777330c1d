"""A bill's facts as the stages of its package: kinds, outcomes and titles in both languages, votes, sources (the
House's page and the dataset's line), claims where the tables disagree, documents and texts not on file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from .... import schema
from ....errors import ImportFormatError
from ....models import TEXT_NOT_ON_FILE, Bill, Claim, Document, Localized, Source, Stage, TextRef, Vote
from ..lawnum import law_number
from .hc import hc_dataset
from .merge import Fact, merge
from .model import DATASET, HOUSES, IMPORT_NAME, MAINTAINED_BY, PUBLISHER, VOTE_METHODS, VOTE_MODES, DietBill, Event


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _sources(fact: Fact, bill: DietBill) -> tuple[Source, ...]:
    out: list[Source] = []
    seen: set[tuple[str, str]] = set()
    for c in sorted(fact.cells, key=lambda c: (c.table != (fact.event.house or c.table), c.table, c.line)):
        key = (c.table, c.page)
        if c.page and key not in seen:
            seen.add(key)
            what = "議案情報" if c.table == "hc" else "議案審議経過情報"
            out.append(
                Source(
                    url=c.page,
                    title=Localized.of({"ja": f"{what} (第{c.session}回国会 {bill.kind}第{bill.number}号)"}),
                    publisher=PUBLISHER[c.table],
                    note=Localized.of(
                        {"ja": "; ".join(f"{x.column}: {x.value}" for x in fact.cells if x.page == c.page)}
                    ),
                )
            )
    for c in fact.cells:
        repo, base = DATASET[c.table]
        path = hc_dataset(c.commit) if c.table == "hc" else f"data/kaiji/kaiji{c.session}.csv"
        url = f"{base}/blob/{c.commit}/{path}"
        if ("dataset", url) in seen:
            continue
        seen.add(("dataset", url))
        out.append(
            Source(
                url=url,
                title=Localized.written(f"{repo} {path}"),
                publisher=Localized.of(
                    {
                        "ja": "スマートニュース メディア研究所（スクレイピング）",
                        "en": "SmartNews Media Research Institute (scrape)",
                    }
                ),
                note=Localized.written(f"{c.file} line {c.line}, column {c.column} (commit {c.commit})"),
                kind="dataset",
            )
        )
    return tuple(out)


_RESULTS = {
    "passed": ("可決", "passes the bill"),
    "passed-with-amendments": ("修正議決", "passes the bill with amendments (修正)"),
    "rejected": ("否決", "rejects the bill"),
    "carried-over": ("継続審査", "carries the bill over to the next session (継続審査)"),
    "agreed": ("同意", "agrees to the amendments"),
    "not-agreed": ("不同意", "does not agree to the amendments"),
    "no-vote-needed": ("議決を要しない", "records that no vote is needed (議決を要しない)"),
}


def _result_text(outcome: str, lang: str) -> str:
    """A decision in words, with its object ("rejects the bill", 「否決」); an outcome with no words here is refused,
    never shown as the vocabulary's English code in a Japanese title."""
    if outcome not in _RESULTS:
        raise ImportFormatError(f"no words for the decision {outcome!r}: add them to the importer's titles")
    return _RESULTS[outcome][0 if lang == "ja" else 1]


def _en_date(date: dt.date) -> str:
    return f"{date.day} {date:%B} {date.year}"


def _ja_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _stage_facts(fact: Fact, bill: DietBill, enacting: Fact | None) -> dict[str, Any]:
    e = fact.event
    ja_house, en_house = HOUSES.get(e.house, ("", ""))
    committee = e.committee
    facts: dict[str, Any] = {"session": e.session}
    if e.step == "submit":
        kind = "submitted" if bill.kind == "閣法" else "introduced"
        who = "内閣" if bill.kind == "閣法" else bill.submitter
        facts.update(
            kind=kind,
            outcome="submitted",
            body=who or ja_house,
            title={
                "ja": f"{who + 'が' if who else ''}{ja_house}に提出",
                "en": (
                    f"The Cabinet submits the bill in the {en_house}"
                    if bill.kind == "閣法"
                    else f"Introduced in the {en_house}" + (f" by {who}" if who else "")
                ),
            },
        )
    elif e.step == "transmit":
        other = "hr" if e.house == "hc" else "hc"
        facts.update(
            kind="transmitted",
            body=ja_house,
            title={
                "ja": f"{HOUSES[other][0]}から{ja_house}に送付",
                "en": f"Sent from the {HOUSES[other][1]} to the {en_house}",
            },
        )
    elif e.step == "refer":
        facts.update(
            kind="referred",
            outcome="referred",
            body=f"{ja_house}{committee}",
            title={"ja": f"{ja_house}{committee}に付託", "en": f"Referred to the {en_house} committee {committee}"},
        )
    elif e.step == "omit":  # the House's decision, on the submitter's request, that no committee examines the bill
        facts.update(
            kind="plenary-vote",
            outcome="",
            body=f"{ja_house}本会議",
            title={
                "ja": f"{ja_house}本会議で委員会審査省略を決定",
                "en": f"The {en_house} decides in plenary that no committee examines the bill (委員会審査省略)",
            },
        )
    elif e.step == "committee":
        facts.update(
            kind="committee-vote",
            outcome=e.result,
            body=f"{ja_house}{committee}",
            title={
                "ja": f"{ja_house}{committee}で{_result_text(e.result, 'ja')}",
                "en": f"The {en_house} committee {committee} {_result_text(e.result, 'en')}",
            },
        )
    elif e.step in ("plenary", "agreement"):
        facts.update(_plenary_facts(e, fact is enacting))
    elif e.step == "consent":
        facts.update(_consent_facts(e))
    elif e.step == "interim":
        facts.update(_interim_facts(e, bill))
    elif e.step == "override":
        facts.update(_override_facts(e, bill, fact is enacting))
    elif e.step == "promulgate":
        facts.update(_promulgation_facts(e))
    elif e.step == "withdraw":
        facts.update(
            kind="withdrawn",
            outcome="withdrawn",
            body=ja_house,
            title={"ja": "撤回" + (f"（{e.note}）" if e.note and e.note != "撤回" else ""), "en": "Withdrawn"},
        )
    elif e.step == "lapse":
        facts.update(
            kind="lapsed",
            outcome="lapsed",
            body=f"{ja_house}{committee}" if ja_house else "",
            title={
                "ja": f"審議未了（第{e.session}回国会）",
                "en": f"Lapsed at the end of the {_ordinal(e.session)} Diet session (審議未了)",
            },
        )
    return facts


def _plenary_facts(e: Event, enacted: bool) -> dict[str, Any]:
    """A plenary vote, or a House's vote on the other's amendments (回付案); the one that enacts the bill says so."""
    ja_house, en_house = HOUSES.get(e.house, ("", ""))
    facts: dict[str, Any] = {}
    kind = "enacted" if enacted else "plenary-vote"
    ja_result = _result_text(e.result, "ja")
    if e.step == "agreement":
        returned_by = HOUSES["hc" if e.house == "hr" else "hr"]
        ja = f"{ja_house}本会議で{returned_by[0]}の回付案に{ja_result}"
        en = f"The {en_house} {_result_text(e.result, 'en')} of the {returned_by[1]} (回付案)"
    else:
        ja = f"{ja_house}本会議で{ja_result}"
        en = f"The {en_house} {_result_text(e.result, 'en')} in plenary"
    if e.note == "審査省略":
        ja, en = ja + "（委員会審査省略）", en + " without committee examination (委員会審査省略)"
    if enacted:
        ja, en = ja + "、成立", en + ": the bill is enacted (成立)"
    facts.update(
        kind=kind, outcome="enacted" if enacted else e.result, body=f"{ja_house}本会議", title={"ja": ja, "en": en}
    )
    if e.mode or e.method or e.parties_for or e.parties_against or e.vote_url:
        facts["vote"] = Vote(
            result=VOTE_MODES.get(e.mode, ""),
            method=VOTE_METHODS.get(e.method, ""),
            parties_for=e.parties_for,
            parties_against=e.parties_against,
            record_url=e.vote_url,
        )
    return facts


def _consent_facts(e: Event) -> dict[str, Any]:
    """A House consents to the Cabinet's request to amend (修正承諾) or withdraw (撤回承諾) its bill while the bill is
    before the House (国会法第五十九条); the table dates the request's receipt where it gives it."""
    ja_house, en_house = HOUSES[e.house]
    ja_what, en_what = {"修正": ("修正", "amending"), "撤回": ("撤回", "withdrawing")}[e.note]
    ja = f"{ja_house}本会議で内閣による法律案の{ja_what}を承諾（{ja_what}承諾）"
    en = f"The {en_house} consents in plenary to the Cabinet {en_what} its bill ({ja_what}承諾)"
    if e.requested and e.requested != e.date:
        ja += f"。承諾要求の受理は{_ja_date(e.requested)}"
        en += f"; the request was received on {_en_date(e.requested)}"
    return dict(kind="consent", outcome="consented", body=f"{ja_house}本会議", title={"ja": ja, "en": en})


def _interim_facts(e: Event, bill: DietBill) -> dict[str, Any]:
    """A House hears in plenary a committee's interim report on a bill it is still examining (中間報告,
    国会法第五十六条の三); the committee is the one the bill was last referred to in that House, where the tables
    say."""
    ja_house, en_house = HOUSES[e.house]
    referred = [
        x for x in bill.events if x.step == "refer" and x.house == e.house and x.date and e.date and x.date <= e.date
    ]
    committee = max(referred, key=lambda x: x.date or dt.date.min).committee if referred else ""
    return dict(
        kind="interim-report",
        outcome="",
        body=f"{ja_house}本会議",
        title={
            "ja": f"{ja_house}本会議で{committee or '委員会'}の中間報告を聴取",
            "en": f"The {en_house} hears in plenary the interim report of "
            + (f"the committee {committee}" if committee else "the committee")
            + " (中間報告)",
        },
    )


def _override_facts(e: Event, bill: DietBill, enacted: bool) -> dict[str, Any]:
    """The House of Representatives passes again a bill the House of Councillors rejected, amended against its will,
    or left undecided for sixty days (憲法第五十九条第二項, 第四項): the stage names the route and the article."""
    hc_voted = [
        x
        for x in bill.events
        if x.house == "hc"
        and x.session == e.session
        and x.step == "plenary"
        and x.result in ("rejected", "passed-with-amendments")
    ]
    if any(x.result == "rejected" for x in hc_voted):
        ja_route, en_route = "参議院で否決された法律案を", "the House of Councillors having rejected it, "
    elif hc_voted:
        ja_route = "参議院の修正に同意せず、"
        en_route = "not agreeing to the House of Councillors' amendments, "
    else:
        ja_route = "参議院が六十日以内に議決しないため否決したものとみなし（みなし否決、憲法第五十九条第四項）、"
        en_route = (
            "the House of Councillors having taken no decision within sixty days, deems the bill rejected "
            "(みなし否決, Constitution Art. 59(4)) and "
        )
    ja = f"衆議院本会議で{ja_route}再可決（出席議員の三分の二以上の多数、憲法第五十九条第二項）"
    en = (
        f"The House of Representatives, {en_route}passes the bill again (再可決) by the two-thirds majority of members "
        "present that Art. 59(2) of the Constitution requires"
    )
    if enacted:
        ja, en = ja + "、成立", en + ": the bill is enacted (成立)"
    return dict(
        kind="enacted" if enacted else "plenary-vote",
        outcome="enacted" if enacted else e.result,
        body="衆議院本会議",
        title={"ja": ja, "en": en},
    )


def _promulgation_facts(e: Event) -> dict[str, Any]:
    assert e.date is not None
    if e.law_number is not None:
        number = law_number(e.law_number, e.date)
        en_number = f"Act No. {e.law_number} of {e.date.year}"
        title = {"ja": f"公布（{number}）", "en": f"Promulgated as {en_number} ({number})"}
    else:
        title = {"ja": "公布", "en": "Promulgated"}
    return dict(kind="promulgated", outcome="promulgated", body="", title=title)


# Each House's table, as the stages name it when a step of that House comes from the other House's table alone.
_TABLES = {
    "hr": ("衆議院の議案表（第142回〜第208回国会）", "the House of Representatives' own table (sessions 142-208)"),
    "hc": ("参議院の議案表（第153回国会から）", "the House of Councillors' own table (from session 153)"),
}


def _from_other_table(fact: Fact) -> dict[str, str] | None:
    """A step of one House that only the other House's table gives says so: the reader sees whose record it is."""
    acting = fact.event.house
    if fact.event.step == "transmit" or acting not in HOUSES or any(c.table == acting for c in fact.cells):
        return None
    other = "hc" if acting == "hr" else "hr"
    return {
        "ja": f"この段階は{HOUSES[other][0]}の議案表による（{_TABLES[acting][0]}にはない）。",
        "en": f"This step is from the {HOUSES[other][1]}' table: {_TABLES[acting][1]} does not give it.",
    }


def _claims(fact: Fact, bill: DietBill, sources: Sequence[Source]) -> tuple[Claim, ...]:
    claims = []
    acting = fact.event.house or fact.event.table
    record_urls = tuple(dict.fromkeys(c.page for c in fact.cells if c.table == acting and c.page))
    for what, other in fact.disputes:
        table_name = "参議院" if other.table == "hc" else "衆議院"
        said = {
            "date": str(other.date),
            "result": other.result,
            "committee": other.committee,
            "law number": str(other.law_number),
        }
        kept = {
            "date": str(fact.event.date),
            "result": fact.event.result,
            "committee": fact.event.committee,
            "law number": str(fact.event.law_number),
        }
        parts = [p.strip() for p in what.split(",")]
        statement = "; ".join(f"{p}: {said[p]}" for p in parts)
        record = "; ".join(f"{p}: {kept[p]}" for p in parts)
        page = next((c.page for c in other.cells if c.page), "")
        claims.append(
            Claim(
                statement=f"the {table_name} table gives {statement}",
                source=Source(
                    url=page or sources[0].url,
                    title=Localized.of(
                        {"ja": f"{table_name}の議案の表", "en": f"{HOUSES[other.table][1]} bill table (議案)"}
                    ),
                    publisher=PUBLISHER[other.table],
                    note=Localized.written(
                        "; ".join(f"{c.file} line {c.line}, column {c.column}: {c.value}" for c in other.cells)
                    ),
                ),
                verdict="contradicted" if record_urls else "unverified",
                record=Localized.of(
                    {
                        "ja": f"{HOUSES[acting][0] if acting in HOUSES else '参議院'}自身の表では {record}",
                        "en": f"The {HOUSES[acting][1] if acting in HOUSES else 'House of Councillors'} gives "
                        f"{record} in its own table.",
                    }
                ),
                record_sources=record_urls,
            )
        )
    return tuple(claims)


def _enacting(facts: Sequence[Fact], enacted: bool) -> Fact | None:
    """The vote that made the bill law (Constitution, Art. 59): in one session, the second House's passing vote
    after the first House passed it, the first House's agreement to the second House's amendments (回付案), or
    the House of Representatives passing it again; a bill the record shows as enacted otherwise (promulgated, or
    成立 in the House of Representatives' table) is enacted by its last passing vote."""
    passing = [
        f
        for f in facts
        if f.event.step in ("plenary", "agreement", "override")
        and f.event.date
        and f.event.result in ("passed", "passed-with-amendments", "agreed")
    ]
    if not passing:
        return None
    last = passing[-1]
    if enacted:
        return last
    same_session = [f for f in passing if f.event.session == last.event.session and f is not last]
    by_other_house = any(f.event.house != last.event.house for f in same_session)
    if last.event.step == "agreement" and last.event.result == "agreed":
        return last
    if by_other_house and last.event.result == "passed":
        return last  # the second House passes what the first passed: law, whatever comes after
    return None


def _session_value(values: Mapping[int, Any], session: int) -> Any:
    """What the latest session up to `session` lists (a stage of a session no row describes keeps the last)."""
    earlier = [s for s in values if s <= session]
    return values[max(earlier)] if earlier else (values[min(values)] if values else None)


def _staged(fact: Fact, bill: DietBill) -> bool:
    """Whether a fact becomes a stage. Two kinds do not, and their cells are left out with the reason: a step
    neither table dates (only a bill's end may be undated), a decision neither table gives a result for (議決)."""
    e = fact.event
    if e.date is None and e.step not in ("lapse", "withdraw"):
        why = f"a {e.step} step ({e.result or 'no result'}) neither table dates: no stage without a date"
    elif e.step in ("committee", "plenary") and not e.result:
        why = "a decision neither table gives a result for (議決): no stage without its outcome"
    else:
        return True
    for c in fact.cells:
        for column in (c.column, *c.also):
            bill.dropped.setdefault((c.file, c.line, column), why)
    return False


def bill_model(bill: DietBill) -> Bill:
    """The package of one bill: its facts as stages, in procedural order, each with its sources."""
    facts = merge(bill)
    enacted = any(f.event.step == "promulgate" for f in facts) or any(s == "成立" for _, s, _ in bill.statuses)
    enacting = _enacting(facts, enacted)
    stages: list[Stage] = []
    sessions_seen: set[int] = set()
    for n, fact in enumerate((f for f in facts if _staged(f, bill)), 1):
        if n > 99:
            raise ImportFormatError(f"{bill.diet_bill} has more than 99 steps: the NN-kind stage ids are full")
        e = fact.event
        bill.cited.update((c.file, c.line, column) for c in fact.cells for column in (c.column, *c.also))
        bill.stated.update(
            (c.file, c.line, column)
            for _, other in fact.disputes
            for c in other.cells
            for column in (c.column, *c.also)
        )
        data = _stage_facts(fact, bill, enacting)
        sources = _sources(fact, bill)
        after_enactment = enacting is not None and (fact is enacting or e.step == "promulgate")
        enacted_text = next(
            (u for docs in bill.documents.values() for t, (u, _) in docs.items() if t.startswith("成立法律")), ""
        )
        if after_enactment and enacted_text:
            url, which, which_ja = enacted_text, "the enacted law (成立法律)", "成立法律"
        else:
            url, which, which_ja = (_session_value(bill.texts, e.session) or sources[0].url), "the bill", "法律案"
        texts = (
            TextRef(
                "ja",
                TEXT_NOT_ON_FILE,
                url=url,
                reason=Localized.of(
                    {
                        "ja": f"{which_ja}の本文は legistrack のデータになく、議院が公開している。",
                        "en": f"The text of {which} is not in legistrack's data; the House publishes it.",
                    }
                ),
            ),
        )
        documents: list[Document] = []
        if e.session not in sessions_seen:  # the first stage of each session carries that session's documents
            sessions_seen.add(e.session)
            documents += [
                Document(
                    title=Localized.of({"ja": t}),
                    url=u,
                    note=Localized.written(note),
                    kind="summary" if t.startswith("議案要旨") else "",  # the House's official summary
                )
                for t, (u, note) in sorted(bill.documents.get(e.session, {}).items())
                if not t.startswith("成立法律")
            ]
        if after_enactment and (fact is enacting or enacting is None):
            documents += [
                Document(title=Localized.of({"ja": t}), url=u, note=Localized.written(note))
                for docs in bill.documents.values()
                for t, (u, note) in sorted(docs.items())
                if t.startswith("成立法律")
            ]
        number = ""
        if e.step == "promulgate" and e.law_number is not None and e.date is not None:
            number = law_number(e.law_number, e.date)
        stages.append(
            Stage(
                id=f"{n:02d}-{data['kind']}",
                kind=data["kind"],
                date=e.date,
                title=Localized.of(data["title"]),
                summary=Localized.of(_from_other_table(fact) or {}),
                sources=sources,
                texts=texts,
                body=data.get("body", ""),
                outcome=data.get("outcome", ""),
                vote=data.get("vote"),
                documents=tuple(documents),
                claims=_claims(fact, bill, sources),
                session=e.session,
                law_number=number,
                imported=IMPORT_NAME,
            )
        )
    model = Bill(
        id=bill.id,
        title=Localized.of({"ja": bill.title or bill.diet_bill}),
        languages=("ja",),
        jurisdiction="JP",
        timezone="Asia/Tokyo",
        # The bill's own facts never change once it is submitted: its law number is a fact of the promulgation
        # stage, so the stages a newer table adds are new commits on top of the old ones.
        identifiers=(("diet_bill", bill.diet_bill),),
        stages=tuple(stages),
        maintained_by=MAINTAINED_BY,
    )
    # Through the schema, as bill.toml will be read back: every value validated and normalised (a cell's trailing
    # space, a note's wrapping), so writing the package again gives the same bytes.
    tables = {"bill": schema.bill_table(model), "stages": [schema.stage_table(s) for s in stages]}
    return schema.parse_manifest(tables, bill.id, where=f"the import of {bill.diet_bill}")
