"""The text in force on any day of a law kept compact (every Act through every revision): its latest text's page
rebuilds an earlier text in the reader's browser from the revisions' diffs (site.js, legistrack/diff/rewind.py),
checked against the SHA-256 of the text in the store. The APPI of the real legalize-jp slice: 26 revisions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from ..cli.test_legalize import _clone, _import
from ..conftest import Project, needs_real_data
from .conftest import PYTESTMARK, serve
from .conftest import open_page as _open

pytestmark = [*PYTESTMARK, needs_real_data]

LAW = "jp-415ac0000000057"
LATEST = "27-amended"


@pytest.fixture(scope="module")
def appi(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("rewind")
    p = Project(root / "p")
    p.bills.mkdir(parents=True)
    _import(p, _clone(root), "--law", "415AC0000000057")
    p.run("build", "--out", str(p.root / "site"))
    return p


@pytest.fixture(scope="module")
def site(appi: Project) -> Iterator[str]:
    yield from serve(appi.root / "site")


def _texts(p: Project) -> dict[str, str]:
    """Each stage's SHA-256 of its text, as the store holds it."""
    stages = json.loads(p.run("stage", "list", LAW, "--json").output)
    return {s["id"]: s["texts"]["ja"]["sha256"] for s in stages if (s["texts"].get("ja") or {}).get("sha256")}


def _shown(page: Any) -> str:
    return str(
        page.evaluate(
            "[...document.querySelectorAll('article.law-text > section.unit .lt-text')]"
            ".map(e => e.textContent).join('')"
        )
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_an_earlier_day_rebuilds_the_text_then_in_force(browser: Any, appi: Project, site: str, width: int) -> None:
    """1 June 2017, from the law's timeline: the text in force from 2017-05-30 (the second revision of that day),
    rebuilt from the latest by undoing 23 revisions, byte for byte the store's text, its provisions changed since
    then marked with the revision that changed them next."""
    page, problems = _open(browser, f"{site}/ja/{LAW}/index.html", width)
    page.fill("input[name='on-ja']", "2017-06-01")
    page.click("button[data-in-force='ja']")
    page.wait_for_url(f"**/text/{LATEST}.ja.html?on=2017-06-01")
    page.wait_for_selector("html.rewound", state="attached")
    banner = page.inner_text(".validity-on")
    assert "2017-06-01に施行されていた本文" in banner and "2017-05-30から施行、2020-01-06まで" in banner, banner
    assert "23回の改正" in banner and "SHA-256 はストアの本文と一致する" in banner, banner
    shown = _shown(page)
    assert hashlib.sha256(shown.encode("utf-8")).hexdigest() == _texts(appi)["04-amended"]
    assert page.inner_text(".version-of").startswith("この段階の本文: 2017-05-30")
    # the provisions that read otherwise today: each says which revision changed it next, and links its diff
    notes = page.locator(".then-note a")
    assert notes.count() > 10
    assert "/diff/" in (notes.first.get_attribute("href") or "")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert problems == []
    page.context.close()


def test_texts_in_force_are_rebuilt_exactly(browser: Any, appi: Project, site: str) -> None:
    """The first day of versions in force: the text shown is the store's, byte for byte. The deepest (25 revisions
    undone), one of two revisions that took effect the same day, one in the middle, the one before the latest
    (every revision is rebuilt in Python by tests/core/test_rewind.py; here the script that follows it)."""
    texts = _texts(appi)
    stages = json.loads(appi.run("stage", "list", LAW, "--json").output)
    firsts: dict[str, str] = {}
    for s in stages:
        if s["id"] in texts:
            firsts[s["date"]] = s["id"]  # the last revision of a day is the text in force that day
    days = sorted(firsts)[:-1]  # the latest has its own page
    page, problems = _open(browser, f"{site}/ja/{LAW}/index.html")
    for day in (days[0], "2022-04-01", days[len(days) // 2], days[-1]):
        page.goto(f"{site}/ja/{LAW}/text/{LATEST}.ja.html?on={day}")
        page.wait_for_selector("html.rewound", state="attached")
        stage = firsts[day]
        assert hashlib.sha256(_shown(page).encode("utf-8")).hexdigest() == texts[stage], (day, stage)
    assert firsts["2022-04-01"] == "12-amended"  # 11 and 12 took effect that day: the second is the text
    assert problems == []
    page.context.close()


def test_a_day_before_the_first_text_says_so(browser: Any, site: str) -> None:
    page, problems = _open(browser, f"{site}/ja/{LAW}/text/{LATEST}.ja.html?on=2010-01-01")
    banner = page.inner_text(".validity-on")
    assert "2010-01-01に施行されていた本文はデータにない" in banner and "2017-03-01" in banner, banner
    assert problems == []
    page.context.close()


def test_opened_from_disk_it_says_how_to_read_an_earlier_text(browser: Any, appi: Project) -> None:
    """A browser does not let a page on disk read the site's files: the page says to serve the site, and links the
    diff of the revision in force that day; the latest text stays as it is."""
    path = appi.root / "site" / "ja" / LAW / "text" / f"{LATEST}.ja.html"
    page, problems = _open(browser, path.as_uri() + "?on=2020-02-01")
    banner = page.inner_text(".validity-on")
    assert "python3 -m http.server" in banner, banner
    assert (page.locator(".validity-on a").get_attribute("href") or "").endswith("/diff/04-amended..05-amended.ja.html")
    assert page.locator(".then-note").count() == 0
    assert problems == []
    page.context.close()


def test_the_versions_table_links_each_earlier_text(browser: Any, site: str) -> None:
    """Without typing a day: each earlier version in the table links its diff and its whole text rebuilt."""
    page, problems = _open(browser, f"{site}/en/{LAW}/index.html")
    links = page.locator(".in-force-table a.rebuilt")
    assert links.count() == 25  # every version in force but the latest (which has its own page)
    assert (links.first.get_attribute("href") or "").endswith(f"ja/{LAW}/text/{LATEST}.ja.html?on=2017-03-01")
    links.first.click()
    page.wait_for_selector("html.rewound", state="attached")
    assert "2017-03-01" in page.inner_text(".validity-on")
    assert problems == []
    page.context.close()
