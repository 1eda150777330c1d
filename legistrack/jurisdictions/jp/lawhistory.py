"""A law through its revisions: one stage per e-Gov revision, each naming the act that made it (pure).

Input: a folder of `../shared/real-data/jp-law-history/` (read its SOURCES.md): one Markdown file per e-Gov
revision (legalize-jp, made from the e-Gov Law API v2) and `versions.tsv`, which gives for each file the legalize-jp
commit, the date and the revision's `Source-Id` = e-Gov's law_revision_id, `<law id>_<YYYYMMDD>_<amending law
id>`, and (in its longer form) the file's name, size and SHA-256. Optionally e-Gov's own revision list for the
law (`law_revisions/<law id>` of the API v2, as in `../shared/real-data/jp-appi/`), which names each amending act
and gives its promulgation date.

Each revision becomes a stage on the law's own timeline, in e-Gov's order: `in-force` where the amending law id is
fifteen zeros (the law's own provisions entering into force, as the AI Promotion Act's on 2025-06-04 and
2025-09-01), `amended` otherwise, with the amending act's law number (read from its e-Gov id) and, where e-Gov's list
is given, its title and promulgation date. The stage's text is the file's body; the front matter (ids,
`last_updated`, `enforced_at`) is cited in the stage's sources, never put in the text. Two revisions on one day by
two acts stay two stages, in the order the files give, and each says so: the diff of the second can mix both acts.

Bad input (a file versions.tsv names that is missing, a SHA-256 that does not match, a malformed Source-Id, a file
of another law, dates out of order) is an ImportFormatError naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ...errors import ImportFormatError
from ...models import TEXT_NEW, TEXT_NOT_ON_FILE, TEXT_VERIFIED, Bill, Localized, Package, Source, Stage, TextRef
from ...textio import decode_text
from ...vocab import FORMATS
from . import lawmd
from .lawnum import from_egov_law_id, in_english

IMPORT_NAME = "jp-law-history"
MAINTAINED_BY = "legistrack import law-history"
OWN_PROVISIONS = "000000000000000"  # the amending law id of a revision that is the law's own entry into force
EGOV = Localized.of({"ja": "e-Gov（デジタル庁）", "en": "e-Gov (Digital Agency, Japan)"})
DATASET_REPO = "yno9/legalize-jp"
SOURCE_ID = re.compile(r"^([0-9A-Za-z]{15})_(\d{8})_([0-9A-Za-z]{15})$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
# e-Gov's abbreviation field holds the law's short names, comma-separated (ＦＩＴ法,再エネ特措法), but for laws passed
# as part of a package it names the package: 内閣府設置法 and ten other laws of the 1999 reform are all
# 「中央省庁等改革関連法」, two laws 「消費者庁関連三法」, 「保安四法」. Such a name is not the law's.
_PACKAGE_NAME = re.compile(r"(?:関連[一二三四五六七八九十]*法|[二三四五六七八九十]法)$")


def short_title(abbrev: str) -> str:
    """The law's short names from e-Gov's abbreviation field, as Japanese lists them (ＦＩＴ法、再エネ特措法), without
    the name of a package of laws it was passed in; "" when none is left."""
    names = [n.strip() for n in re.split(r"[,，、]", abbrev) if n.strip()]
    return "、".join(n for n in names if not _PACKAGE_NAME.search(n))


@dataclass(frozen=True)
class Amendment:
    """What e-Gov's revision list says of one revision's amending act."""

    law_number: str  # as e-Gov writes it: 令和三年法律第三十七号
    title: str
    promulgated: dt.date | None
    revision_id: str = ""  # law_revision_id: <law id>_<YYYYMMDD>_<amending law id>
    status: str = ""  # current_revision_status: CurrentEnforced, PreviousEnforced, UnEnforced
    effective: dt.date | None = None  # amendment_enforcement_date, as e-Gov gives it
    comment: str = ""  # amendment_enforcement_comment: what the act says of the day (政令で定める日 …)
    updated: str = ""  # when e-Gov last updated this revision (YYYY-MM-DD)

    @property
    def amending_id(self) -> str:
        m = SOURCE_ID.match(self.revision_id)
        return m.group(3) if m else ""


@dataclass(frozen=True)
class Revision:
    """One revision of the law: its file, its text and what names it."""

    line: int  # in versions.tsv
    source_id: str
    law_id: str
    date: dt.date
    amending_id: str
    commit: str
    file: str
    sha256: str
    front: lawmd.FrontMatter
    text: str
    amendment: Amendment | None = None
    # the Source-Id of an earlier revision of the same day whose change this one undoes (upstream committed the two
    # in the wrong order): shown as a warning, never as an amendment
    undoes: str = ""

    @property
    def own(self) -> bool:
        return self.amending_id == OWN_PROVISIONS

    @property
    def amending_law_number(self) -> str:
        return "" if self.own else from_egov_law_id(self.amending_id)


@dataclass(frozen=True)
class History:
    folder: str
    law_id: str
    revisions: tuple[Revision, ...]
    # revisions e-Gov's list marks UnEnforced (promulgated, not yet in force), by the day it gives; those it gives
    # no day for are left out (a stage needs a date, and none is invented)
    scheduled: tuple[Amendment, ...] = ()
    undated: int = 0
    listed: str = ""  # the revision list's latest update (YYYY-MM-DD): what "not yet in force" is as of


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportFormatError(f"{where}: {value!r} is not a date (YYYY-MM-DD): fix versions.tsv") from None


def _amendments(data: bytes, what: str) -> dict[str, Amendment]:
    try:
        listing = json.loads(decode_text(data, what))
        revisions = listing["revisions"]
        out = {}
        for r in revisions:
            promulgated = r.get("amendment_promulgate_date")
            effective = r.get("amendment_enforcement_date")
            out[str(r["law_revision_id"])] = Amendment(
                law_number=str(r.get("amendment_law_num") or ""),
                title=str(r.get("amendment_law_title") or "").strip(),
                promulgated=dt.date.fromisoformat(promulgated) if promulgated else None,
                revision_id=str(r["law_revision_id"]),
                status=str(r.get("current_revision_status") or ""),
                effective=dt.date.fromisoformat(effective) if effective else None,
                comment=" ".join(str(r.get("amendment_enforcement_comment") or "").split()),
                updated=str(r.get("updated") or "")[:10],
            )
        return out
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportFormatError(
            f"{what} is not e-Gov's revision list (law_revisions of the API v2: {{'revisions': [...]}}): {exc}"
        ) from None


def read_history(folder: str, files: Mapping[str, bytes], egov_revisions: bytes | None = None) -> History:
    """Read `versions.tsv` and the files it names (`files`: name -> bytes) into the law's revisions."""
    if "versions.tsv" not in files:
        raise ImportFormatError(f"{folder} has no versions.tsv: give a folder of jp-law-history")
    amendments = _amendments(egov_revisions, "the e-Gov revision list") if egov_revisions is not None else {}
    lines = decode_text(files["versions.tsv"], f"{folder}/versions.tsv").splitlines()
    header = lines[0].split("\t") if lines else []
    named = "source_id" in header
    revisions: list[Revision] = []
    for number, line in enumerate(lines[1:] if named else lines, start=2 if named else 1):
        if not line.strip():
            continue
        where = f"{folder}/versions.tsv line {number}"
        cells = line.split("\t")
        if named:
            row = dict(zip(header, cells, strict=False))
            commit, day, source_id = row.get("commit", ""), row.get("date", ""), row.get("source_id", "")
            name, sha = row.get("file", ""), row.get("sha256", "")
        elif len(cells) == 3:
            commit, day, source_id = cells
            name, sha = f"{day}-{commit[:9]}.md", ""
        else:
            raise ImportFormatError(f"{where}: expected commit, date and source_id separated by tabs")
        if not _COMMIT.match(commit):
            raise ImportFormatError(f"{where}: {commit!r} is not a git commit id (40 hexadecimal digits)")
        m = SOURCE_ID.match(source_id)
        if not m:
            raise ImportFormatError(
                f"{where}: Source-Id {source_id!r} is not <law id>_<YYYYMMDD>_<amending law id>: fix versions.tsv"
            )
        date = _date(day, where)
        if m.group(2) != date.strftime("%Y%m%d"):
            raise ImportFormatError(f"{where}: the date {day} is not the one of Source-Id {source_id}")
        if revisions and date < revisions[-1].date:
            raise ImportFormatError(f"{where}: {day} is before the previous revision ({revisions[-1].date})")
        if revisions and m.group(1) != revisions[0].law_id:
            raise ImportFormatError(f"{where}: {source_id} is a revision of another law than {revisions[0].law_id}")
        if name not in files:
            raise ImportFormatError(f"{where}: the file {name} is not in {folder}: copy it there")
        data = files[name]
        digest = hashlib.sha256(data).hexdigest()
        if sha and digest != sha:
            raise ImportFormatError(
                f"{folder}/{name}: its SHA-256 is not the one versions.tsv gives ({sha[:12]}…): the copy was changed; "
                "copy the file again from the dataset"
            )
        front, text = lawmd.read(data, f"{folder}/{name}")
        if front.law_id != m.group(1):
            raise ImportFormatError(
                f"{folder}/{name}: its front matter names the law {front.law_id!r}, versions.tsv {m.group(1)}"
            )
        revisions.append(
            Revision(
                line=number,
                source_id=source_id,
                law_id=m.group(1),
                date=date,
                amending_id=m.group(3),
                commit=commit,
                file=name,
                sha256=digest,
                front=front,
                text=text,
                amendment=amendments.get(source_id),
            )
        )
    if not revisions:
        raise ImportFormatError(f"{folder}/versions.tsv lists no revision")
    law_id = revisions[0].law_id
    known = {r.source_id for r in revisions}
    pending = [
        a
        for a in amendments.values()
        if a.status == "UnEnforced" and a.revision_id not in known and a.revision_id.startswith(f"{law_id}_")
    ]
    dated = sorted(
        (a for a in pending if a.effective), key=lambda a: (a.effective or revisions[-1].date, a.revision_id)
    )
    if dated and dated[0].effective and dated[0].effective < revisions[-1].date:
        raise ImportFormatError(
            f"the e-Gov revision list: {dated[0].revision_id} is not yet in force but dated {dated[0].effective}, "
            f"before the last revision on file ({revisions[-1].date}): give the list that goes with these files"
        )
    listed = max((a.updated for a in amendments.values()), default="")
    return History(folder, law_id, tuple(revisions), tuple(dated), len(pending) - len(dated), listed)


