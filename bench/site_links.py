"""Follow every local link of a built site: each `href` and `src` of every page must name a file of the site, and
each `#anchor` into a page must be an id of that page (the layout anchors of a diff page are spans, also ids).

    .venv/bin/python bench/site_links.py SITE [--show 20]

What tests/site/test_build.py checks on the bundled bills, at any size (the whole record: 45,925 pages and 2.3
million links in about 20 s on both cores). Prints the number of pages and links and the broken ones; exits 1 if any.
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import re
import sys
from multiprocessing import Pool
from urllib.parse import unquote

REF = re.compile(r'\s(?:href|src)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
OUTSIDE = ("http:", "https:", "mailto:", "data:")


@functools.lru_cache(maxsize=4096)
def ids(path: str) -> frozenset[str]:
    with open(path, encoding="utf-8") as f:
        return frozenset(html.unescape(m) for m in ID.findall(f.read()))


def check(page: str) -> tuple[int, list[str]]:
    """The number of local links of a page, and those that lead nowhere."""
    with open(page, encoding="utf-8") as f:
        text = f.read()
    broken, n = [], 0
    for ref in map(html.unescape, REF.findall(text)):
        if ref.startswith(OUTSIDE):
            continue
        n += 1
        target, _, anchor = ref.partition("#")
        target = target.partition("?")[0]  # ?on=DATE: the day a text page shows
        path = os.path.normpath(os.path.join(os.path.dirname(page), unquote(target))) if target else page
        if not os.path.isfile(path):
            broken.append(f"{page}: {ref} (no such file)")
        elif anchor and path.endswith(".html") and unquote(anchor) not in ids(path):
            broken.append(f"{page}: {ref} (no #{unquote(anchor)} there)")
    return n, broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site")
    parser.add_argument("--show", type=int, default=20, help="broken links printed (default 20)")
    args = parser.parse_args()
    pages = [os.path.join(d, f) for d, _, files in os.walk(args.site) for f in files if f.endswith(".html")]
    links, broken = 0, []
    with Pool(os.cpu_count() or 1) as pool:
        for n, bad in pool.imap_unordered(check, pages, chunksize=50):
            links += n
            broken += bad
    print(f"{len(pages)} pages, {links} local links, {len(broken)} broken")
    for line in sorted(broken)[: args.show]:
        print("  " + line)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
