"""Japan: the Diet's record and e-Gov's laws.

Text formats: e-Gov law XML and its Japanese Law Translation (J-STATUTE), e-Gov law Markdown (legalize-jp).
Datasets: both Houses' bill tables (`diet`), a law's revisions (`lawhistory`); law numbers and e-Gov law ids
(`lawnum`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ByteFormat, Jurisdiction, XmlFormat

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def _is_law(root: Element) -> bool:
    return root.tag == "Law" and root.find("JoSection") is None  # <Law> with JoSection is law.go.kr's English


def _egov(root: Element, what: str) -> str:
    from . import egov

    return egov.to_text(root, what)


def _lawmd_sniff(data: bytes) -> bool:
    from . import lawmd

    return lawmd.looks_like_law_markdown(data)


def _lawmd(data: bytes, what: str) -> str:
    from . import lawmd

    return lawmd.to_text(data, what)


JURISDICTION = Jurisdiction(
    "JP",
    xml_formats=(
        XmlFormat("egov", lambda root, data: _is_law(root) and b"J-STATUTE" not in data[:500], _egov, "egov"),
        XmlFormat("jlt", lambda root, data: _is_law(root) and b"J-STATUTE" in data[:500], _egov, "egov"),
    ),
    byte_formats=(ByteFormat("lawmd", _lawmd_sniff, _lawmd),),
)
