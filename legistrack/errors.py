"""Domain errors. The CLI turns each into a one-line message and a non-zero exit.

Every message names the problem and, where there is one, the fix.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence

# What an interrupted command (Ctrl-C) prints: every write is journaled or swapped in whole.
INTERRUPTED = "Interrupted: bills/ and the store are as they were before this command."


def os_message(exc: OSError, default: str = "check the disk and retry") -> str:
    """An OSError as `<file>: <what>; <how to fix it>`, the fix chosen by what went wrong."""
    hint = {
        errno.ENOSPC: "free some disk space and retry",
        errno.EDQUOT: "free some of your disk quota and retry",
        errno.EACCES: "check the folder's permissions",
        errno.EPERM: "check the folder's permissions",
        errno.EROFS: "the disk is read-only: use a writable copy",
        errno.ENAMETOOLONG: "a file name made from the data is too long: report it, with the command, as a bug",
        errno.ENOENT: "check the path (a folder may have been moved or deleted meanwhile)",
    }.get(exc.errno or 0, default)
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}; {hint}"


def known_ids(wanted: str, known: Sequence[str], what: str, limit: int = 6) -> str:
    """What an error for an unknown id says of the ids there are: all of them when they are few, else the few
    closest to the one asked for (a mistyped id among the Diet's 20,000 bills names three, not all)."""
    if not known:
        return f"there are no {what}s yet"
    if len(known) <= limit:
        return f"its {what}s: {', '.join(known)}" if what == "stage" else f"known {what}s: {', '.join(known)}"
    folded = {k.casefold(): k for k in known}
    close = [folded[wanted.casefold()]] if wanted.casefold() in folded else []
    import difflib  # only when an id is not found

    close += [k for k in difflib.get_close_matches(wanted, known, n=limit, cutoff=0.6) if k not in close]
    if close:
        return f"did you mean {', '.join(close[:limit])}? ({len(known)} {what}s in all)"
    return f"none of the {len(known)} {what}s is close to {wanted!r}"


class LegistrackError(Exception):
    """Base class for every error legistrack reports to a user."""


class InvalidDate(LegistrackError):
    """A date that is impossible, ambiguous or in no accepted form."""


class InvalidId(LegistrackError):
    """A bill or stage id that is malformed or tries to escape its directory."""


class ManifestError(LegistrackError):
    """A bill package whose manifest or files are malformed or incomplete."""


class UnknownBill(LegistrackError):
    """No bill package with that id."""


class UnknownStage(LegistrackError):
    """No stage with that id in the bill."""


class DuplicateStage(LegistrackError):
    """A stage id that is already used."""


class DuplicateClaim(LegistrackError):
    """A claim (same statement, same source) that the stage already records."""


class OrderError(LegistrackError):
    """A stage whose date is out of procedural order."""


class TextError(LegistrackError):
    """Stage text that is empty, not UTF-8, or binary."""


class ImportFormatError(LegistrackError):
    """A file that no importer can read."""


class StoreError(LegistrackError):
    """The git store is missing, not a repository, dirty, or inconsistent."""


class BusyError(LegistrackError):
    """Another legistrack process holds the write lock."""


class JournalError(LegistrackError):
    """A journal that recovery cannot trust, or cannot apply without destroying a later change."""


class WriteError(LegistrackError):
    """A write that the system refused (disk full, permissions); rolled back."""


class BuildError(LegistrackError):
    """A site build that cannot run or finish (output folder, search indexer)."""


class ServeError(LegistrackError):
    """The preview server cannot listen (its port in use)."""
