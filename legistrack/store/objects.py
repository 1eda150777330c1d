"""What a bill package becomes in the store, computed without git: objects serialised byte for byte.

One branch per bill (`refs/heads/<bill-id>`), one commit per stage in procedural order, one annotated tag per
stage (`refs/tags/<bill-id>/<stage-id>`). A commit's tree holds `bill.json` (the bill's [bill] table),
`stage.json` (the stage's [[stages]] table: every fact, as bill.toml has it) and one `<lang>.txt` per language with
a text at that stage; its message holds the stage title and every stage fact as git trailers, for people reading
`git log` (`Stage-Date:` is the truth for dates). The tree alone rebuilds the package, so a clone of the store
rebuilds the site.

Pure: the same package gives the same commit ids on any machine. Also the reverse (commit and tree bytes back to
their parts) and a pack of objects, so `repo.py` writes a whole sync with one git process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
import zlib
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .. import schema
from ..errors import StoreError
from ..models import TEXT_NEW, Bill, Package, Stage, Version

BILL_FILE = "bill.json"
STAGE_FILE = "stage.json"
BRANCH_PREFIX = "refs/heads/"
TAG_PREFIX = "refs/tags/"
ZERO = "0" * 40


IDENTITY = "legistrack <store@legistrack.invalid>"


@dataclass(frozen=True)
class GitObject:
    """A loose git object before it is written: its type and its exact content."""

    type: str
    data: bytes

    @cached_property
    def sha(self) -> str:  # (asked again and again: where a plan names it, where a batch keeps it, in the pack)
        header = f"{self.type} {len(self.data)}\0".encode()
        return hashlib.sha1(header + self.data).hexdigest()


@dataclass(frozen=True)
class StagePlan:
    """Where one stage lives in the store."""

    stage_id: str
    commit: str
    tag: str  # tag name, <bill-id>/<stage-id>
    tag_object: str
    blobs: Mapping[str, str]  # lang -> blob sha of <lang>.txt


@dataclass(frozen=True)
class BillPlan:
    """Every object and ref that one bill package becomes in the store."""

    bill_id: str
    stages: tuple[StagePlan, ...]
    objects: tuple[GitObject, ...] = field(repr=False)

    @property
    def branch(self) -> str:
        return BRANCH_PREFIX + self.bill_id

    def refs_only(self) -> BillPlan:
        """This plan without its objects (written already) and the stages' blob ids: what a write of thousands of
        bills keeps of each until its refs move."""
        return BillPlan(self.bill_id, tuple(replace(s, blobs={}) for s in self.stages), ())

    def refs(self) -> dict[str, str]:
        """Ref name -> object id, for the branch and every stage tag."""
        refs = {TAG_PREFIX + s.tag: s.tag_object for s in self.stages}
        if self.stages:
            refs[self.branch] = self.stages[-1].commit
        return refs


# --- pure serialisation ------------------------------------------------------------------------------


def git_timestamp(date: dt.date, timezone: str) -> str:
    """`<epoch> <+hhmm>` for midnight of a legal date in the bill's zone; before 1970 git cannot, so 0."""
    local = dt.datetime(date.year, date.month, date.day, tzinfo=zoneinfo.ZoneInfo(timezone))
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    tz = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return f"{max(0, int(local.timestamp()))} {tz}"


def _stage_date(stage: Stage) -> str:
    return stage.date.isoformat() if stage.date else "not in the record"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def stage_trailers(bill: Bill, stage: Stage, versions: Iterable[Version]) -> list[tuple[str, str]]:
    """Every fact of a stage as (key, value) trailers, in a fixed order."""
    t: list[tuple[str, str]] = [
        ("Bill-Id", bill.id),
        ("Stage-Id", stage.id),
        ("Stage-Kind", stage.kind),
        ("Stage-Date", _stage_date(stage)),
        ("Stage-Timezone", bill.timezone),
    ]
    if stage.session is not None:
        t.append(("Session", str(stage.session)))
    if stage.body:
        t.append(("Body", stage.body))
    if stage.outcome:
        t.append(("Outcome", stage.outcome))
    if stage.law_number:
        t.append(("Law-Number", stage.law_number))
    if stage.revision:
        t.append(("Revision", stage.revision))
    if stage.meeting:
        t.append(("Meeting", stage.meeting))
    for lang, title in stage.title.items:
        t.append((f"Title-{lang}", title))
    if stage.vote:
        v = stage.vote
        for key, value in (
            ("Vote-Result", v.result),
            ("Vote-Method", v.method),
            ("Vote-Yes", "" if v.yes is None else str(v.yes)),
            ("Vote-No", "" if v.no is None else str(v.no)),
            ("Vote-Abstain", "" if v.abstain is None else str(v.abstain)),
            ("Vote-For", "; ".join(v.parties_for)),
            ("Vote-Against", "; ".join(v.parties_against)),
            ("Vote-Record", v.record_url),
        ):
            if value:
                t.append((key, value))
    for provision in stage.provisions:
        t.append(("Provision", provision.best("en")))
    for doc in stage.documents:
        t.append(("Document", " ".join(p for p in (doc.title.best("en"), f"<{doc.url}>" if doc.url else "") if p)))
    for s in stage.sources:
        details = "; ".join(
            p for p in (s.title.best("en"), s.publisher.best("en"), s.date.isoformat() if s.date else "") if p
        )
        t.append(("Source", f"{s.url}" + (f" ({details})" if details else "")))
    for c in stage.claims:
        who = "; ".join(p for p in (c.source.publisher.best("en"), c.source.title.best("en"), c.source.url) if p)
        t.append(("Claim", f'{c.verdict}: "{c.statement}" ({who})'))
    for version in versions:
        value = version.status
        if version.sha256:
            value += f" sha256={version.sha256}"
        if version.origin_stage and version.origin_stage != stage.id:
            value += f" from={version.origin_stage}"
        if version.url:
            value += f" <{version.url}>"
        t.append((f"Text-{version.lang}", value))
    return [(k, _one_line(value)) for k, value in t]


