"""sources.html: every source once, with each stage it supports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

from ...models import (
    Bill,
)
from ..render import (
    Page,
)
from .common import BillPages, StageView, link_names


class SourcesContext(TypedDict):
    bill: Bill
    title: str
    stages: list[StageView]
    sources: list[dict[str, Any]]
    names: dict[str, str]


def grouped_sources(stages: Sequence[StageView]) -> list[dict[str, Any]]:
    """Every source once, in the order first cited, with each stage it supports and what it says there."""
    by_url: dict[str, dict[str, Any]] = {}
    for s in stages:
        for src in s["sources"]:
            entry = by_url.setdefault(src["url"], {"source": src, "uses": []})
            entry["uses"].append({"stage": s, "note": src["note"]})
    return list(by_url.values())


def write(p: BillPages) -> None:
    page = Page(f"{p.base}/sources.html")
    stages = [p.stage(s, page) for s in p.bill.stages]
    p.write(
        page,
        "sources.html",
        p.lang,
        SourcesContext(
            bill=p.bill, title=p.title, stages=stages, sources=grouped_sources(stages), names=link_names(stages)
        ),
    )
