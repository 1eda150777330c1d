"""A git repository of laws in legalize-jp's shape, read with git (no checkout needed): one file per law
(`jp/<law id>.md`), one commit per e-Gov revision, each with a trailer `Source-Id: <law id>_<YYYYMMDD>_<amending law
id>`. Only this module and repo.py run git.

What is read: which Acts (law ids with `AC`) changed between two commits, each Act's commits with their Source-Id
and the blob of its file, and the blobs themselves in one `git cat-file --batch`. A blob the clone lacks (a partial
copy) is reported as missing, for the caller to leave that law out whole.
"""

from __future__ import annotations

import concurrent.futures
import re
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import git

from ..errors import ImportFormatError
from ..jurisdictions.jp.legalize import LawCommit

# The Acts (法律): law ids with AC; cabinet orders (CO), ministerial ordinances (M) ... are not made by bills.
ACTS = re.compile(r"^[0-9]{3}AC[0-9A-Z]{10}$")
_PATH = re.compile(r"^jp/([0-9A-Za-z]{15})\.md$")
_TRAILER = re.compile(r"^Source-Id:\s*(\S+)\s*$", re.M)
SPLIT_WALK_FROM = 2_000  # commits: a shorter history is walked in one go
TRAILERS_FROM = 50  # laws: from this many, their commits are read from the trailers (LawRepository._by_trailer)
WALK_PARTS, WALK_THREADS = 4, 2  # a longer one in parts, so many at a time


