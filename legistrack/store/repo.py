"""The store on disk: the only module that runs git, and it does so through GitPython alone.

Refs are read once per command (one `git for-each-ref`) and kept until this process moves them; objects are
read in batches (one `git cat-file --batch` for any number of them) and written as one pack
(`git index-pack --stdin`); refs move in one transaction (`git update-ref --stdin`) and are packed after. A damaged
store (an object gone) is reported as a StoreError naming the object, never a git traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import git

from ..errors import ManifestError, StoreError
from ..models import Bill, Package
from . import objects as obj
from .batches import ObjectBatches
from .objects import BRANCH_PREFIX, ZERO, GitObject

# The objects of a bill as the store holds them: its package, and stage id -> commit id.
StoredBill = tuple[Package, dict[str, str]]
_SERIES_NUMBER = re.compile(r"-[0-9]+$")  # a bill's number in its series (Store.publish_group)


def _first_line(text: object) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"


def _command(args: Sequence[str]) -> str:
    """The git command `args` run, past any `-c name=value` before it."""
    at = 0
    while at + 1 < len(args) and args[at] == "-c":
        at += 2
    return args[at] if at < len(args) else "?"


def parse_batch(out: bytes) -> dict[str, tuple[str, bytes] | None]:
    """The answer of `git cat-file --batch`: object id -> (type, content), or None for an object git does not have;
    a ValueError (naming the line) for an answer that is not one."""
    found: dict[str, tuple[str, bytes] | None] = {}
    at = 0
    while at < len(out):
        end = out.find(b"\n", at)
        line = out[at : len(out) if end < 0 else end]
        header = line.decode("ascii", "replace").split()
        at = len(out) if end < 0 else end + 1
        if len(header) == 2 and header[1] == "missing":
            found[header[0]] = None
            continue
        if len(header) != 3 or not header[2].isdigit() or at + int(header[2]) > len(out):
            raise ValueError(repr(line[:80]))
        sha, kind, size = header[0], header[1], int(header[2])
        found[sha] = (kind, out[at : at + size])
        at += size + 1
    return found


def damaged(sha: str, what: str) -> StoreError:
    return StoreError(
        f"the store is missing the {what} {sha[:12]}: the store is damaged; run legistrack sync to write its "
        "objects again from bills/, then legistrack verify"
    )


class Store:
    """A legistrack store: a (normally bare) git repository."""

    def __init__(self, repo: git.Repo, path: Path):
        self.repo, self.path = repo, path
        self._refs: dict[str, str] | None = None
        self._by_bill: dict[str, dict[str, str]] = {}
        self._ids: list[str] = []

    # --- opening ---------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, create: bool = False) -> Store:
        """Open the store at `path`; with `create`, make a bare repository there if there is none."""
        path = Path(path)
        if path.is_symlink():
            raise StoreError(f"store {path} is a symbolic link: point --store at the repository itself")
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {path} is a file, not a git repository: point --store at a directory")
        empty = not path.exists() or not any(path.iterdir())
        if empty:
            if not create:
                raise StoreError(f"no store at {path}: run legistrack sync to build it from bills/")
            path.mkdir(parents=True, exist_ok=True)
            repo = git.Repo.init(path, bare=True)
            repo.git.symbolic_ref("HEAD", "refs/heads/main")
            return cls(repo, path)
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

    def _git(self, *args: str, data: bytes | None = None, text: bool = True, stdin: BinaryIO | None = None) -> Any:
        """Run one git command in the store (stdin from `data` or the file `stdin`); a failure is a StoreError with
        git's reason. Binary output (`text=False`) comes back byte for byte: GitPython strips one trailing newline
        from stdout by default, which cuts the last byte off a pack whose checksum ends in 0x0a."""
        with contextlib.ExitStack() as stack:
            if data is not None:
                stdin = stack.enter_context(tempfile.TemporaryFile())
                stdin.write(data)
                stdin.seek(0)
            try:
                return self.repo.git.execute(
                    ["git", *args], istream=stdin, stdout_as_string=text, strip_newline_in_stdout=text
                )
            except git.GitCommandError as exc:
                raise StoreError(
                    f"git {_command(args)} failed ({_first_line(exc.stderr)}): run legistrack verify"
                ) from None

    def _git_to_file(self, *args: str, data: bytes, out: BinaryIO) -> None:
        """Run one git command with its (binary) output written to the file `out` as git wrote it, never held in
        memory: a pack of the whole Diet is tens of megabytes."""
        with tempfile.TemporaryFile() as stdin:
            stdin.write(data)
            stdin.seek(0)
            try:
                self.repo.git.execute(["git", *args], istream=stdin, output_stream=out)
            except git.GitCommandError as exc:
                raise StoreError(
                    f"git {_command(args)} failed ({_first_line(exc.stderr)}): run legistrack verify"
                ) from None

    # --- refs ------------------------------------------------------------------------------------------

    def refs(self) -> dict[str, str]:
        """Ref name -> object id of every branch and tag, read once (until this process moves them)."""
        if self._refs is None:
            out = self._git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags")
            self._refs = dict(line.split(" ", 1) for line in out.splitlines() if line)
            self._by_bill = obj.refs_by_bill(self._refs)
            self._ids = obj.bill_ids(self._refs)
        return dict(self._refs)

    def bill_refs(self, bill_id: str) -> dict[str, str]:
        self.refs()
        return dict(self._by_bill.get(bill_id, {}))

    def all_bill_refs(self) -> dict[str, dict[str, str]]:
        self.refs()
        return self._by_bill

    def bill_ids(self) -> list[str]:
        self.refs()
        return list(self._ids)

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
        self._refs = None
        if len(updates) >= self.PACKED_REFS_FROM and self._update_packed_refs(updates):
            return
        try:
            self._git("update-ref", "--stdin", data=("\n".join(lines) + "\n").encode())
        except StoreError as exc:
            raise StoreError(f"the store refused the update ({exc}): run legistrack verify") from None

    PACKED_REFS_FROM = 1000  # refs moved at once from which they are written into packed-refs (_update_packed_refs)

    def _update_packed_refs(self, updates: Mapping[str, tuple[str | None, str | None]]) -> bool:
        """Move many refs at once by writing packed-refs anew (git's format, gitrepository-layout(5)), all or none:
        False, and nothing done, where a ref is a loose file (git's own transaction then moves them). `git update-ref
        --stdin` writes a loose file per ref and tidy() packs them again: every Act's 18,000 refs took 6.3 s, then
        4.4 s. As git's transaction does, this checks each ref's old value and that each new one is an object the
        store has, and takes packed-refs.lock, which git's own writers respect; the file is replaced in one rename."""
        git_dir = Path(self.repo.git_dir)
        if any(path.is_file() or path.is_symlink() for path in (git_dir / "refs").rglob("*")):
            return False
        packed = git_dir / "packed-refs"
        current: dict[str, str] = {}
        if packed.exists():
            for line in packed.read_text("ascii").splitlines():
                if line and not line.startswith(("#", "^")):
                    sha, _, name = line.partition(" ")
                    current[name] = sha
        for name, (old, new) in updates.items():
            if current.get(name) != old:
                raise StoreError(
                    f"the store refused the update ({name} is at {current.get(name) or 'nothing'}, not "
                    f"{old or 'nothing'}): run legistrack verify"
                )
            if new is None:
                current.pop(name, None)
            else:
                current[name] = new
        lacking = self.missing(new for _old, new in updates.values() if new is not None)
        if lacking:
            raise StoreError(f"the store refused the update (it has no object {lacking[0]}): run legistrack verify")
        lock = git_dir / "packed-refs.lock"
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise StoreError(
                f"the store's refs are being written by another git process ({lock} exists): wait for it, or remove "
                "that file if no git runs there"
            ) from None
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write("# pack-refs with: sorted \n")  # no peeled lines: readers peel the tags themselves
                f.writelines(f"{sha} {name}\n" for name, sha in sorted(current.items()))
                f.flush()
                os.fsync(f.fileno())
            os.replace(lock, packed)
        except BaseException:
            lock.unlink(missing_ok=True)
            raise
        return True

    def point_head(self) -> None:
        """Let `git clone` check out a bill: point HEAD at the first bill branch if it points nowhere."""
        current = self._git("symbolic-ref", "HEAD")
        branches = sorted(b for b in self.refs() if b.startswith(BRANCH_PREFIX))
        if branches and current not in branches:
            self._git("symbolic-ref", "HEAD", branches[0])

    REPACK_FROM = 5000  # new objects in one write (an import) from which the store is packed anew, with deltas

    def tidy(self, new_objects: int = 0, repack: bool = False) -> None:
        """Pack the refs (a store of the whole Diet has 50,000 tags); after a big write, pack every object again
        with deltas (the Diet's 180,000 objects: 93 MB as written, 29 MB packed), else as git's thresholds say.
        `repack` packs anew whatever the size: after a write that healed a damaged store, so that the damaged
        packs go (every object they held is in the new pack)."""
        self._git("pack-refs", "--all", "--prune")
        if repack or new_objects >= self.REPACK_FROM:
            self.repack(afresh=repack)
        else:
            self._git("gc", "--auto", "--quiet")

    def named_objects(self) -> list[str]:
        """Every object the store's refs reach (what `git repack -a` keeps), one `<id> <name>` line each in the form
        `git pack-objects` reads, a tree or blob named `<bill>/<path>` after the bill whose commit first reached it.

        git's delta search sorts objects by a hash of their name, then by size, and tries each against the ten
        before it. Named by path alone, as `git repack` names them, every bill's text is `ja.txt`: the revisions of
        2,078 laws sorted by size together, each text diffed against other laws' texts of about its size (every Act
        packed to 253 MB in 82 s). Named by bill, a law's revisions sort together and delta against each other (61
        MB in 22 s). One `git rev-list --objects --in-commit-order` lists each commit followed by the trees and
        blobs it reaches first; one `git log --source` says which ref, hence which bill, reached each commit."""
        sources = self._git("log", "--all", "--source", "--format=%H %S")
        bill_of: dict[str, str] = {}
        for line in sources.splitlines():
            sha, _, ref = line.partition(" ")
            bill_of[sha] = next(iter(obj.refs_by_bill({ref: sha})), "")
        listed = self._git("rev-list", "--objects", "--in-commit-order", "--all")
        named: list[str] = []
        bill = ""
        for line in listed.splitlines():
            sha, _, path = line.partition(" ")
            if sha in bill_of:  # a commit: the trees and blobs that follow are those it reached first
                bill = bill_of[sha]
                named.append(sha)
            elif bill and (path or " " in line):  # a tree or blob (the root tree's path is empty)
                named.append(f"{sha} {bill}/{path}")
            else:  # a tag, or an object no bill's commit reaches
                named.append(line.rstrip())
        return named

    def repack(self, afresh: bool = False) -> None:
        """Pack every object the refs reach anew into one pack, each bill's texts as deltas of its other texts
        (named_objects), then remove the packs there were before; loose objects the pack holds go too.

        Safe at every step: the new pack is complete (git writes its index last, under its final name) and its
        count of objects checked before any old pack is removed; a stop halfway leaves both, every object readable,
        and the next repack removes what is left over. (The store holds the only copy of an imported law's
        texts.)"""
        folder = Path(self.repo.git_dir) / "objects" / "pack"
        folder.mkdir(parents=True, exist_ok=True)
        # the packs there are, and any a stopped repack left without its index (git reads no such pack)
        before = {p.name.rsplit(".", 1)[0] for p in [*folder.glob("pack-*.idx"), *folder.glob("pack-*.pack")]}
        kept = {p.name[: -len(".keep")] for p in folder.glob("pack-*.keep")}
        # the batches of a big write are deltas already (_write_pack): they are kept, and the other objects'
        # deltas searched, by bill; a write that healed a damaged store has every object written and read anew
        self._pack_anew(self.named_objects(), drop=sorted(before - kept), afresh=afresh)
        self._git("prune-packed", "--quiet")

    def _pack_anew(self, named: Sequence[str], drop: Sequence[str], afresh: bool = True) -> str:
        """Pack the objects `named` (`<id> <name>` lines, as `git pack-objects` reads them) into one new pack with
        deltas, then remove the packs `drop` (names without suffix; the new one never): the new pack's name.
        `afresh`: every object compressed again and its delta searched anew, none reused (as `repack -F`)."""
        folder = Path(self.repo.git_dir) / "objects" / "pack"
        out = self._git(
            # the packs read a window at a time (git maps each whole, up to 32 GB, and every page read counts in
            # its resident size: 3.3 GB for every Act's batch packs, which hold their texts uncompressed)
            "-c",
            "core.packedGitWindowSize=64m",
            "-c",
            "core.packedGitLimit=256m",
            "pack-objects",
            *(["--no-reuse-object"] if afresh else []),
            "--delta-base-offset",
            "--quiet",
            str(folder / "pack"),
            data=("\n".join(named) + "\n").encode(),
        )
        name = f"pack-{out.split()[-1]}"
        counted = _pack_count(folder / f"{name}.idx")
        if counted != len(named):
            raise StoreError(
                f"git packed {counted} of the {len(named)} objects it was given: the old packs are kept; run "
                "legistrack verify"
            )
        for old in sorted(set(drop) - {name}):
            # the index first: git never finds an index whose pack is gone
            for suffix in (".idx", ".pack", ".rev", ".bitmap", ".promisor", ".mtimes"):
                try:
                    (folder / f"{old}{suffix}").unlink(missing_ok=True)
                except OSError as exc:
                    raise StoreError(
                        f"could not remove the old pack {old}{suffix} ({exc.strerror or exc}): nothing is lost (the "
                        f"new pack {name} holds every object); free the folder {folder}, then run legistrack verify"
                    ) from None
        return name

    # --- objects ---------------------------------------------------------------------------------------

    def missing(self, shas: Iterable[str]) -> list[str]:
        """The objects among `shas` that the store does not have (one `git cat-file --batch-check`)."""
        wanted = sorted(set(shas))
        found = self.sizes(wanted)
        return [sha for sha in wanted if sha not in found]

    def sizes(self, shas: Iterable[str]) -> dict[str, int]:
        """Object id -> its size in bytes, for those the store has (one `git cat-file --batch-check`: nothing is
        read)."""
        wanted = sorted(set(shas))
        if not wanted:
            return {}
        out = self._git("cat-file", "--batch-check", data=("\n".join(wanted) + "\n").encode())
        found: dict[str, int] = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                found[parts[0]] = int(parts[2])
        return found

    def read(self, shas: Iterable[str]) -> dict[str, tuple[str, bytes]]:
        """Object id -> (type, content) for each of `shas` that the store has, in one `git cat-file --batch`."""
        wanted = sorted(set(shas))
        if not wanted:
            return {}
        out: bytes = self._git("cat-file", "--batch", data=("\n".join(wanted) + "\n").encode(), text=False)
        try:
            return {sha: got for sha, got in parse_batch(out).items() if got is not None}
        except ValueError as exc:
            raise StoreError(
                f"git cat-file answered {exc} for the store's objects: the store is damaged; run legistrack verify, "
                "then legistrack sync to write its objects again from bills/"
            ) from None

    def blobs(self, shas: Sequence[str]) -> dict[str, bytes | None]:
        """Blob id -> its bytes, or None where the store has no such blob: the texts packages keep in the store."""
        got = self.read(shas)
        return {sha: got[sha][1] if sha in got and got[sha][0] == "blob" else None for sha in shas}

    def read_one(self, sha: str, what: str) -> bytes:
        found = self.read([sha]).get(sha)
        if found is None:
            raise damaged(sha, what)
        return found[1]

    def write_objects(self, objects: Iterable[GitObject]) -> int:
        """Write the objects the store lacks, as one pack; unreferenced objects are harmless if we stop here."""
        return self._write_pack({o.sha: o for o in objects})[0]

    def _write_pack(
        self,
        wanted: Mapping[str, GitObject],
        names: Mapping[str, str] | None = None,
        fold: Sequence[tuple[str, Mapping[str, str]]] = (),
    ) -> tuple[int, str | None]:
        """Write those of `wanted` the store lacks as one pack: how many, and the pack's name (None if none).

        `names` (object -> `<bill>/<type>`): the pack is made with deltas, each object's searched among those of
        the same name, and with it the objects of the packs `fold` (each named with its objects' names), which go.
        ObjectBatches asks this once a write holds REPACK_FROM objects, when tidy() will pack its packs as one:
        then that repack only joins them. (Searched at the end, the deltas of every Act's 3.4 GB of texts took 28
        s after everything else; batch by batch they are searched while the laws are still being read, on a core
        the import leaves idle a quarter of the time.)"""
        missing = set(self.missing(wanted))
        if not missing and not fold:
            return 0, None
        stored = self._index_pack(wanted, missing, level=1 if names is None else 0) if missing else None
        if names is not None:
            # the objects of packs written without deltas before (git tries no delta between two objects of one
            # pack that are not deltas there, as it would have found them then: they are packed again here)
            every = {sha: names.get(sha, "") for sha in missing}
            for _pack, named_there in fold:
                every.update(named_there)
            named = [f"{sha} {name}" if name else sha for sha, name in sorted(every.items())]
            try:
                return len(missing), self._pack_anew(named, drop=[*([stored] if stored else []), *(p for p, _ in fold)])
            except BaseException:  # no ref points into the batch yet: its stored pack goes too
                if stored:
                    self._remove_pack(stored)
                raise
        return len(missing), stored

    def _index_pack(self, wanted: Mapping[str, GitObject], missing: set[str], level: int) -> str:
        """The objects `missing` of `wanted` written as one pack (zlib at `level`: 0 stores a pack that is packed
        again with deltas right away, where compressing would be work done twice): the pack's name."""
        data = obj.pack((wanted[sha] for sha in sorted(missing)), level=level)
        # A pack is named by its checksum: the same objects missing again mean the pack that had them is damaged
        # (cut short: git reads none of it). git keeps an existing pack of that name rather than overwrite it, so
        # the damaged copy goes first; its objects are exactly these, about to be written whole.
        name = f"pack-{data[-20:].hex()}"
        for path in (Path(self.repo.git_dir) / "objects" / "pack").glob(f"{name}.*"):
            path.unlink()
        out = self._git("index-pack", "--stdin", data=data)
        return f"pack-{out.split()[-1]}"

    def _remove_pack(self, name: str) -> None:
        for path in (Path(self.repo.git_dir) / "objects" / "pack").glob(f"{name}.*"):
            path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def object_batches(self) -> Iterator[ObjectBatches]:
        """Write many bills' objects ahead of the refs that will point at them, a pack per batch, so that memory
        holds one batch at a time; if the block fails, the packs it wrote are removed again (no ref points into
        them: the write lock keeps every other writer out)."""
        batches = ObjectBatches(self)
        try:
            yield batches
            batches.flush()
        except BaseException:
            batches.discard()
            raise
        finally:
            batches.close()

    def lost(self) -> list[str]:
        """The refs that point at objects the store no longer has (a damaged store), by name."""
        refs = self.refs()
        missing = set(self.missing(refs.values()))
        return sorted(name for name, sha in refs.items() if sha in missing)

    def check_refs_whole(self) -> None:
        """Refuse to write into a store whose refs point at objects it has lost (a damaged store)."""
        names = self.lost()
        if names:
            refs = self.refs()
            raise StoreError(
                f"the store {self.path} is damaged: {len(names)} ref(s) point at objects it no longer has "
                f"(e.g. {names[0]} -> {refs[names[0]][:12]}): run legistrack sync to write them again from "
                "bills/, then legistrack verify"
            )

    def fsck(self) -> list[str]:
        """Problems `git fsck --full --strict` finds (empty when clean), each once, as git words them."""
        status, stdout, stderr = self.repo.git.execute(
            ["git", "fsck", "--full", "--strict", "--no-dangling"], with_extended_output=True, with_exceptions=False
        )
        lines = [line.strip() for line in (stdout + "\n" + stderr).splitlines()]
        found = [line for line in lines if line and not line.startswith(("dangling", "notice:", "Checking"))]
        found = list(dict.fromkeys(found))
        if status != 0 and not found:
            found = [f"git fsck exited with status {status}"]
        return found

    # --- bills -----------------------------------------------------------------------------------------

    def read_bills(self, bill_ids: Iterable[str] | None = None) -> list[StoredBill]:
        """Every bill (or those named) as its branch holds it: the package rebuilt from the commits' trees alone.

        Three batches of reads whatever the number of bills: the commits (walked from each branch head), their
        trees, and the blobs. A branch whose objects are not those legistrack writes for that package (a commit
        made by hand, a store written by an older legistrack) is refused: the site shows what the store holds,
        and only what legistrack can vouch for.
        """
        ids, chains, entries = self._walk(bill_ids)
        return self._packages(ids, chains, entries)

    def _packages(
        self, ids: Sequence[str], chains: Mapping[str, list[obj.Commit]], entries: Mapping[str, dict[str, str]]
    ) -> list[StoredBill]:
        """The bills `ids` from their walked commits and files (_walk): their blobs read in one batch, each package
        rebuilt and vouched for (read_bills)."""
        files_of = [entries[c.sha] for bill_id in ids for c in chains[bill_id]]
        blobs = self.read(sha for files in files_of for sha in files.values())
        out: list[StoredBill] = []
        for bill_id in ids:
            chain = list(reversed(chains[bill_id]))
            stages = []
            bill_table: Any = None
            for c in chain:
                files = entries[c.sha]
                for name, sha in files.items():
                    if sha not in blobs:
                        raise damaged(sha, f"{name} of {bill_id}")
                bill_table, stage_table = _tables(bill_id, c, files, blobs)
                texts = {
                    name[: -len(".txt")]: blobs[sha][1].decode("utf-8")
                    for name, sha in files.items()
                    if name.endswith(".txt")
                }
                stages.append((stage_table, texts))
            with _written_by_legistrack(bill_id):
                package = obj.package_from_tables(bill_id, bill_table, stages, where=f"the store's {bill_id}")
            plan = obj.plan_bill(package)
            if [s.commit for s in plan.stages] != [c.sha for c in chain]:
                raise StoreError(
                    f"the store's bill {bill_id} holds commits legistrack did not write for its content (a commit "
                    "made by hand?): run legistrack verify, then legistrack sync from bills/"
                )
            out.append((package, {s.stage_id: s.commit for s in plan.stages}))
        return out

    def _walk(
        self, bill_ids: Iterable[str] | None
    ) -> tuple[list[str], dict[str, list[obj.Commit]], dict[str, dict[str, str]]]:
        """The bills named (or every bill), each one's commits from its head back, and each commit's files: a batch
        of reads per generation of commits, then one of their trees."""
        refs = self.refs()
        ids = sorted(bill_ids) if bill_ids is not None else obj.bill_ids(refs)
        chains: dict[str, list[obj.Commit]] = {}
        frontier = {bill_id: refs.get(BRANCH_PREFIX + bill_id) for bill_id in ids}
        for bill_id, head in frontier.items():
            if head is None:
                raise StoreError(f"the store has no bill {bill_id!r}: run legistrack sync")
            chains[bill_id] = []
        pending = dict(frontier)
        while pending:  # one batch per generation of commits: as many batches as the longest bill has stages
            found = self.read(sha for sha in pending.values() if sha)
            following: dict[str, str | None] = {}
            for bill_id, sha in pending.items():
                if sha is None:
                    continue
                data = found.get(sha)
                if data is None or data[0] != "commit":
                    raise damaged(sha, f"commit of {bill_id}")
                commit = obj.parse_commit(sha, data[1])
                chains[bill_id].append(commit)
                if commit.parents:
                    following[bill_id] = commit.parents[0]
            pending = following
        trees = self.read(c.tree for chain in chains.values() for c in chain)
        entries: dict[str, dict[str, str]] = {}
        for chain in chains.values():
            for c in chain:
                if c.tree not in trees:
                    raise damaged(c.tree, "tree")
                entries[c.sha] = obj.parse_tree(trees[c.tree][1])
        return ids, chains, entries

    def read_records(self, bill_ids: Iterable[str]) -> list[Bill]:
        """Each bill's records (its [bill] table and stages) as its branch holds them, without reading a text: what
        the lists of a site are made from (views.bill_summary). Not vouched for as read_bills vouches (its commits
        planned again from their content needs the texts): a build reads every bill it renders with read_bills
        too, and a branch it cannot vouch for stops the build then."""
        ids, chains, entries = self._walk(bill_ids)
        wanted = [
            files[name] for files in entries.values() for name in (obj.BILL_FILE, obj.STAGE_FILE) if name in files
        ]
        blobs = self.read(wanted)
        out: list[Bill] = []
        for bill_id in ids:
            tables = []
            bill_table: Any = None
            for c in reversed(chains[bill_id]):
                bill_table, stage_table = _tables(bill_id, c, entries[c.sha], blobs)
                tables.append(stage_table)
            with _written_by_legistrack(bill_id):
                out.append(obj.records_from_tables(bill_id, bill_table, tables, where=f"the store's {bill_id}"))
        return out

    READ_CHUNK = 256  # at most this many bills walked together by iter_bills (a few git reads per chunk)
    # and about this many bytes of text read at once: a chunk of the Diet's bills (no texts) is read whole, a chunk of
    # laws through every revision a few at a time, and a law larger than this (所得税法: 239 MB over 70 revisions)
    # alone
    READ_CHUNK_BYTES = 64_000_000

    def iter_bills(self, bill_ids: Iterable[str]) -> Iterator[StoredBill]:
        """The bills named, in id order, as read_bills gives them, read a few at a time: memory holds about
        READ_CHUNK_BYTES of text whatever the number of bills (an export of the whole Diet, a build of every Act).
        A chunk's commits and files are walked first, and the size of each text asked of git without reading it,
        so that a law of hundreds of megabytes is never read beside a chunk of others."""
        ids = sorted(bill_ids)
        for start in range(0, len(ids), self.READ_CHUNK):
            walked, chains, entries = self._walk(ids[start : start + self.READ_CHUNK])
            texts = {
                bill_id: {sha for c in chains[bill_id] for name, sha in entries[c.sha].items() if name.endswith(".txt")}
                for bill_id in walked
            }
            sizes = self.sizes(sha for shas in texts.values() for sha in shas)
            group: list[str] = []
            held = 0
            for bill_id in walked:
                size = sum(sizes.get(sha, 0) for sha in texts[bill_id])
                if group and held + size > self.READ_CHUNK_BYTES:
                    yield from self._packages(group, chains, entries)
                    group, held = [], 0
                group.append(bill_id)
                held += size
            if group:
                yield from self._packages(group, chains, entries)

    # --- publishing ------------------------------------------------------------------------------------

    # How a published pack is made: from the objects alone (no delta or object reused from the store's packs, one
    # thread, no reachability bitmap), so the same refs give the same bytes whatever packs the store has. A bitmap
    # (`git repack -a -d` writes one in a bare repository) lists the objects without the paths they are at, and
    # git pairs a text with its revisions for deltas by path: with it every law's texts are named alike and packed
    # whole (the published store of every Act was 302 MB, 5 times what it is without).
    PUBLISH_PACK = (
        "pack-objects",
        "--revs",
        "--stdout",
        "--no-reuse-delta",
        "--no-reuse-object",
        "--no-use-bitmap-index",
        "--threads=1",
        "--quiet",
    )
    PUBLISH_GROUPS = 64  # packs of the published repository: a build repacks only the groups whose bills changed

    @staticmethod
    def publish_group(bill_id: str) -> str:
        """The pack a bill's objects are published in: a stable spread of the bills over PUBLISH_GROUPS packs, by
        series (the id without a last `-<number>`: jp-196-shu-42 is of jp-196-shu, a session's bills of one House's
        members), so that bills numbered in one series share a pack. git makes deltas only between objects of one
        pack, and a series' manifests are alike: spread bill by bill, the whole Diet's published store was 38.4 MB,
        by series 26.8 MB (every Act with it: 95.1 -> 83.2 MB; a law's id has no such number: a law is its own
        series), its largest pack made in 1.2 s."""
        series = _SERIES_NUMBER.sub("", bill_id)
        return f"{int(hashlib.sha1(series.encode()).hexdigest()[:8], 16) % Store.PUBLISH_GROUPS:02d}"

    def publish(
        self, dest: Path, previous: Mapping[str, Any] | None = None, old_dest: Path | None = None
    ) -> dict[str, Any]:
        """Copy every branch and tag into a new bare repository that `git clone` can read over dumb HTTP.

        Its objects are in one pack per group of bills (publish_group), each computed afresh from the objects
        alone (no delta or object reused from the store's own packs, one thread): the same refs give the same bytes
        whether the store is the one `sync` wrote or a clone of a published site, so a site rebuilt from a clone is
        byte-identical. A group whose bills did not change since the build that wrote `old_dest` (`previous`, what
        this returned then) is taken from it as it is. Returns what a later build needs: per group, the digest of
        its bills' refs and its pack files.
        """
        try:
            published = git.Repo.init(dest, bare=True)
        except (git.GitCommandError, OSError) as exc:
            raise StoreError(f"could not create {dest} ({exc}): check the output folder") from None
        refs = self.refs()
        groups: dict[str, dict[str, str]] = {}
        for bill_id, bill_refs in sorted(self.all_bill_refs().items()):
            groups.setdefault(self.publish_group(bill_id), {}).update(bill_refs)
        packs_dir = dest / "objects" / "pack"
        record: dict[str, Any] = {}
        target = Store(published, dest)
        for group, group_refs in sorted(groups.items()):
            digest = hashlib.sha256(json.dumps(sorted(group_refs.items())).encode()).hexdigest()
            old = (previous or {}).get(group)
            if (
                old
                and old.get("digest") == digest
                and old_dest is not None
                and _link_pack(old_dest, dest, old["files"])
            ):
                record[group] = old
                continue
            before = set(os.listdir(packs_dir)) if packs_dir.is_dir() else set()
            with tempfile.TemporaryFile() as pack:
                wanted = ("\n".join(sorted(set(group_refs.values()))) + "\n").encode()
                self._git_to_file(*self.PUBLISH_PACK, data=wanted, out=pack)
                pack.seek(0)
                target._git("index-pack", "--stdin", stdin=pack)
            files = sorted(set(os.listdir(packs_dir)) - before)
            record[group] = {"digest": digest, "files": files}
        if refs:
            # Every ref straight into packed-refs (git's own format, sorted by name; no peeled lines, so readers
            # peel tags themselves): `update-ref` would write 50 000 loose files for the whole Diet and
            # `pack-refs` read them back, 11 s of every build.
            lines = "".join(f"{sha} {name}\n" for name, sha in sorted(refs.items()))
            (dest / "packed-refs").write_text("# pack-refs with: sorted \n" + lines, encoding="ascii")
            head = sorted(b for b in refs if b.startswith(BRANCH_PREFIX))[0]
            published.git.symbolic_ref("HEAD", head)
        published.git.update_server_info()
        shutil.rmtree(dest / "hooks", ignore_errors=True)
        with contextlib.suppress(OSError):
            (dest / "description").unlink()
        published.close()
        return record

    def close(self) -> None:
        self.repo.close()


def _pack_count(index: Path) -> int:
    """How many objects a pack holds, from its index (the last entry of the fan-out table: version 2 after an
    8-byte header, version 1 without one); -1 for a file that is no pack index."""
    try:
        with index.open("rb") as f:
            head = f.read(8 + 256 * 4)
    except OSError:
        return -1
    at = 8 if head[:4] == b"\xfftOc" else 0
    if len(head) < at + 256 * 4:
        return -1
    return int.from_bytes(head[at + 255 * 4 : at + 256 * 4], "big")


def _link_pack(old: Path, new: Path, files: Sequence[str]) -> bool:
    """Hard-link a published pack (and its index) of the previous build into the new repository."""
    old_dir, new_dir = old / "objects" / "pack", new / "objects" / "pack"
    if not files or any((old_dir / f).is_symlink() or not (old_dir / f).is_file() for f in files):
        return False
    new_dir.mkdir(parents=True, exist_ok=True)
    for name in files:
        try:
            os.link(old_dir / name, new_dir / name)
        except OSError:
            shutil.copy2(old_dir / name, new_dir / name)
    return True


def _tables(
    bill_id: str, commit: obj.Commit, files: Mapping[str, str], blobs: Mapping[str, tuple[str, bytes]]
) -> tuple[Any, Any]:
    """The [bill] table and the stage's table a commit of the bill holds."""
    if obj.STAGE_FILE not in files or obj.BILL_FILE not in files:
        raise StoreError(
            f"the store's bill {bill_id} was written by an older legistrack (commit {commit.sha[:12]} has no "
            "stage.json): run legistrack sync to rewrite it from bills/"
        )
    found = []
    for name in (obj.BILL_FILE, obj.STAGE_FILE):
        if files[name] not in blobs:
            raise damaged(files[name], f"{name} of {bill_id}")
        found.append(_json(blobs[files[name]][1], bill_id))
    return found[0], found[1]


@contextlib.contextmanager
def _written_by_legistrack(bill_id: str) -> Iterator[None]:
    """A bill's tables that legistrack would not have written (ManifestError) as the store's error."""
    try:
        yield
    except ManifestError as exc:
        raise StoreError(
            f"the store's bill {bill_id} holds commits legistrack did not write ({exc}): run legistrack "
            "verify, then legistrack sync from bills/"
        ) from None


def _json(data: bytes, bill_id: str) -> Any:

    try:
        return json.loads(data)
    except ValueError:
        raise StoreError(
            f"the store's bill {bill_id} has a stage file that is not JSON: run legistrack verify"
        ) from None


@contextlib.contextmanager
def opened(path: Path, create: bool = False) -> Iterator[Store]:
    store = Store.open(path, create)
    try:
        yield store
    finally:
        store.close()
