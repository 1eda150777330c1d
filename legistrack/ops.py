"""What the commands do: one function per command, over a project (bills/ plus its store).

Every write takes the project lock, rolls back any write a killed process left half done, validates
everything, and only then changes bills/ and the store together through the journal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import bills
from .dates import parse_date, to_wareki
from .errors import DuplicateClaim, DuplicateStage, LegistrackError, ManifestError, OrderError, StoreError
from .journal import FileChange, Journal, write_lock
from .models import (
    STAGE_KINDS,
    TEXT_NEW,
    TEXT_NOT_ON_FILE,
    TEXT_VERIFIED,
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
    sha256_text,
    to_jsonable,
)
from .store import BillPlan, Store, bill_refs, plan_bill, read_refs
from .vocab import FORMATS

if TYPE_CHECKING:  # imported by the operations that use them: `build` with nothing to do stays light
    from .diff.model import Diff
    from .importers import Imported


@dataclass(frozen=True)
class Project:
    """Where the packages, the store and legistrack's own state (lock, journal) live."""

    bills_dir: Path
    store_path: Path
    state_dir: Path
    lock_timeout: float = 10.0

    @classmethod
    def locate(cls, bills_dir: Path | None = None, store: Path | None = None, lock_timeout: float = 10.0) -> Project:
        """The project around `bills_dir` (default ./bills); the store defaults to .legistrack/store.git."""
        bills_path = Path(bills_dir) if bills_dir else Path("bills")
        root = bills_path.absolute().parent
        state = root / ".legistrack"
        return cls(bills_path, Path(store) if store else state / "store.git", state, lock_timeout)


def _open_store(path: Path) -> Store:
    return Store.open(path, create=False)


def _journal(project: Project) -> Journal:
    return Journal(project.state_dir, project.bills_dir, project.store_path)


@contextlib.contextmanager
def _writing(project: Project) -> Iterator[Journal]:
    journal = _journal(project)
    with write_lock(project.state_dir, project.lock_timeout):
        journal.recover(_open_store)
        yield journal


def recover(project: Project) -> bool:
    """Roll back a half-done write left by a killed process; True if there was one."""
    journal = _journal(project)
    if not journal.path.exists() and not journal.path.is_symlink():
        return False
    with write_lock(project.state_dir, project.lock_timeout):
        return journal.recover(_open_store)


def _ref_updates(
    store: Store, plans: list[BillPlan], prune_bills: Sequence[str] = ()
) -> dict[str, tuple[str | None, str | None]]:
    updates: dict[str, tuple[str | None, str | None]] = {}
    everything = store.refs()  # one git call for all bills
    for plan in plans:
        current, wanted = bill_refs(everything, plan.bill_id), plan.refs()
        for name in sorted(set(current) | set(wanted)):
            if current.get(name) != wanted.get(name):
                updates[name] = (current.get(name), wanted.get(name))
    for bill_id in prune_bills:
        for name, sha in bill_refs(everything, bill_id).items():
            updates[name] = (sha, None)
    return updates


# --- new --------------------------------------------------------------------------------------------


def new_bill(
    project: Project,
    bill_id: str,
    title: Localized,
    languages: tuple[str, ...],
    short_title: str = "",
    jurisdiction: str = "",
    timezone: str = "UTC",
    identifiers: tuple[tuple[str, str], ...] = (),
) -> Bill:
    """Create bills/<bill-id>/bill.toml for a bill with no stages yet."""
    check_bill_id(bill_id)
    for lang in languages:
        check_lang(lang)
    bill = Bill(bill_id, title, languages, jurisdiction, short_title, timezone, identifiers)
    text = bills.new_manifest(bill)
    parsed = bills.parse_manifest(tomllib.loads(text), bill_id)  # the file we write must read back
    with _writing(project) as journal:
        directory = bills.bill_dir(project.bills_dir, bill_id)
        if directory.exists():
            raise ManifestError(f"bill {bill_id!r} already exists in {directory}: pick another id or edit it")
        journal.apply([FileChange(directory / bills.MANIFEST, text.encode())], None, {})
    return parsed


# --- stage add --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageInput:
    """Everything `stage add` can be told about a new stage."""

    kind: str
    date: str
    title: Localized
    sources: tuple[Source, ...]
    stage_id: str | None = None
    body: str = ""
    outcome: str = ""
    summary: Localized = field(default_factory=Localized)
    vote: Vote | None = None
    documents: tuple[Document, ...] = ()
    provisions: tuple[str, ...] = ()
    text: bytes | None = None
    text_name: str = "stdin"
    text_lang: str | None = None
    text_format: str = "auto"
    same_text: bool = False
    reason: str = ""
    not_on_file: str = ""
    insert: bool = False