def commit_message(bill: Bill, stage: Stage, versions: Iterable[Version]) -> str:
    """Subject (the stage title), other-language titles and summary, then the trailers."""
    subject = stage.title.get("en") or stage.title.best(bill.languages[0])
    parts = [_one_line(subject)]
    others = [title for lang, title in stage.title.items if title != subject]
    if others:
        parts.append("\n".join(_one_line(o) for o in others))
    for _lang, summary in stage.summary.items:
        parts.append(summary.strip())
    parts.append("\n".join(f"{k}: {v}" for k, v in stage_trailers(bill, stage, versions)))
    return "\n\n".join(parts) + "\n"


def _tree(entries: Mapping[str, str]) -> GitObject:
    data = b"".join(b"100644 " + name.encode() + b"\0" + bytes.fromhex(sha) for name, sha in sorted(entries.items()))
    return GitObject("tree", data)


def _canonical(table: Mapping[str, Any]) -> bytes:
    """Canonical JSON: keys in the schema's order (a title's languages in the order the bill gives them), dates as
    ISO strings, UTF-8, one final newline: the same table, the same bytes."""
    return (json.dumps(table, ensure_ascii=False, indent=2, default=_iso) + "\n").encode()


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def bill_json(bill: Bill) -> bytes:
    """The bill's [bill] table, in every commit of its branch."""
    return _canonical(schema.bill_table(bill))


def stage_json(stage: Stage) -> bytes:
    """The stage's [[stages]] table: every fact of the stage, as bill.toml has it."""
    return _canonical(schema.stage_table(stage))


def plan_bill(package: Package) -> BillPlan:
    """Compute every object and ref of a bill without touching git: same package, same ids."""
    bill = package.bill
    objects: dict[str, GitObject] = {}

    def add(obj: GitObject) -> str:
        objects.setdefault(obj.sha, obj)
        return obj.sha

    meta_sha = add(GitObject("blob", bill_json(bill)))
    parent: str | None = None
    stages = []
    text_blobs: dict[str, str] = {}  # sha256 of a text -> its blob: an inherited text is encoded once
    when_date: dt.date = bill.last_date or dt.date(1970, 1, 1)
    for stage in bill.stages:
        when_date = stage.date or when_date  # an undated stage (a lapse) is committed at the last known date
        versions = package.versions(stage.id)
        blobs = {}
        for v in versions:
            if v.text is not None and v.sha256 is not None:
                if v.sha256 not in text_blobs:
                    text_blobs[v.sha256] = add(GitObject("blob", v.text.encode()))
                blobs[v.lang] = text_blobs[v.sha256]
        stage_sha = add(GitObject("blob", stage_json(stage)))
        entries = {BILL_FILE: meta_sha, STAGE_FILE: stage_sha, **{f"{lang}.txt": sha for lang, sha in blobs.items()}}
        tree = add(_tree(entries))
        when = git_timestamp(when_date, bill.timezone)
        header = f"tree {tree}\n" + (f"parent {parent}\n" if parent else "")
        header += f"author {IDENTITY} {when}\ncommitter {IDENTITY} {when}\n\n"
        commit = add(GitObject("commit", (header + commit_message(bill, stage, versions)).encode()))
        tag_name = f"{bill.id}/{stage.id}"
        title = _one_line(stage.title.get("en") or stage.title.best(bill.languages[0]))
        tag_body = (
            f"object {commit}\ntype commit\ntag {tag_name}\ntagger {IDENTITY} {when}\n\n"
            f"{bill.id} {stage.id}: {title}\n\nStage-Date: {_stage_date(stage)}\n"
        )
        tag = add(GitObject("tag", tag_body.encode()))
        stages.append(StagePlan(stage.id, commit, tag_name, tag, blobs))
        parent = commit
    return BillPlan(bill.id, tuple(stages), tuple(objects.values()))


