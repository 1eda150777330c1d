"""The console script's own reading of `legistrack diff OLD_FILE NEW_FILE` (launch.py) against click's.

Both paths run as processes, as a user runs them: the fast path must print the same bytes and exit with the same
status as click for every command line it accepts, and hand everything else to click.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from legistrack.launch import parse_diff_args

from ..conftest import REAL_DATA, REPO

OLD = "第一条　必要な措置を講ずるものとする。\n第二条　政令で定める。\n"
NEW = "第一条　必要な措置を講じなければならない。\n第二条　内閣府令で定める。\n第三条　<script>alert(1)</script>\n"
# The console script's entry point, and click's (what the entry point was before launch.py).
FAST = [sys.executable, "-c", "import sys; from legistrack.launch import main; main()"]
CLICK = [sys.executable, "-c", "import sys; from legistrack.cli import main; main()"]
# Prints whether click was imported, after the command.
PROBE = [
    sys.executable,
    "-c",
    "import atexit, sys; atexit.register(lambda: sys.stderr.write(f'click={\"click\" in sys.modules}')); "
    "from legistrack.launch import main; main()",
]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGISTRACK_")}
    env["PYTHONPATH"] = str(REPO)
    return env


def _run(
    cmd: list[str], args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, env=env or _env(), timeout=120, check=False)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(NEW, encoding="utf-8")
    (tmp_path / "same.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01binary")
    return tmp_path


ACCEPTED = [
    ["old.txt", "new.txt"],
    ["old.txt", "new.txt", "--format", "json"],
    ["--format=json", "old.txt", "new.txt", "--raw"],
    ["old.txt", "new.txt", "--format", "unified"],
    ["old.txt", "new.txt", "--format", "html", "--layout", "taisho", "--lang", "ja"],
    ["old.txt", "new.txt", "--format", "html", "--layout=side"],
    ["old.txt", "new.txt", "--color"],
    ["old.txt", "new.txt", "--no-color", "--format", "terminal"],
    ["old.txt", "new.txt", "--exit-code"],
    ["old.txt", "same.txt", "--exit-code", "--format", "json"],
]
DECLINED = [
    ["old.txt"],  # one file: click says what it wants
    ["old.txt", "new.txt", "third.txt"],
    ["old.txt", "missing.txt"],
    ["old.txt", "binary.bin"],  # imports fail: click reports the error
    ["old.txt", "new.txt", "--format", "yaml"],
    ["old.txt", "new.txt", "--format"],
    ["old.txt", "new.txt", "--format", "json", "--format", "html"],
    ["old.txt", "new.txt", "--color", "--no-color"],
    ["old.txt", "new.txt", "--lang", "--raw"],
    ["old.txt", "new.txt", "--help"],
    ["old.txt", "new.txt", "--frobnicate"],
    ["--", "old.txt", "new.txt"],
    ["old.txt", "binary.bin", "--exit-code"],
]


@pytest.mark.parametrize("args", ACCEPTED + DECLINED, ids=" ".join)
def test_same_output_and_status_as_click(files: Path, args: list[str]) -> None:
    fast, slow = _run(FAST, ["diff", *args], files), _run(CLICK, ["diff", *args], files)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


@pytest.mark.parametrize("args", ACCEPTED, ids=" ".join)
def test_accepted_command_lines_skip_click(files: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(files)
    assert parse_diff_args(args) is not None
    assert _run(PROBE, ["diff", *args], files).stderr.endswith(b"click=False")


@pytest.mark.parametrize("args", DECLINED, ids=" ".join)
def test_everything_else_goes_to_click(files: Path, args: list[str]) -> None:
    assert _run(PROBE, ["diff", *args], files).stderr.endswith(b"click=True")


def test_exit_codes(files: Path) -> None:
    assert _run(FAST, ["diff", "old.txt", "new.txt", "--exit-code"], files).returncode == 1
    assert _run(FAST, ["diff", "old.txt", "same.txt", "--exit-code"], files).returncode == 0
    failed = _run(FAST, ["diff", "old.txt", "binary.bin", "--exit-code"], files)
    assert failed.returncode == 2 and b"is binary" in failed.stderr


def test_settings_in_the_environment_go_to_click(files: Path) -> None:
    """click validates LEGISTRACK_* settings before any command: a bad one must still be reported."""
    env = {**_env(), "LEGISTRACK_LOCK_TIMEOUT": "soon"}
    args = ["diff", "old.txt", "new.txt"]
    fast, slow = _run(PROBE, args, files, env), _run(CLICK, args, files, env)
    assert fast.returncode == slow.returncode == 2 and fast.stderr.startswith(slow.stderr)
    assert fast.stderr.endswith(b"click=True")


def test_other_commands_go_to_click(files: Path) -> None:
    version = _run(PROBE, ["--version"], files)
    assert version.returncode == 0 and version.stdout.startswith(b"legistrack")
    assert version.stderr.endswith(b"click=True")


def test_closed_pipe_as_click(files: Path) -> None:
    """`legistrack diff A B | head -c 10`: the same status as click and no traceback."""
    big = "".join(f"第{n}条　必要な措置を講ずるものとする。\n" for n in range(1, 3000))
    (files / "big.txt").write_text(big, encoding="utf-8")
    statuses = []
    for cmd in (FAST, CLICK):
        line = " ".join(f"'{part}'" for part in [*cmd, "diff", "old.txt", "big.txt"])
        script = f"{line} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"
        proc = subprocess.run(["bash", "-c", script], cwd=files, capture_output=True, text=True, env=_env(), check=True)
        assert "Traceback" not in proc.stderr
        statuses.append(proc.stdout.strip())
    assert statuses[0] == statuses[1]


@pytest.mark.skipif(not REAL_DATA.is_dir(), reason="shared/real-data is not beside the checkout")
def test_real_uslm_pair_same_as_click(tmp_path: Path) -> None:
    pair = [str(REAL_DATA / "us-bills-uslm" / "hr2157-116" / name) for name in ("1-H2157_IH.XML", "2-h2157_enr.XML")]
    for fmt in ("json", "terminal"):
        fast = _run(FAST, ["diff", *pair, "--format", fmt], tmp_path)
        slow = _run(CLICK, ["diff", *pair, "--format", fmt], tmp_path)
        assert fast.returncode == slow.returncode == 0 and fast.stdout == slow.stdout