class LawRepository:
    """A local clone of a repository of laws, opened read-only."""

    def __init__(self, path: Path):
        try:
            self.repo = git.Repo(str(path))
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise ImportFormatError(
                f"{path} is not a git repository: give a clone of legalize-jp (git clone "
                "https://github.com/yno9/legalize-jp)"
            ) from None
        self.path = path
        # git told where the repository is: a bare one (a mirror) has no work tree for git to find it from
        self._cmd = ["git", f"--git-dir={self.repo.git_dir}"]
        self.ref = "HEAD"  # the commit read up to (head())
        self._batch: subprocess.Popen[bytes] | None = None  # `git cat-file --batch`, started when first asked
        self._check: subprocess.Popen[bytes] | None = None  # `git cat-file --batch-check`, the same

    def _git(self, *args: str, data: bytes | None = None, text: bool = True) -> str | bytes:
        try:
            with tempfile.TemporaryFile() as stdin:
                stdin.write(data or b"")
                stdin.seek(0)
                result = self.repo.git.execute(
                    [*self._cmd, *args],
                    istream=None if data is None else stdin,
                    stdout_as_string=text,
                    strip_newline_in_stdout=text,
                )
            assert isinstance(result, (str, bytes))
            return result
        except git.GitCommandError as exc:
            reason = " ".join(str(exc.stderr).split())[:200]
            raise ImportFormatError(f"{self.path}: git {args[0]} failed ({reason}): check the clone") from None

    def head(self) -> str:
        """The commit the import reads up to: HEAD's, or (a clone of a bundle, whose HEAD names no branch) main's."""
        for ref in ("HEAD", "refs/heads/main", "refs/remotes/origin/main"):
            try:
                commit = str(
                    self.repo.git.execute([*self._cmd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"])
                )
            except git.GitCommandError:
                continue
            self.ref = commit.strip()
            return self.ref
        raise ImportFormatError(f"{self.path} has no commit at HEAD nor a branch main: give a clone of legalize-jp")

    def knows(self, commit: str) -> bool:
        """Whether `commit` is in HEAD's history (a later import reads only what came after it)."""
        try:
            self.repo.git.execute([*self._cmd, "merge-base", "--is-ancestor", commit, self.ref])
        except git.GitCommandError:
            return False
        return True

    def laws_changed(self, since: str | None, kind: re.Pattern[str] = ACTS) -> list[str]:
        """The ids of the laws of `kind` whose files changed from `since` to head() (every such law the tree holds
        when `since` is None)."""
        if since is None:
            out = str(self._git("ls-tree", "-r", "--name-only", self.ref, "--", "jp/"))
        else:
            out = str(self._git("diff", "--name-only", "--no-renames", since, self.ref, "--", "jp/"))
        found = {m.group(1) for line in out.splitlines() if (m := _PATH.match(line.strip()))}
        return sorted(law for law in found if kind.match(law))

    def commits(self, law_ids: Iterable[str], since: str | None = None) -> dict[str, list[LawCommit]]:
        """Each law's commits (oldest first), from a walk of head()'s history over those laws' files (in parts); with
        `since`, of the commits after it alone (their `order` counts from 0 in that walk)."""
        wanted = set(law_ids)
        if not wanted:
            return {}
        if since is None and len(wanted) >= TRAILERS_FROM:
            by_trailer = self._by_trailer(wanted)
            if by_trailer is not None:
                return by_trailer
        # Many laws: one walk over the folder, filtered here (git matching thousands of paths on every commit is
        # minutes over the whole history); a few: their paths.
        paths = ["jp/"] if len(wanted) > 50 else [f"jp/{law_id}.md" for law_id in sorted(wanted)]
        ranges = self._parts(since)
        with concurrent.futures.ThreadPoolExecutor(min(len(ranges), WALK_THREADS)) as pool:
            outs = list(pool.map(lambda span: self._walk(span, paths), ranges))
        found: dict[str, list[LawCommit]] = {}
        records = (r for out in outs for r in out.split("\x1e") if r.strip())
        for order, record in enumerate(records):
            commit, _, rest = record.partition("\n")
            source = _TRAILER.search(rest)
            for line in rest.splitlines():
                if not line.startswith(":"):
                    continue
                meta, _, path = line.partition("\t")
                m = _PATH.match(path.strip())
                fields = meta.split()
                if not m or m.group(1) not in wanted or len(fields) < 5 or fields[4] == "D":
                    continue
                found.setdefault(m.group(1), []).append(
                    LawCommit(commit.strip(), order, source.group(1) if source else "", fields[3])
                )
        return found

    def _by_trailer(self, wanted: set[str]) -> dict[str, list[LawCommit]] | None:
        """Each wanted law's commits as commits() gives them, read from each commit's Source-Id trailer and the
        blob its file has there and in the parent: about 3 s where the walk compares every commit's tree of 9,000
        files with its parent's (17 s on both cores for legalize-jp). None, for the walk to say, unless the trailers
        account for every change: the history a line of commits each with one Source-Id; each commit changing the
        file of the law it names; each law's file absent before its first commit, in each commit's parent as the
        commit before left it, and at head() as its last commit left it (so no other commit changed it, short of one
        change undone by another, both under other laws' names). A law whose file's blob the clone lacks (a partial
        copy) gets its blob ids from `git ls-tree`, unchecked: the import leaves it out."""
        out = str(
            self._git(
                "log", "--reverse", "--format=%x1e%H %P%x1f%(trailers:key=Source-Id,valueonly,separator=%x1d)", self.ref
            )
        )
        candidates: list[tuple[int, str, str, str, str]] = []  # order, commit, parent ("" for none), Source-Id, law
        order = 0
        for record in out.split("\x1e"):
            if not record.strip():
                continue
            head, _, trailer = record.partition("\x1f")
            commit, *parents = head.split()
            values = [v.strip() for v in trailer.split("\x1d") if v.strip()]
            if len(parents) > 1 or len(values) > 1:
                return None  # a merge, or a commit of two revisions: the walk reads it
            if not values:
                if not parents:
                    continue  # the repository's first commit, before any law (legalize-jp's README)
                return None
            source_id = values[0]
            law = source_id.split("_", 1)[0]
            if law in wanted:  # (a root commit's parent is none: no file before it)
                candidates.append((order, commit, parents[0] if parents else "", source_id, law))
            order += 1
        answers = self._check_lines([f"{c}:jp/{law}.md" for _o, c, _p, _s, law in candidates])
        parented = [(p, law) for _o, _c, p, _s, law in candidates if p]
        found_before = iter(self._check_lines([f"{p}:jp/{law}.md" for p, law in parented]))
        before = [next(found_before) if p else None for _o, _c, p, _s, _law in candidates]
        lacking: set[str] = set()
        found: dict[str, list[LawCommit]] = {}
        previous: dict[str, str] = {}  # law -> its file's blob after its last commit so far
        for (order, commit, _parent, source_id, law), now, then in zip(candidates, answers, before, strict=True):
            if now is None:  # no such file there (removed), or a blob the clone lacks
                listed = self._ls_tree(commit, f"jp/{law}.md")
                if listed is None:
                    return None  # a law's file removed: the walk says what to make of it
                lacking.add(law)
                now = listed
            if law not in lacking and (then != previous.get(law) or now == then):
                return None  # a change no trailer names, or a trailer that names no change
            previous[law] = now
            found.setdefault(law, []).append(LawCommit(commit, order, source_id, now))
        at_head = self._check_lines([f"{self.ref}:jp/{law}.md" for law in sorted(found)])
        if any(blob != previous[law] for law, blob in zip(sorted(found), at_head, strict=True) if law not in lacking):
            return None
        return found

    def _check_lines(self, names: list[str]) -> list[str | None]:
        """The object id each name (`<commit>:<path>`) resolves to, None where git answers missing."""
        if not names:
            return []
        out = str(self._git("cat-file", "--batch-check=%(objectname)", data=("\n".join(names) + "\n").encode()))
        lines = out.splitlines()
        if len(lines) != len(names):
            raise ImportFormatError(f"{self.path}: git cat-file answered {len(lines)} lines for {len(names)} names")
        return [None if line.endswith(" missing") else line.strip() for line in lines]

    def _ls_tree(self, commit: str, path: str) -> str | None:
        """The blob id at `path` in `commit`'s tree, whether or not the clone has the blob; None if no such file."""
        out = str(self._git("ls-tree", commit, "--", path)).split()
        return out[2] if len(out) >= 3 and out[1] == "blob" else None

    def _walk(self, span: str, paths: list[str]) -> str:
        """The commits of `span` that touch `paths`, oldest first, each with its message and the files it changed."""
        return str(
            self._git(
                "log", "--reverse", "--format=%x1e%H%n%B", "--raw", "--no-abbrev", "--no-renames", span, "--", *paths
            )
        )

    def _parts(self, since: str | None) -> list[str]:
        """The history to walk (after `since`, up to head()) as ranges, oldest first, that git walks two at a time:
        comparing every commit's tree with its parent's is most of an import's reading (24 s of legalize-jp's 49,703
        commits). A history with merges, or a short one, is walked whole: only a line of commits splits into parts
        whose walks, put end to end, list the commits as one walk does."""
        whole = self.ref if since is None else f"{since}..{self.ref}"
        merges = str(self._git("rev-list", "--min-parents=2", "--count", whole)).strip()
        listed = str(self._git("rev-list", "--first-parent", whole)).split()  # newest first
        if merges != "0" or len(listed) < SPLIT_WALK_FROM:
            return [whole]
        # (quarters on two cores: the commits' costs differ, and halves of equal length finished far apart)
        cuts = [listed[len(listed) * k // WALK_PARTS] for k in range(WALK_PARTS - 1, 0, -1)]  # oldest cut first
        starts = [since, *cuts]
        ends = [*cuts, self.ref]
        return [end if start is None else f"{start}..{end}" for start, end in zip(starts, ends, strict=True)]

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes | None]:
        """Each blob's bytes, or None where the clone does not have it, from one `git cat-file --batch` that stays
        open for the whole import (a process per law was a third of an import of 830 Acts)."""
        wanted = sorted(set(shas))
        if not wanted:
            return {}
        if self._batch is None:
            self._batch = subprocess.Popen(
                [*self._cmd, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        assert self._batch.stdin is not None and self._batch.stdout is not None
        found: dict[str, bytes | None] = {}
        for sha in wanted:  # one at a time: git answers each before it is asked the next, so no pipe fills up
            self._batch.stdin.write(sha.encode("ascii") + b"\n")
            self._batch.stdin.flush()
            line = self._batch.stdout.readline()
            header = line.decode("ascii", "replace").split()
            if len(header) == 2 and header[1] == "missing":
                found[sha] = None
                continue
            if len(header) != 3 or not header[2].isdigit():
                raise ImportFormatError(f"{self.path}: git cat-file answered {line[:80]!r}: check the clone (git fsck)")
            data = self._batch.stdout.read(int(header[2]) + 1)
            found[sha] = data[:-1]
        return found

    def sizes(self, shas: Iterable[str]) -> dict[str, int]:
        """Each blob's size, for those the clone has (nothing is read: one `git cat-file --batch-check` kept open)."""
        wanted = sorted(set(shas))
        if self._check is None:
            self._check = subprocess.Popen(
                [*self._cmd, "cat-file", "--batch-check"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        assert self._check.stdin is not None and self._check.stdout is not None
        found: dict[str, int] = {}
        for sha in wanted:
            self._check.stdin.write(sha.encode("ascii") + b"\n")
            self._check.stdin.flush()
            line = self._check.stdout.readline()
            header = line.decode("ascii", "replace").split()
            if len(header) == 2 and header[1] == "missing":
                continue
            if len(header) != 3 or not header[2].isdigit():
                raise ImportFormatError(f"{self.path}: git cat-file answered {line[:80]!r}: check the clone (git fsck)")
            found[sha] = int(header[2])
        return found

    def close(self) -> None:
        for process in (self._batch, self._check):
            if process is not None:
                if process.stdin is not None:
                    process.stdin.close()
                process.wait()
        self._batch = self._check = None
        self.repo.close()
