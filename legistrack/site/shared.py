"""The pages every bill shares: home, search, the Diet by session, by outcome and by committee, and the finder.

They are rendered from the bills' summaries (views.bill_summary) alone, so an incremental build renders them
again without reading the bills that did not change. The finder (`assets/finder.js`) is what the search page reads to
find a bill by its number (閣法29, 217-29, 第217回国会閣法第29号), its title or its law number without a full-text
index: five thousand bills in one small file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict

from .render import Page, environment, file_stem, page_writer
from .strings import LANGS, PROCEDURE

KIND_ORDER = {"閣法": 0, "衆法": 1, "参法": 2}
OUTCOME_PAGES = ("enacted", "amended", "lapsed", "withdrawn", "rejected")
HOUSE_NAMES = {"hr": ("衆議院", "House of Representatives"), "hc": ("参議院", "House of Councillors")}


class ListRow(TypedDict):
    summary: dict[str, Any]
    label: str
    outcome: str
    committees: list[str]
    first: str | None
    last: str | None


def status_code(summary: Mapping[str, Any]) -> str:
    return str(summary["status"]["code"])


def enacted(summary: Mapping[str, Any]) -> bool:
    return status_code(summary) in ("enacted", "promulgated", "signed", "in-force", "as-amended", "repealed")


def in_outcome(summary: Mapping[str, Any], outcome: str) -> bool:
    if outcome == "enacted":
        return enacted(summary)
    if outcome == "amended":
        return bool(summary["amended"])
    return status_code(summary) == outcome


def number_label(summary: Mapping[str, Any], lang: str) -> str:
    """閣法第29号 (the number within its session), or the bill's short title for a bill that is not a Diet bill."""
    if summary["kind"]:
        return f"{summary['kind']}第{summary['number']}号"
    return str((summary["short_title_ja"] if lang == "ja" else summary["short_title"]) or summary["id"])


def committee_slug(house: str, name: str) -> str:
    """The file name (without .html) of a committee's page: its name, with what a path or a URL cannot hold
    replaced, bounded in length (a name of any length from the tables still gives a page)."""
    return file_stem(f"committee-{house}-{_UNSAFE.sub('-', name.replace(' ', ''))}")


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\?#%:*"<>|]')  # not in a file name or a relative URL's path


def _row(summary: Mapping[str, Any], lang: str, session: int | None = None) -> ListRow:
    at = summary["by_session"].get(str(session)) if session is not None else None
    if at is not None:
        outcome = at["outcome"] if summary["status"]["session"] != session else status_code(summary)
        committees, first, last = at["committees"], at["first"], at["last"]
    else:
        outcome = status_code(summary)
        committees = [c["name"] for c in summary["committees"]]
        first, last = summary["submitted"], summary["last"]
    return ListRow(
        summary=dict(summary),
        label=number_label(summary, lang),
        outcome=outcome,
        committees=committees,
        first=first,
        last=last,
    )


def _sort_key(summary: Mapping[str, Any]) -> tuple[int, int, int]:
    return (-(summary["session"] or 0), KIND_ORDER.get(summary["kind"], 9), summary["number"] or 0)


