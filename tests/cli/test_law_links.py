"""The bill <-> law links on real data: five Cabinet bills of the Diet's tables (shared/real-data/jp-diet-bills/) and
two laws of the legalize-jp slice (shared/real-data/jp-legalize-slice/), imported into one project, built as a site
and exported as SQLite.

Joined by law number (the Houses' tables give the number of the act a bill became; legalize-jp's Source-Id names
the amending act's e-Gov id): 第211回閣法第12号 became 令和5年法律第32号, the GX Promotion Act (505AC0000000032),
whose 2024-02-16 revision of the National Diet Library Act (323AC1000000005) it also made; 第217回閣法第28号's act
(令和7年法律第52号) revised the GX act on three days and 第217回閣法第11号's once; the Library Act took two acts'
revisions on 2023-06-07 (令和5年法律第44号 and 第47号: 第211回閣法第26号 and 第50号).
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ..conftest import Project, needs_real_data
from .test_diet import _cut
from .test_legalize import _clone

PICKED = [("閣法", 211, 12), ("閣法", 217, 28), ("閣法", 217, 11), ("閣法", 211, 26), ("閣法", 211, 50)]
GX, LIBRARY = "jp-505ac0000000032", "jp-323ac1000000005"


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path, Path]:
    root = tmp_path_factory.mktemp("links")
    (root / "bills").mkdir()
    p = Project(root)
    p.run("import", "diet-bills", str(_cut(root, PICKED)))
    p.run("import", "legalize-jp", str(_clone(root)), "--law", "505AC0000000032", "--law", "323AC1000000005")
    p.run("build", "--out", str(root / "site"))
    p.run("export", "sqlite", str(root / "record.db"))
    return p, root / "site", root / "record.db"


class _Links(HTMLParser):
    """The bill-links block of a timeline: each list item's text and links."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.terms: list[str] = []
        self.items: list[tuple[str, str, list[str]]] = []  # (term, text, hrefs)
        self._in_dt = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "dl" and a.get("class") == "bill-links":
            self.depth = 1
        elif self.depth:
            if tag == "dt":
                self._in_dt = True
                self.terms.append("")
            elif tag == "dd" or (tag == "li" and self.items[-1] != (self.terms[-1], "", [])):
                self.items.append((self.terms[-1], "", []))  # an item of a list, or a dd without one
            elif tag == "a" and self.items:
                self.items[-1][2].append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl":
            self.depth = 0
        if tag == "dt":
            self._in_dt = False

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        if self._in_dt:
            self.terms[-1] += data
        elif self.items:
            term, text, hrefs = self.items[-1]
            self.items[-1] = (term, text + data, hrefs)


def _links(site: Path, lang: str, bill: str) -> list[tuple[str, str, list[str]]]:
    parser = _Links()
    parser.feed((site / lang / bill / "index.html").read_text(encoding="utf-8"))
    return [(term, " ".join(text.split()), hrefs) for term, text, hrefs in parser.items]


def _resolves(site: Path, lang: str, bill: str, href: str) -> Path:
    """The file a link of a bill's timeline points at; an anchor must be an id of that page."""
    path, _, anchor = href.partition("#")
    path = path.partition("?")[0]  # ?on=DATE: the day a text page shows (site.js)
    page = (site / lang / bill / path).resolve() if path else site / lang / bill / "index.html"
    assert page.is_file(), href
    if anchor:
        assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), href
    return page


@needs_real_data
def test_a_bill_lists_the_law_it_became_and_every_law_it_amended_with_the_diffs(
    linked: tuple[Project, Path, Path],
) -> None:
    _, site, _ = linked
    for lang in ("en", "ja"):
        items = _links(site, lang, "jp-211-kaku-12")
        became = [hrefs for term, _, hrefs in items if term in ("The law it became", "成立した法律")]
        assert became == [[f"../../{lang}/{GX}/index.html"]]
        amended = [
            (text, hrefs) for term, text, hrefs in items if term in ("This act amended", "この法律が改正した法律")
        ]
        assert len(amended) == 1
        text, hrefs = amended[0]
        assert "国立国会図書館法" in text and ("16 February 2024" in text or "令和6年2月16日" in text)
        # an imported law's diffs are pages of its texts' language alone (a compact law): the English bill links
        # the Japanese page
        diff = f"../../ja/{LIBRARY}/diff/10-amended..11-amended.ja.html"
        assert hrefs == [
            f"../../{lang}/{LIBRARY}/index.html#stage-11-amended",
            diff + "#layout-side",
            diff + "#layout-taisho",
        ]
        for href in hrefs:
            _resolves(site, lang, "jp-211-kaku-12", href)
        page = (site / "ja" / LIBRARY / "diff" / "10-amended..11-amended.ja.html").read_text(encoding="utf-8")
        assert "2024-02-16" in page


