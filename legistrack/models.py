"""The domain: a bill (the *work*) and its stages, each with the text (*expression*) it had then.

Frozen dataclasses, no I/O. `schema.py` turns plain tables into them and back; `packages/` reads them from
bills/, `store/` writes them to git and reads them back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .errors import InvalidId, UnknownStage, known_ids
from .textio import sha256_text
from .vocab import AT_WORK_KINDS, DECISION_KINDS, MINOR_KINDS
from .vocab import OUTCOMES as OUTCOMES  # the domain's vocabulary, re-exported
from .vocab import STAGE_KINDS as STAGE_KINDS
from .vocab import VERDICTS as VERDICTS

# How a stage's text in one language is known.
TEXT_NEW = "new"  # a text file for this stage is in the package
TEXT_VERIFIED = "verified"  # unchanged from the previous stage, and a record says so
TEXT_NOT_ON_FILE = "not-on-file"  # the text at this stage is not in our data; `url` is where it is
TEXT_STATUSES = (TEXT_NEW, TEXT_VERIFIED, TEXT_NOT_ON_FILE)

BILL_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
# NN-kind, or NNN-kind from the hundredth stage on (a law through more than 98 revisions), with up to three letters
# for a stage inserted later (03a-kind, 05an-kind): ids sort by stage_order
STAGE_ID_RE = re.compile(r"^(\d{2}|[1-9]\d{2})([a-z]{0,3})-([a-z][a-z-]*[a-z])$")
MAX_STAGE_LETTERS = 3
MAX_STAGE_NUMBER = 999
LANG_RE = re.compile(r"^[a-z]{2,3}$")


def blob_id(data: bytes) -> str:
    """The git blob id of these bytes (what `git hash-object` prints): how a text kept in the store is named."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def check_bill_id(bill_id: str) -> str:
    """Return the bill id if it is a safe slug, else raise InvalidId."""
    if not isinstance(bill_id, str) or not BILL_ID_RE.match(bill_id):
        raise InvalidId(
            f"invalid bill id {bill_id!r}: use lowercase letters, digits and hyphens "
            "(e.g. jp-ai-promotion-act), no slashes, dots or spaces"
        )
    return bill_id


def stage_order(stage_id: str) -> tuple[int, str]:
    """Where a stage id sorts: by its number, then its letters as a word (99-amended, 100-amended, 100a-event,
    100an-event, 100b-event). Two stages may sort alike (05-referred, 05-event) where nothing fitted between:
    bill.toml's order is theirs."""
    m = STAGE_ID_RE.match(stage_id)
    if not m:
        raise InvalidId(f"invalid stage id {stage_id!r}")
    return int(m.group(1)), m.group(2)


def check_stage_id(stage_id: str, kind: str | None = None) -> str:
    """Return the stage id if it has the form NN-kind (NNa-kind for an inserted stage; NNN-kind from 100 on), else
    raise."""
    m = STAGE_ID_RE.match(stage_id) if isinstance(stage_id, str) else None
    if not m:
        raise InvalidId(
            f"invalid stage id {stage_id!r}: use two digits (three from 100 on, without a leading zero), an "
            "up to three letters for an inserted stage, and the kind (e.g. 04-plenary-vote, 03a-committee-vote, "
            "120-amended)"
        )
    if kind is not None and m.group(3) != kind:
        raise InvalidId(f"stage id {stage_id!r} does not end with its kind {kind!r}: rename it to {m.group(1)}-{kind}")
    return stage_id


def check_lang(lang: str) -> str:
    """Return the language code if it is a plain ISO 639 code (ja, en, ko, de)."""
    if not isinstance(lang, str) or not LANG_RE.match(lang):
        raise InvalidId(f"invalid language code {lang!r}: use an ISO 639 code such as ja or en")
    return lang


