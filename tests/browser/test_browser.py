"""The site in a real browser: Debian's chromium driven by Playwright (no browser download).

Skipped when chromium is absent on a developer's machine; under CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from ..conftest import Project, npm_tools
from .conftest import PYTESTMARK, SHOTS
from .conftest import open_page as _open

pytestmark = PYTESTMARK


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_timeline_reads_at_both_widths(browser: Any, built_site: Path, width: int, lang: str) -> None:
    page, problems = _open(browser, built_site / lang / "jp-ai-promotion-act" / "index.html", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no horizontal scroll
    assert page.locator("li.stage").count() == 22
    assert page.locator("svg .axis-point").count() == 21  # all but the standing obligation, which has no day
    # the first screen answers "is it in force, since when, did the Diet change it"
    status = page.locator(".key-facts .kf-status")
    box = status.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900
    assert ("in force" if lang == "en" else "施行") in status.inner_text()
    # debates are drawn lighter than decisions, in the list and on the axis
    debate = (
        page.locator("li.stage.minor").first.locator("h2").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    decision = (
        page.locator("li.stage.decision").first.locator("h2").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert debate < decision
    if width < 600:  # on a phone the axis is a list a reader can read, not a 3 px drawing
        assert not page.is_visible(".axis svg") and page.locator(".axis-list li").count() == 21
        assert page.locator(".axis-list li").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 14
    else:
        assert page.is_visible(".axis svg") and not page.is_visible(".axis-list")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"timeline-{lang}-{width}.png"), full_page=True)
    assert problems == []  # no CSP violation, no script error
    page.context.close()


def _columns(page: Any) -> list[str]:
    """The two-column table's headings, left to right as drawn (or top to bottom when its cells are stacked)."""
    heads = page.locator("#layout-pair thead th")
    boxes = [(heads.nth(i).bounding_box(), heads.nth(i).text_content()) for i in range(heads.count())]
    return [text for box, text in sorted(boxes, key=lambda b: (b[0]["y"], b[0]["x"]))]


def _marks(page: Any, selector: str) -> str:
    return str(page.evaluate("s => getComputedStyle(document.querySelector(s)).textDecorationLine", selector))


def test_diff_layouts_switch(browser: Any, built_site: Path) -> None:
    """Side by side and the 新旧対照表 are one table on the page, read either way: the 新旧対照表 puts 改正後 first,
    underlines the changed parts (傍線) and says so above; side by side puts 改正前 first and strikes deletions."""
    page, problems = _open(browser, built_site / "en" / "jp-appi" / "diff" / "24-amended..25-amended.ja.html")
    assert page.is_visible("#layout-inline") and not page.is_visible("#layout-pair")
    page.click("a[href='#layout-taisho']")
    assert page.is_visible("#layout-pair") and not page.is_visible("#layout-inline")
    assert page.is_visible("#layout-pair .lt-taisho-note")
    assert "（傍線部分は改正部分）" in page.inner_text("#layout-pair")
    assert page.locator("#layout-pair h2").inner_text() == "新旧対照表 (new | old)"
    assert _columns(page) == ["改正後", "改正前"]
    assert _marks(page, "#layout-pair del") == "underline" and _marks(page, "#layout-pair ins") == "underline"
    page.screenshot(path=str(SHOTS / "diff-taisho-1280.png"))
    page.click("a[href='#layout-side']")
    assert page.is_visible("#layout-pair") and not page.is_visible("#layout-pair .lt-taisho-note")
    assert page.locator("#layout-pair h2").inner_text() == "Side by side"
    assert _columns(page) == ["改正前", "改正後"]
    assert "禁錮" in page.locator("#layout-pair del").all_inner_texts()
    assert _marks(page, "#layout-pair del") == "line-through"
    page.screenshot(path=str(SHOTS / "diff-side-1280.png"))
    assert problems == []
    page.context.close()


