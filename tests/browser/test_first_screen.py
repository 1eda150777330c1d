"""The site read as a journalist, a student and a maintainer read it, at 1280 and 375 px, in both languages: each
first question answered on the first screen, Japanese pages in Japanese, stage names instead of ids, search landing
where the answer is. Screenshots of each go to $LEGISTRACK_SCREENSHOTS for a reviewer."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from .conftest import PYTESTMARK, SCREEN, SHOTS, open_page

pytestmark = PYTESTMARK

WIDTHS = [1280, 375]
LANGS = ["en", "ja"]
AI = "jp-ai-promotion-act"


def _on_first_screen(page: Any, selector: str, width: int) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 60) <= SCREEN[width]


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_key_facts_answer_the_first_questions(browser: Any, built_site: Path, width: int, lang: str) -> None:
    """When did the AI act take effect, and did the Diet change it: on the first screen, on a phone too; the home
    page's card says the same status."""
    page, problems = open_page(browser, built_site / lang / AI / "index.html", width)
    status = page.inner_text(".kf-status")
    if lang == "en":
        assert "in force · 4 June 2025 (in part; more provisions from 1 September 2025)" in status
    else:
        assert "施行 · 2025-06-04（令和7年6月4日）（一部。2025-09-01（令和7年9月1日）にさらに施行）" in status
    assert _on_first_screen(page, ".kf-status", width)
    passage = page.locator(".key-facts dt", has_text="Changed by the Diet?" if lang == "en" else "国会で修正されたか")
    answer = passage.locator("xpath=following-sibling::dd[1]")
    assert (
        "passed both Houses without amendment" if lang == "en" else "両議院で原案のとおり可決"
    ) in answer.inner_text()
    box = answer.bounding_box()
    assert box is not None and box["y"] < SCREEN[width]  # the answer starts on the first screen
    disputed = page.locator(".key-facts dt", has_text="Disputed claims" if lang == "en" else "争いのある主張")
    assert disputed.inner_text() == ("Disputed claims (7)" if lang == "en" else "争いのある主張（7件）")
    links = page.locator(".key-facts dd a[href^='#stage-']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "#stage-09-in-force" in links  # each disputed claim links the stage it concerns ("1 July 2025")
    _shot(page, f"first-screen-timeline-{lang}-{width}")
    page.goto((built_site / lang / "index.html").as_uri())
    card = page.locator(".bill-card", has_text="ＡＩ法" if lang == "ja" else "AI Promotion Act").inner_text()
    assert ("1 September 2025" if lang == "en" else "2025-09-01") in card
    # the laws followed through their revisions are on the home page too
    assert (
        page.locator(".bill-card", has_text="個人情報の保護に関する法律" if lang == "ja" else "Personal").count() == 1
    )
    _shot(page, f"first-screen-home-{lang}-{width}")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_time_axis_labels_name_milestones_and_never_touch(browser: Any, built_site: Path, lang: str) -> None:
    """The axis names its points (HR committee vote, 衆・委員会議決) and no two labels, nor two year ticks, overlap:
    APPI's 34 stages over 25 years are the crowded case."""
    for bill in (AI, "jp-appi"):
        page, problems = open_page(browser, built_site / lang / bill / "index.html", 1280)
        labels = page.locator("svg .axis-label").all_text_contents()
        assert labels and all(re.search(r"\d{4}-\d\d-\d\d$", t) for t in labels)
        assert not any(re.search(r"\b\d\d[a-z]?-[a-z]", t) for t in labels)  # names, not stage ids
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('svg .axis-label, svg .axis-tick-label')].map(e => {
                 const b = e.getBBox(); return [e.getAttribute('class'), b.x, b.y, b.width, b.height]; })"""
        )
        for kind in ("axis-label", "axis-tick-label"):
            same = [b[1:] for b in boxes if b[0] == kind]
            for i, a in enumerate(same):
                for b in same[i + 1 :]:
                    apart = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
                    assert apart, (bill, kind, a, b)
        if bill == AI:
            assert ("HR committee vote · 2025-04-18" if lang == "en" else "衆・委員会議決 · 2025-04-18") in labels
        # each dot links its stage, its tooltip the stage's date and heading (drawn by site.js from the list)
        dots = page.evaluate(
            """() => [...document.querySelectorAll('svg .axis-point')].map(c => {
                 const id = c.parentNode.getAttribute('href').slice(1);
                 const stage = document.getElementById(id);
                 return [c.querySelector('title').textContent, stage.querySelector('time').getAttribute('datetime'),
                         document.getElementById('h-' + id).textContent]; })"""
        )
        assert dots and all(tip == f"{day} — {heading}" for tip, day, heading in dots)
        assert problems == []
        page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_script_the_axis_is_its_list(browser: Any, built_site: Path, lang: str) -> None:
    """The page says all it has to say without a script: the axis is the list of stages, at any width."""
    page, problems = open_page(browser, built_site / lang / AI / "index.html", 1280, javascript=False)
    assert page.locator(".axis svg").count() == 0 and page.is_visible(".axis-list")
    assert page.locator(".axis-list li").count() == 21 and problems == []
    page.context.close()


# What a Japanese page may show in Latin letters: names of formats and tools, and identifiers (a repository, a file, a
# field of a dataset: owner/name, data/gian.csv, enforced_at, Source-Id), not values a reader needs translated.
_TECHNICAL = re.compile(
    r"\b(JSON|Atom|SHA-256|e-Gov|legistrack|Git|git|JavaScript|SQLite|Datasette|Pagefind|Source-Id)\b|\S*[/_.]\S*"
)
_ENGLISH_ON_JA_PAGE = """(tech) => {
  const TECH = new RegExp(tech, 'g');
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, code, [hidden]') || el.closest('[lang]').lang !== 'ja') continue;
    if (el.closest('details:not([open])') && !el.closest('summary')) continue;  // behind a disclosure
    const text = n.textContent.trim();
    if (/[A-Za-z]{2,}[ ,'-]+[A-Za-z]{2,}/.test(text.replace(TECH, ''))) out.push(text.slice(0, 120));
  }
  return out;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_japanese_pages_are_in_japanese(browser: Any, built_site: Path, width: int) -> None:
    """On the Japanese pages a reader opens first, every value is Japanese (English only where it is the content,
    marked lang="en": the law's English text, a quoted claim); headings name stages and languages, never ids."""
    pages = [
        f"ja/{AI}/index.html",
        f"ja/{AI}/text/09-in-force.ja.html",
        f"ja/{AI}/text/08a-in-force.ja.html",
        f"ja/{AI}/sources.html",
        f"ja/{AI}/article/ja/u-第四章-第十九条.html",
        f"ja/{AI}/diff/08a-in-force..09-in-force.ja.html",
        "ja/jp-appi/index.html",
        "ja/jp-appi/diff/24-amended..25-amended.ja.html",
        "ja/index.html",
    ]
    for path in pages:
        page, problems = open_page(browser, built_site / path, width)
        assert page.evaluate(_ENGLISH_ON_JA_PAGE, _TECHNICAL.pattern) == [], path
        headings = [*page.locator("h1, h2, h3:not(.unit-label)").all_text_contents(), page.title()]
        assert not [h for h in headings if re.search(r"\b\d\d[a-z]?-[a-z]+(-[a-z]+)*\b|\[(ja|en)\]", h)], path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        if width == 375:
            _shot(page, "ja-" + path.replace("/", "_").replace(".html", ""))
        assert problems == [], path
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_text_page_opens_on_the_law(browser: Any, built_site: Path, width: int, lang: str) -> None:
    """The law's name is the heading and its first article is on the first screen, not a hash and file names."""
    page, problems = open_page(browser, built_site / lang / AI / "text" / "09-in-force.ja.html", width)
    assert page.inner_text("h1") == "人工知能関連技術の研究開発及び活用の推進に関する法律" or lang == "en"
    assert "SHA-256" not in page.inner_text("main").split(page.inner_text(".law-text"))[0].replace(
        page.inner_text("details.provenance"), ""
    )
    assert page.locator("details.provenance").get_attribute("open") is None  # the hash waits behind a disclosure
    first = page.locator(".law-text .unit-article").first
    box = first.bounding_box()
    assert box is not None and box["y"] < SCREEN[width], box
    assert "第一条" in first.inner_text()
    toc = page.locator(".toc a").all_text_contents()  # folded on a phone: there, one line opens it
    assert "第十九条（設置）" in toc  # articles with their captions
    assert "人工知能戦略本部" in page.inner_text(".unit-article:has(#u-第四章-第十九条) .defines")
    _shot(page, f"text-{lang}-{width}")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_article_history_shows_each_text_and_says_first_on_file(
    browser: Any, built_site: Path, width: int, lang: str
) -> None:
    """第十九条 was promulgated on 2025-06-04 but its first text on file is that of 2025-09-01: the history says
    "first on file", shows the text, and names the stage by its date and milestone."""
    page, problems = open_page(browser, built_site / lang / AI / "article" / "ja" / "u-第四章-第十九条.html", width)
    row = page.locator(".article-history li").first
    text = row.inner_text()
    assert ("text first on file here" if lang == "en" else "データ上の初出") in text
    assert ("first appears" if lang == "en" else "初出（") not in text.replace("データ上の初出", "")
    assert "内閣に、人工知能戦略本部" in row.locator(".lt-text").inner_text()
    assert row.locator("a").first.inner_text() == ("in force" if lang == "en" else "施行")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"article-{lang}-{width}")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("ui", "query", "first"), [("ja", "人工知能戦略本部", "第十九条"), ("en", "Strategic Headquarters", "Article 19")]
)
def test_search_lands_on_the_defining_article(
    browser: Any, served: str, width: int, ui: str, query: str, first: str
) -> None:
    """A term's search leads first to the provision that defines it, and each text is indexed once."""
    page, problems = open_page(browser, f"{served}/{ui}/search.html?q=" + urllib.parse.quote(query), width)
    page.locator(".search-results li li a").first.wait_for(timeout=15000)
    subs = page.locator(".search-results li li a").all_inner_texts()
    assert first in subs[0], subs
    pages = page.locator(".search-results > li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    texts = [h for h in pages if "/text/" in h]
    assert len(texts) == len(set(texts)) and all(f"/{ui}/" in h for h in pages)
    if "Headquarters" in query:  # the English act is indexed once: on the stage whose text it is, not again
        assert [h for h in texts if f"/{AI}/" in h] == [f"/sub/{ui}/{AI}/text/08-promulgated.en.html"]
    _shot(page, f"search-{ui}-{width}")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_links_a_reader_can_follow(browser: Any, served: str, width: int, lang: str) -> None:
    """Record links open readable pages and say what they open; the clone command names the site it is on."""
    page, problems = open_page(browser, f"{served}/{lang}/{AI}/index.html", width)
    data_word = "the data this was read from" if lang == "en" else "読み取ったデータ"
    links = page.locator("main a[href^='http']").evaluate_all(
        "els => els.map(e => [e.textContent.trim(), e.getAttribute('href')])"
    )
    for text, href in links:
        assert not re.fullmatch(r"\[?\d+\]?", text), (text, href)  # named, not [1] [2]
        if "/api/" in href:
            assert text == data_word, (text, href)  # an API address only as the data beside a readable page
    clone = page.inner_text("code.clone")
    assert clone.startswith("git clone") and f"{served}/store.git" in clone and "<site>" not in clone
    assert problems == []
    page.context.close()


@pytest.mark.parametrize(
    "query",
    [
        "閣法29",
        "217-29",
        "第217回国会閣法第29号",
        "令和7年法律第53号",
        "令和七年法律第五十三号",
        "第二百十七回国会閣法第二十九号",
        "人工知能関連",
    ],
)
def test_the_finder_reads_numbers_as_people_write_them(browser: Any, built_site: Path, query: str) -> None:
    """A bill by its number or its law number in digits or in kanji, or by words of its title (from file:// too)."""
    page, problems = open_page(browser, built_site / "ja" / "search.html", 375)
    page.fill(".search-form input[name=q]", query)
    page.locator(".finder-results a").first.wait_for(timeout=5000)
    assert page.locator(".finder-results a").first.get_attribute("href", timeout=1000).endswith(f"/{AI}/index.html")
    # the text search beside it cannot run from file://: it says so, and never asks for the index (a CORS error)
    said = page.locator(".search-results li").first
    said.wait_for(timeout=5000)
    assert "file://" in said.inner_text()
    assert problems == []
    page.context.close()


_WORDS_SPLIT = """() => {
  // every visible header cell and date: the number of lines it takes, and the longest word's width against its box
  const out = [];
  document.querySelectorAll("main th, main td time, main .nowrap").forEach((el) => {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).display === "none") { return; }
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    const words = el.textContent.trim().split(/\\s+/).filter(Boolean);
    out.push({ text: el.textContent.trim(), lines: tops.size, words: words.length });
  });
  return out;
}"""


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_tables_on_a_phone_read_as_cards_and_keep_words_whole(browser: Any, built_site: Path, lang: str) -> None:
    """At 375 px a table of many columns is a list of cards, each cell named by its column; a header of a small
    table (the diff digest's "modified") and a date are never broken inside a word ("modifi/ed")."""
    for path in [
        built_site / lang / "jp-ai-promotion-act" / "sources.html",
        built_site / lang / "jp-appi" / "index.html",
        built_site / lang / "jp-appi" / "diff" / "02-amended..03-amended.ja.html",
    ]:
        page, problems = open_page(browser, path, 375)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        cards = page.locator("table.cards")
        for i in range(cards.count()):
            table = cards.nth(i)
            assert table.locator("thead").is_hidden()
            assert table.locator("tr").nth(1).evaluate("e => getComputedStyle(e).display") == "block"
            labels = table.locator("td").evaluate_all("els => els.map(e => getComputedStyle(e, '::before').content)")
            assert labels and all(label not in ("none", "normal", '""') for label in labels), path
        for cell in page.evaluate(_WORDS_SPLIT):
            assert cell["lines"] <= max(cell["words"], 1), (path.name, cell)
        assert problems == []
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_words_of_the_key_facts_are_explained_where_they_stand(browser: Any, built_site: Path, lang: str) -> None:
    """成立, 公布, 施行: a short gloss under the key facts, on the first screen of a phone, and a link that opens the
    procedure step by step (explained once, on the home page)."""
    page, problems = open_page(browser, built_site / lang / "jp-ai-promotion-act" / "index.html", 375)
    words = page.locator(".kf-words")
    assert words.is_visible() and words.bounding_box()["y"] < SCREEN[375]
    words.locator("summary").click()
    assert ("公布＝官報に掲載" if lang == "ja" else "promulgated (公布): published in the Official Gazette") in (
        words.inner_text()
    )
    words.locator("a").click()
    page.wait_for_url(f"**/{lang}/index.html#procedure")
    assert page.locator("details.procedure").evaluate("d => d.open")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_act_at_work_reads_apart_from_the_diet(browser: Any, built_site: Path, width: int, lang: str) -> None:
    """What the government did under the AI Act (the headquarters, the guidelines, the basic plan) is drawn apart
    from the Diet's stages, names the article it carries out, and fits a phone; the key facts say what is carried
    out so far, and 第十八条's page links the basic plan."""
    page, problems = open_page(
        browser, (built_site / lang / AI / "index.html").as_uri() + "#stage-13-plan-adopted", width
    )
    stage = page.locator("#stage-13-plan-adopted")
    assert "at-work" in (stage.get_attribute("class") or "")
    assert stage.locator(".at-work-tag").inner_text() == ("The law at work" if lang == "en" else "法律の運用")
    carried = stage.locator("dd a[lang='ja']", has_text="第十八条")
    assert carried.count() == 1
    # the square marker and the green rule tell it apart from a Diet decision at a glance
    colour = stage.evaluate("el => getComputedStyle(el).borderLeftColor")
    decision = page.locator("#stage-07-enacted").evaluate("el => getComputedStyle(el).borderLeftColor")
    assert colour != decision
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".axis-point.at-work").count() == 6  # the standing obligation has no day on the axis
    facts = page.locator("#carried-out + dd").inner_text()
    assert ("3 of 13 acted on" if lang == "en" else "13条のうち実施の記録あり3") in facts
    _shot(page, f"at-work-{lang}-{width}")
    carried.click()
    page.wait_for_load_state()
    assert page.url.endswith("/article/ja/u-%E7%AC%AC%E4%B8%89%E7%AB%A0-%E7%AC%AC%E5%8D%81%E5%85%AB%E6%9D%A1.html")
    events = page.locator(".carried-by li")
    assert events.count() == 2 and "2025-12-23" in (events.nth(1).locator("time").get_attribute("datetime") or "")
    assert events.nth(1).locator("a[href*='cao.go.jp/press/new_wave/20260206']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"at-work-article-{lang}-{width}")
    assert problems == []
    page.context.close()
