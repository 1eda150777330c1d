"""A law's revisions as a repository of laws in legalize-jp's shape gives them, made into a law history (pure).

Input: the law's commits (store/laws.py: commit, Source-Id trailer, the blob of `jp/<law id>.md`) and the blobs'
bytes. Upstream's commit order is not date order, so the revisions are put in order by the day their Source-Id
gives, the commit order deciding between revisions of one day. A law's first commit is `[bootstrap]`: its text when
the data begins, not its promulgation (lawhistory says so on the stage). Two revisions of one day can be committed in
the wrong order, so that the second undoes the first: a revision whose file is byte for byte the file before an
earlier revision of its day is marked (Revision.undoes) and shown as a warning, never as an amendment.

The revisions then go through the law-history reader (lawhistory.read_history) as a versions.tsv and its files would,
so both imports check and build a law alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ...errors import ImportFormatError
from . import lawhistory

DATASET = "legalize-jp"


@dataclass(frozen=True)
class LawCommit:
    """One commit of one law's file: the commit, its place in the repository's history (0 = oldest), its Source-Id
    trailer, and the blob of the file it wrote."""

    commit: str
    order: int
    source_id: str
    blob: str


def ordered(law_id: str, commits: Sequence[LawCommit]) -> list[LawCommit]:
    """The law's commits in the order of their days (Source-Id), then of the repository; each checked."""
    for c in commits:
        m = lawhistory._SOURCE_ID.match(c.source_id)
        if not m:
            raise ImportFormatError(
                f"{DATASET} commit {c.commit[:12]} changes jp/{law_id}.md without a Source-Id trailer of the form "
                "<law id>_<YYYYMMDD>_<amending law id>: is this a clone of legalize-jp?"
            )
        if m.group(1) != law_id:
            raise ImportFormatError(
                f"{DATASET} commit {c.commit[:12]}: Source-Id {c.source_id} names another law than jp/{law_id}.md"
            )
    return sorted(commits, key=lambda c: (c.source_id.split("_")[1], c.order))


def undone(commits: Sequence[LawCommit]) -> dict[str, str]:
    """Commit -> the Source-Id of the earlier revision of the same day it undoes: its file is the file before that
    revision (in `ordered` order)."""
    out: dict[str, str] = {}
    for i, c in enumerate(commits):
        day = c.source_id.split("_")[1]
        for j in range(i - 1, 0, -1):
            if commits[j].source_id.split("_")[1] != day:
                break
            if commits[j - 1].blob == c.blob and commits[j].blob != c.blob:
                out[c.commit] = commits[j].source_id
                break
    return out


def read_history(law_id: str, commits: Sequence[LawCommit], blobs: Mapping[str, bytes]) -> lawhistory.History:
    """The law's history from its commits, in order (`ordered`), with the revisions that undo another marked."""
    folder = f"{DATASET} jp/{law_id}.md"
    lines = ["commit\tdate\tsource_id\tfile\tsha256"]
    files: dict[str, bytes] = {}
    for c in commits:
        data = blobs[c.blob]
        day = c.source_id.split("_")[1]
        name = f"{day}-{c.commit[:12]}.md"
        files[name] = data
        date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        lines.append(f"{c.commit}\t{date}\t{c.source_id}\t{name}\t{hashlib.sha256(data).hexdigest()}")
    files["versions.tsv"] = ("\n".join(lines) + "\n").encode()
    history = lawhistory.read_history(folder, files)
    marks = undone(commits)
    revisions = tuple(replace(r, undoes=marks.get(r.commit, "")) for r in history.revisions)
    return replace(history, revisions=revisions)