def _act_entry(written: str, number: str, title: str) -> tuple[str, str]:
    """The amending act as the record's note names it: its number as e-Gov writes it, in English, and its title."""
    english = in_english(number)
    return (
        f"改正法令：{written}" + (f"（{title}）" if title else ""),
        f"amending act: {written}"
        + (f" ({english})" if english and english != written else "")
        + (f", 「{title}」" if title else ""),
    )


def _record_source(
    law_id: str,
    act: tuple[str, str],
    promulgated: dt.date | None,
    day: str,
    revision_id: str,
    comment: str = "",
    pending: bool = False,
) -> Source:
    """e-Gov's revision list as the source of one revision, with a note in each language: the amending act (`act`,
    ja and en), its promulgation, the day it takes effect (with what the act says of that day), whether it is not
    yet in force, and the revision's id."""
    ja, en = [act[0]], [act[1]]
    if promulgated:
        ja.append(f"公布日：{promulgated.isoformat()}")
        en.append(f"promulgated {promulgated.isoformat()}")
    ja.append(f"施行日：{day}" + (f"（{comment}）" if comment else ""))
    en.append(f"in force {day}" + (f" ({comment})" if comment else ""))
    if pending:
        ja.append("状態：未施行（UnEnforced）")
        en.append("status UnEnforced (not yet in force)")
    ja.append(f"改正履歴ID：{revision_id}")
    en.append(f"revision id {revision_id}")
    english = "; ".join(en)
    return Source(
        url=f"https://laws.e-gov.go.jp/api/2/law_revisions/{law_id}",
        title=Localized.of({"ja": f"e-Gov 法令の改正履歴: {law_id}", "en": f"e-Gov law revisions: {law_id}"}),
        publisher=EGOV,
        note=Localized((("ja", "、".join(ja)), ("en", english[:1].upper() + english[1:]))),
    )


