"""The pages every bill shares: home, search, each legislature's lists (the Diet by session, by outcome and by
committee: jurisdictions/jp/diet/lists.py), and the finder.

They are rendered from the bills' summaries (views.bill_summary) alone, so an incremental build renders them
again without reading the bills that did not change. The finder (`assets/finder.js`) is what the search page reads to
find a bill by its number (閣法29, 217-29, 第217回国会閣法第29号), its title or its law number without a full-text
index: five thousand bills in one small file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from ..jurisdictions import list_order, registry
from .model import pages_folder
from .procedure import PROCEDURE
from .render import Page, act_in_english, environment, page_writer
from .strings import LANGS, STRINGS, fill, words_script

Writer = Callable[[Page, str, str, Mapping[str, Any]], None]  # render.page_writer's write


def _reusing(render: Writer, out: Path, previous: Path | None, digests: dict[str, str], written: list[str]) -> Writer:
    """`render`, but a page whose inputs digest as in the previous build is linked from it (see render_shared)."""
    before = dict(digests)
    digests.clear()

    def write(page: Page, template: str, lang: str, context: Mapping[str, Any]) -> None:
        digest = digests[page.path] = _inputs_digest([template, lang, context])
        old = previous / page.path if previous is not None else None
        if old is not None and before.get(page.path) == digest and old.is_file() and not old.is_symlink():
            target = out / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(old, target)
            except OSError:  # another file system: a copy
                shutil.copyfile(old, target)
            written.append(page.path)
            return
        render(page, template, lang, context)

    return write


def _inputs_digest(inputs: list[Any]) -> str:
    """A page's template, language and context, digested: serialized by orjson with sorted keys (the Diet's 400
    lists and finder pages took 2 s to serialize with json for every build), by json where orjson cannot."""
    try:
        what = orjson.dumps(inputs, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=repr)
    except TypeError:
        what = json.dumps(inputs, sort_keys=True, default=repr).encode()
    return hashlib.sha256(what).hexdigest()


def render_shared(
    summaries: Sequence[Mapping[str, Any]],
    out: Path,
    generated: dt.datetime,
    previous: Path | None = None,
    digests: dict[str, str] | None = None,
) -> list[str]:
    """Write the assets and every shared page under `out`: the home pages, the search page, each legislature's
    shared pages (Jurisdiction.lists) and the finder; return the paths written.

    `digests` maps each page to a digest of what it was rendered from (its template, language and context: no HTML
    template prints the build time, which moves with the record's latest date); a page whose digest is that of the
    previous build (whose site is `previous`, the digests as it left them) is linked from it, not rendered again:
    adding a stage to one law leaves the Diet's 400 lists as they were. On return `digests` holds this build's."""
    env = environment()
    written: list[str] = []
    ordered = sorted(summaries, key=lambda s: (list_order(s), s["id"]))
    curated = sorted((s for s in summaries if s["curated"]), key=lambda s: s["id"])
    # laws followed through their revisions by an import: few, and each a reader may come for (not the Diet's bills)
    laws = sorted((s for s in summaries if not s["curated"] and s["is_law"]), key=lambda s: s["id"])
    render = page_writer(env, out, generated, written)
    write = render if digests is None else _reusing(render, out, previous, digests, written)

    static = resources.files("legistrack.site") / "static"
    (out / "assets").mkdir(parents=True, exist_ok=True)
    for name in ("style.css", "site.js"):
        (out / "assets" / name).write_bytes((static / name).read_bytes())
        written.append(f"assets/{name}")
    (out / "assets" / "words.js").write_text(words_script(), encoding="utf-8")
    written.append("assets/words.js")
    legislatures = [j for j in registry() if j.lists is not None]
    lists = [j.lists(summaries) for j in legislatures if j.lists is not None]
    home: dict[str, Any] = {"curated": curated, "laws": laws}
    for part in lists:
        home.update(part.home())
    home["home_parts"] = [name for j in legislatures for name in j.home_templates]
    home["root_parts"] = [name for j in legislatures for name in j.root_templates]
    write(Page("index.html"), "root.html", "en", home)
    for lang in LANGS:
        write(Page(f"{lang}/index.html"), "home.html", lang, {**home, "procedure": PROCEDURE[lang]})
        write(Page(f"{lang}/search.html"), "search.html", lang, {})
        for part in lists:
            for page in part.pages(lang):
                write(Page(f"{lang}/{page.path}"), page.template, lang, page.context)
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
            str(s["status"]["code"]),
            " ".join(dict.fromkeys(t for t in (s["short_title"], s["short_title_ja"]) if t)),
            s["egov_law_id"],
            act_in_english(s["law_number"]) if s["law_number"] else "",
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
            "egov_law_id",  # 411AC0000000089
            "law_number_en",  # Act No. 89 of 1999
        ],
        "bills": finder,
    }
    # A script, not a JSON file: the search page reads it from file:// too, where a browser refuses fetch().
    (out / "assets" / "finder.js").write_text(
        "window.LEGISTRACK_FINDER = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n",
        encoding="utf-8",
    )
    written.append("assets/finder.js")
    written += site_feeds(summaries, out, env)
    return written


# How many changes the site-wide feeds carry, newest first: a reader's feed client polls them, and the record's
# whole history is in timeline.json and the database.
FEED_ENTRIES = 200


def feed_entries(summaries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The newest changes across every bill and law (each summary's `recent`: views.recent_changes), newest first,
    with what each entry of the site-wide feeds links: its stage on the English timeline, its diff where it has one."""
    words = STRINGS["en"]
    rows = []
    for s in summaries:
        name = s["short_title"] or s["title"].get("en") or next(iter(s["title"].values()), s["id"])
        for r in s.get("recent", []):
            diff = r["diff"]
            kind = r["kind"]
            rows.append(
                {
                    "bill": s["id"],
                    "stage": r["stage"],
                    "date": r["date"],
                    "kind": kind,
                    "name": name,
                    "title": r["title"].get("en") or next(iter(r["title"].values()), ""),
                    "milestone": fill(words.get(f"axis_{kind.replace('-', '_')}", kind)),
                    "url": f"en/{s['id']}/index.html#stage-{r['stage']}",
                    "diff_url": (
                        f"{pages_folder(bool(s.get('texts_in_store')), diff['lang'], 'en')}/{s['id']}/diff/"
                        f"{diff['from']}..{r['stage']}.{diff['lang']}.html"
                    )
                    if diff
                    else "",
                }
            )
    rows.sort(key=lambda e: (e["date"], e["bill"], e["stage"]), reverse=True)
    return rows[:FEED_ENTRIES]


def site_feeds(summaries: Sequence[Mapping[str, Any]], out: Path, env: Any) -> list[str]:
    """feed.atom (Atom, RFC 4287) and feed.json (JSON Feed 1.1) at the site's root: what changed across every bill
    and law, newest first. Links are relative to the feeds' own address, as the site's pages are."""
    entries = feed_entries(summaries)
    updated = (entries[0]["date"] if entries else "1970-01-01") + "T00:00:00Z"
    atom = env.get_template("site_feed.atom").render(entries=entries, updated=updated, t=STRINGS["en"])
    (out / "feed.atom").write_text(atom, encoding="utf-8")
    items = [
        {
            "id": f"urn:legistrack:{e['bill']}:{e['stage']}",
            "url": e["url"],
            "title": f"{e['name']}: {e['title']}",
            "content_text": f"{e['date']} · {e['milestone']} · {e['name']}",
            "date_published": f"{e['date']}T00:00:00Z",
            "tags": [e["kind"]],
            **({"external_url": e["diff_url"]} if e["diff_url"] else {}),
        }
        for e in entries
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": fill(STRINGS["en"]["site_feed_title"]),
        "home_page_url": "en/index.html",
        "feed_url": "feed.json",
        "language": "en",
        "items": items,
    }
    (out / "feed.json").write_text(json.dumps(feed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return ["feed.atom", "feed.json"]