@dataclass(frozen=True)
class Localized:
    """The same string in several languages, in the bill's language order.

    The language "" is a string as written, in no declared language (a provision 附則第一条, a note written once):
    it is shown as it is in every interface, never marked as English or Japanese.
    """

    items: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: Mapping[str, str]) -> Localized:
        return cls(tuple([(k, v) for k, v in mapping.items() if v]))  # a list: no generator for a million calls

    @classmethod
    def written(cls, value: str) -> Localized:
        """A string as written, in no declared language."""
        return cls((("", value),) if value else ())

    def language(self, lang: str) -> str:
        """The language of what `best(lang)` returns ("" when it is a string as written)."""
        if self.get(lang):
            return lang
        return self.items[0][0] if self.items else lang

    def get(self, lang: str, default: str = "") -> str:
        return dict(self.items).get(lang, default)

    def best(self, lang: str) -> str:
        """The string in `lang`, else the first one there is."""
        return self.get(lang) or (self.items[0][1] if self.items else "")

    def as_dict(self) -> dict[str, str]:
        return dict(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


# Metadata of the fields that hold words of ours or a source's name (Localized, possibly in one language only):
# their JSON is the string a reader of either language gets (English first) and, beside it, `<field>_ja`.
PROSE = {"prose": True}


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a page, a record, a file."""

    url: str
    title: Localized = field(default=Localized(), metadata=PROSE)
    publisher: Localized = field(default=Localized(), metadata=PROSE)
    date: dt.date | None = None
    note: Localized = field(default=Localized(), metadata=PROSE)
    kind: str = ""  # "dataset": the scrape or file a value was read from (provenance); empty: the record itself


@dataclass(frozen=True)
class Document:
    """A document attached to a stage, e.g. a supplementary resolution (附帯決議)."""

    title: Localized = field(metadata=PROSE)
    url: str = ""
    kind: str = ""
    note: Localized = field(default=Localized(), metadata=PROSE)


@dataclass(frozen=True)
class Claim:
    """A statement by a named source about this stage, checked against the record."""

    statement: str
    source: Source
    verdict: str
    record: Localized = field(default=Localized(), metadata=PROSE)  # what the record says, in our words
    record_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vote:
    """How a body decided: result, method, counts and parties, as far as the record says."""

    result: str = ""
    method: str = ""
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    parties_for: tuple[str, ...] = ()
    parties_against: tuple[str, ...] = ()
    record_url: str = ""

    def summary(self) -> str:
        parts = [p for p in (self.result, self.method) if p]
        if self.yes is not None or self.no is not None:
            counts = f"{self.yes if self.yes is not None else '?'}–{self.no if self.no is not None else '?'}"
            if self.abstain is not None:
                counts += f" ({self.abstain} abstaining)"
            parts.append(counts)
        return ", ".join(parts)


@dataclass(frozen=True)
class TextRef:
    """How the text of one stage in one language is known (see TEXT_STATUSES)."""

    lang: str
    status: str
    reason: Localized = field(default=Localized(), metadata=PROSE)
    url: str = ""
    origin: str = ""  # where the text file came from (e.g. the e-Gov XML it was imported from)
    # a new text kept in the store only (a dataset import's, as legalize-jp's revisions): the git blob id of its
    # bytes, which bills/ records instead of the file (docs/packages.md, "Texts kept once")
    blob: str = ""

    def path(self, stage_id: str) -> str:
        """Path of the text file inside the package, for TEXT_NEW."""
        return f"texts/{stage_id}.{self.lang}.txt"


# Kinds of stage the record may give without a date: a bill lapses at the end of a session, and the Diet's tables
# name the session but not its closing day (nor, for some withdrawals, the day). Such a stage carries its session
# and comes after every dated stage; nothing else may be undated.
UNDATED_KINDS = ("lapsed", "withdrawn", "obligation")
# Of those, the kinds the Diet's tables leave undated: such a stage names its session instead. A standing obligation
# under a law (kind obligation) has no day and no session: it stands from the law's entry into force.
SESSION_UNDATED_KINDS = ("lapsed", "withdrawn")


@dataclass(frozen=True)
class Stage:
    """One step of a bill's life, with its date, body, outcome, sources and text status."""

    id: str
    kind: str
    date: dt.date | None
    title: Localized
    sources: tuple[Source, ...]
    texts: tuple[TextRef, ...]
    summary: Localized = Localized()
    body: str = ""
    outcome: str = ""
    vote: Vote | None = None
    documents: tuple[Document, ...] = ()
    # what an in-force stage brings into force: 第一章　総則（第一条～第十条）
    provisions: tuple[Localized, ...] = field(default=(), metadata=PROSE)
    claims: tuple[Claim, ...] = ()
    session: int | None = None  # the legislature's session (第217回国会) it happened in, where the record says
    law_number: str = ""  # the act this stage gives or names: the one promulgated, or the one amending the law
    imported: str = ""  # the dataset an importer took this stage from; empty for a stage curated by hand
    revision: str = ""  # the e-Gov law revision whose text this stage carries: <law id>_<date>_<amending law id>
    meeting: str = ""  # the sitting, as the minutes name it: 内閣委員会 第12号
    # the articles a law at work carries out, as the law's text cites them: 第十八条, 附則第二条 (implementation.py)
    implements: tuple[str, ...] = ()

    def text(self, lang: str) -> TextRef | None:
        return next((t for t in self.texts if t.lang == lang), None)

    @property
    def carries_over(self) -> bool:
        """A House keeping the bill for its next session (継続審査), recorded as its committee's and plenary's
        votes: it decides nothing about the bill."""
        return self.outcome == "carried-over"

    @property
    def decides(self) -> bool:
        """A decision on the bill (drawn strong on the timeline): a vote, passage, enactment; not a House keeping
        the bill for its next session (継続審査), which is recorded as its committee's and plenary's votes."""
        return self.kind in DECISION_KINDS and not self.carries_over

    @property
    def at_work(self) -> bool:
        """What the government did under the law in force (a body set up, a plan adopted, a standing obligation):
        drawn apart from the legislature's stages, and never a change to the law's text."""
        return self.kind in AT_WORK_KINDS

    @property
    def minor(self) -> bool:
        """A stage that decides nothing about the bill (a debate, an event, a carry-over): drawn light."""
        return self.kind in MINOR_KINDS or self.carries_over


@dataclass(frozen=True)
class Lead:
    """Something published that the record could not confirm, left off the timeline and said so on the sources
    page: what was looked for, where it was said, and why it is not a stage."""

    statement: Localized = field(metadata=PROSE)
    reason: Localized = field(metadata=PROSE)
    url: str = ""


@dataclass(frozen=True)
class Bill:
    """A bill (the work) with its stages in procedural order."""

    id: str
    title: Localized
    languages: tuple[str, ...]
    jurisdiction: str = ""
    short_title: Localized = field(default=Localized(), metadata=PROSE)
    timezone: str = "UTC"
    identifiers: tuple[tuple[str, str], ...] = ()
    stages: tuple[Stage, ...] = ()
    maintained_by: str = ""  # an importer that writes this package ("import diet-bills"); empty when curated
    leads: tuple[Lead, ...] = ()  # published leads not confirmed by the record (sources page)

    @property
    def dated_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.date is not None)

    @property
    def last_date(self) -> dt.date | None:
        dated = self.dated_stages
        return dated[-1].date if dated else None

    @property
    def last_recorded_date(self) -> dt.date | None:
        """The date of the last stage that has happened: amendments due (kind scheduled) are dated in the future."""
        dated = [s for s in self.dated_stages if s.kind != "scheduled"]
        return dated[-1].date if dated else None

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        known = known_ids(stage_id, [s.id for s in self.stages], "stage")
        raise UnknownStage(f"bill {self.id!r} has no stage {stage_id!r}; {known}")

    def identifier(self, name: str) -> str:
        return dict(self.identifiers).get(name, "")

    @property
    def japanese(self) -> bool:
        """A bill of Japan: its dates are shown in the era calendar (和暦) too."""
        return self.jurisdiction == "JP" or self.timezone == "Asia/Tokyo"

    @property
    def texts_in_store(self) -> bool:
        """A law archived through every revision with its texts kept once, in the store (a dataset import's, as
        legalize-jp's): the site gives it compact pages and the database its latest text alone (docs/site.md)."""
        return any(ref.blob for stage in self.stages for ref in stage.texts)


