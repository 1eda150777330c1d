"""legistrack build: pages, links, determinism, safety, the published git store, failure handling."""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from legistrack.project import Project as Located
from legistrack.publish import sitedb
from legistrack.site import build as site_build
from legistrack.site import model as site_model
from legistrack.site import render as site_render
from legistrack.site import search as site_search
from legistrack.site.pages import common as page_common
from legistrack.site.pages import diff as diff_page
from legistrack.site.strings import LANGS

from ..conftest import BUNDLED, GOLDEN_DIR, REPO, Project, check_golden, snapshot

_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)?>")
_ATTR = re.compile(r'([\w:.-]+)(?:="([^"]*)")?')


@dataclass
class _Links:
    """A page's links (tag, href or src), ids, inline scripts and style attributes, read with two regular
    expressions: the pages are legistrack's own output, every attribute value double-quoted and escaped (an
    HTMLParser over the bundled site's 2,257 pages took 10 s of the suite)."""

    refs: list[tuple[str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    inline_scripts: int = 0
    style_attrs: int = 0


@functools.cache
def _is_file(path: Path) -> bool:
    return path.is_file()


@functools.cache
def _parse(path: Path) -> _Links:
    parsed = _Links()
    for tag in _TAG.finditer(path.read_text(encoding="utf-8")):
        name, attrs = tag.group(1).lower(), dict(_ATTR.findall(tag.group(2) or ""))
        if attrs.get("id"):
            parsed.ids.add(html.unescape(attrs["id"]))
        parsed.refs += [(name, html.unescape(attrs[key])) for key in ("href", "src") if key in attrs]
        parsed.style_attrs += "style" in attrs
        parsed.inline_scripts += name == "script" and not attrs.get("src")
    return parsed


@pytest.fixture(scope="module")
def built(built_site: Path) -> Path:
    return built_site


def test_every_language_switch_leads_to_the_other_language(built: Path) -> None:
    """Each page's 日本語 / English link opens the same page in the other language; the root page, which is in
    neither folder, leads to the Japanese home (it pointed at itself)."""
    for page in [built / "index.html", *sorted(built.glob("*/jp-ai-promotion-act/**/*.html"))[:40]]:
        rel = page.relative_to(built).as_posix()
        (href,) = re.findall(r'class="lang-switch" href="([^"]+)"', page.read_text(encoding="utf-8"))
        target = (page.parent / href).resolve().relative_to(built.resolve()).as_posix()
        want = "ja/index.html" if rel == "index.html" else ("ja" if rel.startswith("en/") else "en") + rel[2:]
        assert target == want, rel


def test_counts_read_right_in_english(built: Path) -> None:
    """One of a thing is singular ("1 stage", not "1 Stage"; never "1 bills"), and the time axis says what its
    numbers are."""
    us = (built / "en" / "us-hr2157-116" / "index.html").read_text(encoding="utf-8")
    assert "Time axis (to scale): 2 stages over " in us
    ai = (built / "ja" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"22段階・\d+日間", ai)
    for page in (built / "en").rglob("*.html"):
        text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        assert not re.search(
            r"(?<![\d.,])\b1 (?:law )?(?:bills|stages|sittings|claims|units|sessions|days|sources)\b", text
        )
        assert not re.search(r"\b\d+ Stage\b", text), page


def test_where_the_bill_is_now_leads_the_key_facts(built: Path) -> None:
    """The AI Act's steps, each done, each linked to the stage that did it; a law followed through its revisions
    only has no passage to show."""
    ai = (built / "en" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    tracker = ai.split('<ol class="tracker"')[1].split("</ol>")[0]
    steps = re.findall(r'<li class="(\w+)"><a href="#stage-([^"]+)"><span class="tracker-step">([^<]+)</span>', tracker)
    assert steps == [
        ("done", "01-cabinet-decision", "Cabinet decision"),
        ("done", "04-plenary-vote", "Passed the HR"),
        ("done", "07-enacted", "Passed the HC"),
        ("done", "07-enacted", "Enacted"),
        ("done", "08-promulgated", "Promulgated"),
        ("done", "08a-in-force", "In force"),
    ]
    assert 'class="tracker"' not in (built / "en" / "jp-appi" / "index.html").read_text(encoding="utf-8")
    ja = (built / "ja" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    assert "衆議院可決</span> <time>2025-04-24</time>" in ja  # an ISO date is its own datetime (HTML's <time>)


def test_pages_exist(built: Path) -> None:
    for path in [
        "index.html",
        "en/index.html",
        "ja/index.html",
        "assets/style.css",
        "assets/site.js",
        "en/jp-ai-promotion-act/index.html",
        "ja/jp-ai-promotion-act/index.html",
        "en/jp-ai-promotion-act/sources.html",
        "en/jp-ai-promotion-act/text/09-in-force.ja.html",
        "en/jp-ai-promotion-act/text/08-promulgated.en.html",
        "en/jp-appi/diff/02-amended..03-amended.ja.html",
        "ja/us-hr2157-116/diff/01-introduced..02-signed.en.html",
        "jp-appi/diff/02-amended..03-amended.ja.json",
        "en/jp-appi/diff/02-amended..27-amended.ja.html",  # each revision against the latest
        "en/jp-appi/compare.html",  # any other pair, in the browser
        "jp-appi/text/05-amended.ja.js",  # from these
        "jp-ai-promotion-act/timeline.json",
        "jp-ai-promotion-act/feed.atom",
        "store.git/HEAD",
        "store.git/info/refs",
        "en/search.html",
        "ja/search.html",
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
    ]:
        assert (built / path).is_file(), path
    # Pagefind's ready-made UIs are not used by the search page: not shipped
    assert sorted(p.name for p in (built / "pagefind").glob("*.js")) == ["pagefind-worker.js", "pagefind.js"]
    assert list((built / "pagefind").glob("*.css")) == []


def test_article_histories_follow_renumbering_and_removal(built: Path) -> None:
    """H.R. 2157's Sec. 102 became Sec. 101: the introduced text links it to the history of the enrolled Sec. 101,
    and a section the enrolled bill dropped has a history page that ends in its removal."""
    base = built / "en" / "us-hr2157-116"
    introduced = _parse(base / "text" / "01-introduced.en.html")
    links = [href for tag, href in introduced.refs if "/article/" in href]
    assert "../../../en/us-hr2157-116/article/en/u-TITLE-I-Sec-101.html" in links
    page = (base / "text" / "01-introduced.en.html").read_text(encoding="utf-8")
    sec102 = page[page.index('id="u-TITLE-I-Sec-102"') :]
    assert re.search(r'href="[^"]*/article/en/([^"]+)"', sec102).group(1) == "u-TITLE-I-Sec-101.html"  # type: ignore[union-attr]
    history = (base / "article" / "en" / "u-TITLE-I-Sec-101.html").read_text(encoding="utf-8")
    history = history[history.index('<ol class="article-history">') :]
    assert "(TITLE I/Sec. 102.)" in history and "(TITLE I/Sec. 101.)" in history  # both labels, in order
    assert history.index("TITLE I/Sec. 102.") < history.index("TITLE I/Sec. 101.")
    assert "renumbered, text unchanged" in history  # Sec. 102 became Sec. 101 word for word
    removed = sorted((base / "article" / "en").glob("*-removed-02-signed.html"))
    assert removed, "no history page for a section the enrolled bill removed"
    text = removed[0].read_text(encoding="utf-8")
    assert "removed" in text and "first appears" in text and "<del>" in text
    # every unit of every version page links to a history
    for version in (base / "text").glob("*.html"):
        parsed = _parse(version)
        assert sum("/article/" in href for _, href in parsed.refs) >= sum(i.startswith("u-") for i in parsed.ids)


@pytest.mark.slow
def test_every_local_link_resolves(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 100
    assert sum(len(_parse(page).refs) for page in pages) > 50_000  # (the bundled site: 89,000 links)
    for page in pages:
        parsed = _parse(page)
        for tag, ref in parsed.refs:
            if ref == "data:,":  # the empty favicon: no request at all
                continue
            if re.match(r"^(https?:|mailto:)", ref):
                assert tag == "a", f"{page}: {tag} loads {ref} from outside the site"
                continue
            target, _, fragment = ref.partition("#")
            file = Path(os.path.normpath(page.parent / target)) if target else page  # the site holds no symlink
            assert _is_file(file), f"{page.relative_to(built)}: broken link {ref}"
            if fragment and file.suffix == ".html" and not fragment.startswith("layout-"):
                assert fragment in _parse(file).ids, f"{page.relative_to(built)}: no #{fragment} in {target}"
        assert parsed.inline_scripts == 0 and parsed.style_attrs == 0, page  # the CSP forbids both


def test_languages_and_csp(built: Path) -> None:
    for lang in ("en", "ja"):
        text = (built / lang / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in text
        assert "Content-Security-Policy" in text and "script-src 'self'" in text
        other = "ja" if lang == "en" else "en"
        assert f'href="../../{other}/jp-ai-promotion-act/index.html" hreflang="{other}"' in text
    ja = (built / "ja" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    assert "法律ができるまで" in ja and "公式記録と矛盾" in ja


def test_a_law_of_many_revisions_grows_linearly(built: Path) -> None:
    """26 revisions: each against the next and against the latest, not every pair (325); the others in the
    browser, from one data file per revision."""
    diffs = sorted(p.name for p in (built / "en" / "jp-appi" / "diff").glob("*.html"))
    assert len(diffs) == 25 + 24  # adjacent pairs, then each against the latest (the adjacent one counted once)
    assert "05-amended..06-amended.ja.html" in diffs and "05-amended..27-amended.ja.html" in diffs
    assert "05-amended..09-amended.ja.html" not in diffs
    assert len(list((built / "jp-appi" / "text").glob("*.ja.js"))) == 26
    data = (built / "jp-appi" / "text" / "05-amended.ja.js").read_text(encoding="utf-8")
    assert data.startswith('(window.LEGISTRACK_TEXTS = window.LEGISTRACK_TEXTS || {})["05-amended.ja"] = {')
    timeline = (built / "en" / "jp-appi" / "index.html").read_text(encoding="utf-8")
    assert 'data-compare-page="compare.html"' in timeline and "05-amended..09-amended" not in timeline
    # bills with three texts or fewer keep every pair and need no compare page
    assert not (built / "en" / "jp-ai-promotion-act" / "compare.html").exists()


def test_in_force_on_a_date(built: Path) -> None:
    """The AI Act on 2025-07-01: the text in force from 2025-06-04 (Chapters 1-2), Chapters 3-4 not yet."""
    timeline = (built / "en" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    assert (
        "&#34;ja&#34;:[[&#34;08a-in-force&#34;,&#34;2025-06-04&#34;,&#34;text/08a-in-force.ja.html&#34;],"
        "[&#34;09-in-force&#34;,&#34;2025-09-01&#34;,&#34;text/09-in-force.ja.html&#34;]]" in timeline
    )
    assert "in force from 2025-06-04 until 2025-08-31" in timeline
    partly = (built / "en" / "jp-ai-promotion-act" / "text" / "08a-in-force.ja.html").read_text(encoding="utf-8")
    assert 'data-start="2025-06-04" data-until="2025-08-31"' in partly
    # not yet in force, by date and milestone, with the provisions in the reader's language
    assert "<time>2025-09-01</time> in force: Chapter III Artificial Intelligence Basic Plan" in partly
    ja = (built / "ja" / "jp-ai-promotion-act" / "text" / "08a-in-force.ja.html").read_text(encoding="utf-8")
    assert "<time>2025-09-01</time> 施行: 第三章　人工知能基本計画（第十八条）" in ja
    assert "第十八条" not in partly.split('class="law-text"')[1]
    fully = (built / "en" / "jp-ai-promotion-act" / "text" / "09-in-force.ja.html").read_text(encoding="utf-8")
    assert 'data-until=""' in fully and "the latest on file" in fully


def test_an_entry_into_force_is_not_called_new_law(built: Path) -> None:
    """The AI Act's 1 September diff inserts Chapters 3-4: the page says they took effect, not that they were enacted
    then; a revision made by an amending act says nothing of the kind."""
    ai = _read(built, "ja/jp-ai-promotion-act/diff/08a-in-force..09-in-force.ja.html")
    assert "2025-09-01は施行の日であり、新設と示す部分は、新たな立法ではなく、その日に施行された規定である。" in ai
    appi = _read(built, "en/jp-appi/diff/24-amended..25-amended.ja.html")
    assert "is an entry into force" not in appi


def test_laws_and_the_acts_that_amended_them_link_both_ways(built: Path) -> None:
    cao = (built / "en" / "jp-cabinet-office-establishment-act" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="ja">令和7年法律第53号</span> · <a href="../../en/jp-ai-promotion-act/index.html">' in cao
    ai = (built / "en" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../en/jp-cabinet-office-establishment-act/index.html#stage-03-amended"' in ai
    # the AI Act's revision of the Cabinet Office Establishment Act on 2025-09-01 (附則第三条), in both layouts
    diff = "../../en/jp-cabinet-office-establishment-act/diff/02-amended..03-amended.ja.html"
    assert f'<a href="{diff}#layout-side">Side by side</a>' in ai and f'<a href="{diff}#layout-taisho">' in ai
    assert (built / "en" / "jp-cabinet-office-establishment-act" / "diff" / "02-amended..03-amended.ja.html").is_file()
    # the law's list of the acts that amended it, each linked to the revision and the act's page
    ja = (built / "ja" / "jp-cabinet-office-establishment-act" / "index.html").read_text(encoding="utf-8")
    listed = ja.split("<dt>この法律を改正した法律の法律案</dt>")[1].split("</dd>")[0]
    assert '<a href="#stage-03-amended"><time datetime="2025-09-01">' in listed
    assert '令和7年法律第53号：<a href="../../ja/jp-ai-promotion-act/index.html">' in listed


def test_diff_pages_say_what_a_reader_must_know(built: Path) -> None:
    same_day = (built / "en" / "jp-appi" / "diff" / "03-amended..04-amended.ja.html").read_text(encoding="utf-8")
    assert "Another act&#39;s revision takes effect the same day (2017-05-30)" in same_day
    plain = (built / "en" / "jp-appi" / "diff" / "24-amended..25-amended.ja.html").read_text(encoding="utf-8")
    assert 'class="notice"' not in plain  # one source, one act that day


def test_a_diff_page_holds_each_change_once(built: Path) -> None:
    """The redline holds every change; side by side and the 新旧対照表 are one table (read either way by CSS) whose
    rows the reader's browser draws from it (tests/browser: cell for cell the engine's table): the page carries each
    change once, and both layouts' anchors and the table's head and words."""
    page = (built / "ja" / "jp-appi" / "diff" / "24-amended..25-amended.ja.html").read_text(encoding="utf-8")
    assert page.count("<table") == 2  # the digest's counts by scope, and the two-column table
    assert page.count('<table class="lt-pair">') == 1
    assert page.count("<del>禁錮</del><ins>拘禁刑</ins>") == page.count("<del>禁錮</del>") >= 1
    assert '<tbody data-drawn-from="layout-inline" data-id-prefix="side-" data-added="（新設）"' in page
    assert '<th scope="col" class="lt-col-old">改正前</th><th scope="col" class="lt-col-new">改正後</th>' in page
    assert '<span id="layout-side" class="layout-anchor"></span>' in page and 'id="layout-taisho"' in page
    # an unchanged sentence of a changed article: once (it was five, then three)
    assert page.count("第四十八条　次の各号のいずれかに該当する者は") == 1


def test_timeline_content(built: Path) -> None:
    text = (built / "en" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    # the axis as the build placed it (site.js draws it from the list: tests/browser): every dated stage, the
    # milestones each in a row of labels, debates light and unlabelled
    assert "<svg" not in text and text.count(' data-x="') == 21 and text.count('<li class="minor" data-x=') == 5
    assert text.count(" data-row=") == 16
    first = '<li data-x="40.0" data-row="0" data-anchor="start"><a href="#stage-01-cabinet-decision">'
    assert first + "<time>2025-02-28</time> Cabinet decision</a></li>" in text
    hc = r'data-row="\d+"[^>]*><a href="#stage-06-committee-vote"><time>2025-05-27</time> HC committee vote</a>'
    assert re.search(hc, text)
    # a reader picks stages by date and milestone; an id only tells apart two that read the same
    assert '<option value="08a-in-force" selected>2025-06-04 in force</option>' in text
    appi = (built / "ja" / "jp-appi" / "index.html").read_text(encoding="utf-8")
    assert '<option value="03-amended">2017-05-30 改正施行（平成28年法律第51号）</option>' in appi
    assert "“enacted 15 March 2025”" in text and "Contradicted by the record" in text
    assert "Text identical to the previous stage (verified)" in text
    assert "How a bill becomes law" in text
    version = (built / "en" / "jp-ai-promotion-act" / "text" / "09-in-force.ja.html").read_text(encoding="utf-8")
    assert 'id="u-第四章-第十九条"' in version and "人工知能戦略本部" in version


def test_clone_from_static_hosting(built: Path, tmp_path: Path) -> None:
    """`git clone --single-branch -b <bill> <site>/store.git` over plain static HTTP (dumb protocol), on the
    loopback only: one bill's stages and tags, nothing of the others."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=str(built)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store.git"
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
        clone = ["git", "clone", "-q", "--single-branch", "-b", "jp-appi", url, str(tmp_path / "clone")]
        subprocess.run(clone, check=True, env=env, timeout=60)
    finally:
        server.shutdown()
    log = subprocess.run(
        ["git", "-C", str(tmp_path / "clone"), "log", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(log) == 34 and log[-1].startswith("Promulgated as Act No. 57 of 2003")
    tags = subprocess.run(["git", "-C", str(tmp_path / "clone"), "tag"], capture_output=True, text=True).stdout
    assert "jp-appi/03-amended" in tags


@pytest.mark.slow
def test_a_clone_of_the_published_store_builds_the_same_site(
    small: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is the record: a bare clone of the site's store.git, with no bills/ anywhere, builds the same site
    byte for byte. This build renders in one process, where the module's build rendered in worker processes:
    so one build here shows the clone, serial rendering and the build's determinism alike."""
    from click.testing import CliRunner

    from legistrack.cli import cli

    built = small[1]
    assert len(LANGS) * 3 >= site_build.RENDER_PARALLEL_FROM
    monkeypatch.setattr(site_build, "RENDER_PARALLEL_FROM", 10**6)
    clone = tmp_path / "clone.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(built / "store.git"), str(clone)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "site"
    args = ["--bills", str(elsewhere / "bills"), "--store", str(clone), "build", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert snapshot(out) == snapshot(built)


def test_hostile_strings_render_inert(demo: Project, tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    text = tmp_path / "hostile.txt"
    text.write_text(f"第一条　{hostile}\n第二条　本文\n", encoding="utf-8")
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
        "--source",
        "https://example.org/?q=<script>",
        "--source-title",
        hostile,
        "--text",
        str(text),
        "--lang",
        "ja",
        "--body",
        hostile,
    )
    demo.run("build", "--out", str(tmp_path / "out"))
    for page in (tmp_path / "out").rglob("*.html"):
        content = page.read_text(encoding="utf-8")
        assert "<script>alert" not in content and "<img src=x" not in content, page
    timeline = (tmp_path / "out" / "en" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline


def test_safe_url() -> None:
    assert site_render.safe_url("javascript:alert(1)") == "#"
    assert site_render.safe_url(" JavaScript:alert(1)") == "#"
    assert site_render.safe_url("https://example.org/") == "https://example.org/"
    assert site_render.safe_url("../x.html#a") == "../x.html#a"


@pytest.mark.slow
def test_failed_build_leaves_the_site(demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    demo.run("build", "--out", str(out))
    (out / "README.md").write_text("kept\n")
    before = snapshot(out)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(site_build, "render_bills", broken)
    with pytest.raises(RuntimeError):
        demo.run("build", "--out", str(out), "--force")
    monkeypatch.undo()
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if "building" in p.name] == []
    demo.run("build", "--out", str(out), "--force")
    assert (out / "README.md").read_text() == "kept\n"  # the committed README survives a rebuild


def test_a_failed_build_does_not_wait_on_what_it_will_not_read(
    demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early process sends each result through a pipe (64 KB): the kept files of every Act are megabytes, which
    the child can only send once the build reads them. A build that fails before it does ends, with its error, and
    changes nothing; it does not wait for the child for ever."""
    from legistrack.publish import build as build_module

    out = tmp_path / "out"
    demo.run("build", "--out", str(out))
    before = snapshot(out)
    many = {f"bill-{i}": [f"ja/bill-{i}/{'x' * 200}.html"] * 10 for i in range(2000)}  # about 4 MB pickled
    monkeypatch.setattr(build_module._Linking, "rest", lambda self: (many, []))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(site_build, "render_bills", broken)
    failed: list[BaseException] = []

    def attempt() -> None:
        try:
            demo.run("build", "--out", str(out), "--force")
        except RuntimeError as exc:
            failed.append(exc)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the failed build is waiting on its early process"
    assert failed and "disk full" in str(failed[0])
    assert snapshot(out) == before


def test_pages_render_with_no_thread_beside_them(
    demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page workers are forked only while the build runs one thread (site.build.render_bills: a lock another
    thread holds at a fork stays held in the child). What the build starts beside its pages (the published store,
    the previous database unpacked) runs in a child process: in threads, every page was rendered on one core."""
    seen: list[int] = []
    real = site_build.render_bills

    def spied(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(threading.active_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(site_build, "render_bills", spied)
    before = threading.active_count()
    demo.run("build", "--out", str(tmp_path / "out"))
    assert seen and all(n == before for n in seen), (before, seen)


def test_the_page_workers_compile_no_template(demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The templates are compiled once, before the page workers are forked (site.render.compile_templates): each
    worker of each batch compiled them again, 0.3 s a worker, 70 batches for every Act. Every process that compiles
    one writes its pid down; the workers (forked from the build, so patched alike) write none."""
    import jinja2

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: the pages are rendered in the build's own process")
    log = tmp_path / "compiled"
    real = jinja2.Environment.compile

    def compile_noted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_noted)
    site_render.environment.cache_clear()  # templates compiled by an earlier test in this process: compiled again
    rendered = tmp_path / "rendered"
    from legistrack.site.pages import write_bill

    def write_noted(*args, **kwargs):  # type: ignore[no-untyped-def]
        with rendered.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return write_bill(*args, **kwargs)

    monkeypatch.setattr(site_build, "write_bill", write_noted)
    demo.run("build", "--out", str(tmp_path / "out"))
    workers = {int(line) for line in rendered.read_text().split()}
    compiled = {int(line) for line in log.read_text().split()}
    assert workers and os.getpid() not in workers  # the pages were rendered by workers
    assert compiled == {os.getpid()}


@pytest.mark.slow
def test_unchanged_store_is_not_rebuilt(demo: Project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert demo.run("build", "--out", str(out)).output.startswith("Built ")
    before = snapshot(out)
    assert demo.run("build", "--out", str(out)).output.startswith("Up to date: ")
    assert snapshot(out) == before
    demo.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "promulgated",
        "--date",
        "2025-06-04",
        "--title",
        "Promulgated",
        "--source",
        "https://example.org/p",
        "--same-text",
        "--reason",
        "promulgated as enacted",
    )
    assert demo.run("build", "--out", str(out)).output.startswith("Built ")


@pytest.mark.slow
def test_build_syncs_bills_first(demo: Project, tmp_path: Path) -> None:
    """bills/ ahead of the store: build brings the store in step (journaled, as sync), then renders the store."""
    manifest = demo.bills / "demo" / "bill.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('title = {en = "Enacted"}', 'title = {en = "Passed"}')
    )
    result = demo.run("build", "--out", str(tmp_path / "out"))
    assert "demo: 3 stages" in result.output and "refs updated" in result.output
    assert "Passed" in (tmp_path / "out" / "en" / "demo" / "index.html").read_text(encoding="utf-8")
    demo.run("verify")
    assert "Up to date" in demo.run("build", "--out", str(tmp_path / "out")).output


def test_a_build_syncs_only_the_packages_that_changed(bundled: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The packages a build's check found as the store holds them (their files' digest and refs as planned) are not
    read and planned again by its sync: one edited package of the whole record's 7,914 was 80 s of planning them
    all. The sync's report is the full sync's."""
    from legistrack import project as project_module
    from legistrack.project import Project as LtProject
    from legistrack.publish.keys import in_step_cached

    lt = LtProject.locate(bundled.bills, bundled.store)
    assert in_step_cached(lt)[0]
    manifest = bundled.bills / "us-hr2157-116" / "bill.toml"
    manifest.write_text(manifest.read_text("utf-8").replace("Mrs. Lowey;", "Mrs. Lowey (D-NY);"), "utf-8")
    current, _, known = in_step_cached(lt)
    assert not current and "us-hr2157-116" not in known and len(known) == len(os.listdir(bundled.bills)) - 1
    planned: list[str] = []
    whole = getattr(project_module, "plan_bill")  # noqa: B009 (project re-exports it from store.objects)

    def spied(package: object) -> object:
        planned.append(package.bill.id)  # type: ignore[attr-defined]
        return whole(package)

    monkeypatch.setattr(project_module, "plan_bill", spied)
    report = project_module.sync(lt, known=known)
    assert planned == ["us-hr2157-116"] and report.bills["us-hr2157-116"]["refs_changed"]
    full = project_module.sync(lt)  # every package planned again: nothing to change, the same stages and heads
    assert {b: (r["stages"], r["head"]) for b, r in report.bills.items()} == {
        b: (r["stages"], r["head"]) for b, r in full.bills.items()
    }
    assert not full.changed and sorted(report.bills) == sorted(full.bills)
    bundled.run("verify")
    # a package changed after the check (under sync's lock it is digested again): planned, not taken as known
    planned.clear()
    other = bundled.bills / "jp-whistleblower-protection-act" / "bill.toml"
    assert "jp-whistleblower-protection-act" in known
    other.write_text(other.read_text("utf-8") + "# a note\n", "utf-8")
    project_module.sync(lt, known=known)
    assert planned == ["jp-whistleblower-protection-act", "us-hr2157-116"]


def test_build_refuses_a_broken_package_and_changes_nothing(demo: Project, tmp_path: Path) -> None:
    manifest = demo.bills / "demo" / "bill.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('kind = "enacted"', 'kind = "enactd"'))
    before = demo.state()
    result = demo.run("build", "--out", str(tmp_path / "out"), ok=False)
    assert result.exit_code == 1 and "unknown kind 'enactd'" in result.output
    assert demo.state() == before and not (tmp_path / "out").exists()


def test_golden_pages(demo: Project, tmp_path: Path) -> None:
    demo.run("build", "--out", str(tmp_path / "out"))
    for page in ("en/demo/index.html", "ja/demo/index.html", "en/demo/text/02-plenary-vote.ja.html", "en/index.html"):
        check_golden(GOLDEN_DIR / "site" / page.replace("/", "__"), (tmp_path / "out" / page).read_text("utf-8"))


@pytest.mark.slow
def test_parallel_diffs_match_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    from legistrack.models import Package
    from legistrack.packages.read import load_all

    # (the APPI's 49 pairs left out: the rest are 15 pairs, on both workers)
    packages = [package for package in load_all(BUNDLED) if package.bill.id != "jp-appi"]
    stored: list[tuple[Package, dict[str, str]]] = [(package, {}) for package in packages]
    serial = site_model.prepare(stored)
    monkeypatch.setattr(site_model, "PARALLEL_FROM", 1)
    parallel = site_model.prepare(stored)
    assert [m.diffs for m in parallel] == [m.diffs for m in serial]


def test_each_text_is_indexed_once_in_its_own_language() -> None:
    assert site_search.search_glob(["ja", "en", "ko", "ja"]) == (
        "{en/*/index.html,ja/*/index.html,en/*/text/*.en.html,ja/*/text/*.ja.html,en/*/text/*.ko.html}"
    )
    # Pagefind reads every page its glob names: the texts of the bills whose texts are indexed, when named
    assert site_search.search_glob(["ja"], texts=["jp-appi", "jp-ai-promotion-act"]) == (
        "{en/*/index.html,ja/*/index.html,ja/{jp-ai-promotion-act,jp-appi}/text/*.ja.html}"
    )
    assert site_search.search_glob(["ja"], texts=[]) == "{en/*/index.html,ja/*/index.html}"


def test_the_timelines_of_thousands_of_laws_are_indexed(tmp_path: Path) -> None:
    """Every Act's timeline named in Pagefind's glob is more than one command-line argument may hold (128 KB on
    Linux): the whole-record build failed with "Argument list too long". The glob travels in a config file."""
    site = tmp_path / "site"
    laws = [f"jp-{n:03d}ac{n:010d}" for n in range(1, 8985)]  # every law of legalize-jp, Acts or not
    for lang in ("ja", "en"):
        for law in (laws[0], laws[-1]):
            page = site / lang / law / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(
                f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{law}</title></head>'
                f"<body><main data-pagefind-body><h1>{law}</h1><p>人工知能 timeline</p></main></body></html>",
                "utf-8",
            )
    assert len(site_search.search_glob([], laws).encode()) > 131072
    site_search.index_search(site, (), laws)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == 4
    assert not list(tmp_path.glob("*.json")) and not (site / "pagefind.json").exists()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The bundled bills without the APPI (a law of 26 revisions: half the bundled site's build), synced and built
    once for this module's tests that build the site again and compare it byte for byte."""
    root = tmp_path_factory.mktemp("small")
    shutil.copytree(BUNDLED, root / "bills", ignore=lambda folder, names: ["jp-appi"] if folder == str(BUNDLED) else [])
    project = Project(root)
    project.run("sync")
    project.run("build", "--out", str(root / "site"))
    return project, root / "site"


@pytest.mark.slow
def test_an_incremental_build_is_the_full_build(
    small: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build after one bill gained a stage renders that bill alone, and gives the very bytes a full build does,
    its database included (copied in part from the one the last build kept) though the full build (--force) reads
    no earlier database. (It starts from a copy of the module's build: the same store, so this project's build of
    it is up to date.)"""
    built, site = small[0], tmp_path / "site"
    shutil.copytree(small[1], site)
    project = Project(tmp_path)
    shutil.copytree(built.bills, project.bills)
    shutil.copytree(built.store, project.store)
    assert project.run("build", "--out", str(site)).output.startswith("Up to date: ")
    cao = "jp-cabinet-office-establishment-act"
    other = (site / "en" / "jp-whistleblower-protection-act" / "index.html").stat().st_ino
    changed = (site / "en" / cao / "index.html").stat().st_ino
    search = (site / "ja" / "search.html").stat().st_ino  # a shared page whose inputs do not change
    stage = ["--kind", "amended", "--date", "2026-11-01", "--title", "Amended again", "--same-text"]
    project.run("stage", "add", cao, *stage, "--source", "https://example.org/amendment", "--reason", "a test")
    project.run("build", "--out", str(site))
    assert (site / "en" / "jp-whistleblower-protection-act" / "index.html").stat().st_ino == other  # linked
    assert (site / "en" / cao / "index.html").stat().st_ino != changed
    assert (site / "ja" / "search.html").stat().st_ino == search  # linked from the previous build, not rendered
    # which is sound while no HTML template prints the build time (the digest leaves it out)
    templates = [*(REPO / "legistrack").glob("**/templates/*.html")]
    assert templates and not [p.name for p in templates if "generated" in p.read_text(encoding="utf-8")]
    assert "Amended again" in (site / "en" / cao / "index.html").read_text(encoding="utf-8")
    full = tmp_path / "full"
    asked = tmp_path / "asked"  # the export runs in a process of its own: it says what it was asked in a file

    def spied(*args: object) -> None:
        asked.write_text("an earlier database was asked for", encoding="utf-8")

    monkeypatch.setattr(sitedb, "_previous_database", spied)
    project.run("build", "--out", str(full), "--force")
    assert not asked.exists()  # --force read no earlier database
    assert snapshot(site) == snapshot(full)
    stamp = json.loads(gzip.decompress((site / ".legistrack-build").read_bytes()))  # gzipped JSON
    assert stamp["bills"][cao]["head"] == project.git("rev-parse", cao).strip()


def _read(built: Path, path: str) -> str:
    return (built / path).read_text(encoding="utf-8")


def test_japanese_pages_show_japanese_values(built: Path) -> None:
    ja = _read(built, "ja/jp-ai-promotion-act/index.html")
    assert "<dd>内閣</dd>" in ja and "Cabinet (内閣)" not in ja
    assert "<dd>提出</dd>" in ja and "submitted (提出)" not in ja
    assert "多数、起立" in ja and "majority (多数)" not in ja
    assert "smartnews-smri" not in ja  # provenance is on the sources page, in the reader's language
    assert "（smartnews-smri/house-of-representatives の data/gian.csv による）" in _read(
        built, "ja/jp-ai-promotion-act/sources.html"
    )
    assert "(via smartnews-smri/" in _read(built, "en/jp-ai-promotion-act/sources.html")
    # words of ours in Japanese: why a text is not on file, what the record says of a claim, the provisions in force
    assert "法律案の本文は legistrack のデータになく、衆議院が公開している。" in ja
    assert "参議院が2025-05-28に本会議で可決し、法律が成立した。" in ja
    assert "第三章　人工知能基本計画（第十八条）" in ja and "Art. 18" not in ja
    assert "Chapter III Artificial Intelligence Basic Plan (Article 18)" in _read(
        built, "en/jp-ai-promotion-act/index.html"
    )
    assert "同日の閣議決定は公表された解説による" in ja  # the same caveat as the English summary
    en = _read(built, "en/jp-ai-promotion-act/index.html")
    assert '<dd>Cabinet (<span lang="ja">内閣</span>)</dd>' in en


def test_sources_page_lists_each_source_once(built: Path) -> None:
    page = _read(built, "en/jp-ai-promotion-act/sources.html")
    hr = "https://www.shugiin.go.jp/internet/itdb_gian.nsf/html/gian/keika/1DDE7A2.htm"
    table = page.split("<h2>Every source</h2>", 1)[1].split("</table>", 1)[0]
    assert table.count(f'<a href="{hr}"') == 1  # cited by eight stages, listed once with all of them
    row = next(r for r in table.split("<tr>") if hr in r)
    assert row.count("<li>") >= 8
    disputed = page.split("<h2>Disputed claims</h2>", 1)[1].split("</table>", 1)[0]
    assert "Consistent with the record" not in disputed and "Contradicted by the record" in disputed
    assert "<h2>Claims the record bears out</h2>" in page
    # a record cited by its data address links the page a reader reads, and names what it opens
    assert 'href="https://laws.e-gov.go.jp/law/507AC0000000053"' in page and ">[1]<" not in page


def test_text_pages_and_article_history(built: Path) -> None:
    page = _read(built, "en/jp-ai-promotion-act/text/09-in-force.ja.html")
    h1 = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert (
        h1
        == "Act on Promotion of Research and Development, and Utilization of Artificial Intelligence-related Technology"
    )
    assert '<details class="provenance">' in page and page.index("SHA-256") > page.index("provenance")
    assert ">第一条（目的）</a>" in page and ">第四章　人工知能戦略本部</a>" in page  # the TOC: number and caption
    # 第十九条 was promulgated in a text that is not on file: first on file here, not "first appears"
    history = _read(built, "en/jp-ai-promotion-act/article/ja/u-第四章-第十九条.html")
    assert "text first on file here" in history and "first appears" not in history
    assert "人工知能戦略本部（以下「本部」という。）を置く" in history  # the article's text itself
    # a verified text is indexed once: the English act of 09 is the text of 08
    assert "data-pagefind-body" not in _read(built, "en/jp-ai-promotion-act/text/09-in-force.en.html")
    assert "data-pagefind-body" in _read(built, "en/jp-ai-promotion-act/text/08-promulgated.en.html")


def test_a_diff_of_texts_from_two_sources_says_so_by_stage_names() -> None:
    """Two texts read from different formats: the notice names the stages by date and milestone, not by id."""
    import datetime as dt

    from legistrack.models import TEXT_NEW, Bill, Localized, Source, Stage, TextRef

    def stage(sid: str, kind: str, day: int, origin: str) -> Stage:
        return Stage(
            sid,
            kind,
            dt.date(2025, 6, day),
            Localized.of({"en": kind}),
            (Source("https://example.org/s"),),
            (TextRef("ja", TEXT_NEW, origin=origin),),
        )

    a = stage("01-promulgated", "promulgated", 4, "Japanese Law Translation (J-STATUTE) XML: v1.xml")
    b = stage("02-in-force", "in-force", 5, "e-Gov law XML: v2.xml")
    bill = Bill("x", Localized.of({"en": "X"}), ("ja",), stages=(a, b))
    (sources, in_force) = diff_page._diff_notices(bill, a, b, "ja", "ja")
    # each format by its name in the page's language
    assert "2025-06-04 公布: 日本法令外国語訳（J-STATUTE）XML" in sources and "01-promulgated" not in sources
    assert "e-Gov 法令XML" in sources
    (sources_en, _) = diff_page._diff_notices(bill, a, b, "ja", "en")
    assert "Japanese Law Translation (J-STATUTE) XML" in sources_en and "e-Gov law XML" in sources_en
    assert "2025-06-05は施行の日" in in_force


def test_stages_that_read_the_same_are_told_apart_by_their_act() -> None:
    """Two revisions in force on one day (APPI on 2017-05-30): the pickers name each by the act it brings into
    force, in the page's language, not by a raw stage id; the id only where the act cannot tell them apart."""
    import datetime as dt

    from legistrack.models import Bill, Localized, Source, Stage

    def stage(sid: str, act: str) -> Stage:
        return Stage(
            sid,
            "amended",
            dt.date(2017, 5, 30),
            Localized.of({"en": "x"}),
            (Source("https://example.org/s"),),
            (),
            law_number=act,
        )

    bill = Bill(
        "x",
        Localized.of({"en": "X"}),
        ("ja",),
        stages=(stage("03-amended", "平成28年法律第51号"), stage("04-amended", "平成27年法律第65号")),
    )
    ja, en = page_common.stage_names(bill, "ja"), page_common.stage_names(bill, "en")
    assert ja["03-amended"].endswith("（平成28年法律第51号）") and ja["04-amended"].endswith("（平成27年法律第65号）")
    assert en["03-amended"].endswith("(Act No. 51 of 2016)") and en["04-amended"].endswith("(Act No. 65 of 2015)")
    same = Bill(
        "y",
        Localized.of({"en": "Y"}),
        ("ja",),
        stages=(stage("03-amended", "平成27年法律第65号"), stage("04-amended", "平成27年法律第65号")),
    )
    assert page_common.stage_names(same, "ja")["04-amended"].endswith("(04-amended)")


def test_a_feed_is_not_dated_by_amendments_due(built: Path) -> None:
    """APPI's feed lists its amendments due, dated when the record last moved (2026-06-24), not on the days they are
    due (2028): a feed reader would take a future date for an update."""
    feed = _read(built, "jp-appi/feed.atom")
    assert "<updated>2028" not in feed and feed.count("<updated>2026-06-24T00:00:00Z</updated>") >= 8
    assert "urn:legistrack:jp-appi:34-scheduled" in feed and "due to take effect" in feed


def test_the_database_rows_are_made_by_the_page_workers(
    small: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build's export reads no bill from the store again: the page workers made every changed bill's rows beside
    its pages. Rows made from another head than the bill's (a stale scratch) are not taken: that bill alone is read
    and its rows made again, and the database is the one the module's build published."""
    import legistrack.publish.build as publish_build
    import legistrack.publish.database as database
    from legistrack.export.rows import bill_rows as made

    reads = tmp_path / "read"  # the export runs in a process of its own: it says what it read in a file

    def spied(package: Any, *rest: Any) -> Any:
        with reads.open("a", encoding="utf-8") as f:
            f.write(package.bill.id + "\n")
        return made(package, *rest)

    monkeypatch.setattr(database, "bill_rows", spied)  # what the export calls for a bill it reads itself
    writer = sitedb.rows_writer

    def stale(tmp: Path) -> Callable[[site_model.BillModel], None]:
        write = writer(tmp)

        def stale_head(m: site_model.BillModel) -> None:
            write(m)
            if m.bill.id == "us-hr2157-116":
                (path,) = (tmp / sitedb.ROWS).glob(f"{m.bill.id}.*.pickle")
                path.rename(path.with_name(f"{m.bill.id}.{'0' * 40}.pickle"))

        return stale_head

    monkeypatch.setattr(publish_build, "rows_writer", stale)  # the name the build calls
    small[0].run("build", "--out", str(tmp_path / "stale"), "--force")
    assert reads.read_text(encoding="utf-8").split() == ["us-hr2157-116"]
    db = [gzip.decompress((site / "legistrack.db.gz").read_bytes()) for site in (small[1], tmp_path / "stale")]
    assert db[0] == db[1] and not (tmp_path / "stale" / ".rows").exists()


@pytest.mark.slow
def test_the_next_build_copies_rows_from_the_database_the_last_kept(
    small: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps its database as SQLite in the project's cache (.legistrack/cache/legistrack.db, the site's
    legistrack.db.gz unpacked) and the next build copies unchanged bills' rows from it without unpacking the site's.
    With a kept file that is not a database, or a symlink there, the site's is unpacked. (That either gives the
    database of a build from nothing is test_an_incremental_build_is_the_full_build's.)"""

    built, site = small[0], tmp_path / "site"
    shutil.copytree(small[1], site)
    project = Project(tmp_path)
    shutil.copytree(built.bills, project.bills)
    shutil.copytree(built.store, project.store)
    cache = tmp_path / ".legistrack" / "cache" / "legistrack.db"
    unpacks = tmp_path / "unpacks"  # the export runs in a process of its own: it says what it unpacked in a file
    unpacked = sitedb.unpack

    def spied(packed: Path, to: Path) -> Path | None:
        with unpacks.open("a", encoding="utf-8") as f:
            f.write(packed.name + "\n")
        return unpacked(packed, to)

    monkeypatch.setattr(sitedb, "unpack", spied)
    cache.parent.mkdir(parents=True)
    shutil.copy(small[1].parent / ".legistrack" / "cache" / "legistrack.db", cache)  # the module's build kept it
    before = gzip.decompress((site / "legistrack.db.gz").read_bytes())
    stage = ["--kind", "event", "--date", "2026-11-01", "--title", "Event 0"]
    project.run("stage", "add", "jp-cabinet-office-establishment-act", *stage, "--source", "https://example.org/")
    project.run("build", "--out", str(site))
    database = gzip.decompress((site / "legistrack.db.gz").read_bytes())
    assert cache.read_bytes() == database != before  # what the build published, kept for the next; a stage more
    assert not unpacks.exists()  # the kept database read, the site's not unpacked
    # a kept file that is not a database, or a link to one, is not read: the site's database is unpacked instead
    into = tmp_path / "unpacked.db"
    for kept_is in ("not a database", "a symlink"):
        cache.unlink()
        if kept_is == "a symlink":
            cache.symlink_to(tmp_path / "site-db-elsewhere.db")
            (tmp_path / "site-db-elsewhere.db").write_bytes(database)
        else:
            cache.write_bytes(b"SQLite format 3\x00 but cut short")
        assert sitedb._previous_database(Located.locate(project.bills), site, into) == into, kept_is
        assert into.read_bytes() == database
        into.unlink()
    assert unpacks.read_text(encoding="utf-8").split() == ["legistrack.db.gz"] * 2


def test_the_database_is_packed_in_members_any_gunzip_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's legistrack.db.gz: one gzip member per chunk, compressed on every core, in order; gunzip and
    Python give the database back, and the same database gives the same bytes."""

    monkeypatch.setattr(sitedb, "PACK_CHUNK", 1000)
    database = tmp_path / "legistrack.db"
    database.write_bytes(b"".join(f"row {i}: {'x' * (i % 97)}\n".encode() for i in range(3000)))
    packed = [tmp_path / "a.gz", tmp_path / "b.gz"]
    for path in packed:
        sitedb.pack(database, path)
    assert packed[0].read_bytes() == packed[1].read_bytes()
    assert packed[0].read_bytes().count(b"\x1f\x8b\x08") >= database.stat().st_size // 1000  # a member a chunk
    assert gzip.decompress(packed[0].read_bytes()) == database.read_bytes()
    gunzip = subprocess.run(["gzip", "-dc", str(packed[0])], capture_output=True, check=True)
    assert gunzip.stdout == database.read_bytes()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    sitedb.pack(empty, tmp_path / "empty.gz")
    assert gzip.decompress((tmp_path / "empty.gz").read_bytes()) == b""
    assert subprocess.run(["gzip", "-dc", str(tmp_path / "empty.gz")], capture_output=True, check=True).stdout == b""


def test_the_database_is_written_while_the_pages_are(
    small: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export takes each bill's rows as soon as the batch that holds it is rendered, in id order, not after the
    last page: here the last batch is rendered only once the export has taken a bill's rows (it would wait for ever
    if the export waited for the pages), and no bill's rows are taken before its batch is rendered. The database is
    the one the module's build published."""
    import legistrack.publish.build as publish_build

    log = tmp_path / "log"  # the build and the export's process say what they did, in order, in one file

    def say(line: str) -> None:
        with log.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    def said() -> list[str]:
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    load = sitedb.load_rows

    def loaded(path: Path) -> Any:
        say("loaded " + path.name.split(".")[0])
        return load(path)

    render = site_build.render_bills
    bills = sorted(p.name for p in small[0].bills.iterdir() if p.is_dir())

    def rendered(models: list[site_model.BillModel], *rest: Any) -> Any:
        if models[-1].bill.id == bills[-1]:  # the last batch waits for the export to have begun
            for _ in range(600):
                if any(line.startswith("loaded ") for line in said()):
                    break
                threading.Event().wait(0.1)
            else:
                raise AssertionError("the export waited for the last page")
        written = render(models, *rest)
        say("rendered " + " ".join(m.bill.id for m in models))
        return written

    monkeypatch.setattr(publish_build, "BATCH_BILLS", 1)
    monkeypatch.setattr(sitedb, "load_rows", loaded)
    monkeypatch.setattr(site_build, "render_bills", rendered)
    small[0].run("build", "--out", str(tmp_path / "site"), "--force")
    lines = said()
    for n, line in enumerate(lines):
        if line.startswith("loaded "):
            assert f"rendered {line.split()[1]}" in lines[:n], lines
    assert [line.split()[1] for line in lines if line.startswith("loaded ")] == bills
    assert lines.index(f"loaded {bills[0]}") < lines.index(f"rendered {bills[-1]}")
    db = [gzip.decompress((site / "legistrack.db.gz").read_bytes()) for site in (small[1], tmp_path / "site")]
    assert db[0] == db[1]


@pytest.mark.slow
def test_the_search_starts_before_the_kept_bills_are_all_linked(
    small: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a stage of one bill, Pagefind starts as soon as the pages it reads are there (the changed bill's, and
    the kept bills' timelines and texts it indexes, linked first), while the kept bills' other files are linked:
    here the rest is linked only once the search has started (it would wait for ever if the search waited for
    every file). (test_an_incremental_build_is_the_full_build compares such a build with a full one.)"""
    import legistrack.publish.build as publish_build

    built, site = small[0], tmp_path / "site"
    shutil.copytree(small[1], site)
    project = Project(tmp_path)
    shutil.copytree(built.bills, project.bills)
    shutil.copytree(built.store, project.store)
    started = tmp_path / "searching"  # the linking runs in a process of its own: the build says so in a file
    start = site_search.start_search

    def searching(*args: Any) -> Any:
        started.write_text("started\n", encoding="utf-8")
        return start(*args)

    rest = publish_build._Linking.rest

    def after_the_search(self: Any) -> Any:
        for _ in range(600):
            if started.exists():
                return rest(self)
            threading.Event().wait(0.1)
        raise AssertionError("the search waited for every kept file")

    monkeypatch.setattr(publish_build, "start_search", searching)
    monkeypatch.setattr(publish_build._Linking, "rest", after_the_search)
    cao = "jp-cabinet-office-establishment-act"
    stage = ["--kind", "amended", "--date", "2026-11-01", "--title", "Amended again", "--same-text"]
    project.run("stage", "add", cao, *stage, "--source", "https://example.org/amendment", "--reason", "a test")
    project.run("build", "--out", str(site))
    assert started.exists() and "Amended again" in (site / "en" / cao / "index.html").read_text(encoding="utf-8")


def test_a_kept_bill_half_linked_is_never_rendered_over_its_links(
    small: tuple[Project, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept bill whose timeline the search reads is linked in part first (the old page's own inode in the new
    build); if another of its old files goes before the rest is linked, the build stops there rather than render the
    bill over those links, which would write into the old site's pages in place: the old site keeps every byte."""
    import legistrack.publish.build as publish_build

    built, site = small[0], tmp_path / "site"
    shutil.copytree(small[1], site)
    project = Project(tmp_path)
    shutil.copytree(built.bills, project.bills)
    shutil.copytree(built.store, project.store)
    kept = site / "en" / "jp-ai-promotion-act"  # curated: its timelines are in the search index
    rest = publish_build._Linking.rest

    def one_gone(self: Any) -> Any:
        self.first.wait()  # after the first pass found the bill whole and linked its timelines
        (kept / "sources.html").unlink()
        return rest(self)

    monkeypatch.setattr(publish_build._Linking, "rest", one_gone)
    stage = ["--kind", "amended", "--date", "2026-11-01", "--title", "Amended again", "--same-text"]
    project.run("stage", "add", "jp-cabinet-office-establishment-act", *stage, "--source", "https://example.org/a")
    timeline = (kept / "index.html").read_bytes(), (kept / "index.html").stat().st_mtime_ns
    failed = project.run("build", "--out", str(site), ok=False)
    assert failed.exit_code == 1 and "sources.html: No such file or directory" in failed.output
    assert ((kept / "index.html").read_bytes(), (kept / "index.html").stat().st_mtime_ns) == timeline  # not written
    assert snapshot(site) == {k: v for k, v in snapshot(small[1]).items() if k != "en/jp-ai-promotion-act/sources.html"}