@dataclass(frozen=True)
class AddResult:
    stage: Stage
    commit: str
    tag: str
    imported: Imported | None = None


def _position(bill: Bill, date: dt.date, insert: bool) -> int:
    if not bill.stages or date >= bill.stages[-1].date:
        return len(bill.stages)
    last = bill.stages[-1]
    if not insert:
        raise OrderError(
            f"the stage date {date} is before the last stage {last.id} ({last.date}): "
            "if this stage was missed, add it with --insert"
        )
    return next(i for i, s in enumerate(bill.stages) if s.date > date)


def _text_refs(bill: Bill, position: int, inp: StageInput, imported: Imported | None) -> tuple[TextRef, ...]:
    earlier = bill.stages[:position]
    refs = []
    fallback_url = inp.not_on_file or inp.sources[0].url
    for lang in bill.languages:
        has_earlier = any((r := s.text(lang)) is not None and r.status == TEXT_NEW for s in earlier)
        if imported is not None and lang == (inp.text_lang or bill.languages[0]):
            origin = f"{FORMATS[imported.format]}: {inp.text_name}"
            refs.append(TextRef(lang, TEXT_NEW, origin=origin))
        elif inp.same_text and has_earlier:
            reason = inp.reason or "same text as the previous stage (stated by the maintainer)"
            refs.append(TextRef(lang, TEXT_VERIFIED, reason=reason))
        else:
            reason = "" if inp.not_on_file else "text not supplied for this stage; see the stage's source"
            refs.append(TextRef(lang, TEXT_NOT_ON_FILE, reason=reason, url=fallback_url))
    return tuple(refs)


def _commit(project: Project, journal: Journal, package: Package, changes: list[FileChange]) -> BillPlan:
    """Write a bill's changed files and move its refs to the package's new commits, as one journaled step."""
    plan = plan_bill(package)
    store = Store.open(project.store_path, create=True)
    store.check_refs_whole()
    store.write_objects(plan.objects)
    journal.apply(changes, store, _ref_updates(store, [plan]))
    store.point_head()
    return plan


def add_stage(project: Project, bill_id: str, inp: StageInput) -> AddResult:
    """Add a stage to a bill's package and commit it to the store, as one step."""
    date = parse_date(inp.date)
    with _writing(project) as journal:
        package = bills.load_package(project.bills_dir, bill_id)
        bill = package.bill
        if inp.text_lang is not None and inp.text_lang not in bill.languages:
            raise ManifestError(f"--lang {inp.text_lang} is not a language of {bill_id} ({', '.join(bill.languages)})")
        position = _position(bill, date, inp.insert)
        stage_id = inp.stage_id or bills.next_stage_id(bill, inp.kind, position)
        check_stage_id(stage_id, inp.kind)
        if any(s.id == stage_id for s in bill.stages):
            raise DuplicateStage(f"bill {bill_id} already has a stage {stage_id}: choose another --id")
        from .importers import import_text

        imported = import_text(inp.text, inp.text_name, inp.text_format) if inp.text is not None else None
        stage = Stage(
            id=stage_id, kind=inp.kind, date=date, title=inp.title, sources=inp.sources,
            texts=_text_refs(bill, position, inp, imported), summary=inp.summary, body=inp.body,
            outcome=inp.outcome, vote=inp.vote, documents=inp.documents, provisions=inp.provisions,
        )  # fmt: skip
        directory = bills.bill_dir(project.bills_dir, bill_id)
        manifest_path = directory / bills.MANIFEST
        new_manifest = bills.insert_stage(manifest_path.read_text(encoding="utf-8"), stage, position)
        # Validate the package exactly as it will be on disk (ids, order, kinds, texts).
        new_bill = bills.parse_manifest(tomllib.loads(new_manifest), bill_id, where=str(manifest_path))
        texts = dict(package.texts)
        changes = [FileChange(manifest_path, new_manifest.encode())]
        if imported is not None:
            lang = inp.text_lang or bill.languages[0]
            texts[(stage_id, lang)] = imported.text
            changes.append(FileChange(directory / TextRef(lang, TEXT_NEW).path(stage_id), imported.text.encode()))
        plan = _commit(project, journal, Package(new_bill, texts), changes)
    stage_plan = next(s for s in plan.stages if s.stage_id == stage_id)
    return AddResult(new_bill.stage(stage_id), stage_plan.commit, stage_plan.tag, imported)


@dataclass(frozen=True)
class ClaimResult:
    stage: Stage
    claim: Claim
    commit: str


