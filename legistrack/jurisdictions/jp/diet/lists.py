"""The Diet's pages every bill shares: its bills session by session, by outcome and by committee, and what the home
page says of them. Made from the bills' summaries (views.bill_summary) alone, so an incremental build makes them
again without reading the bills that did not change. Pure data: site/shared.py renders each page with its template,
from this folder's templates/."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypedDict

from ....textio import file_stem
from ... import SharedPage

KIND_ORDER = {"閣法": 0, "衆法": 1, "参法": 2}
OUTCOME_PAGES = ("enacted", "amended", "lapsed", "withdrawn", "rejected")


class ListRow(TypedDict):
    summary: dict[str, Any]
    label: str
    outcome: str
    committees: list[tuple[str, str]]  # (house, name), each once: the same name in both Houses is two committees
    amended: list[str]  # the Houses that amended the bill (in that session, on a session's page): hr, hc
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


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\?#%:*"<>|]')  # not in a file name or a relative URL's path


def committee_slug(house: str, name: str) -> str:
    """The file name (without .html) of a committee's page: its name, with what a path or a URL cannot hold
    replaced, bounded in length (a name of any length from the tables still gives a page)."""
    return file_stem(f"committee-{house}-{_UNSAFE.sub('-', name.replace(' ', ''))}")


def list_order(summary: Mapping[str, Any]) -> tuple[int, int, int]:
    """Newest session first, then 閣法, 衆法, 参法, then by number."""
    return (-(summary["session"] or 0), KIND_ORDER.get(summary["kind"], 9), summary["number"] or 0)


def _row(summary: Mapping[str, Any], lang: str, session: int | None = None) -> ListRow:
    at = summary["by_session"].get(str(session)) if session is not None else None
    if at is not None:
        outcome = at["outcome"] if summary["status"]["session"] != session else status_code(summary)
        committees = [(house, name) for house, name in at["committees"]]
        first, last = at["first"], at["last"]
    else:
        outcome = status_code(summary)
        committees = [(c["house"], c["name"]) for c in summary["committees"]]
        first, last = summary["submitted"], summary["last"]
    houses = {a["house"] for a in summary["amended"] if session is None or a.get("session") == session}
    return ListRow(
        summary=dict(summary),
        label=number_label(summary, lang),
        outcome=outcome,
        committees=list(dict.fromkeys(committees)),
        amended=[h for h in ("hr", "hc") if h in houses],
        first=first,
        last=last,
    )


def _enacted_in(summary: Mapping[str, Any]) -> set[int]:
    status = summary["status"]
    return {status["session"]} if status["session"] is not None else set()


class DietLists:
    """The Diet's bills among the summaries, grouped by session and by committee."""

    def __init__(self, summaries: Sequence[Mapping[str, Any]]) -> None:
        self.bills = sorted((s for s in summaries if s["kind"]), key=lambda s: (list_order(s), s["id"]))
        self.sessions: dict[int, list[Mapping[str, Any]]] = {}
        self.committees: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
        for summary in self.bills:
            for session in summary["sessions"]:
                self.sessions.setdefault(session, []).append(summary)
        for summary in self.bills:
            for c in summary["committees"]:
                bills = self.committees.setdefault((c["house"], c["name"]), [])
                if summary not in bills:
                    bills.append(summary)
        self.counts = {outcome: sum(1 for s in self.bills if in_outcome(s, outcome)) for outcome in OUTCOME_PAGES}

    def home(self) -> dict[str, Any]:
        """What the home pages say of the Diet (templates diet_home.html and diet_root.html)."""
        return {
            "diet": len(self.bills),
            "sessions": sorted(self.sessions, reverse=True)[:12],
            "session_count": len(self.sessions),
            "counts": self.counts,
            "committee_count": len(self.committees),
        }

    def pages(self, lang: str) -> Iterator[SharedPage]:
        """The Diet's pages in one interface language: sessions, each session, each outcome, committees, each."""
        if not self.bills:
            return
        yield SharedPage("diet/sessions.html", "sessions.html", {"sessions": self._index(), "counts": self.counts})
        for n, bills in self.sessions.items():
            rows = [_row(b, lang, n) for b in bills]
            new = sum(1 for b in bills if b["session"] == n)
            yield SharedPage(f"diet/session-{n}.html", "session.html", {"session": n, "rows": rows, "new": new})
        for outcome in OUTCOME_PAGES:
            groups: dict[int, list[ListRow]] = {}
            for b in self.bills:
                if in_outcome(b, outcome):
                    groups.setdefault(b["session"] or 0, []).append(_row(b, lang))
            context = {
                "outcome": outcome,
                "groups": sorted(groups.items(), reverse=True),
                "total": self.counts[outcome],
            }
            yield SharedPage(f"diet/{outcome}.html", "outcome.html", context)
        listing = [
            {
                "house": house,
                "name": name,
                "slug": committee_slug(house, name),
                "bills": len(bills),
                "amended": sum(1 for b in bills if any(a["house"] == house for a in b["amended"])),
                "enacted": sum(1 for b in bills if enacted(b)),
            }
            for (house, name), bills in sorted(self.committees.items())
        ]
        yield SharedPage("diet/committees.html", "committees.html", {"committees": listing})
        for (house, name), bills in self.committees.items():
            rows = [_row(b, lang) for b in sorted(bills, key=list_order)]
            context = {"house": house, "name": name, "rows": rows}
            yield SharedPage(f"diet/{committee_slug(house, name)}.html", "committee.html", context)

    def _index(self) -> list[dict[str, Any]]:
        return [
            {
                "session": n,
                "bills": len(bills),
                "enacted": sum(1 for b in bills if enacted(b) and n in _enacted_in(b)),
                "first": min(b["by_session"].get(str(n), {}).get("first") or "9999" for b in bills),
                "kinds": {k: sum(1 for b in bills if b["kind"] == k and b["session"] == n) for k in KIND_ORDER},
            }
            for n, bills in sorted(self.sessions.items(), reverse=True)
        ]
