"""A law at work: the articles that events under it carry out, and which of its obligations have been acted on.

A stage of a law at work (a body set up, a plan adopted: vocab.AT_WORK_KINDS) names the articles it carries out
as the law cites them (`implements = ["第十八条"]`). This module reads those names against the law's texts: an
article is cited by its label, and one in supplementary provisions after them (附則第二条); a Japanese law's
articles that oblige the government to act come from its legislature (jurisdictions.obligation_test). Pure: it
reads a package and returns models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .diff.model import Unit
from .diff.structure import split_units
from .errors import ManifestError, known_ids
from .jurisdictions import obligation_test
from .models import Package, Stage


def citation(unit: Unit) -> str:
    """How a law cites one of its articles: 第十八条; 附則第二条 for one of its supplementary provisions (no space
    in Japanese, one in other languages: Supplementary Provisions Article 2)."""
    if unit.scope == "main" or len(unit.path) < 2:
        return unit.label
    head = unit.path[0]
    joiner = "" if head[-1:] > "\u2e7f" else " "
    return f"{head}{joiner}{unit.label}"


def citation_key(name: str) -> str:
    """A citation as compared: without spaces (附則 第二条 and 附則第二条 are one article)."""
    return "".join(name.split())


def _carries_out(stage: Stage, key: str) -> bool:
    """Whether the stage names the article whose citation key is `key`."""
    return any(citation_key(n) == key for n in stage.implements)


@dataclass(frozen=True)
class Article:
    """One article of a law's text: how it is cited, its unit id in that text, and its text."""

    citation: str
    unit_id: str
    text: str


def articles(text: str) -> list[Article]:
    """The articles of a text, in order (a heading, a preamble or a table of contents is none)."""
    return [Article(citation(u), u.id, u.text) for u in split_units(text) if u.kind == "article"]


def latest_text(package: Package) -> tuple[str, str] | None:
    """The language and text of the package's last text on file, in its first language that has one: the law as
    it now reads."""
    bill = package.bill
    for language in bill.languages:
        for stage in reversed(bill.stages):
            version = next((v for v in package.versions(stage.id) if v.lang == language), None)
            if version is not None and version.text is not None:
                return language, version.text
    return None


def _cited(package: Package) -> dict[str, tuple[str, Article]]:
    """Every article any text of the package has, by its plain citation: (language, article) where last seen."""
    found: dict[str, tuple[str, Article]] = {}
    for (_stage, lang), text in package.texts.items():
        for article in articles(text):
            found.setdefault(citation_key(article.citation), (lang, article))
    return found


def check(package: Package) -> None:
    """Refuse a stage that names an article no text of its law has (when the law has a text on file to look in):
    a reader following 第九十九条 would find nothing."""
    naming = [s for s in package.bill.stages if s.implements]
    if not naming or not package.texts:
        return
    cited = _cited(package)
    for stage in naming:
        for name in stage.implements:
            if citation_key(name) not in cited:
                known = known_ids(name, sorted({a.citation for _, a in cited.values()}), "article")
                raise ManifestError(
                    f"bill {package.bill.id} stage {stage.id}: implements {name}, which no text of the law has: "
                    f"write it as the law cites it; {known}"
                )


@dataclass(frozen=True)
class Obligation:
    """An article the law's events carry out, or that obliges the government to act, with what is on record."""

    citation: str
    unit_id: str  # in the law's latest text ("" when only an event names it and no text has it)
    lang: str  # the language of that text
    events: tuple[Stage, ...]  # dated stages of a law at work that carry it out, in order
    standing: tuple[Stage, ...]  # undated standing obligations (kind obligation) that name it

    @property
    def status(self) -> str:
        """acted-on (an event on record), standing (an open obligation with no day), open (nothing on record)."""
        if self.events:
            return "acted-on"
        return "standing" if self.standing else "open"


def carried_out(package: Package) -> list[Obligation]:
    """The law's obligations on the government and every article an event names, in the order of the law's latest
    text, each with the events that carried it out: what the key facts call "carried out so far"."""
    naming = [s for s in package.bill.stages if s.implements]
    latest = latest_text(package)
    test = obligation_test(package.bill)
    if not naming and (latest is None or test is None):
        return []
    lang, text = latest if latest is not None else ("", "")
    rows: list[tuple[str, str]] = []  # (citation, unit id) in the text's order
    named = {citation_key(n) for s in naming for n in s.implements}
    seen: set[str] = set()
    for article in articles(text):
        plain = citation_key(article.citation)
        if plain in seen:
            continue  # a consolidated law's second 附則第一条: its events name the first
        if plain in named or (test is not None and test(article.text)):
            rows.append((article.citation, article.unit_id))
            seen.add(plain)
    for stage in naming:  # an article an event names that the latest text no longer has (or no text is on file)
        for name in stage.implements:
            if citation_key(name) not in seen:
                rows.append((name, ""))
                seen.add(citation_key(name))
    return [
        Obligation(
            citation=name,
            unit_id=unit_id,
            lang=lang if unit_id else "",
            events=_naming(naming, name, dated=True),
            standing=_naming(naming, name, dated=False),
        )
        for name, unit_id in rows
    ]


def _naming(stages: Iterable[Stage], name: str, dated: bool) -> tuple[Stage, ...]:
    key = citation_key(name)
    return tuple(s for s in stages if (s.date is not None) == dated and _carries_out(s, key))


def events_by_unit(package: Package, lang: str) -> dict[str, tuple[Stage, ...]]:
    """For an article's history page in `lang`: the stages that carry out each unit of the law's texts in that
    language, by unit id as the texts write it."""
    naming = [s for s in package.bill.stages if s.implements]
    if not naming:
        return {}
    out: dict[str, tuple[Stage, ...]] = {}
    for (_stage, text_lang), text in package.texts.items():
        if text_lang != lang:
            continue
        for article in articles(text):
            key = citation_key(article.citation)
            stages = tuple(s for s in naming if _carries_out(s, key))
            if stages:
                out.setdefault(article.unit_id, stages)
    return out
