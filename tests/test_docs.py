"""Every example in the README and in docs/ is real: each `$ ...` line of a code block is run, in the order a reader
would run it, on a copy of the bundled bills, and each line of output the example shows must be in what it prints.

A line with an ellipsis (… or ...) is abridged: its pieces must appear in that order in one line of the output (or,
for JSON, of the output written on one line). A block of a file runs in the same folder as the blocks above it, so
`new` then `stage add` then `stage list` read as a session. The few examples that cannot run here say why in
NOT_RUN, and where they are checked instead.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import BUNDLED, REAL_DATA, REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SHOWN_ROOT = "/work/main"  # the folder the examples were run in, as their output shows it

# Examples that cannot run in a test, by the start of their command, with where they are checked instead.
NOT_RUN = {
    "legistrack serve": "it serves until stopped: tests/site/test_serve.py runs it",
    "git clone --bare https://<host>/": "it needs the published site's host: tests/site/test_build.py clones a build",
    "legistrack --store record.git build": "it follows that clone: tests/site/test_build.py rebuilds from a clone",
    "legistrack import diet-bills ../shared/real-data/jp-diet-bills": (
        "the whole tables take a minute: tests/cli/test_diet.py imports picked rows, bench/diet_bench.py all"
    ),
    'sqlite-utils legistrack.db "SELECT s.house, s.committee': "it asks the database of the whole Diet import",
    "legistrack stage list jp-208-": "it lists a bill of the whole Diet import (above)",
    "legistrack stage list jp-204-": "it lists a bill of the whole Diet import (above)",
    "legistrack claim add jp-ai-promotion-act 07-enacted": (
        "it shows how a claim the bundled bill holds was added: tests/cli/test_claims.py adds claims"
    ),
}
# A file whose examples start with the store built: those that do not show `sync` or `build` first.
STARTS_SYNCED = ("sync", "build")


@dataclass(frozen=True)
class Example:
    doc: str
    line: int
    command: str
    shown: tuple[str, ...]


def examples(path: Path) -> list[Example]:
    """The `$ ...` commands of the code blocks of a Markdown file, each with the output lines it shows."""
    out: list[Example] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    in_block = False
    command: list[str] = []
    start = 0
    shown: list[str] = []

    def close() -> None:
        if command:
            out.append(Example(path.name, start, " ".join(command), tuple(shown)))

    for n, line in enumerate(lines, 1):
        if line.startswith("```"):
            if in_block:
                close()
                command, shown = [], []
            in_block = not in_block
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            close()
            command, shown, start = [line[2:].rstrip("\\").strip()], [], n
        elif command and not shown and (lines[n - 2].endswith("\\") or not _complete(" ".join(command))):
            command.append(line.rstrip("\\").strip())
        elif command:
            shown.append(line)
    return out


def _complete(command: str) -> bool:
    """Whether a command's quotes are closed (an SQL query may run over several lines inside them)."""
    try:
        shlex.split(command)
    except ValueError:
        return False
    return True


def _pieces(line: str) -> list[str]:
    return [p.strip() for p in re.split(r"…|\.\.\.", line) if p.strip()]


def _one_line_json(output: str) -> str:
    try:
        return json.dumps(json.loads(output), ensure_ascii=False)
    except ValueError:
        return ""


def missing(example: Example, output: str, root: Path) -> list[str]:
    """The lines the example shows that its command did not print."""
    printed = output.splitlines()
    flat = _one_line_json(output)
    absent = []
    for line in example.shown:
        want = line.replace(SHOWN_ROOT, str(root)).rstrip()
        if not want.strip() or want.strip() in ("...", "…"):
            continue
        pieces = _pieces(want)
        if len(pieces) == 1 and pieces[0] == want.strip():
            if want not in printed and want.strip() not in (p.strip() for p in printed):
                absent.append(line)
        elif not any(_in_order(pieces, candidate) for candidate in [*printed, flat]):
            absent.append(line)
    return absent


def _in_order(pieces: list[str], text: str) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the bundled bills, ../shared/real-data beside it as in a checkout, and legistrack on PATH."""
    base = tmp_path_factory.mktemp("docs")
    if REAL_DATA.is_dir():
        (base / "shared").symlink_to(REAL_DATA.parent)
    return base


def _run(command: str, cwd: Path) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("LEGISTRACK_BILLS", None)
    env.pop("LEGISTRACK_STORE", None)
    result = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    return result.stdout + result.stderr


def test_examples_are_found() -> None:
    found = {path.name: examples(path) for path in DOCS}
    assert len(found["README.md"]) >= 5 and len(found["commands.md"]) >= 15
    assert all(e.command for es in found.values() for e in es)


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS, ids=[p.name for p in DOCS])
def test_every_example_prints_what_it_shows(doc: Path, workspace: Path) -> None:
    if not REAL_DATA.is_dir():
        pytest.skip("the examples import from ../shared/real-data, which is not beside this checkout")
    root = workspace / doc.stem
    shutil.copytree(BUNDLED, root / "bills")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    found = examples(doc)
    if found and not found[0].command.startswith(tuple(f"legistrack {c}" for c in STARTS_SYNCED)):
        _run("legistrack sync", root)  # the store the examples read, built first
    wrong = []
    for example in found:
        if any(example.command.startswith(start) for start in NOT_RUN):
            continue
        output = _run(example.command, root)
        absent = missing(example, output, root)
        if absent:
            wrong.append(
                f"{example.doc}:{example.line} `{example.command}` did not print:\n  "
                + "\n  ".join(absent)
                + "\nit printed:\n  "
                + "\n  ".join(output.splitlines()[:40])
            )
    assert not wrong, "\n\n".join(wrong)