def _sources(history: History, revision: Revision) -> tuple[Source, ...]:
    """The record (e-Gov's revision list: what amended the law, when) and the dataset file the text was read from,
    each with a note a reader of either language can read; field values are quoted as the record writes them."""
    law_id = history.law_id
    a = revision.amendment
    if a is not None and a.law_number:
        act = _act_entry(a.law_number, revision.amending_law_number, a.title)
    elif revision.own:
        act = ("この法律自体の規定の施行", "the law's own provisions")
    else:  # no revision list given: the amending act as the revision id names it
        act = (f"改正法令：{revision.amending_law_number}", f"amending act: {in_english(revision.amending_law_number)}")
    promulgated = a.promulgated if a is not None else None
    record = _record_source(law_id, act, promulgated, revision.date.isoformat(), revision.source_id)
    front = revision.front
    where = f"{history.folder}/versions.tsv"
    # the front matter's fields by their own names, then where the file is listed and what it is
    fields = [
        ("Source-Id", revision.source_id),
        ("enforced_at", front.enforced_at),
        ("last_updated", front.last_updated),
    ]
    dataset_ja = [f"{name}：{value}" for name, value in fields if value] + [
        f"{where} の{revision.line}行目",
        f"ファイル {revision.file}（SHA-256 {revision.sha256}）",
    ]
    dataset_en = [f"{name} {value}" for name, value in fields if value] + [
        f"line {revision.line} of {where}",
        f"file {revision.file}, SHA-256 {revision.sha256}",
    ]
    path = f"jp/{law_id}.md"
    return (
        record,
        Source(
            url=f"https://github.com/{DATASET_REPO}/blob/{revision.commit}/{path}",
            title=Localized.of(
                {"ja": f"{path}（コミット {revision.commit[:9]}）", "en": f"{path} at commit {revision.commit[:9]}"}
            ),
            publisher=Localized.of(
                {
                    "ja": f"{DATASET_REPO}（e-Gov 法令API v2 の Markdown 版）",
                    "en": f"{DATASET_REPO} (the e-Gov Law API v2 as Markdown)",
                }
            ),
            note=Localized.of(
                {
                    "ja": "、".join(dataset_ja),
                    "en": "; ".join(dataset_en),
                }
            ),
            kind="dataset",
        ),
    )


