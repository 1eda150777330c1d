"""Plain text: UTF-8, normalised (LF line endings, no BOM, one final newline)."""

from __future__ import annotations

from ..textio import decode_text_exact


def to_text_exact(data: bytes, what: str) -> tuple[str, bytes | None]:
    """Validate and normalise a plain-text stage text; with it, its UTF-8 where that is the bytes as they are
    (textio.decode_text_exact)."""
    return decode_text_exact(data, what)