@needs_real_data
def test_a_law_lists_every_bill_whose_act_amended_it_in_its_order(linked: tuple[Project, Path, Path]) -> None:
    _, site, _ = linked
    items = _links(site, "en", GX)
    assert [(t, h) for t, _, h in items if t == "The bill that became this law"] == [
        ("The bill that became this law", ["../../en/jp-211-kaku-12/index.html"])
    ]
    by = [(text, hrefs) for term, text, hrefs in items if term == "Bills whose acts amended this law"]
    assert [(re.match(r"\d+ \w+ \d{4}", t).group(0), h[1:]) for t, h in by] == [  # type: ignore[union-attr]
        ("14 June 2025", ["../../en/jp-217-kaku-28/index.html"]),
        ("4 August 2025", ["../../en/jp-217-kaku-11/index.html"]),
        ("5 January 2026", ["../../en/jp-217-kaku-28/index.html"]),
        ("1 April 2026", ["../../en/jp-217-kaku-28/index.html"]),
    ]
    assert "Act No. 52 of 2025" in by[0][0] and "Act No. 30 of 2025" in by[1][0]
    for _text, hrefs in by:
        for href in hrefs:
            _resolves(site, "en", GX, href)
    # the revision made by the GX act's own number: the bill first, then the act's own law page, each said
    library = {
        text: hrefs for term, text, hrefs in _links(site, "ja", LIBRARY) if term == "この法律を改正した法律の法律案"
    }
    gx = next(h for t, h in library.items() if "令和5年法律第32号" in t)
    assert gx[1:] == ["../../ja/jp-211-kaku-12/index.html", f"../../ja/{GX}/index.html"]
    assert "改正法自体のページ" in next(t for t in library if "令和5年法律第32号" in t)
    # each revision's stage names its act with a link to the bill
    stage = (site / "en" / GX / "index.html").read_text(encoding="utf-8")
    assert 'href="../../en/jp-217-kaku-11/index.html">' in stage


@needs_real_data
def test_a_revision_shared_with_another_act_of_the_day_says_so(linked: tuple[Project, Path, Path]) -> None:
    _, site, _ = linked
    en = [text for term, text, _ in _links(site, "en", "jp-211-kaku-26") if term == "This act amended"]
    assert len(en) == 2  # 2023-06-07 and 2024-04-01, both shared with another act
    assert "7 June 2023" in en[0] and "other acts that took effect the same day: Act No. 47 of 2023" in en[0]
    assert "Act No. 79 of 2023" in en[1]
    ja = [text for term, text, _ in _links(site, "ja", "jp-211-kaku-50") if term == "この法律が改正した法律"]
    assert "同じ日に施行された他の改正が差分に混じることがある：令和5年法律第44号" in ja[0]
    assert "混じる" not in ja[1]  # 2025-04-01: the act's revision alone that day


