"""Compare two files: import each (plain text or a supported XML format) and diff them.

Kept apart from ops.py so `legistrack diff OLD NEW` never loads git or the package machinery.
"""

from __future__ import annotations

from .diff.engine import diff_texts
from .diff.model import Diff
from .importers import import_text


def diff_files(old: tuple[bytes, str], new: tuple[bytes, str], raw: bool = False) -> Diff:
    """Diff two files given as (bytes, name), their formats detected automatically."""
    texts = [import_text(data, name).text for data, name in (old, new)]
    return diff_texts(texts[0], texts[1], old[1], new[1], raw=raw)
