"""legistrack: legislative timelines and version tracking in a git-backed store.

For scripts that compare many texts in one process, the diff engine is a function call away:

    >>> import legistrack
    >>> diff = legistrack.diff_files("old.xml", "new.xml")   # doctest: +SKIP
    >>> diff.stats.modified, [c.new.label for c in diff.units if c.changed and c.new]   # doctest: +SKIP

`diff_files` reads plain text or any XML format `legistrack import` reads; `diff_texts` takes two strings. Both
return a `legistrack.diff.model.Diff`; `Diff.to_json()` is the `legistrack.diff/1` document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.2.0"
__all__ = ["diff_files", "diff_texts"]

if TYPE_CHECKING:
    from .diff.model import Diff


def diff_files(old: str, new: str, raw: bool = False) -> Diff:
    """Diff two files (plain text or supported XML), article by article."""
    from .commands.diff import diff_files as run

    return run(old, new, raw)


def diff_texts(old: str, new: str, old_label: str = "old", new_label: str = "new", raw: bool = False) -> Diff:
    """Diff two texts, article by article."""
    from .diff.engine import diff_texts as run

    return run(old, new, old_label, new_label, raw)
