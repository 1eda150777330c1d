"""Japan: the Diet's record and e-Gov's laws.

Text formats: e-Gov law XML and its Japanese Law Translation (J-STATUTE), e-Gov law Markdown (legalize-jp).
Datasets: both Houses' bill tables (`diet`), a law's revisions (`lawhistory`); law numbers and e-Gov law ids
(`lawnum`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import ByteFormat, Jurisdiction, SharedLists, XmlFormat

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from ...models import Bill


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


def _summary(bill: Bill, law_number: str) -> dict[str, Any]:
    from .diet.summary import summary_keys

    return summary_keys(bill, law_number)


def _lists(summaries: Sequence[Mapping[str, Any]]) -> SharedLists:
    from .diet.lists import DietLists

    return DietLists(summaries)


def _list_order(summary: Mapping[str, Any]) -> tuple[int, ...]:
    from .diet.lists import list_order

    return list_order(summary)


def _chamber(body: str) -> tuple[str, str]:
    from .diet.names import house_of

    return house_of(body)


def _committee(body: str) -> str:
    from .diet.names import committee_of

    return committee_of(body)


def _obliges_government(article_text: str) -> bool:
    from .obligations import obliges_government

    return obliges_government(article_text)


def _describe(bill: Bill) -> str:
    from .describe import describe_in_english

    return describe_in_english(bill)


JURISDICTION = Jurisdiction(
    "JP",
    xml_formats=(
        XmlFormat("egov", lambda root, data: _is_law(root) and b"J-STATUTE" not in data[:500], _egov, "egov"),
        XmlFormat("jlt", lambda root, data: _is_law(root) and b"J-STATUTE" in data[:500], _egov, "egov"),
    ),
    byte_formats=(ByteFormat("lawmd", _lawmd_sniff, _lawmd),),
    summary=_summary,
    lists=_lists,
    list_order=_list_order,
    chamber=_chamber,
    committee=_committee,
    describe=_describe,
    obliges_government=_obliges_government,
    templates=__name__,
    home_templates=("diet_home.html",),
    root_templates=("diet_root.html",),
)
