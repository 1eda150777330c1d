"""`legistrack serve`: serves the build on the loopback and rebuilds when bills/ changes."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import pytest

from legistrack.commands.site import serve
from legistrack.project import Project as LtProject

from ..conftest import Project


@pytest.mark.slow
def test_serve_rebuilds_on_change(demo: Project, tmp_path: Path) -> None:
    project = LtProject.locate(demo.bills, demo.store)
    out = tmp_path / "out"
    messages: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(project, out, 0),
        daemon=True,
        kwargs={"report": messages.append, "stop": stop, "interval": 0.2},
    )
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not any(m.startswith("serving") for m in messages):
            assert time.monotonic() < deadline, messages
            time.sleep(0.05)
        url = next(m for m in messages if m.startswith("serving")).split()[1]
        with urllib.request.urlopen(url + "en/demo/index.html", timeout=10) as response:
            assert "House passes" in response.read().decode()
        manifest = demo.bills / "demo" / "bill.toml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("House passes", "House approves"))
        while sum(m.startswith("built") for m in messages) < 2:
            assert time.monotonic() < deadline, messages
            time.sleep(0.1)
        with urllib.request.urlopen(url + "en/demo/index.html", timeout=10) as response:
            assert "House approves" in response.read().decode()
        manifest.write_text("not = [toml")  # a broken edit is reported; the last good build stays served
        while not any(m.startswith("Error:") for m in messages):
            assert time.monotonic() < deadline, messages
            time.sleep(0.1)
        with urllib.request.urlopen(url + "en/demo/index.html", timeout=10) as response:
            assert "House approves" in response.read().decode()
    finally:
        stop.set()
        thread.join(timeout=10)