def _undone(revision: Revision) -> Localized:
    """The warning on a revision whose text is the text before an earlier revision of the same day."""
    return Localized.of(
        {
            "ja": f"警告：この版の本文は、同じ日の先の版（{revision.undoes}）の前の本文と同じで、"
            "その改正を取り消している。データ（legalize-jp）が同じ日の二つの改正を逆の順に記録したためで、法律の改正ではない。",
            "en": f"Warning: this version's text is the text before the revision of the same day {revision.undoes}, "
            "whose change it undoes: the data (legalize-jp) recorded two revisions of one day in the wrong order. It "
            "is not an amendment of the law.",
        }
    )


def _same_day(history: History, revision: Revision) -> Localized:
    """A note on a revision that shares its day with another act's."""
    day = [r for r in history.revisions if r.date == revision.date]
    if len(day) < 2:
        return Localized()
    acts_ja = "、".join(r.amending_law_number or "この法律の規定の施行" for r in day)
    acts_en = ", then ".join("the law's own provisions" if r.own else in_english(r.amending_law_number) for r in day)
    position = day.index(revision) + 1
    return Localized(
        (
            (
                "ja",
                f"同じ日（{revision.date.isoformat()}）に e-Gov は {len(day)} つの改正を挙げる（{acts_ja}）。"
                f"これはその{position}番目で、前の版との差分には両方の改正が混じることがある。",
            ),
            (
                "en",
                f"e-Gov lists {len(day)} revisions on {revision.date.isoformat()} ({acts_en}), kept in that order; "
                f"this is number {position}, and its diff from the previous version can mix the changes of both acts.",
            ),
        )
    )


