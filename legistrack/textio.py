"""Turn bytes from a file or stdin into a stage text, refusing what is not text.

A stage text is UTF-8 with LF line endings, no BOM, and one final newline, so the same words always
give the same git blob.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from typing import Any

from .errors import TextError
from .patterns import Pattern

# Unicode category Cc is U+0000–001F and U+007F–009F; tab and newline are text.
_CC = "\x00-\x1f\x7f-\x9f"
# Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069): in a title they make text render in
# another order than it is stored ("gnp.exe" shown as "exe.png"). Legal text needs none of them; the marks
# U+200E/200F, which only set a direction, stay allowed.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = Pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])  # in UTF-8 these bytes are only ever themselves
_C0_EACH = tuple(bytes((b,)) for b in _C0_BYTES)
_C1_UTF8 = Pattern(rb"\xc2[\x80-\x9f]")  # U+0080-009F in UTF-8 (other C2 xx are § ¶ NBSP ...)
_CONTROL_ANY = Pattern(f"[{_CC}]")
_SPACE = Pattern(r"\s")


def decode_text(data: bytes, what: str) -> str:
    """Decode and normalise a stage text; raise TextError if it is empty, binary or not UTF-8."""
    return decode_text_exact(data, what)[0]


def decode_text_exact(data: bytes, what: str) -> tuple[str, bytes | None]:
    """decode_text's text, and its UTF-8 where that is the bytes read as they are (or a slice of them: the blank
    lines at either end that normalising drops are a byte each), so that the SHA-256 of those bytes is the text's
    without a second encoding of a long text; None where anything else was normalised (a BOM, CR, a space at a
    line's end, no final newline)."""
    text = check_text(data, what)
    exact = not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    # (a tab is rare: looked for before the two-character search that a text full of spaces makes slow)
    if " \n" in text or ("\t" in text and "\t\n" in text) or text.endswith((" ", "\t")):
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))  # 5x faster than re.sub over lines
        exact = False
    if text[:1] != "\n" and text[-1:] == "\n" and text[-2:] != "\n\n":  # most texts: as they are, not copied
        return text, data if exact else None
    lead = 0
    while text[lead] == "\n":  # (check_text refused a text of line breaks alone)
        lead += 1
    trail = 0
    while text[-1 - trail] == "\n":
        trail += 1
    normalised = text[lead : len(text) - trail] + "\n"
    return normalised, data[lead : len(data) - trail + 1] if exact and trail else None


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
    text = text.removeprefix("\ufeff")
    if "\r" in text:  # rare: the replacements copy the whole text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The regex finds the culprit; C-level byte scans skip it for the texts (nearly all) that have none: a search
    # for each C0 control byte (memchr, vectorised: 30 of them cost a third of one pass of bytes.translate, which a
    # 7 MB pair of laws spent 84 M instructions on), and C1 controls (U+0080-009F, encoded C2 80-9F) looked for only
    # where a C2 byte is (a Japanese text has none).
    suspect = any(map(data.__contains__, _C0_EACH)) or (b"\xc2" in data and _C1_UTF8.search(data) is not None)
    if suspect and (bad := _CONTROL.search(text)):
        raise TextError(
            f"{what} contains the control character U+{ord(bad.group()):04X}: remove it; is this a binary file?"
        )
    if not text.strip():
        raise TextError(
            f"{what} is empty: give a file with the text (for a stage without one: --same-text or --not-on-file URL)"
        )
    return text


_BIDI_CONTROLS = Pattern(f"[{_BIDI}]")


def check_bidi(value: str, what: str, error: type[Exception] = TextError) -> str:
    """Refuse the bidirectional controls that reorder what a reader sees."""
    if bad := _BIDI_CONTROLS.search(value):
        raise error(
            f"{what} contains the bidirectional control U+{ord(bad.group()):04X}, which reorders the text on "
            "screen: remove it"
        )
    return value


# The longest one-line field a real package has is under 1,100 characters (a reason, a source's note).
MAX_LINE = 4096


# What a one-line field may not hold, in one class: a field with none of it (nearly every one of the million a
# whole-Diet import checks) is scanned once, not once for controls and again for bidirectional controls.
_NOT_IN_LINE = Pattern(f"[{_CC}{_BIDI}]")


