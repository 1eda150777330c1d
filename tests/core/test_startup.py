"""What `legistrack diff` of two files loads: its own command and the engine, not the other commands, git, the site
or the patterns of languages the texts are not in (issue 30's fixed cost: import only what the command uses, compile
patterns when first needed)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from legistrack.patterns import Pattern

_PROBE = """
import json, sys
from legistrack.cli import main
from legistrack.diff import structure, tokens
sys.argv = ["legistrack", "diff", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
compiled = sorted(
    name for module in (structure, tokens) for name, value in vars(module).items()
    if type(value).__name__ == "Pattern" and "_compiled" in value.__dict__
)
print(json.dumps({"modules": sorted(sys.modules), "compiled": compiled}), file=sys.stderr)
"""


def _loaded(tmp_path: Path, old: str, new: str) -> dict[str, list[str]]:
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(a), str(b), "--format", "json"], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout)["stats"]["modified"] == 1
    loaded: dict[str, list[str]] = json.loads(done.stderr.strip().splitlines()[-1])
    return loaded


def test_diff_of_two_files_loads_only_its_command_and_the_engine(tmp_path: Path) -> None:
    old, new = "第一条　この法律は、公布の日から施行する。\n", "第一条　この法律は、公布の日から起算して施行する。\n"
    loaded = _loaded(tmp_path, old, new)
    modules = set(loaded["modules"])
    assert {"legistrack.cli.diff", "legistrack.commands.diff", "legistrack.diff.engine"} <= modules
    for other in ("bills", "store", "site", "imports"):
        assert f"legistrack.cli.{other}" not in modules, other
    for heavy in ("git", "jinja2", "legistrack.store", "legistrack.site", "legistrack.models", "sqlite3"):
        assert heavy not in modules, heavy
    # a Japanese text needs the Japanese heads and the tokenizer; no Korean, German or US heading was compiled
    compiled = set(loaded["compiled"])
    assert {"_JA_ARTICLE", "_TOKEN"} <= compiled
    assert not {name for name in compiled if re.match(r"_(KO|EN|DE|MD)_", name)}, compiled


def test_the_top_group_lists_and_loads_every_command() -> None:
    from click.testing import CliRunner

    from legistrack.cli import COMMANDS, cli

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^  {name}\b", result.output, re.M), name
    unknown = CliRunner().invoke(cli, ["difff"])
    assert unknown.exit_code == 2 and "No such command 'difff'" in unknown.output


def test_a_lazy_pattern_is_the_compiled_one_from_its_first_use() -> None:
    pattern = Pattern(r"第(\d+)条")
    assert "_compiled" not in pattern.__dict__  # nothing compiled at definition
    assert pattern.pattern == r"第(\d+)条" and repr(pattern) == "Pattern('第(\\\\d+)条')"
    found = pattern.match("第12条")
    assert found is not None and found.group(1) == "12"
    assert pattern.compiled is pattern.__dict__["_compiled"] and pattern.compiled.pattern == pattern.pattern
    # bound once: later calls reach the compiled pattern's methods directly
    assert pattern.__dict__["match"] == pattern.compiled.match
    assert pattern.sub("x", "第1条と第2条") == "xとx"
    assert [m.group(1) for m in pattern.finditer("第1条、第2条")] == ["1", "2"]
    assert pattern.split("a第1条b") == ["a", "1", "b"]
    assert Pattern(rb"\xc2[\x80-\x9f]").search(b"a\xc2\x85") is not None  # bytes patterns too
    assert Pattern("a", re.I).fullmatch("A") is not None  # flags kept
    with pytest.raises(AttributeError, match="no attribute 'nosuch'"):
        pattern.nosuch  # noqa: B018


def test_a_bad_lazy_pattern_fails_at_its_first_use_with_re_s_error() -> None:
    pattern = Pattern("(unclosed")
    with pytest.raises(re.error):
        pattern.match("x")


def test_every_lazy_pattern_of_the_package_compiles() -> None:
    """Compiling at first use must not hide a broken pattern until a reader's text reaches it: each one compiles."""
    import importlib
    import pkgutil

    import legistrack

    patterns = 0
    for info in pkgutil.walk_packages(legistrack.__path__, "legistrack."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, Pattern):
                assert isinstance(value.compiled, re.Pattern)
                patterns += 1
    assert patterns >= 40
