"""What every text format shares, below the legislatures that use them: a stage text and the format it was read
from, XML parsed safely, and plain text. The formats of a legislature (e-Gov, USLM, law.go.kr ...) are in
jurisdictions/, whose `import_text` detects the format from the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ImportFormatError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


@dataclass(frozen=True, slots=True)
class Imported:
    """A stage text and the format it was read from."""

    text: str
    format: str


def parse_xml(data: bytes, what: str) -> Element:
    """Parse XML safely with defusedxml: no entity expansion, no external references, no entity declarations."""
    from xml.etree.ElementTree import ParseError  # XML's modules only for XML: a plain text's diff needs none

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root: Element = fromstring(data.removeprefix(b"\xef\xbb\xbf"), forbid_dtd=False)
        return root
    except ParseError as exc:
        raise ImportFormatError(
            f"{what} is not well-formed XML ({exc}): fix it or import it as --format plain"
        ) from None
    except DefusedXmlException as exc:
        raise ImportFormatError(
            f"{what}: refused unsafe XML ({exc.__class__.__name__}): remove entity declarations"
        ) from None


def looks_like_xml(data: bytes) -> bool:
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:200]
    return head.startswith(b"<?xml") or (head.startswith(b"<") and not head.startswith(b"<!--") and b">" in head)