@needs_real_data
def test_the_database_joins_bills_and_laws(linked: tuple[Project, Path, Path]) -> None:
    _, _, db = linked
    with sqlite3.connect(db) as conn:
        laws = conn.execute("SELECT id, egov_law_id, law_number, revisions FROM laws ORDER BY id").fetchall()
        assert laws == [
            (LIBRARY, "323AC1000000005", "昭和23年法律第5号", 13),
            (GX, "505AC0000000032", "令和5年法律第32号", 7),
        ]
        rows = conn.execute(
            "SELECT bill, law, relation, revision, date, law_number, same_day FROM bill_law ORDER BY bill, date"
        ).fetchall()
        assert ("jp-211-kaku-12", GX, "created", None, "2023-05-19", "令和5年法律第32号", 0) in rows
        assert (
            "jp-211-kaku-12",
            LIBRARY,
            "amended",
            f"{LIBRARY}/11-amended",
            "2024-02-16",
            "令和5年法律第32号",
            0,
        ) in rows
        assert [r[4] for r in rows if r[0] == "jp-217-kaku-28"] == ["2025-06-14", "2026-01-05", "2026-04-01"]
        assert (
            "jp-211-kaku-26",
            LIBRARY,
            "amended",
            f"{LIBRARY}/08-amended",
            "2023-06-07",
            "令和5年法律第44号",
            1,
        ) in rows
        revision = conn.execute(
            "SELECT kind, act_law_number, act_egov_law_id, diff_from, lang FROM revisions WHERE tag = ?",
            [f"{LIBRARY}/11-amended"],
        ).fetchone()
        assert revision == ("amended", "令和5年法律第32号", "505AC0000000032", f"{LIBRARY}/10-amended", "ja")
        # a law whose texts are kept in the store: its latest text and units alone (the rest: the published store)
        for law in (GX, LIBRARY):
            worded = conn.execute("SELECT stage FROM texts WHERE bill = ? AND text IS NOT NULL", [law]).fetchall()
            new = conn.execute(
                "SELECT stage FROM texts WHERE bill = ? AND status = 'new' ORDER BY stage", [law]
            ).fetchall()
            assert len(new) > 1 and worded == [new[-1]]
            units = conn.execute("SELECT DISTINCT stage FROM units WHERE bill = ?", [law]).fetchall()
            assert units == worded
        own = conn.execute("SELECT act_law_number, act_egov_law_id FROM revisions WHERE law = ? AND n = 1", [GX])
        assert own.fetchone() == (None, None)  # the law's own provisions: no amending act
        # "every law the Cabinet's bills amended in session 211", the canned query Datasette offers
        metadata = json.loads(db.with_name("record.metadata.json").read_text(encoding="utf-8"))
        query = metadata["databases"]["record"]["queries"]["laws_amended_in_session"]["sql"]
        found: list[Any] = conn.execute(query, {"session": "211", "kind": "閣法"}).fetchall()
        assert sorted({(r[0], r[3]) for r in found}) == [
            ("第211回国会閣法第12号", "国立国会図書館法"),
            ("第211回国会閣法第26号", "国立国会図書館法"),
            ("第211回国会閣法第50号", "国立国会図書館法"),
        ]
        assert (
            conn.execute(query, {"session": "217", "kind": ""}).fetchall()[0][3]
            == "脱炭素成長型経済構造への円滑な移行の推進に関する法律"
        )


