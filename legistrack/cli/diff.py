"""diff: two stages of a bill, two files, or a batch of pairs."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ..errors import LegistrackError
from ..textio import read_input
from ..vocab import DIFF_FORMATS, LAYOUTS

if TYPE_CHECKING:
    pass

from .options import project_of


class _DiffFailed(click.ClickException):
    exit_code = 2


def context_lines(ctx: click.Context, param: click.Parameter, value: str) -> int | None:
    """--context: a number of lines (0 to 10000), or all (None: whole units)."""
    if value.strip().lower() == "all":
        return None
    try:
        lines = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number of lines: give N (e.g. 3) or all") from None
    if not 0 <= lines <= 10_000:
        raise click.BadParameter(f"{lines} is not between 0 and 10000: give N (e.g. 3) or all")
    return lines


@click.command("diff")
@click.argument("args", nargs=-1, metavar="BILL FROM_STAGE TO_STAGE | OLD_FILE NEW_FILE")
@click.option(
    "--batch",
    "batch",
    default=None,
    metavar="FILE",
    help="Diff many pairs in one process: FILE (or -) has OLD<TAB>NEW per line; one JSON document each.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DIFF_FORMATS)),
    default="terminal",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--layout",
    type=click.Choice(list(LAYOUTS)),
    default="inline",
    show_default=True,
    help="HTML layout: inline redline, side by side, or taisho (新旧対照表).",
)
@click.option("--fragment", is_flag=True, help="With --format html: the bare markup to embed, not a whole page.")
@click.option("--raw", is_flag=True, help="Compare raw text: width, whitespace and punctuation variants count.")
@click.option("--lang", default=None, help="Language of the bill's text to compare (default: the first with text).")
@click.option("--color/--no-color", default=None, help="Colour the terminal format (default: when on a terminal).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the texts differ, 0 when identical (as git diff).")
@click.option(
    "--context",
    "context",
    callback=context_lines,
    default="3",
    show_default=True,
    metavar="N|all",
    help="Unchanged lines shown around each change in a unit (terminal, unified, html); all: whole units.",
)
@click.pass_context
def diff_cmd(
    ctx: click.Context,
    args: tuple[str, ...],
    batch: str | None,
    fmt: str,
    layout: str,
    fragment: bool,
    raw: bool,
    lang: str | None,
    color: bool | None,
    exit_code: bool,
    context: int | None,
) -> None:
    """Show what changed, article by article: between two stages of BILL, between two files, or many pairs."""
    from ..commands import diff as diff_commands

    if batch is not None:
        _diff_batch(batch, args, raw)
        return
    try:
        if len(args) == 3:
            result = diff_commands.diff_stages(project_of(ctx), args[0], args[1], args[2], lang, raw)
        elif len(args) == 2:
            for name in args:
                if name != "-" and not os.path.isfile(name):
                    raise click.BadParameter(f"{name} is not a file (for a bill, give BILL FROM_STAGE TO_STAGE)")
            result = diff_commands.diff_files(args[0], args[1], raw)
        else:
            raise click.UsageError("give BILL FROM_STAGE TO_STAGE, or OLD_FILE NEW_FILE, or --batch FILE")
    except (LegistrackError, click.ClickException) as exc:
        if not exit_code:
            raise
        # as git diff --exit-code: 1 means "the texts differ", so a failure must say something else
        raise _DiffFailed(str(exc.message if isinstance(exc, click.ClickException) else exc)) from None
    use_color = fmt == "terminal" and (sys.stdout.isatty() if color is None else color)
    out: str | bytes
    if fmt == "json":  # bytes, as orjson writes them (click writes bytes to the binary stream)
        from ..diff.render import render_json_bytes

        out = render_json_bytes(result)
    elif fmt == "html":
        from ..site.render import diff_page

        out = diff_page(result, layout, lang, fragment, context)
    else:
        from ..diff.render import render

        out = render(result, fmt, use_color, context)
    click.echo(out, nl=False, color=use_color)
    if exit_code and not result.identical:
        sys.exit(1)


def _diff_batch(batch: str, args: Sequence[str], raw: bool) -> None:
    from ..commands import diff as diff_commands

    if args:
        raise click.UsageError("--batch takes its pairs from FILE: give no other files")
    data = read_input(batch, f"--batch {batch}").decode("utf-8", "replace")
    failed = 0
    for result in diff_commands.diff_pairs(diff_commands.parse_pairs(data.splitlines()), raw):
        failed += bool(result.error)
        click.echo(diff_commands.jsonl(result))
    if failed:
        raise _DiffFailed(f"{failed} pair(s) could not be compared: their lines hold the error")