def check_line(value: str, what: str, error: type[Exception] = TextError) -> str:
    """Return a one-line field (title, body, URL ...) stripped; refuse newlines, control characters and a line
    longer than MAX_LINE characters."""
    value = value.strip()
    refused = _NOT_IN_LINE.search(value) is not None
    if refused and _CONTROL_ANY.search(value):  # Unicode category Cc, newlines included
        raise error(f"{what} must be one line without control characters: {value[:60]!r}")
    if len(value) > MAX_LINE:
        raise error(
            f"{what} is {len(value):,} characters long, over the {MAX_LINE:,} a one-line field may hold: "
            f"shorten it ({value[:40]!r}…)"
        )
    return check_bidi(value, what, error) if refused else value


# The largest input legistrack reads as one text: the biggest real law in our data is 0.55 MB of XML, and a
# consolidated code runs to a few MB; a stream without end (/dev/zero, a pipe left open) must stop somewhere.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_input(name: str, what: str | None = None, stdin: Any = None) -> bytes:
    """Read a user-supplied text file (or `-`, standard input) with a bound; refuse what is not a regular file.

    A symbolic link is refused (its target may be anything on the machine, and the bytes land in bills/);
    devices, FIFOs and directories are refused before a byte is read; stdin is read up to MAX_INPUT_BYTES.
    """
    label = what or name
    limit = MAX_INPUT_BYTES
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data: bytes = stream.read(limit + 1)
        if len(data) > limit:
            raise TextError(f"standard input is larger than {limit // 2**20} MB: give a smaller text")
        return data
    try:
        info = os.lstat(name)
    except FileNotFoundError:
        raise TextError(f"{label} does not exist: check the path") from None
    except OSError as exc:
        raise TextError(f"{label} cannot be read ({exc.strerror}): check the path and its permissions") from None
    if stat.S_ISLNK(info.st_mode):
        raise TextError(f"{label} is a symbolic link: give the file it points to, not the link")
    if stat.S_ISDIR(info.st_mode):
        raise TextError(f"{label} is a directory: give a text or XML file")
    if not stat.S_ISREG(info.st_mode):
        raise TextError(f"{label} is not a regular file (a device, pipe or socket): give a text or XML file")
    if info.st_size > limit:
        raise TextError(
            f"{label} is {info.st_size / 2**20:.0f} MB, over the {limit // 2**20} MB limit: give a smaller text"
        )
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise TextError(f"{label} cannot be read ({exc.strerror}): check the path and its permissions") from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):  # swapped for something else between the two looks
            raise TextError(f"{label} is not a regular file: give a text or XML file")
        # As much as the file holds and one byte more: asked for the limit, read() sets aside 64 MB for every
        # file (a third of reading a small bill). A file that grew is read on, to the limit.
        data = handle.read(min(opened.st_size, limit) + 1)
        if len(data) > opened.st_size:
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TextError(f"{label} grew past the {limit // 2**20} MB limit while it was read: give a smaller text")
    return data


def check_url(value: str, what: str, error: type[Exception] = TextError) -> str:
    """Return an http(s) URL; refuse any other scheme (a javascript: or file: link never reaches bills/)."""
    if not value.startswith(("https://", "http://")) or _SPACE.search(value):
        raise error(f"{what} {value!r} is not an http(s) URL: give the address of the page, starting https://")
    return value


def sha256_text(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes, hex: how legistrack names a text everywhere (store, diffs, pages)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    """sha256_text of the text whose UTF-8 `data` is (decode_text_exact gives a text's where it has them)."""
    return hashlib.sha256(data).hexdigest()


MAX_NAME_BYTES = 200  # a file name is at most 255 bytes on every common file system: the stem, ".html" and room


def file_stem(stem: str) -> str:
    """`stem` as the name of a file: itself when it fits (MAX_NAME_BYTES of UTF-8), else its start and a digest of
    the whole, so that a name from the data (a committee's, a unit's place) of any length gives a file that can be
    written, and always the same one."""
    if len(stem.encode()) <= MAX_NAME_BYTES:
        return stem
    digest = hashlib.sha256(stem.encode()).hexdigest()[:12]
    head = stem.encode()[: MAX_NAME_BYTES - len(digest) - 1].decode("utf-8", "ignore").rstrip("-")
    return f"{head}-{digest}"
