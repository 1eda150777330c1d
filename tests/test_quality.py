"""ruff and mypy stay clean on the library; its layers import only downwards; files and functions stay small; every
command and option is in docs/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        full = f"{prefix}{name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{full} ")
    return out


def test_every_command_is_documented() -> None:
    reference = "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    for name, command in _commands(cli):
        assert f"legistrack {name}" in reference, f"docs/ does not show `legistrack {name}`"
        assert command.help, f"`legistrack {name}` has no --help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"`legistrack {name}` option {param.opts[0]} has no help"


def test_readme_quick_start_matches_ci() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in ci.splitlines() if "pytest" in line)
    assert test_command.strip() in readme


# The package's layers, lowest first: a module imports only from its own part and from lower layers (bills/ ->
# packages -> store -> diff -> views -> site output, as the README draws it), never back up.
LAYERS = [
    {"errors", "vocab", "numerals", "terms", "patterns", "codedigest", "workers"},  # workers: process plumbing
    {"textio"},
    {"dates"},
    {"models"},
    {"schema"},
    {"diff"},
    {"importers"},  # what every text format shares
    {"jurisdictions"},  # each legislature's formats and datasets
    {"views", "timeline", "implementation"},
    {"packages"},
    {"store"},
    {"project", "manifests", "export", "site"},
    {"publish", "datasets"},  # the build's steps, its keys, the database, the preview server; a dataset import
    {"commands"},
    {"cli", "__init__"},
    {"__main__"},
]
# Libraries that one place alone may import: git through the store, click at the edge, templates in the site.
ONLY_IN = {
    "git": ("store/repo.py", "store/laws.py"),
    "click": ("cli/",),
    "jinja2": ("site/",),
    "markupsafe": ("site/",),
    "sqlite_utils": ("export/sqlite.py",),
}


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, as an absolute dotted name (relative imports resolved)."""
    package = list(path.relative_to(REPO).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                out.append(".".join([*base, node.module] if node.module else base))
            else:
                out.append(node.module or "")
    return out


def _part(path: Path) -> str:
    """The part of the package a file belongs to: legistrack/site/build.py -> site, legistrack/cli/diff.py -> cli."""
    rel = path.relative_to(REPO / "legistrack").parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


def test_layers_import_only_downwards() -> None:
    layer = {part: n for n, parts in enumerate(LAYERS) for part in parts}
    wrong = []
    for path in sorted((REPO / "legistrack").rglob("*.py")):
        mine = _part(path)
        assert mine in layer, f"{path}: add its part {mine!r} to a layer of LAYERS"
        for name in _imports(path):
            top, *rest = name.split(".")
            if top == "legistrack" and rest:
                theirs = rest[0] if rest[0] in layer else "__init__"
                if theirs != mine and layer[theirs] >= layer[mine]:
                    wrong.append(f"{path.relative_to(REPO)} imports {name} (layer {layer[theirs]} >= {layer[mine]})")
            elif top in ONLY_IN:
                rel = path.relative_to(REPO / "legistrack").as_posix()
                if not rel.startswith(ONLY_IN[top]):
                    wrong.append(f"{path.relative_to(REPO)} imports {top}, which only {ONLY_IN[top]} may import")
    assert not wrong, "\n".join(wrong)


# How big a piece of the package may grow before it is split: a file a reader can hold, a function that does one
# thing, and commands that only call the core (thin: parse nothing, call once or twice, return a report).
MAX_FILE_LINES = 800
MAX_FUNCTION_LINES = 100
MAX_COMMAND_LINES = 40


def test_files_and_functions_stay_small() -> None:
    too_big = []
    for path in sorted((REPO / "legistrack").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_FILE_LINES:
            too_big.append(f"{rel}: {text.count(chr(10))} lines (at most {MAX_FILE_LINES}): split it")
        limit = MAX_COMMAND_LINES if rel.startswith("legistrack/commands/") else MAX_FUNCTION_LINES
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    too_big.append(f"{rel}:{node.lineno} {node.name}: {lines} lines (at most {limit})")
    assert not too_big, "\n".join(too_big)
