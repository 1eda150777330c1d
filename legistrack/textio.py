"""Turn bytes from a file or stdin into a stage text, refusing what is not text.

A stage text is UTF-8 with LF line endings, no BOM, and one final newline, so the same words always
give the same git blob.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import TextError

# Unicode category Cc is U+0000–001F and U+007F–009F; tab and newline are text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])  # in UTF-8 these bytes are only ever themselves
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080-009F in UTF-8 (other C2 xx are § ¶ NBSP ...)


def decode_text(data: bytes, what: str) -> str:
    """Decode and normalise a stage text; raise TextError if it is empty, binary or not UTF-8."""
    text = check_text(data, what)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))  # 5x faster than re.sub over lines
    return text.strip("\n") + "\n"


def check_text(data: bytes, what: str) -> str:
    """Decode bytes as UTF-8 text with LF line endings; raise TextError if they are empty, binary or not UTF-8.

    What importers of XML need: the same checks and messages as a stage text, without its normalisation.
    """
    if b"\x00" in data:
        raise TextError(f"{what} is binary (it contains NUL bytes): give a UTF-8 text or a supported XML file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextError(
            f"{what} is not UTF-8 (bad byte at offset {exc.start}): convert it, e.g. iconv -f SHIFT_JIS -t UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # The regex finds the culprit; two C-level byte scans skip it for the texts (nearly all) that have none:
    # C1 controls (U+0080-009F) are encoded as C2 80-9F.
    suspect = len(data.translate(None, _C0_BYTES)) != len(data) or _C1_UTF8.search(data) is not None
    if suspect and (bad := _CONTROL.search(text)):
        raise TextError(
            f"{what} contains the control character U+{ord(bad.group()):04X}: remove it; is this a binary file?"
        )
    if not text.strip():
        raise TextError(
            f"{what} is empty: give a file with the text (for a stage without one: --same-text or --not-on-file URL)"
        )
    return text


def check_line(value: str, what: str, error: type[Exception] = TextError) -> str:
    """Return a one-line field (title, body, URL ...) stripped; refuse newlines and control characters."""
    value = value.strip()
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise error(f"{what} must be one line without control characters: {value[:60]!r}")
    return value
