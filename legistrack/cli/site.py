"""The site: build and serve."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    pass

from .options import note_rewritten, progress, project_of
from .store import print_sync

OUT = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output directory (default: site/ beside bills/).",
)


@click.command("build")
@OUT
@click.option(
    "--source-date-epoch",
    type=click.IntRange(0, 253402300799),
    envvar="SOURCE_DATE_EPOCH",
    default=None,
    help="Build time for reproducible builds (env SOURCE_DATE_EPOCH; default: latest stage).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Build every page and the database again, even when nothing changed: nothing of an earlier build is reused.",
)
@click.pass_context
def build_cmd(ctx: click.Context, out: Path | None, source_date_epoch: int | None, force: bool) -> None:
    """Build the static site from the store (syncing bills/ first): timelines, texts, diffs, feeds, JSON, a clone."""
    from ..commands import site as site_commands

    with contextlib.ExitStack() as stack:
        report = site_commands.build(project_of(ctx), out, source_date_epoch, force, progress(stack))
    if report.synced is not None and report.synced.changed:
        print_sync(report.synced)
        note_rewritten(report.synced.rewritten)
    for bill_id in report.waiting:
        click.echo(f"note: {bill_id} has no stage yet; it appears on the site with its first stage (stage add)")
    if report.up_to_date:
        click.echo(f"Up to date: {report.pages} pages for {len(report.bills)} bills in {report.out} (--force rebuilds)")
    else:
        click.echo(f"Built {report.pages} pages for {len(report.bills)} bills in {report.out}")


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@OUT
@click.pass_context
def serve_cmd(ctx: click.Context, port: int, out: Path | None) -> None:
    """Preview the site on 127.0.0.1 and sync and rebuild it whenever bills/ changes."""
    from ..commands import site as site_commands

    project = project_of(ctx)
    with contextlib.suppress(KeyboardInterrupt):
        site_commands.serve(project, out or project.root / "site", port, report=click.echo)
    click.echo("stopped")