def test_diff_readable_without_javascript(browser: Any, built_site: Path) -> None:
    """The redline holds every change without a script; the table drawn from it says, without one, how to get it."""
    path = built_site / "ja" / "jp-appi" / "diff" / "24-amended..25-amended.ja.html"
    page, _ = _open(browser, path, 375, javascript=False)
    assert page.is_visible("#layout-inline")
    assert "拘禁刑以上" in page.inner_text("#layout-inline")
    page.goto(path.as_uri() + "#layout-taisho")  # layouts switch by CSS alone
    assert page.is_visible("#layout-pair") and not page.is_visible("#layout-inline")
    assert page.locator("#layout-pair tbody tr").count() == 0
    said = page.inner_text("#layout-pair .pair-nojs")
    assert "legistrack diff jp-appi 24-amended 25-amended --lang ja --format html --layout taisho" in said
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()


_DRAWN_ROWS = """expected => {
    const drawn = [...document.querySelectorAll('#layout-pair tbody tr')].map(r => r.outerHTML);
    const written = new DOMParser().parseFromString(expected, 'text/html');
    return [drawn, [...written.querySelectorAll('tbody tr')].map(r => r.outerHTML)];
}"""


def test_the_drawn_table_is_the_table_the_engine_writes(browser: Any, built_site: Path) -> None:
    """Side by side and the 新旧対照表 are drawn in the reader's browser from the redline (the page carries each change
    once): on the diff pages of the bundled bills (APPI's three that hold every kind of row, not its 49), row for row
    and cell for cell the table the engine writes itself (`legistrack diff --layout side`): badges, the folds, a side
    a unit lacks, formatting-only units, Japanese and English words."""
    from legistrack.commands.diff import diff_stages
    from legistrack.project import Project as Located
    from legistrack.site.render import diff_fragment

    project = Located.locate(built_site.parent / "bills", built_site.parent / "store.git")
    appi = ("02-amended..03-amended", "03-amended..27-amended", "24-amended..25-amended")
    pages = [
        path
        for path in sorted((built_site / "ja").glob("*/diff/*.html"))
        if path.parent.parent.name != "jp-appi" or path.name.startswith(appi)
    ]
    assert len(pages) >= 15
    page, problems = _open(browser, pages[0])
    seen = {"rows": 0, "lt-empty": 0, "lt-badges": 0, "lt-fold": 0, "lt-fmt": 0}
    for path in pages:
        a, b, text_lang = re.fullmatch(r"(.+)\.\.(.+)\.(\w+)\.html", path.name).groups()  # type: ignore[union-attr]
        expected = diff_fragment(
            diff_stages(project, path.parent.parent.name, a, b, text_lang), "pair", text_lang, "side-"
        )
        page.goto(path.as_uri())
        drawn, written = page.evaluate(_DRAWN_ROWS, expected)
        assert drawn == written, path
        seen["rows"] += len(drawn)
        for mark in ("lt-empty", "lt-badges", "lt-fold", "lt-fmt"):
            seen[mark] += sum(mark in row for row in drawn)
    assert all(seen.values()), seen  # every kind of row was drawn somewhere
    assert problems == []
    page.context.close()


def _in_force_on(page: Any, day: str) -> None:
    """Ask a law's timeline for its Japanese text in force on `day`."""
    page.fill("input[name='on-ja']", day)
    page.click("button[data-in-force='ja']")


def test_the_text_in_force_on_a_date(browser: Any, built_site: Path) -> None:
    """The AI Act on 1 July 2025: the text in force from 2025-06-04, with Chapters 3-4 not yet in force."""
    page, problems = _open(browser, built_site / "en" / "jp-ai-promotion-act" / "index.html")
    _in_force_on(page, "2025-07-01")
    page.wait_for_url("**/text/08a-in-force.ja.html?on=2025-07-01")
    banner = page.inner_text(".validity")
    assert "The text in force on 2025-07-01: this version, in force from 2025-06-04 until 2025-08-31." in banner
    assert "Chapter III Artificial Intelligence Basic Plan (Article 18)" in banner  # not yet in force
    assert "第十八条" not in page.inner_text(".law-text")
    # the day a published note put the entry into force on: the claim, and what the record says
    claim = page.inner_text(".validity-claims")
    assert "A published claim names this day: “scheduled to enter into force on 1 July 2025” (DDG" in claim
    assert "The record:" in claim
    page.goto((built_site / "en" / "jp-ai-promotion-act" / "index.html").as_uri())
    _in_force_on(page, "2024-01-01")
    assert "first one on file takes effect on 2025-06-04" in page.inner_text(".in-force-form")
    _in_force_on(page, "2025-03-15")  # before any text: the claim that the act was enacted that day is still told
    assert "“enacted 15 March 2025”" in page.inner_text(".in-force-form")
    assert problems == []
    page.context.close()


