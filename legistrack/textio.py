"""Turn bytes from a file or stdin into a stage text, refusing what is not text.

A stage text is UTF-8 with LF line endings, no BOM, and one final newline, so the same words always
give the same git blob.
"""

from __future__ import annotations

import unicodedata

from .errors import TextError

_ALLOWED_CONTROLS = {"\n", "\t"}


def decode_text(data: bytes, what: str) -> str:
    """Decode and normalise a stage text; raise TextError if it is empty, binary or not UTF-8."""
    if b"\x00" in data:
        raise TextError(f"{what} is binary (it contains NUL bytes): give a UTF-8 text or a supported XML file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextError(
            f"{what} is not UTF-8 (bad byte at offset {exc.start}): convert it, e.g. iconv -f SHIFT_JIS -t UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = next((ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS), None)
    if bad is not None:
        raise TextError(f"{what} contains the control character U+{ord(bad):04X}: remove it; is this a binary file?")
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise TextError(f"{what} is empty: give the stage's text, or use --same-text / --not-on-file URL")
    return text + "\n"


def check_line(value: str, what: str, error: type[Exception] = TextError) -> str:
    """Return a one-line field (title, body, URL ...) stripped; refuse newlines and control characters."""
    value = value.strip()
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise error(f"{what} must be one line without control characters: {value[:60]!r}")
    return value
