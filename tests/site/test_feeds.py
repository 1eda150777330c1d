"""The site-wide feeds (feed.atom, feed.json at the site's root) and the AI Act at work, read from the bundled site:
every change across every bill and law, newest first, each entry linking its stage and its diff where it has one;
the Atom feeds validated against RFC 4287 (tests/support/atom.rnc, with jing)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = Path(__file__).parent.parent / "support" / "atom.rnc"
AI = "jp-ai-promotion-act"


def _resolves(site: Path, base: Path, href: str) -> bool:
    """A relative link of a feed or page: its file exists, and its #fragment is an id of that page."""
    path, _, fragment = href.partition("#")
    target = (base / path).resolve() if path else base
    if not target.is_file():
        return False
    return not fragment or f'id="{fragment}"' in target.read_text(encoding="utf-8")


def _prose_rules(feed: ET.Element) -> None:
    """What RFC 4287 says in prose: a feed names an author (or each entry does), each entry without content has an
    alternate link, and no two alternate links of an entry share a type and language; ids are unique."""
    entries = feed.findall(f"{ATOM}entry")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None or all(e.find(f"{ATOM}author") for e in entries)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for e in entries:
        alternates = [
            (a.get("type"), a.get("hreflang")) for a in e.findall(f"{ATOM}link") if a.get("rel") == "alternate"
        ]
        assert e.find(f"{ATOM}content") is not None or alternates
        assert len(set(alternates)) == len(alternates)


def test_the_site_feeds_validate_as_atom(built_site: Path) -> None:
    feeds = [built_site / "feed.atom", *sorted(built_site.glob("*/feed.atom"))]
    assert len(feeds) >= 6  # the site's, and one per bill
    jing = shutil.which("jing")
    if jing is None and os.environ.get("CI") != "true":
        pytest.skip("jing (Debian package jing) is not installed")
    assert jing is not None, "CI installs jing (.ci/run)"
    result = subprocess.run([jing, "-c", str(SCHEMA), *map(str, feeds)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in feeds:
        _prose_rules(ET.parse(path).getroot())
    broken = built_site / "broken.atom"  # the schema refuses what is not Atom: a date without its time
    broken.write_text(
        (built_site / "feed.atom").read_text(encoding="utf-8").replace("T00:00:00Z</updated>", "</updated>", 1),
        encoding="utf-8",
    )
    refused = subprocess.run([jing, "-c", str(SCHEMA), str(broken)], capture_output=True, text=True)
    broken.unlink()
    assert refused.returncode != 0 and "updated" in refused.stdout


def test_the_site_feed_lists_what_changed_newest_first(built_site: Path) -> None:
    feed = ET.parse(built_site / "feed.atom").getroot()
    entries = feed.findall(f"{ATOM}entry")
    days = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert days == sorted(days, reverse=True) and feed.findtext(f"{ATOM}updated") == days[0]
    bills = {(e.findtext(f"{ATOM}id") or "").split(":")[2] for e in entries}
    assert {AI, "jp-appi", "us-hr2157-116"} <= bills  # every bill and law
    for e in entries:
        for link in e.findall(f"{ATOM}link"):
            assert _resolves(built_site, built_site, link.get("href", "")), link.get("href")
    by_id = {e.findtext(f"{ATOM}id"): e for e in entries}
    plan = by_id[f"urn:legistrack:{AI}:13-plan-adopted"]
    assert (
        plan.findtext(f"{ATOM}title")
        == "AI Promotion Act: The Cabinet decides the first AI Basic Plan (人工知能基本計画)"
    )
    assert [link.get("rel") for link in plan.findall(f"{ATOM}link")] == ["alternate"]  # the text did not change
    amended = next(e for e in entries if ":jp-appi:" in (e.findtext(f"{ATOM}id") or ""))
    diff = [link.get("href") for link in amended.findall(f"{ATOM}link") if link.get("rel") == "related"]
    assert diff and re.fullmatch(r"en/jp-appi/diff/\d+-amended\.\.\d+-amended\.ja\.html", diff[0] or "")
    # the same entries as a JSON Feed (https://jsonfeed.org/version/1.1)
    data = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1" and data["title"]
    assert [item["id"] for item in data["items"]] == list(by_id)
    for item in data["items"]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", item["date_published"])
        assert _resolves(built_site, built_site, item["url"])
        assert "external_url" not in item or _resolves(built_site, built_site, item["external_url"])
    home = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" href="../feed.atom"' in home and 'href="../feed.json"' in home


def test_the_ai_act_at_work_on_its_pages(built_site: Path) -> None:
    for lang in ("en", "ja"):
        timeline = (built_site / lang / AI / "index.html").read_text(encoding="utf-8")
        at_work = re.findall(r'<li class="stage kind-([a-z-]+) at-work" id="stage-([^"]+)"', timeline)
        assert [sid for _, sid in at_work] == [
            "07a-body-meeting",
            "09a-body-established",
            "10-body-meeting",
            "11-consultation",
            "12-guideline-adopted",
            "13-plan-adopted",
            "14-obligation",
        ]
        assert timeline.count('<li class="at-work" data-x=') == 6  # on the axis; no day for the standing obligation
        sources = (built_site / lang / AI / "sources.html").read_text(encoding="utf-8")
        assert ("Leads not confirmed" if lang == "en" else "確認できなかった情報") in sources
        assert "戦略専門調査会" in sources and "cao.go.jp/press/new_wave/20251003.html" in sources
    en = (built_site / "en" / AI / "index.html").read_text(encoding="utf-8")
    assert "No date: a standing obligation" in en
    assert "3 of 13 acted on; 1 standing; 9 with no event on record" in en
    assert "December 24, 2025" in en and 'class="claim verdict-contradicted"' in en
    # the act at work keeps the law's text: no text page, no diff, no "unchanged" row in each article's history
    assert not (built_site / "en" / AI / "text" / "13-plan-adopted.ja.html").exists()
    article = (built_site / "en" / AI / "article" / "ja" / "u-第三章-第十八条.html").read_text(encoding="utf-8")
    assert 'href="../../index.html#stage-13-plan-adopted"' in article
    assert "https://www.cao.go.jp/press/new_wave/20260206.html" in article
    assert article.count('<li class="history-') == 1  # in force from 2025-09-01, never changed since


def test_a_bill_feed_entry_says_its_title_once(built_site: Path) -> None:
    """An entry's summary is the stage's own summary where it has one; a stage without one is its title alone (the
    summary repeated the title: a fifth of the Diet's feeds)."""
    feed = ET.parse(built_site / AI / "feed.atom").getroot()
    entries = feed.findall(f"{ATOM}entry")
    summaries = [e.findtext(f"{ATOM}summary") for e in entries]
    assert any(summaries) and not all(summaries)
    for e, summary in zip(entries, summaries, strict=True):
        title = e.findtext(f"{ATOM}title") or ""
        assert summary is None or (summary.strip() and summary not in title)
