"""The store against bills/: sync, verify, export sqlite."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..project import SyncReport

from .options import echo_json, json_option, note_rewritten, progress, project_of


@click.command()
@click.option("--prune", is_flag=True, help="Also delete store branches and tags of bills no longer in bills/.")
@json_option("the report")
@click.pass_context
def sync(ctx: click.Context, prune: bool, as_json: bool) -> None:
    """Build or update the store from bills/: one branch per bill, a commit and a tag per stage."""
    from ..commands import store as store_commands

    report = store_commands.sync(project_of(ctx), prune)
    if as_json:
        echo_json(report)
    else:
        print_sync(report)
        click.echo(f"store: {report.store}")
    note_rewritten(report.rewritten)


def print_sync(report: SyncReport) -> None:
    unchanged = 0
    for bill_id, info in report.bills.items():
        if not info["refs_changed"]:
            unchanged += 1
            continue
        head = (info["head"] or "")[:12]
        click.echo(f"{bill_id}: {info['stages']} stages, head {head or '-'}, {info['refs_changed']} refs updated")
    if unchanged:
        click.echo(f"{unchanged} bill(s) already in the store as they are in bills/")
    for orphan in report.orphans:
        click.echo(f"warning: the store has bill {orphan!r} that is not in bills/ (kept; --prune deletes it)", err=True)
    for pruned in report.pruned:
        click.echo(f"pruned {pruned}")


@click.command()
@json_option("the report")
@click.pass_context
def verify(ctx: click.Context, as_json: bool) -> None:
    """Check the store against bills/: commit ids, tags, text SHA-256s and git fsck. Exit 1 on a problem."""
    from ..commands import store as store_commands

    report = store_commands.verify(project_of(ctx))
    if as_json:
        echo_json({"ok": report.ok, "store": report.store, "problems": report.problems, "checked": report.checked})
    else:
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        c = report.checked
        state = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        click.echo(f"{state}: {c['bills']} bills, {c['stages']} stages, {c['texts']} texts checked in {report.store}")
    if not report.ok:
        sys.exit(1)


@click.group("export")
def export_group() -> None:
    """Export the record for other tools: the whole store as one SQLite database."""


@export_group.command("sqlite")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def export_sqlite_cmd(ctx: click.Context, out: Path, as_json: bool) -> None:
    """Write every bill of the store to OUT (a .db file Datasette opens) and its metadata to OUT.metadata.json."""
    from ..commands import export as export_commands

    with contextlib.ExitStack() as stack:
        report = export_commands.export_sqlite(project_of(ctx), out, progress=progress(stack, "Exporting"))
    if as_json:
        click.echo(json.dumps(report.__dict__, ensure_ascii=False, indent=2))
        return
    counts = ", ".join(f"{n} {table}" for table, n in report.rows.items())
    click.echo(f"Exported {report.bills} bills to {report.out}: {counts}")
    click.echo(f"Datasette: datasette {report.out} -m {report.metadata}")