def test_the_latest_text_on_a_day_after_amendments_due(browser: Any, built_site: Path) -> None:
    """APPI on 1 January 2027: the latest text on file, which says that amendments due from 2026-10-01 are not in
    it; on 1 July 2026 it says nothing of them."""
    page, problems = _open(browser, built_site / "en" / "jp-appi" / "index.html")
    _in_force_on(page, "2027-01-01")
    page.wait_for_url("**/text/27-amended.ja.html?on=2027-01-01")
    banner = page.inner_text(".validity-on")
    assert "in force from 2026-06-24. Amendments due from 2026-10-01 are not in this text" in banner
    assert "Amendments due after this text" in page.inner_text(".validity")
    page.goto((built_site / "en" / "jp-appi" / "text" / "27-amended.ja.html").as_uri() + "?on=2026-07-01")
    assert "Amendments due from" not in page.inner_text(".validity-on")
    assert problems == []
    page.context.close()


def test_the_text_on_a_day_names_acts_promulgated_and_not_yet_in_force(browser: Any, built_site: Path) -> None:
    """The Cabinet Office Establishment Act on 15 July 2025: the text in force from 2025-07-01, and the AI Promotion
    Act (promulgated 2025-06-04) already law, its amendment of the Act not in force until 2025-09-01."""
    path = built_site / "en" / "jp-cabinet-office-establishment-act" / "text" / "02-amended.ja.html"
    page, problems = _open(browser, path)
    page.goto(path.as_uri() + "?on=2025-07-15")
    banner = page.inner_text(".validity-on")
    assert "The text in force on 2025-07-15" in banner
    assert (
        "Already promulgated on that day and not yet in force: Act No. 53 of 2025 (promulgated 2025-06-04, in "
        "force 2025-09-01)." in banner
    )
    ja = built_site / "ja" / "jp-cabinet-office-establishment-act" / "text" / "02-amended.ja.html"
    page.goto(ja.as_uri() + "?on=2025-08-31")
    assert "令和7年法律第53号（2025-06-04公布、2025-09-01施行）" in page.inner_text(".validity-on")
    assert problems == []
    page.context.close()


def test_any_pair_of_a_long_history_in_the_browser(browser: Any, built_site: Path) -> None:
    """APPI's revisions 05 and 09 have no page of their own: the picker compares them in the browser."""
    page, problems = _open(browser, built_site / "en" / "jp-appi" / "index.html")
    page.select_option("select[name='from-ja']", "05-amended")
    page.select_option("select[name='to-ja']", "09-amended")
    page.click("button[data-compare='ja']")
    page.wait_for_url("**/compare.html#05-amended..09-amended.ja")
    page.locator(".compare-engine").wait_for(state="visible", timeout=15000)
    status = page.inner_text(".compare-status")
    assert re.match(r"\d+ modified, \d+ inserted, \d+ deleted, \d+ renumbered, \d+ unchanged", status), status
    assert page.locator(".compare-units ins").count() > 0 and page.locator(".lt-folded").count() > 0
    # the pair the site precomputes still goes to its own page
    page.goto((built_site / "en" / "jp-appi" / "index.html").as_uri())
    page.select_option("select[name='from-ja']", "24-amended")
    page.select_option("select[name='to-ja']", "25-amended")
    page.click("button[data-compare='ja']")
    page.wait_for_url("**/diff/24-amended..25-amended.ja.html")
    assert problems == []
    page.context.close()