def add_claim(project: Project, bill_id: str, stage_id: str, claim: Claim) -> ClaimResult:
    """Record what a published source claims about a stage, with the verdict against the record, as one step.

    A contradicted or consistent claim must say what the record says and where: a reader meets the claim and its
    refutation together.
    """
    if claim.verdict not in VERDICTS:
        raise ManifestError(f"verdict {claim.verdict!r} is not one of {', '.join(VERDICTS)}")
    if claim.verdict != "unverified" and not (claim.record and claim.record_sources):
        raise ManifestError(
            f"a {claim.verdict} claim needs --record (what the official record says) and --record-source URL "
            "(where it says it); without them use --verdict unverified"
        )
    with _writing(project) as journal:
        package = bills.load_package(project.bills_dir, bill_id)
        stage = package.bill.stage(stage_id)  # raises UnknownStage, listing the stages
        if any(c.statement == claim.statement and c.source.url == claim.source.url for c in stage.claims):
            raise DuplicateClaim(f"{bill_id} {stage_id} already has this claim from {claim.source.url}: nothing to add")
        manifest_path = bills.bill_dir(project.bills_dir, bill_id) / bills.MANIFEST
        new_manifest = bills.append_claim(manifest_path.read_text(encoding="utf-8"), stage_id, claim)
        new_bill = bills.parse_manifest(tomllib.loads(new_manifest), bill_id, where=str(manifest_path))
        plan = _commit(project, journal, Package(new_bill, dict(package.texts)),
                       [FileChange(manifest_path, new_manifest.encode())])  # fmt: skip
    stage = new_bill.stage(stage_id)
    commit = next(s.commit for s in plan.stages if s.stage_id == stage_id)
    return ClaimResult(stage, stage.claims[-1], commit)


# --- sync and verify --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncReport:
    store: str
    bills: dict[str, dict[str, Any]]
    orphans: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)


def load_all(project: Project) -> list[Package]:
    """Every package under bills/, validated."""
    return [bills.load_package(project.bills_dir, b) for b in bills.list_bill_ids(project.bills_dir)]


def sync(project: Project, prune: bool = False) -> SyncReport:
    """Make the store match bills/: one branch, commit and tag per stage; other refs left alone."""
    with _writing(project) as journal:
        packages = load_all(project)  # every package is validated before anything is written
        plans = [plan_bill(p) for p in packages]
        store = Store.open(project.store_path, create=True)
        orphans = sorted(set(store.bill_ids()) - {p.bill_id for p in plans})
        for plan in plans:
            store.write_objects(plan.objects)
        updates = _ref_updates(store, plans, orphans if prune else [])
        journal.apply([], store, updates)
        store.point_head()
    report = {
        plan.bill_id: {
            "stages": len(plan.stages),
            "head": plan.stages[-1].commit if plan.stages else None,
            "refs_changed": sum(1 for name in updates if _ref_bill(name) == plan.bill_id),
        }
        for plan in plans
    }
    return SyncReport(str(project.store_path), report, [] if prune else orphans, orphans if prune else [])


def _ref_bill(name: str) -> str:
    rest = name.split("/", 2)[2]
    return rest.split("/", 1)[0]


@dataclass(frozen=True)
class VerifyReport:
    store: str
    problems: list[str]
    checked: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(project: Project) -> VerifyReport:
    """Check the store against bills/: refs and commit ids, text hashes, git fsck, stray files."""
    recover(project)
    problems: list[str] = []
    checked = {"bills": 0, "stages": 0, "texts": 0}
    packages = load_all(project)
    try:
        store = Store.open(project.store_path, create=False)
    except StoreError as exc:
        return VerifyReport(str(project.store_path), [str(exc)], checked)
    problems += [f"git fsck: {line}" for line in store.fsck()]
    everything = store.refs()
    for package in packages:
        bill = package.bill
        checked["bills"] += 1
        plan = plan_bill(package)
        current = bill_refs(everything, bill.id)
        for name, sha in plan.refs().items():
            if current.get(name) != sha:
                state = "missing" if name not in current else f"at {current[name][:12]}, expected {sha[:12]}"
                problems.append(f"{bill.id}: {name} {state}: run legistrack sync")
        for name in sorted(set(current) - set(plan.refs())):
            problems.append(f"{bill.id}: {name} is in the store but not in bills/: run legistrack sync")
        for stage_plan in plan.stages:
            checked["stages"] += 1
            try:
                stored_commit = store.tagged_commit(stage_plan.tag)
                if stored_commit is None:
                    continue
                blobs = store.tree_blobs(stored_commit)
                for version in package.versions(stage_plan.stage_id):
                    if version.text is None:
                        continue
                    checked["texts"] += 1
                    blob = blobs.get(f"{version.lang}.txt")
                    stored = sha256_text(store.blob_text(blob)) if blob else None
                    if stored != version.sha256:
                        problems.append(
                            f"{bill.id} {stage_plan.stage_id} {version.lang}.txt: sha256 {stored} in the store, "
                            f"{version.sha256} in bills/: run legistrack sync"
                        )
            except StoreError as exc:
                problems.append(f"{bill.id} {stage_plan.stage_id}: {exc}")
        problems += _stray_files(project, package)
    for orphan in sorted(set(store.bill_ids()) - {p.bill.id for p in packages}):
        problems.append(
            f"store has bill {orphan!r} that is not in bills/: restore its package or legistrack sync --prune"
        )
    return VerifyReport(str(project.store_path), problems, checked)


