"""What a legislature plugs in: the formats its official texts come in (e-Gov law XML, USLM, law.go.kr ...), each
recognised from the bytes and read into a stage text. A new legislature is a folder beside jp/, us/ and kr/ whose
`__init__.py` names its formats, and its line in JURISDICTIONS; its datasets (the Diet's bill tables, a law's
revisions) are modules of that folder.

Each format's reader is imported when a text of that format is read: comparing two US bills loads no Japanese code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ImportFormatError
from ..importers import Imported, looks_like_xml, parse_xml, plain
from ..textio import check_text
from ..vocab import FORMATS

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


@dataclass(frozen=True)
class XmlFormat:
    """A text format in XML: `name` (a key of vocab.FORMATS), whether a parsed document is one (`sniff`), and its
    reader (`read`: the document and the file's name -> the stage text). Formats of one `family` are read alike
    (e-Gov's XML and its translations), so asking for one and finding the other is no error."""

    name: str
    sniff: Callable[[Element, bytes], bool]
    read: Callable[[Element, str], str]
    family: str = ""


@dataclass(frozen=True)
class ByteFormat:
    """A text format recognised from its bytes before any parsing (a Markdown law file)."""

    name: str
    sniff: Callable[[bytes], bool]
    read: Callable[[bytes, str], str]


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # ISO 3166 country code, as a bill's `jurisdiction`
    xml_formats: tuple[XmlFormat, ...] = ()
    byte_formats: tuple[ByteFormat, ...] = ()


def _registry() -> tuple[Jurisdiction, ...]:
    from . import jp, kr, us

    return (jp.JURISDICTION, us.JURISDICTION, kr.JURISDICTION)


def detect(root: Element, data: bytes) -> XmlFormat:
    """The XML format of a parsed document, or an ImportFormatError naming the formats there are."""
    formats = [f for j in _registry() for f in j.xml_formats]
    for candidate in formats:
        if candidate.sniff(root, data):
            return candidate
    name = root.tag.split("}")[-1]
    raise ImportFormatError(
        f"unsupported XML format (root element <{name}>): supported are "
        f"{', '.join(FORMATS[f.name] for f in formats)}; or pass a plain-text file"
    )


def import_text(data: bytes, what: str, fmt: str = "auto") -> Imported:
    """Read a stage text from bytes in `fmt` (or the detected format)."""
    if fmt not in ("auto", *FORMATS):
        raise ImportFormatError(f"unknown format {fmt!r}: use auto, {', '.join(FORMATS)}")
    for byte_format in (f for j in _registry() for f in j.byte_formats):
        if fmt == byte_format.name or (fmt == "auto" and byte_format.sniff(data)):
            return Imported(byte_format.read(data, what), byte_format.name)
    if fmt == "plain" or (fmt == "auto" and not looks_like_xml(data)):
        return Imported(plain.to_text(data, what), "plain")
    check_text(data, what)  # binary and non-UTF-8 files get the same message as plain text
    root = parse_xml(data, what)
    found = detect(root, data)
    asked = next((f for j in _registry() for f in j.xml_formats if f.name == fmt), None)
    if asked is not None and asked is not found and not (asked.family and asked.family == found.family):
        raise ImportFormatError(
            f"{what} is {FORMATS[found.name]}, not {FORMATS[fmt]}: use --format {found.name} or auto"
        )
    return Imported(found.read(root, what), found.name)


__all__ = ["ByteFormat", "Jurisdiction", "XmlFormat", "detect", "import_text"]