def test_pair_picker(browser: Any, built_site: Path) -> None:
    page, problems = _open(browser, built_site / "en" / "us-hr2157-116" / "index.html")
    page.select_option("select[name='from-en']", "01-introduced")
    page.select_option("select[name='to-en']", "02-signed")
    page.click("button[data-compare='en']")
    page.wait_for_url("**/diff/01-introduced..02-signed.en.html")
    page.click("nav.changed-articles summary")  # 42 changed units: the list starts folded
    assert page.locator("nav.changed-articles a", has_text="TITLE V").first.is_visible()
    assert problems == []
    page.context.close()


def test_hostile_bill_runs_no_script(browser: Any, demo: Project, tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"><svg onload="alert(3)">'
    text = tmp_path / "hostile.txt"
    text.write_text(f"第一条　{hostile}\n", encoding="utf-8")
    demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "promulgated",
        "--date",
        "2025-06-04",
        "--title",
        hostile,
        "--summary",
        hostile,
        "--body",
        hostile,
        "--source",
        "https://example.org/",
        "--source-title",
        hostile,
        "--text",
        str(text),
        "--lang",
        "ja",
    )
    out = tmp_path / "out"
    demo.run("build", "--out", str(out))
    # every page that holds the markup (escaped, it still reads alert(...)); a page without it cannot run it
    holding = [p for p in sorted(out.rglob("*.html")) if "alert(" in p.read_text(encoding="utf-8")]
    names = {str(p.relative_to(out)) for p in holding}
    assert {"en/demo/index.html", "ja/demo/index.html", "en/demo/sources.html"} <= names, names
    assert "en/demo/article/ja/u-第一条.html" in names, names
    assert any("/text/" in n for n in names), names
    for page_path in holding:
        page, problems = _open(browser, page_path)
        assert [p for p in problems if p.startswith("dialog")] == [], page_path
        page.context.close()


def test_long_unbroken_titles_wrap(browser: Any, demo: Project, tmp_path: Path) -> None:
    """A 3,000-character title without a space (or a URL as long) keeps every page within the screen."""
    long = "法" * 1500 + "x" * 1500
    demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "promulgated",
        "--date",
        "2025-06-04",
        "--title",
        long,
        "--title-in",
        "ja",
        long,
        "--body",
        long,
        "--source",
        "https://example.org/" + "a" * 3000,
        "--source-title",
        long,
        "--same-text",
        "--reason",
        long,
    )
    out = tmp_path / "out"
    demo.run("build", "--out", str(out))
    for lang in ("en", "ja"):
        for width in (1280, 375):
            for name in ("index.html", "sources.html"):
                page, problems = _open(browser, out / lang / "demo" / name, width)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (lang, width, name)
                assert problems == []
                page.context.close()


