"""Korea: laws in law.go.kr's XML (the Korean consolidated text, and its English reference)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import Jurisdiction, XmlFormat

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def _is_moleg(root: Element, _data: bytes) -> bool:
    """`<법령>`, or `<Law>` with the English reference's sections."""
    return root.tag == "법령" or (root.tag == "Law" and root.find("JoSection") is not None)


def _moleg(root: Element, what: str) -> str:
    from . import moleg

    return moleg.to_text(root, what)


JURISDICTION = Jurisdiction("KR", xml_formats=(XmlFormat("moleg", _is_moleg, _moleg),))
