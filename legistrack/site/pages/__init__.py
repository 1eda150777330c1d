"""One module per page kind of a bill. Each has a `write` that renders its pages for one interface language from
the bill's model (site.model) through the page writer (site.render.page_writer); `write_bill` writes them all, and
`data.bill_data` the files the languages share. A new page kind is a module here, a template, and a line below."""

from __future__ import annotations

from typing import Any

from ..model import BillModel
from . import article, compare, diff, sources, timeline, version
from .common import BillPages


def write_bill(model: BillModel, lang: str, write: Any, cross: dict[str, Any] | None = None) -> None:
    """Every page of one bill in one interface language; `cross` is its links to other bills (views.cross_links)."""
    p = BillPages.of(model, lang, write)
    timeline.write(p, cross)
    if p.needs_compare:
        compare.write(p)
    sources.write(p)
    for text_lang, known in model.known.items():
        if model.compact:
            # a law archived through every revision: its latest text and each revision's diff, once, in the folder
            # of the texts' language (the pages in the other language link there); no page per article
            if lang == model.pages_lang(text_lang, lang):
                version.write(p, text_lang, known[-1], {}, cross)
                for (d_lang, a, b), d in model.diffs.items():
                    if d_lang == text_lang:
                        diff.write(p, text_lang, a, b, d)
            continue
        histories, links = article.histories(model, text_lang)
        for k in known:
            version.write(p, text_lang, k, links, cross)
        for (d_lang, a, b), d in model.diffs.items():
            if d_lang == text_lang:
                diff.write(p, text_lang, a, b, d)
        for history in histories:
            article.write(p, text_lang, history)
