"""Plain text: UTF-8, normalised (LF line endings, no BOM, one final newline)."""

from __future__ import annotations

from ..textio import decode_text


def to_text(data: bytes, what: str) -> str:
    """Validate and normalise a plain-text stage text."""
    return decode_text(data, what)