def refs_by_bill(refs: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """A store's refs grouped by bill: its branch and its stage tags (one pass, however many bills)."""
    out: dict[str, dict[str, str]] = {}
    for name, sha in refs.items():
        if name.startswith(BRANCH_PREFIX):
            bill = name[len(BRANCH_PREFIX) :]
        elif name.startswith(TAG_PREFIX) and "/" in name[len(TAG_PREFIX) :]:
            bill = name[len(TAG_PREFIX) :].split("/", 1)[0]
        else:
            continue
        out.setdefault(bill, {})[name] = sha
    return out


def bill_refs(refs: Mapping[str, str], bill_id: str) -> dict[str, str]:
    """The refs of one bill (its branch and its stage tags) among all of a store's refs."""
    return refs_by_bill(refs).get(bill_id, {})


def bill_ids(refs: Mapping[str, str]) -> list[str]:
    """The bills of a store: one branch each."""
    return sorted(name[len(BRANCH_PREFIX) :] for name in refs if name.startswith(BRANCH_PREFIX))


# --- reading objects back ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    sha: str
    tree: str
    parents: tuple[str, ...]
    message: str


def parse_commit(sha: str, data: bytes) -> Commit:
    """A commit object's tree, parents and message."""
    header, _, message = data.partition(b"\n\n")
    tree, parents = "", []
    for line in header.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key == b"tree":
            tree = value.decode("ascii")
        elif key == b"parent":
            parents.append(value.decode("ascii"))
    if not tree:
        raise StoreError(f"commit {sha[:12]} has no tree: the store is damaged; run legistrack verify")
    return Commit(sha, tree, tuple(parents), message.decode("utf-8", "replace"))


def parse_tree(data: bytes) -> dict[str, str]:
    """A tree object's entries: name -> object id."""
    entries: dict[str, str] = {}
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        entries[data[space + 1 : nul].decode("utf-8")] = data[nul + 1 : nul + 21].hex()
        at = nul + 21
    return entries


def records_from_tables(
    bill_id: str, bill_table: Mapping[str, Any], stages: Sequence[Mapping[str, Any]], where: str
) -> Bill:
    """The bill that commits of one branch record: its [bill] table and its stages' tables."""
    return schema.parse_manifest({"bill": dict(bill_table), "stages": [dict(t) for t in stages]}, bill_id, where)


def package_from_tables(
    bill_id: str,
    bill_table: Mapping[str, Any],
    stages: Sequence[tuple[Mapping[str, Any], Mapping[str, str]]],
    where: str,
) -> Package:
    """The package that commits of one branch hold: its [bill] table, and per stage its table and its texts."""
    bill = records_from_tables(bill_id, bill_table, [t for t, _ in stages], where)
    texts: dict[tuple[str, str], str] = {}
    for stage, (_table, stage_texts) in zip(bill.stages, stages, strict=True):
        for ref in stage.texts:
            if ref.status == TEXT_NEW:
                if ref.lang not in stage_texts:
                    raise StoreError(f"{where}: stage {stage.id} says its {ref.lang} text is new but has none")
                texts[(stage.id, ref.lang)] = stage_texts[ref.lang]
    return Package(bill, texts)


# --- packs ---------------------------------------------------------------------------------------------

_PACK_TYPES = {"commit": 1, "tree": 2, "blob": 3, "tag": 4}


def pack(objects: Iterable[GitObject], level: int = 1) -> bytes:
    """A git pack (version 2) of whole objects: what `git index-pack --stdin` stores in one step. `level`: zlib's
    (0 stores each object as it is, in zlib's framing: for a pack that is packed anew with deltas right after)."""
    items = list(objects)
    out = [b"PACK", struct.pack(">II", 2, len(items))]
    for obj in items:
        size = len(obj.data)
        byte = (_PACK_TYPES[obj.type] << 4) | (size & 0x0F)
        size >>= 4
        header = bytearray()
        while size:
            header.append(byte | 0x80)
            byte = size & 0x7F
            size >>= 7
        header.append(byte)
        out.append(bytes(header))
        out.append(zlib.compress(obj.data, level))
    data = b"".join(out)
    return data + hashlib.sha1(data).digest()


def ref_updates(
    current: Mapping[str, str], plans: Iterable[BillPlan], prune: Iterable[str] = ()
) -> dict[str, tuple[str | None, str | None]]:
    """What must move for the store to hold these plans (and no longer hold the pruned bills): name -> (old, new)."""
    updates: dict[str, tuple[str | None, str | None]] = {}
    grouped = refs_by_bill(current)
    for plan in plans:
        have, wanted = grouped.get(plan.bill_id, {}), plan.refs()
        for name in sorted(set(have) | set(wanted)):
            if have.get(name) != wanted.get(name):
                updates[name] = (have.get(name), wanted.get(name))
    for bill_id in prune:
        for name, sha in grouped.get(bill_id, {}).items():
            updates[name] = (sha, None)
    return updates
