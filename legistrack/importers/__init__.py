"""What every text format shares, below the legislatures that use them: a stage text and the format it was read
from, XML parsed safely, and plain text. The formats of a legislature (e-Gov, USLM, law.go.kr ...) are in
jurisdictions/, whose `import_text` detects the format from the bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..errors import ImportFormatError
from ..patterns import Pattern

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


class Imported(NamedTuple):
    """A stage text and the format it was read from; `utf8`: the text's UTF-8 where it is the bytes read as they are
    (textio.decode_text_exact), whose SHA-256 is then the text's."""

    text: str
    format: str
    utf8: bytes | None = None


# An XML declaration's encoding, where one is given
_ENCODING = Pattern(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ASCII_SUPERSETS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}


def _no_entities(data: bytes) -> bool:
    """Whether a document can declare no entity: its bytes read as ASCII (UTF-8 or ASCII, by its declaration or
    for want of one) and hold no <!ENTITY. Such a document has only XML's five entities and character references,
    and ElementTree reads no external DTD: the C parser is as safe on it as defusedxml, and twice as fast."""
    head = data[:200]
    if not head.startswith(b"<"):
        return False  # another encoding (UTF-16 ...), or text before the root: defusedxml reads it
    m = _ENCODING.match(head)
    if m is not None and m.group(1).lower() not in _ASCII_SUPERSETS:
        return False
    return b"<!ENTITY" not in data


def parse_xml(data: bytes, what: str) -> Element:
    """Parse XML safely: no entity expansion, no external references, no entity declarations. A document that cannot
    declare an entity is read by ElementTree's C parser; any other by defusedxml, which refuses the declarations."""
    from xml.etree.ElementTree import ParseError  # XML's modules only for XML: a plain text's diff needs none

    data = data.removeprefix(b"\xef\xbb\xbf")
    if _no_entities(data):
        from xml.etree.ElementTree import fromstring as plain_fromstring

        try:
            return plain_fromstring(data)
        except ParseError as exc:
            raise ImportFormatError(
                f"{what} is not well-formed XML ({exc}): fix it or import it as --format plain"
            ) from None

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root: Element = fromstring(data, forbid_dtd=False)
        return root
    except ParseError as exc:
        raise ImportFormatError(
            f"{what} is not well-formed XML ({exc}): fix it or import it as --format plain"
        ) from None
    except DefusedXmlException as exc:
        raise ImportFormatError(
            f"{what}: refused unsafe XML ({exc.__class__.__name__}): remove entity declarations"
        ) from None
    except ValueError as exc:  # expat: "multi-byte encodings are not supported" (Shift_JIS, EUC-JP ...)
        raise ImportFormatError(f"{what}: cannot read its encoding ({exc}): convert it to UTF-8") from None


def looks_like_xml(data: bytes) -> bool:
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:200]
    return head.startswith(b"<?xml") or (head.startswith(b"<") and not head.startswith(b"<!--") and b">" in head)
