"""The United States: Congress's bills and Public Laws in USLM XML (GPO)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import Jurisdiction, XmlFormat

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# USLM's namespaces: GPO's bills, and its 2.0 documents (the Public Laws and the Statutes at Large among them)
USLM_NAMESPACES = ("http://schemas.gpo.gov/xml/uslm", "http://schemas.gpo.gov/xml/uslm/2.0")


def _is_uslm(root: Element, _data: bytes) -> bool:
    return root.tag.startswith("{") and root.tag[1:].split("}", 1)[0] in USLM_NAMESPACES


def _uslm(root: Element, what: str) -> str:
    from . import uslm

    return uslm.to_text(root, what)


JURISDICTION = Jurisdiction("US", xml_formats=(XmlFormat("uslm", _is_uslm, _uslm),))
