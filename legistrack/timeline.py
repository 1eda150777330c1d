"""A bill's timeline as terminal text: one block per stage with date, body, outcome, text status,
sources and disputed claims. Pure: returns lines; the CLI adds colour."""

from __future__ import annotations

from .dates import to_wareki
from .models import OUTCOMES, TEXT_NEW, TEXT_NOT_ON_FILE, TEXT_VERIFIED, Package

_STATUS = {
    "en": {TEXT_NEW: "new text", TEXT_VERIFIED: "same text (verified)", TEXT_NOT_ON_FILE: "text not on file"},
    "ja": {TEXT_NEW: "新しい本文", TEXT_VERIFIED: "本文変更なし（確認済み）", TEXT_NOT_ON_FILE: "本文未収録"},
}
_LABELS = {
    "en": {
        "source": "source",
        "claim": "claim",
        "record": "record",
        "vote": "vote",
        "for": "for",
        "against": "against",
        "document": "document",
        "in force": "in force",
        "outcome": "outcome",
        "due": "due",
    },
    "ja": {
        "source": "出典",
        "claim": "主張",
        "record": "記録",
        "vote": "採決",
        "for": "賛成",
        "against": "反対",
        "document": "文書",
        "in force": "施行",
        "outcome": "結果",
        "due": "施行予定",
    },
}


def render(package: Package, lang: str = "en") -> list[tuple[str, str]]:
    """(style, line) pairs; style is one of title, date, heading, dim, warn, plain."""
    bill = package.bill
    labels = _LABELS.get(lang, _LABELS["en"])
    status_words = _STATUS.get(lang, _STATUS["en"])
    out: list[tuple[str, str]] = []
    for _l, title in sorted(bill.title.items, key=lambda item: item[0] != lang):
        out.append(("title", title))
    ids = " · ".join(
        v for v in (bill.short_title.best(lang), bill.jurisdiction, *(v for _k, v in bill.identifiers)) if v
    )
    if ids:
        out.append(("dim", ids))
    for stage in bill.stages:
        out.append(("plain", ""))
        if stage.date is None:
            date = f"(no date; session {stage.session})" if lang != "ja" else f"（日付なし・第{stage.session}回国会）"
        else:
            date = stage.date.isoformat()
            if bill.japanese:
                date += f" ({to_wareki(stage.date)})"
        out.append(("date", f"{date}  {stage.id}" + (f"  {stage.body}" if stage.body else "")))
        out.append(("heading", f"  {stage.title.best(lang)}"))
        if stage.outcome:
            out.append(("plain", f"  {labels['outcome']}: {OUTCOMES[stage.outcome]}"))
        if stage.kind == "scheduled" and stage.summary:  # an amendment due: as of when, and what its day is
            out.append(("warn", f"  {labels['due']}: {stage.summary.best(lang)}"))
        if stage.vote:
            v = stage.vote
            if v.summary():
                out.append(("plain", f"  {labels['vote']}: {v.summary()}"))
            if v.parties_for:
                out.append(("plain", f"    {labels['for']}: {', '.join(v.parties_for)}"))
            if v.parties_against:
                out.append(("plain", f"    {labels['against']}: {', '.join(v.parties_against)}"))
        for provision in stage.provisions:
            out.append(("plain", f"  {labels['in force']}: {provision.best(lang)}"))
        for doc in stage.documents:
            title = doc.title.best(lang)
            out.append(("plain", f"  {labels['document']}: {title}" + (f" <{doc.url}>" if doc.url else "")))
        for version in package.versions(stage.id):
            words = status_words[version.status]
            detail = f" sha256:{version.sha256[:12]}" if version.sha256 else ""
            if version.status == TEXT_NOT_ON_FILE and version.url:
                detail += f" → {version.url}"
            out.append(("dim", f"  [{version.lang}] {words}{detail}"))
        for source in stage.sources:
            who = ", ".join(p for p in (source.publisher.best(lang), source.title.best(lang)) if p)
            out.append(("dim", f"  {labels['source']}: {source.url}" + (f" ({who})" if who else "")))
        for claim in stage.claims:
            who = ", ".join(
                p
                for p in (claim.source.publisher.best(lang), claim.source.date.isoformat() if claim.source.date else "")
                if p
            )
            style = "warn" if claim.verdict == "contradicted" else "dim"
            out.append((style, f"  {labels['claim']} ({claim.verdict}): “{claim.statement}” — {who}"))
            if claim.record:
                out.append((style, f"    {labels['record']}: {claim.record.best(lang)}"))
    return out
