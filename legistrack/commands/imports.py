"""`legistrack import FILE`: an official file (e-Gov or JLT law XML, USLM, plain text) as a stage text."""

from __future__ import annotations

from ..importers import Imported, import_text


def import_file(data: bytes, name: str, fmt: str = "auto") -> Imported:
    """Convert a file in a supported format into a stage text."""
    return import_text(data, name, fmt)
