"""Compare two files: import each (plain text or a supported XML format) and diff them.

Kept apart from ops.py so `legistrack diff OLD NEW` never loads git or the package machinery.
"""

from __future__ import annotations

from .diff.engine import diff_texts
from .diff.model import Diff
from .importers import import_text
from .textio import read_input


def diff_files(old: str, new: str, raw: bool = False) -> Diff:
    """Diff two files given by path, their formats detected automatically."""
    texts = []
    for name in (old, new):
        texts.append(import_text(read_input(name), name).text)
    return diff_texts(texts[0], texts[1], old, new, raw=raw)