@dataclass(frozen=True)
class Version:
    """The text of a bill in one language at one stage, resolved through inheritance."""

    stage_id: str
    lang: str
    status: str
    text: str | None
    origin_stage: str | None  # the stage whose text file this is (itself for TEXT_NEW)
    reason: Localized = Localized()
    url: str = ""
    sha256: str | None = None  # of the text, computed once per text file (Package)


@dataclass(frozen=True)
class Package:
    """A validated bill package: the bill and every text file it carries, keyed (stage id, lang)."""

    bill: Bill
    texts: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @cached_property
    def _versions(self) -> dict[str, list[Version]]:
        """Every stage's versions, resolved once: each text file hashed once however many stages inherit it."""
        out: dict[str, list[Version]] = {stage.id: [] for stage in self.bill.stages}
        for lang in self.bill.languages:
            current: tuple[str, str, str] | None = None  # (origin stage, text, sha256)
            for stage in self.bill.stages:
                ref = stage.text(lang)
                if ref is not None and ref.status == TEXT_NEW:
                    text = self.texts[(stage.id, lang)]
                    current = (stage.id, text, sha256_text(text))
                out[stage.id].append(
                    Version(
                        stage_id=stage.id,
                        lang=lang,
                        status=ref.status if ref else TEXT_NOT_ON_FILE,
                        text=current[1] if current else None,
                        origin_stage=current[0] if current else None,
                        reason=ref.reason if ref else Localized(),
                        url=ref.url if ref else "",
                        sha256=current[2] if current else None,
                    )
                )
        return out

    def versions(self, stage_id: str) -> list[Version]:
        """The text of every language at a stage, inherited from earlier stages where not new."""
        found = self._versions.get(stage_id)
        if found is None:
            self.bill.stage(stage_id)  # raises UnknownStage
        return list(found or ())

    def version(self, stage_id: str, lang: str) -> Version:
        return next(v for v in self.versions(stage_id) if v.lang == lang)
