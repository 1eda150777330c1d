"""The search index: Pagefind over the timelines and the texts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import BuildError
from ..workers import PAGEFIND_TIED
from .strings import LANGS

_PAGEFIND_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def search_glob(
    text_langs: Iterable[str], timelines: Iterable[str] | None = None, texts: Iterable[str] | None = None
) -> str:
    """The pages Pagefind indexes: timelines in both interface languages (those of `timelines`, the bills a
    maintainer curated and the laws, when given: the Diet's thousands of imported bills are found by the finder
    instead; when there are none, the two home pages, since Pagefind refuses an index of no page), and
    each text once, in the interface of its own language (Japanese texts in the Japanese index, which segments
    them; every other text in the English one), of the bills `texts` names when given. The search page picks the
    index by the query's script (site.js), so a reader finds a Japanese phrase from an English page too, and no
    text is indexed twice."""
    if timelines is None:
        patterns = ["en/*/index.html", "ja/*/index.html"]
    elif not timelines:
        patterns = ["{" + ",".join(LANGS) + "}/index.html"]
    else:
        # one alternation of the bills under one of the languages: Pagefind's glob parser refuses 8,000 alternatives
        # of whole paths (every Act in both languages) and takes 9,000 bill ids in one group
        patterns = ["{" + ",".join(LANGS) + "}/{" + ",".join(sorted(timelines)) + "}/index.html"]
    # Pagefind reads every page the glob names, indexed or not: every Act's latest text (280 MB of pages that carry
    # no data-pagefind-body) took it to 3.3 GB and 51 s; naming the bills whose texts are indexed, 1.2 GB and 17 s
    bills = "*" if texts is None else "{" + ",".join(sorted(texts)) + "}"
    if texts is None or texts:
        patterns += [f"{'ja' if lang == 'ja' else 'en'}/{bills}/text/*.{lang}.html" for lang in sorted(set(text_langs))]
    return "{" + ",".join(patterns) + "}"


def index_search(
    out: Path,
    text_langs: Iterable[str] = ("ja", "en"),
    timelines: Iterable[str] | None = None,
    texts: Iterable[str] | None = None,
) -> None:
    """Build the Pagefind search index into out/pagefind/ (its extended build segments Japanese): search_glob's
    pages."""
    start_search(out, search_glob(text_langs, timelines, texts)).wait()


def pagefind_version() -> str:
    """The version of Pagefind installed: part of what a search index was built from (a build reuses one only when
    its pages and this are the same)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return ""


class Indexing:
    """Pagefind at work on out/pagefind/ over the pages of `glob` (search_glob), started here; `wait` ends it. The
    build starts it as soon as the pages it indexes are written and renders the shared pages meanwhile."""

    def __init__(self, out: Path, glob: str):
        self.out = Path(out)
        self.done = False
        # The glob goes in a configuration file Pagefind reads from the folder it runs in, not on its command line:
        # the timelines of every Act named one by one are more than the 128 KB a single argument may hold (Linux's
        # MAX_ARG_STRLEN: "Argument list too long").
        self.config_dir = tempfile.TemporaryDirectory(prefix="legistrack-pagefind-")
        config = {"site": str(self.out.absolute()), "output_subdir": "pagefind", "glob": glob}
        (Path(self.config_dir.name) / "pagefind.json").write_text(json.dumps(config), "utf-8")
        self.process = subprocess.Popen(
            # Only the pages that carry data-pagefind-body: timelines and texts. Reading every diff and article page
            # too is most of Pagefind's time and memory on a large site.
            [sys.executable, "-c", PAGEFIND_TIED, str(os.getpid()), "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=self.config_dir.name,
        )

    def wait(self) -> None:
        """Pagefind done, and its index made the same for the same pages; BuildError if it failed."""
        try:
            stdout, stderr = self.process.communicate()
        finally:
            self.config_dir.cleanup()
            self.done = True
        if self.process.returncode != 0:
            detail = " ".join((stderr or stdout or f"exit status {self.process.returncode}").split())[:300]
            raise BuildError(
                f"the search indexer (Pagefind) failed: {detail}; the site was not changed: check that "
                "`python -m pagefind --version` runs (pip install 'pagefind[extended]'), then build again"
            )
        # The site's search page uses Pagefind's JS API (pagefind.js and its worker); its ready-made UIs are not
        # used, and would be 400 KB of unreferenced files in every build.
        for name in _PAGEFIND_UNUSED:
            (self.out / "pagefind" / name).unlink(missing_ok=True)
        # Pagefind writes its language map in hash order; sorted, two builds of the same store are byte-identical.
        entry = self.out / "pagefind" / "pagefind-entry.json"
        entry.write_text(
            json.dumps(json.loads(entry.read_text("utf-8")), sort_keys=True, separators=(",", ":")), "utf-8"
        )

    def stop(self) -> None:
        """A build that failed before `wait`: Pagefind ended, its configuration gone."""
        if self.done:
            return
        self.done = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        self.config_dir.cleanup()


def start_search(out: Path, glob: str) -> Indexing:
    """Pagefind started over the pages of `glob` (search_glob), indexing into out/pagefind/: see Indexing."""
    return Indexing(out, glob)
