"""The git-backed stage store: the only module that knows git.

One branch per bill (`refs/heads/<bill-id>`), one commit per stage in procedural order, one annotated tag
per stage (`refs/tags/<bill-id>/<stage-id>`). A commit's tree holds `bill.json` (the bill's metadata)
and one `<lang>.txt` per language with a text at that stage; its message holds the stage title and every
stage fact as git trailers (`Stage-Date:` is the truth for dates).

Objects are serialised here byte for byte, so the same package gives the same commit ids on any
machine (`plan_bill` is pure); `Store` writes them with GitPython and moves refs in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import StoreError
from .models import Bill, Package, Stage, Version

if TYPE_CHECKING:
    import git


def _gitpython() -> Any:
    """GitPython, imported when a Store is opened, not with this module: `legistrack build` with nothing to do
    reads the refs with one `git for-each-ref` (read_refs) and stops before it would need GitPython."""
    import git

    return git


IDENTITY = "legistrack <store@legistrack.invalid>"
ZERO = "0" * 40
BRANCH_PREFIX = "refs/heads/"
TAG_PREFIX = "refs/tags/"


@dataclass(frozen=True)
class GitObject:
    """A loose git object before it is written: its type and its exact content."""

    type: str
    data: bytes

    @property
    def sha(self) -> str:
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


def _one_line(value: str) -> str:
    return " ".join(value.split())


def stage_trailers(bill: Bill, stage: Stage, versions: Iterable[Version]) -> list[tuple[str, str]]:
    """Every fact of a stage as (key, value) trailers, in a fixed order."""
    t: list[tuple[str, str]] = [
        ("Bill-Id", bill.id),
        ("Stage-Id", stage.id),
        ("Stage-Kind", stage.kind),
        ("Stage-Date", stage.date.isoformat()),
        ("Stage-Timezone", bill.timezone),
    ]
    if stage.body:
        t.append(("Body", stage.body))
    if stage.outcome:
        t.append(("Outcome", stage.outcome))
    for lang, title in stage.title.items:
        t.append((f"Title-{lang}", title))
    if stage.vote:
        v = stage.vote
        for key, value in (
            ("Vote-Result", v.result), ("Vote-Method", v.method),
            ("Vote-Yes", "" if v.yes is None else str(v.yes)), ("Vote-No", "" if v.no is None else str(v.no)),
            ("Vote-Abstain", "" if v.abstain is None else str(v.abstain)),
            ("Vote-For", "; ".join(v.parties_for)), ("Vote-Against", "; ".join(v.parties_against)),
            ("Vote-Record", v.record_url),
        ):  # fmt: skip
            if value:
                t.append((key, value))
    for provision in stage.provisions:
        t.append(("Provision", provision))
    for doc in stage.documents:
        t.append(("Document", " ".join(p for p in (doc.title, f"<{doc.url}>" if doc.url else "") if p)))
    for s in stage.sources:
        details = "; ".join(p for p in (s.title, s.publisher, s.date.isoformat() if s.date else "") if p)
        t.append(("Source", f"{s.url}" + (f" ({details})" if details else "")))
    for c in stage.claims:
        who = "; ".join(p for p in (c.source.publisher, c.source.title, c.source.url) if p)
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


def bill_json(bill: Bill) -> bytes:
    """The bill metadata file of every commit: canonical JSON."""
    return (json.dumps(bill.metadata(), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


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
    for stage in bill.stages:
        versions = package.versions(stage.id)
        blobs = {v.lang: add(GitObject("blob", v.text.encode())) for v in versions if v.text is not None}
        tree = add(_tree({"bill.json": meta_sha, **{f"{lang}.txt": sha for lang, sha in blobs.items()}}))
        when = git_timestamp(stage.date, bill.timezone)
        header = f"tree {tree}\n" + (f"parent {parent}\n" if parent else "")
        header += f"author {IDENTITY} {when}\ncommitter {IDENTITY} {when}\n\n"
        commit = add(GitObject("commit", (header + commit_message(bill, stage, versions)).encode()))
        tag_name = f"{bill.id}/{stage.id}"
        title = _one_line(stage.title.get("en") or stage.title.best(bill.languages[0]))
        tag_body = (
            f"object {commit}\ntype commit\ntag {tag_name}\ntagger {IDENTITY} {when}\n\n"
            f"{bill.id} {stage.id}: {title}\n\nStage-Date: {stage.date.isoformat()}\n"
        )
        tag = add(GitObject("tag", tag_body.encode()))
        stages.append(StagePlan(stage.id, commit, tag_name, tag, blobs))
        parent = commit
    return BillPlan(bill.id, tuple(stages), tuple(objects.values()))


def parse_trailers(message: str) -> list[tuple[str, str]]:
    """The trailers of a commit message written by `commit_message`."""
    last = message.rstrip("\n").rsplit("\n\n", 1)[-1]
    out = []
    for line in last.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key and " " not in key:
            out.append((key, value))
    return out


# --- the repository ----------------------------------------------------------------------------------


def bill_refs(refs: Mapping[str, str], bill_id: str) -> dict[str, str]:
    """The refs of one bill (its branch and its stage tags) among all of a store's refs."""
    return {
        name: sha
        for name, sha in refs.items()
        if name == BRANCH_PREFIX + bill_id or name.startswith(f"{TAG_PREFIX}{bill_id}/")
    }