# What an act says of the day it takes effect, when it leaves the day to a cabinet order within a limit: e-Gov then
# gives the limit (公布の日から起算して二年を超えない範囲内において政令で定める日: promulgation + 2 years).
_BY_ORDER_WITHIN = re.compile(r"を超えない範囲内において政令で定める日")


def _not_on_file(law_page: str, ja: str, en: str) -> TextRef:
    """The Japanese text of a stage that the revision data does not hold, with e-Gov's page of the law and why."""
    return TextRef(lang="ja", status=TEXT_NOT_ON_FILE, url=law_page, reason=Localized.of({"ja": ja, "en": en}))


def _scheduled_stage(history: History, a: Amendment, stage_id: str, law_page: str) -> Stage:
    """A revision e-Gov lists as promulgated and not yet in force: dated by the day e-Gov gives, and saying what
    that day is (fixed by the act, the latest a cabinet order can set, or another act's day) in the act's words."""
    assert a.effective is not None
    day = a.effective.isoformat()
    act = from_egov_law_id(a.amending_id) if a.amending_id else a.law_number
    act_en = in_english(act) or act
    named = f"{act}（{a.title}）" if a.title else act
    if not a.comment:
        basis_ja = f"施行日{day}は e-Gov が挙げる日（未確定との注記はない）。"
        basis_en = f"{day} is the day e-Gov gives, with no note that it is still to be set."
    elif _BY_ORDER_WITHIN.search(a.comment):
        basis_ja = f"改正法は施行日を「{a.comment}」とする。{day}は e-Gov が挙げるその期限で、実際の日は政令で定まる。"
        basis_en = (
            f"The amending act leaves the day to a cabinet order: 「{a.comment}」. {day} is the latest day that "
            "allows, as e-Gov gives it; the actual day is the one the order sets."
        )
    else:
        basis_ja = f"改正法は施行日を「{a.comment}」とする。{day}は e-Gov が挙げる日。"
        basis_en = f"The amending act says it takes effect 「{a.comment}」; {day} is the day e-Gov gives."
    listed = a.updated or history.listed
    as_of_ja = f"e-Gov の改正履歴（{listed}更新）では未施行。" if listed else ""
    as_of_en = f"Not yet in force in e-Gov's revision list (updated {listed})." if listed else ""
    record = _record_source(
        history.law_id,
        _act_entry(a.law_number or act, act, a.title),
        a.promulgated,
        day,
        a.revision_id,
        comment=a.comment,
        pending=True,
    )
    return Stage(
        id=stage_id,
        kind="scheduled",
        date=a.effective,
        law_number=act,
        revision=a.revision_id,
        imported=IMPORT_NAME,
        title=Localized((("ja", f"{named}による改正の施行予定"), ("en", f"Amendments by {act_en} due to take effect"))),
        summary=Localized((("ja", f"{as_of_ja}{basis_ja}"), ("en", f"{as_of_en} {basis_en}".strip()))),
        texts=(
            _not_on_file(
                law_page,
                "改正後の本文は、改正がまだ施行されていないため、改正履歴のデータにない。",
                "The text as amended is not in the revision data: the amendments had not taken effect.",
            ),
        ),
        sources=(record,),
    )


