"""compare.html: any two texts compared in the reader's browser, for a bill with more texts than the site
precomputes pairs of."""

from __future__ import annotations

from typing import TypedDict

from ...models import (
    Bill,
)
from ..render import (
    Page,
)
from .common import BillPages


class CompareContext(TypedDict):
    bill: Bill
    title: str
    pickers: dict[str, list[str]]
    precomputed: list[tuple[str, str, str]]
    names: dict[str, str]


def write(p: BillPages) -> None:
    p.write(
        Page(f"{p.base}/compare.html"),
        "compare.html",
        p.lang,
        CompareContext(bill=p.bill, title=p.title, pickers=p.pickers, precomputed=p.precomputed, names=p.names),
    )
