"""What the browser tests share: Debian's chromium driven by Playwright (no browser download), a page opener that
collects console errors, and the built site served over loopback HTTP (search needs http, not file://).

Skipped when chromium is absent on a developer's machine; under CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("chromium is not installed: .ci/run must install Debian's chromium", pytrace=False)
PYTESTMARK = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")]

SHOTS = Path(os.environ.get("LEGISTRACK_SCREENSHOTS", "/tmp/legistrack-screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


# The first screen: a desktop window, and a phone (375 x 740: the screen left below a phone browser's address bar).
SCREEN = {1280: 900, 375: 740}


def open_page(browser: Any, path: Path | str, width: int = 1280, javascript: bool = True) -> tuple[Any, list[str]]:
    """A page at `width` (its first screen SCREEN[width] high), with the console errors and dialogs it raises."""
    height = SCREEN.get(width, 900)
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def dialog(d: Any) -> None:
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path if isinstance(path, str) else path.as_uri())
    return page, problems


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[str]:
    """The built site on a loopback HTTP server, under a sub-path (search needs http, not file://)."""
    yield from serve(built_site)


def serve(site: Path) -> Iterator[str]:
    """`site` on a loopback HTTP server, under a sub-path (as a project site is hosted); its address, until closed."""
    import functools
    import http.server
    import threading

    root = site.parent / "hosting"
    root.mkdir(exist_ok=True)
    link = root / "sub"
    if not link.exists():
        link.symlink_to(site, target_is_directory=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sub"
    server.shutdown()