def bill_model(
    history: History, bill_id: str, titles: Mapping[str, str] | None = None, maintained_by: str = MAINTAINED_BY
) -> tuple[Bill, dict[str, str]]:
    """The law's package: its promulgation (text not on file) and one stage per revision, with the texts by file
    name (texts/<stage>.ja.txt)."""
    first = history.revisions[0]
    law_number = from_egov_law_id(history.law_id)
    law_page = first.front.source or f"https://laws.e-gov.go.jp/law/{history.law_id}"
    title = {"ja": first.front.title, **(titles or {})}
    stages: list[Stage] = []
    texts: dict[str, str] = {}
    promulgated = _promulgated(history, law_number, law_page)
    if promulgated is not None:
        stages.append(promulgated)
    previous = ""
    for revision in history.revisions:
        kind = "event" if revision.undoes else ("in-force" if revision.own else "amended")
        stage_id = f"{len(stages) + 1:02d}-{kind}"
        summary = _undone(revision) if revision.undoes else _same_day(history, revision)
        if revision is first and stages:
            summary = _data_begins(revision, summary)
        ref = _revision_text(history, revision, previous)
        if ref.status == TEXT_NEW:
            texts[stage_id] = revision.text
        previous = revision.text
        stages.append(
            Stage(
                id=stage_id,
                kind=kind,
                date=revision.date,
                outcome="" if revision.undoes else kind,
                law_number=revision.amending_law_number,
                revision=revision.source_id,
                imported=IMPORT_NAME,
                title=_revision_title(revision, law_number),
                summary=summary,
                texts=(ref,),
                sources=_sources(history, revision),
            )
        )
    for amendment in history.scheduled:
        stages.append(_scheduled_stage(history, amendment, f"{len(stages) + 1:02d}-scheduled", law_page))
    identifiers = tuple((k, v) for k, v in (("law_number", law_number), ("egov_law_id", history.law_id)) if v)
    bill = Bill(
        id=bill_id,
        title=Localized(tuple(title.items())),
        languages=("ja",),
        jurisdiction="JP",
        short_title=Localized.of({"ja": short_title(first.front.abbrev)}),
        timezone="Asia/Tokyo",
        identifiers=identifiers,
        stages=tuple(stages),
        maintained_by=maintained_by,
    )
    return bill, texts


def _promulgated(history: History, law_number: str, law_page: str) -> Stage | None:
    """The law's promulgation, from the first file's front matter (its text is not in the revision data); none
    when the front matter gives no day, or a day after the first revision."""
    first = history.revisions[0]
    published = first.front.publication_date
    if not published:
        return None
    promulgated = _date(published, f"{history.folder}/{first.file} publication_date")
    if promulgated > first.date:
        return None
    return Stage(
        id="01-promulgated",
        kind="promulgated",
        date=promulgated,
        outcome="promulgated",
        law_number=law_number,
        imported=IMPORT_NAME,
        title=Localized((("ja", f"公布（{law_number}）"), ("en", f"Promulgated as {in_english(law_number)}"))),
        texts=(
            _not_on_file(
                law_page,
                "公布時の本文は改正履歴のデータになく、データにあるのは"
                f"{first.date.isoformat()}以降に施行されている本文である。",
                "The act as promulgated is not in the revision data, which holds the texts in force from "
                f"{first.date.isoformat()} on.",
            ),
        ),
        sources=(
            Source(
                url=law_page,
                title=Localized.written(f"e-Gov: {first.front.title}"),
                publisher=EGOV,
                note=Localized.of(
                    {
                        "ja": f"公布日：{published}、法令番号：{first.front.law_number}"
                        f"（{history.folder}/{first.file} のフロントマター publication_date・law_num）",
                        "en": f"publication_date {published}, law_num {first.front.law_number} (front "
                        f"matter of {history.folder}/{first.file})",
                    }
                ),
            ),
        ),
    )


