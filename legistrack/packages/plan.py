"""Plan a change to bills/ without touching a file: the package it gives, and the file changes that make it.

Every edit is planned whole and validated here, as the package will read back from disk; the store layer then plans
its commits from the new package, and the journal applies both at once (store/journal.py). Pure: the caller reads
the current manifest and package, these functions only compute.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema
from ..dates import check_plausible, parse_date
from ..errors import DuplicateClaim, DuplicateStage, ManifestError, OrderError
from ..importers import Imported
from ..jurisdictions import import_text
from ..models import (
    MAX_STAGE_LETTERS,
    MAX_STAGE_NUMBER,
    SESSION_UNDATED_KINDS,
    STAGE_KINDS,
    TEXT_NEW,
    TEXT_NOT_ON_FILE,
    TEXT_VERIFIED,
    UNDATED_KINDS,
    VERDICTS,
    Bill,
    Claim,
    Document,
    Localized,
    Package,
    Source,
    Stage,
    TextRef,
    Vote,
    check_bill_id,
    check_lang,
    check_stage_id,
    stage_order,
)
from ..textio import check_url
from ..vocab import FORMATS, TEXT_NEUTRAL_KINDS, TEXT_NEUTRAL_NAMES
from . import write
from .read import MANIFEST, bill_dir


@dataclass(frozen=True)
class FileChange:
    """A file under bills/ to write (`new` bytes) or delete (`new` None); or to write from a file already put
    aside (`staged`, with the SHA-256 of its content: Journal.stage), so that a write of thousands of files holds
    none of them in memory."""

    path: Path
    new: bytes | None
    staged: Path | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Change:
    """A planned edit of one package: the package as it will be, and the files that make it so."""

    package: Package
    files: tuple[FileChange, ...]


# --- new --------------------------------------------------------------------------------------------


def plan_new_bill(root: Path, bill: Bill) -> Change:
    """bills/<bill-id>/bill.toml for a bill with no stages yet."""
    check_bill_id(bill.id)
    for lang in bill.languages:
        check_lang(lang)
    directory = bill_dir(root, bill.id)
    if directory.exists() or directory.is_symlink():
        raise ManifestError(f"bill {bill.id!r} already exists in {directory}: pick another id or edit it")
    text = write.new_manifest(bill)
    parsed = schema.parse_manifest(tomllib.loads(text), bill.id)  # the file written must read back
    return Change(Package(parsed), (FileChange(directory / MANIFEST, text.encode()),))


# --- stage add --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageInput:
    """Everything `stage add` can be told about a new stage."""

    kind: str
    date: str | None  # None: a stage the record gives no day for (vocab: UNDATED_KINDS)
    title: Localized
    sources: tuple[Source, ...]
    stage_id: str | None = None
    body: str = ""
    outcome: str = ""
    summary: Localized = field(default_factory=Localized)
    vote: Vote | None = None
    documents: tuple[Document, ...] = ()
    provisions: tuple[Localized, ...] = ()
    text: bytes | None = None
    text_name: str = "stdin"
    text_lang: str | None = None
    text_format: str = "auto"
    same_text: bool = False
    reason: Localized = field(default_factory=Localized)
    not_on_file: str = ""
    insert: bool = False
    session: int | None = None
    meeting: str = ""
    implements: tuple[str, ...] = ()  # the articles a law at work carries out (第十八条)


def _position(bill: Bill, date: dt.date | None, insert: bool) -> int:
    """Where a stage of this date goes: after the last dated stage (stages without a date stay last); a stage
    without a date (a standing obligation) after every stage."""
    if date is None:
        return len(bill.stages)
    dated = bill.dated_stages
    if not dated or date >= dated[-1].date:  # type: ignore[operator]
        return len(dated)
    last = dated[-1]
    if not insert:
        raise OrderError(
            f"the stage date {date} is before the last stage {last.id} ({last.date}): "
            "if this stage was missed, add it with --insert"
        )
    return next(i for i, s in enumerate(dated) if s.date is not None and s.date > date)


def next_stage_id(bill: Bill, kind: str, position: int) -> str:
    """A new stage id that sorts between its neighbours: 05-kind at the end, 03a-kind when inserted (03an-kind
    between 03a and 03b). Every gap takes one: where no letters fit (between 05-referred and 05a-deliberation),
    the new id shares a neighbour's number and letters with its own kind, and bill.toml's order tells them apart."""
    if kind not in STAGE_KINDS:
        raise ManifestError(f"unknown kind {kind!r}; use one of: {', '.join(STAGE_KINDS)}")
    stages = bill.stages
    if position >= len(stages):
        last = stage_order(stages[-1].id)[0] if stages else 0
        if last >= MAX_STAGE_NUMBER:
            raise ManifestError(f"bill {bill.id} has {MAX_STAGE_NUMBER} stages: the NNN-kind numbering is full")
        return f"{last + 1:02d}-{kind}"
    used = {s.id for s in stages}
    nxt = stage_order(stages[position].id)
    prev = stage_order(stages[position - 1].id) if position > 0 else None
    if prev is None:
        if nxt[0] > 0:
            return f"{nxt[0] - 1:02d}-{kind}"
        prev = (0, "")
        if nxt == prev:  # 00-kind first: only a tie is left
            return _tie([nxt], kind, used, bill, stages[position].id)
    # where the next stage has a number of its own, the first letters after prev's; else letters between the two
    letters = _letters_between(prev[1], None if prev[0] < nxt[0] else nxt[1])
    if letters is not None:
        return f"{prev[0]:02d}{letters}-{kind}"
    return _tie([prev, nxt], kind, used, bill, stages[position].id)


def _tie(keys: list[tuple[int, str]], kind: str, used: set[str], bill: Bill, before: str) -> str:
    for number, letters in keys:
        stage_id = f"{number:02d}{letters}-{kind}"
        if stage_id not in used:
            return stage_id
    raise DuplicateStage(
        f"bill {bill.id}: the ids that fit before {before} are taken by stages of kind {kind}: give one with --id"
    )


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _letters_between(low: str, high: str | None) -> str | None:
    """The shortest letters (up to MAX_STAGE_LETTERS) that sort after `low` and before `high`: at an open end the
    first of them (after 05: a, after 05a: b), in a closed gap the middle one, not ending in "a" (which would
    leave no letters before it): between a and b, an."""
    for length in range(1, MAX_STAGE_LETTERS + 1):
        fits = [w for w in _words(length) if w > low and (high is None or w < high)]
        if fits:
            if high is None:
                return fits[0]
            inner = [w for w in fits if not w.endswith("a")] or fits
            return inner[len(inner) // 2]
    return None


def _words(length: int) -> list[str]:
    return ["".join(p) for p in itertools.product(_LETTERS, repeat=length)]


def _text_refs(bill: Bill, position: int, inp: StageInput, imported: Imported | None) -> tuple[TextRef, ...]:
    """The stage's text in each language. A stage that cannot change the text (TEXT_NEUTRAL_KINDS: a referral, a
    debate, an event) carries the previous one; a stage of another kind given no text option, on a bill whose text
    is on file, is refused rather than turning the law into "not on file"; `--same-text` needs a previous text."""
    earlier = bill.stages[:position]
    refs = []
    chosen = imported is not None or inp.same_text or bool(inp.not_on_file)
    on_file = [lang for lang in bill.languages if any((r := s.text(lang)) and r.status == TEXT_NEW for s in earlier)]
    if inp.same_text and not on_file:
        raise ManifestError(
            f"--same-text: no earlier stage of {bill.id} has a text on file, so there is nothing to carry forward "
            "(and the --reason would be lost): give --text FILE, or --not-on-file URL of the official text"
        )
    for lang in bill.languages:
        has_earlier = any((r := s.text(lang)) is not None and r.status == TEXT_NEW for s in earlier)
        previous = next((r for s in reversed(earlier) if (r := s.text(lang)) is not None), None)
        if imported is not None and lang == (inp.text_lang or bill.languages[0]):
            origin = f"{FORMATS[imported.format]}: {inp.text_name}"
            refs.append(TextRef(lang, TEXT_NEW, origin=origin))
        elif inp.same_text and has_earlier:
            reason = inp.reason or Localized.of(
                {
                    "en": "same text as the previous stage (stated by the maintainer)",
                    "ja": "前の段階と同じ本文（管理者による）",
                }
            )
            refs.append(TextRef(lang, TEXT_VERIFIED, reason=reason))
        elif not chosen and inp.kind in TEXT_NEUTRAL_KINDS and previous is not None:
            if has_earlier and previous.status != TEXT_NOT_ON_FILE:
                en, ja = TEXT_NEUTRAL_NAMES[inp.kind]
                reason = Localized.of({"en": f"{en} does not change the text", "ja": f"{ja}は本文を変えない"})
                refs.append(TextRef(lang, TEXT_VERIFIED, reason=reason))
            else:  # the text is not on file before either: the same official copy
                refs.append(
                    TextRef(lang, TEXT_NOT_ON_FILE, reason=previous.reason, url=previous.url or inp.sources[0].url)
                )
        elif not chosen and has_earlier:
            raise ManifestError(
                f"{bill.id} has a {lang} text on file: say what it is at this {inp.kind} stage: --same-text --reason "
                "WHY (unchanged), --text FILE (a new text), or --not-on-file URL (changed, not in our data)"
            )
        else:
            reason = (
                Localized()
                if inp.not_on_file
                else Localized.of(
                    {
                        "en": "text not supplied for this stage; see the stage's source",
                        "ja": "この段階の本文は提供されていない（段階の出典を参照）",
                    }
                )
            )
            refs.append(TextRef(lang, TEXT_NOT_ON_FILE, reason=reason, url=inp.not_on_file or inp.sources[0].url))
    return tuple(refs)


def plan_add_stage(root: Path, package: Package, manifest_text: str, inp: StageInput) -> tuple[Change, Stage]:
    """The package with a new stage, and the files that add it (bill.toml, and the stage's text file)."""
    bill = package.bill
    for source in inp.sources:  # what the manifest would refuse, refused before anything else is worked out
        check_url(source.url, "--source", ManifestError)
    if inp.not_on_file:
        check_url(inp.not_on_file, "--not-on-file", ManifestError)
    schema.check_implements(inp.implements, inp.kind, "--implements")
    if not inp.date and inp.kind not in UNDATED_KINDS:
        raise ManifestError(f"a {inp.kind} stage needs --date: give the day the record gives (2025-12-23)")
    if not inp.date and inp.kind in SESSION_UNDATED_KINDS and inp.session is None:
        raise ManifestError(f"a {inp.kind} stage without --date needs --session (the session it happened in)")
    date = check_plausible(parse_date(inp.date)) if inp.date else None
    if inp.text_lang is not None and inp.text_lang not in bill.languages:
        raise ManifestError(f"--lang {inp.text_lang} is not a language of {bill.id} ({', '.join(bill.languages)})")
    position = _position(bill, date, inp.insert)
    stage_id = inp.stage_id or next_stage_id(bill, inp.kind, position)
    check_stage_id(stage_id, inp.kind)
    if any(s.id == stage_id for s in bill.stages):
        raise DuplicateStage(f"bill {bill.id} already has a stage {stage_id}: choose another --id")
    imported = import_text(inp.text, inp.text_name, inp.text_format) if inp.text is not None else None
    stage = Stage(
        id=stage_id,
        kind=inp.kind,
        date=date,
        title=inp.title,
        sources=inp.sources,
        texts=_text_refs(bill, position, inp, imported),
        summary=inp.summary,
        body=inp.body,
        outcome=inp.outcome,
        vote=inp.vote,
        documents=inp.documents,
        provisions=inp.provisions,
        session=inp.session,
        meeting=inp.meeting,
        implements=inp.implements,
    )
    directory = bill_dir(root, bill.id)
    manifest_path = directory / MANIFEST
    new_manifest = write.insert_stage(manifest_text, stage, position)
    # Validate the package exactly as it will be on disk (ids, order, kinds, texts).
    new_bill = schema.parse_manifest(tomllib.loads(new_manifest), bill.id, where=str(manifest_path))
    texts = dict(package.texts)
    files = [FileChange(manifest_path, new_manifest.encode())]
    if imported is not None:
        lang = inp.text_lang or bill.languages[0]
        texts[(stage_id, lang)] = imported.text
        files.append(FileChange(directory / TextRef(lang, TEXT_NEW).path(stage_id), imported.text.encode()))
    package = Package(new_bill, texts)
    if stage.implements:
        from ..implementation import check

        check(package)
    return Change(package, tuple(files)), new_bill.stage(stage_id)


# --- claim add --------------------------------------------------------------------------------------


def check_claim(claim: Claim) -> Claim:
    """A contradicted or consistent claim must say what the record says and where."""
    if claim.verdict not in VERDICTS:
        raise ManifestError(f"verdict {claim.verdict!r} is not one of {', '.join(VERDICTS)}")
    if claim.verdict != "unverified" and not (claim.record and claim.record_sources):
        raise ManifestError(
            f"a {claim.verdict} claim needs --record (what the official record says) and --record-source URL "
            "(where it says it); without them use --verdict unverified"
        )
    return claim


def plan_add_claim(root: Path, package: Package, manifest_text: str, stage_id: str, claim: Claim) -> Change:
    """The package with a claim added to a stage, and the new bill.toml."""
    check_claim(claim)
    bill = package.bill
    stage = bill.stage(stage_id)  # raises UnknownStage, listing the stages
    if any(c.statement == claim.statement and c.source.url == claim.source.url for c in stage.claims):
        raise DuplicateClaim(f"{bill.id} {stage_id} already has this claim from {claim.source.url}: nothing to add")
    manifest_path = bill_dir(root, bill.id) / MANIFEST
    new_manifest = write.append_claim(manifest_text, stage_id, claim)
    new_bill = schema.parse_manifest(tomllib.loads(new_manifest), bill.id, where=str(manifest_path))
    return Change(Package(new_bill, dict(package.texts)), (FileChange(manifest_path, new_manifest.encode()),))