def _stray_files(project: Project, package: Package) -> list[str]:
    directory = bills.bill_dir(project.bills_dir, package.bill.id) / bills.TEXTS_DIR
    expected = {f"{stage_id}.{lang}.txt" for stage_id, lang in package.texts}
    if not directory.is_dir():
        return []
    return [
        f"{package.bill.id}: {directory / p.name} is not referenced by bill.toml: reference it or delete it"
        for p in sorted(directory.iterdir())
        if p.name not in expected and not p.name.startswith(".")
    ]


# --- reading ----------------------------------------------------------------------------------------


def _in_store(project: Project) -> dict[str, str]:
    try:
        store = Store.open(project.store_path, create=False)
    except StoreError:
        return {}
    return store.refs()


def stage_records(project: Project, bill_id: str) -> list[dict[str, Any]]:
    """Every stage of a bill as a JSON-ready dict, with its text status, tag and commit id."""
    recover(project)
    package = bills.load_package(project.bills_dir, bill_id)
    plan = {s.stage_id: s for s in plan_bill(package).stages}
    refs = _in_store(project)
    return [_record(package, stage, plan[stage.id], refs) for stage in package.bill.stages]


def _record(package: Package, stage: Stage, stage_plan: Any, refs: dict[str, str]) -> dict[str, Any]:
    data = to_jsonable(stage)
    data = {"bill": package.bill.id, **data}
    data["date_ja"] = to_wareki(stage.date)
    data["kind_description"] = _kind_text(stage.kind)
    data["texts"] = {
        v.lang: {
            "status": v.status,
            "sha256": v.sha256,
            "from_stage": v.origin_stage,
            "reason": v.reason,
            "url": v.url,
            "origin": (stage.text(v.lang) or TextRef(v.lang, v.status)).origin,
        }
        for v in package.versions(stage.id)
    }
    data["tag"] = stage_plan.tag
    data["commit"] = stage_plan.commit
    data["in_store"] = refs.get(f"refs/tags/{stage_plan.tag}") == stage_plan.tag_object
    return data


def _kind_text(kind: str) -> dict[str, str]:
    en, ja = STAGE_KINDS[kind]
    return {"en": en, "ja": ja}


def stage_record(project: Project, bill_id: str, stage_id: str, with_text: bool = False) -> dict[str, Any]:
    """One stage as a JSON-ready dict; with_text adds the text of every language."""
    recover(project)
    package = bills.load_package(project.bills_dir, bill_id)
    stage = package.bill.stage(stage_id)
    plan = {s.stage_id: s for s in plan_bill(package).stages}
    data = _record(package, stage, plan[stage_id], _in_store(project))
    if with_text:
        for version in package.versions(stage_id):
            data["texts"][version.lang]["text"] = version.text
    return data


def load_bill(project: Project, bill_id: str) -> Package:
    """A validated package, after rolling back any half-done write."""
    recover(project)
    return bills.load_package(project.bills_dir, bill_id)


