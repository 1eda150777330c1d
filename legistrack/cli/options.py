"""What several commands share: option bundles, option checks, the project a command works on, JSON output."""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from ..errors import InvalidDate

if TYPE_CHECKING:
    from ..models import Localized, Source
    from ..project import Project


STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True},
    "date": {"fg": "cyan", "bold": True},
    "heading": {"bold": True},
    "dim": {"dim": True},
    "warn": {"fg": "yellow"},
    "plain": {},
}


def recover_clone(bill: str) -> str:
    """What brings a clone of a bill's branch in step after the branch was rewritten (README shows it too)."""
    return (
        f"git fetch --force origin '+refs/heads/{bill}:refs/remotes/origin/{bill}' "
        f"'+refs/tags/{bill}/*:refs/tags/{bill}/*' && git reset --hard origin/{bill}"
    )


def note_rewritten(rewritten: Mapping[str, Sequence[str]], shown: int = 3) -> None:
    """A write that replaced published commits (project.rewritten): say so on stderr, bill by bill for a few, with
    what a clone made before must run; for more, how many and where the whole list is (--json: `rewritten`)."""
    for bill, stages in list(rewritten.items())[:shown]:
        click.echo(
            f"note: this rewrote the branch {bill} from {stages[0]} on ({len(stages)} stage(s) got new commits); "
            f"a clone made before it must run: {recover_clone(bill)}",
            err=True,
        )
    if len(rewritten) > shown:
        click.echo(
            f"note: and the published history of {len(rewritten) - shown} more bill(s) (--json lists them under "
            "`rewritten`); a clone of any of them made before must run the same, with its bill id",
            err=True,
        )


def json_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--json: print what the command returns as JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {what} as JSON.")


def echo_json(data: Any) -> None:
    import json

    from ..views import jsonable

    click.echo(json.dumps(jsonable(data), ensure_ascii=False, indent=2))


class NamedChoice(click.Choice):  # type: ignore[type-arg]
    """A choice among many names (the thirty stage kinds): a wrong one is answered with the closest few, in one
    short line, not with every name there is."""

    def __init__(self, choices: Sequence[str], what: str) -> None:
        super().__init__(list(choices))
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        import difflib

        names = [str(c) for c in self.choices]
        close = difflib.get_close_matches(str(value), names, n=3, cutoff=0.6)
        hint = f" (closest: {', '.join(close)})" if close else ""
        self.fail(f"{value!r} is not one of the {len(names)} {self.what}s{hint}", param, ctx)


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from ..dates import check_plausible, parse_date

    try:
        check_plausible(parse_date(value))
    except InvalidDate as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def dates_option(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v for v in (date_option(ctx, param, x) for x in values) if v is not None)


def timeout_option(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise click.BadParameter(f"{value} is not a number of seconds: give 0 or more, e.g. 10")
    return value


def sources(*options: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def apply(f: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            f = option(f)
        return f

    return apply


TITLE_IN = click.option(
    "--title-in", "title_in", nargs=2, multiple=True, metavar="LANG TEXT", help="The title in another language."
)


SOURCES = sources(
    click.option(
        "--source", "sources", required=True, multiple=True, metavar="URL", help="Where this is recorded (repeatable)."
    ),
    click.option("--source-title", "source_titles", multiple=True, help="Title of the n-th --source."),
    click.option("--source-publisher", "source_publishers", multiple=True, help="Publisher of the n-th --source."),
    click.option(
        "--source-date", "source_dates", multiple=True, callback=dates_option, help="Date of the n-th --source."
    ),
)


class Settings(NamedTuple):
    """The top group's options, as given (paths as strings: a diff of two files needs no pathlib)."""

    bills_dir: str | None
    store: str | None
    lock_timeout: float


def project_of(ctx: click.Context) -> Project:
    from ..project import Project

    settings = ctx.find_object(Settings)
    assert settings is not None
    return Project.locate(settings.bills_dir, settings.store, settings.lock_timeout)


def localized(primary: str, lang: str, extra: Sequence[tuple[str, str]]) -> Localized:
    from ..models import Localized  # the domain model only for the commands that write it

    values = {lang: primary} if primary else {}
    values.update(dict(extra))
    return Localized.of(values)


def prose(value: str, extra: Sequence[tuple[str, str]] = (), lang: str = "en") -> Localized:
    """Words given on the command line: as written; with the same in other languages (--reason-in ja TEXT), the
    words given are in `lang` (--title-lang)."""
    from ..models import Localized, check_lang

    if not extra:
        return Localized.written(value.strip())
    values = {lang: value.strip()} if value.strip() else {}
    for code, text in extra:
        check_lang(code)
        values[code] = text.strip()
    return Localized.of(values)


def paired_provisions(
    provisions: Sequence[str], translations: Sequence[tuple[str, str]], lang: str
) -> tuple[Localized, ...]:
    """The n-th --provision-in of each language goes with the n-th --provision."""
    by_lang: dict[str, list[str]] = {}
    for code, text in translations:
        by_lang.setdefault(code, []).append(text)
    for code, texts in by_lang.items():
        if len(texts) > len(provisions):
            raise click.BadParameter(
                f"{len(texts)} given in {code} for {len(provisions)} --provision: the n-th --provision-in {code} goes "
                "with the n-th --provision, so give at most one of each language for each (in the same order)",
                param_hint="--provision-in",
            )
    return tuple(
        prose(text, [(code, texts[i]) for code, texts in by_lang.items() if i < len(texts)], lang)
        for i, text in enumerate(provisions)
    )


def paired_sources(opts: dict[str, Any]) -> tuple[Source, ...]:
    """The n-th --source-title, --source-publisher and --source-date go with the n-th --source."""
    from ..models import Source

    urls = opts["sources"]
    for option, key in (
        ("--source-title", "source_titles"),
        ("--source-publisher", "source_publishers"),
        ("--source-date", "source_dates"),
    ):
        if len(opts[key]) > len(urls):
            raise click.BadParameter(
                f"{len(opts[key])} given for {len(urls)} --source: the n-th {option} goes with the n-th --source, "
                "so give at most one for each (in the same order)",
                param_hint=option,
            )

    from ..dates import parse_date

    def nth(key: str, i: int) -> str:
        values = opts[key]
        return str(values[i]) if i < len(values) else ""

    return tuple(
        Source(
            url=url,
            title=prose(nth("source_titles", i)),
            publisher=prose(nth("source_publishers", i)),
            date=parse_date(nth("source_dates", i)) if nth("source_dates", i) else None,
        )
        for i, url in enumerate(urls)
    )


def progress(stack: contextlib.ExitStack, label: str = "Building") -> Callable[[int], Callable[[], None]]:
    def progress(total: int) -> Callable[[], None]:
        # A bar only on a terminal: logs and pipes get the one-line result.
        if not sys.stderr.isatty():
            return lambda: None
        bar = stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr))
        return lambda: bar.update(1)

    return progress
