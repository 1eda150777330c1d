"""Fixtures: real temporary projects and git stores, never mocks of git."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import filelock
import pytest
from click.testing import CliRunner, Result

from legistrack.cli import cli

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "bills"
REAL_DATA = REPO.parent / "shared" / "real-data"

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def check_golden(path: Path, text: str) -> None:
    """Compare with a golden file; LEGISTRACK_UPDATE_GOLDENS=1 rewrites it instead."""
    import os

    if os.environ.get("LEGISTRACK_UPDATE_GOLDENS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden {path}: run with LEGISTRACK_UPDATE_GOLDENS=1"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from its golden file"


def npm_tools() -> bool:
    """The pinned npm tools of the HTML and accessibility checks (package-lock.json): installed on first use with
    `npm ci --ignore-scripts` (vnu-jar's own install script would fetch a Java runtime), so the README's test
    command runs these checks on a fresh machine too. False only where npm itself is missing."""
    import os

    wanted = [REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar", REPO / "node_modules" / "axe-core"]
    if all(p.exists() for p in wanted):
        return True
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("npm is missing: .ci/run installs nodejs and npm", pytrace=False)
        return False
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"npm ci failed: {(result.stderr or result.stdout).strip()[:500]}", pytrace=False)
    return all(p.exists() for p in wanted)


needs_real_data = pytest.mark.skipif(not REAL_DATA.is_dir(), reason="shared/real-data is not beside the checkout")


def snapshot(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root (relative path -> hash); refs of a store included as files."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def store_refs(store: Path) -> str:
    if not store.exists():
        return ""
    out = subprocess.run(
        ["git", "--git-dir", str(store), "for-each-ref", "--format=%(refname) %(objectname)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout


class Project:
    """A project directory with bills/ and a store, driven through the real CLI."""

    def __init__(self, root: Path):
        self.root = root
        self.bills = root / "bills"
        self.store = root / "store.git"
        self.runner = CliRunner()

    def run(self, *args: str, input: str | bytes | None = None, ok: bool = True) -> Result:
        result = self.runner.invoke(
            cli, ["--bills", str(self.bills), "--store", str(self.store), *args], input=input, catch_exceptions=False
        )
        if ok and result.exit_code != 0:
            raise AssertionError(f"legistrack {' '.join(args)} failed ({result.exit_code}):\n{result.output}")
        return result

    def state(self) -> tuple[dict[str, str], str]:
        """Everything a failed command must leave unchanged: every file in bills/ and the store's refs."""
        return snapshot(self.bills), store_refs(self.store)

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.store), *args], capture_output=True, text=True, check=True
        ).stdout


def _build_bundled(root: Path) -> None:
    shutil.copytree(BUNDLED, root / "bills")
    p = Project(root)
    p.run("sync")
    p.run("build", "--out", str(root / "out"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The bundled bills synced and built once per test run; returns the site directory of this worker's own copy
    (its bills/, store and site: tests may write beside them). Under pytest-xdist the first worker builds and the
    others copy what it built, as xdist's documentation shows for a session fixture that must run once: a build of
    the bundled bills is the suite's costliest step, and two workers building it at once slowed both."""
    root = tmp_path_factory.mktemp("built")
    if worker_id == "master":
        _build_bundled(root)
        return root / "out"
    shared = tmp_path_factory.getbasetemp().parent / "built-once"
    with filelock.FileLock(f"{shared}.lock"):
        if not shared.exists():
            partial = shared.with_name("built-once.partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            _build_bundled(partial)
            partial.rename(shared)
    shutil.copytree(shared, root, symlinks=True, dirs_exist_ok=True)
    return root / "out"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty project."""
    (tmp_path / "bills").mkdir()
    return Project(tmp_path)


@pytest.fixture
def bundled(tmp_path: Path) -> Project:
    """A copy of the bundled bills, synced into a fresh store."""
    shutil.copytree(BUNDLED, tmp_path / "bills")
    p = Project(tmp_path)
    p.run("sync")
    return p


@pytest.fixture
def demo(project: Project) -> Project:
    """A small two-language bill with three stages, one with text."""
    project.run(
        "new",
        "demo",
        "--title",
        "Demo Act",
        "--title-in",
        "ja",
        "デモ法",
        "--language",
        "ja",
        "--language",
        "en",
        "--timezone",
        "Asia/Tokyo",
    )
    project.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "cabinet-decision",
        "--date",
        "2025-02-28",
        "--title",
        "Cabinet decision",
        "--source",
        "https://example.org/cabinet",
    )
    text = project.root / "v1.txt"
    text.write_text("第一条　この法律は、必要な措置を講ずるものとする。\n", encoding="utf-8")
    project.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "plenary-vote",
        "--date",
        "2025-04-24",
        "--title",
        "House passes",
        "--source",
        "https://example.org/vote",
        "--text",
        str(text),
        "--lang",
        "ja",
    )
    project.run(
        "stage",
        "add",
        "demo",
        "--kind",
        "enacted",
        "--date",
        "2025-05-28",
        "--title",
        "Enacted",
        "--source",
        "https://example.org/enacted",
        "--same-text",
        "--reason",
        "passed without amendment",
    )
    return project


Runner = Callable[..., Result]
