"""ruff and mypy stay clean on the library; every command and option is in the README."""

from __future__ import annotations

import subprocess
import sys

import click

from legistrack.cli import cli

from .conftest import REPO


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", name, *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_clean() -> None:
    result = _tool("ruff", "check", "legistrack", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_clean() -> None:
    result = _tool("ruff", "format", "--check", "legistrack", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_clean() -> None:
    """The library and the tests, strict."""
    result = _tool("mypy", "legistrack", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{full} ")
    return out


def test_every_command_is_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in _commands(cli):
        assert f"legistrack {name}" in readme, f"README does not show `legistrack {name}`"
        assert command.help, f"`legistrack {name}` has no --help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"`legistrack {name}` option {param.opts[0]} has no help"


def test_readme_quick_start_matches_ci() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in ci.splitlines() if "pytest" in line)
    assert test_command.strip() in readme