def diff_stages(
    project: Project, bill_id: str, old_stage: str, new_stage: str, lang: str | None = None, raw: bool = False
) -> Diff:
    """Diff a bill's text between two stages, as the store holds them."""
    recover(project)
    package = bills.load_package(project.bills_dir, bill_id)
    bill = package.bill
    for stage_id in (old_stage, new_stage):
        bill.stage(stage_id)  # unknown stage ids are refused with the list of known ones
    if lang is not None and lang not in bill.languages:
        raise LegistrackError(f"{bill_id} has no language {lang!r}: use one of {', '.join(bill.languages)}")
    store = Store.open(project.store_path, create=False)
    candidates = [lang] if lang else list(bill.languages)
    for candidate in candidates:
        texts = [store.stage_text(f"{bill_id}/{s}", candidate) for s in (old_stage, new_stage)]
        if texts[0] is not None and texts[1] is not None:
            labels = [f"{bill_id}/{s} ({candidate})" for s in (old_stage, new_stage)]
            from .diff.engine import diff_texts

            return diff_texts(texts[0], texts[1], labels[0], labels[1], raw=raw)
    missing = [
        f"{s} [{v.lang}]: {v.status}" + (f" ({v.url})" if v.url else "")
        for s in (old_stage, new_stage)
        for v in package.versions(s)
        if v.text is None and v.lang in candidates
    ]
    with_text = [
        s.id for s in bill.stages if any(v.text is not None and v.lang in candidates for v in package.versions(s.id))
    ]
    raise LegistrackError(
        f"no text to compare in {', '.join(candidates)} between {old_stage} and {new_stage}: "
        f"{'; '.join(missing)}; stages with text: {', '.join(with_text) or 'none'}"
    )


@dataclass(frozen=True)
class BuildReport:
    out: str
    pages: int
    bills: list[str]
    up_to_date: bool = False


def _build_key(commits: dict[str, dict[str, str]], generated: dt.datetime) -> str:
    """What a build depends on: every stage commit (texts and facts), the build time, and legistrack's own code."""
    digest = hashlib.sha256(json.dumps([commits, generated.isoformat()], sort_keys=True).encode())
    package_root = Path(__file__).resolve().parent
    for path in sorted(package_root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".atom", ".css", ".js"):
            digest.update(path.relative_to(package_root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build(
    project: Project,
    out: Path | None = None,
    epoch: int | None = None,
    force: bool = False,
    progress: Callable[[int], Callable[[], None]] | None = None,
) -> BuildReport:
    """Build the static site from the store into `out` (default site/ beside bills/), replacing it only at the end.

    Nothing to do (the stamp of the last build matches) costs reading bills/ and one `git for-each-ref`: the git
    library and the site builder are loaded only for a real build.
    """
    recover(project)
    packages = load_all(project)
    refs = read_refs(project.store_path)
    commits: dict[str, dict[str, str]] = {}
    for package in packages:
        plan = plan_bill(package)
        if bill_refs(refs, package.bill.id) != plan.refs():
            raise StoreError(f"the store is behind bills/ for {package.bill.id}: run legistrack sync, then build")
        commits[package.bill.id] = {s.stage_id: s.commit for s in plan.stages}
    from .site import output

    root = project.bills_dir.absolute().parent
    out = output.check_out_dir(
        Path(out) if out else root / "site",
        keep=[("the project", root)],
        keep_out=[("bills/", project.bills_dir), ("the store", project.store_path),
                  ("legistrack's state folder", project.state_dir)],
    )  # fmt: skip
    if epoch is None:  # deterministic without SOURCE_DATE_EPOCH: the latest legal date
        dates = [s.date for p in packages for s in p.bill.stages] or [dt.date(1970, 1, 1)]
        generated = dt.datetime.combine(max(dates), dt.time(), dt.UTC)
    else:
        generated = dt.datetime.fromtimestamp(epoch, dt.UTC)
    key = _build_key(commits, generated)
    stamp = out / output.STAMP
    previous = stamp.read_text(encoding="utf-8").split() if stamp.is_file() else []
    if not force and len(previous) == 2 and previous[0] == key and previous[1].isdigit():
        # Same store, same code: the output would be byte-identical, so the previous build stands.
        return BuildReport(str(out), int(previous[1]), [p.bill.id for p in packages], up_to_date=True)
    from .site import build as site

    store = Store.open(project.store_path, create=False)
    models = site.prepare(packages, commits)
    with output.building(out) as tmp:
        step = progress(len(models) * len(site.LANGS)) if progress is not None else None
        written = site.build_site(models, tmp, generated, step)
        site.index_search(tmp, {lang for model in models for lang in model.known})
        for package in packages:
            if package.bill.stages:  # a bill with no stage has no branch yet: nothing to clone
                store.publish_bill(package.bill.id, tmp / f"{package.bill.id}.git")
        pages = len([w for w in written if w.endswith(".html")])
        (tmp / output.STAMP).write_text(f"{key} {pages}\n", encoding="utf-8")
        output.swap_in(tmp, out)
    return BuildReport(str(out), pages, [p.bill.id for p in packages])


def import_file(data: bytes, name: str, fmt: str = "auto") -> Imported:
    """Convert a file in a supported format into a stage text."""
    from .importers import import_text

    return import_text(data, name, fmt)