def _revision_title(revision: Revision, law_number: str) -> Localized:
    """The law's own provisions entering into force, or the amendments of an act taking effect."""
    if revision.undoes:
        return Localized.of(
            {
                "ja": f"同じ日の改正（{revision.undoes}）を取り消す記録（データの順序の誤り）",
                "en": f"A record that undoes the revision {revision.undoes} of the same day (the data's order, not a "
                "change of the law)",
            }
        )
    if revision.own:
        return Localized(
            (
                ("ja", f"{law_number}の規定の施行（{revision.date.isoformat()}に施行されている本文）"),
                ("en", f"Provisions of {in_english(law_number)} enter into force (the text in force on this day)"),
            )
        )
    act, amendment = revision.amending_law_number, revision.amendment
    named = f"{act}（{amendment.title}）" if amendment and amendment.title else act
    return Localized((("ja", f"{named}による改正の施行"), ("en", f"Amendments by {in_english(act)} take effect")))


def _data_begins(revision: Revision, summary: Localized) -> Localized:
    """The summary of the first revision after the promulgation: the revision data begins here."""
    day = revision.date.isoformat()
    ja, en = (
        (f"{day}に施行されている規定", f"the provisions in force on {day}")
        if revision.own
        else (
            f"{day}に施行されている本文で、それ以前の改正をすべて含む",
            f"the text in force on {day}, with every earlier amendment in it",
        )
    )
    return Localized(
        (
            (
                "ja",
                (summary.best("ja") + " " if summary else "") + f"この法律の改正履歴のデータはここから始まる：{ja}。",
            ),
            ("en", (summary.best("en") + " " if summary else "") + f"The revision data of this law begins here: {en}."),
        )
    )


def _revision_text(history: History, revision: Revision, previous: str) -> TextRef:
    """How the revision's text is known: new, or verified to be the previous revision's."""
    origin = (
        f"{FORMATS['lawmd']}: {history.folder}/{revision.file} ({DATASET_REPO} {revision.commit[:9]}, "
        f"Source-Id {revision.source_id})"
    )
    if revision.text != previous:
        return TextRef(lang="ja", status=TEXT_NEW, origin=origin)
    return TextRef(
        lang="ja",
        status=TEXT_VERIFIED,
        reason=Localized.of(
            {
                "ja": f"この改正のファイル（{revision.file}）の本文は前の改正のものと同じ。",
                "en": f"The file of this revision ({revision.file}) has the same text as the previous revision's.",
            }
        ),
        origin=origin,
    )


def package_header(folder: str) -> str:
    return (
        "legistrack bill package written by `legistrack import law-history` from one law's revisions\n"
        f"(shared/real-data/jp-law-history/{folder}). A new import rewrites it: to curate this law, create a package\n"
        "of your own with the same identifiers.egov_law_id (the import then compares it with the revisions instead)."
    )


def compare_with_curated(history: History, curated: Package) -> list[str]:
    """Every revision the curated package has no stage for, and every stage whose text is not the revision's."""
    problems = []
    by_revision = {s.revision: s for s in curated.bill.stages if s.revision}
    for revision in history.revisions:
        stage = by_revision.get(revision.source_id)
        if stage is None:
            problems.append(
                f"the curated {curated.bill.id} has no stage for revision {revision.source_id} ({revision.date}): "
                f'add one with revision = "{revision.source_id}"'
            )
            continue
        if curated.version(stage.id, "ja").text != revision.text:
            problems.append(
                f"the Japanese text of the curated {curated.bill.id} {stage.id} is not that of {revision.file}: "
                f"import it with `legistrack import file {history.folder}/{revision.file}`"
            )
    return problems
