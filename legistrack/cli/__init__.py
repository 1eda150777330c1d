"""The legistrack command line: the only package that imports click.

One module per group of commands (bills.py: new, stage, claim, timeline; store.py: sync, verify, export; diff.py;
site.py: build, serve; imports.py), the options several share in options.py; this module is the top group, which
turns errors into one line, and the list of commands.

Each command parses its options, calls one function of `legistrack.commands`, and prints what it returns; domain
errors become one-line `Error: ...` messages (exit 1), bad options click's usage errors with the fix (exit 2).
The top group loads a command's module when that command runs (click's documented lazy group: `COMMANDS` maps each
name to where it is defined), and each command imports its own module of `legistrack.commands` when it runs:
comparing two files loads the diff engine, not git, the package writer, the site templates or the other commands.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from typing import Any

import click

from .. import __version__
from ..errors import INTERRUPTED, LegistrackError, os_message
from .options import Settings, timeout_option

# click 8.2 on: a group called with no command raises this to print its help (8.1 printed it and exited).
_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _with_fix(exc: click.UsageError) -> click.UsageError:
    """Click's usage error on one line, with how to fix it: which command's --help names the options."""
    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "legistrack"
    message = " ".join(exc.format_message().split())  # click lists choices on lines of their own
    if isinstance(exc, click.MissingParameter):
        fix = f"add it; `{path} --help` describes every option"
    elif isinstance(exc, click.NoSuchOption):
        fix = f"`{path} --help` lists the options"
    elif isinstance(exc, click.BadParameter):
        fix = f"`{path} --help` shows what it takes"
    else:
        fix = f"`{path} --help` shows the usage"
    if isinstance(exc, (_UsageError, _NO_ARGS_IS_HELP)):
        return exc  # already one line; or a group called with nothing, which prints its help
    return _UsageError(f"{message.rstrip('.')}: {fix}", ctx)


class _UsageError(click.UsageError):
    """A usage error as every other error is shown: one line, `Error: <what>: <how to fix it>` (exit 2), without
    click's `Usage:` and `Try ... for help` lines above it."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


# Every command of the top group: its name, and the module of legistrack.cli and the attribute that define it.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("bills", "new"),
    "stage": ("bills", "stage"),
    "claim": ("bills", "claim"),
    "timeline": ("bills", "timeline_cmd"),
    "sync": ("store", "sync"),
    "verify": ("store", "verify"),
    "export": ("store", "export_group"),
    "diff": ("diff", "diff_cmd"),
    "build": ("site", "build_cmd"),
    "serve": ("site", "serve_cmd"),
    "import": ("imports", "import_group"),
}


class _Group(click.Group):
    """The top group: legistrack's errors become `Error: ...` and exit 1; usage errors name the --help to read.
    Its commands are loaded by name when used (`legistrack --help` loads them all to list their help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
            assert isinstance(command, click.Command) and command.name == cmd_name, cmd_name
            self.add_command(command)
        return self.commands.get(cmd_name)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:  # the global options (--lock-timeout x)
            raise _with_fix(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LegistrackError as exc:
            raise click.ClickException(str(exc)) from None
        except click.UsageError as exc:
            raise _with_fix(exc) from None
        except BrokenPipeError:  # `legistrack stage list BILL | head`: the reader has what it wanted
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout at exit
            sys.exit(141)
        except OSError as exc:  # what no layer below expected (a vanished folder, a full disk while reading)
            raise click.ClickException(
                os_message(exc, "check the path, its permissions and the free disk space, then retry")
            ) from None
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)


@click.group(cls=_Group)
@click.version_option(version=__version__, prog_name="legistrack")
@click.option(
    "--bills",
    "bills_dir",
    type=click.Path(file_okay=False),
    envvar="LEGISTRACK_BILLS",
    help="Directory of bill packages (default ./bills; env LEGISTRACK_BILLS).",
)
@click.option(
    "--store",
    type=click.Path(),
    envvar="LEGISTRACK_STORE",
    help="The git store (default .legistrack/store.git beside bills/; env LEGISTRACK_STORE).",
)
@click.option(
    "--lock-timeout",
    type=float,
    default=10.0,
    callback=timeout_option,
    envvar="LEGISTRACK_LOCK_TIMEOUT",
    show_default=True,
    help="Seconds to wait for another legistrack command that is writing.",
)
@click.pass_context
def cli(ctx: click.Context, bills_dir: str | None, store: str | None, lock_timeout: float) -> None:
    """Track a bill through its stages: each stage is a commit in a git store, with its date and sources."""
    ctx.obj = Settings(bills_dir, store, lock_timeout)


def main() -> None:
    """Entry point of the legistrack console script."""
    cli(prog_name="legistrack")
