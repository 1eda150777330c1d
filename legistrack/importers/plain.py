"""Plain text: UTF-8, normalised (LF line endings, no BOM, one final newline)."""

from __future__ import annotations

from ..textio import decode_text, decode_text_exact


def to_text(data: bytes, what: str) -> str:
    """Validate and normalise a plain-text stage text."""
    return decode_text(data, what)


def to_text_exact(data: bytes, what: str) -> tuple[str, bytes | None]:
    """to_text's text, and its UTF-8 where that is the bytes as they are (textio.decode_text_exact)."""
    return decode_text_exact(data, what)
