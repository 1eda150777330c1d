"""Turn real formats into stage texts: e-Gov law XML, Japanese Law Translation XML, USLM, Korea's law.go.kr XML, e-Gov
law Markdown, plain text.

`import_text` detects the format from the bytes; each importer keeps the structure a reader and the
diff engine need (編/章/節, 条 with its caption, 項, 号, 附則; titles, sections, subsections) as lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ImportFormatError
from ..textio import check_text
from ..vocab import FORMATS as FORMATS
from . import lawmd, plain

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# USLM's namespaces: GPO's bills, and its 2.0 documents (the Public Laws and the Statutes at Large among them)
USLM_NAMESPACES = ("http://schemas.gpo.gov/xml/uslm", "http://schemas.gpo.gov/xml/uslm/2.0")


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


def detect(root: Element, data: bytes) -> str:
    tag = root.tag
    if tag == "법령" or (tag == "Law" and root.find("JoSection") is not None):  # law.go.kr: Korean, or its English
        return "moleg"
    if tag == "Law":
        return "jlt" if b"J-STATUTE" in data[:500] else "egov"
    if tag.startswith("{") and tag[1:].split("}", 1)[0] in USLM_NAMESPACES:
        return "uslm"
    name = tag.split("}")[-1]
    raise ImportFormatError(
        f"unsupported XML format (root element <{name}>): supported are "
        f"{', '.join(FORMATS[f] for f in ('egov', 'jlt', 'uslm', 'moleg'))}; or pass a plain-text file"
    )


def import_text(data: bytes, what: str, fmt: str = "auto") -> Imported:
    """Read a stage text from bytes in `fmt` (or the detected format)."""
    if fmt not in ("auto", *FORMATS):
        raise ImportFormatError(f"unknown format {fmt!r}: use auto, {', '.join(FORMATS)}")
    if fmt == "lawmd" or (fmt == "auto" and lawmd.looks_like_law_markdown(data)):
        return Imported(lawmd.to_text(data, what), "lawmd")
    if fmt == "plain" or (fmt == "auto" and not looks_like_xml(data)):
        return Imported(plain.to_text(data, what), "plain")
    check_text(data, what)  # binary and non-UTF-8 files get the same message as plain text
    root = parse_xml(data, what)
    found = detect(root, data)
    if fmt != "auto" and fmt != found and {fmt, found} != {"egov", "jlt"}:
        raise ImportFormatError(f"{what} is {FORMATS[found]}, not {FORMATS[fmt]}: use --format {found} or auto")
    if found in ("egov", "jlt"):
        from . import egov  # only for Japanese law XML: a US bill's diff does not load it

        return Imported(egov.to_text(root, what), found)
    if found == "moleg":
        from . import moleg

        return Imported(moleg.to_text(root, what), found)
    from . import uslm

    return Imported(uslm.to_text(root, what), "uslm")