@needs_real_data
def test_a_law_archived_through_every_revision_has_compact_pages(linked: tuple[Project, Path, Path]) -> None:
    """A law imported with its texts kept in the store (every Act from legalize-jp) gets its latest text and each
    revision's diff once, under its texts' language, with no page per article and no unchanged text copied into
    its diffs: the site of every Act stays within its size (issue 28). Every link of both timelines resolves."""
    _, site, _ = linked
    for law in (GX, LIBRARY):
        assert not (site / "en" / law / "text").exists() and not (site / "en" / law / "diff").exists()
        assert not (site / "ja" / law / "article").exists() and not (site / law / "text").exists()
        texts = sorted(p.name for p in (site / "ja" / law / "text").iterdir())
        assert len(texts) == 1  # the latest
        diffs = sorted((site / "ja" / law / "diff").glob("*.html"))
        stages = json.loads((site / law / "timeline.json").read_text(encoding="utf-8"))["stages"]
        new_texts = [s["id"] for s in stages if s["texts"].get("ja", {}).get("status") in ("new", "verified")]
        assert texts == [f"{new_texts[-1]}.ja.html"]
        # found by its timeline (title, number, e-Gov id), its text not indexed: every Act's took Pagefind 5.7 GB
        assert "data-pagefind-body" not in (site / "ja" / law / "text" / texts[0]).read_text(encoding="utf-8")
        # by its head (title, short title, number, e-Gov id) and the acts that amended it, not its every stage: a
        # hundred "amended by Act No. N" stages per law doubled the search index's time for every Act
        page = _page(site, "ja", law)
        assert '<div class="bill-head" data-pagefind-body' in page and '<ol class="timeline">' in page
        assert '<dl class="bill-links" data-pagefind-body>' in page
        # each revision against the one before it, and nothing else
        assert [d.name for d in diffs] == [f"{a}..{b}.ja.html" for a, b in itertools.pairwise(new_texts)]
        for lang in ("en", "ja"):
            for href in re.findall(r'href="((?:\.\./\.\./ja/[^"#]*/)?(?:text|diff)/[^"]+)"', _page(site, lang, law)):
                _resolves(site, lang, law, href)
        # every local link of its pages resolves: the language switch of a page in ja/ alone leads to the English
        # timeline at that stage (there is no en/ twin to lead to)
        for page_path in [*(site / "ja" / law).rglob("*.html"), *(site / "en" / law).rglob("*.html")]:
            html = page_path.read_text(encoding="utf-8")
            for ref in re.findall(r'(?:href|src)="([^"]+)"', html):
                target, _, anchor = ref.replace("&amp;", "&").partition("#")
                if re.match(r"(https?:|mailto:|data:)", ref) or not target:
                    continue
                resolved = (page_path.parent / target.partition("?")[0]).resolve()
                assert resolved.is_file(), f"{page_path.relative_to(site)}: broken link {ref}"
                if anchor and resolved.suffix == ".html" and not anchor.startswith("layout-"):
                    assert f'id="{anchor}"' in resolved.read_text(encoding="utf-8"), f"{page_path}: {ref}"
            if page_path.parts[-2] in ("text", "diff"):
                stage = page_path.name.split("..")[-1].split(".")[0]
                assert f'<a class="lang-switch" href="../../../en/{law}/index.html#stage-{stage}"' in html
    # the in-force table: the latest text's page, each earlier revision read through its diff, on both sides
    en = _page(site, "en", GX)
    table = en.split('class="in-force-table')[1].split("</table>")[0]
    links = re.findall(r'<a href="([^"]+)"', table)
    assert links[-1].startswith(f"../../ja/{GX}/text/")
    # and each earlier version's whole text, rebuilt on the latest text's page from the diffs (site.js)
    rebuilt = re.findall(r'<a class="rebuilt" href="([^"]+)" hreflang="ja">', table)
    assert len(rebuilt) == len(links) - 1 and all(h.startswith(links[-1] + "?on=") for h in rebuilt)
    # a link to the Japanese pages says so (hreflang), as the language switch does; a link within the page does not
    anchors = re.findall(r'<a href="([^"]+)"( hreflang="ja")?>', table)
    assert anchors and all(bool(lang) == href.startswith("../../ja/") for href, lang in anchors)
    # the first text on file has neither (no page, no text before it): its stage on the timeline
    assert all(h.startswith(f"../../ja/{GX}/diff/") for h in links[1:-1]) and links[0].startswith("#stage-")
    # a diff keeps the lines of its hunks and says what it left out, without the unchanged text itself
    diff = (site / "ja" / LIBRARY / "diff" / "10-amended..11-amended.ja.html").read_text(encoding="utf-8")
    assert "lt-omitted" in diff and '<details class="lt-fold"' not in diff
    # its JSON gzipped (the site's 325 MB of every Act's diffs as plain JSON), with no name or time in its header
    packed = (site / LIBRARY / "diff" / "10-amended..11-amended.ja.json.gz").read_bytes()
    assert packed[:2] == b"\x1f\x8b" and packed[3:8] == b"\x00\x00\x00\x00\x00"  # FLG none, MTIME 0
    assert not (site / LIBRARY / "diff" / "10-amended..11-amended.ja.json").exists()
    assert 'href="../../../jp-' in diff and '/diff/10-amended..11-amended.ja.json.gz">JSON</a>' in diff
    data = json.loads(gzip.decompress(packed))
    assert data["omitted_unchanged"] > 0 and all(
        u["status"] != "unchanged" or u["formatting_only"] for u in data["units"]
    )
    # what the latest text's page gives the browser to rebuild the text in force on an earlier day (site.js): every
    # known text with its SHA-256 and the diff that made it; the acts already law and not yet in force on a day
    latest = next((site / "ja" / LIBRARY / "text").iterdir()).read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="rewind-data">(.*?)</script>', latest, re.S)
    rewind = json.loads(block.group(1))  # type: ignore[union-attr]
    assert 'data-rewind="rewind-data"' in latest and "assets/words.js" in latest
    stages = json.loads((site / LIBRARY / "timeline.json").read_text(encoding="utf-8"))["stages"]
    known = [s for s in stages if s["texts"].get("ja", {}).get("status") in ("new", "verified")]
    assert [c[0] for c in rewind["chain"]] == [s["id"] for s in known]
    assert [c[1] for c in rewind["chain"]] == [s["texts"]["ja"]["sha256"] for s in known]
    text_dir = site / "ja" / LIBRARY / "text"
    for (a, *_), (b, *_) in itertools.pairwise(rewind["chain"]):
        assert (text_dir / f"{rewind['json']}{a}..{b}.ja.json.gz").resolve().is_file()
        assert (text_dir / f"{rewind['page']}{a}..{b}.ja.html").resolve().is_file()
    # the acts whose bills are on the site, with the day each was promulgated: the GX Promotion Act (令和5年法律第32号)
    # was law from 2023-05-19 and its revision of the Library Act not in force until 2024-02-16
    pending = {(p["label"].split("（")[0], p["date"]): p["promulgated"] for p in rewind["pending"]}
    assert pending[("令和5年法律第32号", "2024-02-16")] == "2023-05-19"
    assert pending[("令和5年法律第47号", "2025-04-01")] == "2023-06-07"


def _page(site: Path, lang: str, bill: str) -> str:
    return (site / lang / bill / "index.html").read_text(encoding="utf-8")
