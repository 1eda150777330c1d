"""Domain errors. The CLI turns each into a one-line message and a non-zero exit.

Every message names the problem and, where there is one, the fix.
"""

from __future__ import annotations

import errno

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