@pytest.mark.parametrize("ui", ["ja", "en"])
def test_search_japanese_reaches_article_19(browser: Any, served: str, ui: str) -> None:
    """From either interface: the Japanese index (which segments Japanese) answers a Japanese query, and the hit
    opens in the reader's interface language."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{served}/{ui}/search.html")
    page.fill("input[name=q]", "人工知能戦略本部")
    page.press("input[name=q]", "Enter")
    link = page.locator(".search-results a", has_text="第十九条").first
    link.wait_for(timeout=15000)
    assert page.evaluate("document.documentElement.lang") == ui
    link.click()
    page.wait_for_url(f"**/{ui}/jp-ai-promotion-act/text/09-in-force.ja.html#*")
    assert "第十九条" in page.locator(":target").inner_text()
    assert problems == []
    context.close()


def test_search_lands_on_the_stage(browser: Any, served: str) -> None:
    """「附帯決議」 opens the stage that records the resolution, not the top of the timeline."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served}/ja/search.html?q=" + urllib.parse.quote("附帯決議"))
    page.locator(".search-results a[href*='#h-stage-']").first.wait_for(timeout=15000)
    hrefs = page.locator(".search-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    stages = [h for h in hrefs if "/jp-ai-promotion-act/" in h and "#h-stage-" in h]
    assert any(h.endswith(("#h-stage-03-committee-vote", "#h-stage-06-committee-vote")) for h in stages), hrefs
    context.close()


@pytest.mark.parametrize(
    ("ui", "query"),
    [("en", "411AC0000000089"), ("ja", "平成11年法律第89号"), ("en", "Act No. 89 of 1999"), ("ja", "内閣府設置法")],
)
def test_search_finds_a_law_by_id_number_and_title(browser: Any, served: str, ui: str, query: str) -> None:
    """A law is found by its e-Gov id, its number in either form and its title: first among the finder's answers
    (as the reader types), and in the full-text results, where its timeline is indexed (imported or not)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served}/{ui}/search.html?q=" + urllib.parse.quote(query))
    finder = page.locator(".finder-results > li > a").first
    finder.wait_for(timeout=15000)
    assert (finder.get_attribute("href") or "").endswith(f"/{ui}/jp-cabinet-office-establishment-act/index.html")
    page.locator(".search-results > li > a").first.wait_for(timeout=15000)
    hrefs = page.locator(".search-results > li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(f"/{ui}/jp-cabinet-office-establishment-act/" in h for h in hrefs[:5]), hrefs
    if query != "内閣府設置法":  # the title is in every text of the law, which rank with the timeline
        timelines = [h for h in hrefs if re.search(r"/jp-[a-z0-9-]+/(index\.html)?(#.*)?$", h)]
        assert timelines and f"/{ui}/jp-cabinet-office-establishment-act/" in timelines[0], hrefs
    context.close()


def test_search_answers_as_the_reader_types(browser: Any, served: str) -> None:
    """No Enter needed: the finder answers at once and the full-text search when typing pauses; a query with no
    answer says so once, as a status line, not as item 1 of a list."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{served}/ja/search.html")
    page.locator("input[name=q]").press_sequentially("附帯決議", delay=40)
    page.locator(".search-results a[href*='#h-stage-']").first.wait_for(timeout=15000)
    page.fill("input[name=q]", "")
    page.locator("input[name=q]").press_sequentially("zzqxv", delay=40)
    page.locator(".search-none").wait_for(state="visible", timeout=15000)
    page.locator(".finder-none").wait_for(state="visible", timeout=15000)
    assert page.locator(".finder-results li").count() == 0 and page.locator(".search-results li").count() == 0
    assert page.inner_text(".search-none") == page.inner_text(".finder-none") == "該当なし"
    assert problems == []
    context.close()


