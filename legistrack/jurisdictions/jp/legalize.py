"""A law's revisions as a repository of laws in legalize-jp's shape gives them, made into a law history (pure).

Input: the law's commits (store/laws.py: commit, Source-Id trailer, the blob of `jp/<law id>.md`) and the blobs'
bytes. Upstream's commit order is not date order, so the revisions are put in order by the day their Source-Id
gives, the commit order deciding between revisions of one day. A law's first commit is `[bootstrap]`: its text when
the data begins, not its promulgation (lawhistory says so on the stage). Two revisions of one day can be committed in
the wrong order, so that the second undoes the first: a revision that undoes nine tenths of the text lines the
revision before it on its day changed is marked (Revision.undoes, `undone`) and shown as a warning, never as an
amendment.

The revisions then go through the law-history reader (lawhistory.read_history) as a versions.tsv and its files would,
so both imports check and build a law alike.
"""

from __future__ import annotations

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
        m = lawhistory.SOURCE_ID.match(c.source_id)
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


# The share of an earlier same-day revision's changed lines a revision must undo to be read as undoing it.
REVERTED = 0.9


def undone(revisions: Sequence[lawhistory.Revision]) -> dict[str, str]:
    """Commit -> the Source-Id of the revision just before it, on the same day, whose change it undoes: of the lines
    of the law's text that revision added or removed, at least nine tenths are removed or back again (刑法 on
    2017-07-13: 法律第72号 replaced 強姦 by 強制性交等 in nine places, and the commit after it, of the same day,
    puts 強姦 back in all nine)."""
    out: dict[str, str] = {}
    for before, first, second in zip(revisions, revisions[1:], revisions[2:], strict=False):
        if first.date != second.date:
            continue
        lines = [set(r.text.splitlines()) for r in (before, first, second)]
        added, removed = lines[1] - lines[0], lines[0] - lines[1]
        if not added and not removed:
            continue
        undone_lines = (added - lines[2]) | (removed & lines[2])
        if len(undone_lines) >= REVERTED * len(added | removed):
            out[second.commit] = first.source_id
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
        # (no SHA-256 to check: git gave these bytes by their blob ids; lawhistory records each file's)
        lines.append(f"{c.commit}\t{date}\t{c.source_id}\t{name}\t")
    files["versions.tsv"] = ("\n".join(lines) + "\n").encode()
    history = lawhistory.read_history(folder, files)
    marks = undone(history.revisions)
    revisions = tuple(replace(r, undoes=marks.get(r.commit, "")) for r in history.revisions)
    return replace(history, revisions=revisions)
