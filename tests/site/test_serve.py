"""`legistrack serve`: serves the build on the loopback and rebuilds when bills/ changes."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from legistrack.commands.site import serve
from legistrack.errors import ServeError
from legistrack.project import Project as LtProject

from ..conftest import Project


@contextlib.contextmanager
def _serving(demo: Project, out: Path) -> Iterator[tuple[str, list[str]]]:
    """`serve` running on a free port in a thread: its URL and what it reports; stopped at the end."""
    messages: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(LtProject.locate(demo.bills, demo.store), out, 0),
        daemon=True,
        kwargs={"report": messages.append, "stop": stop, "interval": 0.2},
    )
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not any(m.startswith("serving") for m in messages):
            assert time.monotonic() < deadline, messages
            time.sleep(0.05)
        yield next(m for m in messages if m.startswith("serving")).split()[1], messages
    finally:
        stop.set()
        thread.join(timeout=10)


@pytest.mark.slow
def test_serve_rebuilds_on_change(demo: Project, tmp_path: Path) -> None:
    with _serving(demo, tmp_path / "out") as (url, messages):
        deadline = time.monotonic() + 60
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


def test_a_port_in_use_is_one_line_before_any_build(demo: Project, tmp_path: Path) -> None:
    project = LtProject.locate(demo.bills, demo.store)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = demo.run("serve", "--port", str(port), "--out", str(tmp_path / "out"), ok=False)
        assert result.exit_code == 1
        assert result.output.strip() == (
            f"Error: port {port} on 127.0.0.1 is in use (another server, or another legistrack serve): give "
            f"another with --port, e.g. --port {port + 1}"
        )
        with pytest.raises(ServeError):
            serve(project, tmp_path / "out", port)
    assert not (tmp_path / "out").exists()  # said before building anything


@pytest.mark.slow
def test_a_reader_who_leaves_mid_response_is_no_error(
    demo: Project, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A closed tab or a reload cuts a response short: nothing on stderr (socketserver printed a traceback)."""
    out = tmp_path / "out"
    with _serving(demo, out) as (url, messages):
        port = urllib.parse.urlsplit(url).port
        big = max((p for p in out.rglob("*.html")), key=lambda p: p.stat().st_size).relative_to(out).as_posix()
        for _ in range(20):  # ask for the largest page and hang up at once, with a reset
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.sendall(f"GET /{urllib.parse.quote(big)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        with urllib.request.urlopen(url + "en/demo/index.html", timeout=10) as response:
            assert response.status == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception" not in err, err
    assert not any(m.startswith("Error") for m in messages), messages