@pytest.mark.parametrize("ui", ["en", "ja"])
def test_search_english(browser: Any, served: str, ui: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served}/{ui}/search.html?q=Strategic%20Headquarters")
    page.locator(".search-results li").first.wait_for(timeout=15000)
    assert "Artificial Intelligence" in page.inner_text(".search-results")
    hrefs = page.locator(".search-results > li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(f"/{ui}/" in href for href in hrefs)
    # then a Japanese query on the same page switches to the Japanese index
    page.fill("input[name=q]", "拘禁刑")
    page.press("input[name=q]", "Enter")
    page.locator(".search-results a", has_text="個人情報").first.wait_for(timeout=15000)
    first = page.locator(".search-results > li > a").first.get_attribute("href") or ""
    assert re.search(rf"/{ui}/jp-appi/text/\d\d-amended\.ja\.html", first), first
    context.close()


AXE = Path(__file__).resolve().parent.parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "en/index.html",
        "ja/jp-ai-promotion-act/index.html",
        "en/jp-ai-promotion-act/sources.html",
        "ja/jp-ai-promotion-act/text/09-in-force.ja.html",
        "en/jp-appi/diff/24-amended..25-amended.ja.html",
        "ja/search.html",
        "en/jp-appi/compare.html",
        "ja/jp-ai-promotion-act/text/08a-in-force.ja.html",
    ],
)
def test_axe_finds_no_serious_violations(browser: Any, built_site: Path, path: str) -> None:
    if not npm_tools() or not AXE.is_file():
        pytest.skip("npm is not installed: install nodejs and npm to run the accessibility checks")
    context = browser.new_context(bypass_csp=True)  # axe is injected by the test, not shipped by the site
    page = context.new_page()
    page.goto((built_site / path).as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
    context.close()


def test_keyboard_only(browser: Any, built_site: Path) -> None:
    """Skip link first, then the page's controls in order; layouts switch from the keyboard."""
    page, problems = _open(browser, built_site / "en" / "jp-appi" / "diff" / "24-amended..25-amended.ja.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.is_visible("a.skip")  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#layout-taisho":
            break
    else:
        pytest.fail("the taisho layout link is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.is_visible("#layout-pair") and not page.is_visible("#layout-inline")
    assert problems == []
    page.context.close()


def test_print_stylesheet(browser: Any, built_site: Path) -> None:
    """On paper: no controls, the chosen layout only, insertions and deletions still marked, sources' addresses."""
    diff = built_site / "en" / "jp-appi" / "diff" / "24-amended..25-amended.ja.html"
    page, problems = _open(browser, diff)
    page.goto(diff.as_uri() + "#layout-taisho")
    page.emulate_media(media="print")
    assert not page.is_visible(".site-header") and not page.is_visible(".layout-switch")
    assert page.is_visible("#layout-pair") and not page.is_visible("#layout-inline")
    assert _columns(page) == ["改正後", "改正前"] and page.is_visible("#layout-pair .lt-taisho-note")
    assert _marks(page, "#layout-pair del") == "underline"  # 傍線
    page.goto(diff.as_uri() + "#layout-side")
    assert page.is_visible("#layout-pair") and not page.is_visible("#layout-inline")
    assert _columns(page) == ["改正前", "改正後"] and not page.is_visible("#layout-pair .lt-taisho-note")
    assert _marks(page, "#layout-pair del") == "line-through" and _marks(page, "#layout-pair ins") == "underline"
    # nothing is wider than the paper: the side-by-side table shrinks instead of scrolling
    assert page.evaluate("document.querySelector('#layout-pair table').scrollWidth") <= page.evaluate(
        "document.querySelector('#layout-pair').clientWidth"
    )
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "diff-side-print.pdf").write_bytes(pdf)
    sources = built_site / "en" / "jp-ai-promotion-act" / "sources.html"
    page.goto(sources.as_uri())
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.sources-table a[href^=\"http\"]'), '::after').content"
    )
    assert "https://" in after
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("layout", ["side", "taisho"])
def test_two_column_layouts_stack_on_a_phone(browser: Any, built_site: Path, layout: str) -> None:
    """At 375 px the side-by-side and 新旧対照表 layouts show each unit's texts one above the other, each named,
    within the screen (no 656 px table with its second column off-screen)."""
    page, problems = _open(browser, built_site / "ja" / "jp-appi" / "diff" / "24-amended..25-amended.ja.html", 375)
    page.click(f"a[href='#layout-{layout}']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    row = page.locator("#layout-pair tr.lt-modified").first
    cells = sorted(
        (row.locator("td").nth(i) for i in range(2)), key=lambda cell: cell.bounding_box()["y"]
    )  # as drawn, top first
    first, second = cells[0].bounding_box(), cells[1].bounding_box()
    assert first is not None and second is not None
    assert second["y"] >= first["y"] + first["height"] - 1 and first["width"] > 250  # stacked, full width
    labels = [cell.evaluate("e => getComputedStyle(e, '::before').content") for cell in cells]
    assert labels == (['"改正後"', '"改正前"'] if layout == "taisho" else ['"改正前"', '"改正後"'])  # each named
    assert page.is_visible("#layout-pair .lt-taisho-note") == (layout == "taisho")
    page.screenshot(path=str(SHOTS / f"diff-{layout}-375.png"))
    assert problems == []
    page.context.close()