def render_shared(summaries: Sequence[Mapping[str, Any]], out: Path, generated: dt.datetime) -> list[str]:
    """Write the assets and every shared page under `out`; return the paths written."""
    env = environment()
    written: list[str] = []
    ordered = sorted(summaries, key=lambda s: (_sort_key(s), s["id"]))
    curated = sorted((s for s in summaries if s["curated"]), key=lambda s: s["id"])
    # laws followed through their revisions by an import: few, and each a reader may come for (not the Diet's bills)
    laws = sorted((s for s in summaries if not s["curated"] and s["is_law"]), key=lambda s: s["id"])
    diet = [s for s in ordered if s["kind"]]

    write = page_writer(env, out, generated, written, status_code=status_code)

    static = resources.files("legistrack.site") / "static"
    (out / "assets").mkdir(parents=True, exist_ok=True)
    for name in ("style.css", "site.js"):
        (out / "assets" / name).write_bytes((static / name).read_bytes())
        written.append(f"assets/{name}")
    sessions: dict[int, list[Mapping[str, Any]]] = {}
    for summary in diet:
        for session in summary["sessions"]:
            sessions.setdefault(session, []).append(summary)
    committees: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for summary in diet:
        for c in summary["committees"]:
            committees.setdefault((c["house"], c["name"]), [])
            if summary not in committees[(c["house"], c["name"])]:
                committees[(c["house"], c["name"])].append(summary)
    counts = {outcome: sum(1 for s in diet if in_outcome(s, outcome)) for outcome in OUTCOME_PAGES}
    home = {
        "curated": curated,
        "laws": laws,
        "diet": len(diet),
        "sessions": sorted(sessions, reverse=True)[:12],
        "session_count": len(sessions),
        "counts": counts,
        "committee_count": len(committees),
    }
    write(Page("index.html"), "root.html", "en", home)
    for lang in LANGS:
        write(Page(f"{lang}/index.html"), "home.html", lang, {**home, "procedure": PROCEDURE[lang]})
        write(Page(f"{lang}/search.html"), "search.html", lang, {})
        if not diet:
            continue
        index = [
            {
                "session": n,
                "bills": len(bills),
                "enacted": sum(1 for b in bills if enacted(b) and n in _enacted_in(b)),
                "first": min(b["by_session"].get(str(n), {}).get("first") or "9999" for b in bills),
                "kinds": {k: sum(1 for b in bills if b["kind"] == k and b["session"] == n) for k in KIND_ORDER},
            }
            for n, bills in sorted(sessions.items(), reverse=True)
        ]
        write(Page(f"{lang}/diet/sessions.html"), "sessions.html", lang, {"sessions": index, "counts": counts})
        for n, bills in sessions.items():
            rows = [_row(b, lang, n) for b in bills]
            write(
                Page(f"{lang}/diet/session-{n}.html"),
                "session.html",
                lang,
                {"session": n, "rows": rows, "new": sum(1 for b in bills if b["session"] == n)},
            )
        for outcome in OUTCOME_PAGES:
            groups: dict[int, list[ListRow]] = {}
            for b in diet:
                if in_outcome(b, outcome):
                    groups.setdefault(b["session"] or 0, []).append(_row(b, lang))
            write(
                Page(f"{lang}/diet/{outcome}.html"),
                "outcome.html",
                lang,
                {"outcome": outcome, "groups": sorted(groups.items(), reverse=True), "total": counts[outcome]},
            )
        listing = [
            {
                "house": house,
                "name": name,
                "slug": committee_slug(house, name),
                "bills": len(bills),
                "amended": sum(1 for b in bills if any(a["house"] == house for a in b["amended"])),
                "enacted": sum(1 for b in bills if enacted(b)),
            }
            for (house, name), bills in sorted(committees.items())
        ]
        write(Page(f"{lang}/diet/committees.html"), "committees.html", lang, {"committees": listing})
        for (house, name), bills in committees.items():
            rows = [_row(b, lang) for b in sorted(bills, key=_sort_key)]
            write(
                Page(f"{lang}/diet/{committee_slug(house, name)}.html"),
                "committee.html",
                lang,
                {"house": house, "name": name, "rows": rows},
            )
    finder = [
        [
            s["id"],
            s["title"].get("ja") or next(iter(s["title"].values()), ""),
            s["title"].get("en", ""),
            s["diet_bill"],
            s["kind"],
            s["session"],
            s["number"],
            s["law_number"],
            status_code(s),
            " ".join(dict.fromkeys(t for t in (s["short_title"], s["short_title_ja"]) if t)),
        ]
        for s in ordered
    ]
    data = {
        "schema": "legistrack.finder/1",
        "columns": [
            "id",
            "title_ja",
            "title_en",
            "diet_bill",
            "kind",
            "session",
            "number",
            "law_number",
            "status",
            "short_title",
        ],
        "bills": finder,
    }
    # A script, not a JSON file: the search page reads it from file:// too, where a browser refuses fetch().
    (out / "assets" / "finder.js").write_text(
        "window.LEGISTRACK_FINDER = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n",
        encoding="utf-8",
    )
    written.append("assets/finder.js")
    return written


def _enacted_in(summary: Mapping[str, Any]) -> set[int]:
    status = summary["status"]
    return {status["session"]} if status["session"] is not None else set()


__all__ = ["committee_slug", "number_label", "render_shared"]
