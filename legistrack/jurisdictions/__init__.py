"""What a legislature plugs in: the formats its official texts come in (e-Gov law XML, USLM, law.go.kr ...), each
recognised from the bytes and read into a stage text. A new legislature is a folder beside jp/, us/ and kr/ whose
`__init__.py` names its formats, and its line in JURISDICTIONS; its datasets (the Diet's bill tables, a law's
revisions) are modules of that folder.

Each format's reader is imported when a text of that format is read: comparing two US bills loads no Japanese code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ..errors import ImportFormatError
from ..importers import Imported, looks_like_xml, parse_xml, plain
from ..textio import check_text
from ..vocab import FORMATS

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from ..models import Bill


class XmlFormat(NamedTuple):
    """A text format in XML: `name` (a key of vocab.FORMATS), whether a parsed document is one (`sniff`), and its
    reader (`read`: the document and the file's name -> the stage text). Formats of one `family` are read alike
    (e-Gov's XML and its translations), so asking for one and finding the other is no error."""

    name: str
    sniff: Callable[[Element, bytes], bool]
    read: Callable[[Element, str], str]
    family: str = ""


class ByteFormat(NamedTuple):
    """A text format recognised from its bytes before any parsing (a Markdown law file)."""

    name: str
    sniff: Callable[[bytes], bool]
    read: Callable[[bytes, str], str]


class SharedPage(NamedTuple):
    """A page every bill shares (a legislature's session list ...): its path under the interface language's folder,
    its template (in the legislature's templates/) and the template's context."""

    path: str
    template: str
    context: dict[str, Any]


class SharedLists(Protocol):
    """A legislature's bills among the summaries, as its shared pages list them."""

    def home(self) -> dict[str, Any]:
        """What the home pages say of them (the context of the legislature's home templates)."""
        ...

    def pages(self, lang: str) -> Iterator[SharedPage]:
        """Its shared pages in one interface language."""
        ...


class Jurisdiction(NamedTuple):
    code: str  # ISO 3166 country code, as a bill's `jurisdiction`
    xml_formats: tuple[XmlFormat, ...] = ()
    byte_formats: tuple[ByteFormat, ...] = ()
    # the keys of its bills' summaries it knows (views.SUMMARY_DEFAULTS): the bill and its law number -> the keys
    summary: Callable[[Bill, str], dict[str, Any]] | None = None
    # its shared pages, from every bill's summary; the order its bills are listed in (the finder's too)
    lists: Callable[[Sequence[Mapping[str, Any]]], SharedLists] | None = None
    list_order: Callable[[Mapping[str, Any]], tuple[int, ...]] | None = None
    # the chamber a stage's body names ("hr" and the rest, 内閣委員会, for 衆議院内閣委員会), and the committee it names
    chamber: Callable[[str], tuple[str, str]] | None = None
    committee: Callable[[str], str] | None = None
    # a plain English description of a bill with no official English title ("" when it has nothing to say)
    describe: Callable[[Bill], str] | None = None
    # whether an article of one of its laws (the article's text) obliges the government to act: the obligations
    # whose carrying out a law's page follows (implementation.py)
    obliges_government: Callable[[str], bool] | None = None
    # the package whose templates/ folder holds its pages' templates, and the parts of the home pages it adds
    templates: str = ""
    home_templates: tuple[str, ...] = ()  # on en/index.html and ja/index.html
    root_templates: tuple[str, ...] = ()  # on the site's index.html


def registry() -> tuple[Jurisdiction, ...]:
    """Every legislature legistrack knows, one line each."""
    return _registry()


def describe_in_english(bill: Bill) -> str:
    """What an English page says of a bill with no English title, from its legislature ("" if it knows nothing)."""
    for j in _registry():
        if j.code == bill.jurisdiction and j.describe is not None:
            return j.describe(bill)
    return ""


def obligation_test(bill: Bill) -> Callable[[str], bool] | None:
    """How the bill's legislature tells an article that obliges the government to act (None: it cannot)."""
    found = next((j for j in _registry() if j.code == bill.jurisdiction), None)
    return found.obliges_government if found is not None else None


def chamber(body: str) -> tuple[str, str]:
    """The chamber a stage's body names, as the legislature that knows the name reads it ("hr", "内閣委員会"), and
    the rest of the body; ("", body) when no legislature knows it."""
    for j in _registry():
        if j.chamber is not None and (found := j.chamber(body))[0]:
            return found
    return "", body


def committee(body: str) -> str:
    """The committee a stage's body names, in the legislature's own words; empty for a plenary or any other body."""
    for j in _registry():
        if j.committee is not None and (found := j.committee(body)):
            return found
    return ""


def list_order(summary: Mapping[str, Any]) -> tuple[int, ...]:
    """Where a bill's summary goes in a list of bills of every legislature (the finder)."""
    found = next((j for j in _registry() if j.code == summary["jurisdiction"]), None)
    return found.list_order(summary) if found is not None and found.list_order is not None else (0, 9, 0)


def _registry() -> tuple[Jurisdiction, ...]:
    from . import jp, kr, us

    return (jp.JURISDICTION, us.JURISDICTION, kr.JURISDICTION)


def summary_keys(bill: Bill, law_number: str) -> dict[str, Any]:
    """The keys the bill's legislature adds to its summary (views.bill_summary); none for a legislature without."""
    found = next((j for j in _registry() if j.code == bill.jurisdiction), None)
    return found.summary(bill, law_number) if found is not None and found.summary is not None else {}


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
        text, utf8 = plain.to_text_exact(data, what)
        return Imported(text, "plain", utf8)
    check_text(data, what)  # binary and non-UTF-8 files get the same message as plain text
    root = parse_xml(data, what)
    found = detect(root, data)
    asked = next((f for j in _registry() for f in j.xml_formats if f.name == fmt), None)
    if asked is not None and asked is not found and not (asked.family and asked.family == found.family):
        raise ImportFormatError(
            f"{what} is {FORMATS[found.name]}, not {FORMATS[fmt]}: use --format {found.name} or auto"
        )
    return Imported(found.read(root, what), found.name)


__all__ = [
    "ByteFormat",
    "Jurisdiction",
    "SharedLists",
    "SharedPage",
    "XmlFormat",
    "chamber",
    "committee",
    "detect",
    "import_text",
    "list_order",
    "registry",
    "summary_keys",
]
