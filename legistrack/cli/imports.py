"""import: one official text file, or a dataset (the Diet's bill tables, a law's revisions)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..textio import read_input
from ..vocab import FORMATS

if TYPE_CHECKING:
    pass

from .options import echo_json, json_option, note_rewritten, project_of


class _ImportGroup(click.Group):
    """`import FILE` converts one file; `import diet-bills DIR` (and the other datasets) import whole records.

    A first argument that names no dataset is `import file`'s: `legistrack import law.xml` and `legistrack import
    --format egov law.xml` work as they always have (only `--help` is the group's own)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["file", *args]
        return super().parse_args(ctx, args)


@click.group("import", cls=_ImportGroup)
def import_group() -> None:
    """Import official records: FILE (e-Gov or JLT law XML, USLM XML, plain text) as a stage text, or a dataset."""


@import_group.command("file")
@click.argument("file")
@click.option(
    "--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True, help="Input format."
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the text here (default stdout)."
)
def import_cmd(file: str, fmt: str, output: Path | None) -> None:
    """Convert FILE (e-Gov or JLT law XML, USLM XML, plain text; - for stdin) into a stage text."""
    from ..commands import imports as import_commands

    result = import_commands.import_file(read_input(file), "stdin" if file == "-" else os.path.basename(file), fmt)
    if output is None:
        click.echo(result.text, nl=False)
        return
    if output.exists():
        raise click.ClickException(f"{output} exists: choose another --output or remove it first")
    output.write_text(result.text, encoding="utf-8")
    click.echo(f"Wrote {output} ({FORMATS[result.format]}, {len(result.text)} characters)", err=True)


@import_group.command("diet-bills")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@json_option("the report")
@click.pass_context
def import_diet_bills(ctx: click.Context, directory: Path, as_json: bool) -> None:
    """Import every law bill of both Houses' bill tables in DIRECTORY (hc-gian-*.csv, hr-gian-*.csv) as packages."""
    from ..commands import imports as import_commands

    with contextlib.ExitStack() as stack:
        bars: dict[str, Any] = {}

        def progress(what: str, done: int, total: int) -> None:
            if not sys.stderr.isatty():
                return
            if what not in bars:
                bars[what] = stack.enter_context(click.progressbar(length=total, label=what, file=sys.stderr))
            bars[what].update(done - bars[what].pos)

        report = import_commands.import_diet_bills(project_of(ctx), directory, progress)
    if as_json:
        echo_json(report)
    else:
        for line in import_commands.report_lines(report):
            click.echo(line)
    note_rewritten(report.rewritten)


@import_group.command("legalize-jp")
@click.argument("repo", type=click.Path(file_okay=False, path_type=Path))
@click.option("--law", "laws", multiple=True, help="Only this law (its e-Gov id, e.g. 507AC0000000053); repeatable.")
@json_option("the report")
@click.pass_context
def import_legalize_jp(ctx: click.Context, repo: Path, laws: tuple[str, ...], as_json: bool) -> None:
    """Import every Act of REPO, a local clone of legalize-jp, as packages of their revisions (after the first
    import, only the laws that changed since)."""
    from ..commands import legalize

    report = legalize.import_legalize_jp(project_of(ctx), repo, laws)
    if as_json:
        echo_json(report)
    else:
        for line in legalize.report_lines(report):
            click.echo(line)
    note_rewritten(report.rewritten)


@import_group.command("law-history")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--bill", "bill_id", help="The package to write (default: the one with this egov_law_id, else jp-<law id>)."
)
@click.option(
    "--revisions",
    type=click.Path(dir_okay=False, path_type=Path),
    help="e-Gov's revision list of the law (law_revisions JSON of the API v2): names each amending act.",
)
@click.option(
    "--title-in",
    "titles",
    type=(str, str),
    multiple=True,
    metavar="LANG TEXT",
    help="The law's title in another language (the Japanese title comes from the files).",
)
@json_option("the report")
@click.pass_context
def import_law_history(
    ctx: click.Context,
    directory: Path,
    bill_id: str | None,
    revisions: Path | None,
    titles: tuple[tuple[str, str], ...],
    as_json: bool,
) -> None:
    """Import a law's revisions (a jp-law-history folder: versions.tsv and one Markdown file per e-Gov revision)
    as the stages of its package: one stage per revision, each naming the act that made it."""
    from ..commands import imports as import_commands
    from ..models import check_lang

    for lang, _text in titles:
        check_lang(lang)
    report = import_commands.import_law_history(project_of(ctx), directory, bill_id, revisions, dict(titles))
    if as_json:
        echo_json(report)
    else:
        for line in import_commands.law_history_lines(report):
            click.echo(line)
    note_rewritten(report.rewritten)
