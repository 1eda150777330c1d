"""The console script's entry point: `legistrack diff OLD_FILE NEW_FILE` runs without loading click.

Importing click costs 40-60 ms on this machine (it imports inspect, ast, uuid and platform), a quarter of a whole
`legistrack diff` of a real bill (bench/diff_scale.py), and the diff of two files is the command that scripts run
in loops. So for that one command this module reads the command line itself, accepting only the plain forms that
`legistrack diff --help` documents: two existing files and each option at most once. Everything else (another
command, --help, an option it does not know, a file that does not import, a legistrack setting in the
environment) goes to click, which parses the whole command line again and reports any error as usual.
tests/cli/test_launch.py checks that both paths print the same bytes and exit with the same status.
"""

from __future__ import annotations

import codecs
import gc
import os
import sys

from .errors import INTERRUPTED, LegistrackError
from .vocab import DIFF_FORMATS, LAYOUTS

_CHOICES: dict[str, tuple[str, ...] | None] = {"--format": DIFF_FORMATS, "--layout": LAYOUTS, "--lang": None}
# Global options read from the environment: click validates them before any command runs.
_SETTINGS = ("LEGISTRACK_BILLS", "LEGISTRACK_STORE", "LEGISTRACK_LOCK_TIMEOUT")


def main() -> None:
    """Entry point of the legistrack console script."""
    args = sys.argv[1:]
    if args[:1] == ["diff"]:
        status = _fast_diff(args[1:])
        if status is not None:
            sys.exit(status)
    from .cli import main as click_main

    click_main()


def parse_diff_args(args: list[str]) -> tuple[list[str], dict[str, str]] | None:
    """The files and options of `diff OLD_FILE NEW_FILE [options]`, or None for anything click must handle.

    Options are keyed by their long name; flags have the value "on" ("off" for --no-color, kept as --color).
    """
    files: list[str] = []
    options: dict[str, str] = {}
    rest = iter(args)
    for arg in rest:
        if not arg.startswith("-"):
            files.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name in _CHOICES:
            if not eq:
                value = next(rest, "")
            choices = _CHOICES[name]
            if not value or value.startswith("-") or (choices is not None and value not in choices):
                return None
        elif arg in ("--color", "--no-color"):
            name, value = "--color", "on" if arg == "--color" else "off"
        elif arg in ("--raw", "--exit-code"):
            value = "on"
        else:
            return None
        if name in options:
            return None  # repeated: click decides which one counts
        options[name] = value
    if len(files) != 2 or not all(os.path.isfile(name) for name in files):
        return None
    return files, options


def _fast_diff(args: list[str]) -> int | None:
    """Run `diff OLD_FILE NEW_FILE` and return its exit status, or None to let click run the command."""
    parsed = parse_diff_args(args)
    if parsed is None or any(name in os.environ for name in _SETTINGS):
        return None
    if codecs.lookup(sys.stdout.encoding or "ascii").name != "utf-8":
        return None  # click re-wraps a misconfigured stream; leave that to it
    files, options = parsed
    # A diff makes no reference cycles worth collecting, and the process ends with it: the collector's passes over
    # the modules being imported and the tokens cost 4 % of the command (callgrind).
    gc.disable()
    try:
        from .compare import diff_files
        from .diff.render import render

        result = diff_files(files[0], files[1], "--raw" in options)
        fmt = options.get("--format", "terminal")
        color = options.get("--color")
        use_color = fmt == "terminal" and (sys.stdout.isatty() if color is None else color == "on")
        out = render(result, fmt, options.get("--layout", "inline"), options.get("--lang"), use_color)
    except (LegistrackError, OSError):
        gc.enable()
        return None  # click runs the command again and reports the error in its words
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:  # as click: the reader went away (| head); exit 1 without a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 1 if "--exit-code" in options and not result.identical else 0