def read_refs(path: Path) -> dict[str, str]:
    """All branch and tag refs of the store at `path`, read with one `git for-each-ref` (no GitPython).

    Raises StoreError if there is no store there, as Store.open would.
    """
    path = Path(path)
    if not path.is_dir() or not any(path.iterdir()):
        raise StoreError(f"no store at {path}: run legistrack sync to build it from bills/")
    result = subprocess.run(
        ["git", "--git-dir" if (path / "HEAD").is_file() else "-C", str(path), "for-each-ref",
         "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise StoreError(f"{path} is not a git repository: point --store at a legistrack store or an empty directory")
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if line)


class Store:
    """A legistrack store: a (normally bare) git repository."""

    def __init__(self, repo: git.Repo, path: Path):
        self.repo, self.path = repo, path

    @classmethod
    def open(cls, path: Path, create: bool = False) -> Store:
        """Open the store at `path`; with `create`, make a bare repository there if there is none."""
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {path} is a file, not a git repository: point --store at a directory")
        empty = not path.exists() or not any(path.iterdir())
        if empty:
            if not create:
                raise StoreError(f"no store at {path}: run legistrack sync to build it from bills/")
            path.mkdir(parents=True, exist_ok=True)
            repo = _gitpython().Repo.init(path, bare=True)
            repo.git.symbolic_ref("HEAD", "refs/heads/main")
            return cls(repo, path)
        git = _gitpython()
        try:
            repo = git.Repo(path)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(
                f"{path} is not a git repository: point --store at a legistrack store or an empty directory"
            ) from None
        # A work tree: legistrack moves branches, so the checkout must have nothing to lose.
        if not repo.bare and repo.is_dirty(untracked_files=True):
            raise StoreError(f"store {path} has uncommitted changes: commit or stash them, or use a bare store")
        return cls(repo, path)

    def has_object(self, sha: str) -> bool:
        return bool(self.repo.odb.has_object(bytes.fromhex(sha)))

    def write_objects(self, objects: Iterable[GitObject]) -> int:
        """Write the objects that are missing; unreferenced objects are harmless if we stop here."""
        from gitdb import IStream

        written = 0
        for obj in objects:
            if self.has_object(obj.sha):
                continue
            stream = self.repo.odb.store(IStream(obj.type.encode(), len(obj.data), io.BytesIO(obj.data)))
            if stream.hexsha.decode() != obj.sha:
                raise StoreError(f"git stored {obj.type} {obj.sha} as {stream.hexsha.decode()}: report this bug")
            written += 1
        return written

    def refs(self, bill_id: str | None = None) -> dict[str, str]:
        """Ref name -> object id of legistrack's refs (one bill's, or all)."""
        refs = read_refs(self.path)
        return refs if bill_id is None else bill_refs(refs, bill_id)

    def bill_ids(self) -> list[str]:
        return sorted(r[len(BRANCH_PREFIX) :] for r in self.refs() if r.startswith(BRANCH_PREFIX))

    def update_refs(self, updates: Mapping[str, tuple[str | None, str | None]]) -> None:
        """Move refs `name: (old, new)` in one transaction: all move or none (None = absent)."""
        if not updates:
            return
        lines = []
        for name, (old, new) in sorted(updates.items()):
            if new is None:
                lines.append(f"delete {name} {old or ''}".rstrip())
            else:
                lines.append(f"update {name} {new} {old or ZERO}")
        with tempfile.TemporaryFile() as fh:
            fh.write(("\n".join(lines) + "\n").encode())
            fh.seek(0)
            try:
                self.repo.git.update_ref("--stdin", istream=fh)
            except _gitpython().GitCommandError as exc:
                raise StoreError(
                    f"the store refused the update ({_first_line(exc.stderr)}): run legistrack verify"
                ) from None

    def reset_refs(self, values: Mapping[str, str | None]) -> None:
        """Set refs to these values whatever they are now (None deletes): used to roll back."""
        current = self.refs()
        self.update_refs({name: (current.get(name), sha) for name, sha in values.items() if current.get(name) != sha})

    def point_head(self) -> None:
        """Let `git clone` check out a bill: point HEAD at the first bill branch if it points nowhere."""
        current = self.repo.git.symbolic_ref("HEAD")
        branches = [b for b in self.refs() if b.startswith(BRANCH_PREFIX)]
        if branches and current not in branches:
            self.repo.git.symbolic_ref("HEAD", sorted(branches)[0])

    def fsck(self) -> list[str]:
        """Problems `git fsck --full --strict` finds (empty when clean)."""
        try:
            out = self.repo.git.fsck("--full", "--strict", "--no-dangling", with_extended_output=True)
        except _gitpython().GitCommandError as exc:
            return [line for line in str(exc.stderr).splitlines() if line.strip()] or [str(exc)]
        _status, stdout, stderr = out
        lines = (stdout + "\n" + stderr).splitlines()
        return [line for line in lines if line.strip() and not line.startswith(("dangling", "notice:"))]

    def blob_text(self, sha: str) -> str:
        try:
            return bytes(self.repo.odb.stream(bytes.fromhex(sha)).read()).decode("utf-8")
        except (ValueError, _gitpython().GitCommandError):
            raise _damaged(sha, "blob") from None

    def missing(self, shas: Iterable[str]) -> list[str]:
        """The objects among `shas` that the store does not have (one `git cat-file --batch-check`)."""
        wanted = sorted(set(shas))
        if not wanted:
            return []
        result = subprocess.run(
            ["git", "--git-dir", str(self.repo.git_dir), "cat-file", "--batch-check"],
            input="\n".join(wanted) + "\n", capture_output=True, text=True, check=False,
        )  # fmt: skip
        return [line.split()[0] for line in result.stdout.splitlines() if line.endswith(" missing")]

    def check_refs_whole(self) -> None:
        """Refuse to write into a store whose refs point at objects it has lost (a damaged store)."""
        refs = self.refs()
        missing = self.missing(refs.values())
        if missing:
            names = sorted(name for name, sha in refs.items() if sha in set(missing))
            raise StoreError(
                f"the store {self.path} is damaged: {len(names)} ref(s) point at objects it no longer has "
                f"(e.g. {names[0]} -> {refs[names[0]][:12]}): run legistrack sync to write them again from "
                "bills/, then legistrack verify"
            )

    def publish_bill(self, bill_id: str, dest: Path) -> None:
        """Copy one bill's branch and tags into a new bare repository that `git clone` can read over dumb HTTP."""
        git = _gitpython()
        try:
            repo = git.Repo.init(dest, bare=True)
            refspecs = [f"refs/heads/{bill_id}:refs/heads/{bill_id}", f"refs/tags/{bill_id}/*:refs/tags/{bill_id}/*"]
            # One pack thread: the same store always gives the same bytes (byte-identical site builds).
            self.repo.git.execute(["git", "-c", "pack.threads=1", "push", "--quiet", str(dest), *refspecs])
            repo.git.symbolic_ref("HEAD", f"refs/heads/{bill_id}")
            repo.git.update_server_info()
        except git.GitCommandError as exc:
            raise StoreError(
                f"could not publish {bill_id} ({_first_line(exc.stderr)}): run legistrack verify"
            ) from None
        shutil.rmtree(dest / "hooks", ignore_errors=True)

    def tagged_commit(self, tag: str) -> str | None:
        """The commit a stage tag (<bill-id>/<stage-id>) points to, or None if there is no such tag."""
        sha = self.refs().get(TAG_PREFIX + tag)
        if sha is None:
            return None
        try:
            return str(self.repo.git.rev_parse("--verify", "--quiet", f"{sha}^{{commit}}"))
        except _gitpython().GitCommandError:
            raise _damaged(sha, "tag") from None

    def stage_text(self, tag: str, lang: str) -> str | None:
        """The <lang>.txt of the commit a stage tag points to (None if that stage has no such text)."""
        commit = self.tagged_commit(tag)
        if commit is None:
            raise StoreError(f"the store has no stage {tag}: run legistrack sync")
        blob = self.tree_blobs(commit).get(f"{lang}.txt")
        return self.blob_text(blob) if blob else None

    def tree_blobs(self, commit: str) -> dict[str, str]:
        """File name -> blob id in a commit's tree."""
        try:
            tree = self.repo.commit(commit).tree
            return {blob.name: blob.hexsha for blob in tree.blobs}
        except (ValueError, _gitpython().GitCommandError):
            raise _damaged(commit, "commit or tree") from None


def _damaged(sha: str, what: str) -> StoreError:
    return StoreError(
        f"the store is missing the {what} {sha[:12]} (or an object it needs): the store is damaged; run "
        "legistrack sync to write the objects again from bills/, then legistrack verify"
    )


def _first_line(text: object) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"
