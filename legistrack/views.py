"""Models to the plain records everyone reads: `stage list --json`, `timeline.json`, the feeds and the pages.

One function per record. `stage_record` is the contract documented in the README (its fields are relied on by
other tools): the site's `timeline.json` holds exactly these records, and the templates start from them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from .dates import to_wareki
from .models import STAGE_KINDS, Bill, Localized, Package, Stage

TIMELINE_SCHEMA = "legistrack.timeline/1"


def jsonable(value: Any) -> Any:
    """Models as JSON-ready values: dates as ISO strings, Localized as {lang: text}, dataclasses as dicts."""
    if isinstance(value, Localized):
        return value.as_dict()
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def kind_description(kind: str) -> dict[str, str]:
    en, ja = STAGE_KINDS[kind]
    return {"en": en, "ja": ja}


def bill_record(bill: Bill) -> dict[str, Any]:
    """The bill's own facts (no stages)."""
    return {
        "id": bill.id,
        "title": bill.title.as_dict(),
        "short_title": bill.short_title,
        "jurisdiction": bill.jurisdiction,
        "languages": list(bill.languages),
        "timezone": bill.timezone,
        "identifiers": dict(bill.identifiers),
    }


def stage_record(
    package: Package, stage: Stage, commit: str = "", tag: str = "", in_store: bool = False, text: bool = False
) -> dict[str, Any]:
    """One stage: every fact, the status of its text in each language, where it is in the store (and the text)."""
    data: dict[str, Any] = {"bill": package.bill.id, **jsonable(stage)}
    data["date_ja"] = to_wareki(stage.date) if stage.date else None
    data["kind_description"] = kind_description(stage.kind)
    texts = {}
    for v in package.versions(stage.id):
        ref = stage.text(v.lang)
        texts[v.lang] = {
            "status": v.status,
            "sha256": v.sha256,
            "from_stage": v.origin_stage,
            "reason": v.reason,
            "url": v.url,
            "origin": ref.origin if ref else "",
        }
        if text:
            texts[v.lang]["text"] = v.text
    data["texts"] = texts
    data["tag"] = tag or f"{package.bill.id}/{stage.id}"
    data["commit"] = commit
    data["in_store"] = in_store
    return data


def stage_records(package: Package, commits: Mapping[str, str], in_store: Mapping[str, bool]) -> list[dict[str, Any]]:
    """Every stage of a bill, in procedural order."""
    return [
        stage_record(package, s, commits.get(s.id, ""), in_store=in_store.get(s.id, False)) for s in package.bill.stages
    ]


def timeline_record(package: Package, commits: Mapping[str, str]) -> dict[str, Any]:
    """`<bill>/timeline.json`: the bill, and its stages exactly as `stage list --json` gives them from the store."""
    return {
        "schema": TIMELINE_SCHEMA,
        "bill": bill_record(package.bill),
        "stages": stage_records(package, commits, {s: True for s in commits}),
    }
